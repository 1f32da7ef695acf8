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

// canon(e) = CanonicalEventPrefix() || the event's fields (AppendCanonicalEventFields). The prefix,
// field(kEventDomain), is the same for every event, so a store that keeps an event's fields in
// this encoding can seal and verify the bytes as it holds them (seal.h, ...CanonicalFields).
std::string_view CanonicalEventPrefix();
void AppendCanonicalEventFields(const EventView& event, std::string& out);
// The exact number of bytes AppendCanonicalEventFields appends.
std::size_t CanonicalEventFieldsBytes(const EventView& event);
// canon(sn). An absent anchor_hash encodes as field("") (integrity off never MACs snapshots).
std::string CanonicalSnapshot(const Snapshot& snapshot);

}  // namespace evsim
