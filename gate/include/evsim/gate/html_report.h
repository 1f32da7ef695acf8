#pragma once
// The HTML report (`--html FILE` on run, replay and gate): one self-contained file, no network,
// for the moment something failed. A timeline with one lane per actor (clients, the store's
// background work, faults, the checker), crashes and restarts marked, the failing step and the
// first divergent step highlighted; the trace below it, searchable and filterable by stream and
// operation; the failure report with its store-versus-model difference; for the gate, the
// conformance matrix with a link from each failed cell to its failure.
//
// The page carries its data as JSON and draws itself with a small script. Filters can also be
// given in the URL's fragment (#q=TEXT&op=append&stream=s1), which is how a test drives it.

#include <string>
#include <vector>

#include "evsim/gate/conformance.h"

namespace evsim::gate {

// One run on the page: its failure (if any) and the trace lines there are of it (the whole
// trace for `replay`, the last lines a failure report keeps otherwise).
struct HtmlRun {
  std::string title;          // "smoke-mixed seed 7"
  bool ok = true;
  std::string failure;        // the failure report's text, difference included
  std::string replay;         // the replay command
  std::int64_t failed_step = -1;
  std::int64_t first_divergent_step = -1;
  std::vector<std::string> trace;  // "step=N actor=A ..." lines
  bool trace_is_partial = false;   // only the last lines before the failure
};

// A page of runs (run, replay), with an optional gate report for the matrix and its verdict
// (the runs shown are then the gate's failures, not all its seeds).
std::string RenderHtml(const std::string& title, const std::vector<HtmlRun>& runs,
                       const GateReport* gate_report = nullptr);

}  // namespace evsim::gate
