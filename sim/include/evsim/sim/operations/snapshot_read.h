#pragma once
// read_latest(stream) or read_at(stream, version) of a snapshot (SPEC 6); version -1 is latest.

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct SnapshotRead {
  static constexpr std::string_view kName = "snapshot_read";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kSnapshots;
  static constexpr bool kMutation = false;

  std::string stream;
  std::int64_t version = 0;  // -1: the latest

  static SnapshotRead Generate(ClientGeneration& generation) {
    Random& random = generation.random();
    const std::int64_t version =
        random.Below(3) == 0 ? -1
                             : random.Between(0, std::max<std::int64_t>(0, generation.high_water()));
    return SnapshotRead{generation.stream(), version};
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
    return version >= 0 ? fmt::format("snapshot_read stream={} version={}", stream, version)
                        : fmt::format("snapshot_read stream={}", stream);
  }
  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(version < 0 ? adapter.ReadLatestSnapshot(stream)
                                 : adapter.ReadSnapshotAt(stream, version));
  }
  friend bool operator==(const SnapshotRead&, const SnapshotRead&) = default;
};

}  // namespace evsim::sim
