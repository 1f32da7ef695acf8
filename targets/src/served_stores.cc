#include <filesystem>

#include "evsim/env/executor.h"
#include "evsim/env/posix_file_system.h"
#include "evsim/model/reference_model.h"
#include "evsim/sqlite/sqlite_event_store.h"
#include "evsim/store/event_store.h"
#include "evsim/targets/served_store.h"

namespace evsim::targets {
namespace {

// Where the store's files go: see served_store.h.
Result<std::string> ChooseDirectory(const std::string& override_directory,
                                    const std::string& data_directory) {
  if (override_directory.empty()) {
    if (data_directory.empty()) {
      return Status::InvalidArgument("hello names no data_dir and evsim serve has no --dir");
    }
    return data_directory;
  }
  // --dir names a place of the user's choosing: make it if it is not there yet.
  std::error_code error;
  std::filesystem::create_directories(override_directory, error);
  if (error) {
    return Status::IoError("cannot create --dir '" + override_directory + "': " + error.message());
  }
  if (data_directory.empty()) return override_directory;
  std::filesystem::path named(data_directory);
  if (!named.has_filename()) named = named.parent_path();
  return (std::filesystem::path(override_directory) / named.filename()).string();
}

std::uint64_t Hint(const wire::Json& options, const char* key, std::uint64_t fallback) {
  if (!options.is_object()) return fallback;
  auto found = options.find(key);
  if (found == options.end() || !found->is_number_unsigned()) return fallback;
  return found->get<std::uint64_t>();
}

// What the stores served on a real directory share: the harness's clock, the POSIX file system,
// background work queued for the harness, and where the files go.
template <typename Store>
class ServedOnPosix : public wire::ServedStore {
 public:
  explicit ServedOnPosix(std::string directory) : override_directory_(std::move(directory)) {}

  Capabilities capabilities() const override { return Capabilities::All(); }
  bool harness_background() const override { return true; }
  void SetNow(std::int64_t now_us) override { clock_.Set(now_us); }
  EventStoreAdapter& adapter() override { return *store_; }
  Status Close() override {
    executor_.Clear();
    store_.reset();
    return Status::Ok();
  }
  std::vector<std::string> PendingWork() override {
    std::vector<std::string> names;
    for (const WorkItem& item : executor_.items()) names.push_back(item.name);
    return names;
  }
  std::optional<std::string> RunWork(std::uint64_t pick) override {
    if (executor_.pending() == 0) return std::nullopt;
    return executor_.RunAt(pick % executor_.pending());
  }

 protected:
  Environment environment() { return Environment{&clock_, &files_, &executor_}; }

  std::string override_directory_;
  std::string directory_;
  std::unique_ptr<Store> store_;

 private:
  ManualClock clock_;
  PosixFileSystem files_;
  QueueExecutor executor_;
};

class ServedEventStore final : public ServedOnPosix<EventStore> {
 public:
  using ServedOnPosix::ServedOnPosix;

  std::string name() const override { return "evsim store"; }
  std::string version() const override { return "1"; }

  Status Open(const std::string& data_directory, const StoreConfig& config,
              const wire::Json& options) override {
    EVSIM_ASSIGN_OR_RETURN(std::string directory,
                           ChooseDirectory(override_directory_, data_directory));
    StoreOptions store_options;
    store_options.directory = directory;
    store_options.segment_bytes_max =
        Hint(options, "segment_bytes_max", store_options.segment_bytes_max);
    store_options.subscription_queue_events_max =
        Hint(options, "subscription_queue_max", store_options.subscription_queue_events_max);
    store_options.compaction_dead_bytes_min =
        Hint(options, "compaction_dead_bytes_min", store_options.compaction_dead_bytes_min);
    EVSIM_ASSIGN_OR_RETURN(store_, EventStore::Open(environment(), store_options, config));
    directory_ = directory;
    return Status::Ok();
  }
  std::string StartReport() const override {
    return "opened " + directory_ + ": " + store_->recovery().ToString();
  }
};

// The SQLite store on a real directory: the same VFS, over the POSIX file system.
class ServedSqliteStore final : public ServedOnPosix<SqliteEventStore> {
 public:
  using ServedOnPosix::ServedOnPosix;

  std::string name() const override { return "evsim sqlite store"; }
  std::string version() const override { return "1"; }

  Status Open(const std::string& data_directory, const StoreConfig& config,
              const wire::Json& options) override {
    EVSIM_ASSIGN_OR_RETURN(std::string directory,
                           ChooseDirectory(override_directory_, data_directory));
    SqliteStoreOptions store_options;
    store_options.directory = directory;
    store_options.subscription_queue_events_max =
        Hint(options, "subscription_queue_max", store_options.subscription_queue_events_max);
    EVSIM_ASSIGN_OR_RETURN(store_, SqliteEventStore::Open(environment(), store_options, config));
    directory_ = directory;
    return Status::Ok();
  }
  std::string StartReport() const override { return "opened " + directory_ + " (sqlite, wal)"; }
};

class ServedModel final : public wire::ServedStore {
 public:
  std::string name() const override { return "evsim reference model"; }
  std::string version() const override { return "1"; }
  Capabilities capabilities() const override {
    return Capabilities::All().Without(Capability::kDurability);
  }
  bool harness_background() const override { return false; }
  void SetNow(std::int64_t now_us) override { clock_.Set(now_us); }
  Status Open(const std::string&, const StoreConfig& config, const wire::Json&) override {
    EVSIM_ASSIGN_OR_RETURN(model_, ReferenceModel::Create(clock_, config));
    return Status::Ok();
  }
  std::string StartReport() const override { return "in memory, empty"; }
  EventStoreAdapter& adapter() override { return *model_; }
  Status Close() override { return Status::Ok(); }
  std::vector<std::string> PendingWork() override { return {}; }
  std::optional<std::string> RunWork(std::uint64_t) override { return std::nullopt; }

 private:
  ManualClock clock_;
  std::unique_ptr<ReferenceModel> model_;
};

}  // namespace

Result<std::unique_ptr<wire::ServedStore>> MakeServedStore(const std::string& kind,
                                                           const std::string& directory) {
  if (kind == "store") return std::unique_ptr<wire::ServedStore>(new ServedEventStore(directory));
  if (kind == "sqlite") {
    return std::unique_ptr<wire::ServedStore>(new ServedSqliteStore(directory));
  }
  if (kind == "model") return std::unique_ptr<wire::ServedStore>(new ServedModel());
  return Status::InvalidArgument("evsim serve: expected store, sqlite or model, got '" + kind +
                                 "'");
}

}  // namespace evsim::targets
