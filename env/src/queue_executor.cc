#include "evsim/env/executor.h"
#include "evsim/records/assert.h"

namespace evsim {

std::string QueueExecutor::RunAt(std::size_t index) {
  EVSIM_ASSERT(index < pending_.size());
  WorkItem item = std::move(pending_[index]);
  pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(index));
  item.run();  // may post more work
  return item.name;
}

std::size_t QueueExecutor::RunUntilIdle(std::size_t max_items) {
  std::size_t ran = 0;
  while (!pending_.empty() && ran < max_items) {
    RunAt(0);
    ++ran;
  }
  return ran;
}

}  // namespace evsim
