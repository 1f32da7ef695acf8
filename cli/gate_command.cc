// evsim gate: the conformance suite against one target, with its matrix, JUnit and Markdown.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "evsim/gate/conformance.h"
#include "evsim/gate/reports.h"
#include "evsim/probes/probe_table.h"

namespace evsim::cli {
namespace {

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// Opens a report file before the run, so that a bad path costs nothing but the message.
Status OpenReport(const std::string& option, const std::string& path, std::ofstream& out) {
  if (path.empty()) return Status::Ok();
  out.open(path);
  if (!out) return Status::InvalidArgument(option + ": cannot write '" + path + "'");
  return Status::Ok();
}

}  // namespace

int GateCommand(const GateArguments& arguments) {
  Result<gate::Budget> budget = gate::Budget::Parse(arguments.budget);
  if (!budget.ok()) return BadInput(budget.status().message());
  Result<std::chrono::milliseconds> shrink_time = ParseDuration("--shrink-time", arguments.shrink_time);
  if (!shrink_time.ok()) return BadInput(shrink_time.status().message());
  std::vector<std::string> paths;
  for (const std::string& tier : SplitCommas(arguments.tiers)) {
    const std::string directory = arguments.suite + "/" + tier;
    if (!std::filesystem::is_directory(directory)) {
      return BadInput("--tiers: no tier '" + tier + "' (no directory " + directory + ")");
    }
    for (const std::string& path : ScenarioFiles(directory)) paths.push_back(path);
  }
  if (paths.empty()) return BadInput("--tiers '" + arguments.tiers + "' holds no scenarios");
  Result<std::vector<sim::Scenario>> scenarios = LoadScenarios(paths);
  if (!scenarios.ok()) return BadInput(scenarios.status().message());
  std::ofstream junit, markdown;
  if (Status opened = OpenReport("--junit", arguments.junit_path, junit); !opened.ok()) {
    return BadInput(opened.message());
  }
  if (Status opened = OpenReport("--markdown", arguments.markdown_path, markdown); !opened.ok()) {
    return BadInput(opened.message());
  }
  const std::string work = arguments.target.work_directory.empty()
                               ? "evsim-gate"
                               : arguments.target.work_directory;
  std::error_code error;
  std::filesystem::create_directories(work, error);
  if (error) return BadInput("--work-dir: cannot create '" + work + "': " + error.message());
  std::cout << "evsim gate: starting " << arguments.target.adapter << " for the handshake\n"
            << std::flush;
  Result<gate::IsolationLimits> limits = IsolationOf(arguments.target);
  if (!limits.ok()) return BadInput(limits.status().message());
  Result<sim::TargetFactory> target = MakeTarget(arguments.target, work + "/data");
  if (!target.ok()) return BadInput(target.status().message());
  const sim::TargetDescription& description = target.value().description;
  std::cout << "adapter: " << description.name << " " << description.version << " ("
            << description.spec << ")\ncapabilities: " << description.capabilities.ToString()
            << "; background work: "
            << (description.background == sim::BackgroundMode::kHarness ? "run by evsim"
                                                                         : "the adapter's own")
            << "\nbudget: " << budget.value().ToString() << "; tiers: " << arguments.tiers
            << "; work directory: " << work << "\n\n"
            << std::flush;
  gate::GateOptions options;
  options.target = &target.value();
  options.scenarios = std::move(scenarios).value();
  options.budget = budget.value();
  options.work_directory = work;
  options.shrink_time_max = std::chrono::duration_cast<std::chrono::seconds>(shrink_time.value());
  if (options.shrink_time_max.count() == 0) options.shrink_time_max = std::chrono::seconds(1);
  options.progress = &std::cout;
  options.isolation = limits.value();
  const gate::GateReport report = gate::RunGate(options);
  std::cout << gate::RenderMatrix(report) << std::flush;
  if (arguments.probes) std::cout << "\n" << FormatProbeTable(report.probes) << std::flush;
  if (junit.is_open()) {
    junit << gate::RenderJUnit(report);
    junit.close();
    if (!junit) return BadInput("--junit: writing '" + arguments.junit_path + "' failed");
    std::cout << "JUnit XML: " << arguments.junit_path << "\n";
  }
  if (markdown.is_open()) {
    markdown << gate::RenderMarkdown(report);
    markdown.close();
    if (!markdown) return BadInput("--markdown: writing '" + arguments.markdown_path + "' failed");
    std::cout << "Markdown: " << arguments.markdown_path << "\n";
  }
  std::filesystem::remove(work + "/data", error);  // only when empty: kept data stays
  std::filesystem::remove(work, error);
  return report.ExitCode();
}

}  // namespace evsim::cli
