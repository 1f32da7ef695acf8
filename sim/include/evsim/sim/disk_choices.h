#pragma once
// DiskChoices: where every choice of the simulated disk comes from (does this sync fail, does the
// power go here, does this unsynced sector survive the crash, where is it torn, which bit
// flips). Within a step the choices are numbered in the order the disk makes them. A generated
// run draws them from its seed and records the ones that were not 0; a regression scenario pins
// them per step, so that its disk does exactly what the failing run's did, whatever the rates.
//
// 0 is always the benign choice (no fault, the data kept): a pinned step lists only what went
// wrong, a choice it does not list is 0, and shrinking a pin towards 0 makes a fault milder.

#include <cstdint>
#include <map>

#include "evsim/sim/random.h"

namespace evsim::sim {

// The non-zero choices of one step: choice number -> value.
using DiskChoiceMap = std::map<std::uint32_t, std::uint64_t>;

class DiskChoices {
 public:
  explicit DiskChoices(Random random) : random_(std::move(random)) {}

  // From now on, choices are numbered from 0, and taken from `pinned` when it is set (what it
  // does not list is 0) or else drawn from the seed.
  void BeginStep(const DiskChoiceMap* pinned) {
    pinned_ = pinned;
    next_ = 0;
    made_.clear();
  }
  // The non-zero choices made since BeginStep.
  const DiskChoiceMap& made() const { return made_; }

  // 1 with probability ppm per million. A choice with ppm 0 is still numbered but draws nothing,
  // so that switching a fault off does not shift the seed's other draws.
  bool Decide(std::uint32_t parts_per_million) {
    const std::uint32_t number = next_++;
    std::uint64_t value = 0;
    if (pinned_) {
      value = Pinned(number) != 0 ? 1 : 0;
    } else if (parts_per_million > 0) {
      value = random_.Chance(parts_per_million) ? 1 : 0;
    }
    if (value != 0) made_[number] = value;
    return value != 0;
  }
  // Uniform in [0, bound). REQUIRES: bound > 0.
  std::uint64_t Pick(std::uint64_t bound) {
    const std::uint32_t number = next_++;
    const std::uint64_t value = pinned_ ? Pinned(number) % bound : random_.Below(bound);
    if (value != 0) made_[number] = value;
    return value;
  }

 private:
  std::uint64_t Pinned(std::uint32_t number) const {
    auto found = pinned_->find(number);
    return found == pinned_->end() ? 0 : found->second;
  }

  Random random_;
  const DiskChoiceMap* pinned_ = nullptr;
  std::uint32_t next_ = 0;
  DiskChoiceMap made_;
};

}  // namespace evsim::sim
