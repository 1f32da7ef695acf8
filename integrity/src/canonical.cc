#include "evsim/integrity/canonical.h"

#include "evsim/records/assert.h"

namespace evsim {
namespace {

void AppendU32(std::string& out, std::uint32_t value) {
  char bytes[4];
  for (int index = 0; index < 4; ++index)
    bytes[index] = static_cast<char>(value >> (24 - 8 * index));
  out.append(bytes, sizeof bytes);
}

void AppendU64(std::string& out, std::uint64_t value) {
  char bytes[8];
  for (int index = 0; index < 8; ++index)
    bytes[index] = static_cast<char>(value >> (56 - 8 * index));
  out.append(bytes, sizeof bytes);
}

void AppendField(std::string& out, std::string_view bytes) {
  EVSIM_ASSERT(bytes.size() <= UINT32_MAX);
  AppendU32(out, static_cast<std::uint32_t>(bytes.size()));
  out.append(bytes);
}

void AppendMetadata(std::string& out, const Metadata& metadata) {
  AppendU32(out, static_cast<std::uint32_t>(metadata.size()));
  for (const auto& [key, value] : metadata) {  // std::map: bytewise ascending keys
    AppendField(out, key);
    AppendField(out, value);
  }
}

}  // namespace

std::string_view CanonicalEventPrefix() {
  static const std::string prefix = [] {
    std::string out;
    AppendField(out, kEventDomain);
    return out;
  }();
  return prefix;
}

std::size_t CanonicalEventFieldsBytes(const EventView& event) {
  constexpr std::size_t kLength = 4;  // u32 before every field and every count
  std::size_t bytes = 6 * kLength + event.event_id.size() + event.event_type.size() +
                      event.stream_id.size() + event.data.size() + event.data_content_type.size() +
                      event.metadata_content_type.size();
  bytes += kLength;  // metadata count
  for (const auto& [key, value] : *event.metadata) bytes += 2 * kLength + key.size() + value.size();
  bytes += kLength;  // tag count
  for (const std::string& tag : *event.tags) bytes += kLength + tag.size();
  return bytes + 3 * 8;  // version, timestamp, epoch_us
}

void AppendCanonicalEventFields(const EventView& event, std::string& out) {
  EVSIM_ASSERT(event.version >= 0);
  AppendField(out, event.event_id);
  AppendField(out, event.event_type);
  AppendField(out, event.stream_id);
  AppendU64(out, static_cast<std::uint64_t>(event.version));
  AppendField(out, event.data);
  AppendMetadata(out, *event.metadata);
  AppendU32(out, static_cast<std::uint32_t>(event.tags->size()));
  for (const std::string& tag : *event.tags) AppendField(out, tag);
  AppendU64(out, static_cast<std::uint64_t>(event.timestamp));  // i64, two's complement
  AppendU64(out, static_cast<std::uint64_t>(event.epoch_us));
  AppendField(out, event.data_content_type);
  AppendField(out, event.metadata_content_type);
}

std::string CanonicalEvent(const Event& event) {
  const EventView view = EventView::Of(event);
  std::string out;
  out.reserve(CanonicalEventPrefix().size() + CanonicalEventFieldsBytes(view));
  out.append(CanonicalEventPrefix());
  AppendCanonicalEventFields(view, out);
  return out;
}

std::string CanonicalSnapshot(const Snapshot& snapshot) {
  EVSIM_ASSERT(snapshot.version >= 0);
  std::string out;
  out.reserve(96 + snapshot.data.size());
  AppendField(out, kSnapshotDomain);
  AppendField(out, snapshot.stream_id);
  AppendU64(out, static_cast<std::uint64_t>(snapshot.version));
  AppendField(out, snapshot.data);
  AppendMetadata(out, snapshot.metadata);
  AppendU64(out, static_cast<std::uint64_t>(snapshot.timestamp));
  if (snapshot.anchor_hash) {
    AppendField(out, std::string_view(reinterpret_cast<const char*>(snapshot.anchor_hash->data()),
                                      snapshot.anchor_hash->size()));
  } else {
    AppendField(out, "");
  }
  return out;
}

}  // namespace evsim
