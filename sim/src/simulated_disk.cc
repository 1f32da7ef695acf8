#include "evsim/sim/simulated_disk.h"

#include <fmt/format.h>

#include <algorithm>

#include "evsim/records/assert.h"

namespace evsim::sim {
namespace {

constexpr std::uint64_t kSector = SimulatedDisk::kSectorBytes;

std::string DirectoryOf(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

}  // namespace

// --- File: one file's live bytes and what of them is durable.

std::string SimulatedDisk::File::DurableSector(std::uint64_t sector) const {
  const std::uint64_t start = sector * kSector;
  std::string bytes(kSector, '\0');
  auto saved = durable_sectors.find(sector);
  if (saved != durable_sectors.end()) {
    std::copy(saved->second.begin(), saved->second.end(), bytes.begin());
  } else if (start < durable_size) {
    // Not written since the last sync: the live bytes are the durable ones.
    const std::uint64_t end = std::min(durable_size, start + kSector);
    std::copy(data.begin() + static_cast<std::ptrdiff_t>(start),
              data.begin() + static_cast<std::ptrdiff_t>(end), bytes.begin());
  }
  return bytes;
}

void SimulatedDisk::File::Write(std::uint64_t offset, std::string_view bytes) {
  if (bytes.empty()) return;
  const std::uint64_t end = offset + bytes.size();
  const std::uint64_t first = std::min(offset, data.size()) / kSector;
  for (std::uint64_t sector = first; sector * kSector < end; ++sector) {
    // Remember what the sector durably holds before its first change since the last sync.
    if (unsynced.insert(sector).second && sector * kSector < durable_size) {
      const std::uint64_t start = sector * kSector;
      const std::uint64_t stop = std::min({durable_size, start + kSector});
      durable_sectors[sector] = data.substr(start, stop - start);
    }
  }
  if (end > data.size()) {
    data.resize(end, '\0');
    size_changed = true;
  }
  std::copy(bytes.begin(), bytes.end(), data.begin() + static_cast<std::ptrdiff_t>(offset));
}

void SimulatedDisk::File::Resize(std::uint64_t size) {
  if (size == data.size()) return;
  if (size > data.size()) {
    Write(data.size(), std::string(size - data.size(), '\0'));
    return;
  }
  // The sectors cut off keep their durable content for a crash that reverts the size.
  for (std::uint64_t sector = size / kSector; sector * kSector < data.size(); ++sector) {
    if (unsynced.insert(sector).second && sector * kSector < durable_size) {
      const std::uint64_t start = sector * kSector;
      const std::uint64_t stop = std::min(durable_size, start + kSector);
      durable_sectors[sector] = data.substr(start, stop - start);
    }
  }
  data.resize(size);
  size_changed = true;
}

void SimulatedDisk::File::Sync() {
  for (std::uint64_t sector : unsynced) {
    if (sector * kSector < data.size()) {  // the first sector of new data (the set is ordered)
      flips_below = sector * kSector;
      break;
    }
  }
  unsynced.clear();
  durable_sectors.clear();
  durable_size = data.size();
  size_changed = false;
}

// --- Handles

// What both kinds of handle do to their file: every call first checks that no crash happened
// since the handle was opened, and every mutation passes the disk's BeforeMutation.
class SimulatedFileHandle {
 public:
  SimulatedFileHandle(SimulatedDisk& disk, std::string path,
                      std::shared_ptr<SimulatedDisk::File> file, std::uint64_t crash_count)
      : disk_(disk), path_(std::move(path)), file_(std::move(file)), crash_count_(crash_count) {}

  Result<std::string> Read(std::uint64_t offset, std::size_t length) const {
    EVSIM_RETURN_IF_ERROR(CheckAlive());
    EVSIM_RETURN_IF_ERROR(disk_.CheckPower(path_));
    if (offset >= file_->data.size()) return std::string();
    return file_->data.substr(offset, length);
  }
  Status Write(std::uint64_t offset, std::string_view bytes) {
    EVSIM_RETURN_IF_ERROR(CheckAlive());
    EVSIM_RETURN_IF_ERROR(disk_.BeforeMutation("write", path_, disk_.faults_.failed_write_ppm));
    file_->Write(offset, bytes);
    return Status::Ok();
  }
  Status Truncate(std::uint64_t size) {
    EVSIM_RETURN_IF_ERROR(CheckAlive());
    EVSIM_RETURN_IF_ERROR(disk_.BeforeMutation("truncate", path_, 0));
    file_->Resize(size);
    return Status::Ok();
  }
  Status Sync() {
    EVSIM_RETURN_IF_ERROR(CheckAlive());
    EVSIM_RETURN_IF_ERROR(disk_.BeforeMutation("sync", path_, disk_.faults_.failed_sync_ppm));
    file_->Sync();
    return Status::Ok();
  }
  Result<std::uint64_t> Size() const {
    EVSIM_RETURN_IF_ERROR(CheckAlive());
    return static_cast<std::uint64_t>(file_->data.size());
  }
  // Without the check: what the writer has appended so far (WritableFile::Size cannot fail).
  std::uint64_t SizeAsWritten() const { return file_->data.size(); }

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

class SimulatedWritableFile final : public WritableFile {
 public:
  explicit SimulatedWritableFile(SimulatedFileHandle handle) : handle_(std::move(handle)) {}
  Status Append(std::string_view bytes) override {
    return handle_.Write(handle_.SizeAsWritten(), bytes);
  }
  Status Sync() override { return handle_.Sync(); }
  std::uint64_t Size() const override { return handle_.SizeAsWritten(); }

 private:
  SimulatedFileHandle handle_;
};

class SimulatedRandomAccessFile final : public RandomAccessFile {
 public:
  explicit SimulatedRandomAccessFile(SimulatedFileHandle handle) : handle_(std::move(handle)) {}
  Result<std::string> Read(std::uint64_t offset, std::size_t length) override {
    return handle_.Read(offset, length);
  }
  Status Write(std::uint64_t offset, std::string_view bytes) override {
    return handle_.Write(offset, bytes);
  }
  Status Truncate(std::uint64_t size) override { return handle_.Truncate(size); }
  Status Sync() override { return handle_.Sync(); }
  Result<std::uint64_t> Size() override { return handle_.Size(); }

 private:
  SimulatedFileHandle handle_;
};

// --- The disk

Status SimulatedDisk::CheckPower(const std::string& path) const {
  if (!power_lost_) return Status::Ok();
  return Status::IoError("power lost (at " + power_lost_at_ + "); " + path + " is gone with it");
}

Status SimulatedDisk::BeforeMutation(const std::string& what, const std::string& path,
                                     std::uint32_t fail_ppm) {
  EVSIM_RETURN_IF_ERROR(CheckPower(path));
  if (choices_.Decide(faults_.power_loss_ppm)) {
    power_lost_ = true;
    power_lost_at_ = what + " " + path;
    return Status::IoError("simulated power loss at " + power_lost_at_);
  }
  if (choices_.Decide(fail_ppm)) {
    ++failed_calls_since_crash_;
    return Status::IoError("simulated " + what + " failure on " + path);
  }
  return Status::Ok();
}

Result<std::unique_ptr<WritableFile>> SimulatedDisk::OpenForAppend(const std::string& path) {
  EVSIM_RETURN_IF_ERROR(CheckPower(path));
  auto& file = entries_[path];
  if (!file) file = std::make_shared<File>();
  return std::unique_ptr<WritableFile>(
      new SimulatedWritableFile(SimulatedFileHandle(*this, path, file, crash_count_)));
}

Result<std::unique_ptr<RandomAccessFile>> SimulatedDisk::OpenRandomAccess(const std::string& path,
                                                                          bool create) {
  EVSIM_RETURN_IF_ERROR(CheckPower(path));
  auto found = entries_.find(path);
  if (found == entries_.end()) {
    if (!create) return Status::NotFound("no file '" + path + "'");
    found = entries_.emplace(path, std::make_shared<File>()).first;
  }
  SimulatedFileHandle handle(*this, path, found->second, crash_count_);
  return std::unique_ptr<RandomAccessFile>(new SimulatedRandomAccessFile(std::move(handle)));
}

Result<std::string> SimulatedDisk::ReadFile(const std::string& path) {
  EVSIM_RETURN_IF_ERROR(CheckPower(path));
  auto found = entries_.find(path);
  if (found == entries_.end()) return Status::NotFound("no file '" + path + "'");
  return found->second->data;
}

bool SimulatedDisk::FileExists(const std::string& path) { return entries_.contains(path); }

Result<std::vector<std::string>> SimulatedDisk::ListDirectory(const std::string& directory) {
  EVSIM_RETURN_IF_ERROR(CheckPower(directory));
  std::vector<std::string> names;
  const std::string prefix = directory + "/";
  for (const auto& [path, file] : entries_) {
    if (path.starts_with(prefix) && path.find('/', prefix.size()) == std::string::npos) {
      names.push_back(path.substr(prefix.size()));
    }
  }
  return names;
}

Status SimulatedDisk::CreateDirectory(const std::string& directory) {
  return CheckPower(directory);
}

Status SimulatedDisk::DeleteFile(const std::string& path) {
  EVSIM_RETURN_IF_ERROR(BeforeMutation("delete", path, 0));
  if (entries_.erase(path) == 0) return Status::NotFound("no file '" + path + "'");
  return Status::Ok();
}

Status SimulatedDisk::RenameFile(const std::string& from, const std::string& to) {
  EVSIM_RETURN_IF_ERROR(BeforeMutation("rename", from, 0));
  auto found = entries_.find(from);
  if (found == entries_.end()) return Status::NotFound("no file '" + from + "'");
  std::shared_ptr<File> file = found->second;
  entries_.erase(found);
  entries_[to] = std::move(file);
  return Status::Ok();
}

Status SimulatedDisk::Truncate(const std::string& path, std::uint64_t size) {
  EVSIM_RETURN_IF_ERROR(BeforeMutation("truncate", path, 0));
  auto found = entries_.find(path);
  if (found == entries_.end()) return Status::NotFound("no file '" + path + "'");
  found->second->Resize(size);  // durable only after the file's next sync
  return Status::Ok();
}

Status SimulatedDisk::SyncDirectory(const std::string& directory) {
  EVSIM_RETURN_IF_ERROR(BeforeMutation("directory sync", directory, faults_.failed_sync_ppm));
  for (auto it = durable_entries_.begin(); it != durable_entries_.end();) {
    it = DirectoryOf(it->first) == directory ? durable_entries_.erase(it) : std::next(it);
  }
  for (const auto& [path, file] : entries_) {
    if (DirectoryOf(path) == directory) durable_entries_[path] = file;
  }
  return Status::Ok();
}

void SimulatedDisk::CrashFile(File& file, CrashCounts& counts) {
  // The size first: the new one, or back to the durable one.
  std::uint64_t size = file.data.size();
  if (file.size_changed && DecideLoss(faults_.lost_unsynced_ppm)) {
    size = file.durable_size;
    ++counts.reverted;
  }
  std::string crashed = file.data;
  crashed.resize(std::max<std::uint64_t>(size, file.data.size()), '\0');
  for (std::uint64_t sector : file.unsynced) {
    const std::uint64_t start = sector * kSector;
    if (start >= size) continue;
    const std::uint64_t length = std::min(kSector, crashed.size() - start);
    const std::string durable = file.DurableSector(sector);
    std::uint64_t keep_new = 0;  // bytes of the sector that show the new content
    if (start >= file.data.size()) {
      // Cut off by a truncate whose size change was undone: the old content is still there.
    } else if (DecideLoss(faults_.lost_unsynced_ppm)) {
      ++counts.lost;
    } else if (choices_.Decide(faults_.torn_write_ppm)) {
      keep_new = choices_.Pick(length);
      ++counts.torn;
    } else {
      keep_new = length;
      ++counts.kept;
    }
    if (keep_new > 0) file.flips_below = std::min(file.flips_below, start);
    for (std::uint64_t at = keep_new; at < length; ++at) crashed[start + at] = durable[at];
  }
  crashed.resize(size);
  file.data = std::move(crashed);
  file.unsynced.clear();
  file.durable_sectors.clear();
  file.durable_size = file.data.size();
  file.size_changed = false;
}

bool SimulatedDisk::DecideLoss(std::uint32_t parts_per_million) {
  if (crash_loss_ == CrashLoss::kEveryUnsyncedWrite) return true;
  return choices_.Decide(parts_per_million);
}

std::string SimulatedDisk::Crash(CrashLoss loss) {
  crash_loss_ = loss;
  ++crash_count_;
  CrashCounts counts;
  // Directory entries not made durable survive or not, path by path.
  std::set<std::string> paths;
  for (const auto& [path, file] : entries_) paths.insert(path);
  for (const auto& [path, file] : durable_entries_) paths.insert(path);
  Entries survivors;
  for (const std::string& path : paths) {
    auto live = entries_.find(path);
    auto durable = durable_entries_.find(path);
    const bool same = live != entries_.end() && durable != durable_entries_.end() &&
                      live->second == durable->second;
    std::shared_ptr<File> chosen;
    if (same) {
      chosen = live->second;
    } else {
      ++counts.entries;
      const bool undone = DecideLoss(faults_.lost_directory_entry_ppm);
      if (undone) ++counts.undone;
      if (!undone && live != entries_.end()) chosen = live->second;
      if (undone && durable != durable_entries_.end()) chosen = durable->second;
    }
    if (chosen) survivors[path] = chosen;
  }
  std::set<File*> done;
  for (auto& [path, file] : survivors) {
    if (done.insert(file.get()).second) CrashFile(*file, counts);
  }
  entries_ = survivors;
  durable_entries_ = survivors;
  std::string account = fmt::format(
      "crash: {} unsynced sectors kept, {} lost, {} torn; {} sizes reverted; {} unsynced "
      "directory entries decided",
      counts.kept, counts.lost, counts.torn, counts.reverted, counts.entries);
  if (loss == CrashLoss::kEveryUnsyncedWrite) account += " (every unsynced write lost)";
  if (power_lost_) account = "power lost at " + power_lost_at_ + "; " + account;
  last_crash_left_nothing_to_repair_ = counts.lost == 0 && counts.torn == 0 &&
                                       counts.reverted == 0 && counts.undone == 0 &&
                                       !power_lost_ && failed_calls_since_crash_ == 0;
  failed_calls_since_crash_ = 0;
  crash_loss_ = CrashLoss::kDrawn;
  power_lost_ = false;
  power_lost_at_.clear();
  return account;
}

std::optional<FlippedBit> SimulatedDisk::FlipSyncedBit(const std::string& suffix) {
  // Candidates: synced bytes of matching files below their final write, in sectors written
  // since no sync (their live bytes are their durable ones).
  struct Candidate {
    const std::string* path;
    std::vector<std::uint64_t> sectors;
    std::uint64_t end = 0;
  };
  std::vector<Candidate> candidates;
  for (const auto& [path, file] : entries_) {
    if (!path.ends_with(suffix)) continue;
    Candidate candidate{&path, {}, std::min(file->durable_size, file->flips_below)};
    for (std::uint64_t sector = 0; sector * kSector < candidate.end; ++sector) {
      if (!file->unsynced.contains(sector)) candidate.sectors.push_back(sector);
    }
    if (!candidate.sectors.empty()) candidates.push_back(std::move(candidate));
  }
  if (candidates.empty()) return std::nullopt;
  const Candidate& chosen = candidates[choices_.Pick(candidates.size())];
  const std::uint64_t sector = chosen.sectors[choices_.Pick(chosen.sectors.size())];
  const std::uint64_t length = std::min(kSector, chosen.end - sector * kSector);
  FlippedBit flip{*chosen.path, sector * kSector + choices_.Pick(length),
                  static_cast<std::uint8_t>(1u << choices_.Pick(8))};
  Apply(flip);
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
  for (const auto& [path, file] : entries_) bytes += file->unsynced.size() * kSector;
  return bytes;
}

}  // namespace evsim::sim
