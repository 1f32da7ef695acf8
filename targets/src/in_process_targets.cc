#include "in_process_targets.h"

#include "evsim/env/executor.h"
#include "evsim/model/reference_model.h"
#include "evsim/store/event_store.h"

namespace evsim::targets {
namespace {

// The built-in store: its files on the simulated disk, its background work in a queue the
// simulator runs one item at a time. A crash drops the queue (the process's memory); the
// simulator crashes the disk; Open recovers from the log.
class StoreTarget final : public sim::Target {
 public:
  StoreTarget(const sim::TargetDescription& description, const sim::TargetEnvironment& environment,
              Mutation mutation)
      : description_(description), environment_(environment) {
    EVSIM_ASSERT(environment.clock != nullptr && environment.disk != nullptr);
    options_.directory = "/evsim";
    options_.segment_bytes_max = environment.tuning.segment_bytes_max;
    options_.subscription_queue_events_max = environment.tuning.subscription_queue_max;
    options_.compaction_dead_bytes_min = environment.tuning.compaction_dead_bytes_min;
    options_.mutation = mutation;
  }

  const sim::TargetDescription& description() const override { return description_; }
  EventStoreAdapter& adapter() override {
    EVSIM_ASSERT(store_ != nullptr);
    return *store_;
  }

  Result<std::string> Open(const StoreConfig& config) override {
    if (!store_) {
      EVSIM_ASSIGN_OR_RETURN(
          store_, EventStore::Open(Environment{environment_.clock, environment_.disk, &executor_},
                                   options_, config));
    } else {
      EVSIM_RETURN_IF_ERROR(store_->Reopen(config));
    }
    return store_->recovery().ToString();
  }
  void Kill() override { executor_.Clear(); }
  Status Close() override {
    executor_.Clear();
    return Status::Ok();
  }
  Result<std::size_t> PendingWork() override { return executor_.pending(); }
  Result<std::optional<std::string>> RunWork(std::uint64_t pick) override {
    if (executor_.pending() == 0) return std::optional<std::string>();
    return std::optional<std::string>(executor_.RunAt(pick % executor_.pending()));
  }
  std::optional<bool> RecoveryRepaired() const override {
    if (!store_) return std::nullopt;
    const RecoveryReport& report = store_->recovery();
    return report.torn_tail_truncated || report.trailer_repaired;
  }

 private:
  sim::TargetDescription description_;
  sim::TargetEnvironment environment_;
  StoreOptions options_;
  QueueExecutor executor_;
  std::unique_ptr<EventStore> store_;
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
