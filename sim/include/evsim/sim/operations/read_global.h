#pragma once
// read_global(after, limit) (SPEC 3).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct ReadGlobal {
  static constexpr std::string_view kName = "read_global";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kCore;
  static constexpr bool kMutation = false;

  Cursor after;
  std::int64_t limit = 1;

  static ReadGlobal Generate(ClientGeneration& generation) {
    return ReadGlobal{generation.PickCursor(), generation.limit()};
  }
  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(ReadCursor(fields, "after", after));
    return fields.Integer("limit", limit, INT64_MIN, INT64_MAX);
  }
  void Emit(OperationWriter& writer) const {
    writer.Text("after", after.ToString());
    writer.Integer("limit", limit);
  }
  std::string Describe() const {
    return fmt::format("read_global after={} limit={}", after.ToString(), limit);
  }
  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(adapter.ReadGlobal(after, limit));
  }
  friend bool operator==(const ReadGlobal&, const ReadGlobal&) = default;
};

}  // namespace evsim::sim
