#include "evsim/store/mutation.h"

namespace evsim {

const std::vector<MutationInfo>& Mutations() {
  static const std::vector<MutationInfo> mutations = {
      {Mutation::kIndexSkipsEntry, "index-skip", "the tag index drops every 7th entry (SPEC 5)"},
      {Mutation::kIgnoresFailedSync, "ignore-failed-sync",
       "a failed sync is reported as success, so the append is acknowledged but may not survive "
       "a crash (SPEC 2.5)"},
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
