#include "evsim/model/reference_model.h"
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

}  // namespace

std::vector<AdapterKind> AllAdapterKinds() {
  return {
      {"model", [](const StoreConfig& config) { return std::make_unique<ModelHarness>(config); }},
  };
}

}  // namespace evsim::testing
