#pragma once
// The turns of the event loop, on the loop thread only: a wake refills the
// queue from the outbox a page at a time; a turn commits the outcomes that
// arrived and claims the next deliveries in one outbox transaction, then hands
// the claimed ones to their lanes; a flush timer bounds how long an outcome
// waits for its batch. The workers (Transports) drain the lanes.
#include <utility>  // Boost 1.74 Asio under g++ 12 needs <utility> first.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http_views/metrics.hpp"
#include "service/dispatcher.hpp"
#include "service/lanes.hpp"
#include "transports.hpp"

namespace spdlog {
class logger;
}

namespace deadlined {

struct TurnHooks {
  std::function<Instant()> now;
  std::function<std::string()> status_text;  // for the log and sd_notify
  std::function<void()> after_wake;          // a wake armed its timer (sd_notify STATUS)
  // Outcomes committed: counted for /metrics (loop thread).
  std::function<void(const Delivery&, const delivery::DeliveryResult&)> count;
  // The outbox refused a turn or a refill (the error), or recorded one again
  // (nullopt): for /healthz, which must not say "ok" while nothing commits.
  std::function<void(std::optional<std::string>)> outbox_refusal;
  // The workers' transports: the real channels unless a test gives others.
  TransportFactory transport = make_transport;
};

class Turns {
 public:
  Turns(boost::asio::io_context& io, Dispatcher& dispatcher, spdlog::logger& log, bool once, TurnHooks hooks);
  Turns(const Turns&) = delete;
  Turns& operator=(const Turns&) = delete;

  // Claims what is due, hands it to the workers, arms the timer for the next.
  void wake();
  // Claimed deliveries not yet started were rendered from the old config:
  // back to the outbox, and the queue forgotten, before a re-plan.
  void release_for_reload();
  void set_max_unrecorded(std::size_t max_unrecorded) { m_lanes.set_max_unrecorded(max_unrecorded); }
  // While a reload writes its plan, wakes do not re-plan (triggers, horizon):
  // the reload's plan includes them.
  void pause_replanning(bool paused) { m_replanning_paused = paused; }
  // Stops claiming; the io_context stops once nothing is in flight, or at
  // the drain deadline.
  void stop(std::chrono::seconds drain_timeout);
  // After the loop stopped: cuts the transfers still in flight short (the
  // drain deadline passed), joins the workers, then records the outcomes
  // that arrived since, so the next start does not send them again; a
  // delivery cut short goes back to the outbox, due at the next start. False
  // when they could not be recorded.
  bool finish();
  // The last turn was refused and none recorded since.
  bool outbox_refusing() const { return m_outbox_refusing; }

 private:
  void arm_timer(Instant current);
  void refill(Instant current);
  void arm_flush();
  void pump();
  void after_turn(bool recorded_any);
  void release_waiting(std::string_view why);
  void release(const std::vector<const Delivery*>& deliveries, std::string_view why);
  void replan_if_needed(Instant current);
  void finish_if_idle();
  void post_pump();
  void refused(const std::string& error, bool refill);
  void recovered();
  std::size_t limit_for(const Delivery& delivery) const;

  boost::asio::io_context& m_io;
  Dispatcher& m_dispatcher;
  spdlog::logger& m_log;
  bool m_once;
  TurnHooks m_hooks;
  DeliveryLanes m_lanes;
  Transports m_transports;  // after m_lanes: its workers are joined before the lanes go
  boost::asio::steady_timer m_timer;
  boost::asio::steady_timer m_drain_timer;
  boost::asio::steady_timer m_flush_timer;  // bounds how long an outcome waits for its batch
  std::size_t m_claimed = 0;                // claimed deliveries whose outcome is not committed yet
  bool m_more_due = false;                  // the last refill filled its page
  bool m_turn_failed = false;               // the outbox refused the last turn
  bool m_outbox_refusing = false;
  bool m_refill_refused = false;  // the refusal was a refill's (a read), not a turn's
  bool m_stopping = false;
  bool m_replanning_paused = false;
  bool m_once_finished = false;   // a --once run said "done" and stopped the loop
  bool m_release_failed = false;  // the last release was refused: the next wake tries again
  // A re-plan the outbox refused is tried again from here on, backing off,
  // since each try plans the whole configuration on this thread.
  std::optional<Instant> m_replan_retry_at;
  std::chrono::seconds m_replan_retry_delay{0};
};

}  // namespace deadlined
