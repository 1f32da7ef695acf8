#pragma once
// What every operation type (sim/operations/*.h) is written against: how it reads and writes
// its fields in a scenario's `ops:` list, what it may draw on to generate itself, what applying
// it to an adapter returns, and the environment that performs the faults. One operation is one
// small type in one file; the registry (operation.h) lists them. Nothing here knows YAML or the
// simulator: scenario.cc, scenario_writer.cc and simulation.cc implement these interfaces.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evsim/adapter/event_store_adapter.h"
#include "evsim/sim/random.h"

namespace evsim::sim {


// Who does an operation: a client of the store, the store's own background work, or the
// environment (a fault).
enum class OperationRole : std::uint8_t { kClient, kBackground, kFault };

// The result of one operation on one adapter, rendered so two adapters can be compared.
struct Outcome {
  Status status;
  std::string rendered;         // the value, fully; empty on error
  std::vector<Event> events;    // events returned (reads, lookups, deliveries)
  std::string Summary() const;  // short form for the trace, with a hash of `rendered`
};
Outcome OutcomeOf(const Status& status);
Outcome OutcomeOf(const Result<std::vector<Event>>& events);
Outcome OutcomeOf(const Result<std::int64_t>& number);
Outcome OutcomeOf(const Result<std::vector<std::string>>& names);
Outcome OutcomeOf(const Result<Snapshot>& snapshot);
Outcome OutcomeOf(const Result<std::vector<Snapshot>>& snapshots);
Outcome OutcomeOf(const Result<ScavengeReport>& report);

// An operation's fields in one `ops:` entry. Each reader leaves `out` as it is when the key is
// absent; a value of the wrong type or out of range is an error naming the file, line and key.
// Keys an operation does not read are errors too (the caller checks, after Read).
class OperationFields {
 public:
  virtual ~OperationFields() = default;
  virtual Status Text(std::string_view key, std::string& out) = 0;
  virtual Status Integer(std::string_view key, std::int64_t& out, std::int64_t min,
                         std::int64_t max) = 0;
  virtual Status Boolean(std::string_view key, bool& out) = 0;
  virtual Status Texts(std::string_view key, std::vector<std::string>& out) = 0;
  virtual Status Events(std::string_view key, std::vector<EventInput>& out) = 0;
  virtual Status SelectorOf(std::string_view key, Selector& out) = 0;
  virtual Status StringMap(std::string_view key, Metadata& out) = 0;
  virtual bool Has(std::string_view key) = 0;
  // "FILE:LINE: key 'ops[].KEY': WHAT" as invalid_argument.
  virtual Status Error(std::string_view key, const std::string& what) = 0;
};

// An operation's fields as they are written into an `ops:` entry.
class OperationWriter {
 public:
  virtual ~OperationWriter() = default;
  virtual void Text(std::string_view key, const std::string& value) = 0;
  virtual void Integer(std::string_view key, std::int64_t value) = 0;
  virtual void Boolean(std::string_view key, bool value) = 0;
  virtual void Texts(std::string_view key, const std::vector<std::string>& values) = 0;
  virtual void Events(std::string_view key, const std::vector<EventInput>& events) = 0;
  virtual void SelectorOf(std::string_view key, const Selector& selector) = 0;
  virtual void StringMap(std::string_view key, const Metadata& map) = 0;
};

// Typed fields shared by several operations, over the two interfaces above.
Status ReadCursor(OperationFields& fields, std::string_view key, Cursor& out);
Status ReadExpected(OperationFields& fields, std::string_view key, std::int64_t& out);
Status ReadStart(OperationFields& fields, std::string_view key, SubscriptionStart& out);
Status ReadDirection(OperationFields& fields, std::string_view key, Direction& out);
Status ReadMatch(OperationFields& fields, std::string_view key, TagMatch& out);
std::string ExpectedText(std::int64_t expected);  // "any", "no_stream", "stream_exists", "5"
std::string StartText(const SubscriptionStart& start);  // "beginning", "end", a cursor
std::string MatchText(TagMatch match);                   // "any", "all"

// What a client operation generates itself from. Before an operation's own arguments, these
// basics are drawn from random(), in this order, for every client operation alike (the trace
// digests depend on the order): a stream, its high-water mark in the model, a limit 1..20 and
// a subscription name sub-0..sub-3.
class ClientGeneration {
 public:
  virtual ~ClientGeneration() = default;
  virtual Random& random() = 0;  // the client's own stream
  // The scenario's shape.
  virtual const std::vector<std::string>& event_types() const = 0;
  virtual const std::vector<std::string>& tags() const = 0;
  virtual const std::vector<std::string>& metadata_keys() const = 0;
  virtual const std::vector<std::string>& metadata_values() const = 0;
  // The basics.
  virtual const std::string& stream() const = 0;
  virtual std::int64_t high_water() const = 0;
  virtual std::int64_t limit() const = 0;
  virtual const std::string& subscription() const = 0;
  virtual std::string PickStream() = 0;
  virtual Cursor PickCursor() = 0;  // a cursor seen in a result, or the beginning
  virtual bool KnowsCursors() const = 0;
  virtual std::optional<Cursor> LastDelivered(const std::string& subscription) const = 0;
  virtual std::vector<EventInput> GenerateEvents() = 0;  // a batch of the scenario's shape
  // The scenario's `wide_generators`: operations draw their rarer cases only when it is set
  // (and only then draw for them, so that other scenarios keep their digests).
  virtual bool wide() const { return false; }
};

// What a fault or background operation generates itself from.
class EnvironmentGeneration {
 public:
  virtual ~EnvironmentGeneration() = default;
  virtual Random& random() = 0;
  virtual const StoreConfig& config() const = 0;
  virtual bool drops_keys() const { return false; }  // the scenario's store.drop_keys
  // The scenario's `wide_generators` (as ClientGeneration::wide).
  virtual bool wide() const { return false; }
};

// What performs the environment's operations: the simulation (or a test's system under test).
// Each returns the line the trace shows.
class OperationEnvironment {
 public:
  virtual ~OperationEnvironment() = default;
  virtual std::string RunBackground(std::uint64_t pick) = 0;
  // `lose_every_unsynced_write`: the disk keeps what was synced and nothing else (otherwise its
  // choices decide, write by write).
  virtual std::string Crash(bool lose_every_unsynced_write) = 0;
  // `dropped_key_id`: a key the reopened store's keyring lacks (0: the whole keyring).
  virtual std::string Restart(std::uint32_t active_key_id, std::uint32_t dropped_key_id) = 0;
  virtual std::string JumpClock(std::int64_t delta_us) = 0;
  virtual std::string FlipBit() = 0;
};

// What the simulation remembers of results, for the generators and checks that follow.
class OperationMemory {
 public:
  virtual ~OperationMemory() = default;
  // A (re)subscribe or unsubscribe: the name's next incarnation may start anywhere.
  virtual void ForgetCheckpoint(const std::string& subscription) = 0;
  virtual void Delivered(const std::string& subscription, const Cursor& last) = 0;
};

}  // namespace evsim::sim
