#!/usr/bin/env python3
"""Runs `evsim gate` and checks what it reports: the exit code, the JUnit XML (parsed, every
count consistent with its test cases, every cell a known capability x invariant), the Markdown
summary, and optionally how many crashes (kills, over exec) the run survived and which cell must
fail, with its replay command and regression scenario.

Usage: check_gate_run.py EVSIM [--expect-exit N] [--min-crashes N] [--expect-fail CELL]
                         [--expect-pass CELL ...] -- GATE_ARGUMENTS...
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

CAPABILITIES = {"core", "index", "snapshots", "scavenge", "subscriptions", "integrity",
                "durability", "protocol"}
INVARIANTS = {"agrees-with-model", "global-order", "index-matches-scan", "chain-verifies",
              "checkpoint-monotonic", "converges", "delivery-bounded", "survives-crash", "detects-corruption",
              "unsupported-when-undeclared", "wire-protocol"}


def fail(message):
    sys.exit("FAIL: " + message)


def check_junit(path, options):
    root = ElementTree.parse(path).getroot()
    if root.tag != "testsuites":
        fail(f"JUnit root is <{root.tag}>, expected <testsuites>")
    suites = root.findall("testsuite")
    if len(suites) != 1:
        fail(f"expected one <testsuite>, found {len(suites)}")
    suite = suites[0]
    cases = suite.findall("testcase")
    counted = {"tests": len(cases),
               "failures": sum(1 for case in cases if case.find("failure") is not None),
               "errors": sum(1 for case in cases if case.find("error") is not None),
               "skipped": sum(1 for case in cases if case.find("skipped") is not None)}
    for name, value in counted.items():
        for element in (root, suite):
            if int(element.get(name)) != value:
                fail(f"<{element.tag}> says {name}={element.get(name)}, its test cases {value}")
    cells = {}
    for case in cases:
        cell = f"{case.get('classname')}/{case.get('name')}"
        if case.get("classname") not in CAPABILITIES or case.get("name") not in INVARIANTS:
            fail(f"unknown cell {cell}")
        if cell in cells:
            fail(f"cell {cell} twice")
        cells[cell] = case
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    for name in ("adapter", "capabilities", "summary"):
        if not properties.get(name):
            fail(f"property {name} missing")
    if options.expect_exit == 0 and (counted["failures"] or counted["errors"]):
        fail("a passing gate reported failures or errors in JUnit")
    for cell in options.expect_pass:
        case = cells.get(cell)
        if case is None or len(case) and case[0].tag != "system-out":
            fail(f"cell {cell} did not pass in JUnit")
    if options.expect_fail:
        case = cells.get(options.expect_fail)
        failure = case.find("failure") if case is not None else None
        if failure is None:
            fail(f"cell {options.expect_fail} has no <failure> in JUnit")
        text = failure.text or ""
        if "replay: evsim replay" not in text:
            fail("the failure's text holds no replay command")
        match = re.search(r"regression scenario: (\S+\.yaml)", text)
        if not match or not os.path.exists(match.group(1)):
            fail("the failure names no regression scenario that exists")
    print(f"JUnit ok: {counted}")
    return counted


def check_markdown(path, exit_code):
    text = open(path, encoding="utf-8").read()
    heading = {0: "## ✅ evsim gate: PASS", 1: "## ❌ evsim gate: FAIL"}.get(exit_code, "## ⛔")
    if not text.startswith(heading):
        fail(f"Markdown starts {text[:40]!r}, expected {heading!r}")
    if "| capability | agrees-with-model |" not in text or "| **core** |" not in text:
        fail("Markdown has no matrix")
    print("Markdown ok")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("evsim")
    parser.add_argument("--expect-exit", type=int, default=0)
    parser.add_argument("--min-crashes", type=int, default=0)
    parser.add_argument("--expect-fail", default="")
    parser.add_argument("--expect-pass", action="append", default=[])
    split = sys.argv.index("--") if "--" in sys.argv else len(sys.argv)
    options = parser.parse_args(sys.argv[1:split])
    arguments = [argument.replace("@EVSIM@", options.evsim) for argument in sys.argv[split + 1:]]
    with tempfile.TemporaryDirectory() as work:
        arguments = [argument.replace("@WORK@", work) for argument in arguments]
        command = [options.evsim, "gate", "--work-dir", f"{work}/gate", "--junit",
                   f"{work}/junit.xml", "--markdown", f"{work}/summary.md"] + arguments
        print("$ " + " ".join(command), flush=True)
        run = subprocess.run(command, capture_output=True, text=True, timeout=1200)
        print(run.stdout[-6000:] + run.stderr[-2000:])
        if run.returncode != options.expect_exit:
            fail(f"evsim gate exited {run.returncode}, expected {options.expect_exit}")
        check_junit(f"{work}/junit.xml", options)
        check_markdown(f"{work}/summary.md", run.returncode)
        summary = re.search(r"^(\d+) seeds, (\d+) steps, (\d+) crashes", run.stdout, re.M)
        if not summary or int(summary.group(1)) == 0:
            fail("no seed ran")
        crashes = int(summary.group(3))
        if crashes < options.min_crashes:
            fail(f"{crashes} crashes, expected at least {options.min_crashes}")
        print(f"ok: exit {run.returncode}, {summary.group(1)} seeds, {crashes} crashes")


if __name__ == "__main__":
    main()
