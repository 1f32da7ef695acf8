#pragma once
// Which events a selector or a lookup picks (SPEC 5 and 8), stated by the model on its own:
// the store's matching (records/selector.h) is one of the things the model checks.

#include <string>
#include <vector>

#include "evsim/records/event.h"
#include "evsim/records/selector.h"

namespace evsim::oracle {

// any: the event has at least one of the tags; all: it has every one. No tags: nothing.
bool HasTags(const Event& event, const std::vector<std::string>& tags, TagMatch match);

// REQUIRES: CheckSelector(selector).ok().
bool SelectorPicks(const Selector& selector, const Event& event);

}  // namespace evsim::oracle
