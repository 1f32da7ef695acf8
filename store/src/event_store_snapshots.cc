// EventStore: snapshots, scavenge and verification.
#include "evsim/integrity/seal.h"
#include "evsim/probes/probe.h"
#include "evsim/records/limits.h"
#include "evsim/records/validation.h"
#include "evsim/store/event_store.h"
#include "log_records.h"
#include "store_state.h"

namespace evsim {

using store::log_format::RecordType;

Result<Snapshot> EventStore::SaveSnapshot(const std::string& stream_id, std::int64_t version,
                                          const std::string& data, const Metadata& metadata) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  std::size_t bytes = data.size();
  for (const auto& [key, value] : metadata) bytes += key.size() + value.size();
  if (bytes > limits::kSnapshotBytesMax) return Status::InvalidArgument("snapshot exceeds 16 MiB");
  State& state = *state_;
  auto found = state.streams.find(stream_id);
  const std::int64_t high_water =
      found == state.streams.end() ? kNoVersion : found->second.high_water;
  if (version < 0 || version > high_water) {
    return Status::InvalidArgument("snapshot version " + std::to_string(version) +
                                   " outside 0..H(s) = " + std::to_string(high_water));
  }
  const store::StreamData& stream = found->second;
  Snapshot snapshot{stream_id, version, data, metadata, env_.clock->NowMicros() / 1000, {}, {}};
  if (state.config.integrity.enabled) {
    if (version < stream.first_present()) {
      EVSIM_PROBE(kSnapshotAnchorUnavailable);
      return Status::Error(ErrorCode::kSnapshotAnchorUnavailable,
                           "event " + std::to_string(version) + " of '" + stream_id +
                               "' was scavenged; a snapshot cannot anchor to it");
    }
    const Event anchor =
        stream.events[static_cast<std::size_t>(version - stream.first_present())].Decode();
    const Hash32 anchor_hash = options_.mutation == Mutation::kSnapshotAnchorsToHead
                                   ? stream.last_chain_hash
                                   : ChainHash(anchor);
    if (options_.mutation == Mutation::kSnapshotSealedWithFirstKey) {
      IntegrityConfig first_key = state.config.integrity;
      first_key.active_key_id = first_key.keyring.begin()->first;
      SealSnapshot(first_key, anchor_hash, snapshot);
    } else {
      SealSnapshot(state.config.integrity, anchor_hash, snapshot);
    }
  }
  EVSIM_RETURN_IF_ERROR(state.Persist(RecordType::kSnapshotSave, store::EncodeSnapshot(snapshot)));
  if (stream.snapshots.contains(version)) EVSIM_PROBE(kSnapshotReplaced);
  state.ApplySnapshotSave(snapshot);
  MaybeCompact();
  return snapshot;
}

Result<Snapshot> EventStore::ReadLatestSnapshot(const std::string& stream_id) {
  EVSIM_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, ListSnapshots(stream_id));
  if (snapshots.empty()) return Status::NotFound("no snapshot of '" + stream_id + "'");
  return snapshots.back();
}

Result<Snapshot> EventStore::ReadSnapshotAt(const std::string& stream_id, std::int64_t version) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  auto found = state_->streams.find(stream_id);
  if (found != state_->streams.end()) {
    auto snapshot = found->second.snapshots.find(version);
    if (snapshot != found->second.snapshots.end()) return snapshot->second;
  }
  return Status::NotFound("no snapshot of '" + stream_id + "' at version " +
                          std::to_string(version));
}

Result<std::vector<Snapshot>> EventStore::ListSnapshots(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  if (options_.mutation == Mutation::kThrowsInSnapshotList && state_->streams.contains(stream_id)) {
    (void)std::vector<Snapshot>{}.at(0);  // throws std::out_of_range
  }
  std::vector<Snapshot> snapshots;
  auto found = state_->streams.find(stream_id);
  if (found == state_->streams.end()) return snapshots;
  for (const auto& [version, snapshot] : found->second.snapshots) snapshots.push_back(snapshot);
  return snapshots;
}

Status EventStore::DeleteSnapshotAt(const std::string& stream_id, std::int64_t version) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  auto found = state_->streams.find(stream_id);
  if (found == state_->streams.end() || !found->second.snapshots.contains(version)) {
    return Status::Ok();  // idempotent, and nothing to log
  }
  EVSIM_RETURN_IF_ERROR(state_->Persist(RecordType::kSnapshotDelete,
                                        store::EncodeSnapshotDelete(stream_id, version)));
  state_->ApplySnapshotDelete(stream_id, version);
  MaybeCompact();
  return Status::Ok();
}

Status EventStore::DeleteAllSnapshots(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  auto found = state_->streams.find(stream_id);
  if (found == state_->streams.end() || found->second.snapshots.empty()) return Status::Ok();
  EVSIM_RETURN_IF_ERROR(
      state_->Persist(RecordType::kSnapshotDelete, store::EncodeSnapshotDelete(stream_id, -1)));
  state_->ApplySnapshotDelete(stream_id, -1);
  MaybeCompact();
  return Status::Ok();
}

Result<ScavengeReport> EventStore::Scavenge(const std::string& stream_id,
                                            const ScavengeOptions& options) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  EVSIM_RETURN_IF_ERROR(ValidateScavengeOptions(options));
  if (options_.mutation == Mutation::kAbortsInScavenge) {
    EVSIM_ASSERT_MSG(!state_->streams.contains(stream_id), "mutant abort-in-scavenge");
  }
  State& state = *state_;
  auto found = state.streams.find(stream_id);
  if (found == state.streams.end()) return Status::StreamNotFound(stream_id);
  const store::StreamData& stream = found->second;

  std::int64_t cutoff = -1;
  if (options.before_version) {
    cutoff = *options.before_version - 1;
  } else {
    // Epochs ascend with versions, so the last event at or before T bounds the cutoff.
    const bool exclusive = options_.mutation == Mutation::kEpochCutoffExclusive;
    for (const store::StoredEvent& event : stream.events) {
      if (exclusive ? event.epoch_us() >= *options.before_epoch_us
                    : event.epoch_us() > *options.before_epoch_us) {
        break;
      }
      cutoff = event.version();
    }
  }
  const std::int64_t kept_below_head =
      options_.mutation == Mutation::kKeepVersionsOffByOne && options.keep_versions > 0
          ? options.keep_versions - 1
          : options.keep_versions;
  cutoff = std::min(cutoff, stream.high_water - kept_below_head);

  ScavengeReport report;
  report.dry_run = options.dry_run;
  if (cutoff < stream.first_present() || stream.events.empty()) {
    EVSIM_PROBE(kScavengeNothingToRemove);
    return report;
  }
  report.from_version = stream.first_present();
  report.to_version = std::min(cutoff, stream.high_water);
  report.count = report.to_version - report.from_version + 1;
  if (options.dry_run && options_.mutation == Mutation::kDryRunSkipsSnapshotCheck) return report;
  const auto snapshot = options_.mutation == Mutation::kSnapshotMustBeAboveCutoff
                            ? stream.snapshots.upper_bound(cutoff)
                            : stream.snapshots.lower_bound(cutoff);
  if (options.require_snapshot && snapshot == stream.snapshots.end()) {
    EVSIM_PROBE(kScavengeNeedsSnapshot);
    return Status::Error(ErrorCode::kNoSnapshot, "scavenge of '" + stream_id + "' up to version " +
                                                     std::to_string(cutoff) +
                                                     " needs a snapshot at a version >= it");
  }
  if (options.dry_run) return report;
  EVSIM_RETURN_IF_ERROR(state.CheckWritable());
  Hash32 anchor = stream.anchor;
  if (state.config.integrity.enabled) {
    anchor = ChainHash(
        stream.events[static_cast<std::size_t>(report.to_version - stream.first_present())]
            .Decode());
  }
  EVSIM_RETURN_IF_ERROR(
      state.Persist(RecordType::kScavenge, store::EncodeScavenge(stream_id, cutoff, anchor)));
  if (report.to_version == stream.high_water) EVSIM_PROBE(kScavengeRemovedEveryEvent);
  state.ApplyScavenge(stream_id, cutoff, anchor);
  MaybeCompact();
  return report;
}

Status EventStore::VerifyStream(const std::string& stream_id) {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  EVSIM_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  if (!state_->config.integrity.enabled) {
    return Status::Unsupported("integrity is disabled for this store");
  }
  auto found = state_->streams.find(stream_id);
  if (found == state_->streams.end()) return Status::StreamNotFound(stream_id);
  std::vector<Event> events;
  events.reserve(found->second.events.size());
  for (const store::StoredEvent& event : found->second.events) events.push_back(event.Decode());
  const Hash32 first_prev =
      options_.mutation == Mutation::kVerifyForgetsAnchor ? Hash32{} : found->second.anchor;
  Status verified = VerifyChain(state_->config.integrity, events, first_prev);
  if (verified.violation_kind() == ViolationKind::kUnknownKey) EVSIM_PROBE(kVerifyUnknownKey);
  if (options_.mutation == Mutation::kVerifySkipsUnknownKey &&
      verified.violation_kind() == ViolationKind::kUnknownKey) {
    return Status::Ok();  // the bug: "cannot check" taken for "checks out"
  }
  return verified;
}

}  // namespace evsim
