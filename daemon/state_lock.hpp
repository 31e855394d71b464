#pragma once
// One daemon per state directory: an exclusive flock(2) on
// <state_dir>/deadlined.lock, held for the process's life. Two daemons on one
// outbox would both deliver what the other has claimed. The kernel drops the
// lock when the process dies, however it dies, so a crash never leaves a
// stale lock behind. The file holds the holder's PID for the message a second
// daemon prints.
#include <filesystem>
#include <string>
#include <tl/expected.hpp>
#include <variant>

namespace deadlined {

class StateLock {
 public:
  struct Busy {
    std::filesystem::path file;
    std::string holder_pid;  // as written by the holder; empty when unreadable
  };
  struct Failure {
    std::string message;  // cannot create or lock the file at all
  };

  // Takes the lock without waiting. The lock file is in the directory that
  // really holds `outbox` (after symlinks, when it exists): two state
  // directories whose outbox.sqlite is one file take one lock.
  static tl::expected<StateLock, std::variant<Busy, Failure>> acquire(const std::filesystem::path& state_dir,
                                                                      const std::filesystem::path& outbox);

  StateLock(StateLock&& other) noexcept;
  StateLock& operator=(StateLock&&) = delete;
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;
  ~StateLock();

 private:
  explicit StateLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

}  // namespace deadlined
