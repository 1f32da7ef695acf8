#include "evsim/sim/shrink.h"

#include <algorithm>
#include <functional>
#include <utility>

namespace evsim::sim {
namespace {

bool FailsTheSameWay(const Scenario& base, const RunOptions& options,
                     const std::vector<Action>& actions, const std::string& failure_key,
                     const SimulationRunner& run) {
  if (actions.empty()) return false;
  Scenario candidate = base;
  candidate.ops = actions;
  RunOptions quiet = options;
  quiet.trace = nullptr;
  quiet.find_first_divergence = false;
  quiet.profiler = nullptr;
  quiet.keep_failed_data = false;
  const RunResult result = run(candidate, quiet);
  return !result.ok && FailureKey(result) == failure_key;
}

// Deletes operations while the failure stays (ddmin); ends 1-minimal unless out of runs.
void RemoveOperations(const Scenario& scenario, const RunOptions& options,
                      const std::string& failure_key, int runs_max, const SimulationRunner& run,
                      ShrinkResult& result) {
  std::vector<Action>& actions = result.actions;
  std::size_t chunks = 2;
  while (actions.size() >= 2 && result.runs < runs_max && !result.OutOfTime()) {
    const std::size_t chunk = (actions.size() + chunks - 1) / chunks;
    bool reduced = false;
    for (std::size_t start = 0;
         start < actions.size() && result.runs < runs_max && !result.OutOfTime();
         start += chunk) {
      // Try the history without this chunk.
      std::vector<Action> complement(actions.begin(), actions.begin() + start);
      complement.insert(complement.end(), actions.begin() + std::min(actions.size(), start + chunk),
                        actions.end());
      ++result.runs;
      if (FailsTheSameWay(scenario, options, complement, failure_key, run)) {
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
}

// Appends generated with an exact expected version tie each append to every one before it on
// its stream: remove an earlier one and the later ones fail with wrong_expected_version, so
// almost no chunk can go. One run tries the whole history with every expectation loosened to
// `any`; it is kept when the failure stays (and is not, when the failure is about expectations).
void LoosenExpectations(const Scenario& scenario, const RunOptions& options,
                        const std::string& failure_key, int runs_max, const SimulationRunner& run,
                        ShrinkResult& result) {
  std::vector<Action> loosened = result.actions;
  bool changed = false;
  for (Action& action : loosened) {
    if (auto* append = std::get_if<Append>(&action.operation);
        append != nullptr && append->expected_version != kExpectAny) {
      append->expected_version = kExpectAny;
      changed = true;
    }
  }
  if (!changed || result.runs >= runs_max || result.OutOfTime()) return;
  ++result.runs;
  if (FailsTheSameWay(scenario, options, loosened, failure_key, run)) {
    result.actions = std::move(loosened);
  }
}

// A durability failure late in a long run often hangs on its crash's pinned choices, which
// name unsynced sectors by their order on disk: remove any earlier operation and the layout
// moves, the pins name other sectors, and the failure is gone (so ddmin can remove almost
// nothing). First, then: the shortest history that ends right after a step in which the disk
// faulted (a failed sync, a failed write) with a crash that loses every unsynced write, and still
// fails the same way. That crash loses the same writes however the files are laid out, so the
// operations before it shrink like any others. Tries the first kFaultedStepsMax such steps.
void CrashRightAfterAFault(const Scenario& scenario, const RunOptions& options,
                           const std::string& failure_key, int runs_max,
                           const SimulationRunner& run, ShrinkResult& result) {
  constexpr int kFaultedStepsMax = 40;
  if (failure_key != CapabilityName(Capability::kDurability)) return;
  const std::vector<Action>& actions = result.actions;
  int tried = 0;
  // index + 2 < size: the candidate (the steps up to index and the crash) must be shorter.
  for (std::size_t index = 0; index + 2 < actions.size() && tried < kFaultedStepsMax; ++index) {
    if (actions[index].disk_choices.empty()) continue;
    if (result.runs >= runs_max || result.OutOfTime()) return;
    ++tried;
    std::vector<Action> candidate(actions.begin(),
                                  actions.begin() + static_cast<std::ptrdiff_t>(index) + 1);
    candidate.emplace_back(0, Crash{.lose_unsynced = true});
    ++result.runs;
    if (FailsTheSameWay(scenario, options, candidate, failure_key, run)) {
      result.actions = std::move(candidate);
      return;
    }
  }
}

// Tries each simplification of the operations and the configuration once, keeping those after
// which the failure stays.
void SimplifyArguments(const RunOptions& options, const std::string& failure_key, int runs_max,
                       const SimulationRunner& run, ShrinkResult& result) {
  auto keep_if_same = [&](const Scenario& scenario, const std::vector<Action>& actions) {
    if (result.runs >= runs_max || result.OutOfTime()) return false;
    ++result.runs;
    if (!FailsTheSameWay(scenario, options, actions, failure_key, run)) return false;
    result.scenario = scenario;
    result.actions = actions;
    return true;
  };
  // Each pinned disk choice dropped (made 0: no fault), then each operation's own simpler forms
  // (sim/operations/*.h), greedily: a kept change is the starting point of the next.
  for (std::size_t index = 0; index < result.actions.size(); ++index) {
    const DiskChoiceMap choices = result.actions[index].disk_choices;
    for (const auto& [number, value] : choices) {
      std::vector<Action> candidate = result.actions;
      candidate[index].disk_choices.erase(number);
      keep_if_same(result.scenario, candidate);
    }
  }
  for (std::size_t index = 0; index < result.actions.size(); ++index) {
    bool simplified = true;
    while (simplified) {
      simplified = false;
      for (Action& simpler : Simpler(result.actions[index])) {
        std::vector<Action> candidate = result.actions;
        candidate[index] = std::move(simpler);
        if (keep_if_same(result.scenario, candidate)) {
          simplified = true;
          break;
        }
      }
    }
  }
  // Each returns whether it changed anything, so a no-op costs no run.
  std::vector<std::function<bool(Scenario&)>> configuration_changes = {
      [](Scenario& s) {
        if (!s.signing) return false;
        SetIntegrity(s, s.integrity_keys, false);
        return true;
      },
  };
  const bool rotates_keys =
      std::any_of(result.actions.begin(), result.actions.end(), [](const Action& action) {
        return action.As<Restart>() && action.As<Restart>()->active_key_id != 0;
      });
  if (!rotates_keys) {
    configuration_changes.push_back([](Scenario& s) {
      if (s.integrity_keys == 0) return false;
      SetIntegrity(s, 0, false);
      return true;
    });
  }
  for (std::size_t index = result.scenario.store.indexes.size(); index-- > 0;) {
    configuration_changes.push_back([index](Scenario& s) {
      if (index >= s.store.indexes.size()) return false;
      s.store.indexes.erase(s.store.indexes.begin() + static_cast<std::ptrdiff_t>(index));
      return true;
    });
  }
  for (const auto& change : configuration_changes) {
    Scenario candidate = result.scenario;
    if (change(candidate)) keep_if_same(candidate, result.actions);
  }
}

}  // namespace

std::string FailureKey(const RunResult& result) {
  if (result.ok || !result.protocol_error.empty()) return "";
  return std::string(CapabilityName(result.violation.capability));
}

ShrinkResult ShrinkFailure(const Scenario& scenario, const RunOptions& options,
                           std::vector<Action> actions, const std::string& failure_key,
                           int runs_max, std::chrono::seconds time_max,
                           const SimulationRunner& run) {
  ShrinkResult result;
  result.deadline = std::chrono::steady_clock::now() + time_max;
  result.scenario = scenario;
  result.scenario.ops.clear();
  // The history carries every choice its disk made, pinned step by step: the fault rates no
  // longer decide anything, and removing an operation moves no other step's faults.
  result.scenario.pinned_disk_choices = true;
  result.scenario.faults = FaultRates{0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  result.actions = std::move(actions);
  LoosenExpectations(result.scenario, options, failure_key, runs_max, run, result);
  CrashRightAfterAFault(result.scenario, options, failure_key, runs_max, run, result);
  RemoveOperations(result.scenario, options, failure_key, runs_max, run, result);
  SimplifyArguments(options, failure_key, runs_max, run, result);
  return result;
}

}  // namespace evsim::sim
