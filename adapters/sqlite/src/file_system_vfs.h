#pragma once
// FileSystemVfs: a SQLite VFS over evsim's injected FileSystem and Clock, so that every read,
// write, sync, truncate and delete SQLite makes goes through the FileSystem (in the simulator:
// the simulated disk, with its torn and lost unsynced writes, failed syncs and crashes).
//
// One VFS per store, registered under a unique name and unregistered when destroyed: the
// FileSystem is per store, and sqlite3_vfs carries it in pAppData.
//
// What SQLite gets from it:
// - Files: xRead (short reads zero-filled, as SQLite requires), xWrite, xTruncate, xSync,
//   xFileSize map one to one onto RandomAccessFile. A file this VFS created gets its directory
//   synced at its first xSync (as SQLite's unix VFS does for journals and WAL files), because
//   the FileSystem contract makes a new directory entry durable only then.
// - xDelete syncs the directory when SQLite asks (dirSync).
// - Locks are no-ops: one process, one connection per store. There is no shared memory
//   (iVersion 1), so WAL mode needs locking_mode=EXCLUSIVE, where SQLite keeps the WAL index
//   in heap memory.
// - xCurrentTime from the injected Clock; xRandomness is a fixed sequence, so nothing SQLite
//   writes (WAL salts) depends on anything but the seed; xSleep returns at once.
// - Sever(): a simulated process death. Every later I/O fails without touching the disk, so
//   that closing the dead connection (which would checkpoint) writes nothing.

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "evsim/env/clock.h"
#include "evsim/env/file_system.h"

namespace evsim::sqlite {

class FileSystemVfs {
 public:
  // Temporary files (few: temp_store=MEMORY) go in temp_directory, the store's own.
  // REQUIRES: files and clock outlive this object.
  FileSystemVfs(FileSystem& files, Clock& clock, std::string temp_directory);
  ~FileSystemVfs();
  FileSystemVfs(const FileSystemVfs&) = delete;
  FileSystemVfs& operator=(const FileSystemVfs&) = delete;

  // The name to pass to sqlite3_open_v2.
  const char* name() const { return name_.c_str(); }
  void set_severed(bool severed) { severed_ = severed; }

  // For the file methods (file_system_vfs.cc).
  FileSystem& files() { return files_; }
  Clock& clock() { return clock_; }
  bool severed() const { return severed_; }
  std::uint64_t NextRandom();
  // A fresh temporary file path in the temp directory.
  std::string NextTempPath();

 private:
  FileSystem& files_;
  Clock& clock_;
  std::string name_;
  std::string temp_directory_;
  sqlite3_vfs vfs_{};
  bool severed_ = false;
  std::uint64_t random_state_ = 0x5EED'0F'5911'7E00ull;
  std::uint64_t temp_files_ = 0;
};

}  // namespace evsim::sqlite
