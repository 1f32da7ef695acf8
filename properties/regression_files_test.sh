#!/bin/sh
# Regression scenarios reproduce, always, and say when they no longer do (issue 13):
#   failed-sync-crash  a failure that needs a failed sync and a crash, emitted as a regression,
#                      fails against the buggy store and passes against the fixed one
#   drift              a regression whose pinned digest no longer matches is reported as drift
#   no-longer-fails    a regression that passes where it recorded a failure says so
# Usage: regression_files_test.sh EVSIM SCENARIO_DIR CASE
set -u
evsim=$1
scenarios=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

case $3 in
failed-sync-crash)
  "$evsim" run "$scenarios/crash-heavy/torn-and-lost.yaml" --seed 3 \
      --adapter mutant:ignore-failed-sync --emit-regression "$work/regression.yaml" > "$work/emit.txt"
  [ $? -eq 1 ] || fail "the buggy store should fail crash-heavy seed 3"
  grep -q "written to $work/regression.yaml" "$work/emit.txt" || fail "no regression written"
  cat "$work/regression.yaml"
  grep -q "^disk_choices: pinned" "$work/regression.yaml" || fail "the disk's choices are not pinned"
  grep -q "disk: {" "$work/regression.yaml" || fail "the failed sync is not in the history"
  grep -q "failure: durability/survives-crash" "$work/regression.yaml" || fail "no expectation"
  "$evsim" run "$work/regression.yaml" --adapter mutant:ignore-failed-sync > "$work/buggy.txt"
  [ $? -eq 1 ] || fail "the regression passes against the buggy store"
  grep -q "reproduces durability/survives-crash as recorded" "$work/buggy.txt" || fail "not reproduced"
  "$evsim" run "$work/regression.yaml" > "$work/fixed.txt" || fail "the regression fails against the fixed store"
  grep -q "against store it is a regression that must pass" "$work/fixed.txt" || fail "no note"
  ;;
drift)
  # As if the trace format had changed since the file was pinned: its recorded digest is not
  # the one the harness produces now.
  sed 's/^  digest: .*/  digest: 0123456789abcdef/' \
      "$scenarios/regressions/resume-after-acked-checkpoint.yaml" > "$work/copy.yaml"
  "$evsim" run "$work/copy.yaml" > "$work/out.txt"
  code=$?
  cat "$work/out.txt"
  [ $code -eq 1 ] || fail "drift passed silently (exit $code)"
  grep -q "DRIFT: the outcome is the recorded one (none), but the trace digest is" "$work/out.txt" || fail "no drift report"
  grep -q "re-pin: evsim run $work/copy.yaml --adapter store --pin" "$work/out.txt" || fail "no re-pin command"
  "$evsim" run "$work/copy.yaml" --pin > /dev/null || fail "--pin failed"
  "$evsim" run "$work/copy.yaml" > /dev/null || fail "still drifting after --pin"
  ;;
no-longer-fails)
  # A regression recorded failing against the store, which passes now (the bug was fixed).
  sed 's/^  target: .*/  target: store/' "$scenarios/regressions/index-skip-minimal.yaml" > "$work/fixed.yaml"
  "$evsim" run "$work/fixed.yaml" > "$work/out.txt"
  code=$?
  cat "$work/out.txt"
  [ $code -eq 0 ] || fail "a fixed bug should not fail the run (exit $code)"
  grep -q "NO LONGER FAILS: recorded failing with index/agrees-with-model against store" "$work/out.txt" || fail "not reported"
  ;;
*) fail "unknown case $3" ;;
esac
echo "ok $3"
