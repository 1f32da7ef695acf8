#pragma once
// FaultInjectingFileSystem: wraps a FileSystem (LevelDB's EnvWrapper idea) and fails the N-th
// mutating operation (append, write, sync, rename, delete, truncate, directory sync) with
// io_error.
// Sweeping N = 1, 2, 3, ... until a run completes without the fault firing visits every crash
// point of a workload (SQLite's fault sweep).

#include <cstdint>
#include <string>

#include "evsim/env/file_system.h"

namespace evsim::sim {

class FaultInjectingFileSystem final : public FileSystem {
 public:
  explicit FaultInjectingFileSystem(FileSystem& target) : target_(target) {}

  // Fails the operation whose 1-based count is `operation`; 0 disarms.
  void FailOperation(std::uint64_t operation) { fail_at_ = operation; }
  bool fired() const { return fired_; }
  std::uint64_t operations() const { return operations_; }
  const std::string& fired_at() const { return fired_at_; }

  Result<std::unique_ptr<WritableFile>> OpenForAppend(const std::string& path) override;
  Result<std::unique_ptr<RandomAccessFile>> OpenRandomAccess(const std::string& path,
                                                             bool create) override;
  Result<std::string> ReadFile(const std::string& path) override { return target_.ReadFile(path); }
  bool FileExists(const std::string& path) override { return target_.FileExists(path); }
  Result<std::vector<std::string>> ListDirectory(const std::string& directory) override {
    return target_.ListDirectory(directory);
  }
  Status CreateDirectory(const std::string& directory) override {
    return target_.CreateDirectory(directory);
  }
  Status DeleteFile(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status Truncate(const std::string& path, std::uint64_t size) override;
  Status SyncDirectory(const std::string& directory) override;

  // Counts one mutating operation; io_error when it is the one to fail.
  Status Count(const std::string& what);

 private:
  FileSystem& target_;
  std::uint64_t fail_at_ = 0;
  std::uint64_t operations_ = 0;
  bool fired_ = false;
  std::string fired_at_;
};

}  // namespace evsim::sim
