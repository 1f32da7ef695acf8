#pragma once
// The conformance gate: the scenario tiers run against one target within a budget, every
// failure attributed to a capability/invariant cell (docs/invariants.md), shrunk and written as
// a regression scenario. The report renders as a text matrix, JUnit XML and Markdown
// (reports.h).
//
// Seeds are taken round-robin over the scenarios (seed 1 of every scenario, then seed 2, ...),
// so a small budget still touches every scenario. A budget in seeds is exact and repeatable; a
// budget in seconds stops starting new seeds once it has passed (each seed it ran is still
// exactly replayable). A protocol violation stops the gate: nothing after it could be trusted.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "evsim/gate/isolation.h"
#include "evsim/gate/shard.h"
#include "evsim/probes/probe.h"
#include "evsim/sim/invariant_catalog.h"
#include "evsim/sim/scenario.h"
#include "evsim/sim/simulation.h"
#include "evsim/sim/target.h"

namespace evsim::gate {

struct Budget {
  std::int64_t seeds = 0;            // > 0: at most this many runs
  std::chrono::seconds seconds{0};   // > 0: start no run after this long
  // "200" (seeds) or "60s"; invalid_argument otherwise.
  static Result<Budget> Parse(const std::string& text);
  std::string ToString() const;
};

struct GateOptions {
  const sim::TargetFactory* target = nullptr;  // REQUIRES: set
  std::vector<sim::Scenario> scenarios;        // in the order of the tiers
  Budget budget{0, std::chrono::seconds(45)};
  std::string work_directory;                  // kept data of failed seeds, regression scenarios
  std::chrono::seconds shrink_time_max{60};
  IsolationLimits isolation;                   // every seed runs in a child process
  std::ostream* progress = nullptr;            // one line per seed, when set
  // Run only this shard's positions of the schedule. The budget still counts positions of the
  // whole schedule, so with a budget in seeds the shards together run exactly the unsharded
  // gate's seeds (a budget in seconds applies to each shard's own time).
  Shard shard;
};

struct FailureRecord {
  std::string scenario_name;
  std::string scenario_path;
  std::uint64_t seed = 0;
  std::int64_t failed_step = -1;
  std::int64_t first_divergent_step = -1;
  std::string failure;
  std::string replay;
  std::string regression_path;     // "" when none was written (and why in regression_note)
  std::string regression_note;
  std::size_t regression_operations = 0;
  std::string report;              // DescribeFailure's text
};

struct CellOutcome {
  std::int64_t seeds = 0;   // runs that checked the cell
  std::int64_t checks = 0;  // checks over all runs
  std::optional<FailureRecord> failure;
};

enum class CellState : std::uint8_t {
  kPass,            // checked and held in every run that checked it
  kFail,
  kNotSupported,    // the target does not declare the capability
  kNotApplicable,   // the invariant says nothing about the capability
  kNotTestable,     // the target cannot take the faults the check needs (bit flips)
  kNotExercised,    // supported, but no run within the budget checked it
};

struct SeedRecord {
  std::string scenario_name;
  std::uint64_t seed = 0;
  bool ok = true;
  std::int64_t steps = 0;
  std::int64_t crashes = 0;
  std::int64_t restarts = 0;
  double seconds = 0;
  std::string violation;  // "index/index-matches-scan" or "protocol"
  std::uint64_t digest = 0;  // the run's trace digest: a shard's run is the unsharded one
};

struct GateReport {
  sim::TargetDescription target;
  Budget budget;
  std::vector<std::string> skipped;  // "crash-heavy (needs durability)"
  std::vector<SeedRecord> runs;
  std::array<std::array<CellOutcome, sim::kInvariantCount>, sim::kCapabilityCount> cells;
  std::optional<FailureRecord> protocol_error;
  double seconds = 0;
  bool budget_exhausted = false;  // seeds were left when the budget ran out
  // The built-in store's code probes hit over every run (zeros for any other target: a store in
  // another process counts in that process). `evsim gate --probes` prints them.
  ProbeCounts probes;

  CellState State(Capability capability, sim::Invariant invariant) const;
  const CellOutcome& Cell(Capability capability, sim::Invariant invariant) const {
    return cells[sim::CapabilityIndex(capability)][static_cast<int>(invariant)];
  }
  std::int64_t TotalSteps() const;
  std::int64_t TotalCrashes() const;
  std::int64_t TotalRestarts() const;
  // 0 every supported invariant held; 1 one broke; 2 the adapter broke the protocol, or no
  // scenario could run at all (nothing judged is never a pass).
  int ExitCode() const;
  // Cells of declared capabilities that no run checked.
  std::vector<std::string> NotExercised() const;
};

GateReport RunGate(const GateOptions& options);

}  // namespace evsim::gate
