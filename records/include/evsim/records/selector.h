#pragma once
// Subscription selectors (SPEC 8) and tag-match modes (SPEC 5).

#include <string>
#include <vector>

#include "evsim/records/event.h"
#include "evsim/records/status.h"

namespace evsim {

enum class TagMatch : std::uint8_t { kAny, kAll };

struct Selector {
  enum class Kind : std::uint8_t { kAll, kByStream, kByEventType, kByEventPattern, kByTags };

  Kind kind = Kind::kAll;
  std::string value;  // the stream id (kByStream) or the event type (kByEventType)
  // kByEventPattern: keys are "event_type", "stream_id" or "metadata.<key>"; every entry must
  // equal the event's field. An empty pattern matches every event (vacuous truth).
  Metadata pattern;
  std::vector<std::string> tags;  // kByTags; an empty list matches nothing
  TagMatch tag_match = TagMatch::kAny;

  static Selector All() { return Selector{}; }
  static Selector ByStream(std::string stream_id);
  static Selector ByEventType(std::string event_type);
  static Selector ByEventPattern(Metadata pattern);
  static Selector ByTags(std::vector<std::string> tags, TagMatch match);

  friend bool operator==(const Selector&, const Selector&) = default;

  bool Matches(const Event& event) const;
  std::string ToString() const;
};

// invalid_stream_id for a malformed by_stream id; invalid_argument for an unknown pattern key.
Status ValidateSelector(const Selector& selector);

// True when the event's tags satisfy the list under the mode; an empty list matches nothing.
bool TagsMatch(const std::vector<std::string>& event_tags, const std::vector<std::string>& wanted,
               TagMatch mode);

}  // namespace evsim
