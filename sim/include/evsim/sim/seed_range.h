#pragma once
// Seeds as people type them: "42" or "A..B", in YAML (`seeds:`) and on the command line
// (--seed, --seeds). One strict parser for both, so that "-1" never becomes 2^64-1, "1..2junk"
// is not "1..2" and a range can neither wrap at 2^64 nor ask for more runs than anyone meant.

#include <cstdint>
#include <string_view>
#include <vector>

#include "evsim/records/result.h"

namespace evsim::sim {

// The most seeds one range may name.
inline constexpr std::uint64_t kSeedRangeMax = 1'000'000;

// A seed: decimal digits only, 0..2^64-1. invalid_argument otherwise, saying what was wrong
// (the caller names the option or key).
Result<std::uint64_t> ParseSeed(std::string_view text);

// "A..B" with A <= B, both seeds, at most kSeedRangeMax of them: the seeds in order.
Result<std::vector<std::uint64_t>> ParseSeedRange(std::string_view text);

}  // namespace evsim::sim
