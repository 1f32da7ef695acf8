#pragma once
// unsubscribe(name) (SPEC 8).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Unsubscribe {
  static constexpr std::string_view kName = "unsubscribe";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kSubscriptions;
  static constexpr bool kMutation = true;

  std::string name;

  static Unsubscribe Generate(ClientGeneration& generation) {
    return Unsubscribe{generation.subscription()};
  }
  Status Parse(OperationFields& fields) { return fields.Text("name", name); }
  void Emit(OperationWriter& writer) const { writer.Text("name", name); }
  std::string Describe() const { return fmt::format("unsubscribe name={}", name); }
  Outcome Apply(EventStoreAdapter& adapter) const { return OutcomeOf(adapter.Unsubscribe(name)); }
  void Remember(OperationMemory& memory, const Outcome& outcome) const {
    if (outcome.status.ok()) memory.ForgetCheckpoint(name);
  }
  friend bool operator==(const Unsubscribe&, const Unsubscribe&) = default;
};

}  // namespace evsim::sim
