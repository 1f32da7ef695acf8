#pragma once
// Power loss: the process dies with its memory and pending work; on the simulated disk
// unsynced writes are torn or lost. Then the store recovers and must hold every acknowledged
// write (SPEC 2.5).

#include "evsim/sim/fault_rates.h"
#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Crash {
  static constexpr std::string_view kName = "crash";
  static constexpr OperationRole kRole = OperationRole::kFault;
  static constexpr std::uint32_t FaultRates::*kRate = &FaultRates::crash_ppm;

  static Crash Generate(EnvironmentGeneration&) { return Crash{}; }
  Status Parse(OperationFields&) { return Status::Ok(); }
  void Emit(OperationWriter&) const {}
  std::string Describe() const { return "crash"; }
  std::string Perform(OperationEnvironment& environment) const { return environment.Crash(); }
  friend bool operator==(const Crash&, const Crash&) = default;
};

}  // namespace evsim::sim
