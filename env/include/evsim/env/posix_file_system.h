#pragma once
// FileSystem over POSIX calls (open/write/fsync/rename/ftruncate), for real use of the store.

#include "evsim/env/file_system.h"

namespace evsim {

class PosixFileSystem final : public FileSystem {
 public:
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
};

}  // namespace evsim
