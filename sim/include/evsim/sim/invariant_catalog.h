#pragma once
// The named invariants every failure is attributed to, and the capability each belongs to. The
// gate's conformance matrix is capability by invariant; docs/invariants.md lists every name with
// its SPEC rules (a test keeps the two in step).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "evsim/adapter/capabilities.h"
#include "evsim/sim/action.h"

namespace evsim::sim {

enum class Invariant : std::uint8_t {
  kAgreesWithModel,            // each operation's result and error equal the reference model's
  kGlobalOrder,                // global order, per-stream versions, timestamps, cursors
  kIndexMatchesScan,           // a lookup equals a full scan with the same predicate
  kChainVerifies,              // verify_stream is ok and snapshots anchor to their events
  kCheckpointMonotonic,        // a subscription's durable checkpoint never moves back
  kConverges,                  // once faults heal, background work ends and deliveries catch up
  kDeliveryBounded,            // a take hands out at most what was asked and what the queue holds
  kSurvivesCrash,              // after a crash every acknowledged mutation is there, pending
                               // ones wholly or not at all
  kDetectsCorruption,          // damaged durable data is reported, never served
  kUnsupportedWhenUndeclared,  // operations of an undeclared capability answer `unsupported`
};
inline constexpr int kInvariantCount = static_cast<int>(Invariant::kUnsupportedWhenUndeclared) + 1;

std::string_view InvariantName(Invariant invariant);  // "agrees-with-model"
std::optional<Invariant> InvariantFromName(std::string_view name);

// The SPEC rules an invariant checks for a capability ("2.1-2.3, 3, 4, 9"); empty when the pair
// is not a cell of the matrix (the invariant says nothing about that capability).
std::string_view SpecRules(Capability capability, Invariant invariant);
inline bool Applies(Capability capability, Invariant invariant) {
  return !SpecRules(capability, invariant).empty();
}

inline constexpr int kCapabilityCount = static_cast<int>(kAllCapabilities.size());
// 0 for core, 1 for index, ... (the order of kAllCapabilities).
int CapabilityIndex(Capability capability);

// How often a run checked each cell: a cell counts as passed only where it was checked.
class CellCounts {
 public:
  void Add(Capability capability, Invariant invariant, std::int64_t count = 1) {
    counts_[CapabilityIndex(capability)][static_cast<int>(invariant)] += count;
  }
  std::int64_t Get(Capability capability, Invariant invariant) const {
    return counts_[CapabilityIndex(capability)][static_cast<int>(invariant)];
  }
  void Merge(const CellCounts& other) {
    for (int row = 0; row < kCapabilityCount; ++row) {
      for (int column = 0; column < kInvariantCount; ++column) {
        counts_[row][column] += other.counts_[row][column];
      }
    }
  }

 private:
  std::array<std::array<std::int64_t, kInvariantCount>, kCapabilityCount> counts_{};
};

// Where a failure was attributed: "index/index-matches-scan".
struct Violation {
  Capability capability = Capability::kCore;
  Invariant invariant = Invariant::kAgreesWithModel;
  std::string ToString() const;
};

}  // namespace evsim::sim
