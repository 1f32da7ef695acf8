#include "evsim/sim/random.h"

#include <xxhash.h>

#include <string>

#include "evsim/records/assert.h"

namespace evsim::sim {

Random Random::Derive(std::uint64_t seed, std::string_view name) {
  return Random(XXH3_64bits_withSeed(name.data(), name.size(), seed));
}

std::uint64_t Random::Below(std::uint64_t bound) {
  EVSIM_ASSERT(bound > 0);
  // Rejection sampling: unbiased and portable.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  std::uint64_t value = engine_();
  while (value >= limit) value = engine_();
  return value % bound;
}

std::int64_t Random::Between(std::int64_t low, std::int64_t high) {
  EVSIM_ASSERT(low <= high);
  const auto span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  if (span == UINT64_MAX) return static_cast<std::int64_t>(engine_());
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + Below(span + 1));
}

}  // namespace evsim::sim
