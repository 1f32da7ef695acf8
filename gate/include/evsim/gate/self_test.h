#pragma once
// The self-test: the default suite against every public mutant (the built-in store with one
// realistic bug each, store/include/evsim/store/mutation.h). A harness is worth the bugs it
// finds; this measures it. For each mutant the suite's seeds run in the suite's order
// (schedule.h), each isolated in a child process as the gate runs them, until the first one
// fails (the mutant is killed) or the suite's budget or the mutant's time box runs out (it
// survived). A kill is then shrunk with the gate's shrinker, and its shrunk length reported.

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "evsim/gate/isolation.h"
#include "evsim/sim/scenario.h"
#include "evsim/sim/target.h"

namespace evsim::gate {

struct MutantUnderTest {
  std::string name;         // as in mutant:NAME
  std::string description;  // the bug, naming the SPEC section
  const sim::TargetFactory* target = nullptr;  // REQUIRES: set
};

struct SelfTestOptions {
  std::vector<MutantUnderTest> mutants;
  std::vector<sim::Scenario> scenarios;  // the suite, in its order
  std::int64_t seeds_max = 0;            // the suite's budget in seeds (> 0)
  std::chrono::seconds time_per_mutant{60};   // no seed starts after this (a survivor's bound)
  std::chrono::seconds shrink_time_max{5};    // per kill; 0: do not shrink
  std::string work_directory;            // kept data and the shrunk regression scenarios
  IsolationLimits isolation;
  std::ostream* progress = nullptr;      // one line per mutant, when set
};

struct MutantOutcome {
  std::string name;
  std::string description;
  bool killed = false;
  std::string caught_by;   // the invariant that broke ("core/agrees-with-model")
  std::string operation;   // the operation of the step where it broke ("read_global")
  std::string scenario;    // the scenario and seed that killed it
  std::uint64_t seed = 0;
  std::int64_t step = -1;
  std::int64_t seeds_run = 0;      // seeds run up to and including the kill
  double seconds = 0;              // to the kill (or to giving up)
  std::size_t shrunk_operations = 0;  // 0 when not shrunk (see shrink_note)
  std::string shrink_note;
  std::string replay;              // the replay command of the killing seed
  std::string regression_path;     // the shrunk scenario, when written
};

struct SelfTestReport {
  std::vector<MutantOutcome> mutants;
  std::int64_t suite_seeds = 0;  // the suite's budget
  double seconds = 0;
  int Killed() const;
  // The median of the kills' seconds to detection (0 when nothing was killed).
  double MedianDetectionSeconds() const;
  // 0 every mutant killed; 1 one survived.
  int ExitCode() const;
};

SelfTestReport RunSelfTest(const SelfTestOptions& options);

// The kill table as text (what `evsim gate --self-test` prints) and as Markdown.
std::string RenderSelfTestTable(const SelfTestReport& report);
std::string RenderSelfTestMarkdown(const SelfTestReport& report);

}  // namespace evsim::gate
