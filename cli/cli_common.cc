#include "cli_common.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "evsim/sim/seed_range.h"

namespace evsim::cli {

Result<std::uint64_t> ParseWholeNumber(const std::string& option, const std::string& text,
                                       std::uint64_t min, std::uint64_t max) {
  const Status wrong = Status::InvalidArgument(option + ": expected a whole number from " +
                                               std::to_string(min) + " to " + std::to_string(max) +
                                               ", got '" + text + "'");
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return wrong;
  if (value < min || value > max) return wrong;
  return value;
}

Result<std::int64_t> ParseSteps(const std::string& text) {
  if (text.empty()) return std::int64_t{-1};
  EVSIM_ASSIGN_OR_RETURN(std::uint64_t steps, ParseWholeNumber("--steps", text, 0, sim::kStepsMax));
  return static_cast<std::int64_t>(steps);
}

Result<std::uint64_t> ParseSeedOption(const std::string& text) {
  Result<std::uint64_t> seed = sim::ParseSeed(text);
  if (!seed.ok()) return Status::InvalidArgument("--seed: " + seed.status().message());
  return seed;
}

Result<std::size_t> ParseLineBytes(const std::string& text) {
  EVSIM_ASSIGN_OR_RETURN(std::uint64_t bytes,
                         ParseWholeNumber("--max-line-bytes", text, 1024, 1ull << 32));
  return static_cast<std::size_t>(bytes);
}

Result<std::chrono::milliseconds> ParseDuration(const std::string& option,
                                                const std::string& text) {
  std::string digits = text;
  std::int64_t scale = 1000;
  if (digits.ends_with("ms")) {
    digits.resize(digits.size() - 2);
    scale = 1;
  } else if (digits.ends_with("s")) {
    digits.resize(digits.size() - 1);
  }
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos || std::stoll(digits) == 0) {
    return Status::InvalidArgument(option + ": expected a duration such as 10s or 500ms (at least "
                                            "1 ms, below 10^9), got '" + text + "'");
  }
  return std::chrono::milliseconds(std::stoll(digits) * scale);
}

Result<gate::IsolationLimits> IsolationOf(const TargetArguments& arguments) {
  gate::IsolationLimits limits;
  EVSIM_ASSIGN_OR_RETURN(std::chrono::milliseconds timeout,
                         ParseDuration("--seed-timeout", arguments.seed_timeout));
  limits.time_max = std::max(std::chrono::seconds(1),
                             std::chrono::duration_cast<std::chrono::seconds>(timeout));
  EVSIM_ASSIGN_OR_RETURN(std::uint64_t mib,
                         ParseWholeNumber("--memory-limit", arguments.memory_limit_mib, 64, 1u << 24));
  limits.memory_bytes_max = mib << 20;
  return limits;
}

Result<sim::TargetFactory> MakeTarget(const TargetArguments& arguments,
                                      const std::string& scratch_root) {
  targets::ExecOptions exec;
  EVSIM_ASSIGN_OR_RETURN(exec.request_timeout,
                         ParseDuration("--request-timeout", arguments.request_timeout));
  EVSIM_ASSIGN_OR_RETURN(exec.startup_timeout,
                         ParseDuration("--startup-timeout", arguments.startup_timeout));
  EVSIM_ASSIGN_OR_RETURN(exec.line_bytes_max, ParseLineBytes(arguments.line_bytes_max));
  exec.scratch_root = scratch_root;
  std::string spec = arguments.adapter;
  if (!arguments.inject_bug.empty()) {
    if (spec != "store") return Status::InvalidArgument("--inject-bug goes with the store only");
    spec = "mutant:" + arguments.inject_bug;
  }
  return targets::MakeTargetFactory(spec, exec);
}

Result<std::vector<sim::Scenario>> LoadScenarios(const std::vector<std::string>& paths) {
  std::vector<sim::Scenario> scenarios;
  for (const std::string& path : paths) {
    Result<sim::Scenario> loaded = sim::LoadScenario(path);
    if (!loaded.ok()) return loaded.status();
    scenarios.push_back(std::move(loaded).value());
  }
  return scenarios;
}

std::vector<std::string> ScenarioFiles(const std::string& directory) {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".yaml") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::vector<std::string> DefaultSuiteFiles(const std::string& suite_root) {
  std::vector<std::string> paths;
  for (const char* tier : kDefaultSuiteTiers) {
    for (std::string& path : ScenarioFiles(suite_root + "/" + tier)) paths.push_back(std::move(path));
  }
  return paths;
}

std::string Hex(std::uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

int BadInput(const std::string& message) {
  std::cerr << "evsim: " << message << "\n";
  return kExitBadInput;
}

std::string DefaultSuite() {
  std::error_code error;
  const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path installed =
        executable.parent_path() / EVSIM_INSTALLED_SUITE_FROM_BINDIR;
    if (std::filesystem::is_directory(installed, error)) {
      return installed.lexically_normal().string();
    }
  }
  return EVSIM_SOURCE_SUITE;
}

}  // namespace evsim::cli
