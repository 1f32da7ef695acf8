#!/usr/bin/env python3
"""Runs one bad-input case against the evsim binary and checks that it was refused well.

A case is a file in this directory. Its header comments say what to run and what to expect:

    # expect: @FILE@:3: key 'steps': expected an integer
    # args: run @FILE@ --seed 1 --steps 50        (the default for a .yaml case)

Placeholders: @FILE@ is the case file, @SMOKE@ a valid scenario, @TMP@ an empty directory,
@FIFO@ a named pipe nobody writes to. Refused well means: exit code 2, the expected text in the
output, within the time and memory bounds below (no hang, no runaway allocation, no sanitizer
report), and the case file itself untouched.

usage: check_bad_input.py EVSIM CASE_FILE SMOKE_SCENARIO
"""
import hashlib
import os
import resource
import shlex
import signal
import subprocess
import sys
import tempfile
import time

TIME_MAX_SECONDS = 30 * float(os.environ.get("EVSIM_TIME_SCALE", "1"))  # see CMakePresets.json
RSS_MAX_KIB = 2 << 20  # 2 GiB: generous for a sanitizer build, far below "allocate forever"
CRASH_MARKS = ("Sanitizer", "runtime error:", "terminate called", "Segmentation fault", "Aborted")


def header(path):
    fields = {}
    with open(path, "rb") as case:
        for raw in case:
            if not raw.startswith(b"#"):
                break
            key, _, value = raw[1:].decode("utf-8").strip().partition(":")
            fields[key.strip()] = value.strip()
    return fields


def main():
    evsim, case, smoke = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    fields = header(case)
    if "expect" not in fields:
        print(f"{case}: no '# expect:' line")
        return 1
    default_args = "run @FILE@ --seed 1 --steps 50" if case.endswith(".yaml") else None
    args = fields.get("args", default_args)
    if args is None:
        print(f"{case}: no '# args:' line")
        return 1
    with tempfile.TemporaryDirectory(prefix="evsim-bad-input-") as scratch:
        tmp = os.path.join(scratch, "empty")
        os.mkdir(tmp)
        fifo = os.path.join(scratch, "fifo.yaml")
        os.mkfifo(fifo)
        workdir = os.path.join(scratch, "cwd")
        os.mkdir(workdir)

        def expand(text):
            for name, value in (("@FILE@", case), ("@SMOKE@", smoke), ("@TMP@", tmp),
                                ("@FIFO@", fifo)):
                text = text.replace(name, value)
            return text

        argv = [evsim] + [expand(word) for word in shlex.split(args)]
        expected = expand(fields["expect"])
        with open(case, "rb") as before:
            digest_before = hashlib.sha256(before.read()).hexdigest()
        print("$ " + " ".join(shlex.quote(word) for word in argv))
        started = time.monotonic()
        child = subprocess.Popen(argv, cwd=workdir, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        try:
            output, _ = child.communicate(timeout=TIME_MAX_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            print(f"FAIL: still running after {TIME_MAX_SECONDS} s: bad input must not hang")
            return 1
        seconds = time.monotonic() - started
        rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        text = output.decode("utf-8", errors="replace")
        print(text, end="" if text.endswith("\n") else "\n")
        print(f"exit {child.returncode}, {seconds:.2f} s, peak RSS {rss_kib} KiB")
        failures = []
        if child.returncode != 2:
            failures.append(f"exit code {child.returncode}, expected 2 (bad input)")
        if expected not in text:
            failures.append(f"the output does not contain: {expected}")
        for mark in CRASH_MARKS:
            if mark in text:
                failures.append(f"the output shows a crash: '{mark}'")
        if rss_kib > RSS_MAX_KIB:
            failures.append(f"peak RSS {rss_kib} KiB exceeds {RSS_MAX_KIB} KiB")
        with open(case, "rb") as after:
            if hashlib.sha256(after.read()).hexdigest() != digest_before:
                failures.append("the case file was changed: bad input must lose nothing")
        for failure in failures:
            print("FAIL: " + failure)
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
