#pragma once
// LogWriter: owns the segment files of one store directory and appends framed records durably.
// A segment is created as "<name>.tmp", synced, renamed into place and the directory synced, so
// a segment under its final name always has a complete header.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "evsim/env/file_system.h"
#include "evsim/store/mutation.h"
#include "log_format.h"

namespace evsim::store {

class LogWriter {
 public:
  // `mutation` is test-only (mutation.h): the log's own bugs live here.
  LogWriter(FileSystem& files, std::string directory, std::uint64_t segment_bytes_max,
            Mutation mutation = Mutation::kNone);

  // Creates segment `number` holding `initial_records` (already framed) and makes it active.
  // With base set, every lower-numbered segment is obsolete once this returns ok, and they are
  // deleted.
  Status StartSegment(std::uint64_t number, bool base, std::string_view initial_records);
  // Continues appending to an existing segment after recovery; syncs it first.
  Status ResumeSegment(std::uint64_t number, std::vector<std::uint64_t> live_segments,
                       std::uint64_t total_bytes);
  // Frames, appends and syncs one record; first seals a full segment and starts the next.
  Status Append(log_format::RecordType type, std::string_view payload);

  std::uint64_t active_number() const { return active_number_; }
  std::uint64_t total_bytes() const { return total_bytes_; }
  std::string PathOf(std::uint64_t number) const;

 private:
  FileSystem& files_;
  std::string directory_;
  std::uint64_t segment_bytes_max_;
  std::unique_ptr<WritableFile> active_;
  std::uint64_t active_number_ = 0;
  std::vector<std::uint64_t> live_segments_;
  std::uint64_t total_bytes_ = 0;
  std::string frame_;  // reused framing buffer
  Mutation mutation_ = Mutation::kNone;
};

}  // namespace evsim::store
