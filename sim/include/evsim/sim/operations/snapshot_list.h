#pragma once
// list(stream) of snapshots (SPEC 6), ascending versions.

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct SnapshotList {
  static constexpr std::string_view kName = "snapshot_list";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kSnapshots;
  static constexpr bool kMutation = false;

  std::string stream;

  static SnapshotList Generate(ClientGeneration& generation) { return SnapshotList{generation.stream()}; }
  Status Parse(OperationFields& fields) { return fields.Text("stream", stream); }
  void Emit(OperationWriter& writer) const { writer.Text("stream", stream); }
  std::string Describe() const { return fmt::format("snapshot_list stream={}", stream); }
  Outcome Apply(EventStoreAdapter& adapter) const { return OutcomeOf(adapter.ListSnapshots(stream)); }
  friend bool operator==(const SnapshotList&, const SnapshotList&) = default;
};

}  // namespace evsim::sim
