// Issue 11's benchmarks: the SQLite store (adapters/sqlite) against the built-in store, each as a
// ratio within one run of this binary (the same Google Benchmark harness as store_bench.cc):
//   1. append throughput, 100-event batches, fsync off (syncs are no-ops) and on (real fsync),
//      both stores on the same real directory through the POSIX file system
//   2. tag lookup at 0.1% selectivity on 1,000,000 events (both on the simulated disk in memory)
//   3. open/recovery time of a store holding 100,000 events on a real directory
// Run: build/release/bench/evsim_sqlite_bench   (figures and ratios are printed at the end)
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>

#include "evsim/env/executor.h"
#include "evsim/env/posix_file_system.h"
#include "evsim/sim/simulated_disk.h"
#include "evsim/sqlite/sqlite_event_store.h"
#include "evsim/store/event_store.h"

namespace evsim {
namespace {

constexpr int kLookupEvents = 1'000'000;
constexpr int kRecoveryEvents = 100'000;
constexpr int kBatch = 1'000;
constexpr int kDistinctTags = 1'000;  // one tag per event: 0.1% selectivity per tag

EventInput MakeInput(int index) {
  EventInput input;
  input.event_id = "id-" + std::to_string(index);
  input.event_type = "Deposited";
  input.data = std::string(16, static_cast<char>('a' + index % 26));
  input.tags = {"tag-" + std::to_string(index % kDistinctTags)};
  return input;
}

void Fill(EventStoreAdapter& adapter, ManualClock& clock, int events) {
  for (int start = 0; start < events; start += kBatch) {
    std::vector<EventInput> batch;
    for (int index = start; index < start + kBatch; ++index) batch.push_back(MakeInput(index));
    clock.Advance(1'000);
    if (!adapter.Append("stream-" + std::to_string(start / kBatch % 100), kExpectAny, batch).ok()) {
      std::abort();
    }
  }
}

StoreConfig TagIndexed() {
  StoreConfig config;
  config.indexes = {IndexDeclaration::Tags()};
  return config;
}

// The POSIX file system with every sync a no-op: "fsync off" for both stores alike.
class NoSyncFileSystem final : public FileSystem {
 public:
  class Appendable final : public WritableFile {
   public:
    explicit Appendable(std::unique_ptr<WritableFile> file) : file_(std::move(file)) {}
    Status Append(std::string_view bytes) override { return file_->Append(bytes); }
    Status Sync() override { return Status::Ok(); }
    std::uint64_t Size() const override { return file_->Size(); }

   private:
    std::unique_ptr<WritableFile> file_;
  };
  class Random final : public RandomAccessFile {
   public:
    explicit Random(std::unique_ptr<RandomAccessFile> file) : file_(std::move(file)) {}
    Result<std::string> Read(std::uint64_t offset, std::size_t length) override {
      return file_->Read(offset, length);
    }
    Status Write(std::uint64_t offset, std::string_view bytes) override {
      return file_->Write(offset, bytes);
    }
    Status Truncate(std::uint64_t size) override { return file_->Truncate(size); }
    Status Sync() override { return Status::Ok(); }
    Result<std::uint64_t> Size() override { return file_->Size(); }

   private:
    std::unique_ptr<RandomAccessFile> file_;
  };
  Result<std::unique_ptr<WritableFile>> OpenForAppend(const std::string& path) override {
    EVSIM_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, posix_.OpenForAppend(path));
    return std::unique_ptr<WritableFile>(new Appendable(std::move(file)));
  }
  Result<std::unique_ptr<RandomAccessFile>> OpenRandomAccess(const std::string& path,
                                                             bool create) override {
    EVSIM_ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file,
                           posix_.OpenRandomAccess(path, create));
    return std::unique_ptr<RandomAccessFile>(new Random(std::move(file)));
  }
  Result<std::string> ReadFile(const std::string& path) override { return posix_.ReadFile(path); }
  bool FileExists(const std::string& path) override { return posix_.FileExists(path); }
  Result<std::vector<std::string>> ListDirectory(const std::string& directory) override {
    return posix_.ListDirectory(directory);
  }
  Status CreateDirectory(const std::string& directory) override {
    return posix_.CreateDirectory(directory);
  }
  Status DeleteFile(const std::string& path) override { return posix_.DeleteFile(path); }
  Status RenameFile(const std::string& from, const std::string& to) override {
    return posix_.RenameFile(from, to);
  }
  Status Truncate(const std::string& path, std::uint64_t size) override {
    return posix_.Truncate(path, size);
  }
  Status SyncDirectory(const std::string&) override { return Status::Ok(); }

 private:
  PosixFileSystem posix_;
};

enum class Kind { kStore, kSqlite };

std::unique_ptr<EventStoreAdapter> OpenAdapter(Kind kind, Environment env,
                                               const std::string& directory,
                                               const StoreConfig& config) {
  if (kind == Kind::kStore) {
    StoreOptions options;
    options.directory = directory;
    auto store = EventStore::Open(env, options, config);
    if (!store.ok()) std::abort();
    return std::move(store).value();
  }
  SqliteStoreOptions options;
  options.directory = directory;
  auto store = SqliteEventStore::Open(env, options, config);
  if (!store.ok()) std::abort();
  return std::move(store).value();
}

std::string FreshDirectory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "evsim-sqlite-bench-XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) std::abort();
  return pattern;
}

void BM_Append100(benchmark::State& state, Kind kind, bool fsync) {
  const std::string directory = FreshDirectory();
  ManualClock clock;
  NoSyncFileSystem no_sync;
  PosixFileSystem posix;
  QueueExecutor executor;
  FileSystem& files = fsync ? static_cast<FileSystem&>(posix) : no_sync;
  {
    auto adapter = OpenAdapter(kind, {&clock, &files, &executor}, directory, TagIndexed());
    std::vector<EventInput> batch;
    for (int index = 0; index < 100; ++index) batch.push_back(MakeInput(index));
    int appended = 0;
    for (auto _ : state) {
      clock.Advance(1'000);
      if (!adapter->Append("stream-" + std::to_string(appended++ % 100), kExpectAny, batch).ok()) {
        std::abort();
      }
    }
    state.SetItemsProcessed(state.iterations() * 100);
  }
  std::filesystem::remove_all(directory);
}

// Both stores holding the same million events on the in-memory simulated disk, built once.
struct LookupFixture {
  ManualClock clock;
  sim::SimulatedDisk disk{sim::Random(1)};
  QueueExecutor executor;
  std::map<Kind, std::unique_ptr<EventStoreAdapter>> adapters;
  EventStoreAdapter& Get(Kind kind) {
    auto& adapter = adapters[kind];
    if (!adapter) {
      adapter = OpenAdapter(kind, {&clock, &disk, &executor},
                            kind == Kind::kStore ? "/store" : "/sqlite", TagIndexed());
      Fill(*adapter, clock, kLookupEvents);
    }
    return *adapter;
  }
};

LookupFixture& Lookups() {
  static auto* fixture = new LookupFixture;
  return *fixture;
}

void BM_TagLookup(benchmark::State& state, Kind kind) {
  EventStoreAdapter& adapter = Lookups().Get(kind);
  int tag = 0;
  for (auto _ : state) {
    auto found = adapter.LookupTags({"tag-" + std::to_string(tag++ % kDistinctTags)},
                                    TagMatch::kAny, 10'000);
    if (found.value().size() != kLookupEvents / kDistinctTags) std::abort();
    benchmark::DoNotOptimize(found);
  }
}

void BM_Open(benchmark::State& state, Kind kind) {
  const std::string directory = FreshDirectory();
  ManualClock clock;
  PosixFileSystem files;
  QueueExecutor executor;
  {
    auto adapter = OpenAdapter(kind, {&clock, &files, &executor}, directory, TagIndexed());
    Fill(*adapter, clock, kRecoveryEvents);
  }
  for (auto _ : state) {
    auto adapter = OpenAdapter(kind, {&clock, &files, &executor}, directory, TagIndexed());
    // The first read after open: SQLite opens lazily, so this is where its recovery runs.
    benchmark::DoNotOptimize(adapter->Version("stream-0").value());
  }
  std::filesystem::remove_all(directory);
}

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      seconds_[run.run_name.function_name] =
          run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
    }
    ConsoleReporter::ReportRuns(runs);
  }
  double Time(const std::string& name) const {
    auto found = seconds_.find(name);
    return found == seconds_.end() ? 0 : found->second;
  }

 private:
  std::map<std::string, double> seconds_;
};

}  // namespace
}  // namespace evsim

int main(int argc, char** argv) {
  using namespace evsim;
  for (auto [name, kind] : {std::pair{"Store", Kind::kStore}, std::pair{"Sqlite", Kind::kSqlite}}) {
    benchmark::RegisterBenchmark((std::string("Append100NoFsync") + name).c_str(),
                                 [kind = kind](benchmark::State& state) {
                                   BM_Append100(state, kind, false);
                                 })
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((std::string("Append100Fsync") + name).c_str(),
                                 [kind = kind](benchmark::State& state) {
                                   BM_Append100(state, kind, true);
                                 })
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((std::string("TagLookup1M") + name).c_str(),
                                 [kind = kind](benchmark::State& state) {
                                   BM_TagLookup(state, kind);
                                 })
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((std::string("Open100k") + name).c_str(),
                                 [kind = kind](benchmark::State& state) { BM_Open(state, kind); })
        ->Unit(benchmark::kMillisecond)
        ->Iterations(3);
  }
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  auto ratio = [&](const std::string& what) {
    const double store = reporter.Time(what + "Store");
    return store > 0 ? reporter.Time(what + "Sqlite") / store : 0.0;
  };
  std::printf("\n== sqlite / built-in store, time per operation (issue 11; > 1: sqlite slower) ==\n");
  std::printf("append, 100-event batches, fsync off: %.2f\n", ratio("Append100NoFsync"));
  std::printf("append, 100-event batches, fsync on:  %.2f\n", ratio("Append100Fsync"));
  std::printf("tag lookup, 0.1%% of 1M events:        %.2f\n", ratio("TagLookup1M"));
  std::printf("open/recovery, 100k events:           %.4f\n", ratio("Open100k"));
  return 0;
}
