#include "evsim/store/mutation.h"

namespace evsim {

const std::vector<MutationInfo>& Mutations() {
  static const std::vector<MutationInfo> mutations = {
      // SPEC 1
      {Mutation::kTimestampRounds, "timestamp-rounds",
       "timestamp rounds epoch_us / 1000 to the nearest millisecond instead of truncating (SPEC 1)"},
      {Mutation::kAcceptsDuplicateTags, "accept-duplicate-tags",
       "an event with a duplicate tag is accepted, the repeat silently dropped, instead of "
       "rejected with invalid_event (SPEC 1)"},
      // SPEC 2
      {Mutation::kStreamExistsAcceptsMissing, "stream-exists-accepts-missing",
       "expected version STREAM_EXISTS (-4) passes for a stream with no version, H(s) >= -1 "
       "for H(s) >= 0 (SPEC 2.1)"},
      {Mutation::kEmptyBatchSkipsCheck, "empty-batch-skips-expected-version",
       "an empty batch returns H(s) before the expected version is checked (SPEC 2.1, 2.2)"},
      {Mutation::kEpochRepeatsWhenClockStalls, "epoch-repeats-when-clock-stalls",
       "epoch_us = max(now, last) instead of max(now, last + 1): two batches share an instant "
       "when the clock stands still or goes back (SPEC 2.3)"},
      {Mutation::kExpectedVersionCountsPresent, "expected-version-counts-present",
       "the expected-version check compares with the count of present events, which a scavenge "
       "lowers, instead of H(s) (SPEC 2.1, 2.2)"},
      {Mutation::kIgnoresFailedSync, "ignore-failed-sync",
       "a failed sync is reported as success, so the append is acknowledged but may not survive "
       "a crash (SPEC 2.5)"},
      // SPEC 3
      {Mutation::kReadGlobalIncludesCursor, "read-global-includes-cursor",
       "read_global(after) includes the event at the cursor itself (lower_bound for upper_bound), "
       "so a reader paging by its last event never finishes (SPEC 3)"},
      {Mutation::kReadBackwardOffByOne, "read-backward-off-by-one",
       "a backward read starts its range at from - count, returning count + 1 events (SPEC 3)"},
      {Mutation::kCursorComparesOrderKeys, "cursor-compares-order-keys",
       "read_global finds its start by comparing the seeds' order keys pad20(epoch)|stream|"
       "pad12(version), which misorder prefix stream ids at one epoch_us (SPEC 2.4, 3)"},
      // SPEC 4
      {Mutation::kListSkipsEmptiedStreams, "list-skips-emptied-streams",
       "list_streams omits a stream whose events were all scavenged, though H(s) >= 0 (SPEC 3, "
       "4)"},
      {Mutation::kRecreateKeepsChain, "recreate-keeps-chain",
       "a chain-head cache is not cleared by delete_stream: a re-created stream chains onto the "
       "deleted stream's last hash instead of 32 zero bytes (SPEC 4, 7)"},
      // SPEC 5
      {Mutation::kIndexSkipsEntry, "index-skip", "the tag index drops every 7th entry (SPEC 5)"},
      {Mutation::kAllMatchSkipsUnknownTag, "all-match-skips-unknown-tag",
       "lookup_tags(all) skips a tag that no event has instead of returning nothing (SPEC 5)"},
      {Mutation::kEmptyTagsMatchAll, "empty-tags-match-all",
       "lookup_tags with an empty tag list and match all returns every event (vacuous truth) "
       "instead of nothing (SPEC 5)"},
      {Mutation::kScanLimitCountsExamined, "scan-limit-counts-examined",
       "a lookup on an undeclared index stops after `limit` events examined, not `limit` "
       "matches (SPEC 3, 5)"},
      // SPEC 6
      {Mutation::kKeepVersionsOffByOne, "keep-versions-off-by-one",
       "scavenge with keep_versions K caps the cutoff at H(s) - K + 1, keeping only K - 1 events "
       "(SPEC 6)"},
      {Mutation::kSnapshotMustBeAboveCutoff, "snapshot-must-be-above-cutoff",
       "require_snapshot looks for a snapshot above the cutoff (upper_bound), rejecting one "
       "exactly at it (SPEC 6)"},
      {Mutation::kDryRunSkipsSnapshotCheck, "dry-run-skips-snapshot-check",
       "a dry run returns its report before the require_snapshot check, so it promises a "
       "scavenge that would fail with no_snapshot (SPEC 6)"},
      {Mutation::kEpochCutoffExclusive, "epoch-cutoff-exclusive",
       "scavenge before_epoch_us T stops at an event with epoch_us >= T, keeping the one at "
       "exactly T (SPEC 6)"},
      {Mutation::kSnapshotMetadataLostOnRecovery, "snapshot-metadata-lost-on-recovery",
       "recovery replays a snapshot record without its metadata, so a snapshot read after a "
       "restart or crash has none (SPEC 6)"},
      // SPEC 7
      {Mutation::kVerifyForgetsAnchor, "verify-forgets-anchor",
       "verify_stream walks a scavenged stream from 32 zero bytes instead of its anchor, "
       "reporting chain_mismatch (SPEC 6, 7)"},
      {Mutation::kSnapshotAnchorsToHead, "snapshot-anchors-to-head",
       "a snapshot's anchor_hash is the chain hash of the stream's head, not of the event at "
       "its version (SPEC 6, 7)"},
      {Mutation::kSnapshotSealedWithFirstKey, "snapshot-sealed-with-first-key",
       "snapshots are MACed with the keyring's first key instead of the active one (SPEC 7)"},
      {Mutation::kVerifySkipsUnknownKey, "verify-skips-unknown-key",
       "verify_stream reports ok when it meets an event whose MAC key is no longer in the keyring, "
       "instead of unknown_key (SPEC 7)"},
      // SPEC 8
      {Mutation::kAckMovesBack, "ack-moves-back",
       "an ack behind the checkpoint is stored, moving the checkpoint back (SPEC 8)"},
      {Mutation::kSubscribeEndRedeliversLast, "subscribe-end-redelivers-last",
       "start=end resolves to the event before the last one, so the last is delivered (SPEC 8)"},
      {Mutation::kDeliversRemovedEvents, "delivers-removed-events",
       "an event queued for a subscriber and then scavenged or deleted is still handed out "
       "(SPEC 4, 6, 8)"},
      {Mutation::kPatternIgnoresStreamId, "pattern-ignores-stream-id",
       "delivery's by_event_pattern checks event_type and metadata.* entries but not stream_id "
       "(SPEC 8)"},
      // Durability
      {Mutation::kNoDirectorySyncAfterRename, "no-directory-sync-after-rename",
       "a new segment is renamed into place without syncing the directory, so a crash can lose "
       "the segment and every acknowledged record in it (SPEC 2.5; POSIX rename)"},
      {Mutation::kAckWithoutSync, "ack-without-sync",
       "an ack record is written but not synced before ack returns, so a crash can lose the "
       "checkpoint (SPEC 8)"},
      {Mutation::kRecoveryTrustsFinalRecord, "recovery-trusts-final-record",
       "recovery keeps a final record whose length and trailer are intact without checking its "
       "checksum, replaying a torn write (SPEC 2.5)"},
      {Mutation::kClockRestoredFromLastStream, "clock-restored-from-last-stream",
       "recovery restores last_epoch_us from the last event of the last stream in id order, not "
       "the newest event of all streams (SPEC 2.3)"},
      // Misbehaving: killed only with isolation.
      {Mutation::kAbortsInScavenge, "abort-in-scavenge",
       "a wrong assertion fails whenever an existing stream is scavenged (the process aborts)",
       true},
      {Mutation::kThrowsInSnapshotList, "throw-in-snapshot-list",
       "listing an existing stream's snapshots throws std::out_of_range", true},
      {Mutation::kLoopsInLookupTypes, "loop-in-lookup-types",
       "a lookup by event type never returns (an index walk that does not advance)", true},
      {Mutation::kAllocatesInLookupMeta, "allocate-in-lookup-meta",
       "a lookup by metadata appends to its result without bound", true},
  };
  return mutations;
}

std::optional<Mutation> MutationFromName(std::string_view name) {
  for (const MutationInfo& info : Mutations()) {
    if (info.name == name) return info.mutation;
  }
  return std::nullopt;
}

}  // namespace evsim
