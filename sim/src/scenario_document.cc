#include "scenario_document.h"

#include <nlohmann/json.hpp>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "evsim/sim/scenario.h"

namespace evsim::sim {
namespace {

// Where each document of a YAML stream starts; the parse builds no nodes.
class DocumentStarts final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Whether a line starts with a document marker ('---' or '...' alone or before a space).
bool HasDocumentMarker(std::string_view text) {
  for (std::size_t line = 0; line < text.size();) {
    const std::string_view rest = text.substr(line, 4);
    if ((rest.starts_with("---") || rest.starts_with("...")) &&
        (rest.size() == 3 || rest[3] == ' ' || rest[3] == '\t' || rest[3] == '\n' ||
         rest[3] == '\r')) {
      return true;
    }
    const std::size_t end = text.find('\n', line);
    if (end == std::string_view::npos) break;
    line = end + 1;
  }
  return false;
}

// A scenario file holds one document. Not YAML::LoadAll: in yaml-cpp 0.7 (Debian 12) it loops
// forever, allocating, on a stray flow indicator such as a leading ',' (found by
// fuzz/scenario_loader_fuzz; yaml-cpp PR #1319 fixed it upstream in 2024). The parser reports
// that case as a second document starting where the first did, so at most two are read.
Status CheckSingleDocument(const std::string& text, const std::string& path) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentStarts documents;
  while (documents.starts.size() < 2 && parser.HandleNextDocument(documents)) {
  }
  if (documents.starts.size() < 2) return Status::Ok();
  const YAML::Mark second = documents.starts[1];
  if (second.pos == documents.starts[0].pos) {
    return Status::InvalidArgument(path + ":" + std::to_string(second.line + 1) +
                                   ": malformed YAML: no document can start here (a stray ',', "
                                   "']' or '}'?)");
  }
  return Status::InvalidArgument(path + ":" + std::to_string(second.line + 1) +
                                 ": a second YAML document ('---'): a scenario file holds "
                                 "exactly one");
}

// YAML is Unicode text and yaml-cpp does not check it; names and streams reach JSON reports
// and adapters, which must get valid UTF-8. nlohmann-json's strict encoder finds the byte.
Status CheckUtf8(const std::string& text, const std::string& path) {
  try {
    (void)nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    return Status::Ok();
  } catch (const nlohmann::json::exception&) {
  }
  // The first offset at which the text stops being valid UTF-8: grow a prefix until it fails.
  std::size_t good = 0;
  for (std::size_t end = 1; end <= text.size(); ++end) {
    try {
      (void)nlohmann::json(text.substr(good, end - good))
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    } catch (const nlohmann::json::exception&) {
      if (end - good >= 4) break;  // no UTF-8 sequence is longer than 4 bytes
      continue;
    }
    good = end;
  }
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(good), '\n');
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[good]));
  return Status::InvalidArgument(path + ":" + std::to_string(line) + ": byte " + byte +
                                 " at offset " + std::to_string(good) +
                                 " is not UTF-8: a scenario is UTF-8 text");
}

// yaml-cpp ends a quoted scalar at the end of the file without complaint, so `name: "x` would
// swallow the rest of the file into the name. The scalar's mark points at its opening quote:
// look for the closing one.
bool QuoteIsClosed(const YAML::Node& scalar, std::string_view text) {
  if (scalar.Tag() != "!" || scalar.Mark().is_null()) return true;  // plain scalars
  const std::size_t open = static_cast<std::size_t>(scalar.Mark().pos);
  if (open >= text.size()) return true;
  const char quote = text[open];
  if (quote != '"' && quote != '\'') return true;  // a block scalar (| or >)
  for (std::size_t at = open + 1; at < text.size(); ++at) {
    if (quote == '"' && text[at] == '\\') {
      ++at;  // an escape: the next byte is never the closing quote
    } else if (text[at] == quote) {
      if (quote == '\'' && at + 1 < text.size() && text[at + 1] == '\'') {
        ++at;  // '' is a quote inside a single-quoted scalar
      } else {
        return true;
      }
    }
  }
  return false;
}

// How many nodes the document stands for with every alias expanded, counting each shared
// collection once and multiplying by its uses: linear in the text, so `&a [*b, *b, ...]` chains
// are measured without being walked. Collections are told apart by where they start in the
// text (an alias has its anchor's mark). Iterative, because alias chains can be deeper than any
// stack. nullopt when an alias sits inside its own anchor (yaml-cpp builds a cycle); otherwise
// the size, or something above `budget` once it is exceeded.
std::optional<std::size_t> ExpandedSize(const YAML::Node& root, std::size_t budget) {
  constexpr std::size_t kInProgress = SIZE_MAX;
  struct Frame {
    YAML::Node node;
    std::vector<YAML::Node> children;
    std::size_t next = 0;
    std::size_t size = 1;
  };
  auto frame_of = [](const YAML::Node& node) {
    Frame frame{node, {}};
    for (auto entry = node.begin(); entry != node.end(); ++entry) {
      if (node.IsSequence()) {
        frame.children.push_back(*entry);
      } else {
        frame.children.push_back(entry->first);
        frame.children.push_back(entry->second);
      }
    }
    return frame;
  };
  auto key_of = [](const YAML::Node& node) { return static_cast<std::size_t>(node.Mark().pos); };
  if (!root.IsSequence() && !root.IsMap()) return 1;
  std::map<std::size_t, std::size_t> sizes;  // by start offset: done, or kInProgress
  std::vector<Frame> stack;
  stack.push_back(frame_of(root));
  sizes[key_of(root)] = kInProgress;
  while (true) {
    Frame& top = stack.back();
    if (top.size > budget) return top.size;
    if (top.next < top.children.size()) {
      const YAML::Node child = top.children[top.next++];
      if (!child.IsSequence() && !child.IsMap()) {
        ++top.size;
        continue;
      }
      const auto found = sizes.find(key_of(child));
      if (found != sizes.end()) {
        if (found->second == kInProgress) return std::nullopt;
        top.size += found->second;
        continue;
      }
      sizes[key_of(child)] = kInProgress;
      stack.push_back(frame_of(child));
      continue;
    }
    const std::size_t size = top.size;
    sizes[key_of(top.node)] = size;
    stack.pop_back();
    if (stack.empty()) return size;
    stack.back().size += size;
  }
}

}  // namespace

Status CheckScenarioText(const std::string& text, const std::string& path) {
  if (const std::size_t nul = text.find('\0'); nul != std::string::npos) {
    const auto line =
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    return Status::InvalidArgument(path + ":" + std::to_string(line) + ": a NUL byte at offset " +
                                   std::to_string(nul) + ": a scenario is YAML text");
  }
  return CheckUtf8(text, path);
}

Result<YAML::Node> LoadOneDocument(const std::string& text, const std::string& path) {
  const YAML::Node root = YAML::Load(text);  // the first document only
  // A second document needs a marker line; without one the second parse is not needed.
  if (root.IsNull() || HasDocumentMarker(text)) {
    EVSIM_RETURN_IF_ERROR(CheckSingleDocument(text, path));
  }
  if (root.IsNull()) {
    return Status::InvalidArgument(
        path + ":1: the scenario is empty: expected a mapping with at least 'name:' "
               "(scenarios/README.md)");
  }
  return root;
}

// One pass over the whole document for what yaml-cpp accepts and a reader of the file would
// not: a key given twice in one mapping (yaml-cpp keeps one silently), a key that is itself a
// list or a mapping, and a quoted string that never closes.
Status CheckDocument(const YAML::Node& root, std::string_view text, const std::string& path) {
  auto line_of = [](const YAML::Node& node) {
    return node.Mark().is_null() ? std::string("?") : std::to_string(node.Mark().line + 1);
  };
  auto unterminated = [&](const YAML::Node& node, const std::string& key) {
    return Status::InvalidArgument(path + ":" + line_of(node) + ": key '" + key +
                                   "': a quoted string that is never closed");
  };
  const std::optional<std::size_t> expanded = ExpandedSize(root, kScenarioNodesMax);
  if (!expanded) {
    return Status::InvalidArgument(path + ":" + line_of(root) +
                                   ": an alias refers to the anchor it is inside (a cycle)");
  }
  if (*expanded > kScenarioNodesMax) {
    return Status::InvalidArgument(path + ":" + line_of(root) + ": the document expands to more than " +
                                   std::to_string(kScenarioNodesMax) +
                                   " YAML nodes (anchors and aliases?)");
  }
  std::vector<std::pair<YAML::Node, std::string>> pending = {{root, ""}};
  std::size_t visited = 0;  // a backstop: ExpandedSize bounds this walk already
  while (!pending.empty()) {
    auto [node, context] = std::move(pending.back());
    pending.pop_back();
    // Aliases share nodes, so a few lines of anchors can stand for 10^30 of them: every later
    // reader walks the expanded tree, and this walk is the one that stops it.
    if (++visited > kScenarioNodesMax) {
      return Status::InvalidArgument(
          path + ":" + line_of(node) + ": the document expands to more than " +
          std::to_string(kScenarioNodesMax) + " YAML nodes (anchors and aliases?)");
    }
    if (node.IsScalar()) {
      if (!QuoteIsClosed(node, text)) {
        return unterminated(node, context.empty() ? "" : context.substr(0, context.size() - 1));
      }
      continue;
    }
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) pending.emplace_back(item, context + "[].");
      continue;
    }
    if (!node.IsMap()) continue;
    std::set<std::string> seen;
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) {
        return Status::InvalidArgument(path + ":" + line_of(entry.first) + ": key '" + context +
                                       "?': a key must be plain text, not a list or a mapping");
      }
      const std::string key = entry.first.Scalar();
      if (!QuoteIsClosed(entry.first, text)) return unterminated(entry.first, context + key);
      if (!seen.insert(key).second) {
        return Status::InvalidArgument(path + ":" + line_of(entry.first) + ": key '" + context +
                                       key + "': given twice in the same mapping");
      }
      pending.emplace_back(entry.second, context + key + ".");
    }
  }
  return Status::Ok();
}


}  // namespace evsim::sim
