#pragma once
// The evsim subcommands. Each returns the process exit code (cli_common.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli_common.h"

namespace evsim::cli {

struct RunArguments {
  std::vector<std::string> scenarios;  // empty: the default suite
  std::string suite;                   // the scenario root; its smoke/ is the default suite
  // Numbers as typed; the command parses them strictly (cli_common.h, sim/seed_range.h).
  std::string seed;   // "42"
  std::string seeds;  // "A..B"
  std::string steps;  // "": the scenario's
  bool check_determinism = false;
  std::string regression_path;  // --emit-regression
  bool pin = false;             // record each scenario's outcome and digest in its expect: block
  bool probes = false;          // print the code probe table after the run (probes/probe_table.h)
  TargetArguments target;
};
int RunCommand(const RunArguments& arguments);

struct ReplayArguments {
  std::string scenario;
  std::string seed;
  std::string steps;  // "": the scenario's
  std::string trace_path = "evsim-replay.trace";
  TargetArguments target;
};
int ReplayCommand(const ReplayArguments& arguments);

struct GateArguments {
  std::string suite;  // the scenario root
  std::string tiers = "smoke,crash-heavy,integrity-heavy,subscription-heavy,scavenge-heavy,"
                      "regressions";
  std::string budget = "45s";
  std::string junit_path;
  std::string markdown_path;
  std::string shrink_time = "60s";
  bool probes = false;  // print the code probe table after the matrix
  TargetArguments target;
};
int GateCommand(const GateArguments& arguments);

struct ServeArguments {
  std::string kind;       // store, sqlite or model
  std::string directory;  // --dir
  std::string line_bytes_max = "67108864";
};
int ServeCommand(const ServeArguments& arguments);

}  // namespace evsim::cli
