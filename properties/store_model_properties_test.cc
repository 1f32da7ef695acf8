// RapidCheck properties over random histories: the store and the model agree after every
// operation, and the ordering, index and hash-chain invariants hold on both. A failing history
// is shrunk by RapidCheck to a minimal one.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "evsim/env/executor.h"
#include "evsim/model/reference_model.h"
#include "evsim/sim/invariants.h"
#include "evsim/sim/observable_state.h"
#include "evsim/sim/simulated_disk.h"
#include "evsim/store/event_store.h"
#include "spec/spec_fixture.h"

namespace evsim::testing {
namespace {

struct Operation {
  enum class Kind { kAppend, kScavenge, kDelete, kSnapshot, kReopen, kClockBack } kind;
  int stream = 0;
  int count = 1;
  int version = 0;
  std::vector<int> tags;  // indexes into kTags, per event
};

const std::vector<std::string> kStreams = {"a", "a-b", "ab", "a|b"};
const std::vector<std::string> kTags = {"red", "blue", "green"};

void showValue(const Operation& operation, std::ostream& out) {
  static const char* kNames[] = {"append",   "scavenge", "delete",
                                 "snapshot", "reopen",   "clock_back"};
  out << kNames[static_cast<int>(operation.kind)] << "(" << kStreams[operation.stream]
      << ", count=" << operation.count << ", version=" << operation.version << ")";
}

rc::Gen<Operation> OperationGen() {
  return rc::gen::apply(
      [](int kind, int stream, int count, int version, std::vector<int> tags) {
        Operation operation;
        operation.kind = static_cast<Operation::Kind>(kind < 8 ? 0 : kind - 7);
        operation.stream = stream;
        operation.count = count;
        operation.version = version;
        operation.tags = std::move(tags);
        return operation;
      },
      rc::gen::inRange(0, 13), rc::gen::inRange(0, 4), rc::gen::inRange(1, 5),
      rc::gen::inRange(0, 12), rc::gen::container<std::vector<int>>(5, rc::gen::inRange(0, 3)));
}

Status Apply(EventStoreAdapter& adapter, ManualClock& clock, const Operation& operation,
             const StoreConfig& config, int& next_id) {
  const std::string& stream = kStreams[operation.stream];
  switch (operation.kind) {
    case Operation::Kind::kAppend: {
      std::vector<EventInput> events;
      for (int index = 0; index < operation.count; ++index) {
        events.push_back(Ev("e" + std::to_string(next_id++), index % 2 ? "Moved" : "Opened",
                            {kTags[operation.tags[index] % 3]},
                            {{"tenant", index % 2 ? "t1" : "t2"}}));
      }
      return adapter.Append(stream, kExpectAny, events).status();
    }
    case Operation::Kind::kScavenge:
      return adapter.Scavenge(stream, BeforeVersion(operation.version)).status();
    case Operation::Kind::kDelete:
      return adapter.DeleteStream(stream);
    case Operation::Kind::kSnapshot:
      return adapter.SaveSnapshot(stream, operation.version, "{}", {}).status();
    case Operation::Kind::kReopen:
      return adapter.Reopen(config);
    case Operation::Kind::kClockBack:
      clock.Advance(-1'000'000);  // the epoch must still increase (SPEC 2.3)
      return Status::Ok();
  }
  return Status::Ok();
}

RC_GTEST_PROP(StoreAgainstModel, RandomHistoriesAgreeAndKeepInvariants, ()) {
  const auto operations = *rc::gen::container<std::vector<Operation>>(OperationGen());
  const bool integrity = *rc::gen::arbitrary<bool>();
  StoreConfig config = IndexedConfig();
  if (integrity) config.integrity = TestIntegrity();
  ManualClock clock;
  sim::SimulatedDisk disk(sim::Random(3));
  QueueExecutor executor;
  StoreOptions options;
  options.directory = "/prop";
  options.segment_bytes_max = 2048;
  options.compaction_dead_bytes_min = 512;
  auto store = std::move(EventStore::Open({&clock, &disk, &executor}, options, config)).value();
  auto model = std::move(ReferenceModel::Create(clock, config)).value();
  const sim::IndexProbe probe{kTags, {"Opened", "Moved"}, {{"tenant", "t1"}, {"tenant", "t2"}}};
  int store_ids = 0, model_ids = 0;
  for (const Operation& operation : operations) {
    clock.Advance(100);
    const Status from_store = Apply(*store, clock, operation, config, store_ids);
    if (operation.kind == Operation::Kind::kClockBack) clock.Advance(1'000'000);  // applied once
    const Status from_model = Apply(*model, clock, operation, config, model_ids);
    if (operation.kind == Operation::Kind::kClockBack) clock.Advance(-1'000'000);
    RC_ASSERT(from_store.SameOutcome(from_model));
    executor.RunUntilIdle();  // compaction may run between any two operations
    RC_ASSERT(sim::RenderObservableState(*store).value() ==
              sim::RenderObservableState(*model).value());
    for (EventStoreAdapter* adapter : {static_cast<EventStoreAdapter*>(store.get()),
                                       static_cast<EventStoreAdapter*>(model.get())}) {
      const Status checked = sim::CheckAll(*adapter, probe, config.integrity);
      RC_ASSERT(checked.ok());
    }
  }
}

}  // namespace
}  // namespace evsim::testing
