// The checkers issue 10 added can fail: each is shown a target that breaks exactly its rule.
// (The built-in store passing them is shown by every scenario run in the test command.)
#include <gtest/gtest.h>

#include "evsim/sim/scenario.h"
#include "evsim/sim/simulation.h"
#include "evsim/targets/target_registry.h"

namespace evsim::sim {
namespace {

Scenario Load(const std::string& relative) {
  Result<Scenario> loaded = LoadScenario(std::string(EVSIM_SCENARIO_DIR) + "/" + relative);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return std::move(loaded).value();
}

RunResult RunSeeds(const Scenario& scenario, const TargetFactory& factory, int seeds) {
  RunResult result;
  for (int seed = 1; seed <= seeds && result.ok; ++seed) {
    RunOptions options;
    options.target = &factory;
    options.seed = static_cast<std::uint64_t>(seed);
    result = RunSimulation(scenario, options);
  }
  return result;
}

// The model hands out every matching event a take asks for: it keeps no delivery queue. Told
// that it keeps one of a single event, it must fail delivery-bounded, not pass.
TEST(CheckerTeeth, ATakeBeyondTheDeliveryQueueBoundFails) {
  TargetFactory claims_a_bound = targets::MakeTargetFactory("model").value();
  claims_a_bound.description.bounds_delivery_queue = true;
  Scenario scenario = Load("smoke/subscriptions.yaml");
  scenario.subscription_queue_max = 1;
  const RunResult result = RunSeeds(scenario, claims_a_bound, 5);
  ASSERT_FALSE(result.ok) << "a take of more than subscription_queue_max events went unseen";
  EXPECT_EQ(result.violation.ToString(), "subscriptions/delivery-bounded");
  EXPECT_NE(result.failure.find("more than the delivery queue holds"), std::string::npos)
      << result.failure;

  // Without the claim the same runs pass: the bound is the target's, not SPEC's.
  const RunResult unclaimed = RunSeeds(scenario, targets::MakeTargetFactory("model").value(), 5);
  EXPECT_TRUE(unclaimed.ok) << unclaimed.failure;
}

// A target whose recovery always says it repaired a torn record: after a crash that left every
// file as written (most crashes of smoke/crash.yaml), that claim is a recovery bug.
class AlwaysRepairs final : public Target {
 public:
  explicit AlwaysRepairs(std::unique_ptr<Target> inner) : inner_(std::move(inner)) {}
  const TargetDescription& description() const override { return inner_->description(); }
  EventStoreAdapter& adapter() override { return inner_->adapter(); }
  Result<std::string> Open(const StoreConfig& config) override { return inner_->Open(config); }
  void Kill() override { inner_->Kill(); }
  Status Close() override { return inner_->Close(); }
  Result<std::size_t> PendingWork() override { return inner_->PendingWork(); }
  Result<std::optional<std::string>> RunWork(std::uint64_t pick) override {
    return inner_->RunWork(pick);
  }
  std::optional<bool> RecoveryRepaired() const override { return true; }

 private:
  std::unique_ptr<Target> inner_;
};

TEST(CheckerTeeth, ARepairAfterACrashThatLeftNothingToRepairFails) {
  const TargetFactory store = targets::MakeTargetFactory("store").value();
  TargetFactory always_repairs = store;
  always_repairs.make = [&store](const TargetEnvironment& environment)
      -> Result<std::unique_ptr<Target>> {
    EVSIM_ASSIGN_OR_RETURN(std::unique_ptr<Target> inner, store.make(environment));
    return std::unique_ptr<Target>(new AlwaysRepairs(std::move(inner)));
  };
  const Scenario scenario = Load("smoke/crash.yaml");
  const RunResult result = RunSeeds(scenario, always_repairs, 3);
  ASSERT_FALSE(result.ok) << "a repair after a clean crash went unseen";
  EXPECT_EQ(result.violation.ToString(), "durability/survives-crash");
  EXPECT_NE(result.failure.find("recovery took complete data for torn"), std::string::npos)
      << result.failure;
}

// The periodic checks say what differs, not only that something does (before: "lookup_tags(red)
// differs: store ok 5 events, model ok 6 events", and for checkpoints not even which one).
TEST(CheckerTeeth, PeriodicChecksShowTheDifference) {
  struct Case {
    const char* yaml;
    const char* mutant;
    const char* says;
    const char* difference;
  };
  const Case cases[] = {
      {"name: periodic-lookup\nseeds: [1]\nsteps: 300\nstore: {indexes: [tags]}\n"
       "weights: {append: 40, read: 10, background: 10}\ncheck_every: 10\n",
       "index-skip", "periodic check: lookup_tags(", "missing from the store: "},
      {"name: periodic-checkpoints\nseeds: [1]\nsteps: 400\nstore: {indexes: [tags]}\n"
       "weights: {append: 30, subscribe: 3, take: 10, ack: 10, background: 5}\ncheck_every: 10\n",
       "ack-moves-back", "periodic check: subscriptions or their checkpoints differ",
       "        checkpoint: store "},
  };
  for (const Case& check : cases) {
    SCOPED_TRACE(check.mutant);
    Result<Scenario> scenario = ParseScenario(check.yaml, "periodic.yaml");
    ASSERT_TRUE(scenario.ok()) << scenario.status().ToString();
    const RunResult result = RunSeeds(
        scenario.value(), targets::MakeTargetFactory(std::string("mutant:") + check.mutant).value(), 1);
    ASSERT_FALSE(result.ok);
    EXPECT_NE(result.failure.find(check.says), std::string::npos) << result.failure;
    EXPECT_NE(result.failure.find("difference (store vs model):"), std::string::npos)
        << result.failure;
    EXPECT_NE(result.failure.find(check.difference), std::string::npos) << result.failure;
  }
}

}  // namespace
}  // namespace evsim::sim
