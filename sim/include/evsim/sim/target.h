#pragma once
// Target: the system under test as the simulator sees it. An EventStoreAdapter (the operations)
// bundled with its lifecycle (open on a data location, die, come back, close) and its fault
// surface (which faults it can take). The simulator drives every store through this interface
// and never names a concrete store: `targets/` builds the built-in ones (`store`, `model`,
// `exec:COMMAND`) from a spec string.
//
// Lifecycle, as the simulator calls it:
//   Open(config)                      first start: create the store on its data location
//   Kill(); [disk crash]; Open(...)   a crash: the process dies, then starts again
//   Close(); Open(config')            a clean restart, possibly with rotated keys
// Open after Kill or Close recovers from what is durable. An io_error from Open is a fault
// during recovery; the simulator may crash the disk again and retry.
//
// Errors are values: no method throws. A target whose adapter broke the protocol (an external
// process that answered garbage, hung or died) reports it through broken(); the simulator then
// ends the run with a protocol error rather than an invariant failure.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "evsim/adapter/event_store_adapter.h"
#include "evsim/env/clock.h"
#include "evsim/sim/simulated_disk.h"

namespace evsim::sim {

// The faults a target can take. What it cannot take is switched off for it (and said so).
struct FaultSurface {
  bool crash = false;          // Kill then Open on the same data: SPEC 2.5 is checked after it
  bool restart = false;        // Close then Open with a new config (key rotation)
  bool disk_faults = false;    // its files go through the simulated disk: failed syncs and
                               // writes, unsynced data torn or lost at a crash
  std::string bit_flip_files;  // suffix of the files whose synced bits may be flipped ("" none)
};

// Who runs a target's background work (subscription delivery, compaction).
enum class BackgroundMode : std::uint8_t {
  kHarness,  // queued as work items; the simulator runs them one at a time by seeded choice
  kAdapter,  // done synchronously inside the requests (deliveries during take)
};

struct TargetDescription {
  std::string spec;      // how it was named: "store", "model", "exec:python3 my_adapter.py"
  std::string name;      // what the adapter calls itself
  std::string version;   // the adapter's version, free text
  Capabilities capabilities;
  FaultSurface faults;
  BackgroundMode background = BackgroundMode::kHarness;
  // The store keeps at most StoreTuning::subscription_queue_max delivered-but-untaken events per
  // subscription, so no take returns more (the built-in store; an external adapter gets the
  // value only as a hint, and SPEC 8 fixes no number).
  bool bounds_delivery_queue = false;
};

// Tuning hints from the scenario, for stores that have such knobs.
struct StoreTuning {
  std::uint64_t segment_bytes_max = 64 << 10;
  std::uint64_t subscription_queue_max = 16;
  std::uint64_t compaction_dead_bytes_min = 16 << 10;
};

// What the simulator lends a target for one run. Outlives the target.
struct TargetEnvironment {
  ManualClock* clock = nullptr;     // the harness's clock: the target's only time source
  SimulatedDisk* disk = nullptr;    // for targets whose files go through the simulated disk
  std::string data_root;            // for targets on a real file system: where to make a
                                    // fresh data directory for this run
  std::string run_name;             // "smoke-mixed-seed3": names that directory
  StoreTuning tuning;
};

class Target {
 public:
  virtual ~Target() = default;

  virtual const TargetDescription& description() const = 0;
  // REQUIRES: Open succeeded and no Kill or Close came after it.
  virtual EventStoreAdapter& adapter() = 0;

  // Starts the store on its data location: creates it the first time, recovers it after a Kill
  // or Close. Ok with a one-line account of what recovery found, for the trace.
  virtual Result<std::string> Open(const StoreConfig& config) = 0;
  // The process dies now: memory and pending background work are gone; durable data stays.
  // REQUIRES: description().faults.crash.
  virtual void Kill() = 0;
  // A clean shutdown. REQUIRES: description().faults.restart.
  virtual Status Close() = 0;

  // Background work (BackgroundMode::kHarness): how many items are pending, and running the one
  // at `pick % pending` (nullopt when none is pending).
  virtual Result<std::size_t> PendingWork() = 0;
  virtual Result<std::optional<std::string>> RunWork(std::uint64_t pick) = 0;

  // Set once the adapter broke the protocol; what happened, naming the request and the line.
  virtual std::optional<std::string> broken() const { return std::nullopt; }
  // The last lines the adapter wrote for humans (an external process's stderr), for reports.
  virtual std::string DiagnosticsTail() const { return ""; }
  // Whether the last Open repaired data a crash had damaged (truncated or rewrote a torn record),
  // for targets that can say (nullopt: cannot). The simulator holds it against the crash's
  // account: a repair after a crash that left nothing to repair is a recovery bug.
  virtual std::optional<bool> RecoveryRepaired() const { return std::nullopt; }
  // Where the store's files are, when they are on a real file system ("" otherwise).
  virtual std::string data_directory() const { return ""; }
  // Keep the data directory after the target is gone (a failed seed, for inspection).
  virtual void PreserveData() {}
};

// Makes a fresh target for one run. The description is known before any run (an external
// adapter is asked once, by a handshake on a scratch directory), so that the simulator can
// switch off what the target cannot take before it starts it. Every target made must describe
// itself the same way. Errors (a command that cannot be started) are returned, never thrown.
struct TargetFactory {
  TargetDescription description;
  std::function<Result<std::unique_ptr<Target>>(const TargetEnvironment&)> make;
};

}  // namespace evsim::sim
