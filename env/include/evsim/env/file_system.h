#pragma once
// The file system, injected. A store reaches files only through this interface; PosixFileSystem
// serves real use and the simulator's disk serves simulation (sim/).
//
// Durability contract (what a store may rely on, and all it may rely on; POSIX's):
// - Bytes written to a file, and a change of its size (appending, truncating), are durable
//   only after a Sync() of that file returned ok.
// - A newly created, renamed or deleted directory entry is durable only after SyncDirectory()
//   on its directory returned ok.
// - A crash may keep any subset of what is not yet durable: unsynced sectors of a file in any
//   combination (one may be torn: partly new, partly old), the old or the new size, each
//   unsynced directory entry as it was or as it is.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "evsim/records/result.h"

namespace evsim {

// A file written at its end.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Appends at the end of the file. Not durable until Sync().
  virtual Status Append(std::string_view bytes) = 0;
  virtual Status Sync() = 0;
  // Current size in bytes, including unsynced appends.
  virtual std::uint64_t Size() const = 0;
};

// A file read and written at any offset (what a database such as SQLite needs).
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Up to `length` bytes from `offset`; fewer at the end of the file (none past it).
  virtual Result<std::string> Read(std::uint64_t offset, std::size_t length) = 0;
  // Writes at `offset`, extending the file (with zeros before it) when it lies beyond the end.
  virtual Status Write(std::uint64_t offset, std::string_view bytes) = 0;
  virtual Status Truncate(std::uint64_t size) = 0;
  virtual Status Sync() = 0;
  virtual Result<std::uint64_t> Size() = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Opens for appending, creating an empty file when missing.
  virtual Result<std::unique_ptr<WritableFile>> OpenForAppend(const std::string& path) = 0;
  // Opens for reading and writing; creates an empty file when missing if `create`, else
  // not_found.
  virtual Result<std::unique_ptr<RandomAccessFile>> OpenRandomAccess(const std::string& path,
                                                                     bool create) = 0;
  // The whole content of a file; not_found when it does not exist.
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  virtual bool FileExists(const std::string& path) = 0;
  // Names (not paths) of the entries in a directory, sorted.
  virtual Result<std::vector<std::string>> ListDirectory(const std::string& directory) = 0;
  virtual Status CreateDirectory(const std::string& directory) = 0;  // ok when it exists
  virtual Status DeleteFile(const std::string& path) = 0;
  // Atomically replaces `to` with `from`.
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  // Cuts (or extends with zeros) a file to `size` bytes; durable after the file's next Sync().
  virtual Status Truncate(const std::string& path, std::uint64_t size) = 0;
  virtual Status SyncDirectory(const std::string& directory) = 0;
};

}  // namespace evsim
