#pragma once
// exec:COMMAND: an external adapter process speaking docs/wire-protocol.md. A crash is SIGKILL
// to its process group and a fresh start on the same data directory; a clean restart is the
// `close` request and a fresh start. Each run gets a fresh data directory under the run's data
// root, removed afterwards unless the run failed and asked to keep it.

#include "evsim/sim/target.h"
#include "evsim/targets/target_registry.h"

namespace evsim::targets {

// Starts the command once on a scratch directory to learn what it is (the handshake), then
// returns a factory whose runs start it afresh. invalid_argument naming what went wrong when
// the handshake fails (with the adapter's stderr tail).
Result<sim::TargetFactory> ExecTargetFactory(const std::string& command, const ExecOptions& options);

}  // namespace evsim::targets
