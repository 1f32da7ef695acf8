#include "evsim/gate/shard.h"

#include <charconv>

namespace evsim::gate {
namespace {

bool ParseNumber(std::string_view text, std::uint32_t& out) {
  if (text.empty() || text.size() > 5) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

Result<Shard> Shard::Parse(std::string_view text) {
  const std::size_t slash = text.find('/');
  Shard shard;
  if (slash == std::string_view::npos || !ParseNumber(text.substr(0, slash), shard.index) ||
      !ParseNumber(text.substr(slash + 1), shard.count) || shard.count == 0 ||
      shard.count > 10'000 || shard.index == 0 || shard.index > shard.count) {
    return Status::InvalidArgument("--shard: expected K/N with 1 <= K <= N <= 10000 (shard K of N, "
                                   "counted from 1), got '" + std::string(text) + "'");
  }
  return shard;
}

std::string Shard::ToString() const {
  return std::to_string(index) + "/" + std::to_string(count);
}

}  // namespace evsim::gate
