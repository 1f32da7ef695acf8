#pragma once
// Counting code probes (the catalog is probe_catalog.h).
//
// EVSIM_PROBE(kName) on a rare path counts one hit into the ProbeCounts that the innermost live
// ProbeScope on this thread installed; with no scope live it does nothing. Counting writes one
// integer: no allocation, no lock, no clock. Nothing reads the counts back into the code under
// test, so a run does exactly the same with or without anyone looking at them (the trace digest
// of a seed does not depend on them).
//
// The simulator opens a scope around each run (sim::RunResult::probes): hits land in the run
// that caused them, whichever thread or process it runs in, and runs nested inside another (the
// bisection of a failure) keep their hits to themselves.

#include <array>
#include <cstdint>

#include "evsim/probes/probe_catalog.h"

namespace evsim {

// Hits per probe, indexed by the catalog order.
struct ProbeCounts {
  std::array<std::uint64_t, kProbeCount> hits{};

  std::uint64_t Of(Probe probe) const { return hits[static_cast<std::size_t>(probe)]; }
  ProbeCounts& operator+=(const ProbeCounts& other);
  bool operator==(const ProbeCounts&) const = default;
};

// While alive, this thread's probes count into `counts`. Scopes nest: the previous one is
// restored when this one ends. REQUIRES: scopes end in the reverse order they began.
class ProbeScope {
 public:
  explicit ProbeScope(ProbeCounts& counts);
  ~ProbeScope();
  ProbeScope(const ProbeScope&) = delete;
  ProbeScope& operator=(const ProbeScope&) = delete;

 private:
  ProbeCounts* previous_;
};

namespace detail {
void HitProbe(Probe probe) noexcept;
}  // namespace detail

}  // namespace evsim

#define EVSIM_PROBE(enumerator) ::evsim::detail::HitProbe(::evsim::Probe::enumerator)
