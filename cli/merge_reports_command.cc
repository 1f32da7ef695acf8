// evsim merge-reports: the JSON reports of a sharded gate into the report of the whole suite.
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "evsim/gate/report_json.h"
#include "evsim/gate/reports.h"
#include "report_files.h"

namespace evsim::cli {

int MergeReportsCommand(const MergeReportsArguments& arguments) {
  if (arguments.reports.empty()) return BadInput("merge-reports: give the shards' JSON reports");
  ReportFiles files;
  if (Status opened = files.Open(arguments.junit_path, arguments.markdown_path, arguments.json_path);
      !opened.ok()) {
    return BadInput(opened.message());
  }
  std::vector<gate::GateReport> reports;
  for (const std::string& path : arguments.reports) {
    std::ifstream in(path);
    if (!in) return BadInput("merge-reports: cannot read '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    Result<gate::GateReport> report = gate::ReportFromJson(text.str(), path);
    if (!report.ok()) return BadInput(report.status().message());
    reports.push_back(std::move(report).value());
  }
  Result<gate::GateReport> merged = gate::MergeReports(reports);
  if (!merged.ok()) return BadInput("merge-reports: " + merged.status().message());
  std::cout << "evsim merge-reports: " << reports.size() << " reports, "
            << merged.value().runs.size() << " runs\n\n"
            << gate::RenderMatrix(merged.value()) << std::flush;
  if (Status written = files.Write(merged.value(), "", std::cout); !written.ok()) {
    return BadInput(written.message());
  }
  return merged.value().ExitCode();
}

}  // namespace evsim::cli
