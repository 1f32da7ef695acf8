#pragma once
// The canonical byte encodings of SPEC section 7, the input to every hash, MAC and signature.
// All integers big-endian; field(b) = u32(len b) || b. See docs/integrity-encoding.md.

#include <string>

#include "evsim/records/event.h"

namespace evsim {

inline constexpr std::string_view kEventDomain = "evsim.event.v1";
inline constexpr std::string_view kSnapshotDomain = "evsim.snapshot.v1";

// canon(e). Integrity fields (prev_event_hash, mac, signature) are not part of it.
std::string CanonicalEvent(const Event& event);
// canon(sn). An absent anchor_hash encodes as field("") (integrity off never MACs snapshots).
std::string CanonicalSnapshot(const Snapshot& snapshot);

}  // namespace evsim
