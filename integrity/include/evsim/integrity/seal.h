#pragma once
// Sealing (computing integrity fields) and verifying events and snapshots, SPEC 7.
// Both the real store and the reference model use these, and the golden vectors pin them.

#include <optional>
#include <vector>

#include "evsim/integrity/integrity_config.h"
#include "evsim/records/event.h"
#include "evsim/records/status.h"

namespace evsim {

inline constexpr Hash32 kZeroHash{};

// chain(e) = SHA-256("chain|" || canon(e) || prev_event_hash).
// REQUIRES: event.prev_event_hash is set.
Hash32 ChainHash(const Event& event);

// mac(e) = HMAC-SHA256(key, "evt|" || canon(e) || prev_event_hash).
// REQUIRES: event.prev_event_hash is set; key is 32 bytes.
Hash32 EventMac(std::string_view key, const Event& event);

// Sets prev_event_hash, mac (active key) and, when a signing key is configured, signature.
// Returns chain(e), the predecessor hash of the next event.
// REQUIRES: config.enabled and ValidateIntegrityConfig(config).ok().
Hash32 SealEvent(const IntegrityConfig& config, const Hash32& prev_event_hash, Event& event);

// snap_mac = HMAC-SHA256(key, "snap|" || canon(sn)).
Hash32 SnapshotMac(std::string_view key, const Snapshot& snapshot);
// Sets anchor_hash and mac. REQUIRES: config.enabled.
void SealSnapshot(const IntegrityConfig& config, const Hash32& anchor_hash, Snapshot& snapshot);

// Checks one event against the hash its predecessor must have. Checks run in this order and the
// first failure is reported: missing_integrity, chain_mismatch, unknown_key, mac_mismatch,
// signature_mismatch. A signature is checked when present; the event carries no signature when
// the store had no signing key at the time.
// When `chain_hash_out` is given and the event carries a prev hash, it receives chain(e), computed
// from the same canonical bytes as the MAC (so a verifying walk encodes each event once).
std::optional<ViolationKind> VerifyEvent(const IntegrityConfig& config, const Event& event,
                                         const Hash32& expected_prev_event_hash,
                                         Hash32* chain_hash_out = nullptr);

// Walks present events in ascending version order. The first must chain from first_prev (the
// stream's scavenge anchor, or zeros when nothing was ever removed). Ok, or integrity_violation
// naming the kind and version of the first violation.
Status VerifyChain(const IntegrityConfig& config, const std::vector<Event>& events,
                   const Hash32& first_prev);

// Ok, or integrity_violation (missing_integrity, unknown_key, mac_mismatch) at the snapshot's
// version.
Status VerifySnapshot(const IntegrityConfig& config, const Snapshot& snapshot);

}  // namespace evsim
