#include "evsim/adapter/capabilities.h"

#include <array>
#include <utility>

namespace evsim {

std::string Capabilities::ToString() const {
  static constexpr std::array<std::pair<Capability, const char*>, 7> kNames{{
      {Capability::kCore, "core"},
      {Capability::kIndex, "index"},
      {Capability::kSnapshots, "snapshots"},
      {Capability::kScavenge, "scavenge"},
      {Capability::kSubscriptions, "subscriptions"},
      {Capability::kIntegrity, "integrity"},
      {Capability::kDurability, "durability"},
  }};
  std::string text;
  for (const auto& [capability, name] : kNames) {
    if (!Has(capability)) continue;
    if (!text.empty()) text += ",";
    text += name;
  }
  return text.empty() ? "none" : text;
}

}  // namespace evsim
