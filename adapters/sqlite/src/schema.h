#pragma once
// The SQLite schema of the store (docs/sqlite-store.md explains each table). Every text value
// is a BLOB so that SQLite compares bytewise, which is SPEC 2.4's order for stream ids.

namespace evsim::sqlite {

inline constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
-- One row per stream with H(s) >= 0; deleting the stream deletes the row (H(s) = -1).
CREATE TABLE IF NOT EXISTS streams (
  stream_id BLOB PRIMARY KEY,
  high_water INTEGER NOT NULL,
  last_chain BLOB NOT NULL,  -- chain hash of the last appended event (integrity on)
  anchor BLOB NOT NULL       -- chain hash of the last scavenged event, else 32 zero bytes
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  stream_id BLOB NOT NULL,
  version INTEGER NOT NULL,
  epoch_us INTEGER NOT NULL,
  event_id BLOB NOT NULL,
  event_type BLOB NOT NULL,
  data BLOB NOT NULL,
  metadata BLOB NOT NULL,
  tags BLOB NOT NULL,
  data_content_type BLOB NOT NULL,
  metadata_content_type BLOB NOT NULL,
  prev_hash BLOB,
  mac_key INTEGER,
  mac BLOB,
  signature BLOB,
  UNIQUE (stream_id, version)
);
-- The global order (SPEC 2.4): read_global, subscriptions and index joins walk it.
CREATE UNIQUE INDEX IF NOT EXISTS events_global ON events (epoch_us, stream_id, version);
CREATE INDEX IF NOT EXISTS events_by_type ON events (event_type, epoch_us, stream_id, version);
CREATE TABLE IF NOT EXISTS tag_index (
  tag BLOB NOT NULL, epoch_us INTEGER NOT NULL, stream_id BLOB NOT NULL, version INTEGER NOT NULL,
  PRIMARY KEY (tag, epoch_us, stream_id, version)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tag_index_by_stream ON tag_index (stream_id, version);
CREATE TABLE IF NOT EXISTS meta_index (
  key BLOB NOT NULL, value BLOB NOT NULL, epoch_us INTEGER NOT NULL, stream_id BLOB NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (key, value, epoch_us, stream_id, version)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS meta_index_by_stream ON meta_index (stream_id, version);
CREATE TABLE IF NOT EXISTS snapshots (
  stream_id BLOB NOT NULL,
  version INTEGER NOT NULL,
  data BLOB NOT NULL,
  metadata BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  anchor BLOB,
  mac_key INTEGER,
  mac BLOB,
  PRIMARY KEY (stream_id, version)
);
CREATE TABLE IF NOT EXISTS subscriptions (
  name BLOB PRIMARY KEY,
  selector BLOB NOT NULL,
  -- The durable checkpoint: the beginning, or the cursor (epoch_us, stream_id, version).
  at_beginning INTEGER NOT NULL,
  epoch_us INTEGER NOT NULL,
  stream_id BLOB NOT NULL,
  version INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// The columns of an event row, in the order DecodeEvent reads them.
inline constexpr const char* kEventColumns =
    "e.stream_id, e.version, e.epoch_us, e.event_id, e.event_type, e.data, e.metadata, e.tags, "
    "e.data_content_type, e.metadata_content_type, e.prev_hash, e.mac_key, e.mac, e.signature";

}  // namespace evsim::sqlite
