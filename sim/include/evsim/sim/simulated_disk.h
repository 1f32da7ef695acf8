#pragma once
// SimulatedDisk: an in-memory FileSystem with a volatile and a durable image, and faults.
//
// Crash model (SQLite's test6.c and RocksDB's fault injection, simplified to append-only files):
// - Appended bytes not yet synced are cut at a random sector (512 B) boundary: a prefix
//   survives, the rest is lost; with `torn_write_ppm` the last surviving sector is torn (bytes
//   after a random point inside it are garbage).
// - A directory entry created, renamed or deleted since the last SyncDirectory may or may not
//   survive, chosen per path.
// - Handles opened before a crash are dead afterwards (io_error).
// Faults while running: a failed sync or a failed write (no space), each with its own rate, and
// flipping one bit of synced data on demand.
//
// Every choice comes from the Random stream the disk was given.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "evsim/env/file_system.h"
#include "evsim/sim/random.h"

namespace evsim::sim {

struct DiskFaults {
  std::uint32_t failed_sync_ppm = 0;
  std::uint32_t failed_write_ppm = 0;
  std::uint32_t torn_write_ppm = 500'000;  // at a crash, chance the last kept sector is torn
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

  explicit SimulatedDisk(Random random) : random_(std::move(random)) {}

  Result<std::unique_ptr<WritableFile>> OpenForAppend(const std::string& path) override;
  Result<std::string> ReadFile(const std::string& path) override;
  Result<std::vector<std::string>> ListDirectory(const std::string& directory) override;
  Status CreateDirectory(const std::string& directory) override;
  Status DeleteFile(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status Truncate(const std::string& path, std::uint64_t size) override;
  Status SyncDirectory(const std::string& directory) override;

  void set_faults(const DiskFaults& faults) { faults_ = faults; }
  const DiskFaults& faults() const { return faults_; }

  // Applies the crash model. Returns a one-line account for the trace.
  std::string Crash();
  // Flips one bit in the synced part of a file whose name ends with `suffix`, past `skip_bytes`;
  // nullopt when there is no such byte.
  std::optional<FlippedBit> FlipSyncedBit(const std::string& suffix, std::uint64_t skip_bytes);
  // Applies a flip (flipping is its own inverse, so Undo is the same operation).
  void Apply(const FlippedBit& flip);
  void Undo(const FlippedBit& flip) { Apply(flip); }

  // Unsynced bytes over all files (0 means a crash now loses nothing).
  std::uint64_t UnsyncedBytes() const;
  // A digest of the whole durable image, for traces.
  std::uint64_t DurableDigest() const;

  struct File {
    std::string data;           // what a read sees now
    std::uint64_t durable = 0;  // data[0, durable) survives any crash
  };

 private:
  friend class SimulatedWritableFile;
  Status MaybeFail(std::uint32_t ppm, const std::string& what, const std::string& path);

  Random random_;
  DiskFaults faults_;
  std::uint64_t crash_count_ = 0;
  std::map<std::string, std::shared_ptr<File>> entries_;          // the live namespace
  std::map<std::string, std::shared_ptr<File>> durable_entries_;  // as of the last dir syncs
};

}  // namespace evsim::sim
