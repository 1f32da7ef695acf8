#pragma once
// Mutations: deliberate, realistic bugs in the built-in store, one at a time, behind a test-only
// switch (StoreOptions::mutation). They exist to prove that the harness catches what it claims
// to: `--adapter mutant:NAME` runs the store with one of them, and the test suite requires each
// to be caught. The production path checks the switch only where a mutation lives.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace evsim {

enum class Mutation : std::uint8_t {
  kNone,
  kIndexSkipsEntry,    // the tag index drops every 7th entry
  kIgnoresFailedSync,  // a failed sync is reported as success: the write is acknowledged
                       // though it may not survive a crash (PostgreSQL's "fsyncgate")
  kReadGlobalIncludesCursor,  // read_global(after) starts at the cursor's own event, not past it
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
  std::string_view description;  // what the bug is
  // The harness kills it only when it runs each seed in a child process (isolation): in
  // process it takes the harness down with it.
  bool needs_isolation = false;
};

// Every mutation but kNone.
const std::vector<MutationInfo>& Mutations();
std::optional<Mutation> MutationFromName(std::string_view name);

}  // namespace evsim
