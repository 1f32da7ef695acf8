#pragma once
// The evsim subcommands. Each returns the process exit code (cli_common.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli_common.h"

namespace evsim::cli {

struct RunArguments {
  std::vector<std::string> scenarios;  // empty: the default suite (cli_common.h)
  std::string suite;                   // the scenario root; the default suite's tiers are in it
  // The default suite's budget: "40" seeds (exact, the same runs on every machine) or "60s"
  // (the same fixed order of seeds, cut when the time is up). "": kDefaultSuiteSeeds.
  std::string budget;
  // Numbers as typed; the command parses them strictly (cli_common.h, sim/seed_range.h).
  std::string seed;   // "42"
  std::string seeds;  // "A..B"
  std::string steps;  // "": the scenario's
  bool check_determinism = false;
  std::string regression_path;  // --emit-regression
  bool pin = false;             // record each scenario's outcome and digest in its expect: block
  bool probes = false;          // print the code probe table after the run (probes/probe_table.h)
  std::string shard;            // "K/N": only this shard's positions of the runs (gate/shard.h)
  std::string html_path;        // the HTML report (gate/html_report.h)
  TargetArguments target;
};
int RunCommand(const RunArguments& arguments);

struct ReplayArguments {
  std::string scenario;
  std::string seed;
  std::string steps;  // "": the scenario's
  std::string trace_path = "evsim-replay.trace";
  std::string html_path;  // the HTML report of the run, its whole trace in it
  TargetArguments target;
};
int ReplayCommand(const ReplayArguments& arguments);

struct GateArguments {
  std::string suite;  // the scenario root
  // edges right after smoke: its wider generators find bug classes smoke never draws (seven of
  // the self-test's mutants die only there), and the round-robin reaches it in the first round.
  std::string tiers = "smoke,edges,crash-heavy,integrity-heavy,subscription-heavy,scavenge-heavy,"
                      "regressions";
  std::string budget;  // "": 45s for the gate, the default suite's seeds for --self-test
  bool self_test = false;         // the default suite against every public mutant
  std::string mutant_time = "60s";  // --self-test: no seed starts after this per mutant
  std::string junit_path;
  std::string markdown_path;
  std::string shrink_time;  // "": 60s for the gate, 5s per kill for --self-test
  bool probes = false;  // print the code probe table after the matrix
  std::string shard;      // "K/N": only this shard's positions of the schedule (gate/shard.h)
  std::string json_path;  // the report as JSON, for evsim merge-reports
  std::string html_path;  // the HTML report: the matrix, each failure with its last trace lines
  TargetArguments target;
};
int GateCommand(const GateArguments& arguments);

// Merges the JSON reports of a sharded gate (`evsim gate --shard K/N --json FILE`) into the
// report of the whole suite: its matrix on stdout, JUnit and Markdown where asked.
struct MergeReportsArguments {
  std::vector<std::string> reports;
  std::string junit_path;
  std::string markdown_path;
  std::string json_path;
};
int MergeReportsCommand(const MergeReportsArguments& arguments);

struct ServeArguments {
  std::string kind;       // store, sqlite or model
  std::string directory;  // --dir
  std::string line_bytes_max = "67108864";
};
int ServeCommand(const ServeArguments& arguments);

}  // namespace evsim::cli
