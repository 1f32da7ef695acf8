#pragma once
// What a person reads when a seed fails, for `evsim run`, `replay` and `gate` alike: the seed
// and its header, the invariant that broke and where, the first divergent step, the last trace
// lines, the adapter's last words, the data it left and the replay command.

#include <string>

#include "evsim/records/result.h"
#include "evsim/sim/simulation.h"

namespace evsim::gate {

std::string DescribeFailure(const sim::Scenario& scenario, const sim::RunOptions& options,
                            const sim::RunResult& result);

}  // namespace evsim::gate
