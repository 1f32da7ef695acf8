#include "evsim/gate/conformance.h"

#include <filesystem>

#include "evsim/gate/failure_report.h"
#include "evsim/gate/regression.h"
#include "evsim/gate/schedule.h"

namespace evsim::gate {
namespace {

using SteadyClock = std::chrono::steady_clock;
using sim::Invariant;

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

std::string Missing(Capabilities required, Capabilities declared) {
  std::string missing;
  for (Capability capability : kAllCapabilities) {
    if (required.Has(capability) && !declared.Has(capability)) {
      missing += std::string(missing.empty() ? "" : ", ") + std::string(CapabilityName(capability));
    }
  }
  return missing;
}

std::string Format(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

FailureRecord RecordOf(const sim::Scenario& scenario, const sim::RunOptions& options,
                       const sim::RunResult& result) {
  FailureRecord record;
  record.scenario_name = scenario.name;
  record.scenario_path = scenario.path;
  record.seed = options.seed;
  record.failed_step = result.failed_step;
  record.first_divergent_step = result.first_divergent_step;
  record.failure = result.protocol_error.empty() ? result.failure : result.protocol_error;
  record.replay = sim::ReplayCommand(scenario, options);
  record.report = DescribeFailure(scenario, options, result);
  return record;
}

// Shrinks and writes the failure as a regression scenario under the work directory.
void AddRegression(const GateOptions& options, const sim::Scenario& scenario,
                   const sim::RunOptions& run, const sim::RunResult& result,
                   FailureRecord& record) {
  const std::filesystem::path directory =
      std::filesystem::path(options.work_directory) / "regressions";
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  const std::string path =
      (directory / (scenario.name + "-seed" + std::to_string(run.seed) + ".yaml")).string();
  Result<RegressionWritten> written =
      WriteRegression(scenario, run, result, path, options.shrink_time_max, options.isolation,
                      options.progress ? ShrinkProgressLines(*options.progress) : sim::ShrinkObserver{});
  if (!written.ok()) {
    record.regression_note = written.status().message();
    return;
  }
  record.regression_path = written.value().path;
  record.regression_operations = written.value().operations;
  record.regression_note = "shrunk from " + std::to_string(written.value().history) + " to " +
                           std::to_string(written.value().operations) + " operations in " +
                           std::to_string(written.value().runs) + " runs";
}

}  // namespace

Result<Budget> Budget::Parse(const std::string& text) {
  const bool in_seconds = !text.empty() && text.back() == 's';
  const std::string digits = in_seconds ? text.substr(0, text.size() - 1) : text;
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos || std::stoll(digits) == 0) {
    return Status::InvalidArgument("--budget: expected a number of seeds (200) or of seconds "
                                   "(60s), at least 1 and below 10^9, got '" + text + "'");
  }
  Budget budget;
  if (in_seconds) {
    budget.seconds = std::chrono::seconds(std::stoll(digits));
  } else {
    budget.seeds = std::stoll(digits);
  }
  return budget;
}

std::string Budget::ToString() const {
  if (seeds > 0) return std::to_string(seeds) + " seeds";
  return std::to_string(seconds.count()) + " s";
}

CellState GateReport::State(Capability capability, Invariant invariant) const {
  if (!sim::Applies(capability, invariant)) return CellState::kNotApplicable;
  const bool declared = target.capabilities.Has(capability);
  if (invariant == Invariant::kUnsupportedWhenUndeclared && declared) {
    return CellState::kNotApplicable;
  }
  if (invariant != Invariant::kUnsupportedWhenUndeclared && !declared) {
    return CellState::kNotSupported;
  }
  const CellOutcome& cell = Cell(capability, invariant);
  if (cell.failure) return CellState::kFail;
  if (cell.seeds > 0) return CellState::kPass;
  if (invariant == Invariant::kDetectsCorruption && target.faults.bit_flip_files.empty()) {
    return CellState::kNotTestable;
  }
  return CellState::kNotExercised;
}

std::vector<std::string> GateReport::NotExercised() const {
  std::vector<std::string> cells;
  for (Capability capability : kAllCapabilities) {
    for (int index = 0; index < sim::kInvariantCount; ++index) {
      const auto invariant = static_cast<Invariant>(index);
      if (State(capability, invariant) == CellState::kNotExercised) {
        cells.push_back(sim::Violation{capability, invariant}.ToString());
      }
    }
  }
  return cells;
}

std::int64_t GateReport::TotalSteps() const {
  std::int64_t total = 0;
  for (const SeedRecord& run : runs) total += run.steps;
  return total;
}

std::int64_t GateReport::TotalCrashes() const {
  std::int64_t total = 0;
  for (const SeedRecord& run : runs) total += run.crashes;
  return total;
}

std::int64_t GateReport::TotalRestarts() const {
  std::int64_t total = 0;
  for (const SeedRecord& run : runs) total += run.restarts;
  return total;
}

int GateReport::ExitCode() const {
  if (protocol_error) return 2;
  if (runs.empty()) return 2;  // nothing was judged: never a pass
  for (Capability capability : kAllCapabilities) {
    for (int invariant = 0; invariant < sim::kInvariantCount; ++invariant) {
      if (State(capability, static_cast<Invariant>(invariant)) == CellState::kFail) return 1;
    }
  }
  return 0;
}

GateReport RunGate(const GateOptions& options) {
  EVSIM_ASSERT(options.target != nullptr);
  GateReport report;
  report.target = options.target->description;
  report.budget = options.budget;
  std::vector<const sim::Scenario*> runnable;
  for (const sim::Scenario& scenario : options.scenarios) {
    const std::string missing = Missing(scenario.required, report.target.capabilities);
    if (missing.empty()) {
      runnable.push_back(&scenario);
    } else {
      report.skipped.push_back(scenario.name + " (needs " + missing + ")");
    }
  }
  const std::vector<ScheduledRun> schedule = RoundRobin(runnable);
  const SteadyClock::time_point start = SteadyClock::now();
  std::ostream* out = options.progress;
  for (std::size_t index = 0; index < schedule.size(); ++index) {
    const bool out_of_seeds =
        options.budget.seeds > 0 && static_cast<std::int64_t>(index) >= options.budget.seeds;
    const bool out_of_time = options.budget.seconds.count() > 0 &&
                             SecondsSince(start) >= options.budget.seconds.count();
    if (out_of_seeds || out_of_time) {
      report.budget_exhausted = true;
      break;
    }
    if (!options.shard.Owns(index)) continue;
    const sim::Scenario& scenario = *schedule[index].scenario;
    sim::RunOptions run;
    run.target = options.target;
    run.seed = schedule[index].seed;
    run.data_root = (std::filesystem::path(options.work_directory) / "data").string();
    run.keep_failed_data = true;
    // Printed before the seed runs, so that even a crash of evsim leaves it on the screen.
    if (out) *out << "[" << index + 1 << "] " << sim::ReplayCommand(scenario, run) << " ... " << std::flush;
    const SteadyClock::time_point started = SteadyClock::now();
    const sim::RunResult result = RunIsolated(scenario, run, options.isolation);
    report.probes += result.probes;
    SeedRecord record{scenario.name, run.seed, result.ok, result.steps_run, result.crashes,
                      result.restarts, SecondsSince(started), "", result.trace_digest};
    for (Capability capability : kAllCapabilities) {
      for (int invariant = 0; invariant < sim::kInvariantCount; ++invariant) {
        const std::int64_t checks = result.checked.Get(capability, static_cast<Invariant>(invariant));
        if (checks == 0) continue;
        CellOutcome& cell = report.cells[sim::CapabilityIndex(capability)][invariant];
        ++cell.seeds;
        cell.checks += checks;
      }
    }
    if (result.ok) {
      if (out) {
        *out << "ok (" << result.steps_run << " steps, " << result.crashes << " crashes, "
             << Format("%.1f s)", record.seconds) << "\n";
      }
      report.runs.push_back(record);
      continue;
    }
    FailureRecord failure = RecordOf(scenario, run, result);
    if (!result.protocol_error.empty()) {
      record.violation = "protocol";
      report.runs.push_back(record);
      if (out) *out << "PROTOCOL VIOLATION\n" << failure.report;
      report.protocol_error = std::move(failure);
      break;
    }
    record.violation = result.violation.ToString();
    report.runs.push_back(record);
    if (out) *out << "FAILED " << record.violation << "\n" << failure.report;
    CellOutcome& cell = report.cells[sim::CapabilityIndex(result.violation.capability)]
                                    [static_cast<int>(result.violation.invariant)];
    if (cell.failure) continue;  // the first failure of a cell is shrunk; later ones are listed
    AddRegression(options, scenario, run, result, failure);
    if (out) {
      *out << (failure.regression_path.empty()
                   ? "  no regression scenario: " + failure.regression_note
                   : "  regression scenario (" + failure.regression_note + "): " +
                         failure.regression_path)
           << "\n";
    }
    cell.failure = std::move(failure);
  }
  report.seconds = SecondsSince(start);
  return report;
}

}  // namespace evsim::gate
