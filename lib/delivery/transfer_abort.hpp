#pragma once
// Cuts the transfers in flight short, from another thread: a stop's drain
// deadline must not wait for a server that never answers (smtp.timeout and
// webhooks.timeout allow minutes). Once aborted it stays aborted. The plain
// clients poll its file descriptor beside their socket; libcurl's transfers
// see it in their progress callback, and the sockets libcurl opened through
// watch() are shut down, which wakes a transfer waiting in poll().
#include <atomic>
#include <mutex>
#include <set>

namespace deadlined::delivery {

class TransferAbort {
 public:
  TransferAbort();
  TransferAbort(const TransferAbort&) = delete;
  TransferAbort& operator=(const TransferAbort&) = delete;
  ~TransferAbort();

  // Any thread: every transfer given this stops at its next wait.
  void abort();
  bool aborted() const { return m_aborted.load(std::memory_order_acquire); }
  // Readable once aborted (an eventfd), for poll().
  int wake_fd() const { return m_wake_fd; }

  // A socket a transfer uses: abort() shuts it down (a socket opened after
  // the abort is shut down at once). unwatch() before closing it, so that a
  // descriptor number reused elsewhere is never shut down.
  void watch(int fd);
  void unwatch(int fd);

 private:
  std::atomic<bool> m_aborted{false};
  int m_wake_fd = -1;
  std::mutex m_mutex;  // guards m_sockets
  std::set<int> m_sockets;
};

}  // namespace deadlined::delivery
