#pragma once
// Sealing (computing integrity fields) and verifying events and snapshots, SPEC 7.
// The store and the wire adapter use these; the reference model has its own implementation
// (model/src/model_integrity.cc) so that lockstep can see a mistake here. Golden vectors pin both.

#include <optional>
#include <string>
#include <string_view>
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

// What sealing gives an event. `chain` is chain(e), the next event's prev_event_hash.
struct EventSeal {
  Mac mac;
  std::optional<std::string> signature;
  Hash32 chain{};
};

// SealEvent over an event given as its canonical fields (canonical.h): a store that holds the
// fields as its record bytes seals them as they are, without building an Event.
// REQUIRES: as SealEvent.
EventSeal SealCanonicalFields(const IntegrityConfig& config, const Hash32& prev_event_hash,
                              std::string_view canonical_fields);

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

// VerifyEvent over an event given as its canonical fields and its integrity fields.
std::optional<ViolationKind> VerifyCanonicalFields(const IntegrityConfig& config,
                                                   std::string_view canonical_fields,
                                                   const std::optional<Hash32>& prev_event_hash,
                                                   const std::optional<Mac>& mac,
                                                   const std::optional<std::string>& signature,
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
