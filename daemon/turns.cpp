#include "turns.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "logging.hpp"

namespace deadlined {

namespace asio = boost::asio;

namespace {

// The longest an outcome waits for its batch before the loop commits it
// anyway: slow servers fill batches slowly, and an uncommitted outcome is a
// message a crash would send again.
constexpr std::chrono::milliseconds k_outcome_flush{100};
// Rows read from the outbox per refill: a large burst is read a page at a
// time between turns, so the workers start at once and the loop thread never
// holds them up for long.
constexpr std::size_t k_refill_page = 512;

LaneSettings lane_settings(const Snapshot& snapshot) {
  LaneSettings settings;
  settings.max_unrecorded = static_cast<std::size_t>(snapshot.config.delivery.max_unrecorded);
  return settings;
}

}  // namespace

Turns::Turns(asio::io_context& io, Dispatcher& dispatcher, spdlog::logger& log, bool once, TurnHooks hooks)
    : m_io(io),
      m_dispatcher(dispatcher),
      m_log(log),
      m_once(once),
      m_hooks(std::move(hooks)),
      m_lanes(lane_settings(*dispatcher.snapshot()),
              LaneHooks{[this](const std::string& endpoint) { m_transports.start_worker(m_lanes, endpoint); },
                        [this] { asio::post(m_io, [this] { pump(); }); },
                        [this] { asio::post(m_io, [this] { arm_flush(); }); }}),
      m_transports(static_cast<std::size_t>(dispatcher.snapshot()->config.delivery.workers), m_hooks.now,
                   m_hooks.transport),
      m_timer(io),
      m_drain_timer(io),
      m_flush_timer(io) {}

void Turns::wake() {
  if (m_stopping) {
    return;
  }
  Instant current = m_hooks.now();
  m_turn_failed = false;
  release({}, {});             // what an earlier release could not give back
  if (!m_replanning_paused) {  // else the reload in progress plans them
    replan_if_needed(current);
  }
  refill(current);
  pump();
  if (m_once) {
    finish_if_idle();
    return;
  }
  arm_timer(current);
  m_hooks.after_wake();
}

// New on-demand occurrences (`deadlined trigger`) and, a month on, the next
// stretch of open-ended timelines.
void Turns::replan_if_needed(Instant current) {
  constexpr std::chrono::seconds k_first_retry{10};
  constexpr std::chrono::seconds k_longest_retry{3600};
  if (m_replan_retry_at && current < *m_replan_retry_at) {
    return;
  }
  auto changed = m_dispatcher.triggers_changed();
  if (changed && !*changed && !m_dispatcher.horizon_moved(current)) {
    return;
  }
  tl::expected<ReconcileResult, std::string> planned =
      changed ? m_dispatcher.replan(current) : tl::unexpected(std::move(changed.error()));
  if (!planned) {
    m_replan_retry_delay = std::clamp(m_replan_retry_delay * 2, k_first_retry, k_longest_retry);
    m_replan_retry_at = current + m_replan_retry_delay;
    m_log.error("cannot plan new on-demand occurrences: {}; trying again in {} s", planned.error(),
                m_replan_retry_delay.count());
    return;
  }
  m_replan_retry_at.reset();
  m_replan_retry_delay = std::chrono::seconds{0};
  m_log.info("new on-demand occurrences: {} reminders planned", planned->inserted);
}

void Turns::arm_timer(Instant current) {
  const auto cap = std::chrono::seconds{m_dispatcher.snapshot()->config.delivery.timer_cap_s};
  auto wait = cap;
  auto next = m_dispatcher.next_due();
  if (next && *next) {
    auto until = **next - current;
    // While a burst is queued or in flight, rows due now are already being
    // worked through and completions drive the loop: no zero-wait spinning.
    // After a refused turn, likewise: a retry at most once a second.
    const bool busy = m_lanes.queued() > 0 || m_claimed > 0 || m_turn_failed;
    wait = std::clamp<std::chrono::seconds>(until, std::chrono::seconds{busy ? 1 : 0}, cap);
  }
  m_timer.expires_after(wait);
  m_timer.async_wait([this](const boost::system::error_code& error) {
    if (!error) {
      wake();
    }
  });
}

std::size_t Turns::limit_for(const Delivery& delivery) const {
  const Config& config = m_dispatcher.snapshot()->config;
  if (delivery.channel == Channel::webhook) {
    return static_cast<std::size_t>(config.webhook.max_per_host);
  }
  if (delivery.endpoint == "maildir") {
    return static_cast<std::size_t>(config.delivery.workers);
  }
  return static_cast<std::size_t>(config.smtp.max_connections);
}

// The queue holds unclaimed deliveries, per endpoint; it is refilled only
// when empty, so no row is queued twice (claimed rows are not due).
void Turns::refill(Instant current) {
  if (m_lanes.queued() > 0) {
    return;
  }
  m_more_due = false;
  auto due = m_dispatcher.prepare_due(current, k_refill_page, Rendering::deferred, &m_more_due);
  if (!due) {
    m_more_due = false;
    m_log.error("outbox: {}", due.error());
    refused(due.error(), true);
    return;
  }
  if (m_refill_refused) {
    // Only a read was refused: a good one is the recovery (a refused turn
    // waits for a recorded one).
    recovered();
  }
  for (auto& delivery : *due) {
    m_lanes.enqueue(std::make_shared<Delivery>(std::move(delivery)));
  }
}

// A turn once k_outcome_flush has passed, whatever the batch.
void Turns::arm_flush() {
  m_flush_timer.expires_after(k_outcome_flush);
  m_flush_timer.async_wait([this](const boost::system::error_code& error) {
    m_lanes.flush_fired();
    if (!error) {
      pump();
    }
  });
}

void Turns::refused(const std::string& error, bool refill) {
  m_refill_refused = refill;
  m_outbox_refusing = true;
  if (m_hooks.outbox_refusal) {
    m_hooks.outbox_refusal(error);
  }
}

void Turns::recovered() {
  m_refill_refused = false;
  if (!m_outbox_refusing) {
    return;
  }
  m_outbox_refusing = false;
  m_log.info("outbox: turns are recorded again");
  if (m_hooks.outbox_refusal) {
    m_hooks.outbox_refusal(std::nullopt);
  }
}

void Turns::post_pump() {
  asio::post(m_io, [this] { pump(); });
}

// One turn: the outcomes that arrived and the next claims, in one outbox
// transaction; then the claimed deliveries go to their lanes.
void Turns::pump() {
  std::vector<LaneOutcome> finished = m_lanes.take_finished();
  std::vector<std::shared_ptr<Delivery>> claiming;
  if (!m_stopping) {
    claiming = m_lanes.pick_claims([this](const Delivery& delivery) { return limit_for(delivery); });
  }
  std::vector<std::pair<const Delivery*, delivery::DeliveryResult>> outcomes;
  outcomes.reserve(finished.size());
  for (const auto& done : finished) {
    outcomes.emplace_back(done.delivery.get(), done.result);
  }
  std::vector<Delivery*> claims;
  claims.reserve(claiming.size());
  for (const auto& delivery : claiming) {
    claims.push_back(delivery.get());
  }
  std::vector<bool> claimed(claims.size(), false);
  bool recorded = true;
  if (!outcomes.empty() || !claims.empty()) {
    // The turn's delivery lines (one per message) reach stderr in one write.
    const HeldLines held(m_log);
    auto turn = m_dispatcher.commit_turn(outcomes, claims, m_hooks.now());
    if (turn) {
      claimed = std::move(*turn);
      m_lanes.pause_starting(false);
      recovered();
    } else {
      recorded = false;
      // Nothing was recorded. The outcomes wait for the next turn, which
      // tries them again; until one is recorded the workers start nothing,
      // since every delivery sent now would be sent again if the daemon
      // stopped before the outbox took it. The unclaimed deliveries are due
      // again at the next refill.
      m_log.error("outbox: {}", turn.error());
      if (!outcomes.empty()) {
        m_lanes.pause_starting(true);
      }
      refused(turn.error(), false);
      m_turn_failed = true;  // no retry before the next timer wake
    }
  }
  if (recorded) {
    for (const auto& done : finished) {
      m_hooks.count(*done.delivery, done.result);
    }
  } else if (!finished.empty()) {
    m_lanes.restore_finished(std::move(finished));
    finished.clear();
  }
  std::vector<LaneJob> jobs;
  auto snapshot = m_dispatcher.snapshot();
  for (std::size_t i = 0; i < claiming.size(); ++i) {
    if (claimed[i]) {  // else changed since it was queued (a reload, an ack)
      jobs.push_back(LaneJob{claiming[i], snapshot});
    }
  }
  const std::size_t started = jobs.size();
  m_lanes.mark_recorded(finished.size());
  m_lanes.admit(std::move(jobs));
  m_claimed = m_claimed + started - finished.size();
  after_turn(!finished.empty());
}

// recorded_any: this turn recorded outcomes (a timer wake that found
// nothing has refilled already).
void Turns::after_turn(bool recorded_any) {
  if (m_stopping) {
    if (m_claimed == 0) {
      m_drain_timer.cancel();
      m_io.stop();
    }
    return;
  }
  if (m_turn_failed) {
    if (m_once) {
      // Nothing else would wake a --once run: stop, what is not recorded
      // is retried at the next start.
      m_log.error("stopping: the outbox refused the last turn");
      m_io.stop();
    }
    return;  // the timer retries
  }
  if (m_lanes.queued() > 0 && m_claimed == 0) {
    // Every claim of the turn was refused (rows changed meanwhile): go on
    // with the rest of the queue.
    post_pump();
    return;
  }
  if (m_lanes.queued() == 0 && m_more_due) {
    // The next page of a burst; the rows claimed so far are not due.
    refill(m_hooks.now());
    if (m_lanes.queued() > 0) {
      if (m_claimed == 0) {
        post_pump();
      }
      return;
    }
  }
  if (m_lanes.queued() == 0 && m_claimed == 0 && recorded_any) {
    // The burst is through; more may have become due meanwhile.
    refill(m_hooks.now());
    if (m_lanes.queued() > 0) {
      post_pump();
      return;
    }
  }
  if (m_once) {
    finish_if_idle();
  }
}

void Turns::release_for_reload() {
  release_waiting("released unsent: the configuration was reloaded");
  m_lanes.clear_queue();
}

// Claimed deliveries no worker has started go back to the outbox.
void Turns::release_waiting(std::string_view why) {
  std::vector<LaneJob> waiting = m_lanes.take_waiting();
  std::vector<const Delivery*> deliveries;
  deliveries.reserve(waiting.size());
  for (const auto& job : waiting) {
    deliveries.push_back(job.delivery.get());
  }
  release(deliveries, why);
  m_claimed -= waiting.size();  // no longer in flight, whatever the outbox says
}

// What the outbox refuses stays with the dispatcher, given back at a later
// wake; a stop leaves it "sending", and the next start requeues it.
void Turns::release(const std::vector<const Delivery*>& deliveries, std::string_view why) {
  if (deliveries.empty() && m_dispatcher.unreleased() == 0) {
    return;
  }
  if (auto released = m_dispatcher.release(deliveries, m_hooks.now(), why); !released) {
    m_log.error("outbox: {}; {} claimed reminders stay claimed until the next try", released.error(),
                m_dispatcher.unreleased());
    m_release_failed = true;
    return;
  }
  if (std::exchange(m_release_failed, false)) {
    m_log.info("outbox: the claimed reminders left over are given back");
  }
}

void Turns::stop(std::chrono::seconds drain_timeout) {
  m_stopping = true;
  m_timer.cancel();
  m_flush_timer.cancel();
  // Queued deliveries were never claimed: they stay pending for the next
  // start; claimed ones no worker started go back to the outbox.
  m_lanes.clear_queue();
  m_lanes.halt();
  release_waiting("released unsent: the daemon stopped");
  if (m_claimed == 0) {
    m_io.stop();
    return;
  }
  m_log.info("waiting up to {} s for {} deliveries in flight", drain_timeout.count(), m_claimed);
  m_drain_timer.expires_after(drain_timeout);
  m_drain_timer.async_wait([this](const boost::system::error_code& error) {
    if (!error) {
      pump();  // record what did finish
      // Those still on the wire are cut short by finish(): back to the
      // outbox, sent at the next start. Those that finished wait only for
      // an outbox that refuses to record them (a full disk): no transfer is
      // cut, and they stay claimed.
      const std::size_t finished = std::min(m_lanes.outcomes_waiting(), m_claimed);
      if (m_claimed > finished) {
        m_log.warn("{} deliveries still in flight at the drain deadline: cutting them short", m_claimed - finished);
      }
      if (finished > 0) {
        m_log.error(
            "{} deliveries finished but the outbox refused to record their outcomes: they stay claimed and "
            "are sent again at the next start, with the same Message-ID / Idempotency-Key",
            finished);
      }
      m_io.stop();
    }
  });
}

bool Turns::finish() {
  m_lanes.halt();        // a worker waiting for room gives up
  m_transports.abort();  // a transfer waiting on its peer ends now, interrupted
  m_transports.join();
  std::vector<LaneOutcome> finished = m_lanes.take_finished();
  if (finished.empty()) {
    return true;
  }
  std::vector<std::pair<const Delivery*, delivery::DeliveryResult>> outcomes;
  outcomes.reserve(finished.size());
  for (const auto& done : finished) {
    outcomes.emplace_back(done.delivery.get(), done.result);
  }
  if (auto recorded = m_dispatcher.complete_batch(outcomes, m_hooks.now()); !recorded) {
    m_log.error("outbox: {}", recorded.error());
    return false;
  }
  return true;
}

void Turns::finish_if_idle() {
  if (m_claimed == 0 && m_lanes.queued() == 0 && !m_once_finished) {
    m_once_finished = true;  // said once: a turn and the wake after it may both find the run idle
    m_log.info("done: {}", m_hooks.status_text());
    m_io.stop();
  }
}

}  // namespace deadlined
