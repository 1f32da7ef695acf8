#include "evsim/gate/reports.h"

#include <fmt/format.h>

#include "evsim/records/assert.h"

namespace evsim::gate {
namespace {

using sim::Invariant;

// Short column headers for the text matrix; the legend under it gives the full names. A switch,
// not an array: an array one name short compiled and shifted every later header by a column
// when delivery-bounded was added (-Wswitch names a forgotten invariant here).
std::string_view ShortName(Invariant invariant) {
  switch (invariant) {
    case Invariant::kAgreesWithModel: return "agrees";
    case Invariant::kGlobalOrder: return "order";
    case Invariant::kIndexMatchesScan: return "scan";
    case Invariant::kChainVerifies: return "chain";
    case Invariant::kCheckpointMonotonic: return "checkpoint";
    case Invariant::kConverges: return "converges";
    case Invariant::kDeliveryBounded: return "bounded";
    case Invariant::kSurvivesCrash: return "crash";
    case Invariant::kDetectsCorruption: return "corruption";
    case Invariant::kUnsupportedWhenUndeclared: return "unsupported";
  }
  EVSIM_ASSERT(false);
  return "";
}

// How each form shows a cell's state.
struct CellLook {
  std::string_view matrix;    // the text matrix
  std::string_view markdown;  // the Markdown table
  std::string_view junit;     // a JUnit <skipped> message
};

CellLook LookOf(CellState state) {
  switch (state) {
    case CellState::kPass:
      return {"pass", "✅ pass", ""};
    case CellState::kFail:
      return {"FAIL", "❌ **FAIL**", ""};
    case CellState::kNotSupported:
      return {"n/s", "➖ not supported", "not supported: the adapter does not declare it"};
    case CellState::kNotTestable:
      return {"n/t", "➖ not testable", "not testable: the target cannot take these faults"};
    case CellState::kNotExercised:
      return {"?", "⚠️ not exercised", "not exercised: no run within the budget checked it"};
    case CellState::kNotApplicable:
      return {"", "", ""};
  }
  return {"", "", ""};
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

int CountFailures(const GateReport& report) {
  int failures = 0;
  for (Capability capability : kAllCapabilities) {
    for (int invariant = 0; invariant < sim::kInvariantCount; ++invariant) {
      failures += report.State(capability, static_cast<Invariant>(invariant)) == CellState::kFail;
    }
  }
  return failures;
}

std::string Verdict(const GateReport& report) {
  if (report.protocol_error) return "PROTOCOL VIOLATION: the adapter broke the wire protocol";
  if (report.runs.empty()) {
    return "NOTHING JUDGED: no scenario could run against this adapter (see skipped)";
  }
  const int failures = CountFailures(report);
  if (failures > 0) return fmt::format("FAIL: {} invariant{} broke", failures, failures == 1 ? "" : "s");
  const std::vector<std::string> missed = report.NotExercised();
  if (missed.empty()) return "PASS: every supported invariant held";
  std::string list;
  for (const std::string& cell : missed) list += (list.empty() ? "" : ", ") + cell;
  return fmt::format("PASS: every supported invariant held where checked; not exercised within "
                     "the budget: {}", list);
}

std::string Summary(const GateReport& report) {
  return fmt::format("{} seeds, {} steps, {} crashes, {} restarts in {:.1f} s (budget {}{})",
                     report.runs.size(), report.TotalSteps(), report.TotalCrashes(),
                     report.TotalRestarts(), report.seconds, report.budget.ToString(),
                     report.budget_exhausted ? ", used up" : ", every seed ran");
}

template <typename Visit>
void ForEachFailure(const GateReport& report, Visit visit) {
  for (Capability capability : kAllCapabilities) {
    for (int index = 0; index < sim::kInvariantCount; ++index) {
      const auto invariant = static_cast<Invariant>(index);
      const CellOutcome& cell = report.Cell(capability, invariant);
      if (cell.failure) visit(capability, invariant, *cell.failure);
    }
  }
}

std::string CellName(Capability capability, Invariant invariant) {
  return sim::Violation{capability, invariant}.ToString();
}

std::string XmlEscape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      default:
        // XML 1.0 has no place for other control characters: name them instead.
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          escaped += fmt::format("\\x{:02x}", c);
        } else {
          escaped += static_cast<char>(c);
        }
    }
  }
  return escaped;
}

std::string FailureDetail(const FailureRecord& failure) {
  std::string text = fmt::format("{} seed {}, step {}: {}\n", failure.scenario_name, failure.seed,
                                 failure.failed_step, FirstLine(failure.failure));
  if (failure.first_divergent_step >= 0) {
    text += fmt::format("first divergent step: {}\n", failure.first_divergent_step);
  }
  text += "replay: " + failure.replay + "\n";
  if (!failure.regression_path.empty()) {
    text += fmt::format("regression scenario: {} ({})\n", failure.regression_path,
                        failure.regression_note);
  } else if (!failure.regression_note.empty()) {
    text += "no regression scenario: " + failure.regression_note + "\n";
  }
  return text;
}

}  // namespace

std::string RenderMatrix(const GateReport& report) {
  std::string text = fmt::format("\nconformance matrix: {} {} ({})\n", report.target.name,
                                 report.target.version, report.target.spec);
  std::string header = fmt::format("{:<15}", "");
  for (int index = 0; index < sim::kInvariantCount; ++index) {
    header += fmt::format("{:<12}", ShortName(static_cast<Invariant>(index)));
  }
  while (header.ends_with(' ')) header.pop_back();
  text += header + "\n";
  for (Capability capability : kAllCapabilities) {
    std::string row = fmt::format("{:<15}", CapabilityName(capability));
    for (int index = 0; index < sim::kInvariantCount; ++index) {
      row += fmt::format("{:<12}",
                         LookOf(report.State(capability, static_cast<Invariant>(index))).matrix);
    }
    while (!row.empty() && row.back() == ' ') row.pop_back();
    text += row + "\n";
  }
  text += "columns: ";
  for (int index = 0; index < sim::kInvariantCount; ++index) {
    text += fmt::format("{}{}={}", index ? ", " : "", ShortName(static_cast<Invariant>(index)),
                        sim::InvariantName(static_cast<Invariant>(index)));
  }
  text += "\ncells: pass; FAIL; n/s not supported (undeclared); n/t not testable on this target;"
          " ? not exercised within the budget; blank: does not apply (docs/invariants.md)\n";
  text += Summary(report) + "\n";
  for (const std::string& skipped : report.skipped) text += "skipped: " + skipped + "\n";
  ForEachFailure(report, [&](Capability capability, Invariant invariant,
                             const FailureRecord& failure) {
    text += fmt::format("\nFAIL {} (SPEC {})\n", CellName(capability, invariant),
                        sim::SpecRules(capability, invariant));
    std::string detail = FailureDetail(failure);
    for (std::size_t start = 0; start < detail.size();) {
      const std::size_t end = detail.find('\n', start);
      text += "  " + detail.substr(start, end - start) + "\n";
      start = end + 1;
    }
  });
  if (report.protocol_error) {
    text += "\nPROTOCOL VIOLATION (docs/wire-protocol.md section 11)\n  " +
            report.protocol_error->failure + "\n  replay: " + report.protocol_error->replay + "\n";
  }
  text += "\nevsim gate: " + Verdict(report) + "\n";
  return text;
}

std::string RenderJUnit(const GateReport& report) {
  std::string cases;
  int tests = 0, failures = 0, skipped = 0, errors = 0;
  for (Capability capability : kAllCapabilities) {
    for (int index = 0; index < sim::kInvariantCount; ++index) {
      const auto invariant = static_cast<Invariant>(index);
      const CellState state = report.State(capability, invariant);
      if (state == CellState::kNotApplicable) continue;
      ++tests;
      cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\">", CapabilityName(capability),
                           sim::InvariantName(invariant));
      const CellOutcome& cell = report.Cell(capability, invariant);
      if (state == CellState::kFail) {
        ++failures;
        cases += fmt::format("\n      <failure type=\"invariant\" message=\"{}\">{}\n{}</failure>\n    ",
                             XmlEscape(FirstLine(cell.failure->failure)),
                             XmlEscape(FailureDetail(*cell.failure)),
                             XmlEscape(cell.failure->report));
      } else if (state != CellState::kPass) {
        ++skipped;
        cases += fmt::format("<skipped message=\"{}\"/>", LookOf(state).junit);
      } else {
        cases += fmt::format("<system-out>checked in {} seeds ({} checks); SPEC {}</system-out>",
                             cell.seeds, cell.checks, XmlEscape(sim::SpecRules(capability, invariant)));
      }
      cases += "</testcase>\n";
    }
  }
  ++tests;
  cases += "    <testcase classname=\"protocol\" name=\"wire-protocol\">";
  if (report.protocol_error) {
    ++errors;
    cases += fmt::format("\n      <error type=\"protocol\" message=\"{}\">{}</error>\n    ",
                         XmlEscape(FirstLine(report.protocol_error->failure)),
                         XmlEscape(report.protocol_error->report));
  }
  cases += "</testcase>\n";
  const std::string counts = fmt::format(
      "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\"", tests, failures,
      errors, skipped, report.seconds);
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"evsim gate\" {}>\n"
      "  <testsuite name=\"evsim gate: {}\" {}>\n    <properties>\n"
      "      <property name=\"adapter\" value=\"{}\"/>\n"
      "      <property name=\"capabilities\" value=\"{}\"/>\n"
      "      <property name=\"summary\" value=\"{}\"/>\n    </properties>\n{}  </testsuite>\n"
      "</testsuites>\n",
      counts, XmlEscape(report.target.name + " " + report.target.version), counts,
      XmlEscape(report.target.spec), report.target.capabilities.ToString(),
      XmlEscape(Summary(report)), cases);
}

std::string RenderMarkdown(const GateReport& report) {
  const char* icon = report.protocol_error || report.runs.empty() ? "⛔"
                     : CountFailures(report) > 0                ? "❌"
                                                                : "✅";
  std::string text = fmt::format("## {} evsim gate: {}\n\n", icon, Verdict(report));
  text += fmt::format("**Adapter** `{}`: {} {}, capabilities {}. {}.\n\n", report.target.spec,
                      report.target.name, report.target.version,
                      report.target.capabilities.ToString(), Summary(report));
  text += "| capability |";
  for (int index = 0; index < sim::kInvariantCount; ++index) {
    text += fmt::format(" {} |", sim::InvariantName(static_cast<Invariant>(index)));
  }
  text += "\n|---|";
  for (int index = 0; index < sim::kInvariantCount; ++index) text += "---|";
  text += "\n";
  for (Capability capability : kAllCapabilities) {
    text += fmt::format("| **{}** |", CapabilityName(capability));
    for (int index = 0; index < sim::kInvariantCount; ++index) {
      text += fmt::format(" {} |",
                          LookOf(report.State(capability, static_cast<Invariant>(index))).markdown);
    }
    text += "\n";
  }
  if (!report.skipped.empty()) {
    text += "\nSkipped scenarios: ";
    for (std::size_t index = 0; index < report.skipped.size(); ++index) {
      text += (index ? ", " : "") + report.skipped[index];
    }
    text += ".\n";
  }
  if (report.protocol_error) {
    text += fmt::format("\n### ⛔ Protocol violation\n\n{}\n\nReplay: `{}`\n",
                        report.protocol_error->failure, report.protocol_error->replay);
  }
  ForEachFailure(report, [&](Capability capability, Invariant invariant,
                             const FailureRecord& failure) {
    text += fmt::format("\n### ❌ `{}` (SPEC {})\n\n", CellName(capability, invariant),
                        sim::SpecRules(capability, invariant));
    text += fmt::format("- {} seed {}, step {}: {}\n", failure.scenario_name, failure.seed,
                        failure.failed_step, FirstLine(failure.failure));
    if (failure.first_divergent_step >= 0) {
      text += fmt::format("- first divergent step: {}\n", failure.first_divergent_step);
    }
    text += fmt::format("- replay: `{}`\n", failure.replay);
    if (!failure.regression_path.empty()) {
      text += fmt::format("- regression scenario: `{}` ({})\n", failure.regression_path,
                          failure.regression_note);
    }
    text += "\n<details><summary>failure report</summary>\n\n```\n" + failure.report +
            "```\n\n</details>\n";
  });
  text += "\nCells are explained in `docs/invariants.md`.\n";
  return text;
}

}  // namespace evsim::gate
