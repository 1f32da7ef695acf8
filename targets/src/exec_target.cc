#include "exec_target.h"

#include <stdlib.h>

#include <filesystem>

#include "evsim/wire/child_process.h"
#include "evsim/wire/protocol.h"
#include "evsim/wire/wire_client.h"

namespace evsim::targets {
namespace {

namespace fs = std::filesystem;

wire::WireLimits LimitsOf(const ExecOptions& options) {
  return wire::WireLimits{options.request_timeout, options.startup_timeout,
                          options.line_bytes_max};
}

// A fresh directory `ROOT/NAME-XXXXXX`; ROOT is created when missing.
Result<std::string> MakeFreshDirectory(std::string root, const std::string& name) {
  std::error_code error;
  if (root.empty()) root = (fs::temp_directory_path(error) / "evsim").string();
  fs::create_directories(root, error);
  if (error) {
    return Status::IoError("cannot create the data root '" + root + "': " + error.message());
  }
  std::string pattern = root + "/" + name + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Status::IoError("cannot create a data directory under '" + root + "'");
  }
  return pattern;
}

std::string LastLines(const std::string& text, int lines_max) {
  std::size_t start = text.size();
  int lines = 0;
  while (start > 0 && lines <= lines_max) {
    start = text.rfind('\n', start - 1);
    if (start == std::string::npos) {
      start = 0;
      break;
    }
    ++lines;
  }
  return text.substr(start == 0 ? 0 : start + 1);
}

wire::Json OptionsJson(const sim::StoreTuning& tuning) {
  return wire::Json{{"segment_bytes_max", tuning.segment_bytes_max},
                    {"subscription_queue_max", tuning.subscription_queue_max},
                    {"compaction_dead_bytes_min", tuning.compaction_dead_bytes_min}};
}

class ExecTarget final : public sim::Target {
 public:
  ExecTarget(sim::TargetDescription description, std::string command, ExecOptions options,
             const sim::TargetEnvironment& environment, std::string data_directory)
      : description_(std::move(description)),
        command_(std::move(command)),
        options_(std::move(options)),
        environment_(environment),
        data_directory_(std::move(data_directory)) {}

  ~ExecTarget() override {
    StopProcess();
    if (!preserve_) {
      std::error_code ignored;
      fs::remove_all(data_directory_, ignored);
    }
  }

  const sim::TargetDescription& description() const override { return description_; }
  EventStoreAdapter& adapter() override {
    EVSIM_ASSERT(client_ != nullptr);
    return *client_;
  }

  Result<std::string> Open(const StoreConfig& config) override {
    StopProcess();
    if (violation_) return Status::IoError("the adapter broke the protocol: " + *violation_);
    Result<std::unique_ptr<wire::ChildProcess>> spawned =
        wire::ChildProcess::Spawn(command_, wire::kStderrTailBytes);
    if (!spawned.ok()) {
      violation_ = "cannot start the adapter: " + spawned.status().message();
      return spawned.status();
    }
    process_ = std::move(spawned).value();
    client_ = std::make_unique<wire::WireClient>(*process_, *environment_.clock,
                                                 LimitsOf(options_));
    ++starts_;
    Result<wire::HelloAnswer> hello =
        client_->Hello(data_directory_, config, OptionsJson(environment_.tuning));
    if (!hello.ok()) {
      NoteViolation();
      StopProcess();  // it answered hello with an error: it is not open, whatever it does next
      return hello.status();
    }
    const bool harness = description_.background == sim::BackgroundMode::kHarness;
    if (hello.value().capabilities != description_.capabilities ||
        hello.value().harness_background != harness) {
      violation_ = "start " + std::to_string(starts_) + " answered hello with capabilities " +
                   hello.value().capabilities.ToString() +
                   " and background " + (hello.value().harness_background ? "harness" : "adapter") +
                   ", but the first handshake said " + description_.capabilities.ToString() +
                   " and " + (harness ? "harness" : "adapter");
      return Status::IoError(*violation_);
    }
    return "started (process " + std::to_string(starts_) + ")";
  }

  void Kill() override {
    NoteViolation();
    StopProcess();
  }

  Status Close() override {
    if (!client_) return Status::Ok();
    Status closed = client_->Close();
    NoteViolation();
    StopProcess();
    return closed;
  }

  Result<std::size_t> PendingWork() override {
    if (description_.background != sim::BackgroundMode::kHarness) return std::size_t{0};
    Result<std::size_t> pending = client_->PendingWork();
    NoteViolation();
    return pending;
  }

  Result<std::optional<std::string>> RunWork(std::uint64_t pick) override {
    if (description_.background != sim::BackgroundMode::kHarness) {
      return std::optional<std::string>();
    }
    Result<std::optional<std::string>> ran = client_->RunWork(pick);
    NoteViolation();
    return ran;
  }

  std::optional<std::string> broken() const override {
    if (violation_) return violation_;
    if (client_ && client_->violation()) return client_->violation();
    return std::nullopt;
  }

  std::string DiagnosticsTail() const override {
    return LastLines(process_ ? process_->StderrTail() : last_stderr_, 20);
  }
  std::string data_directory() const override { return data_directory_; }
  void PreserveData() override { preserve_ = true; }

 private:
  void NoteViolation() {
    if (!violation_ && client_ && client_->violation()) violation_ = client_->violation();
  }
  void StopProcess() {
    if (process_) {
      process_->Kill();
      last_stderr_ = process_->StderrTail();
    }
    client_.reset();
    process_.reset();
  }

  sim::TargetDescription description_;
  std::string command_;
  ExecOptions options_;
  sim::TargetEnvironment environment_;
  std::string data_directory_;
  std::unique_ptr<wire::ChildProcess> process_;
  std::unique_ptr<wire::WireClient> client_;
  std::optional<std::string> violation_;
  std::string last_stderr_;
  int starts_ = 0;
  bool preserve_ = false;
};

}  // namespace

Result<sim::TargetFactory> ExecTargetFactory(const std::string& command,
                                             const ExecOptions& options) {
  const std::string spec = "exec:" + command;
  if (command.empty()) return Status::InvalidArgument("--adapter 'exec:': the command is empty");
  EVSIM_ASSIGN_OR_RETURN(std::string scratch,
                         MakeFreshDirectory(options.scratch_root, "handshake"));
  Result<std::unique_ptr<wire::ChildProcess>> spawned =
      wire::ChildProcess::Spawn(command, wire::kStderrTailBytes);
  std::error_code ignored;
  if (!spawned.ok()) {
    fs::remove_all(scratch, ignored);
    return Status::InvalidArgument("--adapter '" + spec + "': " + spawned.status().message());
  }
  std::unique_ptr<wire::ChildProcess> process = std::move(spawned).value();
  ManualClock clock;
  wire::WireClient client(*process, clock, LimitsOf(options));
  Result<wire::HelloAnswer> hello = client.Hello(scratch, StoreConfig{}, wire::Json::object());
  process->Kill();
  fs::remove_all(scratch, ignored);
  if (!hello.ok()) {
    const std::string why = client.violation() ? *client.violation() : hello.status().ToString();
    const std::string tail = LastLines(process->StderrTail(), 20);
    return Status::InvalidArgument("--adapter '" + spec + "': the handshake failed: " + why +
                                   (tail.empty() ? "" : "\n  the adapter's stderr:\n" + tail));
  }
  sim::TargetFactory factory;
  sim::TargetDescription& description = factory.description;
  description.spec = spec;
  description.name = hello.value().name;
  description.version = hello.value().version;
  description.capabilities = hello.value().capabilities;
  const bool durable = description.capabilities.Has(Capability::kDurability);
  // A kill loses nothing the operating system holds: process crashes, never power loss.
  description.faults = {durable, durable, false, ""};
  description.background = hello.value().harness_background ? sim::BackgroundMode::kHarness
                                                            : sim::BackgroundMode::kAdapter;
  factory.make = [description, command, options](const sim::TargetEnvironment& environment)
      -> Result<std::unique_ptr<sim::Target>> {
    EVSIM_ASSIGN_OR_RETURN(std::string directory,
                           MakeFreshDirectory(environment.data_root, environment.run_name));
    return std::unique_ptr<sim::Target>(
        new ExecTarget(description, command, options, environment, std::move(directory)));
  };
  return factory;
}

}  // namespace evsim::targets
