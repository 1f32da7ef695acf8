// The scheduler: which action comes next, and with which arguments, all by seeded choice. The
// arguments come from the operations themselves (sim/operations/*.h); this file draws which
// kind, and lends them what they generate themselves from.
#include <algorithm>
#include <array>
#include <string_view>

#include "simulation_internal.h"

namespace evsim::sim {

// What a client operation generates itself from: the client's random stream, the scenario's
// shape, and the basics drawn for every client operation (operation_support.h).
class SimulationClientGeneration final : public ClientGeneration {
 public:
  SimulationClientGeneration(Simulation& simulation, Random& random)
      : simulation_(simulation), random_(random) {
    stream_ = PickStream();
    high_water_ = simulation_.model_->Version(stream_).value();
    limit_ = random_.Between(1, 20);
    subscription_ = "sub-" + std::to_string(random_.Below(4));
  }
  Random& random() override { return random_; }
  const std::vector<std::string>& event_types() const override {
    return simulation_.scenario_.event_types;
  }
  const std::vector<std::string>& tags() const override { return simulation_.scenario_.tags; }
  const std::vector<std::string>& metadata_keys() const override {
    return simulation_.scenario_.metadata_keys;
  }
  const std::vector<std::string>& metadata_values() const override {
    return simulation_.scenario_.metadata_values;
  }
  const std::string& stream() const override { return stream_; }
  std::int64_t high_water() const override { return high_water_; }
  std::int64_t limit() const override { return limit_; }
  const std::string& subscription() const override { return subscription_; }
  std::string PickStream() override { return simulation_.PickStream(random_); }
  Cursor PickCursor() override { return simulation_.PickCursor(random_); }
  bool KnowsCursors() const override { return !simulation_.known_cursors_.empty(); }
  std::optional<Cursor> LastDelivered(const std::string& subscription) const override {
    auto found = simulation_.last_delivered_.find(subscription);
    if (found == simulation_.last_delivered_.end()) return std::nullopt;
    return found->second;
  }
  std::vector<EventInput> GenerateEvents() override { return simulation_.GenerateEvents(random_); }
  bool wide() const override { return simulation_.scenario_.wide_generators; }

 private:
  Simulation& simulation_;
  Random& random_;
  std::string stream_;
  std::int64_t high_water_ = kNoVersion;
  std::int64_t limit_ = 1;
  std::string subscription_;
};

namespace {

class SimulationEnvironmentGeneration final : public EnvironmentGeneration {
 public:
  SimulationEnvironmentGeneration(Random& random, const StoreConfig& config, bool drops_keys,
                                  bool wide)
      : random_(random), config_(config), drops_keys_(drops_keys), wide_(wide) {}
  Random& random() override { return random_; }
  const StoreConfig& config() const override { return config_; }
  bool drops_keys() const override { return drops_keys_; }
  bool wide() const override { return wide_; }

 private:
  Random& random_;
  const StoreConfig& config_;
  bool drops_keys_;
  bool wide_;
};

bool IsScheduledByWeight(OperationKind kind) { return RoleOf(kind) != OperationRole::kFault; }

}  // namespace

std::string Simulation::FitToTarget() {
  weights_ = scenario_.weights;
  rates_ = scenario_.faults;
  std::string off;
  auto say = [&off](std::string_view what) {
    off += std::string(off.empty() ? "" : ",") + std::string(what);
  };
  for (OperationKind kind = 0; kind < kOperationCount; ++kind) {
    if (!IsClientOperation(kind) || Has(CapabilityOf(kind)) || weights_[kind] == 0) continue;
    // Still sent now and then: the answer must be unsupported.
    weights_[kind] = 1;
    say(std::string(OperationName(kind)) + ":unsupported");
  }
  const FaultSurface& surface = target_description_.faults;
  if (target_description_.background == BackgroundMode::kAdapter &&
      weights_[kKindOf<Background>] != 0) {
    weights_[kKindOf<Background>] = 0;
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
  // Nor is the last weighted client operation (the scenario loader requires one).
  Random swarm = Random::Derive(options_.seed, "swarm");
  auto weighted_clients_left = [this] {
    int left = 0;
    for (OperationKind kind = 0; kind < kOperationCount; ++kind) {
      left += enabled_[kind] && IsClientOperation(kind) && weights_[kind] > 0;
    }
    return left;
  };
  std::string disabled;
  for (OperationKind kind = 0; kind < kOperationCount; ++kind) {
    if (kind == kKindOf<Append> || kind == kKindOf<Take> || kind == kKindOf<Background>) continue;
    if (swarm.Chance(300'000)) {
      const bool last = IsClientOperation(kind) && weights_[kind] > 0 && weighted_clients_left() == 1;
      if (last) continue;
      enabled_[kind] = false;
      disabled += std::string(disabled.empty() ? "" : ",") + std::string(OperationName(kind));
    }
  }
  result_.header += " swarm_off=[" + disabled + "]";
}

Action Simulation::NextAction() {
  // Faults first: each has a per-step rate (and may be off under swarm), tried in registry order.
  for (OperationKind kind = 0; kind < kOperationCount; ++kind) {
    if (RoleOf(kind) != OperationRole::kFault || !enabled_[kind]) continue;
    const std::uint32_t ppm = rates_.*RateOf(kind);
    if (ppm == 0 || !faults_.Chance(ppm)) continue;
    SimulationEnvironmentGeneration generation(faults_, config_, scenario_.drop_keys,
                                               scenario_.wide_generators);
    return Action{0, GenerateEnvironment(kind, generation)};
  }
  std::uint64_t total = 0;
  for (OperationKind kind = 0; kind < kOperationCount; ++kind) {
    if (enabled_[kind] && IsScheduledByWeight(kind)) total += weights_[kind];
  }
  EVSIM_ASSERT_MSG(total > 0, "a scenario needs a positive weight");
  std::uint64_t ticket = scheduler_.Below(total);
  for (OperationKind kind = 0; kind < kOperationCount; ++kind) {
    if (!enabled_[kind] || !IsScheduledByWeight(kind)) continue;
    if (ticket >= weights_[kind]) {
      ticket -= weights_[kind];
      continue;
    }
    if (!IsClientOperation(kind)) {
      SimulationEnvironmentGeneration generation(scheduler_, config_, scenario_.drop_keys,
                                                 scenario_.wide_generators);
      return Action{0, GenerateEnvironment(kind, generation)};
    }
    const int client = static_cast<int>(scheduler_.Below(clients_.size()));
    SimulationClientGeneration generation(*this, clients_[client]);
    return Action{client, GenerateClient(kind, generation)};
  }
  EVSIM_ASSERT(false);
  return Action{};
}

Cursor Simulation::PickCursor(Random& random) {
  if (known_cursors_.empty() || random.Below(4) == 0) return Cursor::Beginning();
  Cursor cursor = known_cursors_[random.Below(known_cursors_.size())];
  if (!scenario_.wide_generators || random.Below(3) != 0) return cursor;
  // A made-up cursor near a real one (SPEC 3: any tuple is a cursor): another stream id at the
  // same epoch_us (the prefix ids meet here, where appends never let them), epoch_us +/- 1, or
  // version +/- 1.
  switch (random.Below(3)) {
    case 0:
      cursor.stream_id = PickStream(random);
      break;
    case 1:
      cursor.epoch_us += random.Below(2) == 0 ? -1 : 1;
      break;
    default:
      cursor.version = std::max<std::int64_t>(0, cursor.version + (random.Below(2) == 0 ? -1 : 1));
  }
  return cursor;
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
    if (!event.tags.empty() && random.Chance(5'000)) {
      event.tags.push_back(event.tags[0]);  // invalid: a duplicate tag
    }
    for (const std::string& key : scenario_.metadata_keys) {
      if (random.Below(2) == 0) {
        event.metadata[key] =
            scenario_.metadata_values[random.Below(scenario_.metadata_values.size())];
      }
    }
    if (scenario_.wide_generators) {
      // Event ids are not deduplicated (SPEC 1): now and then one repeats the previous id.
      if (event_counter_ > 1 && random.Below(10) == 0) {
        event.event_id = "e" + std::to_string(event_counter_ - 1);
      }
      static constexpr std::array<std::string_view, 3> kContentTypes = {
          "application/octet-stream", "text/plain", "application/vnd.evsim+json"};
      if (random.Below(8) == 0) {
        event.data_content_type = std::string(kContentTypes[random.Below(kContentTypes.size())]);
      }
      if (random.Below(8) == 0) {
        event.metadata_content_type =
            std::string(kContentTypes[random.Below(kContentTypes.size())]);
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

}  // namespace evsim::sim
