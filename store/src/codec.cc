#include "codec.h"

#include "evsim/records/limits.h"

namespace evsim::store {
namespace {
// Bounds on counts read from disk, so a corrupt count cannot make a decoder allocate wildly.
constexpr std::uint32_t kCollectionCountMax = 1u << 24;
}  // namespace

void ByteWriter::U32(std::uint32_t value) {
  char bytes[4];
  for (int index = 0; index < 4; ++index)
    bytes[index] = static_cast<char>(value >> (24 - 8 * index));
  out_.append(bytes, sizeof bytes);
}

void ByteWriter::U64(std::uint64_t value) {
  char bytes[8];
  for (int index = 0; index < 8; ++index)
    bytes[index] = static_cast<char>(value >> (56 - 8 * index));
  out_.append(bytes, sizeof bytes);
}

void ByteWriter::Bytes(std::string_view bytes) {
  U32(static_cast<std::uint32_t>(bytes.size()));
  out_.append(bytes);
}

void ByteWriter::OptionalHash(const std::optional<Hash32>& hash) {
  U8(hash ? 1 : 0);
  if (hash) Hash(*hash);
}

void ByteWriter::OptionalMac(const std::optional<Mac>& mac) {
  U8(mac ? 1 : 0);
  if (!mac) return;
  U32(mac->key_id);
  Hash(mac->bytes);
}

void ByteWriter::Map(const Metadata& map) {
  U32(static_cast<std::uint32_t>(map.size()));
  for (const auto& [key, value] : map) {
    Bytes(key);
    Bytes(value);
  }
}

void ByteWriter::Strings(const std::vector<std::string>& strings) {
  U32(static_cast<std::uint32_t>(strings.size()));
  for (const std::string& text : strings) Bytes(text);
}

void ByteWriter::EncodeEvent(const Event& event) {
  AppendCanonicalEventFields(EventView::Of(event), out_);
  EncodeEventIntegrity(event.prev_event_hash, event.mac, event.signature);
}

void ByteWriter::EncodeEventIntegrity(const std::optional<Hash32>& prev_event_hash,
                                      const std::optional<Mac>& mac,
                                      const std::optional<std::string>& signature) {
  OptionalHash(prev_event_hash);
  OptionalMac(mac);
  U8(signature ? 1 : 0);
  if (signature) Bytes(*signature);
}

void ByteWriter::EncodeSnapshot(const Snapshot& snapshot) {
  Bytes(snapshot.stream_id);
  I64(snapshot.version);
  Bytes(snapshot.data);
  Map(snapshot.metadata);
  I64(snapshot.timestamp);
  OptionalHash(snapshot.anchor_hash);
  OptionalMac(snapshot.mac);
}

void ByteWriter::EncodeCursor(const Cursor& cursor) {
  U8(cursor.is_beginning ? 1 : 0);
  if (cursor.is_beginning) return;
  I64(cursor.epoch_us);
  Bytes(cursor.stream_id);
  I64(cursor.version);
}

void ByteWriter::EncodeSelector(const Selector& selector) {
  U8(static_cast<std::uint8_t>(selector.kind));
  Bytes(selector.value);
  Map(selector.pattern);
  Strings(selector.tags);
  U8(static_cast<std::uint8_t>(selector.tag_match));
}

bool ByteReader::U8(std::uint8_t& value) {
  if (input_.size() - position_ < 1) return false;
  value = static_cast<std::uint8_t>(input_[position_++]);
  return true;
}

bool ByteReader::U32(std::uint32_t& value) {
  if (input_.size() - position_ < 4) return false;
  value = 0;
  for (int index = 0; index < 4; ++index) {
    value = (value << 8) | static_cast<std::uint8_t>(input_[position_++]);
  }
  return true;
}

bool ByteReader::U64(std::uint64_t& value) {
  if (input_.size() - position_ < 8) return false;
  value = 0;
  for (int index = 0; index < 8; ++index) {
    value = (value << 8) | static_cast<std::uint8_t>(input_[position_++]);
  }
  return true;
}

bool ByteReader::I64(std::int64_t& value) {
  std::uint64_t raw = 0;
  if (!U64(raw)) return false;
  value = static_cast<std::int64_t>(raw);
  return true;
}

bool ByteReader::Bytes(std::string& value) {
  std::uint32_t length = 0;
  if (!U32(length) || input_.size() - position_ < length) return false;
  value.assign(input_.substr(position_, length));
  position_ += length;
  return true;
}

bool ByteReader::Hash(Hash32& hash) {
  if (input_.size() - position_ < 32) return false;
  for (auto& byte : hash) byte = static_cast<std::uint8_t>(input_[position_++]);
  return true;
}

bool ByteReader::OptionalHash(std::optional<Hash32>& hash) {
  std::uint8_t present = 0;
  if (!U8(present) || present > 1) return false;
  if (present == 0) {
    hash.reset();
    return true;
  }
  hash.emplace();
  return Hash(*hash);
}

bool ByteReader::OptionalMac(std::optional<Mac>& mac) {
  std::uint8_t present = 0;
  if (!U8(present) || present > 1) return false;
  mac.reset();
  if (present == 0) return true;
  Mac decoded;
  if (!U32(decoded.key_id) || !Hash(decoded.bytes)) return false;
  mac = decoded;
  return true;
}

bool ByteReader::Map(Metadata& map) {
  std::uint32_t count = 0;
  if (!U32(count) || count > kCollectionCountMax) return false;
  map.clear();
  for (std::uint32_t index = 0; index < count; ++index) {
    std::string key, value;
    if (!Bytes(key) || !Bytes(value)) return false;
    if (!map.emplace(std::move(key), std::move(value)).second) return false;  // keys unique
  }
  return true;
}

bool ByteReader::Strings(std::vector<std::string>& strings) {
  std::uint32_t count = 0;
  if (!U32(count) || count > kCollectionCountMax) return false;
  strings.clear();
  for (std::uint32_t index = 0; index < count; ++index) {
    std::string text;
    if (!Bytes(text)) return false;
    strings.push_back(std::move(text));
  }
  return true;
}

bool ByteReader::DecodeEvent(Event& event) {
  return DecodeEventFields(event) && DecodeEventIntegrity(event);
}

bool ByteReader::DecodeEventFields(Event& event) {
  return Bytes(event.event_id) && Bytes(event.event_type) && Bytes(event.stream_id) &&
         I64(event.version) && event.version >= 0 && Bytes(event.data) && Map(event.metadata) &&
         Strings(event.tags) && I64(event.timestamp) && I64(event.epoch_us) &&
         Bytes(event.data_content_type) && Bytes(event.metadata_content_type);
}

bool ByteReader::DecodeEventIntegrity(Event& event) {
  if (!OptionalHash(event.prev_event_hash) || !OptionalMac(event.mac)) return false;
  std::uint8_t has_signature = 0;
  if (!U8(has_signature) || has_signature > 1) return false;
  event.signature.reset();
  if (has_signature) {
    std::string signature;
    if (!Bytes(signature)) return false;
    event.signature = std::move(signature);
  }
  return true;
}

bool ByteReader::DecodeSnapshot(Snapshot& snapshot) {
  if (!Bytes(snapshot.stream_id) || !I64(snapshot.version) || !Bytes(snapshot.data) ||
      !Map(snapshot.metadata) || !I64(snapshot.timestamp) || !OptionalHash(snapshot.anchor_hash) ||
      !OptionalMac(snapshot.mac)) {
    return false;
  }
  return snapshot.version >= 0;
}

bool ByteReader::DecodeCursor(Cursor& cursor) {
  std::uint8_t beginning = 0;
  if (!U8(beginning) || beginning > 1) return false;
  if (beginning) {
    cursor = Cursor::Beginning();
    return true;
  }
  cursor.is_beginning = false;
  return I64(cursor.epoch_us) && Bytes(cursor.stream_id) && I64(cursor.version);
}

bool ByteReader::DecodeSelector(Selector& selector) {
  std::uint8_t kind = 0;
  std::uint8_t match = 0;
  if (!U8(kind) || kind > static_cast<std::uint8_t>(Selector::Kind::kByTags)) return false;
  selector.kind = static_cast<Selector::Kind>(kind);
  if (!Bytes(selector.value) || !Map(selector.pattern) || !Strings(selector.tags) || !U8(match) ||
      match > 1) {
    return false;
  }
  selector.tag_match = static_cast<TagMatch>(match);
  return true;
}

}  // namespace evsim::store
