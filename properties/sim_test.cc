// The simulator (issue 4): determinism, strict scenarios, catching an injected bug, replay.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <vector>

#include "evsim/sim/printable.h"
#include "evsim/sim/scenario.h"
#include "evsim/sim/shrink.h"
#include "evsim/sim/simulated_disk.h"
#include "evsim/sim/simulation.h"
#include "evsim/targets/target_registry.h"

namespace evsim::sim {
namespace {

const std::string kScenarios = EVSIM_SCENARIO_DIR;

Scenario Load(const std::string& relative) {
  Result<Scenario> loaded = LoadScenario(kScenarios + "/" + relative);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return std::move(loaded).value();
}

const TargetFactory& Target(const std::string& spec) {
  static std::map<std::string, TargetFactory> factories;
  auto found = factories.find(spec);
  if (found == factories.end()) {
    found = factories.emplace(spec, targets::MakeTargetFactory(spec).value()).first;
  }
  return found->second;
}
const TargetFactory& Store(bool bug = false) {
  return Target(bug ? "mutant:index-skip" : "store");
}

RunResult RunSeed(const Scenario& scenario, std::uint64_t seed, std::int64_t steps,
                  bool bug = false) {
  RunOptions options;
  options.target = &Store(bug);
  options.seed = seed;
  options.steps = steps;
  return RunSimulation(scenario, options);
}

TEST(SimDeterminism, SameSeedSameDigestTwice) {
  for (const char* file : {"smoke/mixed.yaml", "smoke/crash.yaml", "smoke/integrity.yaml"}) {
    const Scenario scenario = Load(file);
    const RunResult first = RunSeed(scenario, 7, 400);
    const RunResult second = RunSeed(scenario, 7, 400);
    ASSERT_TRUE(first.ok) << file << ": " << first.failure;
    EXPECT_EQ(first.trace_digest, second.trace_digest) << file;
    EXPECT_NE(first.trace_digest, RunSeed(scenario, 8, 400).trace_digest)
        << file << ": another seed is another run";
  }
}

// scenarios/digests.txt pins the digest of a few runs. Every build type (release, debug,
// ASan+UBSan) runs this test against the same file, so they all produce the same digests.
TEST(SimDeterminism, DigestsMatchThePinnedOnesInEveryBuildType) {
  std::ifstream pinned(kScenarios + "/digests.txt");
  ASSERT_TRUE(pinned.good()) << "scenarios/digests.txt is missing";
  std::string line;
  int checked = 0;
  while (std::getline(pinned, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string file, digest;
    std::uint64_t seed = 0;
    std::int64_t steps = 0;
    ASSERT_TRUE(fields >> file >> seed >> steps >> digest) << line;
    const RunResult result = RunSeed(Load(file), seed, steps);
    char actual[32];
    std::snprintf(actual, sizeof actual, "%016llx",
                  static_cast<unsigned long long>(result.trace_digest));
    EXPECT_EQ(actual, digest) << file << " seed " << seed
                              << " (regenerate with scripts/pin-digests after a deliberate change)";
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

// The SQLite store on the simulated disk is as deterministic as the built-in store: SQLite's
// every read, write and sync goes through the seeded disk, its clock and its randomness come
// from the VFS. Pinned here for every build type; a change of SQLite version may change it.
TEST(SimDeterminism, SqliteDigestsArePinned) {
  const std::vector<std::tuple<std::string, std::uint64_t, std::int64_t, std::string>> pinned = {
      {"smoke/crash.yaml", 5, 800, "669881521e1cf6a8"},
      {"smoke/subscriptions.yaml", 4, 800, "6a4a65f29477c83f"},
  };
  for (const auto& [file, seed, steps, digest] : pinned) {
    RunOptions options;
    options.target = &Target("sqlite");
    options.seed = seed;
    options.steps = steps;
    const RunResult result = RunSimulation(Load(file), options);
    ASSERT_TRUE(result.ok) << file << ": " << result.failure;
    char actual[32];
    std::snprintf(actual, sizeof actual, "%016llx",
                  static_cast<unsigned long long>(result.trace_digest));
    EXPECT_EQ(actual, digest) << file << " seed " << seed;
    EXPECT_EQ(RunSimulation(Load(file), options).trace_digest, result.trace_digest) << file;
  }
}

TEST(SimBugs, InjectedIndexBugIsCaughtWithFirstDivergentStepAndReplays) {
  const Scenario scenario = Load("smoke/mixed.yaml");
  const RunResult caught = RunSeed(scenario, 1, 1500, true);
  ASSERT_FALSE(caught.ok) << "the index bug went unnoticed";
  EXPECT_GE(caught.failed_step, 0);
  EXPECT_GE(caught.first_divergent_step, 0);
  EXPECT_LE(caught.first_divergent_step, caught.failed_step);
  const RunResult replayed = RunSeed(scenario, 1, 1500, true);
  EXPECT_EQ(replayed.failed_step, caught.failed_step);
  EXPECT_EQ(replayed.failure, caught.failure);
  EXPECT_EQ(replayed.first_divergent_step, caught.first_divergent_step);
  EXPECT_TRUE(RunSeed(scenario, 1, 1500, false).ok) << "without the bug the same seed passes";
}

TEST(SimBugs, FailureBecomesAnOpsScenarioThatReplaysIt) {
  const Scenario scenario = Load("smoke/mixed.yaml");
  RunOptions recording;
  recording.target = &Store(true);
  recording.seed = 1;
  recording.steps = 1500;
  recording.record_actions = true;
  const RunResult caught = RunSimulation(scenario, recording);
  ASSERT_FALSE(caught.ok);
  const std::vector<Action> full(caught.actions.begin(),
                                 caught.actions.begin() + caught.failed_step + 1);
  RunOptions bug_options;
  bug_options.seed = 1;
  bug_options.target = &Store(true);
  const ShrinkResult shrunk =
      ShrinkFailure(scenario, bug_options, full, FailureKey(caught));
  EXPECT_LT(shrunk.actions.size(), full.size() / 4) << "ddmin should cut most of the history";
  const std::vector<Action>& history = shrunk.actions;
  // The index bug needs neither event data nor torn writes: argument shrinking removes them.
  for (const Action& action : history) {
    if (const Append* append = action.As<Append>()) {
      for (const EventInput& event : append->events) EXPECT_EQ(event.data, "") << action.Describe();
    }
  }
  EXPECT_EQ(shrunk.scenario.faults.torn_write_ppm, 0u);
  const std::string yaml = ScenarioWithOps(shrunk.scenario, history, "regression test");
  Result<Scenario> regression = ParseScenario(yaml, "regression.yaml");
  ASSERT_TRUE(regression.ok()) << regression.status().ToString() << "\n" << yaml.substr(0, 2000);
  ASSERT_EQ(regression.value().ops.size(), history.size());
  RunOptions options;
  options.seed = 1;
  options.target = &Store(true);
  const RunResult replayed = RunSimulation(regression.value(), options);
  EXPECT_FALSE(replayed.ok) << "the ops scenario must reproduce the failure";
  options.target = &Store(false);
  EXPECT_TRUE(RunSimulation(regression.value(), options).ok);
}

// A bug the shrinker had: switching integrity off edited integrity_keys, which only the loader
// turns into the store's configuration, so candidates ran with integrity while the written file
// ran without it (and passed). What is written must read back as what ran.
TEST(SimBugs, AShrunkScenarioReadsBackWithTheConfigurationItRanWith) {
  const Scenario scenario = Load("smoke/integrity.yaml");
  ASSERT_TRUE(scenario.store.integrity.enabled);
  RunOptions options;
  options.target = &Store(true);
  options.record_actions = true;
  RunResult caught;
  for (options.seed = 1; options.seed <= 20; ++options.seed) {
    caught = RunSimulation(scenario, options);
    if (!caught.ok) break;
  }
  ASSERT_FALSE(caught.ok) << "the index bug went unnoticed in 20 seeds";
  const std::vector<Action> history(caught.actions.begin(),
                                    caught.actions.begin() + caught.failed_step + 1);
  RunOptions quiet = options;
  quiet.record_actions = false;
  const ShrinkResult shrunk = ShrinkFailure(scenario, quiet, history, FailureKey(caught));
  EXPECT_FALSE(shrunk.scenario.store.integrity.enabled)
      << "the index bug needs no integrity: shrinking switches it off";
  Result<Scenario> written =
      ParseScenario(ScenarioWithOps(shrunk.scenario, shrunk.actions, "x"), "x.yaml");
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(written.value().store, shrunk.scenario.store);
  EXPECT_FALSE(RunSimulation(written.value(), quiet).ok) << "the written scenario reproduces";
}

// A history with writes of every kind a crash can lose, on a disk whose rates lose nothing: an
// unsynced append to a synced file, a file whose directory entry was never synced, a deletion
// not made durable.
void WriteSomethingOfEveryUnsyncedKind(SimulatedDisk& disk) {
  disk.set_faults(DiskFaults{.lost_unsynced_ppm = 0, .torn_write_ppm = 0,
                             .lost_directory_entry_ppm = 0});
  auto synced = disk.OpenForAppend("/d/synced").value();
  ASSERT_TRUE(synced->Append(std::string(700, 'a')).ok());
  ASSERT_TRUE(synced->Sync().ok());
  auto doomed = disk.OpenForAppend("/d/doomed").value();
  ASSERT_TRUE(doomed->Append("x").ok());
  ASSERT_TRUE(doomed->Sync().ok());
  ASSERT_TRUE(disk.SyncDirectory("/d").ok());
  ASSERT_TRUE(synced->Append(std::string(900, 'b')).ok());  // unsynced, across sectors
  auto fresh = disk.OpenForAppend("/d/fresh").value();       // entry never synced
  ASSERT_TRUE(fresh->Append("y").ok());
  ASSERT_TRUE(fresh->Sync().ok());
  ASSERT_TRUE(disk.DeleteFile("/d/doomed").ok());            // deletion never synced
}

// The harshest crash the contract allows keeps what was synced and nothing else, whatever the
// rates say; a drawn crash with these rates keeps everything.
TEST(SimulatedDiskCrash, LosingEveryUnsyncedWriteKeepsExactlyWhatWasSynced) {
  SimulatedDisk disk(Random(1));
  WriteSomethingOfEveryUnsyncedKind(disk);
  const std::string account = disk.Crash(SimulatedDisk::CrashLoss::kEveryUnsyncedWrite);
  EXPECT_NE(account.find("every unsynced write lost"), std::string::npos) << account;
  EXPECT_EQ(disk.ReadFile("/d/synced").value(), std::string(700, 'a'));
  EXPECT_FALSE(disk.FileExists("/d/fresh"));
  EXPECT_EQ(disk.ReadFile("/d/doomed").value(), "x");
  EXPECT_FALSE(disk.last_crash_left_nothing_to_repair());
  EXPECT_EQ(disk.UnsyncedBytes(), 0u);

  SimulatedDisk gentle(Random(1));
  WriteSomethingOfEveryUnsyncedKind(gentle);
  gentle.Crash();
  EXPECT_EQ(gentle.ReadFile("/d/synced").value(), std::string(700, 'a') + std::string(900, 'b'));
  EXPECT_EQ(gentle.ReadFile("/d/fresh").value(), "y");
  EXPECT_FALSE(gentle.FileExists("/d/doomed"));
}

// A failure that shows late in a long run, recorded with every step's disk choices and
// instant: what the shrinker starts from.
struct LateFailure {
  RunOptions options;  // the mutant and the seed, recording off
  std::string failure_key;
  std::vector<Action> history;  // up to and including the failing step; empty when none
};

LateFailure RecordLateFailure(const Scenario& scenario, const std::string& mutant,
                              std::uint64_t seed) {
  LateFailure late;
  late.options.target = &Target("mutant:" + mutant);
  late.options.seed = seed;
  RunOptions recording = late.options;
  recording.record_actions = true;
  const RunResult caught = RunSimulation(scenario, recording);
  EXPECT_FALSE(caught.ok) << mutant << " went unnoticed";
  EXPECT_GE(caught.failed_step, 1000) << "the failure should come late: " << caught.failure;
  if (caught.ok || caught.failed_step < 1000) return late;
  late.failure_key = FailureKey(caught);
  late.history.assign(caught.actions.begin(), caught.actions.begin() + caught.failed_step + 1);
  return late;
}

// The shrunk history written as a regression file and read back: it reads back exactly, fails
// the same way against the mutant, and passes against the real store.
void ExpectWrittenRegressionReproduces(const LateFailure& late, const ShrinkResult& shrunk) {
  Result<Scenario> written =
      ParseScenario(ScenarioWithOps(shrunk.scenario, shrunk.actions, "x"), "x.yaml");
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  ASSERT_EQ(written.value().ops, shrunk.actions) << "every field reads back";
  RunOptions options = late.options;
  const RunResult replayed = RunSimulation(written.value(), options);
  EXPECT_FALSE(replayed.ok) << "the written scenario reproduces";
  EXPECT_EQ(FailureKey(replayed), late.failure_key) << replayed.failure;
  options.target = &Store();
  EXPECT_TRUE(RunSimulation(written.value(), options).ok) << "and passes against the real store";
}

// A bug the shrinker had (issue 13's durability row): a durability failure found late in a long
// run hangs on its crash's pinned choices, which name unsynced sectors by their order on disk.
// Removing any earlier operation moved the layout, so ddmin could remove almost nothing (1,100
// operations shrank to 1,075). The shrinker now first tries the history cut right after a
// faulted step with a crash that loses every unsynced write.
TEST(SimBugs, ALateDurabilityFailureShrinksPastItsDiskLayout) {
  Result<Scenario> scenario = ParseScenario(R"(
name: late-durability
requires: [durability]
seeds: [39]
steps: 2000
clients: 2
store: {indexes: [tags]}
faults: {crash: 0.003, failed_sync: 0.01, lost_unsynced: 1.0}
weights: {append: 40, read: 10, background: 10}
check_every: 1000000
)",
                                            "late-durability.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.status().ToString();
  const LateFailure late = RecordLateFailure(scenario.value(), "ignore-failed-sync", 39);
  ASSERT_FALSE(late.history.empty());
  ASSERT_EQ(late.failure_key, "durability");
  std::vector<ShrinkProgress> progress;
  const ShrinkResult shrunk =
      ShrinkFailure(scenario.value(), late.options, late.history, late.failure_key, 2'000,
                    std::chrono::seconds(60), RunSimulation,
                    [&progress](const ShrinkProgress& now) { progress.push_back(now); });
  EXPECT_LE(shrunk.actions.size(), 12u) << "shrunk from " << late.history.size();
  // Progress is heard after every candidate, and only ever shrinks.
  ASSERT_EQ(progress.size(), static_cast<std::size_t>(shrunk.runs));
  for (std::size_t index = 0; index < progress.size(); ++index) {
    EXPECT_EQ(progress[index].runs, static_cast<int>(index) + 1);
    EXPECT_EQ(progress[index].history, late.history.size());
    if (index > 0) {
      EXPECT_LE(progress[index].operations, progress[index - 1].operations);
    }
  }
  EXPECT_EQ(progress.back().operations, shrunk.actions.size());
  ExpectWrittenRegressionReproduces(late, shrunk);
}

// Simplifying an operation changes the operation only: a failed sync pinned on an append, or
// the instant it ran at, stays with it (before, a simpler append lost both, so the shrinker
// could not drop an event from the batch whose failed sync the failure needed).
TEST(Shrinking, SimplerFormsKeepTheStepsDiskChoicesAndInstant) {
  Append append;
  append.stream = "s";
  EventInput first;
  first.event_id = "e1";
  first.event_type = "T";
  first.data = "abc";
  EventInput second = first;
  second.event_id = "e2";
  second.data.clear();
  append.events = {first, second};
  Action action(1, append);
  action.disk_choices = {{3, 1}};
  action.at_us = 1'700'000'000'000'123;
  const std::vector<Action> simpler = Simpler(action);
  ASSERT_FALSE(simpler.empty());
  for (const Action& form : simpler) {
    EXPECT_NE(form.operation, action.operation);
    EXPECT_EQ(form.client, 1);
    EXPECT_EQ(form.disk_choices, action.disk_choices) << form.Describe();
    EXPECT_EQ(form.at_us, action.at_us) << form.Describe();
  }
}

// A failure that hangs on an exact instant: the mutant keeps an event whose epoch_us equals a
// scavenge's before_epoch_us. Removing any earlier step used to move every later event in time
// (the clock advances step by step), so the cutoff met no event and the failure went: 1,162
// operations shrank to 576 in 300 s. Recorded steps now carry the instant they ran at.
TEST(SimBugs, ATimeSensitiveFailureShrinksWithItsInstantsPinned) {
  const Scenario scenario = Load("smoke/crash.yaml");
  const LateFailure late = RecordLateFailure(scenario, "epoch-cutoff-exclusive", 1);
  ASSERT_FALSE(late.history.empty());
  for (const Action& action : late.history) {
    ASSERT_TRUE(action.at_us) << "every recorded step has one";
  }
  const ShrinkResult shrunk = ShrinkFailure(scenario, late.options, late.history,
                                            late.failure_key, 3'000, std::chrono::seconds(60));
  EXPECT_LE(shrunk.actions.size(), 12u) << "shrunk from " << late.history.size();
  // Only the instant the failure needs stays pinned: that of the event at exactly the cutoff.
  EXPECT_EQ(std::count_if(shrunk.actions.begin(), shrunk.actions.end(),
                          [](const Action& action) { return action.at_us.has_value(); }),
            1);
  ExpectWrittenRegressionReproduces(late, shrunk);
}

struct BadScenario {
  std::string name;
  std::string yaml;
  std::string expected_message;
};

// ctest lists each case by name instead of gtest's byte dump of the struct.
void PrintTo(const BadScenario& scenario, std::ostream* out) { *out << scenario.name; }

class ScenarioErrors : public ::testing::TestWithParam<BadScenario> {};

TEST_P(ScenarioErrors, NameFileLineAndKey) {
  Result<Scenario> parsed = ParseScenario(GetParam().yaml, "bad.yaml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find(GetParam().expected_message), std::string::npos)
      << parsed.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Each, ScenarioErrors,
    ::testing::Values(
        BadScenario{"unknown_top_level_key", "name: x\nstepz: 10\n",
                    "bad.yaml:2: key 'stepz': unknown key"},
        BadScenario{"unknown_nested_key", "name: x\nstore:\n  indexs: [tags]\n",
                    "bad.yaml:3: key 'store.indexs': unknown key"},
        BadScenario{"wrong_type", "name: x\nsteps: many\n",
                    "bad.yaml:2: key 'steps': expected an integer"},
        BadScenario{"out_of_range", "name: x\nclients: 0\n", "key 'clients': must be in 1..64"},
        BadScenario{"bad_index", "name: x\nstore: {indexes: [colour]}\n", "'colour' is none of"},
        BadScenario{"bad_probability", "name: x\nfaults: {crash: 2}\n",
                    "key 'faults.crash': expected a probability"},
        BadScenario{"unknown_weight", "name: x\nweights: {apend: 3}\n",
                    "key 'weights.apend': unknown operation"},
        BadScenario{"unknown_op", "name: x\nops:\n  - {op: explode}\n",
                    "unknown operation 'explode'"},
        BadScenario{"unknown_op_key", "name: x\nops:\n  - {op: append, streem: a}\n",
                    "key 'ops[].streem': unknown key"},
        BadScenario{"bad_cursor", "name: x\nops:\n  - {op: read_global, after: yesterday}\n",
                    "a cursor is 'beginning'"},
        BadScenario{"malformed_yaml", "name: [x\n", "bad.yaml:2: malformed YAML"},
        BadScenario{"missing_name", "steps: 3\n", "key 'name': is required"},
        BadScenario{"bad_seeds", "name: x\nseeds: 9..1\n", "key 'seeds': '9..1' ends before it starts"},
        BadScenario{"min_over_max", "name: x\nbatch: {min: 5, max: 2}\n", "min exceeds max"},
        // Each operation reads only its own fields; synonyms and strangers are errors.
        BadScenario{"field_of_another_op", "name: x\nops:\n  - {op: lookup_tags, types: [a]}\n",
                    "key 'ops[].types': unknown key"},
        BadScenario{"synonym_of_limit", "name: x\nops:\n  - {op: lookup_tags, max: 3}\n",
                    "key 'ops[].max': unknown key"},
        BadScenario{"client_on_a_fault", "name: x\nops:\n  - {op: crash, client: 1}\n",
                    "key 'ops[].client': unknown key"},
        BadScenario{"lose_unsynced_not_a_boolean",
                    "name: x\nops:\n  - {op: crash, lose_unsynced: everything}\n",
                    "key 'ops[].lose_unsynced'"},
        BadScenario{"at_us_not_an_integer", "name: x\nops:\n  - {op: crash, at_us: noon}\n",
                    "key 'ops[].at_us': expected an integer"},
        BadScenario{"bad_direction", "name: x\nops:\n  - {op: read, direction: sideways}\n",
                    "key 'ops[].direction': expected forward or backward, got 'sideways'"},
        BadScenario{"bad_match", "name: x\nops:\n  - {op: lookup_tags, match: most}\n",
                    "key 'ops[].match': expected any or all"},
        BadScenario{"selector_field_of_another_kind",
                    "name: x\nops:\n  - {op: subscribe, selector: {kind: all, tags: [x]}}\n",
                    "key 'ops[].selector.tags': unknown key"},
        BadScenario{"fault_by_weight", "name: x\nweights: {crash: 3}\n",
                    "key 'weights.crash': a fault strikes at a rate under faults:"}),
    [](const ::testing::TestParamInfo<BadScenario>& info) { return info.param.name; });

// One definition per operation: what the writer writes, the loader reads back as the same
// action, for every kind a run generates.
// Store text reaches terminals and traces escaped: a trace step stays one line, an escape
// sequence cannot rewrite the terminal. Failure reports keep their own line structure (they
// once came out as one line of \x0a).
TEST(Printable, TraceTextIsOneLineAndReportsKeepTheirLines) {
  EXPECT_EQ(Printable("a\nb\x1b[2J\\c"), "a\\x0ab\\x1b[2J\\\\c");
  EXPECT_EQ(PrintableLines("divergence\n  store: \r\x1b"), "divergence\n  store: \\x0d\\x1b");
  EXPECT_EQ(Printable("ümlaut"), "ümlaut") << "UTF-8 is text, not control bytes";
}

// Sparse event shapes are legal and must run: `events.tags: []` once aborted the first
// generated tag lookup (it drew a tag from an empty list).
TEST(ScenarioShapes, EventsWithoutTagsOrMetadataRun) {
  Result<Scenario> parsed = ParseScenario(
      "name: sparse\nevents: {types: [only], tags: [], metadata_keys: []}\n"
      "weights: {lookup_tags: 30, subscribe: 20}\n",
      "sparse.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const RunResult result = RunSeed(parsed.value(), seed, 400);
    EXPECT_TRUE(result.ok) << "seed " << seed << ": " << result.failure;
    EXPECT_EQ(result.steps_run, 400);
  }
}

TEST(Operations, EveryGeneratedActionSurvivesWritingAndReading) {
  std::set<OperationKind> kinds;
  for (const char* file : {"smoke/mixed.yaml", "smoke/integrity.yaml", "smoke/scavenge.yaml"}) {
    const Scenario scenario = Load(file);
    RunOptions options;
    options.target = &Store();
    options.seed = 3;
    options.steps = 600;
    options.record_actions = true;
    const RunResult result = RunSimulation(scenario, options);
    ASSERT_TRUE(result.ok) << result.failure;
    const std::string yaml = ScenarioWithOps(scenario, result.actions, "round trip");
    Result<Scenario> parsed = ParseScenario(yaml, "round-trip.yaml");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    ASSERT_EQ(parsed.value().ops.size(), result.actions.size());
    for (std::size_t index = 0; index < result.actions.size(); ++index) {
      EXPECT_EQ(parsed.value().ops[index], result.actions[index])
          << "written: " << result.actions[index].Describe()
          << "\nread:    " << parsed.value().ops[index].Describe();
      kinds.insert(result.actions[index].kind());
    }
  }
  EXPECT_GE(kinds.size(), kOperationCount - 1) << "bit_flip is off in these scenarios";
}

TEST(ScenarioFiles, EveryShippedScenarioLoads) {
  for (const char* file :
       {"smoke/mixed.yaml", "smoke/crash.yaml", "smoke/integrity.yaml", "smoke/subscriptions.yaml",
        "smoke/scavenge.yaml", "crash-heavy/torn-and-lost.yaml",
        "integrity-heavy/rotation-and-flips.yaml", "subscription-heavy/slow-consumers.yaml",
        "scavenge-heavy/prefix-removal.yaml"}) {
    Result<Scenario> loaded = LoadScenario(kScenarios + "/" + file);
    EXPECT_TRUE(loaded.ok()) << file << ": " << loaded.status().ToString();
  }
  EXPECT_EQ(LoadScenario(kScenarios + "/missing.yaml").status().code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace evsim::sim
