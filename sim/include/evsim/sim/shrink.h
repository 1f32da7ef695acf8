#pragma once
// Shrinking a failing history to a small, readable one that fails the same way. First, for a
// durability failure, the history cut right after a step where the disk faulted and ended by a
// crash that loses every unsynced write (a crash whose effect no layout change can move); then
// every append's expected version loosened to `any` in one try; then delta debugging (ddmin)
// removes operations; then each remaining operation and the scenario's
// configuration are simplified one thing at a time (an event dropped from a batch, an event's
// data, tags or metadata cleared, a fault rate or an index or integrity switched off). Each
// candidate is run as an `ops:` scenario under the same seed and options and kept when it fails
// with the same failure key. Runs are bounded, so shrinking always ends.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "evsim/sim/simulation.h"

namespace evsim::sim {

// What makes two failures "the same" for shrinking: the capability whose invariant they break
// ("index"). Not the text of the message, nor the exact invariant: a shorter history often
// shows the same bug through another check (it ends before the periodic lookup that caught it
// first, and the final index-versus-scan check catches it instead). Protocol errors have no key
// ("") and are never shrunk.
std::string FailureKey(const RunResult& result);

struct ShrinkResult {
  Scenario scenario;            // the configuration, simplified; its ops are not set
  std::vector<Action> actions;  // with `scenario`, still fails with the same key
  int runs = 0;                 // simulations tried
  std::chrono::steady_clock::time_point deadline;
  bool OutOfTime() const { return std::chrono::steady_clock::now() >= deadline; }
};

// REQUIRES: running `actions` as ops under `options` fails with FailureKey `failure_key`.
// Stops after `runs_max` runs or once `time_max` has passed (between runs; a slow external
// adapter is the reason for the second bound), keeping the smallest failing history so far.
// How a candidate runs: RunSimulation, or an isolated run (gate/isolation.h), so that a
// candidate that crashes is a candidate that fails, not a crash of evsim.
using SimulationRunner = std::function<RunResult(const Scenario&, const RunOptions&)>;

ShrinkResult ShrinkFailure(const Scenario& scenario, const RunOptions& options,
                           std::vector<Action> actions, const std::string& failure_key,
                           int runs_max = 10'000,
                           std::chrono::seconds time_max = std::chrono::seconds(120),
                           const SimulationRunner& run = RunSimulation);

}  // namespace evsim::sim
