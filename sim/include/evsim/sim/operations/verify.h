#pragma once
// verify_stream(stream) (SPEC 7).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Verify {
  static constexpr std::string_view kName = "verify";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kIntegrity;
  static constexpr bool kMutation = false;

  std::string stream;

  static Verify Generate(ClientGeneration& generation) { return Verify{generation.stream()}; }
  Status Parse(OperationFields& fields) { return fields.Text("stream", stream); }
  void Emit(OperationWriter& writer) const { writer.Text("stream", stream); }
  std::string Describe() const { return fmt::format("verify stream={}", stream); }
  Outcome Apply(EventStoreAdapter& adapter) const { return OutcomeOf(adapter.VerifyStream(stream)); }
  friend bool operator==(const Verify&, const Verify&) = default;
};

}  // namespace evsim::sim
