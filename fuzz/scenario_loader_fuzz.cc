// libFuzzer target: the scenario loader. Any bytes are either a scenario or an invalid_argument
// naming the file and line; never a crash, a hang, an assertion or unbounded memory. A scenario
// with ops: that loads must also survive being written back as YAML and read again (the regression path).
#include <cstddef>
#include <cstdint>
#include <string>

#include "evsim/records/assert.h"
#include "evsim/sim/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  evsim::Result<evsim::sim::Scenario> parsed = evsim::sim::ParseScenario(text, "fuzz.yaml");
  if (!parsed.ok()) {
    EVSIM_ASSERT(parsed.status().code() == evsim::ErrorCode::kInvalidArgument);
    EVSIM_ASSERT(parsed.status().message().starts_with("fuzz.yaml"));
    return 0;
  }
  const evsim::sim::Scenario& scenario = parsed.value();
  if (scenario.ops.empty()) return 0;
  const std::string written = evsim::sim::ScenarioWithOps(scenario, scenario.ops, scenario.name);
  evsim::Result<evsim::sim::Scenario> again = evsim::sim::ParseScenario(written, "written.yaml");
  EVSIM_ASSERT_MSG(again.ok(), again.status().message().c_str());
  return 0;
}
