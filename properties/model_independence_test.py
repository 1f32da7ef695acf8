#!/usr/bin/env python3
"""The model shares no deciding code with the store (issue 10, item 4).

The reference model is the oracle: if it called the store's validation, matching, ordering,
encoding or sealing, a bug there would be on both sides of the lockstep comparison and invisible.
This test looks at what the built model library actually calls, not at what its sources say:

1. Every symbol the model's archive leaves undefined and that one of the libraries it shares with
   the store defines (records, integrity, adapter, env) must be on ALLOWED: constructors of
   Status values and the assertion handler, which report an outcome but decide none.
2. The model's sources include none of the headers whose job is deciding (validation, sealing,
   canonical encoding, crypto), so no inline function from them can slip past step 1.

It also checks that it is looking at the right thing: the shared libraries must define the
store's deciding functions (else a renamed library would make step 1 pass vacuously).
"""
import argparse
import pathlib
import re
import subprocess
import sys

ALLOWED = [
    re.compile(r"^evsim::Status::(Error|WrongExpectedVersion|IntegrityViolation|StreamNotFound)\("),
    re.compile(r"^evsim::detail::AssertionFailed\("),
]
# Functions of the store's side that decide outcomes; step 1 would fail if the model used them.
MUST_BE_SHARED_SIDE = ["evsim::ValidateAppend(", "evsim::TagsMatch(", "evsim::SealEvent(",
                       "evsim::VerifyChain(", "evsim::Selector::Matches("]
FORBIDDEN_INCLUDES = ["evsim/records/validation.h", "evsim/integrity/seal.h",
                      "evsim/integrity/canonical.h", "evsim/integrity/crypto.h"]


def symbols(archive, flag):
    out = subprocess.run(["nm", "-C", flag, archive], check=True, capture_output=True, text=True)
    found = set()
    # "                 U name" for undefined symbols, "0000000000000170 T name" for defined ones;
    # demangled names contain spaces, so the name is the rest of the line.
    for line in out.stdout.splitlines():
        match = re.match(r"^\s*(?:[0-9a-f]+\s+)?([A-Za-z])\s+(.+)$", line)
        if match and match.group(1) in ("U", "w", "T", "W"):
            found.add(match.group(2))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, help="libevsim_model.a")
    parser.add_argument("--model-sources", required=True, help="the model/ directory")
    parser.add_argument("shared", nargs="+", help="libraries the model and the store share")
    args = parser.parse_args()

    problems = []
    undefined = symbols(args.model, "--undefined-only")
    defined = set()
    for archive in args.shared:
        defined |= symbols(archive, "--defined-only")
    for name in MUST_BE_SHARED_SIDE:
        if not any(symbol.startswith(name) for symbol in defined):
            problems.append(f"the shared libraries do not define {name}...: wrong libraries?")
    calls = sorted(undefined & defined)
    if not calls:
        problems.append("the model calls nothing in the shared libraries, not even Status: "
                        "nm output not understood?")
    for call in calls:
        if not any(pattern.match(call) for pattern in ALLOWED):
            problems.append(f"the model calls shared code that may decide an outcome: {call}")

    for source in sorted(pathlib.Path(args.model_sources).rglob("*")):
        if source.suffix not in (".h", ".cc"):
            continue
        for number, line in enumerate(source.read_text().splitlines(), 1):
            for header in FORBIDDEN_INCLUDES:
                if re.match(r'\s*#\s*include\s*"' + re.escape(header) + '"', line):
                    problems.append(f"{source}:{number}: includes {header}")

    print(f"model calls into shared libraries: {len(calls)} symbols, all on the allowed list"
          if not problems else "model independence: FAILED")
    for call in calls:
        print(f"  {call}")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
