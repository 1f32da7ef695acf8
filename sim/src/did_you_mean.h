#pragma once
// "unknown key 'stpes' (did you mean 'steps'?)": the nearest of the names a reader knows, so
// that a typo in a scenario costs a glance, not a trip to the documentation.

#include <string>
#include <string_view>
#include <vector>

namespace evsim::sim {

// " (did you mean 'NAME'?)" for the known name nearest to `given` within two edits (ties go to
// the first in `known`), else " (known: A, B, ...)" when `known` is short, else "".
std::string DidYouMean(std::string_view given, const std::vector<std::string>& known);

}  // namespace evsim::sim
