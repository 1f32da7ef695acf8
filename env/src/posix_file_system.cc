#include "evsim/env/posix_file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace evsim {
namespace {

Status ErrnoStatus(const std::string& what, const std::string& path) {
  const int error = errno;
  const std::string message = what + " '" + path + "': " + std::strerror(error);
  return error == ENOENT ? Status::NotFound(message) : Status::IoError(message);
}

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(int descriptor, std::string path, std::uint64_t size)
      : descriptor_(descriptor), path_(std::move(path)), size_(size) {}
  ~PosixWritableFile() override { ::close(descriptor_); }

  Status Append(std::string_view bytes) override {
    while (!bytes.empty()) {
      const ssize_t written = ::write(descriptor_, bytes.data(), bytes.size());
      if (written < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("write", path_);
      }
      bytes.remove_prefix(static_cast<std::size_t>(written));
      size_ += static_cast<std::uint64_t>(written);
    }
    return Status::Ok();
  }
  Status Sync() override {
    return ::fdatasync(descriptor_) == 0 ? Status::Ok() : ErrnoStatus("fdatasync", path_);
  }
  std::uint64_t Size() const override { return size_; }

 private:
  int descriptor_;
  std::string path_;
  std::uint64_t size_;
};

class PosixRandomAccessFile final : public RandomAccessFile {
 public:
  PosixRandomAccessFile(int descriptor, std::string path)
      : descriptor_(descriptor), path_(std::move(path)) {}
  ~PosixRandomAccessFile() override { ::close(descriptor_); }

  Result<std::string> Read(std::uint64_t offset, std::size_t length) override {
    std::string bytes(length, '\0');
    std::size_t done = 0;
    while (done < length) {
      const ssize_t count = ::pread(descriptor_, bytes.data() + done, length - done,
                                    static_cast<off_t>(offset + done));
      if (count < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("pread", path_);
      }
      if (count == 0) break;  // the end of the file
      done += static_cast<std::size_t>(count);
    }
    bytes.resize(done);
    return bytes;
  }
  Status Write(std::uint64_t offset, std::string_view bytes) override {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t count = ::pwrite(descriptor_, bytes.data() + done, bytes.size() - done,
                                     static_cast<off_t>(offset + done));
      if (count < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("pwrite", path_);
      }
      done += static_cast<std::size_t>(count);
    }
    return Status::Ok();
  }
  Status Truncate(std::uint64_t size) override {
    return ::ftruncate(descriptor_, static_cast<off_t>(size)) == 0 ? Status::Ok()
                                                                  : ErrnoStatus("ftruncate", path_);
  }
  Status Sync() override {
    return ::fdatasync(descriptor_) == 0 ? Status::Ok() : ErrnoStatus("fdatasync", path_);
  }
  Result<std::uint64_t> Size() override {
    struct stat info {};
    if (::fstat(descriptor_, &info) != 0) return ErrnoStatus("fstat", path_);
    return static_cast<std::uint64_t>(info.st_size);
  }

 private:
  int descriptor_;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<RandomAccessFile>> PosixFileSystem::OpenRandomAccess(const std::string& path,
                                                                            bool create) {
  const int descriptor = ::open(path.c_str(), O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644);
  if (descriptor < 0) return ErrnoStatus("open", path);
  return std::unique_ptr<RandomAccessFile>(new PosixRandomAccessFile(descriptor, path));
}

bool PosixFileSystem::FileExists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

Result<std::unique_ptr<WritableFile>> PosixFileSystem::OpenForAppend(const std::string& path) {
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (descriptor < 0) return ErrnoStatus("open", path);
  struct stat info {};
  if (::fstat(descriptor, &info) != 0) {
    Status status = ErrnoStatus("fstat", path);
    ::close(descriptor);
    return status;
  }
  return std::unique_ptr<WritableFile>(
      new PosixWritableFile(descriptor, path, static_cast<std::uint64_t>(info.st_size)));
}

Result<std::string> PosixFileSystem::ReadFile(const std::string& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) return ErrnoStatus("open", path);
  std::string content;
  char buffer[1 << 16];
  while (true) {
    const ssize_t count = ::read(descriptor, buffer, sizeof buffer);
    if (count < 0) {
      if (errno == EINTR) continue;
      Status status = ErrnoStatus("read", path);
      ::close(descriptor);
      return status;
    }
    if (count == 0) break;
    content.append(buffer, static_cast<std::size_t>(count));
  }
  ::close(descriptor);
  return content;
}

Result<std::vector<std::string>> PosixFileSystem::ListDirectory(const std::string& directory) {
  DIR* handle = ::opendir(directory.c_str());
  if (handle == nullptr) return ErrnoStatus("opendir", directory);
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(handle)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(handle);
  std::sort(names.begin(), names.end());  // readdir order is not deterministic
  return names;
}

Status PosixFileSystem::CreateDirectory(const std::string& directory) {
  if (::mkdir(directory.c_str(), 0755) == 0 || errno == EEXIST) return Status::Ok();
  return ErrnoStatus("mkdir", directory);
}

Status PosixFileSystem::DeleteFile(const std::string& path) {
  return ::unlink(path.c_str()) == 0 ? Status::Ok() : ErrnoStatus("unlink", path);
}

Status PosixFileSystem::RenameFile(const std::string& from, const std::string& to) {
  return ::rename(from.c_str(), to.c_str()) == 0 ? Status::Ok() : ErrnoStatus("rename", from);
}

Status PosixFileSystem::Truncate(const std::string& path, std::uint64_t size) {
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (descriptor < 0) return ErrnoStatus("open", path);
  const bool ok =
      ::ftruncate(descriptor, static_cast<off_t>(size)) == 0 && ::fdatasync(descriptor) == 0;
  Status status = ok ? Status::Ok() : ErrnoStatus("truncate", path);
  ::close(descriptor);
  return status;
}

Status PosixFileSystem::SyncDirectory(const std::string& directory) {
  const int descriptor = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) return ErrnoStatus("open", directory);
  const bool ok = ::fsync(descriptor) == 0;
  Status status = ok ? Status::Ok() : ErrnoStatus("fsync", directory);
  ::close(descriptor);
  return status;
}

}  // namespace evsim
