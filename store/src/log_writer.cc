#include "log_writer.h"

#include "evsim/probes/probe.h"
#include "evsim/records/assert.h"

namespace evsim::store {

LogWriter::LogWriter(FileSystem& files, std::string directory, std::uint64_t segment_bytes_max,
                     Mutation mutation)
    : files_(files),
      directory_(std::move(directory)),
      segment_bytes_max_(segment_bytes_max),
      mutation_(mutation) {}

std::string LogWriter::PathOf(std::uint64_t number) const {
  return directory_ + "/" + log_format::SegmentFileName(number);
}

Status LogWriter::StartSegment(std::uint64_t number, bool base, std::string_view initial_records) {
  EVSIM_ASSERT(number > active_number_);
  const std::string path = PathOf(number);
  const std::string temporary = path + ".tmp";
  {
    EVSIM_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, files_.OpenForAppend(temporary));
    EVSIM_RETURN_IF_ERROR(file->Append(log_format::EncodeSegmentHeader({number, base})));
    EVSIM_RETURN_IF_ERROR(file->Append(initial_records));
    EVSIM_RETURN_IF_ERROR(file->Sync());
  }
  EVSIM_RETURN_IF_ERROR(files_.RenameFile(temporary, path));
  if (mutation_ != Mutation::kNoDirectorySyncAfterRename) {
    EVSIM_RETURN_IF_ERROR(files_.SyncDirectory(directory_));
  }
  EVSIM_ASSIGN_OR_RETURN(active_, files_.OpenForAppend(path));
  active_number_ = number;
  if (base) {
    // The base is durable: what came before it is obsolete. A crash part-way through these
    // deletions leaves obsolete segments that the next recovery ignores and deletes again.
    for (std::uint64_t old : live_segments_) {
      EVSIM_RETURN_IF_ERROR(files_.DeleteFile(PathOf(old)));
    }
    EVSIM_RETURN_IF_ERROR(files_.SyncDirectory(directory_));
    live_segments_.clear();
    total_bytes_ = 0;
  }
  live_segments_.push_back(number);
  total_bytes_ += active_->Size();
  return Status::Ok();
}

Status LogWriter::ResumeSegment(std::uint64_t number, std::vector<std::uint64_t> live_segments,
                                std::uint64_t total_bytes) {
  EVSIM_ASSIGN_OR_RETURN(active_, files_.OpenForAppend(PathOf(number)));
  // What recovery replayed is made durable before it is served: after a process restart the
  // operating system may still hold the last write unsynced, and a power loss later must not
  // take away what a read has shown.
  EVSIM_RETURN_IF_ERROR(active_->Sync());
  active_number_ = number;
  live_segments_ = std::move(live_segments);
  total_bytes_ = total_bytes;
  return Status::Ok();
}

Status LogWriter::Append(log_format::RecordType type, std::string_view payload) {
  EVSIM_ASSERT(active_ != nullptr);
  if (payload.size() > log_format::kRecordPayloadBytesMax) {
    return Status::InvalidArgument("record of " + std::to_string(payload.size()) +
                                   " bytes exceeds the 64 MiB record bound");
  }
  // Roll before writing, so that a failed roll never turns a durable record into an error.
  if (active_->Size() >= segment_bytes_max_) {
    EVSIM_PROBE(kSegmentRolled);
    EVSIM_RETURN_IF_ERROR(StartSegment(active_number_ + 1, false, {}));
  }
  log_format::FrameRecordInto(type, payload, frame_);
  if (Status written = active_->Append(frame_); !written.ok()) {
    EVSIM_PROBE(kAppendWriteFailed);
    return written;
  }
  // mutant:ack-without-sync takes an ack for cheap bookkeeping that the next sync will cover.
  const bool skip_sync =
      mutation_ == Mutation::kAckWithoutSync && type == log_format::RecordType::kAck;
  Status synced = skip_sync ? Status::Ok() : active_->Sync();
  if (!synced.ok()) EVSIM_PROBE(kAppendSyncFailed);
  if (!synced.ok() && mutation_ != Mutation::kIgnoresFailedSync) return synced;
  total_bytes_ += frame_.size();
  return Status::Ok();
}

}  // namespace evsim::store
