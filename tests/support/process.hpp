#pragma once
// Test helpers for tests that need a real peer on 127.0.0.1 (SMTP sink, HTTP
// sink, ...): a child process that is killed when it goes out of scope, a free
// port, waiting for a port to accept, a scratch directory, and running a command
// to capture its output. POSIX and the standard library only; failures throw
// std::runtime_error (GoogleTest reports them as test failures).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace deadlined::test {

// A child started with fork/exec. The destructor stops it (SIGTERM, then SIGKILL
// after a grace period) and reaps it, so a failing test never leaks a server.
class ChildProcess {
 public:
  // argv[0] must be a path (no PATH search). stdout and stderr go to `log_file`
  // when it is not empty (appended), else to /dev/null.
  static ChildProcess spawn(const std::vector<std::string>& argv, const std::filesystem::path& log_file = {});

  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ~ChildProcess();

  pid_t pid() const { return m_pid; }
  // True while the child has not exited (reaps it if it has).
  bool running();
  // SIGTERM, wait up to `grace`, then SIGKILL; returns the wait status (or -1).
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds{3000});

 private:
  explicit ChildProcess(pid_t pid) : m_pid(pid) {}
  pid_t m_pid = -1;
  int m_status = -1;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it
// back, close). Another process may take it before you do; that is rare enough.
std::uint16_t free_tcp_port();

// Polls until a TCP connect to 127.0.0.1:port succeeds. Gives up (false) at the
// timeout or as soon as `child` (if given) has exited.
bool wait_for_port(std::uint16_t port, std::chrono::milliseconds timeout, ChildProcess* child = nullptr);

// Starts the server `argv_for(port)` on a port from free_tcp_port() and waits
// (up to `timeout`) until it accepts; sets `port`. A server that exits first,
// as one does when another process took the port between free_tcp_port() and
// its bind, is started again on another port, a few times. The child returned
// is not running when no try succeeded.
ChildProcess spawn_listening(const std::function<std::vector<std::string>(std::uint16_t)>& argv_for,
                             const std::filesystem::path& log_file, std::uint16_t& port,
                             std::chrono::milliseconds timeout);

// A fresh directory under std::filesystem::temp_directory_path(), removed with
// everything in it by the destructor.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "deadlined-test");
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string output;  // stdout; stderr is inherited so it shows in the test log
};

// Runs argv (argv[0] a path), feeding `input` on stdin, and waits for it.
CommandResult run_command(const std::vector<std::string>& argv, std::string_view input = {});

// Writes `content` to `path` (replacing it) and returns the path.
std::filesystem::path write_file(const std::filesystem::path& path, std::string_view content);

// Whole file as bytes; throws when it cannot be read.
std::string read_file(const std::filesystem::path& path);

}  // namespace deadlined::test
