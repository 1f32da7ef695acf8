#pragma once
// SPEC 7 as the model computes it: canon(e), canon(sn), chain hashes, MACs, Ed25519 signatures
// and chain verification, written from SPEC 7 and docs/integrity-encoding.md directly over
// OpenSSL's EVP calls.
//
// The store has its own implementation (integrity/seal.h). The model must not call it: every
// event the store returns is compared field by field with the model's, prev_event_hash, MAC and
// signature included, so a wrong encoding or seal in the store shows as a divergence only when
// the model computes these itself. The golden vectors pin both against the openssl CLI.

#include <string>
#include <vector>

#include "evsim/integrity/integrity_config.h"
#include "evsim/records/event.h"
#include "evsim/records/status.h"

namespace evsim::oracle {

// chain(e) = SHA-256("chain|" || canon(e) || e.prev_event_hash).
// REQUIRES: event.prev_event_hash is set.
Hash32 ChainOf(const Event& event);

// Gives the event its prev_event_hash, its MAC under the active key and, with a signing seed,
// its signature; returns chain(e).
// REQUIRES: config is enabled and CheckStoreConfig accepted it.
Hash32 Seal(const IntegrityConfig& config, const Hash32& prev_event_hash, Event& event);

// Gives the snapshot its anchor hash and its MAC under the active key.
// REQUIRES: as Seal.
void SealSnapshotAt(const IntegrityConfig& config, const Hash32& anchor_hash, Snapshot& snapshot);

// Walks present events in ascending version order, the first chaining from `first_prev`.
// Ok, or integrity_violation naming the first event's violation, checked in the documented
// order: missing_integrity, chain_mismatch, unknown_key, mac_mismatch, signature_mismatch.
Status VerifyEvents(const IntegrityConfig& config, const std::vector<Event>& events,
                    const Hash32& first_prev);

}  // namespace evsim::oracle
