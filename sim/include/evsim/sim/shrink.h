#pragma once
// Shrinking a failing history to a small one that fails the same way (delta debugging, ddmin).
// Each candidate is run as an `ops:` scenario under the same seed and options; a candidate is
// kept when it fails with the same failure key. Runs are bounded, so shrinking always ends.

#include <string>
#include <vector>

#include "evsim/sim/simulation.h"

namespace evsim::sim {

// What makes two failures "the same": "divergence on <operation>", or the text before the
// first ':' ("liveness", "crash after io_error", "store invariant").
std::string FailureKey(const std::string& failure);

struct ShrinkResult {
  std::vector<Action> actions;  // still fails with the same key
  int runs = 0;                 // simulations tried
};

// REQUIRES: running `actions` as ops under `options` fails with `failure_key`.
ShrinkResult ShrinkFailure(const Scenario& scenario, const RunOptions& options,
                           std::vector<Action> actions, const std::string& failure_key,
                           int runs_max = 400);

}  // namespace evsim::sim
