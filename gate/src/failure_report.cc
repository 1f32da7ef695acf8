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
  const std::size_t through = std::min<std::size_t>(
      result.actions.size(), static_cast<std::size_t>(std::max<std::int64_t>(0, result.failed_step)) + 1);
  const std::vector<sim::Action> history(result.actions.begin(),
                                         result.actions.begin() + static_cast<std::ptrdiff_t>(through));
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
