#pragma once
// delete_at(stream, version) or delete_all(stream) of snapshots (SPEC 6); version -1 is all.

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct SnapshotDelete {
  static constexpr std::string_view kName = "snapshot_delete";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kSnapshots;
  static constexpr bool kMutation = true;

  std::string stream;
  std::int64_t version = 0;  // -1: every snapshot of the stream

  static SnapshotDelete Generate(ClientGeneration& generation) {
    Random& random = generation.random();
    const std::int64_t version =
        random.Below(3) == 0 ? -1
                             : random.Between(0, std::max<std::int64_t>(0, generation.high_water()));
    return SnapshotDelete{generation.stream(), version};
  }
  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Text("stream", stream));
    return fields.Integer("version", version, INT64_MIN, INT64_MAX);
  }
  void Emit(OperationWriter& writer) const {
    writer.Text("stream", stream);
    writer.Integer("version", version);
  }
  std::string Describe() const {
    return fmt::format("snapshot_delete stream={} version={}", stream, version);
  }
  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(version < 0 ? adapter.DeleteAllSnapshots(stream)
                                 : adapter.DeleteSnapshotAt(stream, version));
  }
  friend bool operator==(const SnapshotDelete&, const SnapshotDelete&) = default;
};

}  // namespace evsim::sim
