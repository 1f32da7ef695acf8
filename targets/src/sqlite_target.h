#pragma once
// The `sqlite` target: the SQLite store (adapters/sqlite) in process, its database on the
// simulated disk through the FileSystem VFS, its background work queued for the simulator.
// `sqlite` runs WAL with synchronous=FULL; `sqlite:JOURNAL-SYNC` (for example
// `sqlite:delete-full`) picks other SQLite settings, to show which of them lose acknowledged
// batches at a crash (docs/sqlite-store.md).

#include <string>

#include "evsim/records/result.h"
#include "evsim/sim/target.h"

namespace evsim::targets {

Result<sim::TargetFactory> SqliteTargetFactory(const std::string& spec);

}  // namespace evsim::targets
