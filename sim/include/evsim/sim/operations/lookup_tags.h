#pragma once
// lookup_tags(tags, any|all, limit) (SPEC 5).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct LookupTags {
  static constexpr std::string_view kName = "lookup_tags";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kIndex;
  static constexpr bool kMutation = false;

  std::vector<std::string> tags;
  TagMatch match = TagMatch::kAny;
  std::int64_t limit = 1;

  static LookupTags Generate(ClientGeneration& generation) {
    Random& random = generation.random();
    const std::vector<std::string>& pool = generation.tags();
    LookupTags lookup;
    lookup.limit = generation.limit();
    if (pool.empty()) {  // `events.tags: []`: no event carries a tag; look for one nobody has
      lookup.tags = {"untagged"};
    } else {
      lookup.tags = {pool[random.Below(pool.size())]};
      if (random.Below(3) == 0) lookup.tags.push_back(pool[random.Below(pool.size())]);
    }
    lookup.match = random.Below(2) ? TagMatch::kAny : TagMatch::kAll;
    if (generation.wide()) {
      // SPEC 5's edges: an empty list (nothing), a tag no event has beside real ones (all:
      // nothing), three tags at once.
      switch (random.Below(4)) {
        case 0:
          lookup.tags.clear();
          break;
        case 1:
          lookup.tags.push_back("untagged");
          break;
        case 2:
          if (!pool.empty()) lookup.tags.push_back(pool[random.Below(pool.size())]);
          break;
        default:
          break;
      }
    }
    return lookup;
  }
  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Texts("tags", tags));
    EVSIM_RETURN_IF_ERROR(ReadMatch(fields, "match", match));
    return fields.Integer("limit", limit, INT64_MIN, INT64_MAX);
  }
  void Emit(OperationWriter& writer) const {
    writer.Texts("tags", tags);
    writer.Text("match", MatchText(match));
    writer.Integer("limit", limit);
  }
  std::string Describe() const {
    return fmt::format("lookup_tags tags={} {} limit={}", fmt::join(tags, ","), MatchText(match),
                       limit);
  }
  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(adapter.LookupTags(tags, match, limit));
  }
  friend bool operator==(const LookupTags&, const LookupTags&) = default;
};

}  // namespace evsim::sim
