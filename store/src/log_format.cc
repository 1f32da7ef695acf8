#include "log_format.h"

#include <xxhash.h>

#include <cstdio>

#include "evsim/probes/probe.h"
#include "evsim/records/assert.h"

namespace evsim::store::log_format {
namespace {

void PutU32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}
void PutU64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}
std::uint32_t GetU32(std::string_view bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t index = 0; index < 4; ++index) {
    value = (value << 8) | static_cast<std::uint8_t>(bytes[at + index]);
  }
  return value;
}
std::uint64_t GetU64(std::string_view bytes, std::size_t at) {
  std::uint64_t value = 0;
  for (std::size_t index = 0; index < 8; ++index) {
    value = (value << 8) | static_cast<std::uint8_t>(bytes[at + index]);
  }
  return value;
}

std::uint64_t RecordChecksum(std::uint8_t type, std::string_view payload) {
  // XXH3 seeded with the type byte: covers both without a streaming state per record.
  return XXH3_64bits_withSeed(payload.data(), payload.size(), type);
}

Status CorruptionAt(const std::string& path, std::uint64_t offset, const std::string& what) {
  return Status::Corruption(path + " at offset " + std::to_string(offset) + ": " + what);
}

// What the bytes at one offset hold, checked as a record.
struct Examined {
  bool valid = false;            // every check passed
  bool content_verifies = false; // the payload matches the header's checksum (the trailer may not)
  bool only_trailer_damaged = false;  // everything verifies but the trailer
  bool trailer_intact = false;   // the trailer repeats the header's length and checksum
  std::size_t end = 0;           // where the record ends, when its length fits the file
  std::uint8_t type = 0;
  std::string_view payload;
  std::uint64_t checksum = 0;
  std::string problem;           // the first check that failed, naming the field
};

Examined Examine(std::string_view bytes, std::size_t position) {
  Examined record;
  const std::size_t remaining = bytes.size() - position;
  if (remaining < kRecordOverheadBytes) {
    record.problem = "an incomplete record (" + std::to_string(remaining) + " bytes)";
    return record;
  }
  const std::uint32_t length = GetU32(bytes, position);
  record.type = static_cast<std::uint8_t>(bytes[position + 4]);
  record.checksum = GetU64(bytes, position + 8);
  if (length > kRecordPayloadBytesMax || remaining < kRecordOverheadBytes + length) {
    record.problem = "payload_length " + std::to_string(length) + " runs past the end of the file";
    return record;
  }
  record.payload = bytes.substr(position + kRecordHeaderBytes, length);
  record.end = position + kRecordOverheadBytes + length;
  const std::size_t trailer = record.end - kRecordTrailerBytes;
  record.content_verifies = RecordChecksum(record.type, record.payload) == record.checksum;
  const bool trailer_intact =
      GetU32(bytes, trailer) == length && GetU64(bytes, trailer + 4) == record.checksum;
  record.trailer_intact = trailer_intact;
  for (std::size_t pad = 5; pad < 8; ++pad) {
    if (bytes[position + pad] != 0) {
      char found[8];
      std::snprintf(found, sizeof found, "0x%02x", static_cast<std::uint8_t>(bytes[position + pad]));
      record.problem = "header byte " + std::to_string(pad) + " (padding, must be 0) is " + found;
      return record;
    }
  }
  if (record.type == 0 || record.type > kRecordTypeMax) {
    record.problem = "unknown record type " + std::to_string(record.type) + " (header byte 4)";
  } else if (!record.content_verifies) {
    EVSIM_PROBE(kRecordChecksumMismatch);
    record.problem = "record checksum mismatch";
  } else if (!trailer_intact) {
    record.problem = "the trailer does not match the header";
    record.only_trailer_damaged = true;
  } else {
    record.valid = true;
  }
  return record;
}

// The offset of the first complete, valid record after `from`, if any. Its presence proves
// that whatever lies before it was written, and synced, before it: the store writes a record
// only after the previous one's sync returned.
std::optional<std::size_t> FindValidRecordAfter(std::string_view bytes, std::size_t from) {
  for (std::size_t at = from; at + kRecordOverheadBytes <= bytes.size(); ++at) {
    // Cheap filters first: a zero pad, a known type, a length that fits, a matching trailer.
    if (bytes[at + 5] != 0 || bytes[at + 6] != 0 || bytes[at + 7] != 0) continue;
    const auto type = static_cast<std::uint8_t>(bytes[at + 4]);
    if (type == 0 || type > kRecordTypeMax) continue;
    const std::uint32_t length = GetU32(bytes, at);
    if (length > kRecordPayloadBytesMax || bytes.size() - at < kRecordOverheadBytes + length) {
      continue;
    }
    const std::size_t trailer = at + kRecordHeaderBytes + length;
    const std::uint64_t checksum = GetU64(bytes, at + 8);
    if (GetU32(bytes, trailer) != length || GetU64(bytes, trailer + 4) != checksum) continue;
    if (RecordChecksum(type, bytes.substr(at + kRecordHeaderBytes, length)) == checksum) return at;
  }
  return std::nullopt;
}

}  // namespace

std::string SegmentFileName(std::uint64_t number) {
  char name[64];
  std::snprintf(name, sizeof name, "log-%020llu.evl", static_cast<unsigned long long>(number));
  return name;
}

std::optional<std::uint64_t> ParseSegmentFileName(std::string_view name) {
  if (name.size() != 28 || !name.starts_with("log-") || !name.ends_with(".evl")) {
    return std::nullopt;
  }
  std::uint64_t number = 0;
  for (char digit : name.substr(4, 20)) {
    if (digit < '0' || digit > '9') return std::nullopt;
    number = number * 10 + static_cast<std::uint64_t>(digit - '0');
  }
  return number;
}

std::string EncodeSegmentHeader(const SegmentHeader& header) {
  std::string out(kSegmentMagic);
  PutU32(out, kFormatVersion);
  PutU32(out, header.base ? kFlagBase : 0);
  PutU64(out, header.number);
  PutU64(out, XXH3_64bits(out.data(), out.size()));
  EVSIM_ASSERT(out.size() == kSegmentHeaderBytes);
  return out;
}

Result<SegmentHeader> ParseSegmentHeader(std::string_view bytes, const std::string& path) {
  if (bytes.size() < kSegmentHeaderBytes) {
    return CorruptionAt(
        path, 0, "truncated segment header (" + std::to_string(bytes.size()) + " of 32 bytes)");
  }
  if (bytes.substr(0, 8) != kSegmentMagic) {
    return CorruptionAt(path, 0, "not an evsim log segment (bad magic)");
  }
  if (GetU64(bytes, 24) != XXH3_64bits(bytes.data(), 24)) {
    return CorruptionAt(path, 0, "segment header checksum mismatch");
  }
  const std::uint32_t version = GetU32(bytes, 8);
  if (version != kFormatVersion) {
    return Status::Unsupported(path + ": log format version " + std::to_string(version) +
                               " is not supported (this evsim reads version " +
                               std::to_string(kFormatVersion) + ")");
  }
  const std::uint32_t flags = GetU32(bytes, 12);
  if ((flags & ~kFlagBase) != 0) return CorruptionAt(path, 12, "unknown segment flags");
  return SegmentHeader{GetU64(bytes, 16), (flags & kFlagBase) != 0};
}

std::string FrameRecord(RecordType type, std::string_view payload) {
  std::string out;
  FrameRecordInto(type, payload, out);
  return out;
}

void FrameRecordInto(RecordType type, std::string_view payload, std::string& out) {
  EVSIM_ASSERT(payload.size() <= kRecordPayloadBytesMax);
  const auto type_byte = static_cast<std::uint8_t>(type);
  const std::uint64_t checksum = RecordChecksum(type_byte, payload);
  out.clear();
  out.reserve(kRecordOverheadBytes + payload.size());
  PutU32(out, static_cast<std::uint32_t>(payload.size()));
  out.push_back(static_cast<char>(type_byte));
  out.append(3, '\0');
  PutU64(out, checksum);
  out.append(payload);
  PutU32(out, static_cast<std::uint32_t>(payload.size()));
  PutU64(out, checksum);
}

Result<SegmentScan> ScanSegment(std::string_view bytes, const std::string& path,
                                bool is_last_segment, bool trusts_final_record) {
  EVSIM_ASSERT(bytes.size() >= kSegmentHeaderBytes);
  SegmentScan scan;
  std::size_t position = kSegmentHeaderBytes;
  while (position < bytes.size()) {
    const Examined record = Examine(bytes, position);
    // The bug: a final record that fills the file exactly, with a trailer that agrees with its
    // header, "must have been written whole", so its checksum is not worth computing.
    const bool trusted = trusts_final_record && is_last_segment && !record.valid &&
                         record.end == bytes.size() && record.trailer_intact &&
                         !record.content_verifies && record.problem == "record checksum mismatch";
    if (record.valid || trusted) {
      scan.records.push_back({static_cast<RecordType>(record.type), record.payload, position});
      position = record.end;
      continue;
    }
    // Damage. A complete record after it proves it was written and acknowledged before that
    // one: corruption. Nothing complete after it: it is the one write that was in flight.
    if (const std::optional<std::size_t> later = FindValidRecordAfter(bytes, position + 1)) {
      EVSIM_PROBE(kAcknowledgedRecordDamaged);
      return CorruptionAt(path, position,
                          record.problem + ", and a complete record follows at offset " +
                              std::to_string(*later) + ", so this one was acknowledged");
    }
    if (!is_last_segment) return CorruptionAt(path, position, record.problem + " in a sealed segment");
    if (record.only_trailer_damaged) {
      // The write landed but for its trailer: the record is whole and is kept, and its trailer
      // is rewritten before anything is appended after it.
      std::string repaired;
      PutU32(repaired, static_cast<std::uint32_t>(record.payload.size()));
      PutU64(repaired, record.checksum);
      scan.trailer_repair.emplace(record.end - kRecordTrailerBytes, std::move(repaired));
      scan.records.push_back({static_cast<RecordType>(record.type), record.payload, position});
      position = record.end;
      if (position == bytes.size()) break;
    }
    scan.valid_bytes = position;
    scan.torn_tail = true;
    return scan;
  }
  scan.valid_bytes = position;
  return scan;
}

}  // namespace evsim::store::log_format
