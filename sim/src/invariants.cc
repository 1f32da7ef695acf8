#include "evsim/sim/invariants.h"

#include <map>

#include "evsim/integrity/seal.h"
#include "evsim/sim/observable_state.h"
#include "evsim/sim/value_diff.h"

namespace evsim::sim {
namespace {

Status Broken(const std::string& what) { return Status::InvalidArgument("invariant: " + what); }

}  // namespace

Result<std::vector<Event>> ReadGlobalAfter(EventStoreAdapter& adapter, Cursor after,
                                           std::int64_t limit) {
  std::vector<Event> all;
  while (static_cast<std::int64_t>(all.size()) < limit) {
    const std::int64_t page_limit = std::min<std::int64_t>(512, limit - all.size());
    EVSIM_ASSIGN_OR_RETURN(std::vector<Event> page, adapter.ReadGlobal(after, page_limit));
    if (page.empty()) break;
    // Progress guards: a store that answers more than asked, or does not move past the cursor,
    // would keep this loop going for ever.
    if (static_cast<std::int64_t>(page.size()) > page_limit) {
      return Broken("read_global(limit " + std::to_string(page_limit) + ") returned " +
                    std::to_string(page.size()) + " events");
    }
    if (!(Cursor::Of(page.back()) > after)) {
      return Broken("read_global after " + after.ToString() +
                    " returned events that do not advance past it");
    }
    after = Cursor::Of(page.back());
    all.insert(all.end(), page.begin(), page.end());
  }
  return all;
}

namespace {

template <typename Predicate>
std::vector<Event> Filter(const std::vector<Event>& all, std::int64_t limit, Predicate predicate) {
  std::vector<Event> matches;
  for (const Event& event : all) {
    if (static_cast<std::int64_t>(matches.size()) >= limit) break;
    if (predicate(event)) matches.push_back(event);
  }
  return matches;
}

Status CompareLookup(const std::string& what, const Result<std::vector<Event>>& looked_up,
                     const std::vector<Event>& scanned) {
  if (!looked_up.ok()) return Broken(what + " failed: " + looked_up.status().ToString());
  if (looked_up.value() == scanned) return Status::Ok();
  auto render = [](const std::vector<Event>& events) {
    std::string text;
    for (const Event& event : events) text += DescribeEvent(event) + "\n";
    return text;
  };
  // "store" is the lookup's answer here, "model" the scan's.
  return Broken(what + " returned " + std::to_string(looked_up.value().size()) +
                " events; a full scan finds " + std::to_string(scanned.size()) +
                "\n  difference (store = the lookup, model = the scan):\n" +
                DiffRenderedValues(render(looked_up.value()), render(scanned)));
}

}  // namespace

Status CheckOrdering(EventStoreAdapter& adapter, const Cursor& after, std::int64_t window) {
  EVSIM_ASSIGN_OR_RETURN(std::vector<Event> events, ReadGlobalAfter(adapter, after, window));
  std::map<std::string, std::int64_t> last_version;
  for (std::size_t index = 0; index < events.size(); ++index) {
    const Event& event = events[index];
    if (!(Cursor::Of(event) > after))
      return Broken("read_global returned an event at or before its cursor");
    if (event.timestamp != event.epoch_us / 1000) {
      return Broken(event.stream_id + "@" + std::to_string(event.version) +
                    ": timestamp is not epoch_us / 1000");
    }
    if (index > 0) {
      const Event& previous = events[index - 1];
      if (!(Cursor::Of(previous) < Cursor::Of(event)) || !(OrderKey(previous) < OrderKey(event))) {
        return Broken("global order not strictly increasing at " + event.stream_id + "@" +
                      std::to_string(event.version));
      }
    }
    auto seen = last_version.find(event.stream_id);
    if (seen != last_version.end() && event.version != seen->second + 1) {
      return Broken(event.stream_id + ": versions " + std::to_string(seen->second) + " then " +
                    std::to_string(event.version) + " in global order");
    }
    last_version[event.stream_id] = event.version;
  }
  return Status::Ok();
}

Status CheckIndex(EventStoreAdapter& adapter, const IndexProbe& probe, std::int64_t limit) {
  EVSIM_ASSIGN_OR_RETURN(std::vector<Event> all,
                         ReadGlobalAfter(adapter, Cursor::Beginning(), INT64_MAX));
  for (const std::string& tag : probe.tags) {
    EVSIM_RETURN_IF_ERROR(CompareLookup(
        "lookup_tags(" + tag + ")", adapter.LookupTags({tag}, TagMatch::kAny, limit),
        Filter(all, limit,
               [&](const Event& e) { return TagsMatch(e.tags, {tag}, TagMatch::kAny); })));
  }
  if (probe.tags.size() >= 2) {
    const std::vector<std::string> pair = {probe.tags[0], probe.tags[1]};
    EVSIM_RETURN_IF_ERROR(CompareLookup(
        "lookup_tags(all)", adapter.LookupTags(pair, TagMatch::kAll, limit),
        Filter(all, limit,
               [&](const Event& e) { return TagsMatch(e.tags, pair, TagMatch::kAll); })));
  }
  for (const std::string& type : probe.types) {
    EVSIM_RETURN_IF_ERROR(
        CompareLookup("lookup_types(" + type + ")", adapter.LookupTypes({type}, limit),
                      Filter(all, limit, [&](const Event& e) { return e.event_type == type; })));
  }
  for (const auto& pair : probe.metadata) {
    const std::string& key = pair.first;  // not structured bindings: clang 14 cannot capture them
    const std::string& value = pair.second;
    EVSIM_RETURN_IF_ERROR(CompareLookup(
        "lookup_meta(" + key + "=" + value + ")", adapter.LookupMeta(key, value, limit),
        Filter(all, limit, [&](const Event& e) {
          auto found = e.metadata.find(key);
          return found != e.metadata.end() && found->second == value;
        })));
  }
  return Status::Ok();
}

Status CheckChains(EventStoreAdapter& adapter, const IntegrityConfig& integrity,
                   Capabilities capabilities, bool keys_dropped) {
  const bool integrity_enabled = integrity.enabled;
  EVSIM_ASSIGN_OR_RETURN(std::vector<std::string> streams, adapter.ListStreams());
  for (const std::string& stream_id : streams) {
    EVSIM_ASSIGN_OR_RETURN(std::int64_t high_water, adapter.Version(stream_id));
    std::vector<Snapshot> snapshots;
    if (capabilities.Has(Capability::kSnapshots)) {
      EVSIM_ASSIGN_OR_RETURN(snapshots, adapter.ListSnapshots(stream_id));
    }
    for (const Snapshot& snapshot : snapshots) {
      if (snapshot.version < 0 || snapshot.version > high_water) {
        return Broken(stream_id + ": snapshot at " + std::to_string(snapshot.version) +
                      " outside 0..H(s)");
      }
      if (!integrity_enabled) continue;
      EVSIM_ASSIGN_OR_RETURN(std::vector<Event> at,
                             adapter.Read(stream_id, snapshot.version, 1, Direction::kForward));
      if (!at.empty() && snapshot.anchor_hash != ChainHash(at.front())) {
        return Broken(stream_id + ": snapshot at " + std::to_string(snapshot.version) +
                      " does not anchor to its event's chain hash");
      }
      // Its MAC holds under the key it names (a rotated-out key is unknown_key: SPEC 7).
      const Status sealed = VerifySnapshot(integrity, snapshot);
      if (!sealed.ok() && sealed.violation_kind() != ViolationKind::kUnknownKey) {
        return Broken(stream_id + ": " + sealed.message());
      }
    }
    if (!integrity_enabled) continue;
    Status verified = adapter.VerifyStream(stream_id);
    if (keys_dropped && verified.violation_kind() == ViolationKind::kUnknownKey) continue;
    if (!verified.ok()) return Broken("verify_stream(" + stream_id + "): " + verified.ToString());
  }
  return Status::Ok();
}

Status CheckAll(EventStoreAdapter& adapter, const IndexProbe& probe,
                const IntegrityConfig& integrity) {
  EVSIM_RETURN_IF_ERROR(CheckOrdering(adapter, Cursor::Beginning(), INT64_MAX));
  EVSIM_RETURN_IF_ERROR(CheckIndex(adapter, probe, INT64_MAX));
  return CheckChains(adapter, integrity);
}

}  // namespace evsim::sim
