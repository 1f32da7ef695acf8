#pragma once
// The targets evsim can run against, by name. A spec is what users write after --adapter:
//
//   store               the built-in store over the simulated disk: every fault (the default)
//   model               the reference model itself (lockstep with itself: checks the harness)
//   mutant:NAME         the built-in store with one deliberate bug (test-only switches)
//   exec:COMMAND        an external process speaking docs/wire-protocol.md
//
// Making the factory of an exec target starts the command once, on a scratch directory, to
// learn its name, version and capabilities by the handshake; every run then starts it afresh.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "evsim/records/result.h"
#include "evsim/sim/target.h"

namespace evsim::targets {

struct ExecOptions {
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds startup_timeout{20'000};
  std::uint64_t line_bytes_max = 64ull << 20;
  std::string scratch_root;  // where the handshake probe's directory goes (a temp dir if empty)
};

// invalid_argument naming the spec when it is none of the above; for exec:, whatever kept the
// command from starting and answering the handshake (invalid_argument, with its stderr tail).
Result<sim::TargetFactory> MakeTargetFactory(const std::string& spec,
                                             const ExecOptions& exec_options = {});

// The names accepted after `mutant:`.
std::vector<std::string> MutantNames();

}  // namespace evsim::targets
