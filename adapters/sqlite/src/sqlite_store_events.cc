// SqliteEventStore: append, reads, delete and index lookups.
#include <sqlite3.h>

#include <algorithm>
#include <set>

#include "event_rows.h"
#include "evsim/integrity/seal.h"
#include "evsim/records/limits.h"
#include "evsim/records/validation.h"
#include "evsim/sqlite/sqlite_event_store.h"
#include "schema.h"
#include "statement.h"
#include "store_transaction.h"

namespace evsim {

using sqlite::Statement;

namespace {

Status ValidateLimit(std::int64_t limit) {
  if (limit > 0) return Status::Ok();
  return Status::InvalidArgument("limit must be > 0, got " + std::to_string(limit));
}

std::string Placeholders(std::size_t count, int first) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += (i == 0 ? "?" : ", ?") + std::to_string(first + static_cast<int>(i));
  }
  return text;
}

std::string EpochBytes(std::int64_t epoch_us) {
  std::string bytes(8, '\0');
  const auto bits = static_cast<std::uint64_t>(epoch_us);
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(bits >> (56 - 8 * i));
  return bytes;
}

// The events a subquery of (epoch_us, stream_id, version) rows names, in global order.
std::string JoinEvents(const std::string& keys) {
  return std::string("SELECT ") + sqlite::kEventColumns + " FROM (" + keys +
         ") k JOIN events e ON e.stream_id = k.stream_id AND e.version = k.version "
         "ORDER BY k.epoch_us, k.stream_id, k.version";
}

}  // namespace

Result<std::optional<SqliteEventStore::StreamRow>> SqliteEventStore::LoadStream(
    const std::string& stream_id) {
  Statement select(db_, "SELECT high_water, last_chain, anchor FROM streams WHERE stream_id = ?1");
  select.Bind(1, stream_id);
  EVSIM_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return std::optional<StreamRow>();
  StreamRow stream;
  stream.high_water = select.Int(0);
  EVSIM_ASSIGN_OR_RETURN(stream.last_chain, sqlite::HashFrom(select.Bytes(1), "last chain"));
  EVSIM_ASSIGN_OR_RETURN(stream.anchor, sqlite::HashFrom(select.Bytes(2), "anchor"));
  return std::optional<StreamRow>(stream);
}

Result<std::vector<Event>> SqliteEventStore::QueryEvents(const std::string& sql,
                                                         const std::vector<std::string>& blobs,
                                                         const std::vector<std::int64_t>& ints) {
  Statement select(db_, sql);
  int index = 1;
  for (const std::string& blob : blobs) select.Bind(index++, blob);
  for (std::int64_t value : ints) select.Bind(index++, value);
  std::vector<Event> events;
  while (true) {
    EVSIM_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    EVSIM_ASSIGN_OR_RETURN(Event event, sqlite::DecodeEvent(select));
    events.push_back(std::move(event));
  }
  return events;
}

Result<std::optional<Event>> SqliteEventStore::EventAt(const std::string& stream_id,
                                                       std::int64_t version) {
  EVSIM_ASSIGN_OR_RETURN(
      std::vector<Event> events,
      QueryEvents(std::string("SELECT ") + sqlite::kEventColumns +
                      " FROM events e WHERE e.stream_id = ?1 AND e.version = ?2",
                  {stream_id}, {version}));
  if (events.empty()) return std::optional<Event>();
  return std::optional<Event>(std::move(events.front()));
}

Result<std::int64_t> SqliteEventStore::FirstPresent(const std::string& stream_id,
                                                    std::int64_t high_water) {
  Statement select(db_, "SELECT min(version) FROM events WHERE stream_id = ?1");
  select.Bind(1, stream_id);
  EVSIM_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row || select.IsNull(0)) return high_water + 1;
  return select.Int(0);
}

Result<std::int64_t> SqliteEventStore::Append(const std::string& stream_id,
                                              std::int64_t expected_version,
                                              const std::vector<EventInput>& events) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateAppend(stream_id, expected_version, events));
  EVSIM_ASSIGN_OR_RETURN(std::optional<StreamRow> existing, LoadStream(stream_id));
  const std::int64_t high_water = existing ? existing->high_water : kNoVersion;
  if (!ExpectedVersionMatches(expected_version, high_water)) {
    return Status::WrongExpectedVersion(expected_version, high_water);
  }
  if (events.empty()) return high_water;
  EVSIM_RETURN_IF_ERROR(CheckWritable());

  const std::int64_t now_us = env_.clock->NowMicros();
  if (now_us > limits::kEpochMicrosMax || last_epoch_us_ >= limits::kEpochMicrosMax) {
    return Status::InvalidArgument(
        "the clock (" + std::to_string(now_us) + " us) is past the last epoch_us a store hands "
        "out (" + std::to_string(limits::kEpochMicrosMax) + " us)");
  }
  const std::int64_t epoch_us = std::max(now_us, last_epoch_us_ + 1);
  Hash32 chain = existing ? existing->last_chain : Hash32{};
  const Hash32 anchor = existing ? existing->anchor : Hash32{};
  const std::int64_t new_high_water = high_water + static_cast<std::int64_t>(events.size());
  EVSIM_RETURN_IF_ERROR(InTransaction([&]() -> Status {
    std::int64_t version = high_water;
    sqlite::EventWriter writer(db_);
    for (const EventInput& input : events) {
      Event event = MakeEvent(input, stream_id, ++version, epoch_us);
      if (config_.integrity.enabled) chain = SealEvent(config_.integrity, chain, event);
      EVSIM_RETURN_IF_ERROR(writer.Insert(event));
    }
    Statement upsert(db_,
                     "INSERT OR REPLACE INTO streams (stream_id, high_water, last_chain, anchor) "
                     "VALUES (?1, ?2, ?3, ?4)");
    upsert.Bind(1, stream_id).Bind(2, new_high_water).Bind(3, sqlite::HashBytes(chain));
    upsert.Bind(4, sqlite::HashBytes(anchor));
    EVSIM_RETURN_IF_ERROR(upsert.Run());
    Statement epoch(db_, "INSERT OR REPLACE INTO store_meta (key, value) VALUES (?1, ?2)");
    epoch.Bind(1, std::string_view("last_epoch_us")).Bind(2, EpochBytes(epoch_us));
    return epoch.Run();
  }));
  last_epoch_us_ = epoch_us;
  PostDeliveriesToAll();
  return new_high_water;
}

Result<std::vector<Event>> SqliteEventStore::Read(const std::string& stream_id,
                                                  std::int64_t from, std::int64_t count,
                                                  Direction direction) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  if (count <= 0 || from < 0) return Status::InvalidArgument("read needs from >= 0 and count > 0");
  EVSIM_ASSIGN_OR_RETURN(std::optional<StreamRow> stream, LoadStream(stream_id));
  if (!stream) return Status::StreamNotFound(stream_id);
  std::int64_t low = from;
  std::int64_t high = from > INT64_MAX - (count - 1) ? INT64_MAX : from + count - 1;
  if (direction == Direction::kBackward) {
    high = from;
    low = std::max<std::int64_t>(0, from - count + 1);
  }
  return QueryEvents(std::string("SELECT ") + sqlite::kEventColumns +
                         " FROM events e WHERE e.stream_id = ?1 AND e.version BETWEEN ?2 AND ?3 "
                         "ORDER BY e.version " +
                         (direction == Direction::kBackward ? "DESC" : "ASC"),
                     {stream_id}, {low, high});
}

Result<std::int64_t> SqliteEventStore::Version(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  EVSIM_ASSIGN_OR_RETURN(std::optional<StreamRow> stream, LoadStream(stream_id));
  return stream ? stream->high_water : kNoVersion;
}

Result<bool> SqliteEventStore::Exists(const std::string& stream_id) {
  EVSIM_ASSIGN_OR_RETURN(std::int64_t version, Version(stream_id));
  return version >= 0;
}

Result<std::vector<std::string>> SqliteEventStore::ListStreams() {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  Statement select(db_, "SELECT stream_id FROM streams ORDER BY stream_id");
  std::vector<std::string> names;
  while (true) {
    EVSIM_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    names.push_back(select.Bytes(0));
  }
  return names;
}

Result<std::vector<Event>> SqliteEventStore::ReadGlobal(const Cursor& after, std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateLimit(limit));
  const std::string select = std::string("SELECT ") + sqlite::kEventColumns + " FROM events e ";
  const std::string order = " ORDER BY e.epoch_us, e.stream_id, e.version LIMIT ";
  if (after.is_beginning) return QueryEvents(select + order + "?1", {}, {limit});
  return QueryEvents(select + "WHERE (e.epoch_us, e.stream_id, e.version) > (?2, ?1, ?3)" +
                         order + "?4",
                     {after.stream_id}, {after.epoch_us, after.version, limit});
}

Status SqliteEventStore::DeleteStream(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  EVSIM_ASSIGN_OR_RETURN(std::optional<StreamRow> stream, LoadStream(stream_id));
  if (!stream) return Status::Ok();
  EVSIM_RETURN_IF_ERROR(CheckWritable());
  return InTransaction([&]() -> Status {
    for (const char* table : {"events", "tag_index", "meta_index", "snapshots", "streams"}) {
      Statement remove(db_, std::string("DELETE FROM ") + table + " WHERE stream_id = ?1");
      remove.Bind(1, stream_id);
      EVSIM_RETURN_IF_ERROR(remove.Run());
    }
    return Status::Ok();
  });
}

Result<std::vector<Event>> SqliteEventStore::LookupTags(const std::vector<std::string>& tags,
                                                        TagMatch match, std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateLimit(limit));
  if (tags.empty()) return std::vector<Event>{};
  const std::set<std::string> wanted(tags.begin(), tags.end());
  const std::vector<std::string> distinct(wanted.begin(), wanted.end());
  const int n = static_cast<int>(distinct.size());
  std::string keys = "SELECT epoch_us, stream_id, version FROM tag_index WHERE tag IN (" +
                     Placeholders(distinct.size(), 1) + ") GROUP BY epoch_us, stream_id, version";
  // An event holds each tag once (SPEC 1), so holding all n distinct tags is n index rows.
  if (match == TagMatch::kAll) keys += " HAVING count(*) = ?" + std::to_string(n + 1);
  keys += " ORDER BY epoch_us, stream_id, version LIMIT ?" + std::to_string(n + 2);
  return QueryEvents(JoinEvents(keys), distinct, {n, limit});
}

Result<std::vector<Event>> SqliteEventStore::LookupTypes(const std::vector<std::string>& types,
                                                         std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateLimit(limit));
  if (types.empty()) return std::vector<Event>{};
  const std::set<std::string> wanted(types.begin(), types.end());
  const std::vector<std::string> distinct(wanted.begin(), wanted.end());
  return QueryEvents(std::string("SELECT ") + sqlite::kEventColumns +
                         " FROM events e WHERE e.event_type IN (" +
                         Placeholders(distinct.size(), 1) +
                         ") ORDER BY e.epoch_us, e.stream_id, e.version LIMIT ?" +
                         std::to_string(distinct.size() + 1),
                     distinct, {limit});
}

Result<std::vector<Event>> SqliteEventStore::LookupMeta(const std::string& key,
                                                        const std::string& value,
                                                        std::int64_t limit) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateLimit(limit));
  return QueryEvents(JoinEvents("SELECT epoch_us, stream_id, version FROM meta_index WHERE key = "
                                "?1 AND value = ?2 ORDER BY epoch_us, stream_id, version LIMIT ?3"),
                     {key, value}, {limit});
}

}  // namespace evsim
