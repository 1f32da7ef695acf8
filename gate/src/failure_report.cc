#include "evsim/gate/failure_report.h"

#include "evsim/sim/printable.h"

namespace evsim::gate {

std::string DescribeFailure(const sim::Scenario& scenario, const sim::RunOptions& options,
                            const sim::RunResult& result) {
  // The failure text and the trace lines are already printable (the simulator escapes them);
  // the header names the scenario, and stderr is whatever the adapter wrote.
  std::string text = "\nFAILED " + sim::Printable(scenario.name) + " seed=" +
                     std::to_string(options.seed) + "\n  " + sim::Printable(result.header) + "\n";
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
      text += "    | " + sim::Printable(result.diagnostics.substr(start, end - start)) + "\n";
      start = end + 1;
    }
  }
  if (!result.data_directory.empty()) {
    text += "  the store's data, kept: " + result.data_directory + "\n";
  }
  text += "  replay: " + sim::ReplayCommand(scenario, options) + "\n";
  return text;
}

}  // namespace evsim::gate
