#pragma once
// What the evsim subcommands share: exit codes, loading scenarios, naming the target.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evsim/gate/isolation.h"
#include "evsim/records/result.h"
#include "evsim/sim/scenario.h"
#include "evsim/sim/target.h"
#include "evsim/targets/target_registry.h"

namespace evsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBroken = 1;    // an invariant broke (or determinism failed)
inline constexpr int kExitBadInput = 2;  // bad input, or an adapter that broke the protocol

// The options every command that runs a target takes.
struct TargetArguments {
  std::string adapter = "store";
  std::string inject_bug;  // "index-skip": the same as --adapter mutant:index-skip
  std::string request_timeout = "10s";
  std::string startup_timeout = "20s";
  std::string line_bytes_max = "67108864";
  std::string work_directory;  // "" : the command's default
  std::string seed_timeout = "300s";   // isolation: how long one seed's run may take
  std::string memory_limit_mib = "8192";  // isolation: how much it may allocate
};

// A whole number given to `option`: decimal digits only, within [min, max]; otherwise
// invalid_argument "OPTION: expected a whole number from MIN to MAX, got 'TEXT'".
Result<std::uint64_t> ParseWholeNumber(const std::string& option, const std::string& text,
                                       std::uint64_t min, std::uint64_t max);
// --steps: "" is -1 (the scenario's), else 0..sim::kStepsMax.
Result<std::int64_t> ParseSteps(const std::string& text);
// --max-line-bytes: 1024 .. 4 GiB.
Result<std::size_t> ParseLineBytes(const std::string& text);
// --seed: invalid_argument naming the option, for "-1", "" or "12x".
Result<std::uint64_t> ParseSeedOption(const std::string& text);

// "10s", "500ms" or "10" (seconds); invalid_argument naming the option otherwise.
Result<std::chrono::milliseconds> ParseDuration(const std::string& option, const std::string& text);

// The bounds of an isolated run, from --seed-timeout and --memory-limit.
Result<gate::IsolationLimits> IsolationOf(const TargetArguments& arguments);

// The target the arguments name; for exec:, started once for the handshake.
Result<sim::TargetFactory> MakeTarget(const TargetArguments& arguments,
                                      const std::string& scratch_root);

Result<std::vector<sim::Scenario>> LoadScenarios(const std::vector<std::string>& paths);
// The *.yaml files of a directory, sorted; empty when there are none.
std::vector<std::string> ScenarioFiles(const std::string& directory);

// The scenario suite `--suite` defaults to: beside an installed evsim,
// <prefix>/share/evsim/scenarios (found from the executable's own path), else the source tree's
// scenarios/ this binary was built from.
std::string DefaultSuite();

// The default suite: what `evsim run` runs with no scenario arguments, and what
// `evsim gate --self-test` runs against every mutant. Its tiers' scenarios are taken
// round-robin (gate/schedule.h) up to a budget of seeds, so the runs it makes do not depend on
// the machine's speed; kDefaultSuiteSeeds is about a minute on two cores.
inline constexpr const char* kDefaultSuiteTiers[] = {"smoke", "edges"};
inline constexpr std::int64_t kDefaultSuiteSeeds = 600;
// The scenario files of the default suite under the suite root, in its order; empty when none.
std::vector<std::string> DefaultSuiteFiles(const std::string& suite_root);

// "0123456789abcdef"
std::string Hex(std::uint64_t value);
// Prints "evsim: MESSAGE" on stderr and returns kExitBadInput.
int BadInput(const std::string& message);

}  // namespace evsim::cli
