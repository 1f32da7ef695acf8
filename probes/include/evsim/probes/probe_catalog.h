#pragma once
// The catalog of code probes: every named rare path in the store, declared once, here, with the
// file it lives in and what reaching it means. A probe is a promise that a test reaches that
// path: `evsim run --probes` prints how often each fired (zeros included, which is why the list
// lives in one place rather than at the sites), and the test command requires the default suite
// to hit every one (properties/probes_test.py).
//
// To add a probe: add a line here, put EVSIM_PROBE(kName) on the path (probe.h), and make the
// default suite reach it (a scenario in scenarios/smoke, with a comment saying why).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

// X(enumerator, name, file under store/src, meaning)
#define EVSIM_PROBE_CATALOG(X)                                                                  \
  /* Recovery: store_lifecycle.cc and log_format.cc */                                          \
  X(kRecoveredEmptyLog, "recovered_empty_log", "store_lifecycle.cc",                           \
    "reopened a log holding nothing but its store config")                                     \
  X(kRecoveredSealedSegments, "recovered_sealed_segments", "store_lifecycle.cc",               \
    "recovery replayed more than one segment (the log had rolled)")                            \
  X(kRemovedUnfinishedSegment, "removed_unfinished_segment", "store_lifecycle.cc",             \
    "a crash interrupted a segment's creation (roll or compaction); its .tmp was deleted")     \
  X(kDroppedSegmentsBeforeBase, "dropped_segments_before_base", "store_lifecycle.cc",          \
    "a crash interrupted a compaction after its base was durable; older segments deleted")     \
  X(kTornTailTruncated, "torn_tail_truncated", "store_lifecycle.cc",                           \
    "recovery truncated the unfinished final write of the last segment")                       \
  X(kTrailerRepaired, "trailer_repaired", "store_lifecycle.cc",                                \
    "the final record verified but its trailer was torn: kept, trailer rewritten")             \
  X(kRecordChecksumMismatch, "record_checksum_mismatch", "log_format.cc",                      \
    "a record's payload did not match its checksum (torn or flipped)")                         \
  X(kAcknowledgedRecordDamaged, "acknowledged_record_damaged", "log_format.cc",                \
    "damage followed by a complete record: corruption, the store does not open")               \
  X(kRecoveryRefused, "recovery_refused", "store_lifecycle.cc",                                \
    "recovery failed (corruption): the store answers every call with the error")               \
  X(kReplayedUnknownKey, "replayed_unknown_key", "log_records.cc",                             \
    "replay met an event MAC'd under a key no longer in the keyring (verify's to report)")     \
  /* The log writer and store failure: log_writer.cc, store_state.h */                          \
  X(kSegmentRolled, "segment_rolled", "log_writer.cc",                                         \
    "the active segment was full: sealed, and the next one started")                           \
  X(kAppendWriteFailed, "append_write_failed", "log_writer.cc",                                \
    "writing a record failed: the store fails until reopened")                                 \
  X(kAppendSyncFailed, "append_sync_failed", "log_writer.cc",                                  \
    "syncing a written record failed: the store fails until reopened")                         \
  X(kRefusedWhileFailed, "refused_while_failed", "store_state.h",                              \
    "a mutation was refused because an earlier io_error failed the store")                     \
  /* Compaction: store_lifecycle.cc */                                                          \
  X(kCompacted, "compacted", "store_lifecycle.cc",                                             \
    "a compaction rewrote the live state into a new base segment")                             \
  X(kCompactionFailed, "compaction_failed", "store_lifecycle.cc",                              \
    "writing a compaction's base failed: the store fails until reopened")                      \
  /* Appends and deletes: event_store.cc */                                                     \
  X(kWrongExpectedVersion, "wrong_expected_version", "event_store.cc",                         \
    "an append's expected version did not match the stream's")                                 \
  X(kEpochAheadOfClock, "epoch_ahead_of_clock", "event_store.cc",                              \
    "the clock was not past the last epoch_us (same instant, jumped back): took last + 1")       \
  X(kDeletedStreamWithSnapshots, "deleted_stream_with_snapshots", "event_store.cc",            \
    "a deleted stream still had snapshots, removed with it")                                   \
  X(kLookupWithoutIndex, "lookup_without_index", "event_store.cc",                             \
    "a lookup on an undeclared index scanned the global order")                                \
  /* Snapshots, scavenge, verify: event_store_snapshots.cc */                                   \
  X(kSnapshotAnchorUnavailable, "snapshot_anchor_unavailable", "event_store_snapshots.cc",     \
    "a snapshot was refused: its version was scavenged, nothing to anchor to")                 \
  X(kSnapshotReplaced, "snapshot_replaced", "event_store_snapshots.cc",                             \
    "a snapshot was saved over an existing one at the same version")                           \
  X(kScavengeNothingToRemove, "scavenge_nothing_to_remove", "event_store_snapshots.cc",        \
    "a scavenge found no present event below its cutoff")                                      \
  X(kScavengeNeedsSnapshot, "scavenge_needs_snapshot", "event_store_snapshots.cc",             \
    "a scavenge requiring a snapshot found none at or past its cutoff")                        \
  X(kScavengeRemovedEveryEvent, "scavenge_removed_every_event", "event_store_snapshots.cc",             \
    "a scavenge removed every present event: the stream lives on with none")                   \
  X(kVerifyUnknownKey, "verify_unknown_key", "event_store_snapshots.cc",                       \
    "verify_stream met a MAC key that is not in the keyring")                                  \
  /* Subscriptions: event_store_subscriptions.cc */                                             \
  X(kSubscriptionQueueFull, "subscription_queue_full", "event_store_subscriptions.cc",         \
    "delivery paused: a subscription's queue was at its bound")                                \
  X(kDeliveryDroppedRemovedEvent, "delivery_dropped_removed_event",                            \
    "event_store_subscriptions.cc",                                                            \
    "a queued event was removed (delete, scavenge) before it was taken")                       \
  X(kDeliveryAfterUnsubscribe, "delivery_after_unsubscribe", "event_store_subscriptions.cc",   \
    "a delivery work item ran after its subscription was gone")                                \
  X(kDeliveryScanYielded, "delivery_scan_yielded", "event_store_subscriptions.cc",             \
    "a delivery scan examined its bound of events and re-posted itself")                       \
  X(kAckNotForward, "ack_not_forward", "event_store_subscriptions.cc",                         \
    "an ack at or behind the checkpoint was ignored (checkpoints never move back)")

namespace evsim {

#define EVSIM_PROBE_ENUMERATOR(enumerator, name, file, meaning) enumerator,
enum class Probe : std::uint16_t { EVSIM_PROBE_CATALOG(EVSIM_PROBE_ENUMERATOR) };
#undef EVSIM_PROBE_ENUMERATOR

struct ProbeInfo {
  Probe probe;
  std::string_view name;     // snake_case, unique: what the table and the test print
  std::string_view file;     // where it lives, under store/src
  std::string_view meaning;  // one line
};

#define EVSIM_PROBE_INFO(enumerator, name, file, meaning) ProbeInfo{Probe::enumerator, name, file, meaning},
inline constexpr std::array kProbeCatalog = {EVSIM_PROBE_CATALOG(EVSIM_PROBE_INFO)};
#undef EVSIM_PROBE_INFO

inline constexpr std::size_t kProbeCount = kProbeCatalog.size();

constexpr const ProbeInfo& InfoOf(Probe probe) {
  return kProbeCatalog[static_cast<std::size_t>(probe)];
}

constexpr std::optional<Probe> ProbeFromName(std::string_view name) {
  for (const ProbeInfo& info : kProbeCatalog) {
    if (info.name == name) return info.probe;
  }
  return std::nullopt;
}

}  // namespace evsim
