#include "spec/spec_fixture.h"

namespace evsim::testing {

IntegrityConfig TestIntegrity(std::uint32_t active_key_id) {
  IntegrityConfig integrity;
  integrity.enabled = true;
  integrity.keyring[1] = std::string(32, '\x01');
  integrity.keyring[7] = std::string(32, '\x07');
  integrity.active_key_id = active_key_id;
  return integrity;
}

StoreConfig IndexedConfig() {
  StoreConfig config;
  config.indexes = {IndexDeclaration::Tags(), IndexDeclaration::EventType(),
                    IndexDeclaration::MetadataKey("tenant")};
  return config;
}

StoreConfig IntegrityStoreConfig() {
  StoreConfig config = IndexedConfig();
  config.integrity = TestIntegrity();
  return config;
}

EventInput Ev(std::string id, std::string type, std::vector<std::string> tags, Metadata metadata,
              std::string data) {
  EventInput event;
  event.event_id = std::move(id);
  event.event_type = std::move(type);
  event.tags = std::move(tags);
  event.metadata = std::move(metadata);
  event.data = std::move(data);
  return event;
}

std::vector<EventInput> Batch(int count, const std::string& prefix) {
  std::vector<EventInput> events;
  for (int index = 0; index < count; ++index) events.push_back(Ev(prefix + std::to_string(index)));
  return events;
}

ScavengeOptions BeforeVersion(std::int64_t version) {
  ScavengeOptions options;
  options.before_version = version;
  options.require_snapshot = false;
  return options;
}

std::vector<std::int64_t> Versions(const std::vector<Event>& events) {
  std::vector<std::int64_t> versions;
  for (const Event& event : events) versions.push_back(event.version);
  return versions;
}

std::vector<std::string> Ids(const std::vector<Event>& events) {
  std::vector<std::string> ids;
  for (const Event& event : events) ids.push_back(event.stream_id + ":" + event.event_id);
  return ids;
}

std::int64_t SpecTest::MustAppend(const std::string& stream, std::vector<EventInput> events) {
  Result<std::int64_t> result = store().Append(stream, kExpectAny, events);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? result.value() : -100;
}

std::vector<Event> SpecTest::MustRead(const std::string& stream, std::int64_t from,
                                      std::int64_t count) {
  Result<std::vector<Event>> result = store().Read(stream, from, count, Direction::kForward);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? result.value() : std::vector<Event>{};
}

std::vector<Event> SpecTest::MustReadAll() {
  Result<std::vector<Event>> result = store().ReadGlobal(Cursor::Beginning(), 1'000'000);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? result.value() : std::vector<Event>{};
}

std::vector<Event> SpecTest::DrainDeliveries(const std::string& name) {
  std::vector<Event> all;
  for (int round = 0; round < 1'000; ++round) {
    Settle();
    Result<std::vector<Event>> taken = store().TakeDeliveries(name, 64);
    EXPECT_TRUE(taken.ok()) << taken.status().ToString();
    if (!taken.ok() || taken.value().empty()) break;
    all.insert(all.end(), taken.value().begin(), taken.value().end());
  }
  return all;
}

std::string AdapterName(const ::testing::TestParamInfo<AdapterKind>& info) {
  return info.param.name;
}

}  // namespace evsim::testing
