#!/usr/bin/env python3
"""Sharding covers the suite exactly (issue 12, item 3).

`evsim run --shard K/N` and `evsim gate --shard K/N` split the runs of the unsharded command by
position; N shards together must make exactly the unsharded runs: the same (scenario, seed)
pairs, each once, with the same trace digests. For the gate, `evsim merge-reports` must also
rebuild the unsharded report: the same runs and, cell by cell, the same counts of seeds and
checks, so the same matrix; and its JUnit and Markdown files must be written.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def run(command, expect=(0,)):
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if result.returncode not in expect:
        sys.exit(f"FAIL: {' '.join(command)} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def ok_lines(output):
    return sorted(line for line in output.splitlines() if line.startswith(("ok ", "FAILED ")))


def main():
    evsim = sys.argv[1]
    shards = 3

    whole = ok_lines(run([evsim, "run", "--budget", "14"]))
    parts = []
    for index in range(1, shards + 1):
        parts += ok_lines(run([evsim, "run", "--budget", "14", "--shard", f"{index}/{shards}"]))
    if len(whole) != 14:
        sys.exit(f"FAIL: the unsharded run made {len(whole)} runs, not 14")
    if sorted(parts) != whole:
        sys.exit("FAIL: evsim run's shards are not the unsharded run:\n"
                 + "\n".join(sorted(set(whole) ^ set(parts))))
    print(f"run: {shards} shards made exactly the {len(whole)} unsharded runs, same digests")

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        common = [evsim, "gate", "--adapter", "store", "--budget", "10", "--tiers", "smoke,edges",
                  "--shrink-time", "1s"]
        run(common + ["--json", str(work / "whole.json"), "--work-dir", str(work / "w0")])
        reports = []
        for index in range(1, shards + 1):
            report = work / f"shard{index}.json"
            run(common + ["--shard", f"{index}/{shards}", "--json", str(report),
                          "--work-dir", str(work / f"w{index}")])
            reports.append(str(report))
        merged_out = run([evsim, "merge-reports", *reports, "--json", str(work / "merged.json"),
                          "--junit", str(work / "merged.xml"), "--markdown", str(work / "merged.md")])
        whole_report = json.loads((work / "whole.json").read_text())
        merged = json.loads((work / "merged.json").read_text())

        def runs(report):
            return sorted((r["scenario"], r["seed"], r["digest"], r["ok"]) for r in report["runs"])

        def cells(report):
            return {c["cell"]: (c["seeds"], c["checks"], "failure" in c) for c in report["cells"]}

        if runs(merged) != runs(whole_report) or len(runs(whole_report)) != 10:
            sys.exit(f"FAIL: merged runs differ from the unsharded gate's:\n{runs(merged)}\n"
                     f"{runs(whole_report)}")
        if cells(merged) != cells(whole_report):
            sys.exit(f"FAIL: merged cells differ:\n{cells(merged)}\n{cells(whole_report)}")
        for name in ("merged.xml", "merged.md"):
            if (work / name).stat().st_size == 0:
                sys.exit(f"FAIL: merge-reports wrote an empty {name}")
        if "evsim gate: PASS" not in merged_out and "PASS" not in merged_out:
            sys.exit("FAIL: the merged matrix does not say PASS:\n" + merged_out)
        overlap = run([evsim, "merge-reports", reports[0], reports[0]], expect=(2,))
        print(f"gate: {shards} shards merged into the unsharded report "
              f"({len(runs(merged))} runs, {len(cells(merged))} cells); overlapping shards refused")


if __name__ == "__main__":
    main()
