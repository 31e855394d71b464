#pragma once
// The daemon's core, without threads or timers: plans reminders from the
// current snapshot into the outbox (planning.cpp), hands out what is due as
// digests, one message per recipient and send slot (composed by compose.hpp),
// and records the claims and outcome of each delivery (dispatcher.cpp). Every
// method takes `now`; tests drive days in microseconds. Includes compose.hpp
// and transport.hpp, so callers need only this header.
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "delivery/result.hpp"
#include "outbox/outbox.hpp"
#include "outbox/retry.hpp"
#include "reminders/planner.hpp"
#include "service/compose.hpp"
#include "service/snapshot.hpp"
#include "service/transport.hpp"

namespace spdlog {
class logger;
}

namespace deadlined {

struct StartReport {
  std::size_t requeued = 0;  // in flight when the last process stopped
  ReconcileResult reconcile;
  std::size_t collapsed = 0;  // older missed stages skipped
  std::size_t stale = 0;      // missed stages too old to matter
  std::size_t deferred = 0;   // catch-up moved to the next send slot (k_catch_up_merge_window_s)
  // The progress callback asked to stop (a SIGTERM during a long start): the
  // committed steps stay, nothing was dropped or caught up, the next start
  // plans the rest. The counts above are then partial.
  bool stopped = false;
  // A start with a ready window: every row due before `frontier` is planned;
  // `beyond` more rows are planned and not yet written (the daemon writes
  // them in the background: begin_rest, then finish_reload). Until then the
  // dispatcher hands out nothing due at or after the frontier.
  std::optional<Instant> frontier;
  std::size_t beyond = 0;
};

// At start, missed reminders wait for the next send slot when it is at most
// this far ahead, so a recipient gets one message rather than two minutes apart.
inline constexpr std::int64_t k_catch_up_merge_window_s = 30 * 60;

// What planning reads from the outbox: the on-demand triggers. (Whether an
// obligation is done is decided where its rows are written, by the outbox's
// reconciliation, so it is never read ahead of the write.)
struct PlanningInputs {
  std::vector<TriggerRow> triggers;
};

// A reload's new configuration, loaded and validated off the loop thread:
// the snapshot and what its planning is pinned to. Its rows are not held
// here: plan_reload_rows() produces them one at a time.
struct ReloadPlan {
  std::shared_ptr<const Snapshot> snapshot;
  std::size_t trigger_count = 0;
  Date planned_on;
};

ReloadPlan prepare_reload(std::shared_ptr<const Snapshot> snapshot, const PlanningInputs& inputs, Instant now);

// Every outbox row `plan` plans (done obligations too), handed to `sink`
// one at a time; a sink returning false stops the planning at once. True when
// every row was handed over. Reads only its arguments: any thread may call it
// (the daemon's reload hands the rows to the loop through a BoundedQueue, so
// the whole plan is never held in memory).
bool plan_reload_rows(const ReloadPlan& plan, const PlanningInputs& inputs,
                      const std::function<bool(ReminderRow&&)>& sink);

// A planned reload being written to the outbox a chunk of rows at a time,
// each chunk its own transaction, so the loop's turns run in between
// (Dispatcher::begin_reload, then write() for every chunk, then
// Dispatcher::finish_reload). Until it finishes the old snapshot stays
// current; dropped unfinished, the chunks written stay and nothing else
// changes (the next start or reload plans the rest).
class ReloadApplication {
 public:
  // Writes `rows` and commits them.
  tl::expected<void, std::string> write(const std::vector<ReminderRow>& rows);
  std::size_t rows_written() const { return m_written; }

 private:
  friend class Dispatcher;
  ReloadApplication(Outbox::Reconciliation reconciliation, ReloadPlan plan, Instant now)
      : m_reconciliation(std::move(reconciliation)), m_plan(std::move(plan)), m_now(now) {}
  Outbox::Reconciliation m_reconciliation;
  ReloadPlan m_plan;
  Instant m_now;
  std::size_t m_written = 0;
};

class Dispatcher {
 public:
  Dispatcher(Outbox& outbox, std::shared_ptr<const Snapshot> snapshot, spdlog::logger& log);

  // Told after each committed step of a start's planning and before its
  // catch-up, with a status line ("planning: 120000 of ~363000 reminders"):
  // the daemon extends systemd's start timeout with it. Returns false to stop
  // the start there (StartReport::stopped).
  using StartProgress = std::function<bool(const std::string& status)>;
  // Rows a start plans per committed step.
  static constexpr std::size_t k_start_step_rows = 20000;
  // Recovers rows left in flight, plans from the snapshot in committed steps
  // of `step_rows`, collapses missed stages. With a `ready_window`, only the
  // rows due before now + ready_window are written (and the stored rows due
  // then brought up to date: Outbox::Reconciliation::limit_to), so a start
  // of a large configuration is ready in the time it takes to plan in
  // memory, not to write the whole year; the rest is begin_rest()'s.
  tl::expected<StartReport, std::string> start(Instant now, const StartProgress& progress = {},
                                               std::size_t step_rows = k_start_step_rows,
                                               std::optional<std::chrono::seconds> ready_window = std::nullopt);
  // After a start with a ready window: the whole plan of the current
  // snapshot, written as a reload's is (plan_reload_rows on any thread, the
  // chunks between turns) and finished by finish_reload(), which lifts the
  // frontier. Unlike a reload, rows whose send time has passed are not
  // skipped: none of them is new (the window covers them), and a row the
  // frontier held back is sent late rather than never. Dropped unfinished,
  // the frontier stays and the next start plans the rest.
  tl::expected<std::unique_ptr<ReloadApplication>, std::string> begin_rest(ReloadPlan plan, Instant now);
  // Rows due at or after this are not all planned yet (a start's rest is
  // being written): prepare_due and next_due look no further.
  std::optional<Instant> frontier() const { return m_frontier; }
  // Swaps in a validated snapshot and re-plans. Rows it adds or changes whose
  // send time has passed are skipped, so a reload never fires a stage at once.
  // The three parts below in one go, committed every `chunk_rows` rows as
  // the daemon commits them (for the CLI and tests).
  tl::expected<ReconcileResult, std::string> reload(std::shared_ptr<const Snapshot> snapshot, Instant now,
                                                    std::size_t chunk_rows = 500);
  // A reload in three parts, for the daemon: planning_inputs() on the loop
  // thread, prepare_reload() and plan_reload_rows() on another, meanwhile
  // begin_reload() and the chunks of its ReloadApplication between turns,
  // and finish_reload(), which drops what the new config no longer plans and
  // swaps the snapshot in. As reload(), rows whose send time has passed are
  // skipped.
  tl::expected<PlanningInputs, std::string> planning_inputs();
  tl::expected<std::unique_ptr<ReloadApplication>, std::string> begin_reload(ReloadPlan plan, Instant now);
  tl::expected<ReconcileResult, std::string> finish_reload(ReloadApplication& application);
  // Re-plans from the current snapshot (after a trigger was added).
  tl::expected<ReconcileResult, std::string> replan(Instant now);
  // True when `deadlined trigger` added occurrences since the last planning.
  tl::expected<bool, std::string> triggers_changed();
  // True when open-ended timelines ("... và các năm tiếp theo") were planned
  // through a horizon that should move on (a month after the last planning).
  bool horizon_moved(Instant now) const;

  // Groups what is due into deliveries without claiming it; the event loop
  // claims them a batch at a time, just ahead of its workers (commit_turn).
  // Not a pure read: it first skips the stages a later one superseded
  // (collapse_missed, at most once a second), and records the deliveries
  // that cannot be rendered (a bad address) dead.
  // A large burst is read `limit` rows at a time (a little more: every due
  // row of the recipients reached); claimed rows are not due, so the next
  // call reads the next page.
  // `cut`, when given, tells whether the limit cut the read (more is due).
  tl::expected<std::vector<Delivery>, std::string> prepare_due(Instant now, std::size_t limit = 10000,
                                                               Rendering rendering = Rendering::now,
                                                               bool* cut = nullptr);
  // commit_turn() with outcomes only: a burst costs one commit per batch,
  // not per message.
  tl::expected<void, std::string> complete_batch(
      const std::vector<std::pair<const Delivery*, delivery::DeliveryResult>>& outcomes, Instant now);
  // One turn of the event loop as one transaction: records `outcomes`, then
  // claims `claims` (element i of the result: whether claims[i] was claimed).
  // The outcomes are logged once committed. On error nothing was recorded.
  tl::expected<std::vector<bool>, std::string> commit_turn(
      const std::vector<std::pair<const Delivery*, delivery::DeliveryResult>>& outcomes,
      const std::vector<Delivery*>& claims, Instant now);
  // Gives claimed deliveries that never reached a server back to the outbox
  // (Outbox::release), e.g. those still queued at a stop or a reload. Those
  // the outbox refused are kept and given back with the next call (the
  // daemon calls with none at each wake while unreleased() > 0): else they
  // would stay "sending" until the next start requeues them.
  tl::expected<std::size_t, std::string> release(const std::vector<const Delivery*>& deliveries, Instant now,
                                                 std::string_view why);
  std::size_t unreleased() const { return m_unreleased.size(); }

  tl::expected<std::optional<Instant>, std::string> next_due();
  std::shared_ptr<const Snapshot> snapshot() const { return m_snapshot; }

 private:
  // Claims the deliveries (peeked by prepare_due) whose rows are still as read
  // and due; element i: whether deliveries[i] was claimed (its rows are then
  // sending, attempts + 1). Joins the caller's batch.
  tl::expected<std::vector<bool>, std::string> claim_batch(const std::vector<Delivery*>& deliveries, Instant now);
  // Deliveries whose message cannot be rendered: claimed and recorded dead.
  tl::expected<void, std::string> record_unrenderable(std::vector<Delivery>& deliveries, Instant now);
  void log_outcome(const Delivery& delivery, const delivery::DeliveryResult& result, const char* outcome);
  // Moves the rows of a finished delivery to sent, failed or dead; returns the
  // outcome to log.
  tl::expected<const char*, std::string> record_outcome(const Delivery& delivery,
                                                        const delivery::DeliveryResult& result, Instant now);
  // What a planning was made as: the local day (the open-ended horizon) and
  // the on-demand occurrences it knew.
  struct PlannedAs {
    Date on;
    std::size_t trigger_count = 0;
  };
  // Every outbox row the snapshot plans (done obligations left out), one at a time.
  tl::expected<PlannedAs, std::string> for_each_planned_row(const std::function<void(ReminderRow&&)>& sink,
                                                            Instant now);
  void remember_planning(const PlannedAs& as);
  tl::expected<ReconcileResult, std::string> reconcile(Instant now, bool skip_past);
  // nullopt: `progress` asked to stop after a committed step; nothing was dropped.
  tl::expected<std::optional<ReconcileResult>, std::string> reconcile_in_steps(Instant now, std::size_t step_rows,
                                                                               const StartProgress& progress,
                                                                               std::optional<Instant> window_end,
                                                                               std::size_t& beyond);
  // build_deliveries for reminders and escalations; the compliance report rows
  // are rendered from the acknowledgements as they are now.
  tl::expected<std::vector<Delivery>, std::string> render(std::vector<ReminderRow> rows, Instant now,
                                                          Rendering rendering = Rendering::now);

  Outbox& m_outbox;
  std::shared_ptr<const Snapshot> m_snapshot;
  spdlog::logger& m_log;
  RetrySettings m_retry;
  std::size_t m_trigger_count = 0;
  std::optional<Date> m_planned_on;       // local day of the last planning (open-ended horizon)
  std::optional<Instant> m_collapsed_at;  // prepare_due's last collapse of missed stages
  // A row went back to failed or pending (a transient failure, a release)
  // since that collapse: it may be superseded now.
  bool m_reopened_since_collapse = false;
  std::optional<Instant> m_frontier;  // StartReport::frontier until the rest is planned
  // Keys of claimed rows a release could not give back, with why they go back.
  std::vector<std::pair<std::string, std::string>> m_unreleased;
};

// Outbox rows for planned reminders: one per reminder and recipient.
std::vector<ReminderRow> to_outbox_rows(const std::vector<Reminder>& reminders);

}  // namespace deadlined
