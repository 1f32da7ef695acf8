// Issue 9's memory and load-time figures, measured in one run of this binary:
//   1. peak RSS of a 1M-step read-only run against a 10k-step one (goal: under 1.5x). The
//      store stays empty (no appends), so whatever grows is the harness's own per-step memory.
//      Each run is a child process, so that each peak is its own (wait4's rusage).
//   2. load time of an ops: scenario per 10,000 operations, at 10,000 and at 40,000
//      operations (linear loading: the two per-operation costs match), and the peak RSS of
//      loading the larger one.
// Run: build/release/bench/evsim_memory_bench [--long-steps N]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>

#include "evsim/sim/scenario.h"
#include "evsim/sim/simulation.h"
#include "evsim/targets/target_registry.h"

namespace evsim::sim {
namespace {

// Runs `work` in a child and returns its peak RSS in KiB, or -1 if it failed.
long PeakRssKib(const std::function<bool()>& work) {
  std::fflush(stdout);
  const pid_t child = ::fork();
  if (child == 0) ::_exit(work() ? 0 : 1);
  int status = 0;
  struct rusage usage {};
  if (::wait4(child, &status, 0, &usage) != child || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    return -1;
  }
  return usage.ru_maxrss;
}

constexpr const char* kReadOnly =
    "name: read-only\n"
    "streams: {count: 8}\n"
    "weights: {read: 10, read_global: 5, version: 2, list_streams: 1, lookup_tags: 2}\n";

bool RunReadOnly(std::int64_t steps) {
  Result<Scenario> scenario = ParseScenario(kReadOnly, "read-only.yaml");
  if (!scenario.ok()) return false;
  const TargetFactory store = targets::MakeTargetFactory("store").value();
  RunOptions options;
  options.target = &store;
  options.seed = 1;
  options.steps = steps;
  const RunResult result = RunSimulation(scenario.value(), options);
  if (!result.ok) std::printf("read-only run failed: %s\n", result.failure.c_str());
  return result.ok && result.steps_run == steps;
}

// An ops: scenario of `count` operations: appends, reads and acks in turn.
std::string OpsScenario(int count) {
  std::string text = "name: load\nops:\n";
  for (int index = 0; index < count; ++index) {
    const std::string stream = "s" + std::to_string(index % 50);
    switch (index % 3) {
      case 0:
        text += "  - {op: append, stream: " + stream + ", expected: any, events: [{id: e" +
                std::to_string(index) + ", type: Opened, tags: [a, b], data: '{\"n\": 1}'}]}\n";
        break;
      case 1:
        text += "  - {op: read, stream: " + stream + ", from: 0, count: 10}\n";
        break;
      default:
        text += "  - {op: lookup_tags, tags: [a], match: any, limit: 5}\n";
    }
  }
  return text;
}

double LoadSeconds(const std::string& text) {
  const auto started = std::chrono::steady_clock::now();
  Result<Scenario> parsed = ParseScenario(text, "load.yaml");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!parsed.ok()) {
    std::printf("the generated scenario does not load: %s\n", parsed.status().message().c_str());
    return -1;
  }
  return seconds;
}

int Main(int argc, char** argv) {
  std::int64_t long_steps = 1'000'000;
  for (int index = 1; index + 1 < argc; ++index) {
    if (std::strcmp(argv[index], "--long-steps") == 0) long_steps = std::stoll(argv[index + 1]);
  }
  const std::int64_t short_steps = 10'000;
  const long short_rss = PeakRssKib([&] { return RunReadOnly(short_steps); });
  const long long_rss = PeakRssKib([&] { return RunReadOnly(long_steps); });
  if (short_rss < 0 || long_rss < 0) return 1;
  std::printf("== peak RSS, read-only run on an empty store ==\n");
  std::printf("%lld steps: %ld KiB\n%lld steps: %ld KiB\n", static_cast<long long>(short_steps),
              short_rss, static_cast<long long>(long_steps), long_rss);
  std::printf("long / short peak RSS: %.2f (goal: under 1.5)\n",
              static_cast<double>(long_rss) / static_cast<double>(short_rss));

  // Peaks first, each in a child that builds its own text, before this process grows.
  const long large_rss = PeakRssKib([] { return LoadSeconds(OpsScenario(40'000)) >= 0; });
  const long text_rss = PeakRssKib([] { return !OpsScenario(40'000).empty(); });
  const std::string small = OpsScenario(10'000);
  const std::string large = OpsScenario(40'000);
  const double small_seconds = LoadSeconds(small);
  const double large_seconds = LoadSeconds(large);
  if (small_seconds < 0 || large_seconds < 0 || large_rss < 0 || text_rss < 0) return 1;
  std::printf("\n== loading an ops: scenario ==\n");
  std::printf("10,000 operations (%zu KiB of YAML): %.1f ms\n", small.size() / 1024,
              1000 * small_seconds);
  std::printf("40,000 operations (%zu KiB of YAML): %.1f ms, %.1f ms per 10,000\n",
              large.size() / 1024, 1000 * large_seconds, 1000 * large_seconds / 4);
  std::printf("per-operation cost at 40,000 / at 10,000: %.2f (1.0 = linear)\n",
              (large_seconds / 40'000) / (small_seconds / 10'000));
  std::printf("peak RSS loading 40,000 operations: %ld KiB (%ld KiB more than building the text)\n",
              large_rss, large_rss - text_rss);
  return 0;
}

}  // namespace
}  // namespace evsim::sim

int main(int argc, char** argv) { return evsim::sim::Main(argc, argv); }
