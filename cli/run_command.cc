// evsim run and evsim replay.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "commands.h"
#include "evsim/gate/failure_report.h"
#include "evsim/gate/conformance.h"
#include "evsim/gate/regression.h"
#include "evsim/gate/html_report.h"
#include "evsim/gate/schedule.h"
#include "evsim/gate/shard.h"
#include "evsim/probes/probe_table.h"
#include "evsim/sim/seed_range.h"
#include "evsim/sim/simulation.h"

namespace evsim::cli {
namespace {

struct ScenarioTotals {
  std::string name;
  std::int64_t seeds = 0, steps = 0, crashes = 0, failures = 0;
  double seconds = 0;
  std::uint64_t digest = 0;  // XOR of the runs' digests: one fingerprint for the row
  ProbeCounts probes{};      // of the first run of each seed (not --check-determinism's second)
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

void PrintProbeTable(const std::vector<ScenarioTotals>& totals) {
  ProbeCounts probes;
  for (const ScenarioTotals& row : totals) probes += row.probes;
  std::printf("\n%s", FormatProbeTable(probes).c_str());
}

// The seeds one scenario runs: --seed, else --seeds, else the scenario's own.
struct SeedChoice {
  std::optional<std::uint64_t> seed;
  std::optional<std::vector<std::uint64_t>> seeds;
};

Result<SeedChoice> ParseSeedChoice(const RunArguments& arguments) {
  SeedChoice choice;
  if (!arguments.seed.empty()) {
    EVSIM_ASSIGN_OR_RETURN(choice.seed, ParseSeedOption(arguments.seed));
  }
  if (!arguments.seeds.empty()) {
    Result<std::vector<std::uint64_t>> range = sim::ParseSeedRange(arguments.seeds);
    if (!range.ok()) return Status::InvalidArgument("--seeds: " + range.status().message());
    choice.seeds = std::move(range).value();
  }
  return choice;
}

std::vector<std::uint64_t> SeedsOf(const sim::Scenario& scenario, const SeedChoice& choice) {
  if (choice.seed) return {*choice.seed};
  if (choice.seeds) return *choice.seeds;
  return scenario.seeds;
}

// --emit-regression must be writable before hours are spent finding a failure to write there.
Status CheckRegressionPath(const std::string& path) {
  if (path.empty()) return Status::Ok();
  std::error_code error;
  const std::filesystem::path target(path);
  if (std::filesystem::is_directory(target, error)) {
    return Status::InvalidArgument("--emit-regression: '" + path +
                                   "' is a directory; give the file to write");
  }
  const std::filesystem::path parent =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(parent, error)) {
    return Status::InvalidArgument("--emit-regression: directory '" + parent.string() +
                                   "' does not exist");
  }
  if (::access(parent.c_str(), W_OK) != 0) {
    return Status::InvalidArgument("--emit-regression: directory '" + parent.string() +
                                   "' is not writable");
  }
  return Status::Ok();
}

// What one seed's run came to, for the summary and the exit code.
struct SeedVerdict {
  bool failed = false;
  bool protocol_broken = false;
  Status bad_input;  // something evsim was asked to do could not be done
  gate::HtmlRun html;  // the run as the HTML report shows it (--html)
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
  row.probes += result.probes;
  const gate::ExpectationCheck expectation = gate::CheckExpectation(scenario, options, result);
  verdict.failed = !result.ok || expectation.fails;
  verdict.html = gate::HtmlRun{scenario.name + " seed " + std::to_string(options.seed),
                               result.ok, "", sim::ReplayCommand(scenario, options),
                               result.failed_step, result.first_divergent_step,
                               result.last_trace_lines, true};
  if (!result.ok) {
    verdict.html.failure = gate::DescribeFailure(scenario, options, result);
    std::cout << verdict.html.failure << std::flush;
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
    // Written beside the file and renamed over it: a failed write leaves the scenario as it was.
    const std::string pinned = scenario.path + ".pinning";
    std::ofstream out(pinned);
    out << gate::PinExpectation(
        text.str(), sim::Expectation{options.target->description.spec, gate::OutcomeKey(result),
                                     result.trace_digest});
    out.close();
    std::error_code renamed;
    if (out) std::filesystem::rename(pinned, scenario.path, renamed);
    if (!out || renamed) {
      std::filesystem::remove(pinned, renamed);
      verdict.bad_input = Status::IoError("--pin: cannot rewrite '" + scenario.path + "'");
      return verdict;
    }
    std::cout << "  pinned " << gate::OutcomeKey(result) << " and digest " << Hex(result.trace_digest)
              << " into " << scenario.path << "\n";
    verdict.failed = false;  // pinning records the outcome, whatever it is
  }
  if (!result.ok && result.protocol_error.empty() && !arguments.regression_path.empty() &&
      !regression_written) {
    Result<gate::RegressionWritten> written = gate::WriteRegression(
        scenario, options, result, arguments.regression_path, std::chrono::seconds(300), limits,
        gate::ShrinkProgressLines(std::cerr));
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

// The runs to make, in order: with scenario arguments (or --seed/--seeds) every seed of each
// scenario in turn; for the default suite, its scenarios round-robin up to the budget.
struct PlannedRuns {
  std::vector<std::pair<std::size_t, std::uint64_t>> runs;  // (scenario index, seed)
  std::chrono::seconds time_max{0};                         // > 0: start no run after this
  std::string note;                                         // what the budget left out
};

Result<PlannedRuns> PlanRuns(const std::vector<sim::Scenario>& scenarios, const SeedChoice& choice,
                             const RunArguments& arguments, bool default_suite) {
  PlannedRuns plan;
  gate::Shard shard;
  if (!arguments.shard.empty()) {
    EVSIM_ASSIGN_OR_RETURN(shard, gate::Shard::Parse(arguments.shard));
  }
  // Every run of the unsharded command has a position; a shard keeps the ones it owns.
  auto keep_shard = [&shard](PlannedRuns& planned) {
    if (shard.IsWhole()) return;
    std::vector<std::pair<std::size_t, std::uint64_t>> owned;
    for (std::size_t position = 0; position < planned.runs.size(); ++position) {
      if (shard.Owns(position)) owned.push_back(planned.runs[position]);
    }
    planned.note += (planned.note.empty() ? "" : "; ") + std::string("shard ") +
                    shard.ToString() + ": " + std::to_string(owned.size()) + " of " +
                    std::to_string(planned.runs.size()) + " runs";
    planned.runs = std::move(owned);
  };
  const bool round_robin = default_suite && !choice.seed && !choice.seeds;
  if (!arguments.budget.empty() && !round_robin) {
    return Status::InvalidArgument(
        "--budget applies to the default suite (no scenario arguments, no --seed or --seeds)");
  }
  if (!round_robin) {
    for (std::size_t index = 0; index < scenarios.size(); ++index) {
      for (std::uint64_t seed : SeedsOf(scenarios[index], choice)) plan.runs.emplace_back(index, seed);
    }
    keep_shard(plan);
    return plan;
  }
  gate::Budget budget{kDefaultSuiteSeeds, std::chrono::seconds(0)};
  if (!arguments.budget.empty()) {
    EVSIM_ASSIGN_OR_RETURN(budget, gate::Budget::Parse(arguments.budget));
  }
  std::vector<const sim::Scenario*> pointers;
  for (const sim::Scenario& scenario : scenarios) pointers.push_back(&scenario);
  const std::vector<gate::ScheduledRun> schedule = gate::RoundRobin(pointers);
  const std::size_t taken =
      budget.seeds > 0 ? std::min(schedule.size(), static_cast<std::size_t>(budget.seeds))
                       : schedule.size();
  for (std::size_t index = 0; index < taken; ++index) {
    plan.runs.emplace_back(
        static_cast<std::size_t>(schedule[index].scenario - scenarios.data()), schedule[index].seed);
  }
  plan.time_max = budget.seconds;
  plan.note = "default suite: " + std::to_string(taken) + " of its " +
              std::to_string(schedule.size()) + " seeds (budget " + budget.ToString() + ")";
  keep_shard(plan);
  return plan;
}

}  // namespace

int RunCommand(const RunArguments& arguments) {
  std::vector<std::string> paths = arguments.scenarios;
  const bool default_suite = paths.empty();
  if (default_suite) paths = DefaultSuiteFiles(arguments.suite);
  if (paths.empty()) return BadInput("no scenarios given and no default suite in " + arguments.suite);
  Result<std::vector<sim::Scenario>> scenarios = LoadScenarios(paths);
  if (!scenarios.ok()) return BadInput(scenarios.status().message());
  Result<SeedChoice> choice = ParseSeedChoice(arguments);
  if (!choice.ok()) return BadInput(choice.status().message());
  Result<std::int64_t> steps = ParseSteps(arguments.steps);
  if (!steps.ok()) return BadInput(steps.status().message());
  if (Status writable = CheckRegressionPath(arguments.regression_path); !writable.ok()) {
    return BadInput(writable.message());
  }
  Result<PlannedRuns> plan = PlanRuns(scenarios.value(), choice.value(), arguments, default_suite);
  if (!plan.ok()) return BadInput(plan.status().message());
  if (arguments.pin) {
    if (default_suite) return BadInput("--pin records one run of named scenarios: give the files");
    for (const sim::Scenario& scenario : scenarios.value()) {
      const std::size_t count = SeedsOf(scenario, choice.value()).size();
      if (count != 1) {
        return BadInput("--pin records one run: " + scenario.path + " runs " +
                        std::to_string(count) + " seeds (give --seed)");
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
  if (!plan.value().note.empty()) std::cout << plan.value().note << "\n" << std::flush;
  const bool progress = ::isatty(STDERR_FILENO) != 0;
  std::ofstream html;
  if (!arguments.html_path.empty()) {
    html.open(arguments.html_path);
    if (!html) return BadInput("--html: cannot write '" + arguments.html_path + "'");
  }
  std::vector<gate::HtmlRun> html_runs;
  // Failing runs with their last trace lines; passing ones by name only (a suite has hundreds).
  auto write_html = [&]() {
    if (!html.is_open()) return;
    html << gate::RenderHtml("evsim run", html_runs);
    html.close();
    std::cout << "HTML report: " << arguments.html_path << "\n";
  };
  std::vector<ScenarioTotals> totals;
  for (const sim::Scenario& scenario : scenarios.value()) totals.push_back(ScenarioTotals{scenario.name});
  std::int64_t runs = 0, failures = 0;
  bool regression_written = false;
  const auto started = std::chrono::steady_clock::now();
  for (const auto& [index, run_seed] : plan.value().runs) {
    if (plan.value().time_max.count() > 0 &&
        std::chrono::steady_clock::now() - started >= plan.value().time_max) {
      std::cout << "budget of " << plan.value().time_max.count() << " s spent after " << runs
                << " runs\n";
      break;
    }
    const sim::Scenario& scenario = scenarios.value()[index];
    ScenarioTotals& row = totals[index];
    sim::RunOptions options;
    options.target = &target.value();
    options.seed = run_seed;
    options.steps = steps.value();
    options.data_root = data_root;
    options.keep_failed_data = true;
    const SeedVerdict verdict = RunSeed(scenario, options, arguments, limits.value(), progress,
                                        regression_written, row);
    if (!verdict.bad_input.ok()) return BadInput(verdict.bad_input.message());
    if (html.is_open()) {
      gate::HtmlRun shown = verdict.html;
      if (shown.ok) shown.trace.clear();
      html_runs.push_back(std::move(shown));
    }
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
      if (progress) std::fprintf(stderr, "\n");
      PrintTable(totals, runs, failures);
      if (arguments.probes) PrintProbeTable(totals);
      write_html();
      return kExitBadInput;
    }
  }
  if (progress) std::fprintf(stderr, "\n");
  std::erase_if(totals, [](const ScenarioTotals& row) { return row.seeds == 0; });
  PrintTable(totals, runs, failures);
  if (arguments.probes) PrintProbeTable(totals);
  write_html();
  return failures == 0 ? kExitOk : kExitBroken;
}

int ReplayCommand(const ReplayArguments& arguments) {
  Result<sim::Scenario> loaded = sim::LoadScenario(arguments.scenario);
  if (!loaded.ok()) return BadInput(loaded.status().message());
  Result<std::uint64_t> seed = ParseSeedOption(arguments.seed);
  if (!seed.ok()) return BadInput(seed.status().message());
  Result<std::int64_t> steps = ParseSteps(arguments.steps);
  if (!steps.ok()) return BadInput(steps.status().message());
  std::ofstream trace(arguments.trace_path);
  if (!trace) return BadInput("cannot write trace file '" + arguments.trace_path + "'");
  std::ofstream html;
  if (!arguments.html_path.empty()) {
    html.open(arguments.html_path);
    if (!html) return BadInput("--html: cannot write '" + arguments.html_path + "'");
  }
  const std::string data_root = arguments.target.work_directory.empty()
                                    ? DefaultDataRoot()
                                    : arguments.target.work_directory;
  Result<gate::IsolationLimits> limits = IsolationOf(arguments.target);
  if (!limits.ok()) return BadInput(limits.status().message());
  Result<sim::TargetFactory> target = MakeTarget(arguments.target, data_root);
  if (!target.ok()) return BadInput(target.status().message());
  sim::RunOptions options;
  options.target = &target.value();
  options.seed = seed.value();
  options.steps = steps.value();
  options.trace = &trace;
  options.data_root = data_root;
  options.keep_failed_data = true;
  const sim::RunResult result = gate::RunIsolated(loaded.value(), options, limits.value());
  trace.close();
  std::cout << result.header << "\n";
  const std::string failure =
      result.ok ? std::string() : gate::DescribeFailure(loaded.value(), options, result);
  std::cout << failure;
  if (html.is_open()) {
    // The whole trace, read back from its file (a page of at most kHtmlTraceLinesMax lines).
    constexpr std::size_t kHtmlTraceLinesMax = 200'000;
    gate::HtmlRun run{loaded.value().name + " seed " + std::to_string(options.seed), result.ok,
                      failure, sim::ReplayCommand(loaded.value(), options), result.failed_step,
                      result.first_divergent_step, {}, false};
    std::ifstream lines(arguments.trace_path);
    for (std::string line; std::getline(lines, line);) {
      if (run.trace.size() == kHtmlTraceLinesMax) {
        run.trace_is_partial = true;
        break;
      }
      run.trace.push_back(std::move(line));
    }
    html << gate::RenderHtml("evsim replay", {run});
    html.close();
    std::cout << "HTML report: " << arguments.html_path << "\n";
  }
  std::cout << "steps=" << result.steps_run << " crashes=" << result.crashes
            << " trace=" << arguments.trace_path << "\ntrace digest: " << Hex(result.trace_digest)
            << "\nreplay: " << sim::ReplayCommand(loaded.value(), options) << "\n";
  if (!result.protocol_error.empty()) return kExitBadInput;
  return result.ok ? kExitOk : kExitBroken;
}

}  // namespace evsim::cli
