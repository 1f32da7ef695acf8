#pragma once
// lookup_meta(key, value, limit) (SPEC 5).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct LookupMeta {
  static constexpr std::string_view kName = "lookup_meta";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kIndex;
  static constexpr bool kMutation = false;

  std::string key;
  std::string value;
  std::int64_t limit = 1;

  static LookupMeta Generate(ClientGeneration& generation) {
    Random& random = generation.random();
    LookupMeta lookup;
    lookup.limit = generation.limit();
    const std::vector<std::string>& keys = generation.metadata_keys();
    const std::vector<std::string>& values = generation.metadata_values();
    if (keys.empty()) {
      lookup.key = "none";
      lookup.value = "none";
    } else {
      lookup.key = keys[random.Below(keys.size())];
      lookup.value = values[random.Below(values.size())];
    }
    return lookup;
  }
  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Text("key", key));
    EVSIM_RETURN_IF_ERROR(fields.Text("value", value));
    return fields.Integer("limit", limit, INT64_MIN, INT64_MAX);
  }
  void Emit(OperationWriter& writer) const {
    writer.Text("key", key);
    writer.Text("value", value);
    writer.Integer("limit", limit);
  }
  std::string Describe() const { return fmt::format("lookup_meta {}={} limit={}", key, value, limit); }
  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(adapter.LookupMeta(key, value, limit));
  }
  friend bool operator==(const LookupMeta&, const LookupMeta&) = default;
};

}  // namespace evsim::sim
