#pragma once
// The difference between two rendered values (an operation's result, or a whole observable
// state), for failure reports: what a reader needs is what differs, not two walls of text.
//
// A rendered value is lines, one item each (an event "s1@3 id=e4 ...", a snapshot, "stream s1
// H=3", a subscription). Lines are matched by the item they name (the first word, or the first
// two when the first is a kind: "event", "stream", "snapshot", "subscription"); the report lists
// items missing from the store, items only the store has, and for an item both have, only the
// fields that differ, old (model) and new (store) value side by side. Long field values are cut
// around their first difference, with a count of what was left out.

#include <cstddef>
#include <string>
#include <string_view>

namespace evsim::sim {

// "" when the two are equal. Otherwise lines starting with four spaces, at most `max_items`
// items, then a line counting the rest, then how many items agree.
std::string DiffRenderedValues(std::string_view store, std::string_view model,
                               std::size_t max_items = 12);

}  // namespace evsim::sim
