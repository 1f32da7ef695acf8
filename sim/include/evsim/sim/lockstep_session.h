#pragma once
// LockstepSession: the simulator one action at a time, for a caller that chooses every action
// itself (RapidCheck's stateful properties, properties/stateful_properties_test.cc). Each action
// runs exactly as a step of a scenario's `ops:` list does: the same clock rule, the same
// lockstep comparison with the reference model, the same crash and recovery checks, the same
// periodic invariant checks. So the actions a session ran, written with ScenarioWithOps,
// replay it as a regression scenario.

#include <memory>

#include "evsim/sim/action.h"
#include "evsim/sim/scenario.h"
#include "evsim/sim/simulation.h"

namespace evsim::sim {

class Simulation;

class LockstepSession {
 public:
  // Opens a fresh target of options.target on the scenario's configuration (its faults apply to
  // the disk; its ops, steps and weights are ignored). options.record_actions is forced on.
  LockstepSession(Scenario scenario, RunOptions options);
  ~LockstepSession();
  LockstepSession(const LockstepSession&) = delete;
  LockstepSession& operator=(const LockstepSession&) = delete;

  // False once a check failed or the target broke the protocol: result() says what.
  bool ok() const;
  // REQUIRES: ok().
  void Execute(const Action& action);
  // The invariant checks of docs/invariants.md on the store and on the model, each alone, and
  // the whole observable state of the two compared. No-op once a check failed.
  void CheckInvariants();
  // Ends the session: liveness (faults healed, background work to the end), the final checks.
  // The result has every action run, with the disk's choices. Call once; then nothing else.
  RunResult Finish();
  // What happened so far (steps, the failure once there is one).
  const RunResult& result() const;
  const Scenario& scenario() const { return *scenario_; }

 private:
  std::unique_ptr<Scenario> scenario_;  // the Simulation keeps a reference to it
  std::unique_ptr<Simulation> simulation_;
  bool started_ = false;
};

}  // namespace evsim::sim
