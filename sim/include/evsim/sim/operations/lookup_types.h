#pragma once
// lookup_types(types, limit) (SPEC 5).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct LookupTypes {
  static constexpr std::string_view kName = "lookup_types";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kIndex;
  static constexpr bool kMutation = false;

  std::vector<std::string> types;
  std::int64_t limit = 1;

  static LookupTypes Generate(ClientGeneration& generation) {
    Random& random = generation.random();
    const std::vector<std::string>& pool = generation.event_types();
    LookupTypes lookup;
    lookup.limit = generation.limit();
    lookup.types = {pool[random.Below(pool.size())]};
    if (random.Below(3) == 0) lookup.types.push_back(pool[random.Below(pool.size())]);
    if (generation.wide() && random.Below(6) == 0) {
      // An empty list (nothing), or a type no event has beside a real one.
      if (random.Below(2) == 0) {
        lookup.types.clear();
      } else {
        lookup.types.push_back("Untyped");
      }
    }
    return lookup;
  }
  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Texts("types", types));
    return fields.Integer("limit", limit, INT64_MIN, INT64_MAX);
  }
  void Emit(OperationWriter& writer) const {
    writer.Texts("types", types);
    writer.Integer("limit", limit);
  }
  std::string Describe() const {
    return fmt::format("lookup_types types={} limit={}", fmt::join(types, ","), limit);
  }
  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(adapter.LookupTypes(types, limit));
  }
  friend bool operator==(const LookupTypes&, const LookupTypes&) = default;
};

}  // namespace evsim::sim
