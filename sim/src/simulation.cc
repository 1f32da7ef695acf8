// Executing actions in lockstep, faults and recovery, checks, liveness and bisection.
#include <algorithm>

#include "evsim/sim/observable_state.h"
#include "simulation_internal.h"

namespace evsim::sim {
namespace {

constexpr std::int64_t kStartClockUs = 1'700'000'000'000'000;
constexpr std::size_t kKnownCursorsMax = 64;
constexpr std::size_t kRecentLinesMax = 40;
constexpr int kRecoveryAttemptsMax = 16;

std::string PpmText(std::uint32_t ppm) { return std::to_string(ppm / 1e6); }

}  // namespace

Simulation::Simulation(const Scenario& scenario, const RunOptions& options)
    : scenario_(scenario),
      options_(options),
      config_(scenario.store),
      clock_(kStartClockUs),
      disk_(Random::Derive(options.seed, "disk")),
      scheduler_(Random::Derive(options.seed, "scheduler")),
      faults_(Random::Derive(options.seed, "faults")),
      clock_random_(Random::Derive(options.seed, "clock")),
      digest_(XXH3_createState()) {
  XXH3_64bits_reset(digest_);
  for (int client = 0; client < scenario.clients; ++client) {
    clients_.push_back(Random::Derive(options.seed, "client-" + std::to_string(client)));
  }
  for (int index = 0; index < scenario.stream_count; ++index) {
    streams_.push_back("s" + std::to_string(index));
  }
  if (scenario.prefix_ids) {
    for (const char* id : {"a", "a-b", "a|b", "ab", "a-b-c"}) streams_.push_back(id);
  }
  DiskFaults faults;
  faults.failed_sync_ppm = scenario.faults.failed_sync_ppm;
  faults.failed_write_ppm = scenario.faults.failed_write_ppm;
  faults.torn_write_ppm = scenario.faults.torn_write_ppm;
  faults.lost_directory_entry_ppm = scenario.faults.lost_directory_entry_ppm;
  disk_.set_faults(faults);
}

Simulation::~Simulation() { XXH3_freeState(digest_); }

Status Simulation::Open() {
  StoreOptions options;
  options.directory = "/evsim";
  options.segment_bytes_max = scenario_.segment_bytes_max;
  options.subscription_queue_events_max = scenario_.subscription_queue_max;
  options.compaction_dead_bytes_min = scenario_.compaction_dead_bytes_min;
  options.test_bug_index_skips_entry = options_.inject_index_bug;
  // Opening writes the first segment; let it succeed before the disk's faults start to count.
  const DiskFaults faults = disk_.faults();
  disk_.set_faults(DiskFaults{0, 0, faults.torn_write_ppm, faults.lost_directory_entry_ppm});
  Result<std::unique_ptr<EventStore>> store =
      EventStore::Open(Environment{&clock_, &disk_, &executor_}, options, config_);
  disk_.set_faults(faults);
  EVSIM_RETURN_IF_ERROR(store.status());
  store_ = std::move(store).value();
  EVSIM_ASSIGN_OR_RETURN(model_, ReferenceModel::Create(clock_, config_));
  return Status::Ok();
}

void Simulation::Trace(const std::string& actor, const std::string& text) {
  const std::string line = "step=" + std::to_string(step_) + " actor=" + actor + " " + text;
  XXH3_64bits_update(digest_, line.data(), line.size());
  XXH3_64bits_update(digest_, "\n", 1);
  if (options_.trace) *options_.trace << line << "\n";
  recent_lines_.push_back(line);
  if (recent_lines_.size() > kRecentLinesMax) recent_lines_.pop_front();
}

void Simulation::Fail(const std::string& what) {
  if (!result_.ok) return;  // the first failure is the one that matters
  result_.ok = false;
  result_.failure = what;
  result_.failed_step = step_;
  Trace("checker", "FAILED: " + what);
}

void Simulation::Remember(const std::vector<Event>& events) {
  for (const Event& event : events) {
    if (known_cursors_.size() < kKnownCursorsMax) {
      known_cursors_.push_back(Cursor::Of(event));
    } else {
      known_cursors_[scheduler_.Below(kKnownCursorsMax)] = Cursor::Of(event);
    }
  }
}

IndexProbe Simulation::Probe() const {
  IndexProbe probe;
  probe.tags = scenario_.tags;
  probe.types = scenario_.event_types;
  for (const std::string& key : scenario_.metadata_keys) {
    for (const std::string& value : scenario_.metadata_values)
      probe.metadata.emplace_back(key, value);
  }
  return probe;
}

std::string Simulation::Execute(const Action& action) {
  if (IsClientOperation(action.kind)) return ExecuteClient(action);
  switch (action.kind) {
    case ActionKind::kBackground:
      if (executor_.pending() == 0) return "idle";
      return "ran " + executor_.RunAt(action.pick % executor_.pending());
    case ActionKind::kCrash:
      return Recover("crash", nullptr);
    case ActionKind::kRestart:
      return Restart(action.active_key_id);
    case ActionKind::kClockJump:
      clock_.Advance(action.clock_delta_us);
      return "clock now " + std::to_string(clock_.NowMicros());
    case ActionKind::kBitFlip:
      return FlipBit();
    default:
      return "?";
  }
}

std::string Simulation::ExecuteClient(const Action& action) {
  Outcome store;
  {
    ProfileScope scope(options_.profiler, Profiler::Section::kStore);
    store = ApplyToAdapter(*store_, action);
  }
  if (store.status.code() == ErrorCode::kIoError && IsMutation(action.kind)) {
    // The operation is pending: its record may or may not have reached the disk. Crash now and
    // let recovery decide; the model must then show it wholly applied or not at all.
    ++result_.io_errors;
    auto with_pending = std::make_unique<ReferenceModel>(*model_);
    ApplyToAdapter(*with_pending, action);
    return "io_error, pending; " + Recover("crash after io_error", std::move(with_pending));
  }
  // The model takes exactly as many deliveries as the store handed out; other actions go as is.
  Action take_as_many;
  const Action* model_action = &action;
  if (action.kind == ActionKind::kTake && store.status.ok()) {
    if (store.events.empty()) return store.Summary();  // nothing delivered yet
    take_as_many = action;
    take_as_many.limit = static_cast<std::int64_t>(store.events.size());
    model_action = &take_as_many;
  }
  Outcome model;
  {
    ProfileScope scope(options_.profiler, Profiler::Section::kModel);
    model = ApplyToAdapter(*model_, *model_action);
  }
  ProfileScope scope(options_.profiler, Profiler::Section::kCheckers);
  ++result_.divergence_checks;
  if (!store.status.SameOutcome(model.status) || store.rendered != model.rendered) {
    Fail("divergence on " + action.Describe() + "\n  store: " + store.Summary() + " " +
         store.status.ToString() + "\n  model: " + model.Summary() + " " + model.status.ToString() +
         (store.rendered != model.rendered
              ? "\n  store value:\n" + store.rendered + "\n  model value:\n" + model.rendered
              : ""));
  }
  Remember(store.events);
  if ((action.kind == ActionKind::kSubscribe || action.kind == ActionKind::kUnsubscribe) &&
      store.status.ok()) {
    last_checkpoint_.erase(action.name);  // a new incarnation may start anywhere
  }
  if (action.kind == ActionKind::kTake && !store.events.empty()) {
    last_delivered_[action.name] = Cursor::Of(store.events.back());
  }
  return store.Summary();
}

Status Simulation::ReopenStore() {
  Status reopened;
  for (int attempt = 0; attempt < kRecoveryAttemptsMax; ++attempt) {
    reopened = store_->Reopen(config_);
    if (reopened.code() != ErrorCode::kIoError) return reopened;
    disk_.Crash();  // a disk fault during recovery: the process dies again and retries
    ++result_.crashes;
  }
  return reopened;
}

std::string Simulation::CrashProcess() {
  const std::string disk_account = disk_.Crash();
  executor_.Clear();  // background work in memory dies with the process
  ++result_.crashes;
  return disk_account;
}

std::string Simulation::Recover(const std::string& cause, std::unique_ptr<ReferenceModel> pending) {
  const std::string disk_account = CrashProcess();
  Status reopened;
  {
    ProfileScope scope(options_.profiler, Profiler::Section::kStore);
    reopened = ReopenStore();
  }
  if (!reopened.ok()) {
    Fail(cause + ": recovery failed: " + reopened.ToString());
    return "recovery failed";
  }
  EVSIM_ASSERT(model_->Reopen(config_).ok());
  if (pending) EVSIM_ASSERT(pending->Reopen(config_).ok());
  Result<std::string> recovered = RenderObservableState(*store_);
  if (!recovered.ok()) {
    Fail(cause + ": store cannot render its state: " + recovered.status().ToString());
    return "failed";
  }
  std::string resolution = "nothing pending";
  const bool had_pending = pending != nullptr;
  if (had_pending) {
    last_checkpoint_.clear();  // a pending (un)subscribe may or may not have happened
    if (recovered.value() == RenderObservableState(*pending).value()) {
      model_ = std::move(pending);
      return disk_account + "; " + store_->recovery().ToString() + "; pending operation survived";
    }
    resolution = "pending operation lost";
  }
  const std::string expected = RenderObservableState(*model_).value();
  if (recovered.value() != expected) {
    Fail(cause + ": after recovery the store shows " +
         (had_pending ? "neither the state without nor with the pending operation"
                      : "a state that differs from every acknowledged operation") +
         "\n  store:\n" + recovered.value() + "\n  model:\n" + expected);
  }
  return disk_account + "; " + store_->recovery().ToString() + "; " + resolution;
}

std::string Simulation::Restart(std::uint32_t active_key_id) {
  if (active_key_id != 0 && config_.integrity.enabled) {
    config_.integrity.active_key_id = active_key_id;
  }
  executor_.Clear();
  ++result_.restarts;
  const Status reopened = ReopenStore();
  if (!reopened.ok()) {
    Fail("restart failed: " + reopened.ToString());
    return "failed";
  }
  EVSIM_ASSERT(model_->Reopen(config_).ok());
  return "restarted with active key " + std::to_string(config_.integrity.active_key_id);
}

std::string Simulation::FlipBit() {
  std::optional<BitFlip> flip = disk_.FlipSyncedBit(".evl", 0);
  if (!flip) return "no synced data to flip";
  const std::string where = flip->path + ":" + std::to_string(flip->offset);
  CrashProcess();
  // Disk faults during recovery are retried like any other; the flip is in synced data and
  // survives those crashes, so what comes back is corruption or the benign case.
  Status reopened = ReopenStore();
  std::string outcome;
  if (reopened.code() == ErrorCode::kCorruption) {
    ++result_.corruptions_detected;
    outcome = "detected: " + reopened.message();
    disk_.Undo(*flip);  // the operator restores from a replica; nothing may have been lost
    reopened = ReopenStore();
  } else {
    outcome = "accepted (benign flip)";
  }
  if (!reopened.ok()) {
    Fail("bit flip at " + where + ": recovery failed: " + reopened.ToString());
    return "failed";
  }
  EVSIM_ASSERT(model_->Reopen(config_).ok());
  if (RenderObservableState(*store_).value() != RenderObservableState(*model_).value()) {
    Fail("bit flip at " + where + " was served silently or lost data (" + outcome + ")");
  }
  return "flipped " + where + ": " + outcome;
}

void Simulation::CheckPeriodically() {
  ProfileScope scope(options_.profiler, Profiler::Section::kCheckers);
  // Bounded work: a window of the global order, and lookups with a small limit, on both sides.
  Random& random = scheduler_;
  const Cursor after = PickCursor(random);
  for (EventStoreAdapter* adapter : {static_cast<EventStoreAdapter*>(store_.get()),
                                     static_cast<EventStoreAdapter*>(model_.get())}) {
    Status ordered = CheckOrdering(*adapter, after, 256);
    if (!ordered.ok()) Fail((adapter == store_.get() ? "store " : "model ") + ordered.message());
  }
  const IndexProbe probe = Probe();
  for (const std::string& tag : probe.tags) {
    Action lookup;
    lookup.kind = ActionKind::kLookupTags;
    lookup.values = {tag};
    lookup.limit = 32;
    const Outcome store = ApplyToAdapter(*store_, lookup);
    const Outcome model = ApplyToAdapter(*model_, lookup);
    if (store.rendered != model.rendered || !store.status.SameOutcome(model.status)) {
      Fail("periodic check: lookup_tags(" + tag + ") differs: store " + store.Summary() +
           ", model " + model.Summary());
    }
  }
  // Subscriptions: the same checkpoints on both sides, and none ever moved back.
  const Result<std::vector<SubscriptionInfo>> store_subscriptions = store_->ListSubscriptions();
  const Result<std::vector<SubscriptionInfo>> model_subscriptions = model_->ListSubscriptions();
  if (!store_subscriptions.ok() || !model_subscriptions.ok() ||
      store_subscriptions.value() != model_subscriptions.value()) {
    Fail("periodic check: subscriptions or their checkpoints differ between store and model");
    return;
  }
  std::map<std::string, Cursor> checkpoints;
  for (const SubscriptionInfo& info : store_subscriptions.value()) {
    auto previous = last_checkpoint_.find(info.name);
    if (previous != last_checkpoint_.end() && info.checkpoint < previous->second) {
      Fail("periodic check: the checkpoint of '" + info.name + "' moved back from " +
           previous->second.ToString() + " to " + info.checkpoint.ToString());
    }
    checkpoints[info.name] = info.checkpoint;
  }
  last_checkpoint_ = std::move(checkpoints);
  // Hash chain: one stream per check, on both sides.
  if (config_.integrity.enabled) {
    const std::string stream = PickStream(random);
    const Status store_verified = store_->VerifyStream(stream);
    const Status model_verified = model_->VerifyStream(stream);
    if (!store_verified.SameOutcome(model_verified) ||
        (!store_verified.ok() && store_verified.code() != ErrorCode::kStreamNotFound)) {
      Fail("periodic check: verify_stream(" + stream + "): store " + store_verified.ToString() +
           ", model " + model_verified.ToString());
    }
  }
  ++result_.divergence_checks;
}

bool Simulation::DeepCompare() {
  const Result<std::string> store = RenderObservableState(*store_);
  const Result<std::string> model = RenderObservableState(*model_);
  if (!store.ok() || !model.ok() || store.value() != model.value()) return false;
  return CheckIndex(*store_, Probe(), INT64_MAX).ok();
}

void Simulation::CheckAtEnd() {
  const IndexProbe probe = Probe();
  for (EventStoreAdapter* adapter : {static_cast<EventStoreAdapter*>(store_.get()),
                                     static_cast<EventStoreAdapter*>(model_.get())}) {
    Status checked = CheckAll(*adapter, probe, config_.integrity.enabled);
    if (!checked.ok()) Fail((adapter == store_.get() ? "store " : "model ") + checked.message());
  }
  const Result<std::string> store = RenderObservableState(*store_);
  const Result<std::string> model = RenderObservableState(*model_);
  if (!store.ok() || !model.ok() || store.value() != model.value()) {
    Fail("final state differs between store and model");
  }
}

void Simulation::RunLiveness() {
  // Heal everything, then require convergence within the bound: all background work done
  // (compaction included) and every subscription caught up with the model.
  disk_.set_faults(DiskFaults{0, 0, 0, 0});
  std::vector<std::string> names;
  for (const SubscriptionInfo& info : model_->ListSubscriptions().value())
    names.push_back(info.name);
  bool converged = false;
  for (std::int64_t round = 0; round < scenario_.liveness_steps && result_.ok; ++round, ++step_) {
    if (executor_.pending() > 0) {
      Trace("liveness", "background ran " + executor_.RunAt(0));
      continue;
    }
    bool delivered = false;
    for (const std::string& name : names) {
      Action take;
      take.kind = ActionKind::kTake;
      take.name = name;
      take.limit = 64;
      const std::string outcome = ExecuteClient(take);
      if (outcome.rfind("ok 0 events", 0) != 0) delivered = true;
      Trace("liveness", take.Describe() + " -> " + outcome);
    }
    if (!delivered && executor_.pending() == 0) {
      converged = true;
      break;
    }
  }
  if (!result_.ok) return;
  if (!converged) {
    Fail("liveness: the store did not converge within " + std::to_string(scenario_.liveness_steps) +
         " steps after faults healed (" + std::to_string(executor_.pending()) +
         " work items pending)");
    return;
  }
  for (const std::string& name : names) {
    const std::vector<Event> owed = model_->TakeDeliveries(name, 1'000'000).value();
    if (!owed.empty()) {
      Fail("liveness: subscription '" + name + "' never delivered " + std::to_string(owed.size()) +
           " events, the first " + DescribeEvent(owed.front()));
    }
  }
}

RunResult Simulation::Run() {
  const std::int64_t steps = options_.steps >= 0 ? options_.steps : scenario_.steps;
  result_.header = "SEED=" + std::to_string(options_.seed) + " scenario=" + scenario_.name +
                   " steps=" + std::to_string(steps) +
                   " clients=" + std::to_string(scenario_.clients) +
                   " streams=" + std::to_string(streams_.size()) +
                   " integrity=" + (config_.integrity.enabled ? "on" : "off") +
                   " faults{crash=" + PpmText(scenario_.faults.crash_ppm) +
                   " restart=" + PpmText(scenario_.faults.restart_ppm) +
                   " clock_jump=" + PpmText(scenario_.faults.clock_jump_ppm) +
                   " bit_flip=" + PpmText(scenario_.faults.bit_flip_ppm) +
                   " failed_sync=" + PpmText(scenario_.faults.failed_sync_ppm) +
                   " failed_write=" + PpmText(scenario_.faults.failed_write_ppm) + "}" +
                   (options_.inject_index_bug ? " INJECTED_BUG=index-skip" : "");
  ChooseSwarm();
  Trace("sim", result_.header);
  if (Status opened = Open(); !opened.ok()) {
    Fail("could not open the store: " + opened.ToString());
    return result_;
  }
  const bool scripted = !scenario_.ops.empty();
  const std::int64_t total = scripted ? static_cast<std::int64_t>(scenario_.ops.size()) : steps;
  for (step_ = 0; step_ < total && result_.ok; ++step_) {
    clock_.Advance(static_cast<std::int64_t>(clock_random_.Below(1'000)));
    const Action action = scripted ? scenario_.ops[static_cast<std::size_t>(step_)] : NextAction();
    result_.actions.push_back(action);
    const std::string actor = IsClientOperation(action.kind)
                                  ? "client-" + std::to_string(action.client)
                              : action.kind == ActionKind::kBackground ? "store"
                                                                       : "env";
    const std::string outcome = Execute(action);
    Trace(actor, action.Describe() + " -> " + outcome);
    if (options_.stop_after_step >= 0 && step_ >= options_.stop_after_step) {
      if (result_.ok && !DeepCompare()) Fail("deep comparison failed");
      result_.steps_run = step_ + 1;
      return result_;
    }
    if (result_.ok && (step_ + 1) % scenario_.check_every == 0) CheckPeriodically();
    if (options_.profiler) options_.profiler->StepDone(step_);
  }
  result_.steps_run = step_;
  if (result_.ok) RunLiveness();
  if (result_.ok) CheckAtEnd();
  result_.trace_digest = XXH3_64bits_digest(digest_);
  result_.last_trace_lines.assign(recent_lines_.begin(), recent_lines_.end());
  return result_;
}

RunResult RunSimulation(const Scenario& scenario, const RunOptions& options) {
  RunResult result = Simulation(scenario, options).Run();
  if (result.ok || !options.find_first_divergence || result.failed_step < 0) return result;
  // Bisect: the smallest step after which store and model no longer deep-compare equal.
  std::int64_t good = -1;
  std::int64_t bad = result.failed_step;
  while (bad - good > 1) {
    const std::int64_t middle = good + (bad - good) / 2;
    RunOptions probe = options;
    probe.trace = nullptr;
    probe.find_first_divergence = false;
    probe.stop_after_step = middle;
    (Simulation(scenario, probe).Run().ok ? good : bad) = middle;
  }
  result.first_divergent_step = bad;
  return result;
}

std::string ReplayCommand(const Scenario& scenario, const RunOptions& options) {
  std::string command = "evsim replay " + scenario.path + " --seed " + std::to_string(options.seed);
  if (options.steps >= 0) command += " --steps " + std::to_string(options.steps);
  if (options.inject_index_bug) command += " --inject-bug index-skip";
  return command;
}

}  // namespace evsim::sim
