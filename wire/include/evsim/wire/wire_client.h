#pragma once
// WireClient: an EventStoreAdapter whose every call is one request to an external adapter
// process, in the protocol of docs/wire-protocol.md. It also speaks the lifecycle requests
// (hello, close, pending_work, run_work) that the exec target needs.
//
// Two kinds of failure come back from a call:
// - the adapter's own answer, an error with a SPEC code (`wrong_expected_version`, ...): a
//   result like any other, compared with the model;
// - a protocol violation (garbage, a wrong id, a missing field, a timeout, an exit): violation()
//   is then set, naming the request and the offending line, and every later call answers
//   io_error at once without touching the process. The simulator checks violation() after each
//   call, so a violation is never mistaken for a store's answer.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "evsim/adapter/event_store_adapter.h"
#include "evsim/env/clock.h"
#include "evsim/wire/child_process.h"
#include "evsim/wire/codec.h"

namespace evsim::wire {

struct WireLimits {
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds startup_timeout{20'000};
  std::uint64_t line_bytes_max = 64ull << 20;
};

// What all wire clients of this process sent and received: for benchmarks and reports.
struct WireTraffic {
  std::uint64_t requests = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t events_received = 0;
  double seconds_waiting = 0;  // from writing a request to having its answer's line
};
WireTraffic& ProcessWireTraffic();

// What an adapter said about itself in its hello answer.
struct HelloAnswer {
  std::string name;
  std::string version;
  Capabilities capabilities;
  bool harness_background = true;  // "harness" (true) or "adapter" (false)
};

class WireClient final : public EventStoreAdapter {
 public:
  // REQUIRES: process and clock outlive the client.
  WireClient(ChildProcess& process, Clock& clock, WireLimits limits)
      : process_(process), clock_(clock), limits_(limits) {}

  // The first request of a process. An adapter's error answer is returned as it is (the store
  // could not open); a malformed answer is a violation.
  Result<HelloAnswer> Hello(const std::string& data_directory, const StoreConfig& config,
                            const Json& options);
  // Asks the adapter to exit; ok once it answered and exited with status 0.
  Status Close();
  Result<std::size_t> PendingWork();
  Result<std::optional<std::string>> RunWork(std::uint64_t pick);

  const std::optional<std::string>& violation() const { return violation_; }
  // The last line the adapter sent, for reports.
  const std::string& last_line() const { return last_line_; }

  Capabilities GetCapabilities() const override { return capabilities_; }
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
  // A process cannot be reopened from inside: the exec target closes and restarts it.
  Status Reopen(const StoreConfig&) override;

 private:
  // A request with its id, op and clock reading; the caller adds the op's fields.
  Json Request(std::string_view op);
  // Sends the request and returns the `result` object, the adapter's error, or (after setting
  // violation_) io_error.
  Result<Json> Call(const Json& request, std::chrono::milliseconds timeout);
  Result<Json> Call(const Json& request) { return Call(request, limits_.request_timeout); }
  // Records a violation of the protocol by the request in flight; returns the io_error to hand
  // back to the caller.
  Status Violation(const std::string& what);
  // A result field failed to decode: a violation naming it.
  Status BadResult(const Status& decoded);

  Result<std::vector<Event>> EventsOf(const Json& request);
  Status NothingOf(const Json& request);
  Result<Snapshot> SnapshotOf(const Json& request);

  ChildProcess& process_;
  Clock& clock_;
  WireLimits limits_;
  Capabilities capabilities_ = Capabilities().With(Capability::kCore);
  std::uint64_t next_id_ = 1;
  std::string in_flight_;  // "request 17 (append)"
  std::string last_line_;
  std::optional<std::string> violation_;
};

}  // namespace evsim::wire
