#include "evsim/sim/fault_injecting_file_system.h"

namespace evsim::sim {
namespace {

class FaultInjectingWritableFile final : public WritableFile {
 public:
  FaultInjectingWritableFile(FaultInjectingFileSystem& owner, std::string path,
                             std::unique_ptr<WritableFile> target)
      : owner_(owner), path_(std::move(path)), target_(std::move(target)) {}
  Status Append(std::string_view bytes) override {
    EVSIM_RETURN_IF_ERROR(owner_.Count("append " + path_));
    return target_->Append(bytes);
  }
  Status Sync() override {
    EVSIM_RETURN_IF_ERROR(owner_.Count("sync " + path_));
    return target_->Sync();
  }
  std::uint64_t Size() const override { return target_->Size(); }

 private:
  FaultInjectingFileSystem& owner_;
  std::string path_;
  std::unique_ptr<WritableFile> target_;
};

class FaultInjectingRandomAccessFile final : public RandomAccessFile {
 public:
  FaultInjectingRandomAccessFile(FaultInjectingFileSystem& owner, std::string path,
                                 std::unique_ptr<RandomAccessFile> target)
      : owner_(owner), path_(std::move(path)), target_(std::move(target)) {}
  Result<std::string> Read(std::uint64_t offset, std::size_t length) override {
    return target_->Read(offset, length);
  }
  Status Write(std::uint64_t offset, std::string_view bytes) override {
    EVSIM_RETURN_IF_ERROR(owner_.Count("write " + path_));
    return target_->Write(offset, bytes);
  }
  Status Truncate(std::uint64_t size) override {
    EVSIM_RETURN_IF_ERROR(owner_.Count("truncate " + path_));
    return target_->Truncate(size);
  }
  Status Sync() override {
    EVSIM_RETURN_IF_ERROR(owner_.Count("sync " + path_));
    return target_->Sync();
  }
  Result<std::uint64_t> Size() override { return target_->Size(); }

 private:
  FaultInjectingFileSystem& owner_;
  std::string path_;
  std::unique_ptr<RandomAccessFile> target_;
};

}  // namespace

Result<std::unique_ptr<RandomAccessFile>> FaultInjectingFileSystem::OpenRandomAccess(
    const std::string& path, bool create) {
  EVSIM_ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file,
                         target_.OpenRandomAccess(path, create));
  return std::unique_ptr<RandomAccessFile>(
      new FaultInjectingRandomAccessFile(*this, path, std::move(file)));
}

Status FaultInjectingFileSystem::Count(const std::string& what) {
  ++operations_;
  if (fail_at_ == 0 || operations_ != fail_at_) return Status::Ok();
  fired_ = true;
  fired_at_ = what;
  return Status::IoError("injected failure of operation " + std::to_string(operations_) + ": " +
                         what);
}

Result<std::unique_ptr<WritableFile>> FaultInjectingFileSystem::OpenForAppend(
    const std::string& path) {
  EVSIM_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, target_.OpenForAppend(path));
  return std::unique_ptr<WritableFile>(
      new FaultInjectingWritableFile(*this, path, std::move(file)));
}

Status FaultInjectingFileSystem::DeleteFile(const std::string& path) {
  EVSIM_RETURN_IF_ERROR(Count("delete " + path));
  return target_.DeleteFile(path);
}

Status FaultInjectingFileSystem::RenameFile(const std::string& from, const std::string& to) {
  EVSIM_RETURN_IF_ERROR(Count("rename " + from));
  return target_.RenameFile(from, to);
}

Status FaultInjectingFileSystem::Truncate(const std::string& path, std::uint64_t size) {
  EVSIM_RETURN_IF_ERROR(Count("truncate " + path));
  return target_.Truncate(path, size);
}

Status FaultInjectingFileSystem::SyncDirectory(const std::string& directory) {
  EVSIM_RETURN_IF_ERROR(Count("sync directory " + directory));
  return target_.SyncDirectory(directory);
}

}  // namespace evsim::sim
