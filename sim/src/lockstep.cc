// Applying one client action to any adapter, and rendering what it returned.
#include <xxhash.h>

#include <cstdio>

#include "evsim/sim/observable_state.h"
#include "simulation_internal.h"

namespace evsim::sim {
namespace {

Outcome FromStatus(const Status& status) { return Outcome{status, status.ok() ? "ok" : "", {}}; }

template <typename T, typename Render>
Outcome FromResult(const Result<T>& result, Render render) {
  if (!result.ok()) return Outcome{result.status(), "", {}};
  return Outcome{Status::Ok(), render(result.value()), {}};
}

Outcome FromEvents(const Result<std::vector<Event>>& result) {
  if (!result.ok()) return Outcome{result.status(), "", {}};
  Outcome outcome{Status::Ok(), "", result.value()};
  for (const Event& event : result.value()) outcome.rendered += DescribeEvent(event) + "\n";
  return outcome;
}

std::string RenderSnapshot(const Snapshot& snapshot) {
  std::string text = snapshot.stream_id + "@" + std::to_string(snapshot.version) +
                     " ts=" + std::to_string(snapshot.timestamp) + " data=" + snapshot.data;
  for (const auto& [key, value] : snapshot.metadata) text += " m:" + key + "=" + value;
  if (snapshot.mac) text += " mac=" + std::to_string(snapshot.mac->key_id);
  if (snapshot.anchor_hash) {
    text += " anchor=" + std::to_string(XXH3_64bits(snapshot.anchor_hash->data(), 32));
  }
  return text;
}

}  // namespace

std::string Outcome::Summary() const {
  if (!status.ok()) {
    std::string text = "error " + std::string(ErrorCodeName(status.code()));
    if (status.expected_version()) {
      text += " expected=" + std::to_string(*status.expected_version()) +
              " actual=" + std::to_string(*status.actual_version());
    }
    if (status.violation_kind()) {
      text += " " + std::string(ViolationKindName(*status.violation_kind())) + "@" +
              std::to_string(*status.violation_version());
    }
    return text;
  }
  char hash[32];
  std::snprintf(hash, sizeof hash, "#%08x",
                static_cast<unsigned>(XXH3_64bits(rendered.data(), rendered.size())));
  if (!events.empty() || rendered.empty()) {
    return "ok " + std::to_string(events.size()) + " events " + hash;
  }
  return "ok " + (rendered.size() <= 40 ? rendered : rendered.substr(0, 40) + "...") + " " + hash;
}

Outcome ApplyToAdapter(EventStoreAdapter& adapter, const Action& action) {
  auto number = [](std::int64_t value) { return std::to_string(value); };
  switch (action.kind) {
    case ActionKind::kAppend:
      return FromResult(adapter.Append(action.stream, action.expected_version, action.events),
                        number);
    case ActionKind::kRead:
      return FromEvents(adapter.Read(action.stream, action.from, action.count, action.direction));
    case ActionKind::kReadGlobal:
      return FromEvents(adapter.ReadGlobal(action.cursor, action.limit));
    case ActionKind::kVersion:
      return FromResult(adapter.Version(action.stream), number);
    case ActionKind::kListStreams:
      return FromResult(adapter.ListStreams(), [](const std::vector<std::string>& names) {
        std::string text;
        for (const std::string& name : names) text += name + " ";
        return text;
      });
    case ActionKind::kLookupTags:
      return FromEvents(adapter.LookupTags(action.values, action.match, action.limit));
    case ActionKind::kLookupTypes:
      return FromEvents(adapter.LookupTypes(action.values, action.limit));
    case ActionKind::kLookupMeta:
      return FromEvents(adapter.LookupMeta(action.key, action.value, action.limit));
    case ActionKind::kSnapshotSave:
      return FromResult(adapter.SaveSnapshot(action.stream, action.version, action.data, {}),
                        RenderSnapshot);
    case ActionKind::kSnapshotRead:
      return FromResult(action.version < 0 ? adapter.ReadLatestSnapshot(action.stream)
                                           : adapter.ReadSnapshotAt(action.stream, action.version),
                        RenderSnapshot);
    case ActionKind::kSnapshotList:
      return FromResult(adapter.ListSnapshots(action.stream), [](const std::vector<Snapshot>& all) {
        std::string text;
        for (const Snapshot& snapshot : all) text += RenderSnapshot(snapshot) + "\n";
        return text;
      });
    case ActionKind::kSnapshotDelete:
      return FromStatus(action.version < 0
                            ? adapter.DeleteAllSnapshots(action.stream)
                            : adapter.DeleteSnapshotAt(action.stream, action.version));
    case ActionKind::kScavenge:
      return FromResult(adapter.Scavenge(action.stream, action.scavenge),
                        [](const ScavengeReport& report) { return report.ToString(); });
    case ActionKind::kDelete:
      return FromStatus(adapter.DeleteStream(action.stream));
    case ActionKind::kVerify:
      return FromStatus(adapter.VerifyStream(action.stream));
    case ActionKind::kSubscribe:
      return FromStatus(adapter.Subscribe(action.name, action.selector, action.start));
    case ActionKind::kUnsubscribe:
      return FromStatus(adapter.Unsubscribe(action.name));
    case ActionKind::kAck:
      return FromStatus(adapter.Ack(action.name, action.cursor));
    case ActionKind::kTake:
      return FromEvents(adapter.TakeDeliveries(action.name, action.limit));
    default:
      return Outcome{Status::InvalidArgument("not a client operation"), "", {}};
  }
}

}  // namespace evsim::sim
