#pragma once
// One bit of synced data flips, then the process crashes: recovery must report corruption or
// find the flip harmless, never serve damaged data. Where it flips is the disk's choice.

#include "evsim/sim/fault_rates.h"
#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct BitFlip {
  static constexpr std::string_view kName = "bit_flip";
  static constexpr OperationRole kRole = OperationRole::kFault;
  static constexpr std::uint32_t FaultRates::*kRate = &FaultRates::bit_flip_ppm;

  static BitFlip Generate(EnvironmentGeneration&) { return BitFlip{}; }
  Status Parse(OperationFields&) { return Status::Ok(); }
  void Emit(OperationWriter&) const {}
  std::string Describe() const { return "bit_flip"; }
  std::string Perform(OperationEnvironment& environment) const { return environment.FlipBit(); }
  friend bool operator==(const BitFlip&, const BitFlip&) = default;
};

}  // namespace evsim::sim
