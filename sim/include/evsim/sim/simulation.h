#pragma once
// Simulation: one seeded run of a scenario. The built-in store (over the simulated disk, clock
// and executor) and the reference model run side by side; every client operation goes to both
// and the results must match; faults are injected by seeded choice; invariant checkers run
// every `check_every` steps and at the end; a liveness phase heals all faults and requires the
// store to converge. Everything is derived from the seed, so a run replays byte for byte.
//
// Trace: one line per step, "step=N actor=A op ... -> result". The trace digest is XXH3 over
// those lines; it is the run's fingerprint and does not depend on build type or machine.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "evsim/sim/scenario.h"

namespace evsim::sim {

// Optional timing hooks for benchmarks. They observe a run and return nothing to it, so a
// profiler cannot change what a run does (nor its digest).
class Profiler {
 public:
  enum class Section : std::uint8_t { kStore, kModel, kCheckers };
  virtual ~Profiler() = default;
  virtual void Enter(Section section) = 0;
  virtual void Leave(Section section) = 0;
  virtual void StepDone(std::int64_t step) = 0;
};

struct RunOptions {
  std::uint64_t seed = 1;
  std::int64_t steps = -1;            // -1: the scenario's
  bool inject_index_bug = false;      // the store's test-only switch: the tag index skips entries
  std::ostream* trace = nullptr;      // every trace line, when set
  bool find_first_divergence = true;  // on failure, bisect to the first divergent step
  std::int64_t stop_after_step = -1;  // internal: stop early and deep-compare (bisection)
  Profiler* profiler = nullptr;       // benchmarks only
};

struct RunResult {
  bool ok = true;
  std::string failure;                     // what broke, when !ok
  std::int64_t failed_step = -1;           // where it was observed
  std::int64_t first_divergent_step = -1;  // the first step after which store and model differ
  std::int64_t steps_run = 0;
  std::int64_t crashes = 0;
  std::int64_t restarts = 0;
  std::int64_t io_errors = 0;
  std::int64_t corruptions_detected = 0;
  std::int64_t divergence_checks = 0;
  std::uint64_t trace_digest = 0;
  std::string header;  // seed and derived options, printed first
  std::vector<std::string> last_trace_lines;
  std::vector<Action> actions;  // what ran, for `ops:` regression scenarios
};

RunResult RunSimulation(const Scenario& scenario, const RunOptions& options);

// "evsim replay SCENARIO --seed N" with the flags that reproduce `options`.
std::string ReplayCommand(const Scenario& scenario, const RunOptions& options);

}  // namespace evsim::sim
