#include "evsim/sim/simulated_disk.h"

#include <xxhash.h>

#include <set>

#include "evsim/records/assert.h"

namespace evsim::sim {
namespace {

std::string DirectoryOf(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

}  // namespace

class SimulatedWritableFile final : public WritableFile {
 public:
  SimulatedWritableFile(SimulatedDisk& disk, std::string path,
                        std::shared_ptr<SimulatedDisk::File> file, std::uint64_t crash_count)
      : disk_(disk), path_(std::move(path)), file_(std::move(file)), crash_count_(crash_count) {}

  Status Append(std::string_view bytes) override {
    EVSIM_RETURN_IF_ERROR(CheckAlive());
    EVSIM_RETURN_IF_ERROR(
        disk_.MaybeFail(disk_.faults_.failed_write_ppm, "write (no space)", path_));
    file_->data.append(bytes);
    return Status::Ok();
  }
  Status Sync() override {
    EVSIM_RETURN_IF_ERROR(CheckAlive());
    EVSIM_RETURN_IF_ERROR(disk_.MaybeFail(disk_.faults_.failed_sync_ppm, "sync", path_));
    file_->durable = file_->data.size();
    return Status::Ok();
  }
  std::uint64_t Size() const override { return file_->data.size(); }

 private:
  Status CheckAlive() const {
    if (crash_count_ == disk_.crash_count_) return Status::Ok();
    return Status::IoError(path_ + ": handle opened before a crash");
  }
  SimulatedDisk& disk_;
  std::string path_;
  std::shared_ptr<SimulatedDisk::File> file_;
  std::uint64_t crash_count_;
};

Status SimulatedDisk::MaybeFail(std::uint32_t ppm, const std::string& what,
                                const std::string& path) {
  if (ppm == 0 || !random_.Chance(ppm)) return Status::Ok();
  return Status::IoError("simulated " + what + " failure on " + path);
}

Result<std::unique_ptr<WritableFile>> SimulatedDisk::OpenForAppend(const std::string& path) {
  auto& file = entries_[path];
  if (!file) file = std::make_shared<File>();
  return std::unique_ptr<WritableFile>(new SimulatedWritableFile(*this, path, file, crash_count_));
}

Result<std::string> SimulatedDisk::ReadFile(const std::string& path) {
  auto found = entries_.find(path);
  if (found == entries_.end()) return Status::NotFound("no file '" + path + "'");
  return found->second->data;
}

Result<std::vector<std::string>> SimulatedDisk::ListDirectory(const std::string& directory) {
  std::vector<std::string> names;
  const std::string prefix = directory + "/";
  for (const auto& [path, file] : entries_) {
    if (path.starts_with(prefix) && path.find('/', prefix.size()) == std::string::npos) {
      names.push_back(path.substr(prefix.size()));
    }
  }
  return names;
}

Status SimulatedDisk::CreateDirectory(const std::string&) { return Status::Ok(); }

Status SimulatedDisk::DeleteFile(const std::string& path) {
  if (entries_.erase(path) == 0) return Status::NotFound("no file '" + path + "'");
  return Status::Ok();
}

Status SimulatedDisk::RenameFile(const std::string& from, const std::string& to) {
  auto found = entries_.find(from);
  if (found == entries_.end()) return Status::NotFound("no file '" + from + "'");
  std::shared_ptr<File> file = found->second;
  entries_.erase(found);
  entries_[to] = std::move(file);
  return Status::Ok();
}

Status SimulatedDisk::Truncate(const std::string& path, std::uint64_t size) {
  auto found = entries_.find(path);
  if (found == entries_.end()) return Status::NotFound("no file '" + path + "'");
  File& file = *found->second;
  if (size < file.data.size()) file.data.resize(size);
  file.durable = file.data.size();  // the contract: a truncation is durable when it returns
  return Status::Ok();
}

Status SimulatedDisk::SyncDirectory(const std::string& directory) {
  EVSIM_RETURN_IF_ERROR(MaybeFail(faults_.failed_sync_ppm, "directory sync", directory));
  for (auto it = durable_entries_.begin(); it != durable_entries_.end();) {
    it = DirectoryOf(it->first) == directory ? durable_entries_.erase(it) : std::next(it);
  }
  for (const auto& [path, file] : entries_) {
    if (DirectoryOf(path) == directory) durable_entries_[path] = file;
  }
  return Status::Ok();
}

std::string SimulatedDisk::Crash() {
  ++crash_count_;
  std::uint64_t lost_bytes = 0;
  std::uint64_t torn_files = 0;
  std::uint64_t entry_changes = 0;
  // Directory entries that were not synced survive or not, path by path.
  std::set<std::string> paths;
  for (const auto& [path, file] : entries_) paths.insert(path);
  for (const auto& [path, file] : durable_entries_) paths.insert(path);
  std::map<std::string, std::shared_ptr<File>> survivors;
  for (const std::string& path : paths) {
    auto live = entries_.find(path);
    auto durable = durable_entries_.find(path);
    const bool same = live != entries_.end() && durable != durable_entries_.end() &&
                      live->second == durable->second;
    std::shared_ptr<File> chosen;
    if (same) {
      chosen = live->second;
    } else {
      ++entry_changes;
      const bool keep_live = !random_.Chance(faults_.lost_directory_entry_ppm);
      if (keep_live && live != entries_.end()) chosen = live->second;
      if (!keep_live && durable != durable_entries_.end()) chosen = durable->second;
    }
    if (chosen) survivors[path] = chosen;
  }
  // Unsynced appends: keep a sector-aligned prefix, maybe tear its last sector.
  std::set<File*> done;
  for (auto& [path, file] : survivors) {
    if (!done.insert(file.get()).second) continue;
    EVSIM_ASSERT(file->durable <= file->data.size());
    const std::uint64_t unsynced = file->data.size() - file->durable;
    if (unsynced == 0) continue;
    const std::uint64_t sectors = (unsynced + kSectorBytes - 1) / kSectorBytes;
    const std::uint64_t kept = std::min(unsynced, random_.Below(sectors + 1) * kSectorBytes);
    lost_bytes += unsynced - kept;
    file->data.resize(file->durable + kept);
    if (kept > 0 && random_.Chance(faults_.torn_write_ppm)) {
      const std::uint64_t sector_start = file->durable + ((kept - 1) / kSectorBytes) * kSectorBytes;
      const std::uint64_t tear = sector_start + random_.Below(file->data.size() - sector_start);
      for (std::uint64_t offset = tear; offset < file->data.size(); ++offset) {
        file->data[offset] = static_cast<char>(random_.Next());
      }
      ++torn_files;
    }
    file->durable = file->data.size();
  }
  entries_ = survivors;
  durable_entries_ = survivors;
  return "crash: lost " + std::to_string(lost_bytes) + " unsynced bytes, tore " +
         std::to_string(torn_files) + " files, " + std::to_string(entry_changes) +
         " unsynced directory entries decided";
}

std::optional<FlippedBit> SimulatedDisk::FlipSyncedBit(const std::string& suffix,
                                                    std::uint64_t skip_bytes) {
  std::vector<std::pair<std::string, File*>> candidates;
  for (const auto& [path, file] : entries_) {
    if (path.ends_with(suffix) && file->durable > skip_bytes) {
      candidates.emplace_back(path, file.get());
    }
  }
  if (candidates.empty()) return std::nullopt;
  auto& [path, file] = candidates[random_.Below(candidates.size())];
  FlippedBit flip{path, skip_bytes + random_.Below(file->durable - skip_bytes),
               static_cast<std::uint8_t>(1u << random_.Below(8))};
  file->data[flip.offset] = static_cast<char>(file->data[flip.offset] ^ flip.mask);
  return flip;
}

void SimulatedDisk::Apply(const FlippedBit& flip) {
  auto found = entries_.find(flip.path);
  if (found == entries_.end() || flip.offset >= found->second->data.size()) return;
  std::string& data = found->second->data;
  data[flip.offset] = static_cast<char>(data[flip.offset] ^ flip.mask);
}

std::uint64_t SimulatedDisk::UnsyncedBytes() const {
  std::uint64_t bytes = 0;
  for (const auto& [path, file] : entries_) bytes += file->data.size() - file->durable;
  return bytes;
}

std::uint64_t SimulatedDisk::DurableDigest() const {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  for (const auto& [path, file] : durable_entries_) {
    XXH3_64bits_update(state, path.data(), path.size());
    XXH3_64bits_update(state, file->data.data(), file->durable);
  }
  const std::uint64_t digest = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return digest;
}

}  // namespace evsim::sim
