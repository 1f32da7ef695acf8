#include "evsim/gate/report_json.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

namespace evsim::gate {

// A failure's JSON: one key per field, named as the field (nlohmann writes and reads both ways).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FailureRecord, scenario_name, scenario_path, seed, failed_step,
                                   first_divergent_step, failure, replay, regression_path,
                                   regression_note, regression_operations, report)

namespace {

using Json = nlohmann::json;
constexpr int kFormatVersion = 1;

Json TargetToJson(const sim::TargetDescription& target) {
  return Json{{"spec", target.spec},
              {"name", target.name},
              {"version", target.version},
              {"capabilities", target.capabilities.bits()},
              {"crash", target.faults.crash},
              {"restart", target.faults.restart},
              {"disk_faults", target.faults.disk_faults},
              {"bit_flip_files", target.faults.bit_flip_files},
              {"background_by_harness", target.background == sim::BackgroundMode::kHarness},
              {"bounds_delivery_queue", target.bounds_delivery_queue}};
}

sim::TargetDescription TargetFromJson(const Json& json) {
  sim::TargetDescription target;
  json.at("spec").get_to(target.spec);
  json.at("name").get_to(target.name);
  json.at("version").get_to(target.version);
  Capabilities capabilities;
  const auto bits = json.at("capabilities").get<std::uint32_t>();
  for (Capability capability : kAllCapabilities) {
    if ((bits & static_cast<std::uint32_t>(capability)) != 0) {
      capabilities = capabilities.With(capability);
    }
  }
  target.capabilities = capabilities;
  json.at("crash").get_to(target.faults.crash);
  json.at("restart").get_to(target.faults.restart);
  json.at("disk_faults").get_to(target.faults.disk_faults);
  json.at("bit_flip_files").get_to(target.faults.bit_flip_files);
  target.background = json.at("background_by_harness").get<bool>() ? sim::BackgroundMode::kHarness
                                                                   : sim::BackgroundMode::kAdapter;
  json.at("bounds_delivery_queue").get_to(target.bounds_delivery_queue);
  return target;
}

}  // namespace

std::string ReportToJson(const GateReport& report, const std::string& shard) {
  Json runs = Json::array();
  for (const SeedRecord& run : report.runs) {
    runs.push_back(Json{{"scenario", run.scenario_name}, {"seed", run.seed}, {"ok", run.ok},
                        {"steps", run.steps}, {"crashes", run.crashes},
                        {"restarts", run.restarts}, {"seconds", run.seconds},
                        {"violation", run.violation}, {"digest", run.digest}});
  }
  Json cells = Json::array();
  for (Capability capability : kAllCapabilities) {
    for (int index = 0; index < sim::kInvariantCount; ++index) {
      const auto invariant = static_cast<sim::Invariant>(index);
      const CellOutcome& cell = report.Cell(capability, invariant);
      if (cell.seeds == 0 && !cell.failure) continue;
      Json entry{{"cell", sim::Violation{capability, invariant}.ToString()},
                 {"seeds", cell.seeds},
                 {"checks", cell.checks}};
      if (cell.failure) entry["failure"] = *cell.failure;
      cells.push_back(std::move(entry));
    }
  }
  Json json{{"evsim_gate_report", kFormatVersion},
            {"shard", shard},
            {"target", TargetToJson(report.target)},
            {"budget_seeds", report.budget.seeds},
            {"budget_seconds", report.budget.seconds.count()},
            {"budget_exhausted", report.budget_exhausted},
            {"seconds", report.seconds},
            {"skipped", report.skipped},
            {"runs", std::move(runs)},
            {"cells", std::move(cells)}};
  if (report.protocol_error) json["protocol_error"] = *report.protocol_error;
  return json.dump(2) + "\n";
}

Result<GateReport> ReportFromJson(const std::string& text, const std::string& origin) {
  // nlohmann reports what is wrong by exception; here it becomes a value.
  try {
    const Json json = Json::parse(text);
    if (!json.is_object() || !json.contains("evsim_gate_report") ||
        json.at("evsim_gate_report") != kFormatVersion) {
      return Status::InvalidArgument(origin + ": not an evsim gate report (version " +
                                     std::to_string(kFormatVersion) + ", from `evsim gate --json`)");
    }
    GateReport report;
    report.target = TargetFromJson(json.at("target"));
    json.at("budget_seeds").get_to(report.budget.seeds);
    report.budget.seconds = std::chrono::seconds(json.at("budget_seconds").get<std::int64_t>());
    json.at("budget_exhausted").get_to(report.budget_exhausted);
    json.at("seconds").get_to(report.seconds);
    json.at("skipped").get_to(report.skipped);
    for (const Json& run : json.at("runs")) {
      SeedRecord record;
      run.at("scenario").get_to(record.scenario_name);
      run.at("seed").get_to(record.seed);
      run.at("ok").get_to(record.ok);
      run.at("steps").get_to(record.steps);
      run.at("crashes").get_to(record.crashes);
      run.at("restarts").get_to(record.restarts);
      run.at("seconds").get_to(record.seconds);
      run.at("violation").get_to(record.violation);
      run.at("digest").get_to(record.digest);
      report.runs.push_back(std::move(record));
    }
    for (const Json& entry : json.at("cells")) {
      const std::string name = entry.at("cell").get<std::string>();
      bool known = false;
      for (Capability capability : kAllCapabilities) {
        for (int index = 0; index < sim::kInvariantCount; ++index) {
          const auto invariant = static_cast<sim::Invariant>(index);
          if (sim::Violation{capability, invariant}.ToString() != name) continue;
          CellOutcome& cell = report.cells[sim::CapabilityIndex(capability)][index];
          entry.at("seeds").get_to(cell.seeds);
          entry.at("checks").get_to(cell.checks);
          if (entry.contains("failure")) cell.failure = entry.at("failure").get<FailureRecord>();
          known = true;
        }
      }
      if (!known) return Status::InvalidArgument(origin + ": unknown cell '" + name + "'");
    }
    if (json.contains("protocol_error")) {
      report.protocol_error = json.at("protocol_error").get<FailureRecord>();
    }
    return report;
  } catch (const Json::exception& error) {
    return Status::InvalidArgument(origin + ": " + error.what());
  }
}

Result<GateReport> MergeReports(const std::vector<GateReport>& reports) {
  EVSIM_ASSERT(!reports.empty());
  GateReport merged;
  merged.target = reports.front().target;
  merged.budget = reports.front().budget;
  std::set<std::string> skipped;
  std::set<std::pair<std::string, std::uint64_t>> seen;
  for (const GateReport& report : reports) {
    if (report.target.spec != merged.target.spec ||
        report.target.capabilities != merged.target.capabilities) {
      return Status::InvalidArgument("the reports judged different adapters: '" +
                                     merged.target.spec + "' and '" + report.target.spec + "'");
    }
    for (const SeedRecord& run : report.runs) {
      if (!seen.emplace(run.scenario_name, run.seed).second) {
        return Status::InvalidArgument(run.scenario_name + " seed " + std::to_string(run.seed) +
                                       " is in two reports: they are not shards of one suite");
      }
      merged.runs.push_back(run);
    }
    skipped.insert(report.skipped.begin(), report.skipped.end());
    for (Capability capability : kAllCapabilities) {
      for (int index = 0; index < sim::kInvariantCount; ++index) {
        const CellOutcome& from = report.cells[sim::CapabilityIndex(capability)][index];
        CellOutcome& into = merged.cells[sim::CapabilityIndex(capability)][index];
        into.seeds += from.seeds;
        into.checks += from.checks;
        if (!into.failure && from.failure) into.failure = from.failure;
      }
    }
    if (!merged.protocol_error && report.protocol_error) {
      merged.protocol_error = report.protocol_error;
    }
    // The shards ran side by side: the suite took as long as the slowest of them.
    merged.seconds = std::max(merged.seconds, report.seconds);
    merged.budget_exhausted = merged.budget_exhausted || report.budget_exhausted;
  }
  merged.skipped.assign(skipped.begin(), skipped.end());
  std::sort(merged.runs.begin(), merged.runs.end(), [](const SeedRecord& a, const SeedRecord& b) {
    return std::tie(a.scenario_name, a.seed) < std::tie(b.scenario_name, b.seed);
  });
  return merged;
}

}  // namespace evsim::gate
