#pragma once
// The observable state of an adapter, rendered as text through the adapter interface only:
// every stream's version, every present event in global order, every snapshot and every
// subscription with its checkpoint. Two adapters agree iff their renderings are equal; the
// lockstep checker digests it per step to name the first divergent step.

#include <cstdint>
#include <string>

#include "evsim/adapter/event_store_adapter.h"

namespace evsim::sim {

// Fails only when the adapter fails to answer (the status is returned). Snapshots and
// subscriptions are rendered only when `capabilities` has them.
Result<std::string> RenderObservableState(EventStoreAdapter& adapter,
                                          Capabilities capabilities = Capabilities::All());
std::uint64_t DigestOf(std::string_view text);
std::string DescribeEvent(const Event& event);
// One line with every field of a snapshot: metadata, anchor and MAC (key id and bytes) included.
std::string DescribeSnapshot(const Snapshot& snapshot);
// "sub-0 by_tags(red,any) checkpoint=1700000000000123/a/0"
std::string DescribeSubscription(const SubscriptionInfo& info);

}  // namespace evsim::sim
