// Issue 4's performance figures, measured in one run of this binary:
//   1. lockstep throughput of the smoke suite (store + model + checks), steps per second, and the
//      share of time in the store, the model and the checkers;
//   2. steps per second at 10k and at 1M steps of history (bench/history.yaml), and their ratio:
//      per-step cost must not grow with history.
// Run: build/release/bench/evsim_sim_bench [--history-steps N]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "evsim/sim/scenario.h"
#include "evsim/sim/simulation.h"
#include "evsim/targets/target_registry.h"

namespace evsim::sim {
namespace {

using SteadyClock = std::chrono::steady_clock;

class WallClockProfiler final : public Profiler {
 public:
  void Enter(Section section) override { entered_[static_cast<int>(section)] = SteadyClock::now(); }
  void Leave(Section section) override {
    const int index = static_cast<int>(section);
    seconds_[index] += std::chrono::duration<double>(SteadyClock::now() - entered_[index]).count();
  }
  void StepDone(std::int64_t step) override {
    if (marks_.contains(step + 1)) marks_[step + 1] = Seconds();
  }
  void Mark(std::int64_t step) { marks_[step] = -1; }
  double MarkAt(std::int64_t step) const { return marks_.at(step); }
  double Seconds() const {
    return std::chrono::duration<double>(SteadyClock::now() - start_).count();
  }
  double section(Section section) const { return seconds_[static_cast<int>(section)]; }

 private:
  SteadyClock::time_point start_ = SteadyClock::now();
  SteadyClock::time_point entered_[3];
  double seconds_[3] = {0, 0, 0};
  std::map<std::int64_t, double> marks_;
};

int Main(int argc, char** argv) {
  std::int64_t history_steps = 1'000'000;
  for (int index = 1; index + 1 < argc; ++index) {
    if (std::strcmp(argv[index], "--history-steps") == 0)
      history_steps = std::stoll(argv[index + 1]);
  }
  const std::string root = EVSIM_SOURCE_DIR;
  const TargetFactory store = targets::MakeTargetFactory("store").value();

  // 1. The smoke suite, seed 1 of each scenario.
  WallClockProfiler smoke;
  std::int64_t smoke_steps = 0;
  for (const char* file : {"smoke/mixed.yaml", "smoke/crash.yaml", "smoke/integrity.yaml",
                           "smoke/subscriptions.yaml", "smoke/scavenge.yaml"}) {
    Result<Scenario> scenario = LoadScenario(root + "/scenarios/" + file);
    if (!scenario.ok()) return 2;
    RunOptions options;
    options.target = &store;
    options.seed = 1;
    options.profiler = &smoke;
    const RunResult result = RunSimulation(scenario.value(), options);
    if (!result.ok) {
      std::printf("%s failed: %s\n", file, result.failure.c_str());
      return 1;
    }
    smoke_steps += result.steps_run;
  }
  const double total = smoke.Seconds();
  using Section = Profiler::Section;
  std::printf("== lockstep throughput, smoke suite (seed 1 of each scenario) ==\n");
  std::printf("%lld steps in %.2f s: %.0f steps/s\n", static_cast<long long>(smoke_steps), total,
              smoke_steps / total);
  std::printf("time in store %.0f%%, model %.0f%%, checkers %.0f%%, scheduler and faults %.0f%%\n",
              100 * smoke.section(Section::kStore) / total,
              100 * smoke.section(Section::kModel) / total,
              100 * smoke.section(Section::kCheckers) / total,
              100 *
                  (total - smoke.section(Section::kStore) - smoke.section(Section::kModel) -
                   smoke.section(Section::kCheckers)) /
                  total);

  // 2. Per-step cost over a long history.
  Result<Scenario> history = LoadScenario(root + "/bench/history.yaml");
  if (!history.ok()) return 2;
  const std::int64_t early = 10'000;
  const std::int64_t window = 10'000;
  const std::int64_t late = std::max(history_steps, early + window);
  WallClockProfiler profiler;
  for (std::int64_t mark : {early, early + window, late, late + window}) profiler.Mark(mark);
  RunOptions options;
  options.target = &store;
  options.seed = 1;
  options.steps = late + window;
  options.profiler = &profiler;
  options.find_first_divergence = false;
  const RunResult result = RunSimulation(history.value(), options);
  if (!result.ok) {
    std::printf("history run failed at step %lld: %s\n", static_cast<long long>(result.failed_step),
                result.failure.c_str());
    return 1;
  }
  const double early_rate = window / (profiler.MarkAt(early + window) - profiler.MarkAt(early));
  const double late_rate = window / (profiler.MarkAt(late + window) - profiler.MarkAt(late));
  std::printf("\n== per-step cost as history grows (bench/history.yaml) ==\n");
  std::printf("steps %lld..%lld: %.0f steps/s\n", static_cast<long long>(early),
              static_cast<long long>(early + window), early_rate);
  std::printf("steps %lld..%lld: %.0f steps/s\n", static_cast<long long>(late),
              static_cast<long long>(late + window), late_rate);
  std::printf("late / early throughput: %.2f (1.0 = cost per step independent of history)\n",
              late_rate / early_rate);
  return 0;
}

}  // namespace
}  // namespace evsim::sim

int main(int argc, char** argv) { return evsim::sim::Main(argc, argv); }
