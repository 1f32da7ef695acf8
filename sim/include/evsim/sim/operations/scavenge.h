#pragma once
// scavenge(stream, options) (SPEC 6).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Scavenge {
  static constexpr std::string_view kName = "scavenge";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kScavenge;
  static constexpr bool kMutation = true;

  std::string stream;
  ScavengeOptions options;

  static Scavenge Generate(ClientGeneration& generation) {
    Random& random = generation.random();
    Scavenge scavenge;
    scavenge.stream = generation.stream();
    // A third by time (at the epoch of an event seen), the rest by version.
    if (random.Below(3) == 0 && generation.KnowsCursors()) {
      scavenge.options.before_epoch_us = generation.PickCursor().epoch_us;
    } else {
      scavenge.options.before_version =
          random.Between(0, std::max<std::int64_t>(0, generation.high_water() + 1));
    }
    scavenge.options.keep_versions = random.Between(0, 3);
    scavenge.options.require_snapshot = random.Below(10) < 7;
    scavenge.options.dry_run = random.Below(5) == 0;
    if (generation.wide() && random.Below(8) == 0) {
      // The far edge: everything, down to an empty stream that still has its H(s) (SPEC 2.2, 6).
      scavenge.options.before_epoch_us.reset();
      scavenge.options.before_version = generation.high_water() + 1;
      scavenge.options.keep_versions = 0;
      scavenge.options.require_snapshot = false;
    }
    return scavenge;
  }
  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Text("stream", stream));
    for (auto [key, cutoff] : {std::pair{"before_version", &options.before_version},
                               std::pair{"before_epoch_us", &options.before_epoch_us}}) {
      if (!fields.Has(key)) continue;
      std::int64_t value = 0;
      EVSIM_RETURN_IF_ERROR(fields.Integer(key, value, INT64_MIN, INT64_MAX));
      *cutoff = value;
    }
    EVSIM_RETURN_IF_ERROR(
        fields.Integer("keep_versions", options.keep_versions, INT64_MIN, INT64_MAX));
    EVSIM_RETURN_IF_ERROR(fields.Boolean("require_snapshot", options.require_snapshot));
    return fields.Boolean("dry_run", options.dry_run);
  }
  void Emit(OperationWriter& writer) const {
    writer.Text("stream", stream);
    if (options.before_version) writer.Integer("before_version", *options.before_version);
    if (options.before_epoch_us) writer.Integer("before_epoch_us", *options.before_epoch_us);
    writer.Integer("keep_versions", options.keep_versions);
    writer.Boolean("require_snapshot", options.require_snapshot);
    writer.Boolean("dry_run", options.dry_run);
  }
  std::string Describe() const {
    const std::string cutoff =
        options.before_version ? fmt::format("before_version={}", *options.before_version)
                               : fmt::format("before_epoch_us={}", options.before_epoch_us.value_or(0));
    return fmt::format("scavenge stream={} {} keep={}{}{}", stream, cutoff, options.keep_versions,
                       options.require_snapshot ? " require_snapshot" : "",
                       options.dry_run ? " dry_run" : "");
  }
  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(adapter.Scavenge(stream, options));
  }
  friend bool operator==(const Scavenge&, const Scavenge&) = default;
};

}  // namespace evsim::sim
