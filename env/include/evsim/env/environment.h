#pragma once
// Everything a store may use of the outside world, in one place (LevelDB's Env, split).

#include "evsim/env/clock.h"
#include "evsim/env/executor.h"
#include "evsim/env/file_system.h"

namespace evsim {

struct Environment {
  Clock* clock = nullptr;
  FileSystem* files = nullptr;
  Executor* executor = nullptr;
};

}  // namespace evsim
