// Scenario loading. yaml-cpp throws; every call into it stays inside this file, and every
// failure becomes an invalid_argument naming file, line and key.
#include "evsim/sim/scenario.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace evsim::sim {
namespace {

// Reads one YAML mapping, remembering which keys were read so that the rest can be reported as
// unknown.
class MapReader {
 public:
  MapReader(const YAML::Node& node, const std::string& path, std::string context)
      : node_(node), path_(path), context_(std::move(context)) {}

  Status Check() const {
    if (!node_.IsMap()) return Error(node_, "", "expected a mapping");
    return Status::Ok();
  }
  bool Has(const char* key) {
    read_.insert(key);
    return node_[key].IsDefined() && !node_[key].IsNull();
  }
  YAML::Node Child(const char* key) {
    read_.insert(key);
    return node_[key];
  }
  Status Int(const char* key, std::int64_t& out, std::int64_t min, std::int64_t max) {
    if (!Has(key)) return Status::Ok();
    const YAML::Node value = node_[key];
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
    const YAML::Node value = node_[key];
    if (!value.IsScalar() || !YAML::convert<bool>::decode(value, out)) {
      return Error(value, key, "expected true or false");
    }
    return Status::Ok();
  }
  Status Text(const char* key, std::string& out) {
    if (!Has(key)) return Status::Ok();
    const YAML::Node value = node_[key];
    if (!value.IsScalar()) return Error(value, key, "expected a string");
    out = value.Scalar();
    return Status::Ok();
  }
  Status Texts(const char* key, std::vector<std::string>& out) {
    if (!Has(key)) return Status::Ok();
    const YAML::Node value = node_[key];
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
    const YAML::Node value = node_[key];
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
    const YAML::Node value = node_[key];
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
    MapReader range(node_[key], path_, context_ + key + ".");
    EVSIM_RETURN_IF_ERROR(range.Check());
    EVSIM_RETURN_IF_ERROR(range.Int("min", out.min, min, max));
    EVSIM_RETURN_IF_ERROR(range.Int("max", out.max, min, max));
    EVSIM_RETURN_IF_ERROR(range.RejectUnknown());
    if (out.min > out.max) return Error(node_[key], key, "min exceeds max");
    return Status::Ok();
  }
  Status RejectUnknown() const {
    for (const auto& entry : node_) {
      const std::string key = entry.first.Scalar();
      if (!read_.contains(key)) return Error(entry.first, key.c_str(), "unknown key");
    }
    return Status::Ok();
  }
  Status Error(const YAML::Node& at, std::string_view key, const std::string& what) const {
    return ErrorAt(at.Mark(), key, what);
  }
  Status ErrorAt(const YAML::Mark& mark, std::string_view key, const std::string& what) const {
    const std::string line = mark.is_null() ? "?" : std::to_string(mark.line + 1);
    return Status::InvalidArgument(path_ + ":" + line + ": key '" + context_ + std::string(key) +
                                   "': " + what);
  }
  const std::string& path() const { return path_; }
  const std::string& context() const { return context_; }

 private:
  YAML::Node node_;
  const std::string& path_;
  std::string context_;
  std::set<std::string> read_;
};

Status ParseCursorText(const std::string& text, Cursor& cursor) {
  if (text == "beginning") {
    cursor = Cursor::Beginning();
    return Status::Ok();
  }
  const auto first = text.find('/');
  const auto last = text.rfind('/');
  if (first == std::string::npos || first == last) {
    return Status::InvalidArgument("a cursor is 'beginning' or 'EPOCH_US/STREAM/VERSION'");
  }
  try {
    std::size_t used = 0;
    const std::int64_t epoch = std::stoll(text.substr(0, first), &used);
    if (used != first) throw std::invalid_argument("epoch");
    const std::string version_text = text.substr(last + 1);
    const std::int64_t version = std::stoll(version_text, &used);
    if (used != version_text.size() || version < 0) throw std::invalid_argument("version");
    cursor = Cursor::At(epoch, text.substr(first + 1, last - first - 1), version);
  } catch (const std::exception&) {
    return Status::InvalidArgument("a cursor is 'beginning' or 'EPOCH_US/STREAM/VERSION'");
  }
  return Status::Ok();
}

Status CursorField(MapReader& reader, const char* key, Cursor& cursor) {
  std::string text = "beginning";
  EVSIM_RETURN_IF_ERROR(reader.Text(key, text));
  Status parsed = ParseCursorText(text, cursor);
  if (!parsed.ok()) return reader.Error(reader.Child(key), key, parsed.message());
  return Status::Ok();
}

Status ParseEvents(MapReader& reader, std::vector<EventInput>& events) {
  YAML::Node list = reader.Child("events");
  if (!list.IsDefined()) return Status::Ok();
  if (!list.IsSequence()) return reader.Error(list, "events", "expected a list of events");
  for (const YAML::Node& item : list) {
    MapReader event(item, reader.path(), reader.context() + "events[].");
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

Status ParseExpected(MapReader& reader, std::int64_t& expected) {
  std::string text = "any";
  EVSIM_RETURN_IF_ERROR(reader.Text("expected", text));
  if (text == "any")
    expected = kExpectAny;
  else if (text == "no_stream")
    expected = kExpectNoStream;
  else if (text == "stream_exists")
    expected = kExpectStreamExists;
  else {
    try {
      std::size_t used = 0;
      expected = std::stoll(text, &used);
      if (used != text.size()) throw std::invalid_argument(text);
    } catch (const std::exception&) {
      return reader.Error(reader.Child("expected"), "expected",
                          "expected any, no_stream, stream_exists or a version");
    }
  }
  return Status::Ok();
}

Status ParseSelector(MapReader& reader, Selector& selector) {
  if (!reader.Has("selector")) return Status::Ok();
  MapReader fields(reader.Child("selector"), reader.path(), reader.context() + "selector.");
  EVSIM_RETURN_IF_ERROR(fields.Check());
  std::string kind = "all", match = "any";
  EVSIM_RETURN_IF_ERROR(fields.Text("kind", kind));
  EVSIM_RETURN_IF_ERROR(fields.Text("stream", selector.value));
  EVSIM_RETURN_IF_ERROR(fields.Text("type", selector.value));
  EVSIM_RETURN_IF_ERROR(fields.Texts("tags", selector.tags));
  EVSIM_RETURN_IF_ERROR(fields.Text("match", match));
  EVSIM_RETURN_IF_ERROR(fields.StringMap("pattern", selector.pattern));
  EVSIM_RETURN_IF_ERROR(fields.RejectUnknown());
  if (kind == "all")
    selector.kind = Selector::Kind::kAll;
  else if (kind == "by_stream")
    selector.kind = Selector::Kind::kByStream;
  else if (kind == "by_event_type")
    selector.kind = Selector::Kind::kByEventType;
  else if (kind == "by_event_pattern")
    selector.kind = Selector::Kind::kByEventPattern;
  else if (kind == "by_tags")
    selector.kind = Selector::Kind::kByTags;
  else
    return fields.Error(reader.Child("selector"), "kind", "unknown selector kind '" + kind + "'");
  selector.tag_match = match == "all" ? TagMatch::kAll : TagMatch::kAny;
  return Status::Ok();
}

Status ParseAction(const YAML::Node& node, const std::string& path, Action& action) {
  MapReader reader(node, path, "ops[].");
  EVSIM_RETURN_IF_ERROR(reader.Check());
  std::string op;
  EVSIM_RETURN_IF_ERROR(reader.Text("op", op));
  if (!ActionKindFromName(op, action.kind)) {
    return reader.Error(node, "op", "unknown operation '" + op + "'");
  }
  std::string direction = "forward", match = "any", start = "beginning";
  EVSIM_RETURN_IF_ERROR(reader.Number("client", action.client, 0, 1'000));
  EVSIM_RETURN_IF_ERROR(reader.Text("stream", action.stream));
  EVSIM_RETURN_IF_ERROR(ParseExpected(reader, action.expected_version));
  EVSIM_RETURN_IF_ERROR(ParseEvents(reader, action.events));
  EVSIM_RETURN_IF_ERROR(reader.Int("from", action.from, INT64_MIN, INT64_MAX));
  EVSIM_RETURN_IF_ERROR(reader.Int("count", action.count, INT64_MIN, INT64_MAX));
  EVSIM_RETURN_IF_ERROR(reader.Text("direction", direction));
  EVSIM_RETURN_IF_ERROR(CursorField(reader, "after", action.cursor));
  if (reader.Has("cursor")) EVSIM_RETURN_IF_ERROR(CursorField(reader, "cursor", action.cursor));
  EVSIM_RETURN_IF_ERROR(reader.Int("limit", action.limit, INT64_MIN, INT64_MAX));
  EVSIM_RETURN_IF_ERROR(reader.Int("max", action.limit, INT64_MIN, INT64_MAX));
  EVSIM_RETURN_IF_ERROR(reader.Texts("tags", action.values));
  EVSIM_RETURN_IF_ERROR(reader.Texts("types", action.values));
  EVSIM_RETURN_IF_ERROR(reader.Text("match", match));
  EVSIM_RETURN_IF_ERROR(reader.Text("key", action.key));
  EVSIM_RETURN_IF_ERROR(reader.Text("value", action.value));
  EVSIM_RETURN_IF_ERROR(reader.Int("version", action.version, INT64_MIN, INT64_MAX));
  EVSIM_RETURN_IF_ERROR(reader.Text("data", action.data));
  if (reader.Has("before_version")) {
    std::int64_t before = 0;
    EVSIM_RETURN_IF_ERROR(reader.Int("before_version", before, INT64_MIN, INT64_MAX));
    action.scavenge.before_version = before;
  }
  if (reader.Has("before_epoch_us")) {
    std::int64_t before = 0;
    EVSIM_RETURN_IF_ERROR(reader.Int("before_epoch_us", before, INT64_MIN, INT64_MAX));
    action.scavenge.before_epoch_us = before;
  }
  EVSIM_RETURN_IF_ERROR(
      reader.Int("keep_versions", action.scavenge.keep_versions, INT64_MIN, INT64_MAX));
  EVSIM_RETURN_IF_ERROR(reader.Bool("require_snapshot", action.scavenge.require_snapshot));
  EVSIM_RETURN_IF_ERROR(reader.Bool("dry_run", action.scavenge.dry_run));
  EVSIM_RETURN_IF_ERROR(reader.Text("name", action.name));
  EVSIM_RETURN_IF_ERROR(ParseSelector(reader, action.selector));
  EVSIM_RETURN_IF_ERROR(reader.Text("start", start));
  EVSIM_RETURN_IF_ERROR(
      reader.Int("delta_us", action.clock_delta_us, INT64_MIN / 4, INT64_MAX / 4));
  EVSIM_RETURN_IF_ERROR(reader.Number("active_key", action.active_key_id, 0, 1'000'000));
  EVSIM_RETURN_IF_ERROR(reader.Number("pick", action.pick, 0, INT64_MAX));
  EVSIM_RETURN_IF_ERROR(reader.RejectUnknown());
  action.direction = direction == "backward" ? Direction::kBackward : Direction::kForward;
  action.match = match == "all" ? TagMatch::kAll : TagMatch::kAny;
  if (start == "beginning") {
    action.start = SubscriptionStart::Beginning();
  } else if (start == "end") {
    action.start = SubscriptionStart::End();
  } else {
    Cursor cursor;
    Status parsed = ParseCursorText(start, cursor);
    if (!parsed.ok()) return reader.Error(reader.Child("start"), "start", parsed.message());
    action.start = SubscriptionStart::After(cursor);
  }
  return Status::Ok();
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

Status ParseSeeds(MapReader& reader, std::vector<std::uint64_t>& seeds) {
  if (!reader.Has("seeds")) return Status::Ok();
  const YAML::Node node = reader.Child("seeds");
  seeds.clear();
  if (node.IsScalar()) {  // "A..B"
    const std::string text = node.Scalar();
    const auto dots = text.find("..");
    try {
      if (dots == std::string::npos) throw std::invalid_argument(text);
      const std::uint64_t first = std::stoull(text.substr(0, dots));
      const std::uint64_t last = std::stoull(text.substr(dots + 2));
      if (last < first || last - first >= 100'000) throw std::invalid_argument(text);
      for (std::uint64_t seed = first; seed <= last; ++seed) seeds.push_back(seed);
    } catch (const std::exception&) {
      return reader.Error(node, "seeds", "expected A..B (at most 100000 seeds) or a list");
    }
    return Status::Ok();
  }
  if (!node.IsSequence()) return reader.Error(node, "seeds", "expected A..B or a list");
  for (const YAML::Node& item : node) {
    std::uint64_t seed = 0;
    if (!item.IsScalar() || !YAML::convert<std::uint64_t>::decode(item, seed)) {
      return reader.Error(item, "seeds", "expected non-negative integers");
    }
    seeds.push_back(seed);
  }
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
  if (scenario.integrity_keys > 0) {
    scenario.store.integrity.enabled = true;
    for (int key = 1; key <= scenario.integrity_keys; ++key) {
      scenario.store.integrity.keyring[key] = std::string(32, static_cast<char>(key));
    }
    scenario.store.integrity.active_key_id = 1;
    if (scenario.signing) scenario.store.integrity.signing_seed = std::string(32, '\x5a');
  }
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
      ActionKind kind;
      if (!ActionKindFromName(entry.first.Scalar(), kind)) {
        return root.Error(entry.first, "weights." + entry.first.Scalar(), "unknown operation");
      }
      std::int64_t weight = 0;
      if (!YAML::convert<std::int64_t>::decode(entry.second, weight) || weight < 0 ||
          weight > 1'000'000) {
        return root.Error(entry.second, "weights." + entry.first.Scalar(),
                          "expected an integer weight 0..1000000");
      }
      scenario.weights[static_cast<int>(kind)] = static_cast<std::uint32_t>(weight);
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
    EVSIM_RETURN_IF_ERROR(faults.Probability("torn_write", scenario.faults.torn_write_ppm));
    EVSIM_RETURN_IF_ERROR(
        faults.Probability("lost_directory_entry", scenario.faults.lost_directory_entry_ppm));
    EVSIM_RETURN_IF_ERROR(faults.RejectUnknown());
  }
  return Status::Ok();
}

Status ParseRoot(const YAML::Node& root_node, const std::string& path, Scenario& scenario) {
  MapReader root(root_node, path, "");
  EVSIM_RETURN_IF_ERROR(root.Check());
  EVSIM_RETURN_IF_ERROR(root.Text("name", scenario.name));
  EVSIM_RETURN_IF_ERROR(root.Text("description", scenario.description));
  EVSIM_RETURN_IF_ERROR(ParseRequires(root, scenario.required));
  EVSIM_RETURN_IF_ERROR(ParseSeeds(root, scenario.seeds));
  EVSIM_RETURN_IF_ERROR(root.Int("steps", scenario.steps, 0, 100'000'000));
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
  EVSIM_RETURN_IF_ERROR(root.Int("liveness_steps", scenario.liveness_steps, 0, 100'000'000));
  EVSIM_RETURN_IF_ERROR(root.Int("check_every", scenario.check_every, 1, 100'000'000));
  if (root.Has("ops")) {
    const YAML::Node ops = root.Child("ops");
    if (!ops.IsSequence()) return root.Error(ops, "ops", "expected a list of operations");
    for (const YAML::Node& item : ops) {
      Action action;
      EVSIM_RETURN_IF_ERROR(ParseAction(item, path, action));
      scenario.ops.push_back(std::move(action));
    }
  }
  EVSIM_RETURN_IF_ERROR(root.RejectUnknown());
  if (scenario.stream_count == 0 && !scenario.prefix_ids) {
    return root.Error(root_node, "streams", "needs at least one stream");
  }
  if (scenario.name.empty()) return root.Error(root_node, "name", "is required");
  return Status::Ok();
}

}  // namespace

Result<Scenario> ParseScenario(const std::string& yaml_text, const std::string& path) {
  Scenario scenario;
  scenario.path = path;
  scenario.weights.fill(0);
  for (auto [kind, weight] : std::initializer_list<std::pair<ActionKind, std::uint32_t>>{
           {ActionKind::kAppend, 40},      {ActionKind::kRead, 10},
           {ActionKind::kReadGlobal, 5},   {ActionKind::kVersion, 2},
           {ActionKind::kListStreams, 1},  {ActionKind::kLookupTags, 4},
           {ActionKind::kLookupTypes, 3},  {ActionKind::kLookupMeta, 3},
           {ActionKind::kSnapshotSave, 3}, {ActionKind::kSnapshotRead, 2},
           {ActionKind::kSnapshotList, 1}, {ActionKind::kSnapshotDelete, 1},
           {ActionKind::kScavenge, 3},     {ActionKind::kDelete, 1},
           {ActionKind::kVerify, 2},       {ActionKind::kSubscribe, 2},
           {ActionKind::kUnsubscribe, 1},  {ActionKind::kAck, 3},
           {ActionKind::kTake, 8},         {ActionKind::kBackground, 15}}) {
    scenario.weights[static_cast<int>(kind)] = weight;
  }
  try {
    const YAML::Node root = YAML::Load(yaml_text);
    EVSIM_RETURN_IF_ERROR(ParseRoot(root, path, scenario));
  } catch (const YAML::Exception& error) {
    return Status::InvalidArgument(path + ":" + std::to_string(error.mark.line + 1) +
                                   ": malformed YAML: " + error.msg);
  }
  return scenario;
}

Result<Scenario> LoadScenario(const std::string& path) {
  std::ifstream file(path);
  if (!file) return Status::InvalidArgument(path + ": cannot open scenario file");
  std::stringstream content;
  content << file.rdbuf();
  return ParseScenario(content.str(), path);
}

}  // namespace evsim::sim
