#pragma once
// The model's own statement of SPEC 1, 2.1, 2.2, 6, 8 and docs/semantics.md's input rules.
//
// Written apart from the store's validation (records/validation.h) on purpose: the model is the
// oracle, and an oracle that calls the code it checks cannot see a bug in it. Both follow the
// same documented order of checks (docs/semantics.md, "Which error wins"), so they agree on the
// error code; their messages are their own (the lockstep comparison compares codes).

#include <cstdint>
#include <string_view>
#include <vector>

#include "evsim/adapter/store_config.h"
#include "evsim/records/event.h"
#include "evsim/records/scavenge.h"
#include "evsim/records/selector.h"
#include "evsim/records/status.h"

namespace evsim::oracle {

// invalid_stream_id unless 1..255 bytes, each in 0x21..0x7E.
Status CheckStreamId(std::string_view stream_id);

// invalid_argument unless 1..255 bytes, each in 0x21..0x7E.
Status CheckSubscriptionName(std::string_view name);

// Everything about an append that does not depend on the store's state, in the documented
// order: stream id, expected-version value, batch bounds, each event.
Status CheckAppend(std::string_view stream_id, std::int64_t expected_version,
                   const std::vector<EventInput>& events);

// SPEC 2.1. The value is one CheckAppend accepted.
bool ExpectedVersionPasses(std::int64_t expected_version, std::int64_t high_water);

// invalid_argument unless limit > 0.
Status CheckLimit(std::int64_t limit);

// SPEC 6 and docs/semantics.md: exactly one cutoff, before_version >= 0, keep_versions >= 0.
Status CheckScavengeOptions(const ScavengeOptions& options);

// by_stream ids follow the stream id rule; pattern keys are event_type, stream_id or
// metadata.<key> with a non-empty key.
Status CheckSelector(const Selector& selector);

// A store's configuration: no empty or repeated meta index, a sound keyring (32-byte keys,
// the active key in it: else unknown_key), 32-byte signing material.
Status CheckStoreConfig(const StoreConfig& config);

// A reopen may rotate keys, never change the indexes or switch integrity on or off.
Status CheckReopen(const StoreConfig& previous, const StoreConfig& next);

}  // namespace evsim::oracle
