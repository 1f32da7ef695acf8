#pragma once
// Shrinking a failing history to a small, readable one that fails the same way. The history
// comes with every step's disk choices and instant pinned (Action::disk_choices, at_us), so
// removing a step moves neither the faults nor the times of the others. First, for a
// durability failure, the history cut where a crash hurts (after an acknowledgement that left
// writes unsynced, after a disk fault, in place of a crash) and ended by a crash that loses
// every unsynced write (a crash whose effect no change of the files' layout can move); then
// every append's expected version loosened to `any` in one try; then, in rounds while a round
// changes something, delta debugging (ddmin) removes operations and each remaining operation
// and the scenario's configuration are simplified one thing at a time (the pinned instants
// dropped, a pinned disk choice dropped, an event dropped from a batch, an event's data, tags
// or metadata cleared, integrity or an index switched off, the smallest segments). Each
// candidate is run as an `ops:` scenario under the same seed and options and kept when it fails
// with the same failure key. Runs and time are bounded, so shrinking always ends.

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
};

// Where shrinking stands, after each candidate run: for a progress line (shrinking a long
// history against a slow external adapter can take its whole time bound).
struct ShrinkProgress {
  std::size_t history = 0;     // operations at the start
  std::size_t operations = 0;  // in the smallest failing history so far
  int runs = 0;
  std::chrono::steady_clock::duration elapsed{};
  std::chrono::seconds time_max{};
};
using ShrinkObserver = std::function<void(const ShrinkProgress&)>;

// REQUIRES: running `actions` as ops under `options` fails with FailureKey `failure_key`.
// `acknowledged_while_unsynced`: the recording run's RunResult field of that name, where a
// durability failure's history is cut first (may be empty).
// Stops after `runs_max` runs or once `time_max` has passed (between runs; a slow external
// adapter is the reason for the second bound), keeping the smallest failing history so far.
// How a candidate runs: RunSimulation, or an isolated run (gate/isolation.h), so that a
// candidate that crashes is a candidate that fails, not a crash of evsim.
using SimulationRunner = std::function<RunResult(const Scenario&, const RunOptions&)>;

ShrinkResult ShrinkFailure(const Scenario& scenario, const RunOptions& options,
                           std::vector<Action> actions, const std::string& failure_key,
                           int runs_max = 10'000,
                           std::chrono::seconds time_max = std::chrono::seconds(120),
                           const SimulationRunner& run = RunSimulation,
                           const ShrinkObserver& observer = {},
                           const std::vector<std::int64_t>& acknowledged_while_unsynced = {});

}  // namespace evsim::sim
