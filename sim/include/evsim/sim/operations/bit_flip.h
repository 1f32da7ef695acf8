#pragma once
// One bit of synced data flips, then the process crashes: recovery must report corruption or
// find the flip harmless, never serve damaged data.

#include <fmt/format.h>

#include "evsim/sim/fault_rates.h"
#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct BitFlip {
  static constexpr std::string_view kName = "bit_flip";
  static constexpr OperationRole kRole = OperationRole::kFault;
  static constexpr std::uint32_t FaultRates::*kRate = &FaultRates::bit_flip_ppm;

  std::uint64_t pick = 0;

  static BitFlip Generate(EnvironmentGeneration&) { return BitFlip{}; }
  Status Parse(OperationFields& fields) {
    std::int64_t value = 0;
    EVSIM_RETURN_IF_ERROR(fields.Integer("pick", value, 0, INT64_MAX));
    pick = static_cast<std::uint64_t>(value);
    return Status::Ok();
  }
  void Emit(OperationWriter& writer) const {
    writer.Integer("pick", static_cast<std::int64_t>(pick));
  }
  std::string Describe() const { return fmt::format("bit_flip pick={}", pick); }
  std::string Perform(OperationEnvironment& environment) const {
    return environment.FlipBit(pick);
  }
  friend bool operator==(const BitFlip&, const BitFlip&) = default;
};

}  // namespace evsim::sim
