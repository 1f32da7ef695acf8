#pragma once
// Invariant checkers (SPEC 2-8) that run on any adapter through the adapter interface.
// Each returns ok or a failed-precondition style invalid_argument whose message says what broke.
//
// Bounded checks look at a window of the history, so running them every K steps costs the same
// at step 10k and at step 1M; full checks walk everything and run at the end of a run.

#include <string>
#include <vector>

#include "evsim/adapter/event_store_adapter.h"

namespace evsim::sim {

struct IndexProbe {
  std::vector<std::string> tags;
  std::vector<std::string> types;
  std::vector<std::pair<std::string, std::string>> metadata;  // key, value
};

// Up to `limit` events after `after`, paging through read_global. A page longer than asked for,
// or one that does not advance past its cursor, is an invariant failure rather than a loop
// without end.
Result<std::vector<Event>> ReadGlobalAfter(EventStoreAdapter& adapter, Cursor after,
                                           std::int64_t limit);

// Global order strictly increasing (tuple and order key alike), per-stream versions ascending
// and contiguous in the window, timestamp = epoch_us / 1000. `window` events after `after`.
Status CheckOrdering(EventStoreAdapter& adapter, const Cursor& after, std::int64_t window);

// Every probed lookup equals the same predicate applied to a full global read, in order
// (at most `limit` results compared).
Status CheckIndex(EventStoreAdapter& adapter, const IndexProbe& probe, std::int64_t limit);

// With integrity on: verify_stream is ok for every stream, and each snapshot (when
// `capabilities` has snapshots) anchors to its event and carries a MAC that verifies under the
// keyring. Snapshot versions lie in 0..H(s) either way. With `keys_dropped` (a restart left a
// key out of the keyring) verify_stream may also answer unknown_key, as SPEC 7 requires for that
// key's events.
Status CheckChains(EventStoreAdapter& adapter, const IntegrityConfig& integrity,
                   Capabilities capabilities = Capabilities::All(), bool keys_dropped = false);

// All of the above over the whole store (an adapter with every capability).
Status CheckAll(EventStoreAdapter& adapter, const IndexProbe& probe,
                const IntegrityConfig& integrity);

}  // namespace evsim::sim
