#include "cli_common.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace evsim::cli {

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
  if (arguments.memory_limit_mib < 64 || arguments.memory_limit_mib > (1u << 24)) {
    return Status::InvalidArgument("--memory-limit: MiB between 64 and 16777216, got " +
                                   std::to_string(arguments.memory_limit_mib));
  }
  limits.memory_bytes_max = arguments.memory_limit_mib << 20;
  return limits;
}

Result<sim::TargetFactory> MakeTarget(const TargetArguments& arguments,
                                      const std::string& scratch_root) {
  targets::ExecOptions exec;
  EVSIM_ASSIGN_OR_RETURN(exec.request_timeout,
                         ParseDuration("--request-timeout", arguments.request_timeout));
  EVSIM_ASSIGN_OR_RETURN(exec.startup_timeout,
                         ParseDuration("--startup-timeout", arguments.startup_timeout));
  if (arguments.line_bytes_max < 1024) {
    return Status::InvalidArgument("--max-line-bytes: at least 1024");
  }
  exec.line_bytes_max = arguments.line_bytes_max;
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

std::string Hex(std::uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

int BadInput(const std::string& message) {
  std::cerr << "evsim: " << message << "\n";
  return kExitBadInput;
}

}  // namespace evsim::cli
