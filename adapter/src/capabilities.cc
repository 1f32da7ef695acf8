#include "evsim/adapter/capabilities.h"

namespace evsim {

std::string_view CapabilityName(Capability capability) {
  switch (capability) {
    case Capability::kCore:
      return "core";
    case Capability::kIndex:
      return "index";
    case Capability::kSnapshots:
      return "snapshots";
    case Capability::kScavenge:
      return "scavenge";
    case Capability::kSubscriptions:
      return "subscriptions";
    case Capability::kIntegrity:
      return "integrity";
    case Capability::kDurability:
      return "durability";
  }
  return "?";
}

std::optional<Capability> CapabilityFromName(std::string_view name) {
  for (Capability capability : kAllCapabilities) {
    if (CapabilityName(capability) == name) return capability;
  }
  return std::nullopt;
}

std::string Capabilities::ToString() const {
  std::string text;
  for (Capability capability : kAllCapabilities) {
    if (!Has(capability)) continue;
    if (!text.empty()) text += ",";
    text += CapabilityName(capability);
  }
  return text.empty() ? "none" : text;
}

}  // namespace evsim
