#!/usr/bin/env python3
"""examples/ci holds valid YAML whose evsim commands are real (issue 12, item 3).

Parses the GitHub Actions workflow and the Kubernetes Job, finds every `evsim SUBCOMMAND
--option ...` in their shell steps, and requires the subcommand to exist and each option to be
listed by `evsim SUBCOMMAND --help`. Also checks that the shards cover the suite: the
workflow's matrix is 1..SHARDS and the Job's --shard N equals its completions.
"""
import re
import subprocess
import sys
from pathlib import Path

import yaml


def evsim_commands(shell):
    """Every evsim invocation in a shell text, as (subcommand, [options])."""
    joined = re.sub(r"\\\n\s*", " ", shell)
    commands = []
    for line in joined.splitlines():
        for match in re.finditer(r"(?:^|[\s;&|(])evsim\s+([a-z][a-z-]*)(.*?)(?:$|[;&|])", line):
            commands.append((match.group(1), re.findall(r"(?<!\S)(--[a-z][a-z-]*)", match.group(2))))
    return commands


def main():
    evsim, examples = sys.argv[1], Path(sys.argv[2])
    helps = {}

    def check(origin, shell):
        found = evsim_commands(shell)
        for subcommand, options in found:
            if subcommand not in helps:
                result = subprocess.run([evsim, subcommand, "--help"], capture_output=True, text=True)
                if result.returncode != 0:
                    sys.exit(f"FAIL: {origin}: 'evsim {subcommand}' is not an evsim subcommand")
                helps[subcommand] = result.stdout
            for option in options:
                if not re.search(re.escape(option) + r"\b", helps[subcommand]):
                    sys.exit(f"FAIL: {origin}: evsim {subcommand} has no option {option}")
        return found

    workflow = yaml.safe_load((examples / "github-actions.yml").read_text())
    found = []
    for name, job in workflow["jobs"].items():
        for step in job["steps"]:
            if "run" in step:
                found += check(f"github-actions.yml job {name}", step["run"])
    shards = int(workflow["env"]["SHARDS"])
    matrix = workflow["jobs"]["gate"]["strategy"]["matrix"]["shard"]
    if matrix != list(range(1, shards + 1)):
        sys.exit(f"FAIL: the workflow's matrix {matrix} is not shards 1..{shards}")
    if {"gate", "merge-reports"} - {subcommand for subcommand, _ in found}:
        sys.exit("FAIL: the workflow should run evsim gate and evsim merge-reports")

    job = yaml.safe_load((examples / "kubernetes-job.yaml").read_text())
    container = job["spec"]["template"]["spec"]["containers"][0]
    shell = " ".join(container["args"])
    k8s = check("kubernetes-job.yaml", shell)
    completions = job["spec"]["completions"]
    if job["spec"].get("completionMode") != "Indexed":
        sys.exit("FAIL: the Job must be Indexed to give each pod its shard")
    if f'--shard "$((JOB_COMPLETION_INDEX + 1))/{completions}"' not in shell:
        sys.exit(f"FAIL: the Job's --shard does not cover its {completions} completions")
    print(f"ok: {len(found)} evsim commands in the workflow, {len(k8s)} in the Job, all real")


if __name__ == "__main__":
    main()
