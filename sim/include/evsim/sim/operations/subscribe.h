#pragma once
// subscribe(name, selector, start) (SPEC 8).

#include <fmt/format.h>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Subscribe {
  static constexpr std::string_view kName = "subscribe";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kSubscriptions;
  static constexpr bool kMutation = true;

  std::string name;
  Selector selector;
  SubscriptionStart start;

  static Subscribe Generate(ClientGeneration& generation) {
    Random& random = generation.random();
    const std::vector<std::string>& types = generation.event_types();
    const std::vector<std::string>& tags = generation.tags();
    Subscribe subscribe;
    subscribe.name = generation.subscription();
    switch (random.Below(5)) {
      case 0:
        subscribe.selector = Selector::All();
        break;
      case 1:
        subscribe.selector = Selector::ByStream(generation.PickStream());
        break;
      case 2:
        subscribe.selector = Selector::ByEventType(types[random.Below(types.size())]);
        break;
      case 3: {
        // The match mode is drawn before the tag: the order the first version of this code
        // happened to evaluate its arguments in, which the pinned digests keep.
        const TagMatch match = random.Below(2) ? TagMatch::kAny : TagMatch::kAll;
        // With `events.tags: []` no event carries a tag: subscribe to one nobody has.
        const std::string tag = tags.empty() ? "untagged" : tags[random.Below(tags.size())];
        subscribe.selector = Selector::ByTags({tag}, match);
        break;
      }
      default:
        subscribe.selector =
            Selector::ByEventPattern({{"event_type", types[random.Below(types.size())]}});
        if (generation.wide()) {
          // Patterns over stream_id and metadata too (SPEC 8), sometimes without event_type.
          Metadata& pattern = subscribe.selector.pattern;
          if (random.Below(2) == 0) pattern["stream_id"] = generation.PickStream();
          const auto& keys = generation.metadata_keys();
          const auto& values = generation.metadata_values();
          if (!keys.empty() && !values.empty() && random.Below(2) == 0) {
            pattern["metadata." + keys[random.Below(keys.size())]] =
                values[random.Below(values.size())];
          }
          if (pattern.size() > 1 && random.Below(2) == 0) pattern.erase("event_type");
        }
    }
    if (generation.wide() && random.Below(8) == 0) {
      // Empty selectors: no tags match nothing; an empty pattern matches everything (SPEC 8).
      subscribe.selector = random.Below(2) == 0
                               ? Selector::ByTags({}, random.Below(2) ? TagMatch::kAny : TagMatch::kAll)
                               : Selector::ByEventPattern({});
    }
    const std::uint64_t start = random.Below(3);
    subscribe.start = start == 0   ? SubscriptionStart::Beginning()
                      : start == 1 ? SubscriptionStart::End()
                                   : SubscriptionStart::After(generation.PickCursor());
    return subscribe;
  }
  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Text("name", name));
    EVSIM_RETURN_IF_ERROR(fields.SelectorOf("selector", selector));
    return ReadStart(fields, "start", start);
  }
  void Emit(OperationWriter& writer) const {
    writer.Text("name", name);
    writer.SelectorOf("selector", selector);
    writer.Text("start", StartText(start));
  }
  std::string Describe() const {
    return fmt::format("subscribe name={} selector={} start={}", name, selector.ToString(),
                       StartText(start));
  }
  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(adapter.Subscribe(name, selector, start));
  }
  void Remember(OperationMemory& memory, const Outcome& outcome) const {
    if (outcome.status.ok()) memory.ForgetCheckpoint(name);
  }
  friend bool operator==(const Subscribe&, const Subscribe&) = default;
};

}  // namespace evsim::sim
