#pragma once
// The scenario file as a YAML document, before any key is read: what yaml-cpp 0.7 accepts and
// a scenario must not (a second document, a key given twice, a quoted string that never closes,
// alias chains that expand without bound or into themselves, bytes that are not UTF-8), and
// the yaml-cpp bugs worked around on the way. Every error is invalid_argument naming the file
// and line. Internal to the loader (scenario.cc): these call yaml-cpp, which may throw
// YAML::Exception; the loader catches it.

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "evsim/records/result.h"

namespace evsim::sim {

// No NUL byte, and valid UTF-8.
Status CheckScenarioText(const std::string& text, const std::string& path);

// The file's one document: invalid_argument for an empty file, a second document, or text no
// document can start with.
Result<YAML::Node> LoadOneDocument(const std::string& text, const std::string& path);

// The whole document, once: bounded expansion, no alias cycle, no key twice, keys that are
// scalars, quoted strings that close.
Status CheckDocument(const YAML::Node& root, std::string_view text, const std::string& path);

}  // namespace evsim::sim
