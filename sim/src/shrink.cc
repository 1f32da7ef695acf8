#include "evsim/sim/shrink.h"

#include <algorithm>

namespace evsim::sim {
namespace {

bool FailsTheSameWay(const Scenario& base, const RunOptions& options,
                     const std::vector<Action>& actions, const std::string& failure_key) {
  Scenario candidate = base;
  candidate.ops = actions;
  RunOptions quiet = options;
  quiet.trace = nullptr;
  quiet.find_first_divergence = false;
  quiet.profiler = nullptr;
  const RunResult result = RunSimulation(candidate, quiet);
  return !result.ok && FailureKey(result.failure) == failure_key;
}

}  // namespace

std::string FailureKey(const std::string& failure) {
  const std::string line = failure.substr(0, failure.find('\n'));
  const std::string divergence = "divergence on ";
  if (line.rfind(divergence, 0) == 0) {
    const std::size_t end = line.find(' ', divergence.size());
    return line.substr(0, end);
  }
  return line.substr(0, line.find(':'));
}

ShrinkResult ShrinkFailure(const Scenario& scenario, const RunOptions& options,
                           std::vector<Action> actions, const std::string& failure_key,
                           int runs_max) {
  ShrinkResult result;
  std::size_t chunks = 2;
  while (actions.size() >= 2 && result.runs < runs_max) {
    const std::size_t chunk = (actions.size() + chunks - 1) / chunks;
    bool reduced = false;
    for (std::size_t start = 0; start < actions.size() && result.runs < runs_max; start += chunk) {
      // Try the history without this chunk.
      std::vector<Action> complement(actions.begin(), actions.begin() + start);
      complement.insert(complement.end(), actions.begin() + std::min(actions.size(), start + chunk),
                        actions.end());
      ++result.runs;
      if (!complement.empty() && FailsTheSameWay(scenario, options, complement, failure_key)) {
        actions = std::move(complement);
        chunks = std::max<std::size_t>(chunks - 1, 2);
        reduced = true;
        break;
      }
    }
    if (reduced) continue;
    if (chunks >= actions.size()) break;  // single actions tried: 1-minimal
    chunks = std::min(actions.size(), chunks * 2);
  }
  result.actions = std::move(actions);
  return result;
}

}  // namespace evsim::sim
