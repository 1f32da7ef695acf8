#include "evsim/sim/seed_range.h"

#include <charconv>
#include <string>

namespace evsim::sim {

Result<std::uint64_t> ParseSeed(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("expected a seed (0..18446744073709551615), got nothing");
  if (text.front() == '-') {
    return Status::InvalidArgument("a seed cannot be negative (0..18446744073709551615), got '" +
                                   std::string(text) + "'");
  }
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (error == std::errc::result_out_of_range) {
    return Status::InvalidArgument("a seed is at most 18446744073709551615, got '" +
                                   std::string(text) + "'");
  }
  if (error != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument("expected a seed of decimal digits, got '" + std::string(text) +
                                   "'");
  }
  return seed;
}

Result<std::vector<std::uint64_t>> ParseSeedRange(std::string_view text) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    return Status::InvalidArgument("expected A..B, got '" + std::string(text) + "'");
  }
  Result<std::uint64_t> first = ParseSeed(text.substr(0, dots));
  if (!first.ok()) return first.status();
  Result<std::uint64_t> last = ParseSeed(text.substr(dots + 2));
  if (!last.ok()) return last.status();
  if (last.value() < first.value()) {
    return Status::InvalidArgument("'" + std::string(text) + "' ends before it starts (A..B needs A <= B)");
  }
  if (last.value() - first.value() >= kSeedRangeMax) {
    return Status::InvalidArgument("'" + std::string(text) + "' names more than " +
                                   std::to_string(kSeedRangeMax) + " seeds");
  }
  std::vector<std::uint64_t> seeds;
  const std::uint64_t count = last.value() - first.value() + 1;
  seeds.reserve(count);
  // Counting, not comparing with `last`: a range ending at 2^64-1 must not wrap.
  for (std::uint64_t i = 0; i < count; ++i) seeds.push_back(first.value() + i);
  return seeds;
}

}  // namespace evsim::sim
