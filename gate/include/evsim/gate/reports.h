#pragma once
// The gate's report in three forms: the text matrix for a terminal or CI log, JUnit XML (one
// test case per applicable capability x invariant cell; a failure's text holds the replay
// command) for CI test tabs, and Markdown that fits a CI job summary page.

#include <string>

#include "evsim/gate/conformance.h"

namespace evsim::gate {

std::string RenderMatrix(const GateReport& report);
std::string RenderJUnit(const GateReport& report);
std::string RenderMarkdown(const GateReport& report);

}  // namespace evsim::gate
