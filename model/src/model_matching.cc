#include "model_matching.h"

#include <optional>
#include <set>

namespace evsim::oracle {

bool HasTags(const Event& event, const std::vector<std::string>& tags, TagMatch match) {
  if (tags.empty()) return false;
  const std::set<std::string> carried(event.tags.begin(), event.tags.end());
  std::size_t found = 0;
  for (const std::string& tag : tags) found += carried.count(tag);
  return match == TagMatch::kAny ? found > 0 : found == tags.size();
}

bool SelectorPicks(const Selector& selector, const Event& event) {
  switch (selector.kind) {
    case Selector::Kind::kAll:
      return true;
    case Selector::Kind::kByStream:
      return event.stream_id == selector.value;
    case Selector::Kind::kByEventType:
      return event.event_type == selector.value;
    case Selector::Kind::kByTags:
      return HasTags(event, selector.tags, selector.tag_match);
    case Selector::Kind::kByEventPattern:
      break;
  }
  // Every entry of the pattern must hold; an empty pattern holds vacuously.
  for (const auto& [field, wanted] : selector.pattern) {
    std::optional<std::string> actual;
    if (field == "event_type") {
      actual = event.event_type;
    } else if (field == "stream_id") {
      actual = event.stream_id;
    } else {
      const auto entry = event.metadata.find(field.substr(std::string("metadata.").size()));
      if (entry != event.metadata.end()) actual = entry->second;
    }
    if (actual != wanted) return false;
  }
  return true;
}

}  // namespace evsim::oracle
