#include "evsim/wire/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>
#include <vector>

extern char** environ;

namespace evsim::wire {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

Status Errno(const std::string& what) {
  return Status::IoError(what + ": " + std::strerror(errno));
}

int MillisecondsUntil(Deadline deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now());
  if (left.count() <= 0) return 0;
  return static_cast<int>(std::min<std::int64_t>(left.count(), 60'000));
}

void SetNonBlocking(int descriptor) {
  const int flags = ::fcntl(descriptor, F_GETFL);
  ::fcntl(descriptor, F_SETFL, flags | O_NONBLOCK);
}

void CloseQuietly(int& descriptor) {
  if (descriptor >= 0) ::close(descriptor);
  descriptor = -1;
}

// A write to a child that died must come back as EPIPE, not kill evsim.
void IgnoreSigpipeOnce() {
  static const bool ignored = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)ignored;
}

// The spawned child starts with default signal dispositions (ignored signals would otherwise
// be inherited through exec) and an empty mask, in a new process group.
Status PrepareAttributes(posix_spawnattr_t& attributes) {
  if (posix_spawnattr_init(&attributes) != 0) return Errno("posix_spawnattr_init");
  sigset_t defaults;
  sigset_t empty;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigemptyset(&empty);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setsigmask(&attributes, &empty);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  return Status::Ok();
}

// A command of plain words (no quotes, variables, redirections or other shell syntax, and no
// VAR=value prefix) runs directly: one exec instead of two, which is a few milliseconds per
// start on this kind of machine. Anything else runs under /bin/sh -c.
std::vector<std::string> PlainWords(const std::string& command) {
  static constexpr std::string_view kPlain =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _./:=@,+%-";
  if (command.find_first_not_of(kPlain) != std::string::npos) return {};
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < command.size()) {
    const std::size_t end = std::min(command.find(' ', start), command.size());
    if (end > start) words.push_back(command.substr(start, end - start));
    start = end + 1;
  }
  if (words.empty() || words.front().find('=') != std::string::npos) return {};
  return words;
}

}  // namespace

Result<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(const std::string& command,
                                                          std::size_t stderr_tail_bytes) {
  IgnoreSigpipeOnce();
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return Errno("pipe");
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return Errno("pipe");
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    for (int descriptor : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) ::close(descriptor);
    return Errno("pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawnattr_t attributes;
  Status prepared = PrepareAttributes(attributes);
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->stderr_tail_bytes_ = stderr_tail_bytes;
  int spawned = -1;
  if (prepared.ok()) {
    std::vector<std::string> words = PlainWords(command);
    if (words.empty()) words = {"/bin/sh", "-c", command};
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    spawned = posix_spawnp(&child->pid_, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
  }
  posix_spawn_file_actions_destroy(&actions);
  for (int descriptor : {in_pipe[0], out_pipe[1], err_pipe[1]}) ::close(descriptor);
  child->stdin_ = in_pipe[1];
  child->stdout_ = out_pipe[0];
  child->stderr_ = err_pipe[0];
  if (!prepared.ok()) return prepared;
  if (spawned != 0) {
    errno = spawned;
    return Errno("cannot start '" + command + "'");
  }
  child->running_ = true;
  for (int descriptor : {child->stdin_, child->stdout_, child->stderr_}) SetNonBlocking(descriptor);
  return child;
}

ChildProcess::~ChildProcess() {
  Kill();
  CloseQuietly(stdin_);
  CloseQuietly(stdout_);
  CloseQuietly(stderr_);
}

void ChildProcess::DrainStderr() {
  if (stderr_ < 0) return;
  char buffer[4096];
  while (true) {
    const ssize_t count = ::read(stderr_, buffer, sizeof buffer);
    if (count > 0) {
      stderr_tail_.append(buffer, static_cast<std::size_t>(count));
      continue;
    }
    if (count == 0) CloseQuietly(stderr_);  // the child closed it
    break;                                  // EAGAIN: nothing more for now
  }
  if (stderr_tail_.size() > stderr_tail_bytes_) {
    stderr_tail_.erase(0, stderr_tail_.size() - stderr_tail_bytes_);
  }
}

bool ChildProcess::WaitFor(int descriptor, short events, Deadline deadline) {
  while (true) {
    pollfd fds[2] = {{descriptor, events, 0}, {stderr_, POLLIN, 0}};
    const nfds_t count = stderr_ >= 0 ? 2 : 1;
    const int ready = ::poll(fds, count, MillisecondsUntil(deadline));
    if (ready < 0 && errno != EINTR) return true;  // let the read or write report the error
    if (count == 2 && fds[1].revents != 0) DrainStderr();
    if (fds[0].revents != 0) return true;
    if (steady_clock::now() >= deadline) return false;
  }
}

Status ChildProcess::WriteLine(std::string_view line, Deadline deadline) {
  failure_ = ChildFailure::kNone;
  std::string framed(line);
  framed.push_back('\n');
  std::string_view left = framed;
  while (!left.empty()) {
    if (!WaitFor(stdin_, POLLOUT, deadline)) {
      failure_ = ChildFailure::kTimedOut;
      return Status::IoError("the adapter did not read its input in time");
    }
    const ssize_t written = ::write(stdin_, left.data(), left.size());
    if (written < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      failure_ = errno == EPIPE ? ChildFailure::kExited : ChildFailure::kIo;
      if (failure_ == ChildFailure::kExited) ReapWithin(DeadlineIn(milliseconds(1000)));
      return Errno("writing to the adapter");
    }
    left.remove_prefix(static_cast<std::size_t>(written));
  }
  return Status::Ok();
}

Result<std::string> ChildProcess::ReadLine(Deadline deadline, std::uint64_t line_bytes_max) {
  failure_ = ChildFailure::kNone;
  std::size_t scanned = 0;
  while (true) {
    const std::size_t newline = read_buffer_.find('\n', scanned);
    if (newline != std::string::npos) {
      std::string line = read_buffer_.substr(0, newline);
      read_buffer_.erase(0, newline + 1);
      if (line.size() > line_bytes_max) break;
      return line;
    }
    scanned = read_buffer_.size();
    if (read_buffer_.size() > line_bytes_max) break;
    if (!WaitFor(stdout_, POLLIN, deadline)) {
      failure_ = ChildFailure::kTimedOut;
      return Status::IoError("no answer in time");
    }
    char buffer[1 << 16];
    const ssize_t count = ::read(stdout_, buffer, sizeof buffer);
    if (count > 0) {
      read_buffer_.append(buffer, static_cast<std::size_t>(count));
      continue;
    }
    if (count < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    failure_ = count == 0 ? ChildFailure::kExited : ChildFailure::kIo;
    ReapWithin(DeadlineIn(milliseconds(1000)));
    DrainStderr();
    return Status::IoError(count == 0 ? "the adapter closed its output (" + ExitDescription() + ")"
                                      : std::string("reading from the adapter: ") +
                                            std::strerror(errno));
  }
  failure_ = ChildFailure::kLineTooLong;
  read_buffer_.clear();
  return Status::IoError("a line longer than " + std::to_string(line_bytes_max) + " bytes");
}

bool ChildProcess::TryReap() {
  if (!running_) return true;
  // Look without reaping: while the child is a zombie its process group id cannot be reused,
  // so the group (anything the shell started) can be killed safely before the reap.
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    if (errno != ECHILD) return false;
    running_ = false;  // someone else reaped it; nothing is left to wait for
    return true;
  }
  if (info.si_pid != pid_) return false;  // still running
  ::kill(-pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  running_ = false;
  exit_status_ = status;
  return true;
}

void ChildProcess::ReapWithin(Deadline deadline) {
  while (!TryReap()) {
    if (steady_clock::now() >= deadline) return;
    std::this_thread::sleep_for(milliseconds(1));
  }
}

void ChildProcess::Kill() {
  if (!running_) return;  // reaped already, and its group killed then
  ::kill(-pid_, SIGKILL);  // the whole group: the shell and what it started
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  running_ = false;
  exit_status_ = status;
}

Status ChildProcess::WaitForExit(Deadline deadline) {
  ReapWithin(deadline);
  DrainStderr();
  if (running_) return Status::IoError("the adapter did not exit after close");
  if (WIFEXITED(exit_status_) && WEXITSTATUS(exit_status_) == 0) return Status::Ok();
  return Status::IoError("the adapter " + ExitDescription() + " after close");
}

std::string ChildProcess::ExitDescription() const {
  if (running_) return "running";
  if (WIFEXITED(exit_status_)) return "exited with status " + std::to_string(WEXITSTATUS(exit_status_));
  if (WIFSIGNALED(exit_status_)) {
    const int signal_number = WTERMSIG(exit_status_);
    const char* name = sigabbrev_np(signal_number);
    return "was killed by signal " + std::to_string(signal_number) +
           (name ? " (SIG" + std::string(name) + ")" : "");
  }
  return "ended";
}

}  // namespace evsim::wire
