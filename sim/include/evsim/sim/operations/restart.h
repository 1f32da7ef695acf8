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

  std::uint32_t active_key_id = 0;  // 0 keeps the current one
  // A key the restarted store's keyring lacks (0: none, the scenario's whole keyring). The
  // next restart without one adds it back: events sealed with it meet the unknown-key path
  // (SPEC 7) in between.
  std::uint32_t dropped_key_id = 0;

  static Restart Generate(EnvironmentGeneration& generation) {
    const auto& keyring = generation.config().integrity.keyring;
    if (keyring.empty()) return Restart{};
    auto key = keyring.begin();
    std::advance(key, static_cast<std::ptrdiff_t>(generation.random().Below(keyring.size())));
    Restart restart{key->first};
    // Drawn only when the scenario asks (store.drop_keys, or wide_generators), so that other
    // scenarios keep their digests. The full keyring comes back with the next restart.
    if ((generation.drops_keys() || generation.wide()) && keyring.size() >= 2 &&
        generation.random().Below(2) == 0) {
      auto dropped = keyring.begin();
      std::advance(dropped, static_cast<std::ptrdiff_t>(generation.random().Below(keyring.size())));
      if (dropped->first != restart.active_key_id) restart.dropped_key_id = dropped->first;
    }
    return restart;
  }
  Status Parse(OperationFields& fields) {
    std::int64_t value = 0;
    EVSIM_RETURN_IF_ERROR(fields.Integer("active_key", value, 0, 1'000'000));
    active_key_id = static_cast<std::uint32_t>(value);
    if (!fields.Has("dropped_key")) return Status::Ok();
    EVSIM_RETURN_IF_ERROR(fields.Integer("dropped_key", value, 0, 1'000'000));
    dropped_key_id = static_cast<std::uint32_t>(value);
    return Status::Ok();
  }
  void Emit(OperationWriter& writer) const {
    writer.Integer("active_key", active_key_id);
    if (dropped_key_id != 0) writer.Integer("dropped_key", dropped_key_id);
  }
  std::string Describe() const {
    if (dropped_key_id == 0) return fmt::format("restart active_key={}", active_key_id);
    return fmt::format("restart active_key={} dropped_key={}", active_key_id, dropped_key_id);
  }
  std::string Perform(OperationEnvironment& environment) const {
    return environment.Restart(active_key_id, dropped_key_id);
  }
  friend bool operator==(const Restart&, const Restart&) = default;
};

}  // namespace evsim::sim
