#pragma once
// ack(name, cursor) (SPEC 8).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Ack {
  static constexpr std::string_view kName = "ack";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kSubscriptions;
  static constexpr bool kMutation = true;

  std::string name;
  Cursor cursor;

  static Ack Generate(ClientGeneration& generation) {
    Ack ack;
    ack.name = generation.subscription();
    // Mostly what was last delivered; now and then any cursor seen, which may go back.
    const std::optional<Cursor> delivered = generation.LastDelivered(ack.name);
    ack.cursor = delivered && generation.random().Below(4) != 0 ? *delivered
                                                               : generation.PickCursor();
    return ack;
  }
  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Text("name", name));
    return ReadCursor(fields, "cursor", cursor);
  }
  void Emit(OperationWriter& writer) const {
    writer.Text("name", name);
    writer.Text("cursor", cursor.ToString());
  }
  std::string Describe() const {
    return fmt::format("ack name={} cursor={}", name, cursor.ToString());
  }
  Outcome Apply(EventStoreAdapter& adapter) const { return OutcomeOf(adapter.Ack(name, cursor)); }
  friend bool operator==(const Ack&, const Ack&) = default;
};

}  // namespace evsim::sim
