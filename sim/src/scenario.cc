// Scenario loading. yaml-cpp throws; every call into it stays inside this file and
// scenario_document.cc (whose throws this file catches), and every failure becomes an
// invalid_argument naming file, line and key.
#include "evsim/sim/scenario.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "evsim/records/limits.h"
#include "evsim/sim/invariant_catalog.h"
#include "evsim/sim/seed_range.h"
#include "did_you_mean.h"
#include "scenario_document.h"

namespace evsim::sim {
namespace {

std::vector<std::string> OperationNames() {
  std::vector<std::string> names;
  for (OperationKind kind = 0; kind < kOperationCount; ++kind) {
    names.emplace_back(OperationName(kind));
  }
  return names;
}

// Reads one YAML mapping, remembering which keys were read so that the rest can be reported as
// unknown. The keys are indexed once: yaml-cpp's operator[] searches linearly and allocates a
// node in the document's memory on every lookup, which made loading an ops: list quadratic.
class MapReader {
 public:
  MapReader(const YAML::Node& node, const std::string& path, std::string context)
      : node_(node), path_(path), context_(std::move(context)) {
    if (!node_.IsMap()) return;
    for (const auto& entry : node_) {
      if (entry.first.IsScalar()) keys_.emplace(entry.first.Scalar(), entry.second);
    }
  }

  Status Check() const {
    if (!node_.IsMap()) {
      return Error(node_, "", context_.empty()
                                  ? "a scenario is a mapping (name:, steps:, ...), not " +
                                        std::string(node_.IsSequence() ? "a list" : "a single value")
                                  : "expected a mapping");
    }
    return Status::Ok();
  }
  bool Has(const char* key) {
    const YAML::Node value = Child(key);
    return value.IsDefined() && !value.IsNull();
  }
  // The value under `key`, or an undefined node.
  YAML::Node Child(const char* key) {
    read_.insert(key);
    const auto found = keys_.find(key);
    return found == keys_.end() ? YAML::Node(YAML::NodeType::Undefined) : found->second;
  }
  Status Int(const char* key, std::int64_t& out, std::int64_t min, std::int64_t max) {
    if (!Has(key)) return Status::Ok();
    const YAML::Node value = Child(key);
    std::int64_t parsed = 0;
    if (!value.IsScalar() || !YAML::convert<std::int64_t>::decode(value, parsed)) {
      return Error(value, key, "expected an integer");
    }
    if (parsed < min || parsed > max) {
      return Error(value, key, "must be in " + std::to_string(min) + ".." + std::to_string(max));
    }
    out = parsed;
    return Status::Ok();
  }
  template <typename Integer>
  Status Number(const char* key, Integer& out, std::int64_t min, std::int64_t max) {
    std::int64_t value = static_cast<std::int64_t>(out);
    EVSIM_RETURN_IF_ERROR(Int(key, value, min, max));
    out = static_cast<Integer>(value);
    return Status::Ok();
  }
  Status Bool(const char* key, bool& out) {
    if (!Has(key)) return Status::Ok();
    const YAML::Node value = Child(key);
    if (!value.IsScalar() || !YAML::convert<bool>::decode(value, out)) {
      return Error(value, key, "expected true or false");
    }
    return Status::Ok();
  }
  Status Text(const char* key, std::string& out) {
    if (!Has(key)) return Status::Ok();
    const YAML::Node value = Child(key);
    if (!value.IsScalar()) return Error(value, key, "expected a string");
    out = value.Scalar();
    return Status::Ok();
  }
  Status Texts(const char* key, std::vector<std::string>& out) {
    if (!Has(key)) return Status::Ok();
    const YAML::Node value = Child(key);
    if (!value.IsSequence()) return Error(value, key, "expected a list of strings");
    out.clear();
    for (const YAML::Node& item : value) {
      if (!item.IsScalar()) return Error(item, key, "expected a list of strings");
      out.push_back(item.Scalar());
    }
    return Status::Ok();
  }
  Status StringMap(const char* key, Metadata& out) {
    if (!Has(key)) return Status::Ok();
    const YAML::Node value = Child(key);
    if (!value.IsMap()) return Error(value, key, "expected a mapping of strings");
    out.clear();
    for (const auto& entry : value) {
      if (!entry.first.IsScalar() || !entry.second.IsScalar()) {
        return Error(value, key, "expected a mapping of strings");
      }
      out[entry.first.Scalar()] = entry.second.Scalar();
    }
    return Status::Ok();
  }
  // A probability 0..1, stored as parts per million.
  Status Probability(const char* key, std::uint32_t& out_ppm) {
    if (!Has(key)) return Status::Ok();
    const YAML::Node value = Child(key);
    double parsed = 0;
    if (!value.IsScalar() || !YAML::convert<double>::decode(value, parsed) ||
        !(parsed >= 0 && parsed <= 1)) {
      return Error(value, key, "expected a probability between 0 and 1");
    }
    out_ppm = static_cast<std::uint32_t>(std::llround(parsed * 1e6));
    return Status::Ok();
  }
  Status RangeOf(const char* key, Range& out, std::int64_t min, std::int64_t max) {
    if (!Has(key)) return Status::Ok();
    MapReader range(Child(key), path_, context_ + key + ".");
    EVSIM_RETURN_IF_ERROR(range.Check());
    EVSIM_RETURN_IF_ERROR(range.Int("min", out.min, min, max));
    EVSIM_RETURN_IF_ERROR(range.Int("max", out.max, min, max));
    EVSIM_RETURN_IF_ERROR(range.RejectUnknown());
    if (out.min > out.max) return Error(Child(key), key, "min exceeds max");
    return Status::Ok();
  }
  Status RejectUnknown() const {
    for (const auto& entry : node_) {
      const std::string key = entry.first.Scalar();
      if (!read_.contains(key)) {
        return Error(entry.first, key.c_str(),
                     "unknown key" + DidYouMean(key, {read_.begin(), read_.end()}));
      }
    }
    return Status::Ok();
  }
  Status Error(const YAML::Node& at, std::string_view key, const std::string& what) const {
    if (!at.IsDefined()) return Error(node_, key, what);
    return ErrorAt(at.Mark(), key, what);
  }
  Status ErrorAt(const YAML::Mark& mark, std::string_view key, const std::string& what) const {
    const std::string line = mark.is_null() ? "?" : std::to_string(mark.line + 1);
    const std::string name = context_ + std::string(key);
    return Status::InvalidArgument(path_ + ":" + line + ": " +
                                   (name.empty() ? "" : "key '" + name + "': ") + what);
  }
  const std::string& path() const { return path_; }
  const std::string& context() const { return context_; }

 private:
  YAML::Node node_;
  const std::string& path_;
  std::string context_;
  std::map<std::string, YAML::Node, std::less<>> keys_;
  std::set<std::string> read_;
};

Status ParseEvents(MapReader& reader, std::string_view key, std::vector<EventInput>& events) {
  YAML::Node list = reader.Child(std::string(key).c_str());
  if (!list.IsDefined() || list.IsNull()) return Status::Ok();
  if (!list.IsSequence()) return reader.Error(list, key, "expected a list of events");
  events.clear();
  for (const YAML::Node& item : list) {
    MapReader event(item, reader.path(), reader.context() + std::string(key) + "[].");
    EVSIM_RETURN_IF_ERROR(event.Check());
    EventInput input;
    EVSIM_RETURN_IF_ERROR(event.Text("id", input.event_id));
    EVSIM_RETURN_IF_ERROR(event.Text("type", input.event_type));
    EVSIM_RETURN_IF_ERROR(event.Text("data", input.data));
    EVSIM_RETURN_IF_ERROR(event.Texts("tags", input.tags));
    EVSIM_RETURN_IF_ERROR(event.StringMap("meta", input.metadata));
    EVSIM_RETURN_IF_ERROR(event.Text("data_content_type", input.data_content_type));
    EVSIM_RETURN_IF_ERROR(event.Text("metadata_content_type", input.metadata_content_type));
    EVSIM_RETURN_IF_ERROR(event.RejectUnknown());
    events.push_back(std::move(input));
  }
  return Status::Ok();
}

Status ParseSelector(MapReader& reader, std::string_view key, Selector& selector) {
  if (!reader.Has(std::string(key).c_str())) return Status::Ok();
  MapReader fields(reader.Child(std::string(key).c_str()), reader.path(),
                   reader.context() + std::string(key) + ".");
  EVSIM_RETURN_IF_ERROR(fields.Check());
  std::string kind = "all", match = "any";
  EVSIM_RETURN_IF_ERROR(fields.Text("kind", kind));
  selector = Selector{};
  if (kind == "by_stream") {
    selector.kind = Selector::Kind::kByStream;
    EVSIM_RETURN_IF_ERROR(fields.Text("stream", selector.value));
  } else if (kind == "by_event_type") {
    selector.kind = Selector::Kind::kByEventType;
    EVSIM_RETURN_IF_ERROR(fields.Text("type", selector.value));
  } else if (kind == "by_event_pattern") {
    selector.kind = Selector::Kind::kByEventPattern;
    EVSIM_RETURN_IF_ERROR(fields.StringMap("pattern", selector.pattern));
  } else if (kind == "by_tags") {
    selector.kind = Selector::Kind::kByTags;
    EVSIM_RETURN_IF_ERROR(fields.Texts("tags", selector.tags));
    EVSIM_RETURN_IF_ERROR(fields.Text("match", match));
    if (match != "any" && match != "all") {
      return fields.Error(fields.Child("match"), "match", "expected any or all, got '" + match + "'");
    }
    selector.tag_match = match == "all" ? TagMatch::kAll : TagMatch::kAny;
  } else if (kind != "all") {
    return fields.Error(reader.Child(std::string(key).c_str()), "kind",
                        "unknown selector kind '" + kind + "'");
  }
  // Fields of another kind of selector are errors, like any unknown key.
  return fields.RejectUnknown();
}

// An `ops:` entry's fields, for the operation's own Parse.
class YamlOperationFields final : public OperationFields {
 public:
  explicit YamlOperationFields(MapReader& reader) : reader_(reader) {}
  Status Text(std::string_view key, std::string& out) override {
    return reader_.Text(std::string(key).c_str(), out);
  }
  Status Integer(std::string_view key, std::int64_t& out, std::int64_t min,
                 std::int64_t max) override {
    return reader_.Int(std::string(key).c_str(), out, min, max);
  }
  Status Boolean(std::string_view key, bool& out) override {
    return reader_.Bool(std::string(key).c_str(), out);
  }
  Status Texts(std::string_view key, std::vector<std::string>& out) override {
    return reader_.Texts(std::string(key).c_str(), out);
  }
  Status Events(std::string_view key, std::vector<EventInput>& out) override {
    return ParseEvents(reader_, key, out);
  }
  Status SelectorOf(std::string_view key, Selector& out) override {
    return ParseSelector(reader_, key, out);
  }
  Status StringMap(std::string_view key, Metadata& out) override {
    return reader_.StringMap(std::string(key).c_str(), out);
  }
  bool Has(std::string_view key) override { return reader_.Has(std::string(key).c_str()); }
  Status Error(std::string_view key, const std::string& what) override {
    return reader_.Error(reader_.Child(std::string(key).c_str()), key, what);
  }

 private:
  MapReader& reader_;
};

// `disk: {3: 1, 9: 117}`: the step's pinned disk choices (sim/disk_choices.h).
Status ParseDiskChoices(MapReader& reader, DiskChoiceMap& choices) {
  if (!reader.Has("disk")) return Status::Ok();
  const YAML::Node node = reader.Child("disk");
  if (!node.IsMap()) return reader.Error(node, "disk", "expected a mapping of choice numbers to values");
  for (const auto& entry : node) {
    std::uint32_t number = 0;
    std::uint64_t value = 0;
    if (!entry.first.IsScalar() || !YAML::convert<std::uint32_t>::decode(entry.first, number) ||
        !entry.second.IsScalar() || !YAML::convert<std::uint64_t>::decode(entry.second, value)) {
      return reader.Error(entry.first, "disk", "expected non-negative integers: {choice: value}");
    }
    if (!choices.emplace(number, value).second) {
      return reader.Error(entry.first, "disk", "choice " + std::to_string(number) + " twice");
    }
  }
  return Status::Ok();
}

Status ParseAction(const YAML::Node& node, const std::string& path, Action& action) {
  MapReader reader(node, path, "ops[].");
  EVSIM_RETURN_IF_ERROR(reader.Check());
  std::string op;
  EVSIM_RETURN_IF_ERROR(reader.Text("op", op));
  const std::optional<OperationKind> kind = OperationFromName(op);
  if (!kind) return reader.Error(node, "op", "unknown operation '" + op + "'" + DidYouMean(op, OperationNames()));
  if (IsClientOperation(*kind)) {
    EVSIM_RETURN_IF_ERROR(reader.Number("client", action.client, 0, 1'000));
  }
  YamlOperationFields fields(reader);
  Result<Operation> parsed = ParseOperation(*kind, fields);
  if (!parsed.ok()) return parsed.status();
  action.operation = std::move(parsed).value();
  EVSIM_RETURN_IF_ERROR(ParseDiskChoices(reader, action.disk_choices));
  if (reader.Has("at_us")) {
    std::int64_t at_us = 0;
    EVSIM_RETURN_IF_ERROR(
        reader.Number("at_us", at_us, -limits::kEpochMicrosMax, limits::kEpochMicrosMax + 1));
    action.at_us = at_us;
  }
  // A key the operation did not read does not belong to it.
  return reader.RejectUnknown();
}

Status ParseRequires(MapReader& reader, Capabilities& required) {
  std::vector<std::string> names;
  EVSIM_RETURN_IF_ERROR(reader.Texts("requires", names));
  for (const std::string& name : names) {
    const std::optional<Capability> capability = CapabilityFromName(name);
    if (!capability) {
      return reader.Error(reader.Child("requires"), "requires",
                          "'" + name +
                              "' is none of core, index, snapshots, scavenge, subscriptions, "
                              "integrity, durability");
    }
    required = required.With(*capability);
  }
  return Status::Ok();
}

Status ParseExpectation(MapReader& root, std::optional<Expectation>& expect) {
  if (!root.Has("expect")) return Status::Ok();
  MapReader fields(root.Child("expect"), root.path(), "expect.");
  EVSIM_RETURN_IF_ERROR(fields.Check());
  Expectation expectation;
  std::string digest;
  EVSIM_RETURN_IF_ERROR(fields.Text("target", expectation.target));
  EVSIM_RETURN_IF_ERROR(fields.Text("failure", expectation.failure));
  EVSIM_RETURN_IF_ERROR(fields.Text("digest", digest));
  EVSIM_RETURN_IF_ERROR(fields.RejectUnknown());
  if (expectation.target.empty()) {
    return fields.Error(root.Child("expect"), "target", "is required");
  }
  const auto slash = expectation.failure.find('/');
  if (expectation.failure != "none" &&
      (slash == std::string::npos ||
       !CapabilityFromName(expectation.failure.substr(0, slash)) ||
       !InvariantFromName(expectation.failure.substr(slash + 1)))) {
    return fields.Error(fields.Child("failure"), "failure",
                        "expected none or CAPABILITY/INVARIANT (docs/invariants.md), got '" +
                            expectation.failure + "'");
  }
  if (digest.size() != 16 || digest.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return fields.Error(fields.Child("digest"), "digest",
                        "expected 16 lowercase hex digits, got '" + digest + "'");
  }
  expectation.digest = std::stoull(digest, nullptr, 16);
  expect = std::move(expectation);
  return Status::Ok();
}

Status ParseSeeds(MapReader& reader, std::vector<std::uint64_t>& seeds) {
  if (!reader.Has("seeds")) return Status::Ok();
  const YAML::Node node = reader.Child("seeds");
  seeds.clear();
  if (node.IsScalar()) {  // "A..B", or one seed
    const std::string text = node.Scalar();
    Result<std::vector<std::uint64_t>> range =
        text.find("..") == std::string::npos
            ? Result<std::vector<std::uint64_t>>(Status::InvalidArgument(
                  "expected A..B or a list of seeds, got '" + text + "'"))
            : ParseSeedRange(text);
    if (!range.ok()) return reader.Error(node, "seeds", range.status().message());
    seeds = std::move(range).value();
    return Status::Ok();
  }
  if (!node.IsSequence()) return reader.Error(node, "seeds", "expected A..B or a list of seeds");
  for (const YAML::Node& item : node) {
    Result<std::uint64_t> seed =
        item.IsScalar() ? ParseSeed(item.Scalar())
                        : Result<std::uint64_t>(Status::InvalidArgument("expected a seed"));
    if (!seed.ok()) return reader.Error(item, "seeds", seed.status().message());
    if (seeds.size() >= kSeedRangeMax) {
      return reader.Error(item, "seeds", "more than " + std::to_string(kSeedRangeMax) + " seeds");
    }
    seeds.push_back(seed.value());
  }
  if (seeds.empty()) return reader.Error(node, "seeds", "an empty list runs nothing");
  return Status::Ok();
}

Status ParseStore(MapReader& root, Scenario& scenario) {
  if (!root.Has("store")) return Status::Ok();
  MapReader store(root.Child("store"), root.path(), "store.");
  EVSIM_RETURN_IF_ERROR(store.Check());
  std::vector<std::string> indexes;
  EVSIM_RETURN_IF_ERROR(store.Texts("indexes", indexes));
  for (const std::string& index : indexes) {
    Result<IndexDeclaration> declaration = IndexDeclaration::FromString(index);
    if (!declaration.ok()) {
      return store.Error(store.Child("indexes"), "indexes", declaration.status().message());
    }
    scenario.store.indexes.push_back(std::move(declaration).value());
  }
  EVSIM_RETURN_IF_ERROR(store.Number("integrity_keys", scenario.integrity_keys, 0, 16));
  EVSIM_RETURN_IF_ERROR(store.Bool("signing", scenario.signing));
  EVSIM_RETURN_IF_ERROR(store.Bool("drop_keys", scenario.drop_keys));
  EVSIM_RETURN_IF_ERROR(
      store.Number("segment_bytes_max", scenario.segment_bytes_max, 1 << 10, 1ll << 32));
  EVSIM_RETURN_IF_ERROR(
      store.Number("subscription_queue_max", scenario.subscription_queue_max, 1, 1 << 20));
  EVSIM_RETURN_IF_ERROR(
      store.Number("compaction_dead_bytes_min", scenario.compaction_dead_bytes_min, 0, 1ll << 40));
  EVSIM_RETURN_IF_ERROR(store.RejectUnknown());
  if (scenario.signing && scenario.integrity_keys == 0) {
    return store.Error(store.Child("signing"), "signing", "needs integrity_keys >= 1");
  }
  if (scenario.drop_keys && scenario.integrity_keys < 2) {
    return store.Error(store.Child("drop_keys"), "drop_keys",
                       "needs integrity_keys >= 2 (the active key is never dropped)");
  }
  SetIntegrity(scenario, scenario.integrity_keys, scenario.signing);
  Status valid = ValidateStoreConfig(scenario.store);
  if (!valid.ok()) return store.Error(root.Child("store"), "", valid.message());
  return Status::Ok();
}

Status ParseEventShape(MapReader& root, Scenario& scenario) {
  if (!root.Has("events")) return Status::Ok();
  MapReader events(root.Child("events"), root.path(), "events.");
  EVSIM_RETURN_IF_ERROR(events.Check());
  EVSIM_RETURN_IF_ERROR(events.Texts("types", scenario.event_types));
  EVSIM_RETURN_IF_ERROR(events.Texts("tags", scenario.tags));
  EVSIM_RETURN_IF_ERROR(events.RangeOf("tags_per_event", scenario.tags_per_event, 0, 64));
  EVSIM_RETURN_IF_ERROR(events.Texts("metadata_keys", scenario.metadata_keys));
  EVSIM_RETURN_IF_ERROR(events.Texts("metadata_values", scenario.metadata_values));
  EVSIM_RETURN_IF_ERROR(events.RangeOf("data_bytes", scenario.data_bytes, 0, 1 << 20));
  EVSIM_RETURN_IF_ERROR(events.RejectUnknown());
  if (scenario.event_types.empty()) {
    return events.Error(root.Child("events"), "types", "needs at least one type");
  }
  if (scenario.metadata_values.empty() && !scenario.metadata_keys.empty()) {
    return events.Error(root.Child("events"), "metadata_values", "needs at least one value");
  }
  return Status::Ok();
}

Status ParseWeightsAndFaults(MapReader& root, Scenario& scenario) {
  if (root.Has("weights")) {
    const YAML::Node weights = root.Child("weights");
    if (!weights.IsMap()) return root.Error(weights, "weights", "expected a mapping");
    scenario.weights.fill(0);
    for (const auto& entry : weights) {
      const std::optional<OperationKind> kind = OperationFromName(entry.first.Scalar());
      if (!kind || RoleOf(*kind) == OperationRole::kFault) {
        return root.Error(entry.first, "weights." + entry.first.Scalar(),
                          kind ? "a fault strikes at a rate under faults:, not by weight"
                               : "unknown operation" + DidYouMean(entry.first.Scalar(),
                                                                   OperationNames()));
      }
      std::int64_t weight = 0;
      if (!YAML::convert<std::int64_t>::decode(entry.second, weight) || weight < 0 ||
          weight > 1'000'000) {
        return root.Error(entry.second, "weights." + entry.first.Scalar(),
                          "expected an integer weight 0..1000000");
      }
      scenario.weights[*kind] = static_cast<std::uint32_t>(weight);
    }
  }
  if (root.Has("faults")) {
    MapReader faults(root.Child("faults"), root.path(), "faults.");
    EVSIM_RETURN_IF_ERROR(faults.Check());
    EVSIM_RETURN_IF_ERROR(faults.Probability("crash", scenario.faults.crash_ppm));
    EVSIM_RETURN_IF_ERROR(faults.Probability("restart", scenario.faults.restart_ppm));
    EVSIM_RETURN_IF_ERROR(faults.Probability("clock_jump", scenario.faults.clock_jump_ppm));
    EVSIM_RETURN_IF_ERROR(faults.Probability("bit_flip", scenario.faults.bit_flip_ppm));
    EVSIM_RETURN_IF_ERROR(faults.Probability("failed_sync", scenario.faults.failed_sync_ppm));
    EVSIM_RETURN_IF_ERROR(faults.Probability("failed_write", scenario.faults.failed_write_ppm));
    EVSIM_RETURN_IF_ERROR(faults.Probability("power_loss", scenario.faults.power_loss_ppm));
    EVSIM_RETURN_IF_ERROR(faults.Probability("lost_unsynced", scenario.faults.lost_unsynced_ppm));
    EVSIM_RETURN_IF_ERROR(faults.Probability("torn_write", scenario.faults.torn_write_ppm));
    EVSIM_RETURN_IF_ERROR(
        faults.Probability("lost_directory_entry", scenario.faults.lost_directory_entry_ppm));
    EVSIM_RETURN_IF_ERROR(faults.RejectUnknown());
  }
  return Status::Ok();
}

// An ops: entry that the scenario's own store configuration makes impossible is an input error,
// not something for the run to stumble over.
Status CheckAgainstStore(const Action& action, const Scenario& scenario, MapReader reader) {
  if (const Restart* restart = action.As<Restart>()) {
    if (restart->active_key_id != 0 &&
        !scenario.store.integrity.keyring.contains(restart->active_key_id)) {
      return reader.Error(reader.Child("active_key"), "active_key",
                          "key " + std::to_string(restart->active_key_id) +
                              " is not in the keyring (store.integrity_keys: " +
                              std::to_string(scenario.integrity_keys) + " gives keys 1.." +
                              std::to_string(scenario.integrity_keys) + "; 0 keeps the active key)");
    }
    if (restart->dropped_key_id != 0 &&
        (!scenario.store.integrity.keyring.contains(restart->dropped_key_id) ||
         restart->dropped_key_id == restart->active_key_id)) {
      return reader.Error(reader.Child("dropped_key"), "dropped_key",
                          "key " + std::to_string(restart->dropped_key_id) +
                              " is not a key of the keyring other than active_key");
    }
  }
  return Status::Ok();
}

// A generated run needs something to schedule: faults and background work act on what client
// operations did, and swarm testing never switches off the last weighted client operation.
Status CheckSchedulable(MapReader& root, const Scenario& scenario) {
  if (!scenario.ops.empty()) return Status::Ok();
  for (OperationKind kind = 0; kind < kOperationCount; ++kind) {
    if (IsClientOperation(kind) && scenario.weights[kind] > 0) return Status::Ok();
  }
  return root.Error(root.Child("weights"), "weights",
                    "no client operation has a positive weight, so there is nothing to schedule "
                    "(faults and background work act on what client operations do)");
}

// The largest batch the generator may build must stay a test of SPEC 2.2's bound, not an
// attempt to allocate gigabytes: at most twice the 16 MiB a batch may hold.
Status CheckBatchShape(MapReader& root, const Scenario& scenario) {
  constexpr std::int64_t kGeneratedBatchBytesMax = 2 * static_cast<std::int64_t>(limits::kBatchBytesMax);
  const std::int64_t bytes = scenario.batch.max * scenario.data_bytes.max;
  if (bytes <= kGeneratedBatchBytesMax) return Status::Ok();
  return root.Error(root.Child("batch"), "batch",
                    "batch.max " + std::to_string(scenario.batch.max) + " x events.data_bytes.max " +
                        std::to_string(scenario.data_bytes.max) + " = " + std::to_string(bytes) +
                        " bytes in one batch; at most " + std::to_string(kGeneratedBatchBytesMax) +
                        " (twice SPEC 2.2's 16 MiB: room to test the bound, not to exhaust memory)");
}

Status ParseRoot(const YAML::Node& root_node, const std::string& path, Scenario& scenario) {
  MapReader root(root_node, path, "");
  EVSIM_RETURN_IF_ERROR(root.Check());
  EVSIM_RETURN_IF_ERROR(root.Text("name", scenario.name));
  EVSIM_RETURN_IF_ERROR(root.Text("description", scenario.description));
  EVSIM_RETURN_IF_ERROR(ParseRequires(root, scenario.required));
  EVSIM_RETURN_IF_ERROR(ParseSeeds(root, scenario.seeds));
  EVSIM_RETURN_IF_ERROR(root.Int("steps", scenario.steps, 0, kStepsMax));
  EVSIM_RETURN_IF_ERROR(root.Number("clients", scenario.clients, 1, 64));
  if (root.Has("streams")) {
    MapReader streams(root.Child("streams"), path, "streams.");
    EVSIM_RETURN_IF_ERROR(streams.Check());
    EVSIM_RETURN_IF_ERROR(streams.Number("count", scenario.stream_count, 0, 10'000));
    EVSIM_RETURN_IF_ERROR(streams.Bool("prefix_ids", scenario.prefix_ids));
    EVSIM_RETURN_IF_ERROR(streams.RejectUnknown());
  }
  EVSIM_RETURN_IF_ERROR(root.RangeOf("batch", scenario.batch, 0, 10'001));
  EVSIM_RETURN_IF_ERROR(ParseEventShape(root, scenario));
  EVSIM_RETURN_IF_ERROR(ParseStore(root, scenario));
  EVSIM_RETURN_IF_ERROR(ParseWeightsAndFaults(root, scenario));
  EVSIM_RETURN_IF_ERROR(root.Bool("swarm", scenario.swarm));
  EVSIM_RETURN_IF_ERROR(root.Bool("wide_generators", scenario.wide_generators));
  EVSIM_RETURN_IF_ERROR(root.Int("clock_step_us_max", scenario.clock_step_us_max, 0, 999));
  // The liveness phase needs at least one round to observe convergence.
  EVSIM_RETURN_IF_ERROR(root.Int("liveness_steps", scenario.liveness_steps, 1, 100'000'000));
  EVSIM_RETURN_IF_ERROR(root.Int("check_every", scenario.check_every, 1, 100'000'000));
  std::string disk_choices = "random";
  EVSIM_RETURN_IF_ERROR(root.Text("disk_choices", disk_choices));
  if (disk_choices != "random" && disk_choices != "pinned") {
    return root.Error(root.Child("disk_choices"), "disk_choices",
                      "expected random or pinned, got '" + disk_choices + "'");
  }
  scenario.pinned_disk_choices = disk_choices == "pinned";
  EVSIM_RETURN_IF_ERROR(ParseExpectation(root, scenario.expect));
  if (root.Has("ops")) {
    const YAML::Node ops = root.Child("ops");
    if (!ops.IsSequence()) return root.Error(ops, "ops", "expected a list of operations");
    for (const YAML::Node& item : ops) {
      Action action;
      EVSIM_RETURN_IF_ERROR(ParseAction(item, path, action));
      EVSIM_RETURN_IF_ERROR(CheckAgainstStore(action, scenario, MapReader(item, path, "ops[].")));
      scenario.ops.push_back(std::move(action));
    }
  }
  EVSIM_RETURN_IF_ERROR(root.RejectUnknown());
  EVSIM_RETURN_IF_ERROR(CheckSchedulable(root, scenario));
  EVSIM_RETURN_IF_ERROR(CheckBatchShape(root, scenario));
  if (scenario.stream_count == 0 && !scenario.prefix_ids) {
    return root.Error(root_node, "streams", "needs at least one stream");
  }
  if (scenario.name.empty()) return root.Error(root_node, "name", "is required");
  return Status::Ok();
}

}  // namespace

void SetIntegrity(Scenario& scenario, int keys, bool signing) {
  EVSIM_ASSERT(keys >= 0 && (keys > 0 || !signing));
  scenario.integrity_keys = keys;
  scenario.signing = signing;
  scenario.store.integrity = IntegrityConfig{};
  if (keys == 0) return;
  scenario.store.integrity.enabled = true;
  for (int key = 1; key <= keys; ++key) {
    scenario.store.integrity.keyring[static_cast<std::uint32_t>(key)] =
        std::string(32, static_cast<char>(key));
  }
  scenario.store.integrity.active_key_id = 1;
  if (signing) scenario.store.integrity.signing_seed = std::string(32, '\x5a');
}

Result<Scenario> ParseScenario(const std::string& yaml_text, const std::string& path) {
  Scenario scenario;
  scenario.path = path;
  scenario.weights.fill(0);
  for (auto [kind, weight] : std::initializer_list<std::pair<OperationKind, std::uint32_t>>{
           {kKindOf<Append>, 40},      {kKindOf<Read>, 10},         {kKindOf<ReadGlobal>, 5},
           {kKindOf<Version>, 2},      {kKindOf<ListStreams>, 1},   {kKindOf<LookupTags>, 4},
           {kKindOf<LookupTypes>, 3},  {kKindOf<LookupMeta>, 3},    {kKindOf<SnapshotSave>, 3},
           {kKindOf<SnapshotRead>, 2}, {kKindOf<SnapshotList>, 1},  {kKindOf<SnapshotDelete>, 1},
           {kKindOf<Scavenge>, 3},     {kKindOf<Delete>, 1},        {kKindOf<Verify>, 2},
           {kKindOf<Subscribe>, 2},    {kKindOf<Unsubscribe>, 1},   {kKindOf<Ack>, 3},
           {kKindOf<Take>, 8},         {kKindOf<Background>, 15}}) {
    scenario.weights[kind] = weight;
  }
  EVSIM_RETURN_IF_ERROR(CheckScenarioText(yaml_text, path));
  try {
    EVSIM_ASSIGN_OR_RETURN(const YAML::Node root, LoadOneDocument(yaml_text, path));
    EVSIM_RETURN_IF_ERROR(CheckDocument(root, yaml_text, path));
    EVSIM_RETURN_IF_ERROR(ParseRoot(root, path, scenario));
  } catch (const YAML::DeepRecursion& error) {
    return Status::InvalidArgument(path + ":" + std::to_string(error.mark.line + 1) +
                                   ": malformed YAML: lists or mappings nested too deeply for the parser");
  } catch (const YAML::Exception& error) {
    return Status::InvalidArgument(path + ":" + std::to_string(error.mark.line + 1) +
                                   ": malformed YAML: " + error.msg);
  }
  return scenario;
}

Result<Scenario> LoadScenario(const std::string& path) {
  // Only a regular file of bounded size: /dev/zero, /dev/urandom or a FIFO would be read
  // forever (a FIFO blocks in open() itself), so they are refused before opening.
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    return Status::InvalidArgument(path + ": cannot open scenario file: no such file");
  }
  if (std::filesystem::is_directory(status)) {
    return Status::InvalidArgument(path + ": is a directory, not a scenario file");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return Status::InvalidArgument(path +
                                   ": not a regular file (a device, FIFO or socket); a scenario "
                                   "is a YAML file");
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return Status::InvalidArgument(path + ": cannot open scenario file: " + error.message());
  if (size > kScenarioBytesMax) {
    return Status::InvalidArgument(path + ": " + std::to_string(size) +
                                   " bytes; a scenario file is at most " +
                                   std::to_string(kScenarioBytesMax >> 20) + " MiB");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::InvalidArgument(path + ": cannot open scenario file");
  std::string content(static_cast<std::size_t>(size), '\0');
  file.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(file.gcount()));
  if (file.bad()) return Status::InvalidArgument(path + ": cannot read scenario file");
  return ParseScenario(content, path);
}

}  // namespace evsim::sim
