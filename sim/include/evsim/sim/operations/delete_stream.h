#pragma once
// delete_stream(stream) (SPEC 4).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Delete {
  static constexpr std::string_view kName = "delete";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kCore;
  static constexpr bool kMutation = true;

  std::string stream;

  static Delete Generate(ClientGeneration& generation) { return Delete{generation.stream()}; }
  Status Parse(OperationFields& fields) { return fields.Text("stream", stream); }
  void Emit(OperationWriter& writer) const { writer.Text("stream", stream); }
  std::string Describe() const { return fmt::format("delete stream={}", stream); }
  Outcome Apply(EventStoreAdapter& adapter) const { return OutcomeOf(adapter.DeleteStream(stream)); }
  friend bool operator==(const Delete&, const Delete&) = default;
};

}  // namespace evsim::sim
