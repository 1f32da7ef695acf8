// evsim: the command line. `evsim run` runs scenarios against the built-in store in lockstep
// with the reference model; `evsim replay` reruns one seed with its full trace.
// Exit codes: 0 all held, 1 an invariant broke (or determinism failed), 2 bad input.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "evsim/sim/scenario.h"
#include "evsim/sim/shrink.h"
#include "evsim/sim/simulation.h"
#include "evsim/targets/target_registry.h"

namespace evsim::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitBroken = 1;
constexpr int kExitBadInput = 2;

struct SeedRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

bool ParseSeedRange(const std::string& text, SeedRange& range) {
  const auto dots = text.find("..");
  if (dots == std::string::npos) return false;
  try {
    std::size_t used = 0;
    range.first = std::stoull(text.substr(0, dots), &used);
    if (used != dots) return false;
    const std::string last = text.substr(dots + 2);
    range.last = std::stoull(last, &used);
    return used == last.size() && range.first <= range.last && range.last - range.first < 1'000'000;
  } catch (const std::exception&) {
    return false;
  }
}

std::string Hex(std::uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

struct ScenarioTotals {
  std::string name;
  std::int64_t seeds = 0, steps = 0, crashes = 0, failures = 0;
  double seconds = 0;
  std::uint64_t digest = 0;  // XOR of the runs' digests: one fingerprint for the row
};

void PrintFailure(const sim::Scenario& scenario, const sim::RunOptions& options,
                  const sim::RunResult& result) {
  std::cout << "\nFAILED " << scenario.name << " seed=" << options.seed << "\n  " << result.header
            << "\n  at step " << result.failed_step << ": " << result.failure << "\n";
  if (result.first_divergent_step >= 0) {
    std::cout << "  first divergent step: " << result.first_divergent_step
              << " (bisected: store and model first differ after it)\n";
  }
  std::cout << "  last trace lines:\n";
  for (const std::string& line : result.last_trace_lines) std::cout << "    " << line << "\n";
  std::cout << "  replay: " << sim::ReplayCommand(scenario, options) << "\n";
}

// Shrinks the failing history (ddmin over an ops: list) and writes it as a scenario.
void WriteRegression(const sim::Scenario& scenario, const sim::RunOptions& options,
                     const sim::RunResult& result, const std::string& path) {
  const std::vector<sim::Action> history(
      result.actions.begin(),
      result.actions.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(
                                   result.actions.size(), result.failed_step + 1)));
  const std::string key = sim::FailureKey(result.failure);
  const sim::ShrinkResult shrunk = sim::ShrinkFailure(scenario, options, history, key);
  std::ofstream out(path);
  out << sim::ScenarioWithOps(shrunk.scenario, shrunk.actions,
                              "regression: " + scenario.name + " seed " +
                                  std::to_string(options.seed) + " (" + key + "), shrunk from " +
                                  std::to_string(history.size()) + " to " +
                                  std::to_string(shrunk.actions.size()) + " operations in " +
                                  std::to_string(shrunk.runs) + " runs");
  std::cout << "  regression scenario (" << shrunk.actions.size() << " of " << history.size()
            << " operations) written to " << path << "\n";
}

int Run(const std::vector<std::string>& paths, std::optional<std::uint64_t> seed,
        const std::string& seeds_text, std::int64_t steps, bool check_determinism,
        const sim::TargetFactory& target, const std::string& regression_path) {
  std::vector<sim::Scenario> scenarios;
  for (const std::string& path : paths) {
    Result<sim::Scenario> loaded = sim::LoadScenario(path);
    if (!loaded.ok()) {
      std::cerr << "evsim: " << loaded.status().message() << "\n";
      return kExitBadInput;
    }
    scenarios.push_back(std::move(loaded).value());
  }
  SeedRange range;
  if (!seeds_text.empty() && !ParseSeedRange(seeds_text, range)) {
    std::cerr << "evsim: --seeds must be A..B with A <= B (got '" << seeds_text << "')\n";
    return kExitBadInput;
  }
  const bool progress = ::isatty(STDERR_FILENO) != 0;
  std::vector<ScenarioTotals> totals;
  std::int64_t runs = 0, failures = 0;
  bool regression_written = false;
  for (const sim::Scenario& scenario : scenarios) {
    std::vector<std::uint64_t> seeds = scenario.seeds;
    if (seed) seeds = {*seed};
    if (!seeds_text.empty()) {
      seeds.clear();
      for (std::uint64_t next = range.first; next <= range.last; ++next) seeds.push_back(next);
    }
    ScenarioTotals row{scenario.name};
    for (std::uint64_t run_seed : seeds) {
      sim::RunOptions options;
      options.seed = run_seed;
      options.steps = steps;
      options.target = &target;
      const auto started = std::chrono::steady_clock::now();
      sim::RunResult result = sim::RunSimulation(scenario, options);
      row.seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (result.ok && check_determinism) {
        sim::RunResult again = sim::RunSimulation(scenario, options);
        if (again.trace_digest != result.trace_digest) {
          result.ok = false;
          result.failure = "nondeterminism: digest " + Hex(result.trace_digest) + " then " +
                           Hex(again.trace_digest) + " for the same seed";
        }
      }
      ++runs;
      ++row.seeds;
      row.steps += result.steps_run;
      row.crashes += result.crashes;
      row.digest ^= result.trace_digest;
      if (!result.ok) {
        ++row.failures;
        ++failures;
        PrintFailure(scenario, options, result);
        if (!regression_path.empty() && !regression_written) {
          WriteRegression(scenario, options, result, regression_path);
          regression_written = true;
        }
      } else if (!progress) {
        std::cout << "ok " << scenario.name << " seed=" << run_seed << " steps=" << result.steps_run
                  << " crashes=" << result.crashes << " digest=" << Hex(result.trace_digest)
                  << "\n";
      }
      if (progress) {
        std::fprintf(stderr, "\r%s: %lld seeds, %.0f steps/s, %lld failures   ",
                     scenario.name.c_str(), static_cast<long long>(row.seeds),
                     row.steps / std::max(row.seconds, 1e-9), static_cast<long long>(failures));
      }
    }
    if (progress) std::fprintf(stderr, "\n");
    totals.push_back(row);
  }
  std::printf("\n%-28s %7s %9s %8s %9s %10s  %s\n", "scenario", "seeds", "steps", "crashes",
              "failures", "steps/s", "digest");
  for (const ScenarioTotals& row : totals) {
    std::printf("%-28s %7lld %9lld %8lld %9lld %10.0f  %s\n", row.name.c_str(),
                static_cast<long long>(row.seeds), static_cast<long long>(row.steps),
                static_cast<long long>(row.crashes), static_cast<long long>(row.failures),
                row.steps / std::max(row.seconds, 1e-9), Hex(row.digest).c_str());
  }
  std::printf("%lld runs, %lld failed\n", static_cast<long long>(runs),
              static_cast<long long>(failures));
  return failures == 0 ? kExitOk : kExitBroken;
}

int Replay(const std::string& path, std::uint64_t seed, std::int64_t steps,
           const sim::TargetFactory& target, const std::string& trace_path) {
  Result<sim::Scenario> loaded = sim::LoadScenario(path);
  if (!loaded.ok()) {
    std::cerr << "evsim: " << loaded.status().message() << "\n";
    return kExitBadInput;
  }
  std::ofstream trace(trace_path);
  if (!trace) {
    std::cerr << "evsim: cannot write trace file '" << trace_path << "'\n";
    return kExitBadInput;
  }
  sim::RunOptions options;
  options.seed = seed;
  options.steps = steps;
  options.target = &target;
  options.trace = &trace;
  const sim::RunResult result = sim::RunSimulation(loaded.value(), options);
  std::cout << result.header << "\n";
  if (!result.ok) PrintFailure(loaded.value(), options, result);
  std::cout << "steps=" << result.steps_run << " crashes=" << result.crashes
            << " trace=" << trace_path << "\ntrace digest: " << Hex(result.trace_digest)
            << "\nreplay: " << sim::ReplayCommand(loaded.value(), options) << "\n";
  return result.ok ? kExitOk : kExitBroken;
}

std::vector<std::string> DefaultSuite(const std::string& directory) {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".yaml") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace
}  // namespace evsim::cli

int main(int argc, char** argv) {
  using namespace evsim::cli;
  CLI::App app{"evsim: deterministic simulation and property testing for event stores"};
  app.require_subcommand(1);

  std::vector<std::string> scenario_paths;
  std::optional<std::uint64_t> seed;
  std::string seeds_text;
  std::int64_t steps = -1;
  bool check_determinism = false;
  std::string bug;
  std::string regression_path;
  std::string suite = EVSIM_DEFAULT_SUITE;
  CLI::App* run = app.add_subcommand(
      "run", "Run scenarios (default: the smoke suite) against the built-in store");
  run->add_option("scenarios", scenario_paths, "Scenario YAML files")->check(CLI::ExistingFile);
  auto* seed_option = run->add_option("--seed", seed, "Run only this seed");
  run->add_option("--seeds", seeds_text, "Run seeds A..B")->excludes(seed_option);
  run->add_option("--steps", steps, "Override the scenario's step count")
      ->check(CLI::NonNegativeNumber);
  run->add_flag("--check-determinism", check_determinism,
                "Run each seed twice and compare digests");
  std::string adapter_spec = "store";
  run->add_option("--adapter", adapter_spec,
                  "What to test: store, model, mutant:NAME or exec:COMMAND");
  run->add_option("--inject-bug", bug, "Test-only store bug (same as --adapter mutant:NAME)")
      ->check(CLI::IsMember({"index-skip"}));
  run->add_option("--emit-regression", regression_path,
                  "Write the first failure as an ops: scenario");
  run->add_option("--suite", suite, "Directory of the default suite")
      ->check(CLI::ExistingDirectory);

  std::string replay_path;
  std::uint64_t replay_seed = 0;
  std::string trace_path = "evsim-replay.trace";
  CLI::App* replay = app.add_subcommand("replay", "Rerun one seed and write its full trace");
  replay->add_option("scenario", replay_path, "Scenario YAML file")
      ->required()
      ->check(CLI::ExistingFile);
  replay->add_option("--seed", replay_seed, "The seed to replay")->required();
  replay->add_option("--steps", steps, "Override the scenario's step count")
      ->check(CLI::NonNegativeNumber);
  replay->add_option("--adapter", adapter_spec,
                     "What to test: store, model, mutant:NAME or exec:COMMAND");
  replay->add_option("--inject-bug", bug, "Test-only store bug (same as --adapter mutant:NAME)")
      ->check(CLI::IsMember({"index-skip"}));
  replay->add_option("--trace", trace_path, "Where to write the trace");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (!bug.empty()) adapter_spec = "mutant:" + bug;
  evsim::Result<evsim::sim::TargetFactory> target = evsim::targets::MakeTargetFactory(adapter_spec);
  if (!target.ok()) {
    std::cerr << "evsim: " << target.status().message() << "\n";
    return kExitBadInput;
  }
  if (run->parsed()) {
    if (scenario_paths.empty()) scenario_paths = DefaultSuite(suite + "/smoke");
    if (scenario_paths.empty()) {
      std::cerr << "evsim: no scenarios given and none found in " << suite << "/smoke\n";
      return kExitBadInput;
    }
    return Run(scenario_paths, seed, seeds_text, steps, check_determinism, target.value(),
               regression_path);
  }
  return Replay(replay_path, replay_seed, steps, target.value(), trace_path);
}
