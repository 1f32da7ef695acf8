#pragma once
// append(stream, expected_version, events) (SPEC 2).

#include <fmt/format.h>

#include <cstdint>
#include <iterator>
#include <utility>

#include "evsim/sim/operation_support.h"

namespace evsim::sim {

struct Append {
  static constexpr std::string_view kName = "append";
  static constexpr OperationRole kRole = OperationRole::kClient;
  static constexpr Capability kCapability = Capability::kCore;
  static constexpr bool kMutation = true;

  std::string stream;
  std::int64_t expected_version = kExpectAny;
  std::vector<EventInput> events;

  static Append Generate(ClientGeneration& generation) {
    Random& random = generation.random();
    const std::int64_t high_water = generation.high_water();
    Append append;
    append.stream = generation.stream();
    // Half the appends check nothing; the rest aim at every branch of SPEC 2.1, a few
    // deliberately wrong and one in fifty an invalid sentinel.
    const std::uint64_t mode = random.Below(100);
    append.expected_version = mode < 50   ? kExpectAny
                              : mode < 70 ? high_water
                              : mode < 80 ? kExpectNoStream
                              : mode < 90 ? kExpectStreamExists
                              : mode < 98 ? high_water + random.Between(-2, 2)
                                          : -3;
    append.events = generation.GenerateEvents();
    if (generation.wide() && random.Below(8) == 0) {
      // SPEC 2.1 at its edges: the versions beside H(s), 0, the sentinels' neighbours and the
      // ends of the range.
      const std::int64_t edges[] = {high_water + 1, high_water - 1, 0, -3, -5, INT64_MAX,
                                    INT64_MIN};
      append.expected_version = edges[random.Below(std::size(edges))];
    }
    return append;
  }

  Status Parse(OperationFields& fields) {
    EVSIM_RETURN_IF_ERROR(fields.Text("stream", stream));
    EVSIM_RETURN_IF_ERROR(ReadExpected(fields, "expected", expected_version));
    return fields.Events("events", events);
  }

  void Emit(OperationWriter& writer) const {
    writer.Text("stream", stream);
    writer.Text("expected", ExpectedText(expected_version));
    writer.Events("events", events);
  }

  std::string Describe() const {
    std::string text =
        fmt::format("append stream={} expected={} events=[", stream, ExpectedText(expected_version));
    for (std::size_t index = 0; index < events.size(); ++index) {
      const EventInput& event = events[index];
      text += fmt::format("{}{}:{}", index ? " " : "", event.event_id, event.event_type);
      if (!event.tags.empty()) text += fmt::format("#{}", fmt::join(event.tags, ","));
      for (const auto& [key, value] : event.metadata) text += fmt::format("@{}={}", key, value);
      text += fmt::format("/{}B", event.data.size());
    }
    return text + "]";
  }

  Outcome Apply(EventStoreAdapter& adapter) const {
    return OutcomeOf(adapter.Append(stream, expected_version, events));
  }

  // Simpler versions for shrinking, one change each: an event dropped (keeping one), or one
  // event's data, tags, metadata or content types cleared.
  std::vector<Append> Simpler() const {
    std::vector<Append> simpler;
    for (std::size_t index = events.size(); events.size() >= 2 && index-- > 0;) {
      Append fewer = *this;
      fewer.events.erase(fewer.events.begin() + static_cast<std::ptrdiff_t>(index));
      simpler.push_back(std::move(fewer));
    }
    for (std::size_t index = 0; index < events.size(); ++index) {
      const EventInput& event = events[index];
      auto with = [&](auto change) {
        Append changed = *this;
        change(changed.events[index]);
        simpler.push_back(std::move(changed));
      };
      if (!event.data.empty()) with([](EventInput& e) { e.data.clear(); });
      if (!event.tags.empty()) with([](EventInput& e) { e.tags.clear(); });
      if (!event.metadata.empty()) with([](EventInput& e) { e.metadata.clear(); });
      if (event.data_content_type != kDefaultContentType ||
          event.metadata_content_type != kDefaultContentType) {
        with([](EventInput& e) {
          e.data_content_type = kDefaultContentType;
          e.metadata_content_type = kDefaultContentType;
        });
      }
    }
    return simpler;
  }

  friend bool operator==(const Append&, const Append&) = default;
};

}  // namespace evsim::sim
