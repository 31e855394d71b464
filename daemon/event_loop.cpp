// The daemon's lifecycle: start, signals (SIGHUP reloads, SIGTERM/SIGINT
// stop), the systemd watchdog and notifications, and the HTTP listener. It
// owns the current snapshot: the dispatcher's on the loop thread, published
// for the HTTP thread through an atomically swapped pointer. The delivery itself is
// split the way Postfix splits its queue manager: the turns of the loop
// thread (turns.hpp: refill, commit, flush timer), the delivery lanes
// (service/lanes.hpp: per-endpoint queues, concurrency, back-pressure) and
// the transports (transports.hpp: the worker threads and their connections).
// Timers wait on the steady clock but every wake re-reads wall time, so clock
// jumps and suspend correct themselves within one timer cap.
#include <utility>  // Boost 1.74 Asio under g++ 12 needs <utility> first.

#include "event_loop.hpp"

#include <atomic>
#include <iostream>
#include <mutex>
#include <thread>
#include <variant>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "config/config_changes.hpp"
#include "http_server.hpp"
#include "logging.hpp"
#include "sd_notify.hpp"
#include "service/dispatcher.hpp"
#include "state_lock.hpp"
#include "turns.hpp"

namespace deadlined {

namespace {

namespace asio = boost::asio;

// Rows a reload writes per chunk: one short transaction, after which the
// loop's turns and timers run before the next chunk.
constexpr std::size_t k_reload_chunk_rows = 500;

// The reload's background part: loads and validates the configuration and
// plans its rows. Reads only files and its arguments, never the outbox.
tl::expected<PlannedReload, Diagnostics> load_and_plan(const std::filesystem::path& config,
                                                       const SnapshotOptions& options, const PlanningInputs& inputs,
                                                       Instant now) {
  // A reload never ends the daemon: whatever loading throws is one more error.
  try {
    auto loaded = load_snapshot(config, process_environment(), options);
    if (!loaded) {
      return tl::unexpected(std::move(loaded.error()));
    }
    return plan_reload(std::move(*loaded), inputs, now);
  } catch (const std::exception& e) {
    return tl::unexpected(
        Diagnostics{Diagnostic{config.string(), 0, 0, std::string("cannot load the configuration: ") + e.what()}});
  }
}

class Service {
 public:
  Service(const RunOptions& options, std::shared_ptr<const Snapshot> snapshot, Outbox& outbox, spdlog::logger& log,
          std::chrono::seconds clock_offset)
      : m_options(options),
        m_outbox(outbox),
        m_log(log),
        m_clock_offset(clock_offset),
        m_dispatcher(outbox, snapshot, log),
        m_signals(m_io, SIGINT, SIGTERM, SIGHUP),
        m_watchdog_timer(m_io),
        m_turns(m_io, m_dispatcher, log, options.once, turn_hooks()),
        m_published(std::move(snapshot)) {}

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
    m_turns.wake();
    m_io.run();
    if (m_reload_thread.joinable()) {
      m_reload_thread.join();  // its result is dropped: the daemon stopped
    }
    // Outcomes that finished after the drain deadline are recorded now.
    const bool recorded = m_turns.finish();
    // A refused turn that later turns recovered from is logged, not a failure.
    return m_turns.outbox_refusing() || !recorded ? k_exit_failure : k_exit_ok;
  }

 private:
  Instant now() const {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + m_clock_offset;
  }

  TurnHooks turn_hooks() {
    TurnHooks hooks;
    hooks.now = [this] { return now(); };
    hooks.status_text = [this] { return status_text(); };
    hooks.after_wake = [this] { m_notifier.status(status_text()); };
    hooks.count = [this](const Delivery& delivery, const delivery::DeliveryResult& result) { count(delivery, result); };
    return hooks;
  }

  // The HTTP surface ([http]) on its own thread; not in --once runs.
  int start_http() {
    {
      std::lock_guard lock(m_counters_mutex);
      m_counters.started = now();
    }
    const Config& config = m_dispatcher.snapshot()->config;
    if (m_options.once || !config.http.enabled) {
      return k_exit_ok;
    }
    HttpServerHooks hooks;
    hooks.now = [this] { return now(); };
    hooks.snapshot = [this] { return m_published.load(); };
    hooks.outbox = m_outbox.path();
    hooks.durability = config.delivery.synchronous_full ? Outbox::Durability::full : Outbox::Durability::normal;
    hooks.counters = [this] {
      std::lock_guard lock(m_counters_mutex);
      return m_counters;
    };
    hooks.environment = process_environment();
    auto server = HttpServer::start(std::move(hooks), m_log);
    if (!server) {
      m_log.critical("cannot start: {}", server.error().message);
      return server.error().config ? k_exit_config : k_exit_failure;
    }
    m_http = std::move(*server);
    return k_exit_ok;
  }

  void count(const Delivery& delivery, const delivery::DeliveryResult& result) {
    const Channel channel = delivery.channel;
    std::lock_guard lock(m_counters_mutex);
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

  // SIGHUP: the configuration is loaded, validated and planned on a thread
  // of its own while the loop goes on delivering; then the loop writes the
  // plan a chunk at a time between its turns (apply_chunk) and swaps the new
  // snapshot in. A configuration with errors keeps the running one.
  void reload() {
    if (m_reload_thread.joinable() || m_applying) {
      m_reload_again = true;  // once the reload in progress is through
      return;
    }
    m_notifier.reloading();
    m_log.info("reloading {}", m_options.config.string());
    auto inputs = m_dispatcher.planning_inputs();
    if (!inputs) {
      reload_failed("reload failed: " + inputs.error() + "; keeping the running configuration", "reload failed; ");
      return;
    }
    SnapshotOptions options;
    options.state_dir = m_options.state_dir;
    m_reload_thread = std::thread([this, options, inputs = std::move(*inputs), at = now()] {
      auto planned = std::make_shared<tl::expected<PlannedReload, Diagnostics>>(
          load_and_plan(m_options.config, options, inputs, at));
      asio::post(m_io, [this, planned] { on_planned(std::move(*planned)); });
    });
  }

  void on_planned(tl::expected<PlannedReload, Diagnostics> planned) {
    m_reload_thread.join();
    if (m_stopping) {
      return;
    }
    if (!planned) {
      for (const auto& diagnostic : planned.error()) {
        m_log.log(diagnostic.severity == Severity::error ? spdlog::level::err : spdlog::level::warn, "{}",
                  diagnostic.format());
      }
      reload_failed("reload failed; keeping the running configuration",
                    "reload failed, running the previous configuration; ");
      return;
    }
    if (planned->snapshot->config.daemon.state_dir != m_dispatcher.snapshot()->config.daemon.state_dir) {
      m_log.warn("daemon.state_dir changed; it takes effect at the next restart");
    }
    // A careless edit (a unit or a whole plan gone) would otherwise show only
    // as reminders that never come.
    if (auto removed = removed_between(m_dispatcher.snapshot()->config, planned->snapshot->config); !removed.empty()) {
      m_log.warn(
          "reload removes {}: their pending reminders will be skipped; if that was not meant, restore the "
          "configuration and reload again (skipped reminders are planned again)",
          describe(removed));
    }
    if (planned->snapshot->config.units.empty() || planned->snapshot->config.plans.empty()) {
      m_log.warn("the new configuration has no {}: nobody will be reminded",
                 planned->snapshot->config.units.empty() ? "units" : "plans");
    }
    // Claimed deliveries not yet started were rendered from the old config:
    // back to the outbox, so the re-plan sees them as they are.
    m_turns.release_for_reload();
    auto application = m_dispatcher.begin_reload(std::move(*planned), now());
    if (!application) {
      reload_failed("reload failed: " + application.error() + "; keeping the running configuration", "reload failed; ");
      return;
    }
    m_applying = std::move(*application);
    m_turns.pause_replanning(true);  // one reconcile at a time
    asio::post(m_io, [this] { apply_chunk(); });
  }

  // One chunk of the plan; the next one is posted behind the turns, timers
  // and signals that are ready meanwhile.
  void apply_chunk() {
    if (m_stopping || !m_applying) {
      return;  // what was written stays; the next start plans the rest
    }
    auto written = m_applying->step(k_reload_chunk_rows);
    if (written && !*written) {
      asio::post(m_io, [this] { apply_chunk(); });
      return;
    }
    tl::expected<ReconcileResult, std::string> result = tl::unexpected(std::string());
    if (written) {
      // Claimed meanwhile from the old snapshot and not started: back, so
      // they are sent as the new one plans them.
      m_turns.release_for_reload();
      result = m_dispatcher.finish_reload(*m_applying);
    } else {
      result = tl::unexpected(written.error());
    }
    m_applying.reset();
    m_turns.pause_replanning(false);
    if (!result) {
      reload_failed("reload failed: " + result.error() + "; keeping the running configuration", "reload failed; ");
      return;
    }
    const auto& config = m_dispatcher.snapshot()->config;
    m_log.set_level(spdlog::level::from_str(config.daemon.log_level));
    m_turns.set_max_unrecorded(static_cast<std::size_t>(config.delivery.max_unrecorded));
    // The HTTP thread sees the new snapshot and secrets before the log says so.
    count_reload(true);
    m_published.store(m_dispatcher.snapshot());
    if (m_http) {
      m_http->reload();
    }
    m_log.info("reloaded: {} new, {} updated, {} revived, {} skipped, {} unchanged", result->inserted, result->updated,
               result->revived, result->skipped, result->unchanged);
    m_notifier.ready(status_text());
    m_turns.wake();
    reload_again();
  }

  void reload_failed(const std::string& message, const std::string& status_prefix) {
    m_log.error("{}", message);
    count_reload(false);
    m_notifier.ready(status_prefix + status_text());
    reload_again();
  }

  // A SIGHUP that came while a reload was in progress.
  void reload_again() {
    if (m_reload_again && !m_stopping) {
      m_reload_again = false;
      asio::post(m_io, [this] { reload(); });
    }
  }

  void count_reload(bool succeeded) {
    std::lock_guard lock(m_counters_mutex);
    ++(succeeded ? m_counters.reloads_succeeded : m_counters.reloads_failed);
  }

  void stop() {
    if (m_stopping) {
      return;
    }
    m_stopping = true;
    m_notifier.stopping();
    m_watchdog_timer.cancel();
    m_signals.cancel();
    if (m_http) {
      m_http->stop();
    }
    m_turns.stop(std::chrono::seconds{m_dispatcher.snapshot()->config.delivery.drain_timeout_s});
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

  const RunOptions& m_options;
  Outbox& m_outbox;
  spdlog::logger& m_log;
  std::chrono::seconds m_clock_offset;
  Dispatcher m_dispatcher;
  SystemdNotifier m_notifier;
  asio::io_context m_io;
  asio::signal_set m_signals;
  asio::steady_timer m_watchdog_timer;
  Turns m_turns;
  bool m_stopping = false;
  // The current snapshot for the HTTP thread (the loop's is the dispatcher's).
  std::atomic<std::shared_ptr<const Snapshot>> m_published;
  std::mutex m_counters_mutex;  // the loop counts, the HTTP thread copies for /metrics
  http_views::DaemonCounters m_counters;
  std::unique_ptr<HttpServer> m_http;  // its own io_context and thread; stopped first
  // A reload in progress: planned on m_reload_thread, then applied in chunks.
  std::thread m_reload_thread;
  std::unique_ptr<ReloadApplication> m_applying;
  bool m_reload_again = false;  // SIGHUP during a reload
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
