#pragma once
// Mutations: deliberate, realistic bugs in the built-in store, one at a time, behind a test-only
// switch (StoreOptions::mutation). They exist to prove that the harness catches what it claims
// to: `--adapter mutant:NAME` runs the store with one of them, and `evsim gate --self-test`
// runs the default suite against every public one and requires each to be caught (the mutant
// zoo, docs/mutants.md). The production path checks the switch only where a mutation lives.
//
// Each one is a bug a store author could plausibly write: an off-by-one in a bound, a wrong
// comparison, a missed sync, a cache not invalidated, a check in the wrong order. None is caught
// by construction (an operation that always fails): each shows only in some states.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace evsim {

enum class Mutation : std::uint8_t {
  kNone,
  // SPEC 1: records and validation.
  kTimestampRounds,          // timestamp rounds epoch_us/1000 to nearest instead of truncating
  kAcceptsDuplicateTags,     // a duplicate tag is dropped instead of rejected with invalid_event
  // SPEC 2: append, expected versions, the clock, durability.
  kStreamExistsAcceptsMissing,  // STREAM_EXISTS (-4) passes for a stream with H(s) = -1
  kEmptyBatchSkipsCheck,        // an empty batch returns H(s) before the expected-version check
  kEpochRepeatsWhenClockStalls, // epoch_us = max(now, last) instead of max(now, last + 1)
  kExpectedVersionCountsPresent,  // the expected-version check uses the count of present events
  kIgnoresFailedSync,  // a failed sync is reported as success: the write is acknowledged
                       // though it may not survive a crash (PostgreSQL's "fsyncgate")
  // SPEC 3: reads and global order.
  kReadGlobalIncludesCursor,  // read_global(after) starts at the cursor's own event, not past it
  kReadBackwardOffByOne,      // a backward read returns count + 1 events
  kCursorComparesOrderKeys,   // read_global finds its start by the seeds' order-key layout
  // SPEC 4: listing and deletion.
  kListSkipsEmptiedStreams,   // list_streams omits a stream whose events were all scavenged
  kRecreateKeepsChain,        // a re-created stream chains onto the deleted stream's last hash
  // SPEC 5: the secondary index and lookups.
  kIndexSkipsEntry,           // the tag index drops every 7th entry
  kAllMatchSkipsUnknownTag,   // lookup_tags(all) ignores a tag no event has
  kEmptyTagsMatchAll,         // lookup_tags([], all) returns every event
  kScanLimitCountsExamined,   // an undeclared-index lookup stops after `limit` events examined
  // SPEC 6: snapshots and scavenge.
  kKeepVersionsOffByOne,      // keep_versions K keeps K - 1 events
  kSnapshotMustBeAboveCutoff, // require_snapshot wants a snapshot above the cutoff, not at it
  kDryRunSkipsSnapshotCheck,  // a dry run reports success without the require_snapshot check
  kEpochCutoffExclusive,      // before_epoch_us T leaves the event at exactly T
  kSnapshotMetadataLostOnRecovery,  // a snapshot replayed from the log has no metadata
  // SPEC 7: integrity.
  kVerifyForgetsAnchor,       // verify_stream starts a scavenged stream from a zero hash
  kSnapshotAnchorsToHead,     // a snapshot's anchor_hash is the stream head's chain hash
  kSnapshotSealedWithFirstKey,  // snapshots are sealed with the keyring's first key
  kVerifySkipsUnknownKey,     // verify_stream calls a stream whose key is gone ok
  // SPEC 8: subscriptions.
  kAckMovesBack,              // an ack behind the checkpoint moves it back
  kSubscribeEndRedeliversLast,  // start=end resolves to the event before the last
  kDeliversRemovedEvents,     // a queued event removed before it is taken is still handed out
  kPatternIgnoresStreamId,    // by_event_pattern does not check a stream_id entry
  // Durability under the crash model (sim/README.md).
  kNoDirectorySyncAfterRename,  // a new segment's rename is not followed by a directory sync
  kAckWithoutSync,              // an ack record is written but not synced before ok
  kRecoveryTrustsFinalRecord,   // recovery keeps a final record whose checksum fails
  kClockRestoredFromLastStream, // recovery restores last_epoch_us from one stream, not all
  // A store that dies or runs away instead of answering: the harness must report each with
  // the seed and the replay command and go on with the next seed (gate/isolation.h).
  kAbortsInScavenge,          // a wrong assertion fails on scavenging an existing stream
  kThrowsInSnapshotList,      // listing an existing stream's snapshots throws out_of_range
  kLoopsInLookupTypes,        // looking up by event type never returns
  kAllocatesInLookupMeta,     // looking up by metadata allocates without bound
};

struct MutationInfo {
  Mutation mutation;
  std::string_view name;         // as in mutant:NAME
  std::string_view description;  // what the bug is, naming the SPEC section it breaks
  // The harness kills it only when it runs each seed in a child process (isolation): in
  // process it takes the harness down with it.
  bool needs_isolation = false;
};

// Every mutation but kNone: the public zoo first, then the misbehaving ones (needs_isolation).
const std::vector<MutationInfo>& Mutations();
std::optional<Mutation> MutationFromName(std::string_view name);

}  // namespace evsim
