#include "evsim/env/executor.h"
#include "evsim/model/reference_model.h"
#include "evsim/sim/simulated_disk.h"
#include "evsim/store/event_store.h"
#include "spec/adapter_harness.h"

namespace evsim::testing {
namespace {

class ModelHarness final : public AdapterHarness {
 public:
  explicit ModelHarness(const StoreConfig& config)
      : model_(std::move(ReferenceModel::Create(clock_, config)).value()) {}
  EventStoreAdapter& adapter() override { return *model_; }

 private:
  std::unique_ptr<ReferenceModel> model_;
};

// The built-in store over the simulated disk, with background work run on Settle().
class StoreHarness final : public AdapterHarness {
 public:
  explicit StoreHarness(const StoreConfig& config) : disk_(sim::Random(42)) {
    StoreOptions options;
    options.directory = "/store";
    options.segment_bytes_max = 1 << 20;  // small, so tests cross segment boundaries
    options.compaction_dead_bytes_min = 1 << 16;
    store_ = std::move(EventStore::Open(Environment{&clock_, &disk_, &executor_}, options, config))
                 .value();
  }
  EventStoreAdapter& adapter() override { return *store_; }
  void Settle() override { executor_.RunUntilIdle(); }
  Status Restart(const StoreConfig& config) override {
    Settle();
    executor_.Clear();
    return store_->Reopen(config);
  }

 private:
  sim::SimulatedDisk disk_;
  QueueExecutor executor_;
  std::unique_ptr<EventStore> store_;
};

}  // namespace

std::vector<AdapterKind> AllAdapterKinds() {
  return {
      {"model", [](const StoreConfig& config) { return std::make_unique<ModelHarness>(config); }},
      {"store", [](const StoreConfig& config) { return std::make_unique<StoreHarness>(config); }},
  };
}

}  // namespace evsim::testing
