// Planning: the snapshot's reminders, escalations and report rows into the
// outbox (start, reload, replan), one row at a time.
#include "service/dispatcher.hpp"

#include <algorithm>
#include <set>

#include "compliance/acks.hpp"
#include "compliance/escalation.hpp"
#include "compliance/report_digest.hpp"
#include "util/expected.hpp"

namespace deadlined {

namespace {

std::int64_t seconds(Instant instant) {
  return instant.time_since_epoch().count();
}

}  // namespace

std::vector<ReminderRow> to_outbox_rows(const std::vector<Reminder>& reminders) {
  std::vector<ReminderRow> rows;
  rows.reserve(reminders.size());
  for (const auto& reminder : reminders) {
    for (const auto& recipient : reminder.recipients) {
      ReminderRow row;
      row.key = reminder.key(recipient);
      row.obligation =
          reminder.obligation_key() + "/" + std::string(to_string(recipient.channel)) + "/" + recipient.address;
      row.plan = reminder.plan;
      row.task = reminder.task;
      row.occurrence = reminder.occurrence;
      row.unit = reminder.unit;
      row.role = reminder.role;
      row.stage = reminder.stage;
      row.channel = recipient.channel;
      row.recipient = recipient.address;
      row.due = to_iso(reminder.due);
      row.stage_order = reminder.stage_order;
      row.send_at = seconds(reminder.send_at);
      row.fingerprint = "due=" + row.due + ";role=" + std::string(to_string(row.role));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

namespace {

RetrySettings retry_settings(const Snapshot& snapshot) {
  RetrySettings retry;
  retry.base_seconds = snapshot.config.delivery.retry_base_s;
  retry.cap_seconds = snapshot.config.delivery.retry_cap_s;
  return retry;
}

}  // namespace

Dispatcher::Dispatcher(Outbox& outbox, std::shared_ptr<const Snapshot> snapshot, spdlog::logger& log)
    : m_outbox(outbox), m_snapshot(std::move(snapshot)), m_log(log), m_retry(retry_settings(*m_snapshot)) {}

// Open-ended phrases are planned this far ahead of the planning day; the
// daemon plans again a month later (horizon_moved), so they never run out.
constexpr std::chrono::days k_open_ended_horizon{400};

namespace {

// Thrown by plan_rows' own callbacks when the sink stops the planning, to
// leave for_each_reminder at once; caught in plan_rows, never seen outside.
struct PlanningStopped {};

// Every row the snapshot plans, one at a time: the whole plan is never held
// in memory here. False when `sink` stopped it.
bool plan_rows(const Snapshot& snapshot, const PlanningInputs& inputs, Date planned_on,
               const std::function<bool(ReminderRow&&)>& sink) {
  PlanRequest request;
  request.config = &snapshot.config;
  request.calendar = &snapshot.calendar;
  request.zone = &snapshot.zone;
  request.filter.horizon = planned_on + k_open_ended_horizon;
  for (const auto& trigger : inputs.triggers) {
    if (auto due = parse_iso_date(trigger.due)) {
      request.triggers.push_back(Trigger{trigger.plan, trigger.task, *due, trigger.note});
    }
  }
  // Done obligations are planned too: the outbox's reconciliation stores
  // their rows as skipped ("done") by the acknowledgements it reads in each
  // step, so one recorded while this plan is written is never overwritten.
  std::vector<Reminder> one(1);
  try {
    for_each_reminder(request, [&](Reminder&& reminder) {
      one[0] = std::move(reminder);
      for (auto& row : to_outbox_rows(one)) {
        if (!sink(std::move(row))) {
          throw PlanningStopped{};
        }
      }
    });
  } catch (const PlanningStopped&) {
    return false;
  }
  const Config& config = snapshot.config;
  if (escalation_enabled(config)) {
    auto obligations = known_obligations(config, snapshot.calendar, inputs.triggers);
    for (auto& row : plan_escalations(config, snapshot.calendar, snapshot.zone, obligations, {})) {
      if (!sink(std::move(row))) {
        return false;
      }
    }
  }
  for (auto& row : plan_report_rows(config, snapshot.calendar, snapshot.zone)) {
    if (!sink(std::move(row))) {
      return false;
    }
  }
  return true;
}

}  // namespace

tl::expected<PlanningInputs, std::string> Dispatcher::planning_inputs() {
  PlanningInputs inputs;
  DEADLINED_TRY_ASSIGN(inputs.triggers, m_outbox.triggers());
  return inputs;
}

tl::expected<Dispatcher::PlannedAs, std::string> Dispatcher::for_each_planned_row(
    const std::function<void(ReminderRow&&)>& sink, Instant now) {
  DEADLINED_TRY_ASSIGN(auto inputs, planning_inputs());
  const PlannedAs as{m_snapshot->zone.local_date(now), inputs.triggers.size()};
  plan_rows(*m_snapshot, inputs, as.on, [&sink](ReminderRow&& row) {
    sink(std::move(row));
    return true;
  });
  return as;
}

// Only once a planning is committed: the next wake compares against these,
// so a planning that failed is tried again instead of taken for done.
void Dispatcher::remember_planning(const PlannedAs& as) {
  m_planned_on = as.on;
  m_trigger_count = as.trigger_count;
}

ReloadPlan prepare_reload(std::shared_ptr<const Snapshot> snapshot, const PlanningInputs& inputs, Instant now) {
  ReloadPlan plan;
  plan.planned_on = snapshot->zone.local_date(now);
  plan.trigger_count = inputs.triggers.size();
  plan.snapshot = std::move(snapshot);
  return plan;
}

bool plan_reload_rows(const ReloadPlan& plan, const PlanningInputs& inputs,
                      const std::function<bool(ReminderRow&&)>& sink) {
  return plan_rows(*plan.snapshot, inputs, plan.planned_on, sink);
}

tl::expected<void, std::string> ReloadApplication::write(const std::vector<ReminderRow>& rows) {
  for (const auto& row : rows) {
    if (auto added = m_reconciliation.add(row); !added) {
      m_reconciliation.abandon_step();
      return added;
    }
  }
  if (auto paused = m_reconciliation.pause(); !paused) {
    m_reconciliation.abandon_step();
    return paused;
  }
  m_written += rows.size();
  return {};
}

tl::expected<std::unique_ptr<ReloadApplication>, std::string> Dispatcher::begin_reload(ReloadPlan plan, Instant now) {
  m_collapsed_at.reset();  // what is superseded may change
  DEADLINED_TRY_ASSIGN(auto reconciliation, m_outbox.begin_reconcile(seconds(now), seconds(now)));
  DEADLINED_TRY(reconciliation.pause());
  return std::unique_ptr<ReloadApplication>(new ReloadApplication(std::move(reconciliation), std::move(plan), now));
}

tl::expected<std::unique_ptr<ReloadApplication>, std::string> Dispatcher::begin_rest(ReloadPlan plan, Instant now) {
  DEADLINED_TRY_ASSIGN(auto reconciliation, m_outbox.begin_reconcile(seconds(now), std::nullopt));
  if (m_frontier) {
    // A missed row the catch-up deferred to the next send slot keeps that
    // slot: planned again at its past time it would go out at once, alone.
    reconciliation.settled_before(seconds(*m_frontier));
  }
  DEADLINED_TRY(reconciliation.pause());
  return std::unique_ptr<ReloadApplication>(new ReloadApplication(std::move(reconciliation), std::move(plan), now));
}

tl::expected<ReconcileResult, std::string> Dispatcher::finish_reload(ReloadApplication& application) {
  DEADLINED_TRY_ASSIGN(auto result, application.m_reconciliation.finish());
  m_frontier.reset();  // everything is planned
  m_snapshot = application.m_plan.snapshot;
  m_retry = retry_settings(*m_snapshot);
  remember_planning(PlannedAs{application.m_plan.planned_on, application.m_plan.trigger_count});
  m_collapsed_at.reset();
  DEADLINED_TRY(m_outbox.collapse_missed(seconds(application.m_now), 0, k_skip_superseded));
  return result;
}

namespace {

// "planning: 120000 of ~363000 reminders"; the estimate is what the outbox
// held before (a restart), left out when there is none or it was passed.
std::string planning_status(std::size_t planned, std::size_t estimate) {
  std::string text = "planning: " + std::to_string(planned);
  if (estimate > planned) {
    text += " of ~" + std::to_string(estimate);
  }
  return text + " reminders";
}

}  // namespace

tl::expected<ReconcileResult, std::string> Dispatcher::reconcile(Instant now, bool skip_past) {
  m_collapsed_at.reset();  // what is superseded may change
  std::optional<std::int64_t> late_cutoff;
  if (skip_past) {
    late_cutoff = seconds(now);
  }
  DEADLINED_TRY_ASSIGN(auto reconciliation, m_outbox.begin_reconcile(seconds(now), late_cutoff));
  std::string error;
  DEADLINED_TRY_ASSIGN(const PlannedAs as, for_each_planned_row(
                                               [&](ReminderRow&& row) {
                                                 if (!error.empty()) {
                                                   return;
                                                 }
                                                 if (auto added = reconciliation.add(row); !added) {
                                                   error = added.error();
                                                 }
                                               },
                                               now));
  if (!error.empty()) {
    return tl::unexpected(error);
  }
  DEADLINED_TRY_ASSIGN(auto result, reconciliation.finish());
  remember_planning(as);
  return result;
}

tl::expected<std::optional<ReconcileResult>, std::string> Dispatcher::reconcile_in_steps(
    Instant now, std::size_t step_rows, const StartProgress& progress, std::optional<Instant> window_end,
    std::size_t& beyond) {
  m_collapsed_at.reset();  // what is superseded may change
  std::size_t estimate = 0;
  if (progress) {
    DEADLINED_TRY_ASSIGN(auto counts, m_outbox.counts());
    for (const auto& [state, count] : counts) {
      estimate += static_cast<std::size_t>(count);
    }
  }
  DEADLINED_TRY_ASSIGN(auto reconciliation, m_outbox.begin_reconcile(seconds(now), std::nullopt, step_rows));
  if (window_end) {
    DEADLINED_TRY(reconciliation.limit_to(seconds(*window_end)));
  }
  std::string error;
  bool stopped = false;
  std::size_t planned = 0;
  DEADLINED_TRY_ASSIGN(const PlannedAs as, for_each_planned_row(
                                               [&](ReminderRow&& row) {
                                                 if (!error.empty() || stopped) {
                                                   return;
                                                 }
                                                 if (auto added = reconciliation.add(row); !added) {
                                                   error = added.error();
                                                   return;
                                                 }
                                                 // The reconciliation commits every step_rows rows it writes; the
                                                 // progress counts rows planned, written or unchanged, so a restart
                                                 // that changes nothing still reports.
                                                 ++planned;
                                                 if (progress && step_rows > 0 && planned % step_rows == 0) {
                                                   // What was written up to a reported step is committed, also when
                                                   // a ready window leaves fewer than step_rows rows written per step.
                                                   if (auto paused = reconciliation.pause(); !paused) {
                                                     error = paused.error();
                                                     return;
                                                   }
                                                   stopped = !progress(planning_status(planned, estimate));
                                                 }
                                               },
                                               now));
  if (!error.empty()) {
    return tl::unexpected(error);  // nothing past the last committed step
  }
  if (stopped) {
    return std::nullopt;  // the committed steps stay; finish() would drop what is not yet planned
  }
  if (progress &&
      !progress("planned " + std::to_string(planned) + " reminders; dropping what the configuration no longer plans")) {
    return std::nullopt;
  }
  beyond = reconciliation.beyond_window();
  DEADLINED_TRY_ASSIGN(auto result, reconciliation.finish());
  remember_planning(as);
  return result;
}

tl::expected<StartReport, std::string> Dispatcher::start(Instant now, const StartProgress& progress,
                                                         std::size_t step_rows,
                                                         std::optional<std::chrono::seconds> ready_window) {
  StartReport report;
  DEADLINED_TRY_ASSIGN(report.requeued, m_outbox.requeue_in_flight(seconds(now)));
  std::optional<Instant> window_end;
  if (ready_window) {
    // The catch-up below reads the rows due up to now and the next send
    // slot k_catch_up_merge_window_s ahead: the window covers both.
    window_end =
        now + std::max<std::chrono::seconds>(*ready_window, std::chrono::seconds{k_catch_up_merge_window_s + 1});
  }
  // In committed steps: a start killed while planning a large config keeps
  // what it planned (nothing is delivered before start() returns).
  DEADLINED_TRY_ASSIGN(auto reconciled, reconcile_in_steps(now, step_rows, progress, window_end, report.beyond));
  if (!reconciled) {
    report.stopped = true;
    return report;
  }
  report.reconcile = *reconciled;
  if (window_end) {
    report.frontier = window_end;
    m_frontier = window_end;
  }
  if (progress && !progress("catching up on missed reminders")) {
    report.stopped = true;
    return report;
  }
  DEADLINED_TRY_ASSIGN(report.collapsed, m_outbox.collapse_missed(seconds(now), 0));
  DEADLINED_TRY_ASSIGN(report.stale,
                       m_outbox.skip_stale(seconds(now), seconds(now) - m_snapshot->config.delivery.catch_up_s));
  // Catch-up minutes before a send slot waits for it: one message, not two.
  DEADLINED_TRY_ASSIGN(report.deferred, m_outbox.defer_missed(seconds(now), k_catch_up_merge_window_s));
  return report;
}

tl::expected<ReconcileResult, std::string> Dispatcher::reload(std::shared_ptr<const Snapshot> snapshot, Instant now,
                                                              std::size_t chunk_rows) {
  DEADLINED_TRY_ASSIGN(const auto inputs, planning_inputs());
  const ReloadPlan plan = prepare_reload(std::move(snapshot), inputs, now);
  DEADLINED_TRY_ASSIGN(auto application, begin_reload(plan, now));
  std::vector<ReminderRow> chunk;
  std::string error;
  const auto write = [&] {
    if (auto written = application->write(std::exchange(chunk, {})); !written) {
      error = written.error();
    }
    return error.empty();
  };
  if (!plan_reload_rows(plan, inputs,
                        [&](ReminderRow&& row) {
                          chunk.push_back(std::move(row));
                          return chunk.size() < chunk_rows || write();
                        }) ||
      !write()) {
    return tl::unexpected(error);
  }
  return finish_reload(*application);
}

tl::expected<ReconcileResult, std::string> Dispatcher::replan(Instant now) {
  return reconcile(now, false);
}

bool Dispatcher::horizon_moved(Instant now) const {
  if (!m_planned_on || m_snapshot->zone.local_date(now) < *m_planned_on + std::chrono::days{30}) {
    return false;
  }
  for (const auto& plan : m_snapshot->config.plans) {
    for (const auto& task : plan.tasks) {
      if (task.timeline.is_open_ended()) {
        return true;
      }
    }
  }
  return false;
}

tl::expected<bool, std::string> Dispatcher::triggers_changed() {
  DEADLINED_TRY_ASSIGN(auto stored, m_outbox.triggers());
  return stored.size() != m_trigger_count;
}

}  // namespace deadlined
