#include "evsim/gate/regression.h"

#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "evsim/sim/shrink.h"

namespace evsim::gate {
namespace {

std::string Hex(std::uint64_t value) { return fmt::format("{:016x}", value); }

// The failing run again, this time keeping its history with what its disk chose.
struct RecordedHistory {
  std::vector<sim::Action> actions;  // up to and including the failing step
  std::vector<std::int64_t> acknowledged_while_unsynced;
};
Result<RecordedHistory> RecordHistory(const sim::Scenario& scenario,
                                               const sim::RunOptions& options,
                                               const sim::RunResult& result,
                                               const IsolationLimits& limits) {
  sim::RunOptions recording = options;
  recording.record_actions = true;
  recording.trace = nullptr;
  recording.find_first_divergence = false;
  recording.keep_failed_data = false;
  const sim::RunResult recorded = RunIsolated(scenario, recording, limits);
  if (recorded.ok || sim::FailureKey(recorded) != sim::FailureKey(result) ||
      recorded.failed_step != result.failed_step) {
    return Status::Error(ErrorCode::kCorruption,
                         "the seed did not fail again the same way when replayed: the run is not "
                         "deterministic (an adapter reading a clock or randomness of its own?)");
  }
  const std::size_t through = std::min<std::size_t>(
      recorded.actions.size(), static_cast<std::size_t>(std::max<std::int64_t>(0, recorded.failed_step)) + 1);
  return RecordedHistory{
      std::vector<sim::Action>(recorded.actions.begin(),
                               recorded.actions.begin() + static_cast<std::ptrdiff_t>(through)),
      recorded.acknowledged_while_unsynced};
}

}  // namespace

std::string OutcomeKey(const sim::RunResult& result) {
  if (result.ok) return "none";
  if (!result.protocol_error.empty()) return "protocol";
  return result.violation.ToString();
}

Result<RegressionWritten> WriteRegression(const sim::Scenario& scenario,
                                          const sim::RunOptions& options,
                                          const sim::RunResult& result, const std::string& path,
                                          std::chrono::seconds time_max,
                                          const IsolationLimits& limits,
                                          const sim::ShrinkObserver& observer) {
  EVSIM_ASSERT(!result.ok && result.protocol_error.empty());
  EVSIM_ASSIGN_OR_RETURN(RecordedHistory recorded,
                         RecordHistory(scenario, options, result, limits));
  const std::vector<sim::Action>& history = recorded.actions;
  const sim::SimulationRunner isolated = [&limits](const sim::Scenario& candidate,
                                                   const sim::RunOptions& run) {
    return RunIsolated(candidate, run, limits);
  };
  sim::RunOptions quiet = options;
  quiet.keep_failed_data = false;
  const sim::ShrinkResult shrunk =
      sim::ShrinkFailure(scenario, quiet, history, sim::FailureKey(result), 10'000, time_max,
                         isolated, observer, recorded.acknowledged_while_unsynced);
  sim::Scenario regression = shrunk.scenario;
  regression.seeds = {options.seed};  // the clock's small steps still come from the seed
  const std::string spec = options.target->description.spec;
  const std::string comment = fmt::format(
      "regression: {} seed {} ({}) against {}, shrunk from {} to {} operations in {} runs; "
      "replay: evsim run {} --adapter {}",
      scenario.name, options.seed, result.violation.ToString(), spec, history.size(),
      shrunk.actions.size(), shrunk.runs, path, sim::ShellQuote(spec));
  // The file as it will be read: written, parsed back, and run. It is kept only if it fails
  // the same way, and that run's outcome and digest are what it records.
  Result<sim::Scenario> parsed =
      sim::ParseScenario(sim::ScenarioWithOps(regression, shrunk.actions, comment), path);
  if (!parsed.ok()) return parsed.status();
  sim::RunOptions verify = quiet;
  verify.find_first_divergence = false;
  const sim::RunResult replayed = RunIsolated(parsed.value(), verify, limits);
  if (replayed.ok || sim::FailureKey(replayed) != sim::FailureKey(result)) {
    return Status::Error(ErrorCode::kCorruption,
                         "the shrunk scenario does not reproduce the failure (it " +
                             (replayed.ok ? std::string("passes") : "fails with " + OutcomeKey(replayed)) +
                             "); not written");
  }
  regression.expect = sim::Expectation{spec, OutcomeKey(replayed), replayed.trace_digest};
  std::ofstream out(path);
  out << sim::ScenarioWithOps(regression, shrunk.actions, comment);
  out.close();
  if (!out) return Status::IoError("cannot write the regression scenario '" + path + "'");
  return RegressionWritten{path, shrunk.actions.size(), history.size(), shrunk.runs,
                           *regression.expect};
}

sim::ShrinkObserver ShrinkProgressLines(std::ostream& out, std::chrono::seconds every) {
  // Shared by the copies std::function makes: when the last line went out.
  auto last = std::make_shared<std::chrono::steady_clock::duration>(std::chrono::seconds(0));
  return [&out, every, last](const sim::ShrinkProgress& progress) {
    if (progress.elapsed - *last < every) return;
    *last = progress.elapsed;
    out << fmt::format("  shrinking: {} -> {} operations, {} runs, {} s of at most {} s\n",
                       progress.history, progress.operations, progress.runs,
                       std::chrono::duration_cast<std::chrono::seconds>(progress.elapsed).count(),
                       progress.time_max.count())
        << std::flush;
  };
}

ExpectationCheck CheckExpectation(const sim::Scenario& scenario, const sim::RunOptions& options,
                                  const sim::RunResult& result) {
  ExpectationCheck check;
  if (!scenario.expect) return check;
  const sim::Expectation& expect = *scenario.expect;
  const std::string spec = options.target->description.spec;
  const std::string pin = fmt::format("evsim run {} --adapter {} --pin", sim::ShellQuote(scenario.path),
                                      sim::ShellQuote(expect.target));
  if (spec != expect.target) {
    check.message = fmt::format("recorded against {}; against {} it is a regression that must pass",
                                expect.target, spec);
    return check;
  }
  const std::string outcome = OutcomeKey(result);
  if (outcome != expect.failure) {
    if (outcome == "none") {
      check.verdict = ExpectationCheck::Verdict::kNoLongerFails;
      check.message = fmt::format(
          "NO LONGER FAILS: recorded failing with {} against {}, it passes now. If the bug is "
          "fixed, keep the file as a regression that must pass: {}",
          expect.failure, expect.target, pin);
    } else {
      check.verdict = ExpectationCheck::Verdict::kFailsDifferently;
      check.message = fmt::format("fails with {}, but {} was recorded", outcome,
                                  expect.failure == "none" ? std::string("a pass") : expect.failure);
    }
    return check;
  }
  if (result.trace_digest != expect.digest) {
    check.verdict = ExpectationCheck::Verdict::kDrift;
    check.fails = true;
    check.message = fmt::format(
        "DRIFT: the outcome is the recorded one ({}), but the trace digest is {}, not the "
        "recorded {}: the harness changed (or the target did) and this scenario no longer runs "
        "as it did when written. Check that it still tests what it should, then re-pin: {}",
        outcome, Hex(result.trace_digest), Hex(expect.digest), pin);
    return check;
  }
  check.verdict = ExpectationCheck::Verdict::kReproduces;
  check.message = outcome == "none" ? "passes as recorded (digest matches)"
                                    : "reproduces " + outcome + " as recorded (digest matches)";
  return check;
}

std::string PinExpectation(const std::string& text, const sim::Expectation& expectation) {
  const std::string block = fmt::format("expect:\n  target: {}\n  failure: {}\n  digest: {}\n",
                                        expectation.target, expectation.failure,
                                        Hex(expectation.digest));
  std::istringstream lines(text);
  std::string out;
  std::string line;
  bool replaced = false;
  bool in_block = false;
  while (std::getline(lines, line)) {
    if (in_block && (line.starts_with(" ") || line.empty())) continue;  // the old block's lines
    in_block = false;
    if (!replaced && line.rfind("expect:", 0) == 0) {
      out += block;
      replaced = in_block = true;
      continue;
    }
    out += line + "\n";
  }
  if (!replaced) out += block;
  return out;
}

}  // namespace evsim::gate
