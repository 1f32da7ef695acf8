#!/usr/bin/env python3
"""A misbehaving adapter, for testing that evsim survives what adapters do wrong.

It speaks the wire protocol correctly by passing every request to a real adapter
(`EVSIM serve store`) until request number AT, then breaks the protocol in the way MODE names.
evsim must end the run with exit code 2 and a message naming what happened, in bounded time.

Usage: fake_adapter.py EVSIM MODE AT
"""
import json
import os
import signal
import subprocess
import sys
import time

MODES = {
    "garbage": "answers a line that is not JSON",
    "wrong-id": "answers with an id that no request has",
    "hang": "never answers",
    "exit": "exits with status 3",
    "signal": "kills itself with SIGSEGV",
    "no-handshake": "never answers hello (AT is ignored)",
    "missing-field": "answers without a field the result needs",
    "unknown-code": "answers an error code the protocol does not have",
    "flood": "writes an endless line",
    "stdout-noise": "prints a log line on stdout",
    "close-no-exit": "answers close but keeps running",
}


def main():
    evsim, mode, at = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode not in MODES:
        sys.exit(f"fake_adapter: unknown mode {mode}; known: {', '.join(MODES)}")
    real = subprocess.Popen([evsim, "serve", "store"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    print(f"fake_adapter: mode {mode} at request {at}", file=sys.stderr, flush=True)
    count = 0
    for line in sys.stdin:
        request = json.loads(line)
        count += 1
        if mode == "no-handshake" and request.get("op") == "hello":
            time.sleep(3600)
        if mode == "close-no-exit" and request.get("op") == "close":
            print(json.dumps({"id": request["id"], "ok": True, "result": {}}), flush=True)
            time.sleep(3600)
        if count < at or mode in ("no-handshake", "close-no-exit"):
            real.stdin.write(line)
            real.stdin.flush()
            print(real.stdout.readline(), end="", flush=True)
            if request.get("op") == "close":
                real.wait()
                sys.exit(0)
            continue
        misbehave(mode, request, real, line)


def misbehave(mode, request, real, line):
    print(f"fake_adapter: misbehaving ({MODES[mode]}) at {request.get('op')}", file=sys.stderr,
          flush=True)
    if mode == "garbage":
        print("this is not json", flush=True)
    elif mode == "wrong-id":
        print(json.dumps({"id": request["id"] + 1000, "ok": True, "result": {}}), flush=True)
    elif mode == "hang":
        time.sleep(3600)
    elif mode == "exit":
        sys.exit(3)
    elif mode == "signal":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif mode == "missing-field":
        print(json.dumps({"id": request["id"], "ok": True}), flush=True)
    elif mode == "unknown-code":
        print(json.dumps({"id": request["id"], "ok": False,
                          "error": {"code": "disk_full", "message": "no space"}}), flush=True)
    elif mode == "flood":
        chunk = "x" * 65536
        while True:
            sys.stdout.write(chunk)
    elif mode == "stdout-noise":
        print("INFO: handling request", flush=True)
    # Keep reading so that only the misbehaviour, not a closed pipe, is what evsim sees.
    for _ in sys.stdin:
        pass


if __name__ == "__main__":
    main()
