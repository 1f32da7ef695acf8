#pragma once
// The Simulation class behind RunSimulation: scheduler.cc generates actions, simulation.cc
// executes and checks them, lockstep.cc applies one action to any adapter.

#include <xxhash.h>

#include <array>
#include <deque>
#include <map>
#include <memory>

#include "evsim/env/executor.h"
#include "evsim/model/reference_model.h"
#include "evsim/sim/invariants.h"
#include "evsim/sim/random.h"
#include "evsim/sim/simulated_disk.h"
#include "evsim/sim/simulation.h"
#include "evsim/store/event_store.h"

namespace evsim::sim {

// The result of one action on one adapter, rendered so two adapters can be compared.
struct Outcome {
  Status status;
  std::string rendered;         // the value, fully; empty on error
  std::vector<Event> events;    // events returned (reads, lookups, deliveries)
  std::string Summary() const;  // short form for the trace, with a hash of `rendered`
};

bool IsClientOrBackground(ActionKind kind);

// Applies a client operation to an adapter.
Outcome ApplyToAdapter(EventStoreAdapter& adapter, const Action& action);

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

class Simulation {
 public:
  Simulation(const Scenario& scenario, const RunOptions& options);
  ~Simulation();
  RunResult Run();

 private:
  // scheduler.cc
  void ChooseSwarm();
  Action NextAction();
  Action GenerateClientAction(ActionKind kind, int client);
  std::vector<EventInput> GenerateEvents(Random& random);
  Cursor PickCursor(Random& random);
  std::string PickStream(Random& random) { return streams_[random.Below(streams_.size())]; }

  // simulation.cc
  Status Open();
  std::string Execute(const Action& action);
  std::string ExecuteClient(const Action& action);
  // Power loss: the disk crashes and the process's background work is gone.
  std::string CrashProcess();
  std::string Recover(const std::string& cause, std::unique_ptr<ReferenceModel> pending);
  std::string Restart(std::uint32_t active_key_id);
  std::string FlipBit();
  Status ReopenStore();
  void CheckPeriodically();
  void CheckAtEnd();
  void RunLiveness();
  bool DeepCompare();
  void Fail(const std::string& what);
  void Trace(const std::string& actor, const std::string& text);
  void Remember(const std::vector<Event>& events);
  IndexProbe Probe() const;
  friend bool IsClientOrBackground(ActionKind kind);

  const Scenario& scenario_;
  RunOptions options_;
  RunResult result_;
  StoreConfig config_;
  ManualClock clock_;
  SimulatedDisk disk_;
  QueueExecutor executor_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<ReferenceModel> model_;
  Random scheduler_;
  Random faults_;
  Random clock_random_;
  std::vector<Random> clients_;
  std::vector<std::string> streams_;
  std::array<bool, kActionKindCount> enabled_{};
  std::vector<Cursor> known_cursors_;  // a bounded sample of cursors seen in results
  std::map<std::string, Cursor> last_delivered_;
  std::map<std::string, Cursor>
      last_checkpoint_;  // per live subscription, to see it never moves back
  std::int64_t step_ = 0;
  std::int64_t event_counter_ = 0;
  XXH3_state_t* digest_ = nullptr;
  std::deque<std::string> recent_lines_;
};

}  // namespace evsim::sim
