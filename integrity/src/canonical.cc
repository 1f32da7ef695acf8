#include "evsim/integrity/canonical.h"

#include "evsim/records/assert.h"

namespace evsim {
namespace {

void AppendU32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

void AppendU64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
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

std::string CanonicalEvent(const Event& event) {
  EVSIM_ASSERT(event.version >= 0);
  std::string out;
  out.reserve(128 + event.data.size());
  AppendField(out, kEventDomain);
  AppendField(out, event.event_id);
  AppendField(out, event.event_type);
  AppendField(out, event.stream_id);
  AppendU64(out, static_cast<std::uint64_t>(event.version));
  AppendField(out, event.data);
  AppendMetadata(out, event.metadata);
  AppendU32(out, static_cast<std::uint32_t>(event.tags.size()));
  for (const std::string& tag : event.tags) AppendField(out, tag);
  AppendU64(out, static_cast<std::uint64_t>(event.timestamp));  // i64, two's complement
  AppendU64(out, static_cast<std::uint64_t>(event.epoch_us));
  AppendField(out, event.data_content_type);
  AppendField(out, event.metadata_content_type);
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
