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

  // `lose_unsynced: true`: every write, size change and directory entry not yet synced is lost,
  // whatever the disk's choices say; only what the store synced survives. Generated crashes
  // leave it to the choices; shrinking puts this crash right after a fault, so that a
  // durability failure no longer hangs on which sector a pinned choice happens to name.
  bool lose_unsynced = false;

  static Crash Generate(EnvironmentGeneration&) { return Crash{}; }
  Status Parse(OperationFields& fields) {
    if (!fields.Has("lose_unsynced")) return Status::Ok();
    return fields.Boolean("lose_unsynced", lose_unsynced);
  }
  void Emit(OperationWriter& writer) const {
    if (lose_unsynced) writer.Boolean("lose_unsynced", true);
  }
  std::string Describe() const { return lose_unsynced ? "crash lose_unsynced" : "crash"; }
  std::string Perform(OperationEnvironment& environment) const {
    return environment.Crash(lose_unsynced);
  }
  // Milder: the disk's choices decide again.
  std::vector<Crash> Simpler() const {
    if (!lose_unsynced) return {};
    return {Crash{}};
  }
  friend bool operator==(const Crash&, const Crash&) = default;
};

}  // namespace evsim::sim
