#include "evsim/records/cursor.h"

#include <tuple>

#include "evsim/records/assert.h"

namespace evsim {
namespace {

constexpr std::uint64_t kSignFlip = std::uint64_t{1} << 63;

void AppendU64BigEndian(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

std::uint64_t ReadU64BigEndian(std::string_view bytes) {
  std::uint64_t value = 0;
  for (int index = 0; index < 8; ++index) {
    value = (value << 8) | static_cast<std::uint8_t>(bytes[index]);
  }
  return value;
}

std::string EncodeTuple(std::int64_t epoch_us, std::string_view stream_id, std::int64_t version) {
  EVSIM_ASSERT(stream_id.find('\0') == std::string_view::npos);
  EVSIM_ASSERT(version >= 0);
  std::string key;
  key.reserve(8 + stream_id.size() + 1 + 8);
  AppendU64BigEndian(key, static_cast<std::uint64_t>(epoch_us) ^ kSignFlip);
  key.append(stream_id);
  key.push_back('\0');
  AppendU64BigEndian(key, static_cast<std::uint64_t>(version));
  return key;
}

}  // namespace

std::strong_ordering operator<=>(const Cursor& left, const Cursor& right) {
  if (left.is_beginning || right.is_beginning) {
    return !left.is_beginning <=> !right.is_beginning;
  }
  return std::tie(left.epoch_us, left.stream_id, left.version) <=>
         std::tie(right.epoch_us, right.stream_id, right.version);
}

std::string Cursor::ToString() const {
  if (is_beginning) return "beginning";
  return std::to_string(epoch_us) + "/" + stream_id + "/" + std::to_string(version);
}

bool IsAfter(const Event& event, const Cursor& cursor) { return Cursor::Of(event) > cursor; }

bool GlobalOrderLess(const Event& left, const Event& right) {
  return std::tie(left.epoch_us, left.stream_id, left.version) <
         std::tie(right.epoch_us, right.stream_id, right.version);
}

std::string OrderKey(const Cursor& cursor) {
  if (cursor.is_beginning) return std::string();
  return EncodeTuple(cursor.epoch_us, cursor.stream_id, cursor.version);
}

std::string OrderKey(const Event& event) {
  return EncodeTuple(event.epoch_us, event.stream_id, event.version);
}

std::optional<Cursor> CursorFromOrderKey(std::string_view key) {
  if (key.empty()) return Cursor::Beginning();
  if (key.size() < 8 + 1 + 8 || key[key.size() - 9] != '\0') return std::nullopt;
  std::string_view stream_id = key.substr(8, key.size() - 17);
  if (stream_id.find('\0') != std::string_view::npos) return std::nullopt;
  const std::uint64_t version = ReadU64BigEndian(key.substr(key.size() - 8));
  if (version > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return Cursor::At(static_cast<std::int64_t>(ReadU64BigEndian(key) ^ kSignFlip),
                    std::string(stream_id), static_cast<std::int64_t>(version));
}

}  // namespace evsim
