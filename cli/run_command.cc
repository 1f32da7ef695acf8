// evsim run and evsim replay.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "evsim/gate/failure_report.h"
#include "evsim/gate/regression.h"
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
  int width = 28;
  for (const ScenarioTotals& row : totals) width = std::max(width, static_cast<int>(row.name.size()));
  std::printf("\n%-*s %7s %9s %8s %9s %10s  %s\n", width, "scenario", "seeds", "steps", "crashes",
              "failures", "steps/s", "digest");
  for (const ScenarioTotals& row : totals) {
    std::printf("%-*s %7lld %9lld %8lld %9lld %10.0f  %s\n", width, row.name.c_str(),
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

// What one seed's run came to, for the summary and the exit code.
struct SeedVerdict {
  bool failed = false;
  bool protocol_broken = false;
  Status bad_input;  // something evsim was asked to do could not be done
};

// Runs one seed: prints its line or its failure report, checks what a regression scenario
// recorded, and writes a regression scenario or a pin when asked.
SeedVerdict RunSeed(const sim::Scenario& scenario, const sim::RunOptions& options,
                    const RunArguments& arguments, const gate::IsolationLimits& limits,
                    bool progress, bool& regression_written, ScenarioTotals& row) {
  SeedVerdict verdict;
  const auto started = std::chrono::steady_clock::now();
  sim::RunResult result = gate::RunIsolated(scenario, options, limits);
  row.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (result.ok && arguments.check_determinism) {
    const sim::RunResult again = gate::RunIsolated(scenario, options, limits);
    if (again.trace_digest != result.trace_digest) {
      result.ok = false;
      result.failure = "nondeterminism: digest " + Hex(result.trace_digest) + " then " +
                       Hex(again.trace_digest) + " for the same seed";
    }
  }
  ++row.seeds;
  row.steps += result.steps_run;
  row.crashes += result.crashes;
  row.digest ^= result.trace_digest;
  const gate::ExpectationCheck expectation = gate::CheckExpectation(scenario, options, result);
  verdict.failed = !result.ok || expectation.fails;
  if (!result.ok) {
    std::cout << gate::DescribeFailure(scenario, options, result) << std::flush;
    verdict.protocol_broken = !result.protocol_error.empty();
  } else if (!progress) {
    std::cout << "ok " << scenario.name << " seed=" << options.seed << " steps=" << result.steps_run
              << " crashes=" << result.crashes << " digest=" << Hex(result.trace_digest) << "\n";
  }
  if (!expectation.message.empty()) std::cout << "  " << scenario.path << ": " << expectation.message << "\n";
  if (arguments.pin) {
    std::ifstream in(scenario.path);
    std::stringstream text;
    text << in.rdbuf();
    std::ofstream out(scenario.path);
    out << gate::PinExpectation(
        text.str(), sim::Expectation{options.target->description.spec, gate::OutcomeKey(result),
                                     result.trace_digest});
    out.close();
    if (!out) verdict.bad_input = Status::IoError("--pin: cannot rewrite '" + scenario.path + "'");
    std::cout << "  pinned " << gate::OutcomeKey(result) << " and digest " << Hex(result.trace_digest)
              << " into " << scenario.path << "\n";
    verdict.failed = false;  // pinning records the outcome, whatever it is
  }
  if (!result.ok && result.protocol_error.empty() && !arguments.regression_path.empty() &&
      !regression_written) {
    Result<gate::RegressionWritten> written = gate::WriteRegression(
        scenario, options, result, arguments.regression_path, std::chrono::seconds(300), limits);
    if (!written.ok()) {
      verdict.bad_input = written.status();
      return verdict;
    }
    std::cout << "  regression scenario (" << written.value().operations << " of "
              << written.value().history << " operations, reproducing "
              << written.value().expectation.failure << ") written to " << written.value().path
              << "\n";
    regression_written = true;
  }
  return verdict;
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
  if (arguments.pin) {
    for (const sim::Scenario& scenario : scenarios.value()) {
      if (SeedsOf(scenario, arguments, range).size() != 1) {
        return BadInput("--pin records one run: " + scenario.path + " runs " +
                        std::to_string(SeedsOf(scenario, arguments, range).size()) +
                        " seeds (give --seed)");
      }
    }
  }
  const std::string data_root = arguments.target.work_directory.empty()
                                    ? DefaultDataRoot()
                                    : arguments.target.work_directory;
  Result<gate::IsolationLimits> limits = IsolationOf(arguments.target);
  if (!limits.ok()) return BadInput(limits.status().message());
  Result<sim::TargetFactory> target = MakeTarget(arguments.target, data_root);
  if (!target.ok()) return BadInput(target.status().message());
  const bool progress = ::isatty(STDERR_FILENO) != 0;
  std::vector<ScenarioTotals> totals;
  std::int64_t runs = 0, failures = 0;
  bool regression_written = false;
  for (const sim::Scenario& scenario : scenarios.value()) {
    ScenarioTotals row{scenario.name};
    bool protocol_broken = false;
    for (std::uint64_t run_seed : SeedsOf(scenario, arguments, range)) {
      sim::RunOptions options;
      options.target = &target.value();
      options.seed = run_seed;
      options.steps = arguments.steps;
      options.data_root = data_root;
      options.keep_failed_data = true;
      const SeedVerdict verdict = RunSeed(scenario, options, arguments, limits.value(), progress,
                                          regression_written, row);
      if (!verdict.bad_input.ok()) return BadInput(verdict.bad_input.message());
      ++runs;
      if (verdict.failed) {
        ++row.failures;
        ++failures;
      }
      if (progress) {
        std::fprintf(stderr, "\r%s: %lld seeds, %.0f steps/s, %lld failures   ",
                     scenario.name.c_str(), static_cast<long long>(row.seeds),
                     row.steps / std::max(row.seconds, 1e-9), static_cast<long long>(failures));
      }
      if (verdict.protocol_broken) {
        protocol_broken = true;
        break;
      }
    }
    if (progress) std::fprintf(stderr, "\n");
    totals.push_back(row);
    if (protocol_broken) {
      PrintTable(totals, runs, failures);
      return kExitBadInput;
    }
  }
  PrintTable(totals, runs, failures);
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
  Result<gate::IsolationLimits> limits = IsolationOf(arguments.target);
  if (!limits.ok()) return BadInput(limits.status().message());
  Result<sim::TargetFactory> target = MakeTarget(arguments.target, data_root);
  if (!target.ok()) return BadInput(target.status().message());
  sim::RunOptions options;
  options.target = &target.value();
  options.seed = arguments.seed;
  options.steps = arguments.steps;
  options.trace = &trace;
  options.data_root = data_root;
  options.keep_failed_data = true;
  const sim::RunResult result = gate::RunIsolated(loaded.value(), options, limits.value());
  std::cout << result.header << "\n";
  if (!result.ok) std::cout << gate::DescribeFailure(loaded.value(), options, result);
  std::cout << "steps=" << result.steps_run << " crashes=" << result.crashes
            << " trace=" << arguments.trace_path << "\ntrace digest: " << Hex(result.trace_digest)
            << "\nreplay: " << sim::ReplayCommand(loaded.value(), options) << "\n";
  if (!result.protocol_error.empty()) return kExitBadInput;
  return result.ok ? kExitOk : kExitBroken;
}

}  // namespace evsim::cli
