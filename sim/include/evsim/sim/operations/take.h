#pragma once
// take(name, max): a subscriber consumes what the store has delivered (SPEC 8).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Take {
  static constexpr std::string_view kName = "take";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kSubscriptions;
  static constexpr bool kMutation = false;

  std::string name;
  std::int64_t max_events = 1;

  static Take Generate(ClientGeneration& generation) {
    return Take{generation.subscription(), generation.limit()};
  }
  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Text("name", name));
    return fields.Integer("max", max_events, INT64_MIN, INT64_MAX);
  }
  void Emit(OperationWriter& writer) const {
    writer.Text("name", name);
    writer.Integer("max", max_events);
  }
  std::string Describe() const { return fmt::format("take name={} max={}", name, max_events); }
  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(adapter.TakeDeliveries(name, max_events));
  }
  // Delivery is the store's background work, so the model is asked for exactly as many events
  // as the store handed out; when the store handed out none, there is nothing to compare.
  std::optional<Take> ForModel(const Outcome& store) const {
    if (!store.status.ok()) return *this;
    if (store.events.empty()) return std::nullopt;
    return Take{name, static_cast<std::int64_t>(store.events.size())};
  }
  void Remember(OperationMemory& memory, const Outcome& outcome) const {
    if (!outcome.events.empty()) memory.Delivered(name, Cursor::Of(outcome.events.back()));
  }
  friend bool operator==(const Take&, const Take&) = default;
};

}  // namespace evsim::sim
