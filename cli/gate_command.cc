// evsim gate: the conformance suite against one target, with its matrix, JUnit and Markdown.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "report_files.h"
#include "evsim/gate/conformance.h"
#include "evsim/gate/reports.h"
#include "evsim/gate/html_report.h"
#include "evsim/gate/self_test.h"
#include "evsim/probes/probe_table.h"
#include "evsim/store/mutation.h"

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

// The gate's failures as the HTML report shows them: one per failed cell (and the protocol
// error), with the trace lines its report keeps.
std::vector<gate::HtmlRun> HtmlRunsOf(const gate::GateReport& report) {
  std::vector<gate::HtmlRun> runs;
  auto add = [&runs](const gate::FailureRecord& failure) {
    gate::HtmlRun run{failure.scenario_name + " seed " + std::to_string(failure.seed), false,
                      failure.report, failure.replay, failure.failed_step,
                      failure.first_divergent_step, {}, true};
    std::istringstream lines(failure.report);
    for (std::string line; std::getline(lines, line);) {
      const std::size_t start = line.find_first_not_of(' ');
      if (start != std::string::npos && line.compare(start, 5, "step=") == 0) {
        run.trace.push_back(line.substr(start));
      }
    }
    runs.push_back(std::move(run));
  };
  if (report.protocol_error) add(*report.protocol_error);
  for (const auto& row : report.cells) {
    for (const gate::CellOutcome& cell : row) {
      if (cell.failure) add(*cell.failure);
    }
  }
  return runs;
}

}  // namespace

// evsim gate --self-test: the default suite against every public mutant, the kill table.
// The work directory (--work-dir, else `default_name` here), created. An error names the option.
Result<std::string> MakeWorkDirectory(const TargetArguments& target,
                                      const std::string& default_name) {
  const std::string work = target.work_directory.empty() ? default_name : target.work_directory;
  std::error_code error;
  std::filesystem::create_directories(work, error);
  if (error) {
    return Status::InvalidArgument("--work-dir: cannot create '" + work + "': " + error.message());
  }
  return work;
}

int SelfTestCommand(const GateArguments& arguments) {
  std::int64_t seeds = kDefaultSuiteSeeds;
  if (!arguments.budget.empty()) {
    Result<gate::Budget> budget = gate::Budget::Parse(arguments.budget);
    if (!budget.ok()) return BadInput(budget.status().message());
    if (budget.value().seeds == 0) {
      return BadInput("--budget with --self-test is the default suite's seeds per mutant (600), "
                      "not seconds; --mutant-time bounds each mutant's time");
    }
    seeds = budget.value().seeds;
  }
  Result<std::chrono::milliseconds> mutant_time =
      ParseDuration("--mutant-time", arguments.mutant_time);
  if (!mutant_time.ok()) return BadInput(mutant_time.status().message());
  // "0" is allowed here: the table without shrunk lengths, quickly.
  Result<std::chrono::milliseconds> shrink_time =
      arguments.shrink_time == "0"
          ? Result<std::chrono::milliseconds>(std::chrono::milliseconds(0))
          : ParseDuration("--shrink-time",
                          arguments.shrink_time.empty() ? "5s" : arguments.shrink_time);
  if (!shrink_time.ok()) return BadInput(shrink_time.status().message());
  const std::vector<std::string> paths = DefaultSuiteFiles(arguments.suite);
  if (paths.empty()) return BadInput("no default suite in " + arguments.suite);
  Result<std::vector<sim::Scenario>> scenarios = LoadScenarios(paths);
  if (!scenarios.ok()) return BadInput(scenarios.status().message());
  std::ofstream markdown;
  if (Status opened = OpenReport("--markdown", arguments.markdown_path, markdown); !opened.ok()) {
    return BadInput(opened.message());
  }
  if (arguments.target.adapter != "store" || !arguments.target.inject_bug.empty()) {
    return BadInput("--self-test chooses its targets itself (every public mutant): drop --adapter");
  }
  Result<std::string> made = MakeWorkDirectory(arguments.target, "evsim-self-test");
  if (!made.ok()) return BadInput(made.status().message());
  const std::string work = made.value();
  Result<gate::IsolationLimits> limits = IsolationOf(arguments.target);
  if (!limits.ok()) return BadInput(limits.status().message());
  // Every public mutant; the misbehaving ones (abort, throw, loop, allocate) are the isolation
  // tests' (properties/gate), not a measure of the suite.
  std::vector<sim::TargetFactory> factories;
  std::vector<const MutationInfo*> infos;
  for (const MutationInfo& info : Mutations()) {
    if (info.needs_isolation) continue;
    TargetArguments target = arguments.target;
    target.adapter = "mutant:" + std::string(info.name);
    Result<sim::TargetFactory> factory = MakeTarget(target, work + "/data");
    if (!factory.ok()) return BadInput(factory.status().message());
    factories.push_back(std::move(factory).value());
    infos.push_back(&info);
  }
  gate::SelfTestOptions options;
  for (std::size_t index = 0; index < factories.size(); ++index) {
    options.mutants.push_back(gate::MutantUnderTest{std::string(infos[index]->name),
                                                    std::string(infos[index]->description),
                                                    &factories[index]});
  }
  options.scenarios = std::move(scenarios).value();
  options.seeds_max = seeds;
  options.time_per_mutant =
      std::max(std::chrono::seconds(1),
               std::chrono::duration_cast<std::chrono::seconds>(mutant_time.value()));
  options.shrink_time_max = std::chrono::duration_cast<std::chrono::seconds>(shrink_time.value());
  options.work_directory = work;
  options.isolation = limits.value();
  options.progress = &std::cout;
  std::cout << "evsim gate --self-test: the default suite (" << seeds << " seeds at most, "
            << options.time_per_mutant.count() << " s at most) against " << options.mutants.size()
            << " mutants; work directory " << work << "\n\n"
            << std::flush;
  const gate::SelfTestReport report = gate::RunSelfTest(options);
  std::cout << gate::RenderSelfTestTable(report) << std::flush;
  if (markdown.is_open()) {
    markdown << gate::RenderSelfTestMarkdown(report);
    markdown.close();
    if (!markdown) return BadInput("--markdown: writing '" + arguments.markdown_path + "' failed");
    std::cout << "Markdown: " << arguments.markdown_path << "\n";
  }
  std::error_code error;
  std::filesystem::remove(work + "/data", error);  // only when empty: kept data stays
  return report.ExitCode();
}

int GateCommand(const GateArguments& arguments) {
  if (arguments.self_test) return SelfTestCommand(arguments);
  Result<gate::Budget> budget =
      gate::Budget::Parse(arguments.budget.empty() ? "45s" : arguments.budget);
  if (!budget.ok()) return BadInput(budget.status().message());
  Result<std::chrono::milliseconds> shrink_time = ParseDuration(
      "--shrink-time", arguments.shrink_time.empty() ? "60s" : arguments.shrink_time);
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
  gate::Shard shard;
  if (!arguments.shard.empty()) {
    Result<gate::Shard> parsed = gate::Shard::Parse(arguments.shard);
    if (!parsed.ok()) return BadInput(parsed.status().message());
    shard = parsed.value();
  }
  ReportFiles files;
  if (Status opened = files.Open(arguments.junit_path, arguments.markdown_path, arguments.json_path);
      !opened.ok()) {
    return BadInput(opened.message());
  }
  Result<std::string> made = MakeWorkDirectory(arguments.target, "evsim-gate");
  if (!made.ok()) return BadInput(made.status().message());
  const std::string work = made.value();
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
            << (shard.IsWhole() ? "" : "; shard " + shard.ToString())
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
  options.shard = shard;
  const gate::GateReport report = gate::RunGate(options);
  std::cout << gate::RenderMatrix(report) << std::flush;
  if (arguments.probes) std::cout << "\n" << FormatProbeTable(report.probes) << std::flush;
  if (Status written = files.Write(report, shard.IsWhole() ? "" : shard.ToString(), std::cout);
      !written.ok()) {
    return BadInput(written.message());
  }
  if (!arguments.html_path.empty()) {
    std::ofstream html(arguments.html_path);
    html << gate::RenderHtml("evsim gate: " + report.target.spec, HtmlRunsOf(report), &report);
    html.close();
    if (!html) return BadInput("--html: cannot write '" + arguments.html_path + "'");
    std::cout << "HTML report: " << arguments.html_path << "\n";
  }
  std::error_code error;
  std::filesystem::remove(work + "/data", error);  // only when empty: kept data stays
  std::filesystem::remove(work, error);
  return report.ExitCode();
}

}  // namespace evsim::cli
