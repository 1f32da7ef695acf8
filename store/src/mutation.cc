#include "evsim/store/mutation.h"

namespace evsim {

const std::vector<MutationInfo>& Mutations() {
  static const std::vector<MutationInfo> mutations = {
      {Mutation::kIndexSkipsEntry, "index-skip", "the tag index drops every 7th entry (SPEC 5)"},
      {Mutation::kIgnoresFailedSync, "ignore-failed-sync",
       "a failed sync is reported as success, so the append is acknowledged but may not survive "
       "a crash (SPEC 2.5)"},
      {Mutation::kReadGlobalIncludesCursor, "read-global-includes-cursor",
       "read_global(after) includes the event at the cursor itself (lower_bound for upper_bound), "
       "so a reader paging by its last event never finishes (SPEC 3)"},
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
