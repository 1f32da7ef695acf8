#include "store_state.h"

#include "evsim/integrity/seal.h"
#include "evsim/records/assert.h"

namespace evsim {
namespace store {

std::uint64_t LoggedBytes(const StoredEvent& event) { return event.encoded().size(); }

}  // namespace store

EventStore::State::State(FileSystem& files, const StoreOptions& options, StoreConfig config_in)
    : config(std::move(config_in)),
      mutation(options.mutation),
      index(config.indexes, options.mutation == Mutation::kIndexSkipsEntry),
      log(files, options.directory, options.segment_bytes_max, options.mutation) {}

void EventStore::State::ApplyBatch(const std::string& stream_id,
                                   const std::vector<EventView>& events,
                                   std::shared_ptr<const std::string> batch,
                                   const std::vector<store::EventSpan>& spans,
                                   const Hash32& last_chain_hash) {
  EVSIM_ASSERT(events.size() == spans.size());
  const auto entry = streams.try_emplace(stream_id).first;
  store::StreamData& stream = entry->second;
  if (config.integrity.enabled) stream.last_chain_hash = last_chain_hash;
  for (std::size_t index_in_batch = 0; index_in_batch < events.size(); ++index_in_batch) {
    const EventView& event = events[index_in_batch];
    EVSIM_ASSERT(event.stream_id == stream_id);
    EVSIM_ASSERT(event.version == stream.high_water + 1);
    last_epoch_us = std::max(last_epoch_us, event.epoch_us);
    stream.high_water = event.version;
    const store::StoredEvent& stored =
        stream.events.emplace_back(batch, spans[index_in_batch], event, &entry->first);
    index.Add(event, stored);
    // Live appends land at the end of the global order; recovery of a compacted base may not.
    const std::size_t size = global.size();
    global.emplace_hint(global.end(), stored.position(), &stored);
    EVSIM_ASSERT_MSG(global.size() == size + 1,
                     "epoch_us strictly increases: positions are unique");
  }
}

void EventStore::State::ApplyDelete(const std::string& stream_id) {
  auto found = streams.find(stream_id);
  if (found == streams.end()) return;
  for (const store::StoredEvent& event : found->second.events) {
    index.Remove(event);
    global.erase(event.position());
    dead_bytes += store::LoggedBytes(event);
  }
  for (const auto& [version, snapshot] : found->second.snapshots) {
    dead_bytes += 64 + snapshot.data.size();
  }
  if (mutation == Mutation::kRecreateKeepsChain) {
    stale_chain_heads[stream_id] = found->second.last_chain_hash;
  }
  streams.erase(found);
}

void EventStore::State::ApplyScavenge(const std::string& stream_id, std::int64_t cutoff,
                                      const Hash32& anchor) {
  store::StreamData& stream = streams.at(stream_id);
  while (!stream.events.empty() && stream.events.front().version() <= cutoff) {
    const store::StoredEvent& event = stream.events.front();
    index.Remove(event);
    global.erase(event.position());
    dead_bytes += store::LoggedBytes(event);
    stream.events.pop_front();
  }
  stream.anchor = anchor;
}

void EventStore::State::ApplySnapshotSave(const Snapshot& snapshot) {
  store::StreamData& stream = streams.at(snapshot.stream_id);
  if (stream.snapshots.contains(snapshot.version)) dead_bytes += 64 + snapshot.data.size();
  stream.snapshots[snapshot.version] = snapshot;
}

void EventStore::State::ApplySnapshotDelete(const std::string& stream_id, std::int64_t version) {
  auto found = streams.find(stream_id);
  if (found == streams.end()) return;
  auto& snapshots = found->second.snapshots;
  for (auto it = snapshots.begin(); it != snapshots.end();) {
    if (version == -1 || it->first == version) {
      dead_bytes += 64 + it->second.data.size();
      it = snapshots.erase(it);
    } else {
      ++it;
    }
  }
}

void EventStore::State::ApplySubscribe(const std::string& name, const Selector& selector,
                                       const Cursor& checkpoint) {
  store::SubscriptionData subscription;
  subscription.selector = selector;
  subscription.checkpoint = checkpoint;
  subscription.enqueued_through = checkpoint;
  const bool inserted = subscriptions.emplace(name, std::move(subscription)).second;
  EVSIM_ASSERT(inserted);
}

void EventStore::State::ApplyAck(const std::string& name, const Cursor& cursor) {
  store::SubscriptionData& subscription = subscriptions.at(name);
  subscription.checkpoint = mutation == Mutation::kAckMovesBack
                                ? cursor
                                : std::max(subscription.checkpoint, cursor);
  dead_bytes += 48 + cursor.stream_id.size();  // the previous ack record is now dead
}

void EventStore::State::ApplyUnsubscribe(const std::string& name) { subscriptions.erase(name); }

void EventStore::State::ApplyStreamState(const std::string& stream_id, std::int64_t first_present,
                                         const Hash32& anchor) {
  EVSIM_ASSERT(!streams.contains(stream_id));
  store::StreamData& stream = streams[stream_id];
  stream.high_water = first_present - 1;
  stream.anchor = anchor;
  stream.last_chain_hash = anchor;
}

Status EventStore::State::Persist(store::log_format::RecordType type, std::string_view payload) {
  EVSIM_RETURN_IF_ERROR(CheckWritable());
  Status status = log.Append(type, payload);
  if (status.code() == ErrorCode::kIoError) {
    failure =
        Status::IoError("store failed and refuses writes until reopened: " + status.message());
  }
  return status;
}

void EventStore::State::CheckInvariants() const {
#if defined(EVSIM_EXPENSIVE_CHECKS) && EVSIM_EXPENSIVE_CHECKS
  std::size_t present = 0;
  for (const auto& [stream_id, stream] : streams) {
    EVSIM_ASSERT(stream.high_water >= 0);
    std::int64_t expected_version = stream.first_present();
    for (const store::StoredEvent& event : stream.events) {
      EVSIM_ASSERT(event.version() == expected_version++);
      EVSIM_ASSERT(event.position().stream_id == &stream_id);
      auto found = global.find(event.position());
      EVSIM_ASSERT(found != global.end() && found->second == &event);
      EVSIM_ASSERT(event.epoch_us() <= last_epoch_us);
    }
    present += stream.events.size();
  }
  EVSIM_ASSERT(present == global.size());
#endif
}

}  // namespace evsim
