#include "evsim/gate/self_test.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "evsim/gate/regression.h"
#include "evsim/gate/schedule.h"

namespace evsim::gate {
namespace {

using SteadyClock = std::chrono::steady_clock;

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// The first word after `from` in `text`, up to a space or `)`.
std::string WordAfter(const std::string& text, std::size_t from) {
  const std::size_t end = text.find_first_of(" )", from);
  return text.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

// The operation of the failing step: from its trace line "step=N actor=A OPERATION ..." (not
// the checker's, which names no operation), else from an isolated run's "in step N (OPERATION".
std::string OperationAt(const sim::RunResult& result) {
  const std::string prefix = "step=" + std::to_string(result.failed_step) + " ";
  for (auto line = result.last_trace_lines.rbegin(); line != result.last_trace_lines.rend();
       ++line) {
    if (!line->starts_with(prefix) || line->find(" actor=checker ") != std::string::npos) continue;
    const std::size_t actor = line->find(" actor=");
    if (actor == std::string::npos) continue;
    const std::size_t start = line->find(' ', actor + 1);
    if (start != std::string::npos) return WordAfter(*line, start + 1);
  }
  const std::string died = "in step " + std::to_string(result.failed_step) + " (";
  if (const std::size_t at = result.failure.find(died); at != std::string::npos) {
    return WordAfter(result.failure, at + died.size());
  }
  return "checker";
}

void Shrink(const SelfTestOptions& options, const sim::Scenario& scenario,
            const sim::RunOptions& run, const sim::RunResult& result, MutantOutcome& outcome) {
  if (options.shrink_time_max.count() == 0) {
    outcome.shrink_note = "not shrunk (--shrink-time 0)";
    return;
  }
  const std::filesystem::path directory =
      std::filesystem::path(options.work_directory) / "regressions";
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  const std::string path = (directory / (outcome.name + ".yaml")).string();
  Result<RegressionWritten> written =
      WriteRegression(scenario, run, result, path, options.shrink_time_max, options.isolation);
  if (!written.ok()) {
    outcome.shrink_note = written.status().message();
    return;
  }
  outcome.shrunk_operations = written.value().operations;
  outcome.regression_path = written.value().path;
  outcome.shrink_note = fmt::format("shrunk from {} to {} operations in {} runs",
                                    written.value().history, written.value().operations,
                                    written.value().runs);
}

MutantOutcome TestOne(const SelfTestOptions& options, const MutantUnderTest& mutant,
                      const std::vector<ScheduledRun>& schedule) {
  MutantOutcome outcome;
  outcome.name = mutant.name;
  outcome.description = mutant.description;
  const SteadyClock::time_point start = SteadyClock::now();
  const std::size_t budget =
      std::min(schedule.size(), static_cast<std::size_t>(std::max<std::int64_t>(0, options.seeds_max)));
  for (std::size_t index = 0; index < budget; ++index) {
    if (SecondsSince(start) >= static_cast<double>(options.time_per_mutant.count())) break;
    const sim::Scenario& scenario = *schedule[index].scenario;
    sim::RunOptions run;
    run.target = mutant.target;
    run.seed = schedule[index].seed;
    run.data_root = (std::filesystem::path(options.work_directory) / "data").string();
    run.find_first_divergence = false;  // the kill is what counts; bisecting costs runs
    const sim::RunResult result = RunIsolated(scenario, run, options.isolation);
    ++outcome.seeds_run;
    if (result.ok) continue;
    outcome.killed = true;
    outcome.seconds = SecondsSince(start);
    outcome.caught_by = result.protocol_error.empty() ? result.violation.ToString() : "protocol";
    outcome.operation = OperationAt(result);
    outcome.scenario = scenario.name;
    outcome.seed = run.seed;
    outcome.step = result.failed_step;
    outcome.replay = sim::ReplayCommand(scenario, run);
    if (result.protocol_error.empty()) {
      Shrink(options, scenario, run, result, outcome);
    } else {
      outcome.shrink_note = "not shrunk: " + result.protocol_error;
    }
    return outcome;
  }
  outcome.seconds = SecondsSince(start);
  return outcome;
}

std::string Describe(const MutantOutcome& outcome) {
  return outcome.killed ? fmt::format("{} at step {} ({})", outcome.caught_by, outcome.step,
                                      outcome.operation)
                        : "-";
}

}  // namespace

int SelfTestReport::Killed() const {
  return static_cast<int>(std::count_if(mutants.begin(), mutants.end(),
                                        [](const MutantOutcome& outcome) { return outcome.killed; }));
}

double SelfTestReport::MedianDetectionSeconds() const {
  std::vector<double> seconds;
  for (const MutantOutcome& outcome : mutants) {
    if (outcome.killed) seconds.push_back(outcome.seconds);
  }
  if (seconds.empty()) return 0;
  std::sort(seconds.begin(), seconds.end());
  const std::size_t middle = seconds.size() / 2;
  return seconds.size() % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
}

int SelfTestReport::ExitCode() const {
  return Killed() == static_cast<int>(mutants.size()) ? 0 : 1;
}

SelfTestReport RunSelfTest(const SelfTestOptions& options) {
  SelfTestReport report;
  report.suite_seeds = options.seeds_max;
  std::vector<const sim::Scenario*> scenarios;
  for (const sim::Scenario& scenario : options.scenarios) scenarios.push_back(&scenario);
  const std::vector<ScheduledRun> schedule = RoundRobin(scenarios);
  const SteadyClock::time_point start = SteadyClock::now();
  for (const MutantUnderTest& mutant : options.mutants) {
    EVSIM_ASSERT(mutant.target != nullptr);
    if (options.progress) *options.progress << "mutant:" << mutant.name << " ... " << std::flush;
    MutantOutcome outcome = TestOne(options, mutant, schedule);
    if (options.progress) {
      *options.progress << (outcome.killed
                                ? fmt::format("killed by {} seed {} after {} seeds, {:.1f} s: {}; {}",
                                              outcome.scenario, outcome.seed, outcome.seeds_run,
                                              outcome.seconds, Describe(outcome),
                                              outcome.shrink_note)
                                : fmt::format("SURVIVED {} seeds, {:.1f} s", outcome.seeds_run,
                                              outcome.seconds))
                        << "\n"
                        << std::flush;
    }
    report.mutants.push_back(std::move(outcome));
  }
  report.seconds = SecondsSince(start);
  return report;
}

std::string RenderSelfTestTable(const SelfTestReport& report) {
  std::size_t width = 6;
  for (const MutantOutcome& outcome : report.mutants) width = std::max(width, outcome.name.size());
  std::string text = fmt::format("\n{:<{}}  {:<8} {:>5} {:>8} {:>7}  {}\n", "mutant", width,
                                 "killed", "seeds", "seconds", "shrunk", "caught by");
  for (const MutantOutcome& outcome : report.mutants) {
    text += fmt::format("{:<{}}  {:<8} {:>5} {:>8.1f} {:>7}  {}\n", outcome.name, width,
                        outcome.killed ? "killed" : "SURVIVED", outcome.seeds_run,
                        outcome.seconds,
                        outcome.shrunk_operations ? std::to_string(outcome.shrunk_operations) : "-",
                        outcome.killed ? Describe(outcome) + " in " + outcome.scenario + " seed " +
                                             std::to_string(outcome.seed)
                                       : "-");
  }
  text += fmt::format(
      "{} of {} mutants killed by the default suite ({} seeds at most each); median time to "
      "detection {:.1f} s; {:.0f} s in all\n",
      report.Killed(), report.mutants.size(), report.suite_seeds, report.MedianDetectionSeconds(),
      report.seconds);
  return text;
}

std::string RenderSelfTestMarkdown(const SelfTestReport& report) {
  std::string text = fmt::format("## {} evsim gate --self-test: {} of {} mutants killed\n\n",
                                 report.ExitCode() == 0 ? "✅" : "❌", report.Killed(),
                                 report.mutants.size());
  text += fmt::format(
      "The default suite ({} seeds at most) against each public mutant; median time to detection "
      "{:.1f} s.\n\n",
      report.suite_seeds, report.MedianDetectionSeconds());
  text += "| mutant | killed | seeds | seconds | shrunk to | caught by | the bug |\n";
  text += "|---|---|---|---|---|---|---|\n";
  for (const MutantOutcome& outcome : report.mutants) {
    text += fmt::format("| `{}` | {} | {} | {:.1f} | {} | {} | {} |\n", outcome.name,
                        outcome.killed ? "✅ killed" : "❌ survived", outcome.seeds_run,
                        outcome.seconds,
                        outcome.shrunk_operations
                            ? std::to_string(outcome.shrunk_operations) +
                                  (outcome.shrunk_operations == 1 ? " operation" : " operations")
                            : "-",
                        outcome.killed ? "`" + Describe(outcome) + "` in " + outcome.scenario +
                                             " seed " + std::to_string(outcome.seed)
                                       : "-",
                        outcome.description);
  }
  return text;
}

}  // namespace evsim::gate
