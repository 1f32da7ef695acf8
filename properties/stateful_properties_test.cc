// RapidCheck stateful properties (issue 13, item 1), in RapidCheck's own style: rc::state
// commands, one command type per operation kind (OperationCommand<Op>), run against a
// LockstepSession: every command goes to the target under test and to the reference model, and
// the session's checks (lockstep comparison, crash recovery, docs/invariants.md on each side
// alone) must hold after it. The generators aim at the nasty cases on purpose: prefix stream ids,
// a clock that stands still or runs back (same-instant batches), expected versions at every edge,
// scavenges of everything but one event, key rotation mid-stream, subscriptions started at the
// end, acks that go back, delete then re-create, duplicate event ids, empty and multi-tag
// selectors and lookups, non-default content types.
//
// A failing property prints RapidCheck's reproduce string (RC_PARAMS="reproduce=...") and
// writes the shrunk command sequence as an `ops:` scenario (the format of --emit-regression) to
// $EVSIM_RC_REGRESSION_DIR (default: the working directory), named in the failure message.
//
// Budget: RapidCheck's defaults (100 histories of up to 100 commands) in the test command;
// RC_PARAMS="max_success=2000 max_size=400" for a longer search.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <fstream>
#include <map>
#include <set>

#include "evsim/sim/lockstep_session.h"
#include "evsim/targets/target_registry.h"

namespace evsim::sim {
namespace {

// ---- the state RapidCheck keeps: what generation aims at (only a hint while shrinking) -------

struct Hint {
  std::map<std::string, std::int64_t> high_water;  // streams appended to, and H(s) as guessed
  std::set<std::string> subscriptions;             // names subscribed and not unsubscribed
  int crashes = 0;
};

const std::vector<std::string> kStreams = {"a", "a-b", "a|b", "ab", "a-b-c"};  // prefixes
const std::vector<std::string> kTags = {"red", "blue", "green"};
const std::vector<std::string> kTypes = {"Opened", "Moved", "Closed"};
const std::vector<std::string> kSubscriptions = {"sub-a", "sub-b", "sub-c"};
constexpr int kKeys = 3;  // the keyring of the base scenario: key ids 1..3
constexpr std::int64_t kEpochBase = 1'700'000'000'000'000;  // the simulated clock's start

// One of the values, as a T (rc::gen::element wants them all of one type already).
template <typename T, typename... Values>
T Pick(Values... values) {
  return *rc::gen::elementOf(std::vector<T>{static_cast<T>(values)...});
}

rc::Gen<std::string> Stream() { return rc::gen::elementOf(kStreams); }

std::int64_t GuessedHighWater(const Hint& hint, const std::string& stream) {
  auto found = hint.high_water.find(stream);
  return found == hint.high_water.end() ? -1 : found->second;
}

// A version near the edges of a stream: -1, 0, H-1, H, H+1.
std::int64_t EdgeVersion(const Hint& hint, const std::string& stream) {
  const std::int64_t high_water = GuessedHighWater(hint, stream);
  return Pick<std::int64_t>(-1, 0, high_water - 1, high_water, high_water + 1);
}

// Made-up cursors: the beginning, or an event position that may or may not exist, at an epoch
// near the clock's start, in any stream of the prefix pool.
Cursor MadeUpCursor() {
  if (*rc::gen::inRange(0, 4) == 0) return Cursor::Beginning();
  return Cursor::At(kEpochBase + *rc::gen::inRange<std::int64_t>(-1, 3'000),
                    *Stream(), *rc::gen::inRange<std::int64_t>(0, 4));
}

std::vector<std::string> SomeOf(const std::vector<std::string>& pool) {
  std::vector<std::string> picked;
  for (const std::string& item : pool) {
    if (*rc::gen::inRange(0, 2) == 0) picked.push_back(item);
  }
  return picked;  // possibly empty: an empty list matches nothing (SPEC 5, 8)
}

EventInput NastyEvent() {
  EventInput event;
  event.event_id = "e" + std::to_string(*rc::gen::inRange(0, 6));  // ids repeat (SPEC 1)
  event.event_type = *rc::gen::elementOf(kTypes);
  event.data = Pick<std::string>("", "{}", "{\"n\":1}", std::string(300, 'x'));
  if (*rc::gen::inRange(0, 2) == 0) event.metadata["tenant"] = Pick<std::string>("t1", "t2");
  if (*rc::gen::inRange(0, 3) == 0) event.metadata["region"] = "eu";
  event.tags = SomeOf(kTags);
  event.data_content_type =
      Pick<std::string>("application/json", "application/json", "text/plain", "");
  return event;
}

// ---- one generator per operation kind ----------------------------------------------------------

template <typename Op>
Op Nasty(const Hint& hint);

template <>
Append Nasty<Append>(const Hint& hint) {
  Append append;
  append.stream = *Stream();
  const std::int64_t high_water = GuessedHighWater(hint, append.stream);
  append.expected_version = Pick<std::int64_t>(
      kExpectAny, kExpectAny, kExpectNoStream, kExpectStreamExists, high_water, high_water + 1,
      std::max<std::int64_t>(-1, high_water - 1), -3);
  const int count = *rc::gen::inRange(0, 5);  // 0: an empty batch
  for (int index = 0; index < count; ++index) append.events.push_back(NastyEvent());
  return append;
}
template <>
Read Nasty<Read>(const Hint& hint) {
  Read read;
  read.stream = *Stream();
  read.from = std::max<std::int64_t>(0, EdgeVersion(hint, read.stream));
  read.count = Pick<std::int64_t>(1, 2, 1'000, 0);
  read.direction = *rc::gen::element(Direction::kForward, Direction::kBackward);
  return read;
}
template <>
ReadGlobal Nasty<ReadGlobal>(const Hint&) {
  ReadGlobal read;
  read.after = MadeUpCursor();
  read.limit = Pick<std::int64_t>(1, 3, 1'000);
  return read;
}
template <>
Version Nasty<Version>(const Hint&) {
  Version version;
  version.stream = *Stream();
  return version;
}
template <>
ListStreams Nasty<ListStreams>(const Hint&) {
  return ListStreams{};
}
template <>
LookupTags Nasty<LookupTags>(const Hint&) {
  LookupTags lookup;
  lookup.tags = SomeOf(kTags);
  lookup.match = *rc::gen::element(TagMatch::kAny, TagMatch::kAll);
  lookup.limit = Pick<std::int64_t>(1, 4, 1'000);
  return lookup;
}
template <>
LookupTypes Nasty<LookupTypes>(const Hint&) {
  LookupTypes lookup;
  lookup.types = SomeOf(kTypes);
  lookup.limit = Pick<std::int64_t>(1, 4, 1'000);
  return lookup;
}
template <>
LookupMeta Nasty<LookupMeta>(const Hint&) {
  LookupMeta lookup;
  lookup.key = Pick<std::string>("tenant", "region", "absent");
  lookup.value = Pick<std::string>("t1", "t2", "eu");
  lookup.limit = Pick<std::int64_t>(1, 1'000);
  return lookup;
}
template <>
SnapshotSave Nasty<SnapshotSave>(const Hint& hint) {
  SnapshotSave save;
  save.stream = *Stream();
  save.version = EdgeVersion(hint, save.stream);
  save.data = Pick<std::string>("{}", "state");
  return save;
}
template <>
SnapshotRead Nasty<SnapshotRead>(const Hint& hint) {
  SnapshotRead read;
  read.stream = *Stream();
  read.version = EdgeVersion(hint, read.stream);  // -1: the latest
  return read;
}
template <>
SnapshotList Nasty<SnapshotList>(const Hint&) {
  SnapshotList list;
  list.stream = *Stream();
  return list;
}
template <>
SnapshotDelete Nasty<SnapshotDelete>(const Hint& hint) {
  SnapshotDelete remove;
  remove.stream = *Stream();
  remove.version = EdgeVersion(hint, remove.stream);  // -1: all of them
  return remove;
}
template <>
Scavenge Nasty<Scavenge>(const Hint& hint) {
  Scavenge scavenge;
  scavenge.stream = *Stream();
  const std::int64_t high_water = GuessedHighWater(hint, scavenge.stream);
  if (*rc::gen::inRange(0, 4) == 0) {
    scavenge.options.before_epoch_us = kEpochBase + *rc::gen::inRange<std::int64_t>(0, 20'000);
  } else {
    // Everything but the last event, everything, or a little.
    scavenge.options.before_version =
        Pick<std::int64_t>(std::max<std::int64_t>(0, high_water), high_water + 1, 1);
  }
  scavenge.options.keep_versions = Pick<std::int64_t>(0, 0, 1, 2);
  scavenge.options.require_snapshot = *rc::gen::arbitrary<bool>();
  scavenge.options.dry_run = *rc::gen::inRange(0, 4) == 0;
  return scavenge;
}
template <>
Delete Nasty<Delete>(const Hint&) {
  Delete remove;
  remove.stream = *Stream();
  return remove;
}
template <>
Verify Nasty<Verify>(const Hint&) {
  Verify verify;
  verify.stream = *Stream();
  return verify;
}
template <>
Subscribe Nasty<Subscribe>(const Hint&) {
  Subscribe subscribe;
  subscribe.name = *rc::gen::elementOf(kSubscriptions);
  switch (*rc::gen::inRange(0, 6)) {
    case 0:
      subscribe.selector = Selector::All();
      break;
    case 1:
      subscribe.selector = Selector::ByStream(*Stream());
      break;
    case 2:
      subscribe.selector = Selector::ByEventType(*rc::gen::elementOf(kTypes));
      break;
    case 3:
      subscribe.selector =
          Selector::ByTags(SomeOf(kTags), *rc::gen::element(TagMatch::kAny, TagMatch::kAll));
      break;
    case 4:
      subscribe.selector = Selector::ByEventPattern({{"metadata.tenant", "t1"}});
      break;
    default:
      subscribe.selector = Selector::ByEventPattern(
          {{"stream_id", *Stream()}, {"event_type", *rc::gen::elementOf(kTypes)}});
      break;
  }
  switch (*rc::gen::inRange(0, 3)) {
    case 0:
      subscribe.start = SubscriptionStart::Beginning();
      break;
    case 1:
      subscribe.start = SubscriptionStart::End();
      break;
    default:
      subscribe.start = SubscriptionStart::After(MadeUpCursor());
      break;
  }
  return subscribe;
}
template <>
Unsubscribe Nasty<Unsubscribe>(const Hint&) {
  Unsubscribe unsubscribe;
  unsubscribe.name = *rc::gen::elementOf(kSubscriptions);
  return unsubscribe;
}
template <>
Ack Nasty<Ack>(const Hint&) {
  Ack ack;
  ack.name = *rc::gen::elementOf(kSubscriptions);
  ack.cursor = MadeUpCursor();  // often behind the checkpoint: an ack that goes back
  return ack;
}
template <>
Take Nasty<Take>(const Hint&) {
  Take take;
  take.name = *rc::gen::elementOf(kSubscriptions);
  take.max_events = Pick<std::int64_t>(1, 3, 64);
  return take;
}
template <>
Background Nasty<Background>(const Hint&) {
  Background background;
  background.pick = *rc::gen::inRange<std::uint64_t>(0, 1'000);
  return background;
}
template <>
Crash Nasty<Crash>(const Hint&) {
  return Crash{};
}
template <>
Restart Nasty<Restart>(const Hint&) {
  Restart restart;
  restart.active_key_id = static_cast<std::uint32_t>(*rc::gen::inRange(0, kKeys + 1));
  return restart;
}
template <>
ClockJump Nasty<ClockJump>(const Hint&) {
  ClockJump jump;
  // Back, standing still (undoing the step's own advance), or far ahead.
  jump.delta_us = Pick<std::int64_t>(-5'000'000, -1'000, -1, 1, 60'000'000);
  return jump;
}

// ---- the command: one type per operation kind ----------------------------------------------

// Where a failing history is written, as the shrinker narrows it: the last write is the
// shrunk one.
std::string RegressionPath(const std::string& property) {
  const char* directory = std::getenv("EVSIM_RC_REGRESSION_DIR");
  const std::filesystem::path root = directory != nullptr ? directory : ".";
  return (root / ("rc-" + property + ".yaml")).string();
}

struct SessionUnderTest {
  std::unique_ptr<LockstepSession> session;
  std::string property;  // names the regression file
};

// Fails the property with the session's report, after writing the history as a scenario.
void FailWithRegression(SessionUnderTest& sut) {
  const RunResult& result = sut.session->result();
  const std::string path = RegressionPath(sut.property);
  std::ofstream(path) << ScenarioWithOps(
      sut.session->scenario(), result.actions,
      "RapidCheck stateful property " + sut.property + ": " + result.violation.ToString());
  RC_FAIL(result.failure + "\n  the history as an ops: scenario: " + path);
}

template <typename Op>
class OperationCommand final : public rc::state::Command<Hint, SessionUnderTest> {
 public:
  explicit OperationCommand(const Hint& hint)
      : action_(*rc::gen::inRange(0, 2), Nasty<Op>(hint)) {}

  // Restated here, not assumed from generation: while shrinking, the hint the command was
  // generated against is gone.
  void checkPreconditions(const Hint&) const override {
    if (const Restart* restart = action_.As<Restart>()) RC_PRE(restart->active_key_id <= kKeys);
    if (const Append* append = action_.As<Append>()) RC_PRE(append->events.size() <= 4);
  }

  void apply(Hint& hint) const override {
    if (const Append* append = action_.As<Append>()) {
      if (!append->events.empty()) {
        hint.high_water[append->stream] = GuessedHighWater(hint, append->stream) +
                                          static_cast<std::int64_t>(append->events.size());
      }
    } else if (const Delete* remove = action_.As<Delete>()) {
      hint.high_water.erase(remove->stream);
    } else if (const Subscribe* subscribe = action_.As<Subscribe>()) {
      hint.subscriptions.insert(subscribe->name);
    } else if (const Unsubscribe* unsubscribe = action_.As<Unsubscribe>()) {
      hint.subscriptions.erase(unsubscribe->name);
    } else if (action_.As<Crash>() != nullptr) {
      ++hint.crashes;
    }
  }

  void run(const Hint&, SessionUnderTest& sut) const override {
    RC_ASSERT(sut.session->ok());
    sut.session->Execute(action_);
    if (sut.session->ok()) sut.session->CheckInvariants();  // each side alone, then both
    if (!sut.session->ok()) FailWithRegression(sut);
  }

  void show(std::ostream& out) const override { out << action_.Describe(); }

 private:
  Action action_;
};

template <typename... Ops>
auto AnyOf() {
  return rc::state::gen::execOneOfWithArgs<OperationCommand<Ops>...>();
}

// ---- the properties ----------------------------------------------------------------------

constexpr const char* kBaseScenario = R"(
name: rapidcheck-stateful
description: the configuration RapidCheck's stateful properties run on
seeds: [1]
steps: 1
clients: 2
streams: {count: 5, prefix_ids: true}
store:
  indexes: [tags, event_type, "meta:tenant"]
  integrity_keys: 3
  signing: true
  segment_bytes_max: 2048
  subscription_queue_max: 4
  compaction_dead_bytes_min: 1024
faults:
  failed_sync: 0.05
  failed_write: 0.01
  torn_write: 0.7
  lost_directory_entry: 0.5
check_every: 1000000
)";

// Runs one generated history on a fresh session of `target`, then liveness and the final checks.
void CheckHistory(const std::string& target, const std::string& property) {
  static std::map<std::string, TargetFactory> factories;
  if (!factories.contains(target)) {
    factories.emplace(target, targets::MakeTargetFactory(target).value());
  }
  Result<Scenario> scenario = ParseScenario(kBaseScenario, "stateful_properties_test.cc");
  RC_ASSERT(scenario.ok());
  RunOptions options;
  options.target = &factories.at(target);
  options.seed = *rc::gen::inRange<std::uint64_t>(1, 1'000'000);  // the disk's and clock's draws
  SessionUnderTest sut{std::make_unique<LockstepSession>(scenario.value(), options), property};
  RC_ASSERT(sut.session->ok());
  rc::state::check(Hint{}, sut,
                   AnyOf<Append, Append, Append, Read, ReadGlobal, Version, ListStreams,
                         LookupTags, LookupTypes, LookupMeta, SnapshotSave, SnapshotRead,
                         SnapshotList, SnapshotDelete, Scavenge, Delete, Verify, Subscribe,
                         Unsubscribe, Ack, Take, Take, Background, Background, Crash, Crash, Restart,
                         ClockJump>());
  const RunResult finished = sut.session->Finish();
  if (!finished.ok) {
    const std::string path = RegressionPath(property);
    std::ofstream(path) << ScenarioWithOps(sut.session->scenario(), finished.actions,
                                           "RapidCheck stateful property " + property);
    RC_FAIL(finished.failure + "\n  the history as an ops: scenario: " + path);
  }
}

RC_GTEST_PROP(StatefulProperties, StoreAgreesWithTheModelAndKeepsEveryInvariant, ()) {
  CheckHistory("store", "store");
}

// The model against itself: the invariant checks of docs/invariants.md on the model alone
// (a model that broke its own invariants would make every comparison with it meaningless).
RC_GTEST_PROP(StatefulProperties, ModelKeepsEveryInvariant, ()) { CheckHistory("model", "model"); }

// The properties have teeth: against a store with a bug they fail, and the shrunk history they
// write fails against that store as a scenario and passes against the correct one.
class StatefulTeeth : public ::testing::TestWithParam<const char*> {};

TEST_P(StatefulTeeth, TheBugIsFoundShrunkAndWrittenAsAScenarioThatReplaysIt) {
  const std::string mutant = GetParam();
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / "evsim-rc-teeth";
  std::filesystem::create_directories(directory);
  const std::filesystem::path written_path = directory / ("rc-" + mutant + ".yaml");
  std::filesystem::remove(written_path);
  ::setenv("EVSIM_RC_REGRESSION_DIR", directory.c_str(), 1);
  // RapidCheck's configured seed, but up to 1,000 histories: the search stops at the first
  // failure, so a bug found early costs little, and one RapidCheck seed that needs more than
  // the default 100 histories does not make the test flaky.
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  params.maxSuccess = 1'000;
  const rc::detail::TestResult result = rc::detail::checkTestable(
      [&] { CheckHistory("mutant:" + mutant, mutant); }, rc::detail::TestMetadata{}, params);
  ::unsetenv("EVSIM_RC_REGRESSION_DIR");
  rc::detail::FailureResult failure;
  ASSERT_TRUE(result.match(failure)) << "the stateful property did not find " << mutant;
  std::cerr << mutant << ": found after " << failure.numSuccess + 1 << " histories: "
            << failure.description << "\n";

  Result<Scenario> written = LoadScenario(written_path.string());
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  // Short, not minimal: the disk draws its faults from the seed step by step, so dropping one
  // command shifts the draws of those after it and RapidCheck's shrinking (which cannot pin
  // them, unlike evsim's own shrinker) may stop a little above a dozen commands.
  EXPECT_LE(written.value().ops.size(), 20u) << "shrinking should leave a short history";
  for (const std::string& target : {"mutant:" + mutant, std::string("store")}) {
    const TargetFactory factory = targets::MakeTargetFactory(target).value();
    RunOptions options;
    options.target = &factory;
    options.seed = written.value().seeds.front();
    const RunResult replayed = RunSimulation(written.value(), options);
    EXPECT_EQ(replayed.ok, target == "store") << target << ": " << replayed.failure;
  }
}

INSTANTIATE_TEST_SUITE_P(Mutants, StatefulTeeth,
                         ::testing::Values("index-skip", "ignore-failed-sync",
                                           "read-global-includes-cursor"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace evsim::sim
