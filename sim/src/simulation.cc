// Executing actions in lockstep, faults and recovery, checks, liveness and bisection.
#include <algorithm>

#include "evsim/records/limits.h"

#include "evsim/sim/observable_state.h"
#include "evsim/sim/lockstep_session.h"
#include "evsim/sim/printable.h"
#include "evsim/sim/value_diff.h"
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
      target_description_(options.target->description),
      capabilities_(options.target->description.capabilities),
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
  // A target without integrity runs with it off, on both sides, so the rest still compares.
  if (!Has(Capability::kIntegrity)) config_.integrity = IntegrityConfig{};
}

Simulation::~Simulation() { XXH3_freeState(digest_); }

Status Simulation::Open() {
  TargetEnvironment environment;
  environment.clock = &clock_;
  environment.disk = &disk_;
  environment.data_root = options_.data_root;
  environment.run_name = scenario_.name + "-seed" + std::to_string(options_.seed);
  environment.tuning = {scenario_.segment_bytes_max, scenario_.subscription_queue_max,
                        scenario_.compaction_dead_bytes_min};
  EVSIM_ASSIGN_OR_RETURN(target_, options_.target->make(environment));
  EVSIM_ASSERT_MSG(target_->description().capabilities == capabilities_,
                   "a target must describe itself as its factory did");
  result_.data_directory = target_->data_directory();
  // Opening writes the first files; let it succeed before the disk's faults start to count.
  disk_.set_faults(DiskFaults{0, 0, 0, 0, 0, 0});
  disk_.choices().BeginStep(nullptr);
  Result<std::string> opened = target_->Open(config_);
  disk_.set_faults(DiskFaults{rates_.failed_sync_ppm, rates_.failed_write_ppm,
                              rates_.power_loss_ppm, rates_.lost_unsynced_ppm,
                              rates_.torn_write_ppm, rates_.lost_directory_entry_ppm});
  EVSIM_RETURN_IF_ERROR(opened.status());
  EVSIM_ASSIGN_OR_RETURN(model_, ReferenceModel::Create(clock_, config_));
  return Status::Ok();
}

void Simulation::Trace(const std::string& actor, const std::string& text) {
  // Stream ids, types and messages may hold any byte: one trace line stays one line.
  const std::string line =
      "step=" + std::to_string(step_) + " actor=" + actor + " " + Printable(text);
  XXH3_64bits_update(digest_, line.data(), line.size());
  XXH3_64bits_update(digest_, "\n", 1);
  if (options_.trace) *options_.trace << line << "\n";
  recent_lines_.push_back(line);
  if (recent_lines_.size() > kRecentLinesMax) recent_lines_.pop_front();
}

void Simulation::Fail(Capability capability, Invariant invariant, const std::string& what) {
  if (!result_.ok) return;  // the first failure is the one that matters
  if (TargetBroken()) return;
  result_.ok = false;
  result_.failure = PrintableLines(what);
  result_.violation = Violation{capability, invariant};
  result_.failed_step = step_;
  Trace("checker", "FAILED " + result_.violation.ToString() + ": " + what);
}

bool Simulation::TargetBroken() {
  if (!target_) return false;
  const std::optional<std::string> broken = target_->broken();
  if (!broken) return false;
  if (result_.ok) {
    result_.ok = false;
    result_.protocol_error = Printable(*broken);
    result_.failure = "the adapter broke the protocol at step " + std::to_string(step_) + ": " +
                      result_.protocol_error;
    result_.failed_step = step_;
    Trace("checker", "PROTOCOL: " + *broken);
  }
  return true;
}

void Simulation::RememberCursors(const std::vector<Event>& events) {
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
  if (!IsClientOperation(action.kind())) return Perform(action, *this);
  return Has(CapabilityOf(action.kind())) ? ExecuteClient(action) : ExecuteUndeclared(action);
}

std::string Simulation::Crash(bool lose_every_unsynced_write) {
  if (!target_description_.faults.crash) return "skipped: the target cannot crash";
  return Recover("crash", nullptr,
                 lose_every_unsynced_write ? SimulatedDisk::CrashLoss::kEveryUnsyncedWrite
                                           : SimulatedDisk::CrashLoss::kDrawn);
}

std::string Simulation::JumpClock(std::int64_t delta_us) {
  // Jumps add up; the clock saturates at the edges of what a store can hand out as epoch_us,
  // so that no sum of jumps overflows (appends past the top are refused: docs/semantics.md).
  std::int64_t now_us = 0;
  if (__builtin_add_overflow(clock_.NowMicros(), delta_us, &now_us)) {
    now_us = delta_us > 0 ? limits::kEpochMicrosMax : -limits::kEpochMicrosMax;
  }
  clock_.Set(std::clamp(now_us, -limits::kEpochMicrosMax, limits::kEpochMicrosMax + 1));
  return "clock now " + std::to_string(clock_.NowMicros());
}

std::string Simulation::RunBackground(std::uint64_t pick) {
  Result<std::optional<std::string>> ran = target_->RunWork(pick);
  if (!ran.ok()) {
    Fail(Capability::kCore, Invariant::kConverges,
         "background work failed: " + ran.status().ToString());
    return "failed";
  }
  return ran.value() ? "ran " + *ran.value() : "idle";
}

std::string Simulation::ExecuteUndeclared(const Action& action) {
  const Capability capability = CapabilityOf(action.kind());
  const Outcome outcome = Apply(action, store());
  if (TargetBroken()) return "protocol broken";
  result_.checked.Add(capability, Invariant::kUnsupportedWhenUndeclared);
  if (outcome.status.code() != ErrorCode::kUnsupported) {
    Fail(capability, Invariant::kUnsupportedWhenUndeclared,
         action.Describe() + " answered " +
             (outcome.status.ok() ? std::string("ok") : outcome.status.ToString()) +
             ", but the adapter does not declare '" + std::string(CapabilityName(capability)) +
             "' and must answer unsupported");
  }
  return outcome.Summary() + " (undeclared)";
}

std::string Simulation::ExecuteClient(const Action& action) {
  Outcome store_outcome;
  {
    ProfileScope scope(options_.profiler, Profiler::Section::kStore);
    store_outcome = Apply(action, store());
  }
  if (TargetBroken()) return "protocol broken";
  if (store_outcome.status.code() == ErrorCode::kIoError && IsMutation(action.kind()) &&
      target_description_.faults.crash) {
    // The operation is pending: its record may or may not have reached the disk. Crash now and
    // let recovery decide; the model must then show it wholly applied or not at all.
    ++result_.io_errors;
    auto with_pending = std::make_unique<ReferenceModel>(*model_);
    Apply(action, *with_pending);
    return "io_error, pending; " + Recover("crash after io_error", std::move(with_pending));
  }
  acknowledged_mutation_ = store_outcome.status.ok() && IsMutation(action.kind());
  if (const Take* take = std::get_if<Take>(&action.operation)) CheckDeliveryBound(*take, store_outcome);
  const std::optional<Action> model_action = ForModel(action, store_outcome);
  if (!model_action) return store_outcome.Summary();  // nothing to compare (nothing delivered)
  Outcome model;
  {
    ProfileScope scope(options_.profiler, Profiler::Section::kModel);
    model = Apply(*model_action, *model_);
  }
  ProfileScope scope(options_.profiler, Profiler::Section::kCheckers);
  ++result_.divergence_checks;
  result_.checked.Add(CapabilityOf(action.kind()), Invariant::kAgreesWithModel);
  if (!store_outcome.status.SameOutcome(model.status) ||
      store_outcome.rendered != model.rendered) {
    Fail(CapabilityOf(action.kind()), Invariant::kAgreesWithModel,
         "divergence on " + action.Describe() + "\n  store: " + store_outcome.Summary() + " " +
             store_outcome.status.ToString() + "\n  model: " + model.Summary() + " " +
             model.status.ToString() +
             (store_outcome.rendered != model.rendered
                  ? "\n  difference (store vs model):\n" +
                        DiffRenderedValues(store_outcome.rendered, model.rendered)
                  : ""));
  }
  RememberCursors(store_outcome.events);
  Remember(action, *this, store_outcome);
  return store_outcome.Summary();
}

void Simulation::CheckDeliveryBound(const Take& take, const Outcome& store_outcome) {
  if (!store_outcome.status.ok()) return;
  result_.checked.Add(Capability::kSubscriptions, Invariant::kDeliveryBounded);
  const auto handed_out = static_cast<std::int64_t>(store_outcome.events.size());
  if (handed_out > take.max_events) {
    Fail(Capability::kSubscriptions, Invariant::kDeliveryBounded,
         take.Describe() + " handed out " + std::to_string(handed_out) + " events");
  } else if (target_description_.bounds_delivery_queue &&
             static_cast<std::uint64_t>(handed_out) > scenario_.subscription_queue_max) {
    Fail(Capability::kSubscriptions, Invariant::kDeliveryBounded,
         take.Describe() + " handed out " + std::to_string(handed_out) +
             " events, more than the delivery queue holds (subscription_queue_max " +
             std::to_string(scenario_.subscription_queue_max) + ")");
  }
}

Result<std::string> Simulation::ReopenTarget() {
  Result<std::string> reopened = target_->Open(config_);
  for (int attempt = 1; attempt < kRecoveryAttemptsMax; ++attempt) {
    if (reopened.status().code() != ErrorCode::kIoError ||
        !target_description_.faults.disk_faults) {
      break;
    }
    disk_.Crash();  // a disk fault during recovery: the process dies again and retries
    ++result_.crashes;
    reopened = target_->Open(config_);
  }
  return reopened;
}

std::string Simulation::CrashProcess(SimulatedDisk::CrashLoss loss) {
  const std::string disk_account =
      target_description_.faults.disk_faults ? disk_.Crash(loss) : "crash: process killed";
  target_->Kill();  // background work in memory dies with the process
  ++result_.crashes;
  return disk_account;
}

std::string Simulation::Recover(const std::string& cause, std::unique_ptr<ReferenceModel> pending,
                                SimulatedDisk::CrashLoss loss) {
  const std::string disk_account = CrashProcess(loss);
  Result<std::string> reopened = std::string();
  {
    ProfileScope scope(options_.profiler, Profiler::Section::kStore);
    reopened = ReopenTarget();
  }
  if (!reopened.ok()) {
    // Keep the crash's account: it is what explains a recovery bug.
    Fail(Capability::kDurability, Invariant::kSurvivesCrash,
         cause + ": recovery failed: " + reopened.status().ToString() + "\n  the crash: " +
             disk_account);
    return "recovery failed after " + disk_account;
  }
  EVSIM_ASSERT(model_->Reopen(config_).ok());
  if (pending) EVSIM_ASSERT(pending->Reopen(config_).ok());
  Result<std::string> recovered = RenderObservableState(store(), capabilities_);
  if (!recovered.ok()) {
    Fail(Capability::kDurability, Invariant::kSurvivesCrash,
         cause + ": store cannot render its state: " + recovered.status().ToString());
    return "failed";
  }
  result_.checked.Add(Capability::kDurability, Invariant::kSurvivesCrash);
  if (target_description_.faults.disk_faults && disk_.last_crash_left_nothing_to_repair() &&
      target_->RecoveryRepaired() == true) {
    Fail(Capability::kDurability, Invariant::kSurvivesCrash,
         cause + ": recovery repaired a torn record (" + reopened.value() +
             "), but the crash left every file as the store last wrote it and no IO call had "
             "failed: recovery took complete data for torn\n  the crash: " + disk_account);
  }
  std::string resolution = "nothing pending";
  const bool had_pending = pending != nullptr;
  if (had_pending) {
    last_checkpoint_.clear();  // a pending (un)subscribe may or may not have happened
    if (recovered.value() == RenderObservableState(*pending, capabilities_).value()) {
      model_ = std::move(pending);
      return disk_account + "; " + reopened.value() + "; pending operation survived";
    }
    resolution = "pending operation lost";
  }
  const std::string expected = RenderObservableState(*model_, capabilities_).value();
  if (recovered.value() != expected) {
    Fail(Capability::kDurability, Invariant::kSurvivesCrash,
         cause + ": after recovery the store shows " +
             (had_pending ? "neither the state without nor with the pending operation"
                          : "a state that differs from every acknowledged operation") +
             "\n  the crash: " + disk_account + "\n  difference (store vs model):\n" +
             DiffRenderedValues(recovered.value(), expected));
  }
  return disk_account + "; " + reopened.value() + "; " + resolution;
}

std::string Simulation::Restart(std::uint32_t active_key_id, std::uint32_t dropped_key_id) {
  if (!target_description_.faults.restart) return "skipped: the target cannot restart";
  if (active_key_id != 0 && config_.integrity.enabled) {
    config_.integrity.active_key_id = active_key_id;
  }
  if (config_.integrity.enabled) {
    // Every restart starts from the scenario's keyring: a key dropped before comes back.
    config_.integrity.keyring = scenario_.store.integrity.keyring;
    if (dropped_key_id != 0 && dropped_key_id != config_.integrity.active_key_id) {
      config_.integrity.keyring.erase(dropped_key_id);
    }
  }
  ++result_.restarts;
  Status closed = target_->Close();
  Result<std::string> reopened = closed.ok() ? ReopenTarget() : Result<std::string>(closed);
  if (!reopened.ok()) {
    Fail(Capability::kDurability, Invariant::kSurvivesCrash,
         "restart failed: " + reopened.status().ToString());
    return "failed";
  }
  EVSIM_ASSERT(model_->Reopen(config_).ok());
  // A restart drops session state only; the lockstep comparisons that follow check the rest.
  result_.checked.Add(Capability::kDurability, Invariant::kSurvivesCrash);
  // (A dropped key shows in the action's own text: "restart active_key=1 dropped_key=2".)
  return "restarted with active key " + std::to_string(config_.integrity.active_key_id);
}

std::string Simulation::FlipBit() {
  if (target_description_.faults.bit_flip_files.empty()) {
    return "skipped: the target takes no bit flips";
  }
  std::optional<FlippedBit> flip = disk_.FlipSyncedBit(target_description_.faults.bit_flip_files);
  if (!flip) return "no synced data to flip";
  const std::string where = flip->path + ":" + std::to_string(flip->offset);
  CrashProcess();
  // Disk faults during recovery are retried like any other; the flip is in synced data and
  // survives those crashes, so what comes back is corruption or the benign case.
  Result<std::string> reopened = ReopenTarget();
  std::string outcome;
  if (reopened.status().code() == ErrorCode::kCorruption) {
    ++result_.corruptions_detected;
    outcome = "detected: " + reopened.status().message();
    disk_.Undo(*flip);  // the operator restores from a replica; nothing may have been lost
    reopened = ReopenTarget();
  } else {
    outcome = "accepted (benign flip)";
  }
  if (!reopened.ok()) {
    Fail(Capability::kDurability, Invariant::kDetectsCorruption,
         "bit flip at " + where + ": recovery failed: " + reopened.status().ToString());
    return "failed";
  }
  EVSIM_ASSERT(model_->Reopen(config_).ok());
  result_.checked.Add(Capability::kDurability, Invariant::kDetectsCorruption);
  const std::string store_state = RenderObservableState(store(), capabilities_).value();
  const std::string model_state = RenderObservableState(*model_, capabilities_).value();
  if (store_state != model_state) {
    Fail(Capability::kDurability, Invariant::kDetectsCorruption,
         "bit flip at " + where + " was served silently or lost data (" + outcome + ")" +
             "\n  difference (store vs model):\n" + DiffRenderedValues(store_state, model_state));
  }
  return "flipped " + where + ": " + outcome;
}

void Simulation::CheckPeriodically() {
  ProfileScope scope(options_.profiler, Profiler::Section::kCheckers);
  // Bounded work: a window of the global order, and lookups with a small limit, on both sides.
  Random& random = scheduler_;
  const Cursor after = PickCursor(random);
  result_.checked.Add(Capability::kCore, Invariant::kGlobalOrder);
  for (EventStoreAdapter* adapter : {&store(), static_cast<EventStoreAdapter*>(model_.get())}) {
    Status ordered = CheckOrdering(*adapter, after, 256);
    if (!ordered.ok()) {
      Fail(Capability::kCore, Invariant::kGlobalOrder,
           (adapter == model_.get() ? "model " : "store ") + ordered.message());
    }
  }
  if (Has(Capability::kIndex)) {
    for (const std::string& tag : Probe().tags) {
      const Action lookup{0, LookupTags{{tag}, TagMatch::kAny, 32}};
      const Outcome store_outcome = Apply(lookup, store());
      const Outcome model = Apply(lookup, *model_);
      result_.checked.Add(Capability::kIndex, Invariant::kAgreesWithModel);
      if (store_outcome.rendered != model.rendered ||
          !store_outcome.status.SameOutcome(model.status)) {
        Fail(Capability::kIndex, Invariant::kAgreesWithModel,
             "periodic check: lookup_tags(" + tag + ") differs: store " +
                 store_outcome.Summary() + ", model " + model.Summary() +
                 (store_outcome.rendered != model.rendered
                      ? "\n  difference (store vs model):\n" +
                            DiffRenderedValues(store_outcome.rendered, model.rendered)
                      : ""));
      }
    }
  }
  if (Has(Capability::kSubscriptions)) CheckCheckpoints();
  // Hash chain: one stream per check, on both sides.
  if (config_.integrity.enabled) {
    const std::string stream = PickStream(random);
    const Status store_verified = store().VerifyStream(stream);
    const Status model_verified = model_->VerifyStream(stream);
    result_.checked.Add(Capability::kIntegrity, Invariant::kChainVerifies);
    // With a key dropped from the keyring (a restart's dropped_key), unknown_key is the answer.
    const bool unknown_key_expected =
        KeysDropped() && store_verified.violation_kind() == ViolationKind::kUnknownKey;
    if (!store_verified.SameOutcome(model_verified) ||
        (!store_verified.ok() && store_verified.code() != ErrorCode::kStreamNotFound &&
         !unknown_key_expected)) {
      Fail(Capability::kIntegrity, Invariant::kChainVerifies,
           "periodic check: verify_stream(" + stream + "): store " + store_verified.ToString() +
               ", model " + model_verified.ToString());
    }
  }
  ++result_.divergence_checks;
}

void Simulation::CheckCheckpoints() {
  // The same checkpoints on both sides, and none ever moved back.
  const Result<std::vector<SubscriptionInfo>> store_subscriptions = store().ListSubscriptions();
  const Result<std::vector<SubscriptionInfo>> model_subscriptions = model_->ListSubscriptions();
  if (!store_subscriptions.ok() || !model_subscriptions.ok() ||
      store_subscriptions.value() != model_subscriptions.value()) {
    // Each side as lines, one subscription each (or the error it answered), and what differs.
    auto render = [](const Result<std::vector<SubscriptionInfo>>& listed) {
      if (!listed.ok()) return "list_subscriptions failed: " + listed.status().ToString() + "\n";
      std::string text;
      for (const SubscriptionInfo& info : listed.value()) {
        text += "subscription " + DescribeSubscription(info) + "\n";
      }
      return text;
    };
    Fail(Capability::kSubscriptions, Invariant::kAgreesWithModel,
         "periodic check: subscriptions or their checkpoints differ between store and model\n"
         "  difference (store vs model):\n" +
             DiffRenderedValues(render(store_subscriptions), render(model_subscriptions)));
    return;
  }
  result_.checked.Add(Capability::kSubscriptions, Invariant::kAgreesWithModel);
  if (!store_subscriptions.value().empty()) {
    result_.checked.Add(Capability::kSubscriptions, Invariant::kCheckpointMonotonic);
  }
  std::map<std::string, Cursor> checkpoints;
  for (const SubscriptionInfo& info : store_subscriptions.value()) {
    auto previous = last_checkpoint_.find(info.name);
    if (previous != last_checkpoint_.end() && info.checkpoint < previous->second) {
      Fail(Capability::kSubscriptions, Invariant::kCheckpointMonotonic,
           "periodic check: the checkpoint of '" + info.name + "' moved back from " +
               previous->second.ToString() + " to " + info.checkpoint.ToString());
    }
    checkpoints[info.name] = info.checkpoint;
  }
  last_checkpoint_ = std::move(checkpoints);
}

bool Simulation::DeepCompare() {
  const Result<std::string> store_state = RenderObservableState(store(), capabilities_);
  const Result<std::string> model = RenderObservableState(*model_, capabilities_);
  if (!store_state.ok() || !model.ok() || store_state.value() != model.value()) return false;
  return !Has(Capability::kIndex) || CheckIndex(store(), Probe(), INT64_MAX).ok();
}

void Simulation::CheckAtEnd() {
  const IndexProbe probe = Probe();
  for (EventStoreAdapter* adapter : {&store(), static_cast<EventStoreAdapter*>(model_.get())}) {
    const std::string side = adapter == model_.get() ? "model " : "store ";
    Status ordered = CheckOrdering(*adapter, Cursor::Beginning(), INT64_MAX);
    result_.checked.Add(Capability::kCore, Invariant::kGlobalOrder);
    if (!ordered.ok()) Fail(Capability::kCore, Invariant::kGlobalOrder, side + ordered.message());
    if (Has(Capability::kIndex)) {
      result_.checked.Add(Capability::kIndex, Invariant::kIndexMatchesScan);
      Status indexed = CheckIndex(*adapter, probe, INT64_MAX);
      if (!indexed.ok()) {
        Fail(Capability::kIndex, Invariant::kIndexMatchesScan, side + indexed.message());
      }
    }
    if (config_.integrity.enabled) {
      result_.checked.Add(Capability::kIntegrity, Invariant::kChainVerifies);
    }
    Status chained = CheckChains(*adapter, config_.integrity, capabilities_, KeysDropped());
    if (!chained.ok()) {
      Fail(Capability::kIntegrity, Invariant::kChainVerifies, side + chained.message());
    }
  }
  const Result<std::string> store_state = RenderObservableState(store(), capabilities_);
  const Result<std::string> model = RenderObservableState(*model_, capabilities_);
  result_.checked.Add(Capability::kCore, Invariant::kAgreesWithModel);
  if (!store_state.ok() || !model.ok() || store_state.value() != model.value()) {
    Fail(Capability::kCore, Invariant::kAgreesWithModel,
         "final state differs between store and model" +
             (store_state.ok() && model.ok()
                  ? "\n  difference (store vs model):\n" +
                        DiffRenderedValues(store_state.value(), model.value())
                  : std::string(store_state.ok() ? "" : "\n  store: " +
                                                           store_state.status().ToString())));
  }
}

void Simulation::RunLiveness() {
  // Heal everything, then require convergence within the bound: all background work done
  // (compaction included) and every subscription caught up with the model.
  disk_.set_faults(DiskFaults{0, 0, 0, 0, 0, 0});
  if (config_.integrity.keyring != scenario_.store.integrity.keyring) {
    // A key a restart dropped comes back, so that the final checks verify every chain.
    Trace("liveness", "restart with the whole keyring -> " + Restart(0, 0));
  }
  std::vector<std::string> names;
  if (Has(Capability::kSubscriptions)) {
    for (const SubscriptionInfo& info : model_->ListSubscriptions().value()) {
      names.push_back(info.name);
    }
  }
  const bool harness_work = target_description_.background == BackgroundMode::kHarness;
  bool converged = false;
  for (std::int64_t round = 0; round < scenario_.liveness_steps && result_.ok; ++round, ++step_) {
    if (harness_work) {
      Result<std::size_t> pending = target_->PendingWork();
      if (!pending.ok()) {
        Fail(Capability::kCore, Invariant::kConverges,
             "liveness: pending work unknown: " + pending.status().ToString());
        break;
      }
      if (pending.value() > 0) {
        Trace("liveness", "background " + RunBackground(0));
        continue;
      }
    }
    bool delivered = false;
    for (const std::string& name : names) {
      const Action take{0, Take{name, 64}};
      const std::string outcome = ExecuteClient(take);
      if (outcome.rfind("ok 0 events", 0) != 0) delivered = true;
      Trace("liveness", take.Describe() + " -> " + outcome);
    }
    if (delivered) continue;
    // A take may have posted more work (room in a full delivery queue).
    const Result<std::size_t> pending =
        harness_work ? target_->PendingWork() : Result<std::size_t>(std::size_t{0});
    if (pending.ok() && pending.value() == 0) {
      converged = true;
      break;
    }
  }
  if (!result_.ok) return;
  if (!converged) {
    const Result<std::size_t> pending =
        harness_work ? target_->PendingWork() : Result<std::size_t>(std::size_t{0});
    Fail(Capability::kSubscriptions, Invariant::kConverges,
         "liveness: the store did not converge within " +
             std::to_string(scenario_.liveness_steps) + " steps after faults healed (" +
             (pending.ok() ? std::to_string(pending.value()) : std::string("?")) +
             " work items pending)");
    return;
  }
  if (!names.empty()) result_.checked.Add(Capability::kSubscriptions, Invariant::kConverges);
  for (const std::string& name : names) {
    const std::vector<Event> owed = model_->TakeDeliveries(name, 1'000'000).value();
    if (!owed.empty()) {
      Fail(Capability::kSubscriptions, Invariant::kConverges,
           "liveness: subscription '" + name + "' never delivered " +
               std::to_string(owed.size()) + " events, the first " + DescribeEvent(owed.front()));
    }
  }
}

bool Simulation::Begin(std::int64_t steps) {
  const std::string switched_off = FitToTarget();
  result_.header = "SEED=" + std::to_string(options_.seed) + " scenario=" + scenario_.name +
                   " steps=" + std::to_string(steps) +
                   " clients=" + std::to_string(scenario_.clients) +
                   " streams=" + std::to_string(streams_.size()) +
                   " integrity=" + (config_.integrity.enabled ? "on" : "off") +
                   " faults{crash=" + PpmText(rates_.crash_ppm) +
                   " restart=" + PpmText(rates_.restart_ppm) +
                   " clock_jump=" + PpmText(rates_.clock_jump_ppm) +
                   " bit_flip=" + PpmText(rates_.bit_flip_ppm) +
                   " failed_sync=" + PpmText(rates_.failed_sync_ppm) +
                   " failed_write=" + PpmText(rates_.failed_write_ppm) + "}";
  // The built-in store is the default target and takes everything: its header says nothing
  // more, so its digests stay comparable across versions of evsim.
  if (target_description_.spec != "store") {
    result_.header += " target=" + target_description_.spec;
    if (!switched_off.empty()) result_.header += " off=[" + switched_off + "]";
  }
  ChooseSwarm();
  Trace("sim", result_.header);
  if (Status opened = Open(); !opened.ok()) {
    TargetBroken();
    if (result_.ok) {
      result_.ok = false;
      result_.protocol_error = "the target could not open a fresh store: " + opened.ToString();
      result_.failure = result_.protocol_error;
      Trace("checker", "PROTOCOL: " + result_.protocol_error);
    }
    return false;
  }
  return true;
}

void Simulation::Step(Action action, bool pinned_disk_choices) {
  acknowledged_mutation_ = false;
  const std::int64_t began_at_us = clock_.NowMicros();
  // A scenario with pinned disk choices replays exactly what its disk chose in each step.
  disk_.choices().BeginStep(pinned_disk_choices ? &action.disk_choices : nullptr);
  if (options_.observer) options_.observer->Starting(step_, action);
  const std::string actor = IsClientOperation(action.kind()) ? "client-" + std::to_string(action.client)
                            : action.As<Background>()          ? "store"
                                                               : "env";
  std::string outcome = Execute(action);
  if (disk_.power_lost()) {
    // The power failed inside work that reported no error of its own (background work).
    outcome += "; " + Recover("power loss", nullptr);
  }
  Trace(actor, action.Describe() + " -> " + outcome);
  if (options_.record_actions) {
    if (acknowledged_mutation_ && disk_.UnsyncedBytes() > 0) {
      result_.acknowledged_while_unsynced.push_back(step_);
    }
    action.disk_choices = disk_.choices().made();
    action.at_us = began_at_us;
    result_.actions.push_back(std::move(action));
  }
}

void Simulation::AdvanceClockForStep() {
  // Drawn the same way whatever the bound, so that the default keeps every pinned digest.
  const std::int64_t advance_us = static_cast<std::int64_t>(clock_random_.Below(1'000));
  clock_.Advance(advance_us % (scenario_.clock_step_us_max + 1));
}

void Simulation::SessionStep(Action action) {
  EVSIM_ASSERT(result_.ok);
  AdvanceClockForStep();  // as a scripted run does
  Step(std::move(action), false);
  ++step_;
  result_.steps_run = step_;
  if (result_.ok && step_ % scenario_.check_every == 0) CheckPeriodically();
}

RunResult Simulation::End() {
  if (result_.ok) RunLiveness();
  if (result_.ok) CheckAtEnd();
  return Finish();
}

RunResult Simulation::Run() {
  const std::int64_t steps = options_.steps >= 0 ? options_.steps : scenario_.steps;
  const bool scripted = !scenario_.ops.empty();
  // A scripted run has as many steps as operations (the header says so, not the default).
  const std::int64_t total = scripted ? static_cast<std::int64_t>(scenario_.ops.size()) : steps;
  if (!Begin(total)) return Finish();
  for (step_ = 0; step_ < total && result_.ok; ++step_) {
    AdvanceClockForStep();
    Action action = scripted ? scenario_.ops[static_cast<std::size_t>(step_)] : NextAction();
    if (action.at_us) clock_.Set(*action.at_us);  // the instant it ran at when recorded
    Step(std::move(action), scripted && scenario_.pinned_disk_choices);
    if (options_.stop_after_step >= 0 && step_ >= options_.stop_after_step) {
      if (result_.ok && !DeepCompare() && !TargetBroken()) {
        Fail(Capability::kCore, Invariant::kAgreesWithModel, "deep comparison failed");
      }
      result_.steps_run = step_ + 1;
      return Finish();
    }
    if (result_.ok && (step_ + 1) % scenario_.check_every == 0) CheckPeriodically();
    if (options_.profiler) options_.profiler->StepDone(step_);
  }
  result_.steps_run = step_;
  return End();
}

RunResult Simulation::Finish() {
  TargetBroken();  // a violation seen by a checker's call counts as one
  result_.trace_digest = XXH3_64bits_digest(digest_);
  result_.last_trace_lines.assign(recent_lines_.begin(), recent_lines_.end());
  if (target_) {
    result_.diagnostics = target_->DiagnosticsTail();
    if (!result_.ok && options_.keep_failed_data) target_->PreserveData();
  }
  if (result_.ok || !options_.keep_failed_data) result_.data_directory.clear();
  return result_;
}

RunResult RunSimulation(const Scenario& scenario, const RunOptions& options) {
  ProbeCounts probes;
  RunResult result;
  {
    const ProbeScope scope(probes);
    result = Simulation(scenario, options).Run();
  }
  result.probes = probes;
  // A protocol violation is not a divergence: there is nothing to bisect.
  if (result.ok || !options.find_first_divergence || result.failed_step < 0 ||
      !result.protocol_error.empty()) {
    return result;
  }
  // Bisect: the smallest step after which store and model no longer deep-compare equal.
  std::int64_t good = -1;
  std::int64_t bad = result.failed_step;
  while (bad - good > 1) {
    const std::int64_t middle = good + (bad - good) / 2;
    RunOptions probe = options;
    probe.trace = nullptr;
    probe.find_first_divergence = false;
    probe.keep_failed_data = false;
    probe.stop_after_step = middle;
    ProbeCounts discarded;  // the run above counted every probe once already
    const ProbeScope scope(discarded);
    (Simulation(scenario, probe).Run().ok ? good : bad) = middle;
  }
  result.first_divergent_step = bad;
  return result;
}

std::string ShellQuote(const std::string& text) {
  const bool plain = !text.empty() && text.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789-_./:=@,+") == std::string::npos;
  if (plain) return text;
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string ReplayCommand(const Scenario& scenario, const RunOptions& options) {
  std::string command =
      "evsim replay " + ShellQuote(scenario.path) + " --seed " + std::to_string(options.seed);
  if (options.steps >= 0) command += " --steps " + std::to_string(options.steps);
  if (options.target && options.target->description.spec != "store") {
    command += " --adapter " + ShellQuote(options.target->description.spec);
  }
  return command;
}

}  // namespace evsim::sim

namespace evsim::sim {

LockstepSession::LockstepSession(Scenario scenario, RunOptions options)
    : scenario_(std::make_unique<Scenario>(std::move(scenario))) {
  scenario_->ops.clear();
  // So that ScenarioWithOps(scenario(), result().actions, ...) replays the session exactly:
  // its seed (the clock's steps) and every choice its disk made, pinned step by step.
  scenario_->seeds = {options.seed};
  scenario_->pinned_disk_choices = true;
  options.record_actions = true;
  options.find_first_divergence = false;
  simulation_ = std::make_unique<Simulation>(*scenario_, options);
  started_ = simulation_->Begin(0);
}

LockstepSession::~LockstepSession() = default;

bool LockstepSession::ok() const { return started_ && simulation_->ok(); }

void LockstepSession::Execute(const Action& action) {
  EVSIM_ASSERT(ok());
  simulation_->SessionStep(action);
}

void LockstepSession::CheckInvariants() {
  if (ok()) simulation_->CheckNow();
}

RunResult LockstepSession::Finish() {
  if (!started_) return simulation_->FinishNow();
  return simulation_->End();
}

const RunResult& LockstepSession::result() const { return simulation_->result_so_far(); }

}  // namespace evsim::sim
