// Writing an executed history back out as a scenario with an `ops:` list.
#include <yaml-cpp/yaml.h>

#include <cstdio>

#include "evsim/sim/invariant_catalog.h"
#include "evsim/sim/scenario.h"

namespace evsim::sim {
namespace {

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

class YamlOperationWriter final : public OperationWriter {
 public:
  explicit YamlOperationWriter(YAML::Emitter& out) : out_(out) {}
  void Text(std::string_view key, const std::string& value) override { Field(key, value); }
  void Integer(std::string_view key, std::int64_t value) override { Field(key, value); }
  void Boolean(std::string_view key, bool value) override { Field(key, value); }
  void Texts(std::string_view key, const std::vector<std::string>& values) override {
    out_ << YAML::Key << std::string(key) << YAML::Value << YAML::Flow << values;
  }
  void Events(std::string_view key, const std::vector<EventInput>& events) override {
    out_ << YAML::Key << std::string(key) << YAML::Value << YAML::BeginSeq;
    for (const EventInput& event : events) {
      out_ << YAML::Flow << YAML::BeginMap;
      Field("id", event.event_id);
      Field("type", event.event_type);
      if (!event.tags.empty()) Texts("tags", event.tags);
      if (!event.metadata.empty()) Map("meta", event.metadata);
      if (!event.data.empty()) Field("data", event.data);
      if (event.data_content_type != kDefaultContentType) {
        Field("data_content_type", event.data_content_type);
      }
      if (event.metadata_content_type != kDefaultContentType) {
        Field("metadata_content_type", event.metadata_content_type);
      }
      out_ << YAML::EndMap;
    }
    out_ << YAML::EndSeq;
  }
  void SelectorOf(std::string_view key, const Selector& selector) override {
    out_ << YAML::Key << std::string(key) << YAML::Value << YAML::Flow << YAML::BeginMap;
    Field("kind", SelectorKind(selector.kind));
    switch (selector.kind) {
      case Selector::Kind::kByStream:
        Field("stream", selector.value);
        break;
      case Selector::Kind::kByEventType:
        Field("type", selector.value);
        break;
      case Selector::Kind::kByTags:
        Texts("tags", selector.tags);
        Field("match", MatchText(selector.tag_match));
        break;
      case Selector::Kind::kByEventPattern:
        Map("pattern", selector.pattern);
        break;
      case Selector::Kind::kAll:
        break;
    }
    out_ << YAML::EndMap;
  }
  void StringMap(std::string_view key, const Metadata& map) override { Map(key, map); }

 private:
  template <typename Value>
  void Field(std::string_view key, const Value& value) {
    out_ << YAML::Key << std::string(key) << YAML::Value << value;
  }
  void Map(std::string_view key, const Metadata& map) {
    out_ << YAML::Key << std::string(key) << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [entry_key, value] : map) Field(entry_key, value);
    out_ << YAML::EndMap;
  }

  YAML::Emitter& out_;
};

void EmitAction(YAML::Emitter& out, const Action& action) {
  out << YAML::BeginMap << YAML::Key << "op" << YAML::Value
      << std::string(OperationName(action.kind()));
  if (IsClientOperation(action.kind())) out << YAML::Key << "client" << YAML::Value << action.client;
  YamlOperationWriter writer(out);
  EmitOperation(action.operation, writer);
  if (!action.disk_choices.empty()) {
    out << YAML::Key << "disk" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [number, value] : action.disk_choices) {
      out << YAML::Key << number << YAML::Value << value;
    }
    out << YAML::EndMap;
  }
  if (action.at_us) out << YAML::Key << "at_us" << YAML::Value << *action.at_us;
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
    if (IsClientOperation(action.kind())) required = required.With(CapabilityOf(action.kind()));
    if (action.As<Crash>() || action.As<Restart>()) {
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
  for (auto [key, ppm] : {std::pair{"failed_sync", base.faults.failed_sync_ppm},
                          {"failed_write", base.faults.failed_write_ppm},
                          {"power_loss", base.faults.power_loss_ppm},
                          {"lost_unsynced", base.faults.lost_unsynced_ppm},
                          {"torn_write", base.faults.torn_write_ppm},
                          {"lost_directory_entry", base.faults.lost_directory_entry_ppm}}) {
    out << YAML::Key << key << YAML::Value << ppm / 1e6;
  }
  out << YAML::EndMap;
  if (base.clock_step_us_max != 999) {  // the clock is not part of ops: keep how it moves
    out << YAML::Key << "clock_step_us_max" << YAML::Value << base.clock_step_us_max;
  }
  if (base.pinned_disk_choices) {
    out << YAML::Key << "disk_choices" << YAML::Value << "pinned";
  }
  if (base.expect) {
    char digest[32];
    std::snprintf(digest, sizeof digest, "%016llx",
                  static_cast<unsigned long long>(base.expect->digest));
    out << YAML::Key << "expect" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "target" << YAML::Value << base.expect->target;
    out << YAML::Key << "failure" << YAML::Value << base.expect->failure;
    out << YAML::Key << "digest" << YAML::Value << digest;
    out << YAML::EndMap;
  }
  out << YAML::Key << "ops" << YAML::Value << YAML::BeginSeq;
  for (const Action& action : actions) EmitAction(out, action);
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace evsim::sim
