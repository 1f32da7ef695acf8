#pragma once
// EventStore: evsim's built-in, durable event store — the system under test.
//
// Durability: every mutation (append, delete, scavenge, snapshot save/delete, subscribe, ack,
// unsubscribe) is one framed, checksummed record appended to the active log segment and synced
// before the call returns ok (docs/log-format.md). Opening replays the log: a torn final write
// is truncated and reported in recovery(); damage to completely written data is `corruption`
// naming file and offset, and the store does not open.
//
// Memory: the live state (streams, events, snapshots, subscriptions) is held in ordered
// in-memory structures rebuilt at open; the log is the source of truth. Each present event is
// kept as its log encoding, inside the payload of the batch record it came in (one allocation
// per batch, about the logged size), and decoded when read. The
// global order and the secondary indexes are ordered maps keyed by (epoch_us, stream, version)
// without allocating a key, so a lookup costs O(log n + matches).
//
// Failure: after an io_error on a mutation the store refuses further mutations with io_error
// until it is reopened (what reached the disk is unknown until recovery decides).
//
// Background work (subscription delivery, compaction) is posted to the environment's executor
// as work items; the store never starts a thread.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "evsim/adapter/event_store_adapter.h"
#include "evsim/env/environment.h"
#include "evsim/store/mutation.h"

namespace evsim {

namespace store {
struct StreamData;
}

struct StoreOptions {
  std::string directory;
  // A segment that grows past this is sealed and a new one started.
  std::uint64_t segment_bytes_max = 64ull << 20;
  // Events delivered to a subscription and not yet taken; delivery pauses when it is full.
  std::size_t subscription_queue_events_max = 256;
  // Compaction is posted when removed-but-still-logged bytes exceed this and half the log.
  std::uint64_t compaction_dead_bytes_min = 4ull << 20;
  // Test-only: one deliberate bug the harness must catch (mutation.h).
  Mutation mutation = Mutation::kNone;
};

struct RecoveryReport {
  std::uint64_t segments_replayed = 0;
  std::uint64_t records_replayed = 0;
  std::uint64_t events_recovered = 0;
  bool torn_tail_truncated = false;
  bool trailer_repaired = false;  // the final record was kept and its torn trailer rewritten
  std::string torn_tail_file;
  std::uint64_t torn_tail_offset = 0;
  std::uint64_t torn_tail_bytes = 0;
  std::string ToString() const;
};

class EventStore final : public EventStoreAdapter {
 public:
  // Opens (creating when empty) the store in options.directory.
  // REQUIRES: env.clock, env.files and env.executor outlive the store.
  static Result<std::unique_ptr<EventStore>> Open(Environment env, StoreOptions options,
                                                  StoreConfig config);
  ~EventStore() override;

  Capabilities GetCapabilities() const override { return Capabilities::All(); }
  Result<std::int64_t> Append(const std::string& stream_id, std::int64_t expected_version,
                              const std::vector<EventInput>& events) override;
  Result<std::vector<Event>> Read(const std::string& stream_id, std::int64_t from,
                                  std::int64_t count, Direction direction) override;
  Result<std::int64_t> Version(const std::string& stream_id) override;
  Result<bool> Exists(const std::string& stream_id) override;
  Result<std::vector<std::string>> ListStreams() override;
  Result<std::vector<Event>> ReadGlobal(const Cursor& after, std::int64_t limit) override;
  Status DeleteStream(const std::string& stream_id) override;
  Result<std::vector<Event>> LookupTags(const std::vector<std::string>& tags, TagMatch match,
                                        std::int64_t limit) override;
  Result<std::vector<Event>> LookupTypes(const std::vector<std::string>& types,
                                         std::int64_t limit) override;
  Result<std::vector<Event>> LookupMeta(const std::string& key, const std::string& value,
                                        std::int64_t limit) override;
  Result<Snapshot> SaveSnapshot(const std::string& stream_id, std::int64_t version,
                                const std::string& data, const Metadata& metadata) override;
  Result<Snapshot> ReadLatestSnapshot(const std::string& stream_id) override;
  Result<Snapshot> ReadSnapshotAt(const std::string& stream_id, std::int64_t version) override;
  Result<std::vector<Snapshot>> ListSnapshots(const std::string& stream_id) override;
  Status DeleteSnapshotAt(const std::string& stream_id, std::int64_t version) override;
  Status DeleteAllSnapshots(const std::string& stream_id) override;
  Result<ScavengeReport> Scavenge(const std::string& stream_id,
                                  const ScavengeOptions& options) override;
  Status VerifyStream(const std::string& stream_id) override;
  Status Subscribe(const std::string& name, const Selector& selector,
                   const SubscriptionStart& start) override;
  Status Unsubscribe(const std::string& name) override;
  Status Ack(const std::string& name, const Cursor& cursor) override;
  Result<std::vector<Event>> TakeDeliveries(const std::string& name,
                                            std::int64_t max_events) override;
  Result<std::vector<SubscriptionInfo>> ListSubscriptions() override;
  Status Reopen(const StoreConfig& config) override;

  const RecoveryReport& recovery() const;
  // Bytes of the log on disk, and how many of them hold removed data.
  std::uint64_t log_bytes() const;
  std::uint64_t dead_bytes() const;
  bool compaction_pending() const;

  class State;  // the in-memory state and log writer; store/src/store_state.h

 private:
  EventStore(Environment env, StoreOptions options);
  // Ok while the store is open; the recovery error while it is not.
  Status CheckOpen() const;
  // SPEC 2.1 against `stream` (nullptr: no such stream), with the test-only mutations of it.
  bool ExpectedVersionPasses(std::int64_t expected_version, const store::StreamData* stream) const;
  void PostDelivery(const std::string& name);
  // Selector::Matches, with the test-only mutation of it.
  bool DeliveryMatches(const Selector& selector, const Event& event) const;
  void DeliverSome(const std::string& name);
  void PostDeliveriesToAll();
  void MaybeCompact();
  void Compact();

  Environment env_;
  StoreOptions options_;
  std::unique_ptr<State> state_;
};

}  // namespace evsim
