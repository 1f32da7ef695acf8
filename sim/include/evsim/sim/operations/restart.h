#pragma once
// A clean restart, possibly rotating the active integrity key and leaving one other key out of
// the keyring until the next restart brings it back (SPEC 7: the keyring is configuration that
// may change at reopen; events MAC'd under a missing key verify as unknown_key).

#include <fmt/format.h>

#include <iterator>

#include "evsim/sim/fault_rates.h"
#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Restart {
  static constexpr std::string_view kName = "restart";
  static constexpr OperationRole kRole = OperationRole::kFault;
  static constexpr std::uint32_t FaultRates::*kRate = &FaultRates::restart_ppm;

  std::uint32_t active_key_id = 0;   // 0 keeps the current one
  std::uint32_t dropped_key_id = 0;  // a key left out of the keyring until the next restart

  static Restart Generate(EnvironmentGeneration& generation) {
    const auto& keyring = generation.config().integrity.keyring;
    if (keyring.empty()) return Restart{};
    auto key = keyring.begin();
    std::advance(key, static_cast<std::ptrdiff_t>(generation.random().Below(keyring.size())));
    Restart restart{key->first};
    // Drawn only when the scenario asks (store.drop_keys), so other scenarios' runs are as
    // they were. Half the restarts drop a key; the full keyring comes back with the next one.
    if (generation.drops_keys() && generation.random().Below(2) == 0) {
      auto dropped = std::next(key) == keyring.end() ? keyring.begin() : std::next(key);
      if (dropped->first != restart.active_key_id) restart.dropped_key_id = dropped->first;
    }
    return restart;
  }
  Status Parse(OperationFields& fields) {
    std::int64_t value = 0;
    EVSIM_RETURN_IF_ERROR(fields.Integer("active_key", value, 0, 1'000'000));
    active_key_id = static_cast<std::uint32_t>(value);
    value = 0;
    EVSIM_RETURN_IF_ERROR(fields.Integer("drop_key", value, 0, 1'000'000));
    dropped_key_id = static_cast<std::uint32_t>(value);
    return Status::Ok();
  }
  void Emit(OperationWriter& writer) const {
    writer.Integer("active_key", active_key_id);
    if (dropped_key_id != 0) writer.Integer("drop_key", dropped_key_id);
  }
  std::string Describe() const {
    if (dropped_key_id == 0) return fmt::format("restart active_key={}", active_key_id);
    return fmt::format("restart active_key={} drop_key={}", active_key_id, dropped_key_id);
  }
  std::string Perform(OperationEnvironment& environment) const {
    return environment.Restart(active_key_id, dropped_key_id);
  }
  friend bool operator==(const Restart&, const Restart&) = default;
};

}  // namespace evsim::sim
