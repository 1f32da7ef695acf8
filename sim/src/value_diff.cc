#include "evsim/sim/value_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <vector>

namespace evsim::sim {
namespace {

constexpr std::size_t kValueCharsShown = 48;   // of a long field value, around its difference
constexpr std::size_t kLineCharsShown = 160;   // of a whole missing or extra item

// The non-empty pieces of `text` between separators.
std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> pieces;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) pieces.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return pieces;
}

std::vector<std::string> SplitLines(std::string_view text) { return Split(text, '\n'); }
std::vector<std::string> Words(std::string_view line) { return Split(line, ' '); }

// Which item a line is about.
std::string ItemOf(const std::string& line) {
  const std::vector<std::string> words = Words(line);
  if (words.empty()) return "";
  static const std::set<std::string> kKinds = {"event", "stream", "snapshot", "subscription"};
  if (words.size() >= 2 && kKinds.contains(words[0])) return words[0] + " " + words[1];
  return words[0];
}

std::string Cut(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  return fmt::format("{}… ({} more chars)", text.substr(0, limit), text.size() - limit);
}

// A missing or extra item in short: long hex values (data, hashes, MACs) as their first bytes and
// a length, since no other side has bytes to compare them with.
std::string Abbreviate(const std::string& line) {
  std::string shown;
  for (const std::string& word : Words(line)) {
    const std::size_t equals = word.find('=');
    std::string value = equals == std::string::npos ? "" : word.substr(equals + 1);
    const std::size_t colon = value.find(':');  // mac=KEY:HEX
    const std::string prefix = colon == std::string::npos ? "" : value.substr(0, colon + 1);
    const std::string hex = value.substr(prefix.size());
    const bool long_hex = hex.size() > 16 && hex.size() % 2 == 0 &&
                          hex.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!shown.empty()) shown += ' ';
    shown += long_hex ? fmt::format("{}={}{}…({} bytes)", word.substr(0, equals), prefix,
                                    hex.substr(0, 8), hex.size() / 2)
                      : word;
  }
  return shown;
}

// Both values, cut to a window that starts a little before their first difference.
std::pair<std::string, std::string> AroundDifference(std::string_view store,
                                                     std::string_view model) {
  if (store.size() <= kValueCharsShown && model.size() <= kValueCharsShown) {
    return {std::string(store), std::string(model)};
  }
  std::size_t first = 0;
  while (first < store.size() && first < model.size() && store[first] == model[first]) ++first;
  const std::size_t from = first > 8 ? first - 8 : 0;
  auto window = [&](std::string_view value) {
    std::string shown = from > 0 ? fmt::format("(char {}) …", from) : std::string();
    shown += Cut(value.substr(std::min(from, value.size())), kValueCharsShown);
    return shown;
  };
  return {window(store), window(model)};
}

// A field is "name=value" (the name may be m:key or t:tag); a word without '=' is its own name.
std::pair<std::string, std::string> FieldOf(const std::string& word) {
  const std::size_t equals = word.find('=');
  if (equals == std::string::npos) return {word, ""};
  return {word.substr(0, equals), word.substr(equals + 1)};
}

// The fields of one item that differ, "name: store X, model Y" each.
std::vector<std::string> FieldDifferences(const std::string& store, const std::string& model) {
  std::multimap<std::string, std::string> store_fields;
  std::multimap<std::string, std::string> model_fields;
  for (const std::string& word : Words(store)) store_fields.insert(FieldOf(word));
  for (const std::string& word : Words(model)) model_fields.insert(FieldOf(word));
  std::vector<std::string> names;
  for (const auto& [name, value] : model_fields) names.push_back(name);
  for (const auto& [name, value] : store_fields) names.push_back(name);
  std::vector<std::string> seen;
  std::vector<std::string> differences;
  for (const std::string& name : names) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    std::vector<std::string> in_store;
    std::vector<std::string> in_model;
    for (auto [it, end] = store_fields.equal_range(name); it != end; ++it) {
      in_store.push_back(it->second);
    }
    for (auto [it, end] = model_fields.equal_range(name); it != end; ++it) {
      in_model.push_back(it->second);
    }
    if (in_store == in_model) continue;
    if (in_store.size() == 1 && in_model.size() == 1) {
      const auto [shown_store, shown_model] = AroundDifference(in_store[0], in_model[0]);
      differences.push_back(
          fmt::format("{}: store {}, model {}", name, shown_store, shown_model));
    } else if (in_store.empty()) {
      differences.push_back(fmt::format("{}: only the model has it", Cut(name, kValueCharsShown)));
    } else if (in_model.empty()) {
      differences.push_back(fmt::format("{}: only the store has it", Cut(name, kValueCharsShown)));
    } else {
      differences.push_back(fmt::format("{}: store has {}, model has {}", name, in_store.size(),
                                        in_model.size()));
    }
  }
  return differences;
}

}  // namespace

std::string DiffRenderedValues(std::string_view store, std::string_view model,
                               std::size_t max_items) {
  if (store == model) return "";
  const std::vector<std::string> store_lines = SplitLines(store);
  const std::vector<std::string> model_lines = SplitLines(model);
  // Items the store has, by name, in its order (a name may repeat: paired in order).
  std::map<std::string, std::deque<std::size_t>> store_items;
  for (std::size_t index = 0; index < store_lines.size(); ++index) {
    store_items[ItemOf(store_lines[index])].push_back(index);
  }
  std::vector<bool> store_matched(store_lines.size(), false);
  std::vector<std::string> items;
  std::size_t agree = 0;
  for (const std::string& line : model_lines) {
    const std::string item = ItemOf(line);
    auto found = store_items.find(item);
    if (found == store_items.end() || found->second.empty()) {
      items.push_back("missing from the store: " + Cut(Abbreviate(line), kLineCharsShown));
      continue;
    }
    const std::size_t index = found->second.front();
    found->second.pop_front();
    store_matched[index] = true;
    if (store_lines[index] == line) {
      ++agree;
      continue;
    }
    std::string text = "differs, " + item + ":";
    for (const std::string& difference : FieldDifferences(store_lines[index], line)) {
      text += "\n        " + difference;
    }
    items.push_back(text);
  }
  for (std::size_t index = 0; index < store_lines.size(); ++index) {
    if (!store_matched[index]) {
      items.push_back("only in the store:      " +
                      Cut(Abbreviate(store_lines[index]), kLineCharsShown));
    }
  }
  if (items.empty()) {
    // The same items in another order: name where the orders part.
    std::size_t index = 0;
    while (index < store_lines.size() && index < model_lines.size() &&
           store_lines[index] == model_lines[index]) {
      ++index;
    }
    if (index < store_lines.size() && index < model_lines.size()) {
      return fmt::format("    the same {} items in another order; item {} is {} in the store, {} "
                         "in the model",
                         model_lines.size(), index + 1, ItemOf(store_lines[index]),
                         ItemOf(model_lines[index]));
    }
    return "    the same items; the texts differ only in blank lines";
  }
  std::string report;
  for (std::size_t index = 0; index < items.size() && index < max_items; ++index) {
    report += "    " + items[index] + "\n";
  }
  if (items.size() > max_items) {
    report += fmt::format("    … and {} more differences\n", items.size() - max_items);
  }
  report += fmt::format("    ({} of {} model items agree with the store's)", agree,
                        model_lines.size());
  return report;
}

}  // namespace evsim::sim
