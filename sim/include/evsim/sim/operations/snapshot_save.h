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
  Metadata metadata;  // SPEC 6: a snapshot carries metadata too (and its MAC covers it)

  static SnapshotSave Generate(ClientGeneration& generation) {
    Random& random = generation.random();
    SnapshotSave save;
    save.stream = generation.stream();
    save.version = random.Between(-1, generation.high_water() + 1);  // the edges included
    save.data = fmt::format("{{\"state\":{}}}", random.Below(1000));
    // Drawn only with wide_generators, so that other scenarios keep their digests.
    if (generation.wide() && random.Below(2) == 0) {
      const auto& keys = generation.metadata_keys();
      const auto& values = generation.metadata_values();
      for (const std::string& key : keys) {
        if (!values.empty() && random.Below(2) == 0) {
          save.metadata[key] = values[random.Below(values.size())];
        }
      }
    }
    return save;
  }
  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Text("stream", stream));
    EVSIM_RETURN_IF_ERROR(fields.Integer("version", version, INT64_MIN, INT64_MAX));
    EVSIM_RETURN_IF_ERROR(fields.StringMap("meta", metadata));
    return fields.Text("data", data);
  }
  void Emit(OperationWriter& writer) const {
    writer.Text("stream", stream);
    writer.Integer("version", version);
    writer.Text("data", data);
    if (!metadata.empty()) writer.StringMap("meta", metadata);
  }
  std::string Describe() const {
    std::string text = fmt::format("snapshot_save stream={} version={}", stream, version);
    for (const auto& [key, value] : metadata) text += fmt::format("@{}={}", key, value);
    return text;
  }
  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(adapter.SaveSnapshot(stream, version, data, metadata));
  }
  // For shrinking: the metadata cleared.
  std::vector<SnapshotSave> Simpler() const {
    if (metadata.empty()) return {};
    SnapshotSave plain = *this;
    plain.metadata.clear();
    return {plain};
  }
  friend bool operator==(const SnapshotSave&, const SnapshotSave&) = default;
};

}  // namespace evsim::sim
