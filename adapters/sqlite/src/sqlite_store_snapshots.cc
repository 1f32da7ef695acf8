// SqliteEventStore: snapshots, scavenge and verification.
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

Result<Snapshot> SqliteEventStore::SaveSnapshot(const std::string& stream_id,
                                                std::int64_t version, const std::string& data,
                                                const Metadata& metadata) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  std::size_t bytes = data.size();
  for (const auto& [key, value] : metadata) bytes += key.size() + value.size();
  if (bytes > limits::kSnapshotBytesMax) return Status::InvalidArgument("snapshot exceeds 16 MiB");
  EVSIM_ASSIGN_OR_RETURN(std::optional<StreamRow> stream, LoadStream(stream_id));
  const std::int64_t high_water = stream ? stream->high_water : kNoVersion;
  if (version < 0 || version > high_water) {
    return Status::InvalidArgument("snapshot version " + std::to_string(version) +
                                   " outside 0..H(s) = " + std::to_string(high_water));
  }
  Snapshot snapshot{stream_id, version, data, metadata, env_.clock->NowMicros() / 1000, {}, {}};
  if (config_.integrity.enabled) {
    EVSIM_ASSIGN_OR_RETURN(std::optional<Event> anchor, EventAt(stream_id, version));
    if (!anchor) {
      return Status::Error(ErrorCode::kSnapshotAnchorUnavailable,
                           "event " + std::to_string(version) + " of '" + stream_id +
                               "' was scavenged; a snapshot cannot anchor to it");
    }
    SealSnapshot(config_.integrity, ChainHash(*anchor), snapshot);
  }
  EVSIM_RETURN_IF_ERROR(CheckWritable());
  EVSIM_RETURN_IF_ERROR(InTransaction([&] { return sqlite::InsertSnapshot(db_, snapshot); }));
  return snapshot;
}

Result<Snapshot> SqliteEventStore::ReadLatestSnapshot(const std::string& stream_id) {
  EVSIM_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, ListSnapshots(stream_id));
  if (snapshots.empty()) return Status::NotFound("no snapshot of '" + stream_id + "'");
  return snapshots.back();
}

Result<Snapshot> SqliteEventStore::ReadSnapshotAt(const std::string& stream_id,
                                                  std::int64_t version) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  Statement select(db_, std::string("SELECT ") + sqlite::kSnapshotColumns +
                            " FROM snapshots WHERE stream_id = ?1 AND version = ?2");
  select.Bind(1, stream_id).Bind(2, version);
  EVSIM_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) {
    return Status::NotFound("no snapshot of '" + stream_id + "' at version " +
                            std::to_string(version));
  }
  return sqlite::DecodeSnapshot(select);
}

Result<std::vector<Snapshot>> SqliteEventStore::ListSnapshots(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  Statement select(db_, std::string("SELECT ") + sqlite::kSnapshotColumns +
                            " FROM snapshots WHERE stream_id = ?1 ORDER BY version");
  select.Bind(1, stream_id);
  std::vector<Snapshot> snapshots;
  while (true) {
    EVSIM_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    EVSIM_ASSIGN_OR_RETURN(Snapshot snapshot, sqlite::DecodeSnapshot(select));
    snapshots.push_back(std::move(snapshot));
  }
  return snapshots;
}

Status SqliteEventStore::DeleteSnapshotAt(const std::string& stream_id, std::int64_t version) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  Result<Snapshot> existing = ReadSnapshotAt(stream_id, version);
  if (existing.status().code() == ErrorCode::kNotFound) return Status::Ok();  // idempotent
  EVSIM_RETURN_IF_ERROR(existing.status());
  EVSIM_RETURN_IF_ERROR(CheckWritable());
  return InTransaction([&] {
    Statement remove(db_, "DELETE FROM snapshots WHERE stream_id = ?1 AND version = ?2");
    remove.Bind(1, stream_id).Bind(2, version);
    return remove.Run();
  });
}

Status SqliteEventStore::DeleteAllSnapshots(const std::string& stream_id) {
  EVSIM_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, ListSnapshots(stream_id));
  if (snapshots.empty()) return Status::Ok();
  EVSIM_RETURN_IF_ERROR(CheckWritable());
  return InTransaction([&] {
    Statement remove(db_, "DELETE FROM snapshots WHERE stream_id = ?1");
    remove.Bind(1, stream_id);
    return remove.Run();
  });
}

Result<ScavengeReport> SqliteEventStore::Scavenge(const std::string& stream_id,
                                                  const ScavengeOptions& options) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  EVSIM_RETURN_IF_ERROR(ValidateScavengeOptions(options));
  EVSIM_ASSIGN_OR_RETURN(std::optional<StreamRow> stream, LoadStream(stream_id));
  if (!stream) return Status::StreamNotFound(stream_id);

  std::int64_t cutoff = -1;
  if (options.before_version) {
    cutoff = *options.before_version - 1;
  } else {
    // Epochs ascend with versions: the last present event at or before T bounds the cutoff.
    Statement select(db_, "SELECT max(version) FROM events WHERE stream_id = ?1 AND epoch_us <= ?2");
    select.Bind(1, stream_id).Bind(2, *options.before_epoch_us);
    EVSIM_ASSIGN_OR_RETURN(bool row, select.Step());
    if (row && !select.IsNull(0)) cutoff = select.Int(0);
  }
  cutoff = std::min(cutoff, stream->high_water - options.keep_versions);

  EVSIM_ASSIGN_OR_RETURN(std::int64_t first_present, FirstPresent(stream_id, stream->high_water));
  ScavengeReport report;
  report.dry_run = options.dry_run;
  if (cutoff < first_present || first_present > stream->high_water) return report;
  report.from_version = first_present;
  report.to_version = std::min(cutoff, stream->high_water);
  report.count = report.to_version - report.from_version + 1;
  if (options.require_snapshot) {
    Statement select(db_, "SELECT 1 FROM snapshots WHERE stream_id = ?1 AND version >= ?2 LIMIT 1");
    select.Bind(1, stream_id).Bind(2, cutoff);
    EVSIM_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) {
      return Status::Error(ErrorCode::kNoSnapshot,
                           "scavenge of '" + stream_id + "' up to version " +
                               std::to_string(cutoff) + " needs a snapshot at a version >= it");
    }
  }
  if (options.dry_run) return report;
  EVSIM_RETURN_IF_ERROR(CheckWritable());
  Hash32 anchor = stream->anchor;
  if (config_.integrity.enabled) {
    EVSIM_ASSIGN_OR_RETURN(std::optional<Event> last, EventAt(stream_id, report.to_version));
    if (!last) return Status::Corruption("sqlite store: the last event to scavenge is missing");
    anchor = ChainHash(*last);
  }
  EVSIM_RETURN_IF_ERROR(InTransaction([&]() -> Status {
    for (const char* table : {"events", "tag_index", "meta_index"}) {
      Statement remove(db_, std::string("DELETE FROM ") + table +
                                " WHERE stream_id = ?1 AND version <= ?2");
      remove.Bind(1, stream_id).Bind(2, report.to_version);
      EVSIM_RETURN_IF_ERROR(remove.Run());
    }
    Statement update(db_, "UPDATE streams SET anchor = ?2 WHERE stream_id = ?1");
    update.Bind(1, stream_id).Bind(2, sqlite::HashBytes(anchor));
    return update.Run();
  }));
  return report;
}

Status SqliteEventStore::VerifyStream(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  if (!config_.integrity.enabled) return Status::Unsupported("integrity is disabled for this store");
  EVSIM_ASSIGN_OR_RETURN(std::optional<StreamRow> stream, LoadStream(stream_id));
  if (!stream) return Status::StreamNotFound(stream_id);
  EVSIM_ASSIGN_OR_RETURN(std::vector<Event> events,
                         QueryEvents(std::string("SELECT ") + sqlite::kEventColumns +
                                         " FROM events e WHERE e.stream_id = ?1 ORDER BY e.version",
                                     {stream_id}, {}));
  return VerifyChain(config_.integrity, events, stream->anchor);
}

}  // namespace evsim
