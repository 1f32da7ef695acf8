#pragma once
// A clean restart, possibly rotating the active integrity key (SPEC 7).

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

  static Restart Generate(EnvironmentGeneration& generation) {
    const auto& keyring = generation.config().integrity.keyring;
    if (keyring.empty()) return Restart{};
    auto key = keyring.begin();
    std::advance(key, static_cast<std::ptrdiff_t>(generation.random().Below(keyring.size())));
    return Restart{key->first};
  }
  Status Parse(OperationFields& fields) {
    std::int64_t value = 0;
    EVSIM_RETURN_IF_ERROR(fields.Integer("active_key", value, 0, 1'000'000));
    active_key_id = static_cast<std::uint32_t>(value);
    return Status::Ok();
  }
  void Emit(OperationWriter& writer) const { writer.Integer("active_key", active_key_id); }
  std::string Describe() const { return fmt::format("restart active_key={}", active_key_id); }
  std::string Perform(OperationEnvironment& environment) const {
    return environment.Restart(active_key_id);
  }
  friend bool operator==(const Restart&, const Restart&) = default;
};

}  // namespace evsim::sim
