#pragma once
// The Simulation class behind RunSimulation: scheduler.cc generates actions, simulation.cc
// executes and checks them, lockstep.cc applies one action to any adapter.

#include <xxhash.h>

#include <array>
#include <deque>
#include <map>
#include <memory>

#include "evsim/model/reference_model.h"
#include "evsim/sim/invariants.h"
#include "evsim/sim/random.h"
#include "evsim/sim/simulated_disk.h"
#include "evsim/sim/simulation.h"
#include "evsim/sim/target.h"

namespace evsim::sim {

// Times a section when a profiler is attached; does nothing otherwise.
class ProfileScope {
 public:
  ProfileScope(Profiler* profiler, Profiler::Section section)
      : profiler_(profiler), section_(section) {
    if (profiler_) profiler_->Enter(section_);
  }
  ~ProfileScope() {
    if (profiler_) profiler_->Leave(section_);
  }
  ProfileScope(const ProfileScope&) = delete;
  ProfileScope& operator=(const ProfileScope&) = delete;

 private:
  Profiler* profiler_;
  Profiler::Section section_;
};

// The simulation performs the environment's operations and remembers what results showed.
class Simulation final : public OperationEnvironment, public OperationMemory {
 public:
  Simulation(const Scenario& scenario, const RunOptions& options);
  ~Simulation() override;
  RunResult Run();

  // Run() in parts, for LockstepSession (a caller that chooses each action itself).
  // Fits the scenario to the target, writes the header line and opens the target; false when
  // it could not open (Finish() says why).
  bool Begin(std::int64_t steps);
  // Advances the clock as a scripted run does, then runs one action and its checks.
  void SessionStep(Action action);
  // The periodic and final invariant checks on each side, now.
  void CheckNow() {
    if (result_.ok) CheckAtEnd();
  }
  // Liveness, the final checks, the result.
  RunResult End();
  // The result as it stands (after a Begin that failed).
  RunResult FinishNow() { return Finish(); }
  bool ok() const { return result_.ok; }
  const RunResult& result_so_far() const { return result_; }

  // OperationEnvironment
  std::string RunBackground(std::uint64_t pick) override;
  std::string Crash(bool lose_every_unsynced_write) override;
  std::string Restart(std::uint32_t active_key_id, std::uint32_t dropped_key_id) override;
  std::string JumpClock(std::int64_t delta_us) override;
  std::string FlipBit() override;
  // OperationMemory
  void ForgetCheckpoint(const std::string& subscription) override {
    last_checkpoint_.erase(subscription);
  }
  void Delivered(const std::string& subscription, const Cursor& last) override {
    last_delivered_[subscription] = last;
  }

 private:
  friend class SimulationClientGeneration;
  // scheduler.cc
  // What this run may schedule: the scenario's weights and fault rates, less what the target
  // cannot take; returns what was switched off, for the header ("" when nothing was).
  std::string FitToTarget();
  void ChooseSwarm();
  Action NextAction();
  std::vector<EventInput> GenerateEvents(Random& random);
  Cursor PickCursor(Random& random);
  std::string PickStream(Random& random) { return streams_[random.Below(streams_.size())]; }

  // simulation.cc
  Status Open();
  EventStoreAdapter& store() { return target_->adapter(); }
  std::string Execute(const Action& action);
  // One action: disk choices (pinned or drawn), execution, recovery after a power loss inside
  // it, the trace line, the recorded action.
  void Step(Action action, bool pinned_disk_choices);
  // Each step moves the clock by a seeded amount below 1 ms (at most clock_step_us_max).
  void AdvanceClockForStep();
  std::string ExecuteClient(const Action& action);
  // SPEC 8's bounded delivery: a take hands out at most `max`, and at most the delivery queue's
  // bound when the target keeps one (TargetDescription::bounds_delivery_queue).
  void CheckDeliveryBound(const Take& take, const Outcome& store_outcome);
  // An operation of a capability the target does not declare: it must answer unsupported.
  std::string ExecuteUndeclared(const Action& action);
  // The process dies (and, for a target on the simulated disk, the power fails).
  std::string CrashProcess(SimulatedDisk::CrashLoss loss = SimulatedDisk::CrashLoss::kDrawn);
  std::string Recover(const std::string& cause, std::unique_ptr<ReferenceModel> pending,
                      SimulatedDisk::CrashLoss loss = SimulatedDisk::CrashLoss::kDrawn);
  // Opens the target after a crash or close, retrying after disk faults during recovery.
  Result<std::string> ReopenTarget();
  void CheckPeriodically();
  void CheckCheckpoints();
  void CheckAtEnd();
  RunResult Finish();
  void RunLiveness();
  bool DeepCompare();
  // Records the first failure. When the target broke the protocol, that is what is recorded.
  void Fail(Capability capability, Invariant invariant, const std::string& what);
  // True (and the run failed) when the target broke the protocol.
  bool TargetBroken();
  bool Has(Capability capability) const { return capabilities_.Has(capability); }
  // A restart left a key out of the keyring (store.drop_keys): events MAC'd under it verify as
  // unknown_key until the next restart brings it back.
  bool KeysDropped() const {
    return config_.integrity.keyring.size() < scenario_.store.integrity.keyring.size();
  }
  void Trace(const std::string& actor, const std::string& text);
  // Keeps a bounded sample of the cursors of events seen, for generated cursors.
  void RememberCursors(const std::vector<Event>& events);
  IndexProbe Probe() const;

  const Scenario& scenario_;
  RunOptions options_;
  const TargetDescription& target_description_;
  Capabilities capabilities_;  // the target's
  RunResult result_;
  StoreConfig config_;
  ManualClock clock_;
  SimulatedDisk disk_;
  std::unique_ptr<Target> target_;
  std::unique_ptr<ReferenceModel> model_;
  // The scenario's weights and fault rates as they apply to this target (FitToTarget).
  std::array<std::uint32_t, kOperationCount> weights_{};
  FaultRates rates_;
  Random scheduler_;
  Random faults_;
  Random clock_random_;
  std::vector<Random> clients_;
  std::vector<std::string> streams_;
  std::array<bool, kOperationCount> enabled_{};
  std::vector<Cursor> known_cursors_;  // a bounded sample of cursors seen in results
  std::map<std::string, Cursor> last_delivered_;
  std::map<std::string, Cursor>
      last_checkpoint_;  // per live subscription, to see it never moves back
  std::int64_t step_ = 0;
  bool acknowledged_mutation_ = false;  // by the step under way (for record_actions)
  std::int64_t event_counter_ = 0;
  XXH3_state_t* digest_ = nullptr;
  std::deque<std::string> recent_lines_;
};

}  // namespace evsim::sim
