#pragma once
// SimulatedDisk: an in-memory FileSystem that keeps, for every file, what a read sees now and
// what would survive a power failure, and applies a harsh crash model (the model of SQLite's
// crash tests, src/test6.c, and of ALICE's reordering study, at sector granularity):
//
// - Data: a sector (512 B) written since its file's last Sync() is unsynced. At a crash each
//   unsynced sector independently survives or is lost (it shows its durable content, or zeros
//   beyond the durable size), and a surviving one may be torn: new up to a point, old after it.
// - Size: a size changed since the last Sync() (append, truncate, write past the end) survives
//   or reverts, per file. Truncate is not durable until the file is synced.
// - Directory entries: a creation, rename or deletion not yet made durable by SyncDirectory()
//   survives or is undone, per path.
// - Power can fail at any mutating call (write, sync, truncate, rename, delete, directory sync),
//   inside an operation, not only between steps: the call and every call after it fail with
//   io_error until the simulator crashes the disk, which then shows the state as of that call.
// - Handles opened before a crash are dead afterwards (io_error).
// - A crash may instead lose every unsynced write (CrashLoss::kEveryUnsyncedWrite), the
//   harshest case of the above, which names no sector (shrinking's layout-free crash).
// Faults while running: a failed sync or a failed write (no space), each with its own rate.
// Bit flips: one bit of synced data, away from the final sync of its file (no store can tell
// rot in its last synced write from a torn one: PostgreSQL's and SQLite's WAL treat both as the
// end of the log; see sim/README.md).
//
// Every choice comes from DiskChoices: drawn from the seed, or pinned by a regression scenario.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "evsim/env/file_system.h"
#include "evsim/sim/disk_choices.h"
#include "evsim/sim/random.h"

namespace evsim::sim {

struct DiskFaults {
  std::uint32_t failed_sync_ppm = 0;   // per sync
  std::uint32_t failed_write_ppm = 0;  // per write
  std::uint32_t power_loss_ppm = 0;    // per mutating call: the power fails there
  std::uint32_t lost_unsynced_ppm = 500'000;  // at a crash, per unsynced sector and size change
  std::uint32_t torn_write_ppm = 500'000;     // at a crash, per surviving unsynced sector
  std::uint32_t lost_directory_entry_ppm = 500'000;
};

struct FlippedBit {
  std::string path;
  std::uint64_t offset = 0;
  std::uint8_t mask = 0;
};

class SimulatedDisk final : public FileSystem {
 public:
  static constexpr std::uint64_t kSectorBytes = 512;

  explicit SimulatedDisk(Random random) : choices_(std::move(random)) {}

  Result<std::unique_ptr<WritableFile>> OpenForAppend(const std::string& path) override;
  Result<std::unique_ptr<RandomAccessFile>> OpenRandomAccess(const std::string& path,
                                                             bool create) override;
  Result<std::string> ReadFile(const std::string& path) override;
  bool FileExists(const std::string& path) override;
  Result<std::vector<std::string>> ListDirectory(const std::string& directory) override;
  Status CreateDirectory(const std::string& directory) override;
  Status DeleteFile(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status Truncate(const std::string& path, std::uint64_t size) override;
  Status SyncDirectory(const std::string& directory) override;

  void set_faults(const DiskFaults& faults) { faults_ = faults; }
  const DiskFaults& faults() const { return faults_; }
  DiskChoices& choices() { return choices_; }

  // True once the power failed inside an operation; the next Crash() applies it.
  bool power_lost() const { return power_lost_; }
  // What a crash does to writes not yet synced: each sector, size change and directory entry
  // survives or not as the disk's choices decide (the rates, or a regression's pins), or every
  // one of them is lost (the harshest crash the contract allows: what the store synced, and
  // nothing else, survives). Shrinking uses the second to keep a durability failure when the
  // history around it changes its files' layout.
  enum class CrashLoss { kDrawn, kEveryUnsyncedWrite };
  // The power fails (now, unless it already did): applies the crash model. Returns a one-line
  // account for the trace.
  std::string Crash(CrashLoss loss = CrashLoss::kDrawn);
  // Flips one bit of synced data in a file whose name ends with `suffix`, away from the final
  // sync of its file; nullopt when there is no such byte.
  std::optional<FlippedBit> FlipSyncedBit(const std::string& suffix);
  // Applies a flip (flipping is its own inverse, so Undo is the same operation).
  void Apply(const FlippedBit& flip);
  void Undo(const FlippedBit& flip) { Apply(flip); }

  // True when the last Crash() left the store nothing to repair: it lost, tore and reverted
  // nothing and undid no directory entry, the power did not fail inside an operation, and no
  // call failed between the crash before it and it. Files then hold exactly what the store last
  // wrote through successful calls, so a store's recovery that truncates or rewrites a torn
  // record there is wrong (it judged complete data torn).
  bool last_crash_left_nothing_to_repair() const { return last_crash_left_nothing_to_repair_; }

  // Bytes not yet durable over all files (0: a crash now loses nothing).
  std::uint64_t UnsyncedBytes() const;

  struct File {
    std::string data;                   // what a read sees now
    std::uint64_t durable_size = 0;     // the size as of the last sync
    bool size_changed = false;          // since the last sync
    std::set<std::uint64_t> unsynced;   // sectors written since the last sync
    // The durable content of each unsynced sector that lies within the durable size (it may be
    // shorter than a sector at the end of the file).
    std::map<std::uint64_t, std::string> durable_sectors;
    // Bit flips stay below this offset: the file's final write (the data of its last sync,
    // or what a crash left of an unsynced write) is damage no store can tell from a tear.
    std::uint64_t flips_below = 0;

    void Write(std::uint64_t offset, std::string_view bytes);
    void Resize(std::uint64_t size);
    void Sync();
    // The durable content of a sector (zeros past the durable size).
    std::string DurableSector(std::uint64_t sector) const;
  };

 private:
  friend class SimulatedFileHandle;
  // Every mutating call passes here first: io_error once the power is lost, or when the power
  // fails at this call, or (with `fail_ppm`) when the call itself fails.
  Status BeforeMutation(const std::string& what, const std::string& path, std::uint32_t fail_ppm);
  Status CheckPower(const std::string& path) const;
  using Entries = std::map<std::string, std::shared_ptr<File>>;
  struct CrashCounts {
    std::uint64_t kept = 0, lost = 0, torn = 0, reverted = 0, entries = 0, undone = 0;
  };
  // Applies the crash model to one file's unsynced sectors and size.
  void CrashFile(File& file, CrashCounts& counts);
  // A crash's choice to lose an unsynced write: drawn, or always under kEveryUnsyncedWrite.
  bool DecideLoss(std::uint32_t parts_per_million);

  DiskChoices choices_;
  DiskFaults faults_;
  std::uint64_t crash_count_ = 0;
  Entries entries_;          // the live namespace
  Entries durable_entries_;  // as of the last directory syncs
  // Once the power failed no mutation succeeds, so the live state stays as of that call and
  // Crash() applies the model to it then.
  bool power_lost_ = false;
  CrashLoss crash_loss_ = CrashLoss::kDrawn;  // of the crash under way
  std::string power_lost_at_;
  std::uint64_t failed_calls_since_crash_ = 0;
  bool last_crash_left_nothing_to_repair_ = true;
};

}  // namespace evsim::sim
