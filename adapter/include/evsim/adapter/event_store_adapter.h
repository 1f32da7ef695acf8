#pragma once
// EventStoreAdapter: the one interface through which evsim drives any event store — the
// reference model, the built-in store, and external processes speaking the wire protocol.
// The simulator, the properties, the gate and the CLI see stores only through it.
//
// Every operation returns a Status or Result; adapters never throw. Semantics are SPEC.md's
// (sections cited per method); evsim's choices where the SPEC is silent are in
// docs/semantics.md. An adapter constructed over an injected Clock reads time only from it.
//
// Threading: an adapter is driven by one thread at a time.

#include <cstdint>
#include <string>
#include <vector>

#include "evsim/adapter/capabilities.h"
#include "evsim/adapter/store_config.h"
#include "evsim/records/cursor.h"
#include "evsim/records/event.h"
#include "evsim/records/result.h"
#include "evsim/records/scavenge.h"
#include "evsim/records/selector.h"
#include "evsim/records/subscription.h"

namespace evsim {

enum class Direction : std::uint8_t { kForward, kBackward };

class EventStoreAdapter {
 public:
  virtual ~EventStoreAdapter() = default;

  virtual Capabilities GetCapabilities() const = 0;

  // --- SPEC 2: append. Returns the new H(s).
  virtual Result<std::int64_t> Append(const std::string& stream_id, std::int64_t expected_version,
                                      const std::vector<EventInput>& events) = 0;

  // --- SPEC 3: reads.
  virtual Result<std::vector<Event>> Read(const std::string& stream_id, std::int64_t from,
                                          std::int64_t count, Direction direction) = 0;
  // H(s); -1 for an unknown stream. invalid_stream_id for a malformed id.
  virtual Result<std::int64_t> Version(const std::string& stream_id) = 0;
  virtual Result<bool> Exists(const std::string& stream_id) = 0;
  virtual Result<std::vector<std::string>> ListStreams() = 0;
  virtual Result<std::vector<Event>> ReadGlobal(const Cursor& after, std::int64_t limit) = 0;

  // --- SPEC 4: delete (ok for an unknown stream).
  virtual Status DeleteStream(const std::string& stream_id) = 0;

  // --- SPEC 5: secondary index lookups; results in global order, at most limit (> 0).
  virtual Result<std::vector<Event>> LookupTags(const std::vector<std::string>& tags,
                                                TagMatch match, std::int64_t limit) = 0;
  virtual Result<std::vector<Event>> LookupTypes(const std::vector<std::string>& types,
                                                 std::int64_t limit) = 0;
  virtual Result<std::vector<Event>> LookupMeta(const std::string& key, const std::string& value,
                                                std::int64_t limit) = 0;

  // --- SPEC 6: snapshots and scavenge.
  virtual Result<Snapshot> SaveSnapshot(const std::string& stream_id, std::int64_t version,
                                        const std::string& data, const Metadata& metadata) = 0;
  virtual Result<Snapshot> ReadLatestSnapshot(const std::string& stream_id) = 0;
  virtual Result<Snapshot> ReadSnapshotAt(const std::string& stream_id, std::int64_t version) = 0;
  virtual Result<std::vector<Snapshot>> ListSnapshots(const std::string& stream_id) = 0;
  virtual Status DeleteSnapshotAt(const std::string& stream_id, std::int64_t version) = 0;
  virtual Status DeleteAllSnapshots(const std::string& stream_id) = 0;
  virtual Result<ScavengeReport> Scavenge(const std::string& stream_id,
                                          const ScavengeOptions& options) = 0;

  // --- SPEC 7: ok, or integrity_violation with the first violation's kind and version.
  // unsupported when the store has integrity disabled.
  virtual Status VerifyStream(const std::string& stream_id) = 0;

  // --- SPEC 8: subscriptions.
  virtual Status Subscribe(const std::string& name, const Selector& selector,
                           const SubscriptionStart& start) = 0;
  virtual Status Unsubscribe(const std::string& name) = 0;  // ok for an unknown name
  virtual Status Ack(const std::string& name, const Cursor& cursor) = 0;
  // Takes up to max_events (> 0) events that the store has delivered to the subscription and
  // not yet handed out, in global order. Delivery itself is the store's background work: an
  // empty answer means "nothing delivered yet", not "nothing to deliver".
  virtual Result<std::vector<Event>> TakeDeliveries(const std::string& name,
                                                    std::int64_t max_events) = 0;
  virtual Result<std::vector<SubscriptionInfo>> ListSubscriptions() = 0;

  // --- Lifecycle: close and reopen from durable state, possibly with rotated keys. Session
  // state (undelivered subscription queues) is dropped; subscriptions resume after their
  // durable checkpoints.
  virtual Status Reopen(const StoreConfig& config) = 0;
};

}  // namespace evsim
