#include "log_format.h"

#include <xxhash.h>

#include <cstdio>

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

// True when some trailer after `start` names a record of exactly the length that reaches it
// and carries `checksum`: the record was written completely, so its damage is corruption.
bool WasWrittenCompletely(std::string_view bytes, std::size_t start, std::uint64_t checksum) {
  for (std::size_t end = start + kRecordOverheadBytes; end <= bytes.size(); ++end) {
    const std::size_t trailer = end - kRecordTrailerBytes;
    if (GetU32(bytes, trailer) == end - start - kRecordOverheadBytes &&
        GetU64(bytes, trailer + 4) == checksum) {
      return true;
    }
  }
  return false;
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
                                bool is_last_segment) {
  EVSIM_ASSERT(bytes.size() >= kSegmentHeaderBytes);
  SegmentScan scan;
  std::size_t position = kSegmentHeaderBytes;
  auto unfinished = [&](const std::string& what) -> Result<SegmentScan> {
    if (!is_last_segment) return CorruptionAt(path, position, what + " in a sealed segment");
    scan.valid_bytes = position;
    scan.torn_tail = true;
    return scan;
  };
  while (position < bytes.size()) {
    const std::size_t remaining = bytes.size() - position;
    if (remaining < kRecordOverheadBytes) return unfinished("incomplete record");
    const std::uint32_t length = GetU32(bytes, position);
    const auto type = static_cast<std::uint8_t>(bytes[position + 4]);
    const std::uint64_t checksum = GetU64(bytes, position + 8);
    const bool fits =
        length <= kRecordPayloadBytesMax && remaining >= kRecordOverheadBytes + length;
    if (fits) {
      const std::string_view payload = bytes.substr(position + kRecordHeaderBytes, length);
      const std::size_t trailer = position + kRecordHeaderBytes + length;
      const bool at_end_of_file = trailer + kRecordTrailerBytes == bytes.size();
      const std::uint64_t computed = RecordChecksum(type, payload);
      const std::uint64_t trailer_checksum = GetU64(bytes, trailer + 4);
      // A torn write garbles everything from its tear point to the end of the file, so it
      // always damages the trailer; a flipped bit damages one place only.
      const bool trailer_intact = GetU32(bytes, trailer) == length &&
                                  (trailer_checksum == checksum || trailer_checksum == computed);
      const bool torn_trailer = !trailer_intact && at_end_of_file && is_last_segment;
      if (computed == checksum && (trailer_intact || torn_trailer)) {
        // Content verified. A damaged trailer on the final record of the last segment means the
        // write was torn after the content landed: the record is whole and is kept, and its
        // trailer must be rewritten before anything is appended after it.
        if (torn_trailer) {
          std::string repaired;
          PutU32(repaired, length);
          PutU64(repaired, checksum);
          scan.trailer_repair.emplace(trailer, std::move(repaired));
        }
        const bool zero_pad =
            bytes[position + 5] == 0 && bytes[position + 6] == 0 && bytes[position + 7] == 0;
        if (!zero_pad || type == 0 || type > kRecordTypeMax) {
          return CorruptionAt(path, position, "unknown record type " + std::to_string(type));
        }
        scan.records.push_back({static_cast<RecordType>(type), payload, position});
        position = trailer + kRecordTrailerBytes;
        continue;
      }
      if (trailer_intact || WasWrittenCompletely(bytes, position, checksum)) {
        return CorruptionAt(path, position, "record checksum mismatch");
      }
      if (!at_end_of_file) {
        return CorruptionAt(path, position, "damaged record followed by more data");
      }
      return unfinished("unfinished record");
    }
    if (WasWrittenCompletely(bytes, position, checksum)) {
      return CorruptionAt(path, position, "record length field damaged");
    }
    return unfinished("unfinished record");
  }
  scan.valid_bytes = position;
  return scan;
}

}  // namespace evsim::store::log_format
