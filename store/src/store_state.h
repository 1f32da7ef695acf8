#pragma once
// EventStore::State: the store's in-memory state, rebuilt from the log at open, and the Apply*
// functions that change it. Live operations and recovery both change state only through
// Apply*, so a reopened store is in exactly the state its log describes.

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "evsim/probes/probe.h"
#include "evsim/store/event_store.h"
#include "log_writer.h"
#include "secondary_index.h"
#include "stored_event.h"

namespace evsim {

namespace store {

struct StreamData {
  std::int64_t high_water = kNoVersion;
  std::deque<StoredEvent> events;  // present events: versions [first_present(), high_water]
  Hash32 last_chain_hash{};        // chain(e) of the event at high_water (integrity on)
  Hash32 anchor{};                 // chain(e) of the last scavenged event, else zeros
  std::map<std::int64_t, Snapshot> snapshots;
  std::int64_t first_present() const { return high_water - std::int64_t(events.size()) + 1; }
};

struct SubscriptionData {
  Selector selector;
  Cursor checkpoint;        // durable
  Cursor enqueued_through;  // session: the last event considered for the queue
  std::deque<Event> queue;  // delivered, not yet taken; bounded
  bool delivery_posted = false;
  // The last delivery scan reached the end of the global order: nothing to do until an append
  // (or a reopen) adds events after enqueued_through.
  bool caught_up = false;
};

// Bytes an event occupies in the log, for compaction accounting.
std::uint64_t LoggedBytes(const StoredEvent& event);

}  // namespace store

class EventStore::State {
 public:
  State(FileSystem& files, const StoreOptions& options, StoreConfig config);

  StoreConfig config;
  const Mutation mutation;  // test-only (mutation.h)
  std::map<std::string, store::StreamData> streams;    // streams with H(s) >= 0
  store::GlobalMap<const store::StoredEvent*> global;  // every present event
  store::SecondaryIndex index;
  std::map<std::string, store::SubscriptionData> subscriptions;
  std::int64_t last_epoch_us = INT64_MIN + 1;
  store::LogWriter log;
  RecoveryReport recovery;
  std::optional<Status> failure;  // set by the first io_error; cleared only by reopening
  std::uint64_t dead_bytes = 0;
  bool compaction_posted = false;
  // mutant:recreate-keeps-chain only: the chain heads of deleted streams, which that bug's
  // cache forgets to drop.
  std::map<std::string, Hash32> stale_chain_heads;
  // Work items hold a weak reference: work posted by a closed or reopened store does nothing.
  std::shared_ptr<int> alive = std::make_shared<int>(0);

  // --- The only mutators. Each asserts what the log guarantees; recovery checks first.
  // `batch` is the batch record's payload, which the store keeps; `spans[i]` is where the
  // encoding of `events[i]` lies in it. `last_chain_hash` is chain(e) of the batch's last event,
  // which the caller has already computed (sealing or verifying); it is ignored with integrity
  // off.
  void ApplyBatch(const std::string& stream_id, const std::vector<EventView>& events,
                  std::shared_ptr<const std::string> batch,
                  const std::vector<store::EventSpan>& spans, const Hash32& last_chain_hash);
  void ApplyDelete(const std::string& stream_id);
  void ApplyScavenge(const std::string& stream_id, std::int64_t cutoff, const Hash32& anchor);
  void ApplySnapshotSave(const Snapshot& snapshot);
  void ApplySnapshotDelete(const std::string& stream_id, std::int64_t version);  // -1: all
  void ApplySubscribe(const std::string& name, const Selector& selector, const Cursor& checkpoint);
  void ApplyAck(const std::string& name, const Cursor& cursor);
  void ApplyUnsubscribe(const std::string& name);
  void ApplyStreamState(const std::string& stream_id, std::int64_t first_present,
                        const Hash32& anchor);

  // Ok, or the io_error that failed the store, or the recovery error that kept it closed.
  Status CheckWritable() const {
    if (!failure) return Status::Ok();
    EVSIM_PROBE(kRefusedWhileFailed);
    return *failure;
  }
  // Appends one record durably; an io_error fails the store until it is reopened.
  Status Persist(store::log_format::RecordType type, std::string_view payload);

  // Runs the expensive cross-structure checks (EVSIM_EXPENSIVE_CHECKS builds).
  void CheckInvariants() const;
};

}  // namespace evsim
