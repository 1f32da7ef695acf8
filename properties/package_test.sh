#!/usr/bin/env bash
# The Debian package installs and its evsim works (issue 12, item 4): build the .deb with CPack,
# unpack it into a temporary root with `dpkg -x` (no root and no container needed), and run the
# installed `evsim run`. The installed binary must find the suite installed beside it: the test
# leaves one scenario (smoke/crash.yaml) in the unpacked suite and requires exactly that one to
# run.
set -euo pipefail
build_dir="$1"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

(cd "$build_dir" && cpack -G DEB -B "$scratch/package" >"$scratch/cpack.log" 2>&1) || {
  cat "$scratch/cpack.log"; echo "FAIL: cpack could not build the package"; exit 1; }
deb="$(ls "$scratch"/package/evsim_*_*.deb)"
[ "$(dpkg-deb --field "$deb" Package)" = evsim ] || { echo "FAIL: $deb is not the evsim package"; exit 1; }
dpkg -x "$deb" "$scratch/root"

evsim="$scratch/root/usr/bin/evsim"
for path in usr/share/doc/evsim/README.md usr/share/doc/evsim/docs/wire-protocol.md \
            usr/share/doc/evsim/examples/python/evstore.py usr/share/evsim/scenarios/smoke/mixed.yaml; do
  [ -e "$scratch/root/$path" ] || { echo "FAIL: the package lacks /$path"; exit 1; }
done

find "$scratch/root/usr/share/evsim/scenarios" -name '*.yaml' ! -path '*/smoke/crash.yaml' -delete
output="$("$evsim" run --seeds 1..2 2>&1)" || { echo "$output"; echo "FAIL: installed evsim run failed"; exit 1; }
echo "$output" | tail -4
echo "$output" | grep -q "^2 runs, 0 failed$" || { echo "FAIL: expected 2 runs of smoke/crash.yaml"; exit 1; }
if echo "$output" | grep -q "smoke-mixed"; then
  echo "FAIL: the installed evsim ran the source tree's suite, not the one installed beside it"; exit 1
fi
echo "PASS: $(basename "$deb") unpacks and its evsim runs the installed suite"
