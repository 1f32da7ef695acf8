#pragma once
// Seeded randomness for the simulator. One root seed; each component forks its own stream by
// name, so adding a client does not change the disk's choices. Only integer arithmetic on
// mt19937_64 output is used: std:: distributions are not portable across standard libraries,
// and a seed must replay byte-identically on any machine.

#include <cstdint>
#include <random>
#include <string_view>

namespace evsim::sim {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // A new, independent stream derived from this one's seed and `name`.
  static Random Derive(std::uint64_t seed, std::string_view name);

  std::uint64_t Next() { return engine_(); }
  // Uniform in [0, bound). REQUIRES: bound > 0.
  std::uint64_t Below(std::uint64_t bound);
  // Uniform in [low, high]. REQUIRES: low <= high.
  std::int64_t Between(std::int64_t low, std::int64_t high);
  // True with probability parts_per_million / 1e6.
  bool Chance(std::uint32_t parts_per_million) { return Below(1'000'000) < parts_per_million; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace evsim::sim
