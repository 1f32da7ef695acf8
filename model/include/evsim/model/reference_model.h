#pragma once
// ReferenceModel: the oracle. The whole SPEC through the adapter interface, with std::map and
// linear scans, no IO and no cleverness, so that it is correct by reading. Every "present
// events in global order" question is answered by a scan of one ordered map.
//
// Independent of the store: every rule that decides an outcome (input validation, expected
// versions, selectors and tag matching, the global order, the canonical encoding, sealing and
// verification) is the model's own code in model/src/, written from SPEC.md and docs/. It shares
// only data types (records/, adapter/) with the store. The test model_shares_no_deciding_code
// enforces this on the built library (properties/model_independence_test.py).
//
// Durability: the model holds only acknowledged state, so Reopen keeps everything except the
// session state of subscriptions (what was handed out but not acknowledged).

#include <map>
#include <memory>
#include <tuple>

#include "evsim/adapter/event_store_adapter.h"
#include "evsim/env/clock.h"

namespace evsim {

class ReferenceModel final : public EventStoreAdapter {
 public:
  // invalid_argument for a bad configuration.
  static Result<std::unique_ptr<ReferenceModel>> Create(Clock& clock, StoreConfig config);

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

  // Copies keep their own global-order index (pointers into their own events).
  ReferenceModel(const ReferenceModel& other);
  ReferenceModel& operator=(const ReferenceModel&) = delete;

  // Test hook for tamper tests: the stored event, or nullptr. Never used outside tests.
  Event* MutableEventForTesting(const std::string& stream_id, std::int64_t version);

 private:
  struct Stream {
    std::int64_t high_water = kNoVersion;
    std::map<std::int64_t, Event> events;  // present events by version
    Hash32 last_chain_hash{};              // chain(e) of the event at high_water
    Hash32 anchor{};                       // chain(e) of the last scavenged event, else zeros
    std::map<std::int64_t, Snapshot> snapshots;
  };
  struct Subscription {
    Selector selector;
    Cursor checkpoint;  // durable
    Cursor handed_out;  // session: the last event TakeDeliveries returned
  };

  ReferenceModel(Clock& clock, StoreConfig config) : clock_(clock), config_(std::move(config)) {}

  std::int64_t HighWater(const std::string& stream_id) const;
  void RebuildGlobalOrder();
  // The first `limit` present events after `after` matching the predicate, in global order.
  template <typename Predicate>
  std::vector<Event> Scan(const Cursor& after, std::int64_t limit, Predicate predicate) const;

  Clock& clock_;
  StoreConfig config_;
  std::map<std::string, Stream> streams_;  // streams with H(s) >= 0
  std::map<std::string, Subscription> subscriptions_;
  // Every present event keyed by its (epoch_us, stream_id, version): iterating it is the global
  // order, by definition (SPEC 2.4).
  std::map<std::tuple<std::int64_t, std::string, std::int64_t>, const Event*> global_;
  std::int64_t last_epoch_us_ = INT64_MIN + 1;
};

}  // namespace evsim
