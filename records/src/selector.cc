#include "evsim/records/selector.h"

#include <algorithm>

#include "evsim/records/validation.h"

namespace evsim {
namespace {
constexpr std::string_view kMetadataPrefix = "metadata.";
}

Selector Selector::ByStream(std::string stream_id) {
  Selector selector;
  selector.kind = Kind::kByStream;
  selector.value = std::move(stream_id);
  return selector;
}

Selector Selector::ByEventType(std::string event_type) {
  Selector selector;
  selector.kind = Kind::kByEventType;
  selector.value = std::move(event_type);
  return selector;
}

Selector Selector::ByEventPattern(Metadata pattern) {
  Selector selector;
  selector.kind = Kind::kByEventPattern;
  selector.pattern = std::move(pattern);
  return selector;
}

Selector Selector::ByTags(std::vector<std::string> tags, TagMatch match) {
  Selector selector;
  selector.kind = Kind::kByTags;
  selector.tags = std::move(tags);
  selector.tag_match = match;
  return selector;
}

bool TagsMatch(const std::vector<std::string>& event_tags, const std::vector<std::string>& wanted,
               TagMatch mode) {
  if (wanted.empty()) return false;
  auto has = [&](const std::string& tag) {
    return std::find(event_tags.begin(), event_tags.end(), tag) != event_tags.end();
  };
  return mode == TagMatch::kAny ? std::any_of(wanted.begin(), wanted.end(), has)
                                : std::all_of(wanted.begin(), wanted.end(), has);
}

bool Selector::Matches(const Event& event) const {
  switch (kind) {
    case Kind::kAll:
      return true;
    case Kind::kByStream:
      return event.stream_id == value;
    case Kind::kByEventType:
      return event.event_type == value;
    case Kind::kByTags:
      return TagsMatch(event.tags, tags, tag_match);
    case Kind::kByEventPattern:
      for (const auto& [field, expected] : pattern) {
        if (field == "event_type") {
          if (event.event_type != expected) return false;
        } else if (field == "stream_id") {
          if (event.stream_id != expected) return false;
        } else {
          // ValidateSelector guarantees the metadata prefix.
          auto found = event.metadata.find(field.substr(kMetadataPrefix.size()));
          if (found == event.metadata.end() || found->second != expected) return false;
        }
      }
      return true;
  }
  return false;
}

std::string Selector::ToString() const {
  auto join = [](const auto& items, auto&& render) {
    std::string text;
    for (const auto& item : items) {
      if (!text.empty()) text += ",";
      text += render(item);
    }
    return text;
  };
  switch (kind) {
    case Kind::kAll:
      return "all";
    case Kind::kByStream:
      return "by_stream(" + value + ")";
    case Kind::kByEventType:
      return "by_event_type(" + value + ")";
    case Kind::kByTags:
      return "by_tags(" + join(tags, [](const std::string& tag) { return tag; }) +
             (tag_match == TagMatch::kAny ? ";any)" : ";all)");
    case Kind::kByEventPattern:
      return "by_event_pattern(" +
             join(pattern, [](const auto& entry) { return entry.first + "=" + entry.second; }) +
             ")";
  }
  return "?";
}

Status ValidateSelector(const Selector& selector) {
  if (selector.kind == Selector::Kind::kByStream) return ValidateStreamId(selector.value);
  if (selector.kind == Selector::Kind::kByEventPattern) {
    for (const auto& entry : selector.pattern) {
      const std::string& field = entry.first;
      if (field == "event_type" || field == "stream_id") continue;
      if (field.size() > kMetadataPrefix.size() && field.starts_with(kMetadataPrefix)) continue;
      return Status::InvalidArgument("by_event_pattern key '" + field +
                                     "' is not event_type, stream_id or metadata.<key>");
    }
  }
  return Status::Ok();
}

}  // namespace evsim
