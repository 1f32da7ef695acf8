#include "evsim/sim/shrink.h"

#include <algorithm>
#include <functional>
#include <set>
#include <utility>

namespace evsim::sim {
namespace {

using SteadyClock = std::chrono::steady_clock;

// One shrinking: what every pass needs (the failure to keep, the bounds, how a candidate runs,
// who watches) and the smallest failing history so far. Every candidate goes through Try, so
// that runs are counted, bounded and reported in one place.
class Shrinker {
 public:
  Shrinker(const RunOptions& options, std::string failure_key, int runs_max,
           std::chrono::seconds time_max, const SimulationRunner& run,
           const ShrinkObserver& observer, std::size_t history)
      : options_(options),
        failure_key_(std::move(failure_key)),
        runs_max_(runs_max),
        time_max_(time_max),
        started_(SteadyClock::now()),
        run_(run),
        observer_(observer),
        history_(history) {}

  ShrinkResult& result() { return result_; }
  // False once the runs or the time are used up: passes stop trying candidates.
  bool CanTry() const {
    return result_.runs < runs_max_ && SteadyClock::now() - started_ < time_max_;
  }
  // Runs `actions` under `scenario`; when it fails the same way, they become the result.
  bool Try(const Scenario& scenario, std::vector<Action> actions) {
    ++result_.runs;
    const bool same = FailsTheSameWay(scenario, actions);
    if (same) {
      if (&scenario != &result_.scenario) result_.scenario = scenario;
      result_.actions = std::move(actions);
      ++kept_;
    }
    if (observer_) {
      observer_(ShrinkProgress{history_, result_.actions.size(), result_.runs,
                               SteadyClock::now() - started_, time_max_});
    }
    return same;
  }
  bool Try(std::vector<Action> actions) { return Try(result_.scenario, std::move(actions)); }
  // How many candidates were kept so far (a pass that keeps none changed nothing).
  int kept() const { return kept_; }
  const std::string& failure_key() const { return failure_key_; }

 private:
  bool FailsTheSameWay(const Scenario& base, const std::vector<Action>& actions) const {
    if (actions.empty()) return false;
    Scenario candidate = base;
    candidate.ops = actions;
    RunOptions quiet = options_;
    quiet.trace = nullptr;
    quiet.find_first_divergence = false;
    quiet.profiler = nullptr;
    quiet.keep_failed_data = false;
    const RunResult result = run_(candidate, quiet);
    return !result.ok && FailureKey(result) == failure_key_;
  }

  const RunOptions& options_;
  const std::string failure_key_;
  const int runs_max_;
  const std::chrono::seconds time_max_;
  const SteadyClock::time_point started_;
  const SimulationRunner& run_;
  const ShrinkObserver& observer_;
  const std::size_t history_;
  ShrinkResult result_;
  int kept_ = 0;
};

// A durability failure late in a long run often hangs on its crash's pinned choices, which
// name unsynced sectors by their order on disk: remove any earlier operation and the layout
// moves, the pins name other sectors, and the failure is gone (so ddmin can remove almost
// nothing). First, then: the shortest history that is cut after some step and ended by a crash
// that loses every unsynced write, and still fails the same way. That crash loses the same
// writes however the files are laid out, so the operations before it shrink like any others.
// The cuts tried, shortest first, at most kCutsMax of them: after each step that acknowledged a
// mutation with writes still unsynced (what the recording run saw), after each step where the
// disk faulted (a failed sync or write a store may wrongly acknowledge), and in place of each
// crash of the history.
void CrashWhereItHurts(Shrinker& shrinker,
                       const std::vector<std::int64_t>& acknowledged_while_unsynced) {
  constexpr std::size_t kCutsMax = 60;
  if (shrinker.failure_key() != CapabilityName(Capability::kDurability)) return;
  const std::vector<Action> actions = shrinker.result().actions;
  // A cut at n: the first n steps, then the crash.
  std::set<std::size_t> cuts;
  for (const std::int64_t step : acknowledged_while_unsynced) {
    if (step >= 0) cuts.insert(static_cast<std::size_t>(step) + 1);
  }
  for (std::size_t index = 0; index < actions.size(); ++index) {
    if (actions[index].As<Crash>() != nullptr) cuts.insert(index);  // replaces that crash
    if (!actions[index].disk_choices.empty()) cuts.insert(index + 1);
  }
  std::size_t tried = 0;
  for (const std::size_t steps : cuts) {
    // Shorter than the history, or it is no shrinking.
    if (steps == 0 || steps + 1 >= actions.size()) continue;
    if (tried++ == kCutsMax || !shrinker.CanTry()) return;
    std::vector<Action> candidate(actions.begin(),
                                  actions.begin() + static_cast<std::ptrdiff_t>(steps));
    candidate.emplace_back(0, Crash{.lose_unsynced = true});
    if (shrinker.Try(std::move(candidate))) return;
  }
}

// Appends generated with an exact expected version tie each append to every one before it on
// its stream: remove an earlier one and the later ones fail with wrong_expected_version, so
// almost no chunk can go. One run tries the whole history with every expectation loosened to
// `any`; it is kept when the failure stays (and is not, when the failure is about expectations).
void LoosenExpectations(Shrinker& shrinker) {
  std::vector<Action> loosened = shrinker.result().actions;
  bool changed = false;
  for (Action& action : loosened) {
    if (auto* append = std::get_if<Append>(&action.operation);
        append != nullptr && append->expected_version != kExpectAny) {
      append->expected_version = kExpectAny;
      changed = true;
    }
  }
  if (changed && shrinker.CanTry()) shrinker.Try(std::move(loosened));
}

// Deletes operations while the failure stays (ddmin); ends 1-minimal unless out of runs.
void RemoveOperations(Shrinker& shrinker) {
  const std::vector<Action>& actions = shrinker.result().actions;
  std::size_t chunks = 2;
  while (actions.size() >= 2 && shrinker.CanTry()) {
    const std::size_t chunk = (actions.size() + chunks - 1) / chunks;
    bool reduced = false;
    for (std::size_t start = 0; start < actions.size() && shrinker.CanTry(); start += chunk) {
      // Try the history without this chunk.
      std::vector<Action> complement(actions.begin(), actions.begin() + start);
      complement.insert(complement.end(), actions.begin() + std::min(actions.size(), start + chunk),
                        actions.end());
      if (shrinker.Try(std::move(complement))) {
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

// Tries each simplification of the operations and the configuration once, keeping those after
// which the failure stays.
void SimplifyArguments(Shrinker& shrinker) {
  ShrinkResult& result = shrinker.result();
  auto keep_if_same = [&](const Scenario& scenario, std::vector<Action> actions) {
    return shrinker.CanTry() && shrinker.Try(scenario, std::move(actions));
  };
  // The steps' pinned instants dropped, all at once (most failures do not hang on exact times,
  // and a file without them is easier to read and to edit by hand), else one by one.
  if (std::any_of(result.actions.begin(), result.actions.end(),
                  [](const Action& action) { return action.at_us.has_value(); })) {
    std::vector<Action> candidate = result.actions;
    for (Action& action : candidate) action.at_us.reset();
    if (!keep_if_same(result.scenario, std::move(candidate))) {
      for (std::size_t index = 0; index < result.actions.size(); ++index) {
        if (!result.actions[index].at_us) continue;
        std::vector<Action> one_fewer = result.actions;
        one_fewer[index].at_us.reset();
        keep_if_same(result.scenario, std::move(one_fewer));
      }
    }
  }
  // Each pinned disk choice dropped (made 0: no fault), then each operation's own simpler forms
  // (sim/operations/*.h), greedily: a kept change is the starting point of the next.
  for (std::size_t index = 0; index < result.actions.size(); ++index) {
    const DiskChoiceMap choices = result.actions[index].disk_choices;
    for (const auto& [number, value] : choices) {
      std::vector<Action> candidate = result.actions;
      candidate[index].disk_choices.erase(number);
      keep_if_same(result.scenario, std::move(candidate));
    }
  }
  for (std::size_t index = 0; index < result.actions.size(); ++index) {
    bool simplified = true;
    while (simplified) {
      simplified = false;
      for (Action& simpler : Simpler(result.actions[index])) {
        std::vector<Action> candidate = result.actions;
        candidate[index] = std::move(simpler);
        if (keep_if_same(result.scenario, std::move(candidate))) {
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
  // The smallest segments: a failure that needs a segment to roll (or to be compacted) then
  // needs fewer and smaller appends, which the next round of removals can take out.
  configuration_changes.push_back([](Scenario& s) {
    constexpr std::uint64_t kSmallestSegment = 1 << 10;  // the loader's minimum
    if (s.segment_bytes_max <= kSmallestSegment) return false;
    s.segment_bytes_max = kSmallestSegment;
    s.compaction_dead_bytes_min = std::min<std::uint64_t>(s.compaction_dead_bytes_min, 512);
    return true;
  });
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
                           const SimulationRunner& run, const ShrinkObserver& observer,
                           const std::vector<std::int64_t>& acknowledged_while_unsynced) {
  Shrinker shrinker(options, failure_key, runs_max, time_max, run, observer, actions.size());
  ShrinkResult& result = shrinker.result();
  result.scenario = scenario;
  result.scenario.ops.clear();
  // The history carries every choice its disk made, pinned step by step: the fault rates no
  // longer decide anything, and removing an operation moves no other step's faults (but see
  // CrashWhereItHurts for the choices within a crash).
  result.scenario.pinned_disk_choices = true;
  result.scenario.faults = FaultRates{0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  result.actions = std::move(actions);
  CrashWhereItHurts(shrinker, acknowledged_while_unsynced);
  LoosenExpectations(shrinker);
  // Removing and simplifying, again while a round changes something: a simpler configuration
  // or operation can make more operations unnecessary.
  constexpr int kRoundsMax = 4;
  for (int round = 0; round < kRoundsMax && shrinker.CanTry(); ++round) {
    const int kept_before = shrinker.kept();
    RemoveOperations(shrinker);
    SimplifyArguments(shrinker);
    if (shrinker.kept() == kept_before) break;
  }
  return std::move(result);
}

}  // namespace evsim::sim
