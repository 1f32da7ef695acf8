#include "sqlite_target.h"

#include "evsim/env/executor.h"
#include "evsim/sqlite/sqlite_event_store.h"

namespace evsim::targets {
namespace {

// Like the built-in store's target: a crash drops the queue and the connection (without a
// byte more reaching the disk: SqliteEventStore::Abandon), the simulator crashes the disk, and
// Open lets SQLite recover from its journal or WAL.
class SqliteTarget final : public sim::Target {
 public:
  SqliteTarget(const sim::TargetDescription& description,
               const sim::TargetEnvironment& environment, SqliteStoreOptions options)
      : description_(description), environment_(environment), options_(std::move(options)) {
    EVSIM_ASSERT(environment.clock != nullptr && environment.disk != nullptr);
    options_.directory = "/evsim";
    options_.subscription_queue_events_max = environment.tuning.subscription_queue_max;
  }

  const sim::TargetDescription& description() const override { return description_; }
  EventStoreAdapter& adapter() override {
    EVSIM_ASSERT(store_ != nullptr);
    return *store_;
  }
  Result<std::string> Open(const StoreConfig& config) override {
    if (!store_) {
      EVSIM_ASSIGN_OR_RETURN(
          store_, SqliteEventStore::Open(
                      Environment{environment_.clock, environment_.disk, &executor_}, options_,
                      config));
    } else {
      EVSIM_RETURN_IF_ERROR(store_->Reopen(config));
    }
    return std::string("sqlite recovered");
  }
  void Kill() override {
    executor_.Clear();
    if (store_) store_->Abandon();
  }
  Status Close() override {
    executor_.Clear();
    return Status::Ok();
  }
  Result<std::size_t> PendingWork() override { return executor_.pending(); }
  Result<std::optional<std::string>> RunWork(std::uint64_t pick) override {
    if (executor_.pending() == 0) return std::optional<std::string>();
    return std::optional<std::string>(executor_.RunAt(pick % executor_.pending()));
  }

 private:
  sim::TargetDescription description_;
  sim::TargetEnvironment environment_;
  SqliteStoreOptions options_;
  QueueExecutor executor_;
  std::unique_ptr<SqliteEventStore> store_;
};

}  // namespace

Result<sim::TargetFactory> SqliteTargetFactory(const std::string& spec) {
  SqliteStoreOptions options;
  if (spec != "sqlite") {
    const std::string settings = spec.substr(spec.find(':') + 1);
    const std::size_t dash = settings.find('-');
    if (!spec.starts_with("sqlite:") || dash == std::string::npos) {
      return Status::InvalidArgument("--adapter '" + spec +
                                     "': expected sqlite or sqlite:JOURNAL-SYNC (sqlite:wal-full)");
    }
    options.journal_mode = settings.substr(0, dash);
    options.synchronous = settings.substr(dash + 1);
  }
  sim::TargetFactory factory;
  factory.description.spec = spec;
  factory.description.name = "evsim sqlite store (journal_mode=" + options.journal_mode +
                             ", synchronous=" + options.synchronous + ")";
  factory.description.version = "1";
  factory.description.capabilities = Capabilities::All();
  // SQLite pages carry no checksum: a flipped bit in synced data goes unnoticed, so the
  // bit-flip fault (which judges detection) is not offered.
  factory.description.faults = {true, true, true, ""};
  factory.description.background = sim::BackgroundMode::kHarness;
  factory.description.bounds_delivery_queue = true;
  factory.make = [options, description = factory.description](
                     const sim::TargetEnvironment& env) -> Result<std::unique_ptr<sim::Target>> {
    return std::unique_ptr<sim::Target>(new SqliteTarget(description, env, options));
  };
  return factory;
}

}  // namespace evsim::targets
