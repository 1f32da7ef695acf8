#pragma once
// The fixture every SPEC test uses: a fresh adapter per test, of the kind the parameter names,
// plus small builders that keep the tests readable.

#include <gtest/gtest.h>

#include <memory>

#include "spec/adapter_harness.h"

namespace evsim::testing {

// An integrity configuration with keys 1 (active) and 7, no signing key.
IntegrityConfig TestIntegrity(std::uint32_t active_key_id = 1);
StoreConfig IndexedConfig();         // tags, event_type and meta:tenant declared
StoreConfig IntegrityStoreConfig();  // IndexedConfig() plus TestIntegrity()

EventInput Ev(std::string id, std::string type = "Happened", std::vector<std::string> tags = {},
              Metadata metadata = {}, std::string data = "{}");
std::vector<EventInput> Batch(int count, const std::string& prefix = "e");
// Scavenge options removing versions below `version`, without requiring a snapshot.
ScavengeOptions BeforeVersion(std::int64_t version);
std::vector<std::int64_t> Versions(const std::vector<Event>& events);
std::vector<std::string> Ids(const std::vector<Event>& events);

class SpecTest : public ::testing::TestWithParam<AdapterKind> {
 protected:
  void SetUp() override { Open(StoreConfig{}); }
  // Replaces the adapter with a fresh one under the given configuration.
  void Open(const StoreConfig& config) {
    config_ = config;
    harness_ = GetParam().make(config);
  }
  EventStoreAdapter& store() { return harness_->adapter(); }
  ManualClock& clock() { return harness_->clock(); }
  void Settle() { harness_->Settle(); }
  Status Restart() { return harness_->Restart(config_); }
  Status Restart(const StoreConfig& config) {
    config_ = config;
    return harness_->Restart(config);
  }

  // Appends with ANY and asserts success; returns the new H(s).
  std::int64_t MustAppend(const std::string& stream, std::vector<EventInput> events);
  std::vector<Event> MustRead(const std::string& stream, std::int64_t from = 0,
                              std::int64_t count = 1'000'000);
  std::vector<Event> MustReadAll();
  std::vector<Event> DrainDeliveries(const std::string& name);

  StoreConfig config_;
  std::unique_ptr<AdapterHarness> harness_;
};

std::string AdapterName(const ::testing::TestParamInfo<AdapterKind>& info);

#define EVSIM_INSTANTIATE_SPEC(Suite) \
  INSTANTIATE_TEST_SUITE_P(Adapters, Suite, ::testing::ValuesIn(AllAdapterKinds()), AdapterName)

}  // namespace evsim::testing
