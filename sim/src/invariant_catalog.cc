#include "evsim/sim/invariant_catalog.h"

#include "evsim/records/assert.h"

namespace evsim::sim {
namespace {

constexpr std::array<std::string_view, kInvariantCount> kNames = {
    "agrees-with-model", "global-order",         "index-matches-scan",
    "chain-verifies",    "checkpoint-monotonic", "converges",
    "delivery-bounded",  "survives-crash",       "detects-corruption",
    "unsupported-when-undeclared"};

}  // namespace

std::string_view InvariantName(Invariant invariant) {
  return kNames[static_cast<int>(invariant)];
}

std::optional<Invariant> InvariantFromName(std::string_view name) {
  for (int index = 0; index < kInvariantCount; ++index) {
    if (kNames[index] == name) return static_cast<Invariant>(index);
  }
  return std::nullopt;
}

// The matrix's cells: the SPEC rules each (capability, invariant) pair checks. docs/invariants.md
// says the same in prose; a test requires every cell to be listed there.
std::string_view SpecRules(Capability capability, Invariant invariant) {
  using C = Capability;
  using I = Invariant;
  switch (invariant) {
    case I::kAgreesWithModel:
      switch (capability) {
        case C::kCore:
          return "2.1-2.4, 3, 4, 9";
        case C::kIndex:
          return "5";
        case C::kSnapshots:
          return "6 (snapshots)";
        case C::kScavenge:
          return "6 (scavenge)";
        case C::kSubscriptions:
          return "8";
        case C::kIntegrity:
          return "7";
        case C::kDurability:
          return "";
      }
      return "";
    case I::kGlobalOrder:
      return capability == C::kCore ? "2.3, 2.4, 3" : "";
    case I::kIndexMatchesScan:
      return capability == C::kIndex ? "3 (last rule), 5" : "";
    case I::kChainVerifies:
      return capability == C::kIntegrity ? "6 (anchor_hash), 7" : "";
    case I::kCheckpointMonotonic:
      return capability == C::kSubscriptions ? "8 (ack)" : "";
    case I::kConverges:
      return capability == C::kSubscriptions ? "8 (delivery)" : "";
    case I::kDeliveryBounded:
      return capability == C::kSubscriptions ? "8 (bounded delivery)" : "";
    case I::kSurvivesCrash:
      return capability == C::kDurability ? "2.2, 2.5, 6 (durable like an append), 8 (resume)"
                                          : "";
    case I::kDetectsCorruption:
      return capability == C::kDurability ? "9 (never corrupts, never loses)" : "";
    case I::kUnsupportedWhenUndeclared:
      // Durability has no operations of its own to answer with.
      return capability == C::kCore || capability == C::kDurability ? "" : "9 (unsupported)";
  }
  return "";
}

int CapabilityIndex(Capability capability) {
  for (int index = 0; index < kCapabilityCount; ++index) {
    if (kAllCapabilities[index] == capability) return index;
  }
  EVSIM_ASSERT_MSG(false, "every capability is in kAllCapabilities");
  return 0;
}

std::string Violation::ToString() const {
  return std::string(CapabilityName(capability)) + "/" + std::string(InvariantName(invariant));
}

}  // namespace evsim::sim
