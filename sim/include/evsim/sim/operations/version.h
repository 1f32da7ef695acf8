#pragma once
// version(stream) (SPEC 3): H(s).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Version {
  static constexpr std::string_view kName = "version";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kCore;
  static constexpr bool kMutation = false;

  std::string stream;

  static Version Generate(ClientGeneration& generation) { return Version{generation.stream()}; }
  Status Parse(OperationFields& fields) { return fields.Text("stream", stream); }
  void Emit(OperationWriter& writer) const { writer.Text("stream", stream); }
  std::string Describe() const { return fmt::format("version stream={}", stream); }
  Outcome Apply(EventStoreAdapter& adapter) const { return OutcomeOf(adapter.Version(stream)); }
  friend bool operator==(const Version&, const Version&) = default;
};

}  // namespace evsim::sim
