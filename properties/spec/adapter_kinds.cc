#include <stdlib.h>

#include <filesystem>

#include "evsim/env/executor.h"
#include "evsim/model/reference_model.h"
#include "evsim/sim/simulated_disk.h"
#include "evsim/sqlite/sqlite_event_store.h"
#include "evsim/store/event_store.h"
#include "evsim/wire/wire_client.h"
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

// A store over the simulated disk, with background work run on Settle(): the built-in store and
// the SQLite store (through its FileSystem VFS).
template <typename Store, typename Options>
class QueuedStoreHarness final : public AdapterHarness {
 public:
  QueuedStoreHarness(const StoreConfig& config, const Options& options)
      : disk_(sim::Random(42)) {
    store_ = std::move(Store::Open(Environment{&clock_, &disk_, &executor_}, options, config))
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
  std::unique_ptr<Store> store_;
};

StoreOptions TestStoreOptions() {
  StoreOptions options;
  options.directory = "/store";
  options.segment_bytes_max = 1 << 20;  // small, so tests cross segment boundaries
  options.compaction_dead_bytes_min = 1 << 16;
  return options;
}

SqliteStoreOptions TestSqliteOptions() {
  SqliteStoreOptions options;
  options.directory = "/sqlite";
  return options;
}

// The built-in store in another process, over the wire protocol (`evsim serve store` on a
// fresh temporary directory): every operation and every field of every record crosses the
// protocol's codec both ways, so the SPEC tests check the protocol end to end.
class WireHarness final : public AdapterHarness {
 public:
  explicit WireHarness(const StoreConfig& config) {
    std::string pattern = (std::filesystem::temp_directory_path() / "evsim-spec-XXXXXX").string();
    EVSIM_ASSERT(::mkdtemp(pattern.data()) != nullptr);
    directory_ = pattern;
    EVSIM_ASSERT(Start(config).ok());
  }
  ~WireHarness() override {
    client_.reset();
    process_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
  EventStoreAdapter& adapter() override { return *client_; }
  void Settle() override {
    if (!open_) return;
    for (int item = 0; item < 100'000; ++item) {
      Result<std::size_t> pending = client_->PendingWork();
      EVSIM_ASSERT_MSG(pending.ok(), pending.status().ToString().c_str());
      if (pending.value() == 0) return;
      EVSIM_ASSERT(client_->RunWork(0).ok());
    }
  }
  // Like the in-process store's Reopen: after a refused configuration the store stays closed
  // until a restart with an acceptable one.
  Status Restart(const StoreConfig& config) override {
    Settle();
    if (open_) EVSIM_RETURN_IF_ERROR(client_->Close());
    return Start(config);
  }

 private:
  Status Start(const StoreConfig& config) {
    client_.reset();
    process_ = wire::ChildProcess::Spawn(std::string(EVSIM_CLI) + " serve store", 1 << 16).value();
    // The SPEC tests send 17 MiB batches; in a sanitizer build on a busy machine one such
    // request takes more than the default 10 s. Timeouts have their own tests (gate/).
    wire::WireLimits limits;
    limits.request_timeout = std::chrono::minutes(2);
    client_ = std::make_unique<wire::WireClient>(*process_, clock_, limits);
    Result<wire::HelloAnswer> hello = client_->Hello(directory_, config, wire::Json::object());
    EVSIM_ASSERT_MSG(!client_->violation(), client_->violation()->c_str());
    open_ = hello.ok();
    return hello.status();
  }

  std::string directory_;
  bool open_ = false;
  std::unique_ptr<wire::ChildProcess> process_;
  std::unique_ptr<wire::WireClient> client_;
};

}  // namespace

std::vector<AdapterKind> AllAdapterKinds() {
  return {
      {"model", [](const StoreConfig& config) { return std::make_unique<ModelHarness>(config); }},
      {"store",
       [](const StoreConfig& config) {
         return std::make_unique<QueuedStoreHarness<EventStore, StoreOptions>>(config,
                                                                                TestStoreOptions());
       }},
      {"sqlite",
       [](const StoreConfig& config) {
         return std::make_unique<QueuedStoreHarness<SqliteEventStore, SqliteStoreOptions>>(
             config, TestSqliteOptions());
       }},
      {"wire", [](const StoreConfig& config) { return std::make_unique<WireHarness>(config); }},
  };
}

}  // namespace evsim::testing
