#include "evsim/gate/failure_report.h"

#include <fstream>

#include "evsim/sim/shrink.h"

namespace evsim::gate {

std::string DescribeFailure(const sim::Scenario& scenario, const sim::RunOptions& options,
                            const sim::RunResult& result) {
  std::string text = "\nFAILED " + scenario.name + " seed=" + std::to_string(options.seed) +
                     "\n  " + result.header + "\n";
  if (!result.protocol_error.empty()) {
    text += "  PROTOCOL VIOLATION at step " + std::to_string(result.failed_step) + ": " +
            result.protocol_error + "\n";
  } else {
    text += "  at step " + std::to_string(result.failed_step) + ", " +
            result.violation.ToString() + ": " + result.failure + "\n";
  }
  if (result.first_divergent_step >= 0) {
    text += "  first divergent step: " + std::to_string(result.first_divergent_step) +
            " (bisected: store and model first differ after it)\n";
  }
  text += "  last trace lines:\n";
  for (const std::string& line : result.last_trace_lines) text += "    " + line + "\n";
  if (!result.diagnostics.empty()) {
    text += "  the adapter's stderr (last lines):\n";
    std::size_t start = 0;
    while (start < result.diagnostics.size()) {
      std::size_t end = result.diagnostics.find('\n', start);
      if (end == std::string::npos) end = result.diagnostics.size();
      text += "    | " + result.diagnostics.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  if (!result.data_directory.empty()) {
    text += "  the store's data, kept: " + result.data_directory + "\n";
  }
  text += "  replay: " + sim::ReplayCommand(scenario, options) + "\n";
  return text;
}

Result<RegressionWritten> WriteRegression(const sim::Scenario& scenario,
                                          const sim::RunOptions& options,
                                          const sim::RunResult& result, const std::string& path,
                                          std::chrono::seconds time_max) {
  EVSIM_ASSERT(!result.ok && result.protocol_error.empty());
  // A run keeps no history (memory would grow with its steps); the seed replays it exactly, this
  // time recording every action with what its disk chose.
  sim::RunOptions recording = options;
  recording.record_actions = true;
  recording.trace = nullptr;
  recording.find_first_divergence = false;
  recording.keep_failed_data = false;
  const sim::RunResult recorded = sim::RunSimulation(scenario, recording);
  if (recorded.ok || sim::FailureKey(recorded) != sim::FailureKey(result) ||
      recorded.failed_step != result.failed_step) {
    return Status::Error(ErrorCode::kCorruption,
                         "the seed did not fail again the same way when replayed, so the run is "
                         "not deterministic (an adapter reading its own clock?)");
  }
  const std::size_t through = std::min<std::size_t>(
      recorded.actions.size(), static_cast<std::size_t>(std::max<std::int64_t>(0, recorded.failed_step)) + 1);
  const std::vector<sim::Action> history(recorded.actions.begin(),
                                         recorded.actions.begin() + static_cast<std::ptrdiff_t>(through));
  const std::string key = sim::FailureKey(result);
  sim::RunOptions quiet = options;
  quiet.keep_failed_data = false;
  const sim::ShrinkResult shrunk = sim::ShrinkFailure(scenario, quiet, history, key, 400, time_max);
  const std::string comment = "regression: " + scenario.name + " seed " +
                              std::to_string(options.seed) + " (" + result.violation.ToString() +
                              "), shrunk from " +
                              std::to_string(history.size()) +
                              " to " + std::to_string(shrunk.actions.size()) + " operations in " +
                              std::to_string(shrunk.runs) + " runs";
  std::ofstream out(path);
  out << sim::ScenarioWithOps(shrunk.scenario, shrunk.actions, comment);
  out.close();
  if (!out) return Status::IoError("cannot write the regression scenario '" + path + "'");
  return RegressionWritten{path, shrunk.actions.size(), history.size(), shrunk.runs};
}

}  // namespace evsim::gate
