#pragma once
// The outbox's write-ahead log checkpointed on a thread of its own: the event
// loop's commits ask for a checkpoint once the log holds k_request_frames,
// and the copy into the database and its fsyncs happen here, never in a
// turn. The log starts over only when a commit finds every frame copied, which
// a burst of commits never leaves this thread time to reach; so the loop's own
// commits checkpoint at k_backstop_frames, where little is left to copy but
// the log can start over (and likewise if this thread cannot open its
// connection, or as SQLite does by default).
#include <condition_variable>
#include <mutex>
#include <thread>

#include "outbox/checkpoint.hpp"
#include "outbox/outbox.hpp"

namespace spdlog {
class logger;
}

namespace deadlined {

class BackgroundCheckpoints {
 public:
  // SQLite's own automatic checkpoint threshold.
  static constexpr int k_request_frames = 1000;
  // About 16 MiB of log at 4 KiB pages: the most a burst leaves on disk.
  static constexpr int k_backstop_frames = 4000;

  BackgroundCheckpoints(Outbox& outbox, spdlog::logger& log);
  BackgroundCheckpoints(const BackgroundCheckpoints&) = delete;
  BackgroundCheckpoints& operator=(const BackgroundCheckpoints&) = delete;
  // Gives the checkpoints back to the outbox's commits, then stops the thread.
  ~BackgroundCheckpoints();

 private:
  void request();
  void run(WalCheckpointer& checkpointer);

  Outbox& m_outbox;
  spdlog::logger& m_log;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_requested = false;
  bool m_stop = false;
  std::thread m_thread;
};

}  // namespace deadlined
