#!/usr/bin/env python3
"""An adapter that breaks the wire protocol makes `evsim gate` exit 2, in bounded time, with a
message naming what happened and the adapter's last words (docs/wire-protocol.md section 11).

Usage: protocol_violation_test.py EVSIM MODE
"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# mode -> (the request at which it misbehaves, what the message must say)
EXPECTED = {
    "garbage": (40, "not JSON"),
    "wrong-id": (40, "names id"),
    "hang": (40, "no answer within 2 s"),
    "exit": (40, "exited with status 3 while handling the request"),
    "signal": (40, "killed by signal 11 (SIGSEGV)"),
    "no-handshake": (1, "the handshake failed: request 1 (hello): no answer within 3 s"),
    "missing-field": (40, "field 'result': expected an object"),
    "unknown-code": (40, '"disk_full" is not an error code'),
    "flood": (40, "an answer longer than 100000 bytes"),
    "stdout-noise": (40, "not JSON"),
    "close-no-exit": (1, "did not exit after close"),
}
# The bound on detecting a violation and exiting. Sanitizer builds run several times slower,
# so the asan test preset sets EVSIM_TIME_SCALE (CMakePresets.json).
SECONDS_MAX = 30 * float(os.environ.get("EVSIM_TIME_SCALE", "1"))


def main():
    evsim, mode = sys.argv[1], sys.argv[2]
    at, fragment = EXPECTED[mode]
    adapter = f"exec:python3 {HERE}/fake_adapter.py {evsim} {mode} {at}"
    with tempfile.TemporaryDirectory() as work:
        command = [evsim, "gate", "--adapter", adapter, "--suite", f"{HERE}/suite",
                   "--tiers", "protocol", "--budget", "1", "--request-timeout", "2s",
                   "--startup-timeout", "3s", "--max-line-bytes", "100000", "--work-dir", work,
                   "--junit", f"{work}/junit.xml"]
        started = time.monotonic()
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS_MAX * 2)
        except subprocess.TimeoutExpired:
            sys.exit(f"FAIL {mode}: evsim gate did not end within {SECONDS_MAX * 2} s")
        seconds = time.monotonic() - started
        output = run.stdout + run.stderr
        print(output[-3000:])
        problems = []
        if run.returncode != 2:
            problems.append(f"exit code {run.returncode}, expected 2")
        if fragment not in output:
            problems.append(f"the message does not say {fragment!r}")
        if seconds > SECONDS_MAX:
            problems.append(f"took {seconds:.1f} s, more than {SECONDS_MAX} s")
        if mode != "no-handshake":
            if "fake_adapter: mode" not in output:
                problems.append("the adapter's stderr is not shown")
            junit = open(f"{work}/junit.xml").read()
            if 'name="wire-protocol"' not in junit or "<error" not in junit:
                problems.append("the JUnit report does not hold the protocol error")
        if problems:
            sys.exit(f"FAIL {mode}: " + "; ".join(problems))
        print(f"ok {mode}: exit 2 after {seconds:.1f} s, saying {fragment!r}")


if __name__ == "__main__":
    main()
