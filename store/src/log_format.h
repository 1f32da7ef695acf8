#pragma once
// The on-disk format of the store's log: segment files of framed, checksummed records.
// docs/log-format.md describes it in prose; the constants live here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evsim/records/result.h"

namespace evsim::store::log_format {

inline constexpr std::string_view kSegmentMagic = "EVSIMLOG";
inline constexpr std::uint32_t kFormatVersion = 1;
// magic(8) | u32 format_version | u32 flags | u64 segment_number | u64 XXH3(previous 24 bytes)
inline constexpr std::size_t kSegmentHeaderBytes = 32;
inline constexpr std::uint32_t kFlagBase = 1;  // a compacted base: older segments are obsolete
// header: u32 payload_length | u8 type | 3 zero bytes | u64 XXH3-64(payload, seed = type)
// trailer: u32 payload_length | u64 the same checksum (written last: proves the write finished)
inline constexpr std::size_t kRecordHeaderBytes = 16;
inline constexpr std::size_t kRecordTrailerBytes = 12;
inline constexpr std::size_t kRecordOverheadBytes = kRecordHeaderBytes + kRecordTrailerBytes;
inline constexpr std::uint32_t kRecordPayloadBytesMax = 64u << 20;

enum class RecordType : std::uint8_t {
  kStoreConfig = 1,  // declared indexes and whether integrity is on; first in every base
  kBatch = 2,        // one appended batch: stream id and its events
  kDeleteStream = 3,
  kScavenge = 4,  // stream id, cutoff version, anchor
  kSnapshotSave = 5,
  kSnapshotDelete = 6,  // stream id, version (-1: all)
  kSubscribe = 7,
  kAck = 8,
  kUnsubscribe = 9,
  kStreamState = 10,  // compaction: a stream's H(s), chain hash and anchor
  kClock = 11,        // compaction: the epoch_us high-water mark
};
inline constexpr std::uint8_t kRecordTypeMax = 11;

struct SegmentHeader {
  std::uint64_t number = 0;
  bool base = false;
};

std::string SegmentFileName(std::uint64_t number);  // "log-00000000000000000001.evl"
std::optional<std::uint64_t> ParseSegmentFileName(std::string_view name);

std::string EncodeSegmentHeader(const SegmentHeader& header);
// corruption for garbage or a truncated header; unsupported for a newer format version.
Result<SegmentHeader> ParseSegmentHeader(std::string_view bytes, const std::string& path);

std::string FrameRecord(RecordType type, std::string_view payload);
// Frames into `out`, replacing its content but keeping its capacity (the append hot path
// reuses one buffer instead of allocating and faulting in a fresh one per record).
void FrameRecordInto(RecordType type, std::string_view payload, std::string& out);

struct ScannedRecord {
  RecordType type;
  std::string_view payload;
  std::uint64_t offset;  // of the record header within the file
};

struct SegmentScan {
  std::vector<ScannedRecord> records;
  std::uint64_t valid_bytes = 0;  // the file is sound up to here
  bool torn_tail = false;         // bytes after valid_bytes are an unfinished write
  // The final record's content verified but its trailer was torn: recovery must rewrite the
  // trailer (these bytes at this offset) before anything is appended after it.
  std::optional<std::pair<std::uint64_t, std::string>> trailer_repair;
};

// Reads the records after the header (docs/log-format.md, recovery rules). Damage followed by
// a complete record anywhere later in the file is `corruption` naming the file, the offset and
// the field: that record proves the damaged one was acknowledged. Damage with nothing complete
// after it is the write that was in flight at the crash: in the last segment a torn tail
// (reported, truncated), kept whole when only its trailer is damaged; in a sealed segment,
// corruption.
// `trusts_final_record` is mutant:recovery-trusts-final-record (mutation.h).
Result<SegmentScan> ScanSegment(std::string_view bytes, const std::string& path,
                                bool is_last_segment, bool trusts_final_record = false);

}  // namespace evsim::store::log_format
