// EventStore: opening, recovery, reopening and compaction.
#include <algorithm>

#include "evsim/probes/probe.h"
#include "evsim/records/assert.h"
#include "log_records.h"
#include "store_state.h"

namespace evsim {

using store::log_format::RecordType;
namespace log_format = store::log_format;

namespace {

// Replays the log in options.directory into `state`. See the recovery rules in
// docs/log-format.md.
Status Recover(FileSystem& files, const StoreOptions& options, EventStore::State& state) {
  const std::string& directory = options.directory;
  EVSIM_RETURN_IF_ERROR(files.CreateDirectory(directory));
  EVSIM_ASSIGN_OR_RETURN(std::vector<std::string> names, files.ListDirectory(directory));
  std::vector<std::uint64_t> segments;
  bool removed_temporary = false;
  for (const std::string& name : names) {
    if (name.ends_with(".evl.tmp")) {  // an unfinished segment creation: never made durable
      EVSIM_PROBE(kRemovedUnfinishedSegment);
      EVSIM_RETURN_IF_ERROR(files.DeleteFile(directory + "/" + name));
      removed_temporary = true;
    } else if (auto number = log_format::ParseSegmentFileName(name)) {
      segments.push_back(*number);
    }
  }
  if (removed_temporary) EVSIM_RETURN_IF_ERROR(files.SyncDirectory(directory));
  std::sort(segments.begin(), segments.end());
  if (segments.empty()) {
    const std::string head =
        log_format::FrameRecord(RecordType::kStoreConfig, store::EncodeStoreConfig(state.config));
    return state.log.StartSegment(1, true, head);
  }

  // The newest base segment holds the whole state as of a compaction; older ones are obsolete.
  std::size_t base_index = segments.size();
  std::string content;
  for (std::size_t index = segments.size(); index-- > 0;) {
    const std::string path = state.log.PathOf(segments[index]);
    EVSIM_ASSIGN_OR_RETURN(content, files.ReadFile(path));
    EVSIM_ASSIGN_OR_RETURN(log_format::SegmentHeader header,
                           log_format::ParseSegmentHeader(content, path));
    if (header.number != segments[index]) {
      return Status::Corruption(path + " at offset 16: header names segment " +
                                std::to_string(header.number));
    }
    if (header.base) {
      base_index = index;
      break;
    }
  }
  if (base_index == segments.size()) {
    return Status::Corruption(directory + ": no base segment; the log has lost its beginning");
  }

  std::uint64_t total_bytes = 0;
  for (std::size_t index = base_index; index < segments.size(); ++index) {
    const std::string path = state.log.PathOf(segments[index]);
    if (index != base_index) {
      EVSIM_ASSIGN_OR_RETURN(content, files.ReadFile(path));
      EVSIM_ASSIGN_OR_RETURN(log_format::SegmentHeader header,
                             log_format::ParseSegmentHeader(content, path));
      if (header.base || header.number != segments[index]) {
        return Status::Corruption(path + " at offset 12: unexpected segment header");
      }
    }
    const bool is_last = index + 1 == segments.size();
    EVSIM_ASSIGN_OR_RETURN(log_format::SegmentScan scan,
                           log_format::ScanSegment(
                               content, path, is_last,
                               options.mutation == Mutation::kRecoveryTrustsFinalRecord));
    for (std::size_t position = 0; position < scan.records.size(); ++position) {
      const log_format::ScannedRecord& record = scan.records[position];
      const std::string where = path + " at offset " + std::to_string(record.offset);
      if (index == base_index && position == 0) {
        if (record.type != RecordType::kStoreConfig) {
          return Status::Corruption(where + ": a base segment must open with the store config");
        }
        EVSIM_ASSIGN_OR_RETURN(StoreConfig persisted,
                               store::DecodeStoreConfig(record.payload, where));
        EVSIM_RETURN_IF_ERROR(ValidateReopenConfig(persisted, state.config));
        continue;
      }
      EVSIM_RETURN_IF_ERROR(store::ReplayRecord(state, record, where));
      ++state.recovery.records_replayed;
    }
    if (index == base_index && scan.records.empty()) {
      return Status::Corruption(path + ": base segment holds no store config");
    }
    if (scan.trailer_repair) {
      // Truncate to the trailer and write it whole. A crash before the sync leaves an unfinished
      // final write, which the next recovery handles; nothing has been served from it yet.
      EVSIM_PROBE(kTrailerRepaired);
      const auto& [offset, trailer] = *scan.trailer_repair;
      EVSIM_RETURN_IF_ERROR(files.Truncate(path, offset));
      EVSIM_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, files.OpenForAppend(path));
      EVSIM_RETURN_IF_ERROR(file->Append(trailer));
      EVSIM_RETURN_IF_ERROR(file->Sync());
      state.recovery.trailer_repaired = true;
      state.recovery.torn_tail_file = path;
      state.recovery.torn_tail_offset = offset;
    }
    if (scan.torn_tail) {
      // Truncating is durable only once the file is synced: sync now, so that recovery leaves
      // nothing behind that a later crash could bring back.
      EVSIM_PROBE(kTornTailTruncated);
      EVSIM_RETURN_IF_ERROR(files.Truncate(path, scan.valid_bytes));
      EVSIM_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> truncated, files.OpenForAppend(path));
      EVSIM_RETURN_IF_ERROR(truncated->Sync());
      state.recovery.torn_tail_truncated = true;
      state.recovery.torn_tail_file = path;
      state.recovery.torn_tail_offset = scan.valid_bytes;
      state.recovery.torn_tail_bytes = content.size() - scan.valid_bytes;
    }
    total_bytes += scan.valid_bytes;
    ++state.recovery.segments_replayed;
  }
  if (segments.size() - base_index > 1) EVSIM_PROBE(kRecoveredSealedSegments);
  if (state.recovery.records_replayed == 0) EVSIM_PROBE(kRecoveredEmptyLog);
  if (base_index > 0) EVSIM_PROBE(kDroppedSegmentsBeforeBase);
  for (std::size_t index = 0; index < base_index; ++index) {
    EVSIM_RETURN_IF_ERROR(files.DeleteFile(state.log.PathOf(segments[index])));
  }
  if (base_index > 0) EVSIM_RETURN_IF_ERROR(files.SyncDirectory(directory));
  for (const auto& [stream_id, stream] : state.streams) {
    // A stream exists only once it has a version, so a compaction's stream-state record is
    // followed by the stream's events or names a first version of at least 1. A log whose
    // checksums pass but whose records say otherwise is corrupt, not a reason to abort (found
    // by fuzz/log_segment_fuzz).
    if (stream.high_water < 0) {
      return Status::Corruption(directory + ": stream '" + stream_id +
                                "' has a stream-state record but no version (bad stream state)");
    }
    state.recovery.events_recovered += stream.events.size();
  }
  state.CheckInvariants();
  return state.log.ResumeSegment(
      segments.back(), std::vector<std::uint64_t>(segments.begin() + base_index, segments.end()),
      total_bytes);
}

}  // namespace

std::string RecoveryReport::ToString() const {
  std::string text = "replayed " + std::to_string(records_replayed) + " records in " +
                     std::to_string(segments_replayed) + " segments, " +
                     std::to_string(events_recovered) + " events";
  if (trailer_repaired) {
    text += "; rewrote the torn trailer of the final record in " + torn_tail_file + " at offset " +
            std::to_string(torn_tail_offset);
  }
  if (torn_tail_truncated) {
    text += "; truncated a torn tail of " + std::to_string(torn_tail_bytes) + " bytes in " +
            torn_tail_file + " at offset " + std::to_string(torn_tail_offset);
  }
  return text;
}

EventStore::EventStore(Environment env, StoreOptions options)
    : env_(env), options_(std::move(options)) {}

EventStore::~EventStore() = default;

Result<std::unique_ptr<EventStore>> EventStore::Open(Environment env, StoreOptions options,
                                                     StoreConfig config) {
  EVSIM_ASSERT(env.clock != nullptr && env.files != nullptr && env.executor != nullptr);
  if (options.directory.empty()) return Status::InvalidArgument("store directory is empty");
  EVSIM_RETURN_IF_ERROR(ValidateStoreConfig(config));
  std::unique_ptr<EventStore> store(new EventStore(env, std::move(options)));
  EVSIM_RETURN_IF_ERROR(store->Reopen(config));
  return store;
}

Status EventStore::Reopen(const StoreConfig& config) {
  if (state_) EVSIM_RETURN_IF_ERROR(ValidateReopenConfig(state_->config, config));
  EVSIM_RETURN_IF_ERROR(ValidateStoreConfig(config));
  state_ = std::make_unique<State>(*env_.files, options_, config);
  Status recovered = Recover(*env_.files, options_, *state_);
  if (!recovered.ok()) {
    if (recovered.code() == ErrorCode::kCorruption) EVSIM_PROBE(kRecoveryRefused);
    // Keep nothing that recovery half-built; every operation answers with the error until a
    // reopen succeeds.
    state_ = std::make_unique<State>(*env_.files, options_, config);
    state_->failure = recovered;
    return recovered;
  }
  if (options_.mutation == Mutation::kClockRestoredFromLastStream &&
      !state_->streams.empty() && !state_->streams.rbegin()->second.events.empty()) {
    // The bug: the newest event "is" the last stream's last event.
    state_->last_epoch_us = state_->streams.rbegin()->second.events.back().epoch_us();
  }
  // A new session delivers strictly after each durable checkpoint (SPEC 8).
  for (auto& [name, subscription] : state_->subscriptions) {
    subscription.enqueued_through = subscription.checkpoint;
  }
  PostDeliveriesToAll();
  return Status::Ok();
}

const RecoveryReport& EventStore::recovery() const { return state_->recovery; }
std::uint64_t EventStore::log_bytes() const { return state_->log.total_bytes(); }
std::uint64_t EventStore::dead_bytes() const { return state_->dead_bytes; }
bool EventStore::compaction_pending() const { return state_->compaction_posted; }

void EventStore::MaybeCompact() {
  State& state = *state_;
  if (state.compaction_posted || state.failure) return;
  if (state.dead_bytes < options_.compaction_dead_bytes_min) return;
  if (state.dead_bytes * 2 < state.log.total_bytes()) return;
  state.compaction_posted = true;
  std::weak_ptr<int> alive = state.alive;
  env_.executor->Post({"compact", [this, alive] {
                         if (!alive.expired()) Compact();
                       }});
}

void EventStore::Compact() {
  State& state = *state_;
  state.compaction_posted = false;
  if (state.failure) return;
  // The base holds the whole live state; records are framed exactly as live appends are.
  std::string records =
      log_format::FrameRecord(RecordType::kStoreConfig, store::EncodeStoreConfig(state.config));
  records += log_format::FrameRecord(RecordType::kClock, store::EncodeClock(state.last_epoch_us));
  constexpr std::size_t kEventsPerRecord = 1'000;
  for (const auto& [stream_id, stream] : state.streams) {
    records += log_format::FrameRecord(
        RecordType::kStreamState,
        store::EncodeStreamState(stream_id, stream.first_present(), stream.anchor));
    for (std::size_t start = 0; start < stream.events.size(); start += kEventsPerRecord) {
      const std::size_t end = std::min(stream.events.size(), start + kEventsPerRecord);
      std::vector<std::string_view> chunk;
      for (std::size_t index = start; index < end; ++index) {
        chunk.push_back(stream.events[index].encoded());
      }
      records += log_format::FrameRecord(RecordType::kBatch, store::EncodeBatch(stream_id, chunk));
    }
    for (const auto& [version, snapshot] : stream.snapshots) {
      records +=
          log_format::FrameRecord(RecordType::kSnapshotSave, store::EncodeSnapshot(snapshot));
    }
  }
  for (const auto& [name, subscription] : state.subscriptions) {
    records += log_format::FrameRecord(
        RecordType::kSubscribe,
        store::EncodeSubscribe(name, subscription.selector, subscription.checkpoint));
  }
  Status status = state.log.StartSegment(state.log.active_number() + 1, true, records);
  if (!status.ok()) {
    EVSIM_PROBE(kCompactionFailed);
    state.failure = Status::IoError("compaction failed; reopen to recover: " + status.message());
    return;
  }
  EVSIM_PROBE(kCompacted);
  state.dead_bytes = 0;
}

}  // namespace evsim
