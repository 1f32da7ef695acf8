#include "evsim/sim/action.h"

#include <array>

namespace evsim::sim {
namespace {

constexpr std::array<std::string_view, kActionKindCount> kNames = {
    "append",        "read",          "read_global",   "version",
    "list_streams",  "lookup_tags",   "lookup_types",  "lookup_meta",
    "snapshot_save", "snapshot_read", "snapshot_list", "snapshot_delete",
    "scavenge",      "delete",        "verify",        "subscribe",
    "unsubscribe",   "ack",           "take",          "background",
    "crash",         "restart",       "clock_jump",    "bit_flip"};

std::string Join(const std::vector<std::string>& values) {
  std::string text;
  for (const std::string& value : values) text += (text.empty() ? "" : ",") + value;
  return text;
}

std::string ExpectedName(std::int64_t expected) {
  switch (expected) {
    case kExpectAny:
      return "any";
    case kExpectNoStream:
      return "no_stream";
    case kExpectStreamExists:
      return "stream_exists";
    default:
      return std::to_string(expected);
  }
}

}  // namespace

std::string_view ActionKindName(ActionKind kind) { return kNames[static_cast<int>(kind)]; }

bool ActionKindFromName(std::string_view name, ActionKind& kind) {
  for (int index = 0; index < kActionKindCount; ++index) {
    if (kNames[index] == name) {
      kind = static_cast<ActionKind>(index);
      return true;
    }
  }
  return false;
}

bool IsClientOperation(ActionKind kind) { return kind <= ActionKind::kTake; }

bool IsMutation(ActionKind kind) {
  switch (kind) {
    case ActionKind::kAppend:
    case ActionKind::kSnapshotSave:
    case ActionKind::kSnapshotDelete:
    case ActionKind::kScavenge:
    case ActionKind::kDelete:
    case ActionKind::kSubscribe:
    case ActionKind::kUnsubscribe:
    case ActionKind::kAck:
      return true;
    default:
      return false;
  }
}

std::string Action::Describe() const {
  std::string text(ActionKindName(kind));
  switch (kind) {
    case ActionKind::kAppend: {
      text += " stream=" + stream + " expected=" + ExpectedName(expected_version) + " events=[";
      for (std::size_t index = 0; index < events.size(); ++index) {
        const EventInput& event = events[index];
        text += (index ? " " : "") + event.event_id + ":" + event.event_type;
        if (!event.tags.empty()) text += "#" + Join(event.tags);
        for (const auto& [meta_key, meta_value] : event.metadata) {
          text += "@" + meta_key + "=" + meta_value;
        }
        text += "/" + std::to_string(event.data.size()) + "B";
      }
      return text + "]";
    }
    case ActionKind::kRead:
      return text + " stream=" + stream + " from=" + std::to_string(from) +
             " count=" + std::to_string(count) +
             (direction == Direction::kForward ? " forward" : " backward");
    case ActionKind::kReadGlobal:
      return text + " after=" + cursor.ToString() + " limit=" + std::to_string(limit);
    case ActionKind::kVersion:
    case ActionKind::kSnapshotRead:
    case ActionKind::kSnapshotList:
    case ActionKind::kDelete:
    case ActionKind::kVerify:
      return text + " stream=" + stream +
             (kind == ActionKind::kSnapshotRead && version >= 0
                  ? " version=" + std::to_string(version)
                  : "");
    case ActionKind::kLookupTags:
      return text + " tags=" + Join(values) + (match == TagMatch::kAny ? " any" : " all") +
             " limit=" + std::to_string(limit);
    case ActionKind::kLookupTypes:
      return text + " types=" + Join(values) + " limit=" + std::to_string(limit);
    case ActionKind::kLookupMeta:
      return text + " " + key + "=" + value + " limit=" + std::to_string(limit);
    case ActionKind::kSnapshotSave:
    case ActionKind::kSnapshotDelete:
      return text + " stream=" + stream + " version=" + std::to_string(version);
    case ActionKind::kScavenge:
      return text + " stream=" + stream +
             (scavenge.before_version
                  ? " before_version=" + std::to_string(*scavenge.before_version)
                  : " before_epoch_us=" + std::to_string(scavenge.before_epoch_us.value_or(0))) +
             " keep=" + std::to_string(scavenge.keep_versions) +
             (scavenge.require_snapshot ? " require_snapshot" : "") +
             (scavenge.dry_run ? " dry_run" : "");
    case ActionKind::kSubscribe:
      return text + " name=" + name + " selector=" + selector.ToString() + " start=" +
             (start.kind == SubscriptionStart::Kind::kBeginning ? "beginning"
              : start.kind == SubscriptionStart::Kind::kEnd     ? "end"
                                                                : start.after.ToString());
    case ActionKind::kUnsubscribe:
      return text + " name=" + name;
    case ActionKind::kAck:
      return text + " name=" + name + " cursor=" + cursor.ToString();
    case ActionKind::kTake:
      return text + " name=" + name + " max=" + std::to_string(limit);
    case ActionKind::kBackground:
    case ActionKind::kBitFlip:
      return text + " pick=" + std::to_string(pick);
    case ActionKind::kRestart:
      return text + " active_key=" + std::to_string(active_key_id);
    case ActionKind::kClockJump:
      return text + " delta_us=" + std::to_string(clock_delta_us);
    case ActionKind::kListStreams:
    case ActionKind::kCrash:
      return text;
  }
  return text;
}

}  // namespace evsim::sim
