#include "checkpoints.hpp"

#include <future>

#include <spdlog/spdlog.h>

namespace deadlined {

BackgroundCheckpoints::BackgroundCheckpoints(Outbox& outbox, spdlog::logger& log) : m_outbox(outbox), m_log(log) {
  // The connection is opened on the thread that uses it, as every SQLite
  // connection of the daemon; the writer hands its checkpoints over only
  // once it is open.
  std::promise<bool> opened;
  auto ready = opened.get_future();
  m_thread = std::thread([this, opened = std::move(opened), path = m_outbox.path()]() mutable {
    auto checkpointer = WalCheckpointer::open(path);
    if (!checkpointer) {
      m_log.warn("{}; the outbox's commits checkpoint its log themselves", checkpointer.error());
      opened.set_value(false);
      return;
    }
    opened.set_value(true);
    run(*checkpointer);
  });
  if (!ready.get()) {
    m_thread.join();
    return;
  }
  m_outbox.checkpoint_elsewhere(
      [this](int log_frames) {
        // Past the backstop the commits checkpoint themselves, and this
        // thread stays out of their way (one checkpointer at a time).
        if (log_frames >= k_request_frames && log_frames < k_backstop_frames) {
          request();
        }
      },
      k_backstop_frames);
}

BackgroundCheckpoints::~BackgroundCheckpoints() {
  if (!m_thread.joinable()) {
    return;
  }
  m_outbox.checkpoint_here();
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_one();
  m_thread.join();
}

void BackgroundCheckpoints::request() {
  {
    std::lock_guard lock(m_mutex);
    if (m_requested) {
      return;
    }
    m_requested = true;
  }
  m_wake.notify_one();
}

void BackgroundCheckpoints::run(WalCheckpointer& checkpointer) {
  bool failing = false;  // logged once until a checkpoint succeeds again
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_wake.wait(lock, [this] { return m_requested || m_stop; });
    if (m_stop) {
      return;
    }
    m_requested = false;
    lock.unlock();
    auto progress = checkpointer.run();
    if (!progress && !failing) {
      m_log.warn("{}; the outbox's commits checkpoint once its log reaches {} pages", progress.error(),
                 k_backstop_frames);
    } else if (progress && failing) {
      m_log.info("outbox: checkpoints succeed again");
    }
    failing = !progress;
    lock.lock();
  }
}

}  // namespace deadlined
