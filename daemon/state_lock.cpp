#include "state_lock.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <system_error>
#include <unistd.h>

namespace deadlined {

namespace {

std::string read_pid(int fd) {
  char buffer[32] = {};
  const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string pid;
  for (ssize_t i = 0; i < n && buffer[i] >= '0' && buffer[i] <= '9'; ++i) {
    pid += buffer[i];
  }
  return pid;
}

}  // namespace

tl::expected<StateLock, std::variant<StateLock::Busy, StateLock::Failure>> StateLock::acquire(
    const std::filesystem::path& state_dir, const std::filesystem::path& outbox) {
  using Result = tl::unexpected<std::variant<Busy, Failure>>;
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    return Result(Failure{state_dir.string() + ": cannot create the state directory: " + ec.message()});
  }
  // An outbox.sqlite that is a symlink to another daemon's outbox: lock
  // where the file is, or both daemons would deliver what the other claimed.
  std::filesystem::path lock_dir = state_dir;
  if (std::filesystem::exists(outbox, ec)) {
    const std::filesystem::path real = std::filesystem::canonical(outbox, ec);
    if (!ec) {
      lock_dir = real.parent_path();
    }
  }
  const std::filesystem::path file = lock_dir / "deadlined.lock";
  // O_NOFOLLOW: the state directory is ours; a symlink here is not.
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (fd < 0) {
    return Result(Failure{file.string() + ": cannot open: " + std::strerror(errno)});
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error == EWOULDBLOCK) {
      Busy busy{file, read_pid(fd)};
      ::close(fd);
      return Result(std::move(busy));
    }
    ::close(fd);
    return Result(Failure{file.string() + ": cannot lock: " + std::strerror(error)});
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    const int error = errno;
    ::close(fd);
    return Result(Failure{file.string() + ": cannot write: " + std::strerror(error)});
  }
  return StateLock(fd);
}

StateLock::StateLock(StateLock&& other) noexcept : m_fd(other.m_fd) {
  other.m_fd = -1;
}

StateLock::~StateLock() {
  if (m_fd >= 0) {
    ::close(m_fd);  // releases the lock; the file stays (removing it would race a new holder)
  }
}

}  // namespace deadlined
