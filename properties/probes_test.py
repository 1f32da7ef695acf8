#!/usr/bin/env python3
"""The default suite must hit every code probe (probes/probe_catalog.h).

Runs `evsim run --probes` with no scenario arguments, exactly as scripts/main runs the default
suite, parses the probe table (probes/probe_table.h) and fails naming every probe it never hit,
and when the table is missing, short or the run itself failed.

Usage: probes_test.py EVSIM [extra evsim run arguments]
"""
import re
import subprocess
import sys


def main() -> int:
    evsim = sys.argv[1]
    completed = subprocess.run([evsim, "run", "--probes", *sys.argv[2:]], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, errors="replace")
    output = completed.stdout
    lines = output.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if re.match(r"^probe\s+hits\s+file", line))
        end = next(i for i in range(start, len(lines)) if lines[i].startswith("probes: "))
    except StopIteration:
        print(output[-4000:])
        print("FAIL: no probe table in the output of `evsim run --probes`")
        return 1
    table = lines[start:end + 1]
    print("\n".join(table))
    declared = int(re.match(r"^probes: (\d+),", lines[end]).group(1))
    rows = {}
    for line in lines[start + 1:end]:
        fields = line.split()
        rows[fields[0]] = int(fields[1])
    failed = False
    if completed.returncode != 0:
        print(output[-4000:])
        print(f"FAIL: the default suite itself failed (exit {completed.returncode})")
        failed = True
    if len(rows) != declared or declared == 0:
        print(f"FAIL: the table lists {len(rows)} probes but says {declared}")
        failed = True
    never = [name for name, hits in rows.items() if hits == 0]
    for name in never:
        print(f"FAIL: the default suite never hit probe {name}")
    if never:
        print("Widen a scenario in the default suite so that it reaches each (scenarios/README.md)"
              ", or say why the probe cannot be reached.")
        failed = True
    if not failed:
        print(f"ok: the default suite hit all {declared} probes")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
