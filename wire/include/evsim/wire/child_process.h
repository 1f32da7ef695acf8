#pragma once
// ChildProcess: an external adapter, started with posix_spawn in a process group of its own,
// with pipes on its stdin and stdout and its stderr captured. A command of plain words runs
// directly; one with any shell syntax runs as `/bin/sh -c COMMAND`.
//
// Every wait is bounded by a deadline and every buffer by a size: a child that floods,
// hangs or dies never hangs or crashes evsim. The harness ignores SIGPIPE (a write to a dead
// child is an error value, not a signal); the child gets the default dispositions back.
//
// Not thread-safe; one owner drives it.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "evsim/records/result.h"

namespace evsim::wire {

using Deadline = std::chrono::steady_clock::time_point;
inline Deadline DeadlineIn(std::chrono::milliseconds timeout) {
  return std::chrono::steady_clock::now() + timeout;
}

// Why a read or write did not complete.
enum class ChildFailure : std::uint8_t {
  kNone,
  kTimedOut,    // the deadline passed
  kExited,      // the child closed its stdout or exited (how: ExitDescription())
  kLineTooLong, // more than the bound without a newline
  kIo,          // the pipe failed otherwise
};

class ChildProcess {
 public:
  // Starts the command. io_error when it cannot be started (pipes, spawn).
  static Result<std::unique_ptr<ChildProcess>> Spawn(const std::string& command,
                                                     std::size_t stderr_tail_bytes);
  ~ChildProcess();  // kills the process group if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Writes `line` and a newline. Ok, or a status whose message says why; failure() says what.
  Status WriteLine(std::string_view line, Deadline deadline);
  // The next line without its newline, at most `line_bytes_max` bytes.
  Result<std::string> ReadLine(Deadline deadline, std::uint64_t line_bytes_max);
  ChildFailure failure() const { return failure_; }

  // SIGKILL to the whole process group; reaps the child. Idempotent.
  void Kill();
  // Waits for the child to exit on its own (after `close`): ok when it exited with status 0.
  Status WaitForExit(Deadline deadline);
  bool running() const { return running_; }
  // "exited with status 3", "killed by signal 11 (SIGSEGV)", or "running".
  std::string ExitDescription() const;

  // The last bytes the child wrote to stderr, as lines.
  std::string StderrTail() const { return stderr_tail_; }
  pid_t pid() const { return pid_; }

 private:
  ChildProcess() = default;
  // Waits until `descriptor` is ready for `events` (or the deadline); drains stderr meanwhile.
  // False on timeout.
  bool WaitFor(int descriptor, short events, Deadline deadline);
  void DrainStderr();
  // Reaps the child if it has exited, without blocking; true when it has.
  bool TryReap();
  void ReapWithin(Deadline deadline);

  pid_t pid_ = -1;
  bool running_ = false;
  int exit_status_ = 0;  // waitpid's status word, once reaped
  int stdin_ = -1;
  int stdout_ = -1;
  int stderr_ = -1;
  std::string read_buffer_;  // bytes read from stdout past the last line returned
  std::string stderr_tail_;
  std::size_t stderr_tail_bytes_ = 0;
  ChildFailure failure_ = ChildFailure::kNone;
};

}  // namespace evsim::wire
