#include "evsim/gate/isolation.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <ostream>
#include <streambuf>

#include "evsim/sim/invariant_catalog.h"

#if defined(EVSIM_COVERAGE)
extern "C" void __gcov_dump(void);   // libgcov: write this process's coverage counters now
extern "C" void __gcov_reset(void);  // and zero them
#endif

namespace evsim::gate {
namespace {

using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kLines = 40;
constexpr std::size_t kLineBytes = 480;
constexpr std::size_t kStderrTailBytes = 16 << 10;
constexpr const char* kOutOfMemory = "evsim: the isolated run allocated past its memory bound";

// What the child leaves where its parent can read it, however it dies: the step and the action
// in flight, and the last trace lines.
struct SharedProgress {
  std::atomic<std::int64_t> step;
  std::atomic<std::int64_t> kind;  // the operation kind in flight; -1 before the first step
  std::atomic<std::uint64_t> lines_written;
  char action[kLineBytes];
  char lines[kLines][kLineBytes];
};

void CopyLine(char* into, std::string_view line) {
  const std::size_t length = std::min(line.size(), kLineBytes - 1);
  std::memcpy(into, line.data(), length);
  into[length] = '\0';
}

class ProgressObserver final : public sim::StepObserver {
 public:
  explicit ProgressObserver(SharedProgress& progress) : progress_(progress) {}
  void Starting(std::int64_t step, const sim::Action& action) override {
    CopyLine(progress_.action, action.Describe());
    progress_.kind.store(static_cast<std::int64_t>(action.kind()));
    progress_.step.store(step);
  }

 private:
  SharedProgress& progress_;
};

// A trace stream that keeps the last lines in shared memory and passes everything on to the
// caller's trace, when there is one.
class RingTraceBuffer final : public std::streambuf {
 public:
  RingTraceBuffer(SharedProgress& progress, std::streambuf* next) : progress_(progress), next_(next) {}

 protected:
  int overflow(int character) override {
    if (character == traits_type::eof()) return traits_type::not_eof(character);
    if (next_ && next_->sputc(static_cast<char>(character)) == traits_type::eof()) {
      return traits_type::eof();
    }
    if (character == '\n') {
      const std::uint64_t index = progress_.lines_written.load();
      CopyLine(progress_.lines[index % kLines], line_);
      progress_.lines_written.store(index + 1);
      line_.clear();
    } else if (line_.size() < kLineBytes) {
      line_.push_back(static_cast<char>(character));
    }
    return character;
  }
  int sync() override { return next_ ? next_->pubsync() : 0; }

 private:
  SharedProgress& progress_;
  std::streambuf* next_;
  std::string line_;
};

// By name, hits only: a parent and child are one build, but names keep the payload readable.
Json SerializeProbes(const ProbeCounts& counts) {
  Json probes = Json::object();
  for (const ProbeInfo& info : kProbeCatalog) {
    if (counts.Of(info.probe) > 0) probes[std::string(info.name)] = counts.Of(info.probe);
  }
  return probes;
}

Result<ProbeCounts> DeserializeProbes(const Json& probes) {
  ProbeCounts counts;
  for (const auto& [name, hits] : probes.items()) {
    const std::optional<Probe> probe = ProbeFromName(name);
    if (!probe) return Status::InvalidArgument("the isolated run names an unknown probe " + name);
    counts.hits[static_cast<std::size_t>(*probe)] = hits.get<std::uint64_t>();
  }
  return counts;
}

Json Serialize(const sim::Scenario& scenario, const sim::RunResult& result) {
  Json checked = Json::array();
  for (Capability capability : kAllCapabilities) {
    for (int invariant = 0; invariant < sim::kInvariantCount; ++invariant) {
      checked.push_back(result.checked.Get(capability, static_cast<sim::Invariant>(invariant)));
    }
  }
  return Json{{"ok", result.ok},
              {"failure", result.failure},
              {"capability", CapabilityName(result.violation.capability)},
              {"invariant", sim::InvariantName(result.violation.invariant)},
              {"protocol_error", result.protocol_error},
              {"diagnostics", result.diagnostics},
              {"data_directory", result.data_directory},
              {"failed_step", result.failed_step},
              {"first_divergent_step", result.first_divergent_step},
              {"steps_run", result.steps_run},
              {"crashes", result.crashes},
              {"restarts", result.restarts},
              {"io_errors", result.io_errors},
              {"corruptions_detected", result.corruptions_detected},
              {"divergence_checks", result.divergence_checks},
              {"trace_digest", result.trace_digest},
              {"header", result.header},
              {"last_trace_lines", result.last_trace_lines},
              {"acknowledged_while_unsynced", result.acknowledged_while_unsynced},
              {"checked", checked},
              {"probes", SerializeProbes(result.probes)},
              // The history travels as the ops: list it would be written as.
              {"actions", result.actions.empty()
                              ? std::string()
                              : sim::ScenarioWithOps(scenario, result.actions, "isolated run")}};
}

Result<sim::RunResult> Deserialize(const std::string& text) {
  try {
    const Json json = Json::parse(text);
    sim::RunResult result;
    result.ok = json.at("ok").get<bool>();
    result.failure = json.at("failure").get<std::string>();
    result.violation.capability =
        CapabilityFromName(json.at("capability").get<std::string>()).value_or(Capability::kCore);
    result.violation.invariant = sim::InvariantFromName(json.at("invariant").get<std::string>())
                                     .value_or(sim::Invariant::kAgreesWithModel);
    result.protocol_error = json.at("protocol_error").get<std::string>();
    result.diagnostics = json.at("diagnostics").get<std::string>();
    result.data_directory = json.at("data_directory").get<std::string>();
    for (auto [key, out] : {std::pair{"failed_step", &result.failed_step},
                            {"first_divergent_step", &result.first_divergent_step},
                            {"steps_run", &result.steps_run},
                            {"crashes", &result.crashes},
                            {"restarts", &result.restarts},
                            {"io_errors", &result.io_errors},
                            {"corruptions_detected", &result.corruptions_detected},
                            {"divergence_checks", &result.divergence_checks}}) {
      *out = json.at(key).get<std::int64_t>();
    }
    result.trace_digest = json.at("trace_digest").get<std::uint64_t>();
    result.header = json.at("header").get<std::string>();
    result.last_trace_lines = json.at("last_trace_lines").get<std::vector<std::string>>();
    result.acknowledged_while_unsynced =
        json.at("acknowledged_while_unsynced").get<std::vector<std::int64_t>>();
    const Json& checked = json.at("checked");
    std::size_t cell = 0;
    for (Capability capability : kAllCapabilities) {
      for (int invariant = 0; invariant < sim::kInvariantCount; ++invariant) {
        result.checked.Add(capability, static_cast<sim::Invariant>(invariant),
                           checked.at(cell++).get<std::int64_t>());
      }
    }
    EVSIM_ASSIGN_OR_RETURN(result.probes, DeserializeProbes(json.at("probes")));
    const std::string actions = json.at("actions").get<std::string>();
    if (!actions.empty()) {
      EVSIM_ASSIGN_OR_RETURN(sim::Scenario history, sim::ParseScenario(actions, "isolated run"));
      result.actions = std::move(history.ops);
    }
    return result;
  } catch (const Json::exception& error) {
    return Status::InvalidArgument(std::string("the isolated run's result is unreadable: ") +
                                   error.what());
  }
}

[[noreturn]] void RunChild(const sim::Scenario& scenario, const sim::RunOptions& options,
                           const IsolationLimits& limits, SharedProgress& progress, int result_fd,
                           int stderr_fd) {
#if defined(EVSIM_COVERAGE)
  __gcov_reset();  // the parent writes what it ran before the fork itself, once
#endif
  ::dup2(stderr_fd, STDERR_FILENO);
#if !defined(__SANITIZE_ADDRESS__)
  const rlimit memory{limits.memory_bytes_max, limits.memory_bytes_max};
  ::setrlimit(RLIMIT_AS, &memory);
#endif
  std::set_new_handler([] {
    ::write(STDERR_FILENO, kOutOfMemory, std::strlen(kOutOfMemory));
    std::abort();
  });
  RingTraceBuffer ring(progress, options.trace ? options.trace->rdbuf() : nullptr);
  std::ostream trace(&ring);
  ProgressObserver observer(progress);
  sim::RunOptions child = options;
  child.trace = &trace;
  child.observer = &observer;
  const sim::RunResult result = sim::RunSimulation(scenario, child);
  trace.flush();
  // A store may answer with bytes that are not UTF-8; the report keeps the rest of the text.
  const std::string payload =
      Serialize(scenario, result).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string_view left = payload;
  while (!left.empty()) {
    const ssize_t written = ::write(result_fd, left.data(), left.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) ::_exit(3);
    left.remove_prefix(static_cast<std::size_t>(written));
  }
#if defined(EVSIM_COVERAGE)
  __gcov_dump();  // _exit skips the exit handlers that would write the run's coverage
#endif
  ::_exit(0);
}

std::string DeathOf(int status, bool timed_out, const std::string& stderr_tail,
                    const IsolationLimits& limits) {
  if (timed_out) {
    return "the run did not finish within " + std::to_string(limits.time_max.count()) +
           " s (--seed-timeout): an endless loop in the store or in evsim?";
  }
  if (stderr_tail.find(kOutOfMemory) != std::string::npos) {
    return "the run allocated past its memory bound of " +
           std::to_string(limits.memory_bytes_max >> 20) + " MiB (--memory-limit)";
  }
  if (WIFSIGNALED(status)) {
    const char* name = sigabbrev_np(WTERMSIG(status));
    return "the run died of signal " + std::to_string(WTERMSIG(status)) +
           (name ? " (SIG" + std::string(name) + ")" : "") +
           ": a crash, a failed assertion or an uncaught exception";
  }
  return "the run ended with exit status " + std::to_string(WEXITSTATUS(status)) +
         " before reporting";
}

sim::RunResult DeadRun(const SharedProgress& progress, const std::string& death,
                       const std::string& stderr_tail) {
  sim::RunResult result;
  result.ok = false;
  result.failed_step = progress.step.load();
  const std::int64_t kind = progress.kind.load();
  // Attributed to the operation in flight: a store that dies instead of answering does not
  // agree with the model; one that dies in recovery does not survive the crash.
  if (kind >= 0 && sim::IsClientOperation(static_cast<sim::OperationKind>(kind))) {
    result.violation = {sim::CapabilityOf(static_cast<sim::OperationKind>(kind)),
                        sim::Invariant::kAgreesWithModel};
  } else if (kind >= 0 && sim::RoleOf(static_cast<sim::OperationKind>(kind)) ==
                              sim::OperationRole::kFault) {
    result.violation = {Capability::kDurability, sim::Invariant::kSurvivesCrash};
  }
  result.failure = death + ", in step " + std::to_string(result.failed_step) + " (" +
                   std::string(progress.action) + ")";
  const std::uint64_t written = progress.lines_written.load();
  for (std::uint64_t index = written > kLines ? written - kLines : 0; index < written; ++index) {
    result.last_trace_lines.emplace_back(progress.lines[index % kLines]);
  }
  if (!result.last_trace_lines.empty()) result.header = result.last_trace_lines.front();
  result.diagnostics = stderr_tail;
  return result;
}

}  // namespace

sim::RunResult RunIsolated(const sim::Scenario& scenario, const sim::RunOptions& options,
                           const IsolationLimits& limits) {
  std::fflush(nullptr);
  if (options.trace) options.trace->flush();
  void* memory = ::mmap(nullptr, sizeof(SharedProgress), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  EVSIM_ASSERT_MSG(memory != MAP_FAILED, "mmap of the shared progress record");
  auto* progress = new (memory) SharedProgress{};
  progress->kind.store(-1);
  int result_pipe[2], stderr_pipe[2];
  EVSIM_ASSERT(::pipe2(result_pipe, O_CLOEXEC) == 0 && ::pipe2(stderr_pipe, O_CLOEXEC) == 0);
  const pid_t child = ::fork();
  EVSIM_ASSERT_MSG(child >= 0, "fork of an isolated run");
  if (child == 0) RunChild(scenario, options, limits, *progress, result_pipe[1], stderr_pipe[1]);
  ::close(result_pipe[1]);
  ::close(stderr_pipe[1]);
  // Read both pipes until the result pipe closes or the time bound passes.
  std::string payload, errors;
  const SteadyClock::time_point deadline = SteadyClock::now() + limits.time_max;
  bool timed_out = false;
  int open = 2;
  pollfd fds[2] = {{result_pipe[0], POLLIN, 0}, {stderr_pipe[0], POLLIN, 0}};
  while (open > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    if (::poll(fds, 2, static_cast<int>(std::min<std::int64_t>(left.count(), 1000))) < 0 &&
        errno != EINTR) {
      break;
    }
    for (int index = 0; index < 2; ++index) {
      if (fds[index].fd < 0 || fds[index].revents == 0) continue;
      char buffer[1 << 16];
      const ssize_t count = ::read(fds[index].fd, buffer, sizeof buffer);
      if (count > 0) {
        std::string& into = index == 0 ? payload : errors;
        into.append(buffer, static_cast<std::size_t>(count));
        if (index == 1 && errors.size() > 2 * kStderrTailBytes) errors.erase(0, errors.size() - kStderrTailBytes);
      } else if (count == 0 || errno != EINTR) {
        ::close(fds[index].fd);
        fds[index].fd = -1;
        --open;
      }
    }
  }
  if (timed_out) ::kill(child, SIGKILL);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  for (const pollfd& fd : fds) {
    if (fd.fd >= 0) ::close(fd.fd);
  }
  if (errors.size() > kStderrTailBytes) errors.erase(0, errors.size() - kStderrTailBytes);
  sim::RunResult result;
  if (!timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    Result<sim::RunResult> read = Deserialize(payload);
    result = read.ok() ? std::move(read).value()
                       : DeadRun(*progress, read.status().message(), errors);
  } else {
    result = DeadRun(*progress, DeathOf(status, timed_out, errors, limits), errors);
  }
  progress->~SharedProgress();
  ::munmap(memory, sizeof(SharedProgress));
  return result;
}

}  // namespace evsim::gate
