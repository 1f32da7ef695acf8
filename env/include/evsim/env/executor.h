#pragma once
// Background work, injected. A store never starts threads: it posts discrete work items (deliver
// to a subscription, compact the log) and the environment decides when, and in which order,
// they run. QueueExecutor keeps them until its owner runs them; the simulator picks among the
// pending items by seeded choice.

#include <cstddef>
#include <deque>
#include <functional>
#include <string>

namespace evsim {

struct WorkItem {
  std::string name;  // for traces: "deliver:sub-1", "compact"
  std::function<void()> run;
};

class Executor {
 public:
  virtual ~Executor() = default;
  virtual void Post(WorkItem item) = 0;
};

// Holds posted work until its owner runs it. Work may post more work.
class QueueExecutor final : public Executor {
 public:
  void Post(WorkItem item) override { pending_.push_back(std::move(item)); }
  std::size_t pending() const { return pending_.size(); }
  const std::deque<WorkItem>& items() const { return pending_; }
  // Runs the item at `index` (0 = oldest). REQUIRES: index < pending().
  std::string RunAt(std::size_t index);
  // Runs items oldest first until none is left or `max_items` ran; returns how many ran.
  std::size_t RunUntilIdle(std::size_t max_items = 1'000'000);
  void Clear() { pending_.clear(); }

 private:
  std::deque<WorkItem> pending_;
};

}  // namespace evsim
