#pragma once
// Scenario: what a simulation runs, loaded from YAML (scenarios/README.md documents every key).
// Loading is strict: an unknown key, a wrong type or a value out of range is an error that
// names the file, the line and the key. No exception leaves this module.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evsim/adapter/store_config.h"
#include "evsim/sim/action.h"
#include "evsim/sim/fault_rates.h"

namespace evsim::sim {

struct Range {
  std::int64_t min = 0;
  std::int64_t max = 0;
};


// What a regression scenario recorded when it was written: the run against `target` ended with
// `failure` (a capability/invariant, or "none" for a pass) and this trace digest. `evsim run`
// checks both against the same target: a pass where a failure was recorded is reported as "no
// longer fails", another digest as drift.
struct Expectation {
  std::string target;   // the adapter spec, as --adapter takes it
  std::string failure;  // "index/agrees-with-model", or "none"
  std::uint64_t digest = 0;
  friend bool operator==(const Expectation&, const Expectation&) = default;
};

struct Scenario {
  std::string path;  // where it was loaded from (for messages and replay commands)
  std::string name;
  std::string description;
  // What a target must declare for the scenario to mean anything (the gate skips it otherwise,
  // and says so). Core always.
  Capabilities required = Capabilities().With(Capability::kCore);
  std::vector<std::uint64_t> seeds = {1};
  std::int64_t steps = 1'000;
  int clients = 2;
  // Streams: `count` plain ids "s0".."sN", plus the prefix family ("a", "a-b", "a|b", "ab",
  // "a-b-c") when prefix_ids is set.
  int stream_count = 4;
  bool prefix_ids = true;
  Range batch{1, 4};
  std::vector<std::string> event_types = {"Opened", "Moved", "Closed"};
  std::vector<std::string> tags = {"red", "blue", "green"};
  Range tags_per_event{0, 2};
  std::vector<std::string> metadata_keys = {"tenant", "region"};
  std::vector<std::string> metadata_values = {"t1", "t2"};
  Range data_bytes{0, 64};
  StoreConfig store;
  int integrity_keys = 0;  // keys 1..N in the keyring (0: integrity off)
  bool signing = false;
  // Generated restarts may leave one key other than the active one out of the keyring until the
  // next restart (store.drop_keys; needs integrity_keys >= 2).
  bool drop_keys = false;
  std::uint64_t segment_bytes_max = 64 << 10;
  std::uint64_t subscription_queue_max = 16;
  std::uint64_t compaction_dead_bytes_min = 16 << 10;
  std::array<std::uint32_t, kOperationCount> weights{};  // relative weights per operation kind
  FaultRates faults;
  bool swarm = false;                   // per seed, switch some action and fault kinds off
  // The generators' rarer cases (scenarios/README.md, `wide_generators`): made-up cursors,
  // non-default content types, duplicate event ids, empty and multi-tag lookups with tags no
  // event has, pattern selectors over stream_id and metadata. Off by default, so that turning
  // them on moves no pinned digest of an existing scenario.
  bool wide_generators = false;
  // The clock advances by a seeded 0..clock_step_us_max µs per step; 0 freezes it, so that
  // batches meet a clock that stands still (SPEC 2.3's max(now, last + 1)).
  std::int64_t clock_step_us_max = 999;
  std::int64_t liveness_steps = 2'000;  // bound on the steps the liveness phase may take
  std::int64_t check_every = 100;       // full invariant checks every K steps
  std::vector<Action> ops;              // when non-empty: replay exactly these actions
  // With ops: the disk takes each step's choices from its action (what it does not list is 0,
  // no fault) instead of drawing them with the fault rates: what regression scenarios do.
  bool pinned_disk_choices = false;
  std::optional<Expectation> expect;  // regression scenarios
};

// The store's integrity as `store.integrity_keys` and `store.signing` describe it: keys 1..N
// (key k is 32 bytes of k), key 1 active, and an Ed25519 signing key when signing. The one way
// to change them, so that the fields and the configuration cannot disagree.
// REQUIRES: keys >= 0, and keys > 0 when signing.
void SetIntegrity(Scenario& scenario, int keys, bool signing);

// The most steps one run may take (`steps:`, --steps): about three hours at 10,000 steps/s.
inline constexpr std::int64_t kStepsMax = 100'000'000;

// The largest scenario file LoadScenario reads (a 40,000-operation regression is about 4 MiB).
inline constexpr std::uintmax_t kScenarioBytesMax = 64u << 20;

// The most YAML nodes a scenario may expand to, aliases counted at every use (a 40,000-operation
// regression has about 400,000): the bound that keeps `&a [*b, *b, ...]` chains from hanging.
inline constexpr std::size_t kScenarioNodesMax = 4'000'000;

// Ok with the scenario, or invalid_argument whose message reads
// "FILE:LINE: key 'KEY': what is wrong" (or "FILE: what is wrong" for the file itself: not a
// regular file, too large, not text). Exactly one YAML document; no key twice in a mapping.
Result<Scenario> LoadScenario(const std::string& path);
Result<Scenario> ParseScenario(const std::string& yaml_text, const std::string& path);

// Writes `actions` as a scenario with an ops list that replays them (and the scenario's store
// configuration), for regression scenarios.
std::string ScenarioWithOps(const Scenario& base, const std::vector<Action>& actions,
                            const std::string& comment);

}  // namespace evsim::sim
