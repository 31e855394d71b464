#include "delivery/transfer_abort.hpp"

#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>

namespace deadlined::delivery {

TransferAbort::TransferAbort() : m_wake_fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

TransferAbort::~TransferAbort() {
  if (m_wake_fd >= 0) {
    ::close(m_wake_fd);
  }
}

void TransferAbort::abort() {
  const std::lock_guard lock(m_mutex);
  if (m_aborted.exchange(true, std::memory_order_acq_rel)) {
    return;
  }
  if (m_wake_fd >= 0) {
    const std::uint64_t one = 1;
    (void)!::write(m_wake_fd, &one, sizeof one);  // never read: it stays readable
  }
  for (const int fd : m_sockets) {
    ::shutdown(fd, SHUT_RDWR);
  }
}

void TransferAbort::watch(int fd) {
  const std::lock_guard lock(m_mutex);
  m_sockets.insert(fd);
  if (m_aborted.load(std::memory_order_acquire)) {
    ::shutdown(fd, SHUT_RDWR);
  }
}

void TransferAbort::unwatch(int fd) {
  const std::lock_guard lock(m_mutex);
  m_sockets.erase(fd);
}

}  // namespace deadlined::delivery
