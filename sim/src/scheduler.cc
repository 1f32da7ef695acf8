// The scheduler: which action comes next, and with which arguments, all by seeded choice.
#include <algorithm>

#include "simulation_internal.h"

namespace evsim::sim {

std::string Simulation::FitToTarget() {
  weights_ = scenario_.weights;
  rates_ = scenario_.faults;
  std::string off;
  auto say = [&off](std::string_view what) {
    off += std::string(off.empty() ? "" : ",") + std::string(what);
  };
  for (int kind = 0; kind < kActionKindCount; ++kind) {
    const auto action = static_cast<ActionKind>(kind);
    if (!IsClientOperation(action) || Has(CapabilityOf(action)) || weights_[kind] == 0) continue;
    // Still sent now and then: the answer must be unsupported.
    weights_[kind] = 1;
    say(std::string(ActionKindName(action)) + ":unsupported");
  }
  const FaultSurface& surface = target_description_.faults;
  if (target_description_.background == BackgroundMode::kAdapter &&
      weights_[static_cast<int>(ActionKind::kBackground)] != 0) {
    weights_[static_cast<int>(ActionKind::kBackground)] = 0;
    say("background:adapter-driven");
  }
  auto switch_off = [&](std::uint32_t& ppm, bool can_take, std::string_view name) {
    if (can_take || ppm == 0) return;
    ppm = 0;
    say(name);
  };
  switch_off(rates_.crash_ppm, surface.crash, "crash");
  switch_off(rates_.restart_ppm, surface.restart, "restart");
  switch_off(rates_.bit_flip_ppm, !surface.bit_flip_files.empty(), "bit_flip");
  switch_off(rates_.failed_sync_ppm, surface.disk_faults, "failed_sync");
  switch_off(rates_.failed_write_ppm, surface.disk_faults, "failed_write");
  if (!surface.disk_faults) {  // nothing to tear or lose: not worth a word in the header
    rates_.torn_write_ppm = 0;
    rates_.lost_directory_entry_ppm = 0;
  }
  if (scenario_.store.integrity.enabled && !config_.integrity.enabled) say("integrity");
  return off;
}

void Simulation::ChooseSwarm() {
  enabled_.fill(true);
  if (!scenario_.swarm) return;
  // Swarm testing: per seed, switch some kinds off entirely, so that rare interleavings of the
  // remaining kinds get room. Appends, takes and background work always stay on.
  Random swarm = Random::Derive(options_.seed, "swarm");
  std::string disabled;
  for (int kind = 0; kind < kActionKindCount; ++kind) {
    const auto action = static_cast<ActionKind>(kind);
    if (action == ActionKind::kAppend || action == ActionKind::kTake ||
        action == ActionKind::kBackground) {
      continue;
    }
    if (swarm.Chance(300'000)) {
      enabled_[kind] = false;
      disabled += std::string(disabled.empty() ? "" : ",") + std::string(ActionKindName(action));
    }
  }
  result_.header += " swarm_off=[" + disabled + "]";
}

Action Simulation::NextAction() {
  // Faults first: each has a per-step rate from the scenario (and may be off under swarm).
  const FaultRates& rates = rates_;
  struct FaultChoice {
    ActionKind kind;
    std::uint32_t ppm;
  };
  for (const FaultChoice& fault : {FaultChoice{ActionKind::kCrash, rates.crash_ppm},
                                   FaultChoice{ActionKind::kRestart, rates.restart_ppm},
                                   FaultChoice{ActionKind::kClockJump, rates.clock_jump_ppm},
                                   FaultChoice{ActionKind::kBitFlip, rates.bit_flip_ppm}}) {
    if (fault.ppm == 0 || !enabled_[static_cast<int>(fault.kind)]) continue;
    if (!faults_.Chance(fault.ppm)) continue;
    Action action;
    action.kind = fault.kind;
    if (fault.kind == ActionKind::kClockJump) {
      // Stand still, jump forward, or jump back, each a third of the time.
      const std::uint64_t mode = faults_.Below(3);
      action.clock_delta_us = mode == 0   ? 0
                              : mode == 1 ? faults_.Between(1, 60'000'000)
                                          : -faults_.Between(1, 60'000'000);
    }
    if (fault.kind == ActionKind::kRestart && !config_.integrity.keyring.empty()) {
      auto key = config_.integrity.keyring.begin();
      std::advance(key,
                   static_cast<std::ptrdiff_t>(faults_.Below(config_.integrity.keyring.size())));
      action.active_key_id = key->first;
    }
    return action;
  }
  std::uint64_t total = 0;
  for (int kind = 0; kind < kActionKindCount; ++kind) {
    if (enabled_[kind] && IsClientOrBackground(static_cast<ActionKind>(kind))) {
      total += weights_[kind];
    }
  }
  EVSIM_ASSERT_MSG(total > 0, "a scenario needs a positive weight");
  std::uint64_t ticket = scheduler_.Below(total);
  for (int kind = 0; kind < kActionKindCount; ++kind) {
    const auto action_kind = static_cast<ActionKind>(kind);
    if (!enabled_[kind] || !IsClientOrBackground(action_kind)) continue;
    if (ticket < weights_[kind]) {
      if (action_kind == ActionKind::kBackground) {
        Action action;
        action.kind = ActionKind::kBackground;
        action.pick = scheduler_.Below(1 << 20);
        return action;
      }
      const int client = static_cast<int>(scheduler_.Below(clients_.size()));
      return GenerateClientAction(action_kind, client);
    }
    ticket -= weights_[kind];
  }
  EVSIM_ASSERT(false);
  return Action{};
}

bool IsClientOrBackground(ActionKind kind) {
  return IsClientOperation(kind) || kind == ActionKind::kBackground;
}

Cursor Simulation::PickCursor(Random& random) {
  if (known_cursors_.empty() || random.Below(4) == 0) return Cursor::Beginning();
  return known_cursors_[random.Below(known_cursors_.size())];
}

std::vector<EventInput> Simulation::GenerateEvents(Random& random) {
  std::vector<EventInput> events;
  const std::int64_t count = random.Between(scenario_.batch.min, scenario_.batch.max);
  for (std::int64_t index = 0; index < count; ++index) {
    EventInput event;
    event.event_id = "e" + std::to_string(++event_counter_);
    event.event_type = scenario_.event_types[random.Below(scenario_.event_types.size())];
    const std::int64_t tag_count = std::min<std::int64_t>(
        random.Between(scenario_.tags_per_event.min, scenario_.tags_per_event.max),
        static_cast<std::int64_t>(scenario_.tags.size()));
    std::vector<std::string> pool = scenario_.tags;
    for (std::int64_t tag = 0; tag < tag_count; ++tag) {
      const std::size_t chosen = random.Below(pool.size());
      event.tags.push_back(pool[chosen]);
      pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(chosen));
    }
    if (!event.tags.empty() && random.Chance(5'000))
      event.tags.push_back(event.tags[0]);  // invalid
    for (const std::string& key : scenario_.metadata_keys) {
      if (random.Below(2) == 0) {
        event.metadata[key] =
            scenario_.metadata_values[random.Below(scenario_.metadata_values.size())];
      }
    }
    const std::int64_t bytes = random.Between(scenario_.data_bytes.min, scenario_.data_bytes.max);
    event.data.reserve(static_cast<std::size_t>(bytes));
    for (std::int64_t byte = 0; byte < bytes; ++byte) {
      event.data.push_back(static_cast<char>('a' + random.Below(26)));
    }
    events.push_back(std::move(event));
  }
  return events;
}

Action Simulation::GenerateClientAction(ActionKind kind, int client) {
  Random& random = clients_[client];
  Action action;
  action.kind = kind;
  action.client = client;
  action.stream = PickStream(random);
  const std::int64_t high_water = model_->Version(action.stream).value();
  action.limit = random.Between(1, 20);
  const std::string subscription = "sub-" + std::to_string(random.Below(4));
  switch (kind) {
    case ActionKind::kAppend: {
      const std::uint64_t mode = random.Below(100);
      action.expected_version = mode < 50   ? kExpectAny
                                : mode < 70 ? high_water
                                : mode < 80 ? kExpectNoStream
                                : mode < 90 ? kExpectStreamExists
                                : mode < 98 ? high_water + random.Between(-2, 2)
                                            : -3;  // invalid
      action.events = GenerateEvents(random);
      break;
    }
    case ActionKind::kRead:
      action.from = random.Between(0, std::max<std::int64_t>(0, high_water + 2));
      action.count = random.Chance(20'000) ? 0 : random.Between(1, 10);
      action.direction = random.Below(2) ? Direction::kForward : Direction::kBackward;
      break;
    case ActionKind::kReadGlobal:
      action.cursor = PickCursor(random);
      break;
    case ActionKind::kLookupTags:
      action.values = {scenario_.tags[random.Below(scenario_.tags.size())]};
      if (random.Below(3) == 0)
        action.values.push_back(scenario_.tags[random.Below(scenario_.tags.size())]);
      action.match = random.Below(2) ? TagMatch::kAny : TagMatch::kAll;
      break;
    case ActionKind::kLookupTypes:
      action.values = {scenario_.event_types[random.Below(scenario_.event_types.size())]};
      if (random.Below(3) == 0) {
        action.values.push_back(scenario_.event_types[random.Below(scenario_.event_types.size())]);
      }
      break;
    case ActionKind::kLookupMeta:
      if (scenario_.metadata_keys.empty()) {
        action.key = "none";
        action.value = "none";
      } else {
        action.key = scenario_.metadata_keys[random.Below(scenario_.metadata_keys.size())];
        action.value = scenario_.metadata_values[random.Below(scenario_.metadata_values.size())];
      }
      break;
    case ActionKind::kSnapshotSave:
      action.version = random.Between(-1, high_water + 1);
      action.data = "{\"state\":" + std::to_string(random.Below(1000)) + "}";
      break;
    case ActionKind::kSnapshotRead:
    case ActionKind::kSnapshotDelete:
      action.version =
          random.Below(3) == 0 ? -1 : random.Between(0, std::max<std::int64_t>(0, high_water));
      break;
    case ActionKind::kScavenge:
      if (random.Below(3) == 0 && !known_cursors_.empty()) {
        action.scavenge.before_epoch_us = PickCursor(random).epoch_us;
      } else {
        action.scavenge.before_version =
            random.Between(0, std::max<std::int64_t>(0, high_water + 1));
      }
      action.scavenge.keep_versions = random.Between(0, 3);
      action.scavenge.require_snapshot = random.Below(10) < 7;
      action.scavenge.dry_run = random.Below(5) == 0;
      break;
    case ActionKind::kSubscribe: {
      action.name = subscription;
      switch (random.Below(5)) {
        case 0:
          action.selector = Selector::All();
          break;
        case 1:
          action.selector = Selector::ByStream(PickStream(random));
          break;
        case 2:
          action.selector = Selector::ByEventType(
              scenario_.event_types[random.Below(scenario_.event_types.size())]);
          break;
        case 3:
          action.selector = Selector::ByTags({scenario_.tags[random.Below(scenario_.tags.size())]},
                                             random.Below(2) ? TagMatch::kAny : TagMatch::kAll);
          break;
        default:
          action.selector = Selector::ByEventPattern(
              {{"event_type", scenario_.event_types[random.Below(scenario_.event_types.size())]}});
      }
      const std::uint64_t start = random.Below(3);
      action.start = start == 0   ? SubscriptionStart::Beginning()
                     : start == 1 ? SubscriptionStart::End()
                                  : SubscriptionStart::After(PickCursor(random));
      break;
    }
    case ActionKind::kUnsubscribe:
    case ActionKind::kTake:
      action.name = subscription;
      break;
    case ActionKind::kAck: {
      action.name = subscription;
      auto delivered = last_delivered_.find(subscription);
      action.cursor = delivered != last_delivered_.end() && random.Below(4) != 0
                          ? delivered->second
                          : PickCursor(random);
      break;
    }
    default:
      break;
  }
  return action;
}

}  // namespace evsim::sim
