#pragma once
// Isolated runs: each simulation runs in a child process (fork), so that nothing a store under
// test does inside evsim's process can take evsim down with it. An abort, a failed assertion,
// an uncaught exception, a segmentation fault, allocation past the memory bound or a run past
// the time bound ends the child, and the parent reports it as a failed run like any other:
// the step it died in, the operation in flight, the last trace lines, what it wrote on stderr.
// The parent then carries on with the next seed.
//
// The child sends its RunResult back whole (the recorded history included), so an isolated
// run is interchangeable with sim::RunSimulation. The bounds cost a fork per run.

#include <chrono>
#include <cstdint>

#include "evsim/sim/simulation.h"

namespace evsim::gate {

struct IsolationLimits {
  std::chrono::seconds time_max{300};
  std::uint64_t memory_bytes_max = 8ull << 30;  // not enforced under AddressSanitizer
};

sim::RunResult RunIsolated(const sim::Scenario& scenario, const sim::RunOptions& options,
                           const IsolationLimits& limits = {});

}  // namespace evsim::gate
