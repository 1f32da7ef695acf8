#include "evsim/probes/probe_table.h"

#include <cstdio>

namespace evsim {

std::string FormatProbeTable(const ProbeCounts& counts) {
  constexpr int kNameWidth = 32;
  constexpr int kFileWidth = 30;
  std::string table;
  char line[512];
  std::snprintf(line, sizeof line, "%-*s %10s  %-*s %s\n", kNameWidth, "probe", "hits", kFileWidth,
                "file", "meaning");
  table += line;
  std::size_t hit = 0;
  std::string never;
  for (const ProbeInfo& info : kProbeCatalog) {
    const std::uint64_t hits = counts.Of(info.probe);
    std::snprintf(line, sizeof line, "%-*.*s %10llu  %-*.*s %.*s\n", kNameWidth,
                  static_cast<int>(info.name.size()), info.name.data(),
                  static_cast<unsigned long long>(hits), kFileWidth,
                  static_cast<int>(info.file.size()), info.file.data(),
                  static_cast<int>(info.meaning.size()), info.meaning.data());
    table += line;
    if (hits > 0) {
      ++hit;
    } else {
      never += (never.empty() ? "" : ", ") + std::string(info.name);
    }
  }
  table += "probes: " + std::to_string(kProbeCount) + ", hit: " + std::to_string(hit) +
           ", never hit: " + std::to_string(kProbeCount - hit);
  if (!never.empty()) table += " (" + never + ")";
  table += "\n";
  return table;
}

}  // namespace evsim
