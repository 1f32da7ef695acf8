#pragma once
// list_streams() (SPEC 3).

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct ListStreams {
  static constexpr std::string_view kName = "list_streams";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kCore;
  static constexpr bool kMutation = false;

  static ListStreams Generate(ClientGeneration&) { return ListStreams{}; }
  Status Parse(OperationFields&) { return Status::Ok(); }
  void Emit(OperationWriter&) const {}
  std::string Describe() const { return "list_streams"; }
  Outcome Apply(EventStoreAdapter& adapter) const { return OutcomeOf(adapter.ListStreams()); }
  friend bool operator==(const ListStreams&, const ListStreams&) = default;
};

}  // namespace evsim::sim
