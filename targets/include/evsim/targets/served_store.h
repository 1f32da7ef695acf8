#pragma once
// The built-in stores that `evsim serve` offers over the wire protocol:
//   store  the built-in store on a real directory, through the POSIX file system; background
//          work exposed to the harness (pending_work, run_work); every capability
//   sqlite the SQLite store (adapters/sqlite) on a real directory, through the same VFS over
//          the POSIX file system; background work exposed to the harness; every capability
//   model  the reference model, in memory: every capability but durability (a killed process
//          forgets everything), deliveries made inside take_deliveries
//
// `directory` is --dir: when set, the store lives in it (hello without a data_dir) or in
// DIR/<last part of hello's data_dir>; when empty, in hello's data_dir.

#include <memory>
#include <string>

#include "evsim/records/result.h"
#include "evsim/wire/wire_server.h"

namespace evsim::targets {

// invalid_argument for a kind other than store, sqlite or model.
Result<std::unique_ptr<wire::ServedStore>> MakeServedStore(const std::string& kind,
                                                           const std::string& directory);

}  // namespace evsim::targets
