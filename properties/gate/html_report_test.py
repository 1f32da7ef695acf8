#!/usr/bin/env python3
"""The HTML report, as a browser shows it (issue 12, item 2).

Writes the report of a failing replay and of a failing gate, opens each in headless Chromium
(Debian's package) and checks the DOM after the page's script ran: the verdict, one timeline
lane per actor, the failing step marked in the timeline and the trace, the store-versus-model
difference in the failure report, the trace filtered by stream from the URL's fragment, and for
the gate the matrix whose FAIL cell links to its failure. Leaves a screenshot beside the
reports (html-report.png in the working directory) for people to look at.
"""
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def fail(message):
    sys.exit("FAIL: " + message)


def chromium():
    for name in ("chromium", "chromium-browser"):
        if shutil.which(name):
            return name
    fail("no chromium: scripts/setup installs Debian's chromium package")


def dump_dom(browser, url):
    result = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                             "--virtual-time-budget=5000", "--dump-dom", url],
                            capture_output=True, text=True, timeout=120)
    if 'data-ready="yes"' not in result.stdout:
        fail(f"the page's script did not finish in {url}:\n{result.stdout[:2000]}\n{result.stderr[-2000:]}")
    return result.stdout


def main():
    evsim, source = sys.argv[1], Path(sys.argv[2])
    browser = chromium()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        replay = work / "replay.html"
        subprocess.run([evsim, "replay", str(source / "scenarios/smoke/mixed.yaml"), "--seed", "1",
                        "--adapter", "mutant:index-skip", "--trace", str(work / "t.trace"),
                        "--html", str(replay)], capture_output=True, timeout=300)
        if not replay.exists():
            fail("evsim replay --html wrote no file")
        dom = dump_dom(browser, replay.as_uri())
        if not re.search(r'id="verdict"[^>]*>1 of 1 runs failed<', dom):
            fail("the verdict does not say the run failed")
        lanes = re.findall(r'class="lane" data-actor="([^"]+)"', dom)
        if not {"client-0", "client-1", "checker"} <= set(lanes):
            fail(f"timeline lanes {lanes} lack the clients or the checker")
        if 'class="marker failing"' not in dom or 'class="marker divergent"' not in dom:
            fail("the failing step and the first divergent step are not marked on the timeline")
        if not re.search(r'<tr [^>]*class="failing"', dom):
            fail("the failing step is not highlighted in the trace")
        if "difference (store vs model)" not in dom or "missing from the store" not in dom:
            fail("the failure report lacks the store-versus-model difference")

        filtered = dump_dom(browser, replay.as_uri() + "#stream=s1")
        shown = re.search(r'class="shown">(\d+) of (\d+) lines<', filtered)
        if not shown or not 0 < int(shown.group(1)) < int(shown.group(2)):
            fail(f"filtering by stream s1 did not narrow the trace: {shown and shown.group(0)}")
        for row in re.finditer(r'<tr id="line-[^"]+" class="([^"]*)" data-op="[^"]*" data-streams="([^"]*)"', filtered):
            if "hidden" not in row.group(1).split() and "s1" not in row.group(2).split():
                fail("a row of another stream is shown under the s1 filter")

        gate_html = work / "gate.html"
        subprocess.run([evsim, "gate", "--adapter", "mutant:index-skip", "--budget", "3",
                        "--tiers", "smoke", "--shrink-time", "1s", "--work-dir", str(work / "g"),
                        "--html", str(gate_html)], capture_output=True, timeout=600)
        dom = dump_dom(browser, gate_html.as_uri())
        link = re.search(r'<td class="FAIL"><a href="#(run-\d+)">FAIL</a></td>', dom)
        if not link:
            fail("the gate's matrix has no FAIL cell linking to its failure")
        if f'<section id="{link.group(1)}"' not in dom:
            fail(f"the FAIL cell links to #{link.group(1)}, which is not on the page")

        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        "--virtual-time-budget=5000", "--window-size=1400,1000",
                        "--screenshot=" + str(Path.cwd() / "html-report.png"), replay.as_uri()],
                       capture_output=True, timeout=120)
    print("ok: replay and gate reports render in headless Chromium; screenshot html-report.png")


if __name__ == "__main__":
    main()
