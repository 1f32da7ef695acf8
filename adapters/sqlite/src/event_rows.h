#pragma once
// Events and snapshots to and from their rows: an event row plus its index rows are written
// together (inside the caller's transaction), and a row read back is checked as it decodes.

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "evsim/records/event.h"
#include "evsim/records/result.h"
#include "statement.h"

namespace evsim::sqlite {

std::string_view HashBytes(const Hash32& hash);
// A 32-byte blob as a hash; corruption otherwise.
Result<Hash32> HashFrom(const std::string& bytes, std::string_view what);

// Inserts event rows with one index row per tag and per metadata entry, its statements
// prepared once for a whole batch.
class EventWriter {
 public:
  explicit EventWriter(sqlite3* db);
  Status Insert(const Event& event);

 private:
  Statement event_;
  Statement tag_;
  Statement meta_;
};
// Decodes the kEventColumns of the statement's current row, starting at `first`.
Result<Event> DecodeEvent(const Statement& row, int first = 0);

Status InsertSnapshot(sqlite3* db, const Snapshot& snapshot);
// Columns: stream_id, version, data, metadata, timestamp, anchor, mac_key, mac.
inline constexpr const char* kSnapshotColumns =
    "stream_id, version, data, metadata, timestamp, anchor, mac_key, mac";
Result<Snapshot> DecodeSnapshot(const Statement& row);

}  // namespace evsim::sqlite
