// Writing an executed history back out as a scenario with an `ops:` list.
#include <yaml-cpp/yaml.h>

#include "evsim/sim/invariant_catalog.h"
#include "evsim/sim/scenario.h"

namespace evsim::sim {
namespace {

std::string ExpectedText(std::int64_t expected) {
  if (expected == kExpectAny) return "any";
  if (expected == kExpectNoStream) return "no_stream";
  if (expected == kExpectStreamExists) return "stream_exists";
  return std::to_string(expected);
}

std::string SelectorKind(Selector::Kind kind) {
  switch (kind) {
    case Selector::Kind::kAll:
      return "all";
    case Selector::Kind::kByStream:
      return "by_stream";
    case Selector::Kind::kByEventType:
      return "by_event_type";
    case Selector::Kind::kByEventPattern:
      return "by_event_pattern";
    case Selector::Kind::kByTags:
      return "by_tags";
  }
  return "all";
}

void EmitAction(YAML::Emitter& out, const Action& action) {
  out << YAML::BeginMap << YAML::Key << "op" << YAML::Value
      << std::string(ActionKindName(action.kind));
  auto field = [&](const char* key, const auto& value) {
    out << YAML::Key << key << YAML::Value << value;
  };
  if (IsClientOperation(action.kind)) field("client", action.client);
  switch (action.kind) {
    case ActionKind::kAppend:
      field("stream", action.stream);
      field("expected", ExpectedText(action.expected_version));
      out << YAML::Key << "events" << YAML::Value << YAML::BeginSeq;
      for (const EventInput& event : action.events) {
        out << YAML::Flow << YAML::BeginMap;
        field("id", event.event_id);
        field("type", event.event_type);
        if (!event.tags.empty())
          out << YAML::Key << "tags" << YAML::Value << YAML::Flow << event.tags;
        if (!event.metadata.empty()) {
          out << YAML::Key << "meta" << YAML::Value << YAML::Flow << YAML::BeginMap;
          for (const auto& [key, value] : event.metadata) field(key.c_str(), value);
          out << YAML::EndMap;
        }
        if (!event.data.empty()) field("data", event.data);
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
      break;
    case ActionKind::kRead:
      field("stream", action.stream);
      field("from", action.from);
      field("count", action.count);
      field("direction", action.direction == Direction::kForward ? "forward" : "backward");
      break;
    case ActionKind::kReadGlobal:
      field("after", action.cursor.ToString());
      field("limit", action.limit);
      break;
    case ActionKind::kLookupTags:
      out << YAML::Key << "tags" << YAML::Value << YAML::Flow << action.values;
      field("match", action.match == TagMatch::kAny ? "any" : "all");
      field("limit", action.limit);
      break;
    case ActionKind::kLookupTypes:
      out << YAML::Key << "types" << YAML::Value << YAML::Flow << action.values;
      field("limit", action.limit);
      break;
    case ActionKind::kLookupMeta:
      field("key", action.key);
      field("value", action.value);
      field("limit", action.limit);
      break;
    case ActionKind::kSnapshotSave:
      field("stream", action.stream);
      field("version", action.version);
      field("data", action.data);
      break;
    case ActionKind::kSnapshotRead:
    case ActionKind::kSnapshotDelete:
      field("stream", action.stream);
      field("version", action.version);
      break;
    case ActionKind::kScavenge:
      field("stream", action.stream);
      if (action.scavenge.before_version) field("before_version", *action.scavenge.before_version);
      if (action.scavenge.before_epoch_us)
        field("before_epoch_us", *action.scavenge.before_epoch_us);
      field("keep_versions", action.scavenge.keep_versions);
      field("require_snapshot", action.scavenge.require_snapshot);
      field("dry_run", action.scavenge.dry_run);
      break;
    case ActionKind::kSubscribe:
      field("name", action.name);
      out << YAML::Key << "selector" << YAML::Value << YAML::Flow << YAML::BeginMap;
      field("kind", SelectorKind(action.selector.kind));
      if (action.selector.kind == Selector::Kind::kByStream) field("stream", action.selector.value);
      if (action.selector.kind == Selector::Kind::kByEventType)
        field("type", action.selector.value);
      if (action.selector.kind == Selector::Kind::kByTags) {
        out << YAML::Key << "tags" << YAML::Value << YAML::Flow << action.selector.tags;
        field("match", action.selector.tag_match == TagMatch::kAny ? "any" : "all");
      }
      if (action.selector.kind == Selector::Kind::kByEventPattern) {
        out << YAML::Key << "pattern" << YAML::Value << YAML::Flow << YAML::BeginMap;
        for (const auto& [key, value] : action.selector.pattern) field(key.c_str(), value);
        out << YAML::EndMap;
      }
      out << YAML::EndMap;
      field("start", action.start.kind == SubscriptionStart::Kind::kBeginning ? "beginning"
                     : action.start.kind == SubscriptionStart::Kind::kEnd
                         ? "end"
                         : action.start.after.ToString());
      break;
    case ActionKind::kAck:
      field("name", action.name);
      field("cursor", action.cursor.ToString());
      break;
    case ActionKind::kUnsubscribe:
      field("name", action.name);
      break;
    case ActionKind::kTake:
      field("name", action.name);
      field("max", action.limit);
      break;
    case ActionKind::kVersion:
    case ActionKind::kSnapshotList:
    case ActionKind::kDelete:
    case ActionKind::kVerify:
      field("stream", action.stream);
      break;
    case ActionKind::kBackground:
    case ActionKind::kBitFlip:
      field("pick", action.pick);
      break;
    case ActionKind::kRestart:
      field("active_key", action.active_key_id);
      break;
    case ActionKind::kClockJump:
      field("delta_us", action.clock_delta_us);
      break;
    case ActionKind::kListStreams:
    case ActionKind::kCrash:
      break;
  }
  out << YAML::EndMap;
}

}  // namespace

std::string ScenarioWithOps(const Scenario& base, const std::vector<Action>& actions,
                            const std::string& comment) {
  YAML::Emitter out;
  out << YAML::Comment(comment);
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << base.name + "-regression";
  out << YAML::Key << "description" << YAML::Value << comment;
  // What the history needs of a target: the scenario's own needs and those of its operations.
  Capabilities required = base.required;
  for (const Action& action : actions) {
    if (IsClientOperation(action.kind)) required = required.With(CapabilityOf(action.kind));
    if (action.kind == ActionKind::kCrash || action.kind == ActionKind::kRestart) {
      required = required.With(Capability::kDurability);
    }
  }
  std::vector<std::string> names;
  for (Capability capability : kAllCapabilities) {
    if (capability != Capability::kCore && required.Has(capability)) {
      names.emplace_back(CapabilityName(capability));
    }
  }
  if (!names.empty()) out << YAML::Key << "requires" << YAML::Value << YAML::Flow << names;
  out << YAML::Key << "seeds" << YAML::Value << YAML::Flow << base.seeds;
  out << YAML::Key << "store" << YAML::Value << YAML::BeginMap;
  std::vector<std::string> indexes;
  for (const IndexDeclaration& index : base.store.indexes) indexes.push_back(index.ToString());
  out << YAML::Key << "indexes" << YAML::Value << YAML::Flow << indexes;
  out << YAML::Key << "integrity_keys" << YAML::Value << base.integrity_keys;
  out << YAML::Key << "signing" << YAML::Value << base.signing;
  out << YAML::Key << "segment_bytes_max" << YAML::Value << base.segment_bytes_max;
  out << YAML::Key << "subscription_queue_max" << YAML::Value << base.subscription_queue_max;
  out << YAML::Key << "compaction_dead_bytes_min" << YAML::Value << base.compaction_dead_bytes_min;
  out << YAML::EndMap;
  std::vector<std::string> tags = base.tags;
  out << YAML::Key << "events" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "types" << YAML::Value << YAML::Flow << base.event_types;
  out << YAML::Key << "tags" << YAML::Value << YAML::Flow << tags;
  out << YAML::Key << "metadata_keys" << YAML::Value << YAML::Flow << base.metadata_keys;
  out << YAML::Key << "metadata_values" << YAML::Value << YAML::Flow << base.metadata_values;
  out << YAML::EndMap;
  out << YAML::Key << "faults" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "torn_write" << YAML::Value << base.faults.torn_write_ppm / 1e6;
  out << YAML::Key << "lost_directory_entry" << YAML::Value
      << base.faults.lost_directory_entry_ppm / 1e6;
  out << YAML::EndMap;
  out << YAML::Key << "ops" << YAML::Value << YAML::BeginSeq;
  for (const Action& action : actions) EmitAction(out, action);
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace evsim::sim
