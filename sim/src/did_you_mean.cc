#include "did_you_mean.h"

#include <algorithm>

namespace evsim::sim {
namespace {

// Levenshtein distance: insertions, deletions and substitutions, one row at a time.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string DidYouMean(std::string_view given, const std::vector<std::string>& known) {
  constexpr std::size_t kEditsMax = 2;
  constexpr std::size_t kListMax = 30;
  const std::string* nearest = nullptr;
  std::size_t best = kEditsMax + 1;
  for (const std::string& name : known) {
    const std::size_t distance = EditDistance(given, name);
    if (distance < best) {
      best = distance;
      nearest = &name;
    }
  }
  if (nearest != nullptr) return " (did you mean '" + *nearest + "'?)";
  if (known.empty() || known.size() > kListMax) return "";
  std::string list;
  for (const std::string& name : known) list += (list.empty() ? "" : ", ") + name;
  return " (known: " + list + ")";
}

}  // namespace evsim::sim
