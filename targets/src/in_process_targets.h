#pragma once
// The in-process targets: the built-in store over the simulated disk (optionally with a
// deliberate bug), and the reference model.

#include "evsim/sim/target.h"

namespace evsim::targets {

struct StoreBugs {
  bool index_skips_entry = false;  // the tag index drops every 7th entry
};

sim::TargetFactory StoreTargetFactory(const std::string& spec, StoreBugs bugs);
sim::TargetFactory ModelTargetFactory();

}  // namespace evsim::targets
