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

#include <algorithm>
#include <atomic>
#include <charconv>
#include <csignal>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <variant>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "checkpoints.hpp"
#include "compaction_timer.hpp"
#include "health.hpp"
#include "http_server.hpp"
#include "logging.hpp"
#include "sd_notify.hpp"
#include "signals.hpp"
#include "service/dispatcher.hpp"
#include "state_lock.hpp"
#include "reload_planning.hpp"
#include "turns.hpp"
#include "util/bounded_queue.hpp"
#include "util/text.hpp"

namespace deadlined {

namespace {
// How often the daemon checks that outbox.sqlite is still the file it has open.
constexpr std::chrono::seconds k_outbox_file_check_interval{5};

}  // namespace

namespace {

namespace asio = boost::asio;

// How much longer systemd waits for a start after each step it reports: a
// step of planning (Dispatcher::k_start_step_rows rows) takes seconds even
// at 1,000x the seed, the catch-up after the last one longer; the unit's
// TimeoutStartSec covers loading the configuration before the first step.
constexpr std::chrono::microseconds k_start_extension = std::chrono::seconds{120};

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
        m_file_check_timer(m_io),
        m_turns(m_io, m_dispatcher, log, options.once, turn_hooks()),
        m_compaction(m_io, outbox, log, compaction_hooks()),
        m_published(std::move(snapshot)) {}

  int run() {
    // After each committed step of planning: systemd waits k_start_extension
    // more, so a start of any size that keeps making progress is not killed.
    // Signals are read between the steps: a SIGTERM during a long start
    // stops it there (the committed steps stay), a SIGHUP waits for the end.
    // With a ready window (not in --once runs) only the reminders due within
    // it are written before READY; the rest is planned in the background
    // (plan_rest), and nothing past the window is handed out before it is.
    if (int code = preflight_http(); code != k_exit_ok) {
      return code;
    }
    m_starting = true;
    for (int signal : handled_signals()) {
      boost::system::error_code ignored;
      m_signals.add(signal, ignored);
    }
    // The signal set has them now: one held since the start arrives here
    // (a SIGHUP then reloads once the start is through).
    const sigset_t held = signals_held_while_starting();
    pthread_sigmask(SIG_UNBLOCK, &held, nullptr);
    wait_for_signal();
    std::optional<std::chrono::seconds> window;
    if (const int seconds = m_dispatcher.snapshot()->config.delivery.ready_window_s; !m_options.once && seconds > 0) {
      window = std::chrono::seconds{seconds};
    }
    auto started = m_dispatcher.start(
        now(),
        [this](const std::string& status) {
          m_notifier.extend_timeout(k_start_extension, status);
          m_log.debug("{}", status);
          m_io.poll();
          return !m_stopping;
        },
        Dispatcher::k_start_step_rows, window);
    m_io.poll();  // a stop that came during the catch-up, after the last step
    m_starting = false;
    if (!started) {
      m_log.critical("cannot start: {}", started.error());
      return k_exit_failure;
    }
    if (started->stopped || m_stopping) {
      m_log.info("stopped while starting; what was planned is kept and the next start plans the rest");
      m_turns.finish();
      return k_exit_ok;
    }
    std::string rest;
    if (started->frontier) {
      rest = "; " + std::to_string(started->beyond) + " more, due from " +
             m_dispatcher.snapshot()->zone.iso8601(*started->frontier) + ", planned in the background";
    }
    m_log.info(
        "started: {} reminders planned ({} new, {} updated, {} revived, {} skipped), {} requeued after a stop, "
        "{} missed stages collapsed, {} too old, {} held for the next send slot{}",
        started->reconcile.inserted + started->reconcile.updated + started->reconcile.unchanged +
            started->reconcile.revived,
        started->reconcile.inserted, started->reconcile.updated, started->reconcile.revived, started->reconcile.skipped,
        started->requeued, started->collapsed, started->stale, started->deferred, rest);
    if (int code = start_http(); code != k_exit_ok) {
      return code;
    }
    start_watchdog();
    check_outbox_file();
    m_notifier.ready(status_text());
    m_turns.wake();
    if (!m_options.once) {
      m_compaction.start();  // daily, at outbox.compact_at
    }
    if (started->frontier) {
      plan_rest();  // a SIGHUP that came while starting waits for it
    } else {
      reload_again();  // a SIGHUP that came while starting
    }
    m_io.run();
    if (m_reload_thread.joinable()) {
      m_reload_thread.join();  // its result is dropped: the daemon stopped
    }
    // Outcomes that finished after the drain deadline are recorded now.
    const bool recorded = m_turns.finish();
    // The outbox deleted or replaced under the daemon: a restart would make a
    // new one and send again what was sent, so systemd must not restart it
    // (RestartPreventExitStatus=78) before the admin restores the file.
    if (m_outbox_lost) {
      return k_exit_config;
    }
    // A refused turn that later turns recovered from is logged, not a failure.
    if (m_turns.outbox_refusing() || !recorded) {
      return k_exit_failure;
    }
    // A --once run (cron, a script) is told that what was due did not all
    // go out; the daemon proper keeps retrying instead.
    return m_options.once && m_health.failed_messages() > 0 ? k_exit_unavailable : k_exit_ok;
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
    hooks.count = [this](const Delivery& delivery, const delivery::DeliveryResult& result) {
      m_health.count(delivery, result, now());
    };
    hooks.outbox_refusal = [this](std::optional<std::string> error) {
      m_health.outbox_refusal(std::move(error), now());
    };
    return hooks;
  }

  CompactionHooks compaction_hooks() {
    CompactionHooks hooks;
    hooks.now = [this] { return now(); };
    hooks.snapshot = [this] { return m_dispatcher.snapshot(); };
    hooks.busy = [this] { return m_starting || m_reload_thread.joinable() || m_applying != nullptr; };
    return hooks;
  }

  // A port taken or a secret missing is found before a start that may plan
  // for minutes, not after it (and again after each restart).
  int preflight_http() {
    const Config& config = m_dispatcher.snapshot()->config;
    if (m_options.once || !config.http.enabled) {
      return k_exit_ok;
    }
    if (auto ready = HttpServer::preflight(config.http, process_environment()); !ready) {
      m_log.critical("cannot start: {}", ready.error().message);
      return ready.error().config ? k_exit_config : k_exit_failure;
    }
    return k_exit_ok;
  }

  // The HTTP surface ([http]) on its own thread; not in --once runs.
  int start_http() {
    m_health.started(now());
    const Config& config = m_dispatcher.snapshot()->config;
    if (m_options.once || !config.http.enabled) {
      return k_exit_ok;
    }
    HttpServerHooks hooks;
    hooks.now = [this] { return now(); };
    hooks.snapshot = [this] { return m_published.load(); };
    hooks.outbox = m_outbox.path();
    hooks.durability = config.delivery.synchronous_full ? Outbox::Durability::full : Outbox::Durability::normal;
    hooks.counters = [this] { return m_health.copy(); };
    hooks.environment = process_environment();
    auto server = HttpServer::start(std::move(hooks), m_log);
    if (!server) {
      m_log.critical("cannot start: {}", server.error().message);
      return server.error().config ? k_exit_config : k_exit_failure;
    }
    m_http = std::move(*server);
    return k_exit_ok;
  }

  std::string status_text() {
    std::string text;
    if (m_completing_start && m_applying) {
      text = "planning the rest in the background (" + std::to_string(m_applying->rows_written()) + " written); ";
    } else if (m_rest_retry_pending) {
      text = "planning the rest failed, trying again; ";
    }
    auto counts = m_outbox.counts();
    if (counts) {
      text += std::to_string((*counts)[OutboxState::pending] + (*counts)[OutboxState::failed]) + " pending";
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
      switch (signal_action(signal)) {
        case SignalAction::reload:
          reload();
          wait_for_signal();
          break;
        case SignalAction::ignore:
          // SIGUSR1/2 often ask to "reopen logs": deadlined logs to the
          // journal and holds no log file. The default would end the daemon
          // without a word.
          m_log.info("received {}, ignored (SIGHUP reloads, SIGTERM stops)", signal_name(signal));
          wait_for_signal();
          break;
        case SignalAction::stop:
          m_log.info("received {}, stopping", signal_name(signal));
          stop();
          break;
      }
    });
  }

  // After a start with a ready window: the whole plan of the running
  // configuration, planned on a thread of its own and written a chunk at a
  // time between the turns, exactly as a reload's (apply_chunk, on_planned),
  // then the frontier is lifted (Dispatcher::finish_reload). A stop
  // meanwhile keeps the chunks written; the next start plans the rest.
  void plan_rest() {
    auto inputs = m_dispatcher.planning_inputs();
    if (!inputs) {
      rest_failed(inputs.error());
      return;
    }
    ReloadPlan plan = prepare_reload(m_dispatcher.snapshot(), *inputs, now());
    auto application = m_dispatcher.begin_rest(plan, now());
    if (!application) {
      rest_failed(application.error());
      return;
    }
    m_applying = std::move(*application);
    m_completing_start = true;
    m_turns.pause_replanning(true);  // one reconcile at a time
    m_reload_rows = std::make_shared<RowChunks>(k_reload_queue_chunks);
    m_reload_error.clear();
    m_reload_thread = std::thread([this, plan = std::move(plan), inputs = std::move(*inputs), rows = m_reload_rows] {
      std::set<int> years;
      auto stopped = plan_into(
          plan, inputs, *rows, [this] { asio::post(m_io, [this] { apply_chunk(); }); }, years);
      rows->close();
      asio::post(m_io, [this, stopped] { on_planned(stopped, {}); });
    });
  }

  // The rest of the start could not be written (a full disk, an I/O error):
  // what was written stays and nothing due from the frontier on goes out
  // yet, while the reminders before it do. The planning is tried again, as
  // long as it takes, backing off to k_rest_retry_max; a reload meanwhile
  // plans everything and makes the retry moot.
  void rest_failed(const std::string& error) {
    const std::chrono::seconds delay = m_rest_retry_delay;
    m_rest_retry_delay = std::min(m_rest_retry_delay * 2, k_rest_retry_max);
    const auto frontier = m_dispatcher.frontier();
    m_log.error(
        "cannot plan the rest of the reminders: {}; trying again in {} s (what was written is kept; nothing due from "
        "{} on is sent until then)",
        error, delay.count(), frontier ? m_dispatcher.snapshot()->zone.iso8601(*frontier) : std::string("now"));
    m_rest_retry_pending = true;
    m_notifier.status(status_text());
    m_rest_retry_timer.expires_after(delay);
    m_rest_retry_timer.async_wait([this](const boost::system::error_code& wait_error) {
      if (!wait_error && !m_stopping) {
        retry_rest();
      }
    });
    reload_again();
  }

  void retry_rest() {
    if (!m_dispatcher.frontier()) {
      m_rest_retry_pending = false;  // a reload planned everything meanwhile
      m_rest_retry_delay = k_rest_retry_first;
      return;
    }
    if (m_reload_thread.joinable() || m_applying) {
      // A reload in progress plans everything; if it fails, try after it.
      m_rest_retry_timer.expires_after(k_rest_retry_first);
      m_rest_retry_timer.async_wait([this](const boost::system::error_code& wait_error) {
        if (!wait_error && !m_stopping) {
          retry_rest();
        }
      });
      return;
    }
    m_rest_retry_pending = false;
    m_log.info("planning the rest of the reminders again");
    plan_rest();
  }

  // SIGHUP: the configuration is loaded and validated on a thread of its
  // own while the loop goes on delivering (on_loaded); that thread then
  // plans the rows into a bounded queue while the loop writes them a chunk
  // at a time between its turns (apply_chunk), and the new snapshot is
  // swapped in at the end (on_planned). A configuration with errors keeps
  // the running one.
  void reload() {
    if (m_starting || m_reload_thread.joinable() || m_applying) {
      m_reload_again = true;  // once the start or the reload in progress is through
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
    m_reload_rows = std::make_shared<RowChunks>(k_reload_queue_chunks);
    m_reload_error.clear();
    m_reload_thread = std::thread([this, options, inputs = std::move(*inputs), at = now(), rows = m_reload_rows] {
      auto loaded = load_reload(m_options.config, options, inputs, at);
      if (!loaded) {
        asio::post(m_io, [this, diagnostics = std::move(loaded.error())] { on_load_failed(diagnostics); });
        return;
      }
      const ReloadPlan& plan = *loaded;
      asio::post(m_io, [this, plan] { on_loaded(plan); });
      std::set<int> years;
      auto stopped = plan_into(
          plan, inputs, *rows, [this] { asio::post(m_io, [this] { apply_chunk(); }); }, years);
      rows->close();
      asio::post(m_io, [this, stopped, years = std::move(years)] { on_planned(stopped, years); });
    });
  }

  void on_load_failed(const Diagnostics& diagnostics) {
    m_reload_thread.join();
    m_reload_rows.reset();
    if (m_stopping) {
      return;
    }
    std::string first_error;
    std::size_t errors = 0;
    for (const auto& diagnostic : diagnostics) {
      m_log.log(diagnostic.severity == Severity::error ? spdlog::level::err : spdlog::level::warn, "{}",
                diagnostic.format(false));  // the log line's level says "warning"
      if (diagnostic.severity == Severity::error && errors++ == 0) {
        first_error = diagnostic.format(false);
      }
    }
    // The first error says why in /healthz; the log above has them all.
    reload_failed(
        "reload failed: " + (first_error.empty() ? std::string("the configuration has errors") : first_error) +
            (errors > 1 ? " (and " + std::to_string(errors - 1) + " more errors)" : std::string()) +
            "; keeping the running configuration",
        "reload failed, running the previous configuration; ");
  }

  // The new configuration is valid: its rows are about to come.
  void on_loaded(const ReloadPlan& plan) {
    if (m_stopping) {
      return;
    }
    for (const std::string& warning : reload_warnings(*m_dispatcher.snapshot(), *plan.snapshot)) {
      m_log.warn("{}", warning);
    }
    // Claimed deliveries not yet started were rendered from the old config:
    // back to the outbox, so the re-plan sees them as they are.
    m_turns.release_for_reload();
    auto application = m_dispatcher.begin_reload(plan, now());
    if (!application) {
      m_reload_error = application.error();
      m_reload_rows->close();  // the planner stops; on_planned reports it
      return;
    }
    m_applying = std::move(*application);
    m_turns.pause_replanning(true);  // one reconcile at a time
  }

  // Writes the next planned chunk, if there is one; posted by the planner
  // after each chunk it queued, so it runs behind the turns, timers and
  // signals that are ready meanwhile.
  bool apply_chunk() {
    if (m_stopping || !m_applying || !m_reload_error.empty()) {
      return false;  // what was written stays; the next start plans the rest
    }
    auto chunk = m_reload_rows->try_pop();
    if (!chunk) {
      return false;
    }
    if (auto written = m_applying->write(*chunk); !written) {
      m_reload_error = written.error();
      m_reload_rows->close();  // the planner stops; on_planned reports it
      return false;
    }
    return true;
  }

  // The planner is through: every row was queued (`stopped` empty) or it
  // stopped. The chunks still queued are written, then the snapshot swapped.
  // `years`: those a reload's rows are due in, for check's warnings.
  void on_planned(const std::optional<std::string>& stopped, const std::set<int>& years) {
    m_reload_thread.join();
    if (m_stopping) {
      return;
    }
    while (apply_chunk()) {
    }
    auto rows = std::exchange(m_reload_rows, nullptr);
    tl::expected<ReconcileResult, std::string> result = tl::unexpected(std::string());
    if (!m_reload_error.empty()) {
      result = tl::unexpected(m_reload_error);
    } else if (stopped) {
      result = tl::unexpected(*stopped);
    } else if (m_applying) {
      if (!m_completing_start) {
        // Claimed meanwhile from the old snapshot and not started: back, so
        // they are sent as the new one plans them.
        m_turns.release_for_reload();
      }
      result = m_dispatcher.finish_reload(*m_applying);
    }
    if (rows->waits() > 0) {
      m_log.debug("{}: the planner waited {} times for the outbox", m_completing_start ? "rest" : "reload",
                  rows->waits());
    }
    const std::size_t written = m_applying ? m_applying->rows_written() : 0;
    m_applying.reset();
    m_turns.pause_replanning(false);
    if (std::exchange(m_completing_start, false)) {
      if (!result) {
        rest_failed(result.error());
        return;
      }
      m_rest_retry_delay = k_rest_retry_first;
      m_log.info("start completed: {} reminders planned in the background ({} new, {} updated, {} revived, {} skipped)",
                 written, result->inserted, result->updated, result->revived, result->skipped);
      m_notifier.status(status_text());
      m_turns.wake();
      reload_again();
      return;
    }
    if (!result) {
      if (!m_reload_error.empty() || !stopped) {  // the planner stops when a write fails
        reload_refused_by_outbox(result.error(), written);
        return;
      }
      reload_failed("reload failed: " + result.error() + "; keeping the running configuration", "reload failed; ");
      return;
    }
    m_reload_retry_timer.cancel();
    m_reload_retry_delay = k_rest_retry_first;
    const auto& config = m_dispatcher.snapshot()->config;
    m_log.set_level(spdlog::level::from_str(config.daemon.log_level));
    m_turns.set_max_unrecorded(static_cast<std::size_t>(config.delivery.max_unrecorded));
    // The HTTP thread sees the new snapshot and secrets before the log says so.
    m_health.reload_succeeded(now());
    m_published.store(m_dispatcher.snapshot());
    if (m_http) {
      m_http->reload();
    }
    for (const auto& warning : provisional_years_beyond_plans(config, m_dispatcher.snapshot()->calendar, years)) {
      m_log.warn("{}", warning.format(false));
    }
    m_log.info("reloaded: {} new, {} updated, {} revived, {} skipped, {} unchanged", result->inserted, result->updated,
               result->revived, result->skipped, result->unchanged);
    m_notifier.ready(status_text());
    m_turns.wake();
    reload_again();
  }

  void reload_failed(const std::string& message, const std::string& status_prefix) {
    m_log.error("{}", message);
    m_health.reload_failed(now(), message);
    m_notifier.ready(status_prefix + status_text());
    reload_again();
  }

  // A valid configuration the outbox could not take (a full disk, a lock
  // held too long): the steps written stay (new rows planned, nothing
  // dropped yet), so the reload is tried again, backing off, until the
  // outbox holds the configuration the operator asked for.
  void reload_refused_by_outbox(const std::string& error, std::size_t written) {
    const std::chrono::seconds delay = m_reload_retry_delay;
    m_reload_retry_delay = std::min(m_reload_retry_delay * 2, k_rest_retry_max);
    reload_failed(fmt::format("reload failed: {}; {} of its reminders were written; trying the reload again in {} s",
                              error, written, delay.count()),
                  "reload failed, trying again; ");
    m_reload_retry_timer.expires_after(delay);
    m_reload_retry_timer.async_wait([this](const boost::system::error_code& wait_error) {
      if (!wait_error && !m_stopping) {
        reload();
      }
    });
  }

  // A SIGHUP that came while a reload was in progress.
  void reload_again() {
    if (m_reload_again && !m_stopping) {
      m_reload_again = false;
      asio::post(m_io, [this] { reload(); });
    }
  }

  void stop() {
    if (m_stopping) {
      return;
    }
    m_stopping = true;
    m_notifier.stopping();
    m_watchdog_timer.cancel();
    m_file_check_timer.cancel();
    m_rest_retry_timer.cancel();
    m_reload_retry_timer.cancel();
    m_compaction.stop();
    m_signals.cancel();
    if (m_reload_rows) {
      m_reload_rows->close();  // a planner waiting on the queue stops; run() joins it
    }
    if (m_completing_start || m_rest_retry_pending) {
      m_log.info("stopped while planning the rest: what was written is kept and the next start plans the rest");
    }
    if (m_http) {
      m_http->stop();
    }
    m_turns.stop(std::chrono::seconds{m_dispatcher.snapshot()->config.delivery.drain_timeout_s});
  }

  // Every few seconds: is outbox.sqlite still the file the daemon has open?
  // Deleted or replaced by hand, the daemon would go on writing (and
  // acknowledging) into a file nobody will read again; it stops instead, and
  // the next start opens what is at the path.
  void check_outbox_file() {
    if (std::optional<std::string> replaced = m_outbox.file_replaced()) {
      m_log.critical(
          "{}; stopping: what is written now would be lost. Restore the outbox (or let the next start "
          "make a new one, which sends again what was already sent) and start deadlined again",
          *replaced);
      m_outbox_lost = true;
      stop();
      return;
    }
    m_file_check_timer.expires_after(k_outbox_file_check_interval);
    m_file_check_timer.async_wait([this](const boost::system::error_code& error) {
      if (!error && !m_stopping) {
        check_outbox_file();
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

  const RunOptions& m_options;
  Outbox& m_outbox;
  spdlog::logger& m_log;
  std::chrono::seconds m_clock_offset;
  Dispatcher m_dispatcher;
  SystemdNotifier m_notifier;
  asio::io_context m_io;
  asio::signal_set m_signals;
  asio::steady_timer m_watchdog_timer;
  asio::steady_timer m_file_check_timer;
  bool m_outbox_lost = false;  // the outbox file was deleted or replaced under the daemon
  Turns m_turns;
  CompactionTimer m_compaction;
  bool m_stopping = false;
  bool m_starting = false;  // planning before the loop runs; a SIGHUP waits
  // The current snapshot for the HTTP thread (the loop's is the dispatcher's).
  std::atomic<std::shared_ptr<const Snapshot>> m_published;
  DaemonHealth m_health;               // the loop records, the HTTP thread copies for /healthz and /metrics
  std::unique_ptr<HttpServer> m_http;  // its own io_context and thread; stopped first
  // A reload in progress: loaded and planned on m_reload_thread, its rows
  // handed over through m_reload_rows and written in chunks by m_applying.
  std::thread m_reload_thread;
  std::shared_ptr<RowChunks> m_reload_rows;
  std::unique_ptr<ReloadApplication> m_applying;
  std::string m_reload_error;   // a chunk or the reload's start failed
  bool m_reload_again = false;  // SIGHUP during a reload
  // m_applying is the rest of a start with a ready window, not a reload.
  bool m_completing_start = false;
  // The rest of a start could not be written: tried again after this long.
  static constexpr std::chrono::seconds k_rest_retry_first{10};
  static constexpr std::chrono::seconds k_rest_retry_max{300};
  asio::steady_timer m_rest_retry_timer{m_io};
  std::chrono::seconds m_rest_retry_delay = k_rest_retry_first;
  asio::steady_timer m_reload_retry_timer{m_io};  // a reload the outbox refused, tried again
  std::chrono::seconds m_reload_retry_delay = k_rest_retry_first;
  bool m_rest_retry_pending = false;
};

}  // namespace

int run_service(const RunOptions& options) {
  // Before any thread starts, so that every thread holds them too.
  const sigset_t held = signals_held_while_starting();
  pthread_sigmask(SIG_BLOCK, &held, nullptr);
  ignore_fault_signals_sent_by_others();
  // A write to a pipe whose reader is gone (stderr piped to a logger that
  // exited) or past RLIMIT_FSIZE fails with EPIPE or EFBIG, which the writer
  // reports; by default the signal ended the daemon in the middle of its
  // deliveries. (systemd ignores SIGPIPE for its services; other supervisors
  // and a shell pipe do not.)
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGXFSZ, SIG_IGN);
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
  auto lock = StateLock::acquire(state_dir, outbox_path((*snapshot)->config));
  if (!lock) {
    if (const auto* busy = std::get_if<StateLock::Busy>(&lock.error())) {
      log->critical(
          "another deadlined{} is running on the state directory {} or its outbox (it holds {}); one daemon per "
          "state directory and outbox: not starting. `outbox`, `report`, `done`, `undo` and `trigger` work beside it.",
          busy->holder_pid.empty() ? "" : " (PID " + busy->holder_pid + ")", state_dir.string(), busy->file.string());
      return k_exit_busy;
    }
    // The state directory cannot be made or locked (a file in its place, a
    // read-only parent): a restart would fail the same way, so this is a
    // configuration error (78, which the unit does not restart on).
    log->critical("{} (daemon.state_dir)", std::get<StateLock::Failure>(lock.error()).message);
    return k_exit_config;
  }
  auto outbox = Outbox::open(outbox_path((*snapshot)->config), (*snapshot)->config.delivery.synchronous_full
                                                                   ? Outbox::Durability::full
                                                                   : Outbox::Durability::normal);
  if (!outbox) {
    log->critical("{}", outbox.error());
    return k_exit_failure;
  }
  for (const std::string& notice : outbox->notices()) {
    log->warn("{}", notice);
  }
  std::chrono::seconds offset{0};
  if (options.start_at) {
    offset = *options.start_at - std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    log->warn("clock starts at {} (--now), not the system time", (*snapshot)->zone.iso8601(*options.start_at));
  }
  log->info("deadlined {} starting with {} ({}, {}), state in {}", DEADLINED_VERSION, options.config.string(),
            counted((*snapshot)->config.units.size(), "unit", "units"),
            counted((*snapshot)->config.plans.size(), "plan", "plans"), (*snapshot)->config.daemon.state_dir.string());
  int code = k_exit_ok;
  {
    const BackgroundCheckpoints checkpoints(*outbox, *log);
    Service service(options, *snapshot, *outbox, *log, offset);
    code = service.run();
    // The signal set restores the default actions as it goes: held from
    // here, a signal can no longer end a daemon that has recorded everything.
    const sigset_t all = all_handled_signals();
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
  }
  return code;
}

}  // namespace deadlined
