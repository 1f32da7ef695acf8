#pragma once
// The in-process targets: the built-in store over the simulated disk (optionally with a
// deliberate bug), and the reference model.

#include "evsim/sim/target.h"
#include "evsim/store/mutation.h"

namespace evsim::targets {

// The built-in store; with a mutation, the one deliberate bug it names (store/mutation.h).
sim::TargetFactory StoreTargetFactory(const std::string& spec, Mutation mutation);
sim::TargetFactory ModelTargetFactory();

}  // namespace evsim::targets
