#include "evsim/sim/observable_state.h"

#include <xxhash.h>

#include "evsim/integrity/crypto.h"
#include "evsim/sim/invariants.h"

namespace evsim::sim {

std::string DescribeEvent(const Event& event) {
  std::string text = event.stream_id + "@" + std::to_string(event.version) +
                     " id=" + event.event_id + " type=" + event.event_type +
                     " epoch=" + std::to_string(event.epoch_us) +
                     " data=" + crypto::ToHex(event.data);
  for (const auto& [key, value] : event.metadata) text += " m:" + key + "=" + value;
  for (const std::string& tag : event.tags) text += " t:" + tag;
  text += " ct=" + event.data_content_type + "," + event.metadata_content_type;
  if (event.prev_event_hash) text += " prev=" + crypto::ToHex(*event.prev_event_hash);
  if (event.mac) {
    text += " mac=" + std::to_string(event.mac->key_id) + ":" + crypto::ToHex(event.mac->bytes);
  }
  if (event.signature) text += " sig=" + crypto::ToHex(*event.signature);
  return text;
}

std::string DescribeSnapshot(const Snapshot& snapshot) {
  std::string text = snapshot.stream_id + "@" + std::to_string(snapshot.version) +
                     " ts=" + std::to_string(snapshot.timestamp) +
                     " data=" + crypto::ToHex(snapshot.data);
  for (const auto& [key, value] : snapshot.metadata) text += " m:" + key + "=" + value;
  // Every byte of the integrity fields: the model computes them on its own (model_integrity.h),
  // so a wrong anchor or MAC, or one under the wrong key, shows as a divergence.
  if (snapshot.anchor_hash) text += " anchor=" + crypto::ToHex(*snapshot.anchor_hash);
  if (snapshot.mac) {
    text += " mac=" + std::to_string(snapshot.mac->key_id) + ":" + crypto::ToHex(snapshot.mac->bytes);
  }
  return text;
}

Result<std::string> RenderObservableState(EventStoreAdapter& adapter, Capabilities capabilities) {
  std::string text;
  EVSIM_ASSIGN_OR_RETURN(std::vector<std::string> streams, adapter.ListStreams());
  for (const std::string& stream_id : streams) {
    EVSIM_ASSIGN_OR_RETURN(std::int64_t version, adapter.Version(stream_id));
    text += "stream " + stream_id + " H=" + std::to_string(version) + "\n";
    if (!capabilities.Has(Capability::kSnapshots)) continue;
    EVSIM_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, adapter.ListSnapshots(stream_id));
    for (const Snapshot& snapshot : snapshots) {
      text += "  snapshot " + DescribeSnapshot(snapshot) + "\n";
    }
  }
  EVSIM_ASSIGN_OR_RETURN(std::vector<Event> events,
                         ReadGlobalAfter(adapter, Cursor::Beginning(), INT64_MAX));
  for (const Event& event : events) text += "event " + DescribeEvent(event) + "\n";
  if (!capabilities.Has(Capability::kSubscriptions)) return text;
  EVSIM_ASSIGN_OR_RETURN(std::vector<SubscriptionInfo> subscriptions, adapter.ListSubscriptions());
  for (const SubscriptionInfo& info : subscriptions) {
    text += "subscription " + DescribeSubscription(info) + "\n";
  }
  return text;
}

std::string DescribeSubscription(const SubscriptionInfo& info) {
  return info.name + " " + info.selector.ToString() + " checkpoint=" + info.checkpoint.ToString();
}

std::uint64_t DigestOf(std::string_view text) { return XXH3_64bits(text.data(), text.size()); }

}  // namespace evsim::sim
