// Runs the real vingt binary from end-to-end tests: temporary data dirs,
// one-shot CLI commands and a long-running `vingt serve` child process.
//
// Everything here is bounded in time: a command or a server that does not
// answer is killed, so a broken binary fails a test instead of hanging it.
//
// Thread safety: a ServerProcess may be Kill()ed from one thread while other
// threads talk to it over HTTP; Start/Wait/Stop belong to one thread.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#ifndef VINGT_BINARY
#error "VINGT_BINARY must name the vingt executable (set by tests/CMakeLists.txt)"
#endif

namespace vingt::testutil {

inline const char* VingtBinary() { return VINGT_BINARY; }

// A fresh directory under /tmp, removed with its content on destruction
// unless the environment variable VINGT_KEEP_TEST_DIRS is set (then its
// path is printed so a failure can be inspected).
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "vingt-e2e") {
    std::string templ = "/tmp/" + prefix + "-XXXXXX";
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
  }
  ~TempDir() {
    if (std::getenv("VINGT_KEEP_TEST_DIRS")) {
      std::fprintf(stderr, "keeping test dir %s\n", path_.c_str());
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // A path inside the directory (not created).
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

namespace detail {

inline int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Exit code for a waitpid status: the code for a normal exit, 128 + signal
// for a death by signal (the shell convention).
inline int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// argv for execv, built before fork: only async-signal-safe calls may run
// in the child of a multi-threaded parent.
struct Argv {
  explicit Argv(const std::vector<std::string>& args) : storage(args) {
    for (auto& a : storage) ptrs.push_back(a.data());
    ptrs.push_back(nullptr);
  }
  std::vector<std::string> storage;
  std::vector<char*> ptrs;
};

// In the child: default signal mask, stdin from /dev/null, then exec.
// Never returns.
[[noreturn]] inline void ExecChild(char* const* argv, int out_fd, int err_fd) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  int devnull = ::open("/dev/null", O_RDONLY);
  if (devnull >= 0) ::dup2(devnull, 0);
  ::dup2(out_fd, 1);
  ::dup2(err_fd, 2);
  ::execv(argv[0], argv);
  _exit(127);
}

}  // namespace detail

struct CommandResult {
  int exit_code = -1;  // 128 + signal if killed; -1 if it could not run
  std::string out;
  std::string err;
  bool timed_out = false;
};

// Runs args[0] with args (no shell), collecting stdout and stderr. A command
// still running after timeout_ms is SIGKILLed and reported as timed out.
inline CommandResult RunCommand(const std::vector<std::string>& args, int timeout_ms = 30000) {
  CommandResult result;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return result;
  }
  detail::Argv argv(args);
  pid_t pid = ::fork();
  if (pid == 0) detail::ExecChild(argv.ptrs.data(), out_pipe[1], err_pipe[1]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return result;
  }

  const int64_t deadline = detail::NowMs() + timeout_ms;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0) {
    int64_t left = deadline - detail::NowMs();
    if (left <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    int n = ::poll(fds, 2, static_cast<int>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[4096];
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = detail::DecodeWaitStatus(status);
  return result;
}

// `vingt <args...>`.
inline CommandResult RunVingt(const std::vector<std::string>& args, int timeout_ms = 30000) {
  std::vector<std::string> full{VingtBinary()};
  full.insert(full.end(), args.begin(), args.end());
  return RunCommand(full, timeout_ms);
}

inline std::string TrimLine(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// `vingt keys create --data-dir DIR [extra...]`; returns the token, or an
// empty string if the command failed (its stderr is in *failure if given).
inline std::string MintKey(const std::string& data_dir, const std::vector<std::string>& extra = {},
                           CommandResult* failure = nullptr) {
  std::vector<std::string> args{"keys", "create", "--data-dir", data_dir};
  args.insert(args.end(), extra.begin(), extra.end());
  CommandResult r = RunVingt(args);
  if (r.exit_code != 0) {
    if (failure) *failure = r;
    return "";
  }
  return TrimLine(r.out);
}

// A `vingt serve` child on 127.0.0.1 with an ephemeral port. Its stdout and
// stderr go to one pipe that a background thread drains into a buffer, so
// the child never blocks on a full pipe and the test can read the log.
class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      Reap(-1);
    }
    JoinReader();
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Start passes --rest-metadata-format legacy unless told otherwise (in
  // `extra`, or by clearing this).
  bool legacy_rest_metadata = true;

  // Starts `vingt serve --data-dir DIR --listen 127.0.0.1:0 extra...` and
  // waits up to timeout_ms for the "listening on" line. Returns false (and
  // leaves the log in output()) if the server exits or never gets ready; a
  // server that is still running then is killed.
  bool Start(const std::string& data_dir, const std::vector<std::string>& extra = {}, int timeout_ms = 10000) {
    if (pid_ > 0 && !reaped_) return false;
    JoinReader();
    {
      std::lock_guard<std::mutex> lock(mu_);
      log_.clear();
      eof_ = false;
    }
    port_ = 0;
    reaped_ = false;
    exit_code_ = -1;
    initial_token_.clear();

    std::vector<std::string> args{VingtBinary(), "serve", "--data-dir", data_dir, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    // The tests written for the legacy REST metadata envelope keep it; a
    // test of the newer format (or of the default) says so.
    if (legacy_rest_metadata && std::find(extra.begin(), extra.end(), "--rest-metadata-format") == extra.end()) {
      args.insert(args.end(), {"--rest-metadata-format", "legacy"});
    }
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) return false;
    detail::Argv argv(args);
    pid_t pid = ::fork();
    if (pid == 0) detail::ExecChild(argv.ptrs.data(), p[1], p[1]);
    ::close(p[1]);
    if (pid < 0) {
      ::close(p[0]);
      return false;
    }
    pid_ = pid;
    reader_ = std::thread([this, fd = p[0]] { ReadLoop(fd); });

    static constexpr std::string_view kListening = "listening on http://127.0.0.1:";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::unique_lock<std::mutex> lock(mu_);
    bool ready = cv_.wait_until(lock, deadline, [&] { return eof_ || log_.find(kListening) != std::string::npos; });
    size_t at = log_.find(kListening);
    if (!ready || at == std::string::npos) {
      lock.unlock();
      Kill(SIGKILL);
      Wait(5000);
      return false;
    }
    port_ = static_cast<uint16_t>(std::strtoul(log_.c_str() + at + kListening.size(), nullptr, 10));
    static constexpr std::string_view kCreated = "created API key 'default' (shown once, keep it):\n";
    size_t key_at = log_.find(kCreated);
    if (key_at != std::string::npos) {
      size_t begin = key_at + kCreated.size();
      size_t end = log_.find('\n', begin);
      initial_token_ = log_.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    }
    return port_ != 0;
  }

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // The token printed when the server created the 'default' key, or "".
  const std::string& initial_token() const { return initial_token_; }
  bool running() const { return pid_ > 0 && !reaped_; }

  // Everything the server wrote so far on stdout and stderr.
  std::string output() const {
    std::lock_guard<std::mutex> lock(mu_);
    return log_;
  }

  // Sends a signal; safe to call from any thread while the child runs.
  void Kill(int sig) {
    pid_t pid = pid_;
    if (pid > 0 && !reaped_) ::kill(pid, sig);
  }

  // Waits up to timeout_ms for the child to exit. Returns its exit code
  // (128 + signal if killed), or -1 if it is still running.
  int Wait(int timeout_ms) {
    if (pid_ <= 0) return -1;
    if (!reaped_ && !Reap(timeout_ms)) return -1;
    JoinReader();
    return exit_code_;
  }

  // SIGTERM and wait; SIGKILL if it has not exited after timeout_ms.
  // Returns the exit code of the graceful stop (-1 if it had to be killed).
  int Stop(int timeout_ms = 10000) {
    if (!running()) return exit_code_;
    Kill(SIGTERM);
    int code = Wait(timeout_ms);
    if (code == -1) {
      Kill(SIGKILL);
      Wait(5000);
      return -1;
    }
    return code;
  }

 private:
  void ReadLoop(int fd) {
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      std::lock_guard<std::mutex> lock(mu_);
      log_.append(buf, static_cast<size_t>(n));
      cv_.notify_all();
    }
    ::close(fd);
    std::lock_guard<std::mutex> lock(mu_);
    eof_ = true;
    cv_.notify_all();
  }

  // Polls waitpid until the child is gone or timeout_ms passes (-1: block).
  bool Reap(int timeout_ms) {
    const int64_t deadline = detail::NowMs() + timeout_ms;
    for (;;) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, timeout_ms < 0 ? 0 : WNOHANG);
      if (r == pid_) {
        exit_code_ = detail::DecodeWaitStatus(status);
        reaped_ = true;
        return true;
      }
      if (r < 0 && errno != EINTR) {
        reaped_ = true;
        return true;
      }
      if (timeout_ms >= 0 && detail::NowMs() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  void JoinReader() {
    if (reader_.joinable()) reader_.join();
  }

  pid_t pid_ = -1;
  std::atomic<bool> reaped_{false};
  int exit_code_ = -1;
  uint16_t port_ = 0;
  std::string initial_token_;
  std::thread reader_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string log_;  // GUARDED_BY(mu_)
  bool eof_ = false;  // GUARDED_BY(mu_)
};

}  // namespace vingt::testutil
