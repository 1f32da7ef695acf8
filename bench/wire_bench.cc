// Issue 8's performance figure, measured in one run of this binary: steps per second of the
// smoke suite through `exec:evsim serve store` against the in-process store, as a ratio
// (target: at least 0.3), with the adapter's data on tmpfs and on disk; then where the exec
// run's time goes, from counts taken during the run and unit costs measured here:
//   process starts (spawn, hello, close), pipe round trips, JSON per event, fsync.
// Run: build/release/bench/evsim_wire_bench
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "evsim/sim/scenario.h"
#include "evsim/sim/simulation.h"
#include "evsim/targets/target_registry.h"
#include "evsim/wire/child_process.h"
#include "evsim/wire/codec.h"
#include "evsim/wire/wire_client.h"

namespace evsim {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

struct SuiteFigures {
  std::int64_t steps = 0;
  std::int64_t runs = 0;
  std::int64_t crashes = 0;
  std::int64_t restarts = 0;
  std::int64_t mutations = 0;
  double seconds = 0;
  bool ok = true;
  double StepsPerSecond() const { return steps / seconds; }
};

// Every seed of every smoke scenario, as `evsim run` runs them.
SuiteFigures RunSmokeSuite(const sim::TargetFactory& target, const std::string& data_root) {
  SuiteFigures figures;
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(std::string(EVSIM_SOURCE_DIR) + "/scenarios/smoke")) {
    if (entry.path().extension() == ".yaml") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  const SteadyClock::time_point start = SteadyClock::now();
  for (const std::string& path : paths) {
    const sim::Scenario scenario = sim::LoadScenario(path).value();
    for (std::uint64_t seed : scenario.seeds) {
      sim::RunOptions options;
      options.target = &target;
      options.seed = seed;
      options.data_root = data_root;
      options.record_actions = true;  // to count the mutations
      const sim::RunResult result = sim::RunSimulation(scenario, options);
      if (!result.ok) {
        std::printf("%s seed %llu failed: %s\n", path.c_str(), static_cast<unsigned long long>(seed),
                    result.failure.c_str());
        figures.ok = false;
      }
      figures.steps += result.steps_run;
      figures.crashes += result.crashes;
      figures.restarts += result.restarts;
      ++figures.runs;
      for (const sim::Action& action : result.actions) {
        figures.mutations += sim::IsMutation(action.kind());
      }
    }
  }
  figures.seconds = SecondsSince(start);
  return figures;
}

std::string Serve(const std::string& directory) {
  return std::string(EVSIM_CLI) + " serve store --dir " + directory;
}

// Spawn, hello on an empty directory, close: one process start of the adapter.
double ProcessStartMilliseconds(const std::string& directory) {
  constexpr int kStarts = 30;
  ManualClock clock;
  const SteadyClock::time_point start = SteadyClock::now();
  for (int index = 0; index < kStarts; ++index) {
    auto process = wire::ChildProcess::Spawn(Serve(directory), 1 << 16).value();
    wire::WireClient client(*process, clock, wire::WireLimits{});
    EVSIM_ASSERT(client.Hello("", StoreConfig{}, wire::Json::object()).ok());
    EVSIM_ASSERT(client.Close().ok());
  }
  return SecondsSince(start) / kStarts * 1e3;
}

// A trivial request (version of a stream) answered by a running served store.
double RoundTripMicroseconds(const std::string& directory) {
  constexpr int kRequests = 3000;
  ManualClock clock;
  auto process = wire::ChildProcess::Spawn(Serve(directory), 1 << 16).value();
  wire::WireClient client(*process, clock, wire::WireLimits{});
  EVSIM_ASSERT(client.Hello("", StoreConfig{}, wire::Json::object()).ok());
  const SteadyClock::time_point start = SteadyClock::now();
  for (int index = 0; index < kRequests; ++index) EVSIM_ASSERT(client.Version("a").ok());
  const double seconds = SecondsSince(start);
  EVSIM_ASSERT(client.Close().ok());
  return seconds / kRequests * 1e6;
}

// Encode, dump, parse and decode a page of 512 smoke-sized events: both sides' JSON work.
double JsonMicrosecondsPerEvent() {
  std::vector<Event> events;
  for (int index = 0; index < 512; ++index) {
    Event event;
    event.event_id = "e" + std::to_string(index);
    event.event_type = "Opened";
    event.stream_id = "a-b";
    event.version = index;
    event.data = std::string(24, 'q');
    event.metadata = {{"tenant", "t1"}};
    event.tags = {"red", "blue"};
    event.epoch_us = 1'700'000'000'000'000 + index;
    event.timestamp = event.epoch_us / 1000;
    events.push_back(event);
  }
  constexpr int kPages = 40;
  const SteadyClock::time_point start = SteadyClock::now();
  for (int page = 0; page < kPages; ++page) {
    wire::Json list = wire::Json::array();
    for (const Event& event : events) list.push_back(wire::EncodeEvent(event));
    const std::string line = wire::DumpLine(wire::Json{{"events", std::move(list)}}).value();
    const wire::Json parsed = wire::ParseLine(line).value();
    std::vector<Event> decoded;
    EVSIM_ASSERT(wire::DecodeEvents(parsed["events"], "events", decoded).ok());
    EVSIM_ASSERT(decoded.size() == events.size());
  }
  return SecondsSince(start) / (kPages * events.size()) * 1e6;
}

double FsyncMicroseconds(const std::string& directory) {
  constexpr int kSyncs = 200;
  const std::string path = directory + "/fsync-probe";
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  EVSIM_ASSERT(descriptor >= 0);
  const std::string record(200, 'r');
  const SteadyClock::time_point start = SteadyClock::now();
  for (int index = 0; index < kSyncs; ++index) {
    EVSIM_ASSERT(::write(descriptor, record.data(), record.size()) == 200);
    EVSIM_ASSERT(::fdatasync(descriptor) == 0);
  }
  const double seconds = SecondsSince(start);
  ::close(descriptor);
  fs::remove(path);
  return seconds / kSyncs * 1e6;
}

std::string FreshDirectory(const fs::path& root) {
  std::string pattern = (root / "evsim-wire-bench-XXXXXX").string();
  EVSIM_ASSERT(::mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

int Main() {
  const fs::path tmpfs = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  const fs::path disk = fs::path(EVSIM_BINARY_DIR);
  const std::string tmpfs_root = FreshDirectory(tmpfs);
  const std::string disk_root = FreshDirectory(disk);
  const sim::TargetFactory store = targets::MakeTargetFactory("store").value();
  // The exec target gives each run its own data directory under the run's data root, and the
  // served store (no --dir) puts its files in it.
  const sim::TargetFactory exec_plain =
      targets::MakeTargetFactory(std::string("exec:") + EVSIM_CLI + " serve store").value();

  std::printf("== the smoke suite, every seed: in-process store against exec:evsim serve store ==\n");
  const SuiteFigures in_process = RunSmokeSuite(store, "");
  std::printf("in-process store          %6lld steps in %6.2f s: %8.0f steps/s\n",
              static_cast<long long>(in_process.steps), in_process.seconds,
              in_process.StepsPerSecond());
  wire::ProcessWireTraffic() = {};
  const SuiteFigures over_tmpfs = RunSmokeSuite(exec_plain, tmpfs_root);
  const wire::WireTraffic traffic = wire::ProcessWireTraffic();
  std::printf("exec, data on tmpfs       %6lld steps in %6.2f s: %8.0f steps/s   ratio %.2f "
              "(target >= 0.30)\n",
              static_cast<long long>(over_tmpfs.steps), over_tmpfs.seconds,
              over_tmpfs.StepsPerSecond(), over_tmpfs.StepsPerSecond() / in_process.StepsPerSecond());
  const SuiteFigures over_disk = RunSmokeSuite(exec_plain, disk_root);
  std::printf("exec, data on disk        %6lld steps in %6.2f s: %8.0f steps/s   ratio %.2f\n",
              static_cast<long long>(over_disk.steps), over_disk.seconds,
              over_disk.StepsPerSecond(), over_disk.StepsPerSecond() / in_process.StepsPerSecond());

  const double start_ms = ProcessStartMilliseconds(tmpfs_root);
  const double round_trip_us = RoundTripMicroseconds(tmpfs_root);
  const double json_us = JsonMicrosecondsPerEvent();
  const double fsync_tmpfs_us = FsyncMicroseconds(tmpfs_root);
  const double fsync_disk_us = FsyncMicroseconds(disk_root);
  const std::int64_t starts = over_tmpfs.runs + over_tmpfs.crashes + over_tmpfs.restarts;
  std::printf("\n== where the exec run's time goes (data on tmpfs: %.2f s) ==\n", over_tmpfs.seconds);
  std::printf("requests %llu, %.1f MB sent, %.1f MB received, %llu events received; "
              "%.2f s waiting for answers\n",
              static_cast<unsigned long long>(traffic.requests), traffic.bytes_sent / 1e6,
              traffic.bytes_received / 1e6, static_cast<unsigned long long>(traffic.events_received),
              traffic.seconds_waiting);
  auto share = [&](const char* what, double seconds, const char* how) {
    std::printf("  %-28s %6.2f s  %3.0f%%  %s\n", what, seconds,
                100 * seconds / over_tmpfs.seconds, how);
  };
  char how[160];
  std::snprintf(how, sizeof how, "%lld starts x %.2f ms (spawn, hello, close)",
                static_cast<long long>(starts), start_ms);
  share("process starts", starts * start_ms / 1e3, how);
  std::snprintf(how, sizeof how, "%llu requests x %.1f us (a trivial request's round trip)",
                static_cast<unsigned long long>(traffic.requests), round_trip_us);
  share("pipes (round trips)", traffic.requests * round_trip_us / 1e6, how);
  std::snprintf(how, sizeof how, "%llu events x %.2f us (encode, dump, parse, decode)",
                static_cast<unsigned long long>(traffic.events_received), json_us);
  share("JSON of events", traffic.events_received * json_us / 1e6, how);
  std::snprintf(how, sizeof how, "%lld mutations x %.1f us (fdatasync of 200 B; on disk %.0f us)",
                static_cast<long long>(over_tmpfs.mutations), fsync_tmpfs_us, fsync_disk_us);
  share("fsync", over_tmpfs.mutations * fsync_tmpfs_us / 1e6, how);
  share("the same work in process", in_process.seconds, "the in-process run's whole time");
  std::printf("on disk the fsyncs alone take %.2f s (%lld x %.0f us)\n",
              over_disk.mutations * fsync_disk_us / 1e6,
              static_cast<long long>(over_disk.mutations), fsync_disk_us);
  std::error_code ignored;
  fs::remove_all(tmpfs_root, ignored);
  fs::remove_all(disk_root, ignored);
  return in_process.ok && over_tmpfs.ok && over_disk.ok ? 0 : 1;
}

}  // namespace
}  // namespace evsim

int main() { return evsim::Main(); }
