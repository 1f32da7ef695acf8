#pragma once
// The store runs one of its pending background work items (delivery, compaction), chosen by
// `pick` modulo how many are pending.

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Background {
  static constexpr std::string_view kName = "background";
  static constexpr OperationRole kRole = OperationRole::kBackground;

  std::uint64_t pick = 0;

  static Background Generate(EnvironmentGeneration& generation) {
    return Background{generation.random().Below(1 << 20)};
  }
  Status Parse(OperationFields& fields) {
    std::int64_t value = 0;
    EVSIM_RETURN_IF_ERROR(fields.Integer("pick", value, 0, INT64_MAX));
    pick = static_cast<std::uint64_t>(value);
    return Status::Ok();
  }
  void Emit(OperationWriter& writer) const {
    writer.Integer("pick", static_cast<std::int64_t>(pick));
  }
  std::string Describe() const { return fmt::format("background pick={}", pick); }
  std::string Perform(OperationEnvironment& environment) const {
    return environment.RunBackground(pick);
  }
  friend bool operator==(const Background&, const Background&) = default;
};

}  // namespace evsim::sim
