// The event loop: one io_context thread owns the outbox and the dispatcher;
// deliveries run on a worker pool (blocking libcurl) and post their results
// back. Timers wait on the steady clock but every wake re-reads wall time, so
// clock jumps and suspend correct themselves within one timer cap.
#include <utility>  // Boost 1.74 Asio under g++ 12 needs <utility> first.

#include "event_loop.hpp"

#include <deque>
#include <iostream>
#include <map>
#include <mutex>

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

class Service {
public:
  Service(const RunOptions& options, std::shared_ptr<const Snapshot> snapshot, Outbox& outbox,
          spdlog::logger& log, std::chrono::seconds clock_offset)
      : m_options(options),
        m_outbox(outbox),
        m_log(log),
        m_clock_offset(clock_offset),
        m_dispatcher(outbox, std::move(snapshot), log),
        m_workers(static_cast<std::size_t>(m_dispatcher.snapshot()->config.delivery.workers)),
        m_signals(m_io, SIGINT, SIGTERM, SIGHUP),
        m_timer(m_io),
        m_watchdog_timer(m_io),
        m_drain_timer(m_io) {}

  int run() {
    auto started = m_dispatcher.start(now());
    if (!started) {
      m_log.critical("cannot start: {}", started.error());
      return k_exit_failure;
    }
    m_log.info("started: {} reminders planned ({} new, {} updated, {} skipped), {} requeued after a stop, "
               "{} missed stages collapsed, {} too old",
               started->reconcile.inserted + started->reconcile.updated + started->reconcile.unchanged +
                   started->reconcile.revived,
               started->reconcile.inserted, started->reconcile.updated, started->reconcile.skipped,
               started->requeued, started->collapsed, started->stale);
    if (int code = start_http(); code != k_exit_ok) {
      return code;
    }
    wait_for_signal();
    start_watchdog();
    m_notifier.ready(status_text());
    wake();
    m_io.run();
    m_workers.join();
    return m_exit_code;
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
    auto loaded = load_snapshot(m_options.config, process_environment(), options);
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
    auto result = m_dispatcher.reload(*loaded, now());
    if (!result) {
      m_log.error("reload failed: {}; keeping the running configuration", result.error());
      ++m_counters.reloads_failed;
      m_notifier.ready("reload failed; " + status_text());
      return;
    }
    m_log.set_level(spdlog::level::from_str((*loaded)->config.daemon.log_level));
    m_log.info("reloaded: {} new, {} updated, {} revived, {} skipped, {} unchanged", result->inserted,
               result->updated, result->revived, result->skipped, result->unchanged);
    ++m_counters.reloads_succeeded;
    if (m_http) {
      m_http->reload();
    }
    // Queued deliveries were rendered from the old config; take them anew.
    m_queue.clear();
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
    m_signals.cancel();
    if (m_http) {
      m_http->stop();
    }
    // Queued deliveries were never claimed: they stay pending for the next start.
    m_queue.clear();
    if (m_in_flight == 0) {
      m_io.stop();
      return;
    }
    m_log.info("waiting up to {} s for {} deliveries in flight", m_dispatcher.snapshot()->config.delivery.drain_timeout_s,
               m_in_flight);
    m_drain_timer.expires_after(std::chrono::seconds{m_dispatcher.snapshot()->config.delivery.drain_timeout_s});
    m_drain_timer.async_wait([this](const boost::system::error_code& error) {
      if (!error) {
        // Rows still in flight stay "sending" and are retried at the next start.
        m_log.warn("{} deliveries still in flight at the drain deadline", m_in_flight);
        flush();  // record what did finish
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
    if (auto changed = m_dispatcher.triggers_changed(); changed && *changed) {
      if (auto planned = m_dispatcher.replan(current); planned) {
        m_log.info("new on-demand occurrences: {} reminders planned", planned->inserted);
      }
    }
    refill(current);
    dispatch();
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
      const bool busy = !m_queue.empty() || m_in_flight > 0;
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

  // The queue holds unclaimed deliveries; it is refilled only when empty, so
  // no row is queued twice.
  void refill(Instant current) {
    if (!m_queue.empty()) {
      return;
    }
    auto due = m_dispatcher.peek_due(current);
    if (!due) {
      m_log.error("outbox: {}", due.error());
      return;
    }
    for (auto& delivery : *due) {
      m_queue.push_back(std::move(delivery));
    }
  }

  // Starts queued deliveries within the per-endpoint and pool bounds, claiming
  // each right before it goes to a worker.
  void dispatch() {
    const auto workers = static_cast<std::size_t>(m_dispatcher.snapshot()->config.delivery.workers);
    std::vector<std::shared_ptr<Delivery>> starting;
    for (auto it = m_queue.begin(); it != m_queue.end() && m_in_flight + starting.size() < workers;) {
      std::size_t& busy = m_busy[it->endpoint];
      if (busy >= limit_for(*it)) {
        ++it;
        continue;
      }
      ++busy;
      starting.push_back(std::make_shared<Delivery>(std::move(*it)));
      it = m_queue.erase(it);
    }
    if (starting.empty()) {
      return;
    }
    // One transaction claims everything this pass starts.
    std::vector<Delivery*> jobs;
    for (const auto& job : starting) {
      jobs.push_back(job.get());
    }
    auto claimed = m_dispatcher.claim_batch(jobs, now());
    if (!claimed) {
      m_log.error("outbox: {}", claimed.error());
    }
    auto snapshot = m_dispatcher.snapshot();
    for (std::size_t i = 0; i < starting.size(); ++i) {
      if (!claimed || !(*claimed)[i]) {
        // Changed since it was queued (a reload); the next refill sees it.
        --m_busy[starting[i]->endpoint];
        continue;
      }
      ++m_in_flight;
      auto job = starting[i];
      asio::post(m_workers, [this, job, snapshot] {
        auto transport = m_transports.acquire(snapshot);
        auto result = transport->deliver(*job, now());
        m_transports.release(snapshot, std::move(transport));
        asio::post(m_io, [this, job, result] { finished(job, result); });
      });
    }
  }

  // Results arriving in one turn of the loop are recorded together (flush).
  void finished(const std::shared_ptr<Delivery>& delivery, const delivery::DeliveryResult& result) {
    --m_in_flight;
    --m_busy[delivery->endpoint];
    count(*delivery, result);
    m_completed.emplace_back(delivery, result);
    if (!m_flush_posted) {
      m_flush_posted = true;
      asio::post(m_io, [this] { flush(); });
    }
  }

  void flush() {
    m_flush_posted = false;
    if (!m_completed.empty()) {
      std::vector<std::pair<const Delivery*, delivery::DeliveryResult>> outcomes;
      for (const auto& [delivery, result] : m_completed) {
        outcomes.emplace_back(delivery.get(), result);
      }
      if (auto done = m_dispatcher.complete_batch(outcomes, now()); !done) {
        m_log.error("outbox: {}", done.error());
        m_exit_code = k_exit_failure;
      }
      m_completed.clear();
    }
    if (m_stopping) {
      if (m_in_flight == 0) {
        m_drain_timer.cancel();
        m_io.stop();
      }
      return;
    }
    dispatch();
    if (m_queue.empty() && m_in_flight == 0) {
      refill(now());
      dispatch();
    }
    if (m_options.once) {
      finish_if_idle();
    }
  }

  void finish_if_idle() {
    if (m_in_flight == 0 && m_queue.empty()) {
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
  TransportPool m_transports;
  std::deque<Delivery> m_queue;
  std::map<std::string, std::size_t> m_busy;
  std::size_t m_in_flight = 0;
  std::vector<std::pair<std::shared_ptr<Delivery>, delivery::DeliveryResult>> m_completed;
  bool m_flush_posted = false;
  bool m_stopping = false;
  int m_exit_code = k_exit_ok;
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
