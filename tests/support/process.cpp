#include "support/process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace deadlined::test {

namespace {

std::runtime_error system_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  out.reserve(argv.size() + 1);
  for (const std::string& arg : argv) {
    out.push_back(const_cast<char*>(arg.c_str()));
  }
  out.push_back(nullptr);
  return out;
}

}  // namespace

ChildProcess ChildProcess::spawn(const std::vector<std::string>& argv, const std::filesystem::path& log_file) {
  if (argv.empty()) {
    throw std::runtime_error("spawn: empty argv");
  }
  // Prepare everything before fork: only async-signal-safe calls in the child.
  std::vector<char*> args = c_argv(argv);
  const int out_fd = log_file.empty() ? ::open("/dev/null", O_WRONLY | O_CLOEXEC)
                                      : ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out_fd < 0) {
    throw system_error("spawn: cannot open output for " + argv[0]);
  }
  const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out_fd);
    ::close(null_in);
    throw system_error("fork");
  }
  if (pid == 0) {
    ::dup2(null_in, STDIN_FILENO);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(out_fd, STDERR_FILENO);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(null_in);
  return ChildProcess{pid};
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : m_pid(other.m_pid), m_status(other.m_status) {
  other.m_pid = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    stop();
    m_pid = other.m_pid;
    m_status = other.m_status;
    other.m_pid = -1;
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  stop();
}

bool ChildProcess::running() {
  if (m_pid <= 0) {
    return false;
  }
  int status = 0;
  const pid_t done = ::waitpid(m_pid, &status, WNOHANG);
  if (done == m_pid) {
    m_status = status;
    m_pid = -1;
    return false;
  }
  return done == 0;
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
  if (m_pid <= 0) {
    return m_status;
  }
  ::kill(m_pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(m_pid, SIGKILL);
      int status = 0;
      ::waitpid(m_pid, &status, 0);
      m_status = status;
      m_pid = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return m_status;
}

std::uint16_t free_tcp_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw system_error("socket");
  }
  sockaddr_in address = loopback(0);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    throw system_error("bind 127.0.0.1:0");
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool wait_for_port(std::uint16_t port, std::chrono::milliseconds timeout, ChildProcess* child) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (child != nullptr && !child->running()) {
      return false;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw system_error("socket");
    }
    sockaddr_in address = loopback(port);
    const int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::close(fd);
    if (rc == 0) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{25});
  }
  return false;
}

ChildProcess spawn_listening(const std::function<std::vector<std::string>(std::uint16_t)>& argv_for,
                             const std::filesystem::path& log_file, std::uint16_t& port,
                             std::chrono::milliseconds timeout) {
  ChildProcess child;
  for (int attempt = 0; attempt < 5; ++attempt) {
    port = free_tcp_port();
    child = ChildProcess::spawn(argv_for(port), log_file);
    if (wait_for_port(port, timeout, &child) && child.running()) {
      return child;
    }
    if (child.running()) {
      break;  // alive but not listening in time: not a port taken meanwhile
    }
  }
  child.stop();
  return child;
}

TempDir::TempDir(std::string_view prefix) {
  std::random_device random;
  const auto base = std::filesystem::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::ostringstream name;
    name << prefix << '-' << ::getpid() << '-' << std::hex << random();
    std::filesystem::path candidate = base / name.str();
    if (std::filesystem::create_directory(candidate)) {
      m_path = std::move(candidate);
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory under " + base.string());
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

CommandResult run_command(const std::vector<std::string>& argv, std::string_view input) {
  if (argv.empty()) {
    throw std::runtime_error("run_command: empty argv");
  }
  std::vector<char*> args = c_argv(argv);
  int to_child[2];
  int from_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0) {
    throw system_error("pipe");
  }
  if (::pipe2(from_child, O_CLOEXEC) != 0) {
    ::close(to_child[0]);
    ::close(to_child[1]);
    throw system_error("pipe");
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (const int fd : {to_child[0], to_child[1], from_child[0], from_child[1]}) {
      ::close(fd);
    }
    throw system_error("fork");
  }
  if (pid == 0) {
    ::dup2(to_child[0], STDIN_FILENO);
    ::dup2(from_child[1], STDOUT_FILENO);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  // Interleave writing stdin and reading stdout so that neither pipe can fill up
  // and deadlock us against the child.
  CommandResult result;
  std::size_t written = 0;
  int in_fd = to_child[1];
  if (input.empty()) {
    ::close(in_fd);
    in_fd = -1;
  }
  int out_fd = from_child[0];
  ::signal(SIGPIPE, SIG_IGN);  // a child that exits early must not kill the test binary
  while (out_fd >= 0) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {in_fd, POLLOUT, 0}};
    const nfds_t count = in_fd >= 0 ? 2 : 1;
    if (::poll(fds, count, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    if (in_fd >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const ssize_t n = ::write(in_fd, input.data() + written, input.size() - written);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      }
      if (n < 0 || written == input.size()) {
        ::close(in_fd);
        in_fd = -1;
      }
    }
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      char buffer[4096];
      const ssize_t n = ::read(out_fd, buffer, sizeof buffer);
      if (n > 0) {
        result.output.append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(out_fd);
        out_fd = -1;
      }
    }
  }
  if (in_fd >= 0) {
    ::close(in_fd);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::filesystem::path write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out{path, std::ios::binary | std::ios::trunc};
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) {
    throw std::runtime_error("cannot write " + path.string());
  }
  return path;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw std::runtime_error("cannot read " + path.string());
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace deadlined::test
