#include "evsim/gate/schedule.h"

#include <algorithm>

namespace evsim::gate {

std::vector<ScheduledRun> RoundRobin(const std::vector<const sim::Scenario*>& scenarios) {
  std::vector<ScheduledRun> schedule;
  std::size_t longest = 0;
  for (const sim::Scenario* scenario : scenarios) longest = std::max(longest, scenario->seeds.size());
  for (std::size_t round = 0; round < longest; ++round) {
    for (const sim::Scenario* scenario : scenarios) {
      if (round < scenario->seeds.size()) schedule.push_back({scenario, scenario->seeds[round]});
    }
  }
  return schedule;
}

}  // namespace evsim::gate
