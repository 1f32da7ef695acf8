#pragma once
// What the in-process targets of real stores share (the built-in store, the SQLite store):
// their files on the simulated disk, their background work in a queue the simulator runs one
// item at a time, the store opened on first Open and recovered by Reopen after a Kill or Close.
// A Kill drops the queue (the process's memory); the simulator crashes the disk. Each store
// adds what it opens with, what it reports, and what else dies with its process.

#include <memory>
#include <optional>
#include <string>

#include "evsim/env/executor.h"
#include "evsim/records/assert.h"
#include "evsim/sim/target.h"

namespace evsim::targets {

template <typename Store, typename Options>
class QueuedStoreTarget : public sim::Target {
 public:
  const sim::TargetDescription& description() const override { return description_; }
  EventStoreAdapter& adapter() override {
    EVSIM_ASSERT(store_ != nullptr);
    return *store_;
  }
  Result<std::string> Open(const StoreConfig& config) override {
    if (!store_) {
      EVSIM_ASSIGN_OR_RETURN(
          store_, Store::Open(Environment{environment_.clock, environment_.disk, &executor_},
                              options_, config));
    } else {
      EVSIM_RETURN_IF_ERROR(store_->Reopen(config));
    }
    return OpenReport();
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

 protected:
  // REQUIRES: environment.clock and environment.disk are set.
  QueuedStoreTarget(const sim::TargetDescription& description,
                    const sim::TargetEnvironment& environment, Options options)
      : description_(description), environment_(environment), options_(std::move(options)) {
    EVSIM_ASSERT(environment.clock != nullptr && environment.disk != nullptr);
    options_.directory = "/evsim";
    options_.subscription_queue_events_max = environment.tuning.subscription_queue_max;
  }
  // The one-line account of what the last Open found, for the trace.
  virtual std::string OpenReport() const = 0;

  const sim::TargetEnvironment& environment() const { return environment_; }
  Options& options() { return options_; }
  const std::unique_ptr<Store>& store() const { return store_; }

 private:
  sim::TargetDescription description_;
  sim::TargetEnvironment environment_;
  Options options_;
  QueueExecutor executor_;
  std::unique_ptr<Store> store_;
};

}  // namespace evsim::targets
