#pragma once
// Sharding a suite across CI jobs: `--shard K/N` on `run` and `gate`. Every (scenario, seed)
// the unsharded command would run has a position in its order; shard K of N runs the positions
// p with p % N == K - 1. So N jobs together run exactly the unsharded command's seeds, each
// once, with the same digests (a seed's run depends only on the scenario and the seed), and the
// split is the same on every machine. Round-robin positions also spread scenarios of different
// weights over the shards.
//
// K is 1-based, as in a GitHub Actions matrix (1..N); a Kubernetes Indexed Job's
// JOB_COMPLETION_INDEX is 0-based: pass $((JOB_COMPLETION_INDEX + 1))/N.

#include <cstdint>
#include <string>
#include <string_view>

#include "evsim/records/result.h"

namespace evsim::gate {

struct Shard {
  std::uint32_t index = 1;  // K, 1..count
  std::uint32_t count = 1;  // N

  // "K/N" with 1 <= K <= N <= 10000; invalid_argument naming the text otherwise.
  static Result<Shard> Parse(std::string_view text);
  bool Owns(std::uint64_t position) const { return position % count == index - 1; }
  bool IsWhole() const { return count == 1; }
  std::string ToString() const;  // "2/4"
};

}  // namespace evsim::gate
