#pragma once
// The clock jumps by delta_us: forward, backward, or not at all (it stands still). SPEC 2.3
// keeps epoch_us strictly increasing whatever it does.

#include <fmt/format.h>

#include "evsim/sim/fault_rates.h"
#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct ClockJump {
  static constexpr std::string_view kName = "clock_jump";
  static constexpr OperationRole kRole = OperationRole::kFault;
  static constexpr std::uint32_t FaultRates::*kRate = &FaultRates::clock_jump_ppm;
  // A jump is at most a minute either way, so a run cannot drive the clock out of range.
  static constexpr std::int64_t kDeltaMaxMicros = 60'000'000;

  std::int64_t delta_us = 0;

  static ClockJump Generate(EnvironmentGeneration& generation) {
    Random& random = generation.random();
    const std::uint64_t mode = random.Below(3);  // stand still, forward, back: a third each
    return ClockJump{mode == 0   ? 0
                     : mode == 1 ? random.Between(1, kDeltaMaxMicros)
                                 : -random.Between(1, kDeltaMaxMicros)};
  }
  Status Parse(OperationFields& fields) {
    return fields.Integer("delta_us", delta_us, INT64_MIN / 4, INT64_MAX / 4);
  }
  void Emit(OperationWriter& writer) const { writer.Integer("delta_us", delta_us); }
  std::string Describe() const { return fmt::format("clock_jump delta_us={}", delta_us); }
  std::string Perform(OperationEnvironment& environment) const {
    return environment.JumpClock(delta_us);
  }
  friend bool operator==(const ClockJump&, const ClockJump&) = default;
};

}  // namespace evsim::sim
