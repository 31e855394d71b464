#pragma once
// The daemon's daily compaction of the outbox (Outbox::compact): a timer on
// the loop thread wakes at outbox.compact_at (local time, re-reading the wall
// clock at least hourly) and folds the rows past outbox.keep_final_days a
// step of a few hundred rows per transaction, each step posted behind the
// loop's ready work, so turns, timers and signals run in between. Never
// while the start or a reload is planning (busy): a reconcile reads the
// compaction watermark once, when it begins.
#include <utility>  // Boost 1.74 Asio under g++ 12 needs <utility> first.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "outbox/outbox.hpp"
#include "service/snapshot.hpp"

namespace spdlog {
class logger;
}

namespace deadlined {

struct CompactionHooks {
  std::function<Instant()> now;
  std::function<std::shared_ptr<const Snapshot>()> snapshot;
  std::function<bool()> busy;  // the start or a reload is writing its plan
};

class CompactionTimer {
 public:
  // Rows per step (one transaction on the loop thread).
  static constexpr std::size_t k_step_rows = 500;

  CompactionTimer(boost::asio::io_context& io, Outbox& outbox, spdlog::logger& log, CompactionHooks hooks);
  CompactionTimer(const CompactionTimer&) = delete;
  CompactionTimer& operator=(const CompactionTimer&) = delete;

  void start();
  void stop();

 private:
  void arm(std::chrono::seconds wait);
  void check();
  void step();
  void finish(Instant now, const Snapshot& snapshot);

  boost::asio::io_context& m_io;
  Outbox& m_outbox;
  spdlog::logger& m_log;
  CompactionHooks m_hooks;
  boost::asio::steady_timer m_timer;
  bool m_stopped = false;
  std::optional<Date> m_finished_on;         // local day of the last finished compaction
  std::optional<CompactionCutoff> m_cutoff;  // a compaction in progress
  CompactionResult m_total;
  std::size_t m_steps = 0;
};

}  // namespace deadlined
