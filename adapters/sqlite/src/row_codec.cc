#include "row_codec.h"

#include <cstdint>

namespace evsim::sqlite {
namespace {

void PutField(std::string& out, std::string_view bytes) {
  const auto length = static_cast<std::uint32_t>(bytes.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(length >> shift));
  out.append(bytes);
}

void PutCount(std::string& out, std::size_t count) { PutField(out, std::to_string(count)); }

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::optional<std::string_view> Field() {
    if (bytes_.size() < 4) return std::nullopt;
    std::uint32_t length = 0;
    for (int i = 0; i < 4; ++i) length = (length << 8) | static_cast<std::uint8_t>(bytes_[i]);
    if (bytes_.size() - 4 < length) return std::nullopt;
    std::string_view field = bytes_.substr(4, length);
    bytes_.remove_prefix(4 + length);
    return field;
  }
  std::optional<std::size_t> Count() {
    std::optional<std::string_view> field = Field();
    if (!field || field->empty() || field->size() > 9) return std::nullopt;
    std::size_t count = 0;
    for (char digit : *field) {
      if (digit < '0' || digit > '9') return std::nullopt;
      count = count * 10 + static_cast<std::size_t>(digit - '0');
    }
    return count;
  }
  bool done() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
};

void PutMetadata(std::string& out, const Metadata& metadata) {
  PutCount(out, metadata.size());
  for (const auto& [key, value] : metadata) {
    PutField(out, key);
    PutField(out, value);
  }
}

std::optional<Metadata> ReadMetadata(Reader& reader) {
  std::optional<std::size_t> count = reader.Count();
  if (!count) return std::nullopt;
  Metadata metadata;
  for (std::size_t i = 0; i < *count; ++i) {
    std::optional<std::string_view> key = reader.Field();
    std::optional<std::string_view> value = reader.Field();
    if (!key || !value) return std::nullopt;
    metadata.emplace(std::string(*key), std::string(*value));
  }
  return metadata;
}

void PutTags(std::string& out, const std::vector<std::string>& tags) {
  PutCount(out, tags.size());
  for (const std::string& tag : tags) PutField(out, tag);
}

std::optional<std::vector<std::string>> ReadTags(Reader& reader) {
  std::optional<std::size_t> count = reader.Count();
  if (!count) return std::nullopt;
  std::vector<std::string> tags;
  for (std::size_t i = 0; i < *count; ++i) {
    std::optional<std::string_view> tag = reader.Field();
    if (!tag) return std::nullopt;
    tags.emplace_back(*tag);
  }
  return tags;
}

}  // namespace

std::string EncodeMetadata(const Metadata& metadata) {
  std::string out;
  PutMetadata(out, metadata);
  return out;
}

std::optional<Metadata> DecodeMetadata(std::string_view bytes) {
  Reader reader(bytes);
  std::optional<Metadata> metadata = ReadMetadata(reader);
  if (!reader.done()) return std::nullopt;
  return metadata;
}

std::string EncodeTags(const std::vector<std::string>& tags) {
  std::string out;
  PutTags(out, tags);
  return out;
}

std::optional<std::vector<std::string>> DecodeTags(std::string_view bytes) {
  Reader reader(bytes);
  std::optional<std::vector<std::string>> tags = ReadTags(reader);
  if (!reader.done()) return std::nullopt;
  return tags;
}

std::string EncodeSelector(const Selector& selector) {
  std::string out;
  PutCount(out, static_cast<std::size_t>(selector.kind));
  PutField(out, selector.value);
  PutMetadata(out, selector.pattern);
  PutTags(out, selector.tags);
  PutCount(out, static_cast<std::size_t>(selector.tag_match));
  return out;
}

std::optional<Selector> DecodeSelector(std::string_view bytes) {
  Reader reader(bytes);
  Selector selector;
  std::optional<std::size_t> kind = reader.Count();
  std::optional<std::string_view> value = reader.Field();
  std::optional<Metadata> pattern = ReadMetadata(reader);
  std::optional<std::vector<std::string>> tags = ReadTags(reader);
  std::optional<std::size_t> match = reader.Count();
  if (!kind || *kind > static_cast<std::size_t>(Selector::Kind::kByTags) || !value || !pattern ||
      !tags || !match || *match > 1 || !reader.done()) {
    return std::nullopt;
  }
  selector.kind = static_cast<Selector::Kind>(*kind);
  selector.value = std::string(*value);
  selector.pattern = std::move(*pattern);
  selector.tags = std::move(*tags);
  selector.tag_match = static_cast<TagMatch>(*match);
  return selector;
}

}  // namespace evsim::sqlite
