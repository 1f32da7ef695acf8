#pragma once
// Regression scenarios: a failing run shrunk to a short `ops:` history that holds everything
// its failure needs (the seed, every operation and fault, every choice its disk made, pinned
// step by step, the store's configuration) and records what it reproduces (the target, the
// failure, the trace digest). Running one checks that record:
//
//   against the recorded target   still fails the same way, same digest: it reproduces
//                                 passes where it failed: "no longer fails" (fixed?)
//                                 fails another way: a new failure
//                                 same outcome, other digest: drift ("the harness changed;
//                                 re-pin with ...")
//   against another target        an ordinary scenario that must pass (a regression)

#include <chrono>
#include <ostream>
#include <string>

#include "evsim/gate/isolation.h"
#include "evsim/records/result.h"
#include "evsim/sim/shrink.h"
#include "evsim/sim/simulation.h"

namespace evsim::gate {

struct RegressionWritten {
  std::string path;
  std::size_t operations = 0;  // in the written scenario
  std::size_t history = 0;     // in the failing run, up to the failure
  int runs = 0;                // simulations the shrinker tried
  sim::Expectation expectation;
};

// Replays the failing seed recording its history, shrinks it, writes the scenario to `path`,
// reads it back and runs it: the file is written only once it reproduces the failure, with
// that run's digest pinned. io_error when the file cannot be written (its directory must
// exist); corruption when the replay or the written file does not fail the same way (a
// nondeterministic adapter).
// REQUIRES: !result.ok and result.protocol_error is empty.
// Every run it makes is isolated (isolation.h) within `limits`.
// `observer` hears of every candidate the shrinker runs (ShrinkProgressLines prints them).
Result<RegressionWritten> WriteRegression(const sim::Scenario& scenario,
                                          const sim::RunOptions& options,
                                          const sim::RunResult& result, const std::string& path,
                                          std::chrono::seconds time_max,
                                          const IsolationLimits& limits,
                                          const sim::ShrinkObserver& observer = {});

// An observer that prints where shrinking stands to `out`, a line at most every
// `every` (never for a shrinking that ends sooner):
//   "  shrinking: 1100 -> 240 operations, 57 runs, 5 s of at most 60 s"
sim::ShrinkObserver ShrinkProgressLines(std::ostream& out,
                                        std::chrono::seconds every = std::chrono::seconds(5));

// The outcome a run records: "none" for a pass, "protocol", or the broken capability/invariant.
std::string OutcomeKey(const sim::RunResult& result);

struct ExpectationCheck {
  enum class Verdict {
    kUnchecked,         // no expectation, or recorded against another target
    kReproduces,        // the recorded outcome and digest
    kNoLongerFails,     // recorded a failure; passes now
    kFailsDifferently,  // another outcome than recorded
    kDrift,             // the recorded outcome, another digest
  };
  Verdict verdict = Verdict::kUnchecked;
  std::string message;  // for people: what happened and what to do
  // Whether the run counts as failed for the exit code (a new failure, or drift).
  bool fails = false;
};

ExpectationCheck CheckExpectation(const sim::Scenario& scenario, const sim::RunOptions& options,
                                  const sim::RunResult& result);

// The scenario file `text` with its `expect:` block set to `expectation` (appended when it has
// none); comments and everything else stay as they are.
std::string PinExpectation(const std::string& text, const sim::Expectation& expectation);

}  // namespace evsim::gate
