#include "event_rows.h"

#include <cstring>

#include "row_codec.h"

namespace evsim::sqlite {

std::string_view HashBytes(const Hash32& hash) {
  return std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size());
}

Result<Hash32> HashFrom(const std::string& bytes, std::string_view what) {
  Hash32 hash{};
  if (bytes.size() != hash.size()) {
    return Status::Corruption("sqlite store: " + std::string(what) + " is " +
                              std::to_string(bytes.size()) + " bytes, not 32");
  }
  std::memcpy(hash.data(), bytes.data(), hash.size());
  return hash;
}

EventWriter::EventWriter(sqlite3* db)
    : event_(db,
             "INSERT INTO events (stream_id, version, epoch_us, event_id, event_type, data, "
             "metadata, tags, data_content_type, metadata_content_type, prev_hash, mac_key, mac, "
             "signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
      tag_(db, "INSERT INTO tag_index (tag, epoch_us, stream_id, version) VALUES (?1, ?2, ?3, ?4)"),
      meta_(db,
            "INSERT INTO meta_index (key, value, epoch_us, stream_id, version) VALUES (?1, ?2, "
            "?3, ?4, ?5)") {}

Status EventWriter::Insert(const Event& event) {
  event_.Reset();
  event_.Bind(1, event.stream_id).Bind(2, event.version).Bind(3, event.epoch_us);
  event_.Bind(4, event.event_id).Bind(5, event.event_type).Bind(6, event.data);
  event_.Bind(7, EncodeMetadata(event.metadata)).Bind(8, EncodeTags(event.tags));
  event_.Bind(9, event.data_content_type).Bind(10, event.metadata_content_type);
  if (event.prev_event_hash) event_.Bind(11, HashBytes(*event.prev_event_hash));
  if (event.mac) {
    event_.Bind(12, static_cast<std::int64_t>(event.mac->key_id));
    event_.Bind(13, HashBytes(event.mac->bytes));
  }
  if (event.signature) event_.Bind(14, *event.signature);
  EVSIM_RETURN_IF_ERROR(event_.Run());
  for (const std::string& tag : event.tags) {
    tag_.Reset();
    tag_.Bind(1, tag).Bind(2, event.epoch_us).Bind(3, event.stream_id).Bind(4, event.version);
    EVSIM_RETURN_IF_ERROR(tag_.Run());
  }
  for (const auto& [key, value] : event.metadata) {
    meta_.Reset();
    meta_.Bind(1, key).Bind(2, value).Bind(3, event.epoch_us).Bind(4, event.stream_id);
    meta_.Bind(5, event.version);
    EVSIM_RETURN_IF_ERROR(meta_.Run());
  }
  return Status::Ok();
}

Result<Event> DecodeEvent(const Statement& row, int first) {
  Event event;
  event.stream_id = row.Bytes(first + 0);
  event.version = row.Int(first + 1);
  event.epoch_us = row.Int(first + 2);
  event.timestamp = TimestampOf(event.epoch_us);
  event.event_id = row.Bytes(first + 3);
  event.event_type = row.Bytes(first + 4);
  event.data = row.Bytes(first + 5);
  std::optional<Metadata> metadata = DecodeMetadata(row.Bytes(first + 6));
  std::optional<std::vector<std::string>> tags = DecodeTags(row.Bytes(first + 7));
  if (!metadata || !tags) {
    return Status::Corruption("sqlite store: event " + std::to_string(event.version) + " of '" +
                              event.stream_id + "' has undecodable metadata or tags");
  }
  event.metadata = std::move(*metadata);
  event.tags = std::move(*tags);
  event.data_content_type = row.Bytes(first + 8);
  event.metadata_content_type = row.Bytes(first + 9);
  if (!row.IsNull(first + 10)) {
    EVSIM_ASSIGN_OR_RETURN(event.prev_event_hash, HashFrom(row.Bytes(first + 10), "prev hash"));
  }
  if (!row.IsNull(first + 12)) {
    Mac mac;
    mac.key_id = static_cast<std::uint32_t>(row.Int(first + 11));
    EVSIM_ASSIGN_OR_RETURN(mac.bytes, HashFrom(row.Bytes(first + 12), "mac"));
    event.mac = mac;
  }
  if (!row.IsNull(first + 13)) event.signature = row.Bytes(first + 13);
  return event;
}

Status InsertSnapshot(sqlite3* db, const Snapshot& snapshot) {
  Statement insert(db,
                   "INSERT OR REPLACE INTO snapshots (stream_id, version, data, metadata, "
                   "timestamp, anchor, mac_key, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  insert.Bind(1, snapshot.stream_id).Bind(2, snapshot.version).Bind(3, snapshot.data);
  insert.Bind(4, EncodeMetadata(snapshot.metadata)).Bind(5, snapshot.timestamp);
  if (snapshot.anchor_hash) insert.Bind(6, HashBytes(*snapshot.anchor_hash));
  if (snapshot.mac) {
    insert.Bind(7, static_cast<std::int64_t>(snapshot.mac->key_id));
    insert.Bind(8, HashBytes(snapshot.mac->bytes));
  }
  return insert.Run();
}

Result<Snapshot> DecodeSnapshot(const Statement& row) {
  Snapshot snapshot;
  snapshot.stream_id = row.Bytes(0);
  snapshot.version = row.Int(1);
  snapshot.data = row.Bytes(2);
  std::optional<Metadata> metadata = DecodeMetadata(row.Bytes(3));
  if (!metadata) return Status::Corruption("sqlite store: undecodable snapshot metadata");
  snapshot.metadata = std::move(*metadata);
  snapshot.timestamp = row.Int(4);
  if (!row.IsNull(5)) {
    EVSIM_ASSIGN_OR_RETURN(snapshot.anchor_hash, HashFrom(row.Bytes(5), "snapshot anchor"));
  }
  if (!row.IsNull(7)) {
    Mac mac;
    mac.key_id = static_cast<std::uint32_t>(row.Int(6));
    EVSIM_ASSIGN_OR_RETURN(mac.bytes, HashFrom(row.Bytes(7), "snapshot mac"));
    snapshot.mac = mac;
  }
  return snapshot;
}

}  // namespace evsim::sqlite
