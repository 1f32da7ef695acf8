#pragma once
// Simulation: one seeded run of a scenario. A target (the store under test, see target.h) and
// the reference model run side by side; every client operation goes to both and the results
// must match; faults the target can take are injected by seeded choice; invariant checkers run
// every `check_every` steps and at the end; a liveness phase heals all faults and requires the
// store to converge. Everything is derived from the seed, so a run replays byte for byte (for an
// external adapter: as long as the adapter itself is deterministic given the protocol's clock).
//
// Trace: one line per step, "step=N actor=A op ... -> result". The trace digest is XXH3 over
// those lines; it is the run's fingerprint and does not depend on build type or machine.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "evsim/probes/probe.h"
#include "evsim/sim/invariant_catalog.h"
#include "evsim/sim/scenario.h"
#include "evsim/sim/target.h"

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

// Told which step is about to run: an isolated run keeps it where its parent can read it if
// the run dies in the middle of the step.
class StepObserver {
 public:
  virtual ~StepObserver() = default;
  virtual void Starting(std::int64_t step, const Action& action) = 0;
};

struct RunOptions {
  // REQUIRES: set. What runs against the model (targets/target_registry.h makes them).
  const TargetFactory* target = nullptr;
  std::uint64_t seed = 1;
  std::int64_t steps = -1;            // -1: the scenario's
  std::ostream* trace = nullptr;      // every trace line, when set
  std::string data_root;              // targets on a real file system make their directory here
  // Keep every action with the disk's choices in RunResult::actions (memory grows with the
  // steps; the failing history of a run is recorded by running its seed again with this set).
  bool record_actions = false;
  bool keep_failed_data = false;      // keep that directory when the run fails
  bool find_first_divergence = true;  // on failure, bisect to the first divergent step
  std::int64_t stop_after_step = -1;  // internal: stop early and deep-compare (bisection)
  Profiler* profiler = nullptr;       // benchmarks only
  StepObserver* observer = nullptr;   // isolated runs
};

struct RunResult {
  bool ok = true;
  std::string failure;                     // what broke, when !ok
  Violation violation;                     // the invariant it broke, when !ok and no protocol
                                           // error
  std::string protocol_error;              // set when the adapter broke the protocol or could
                                           // not start: not an invariant, exit code 2
  std::string diagnostics;                 // the adapter's last words (stderr), when it has any
  std::string data_directory;              // kept for inspection, when the run failed
  CellCounts checked;                      // which invariants the run checked, how often
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
  std::vector<Action> actions;  // what ran, with the disk's choices; when record_actions
  // With record_actions: the steps that acknowledged a client mutation while the disk still
  // held writes not yet synced (a crash right there tests what the acknowledgement promised;
  // shrinking a durability failure cuts the history there first).
  std::vector<std::int64_t> acknowledged_while_unsynced;
  // The store's code probes this run hit (probes/probe_catalog.h), counted on the thread that
  // ran it; the bisection of a failure adds none. Never read by the run itself: the digest is
  // the same whoever looks at them.
  ProbeCounts probes;
};

RunResult RunSimulation(const Scenario& scenario, const RunOptions& options);

// "evsim replay SCENARIO --seed N" with the flags that reproduce `options` (the target's
// --adapter among them).
std::string ReplayCommand(const Scenario& scenario, const RunOptions& options);
// `text` as one word for a POSIX shell (quoted only when it needs to be).
std::string ShellQuote(const std::string& text);

}  // namespace evsim::sim
