#include "in_process_targets.h"

#include "evsim/env/executor.h"
#include "evsim/model/reference_model.h"
#include "evsim/store/event_store.h"
#include "queued_store_target.h"

namespace evsim::targets {
namespace {

// The built-in store: Open recovers from the log, and says whether recovery repaired anything.
class StoreTarget final : public QueuedStoreTarget<EventStore, StoreOptions> {
 public:
  StoreTarget(const sim::TargetDescription& description, const sim::TargetEnvironment& environment,
              Mutation mutation)
      : QueuedStoreTarget(description, environment, StoreOptions{}) {
    options().segment_bytes_max = environment.tuning.segment_bytes_max;
    options().compaction_dead_bytes_min = environment.tuning.compaction_dead_bytes_min;
    options().mutation = mutation;
  }

  std::optional<bool> RecoveryRepaired() const override {
    if (!store()) return std::nullopt;
    const RecoveryReport& report = store()->recovery();
    return report.torn_tail_truncated || report.trailer_repaired;
  }

 private:
  std::string OpenReport() const override { return store()->recovery().ToString(); }
};

// The reference model as a target: lockstep with itself, which checks the harness rather than a
// store. It keeps acknowledged state in memory across a "crash" (its Reopen drops only session
// state) and delivers synchronously.
class ModelTarget final : public sim::Target {
 public:
  ModelTarget(const sim::TargetDescription& description, const sim::TargetEnvironment& environment)
      : description_(description), clock_(*environment.clock) {}

  const sim::TargetDescription& description() const override { return description_; }
  EventStoreAdapter& adapter() override {
    EVSIM_ASSERT(model_ != nullptr);
    return *model_;
  }
  Result<std::string> Open(const StoreConfig& config) override {
    if (!model_) {
      EVSIM_ASSIGN_OR_RETURN(model_, ReferenceModel::Create(clock_, config));
    } else {
      EVSIM_RETURN_IF_ERROR(model_->Reopen(config));
    }
    return std::string("reopened");
  }
  void Kill() override {}
  Status Close() override { return Status::Ok(); }
  Result<std::size_t> PendingWork() override { return std::size_t{0}; }
  Result<std::optional<std::string>> RunWork(std::uint64_t) override {
    return std::optional<std::string>();
  }

 private:
  sim::TargetDescription description_;
  Clock& clock_;
  std::unique_ptr<ReferenceModel> model_;
};

}  // namespace

sim::TargetFactory StoreTargetFactory(const std::string& spec, Mutation mutation) {
  sim::TargetFactory factory;
  factory.description.spec = spec;
  factory.description.name = "evsim store";
  factory.description.version = "1";
  factory.description.capabilities = Capabilities::All();
  factory.description.faults = {true, true, true, ".evl"};
  factory.description.background = sim::BackgroundMode::kHarness;
  factory.description.bounds_delivery_queue = true;
  factory.make = [mutation, description = factory.description](const sim::TargetEnvironment& env)
      -> Result<std::unique_ptr<sim::Target>> {
    return std::unique_ptr<sim::Target>(new StoreTarget(description, env, mutation));
  };
  return factory;
}

sim::TargetFactory ModelTargetFactory() {
  sim::TargetFactory factory;
  factory.description.spec = "model";
  factory.description.name = "evsim reference model";
  factory.description.version = "1";
  factory.description.capabilities = Capabilities::All();
  factory.description.faults = {true, true, false, ""};
  factory.description.background = sim::BackgroundMode::kAdapter;
  factory.make = [description = factory.description](const sim::TargetEnvironment& env)
      -> Result<std::unique_ptr<sim::Target>> {
    return std::unique_ptr<sim::Target>(new ModelTarget(description, env));
  };
  return factory;
}

}  // namespace evsim::targets
