#include "file_system_vfs.h"

#include <atomic>
#include <cstring>
#include <memory>
#include <new>

namespace evsim::sqlite {
namespace {

// An open file: SQLite allocates szOsFile bytes and this lives in them (placement new in
// xOpen, explicit destruction in xClose).
struct VfsFile {
  sqlite3_file base;  // first: SQLite sees a sqlite3_file*
  FileSystemVfs* vfs;
  std::unique_ptr<RandomAccessFile> file;
  std::string path;
  bool sync_directory_pending;  // created here: its directory entry is not durable yet
  bool delete_on_close;
};

FileSystemVfs* Owner(sqlite3_vfs* vfs) { return static_cast<FileSystemVfs*>(vfs->pAppData); }
VfsFile* AsFile(sqlite3_file* file) { return reinterpret_cast<VfsFile*>(file); }

std::string Parent(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

int Close(sqlite3_file* handle) {
  VfsFile* file = AsFile(handle);
  if (file->delete_on_close && !file->vfs->severed()) {
    file->file.reset();
    (void)file->vfs->files().DeleteFile(file->path);
  }
  file->~VfsFile();
  return SQLITE_OK;
}

int Read(sqlite3_file* handle, void* buffer, int amount, sqlite3_int64 offset) {
  VfsFile* file = AsFile(handle);
  if (file->vfs->severed()) return SQLITE_IOERR_READ;
  Result<std::string> bytes =
      file->file->Read(static_cast<std::uint64_t>(offset), static_cast<std::size_t>(amount));
  if (!bytes.ok()) return SQLITE_IOERR_READ;
  std::memcpy(buffer, bytes->data(), bytes->size());
  if (bytes->size() < static_cast<std::size_t>(amount)) {
    // SQLite requires the rest zero-filled on a short read.
    std::memset(static_cast<char*>(buffer) + bytes->size(), 0, amount - bytes->size());
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

int Write(sqlite3_file* handle, const void* buffer, int amount, sqlite3_int64 offset) {
  VfsFile* file = AsFile(handle);
  if (file->vfs->severed()) return SQLITE_IOERR_WRITE;
  const Status written = file->file->Write(
      static_cast<std::uint64_t>(offset),
      std::string_view(static_cast<const char*>(buffer), static_cast<std::size_t>(amount)));
  return written.ok() ? SQLITE_OK : SQLITE_IOERR_WRITE;
}

int Truncate(sqlite3_file* handle, sqlite3_int64 size) {
  VfsFile* file = AsFile(handle);
  if (file->vfs->severed()) return SQLITE_IOERR_TRUNCATE;
  return file->file->Truncate(static_cast<std::uint64_t>(size)).ok() ? SQLITE_OK
                                                                      : SQLITE_IOERR_TRUNCATE;
}

int Sync(sqlite3_file* handle, int /*flags: every sync is a full sync*/) {
  VfsFile* file = AsFile(handle);
  if (file->vfs->severed()) return SQLITE_IOERR_FSYNC;
  if (!file->file->Sync().ok()) return SQLITE_IOERR_FSYNC;
  if (file->sync_directory_pending) {
    if (!file->vfs->files().SyncDirectory(Parent(file->path)).ok()) return SQLITE_IOERR_DIR_FSYNC;
    file->sync_directory_pending = false;
  }
  return SQLITE_OK;
}

int FileSize(sqlite3_file* handle, sqlite3_int64* size) {
  VfsFile* file = AsFile(handle);
  if (file->vfs->severed()) return SQLITE_IOERR_FSTAT;
  Result<std::uint64_t> bytes = file->file->Size();
  if (!bytes.ok()) return SQLITE_IOERR_FSTAT;
  *size = static_cast<sqlite3_int64>(*bytes);
  return SQLITE_OK;
}

// One process and one connection per store: nothing to exclude.
int Lock(sqlite3_file*, int) { return SQLITE_OK; }
int Unlock(sqlite3_file*, int) { return SQLITE_OK; }
int CheckReservedLock(sqlite3_file*, int* reserved) {
  *reserved = 0;
  return SQLITE_OK;
}
int FileControl(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int SectorSize(sqlite3_file*) { return 512; }  // the simulated disk's sector
// No IOCAP flags: SQLite assumes nothing (no atomic or ordered writes, no safe append).
int DeviceCharacteristics(sqlite3_file*) { return 0; }

const sqlite3_io_methods kFileMethods = {
    1, Close, Read, Write, Truncate, Sync, FileSize, Lock, Unlock, CheckReservedLock,
    FileControl, SectorSize, DeviceCharacteristics,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* handle, int flags, int* out_flags) {
  FileSystemVfs* owner = Owner(vfs);
  handle->pMethods = nullptr;  // xClose is not called unless xOpen succeeds
  if (owner->severed()) return SQLITE_CANTOPEN;
  std::string path;
  if (name == nullptr) {
    // A temporary file (temp_store=MEMORY keeps most of them in memory); beside the database.
    path = owner->NextTempPath();
    flags |= SQLITE_OPEN_CREATE | SQLITE_OPEN_DELETEONCLOSE;
  } else {
    path = name;
  }
  const bool existed = owner->files().FileExists(path);
  const bool create = (flags & SQLITE_OPEN_CREATE) != 0;
  if (!existed && !create) return SQLITE_CANTOPEN;
  Result<std::unique_ptr<RandomAccessFile>> opened =
      owner->files().OpenRandomAccess(path, create);
  if (!opened.ok()) return SQLITE_CANTOPEN;
  // A temporary file left by a process that died before deleting it starts empty again.
  if (name == nullptr && existed && !(*opened)->Truncate(0).ok()) return SQLITE_CANTOPEN;
  auto* file = new (handle) VfsFile{{}, owner, std::move(opened).value(), path, !existed,
                                    (flags & SQLITE_OPEN_DELETEONCLOSE) != 0};
  file->base.pMethods = &kFileMethods;
  if (out_flags != nullptr) *out_flags = flags;
  return SQLITE_OK;
}

int Delete(sqlite3_vfs* vfs, const char* name, int sync_directory) {
  FileSystemVfs* owner = Owner(vfs);
  if (owner->severed()) return SQLITE_IOERR_DELETE;
  const std::string path = name;
  if (!owner->files().FileExists(path)) return SQLITE_IOERR_DELETE_NOENT;
  if (!owner->files().DeleteFile(path).ok()) return SQLITE_IOERR_DELETE;
  if (sync_directory != 0 && !owner->files().SyncDirectory(Parent(path)).ok()) {
    return SQLITE_IOERR_DIR_FSYNC;
  }
  return SQLITE_OK;
}

int Access(sqlite3_vfs* vfs, const char* name, int /*flags*/, int* result) {
  FileSystemVfs* owner = Owner(vfs);
  *result = !owner->severed() && owner->files().FileExists(name) ? 1 : 0;
  return SQLITE_OK;
}

int FullPathname(sqlite3_vfs*, const char* name, int size, char* out) {
  // Paths come from the store already absolute (or relative to the FileSystem's root).
  const int length = static_cast<int>(std::strlen(name));
  if (length + 1 > size) return SQLITE_CANTOPEN;
  std::memcpy(out, name, length + 1);
  return SQLITE_OK;
}

int Randomness(sqlite3_vfs* vfs, int size, char* out) {
  FileSystemVfs* owner = Owner(vfs);
  for (int i = 0; i < size; i += 8) {
    const std::uint64_t value = owner->NextRandom();
    std::memcpy(out + i, &value, std::min(8, size - i));
  }
  return size;
}

int Sleep(sqlite3_vfs*, int microseconds) { return microseconds; }  // no waiting: one process

// Julian day number in milliseconds: the Unix epoch is Julian day 2440587.5.
constexpr sqlite3_int64 kUnixEpochJulianMillis = 210866760000000;

int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* now) {
  *now = kUnixEpochJulianMillis + Owner(vfs)->clock().NowMicros() / 1000;
  return SQLITE_OK;
}

int CurrentTime(sqlite3_vfs* vfs, double* now) {
  sqlite3_int64 millis = 0;
  CurrentTimeInt64(vfs, &millis);
  *now = static_cast<double>(millis) / 86400000.0;
  return SQLITE_OK;
}

int GetLastError(sqlite3_vfs*, int, char*) { return 0; }

std::atomic<std::uint64_t> vfs_count{0};

}  // namespace

FileSystemVfs::FileSystemVfs(FileSystem& files, Clock& clock, std::string temp_directory)
    : files_(files),
      clock_(clock),
      name_("evsim-" + std::to_string(++vfs_count)),
      temp_directory_(std::move(temp_directory)) {
  vfs_.iVersion = 2;
  vfs_.szOsFile = sizeof(VfsFile);
  vfs_.mxPathname = 1024;
  vfs_.zName = name_.c_str();
  vfs_.pAppData = this;
  vfs_.xOpen = Open;
  vfs_.xDelete = Delete;
  vfs_.xAccess = Access;
  vfs_.xFullPathname = FullPathname;
  vfs_.xRandomness = Randomness;
  vfs_.xSleep = Sleep;
  vfs_.xCurrentTime = CurrentTime;
  vfs_.xGetLastError = GetLastError;
  vfs_.xCurrentTimeInt64 = CurrentTimeInt64;
  sqlite3_vfs_register(&vfs_, 0);
}

FileSystemVfs::~FileSystemVfs() { sqlite3_vfs_unregister(&vfs_); }

std::string FileSystemVfs::NextTempPath() {
  return temp_directory_ + "/temp-" + std::to_string(++temp_files_) + ".sqlite";
}

std::uint64_t FileSystemVfs::NextRandom() {
  // splitmix64: a fixed sequence, the same in every run.
  std::uint64_t z = (random_state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace evsim::sqlite
