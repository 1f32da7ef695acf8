#include "evsim/probes/probe.h"

namespace evsim {
namespace {

constexpr bool NamesAreUnique() {
  for (std::size_t left = 0; left < kProbeCount; ++left) {
    for (std::size_t right = left + 1; right < kProbeCount; ++right) {
      if (kProbeCatalog[left].name == kProbeCatalog[right].name) return false;
    }
  }
  return true;
}
static_assert(NamesAreUnique(), "two probes share a name: the table and the test need them unique");

// Per thread, so that runs on different threads never count into each other; constant-
// initialized, so reading it costs no guard.
thread_local constinit ProbeCounts* current_counts = nullptr;
}  // namespace

ProbeCounts& ProbeCounts::operator+=(const ProbeCounts& other) {
  for (std::size_t index = 0; index < kProbeCount; ++index) hits[index] += other.hits[index];
  return *this;
}

ProbeScope::ProbeScope(ProbeCounts& counts) : previous_(current_counts) {
  current_counts = &counts;
}

ProbeScope::~ProbeScope() { current_counts = previous_; }

namespace detail {
void HitProbe(Probe probe) noexcept {
  if (current_counts != nullptr) ++current_counts->hits[static_cast<std::size_t>(probe)];
}
}  // namespace detail

}  // namespace evsim
