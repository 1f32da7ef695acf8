#pragma once
// read(stream, from, count, direction) (SPEC 3).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Read {
  static constexpr std::string_view kName = "read";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kCore;
  static constexpr bool kMutation = false;

  std::string stream;
  std::int64_t from = 0;
  std::int64_t count = 1;
  Direction direction = Direction::kForward;

  static Read Generate(ClientGeneration& generation) {
    Random& random = generation.random();
    Read read;
    read.stream = generation.stream();
    read.from = random.Between(0, std::max<std::int64_t>(0, generation.high_water() + 2));
    read.count = random.Chance(20'000) ? 0 : random.Between(1, 10);  // now and then invalid
    read.direction = random.Below(2) ? Direction::kForward : Direction::kBackward;
    return read;
  }

  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Text("stream", stream));
    EVSIM_RETURN_IF_ERROR(fields.Integer("from", from, INT64_MIN, INT64_MAX));
    EVSIM_RETURN_IF_ERROR(fields.Integer("count", count, INT64_MIN, INT64_MAX));
    return ReadDirection(fields, "direction", direction);
  }

  void Emit(OperationWriter& writer) const {
    writer.Text("stream", stream);
    writer.Integer("from", from);
    writer.Integer("count", count);
    writer.Text("direction", direction == Direction::kForward ? "forward" : "backward");
  }

  std::string Describe() const {
    return fmt::format("read stream={} from={} count={} {}", stream, from, count,
                       direction == Direction::kForward ? "forward" : "backward");
  }

  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(adapter.Read(stream, from, count, direction));
  }

  friend bool operator==(const Read&, const Read&) = default;
};

}  // namespace evsim::sim
