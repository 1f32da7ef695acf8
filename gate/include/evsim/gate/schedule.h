#pragma once
// The order in which a suite's seeds run: seed 1 of every scenario, then seed 2 of every
// scenario that has one, and so on. A small budget in seeds still touches every scenario, and
// the runs a budget of N seeds takes are always the same N, whatever the machine's speed.
// The gate, the default suite of `evsim run` and `evsim gate --self-test` share it.

#include <cstdint>
#include <vector>

#include "evsim/sim/scenario.h"

namespace evsim::gate {

struct ScheduledRun {
  const sim::Scenario* scenario;
  std::uint64_t seed;
};

std::vector<ScheduledRun> RoundRobin(const std::vector<const sim::Scenario*>& scenarios);

}  // namespace evsim::gate
