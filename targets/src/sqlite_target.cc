#include "sqlite_target.h"

#include "evsim/sqlite/sqlite_event_store.h"
#include "queued_store_target.h"

namespace evsim::targets {
namespace {

// Like the built-in store's target (queued_store_target.h); a crash also drops the connection,
// without a byte more reaching the disk (SqliteEventStore::Abandon), and Open lets SQLite
// recover from its journal or WAL.
class SqliteTarget final : public QueuedStoreTarget<SqliteEventStore, SqliteStoreOptions> {
 public:
  SqliteTarget(const sim::TargetDescription& description,
               const sim::TargetEnvironment& environment, SqliteStoreOptions options)
      : QueuedStoreTarget(description, environment, std::move(options)) {}

  void Kill() override {
    QueuedStoreTarget::Kill();
    if (store()) store()->Abandon();
  }

 private:
  std::string OpenReport() const override { return "sqlite recovered"; }
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
