// evsim run and evsim replay.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "evsim/gate/failure_report.h"
#include "evsim/sim/simulation.h"

namespace evsim::cli {
namespace {

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

struct ScenarioTotals {
  std::string name;
  std::int64_t seeds = 0, steps = 0, crashes = 0, failures = 0;
  double seconds = 0;
  std::uint64_t digest = 0;  // XOR of the runs' digests: one fingerprint for the row
};

std::string DefaultDataRoot() {
  std::error_code error;
  return (std::filesystem::temp_directory_path(error) / "evsim").string();
}

void PrintTable(const std::vector<ScenarioTotals>& totals, std::int64_t runs,
                std::int64_t failures) {
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
}

std::vector<std::uint64_t> SeedsOf(const sim::Scenario& scenario, const RunArguments& arguments,
                                   const SeedRange& range) {
  if (arguments.seed) return {*arguments.seed};
  if (arguments.seeds.empty()) return scenario.seeds;
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t next = range.first; next <= range.last; ++next) seeds.push_back(next);
  return seeds;
}

}  // namespace

int RunCommand(const RunArguments& arguments) {
  std::vector<std::string> paths = arguments.scenarios;
  if (paths.empty()) paths = ScenarioFiles(arguments.suite + "/smoke");
  if (paths.empty()) return BadInput("no scenarios given and none found in " + arguments.suite + "/smoke");
  Result<std::vector<sim::Scenario>> scenarios = LoadScenarios(paths);
  if (!scenarios.ok()) return BadInput(scenarios.status().message());
  SeedRange range;
  if (!arguments.seeds.empty() && !ParseSeedRange(arguments.seeds, range)) {
    return BadInput("--seeds must be A..B with A <= B (got '" + arguments.seeds + "')");
  }
  const std::string data_root = arguments.target.work_directory.empty()
                                    ? DefaultDataRoot()
                                    : arguments.target.work_directory;
  Result<sim::TargetFactory> target = MakeTarget(arguments.target, data_root);
  if (!target.ok()) return BadInput(target.status().message());
  const bool progress = ::isatty(STDERR_FILENO) != 0;
  std::vector<ScenarioTotals> totals;
  std::int64_t runs = 0, failures = 0;
  bool regression_written = false;
  bool protocol_broken = false;
  for (const sim::Scenario& scenario : scenarios.value()) {
    ScenarioTotals row{scenario.name};
    for (std::uint64_t run_seed : SeedsOf(scenario, arguments, range)) {
      sim::RunOptions options;
      options.target = &target.value();
      options.seed = run_seed;
      options.steps = arguments.steps;
      options.data_root = data_root;
      options.keep_failed_data = true;
      const auto started = std::chrono::steady_clock::now();
      sim::RunResult result = sim::RunSimulation(scenario, options);
      row.seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (result.ok && arguments.check_determinism) {
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
        std::cout << gate::DescribeFailure(scenario, options, result) << std::flush;
        if (!result.protocol_error.empty()) {
          protocol_broken = true;
          break;
        }
        if (!arguments.regression_path.empty() && !regression_written) {
          Result<gate::RegressionWritten> written = gate::WriteRegression(
              scenario, options, result, arguments.regression_path, std::chrono::seconds(300));
          if (!written.ok()) return BadInput(written.status().message());
          std::cout << "  regression scenario (" << written.value().operations << " of "
                    << written.value().history << " operations) written to "
                    << written.value().path << "\n";
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
    if (protocol_broken) break;
  }
  PrintTable(totals, runs, failures);
  if (protocol_broken) return kExitBadInput;
  return failures == 0 ? kExitOk : kExitBroken;
}

int ReplayCommand(const ReplayArguments& arguments) {
  Result<sim::Scenario> loaded = sim::LoadScenario(arguments.scenario);
  if (!loaded.ok()) return BadInput(loaded.status().message());
  std::ofstream trace(arguments.trace_path);
  if (!trace) return BadInput("cannot write trace file '" + arguments.trace_path + "'");
  const std::string data_root = arguments.target.work_directory.empty()
                                    ? DefaultDataRoot()
                                    : arguments.target.work_directory;
  Result<sim::TargetFactory> target = MakeTarget(arguments.target, data_root);
  if (!target.ok()) return BadInput(target.status().message());
  sim::RunOptions options;
  options.target = &target.value();
  options.seed = arguments.seed;
  options.steps = arguments.steps;
  options.trace = &trace;
  options.data_root = data_root;
  options.keep_failed_data = true;
  const sim::RunResult result = sim::RunSimulation(loaded.value(), options);
  std::cout << result.header << "\n";
  if (!result.ok) std::cout << gate::DescribeFailure(loaded.value(), options, result);
  std::cout << "steps=" << result.steps_run << " crashes=" << result.crashes
            << " trace=" << arguments.trace_path << "\ntrace digest: " << Hex(result.trace_digest)
            << "\nreplay: " << sim::ReplayCommand(loaded.value(), options) << "\n";
  if (!result.protocol_error.empty()) return kExitBadInput;
  return result.ok ? kExitOk : kExitBroken;
}

}  // namespace evsim::cli
