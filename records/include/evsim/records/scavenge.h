#pragma once
// Scavenge options and report (SPEC 6).

#include <cstdint>
#include <optional>
#include <string>

#include "evsim/records/status.h"

namespace evsim {

struct ScavengeOptions {
  // Exactly one of the two must be set.
  std::optional<std::int64_t> before_version;   // cutoff = before_version - 1
  std::optional<std::int64_t> before_epoch_us;  // cutoff = highest version with epoch_us <= T
  std::int64_t keep_versions = 0;               // effective cutoff <= H(s) - keep_versions
  bool require_snapshot = true;
  bool dry_run = false;
  friend bool operator==(const ScavengeOptions&, const ScavengeOptions&) = default;
};

// invalid_argument unless exactly one cutoff is set, before_version >= 0 and keep_versions >= 0.
Status ValidateScavengeOptions(const ScavengeOptions& options);

struct ScavengeReport {
  // The versions removed: [from_version, to_version], count of them. Nothing removed:
  // count 0 and both bounds -1.
  std::int64_t from_version = -1;
  std::int64_t to_version = -1;
  std::int64_t count = 0;
  bool dry_run = false;
  friend bool operator==(const ScavengeReport&, const ScavengeReport&) = default;
  std::string ToString() const;
};

}  // namespace evsim
