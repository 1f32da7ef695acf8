#pragma once
// save(stream, version, data) of a snapshot (SPEC 6).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct SnapshotSave {
  static constexpr std::string_view kName = "snapshot_save";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kSnapshots;
  static constexpr bool kMutation = true;

  std::string stream;
  std::int64_t version = 0;
  std::string data;

  static SnapshotSave Generate(ClientGeneration& generation) {
    Random& random = generation.random();
    SnapshotSave save;
    save.stream = generation.stream();
    save.version = random.Between(-1, generation.high_water() + 1);  // the edges included
    save.data = fmt::format("{{\"state\":{}}}", random.Below(1000));
    return save;
  }
  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Text("stream", stream));
    EVSIM_RETURN_IF_ERROR(fields.Integer("version", version, INT64_MIN, INT64_MAX));
    return fields.Text("data", data);
  }
  void Emit(OperationWriter& writer) const {
    writer.Text("stream", stream);
    writer.Integer("version", version);
    writer.Text("data", data);
  }
  std::string Describe() const {
    return fmt::format("snapshot_save stream={} version={}", stream, version);
  }
  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(adapter.SaveSnapshot(stream, version, data, {}));
  }
  friend bool operator==(const SnapshotSave&, const SnapshotSave&) = default;
};

}  // namespace evsim::sim
