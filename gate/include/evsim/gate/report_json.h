#pragma once
// A gate report as JSON (`evsim gate --json FILE`), and merging the reports of the shards of one
// suite (`evsim merge-reports`) into the report the unsharded gate would have written: cells
// add up their seeds and checks, the first failure of a cell is kept, runs are listed in
// (scenario, seed) order. The merged report renders as JUnit and Markdown like any other
// (reports.h). JSON, not the JUnit or Markdown files themselves, because those are renderings:
// they leave out what a merge needs (checks per cell, every run).

#include <string>
#include <vector>

#include "evsim/gate/conformance.h"
#include "evsim/records/result.h"

namespace evsim::gate {

// One JSON document; `shard` ("2/4", or "" for a whole run) is recorded beside the report.
std::string ReportToJson(const GateReport& report, const std::string& shard);

// invalid_argument naming `origin` and what is wrong, for anything that is not a report this
// version of evsim wrote.
Result<GateReport> ReportFromJson(const std::string& text, const std::string& origin);

// invalid_argument when the reports judged different targets, or when two hold the same
// (scenario, seed): shards of one suite never overlap. REQUIRES: !reports.empty().
Result<GateReport> MergeReports(const std::vector<GateReport>& reports);

}  // namespace evsim::gate
