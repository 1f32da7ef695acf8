#!/usr/bin/env bash
# Derives evsim's golden integrity vectors by an independent route: the canonical bytes of
# SPEC section 7 are written out by hand here (printf and od, no evsim code), and every digest,
# MAC and signature comes from the openssl command-line tool. Prints "name hex" lines; the
# committed vectors.txt is this script's output, and the golden_vectors_rederive test re-runs
# it and compares, so the derivation stays repeatable.
#
# Usage: properties/golden/derive_vectors.sh > properties/golden/vectors.txt
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

hex_of() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }
u32() { printf '%08x' "$1"; }
u64() { printf '%016x' "$1"; }
field() { u32 "${#1}"; hex_of "$1"; }  # ASCII inputs only: ${#1} is the byte length
to_file() {  # hex string -> binary file
  local hex="$1" out="$2" index
  : >"$out"
  for ((index = 0; index < ${#hex}; index += 2)); do printf "\\x${hex:index:2}" >>"$out"; done
}
sha256() { to_file "$1" "$work/in"; openssl dgst -sha256 -r "$work/in" | cut -d' ' -f1; }
hmac() { to_file "$2" "$work/in"; openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" -r "$work/in" | cut -d' ' -f1; }
ed25519_sign() {  # seed hex, message hex
  to_file "302e020100300506032b657004220420$1" "$work/key.der"
  to_file "$2" "$work/msg"
  openssl pkeyutl -sign -inkey "$work/key.der" -keyform DER -rawin -in "$work/msg" -out "$work/sig"
  od -An -tx1 -v "$work/sig" | tr -d ' \n'
}

zeros=$(printf '0%.0s' {1..64})
key1="000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"  # key id 1
key7=$(printf '07%.0s' {1..32})                                          # key id 7
seed="9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"  # RFC 8032 test 1
json="application/json"
epoch=1700000000123456
millis=1700000000123

# canon_event id type stream version data meta_hex n_meta tags_hex n_tags epoch
canon_event() {
  printf '%s' "$(field evsim.event.v1)$(field "$1")$(field "$2")$(field "$3")$(u64 "$4")"
  printf '%s' "$(field "$5")$(u32 "$7")$6$(u32 "$9")$8"
  printf '%s' "$(u64 $((${10} / 1000)))$(u64 "${10}")$(field $json)$(field $json)"
}

# 1. plain event: no metadata, no tags, first of its stream.
plain=$(canon_event e-1 Created acct-1 0 '{"n":1}' "" 0 "" 0 $epoch)
plain_chain=$(sha256 "$(hex_of 'chain|')$plain$zeros")
echo "plain.canon $plain"
echo "plain.chain $plain_chain"
echo "plain.mac $(hmac $key1 "$(hex_of 'evt|')$plain$zeros")"

# 2. metadata given as {z,a,m} encodes in ascending key order; tags keep input order [t2,t1].
meta="$(field a)$(field 2)$(field m)$(field 3)$(field z)$(field 1)"
tags="$(field t2)$(field t1)"
tagged=$(canon_event e-2 Tagged acct-1 1 '{}' "$meta" 3 "$tags" 2 $epoch)
echo "tagged.canon $tagged"
echo "tagged.chain $(sha256 "$(hex_of 'chain|')$tagged$plain_chain")"
echo "tagged.mac $(hmac $key1 "$(hex_of 'evt|')$tagged$plain_chain")"

# 3. chain of three in stream "c", one batch (shared epoch), each chained to its predecessor.
prev=$zeros
for version in 0 1 2; do
  canon=$(canon_event "c-$version" Step c $version "{\"v\":$version}" "" 0 "" 0 $((epoch + 1)))
  echo "chain$version.mac $(hmac $key1 "$(hex_of 'evt|')$canon$prev")"
  prev=$(sha256 "$(hex_of 'chain|')$canon$prev")
  echo "chain$version.chain $prev"
done

# 4. the plain event sealed after rotation to key id 7 (the MAC input is unchanged).
echo "rotated.mac $(hmac $key7 "$(hex_of 'evt|')$plain$zeros")"

# 5. snapshot of acct-1 at version 0, anchored to the plain event's chain hash.
snap="$(field evsim.snapshot.v1)$(field acct-1)$(u64 0)$(field '{"sum":1}')$(u32 1)"
snap+="$(field k)$(field v)$(u64 $millis)$(u32 32)$plain_chain"
echo "snapshot.canon $snap"
echo "snapshot.mac $(hmac $key1 "$(hex_of 'snap|')$snap")"

# 6. Ed25519 signature over the plain event's chain hash.
echo "signature.sig $(ed25519_sign $seed "$plain_chain")"
