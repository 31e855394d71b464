// The event loop: one io_context thread owns the outbox and the dispatcher;
// deliveries run on a worker pool (blocking libcurl) and post their results
// back. Each turn of the loop is one outbox transaction that records the
// outcomes that arrived and claims the next deliveries, which wait in a lane
// per endpoint (SMTP server, webhook host) drained by at most that endpoint's
// number of workers. Timers wait on the steady clock but every wake re-reads
// wall time, so clock jumps and suspend correct themselves within one timer cap.
#include <utility>  // Boost 1.74 Asio under g++ 12 needs <utility> first.

#include "event_loop.hpp"

#include <condition_variable>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <variant>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "http_server.hpp"
#include "logging.hpp"
#include "sd_notify.hpp"
#include "service/dispatcher.hpp"
#include "state_lock.hpp"

namespace deadlined {

namespace {

namespace asio = boost::asio;

// Transports keep their connections between deliveries; a reload retires the
// ones built for the old snapshot.
class TransportPool {
 public:
  std::unique_ptr<Transport> acquire(const std::shared_ptr<const Snapshot>& snapshot) {
    std::lock_guard lock(m_mutex);
    if (snapshot != m_snapshot) {
      m_idle.clear();
      m_snapshot = snapshot;
    }
    if (m_idle.empty()) {
      return make_transport(snapshot);
    }
    auto transport = std::move(m_idle.back());
    m_idle.pop_back();
    return transport;
  }
  void release(const std::shared_ptr<const Snapshot>& snapshot, std::unique_ptr<Transport> transport) {
    std::lock_guard lock(m_mutex);
    if (snapshot == m_snapshot) {
      m_idle.push_back(std::move(transport));
    }
  }

 private:
  std::mutex m_mutex;
  std::shared_ptr<const Snapshot> m_snapshot;
  std::vector<std::unique_ptr<Transport>> m_idle;
};

// Deliveries claimed ahead of the workers, per lane slot: enough to keep the
// workers busy while the loop commits, few enough to hand back quickly.
constexpr std::size_t k_lane_depth = 32;
// Claims of one turn, at most: one transaction stays short.
constexpr std::size_t k_claims_per_turn = 512;
// Deliveries a worker sends before giving its thread to the other lanes.
constexpr std::size_t k_worker_turn = 64;
// The longest an outcome waits for its batch before the loop commits it
// anyway: slow servers fill batches slowly, and an uncommitted outcome is a
// message a crash would send again.
constexpr std::chrono::milliseconds k_outcome_flush{100};
// Rows read from the outbox per refill: a large burst is read a page at a
// time between turns, so the workers start at once and the loop thread never
// holds them up for long.
constexpr std::size_t k_refill_page = 512;

// A claimed delivery and the snapshot it was rendered from (its transport's).
struct Job {
  std::shared_ptr<Delivery> delivery;
  std::shared_ptr<const Snapshot> snapshot;
};

// One endpoint's claimed deliveries in order, and the workers draining them.
struct Lane {
  std::deque<Job> waiting;
  std::size_t workers = 0;
  std::size_t limit = 1;  // concurrent deliveries to this endpoint
};

struct Finished {
  std::shared_ptr<Delivery> delivery;
  delivery::DeliveryResult result;
};

class Service {
 public:
  Service(const RunOptions& options, std::shared_ptr<const Snapshot> snapshot, Outbox& outbox, spdlog::logger& log,
          std::chrono::seconds clock_offset)
      : m_options(options),
        m_outbox(outbox),
        m_log(log),
        m_clock_offset(clock_offset),
        m_dispatcher(outbox, std::move(snapshot), log),
        m_workers(static_cast<std::size_t>(m_dispatcher.snapshot()->config.delivery.workers)),
        m_signals(m_io, SIGINT, SIGTERM, SIGHUP),
        m_timer(m_io),
        m_watchdog_timer(m_io),
        m_drain_timer(m_io),
        m_flush_timer(m_io) {
    m_max_unrecorded = static_cast<std::size_t>(m_dispatcher.snapshot()->config.delivery.max_unrecorded);
  }

  int run() {
    auto started = m_dispatcher.start(now());
    if (!started) {
      m_log.critical("cannot start: {}", started.error());
      return k_exit_failure;
    }
    m_log.info(
        "started: {} reminders planned ({} new, {} updated, {} skipped), {} requeued after a stop, "
        "{} missed stages collapsed, {} too old, {} held for the next send slot",
        started->reconcile.inserted + started->reconcile.updated + started->reconcile.unchanged +
            started->reconcile.revived,
        started->reconcile.inserted, started->reconcile.updated, started->reconcile.skipped, started->requeued,
        started->collapsed, started->stale, started->deferred);
    if (int code = start_http(); code != k_exit_ok) {
      return code;
    }
    wait_for_signal();
    start_watchdog();
    m_notifier.ready(status_text());
    wake();
    m_io.run();
    {
      std::lock_guard lock(m_mutex);
      m_halt = true;  // a worker waiting for room gives up
    }
    m_room.notify_all();
    m_workers.join();
    record_late_outcomes();
    // A refused turn that later turns recovered from is logged, not a failure.
    return m_outbox_refusing ? k_exit_failure : m_exit_code;
  }

  // Deliveries that finished after the loop stopped (the drain deadline):
  // recorded now, so the next start does not send them again.
  void record_late_outcomes() {
    std::vector<Finished> finished;
    {
      std::lock_guard lock(m_mutex);
      finished.swap(m_finished);
    }
    if (finished.empty()) {
      return;
    }
    std::vector<std::pair<const Delivery*, delivery::DeliveryResult>> outcomes;
    for (const auto& done : finished) {
      outcomes.emplace_back(done.delivery.get(), done.result);
    }
    if (auto recorded = m_dispatcher.complete_batch(outcomes, now()); !recorded) {
      m_log.error("outbox: {}", recorded.error());
      m_exit_code = k_exit_failure;
    }
  }

 private:
  Instant now() const {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + m_clock_offset;
  }

  // The HTTP surface ([http]); not in --once runs.
  int start_http() {
    m_counters.started = now();
    if (m_options.once || !m_dispatcher.snapshot()->config.http.enabled) {
      return k_exit_ok;
    }
    HttpServerHooks hooks;
    hooks.now = [this] { return now(); };
    hooks.snapshot = [this] { return m_dispatcher.snapshot(); };
    hooks.outbox = &m_outbox;
    hooks.counters = &m_counters;
    hooks.environment = process_environment();
    auto server = HttpServer::start(m_io, std::move(hooks), m_log);
    if (!server) {
      m_log.critical("cannot start: {}", server.error().message);
      return server.error().config ? k_exit_config : k_exit_failure;
    }
    m_http = std::move(*server);
    return k_exit_ok;
  }

  void count(const Delivery& delivery, const delivery::DeliveryResult& result) {
    std::string channel(to_string(delivery.channel));
    using Kind = delivery::DeliveryResult::Kind;
    if (result.kind == Kind::sent) {
      m_counters.reminders_sent[channel] += delivery.keys.size();
      m_counters.last_success = now();
    } else {
      m_counters.reminders_failed[channel] += delivery.keys.size();
    }
    ++m_counters.messages[{channel, delivery::to_string(result.kind)}];
  }

  std::string status_text() {
    std::string text;
    auto counts = m_outbox.counts();
    if (counts) {
      text = std::to_string((*counts)[OutboxState::pending] + (*counts)[OutboxState::failed]) + " pending";
    }
    auto next = m_dispatcher.next_due();
    if (next && *next) {
      text += ", next send " + m_dispatcher.snapshot()->zone.iso8601(**next);
    } else {
      text += ", nothing scheduled";
    }
    return text;
  }

  void wait_for_signal() {
    m_signals.async_wait([this](const boost::system::error_code& error, int signal) {
      if (error) {
        return;
      }
      if (signal == SIGHUP) {
        reload();
        wait_for_signal();
      } else {
        m_log.info("received {}, stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
        stop();
      }
    });
  }

  void reload() {
    m_notifier.reloading();
    m_log.info("reloading {}", m_options.config.string());
    SnapshotOptions options;
    options.state_dir = m_options.state_dir;
    // A reload never ends the daemon: whatever loading throws is one more error.
    tl::expected<std::shared_ptr<const Snapshot>, Diagnostics> loaded = tl::unexpected(Diagnostics{});
    try {
      loaded = load_snapshot(m_options.config, process_environment(), options);
    } catch (const std::exception& e) {
      loaded = tl::unexpected(Diagnostics{
          Diagnostic{m_options.config.string(), 0, 0, std::string("cannot load the configuration: ") + e.what()}});
    }
    if (!loaded) {
      for (const auto& diagnostic : loaded.error()) {
        m_log.log(diagnostic.severity == Severity::error ? spdlog::level::err : spdlog::level::warn, "{}",
                  diagnostic.format());
      }
      m_log.error("reload failed; keeping the running configuration");
      ++m_counters.reloads_failed;
      m_notifier.ready("reload failed, running the previous configuration; " + status_text());
      return;
    }
    auto state_dir = m_dispatcher.snapshot()->config.daemon.state_dir;
    if ((*loaded)->config.daemon.state_dir != state_dir) {
      m_log.warn("daemon.state_dir changed; it takes effect at the next restart");
    }
    // Claimed deliveries not yet started were rendered from the old config:
    // back to the outbox, so the re-plan sees them as they are.
    release_waiting("released unsent: the configuration was reloaded");
    m_queue.clear();
    m_queued = 0;
    auto result = m_dispatcher.reload(*loaded, now());
    if (!result) {
      m_log.error("reload failed: {}; keeping the running configuration", result.error());
      ++m_counters.reloads_failed;
      m_notifier.ready("reload failed; " + status_text());
      return;
    }
    m_log.set_level(spdlog::level::from_str((*loaded)->config.daemon.log_level));
    {
      std::lock_guard lock(m_mutex);
      m_max_unrecorded = static_cast<std::size_t>((*loaded)->config.delivery.max_unrecorded);
    }
    m_room.notify_all();
    m_log.info("reloaded: {} new, {} updated, {} revived, {} skipped, {} unchanged", result->inserted, result->updated,
               result->revived, result->skipped, result->unchanged);
    ++m_counters.reloads_succeeded;
    if (m_http) {
      m_http->reload();
    }
    m_notifier.ready(status_text());
    wake();
  }

  void stop() {
    if (m_stopping) {
      return;
    }
    m_stopping = true;
    m_notifier.stopping();
    m_timer.cancel();
    m_watchdog_timer.cancel();
    m_flush_timer.cancel();
    m_signals.cancel();
    if (m_http) {
      m_http->stop();
    }
    // Queued deliveries were never claimed: they stay pending for the next
    // start; claimed ones no worker started go back to the outbox.
    m_queue.clear();
    m_queued = 0;
    {
      std::lock_guard lock(m_mutex);
      m_halt = true;
    }
    m_room.notify_all();
    release_waiting("released unsent: the daemon stopped");
    if (m_claimed == 0) {
      m_io.stop();
      return;
    }
    m_log.info("waiting up to {} s for {} deliveries in flight",
               m_dispatcher.snapshot()->config.delivery.drain_timeout_s, m_claimed);
    m_drain_timer.expires_after(std::chrono::seconds{m_dispatcher.snapshot()->config.delivery.drain_timeout_s});
    m_drain_timer.async_wait([this](const boost::system::error_code& error) {
      if (!error) {
        // Rows still in flight stay "sending" and are retried at the next start.
        pump();  // record what did finish
        if (m_claimed > 0) {
          m_log.warn("{} deliveries still in flight at the drain deadline", m_claimed);
        }
        m_io.stop();
      }
    });
  }

  void start_watchdog() {
    auto interval = m_notifier.watchdog_interval();
    if (!interval) {
      return;
    }
    m_notifier.watchdog();
    m_watchdog_timer.expires_after(*interval);
    m_watchdog_timer.async_wait([this](const boost::system::error_code& error) {
      if (!error && !m_stopping) {
        start_watchdog();
      }
    });
  }

  // Claims what is due, hands it to the workers, arms the timer for the next.
  void wake() {
    if (m_stopping) {
      return;
    }
    Instant current = now();
    m_turn_failed = false;
    if (auto changed = m_dispatcher.triggers_changed(); (changed && *changed) || m_dispatcher.horizon_moved(current)) {
      if (auto planned = m_dispatcher.replan(current); planned) {
        m_log.info("new on-demand occurrences: {} reminders planned", planned->inserted);
      }
    }
    refill(current);
    pump();
    if (m_options.once) {
      finish_if_idle();
      return;
    }
    arm_timer(current);
    m_notifier.status(status_text());
  }

  void arm_timer(Instant current) {
    const auto cap = std::chrono::seconds{m_dispatcher.snapshot()->config.delivery.timer_cap_s};
    auto wait = cap;
    auto next = m_dispatcher.next_due();
    if (next && *next) {
      auto until = **next - current;
      // While a burst is queued or in flight, rows due now are already being
      // worked through and completions drive the loop: no zero-wait spinning.
      // After a refused turn, likewise: a retry at most once a second.
      const bool busy = m_queued > 0 || m_claimed > 0 || m_turn_failed;
      wait = std::clamp<std::chrono::seconds>(until, std::chrono::seconds{busy ? 1 : 0}, cap);
    }
    m_timer.expires_after(wait);
    m_timer.async_wait([this](const boost::system::error_code& error) {
      if (!error) {
        wake();
      }
    });
  }

  std::size_t limit_for(const Delivery& delivery) const {
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
  void refill(Instant current) {
    if (m_queued > 0) {
      return;
    }
    // Rendering waits for the worker that sends it: the loop thread only
    // groups and claims.
    m_more_due = false;
    auto due = m_dispatcher.peek_due(current, k_refill_page, Rendering::deferred, &m_more_due);
    if (!due) {
      m_more_due = false;
      m_log.error("outbox: {}", due.error());
      return;
    }
    for (auto& delivery : *due) {
      auto& queue = m_queue[delivery.endpoint];
      queue.push_back(std::make_shared<Delivery>(std::move(delivery)));
      ++m_queued;
    }
  }

  // Takes from the queue what the lanes have room for (caller holds m_mutex).
  std::vector<std::shared_ptr<Delivery>> pick_claims() {
    std::vector<std::shared_ptr<Delivery>> picked;
    for (auto it = m_queue.begin(); it != m_queue.end() && picked.size() < k_claims_per_turn;) {
      auto& [endpoint, queue] = *it;
      Lane& lane = m_lanes[endpoint];
      lane.limit = limit_for(*queue.front());
      // Deep enough that the workers never wait for a turn to refill it.
      const std::size_t depth = std::max(lane.limit * k_lane_depth, 2 * m_max_unrecorded);
      for (std::size_t ahead = lane.waiting.size();
           !queue.empty() && ahead < depth && picked.size() < k_claims_per_turn; ++ahead) {
        picked.push_back(std::move(queue.front()));
        queue.pop_front();
        --m_queued;
      }
      it = queue.empty() ? m_queue.erase(it) : std::next(it);
    }
    return picked;
  }

  // Starts workers on a lane up to its limit (caller holds m_mutex).
  void start_workers(const std::string& endpoint, Lane& lane) {
    while (lane.workers < lane.limit && lane.workers < lane.waiting.size()) {
      ++lane.workers;
      asio::post(m_workers, [this, endpoint] { drain_lane(endpoint); });
    }
  }

  // A worker: sends the lane's deliveries one after another on one transport
  // (its connection stays open), handing each outcome to the loop. It waits
  // while max_unrecorded outcomes are not yet committed.
  void drain_lane(const std::string& endpoint) {
    std::shared_ptr<const Snapshot> snapshot;
    std::unique_ptr<Transport> transport;
    std::unique_lock lock(m_mutex);
    Lane& lane = m_lanes[endpoint];  // map nodes are stable
    for (std::size_t sent = 0;; ++sent) {
      m_room.wait(lock, [&] { return m_halt || lane.waiting.empty() || m_unrecorded < m_max_unrecorded; });
      if (m_halt || lane.waiting.empty() || sent == k_worker_turn) {
        if (!m_halt && !lane.waiting.empty()) {
          // Back of the pool's queue: other lanes get this thread in between.
          asio::post(m_workers, [this, endpoint] { drain_lane(endpoint); });
        } else {
          --lane.workers;
        }
        post_pump_if_needed(!m_finished.empty());  // nothing left here to batch with
        break;
      }
      Job job = std::move(lane.waiting.front());
      lane.waiting.pop_front();
      ++m_unrecorded;
      lock.unlock();
      if (job.snapshot != snapshot) {
        if (transport) {
          m_transports.release(snapshot, std::move(transport));
        }
        snapshot = job.snapshot;
        transport = m_transports.acquire(snapshot);
      }
      delivery::DeliveryResult result;
      if (auto rendered = render_payload(*job.delivery, *job.snapshot, now()); !rendered) {
        result = {delivery::DeliveryResult::Kind::permanent, "cannot render the message: " + rendered.error(), 0};
      } else {
        result = transport->deliver(*job.delivery, now());
      }
      lock.lock();
      m_finished.push_back(Finished{std::move(job.delivery), std::move(result)});
      if (!m_flush_armed) {
        m_flush_armed = true;  // this outcome is committed within k_outcome_flush
        asio::post(m_io, [this] { arm_flush(); });
      }
      // Outcomes are committed in batches of half the unrecorded bound (the
      // workers go on sending the other half meanwhile), or at once when this
      // lane ran dry, the bound is reached, or the daemon stops.
      const bool batch_full = m_finished.size() >= std::max<std::size_t>(1, m_max_unrecorded / 2);
      post_pump_if_needed(batch_full || lane.waiting.empty() || m_unrecorded >= m_max_unrecorded || m_halt);
    }
    lock.unlock();
    if (transport) {
      m_transports.release(snapshot, std::move(transport));
    }
  }

  // Loop thread: a turn once k_outcome_flush has passed, whatever the batch.
  void arm_flush() {
    m_flush_timer.expires_after(k_outcome_flush);
    m_flush_timer.async_wait([this](const boost::system::error_code& error) {
      {
        std::lock_guard lock(m_mutex);
        m_flush_armed = false;
      }
      if (!error) {
        pump();
      }
    });
  }

  // Caller holds m_mutex.
  void post_pump_if_needed(bool needed) {
    if (needed && !m_pump_posted) {
      m_pump_posted = true;
      asio::post(m_io, [this] { pump(); });
    }
  }

  // One turn: the outcomes that arrived and the next claims, in one outbox
  // transaction; then the claimed deliveries go to their lanes.
  void pump() {
    std::vector<Finished> finished;
    std::vector<std::shared_ptr<Delivery>> claiming;
    {
      std::lock_guard lock(m_mutex);
      m_pump_posted = false;
      finished.swap(m_finished);
      if (!m_stopping) {
        claiming = pick_claims();
      }
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
      auto turn = m_dispatcher.commit_turn(outcomes, claims, now());
      if (turn) {
        claimed = std::move(*turn);
        if (m_outbox_refusing) {
          m_outbox_refusing = false;
          m_log.info("outbox: turns are recorded again");
        }
      } else {
        recorded = false;
        // Nothing was recorded. The outcomes wait for the next turn (and keep
        // counting against max_unrecorded, so the workers pause); the
        // unclaimed deliveries are due again at the next refill.
        m_log.error("outbox: {}", turn.error());
        m_outbox_refusing = true;
        m_turn_failed = true;  // no retry before the next timer wake
      }
    }
    if (recorded) {
      for (const auto& done : finished) {
        count(*done.delivery, done.result);
      }
    } else if (!finished.empty()) {
      std::lock_guard lock(m_mutex);
      m_finished.insert(m_finished.begin(), std::make_move_iterator(finished.begin()),
                        std::make_move_iterator(finished.end()));
      finished.clear();
    }
    std::size_t started = 0;
    {
      std::lock_guard lock(m_mutex);
      m_unrecorded -= finished.size();
      auto snapshot = m_dispatcher.snapshot();
      for (std::size_t i = 0; i < claiming.size(); ++i) {
        if (!claimed[i]) {
          continue;  // changed since it was queued (a reload, an ack)
        }
        Lane& lane = m_lanes[claiming[i]->endpoint];
        lane.waiting.push_back(Job{claiming[i], snapshot});
        ++started;
      }
      for (auto& [endpoint, lane] : m_lanes) {
        start_workers(endpoint, lane);
      }
    }
    if (!finished.empty()) {
      m_room.notify_all();
    }
    m_claimed = m_claimed + started - finished.size();
    after_turn(!finished.empty());
  }

  // recorded_any: this turn recorded outcomes (a timer wake that found
  // nothing has refilled already).
  void after_turn(bool recorded_any) {
    if (m_stopping) {
      if (m_claimed == 0) {
        m_drain_timer.cancel();
        m_io.stop();
      }
      return;
    }
    if (m_turn_failed) {
      if (m_options.once) {
        // Nothing else would wake a --once run: stop, what is not recorded
        // is retried at the next start.
        m_log.error("stopping: the outbox refused the last turn");
        m_io.stop();
      }
      return;  // the timer retries
    }
    if (m_queued > 0 && m_claimed == 0) {
      // Every claim of the turn was refused (rows changed meanwhile): go on
      // with the rest of the queue.
      asio::post(m_io, [this] { pump(); });
      return;
    }
    if (m_queued == 0 && m_more_due) {
      // The next page of a burst; the rows claimed so far are not due.
      refill(now());
      if (m_queued > 0) {
        if (m_claimed == 0) {
          asio::post(m_io, [this] { pump(); });
        }
        return;
      }
    }
    if (m_queued == 0 && m_claimed == 0 && recorded_any) {
      // The burst is through; more may have become due meanwhile.
      refill(now());
      if (m_queued > 0) {
        asio::post(m_io, [this] { pump(); });
        return;
      }
    }
    if (m_options.once) {
      finish_if_idle();
    }
  }

  // Claimed deliveries no worker has started go back to the outbox.
  void release_waiting(std::string_view why) {
    std::vector<Job> waiting;
    {
      std::lock_guard lock(m_mutex);
      for (auto& [endpoint, lane] : m_lanes) {
        std::move(lane.waiting.begin(), lane.waiting.end(), std::back_inserter(waiting));
        lane.waiting.clear();
      }
    }
    if (waiting.empty()) {
      return;
    }
    std::vector<const Delivery*> deliveries;
    for (const auto& job : waiting) {
      deliveries.push_back(job.delivery.get());
    }
    if (auto released = m_dispatcher.release(deliveries, now(), why); !released) {
      // They stay `sending` and are requeued at the next start.
      m_log.error("outbox: {}", released.error());
    }
    m_claimed -= waiting.size();
  }

  void finish_if_idle() {
    if (m_claimed == 0 && m_queued == 0) {
      m_log.info("done: {}", status_text());
      m_io.stop();
    }
  }

  const RunOptions& m_options;
  Outbox& m_outbox;
  spdlog::logger& m_log;
  std::chrono::seconds m_clock_offset;
  Dispatcher m_dispatcher;
  SystemdNotifier m_notifier;
  asio::io_context m_io;
  asio::thread_pool m_workers;
  asio::signal_set m_signals;
  asio::steady_timer m_timer;
  asio::steady_timer m_watchdog_timer;
  asio::steady_timer m_drain_timer;
  asio::steady_timer m_flush_timer;  // bounds how long an outcome waits for its batch
  TransportPool m_transports;
  // Loop thread only: unclaimed deliveries per endpoint, their number, and
  // the claimed ones whose outcome is not committed yet.
  std::map<std::string, std::deque<std::shared_ptr<Delivery>>> m_queue;
  std::size_t m_queued = 0;
  bool m_more_due = false;  // the last refill filled its page
  std::size_t m_claimed = 0;
  // Shared with the workers, under m_mutex.
  std::mutex m_mutex;
  std::condition_variable m_room;  // an outcome was committed, or the daemon stops
  std::map<std::string, Lane> m_lanes;
  std::vector<Finished> m_finished;
  std::size_t m_unrecorded = 0;  // started and not yet committed
  std::size_t m_max_unrecorded = 1;
  bool m_pump_posted = false;
  bool m_flush_armed = false;  // a flush turn is posted or armed
  bool m_halt = false;         // workers take no more deliveries
  bool m_turn_failed = false;  // loop thread: the outbox refused the last turn
  bool m_stopping = false;
  int m_exit_code = k_exit_ok;
  bool m_outbox_refusing = false;  // the last turn was refused and none recorded since
  http_views::DaemonCounters m_counters;
  std::unique_ptr<HttpServer> m_http;  // after m_io: destroyed first
};

}  // namespace

int run_service(const RunOptions& options) {
  SnapshotOptions snapshot_options;
  snapshot_options.state_dir = options.state_dir;
  auto snapshot = load_snapshot(options.config, process_environment(), snapshot_options);
  if (!snapshot) {
    // Not through the logger: these are for the admin at the terminal or in the journal.
    for (const auto& diagnostic : snapshot.error()) {
      std::cerr << diagnostic.format() << '\n';
    }
    std::cerr << options.config.string() << ": configuration has errors; not starting\n";
    return k_exit_config;
  }
  for (const auto& warning : (*snapshot)->warnings) {
    std::cerr << warning.format() << '\n';
  }
  auto log = make_logger((*snapshot)->config.daemon.log_level);
  // Before the outbox is touched: a second daemon would requeue and send
  // again what the first one has claimed.
  const auto& state_dir = (*snapshot)->config.daemon.state_dir;
  auto lock = StateLock::acquire(state_dir);
  if (!lock) {
    if (const auto* busy = std::get_if<StateLock::Busy>(&lock.error())) {
      log->critical(
          "another deadlined{} is running on the state directory {} (it holds {}); one daemon per state "
          "directory: not starting. `outbox`, `report`, `done`, `undo` and `trigger` work beside it.",
          busy->holder_pid.empty() ? "" : " (PID " + busy->holder_pid + ")", state_dir.string(), busy->file.string());
      return k_exit_busy;
    }
    log->critical("{}", std::get<StateLock::Failure>(lock.error()).message);
    return k_exit_failure;
  }
  auto outbox = Outbox::open(outbox_path((*snapshot)->config), (*snapshot)->config.delivery.synchronous_full
                                                                   ? Outbox::Durability::full
                                                                   : Outbox::Durability::normal);
  if (!outbox) {
    log->critical("{}", outbox.error());
    return k_exit_failure;
  }
  std::chrono::seconds offset{0};
  if (options.start_at) {
    offset = *options.start_at - std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    log->warn("clock starts at {} (--now), not the system time", (*snapshot)->zone.iso8601(*options.start_at));
  }
  log->info("deadlined {} starting with {} ({} units, {} plans), state in {}", DEADLINED_VERSION,
            options.config.string(), (*snapshot)->config.units.size(), (*snapshot)->config.plans.size(),
            (*snapshot)->config.daemon.state_dir.string());
  int code = k_exit_ok;
  {
    Service service(options, *snapshot, *outbox, *log, offset);
    code = service.run();
  }
  return code;
}

}  // namespace deadlined
