#pragma once
// What a person reads when a seed fails, for `evsim run`, `replay` and `gate` alike: the seed
// and its header, the invariant that broke and where, the first divergent step, the last trace
// lines, the adapter's last words, the data it left and the replay command. And the failing
// history, shrunk and written as a regression scenario that replays it.

#include <chrono>
#include <string>

#include "evsim/records/result.h"
#include "evsim/sim/simulation.h"

namespace evsim::gate {

std::string DescribeFailure(const sim::Scenario& scenario, const sim::RunOptions& options,
                            const sim::RunResult& result);

struct RegressionWritten {
  std::string path;
  std::size_t operations = 0;       // in the written scenario
  std::size_t history = 0;          // in the failing run, up to the failure
  int runs = 0;                     // simulations the shrinker tried
};

// Shrinks the failing history and writes it to `path` as an `ops:` scenario. io_error when the
// file cannot be written (its directory must exist), naming the path.
// REQUIRES: !result.ok and result.protocol_error is empty.
Result<RegressionWritten> WriteRegression(const sim::Scenario& scenario,
                                          const sim::RunOptions& options,
                                          const sim::RunResult& result, const std::string& path,
                                          std::chrono::seconds time_max);

}  // namespace evsim::gate
