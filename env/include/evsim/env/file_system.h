#pragma once
// The file system, injected. The store reaches files only through this interface; PosixFileSystem
// serves real use and the simulator's disk serves simulation (sim/).
//
// Durability contract (what a store may rely on, and all it may rely on):
// - Bytes appended to a file are durable only after WritableFile::Sync() returned ok.
// - A newly created, renamed or deleted directory entry is durable only after SyncDirectory()
//   on its directory returned ok.
// - A crash may drop or tear anything not yet durable.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "evsim/records/result.h"

namespace evsim {

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Appends at the end of the file. Not durable until Sync().
  virtual Status Append(std::string_view bytes) = 0;
  virtual Status Sync() = 0;
  // Current size in bytes, including unsynced appends.
  virtual std::uint64_t Size() const = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Opens for appending, creating an empty file when missing.
  virtual Result<std::unique_ptr<WritableFile>> OpenForAppend(const std::string& path) = 0;
  // The whole content of a file; not_found when it does not exist.
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  // Names (not paths) of the entries in a directory, sorted.
  virtual Result<std::vector<std::string>> ListDirectory(const std::string& directory) = 0;
  virtual Status CreateDirectory(const std::string& directory) = 0;  // ok when it exists
  virtual Status DeleteFile(const std::string& path) = 0;
  // Atomically replaces `to` with `from`.
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  // Cuts a file to `size` bytes and makes that durable.
  virtual Status Truncate(const std::string& path, std::uint64_t size) = 0;
  virtual Status SyncDirectory(const std::string& directory) = 0;
};

}  // namespace evsim
