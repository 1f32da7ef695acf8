#pragma once
// Input validation (SPEC 1, 2.1, 2.2) for the built-in store and the wire codec. The reference
// model does not use it: it states the same rules in its own code (model/src/model_validation.h)
// so that lockstep sees a mistake here.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "evsim/records/event.h"
#include "evsim/records/status.h"

namespace evsim {

// 1..255 bytes, each in 0x21..0x7E; else invalid_stream_id.
Status ValidateStreamId(std::string_view stream_id);
// Subscription names follow the stream id alphabet; else invalid_argument.
Status ValidateSubscriptionName(std::string_view name);
// -2, -1, -4 or >= 0; else invalid_argument.
Status ValidateExpectedVersion(std::int64_t expected_version);
// SPEC 1 field rules; else invalid_event naming the field.
Status ValidateEventInput(const EventInput& event);
// Bytes that count against the 16 MiB batch bound: every client-set field of every event.
std::size_t BatchBytes(const std::vector<EventInput>& events);
// The order of checks, and so which error wins, is documented in docs/semantics.md:
// stream id, expected-version value, batch bounds, each event, then (by the caller) the
// expected-version check against H(s).
Status ValidateAppend(std::string_view stream_id, std::int64_t expected_version,
                      const std::vector<EventInput>& events);
// True when expected_version passes against the high-water mark (SPEC 2.1).
// REQUIRES: ValidateExpectedVersion(expected_version).ok().
bool ExpectedVersionMatches(std::int64_t expected_version, std::int64_t high_water);

}  // namespace evsim
