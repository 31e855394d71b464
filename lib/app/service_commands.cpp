// CLI use cases around the daemon's state: what would be sent, on-demand
// occurrences, the outbox, and a test message through a unit's channels.
#include <ostream>
#include <set>

#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "app/table.hpp"
#include "calendar/civil.hpp"
#include "calendar/working_calendar.hpp"
#include "calendar/zone.hpp"
#include "plan/obligations.hpp"
#include "compliance/acks.hpp"
#include "delivery/email.hpp"
#include "delivery/webhook.hpp"
#include "service/compaction.hpp"
#include "service/dispatcher.hpp"

namespace deadlined {

namespace {

void print_diagnostics(const Diagnostics& diagnostics, const std::filesystem::path& file, std::ostream& err) {
  std::size_t errors = 0;
  for (const auto& diagnostic : diagnostics) {
    err << diagnostic.format() << '\n';
    errors += diagnostic.severity == Severity::error ? 1 : 0;
  }
  if (errors > 0) {
    err << file.string() << ": " << errors << (errors == 1 ? " error" : " errors") << '\n';
  }
}

std::optional<Config> load(const std::filesystem::path& file, const std::optional<std::filesystem::path>& state_dir,
                           std::ostream& err) {
  LoadResult result = load_config(file);
  if (!result.config) {
    print_diagnostics(result.diagnostics, file, err);
    return std::nullopt;
  }
  if (state_dir) {
    result.config->daemon.state_dir = *state_dir;
  }
  return std::move(result.config);
}

const Task* find_task(const Config& config, const std::string& plan_id, const std::string& task_id,
                      const Plan** plan_out, std::string& error) {
  const Task* found = nullptr;
  for (const auto& plan : config.plans) {
    if (!plan_id.empty() && plan.id != plan_id) {
      continue;
    }
    for (const auto& task : plan.tasks) {
      if (task.id == task_id) {
        if (found != nullptr) {
          error = "task \"" + task_id + "\" exists in several plans; name one with --plan";
          return nullptr;
        }
        found = &task;
        *plan_out = &plan;
      }
    }
  }
  if (found == nullptr) {
    error = "no task \"" + task_id + "\"" + (plan_id.empty() ? "" : " in plan \"" + plan_id + "\"");
  }
  return found;
}

// "12 reminders (sent 10, dead 0, skipped 2) and 36 audit events"
std::string describe_compaction(const CompactionResult& result) {
  std::string text = std::to_string(result.total()) + " reminders (";
  const char* separator = "";
  for (const OutboxState state : {OutboxState::sent, OutboxState::dead, OutboxState::skipped}) {
    const auto found = result.reminders.find(state);
    text += separator;
    text += to_string(state);
    text += ' ';
    text += std::to_string(found == result.reminders.end() ? 0 : found->second);
    separator = ", ";
  }
  return text + ") and " + std::to_string(result.events) + " audit events";
}

// Under the counts of `outbox`: how many of them are only in the summary.
void print_compaction_note(Outbox& outbox, std::ostream& out) {
  auto status = outbox.compaction_status();
  auto compacted = outbox.compacted_counts();
  if (!status || !compacted || status->reminders == 0) {
    return;
  }
  out << "of which compacted (due before " << status->through_day << ", counted in the summary, not listed above): ";
  for (const OutboxState state : {OutboxState::sent, OutboxState::dead, OutboxState::skipped}) {
    out << to_string(state) << ": " << (*compacted)[state] << "  ";
  }
  out << "\n(outbox --compacted lists the summary)\n";
}

template <typename When>
int print_compacted(Outbox& outbox, const OutboxOptions& options, const When& when, std::ostream& out,
                    std::ostream& err) {
  auto rows = outbox.compacted(options.limit);
  if (!rows) {
    err << "outbox: " << rows.error() << '\n';
    return k_exit_failure;
  }
  if (options.format == "json") {
    nlohmann::json result = nlohmann::json::array();
    for (const auto& row : *rows) {
      result.push_back({{"plan", row.plan},
                        {"task", row.task},
                        {"unit", row.unit},
                        {"month", row.month},
                        {"stage", row.stage},
                        {"channel", to_string(row.channel)},
                        {"state", to_string(row.state)},
                        {"reason", row.reason},
                        {"reminders", row.reminders},
                        {"attempts", row.attempts},
                        {"events", row.events},
                        {"first_send_at", when(row.first_send_at)},
                        {"last_send_at", when(row.last_send_at)},
                        {"last_updated_at", when(row.last_updated_at)}});
    }
    out << result.dump(2) << '\n';
    return k_exit_ok;
  }
  TextTable table({"MONTH", "STATE", "STAGE", "TASK", "UNIT", "CHANNEL", "REMINDERS", "EVENTS", "LAST SEND", "NOTE"},
                  {0, 0, 0, 0, 0, 0, 0, 0, 0, 40});
  for (const auto& row : *rows) {
    table.add_row({row.month, std::string(to_string(row.state)), row.stage, row.task, row.unit,
                   std::string(to_string(row.channel)), std::to_string(row.reminders), std::to_string(row.events),
                   when(row.last_send_at).substr(0, 16), row.reason});
  }
  table.print(out);
  print_compaction_note(outbox, out);
  return k_exit_ok;
}

}  // namespace

int run_plan(const PlanOptions& options, std::ostream& out, std::ostream& err) {
  if (options.from && options.to && *options.from > *options.to) {
    err << "plan: --from " << to_iso(*options.from) << " is after --to " << to_iso(*options.to) << '\n';
    return k_exit_usage;
  }
  auto config = load(options.config, options.state_dir, err);
  if (!config) {
    return k_exit_config;
  }
  if (std::string unknown = unknown_filter(*config, options.unit, options.task, ""); !unknown.empty()) {
    err << "plan: " << unknown << '\n';
    return k_exit_usage;
  }
  auto zone = TimeZone::locate(config->daemon.timezone);
  if (!zone) {
    err << "plan: " << zone.error() << '\n';
    return k_exit_config;
  }
  WorkingCalendar calendar = make_calendar(*config);
  PlanRequest request;
  request.config = &*config;
  request.calendar = &calendar;
  request.zone = &*zone;
  request.filter.from = options.from;
  request.filter.to = options.to;
  request.filter.unit = options.unit;
  request.filter.task = options.task;
  // On-demand occurrences live in the state database, when there is one.
  std::filesystem::path database = outbox_path(*config);
  if (std::string missing = state_dir_problem(options.state_dir, database); !missing.empty()) {
    err << "plan: " << missing << '\n';
    return k_exit_failure;
  }
  std::set<std::string> done_keys;
  const OutboxPresence presence = examine_outbox(database);
  if (!presence.problem.empty()) {
    err << "plan: " << presence.problem << '\n';
    return k_exit_failure;
  }
  if (presence.exists) {
    auto outbox = Outbox::open_read_only(database);
    if (!outbox) {
      err << "plan: " << outbox.error() << '\n';
      return k_exit_failure;
    }
    print_outbox_notices(err, "plan", *outbox);
    auto triggers = outbox->triggers();
    if (triggers) {
      for (const auto& trigger : *triggers) {
        if (auto due = parse_iso_date(trigger.due)) {
          request.triggers.push_back(Trigger{trigger.plan, trigger.task, *due, trigger.note});
        }
      }
    }
    // Obligations marked done get no reminders (as in the daemon).
    if (auto done = done_obligations(*outbox)) {
      done_keys.insert(done->begin(), done->end());
    }
  }
  auto reminders = plan_reminders(request);
  if (!done_keys.empty()) {
    std::erase_if(reminders, [&](const Reminder& r) { return done_keys.contains(r.obligation_key()); });
  }
  if (options.format == "json") {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& reminder : reminders) {
      nlohmann::json channels = nlohmann::json::array();
      for (const auto& recipient : reminder.recipients) {
        channels.push_back({{"channel", to_string(recipient.channel)}, {"recipient", recipient.address}});
      }
      rows.push_back({{"plan", reminder.plan},
                      {"task", reminder.task},
                      {"occurrence", reminder.occurrence},
                      {"unit", reminder.unit},
                      {"role", to_string(reminder.role)},
                      {"due", to_iso(reminder.due)},
                      {"stage", reminder.stage},
                      {"days_left", reminder.days_left},
                      {"send_at", zone->iso8601(reminder.send_at)},
                      {"channels", channels}});
    }
    out << rows.dump(2) << '\n';
    return k_exit_ok;
  }
  const bool plan_column = shows_plan_column(*config, {});
  std::vector<std::string> headers{"SEND AT", "STAGE", "TASK", "ROLE", "UNIT", "DUE", "CHANNELS"};
  std::vector<std::size_t> widths{0, 0, 0, 0, 34, 0, 0};
  if (plan_column) {
    headers.insert(headers.begin() + 2, "PLAN");
    widths.insert(widths.begin() + 2, k_plan_column_width);
  }
  TextTable table(headers, widths);
  for (const auto& reminder : reminders) {
    const Unit* unit = config->find_unit(reminder.unit);
    std::size_t emails = 0;
    std::size_t hooks = 0;
    for (const auto& recipient : reminder.recipients) {
      (recipient.channel == Channel::email ? emails : hooks) += 1;
    }
    std::string channels = std::to_string(emails) + " email";
    if (hooks > 0) {
      channels += ", " + std::to_string(hooks) + " webhook";
    }
    std::vector<std::string> row{zone->iso8601(reminder.send_at).substr(0, 16),
                                 reminder.stage,
                                 reminder.task,
                                 std::string(to_string(reminder.role)),
                                 unit != nullptr ? unit->name : reminder.unit,
                                 to_iso(reminder.due),
                                 channels};
    if (plan_column) {
      row.insert(row.begin() + 2, reminder.plan);
    }
    table.add_row(std::move(row));
  }
  if (table.empty()) {
    out << "no reminders in that range\n";
  } else {
    table.print(out);
    out << reminders.size() << " reminders\n";
  }
  return k_exit_ok;
}

namespace {
int add_trigger_occurrence(const Config& config_ref, const Plan& plan_ref, const Task& task_ref,
                           const TriggerOptions& options, std::int64_t now_seconds, std::ostream& out,
                           std::ostream& err);
}  // namespace

namespace {

// A due date far from the plan's own period is a typo (1999 for 2022), which
// would otherwise plan reminders that are skipped as too old, or sent decades
// on. A request near the plan's end may fall due a little after it, so the
// year after the plan still counts.
std::string due_outside_plan(const Plan& plan, Date due) {
  const Date first = plan.start.value_or(make_date(plan.year, 1, 1));
  const Date end = plan.end.value_or(make_date(plan.span_last(), 12, 31));
  const Date last = make_date(year_of(end) + 1, 12, 31);
  if (due >= first && due <= last) {
    return {};
  }
  return "--due " + to_iso(due) + " is " + (due < first ? "before plan \"" : "long after plan \"") + plan.id + "\" (" +
         to_iso(first) + " to " + to_iso(end) + "; an occurrence may fall due through " + to_iso(last) +
         "); check the date, or add the task to the plan of that year";
}

// The due day of an occurrence whose event is on `event`: after it by the
// lag, or before it ("10 ngày trước ngày bầu cử"). A count back in calendar
// days that lands on a day off moves to the working day before it (unless
// the task keeps its days as they are): rolled forward, it would fall less
// than the count before the event.
Date due_from_event(Date event, const Lag& lag, const WorkingCalendar& calendar, RollRule roll) {
  const int count = lag.before ? -lag.count : lag.count;
  if (lag.working_days) {
    return calendar.add_working_days(event, count);
  }
  if (lag.months) {
    const Date due = add_months(event, count);
    return lag.before && roll != RollRule::keep ? calendar.roll(due, RollRule::previous) : due;
  }
  const Date due = event + std::chrono::days{count};
  return lag.before && roll != RollRule::keep ? calendar.roll(due, RollRule::previous) : due;
}

// "less 10 working days", "plus 6 months".
std::string describe_lag(const Lag& lag) {
  return std::string(lag.before ? "less " : "plus ") + std::to_string(lag.count) +
         (lag.working_days ? " working days"
          : lag.months     ? " months"
                           : " days");
}

}  // namespace

int run_trigger(const TriggerOptions& options, std::int64_t now_seconds, std::ostream& out, std::ostream& err) {
  auto config = load(options.config, options.state_dir, err);
  if (!config) {
    return k_exit_config;
  }
  const Plan* plan = nullptr;
  std::string error;
  const Task* task = find_task(*config, options.plan, options.task, &plan, error);
  if (task == nullptr) {
    err << "trigger: " << error << '\n';
    return k_exit_usage;
  }
  if (task->timeline.kind != TimelineKind::on_demand) {
    err << "trigger: task \"" << task->id << "\" is " << to_string(task->timeline.kind)
        << ", not on demand; only on-demand tasks (\"Khi có yêu cầu ...\", \"Theo Kế hoạch ...\") take triggers\n";
    return k_exit_usage;
  }
  if (task->lead.empty()) {
    err << "trigger: task \"" << task->id << "\" has no lead unit; nobody would be reminded\n";
    return k_exit_data;
  }
  TriggerOptions resolved = options;
  if (options.event) {
    if (!task->timeline.lag) {
      err << "trigger: task \"" << task->id << "\" states no lag (\"trong vòng N ngày kể từ ...\"); give --due\n";
      return k_exit_usage;
    }
    const Lag& lag = *task->timeline.lag;
    const WorkingCalendar calendar = make_calendar(*config);
    resolved.due = due_from_event(*options.event, lag, calendar, roll_rule_for(*config, *plan, *task));
    auto zone = TimeZone::locate(config->daemon.timezone);
    if (!zone) {
      err << "trigger: " << zone.error() << '\n';
      return k_exit_config;
    }
    const Date today = zone->local_date(Instant{std::chrono::seconds{now_seconds}});
    if (resolved.due < today) {
      err << "trigger: the event on " << to_iso(*options.event) << ' ' << describe_lag(lag) << " is due "
          << to_iso(resolved.due) << ", already past (today is " << to_iso(today)
          << "); nothing was created: check the event's day, or give --due to record it as it is\n";
      return k_exit_usage;
    }
  }
  if (std::string outside = due_outside_plan(*plan, resolved.due); !outside.empty()) {
    err << "trigger: " << outside << '\n';
    return k_exit_usage;
  }
  return add_trigger_occurrence(*config, *plan, *task, resolved, now_seconds, out, err);
}

namespace {

int add_trigger_occurrence(const Config& config_ref, const Plan& plan_ref, const Task& task_ref,
                           const TriggerOptions& options, std::int64_t now_seconds, std::ostream& out,
                           std::ostream& err) {
  const Config* config = &config_ref;
  const Plan* plan = &plan_ref;
  const Task* task = &task_ref;
  if (std::string missing = state_dir_problem(options.state_dir, outbox_path(*config)); !missing.empty()) {
    err << "trigger: " << missing << '\n';
    return k_exit_failure;
  }
  auto outbox = Outbox::open(outbox_path(*config));
  if (!outbox) {
    err << "trigger: " << outbox.error() << '\n';
    return k_exit_failure;
  }
  print_outbox_notices(err, "trigger", *outbox);
  auto added = outbox->add_trigger(TriggerRow{plan->id, task->id, to_iso(options.due), options.note, now_seconds});
  if (!added) {
    err << "trigger: " << added.error() << '\n';
    return k_exit_failure;
  }
  if (!*added) {
    out << "occurrence of " << plan->id << "/" << task->id << " due " << to_iso(options.due) << " already exists\n";
    return k_exit_ok;
  }
  std::size_t units = task_units(*config, *task).size();
  out << "created occurrence of " << plan->id << "/" << task->id << " due " << to_iso(options.due) << " for " << units
      << " units; a running daemon plans its reminders within its timer cap (" << config->delivery.timer_cap_s
      << " s)\n";
  return k_exit_ok;
}

}  // namespace

int run_outbox(const OutboxOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<OutboxState> state;
  if (!options.state.empty()) {
    state = parse_outbox_state(options.state);
    if (!state) {
      err << "outbox: unknown state \"" << options.state
          << "\"; expected pending, sending, sent, failed, dead or skipped\n";
      return k_exit_usage;
    }
  }
  auto config = load(options.config, options.state_dir, err);
  if (!config) {
    return k_exit_config;
  }
  std::filesystem::path database = outbox_path(*config);
  if (const OutboxPresence presence = examine_outbox(database); !presence.exists) {
    err << "outbox: "
        << (presence.problem.empty() ? "no state database at " + database.string() + " (the daemon has not run yet)"
                                     : presence.problem)
        << '\n';
    return k_exit_failure;
  }
  auto outbox = Outbox::open_read_only(database);
  if (!outbox) {
    err << "outbox: " << outbox.error() << '\n';
    return k_exit_failure;
  }
  print_outbox_notices(err, "outbox", *outbox);
  auto zone = TimeZone::locate(config->daemon.timezone);
  auto when = [&](std::int64_t seconds) -> std::string {
    if (seconds == 0) {
      return "";
    }
    Instant instant{std::chrono::seconds{seconds}};
    return zone ? zone->iso8601(instant) : std::to_string(seconds);
  };
  if (options.compacted) {
    return print_compacted(*outbox, options, when, out, err);
  }
  auto rows = outbox->list(state, options.limit);
  if (!rows) {
    err << "outbox: " << rows.error() << '\n';
    return k_exit_failure;
  }
  if (options.format == "json") {
    nlohmann::json result = nlohmann::json::array();
    for (const auto& row : *rows) {
      result.push_back({{"key", row.key},
                        {"plan", row.plan},
                        {"task", row.task},
                        {"occurrence", row.occurrence},
                        {"unit", row.unit},
                        {"role", to_string(row.role)},
                        {"stage", row.stage},
                        {"channel", to_string(row.channel)},
                        {"recipient", row.recipient},
                        {"due", row.due},
                        {"send_at", when(row.send_at)},
                        {"state", to_string(row.state)},
                        {"attempts", row.attempts},
                        {"next_attempt_at", when(row.next_attempt_at)},
                        {"sent_at", when(row.sent_at)},
                        {"last_error", row.last_error},
                        {"skip_reason", row.skip_reason}});
    }
    out << result.dump(2) << '\n';
    return k_exit_ok;
  }
  auto counts = outbox->counts();
  const bool plan_column = shows_plan_column(*config, {});
  std::vector<std::string> headers{"SEND AT", "STATE", "STAGE", "TASK", "UNIT", "CHANNEL", "RECIPIENT", "NOTE"};
  std::vector<std::size_t> widths{0, 0, 0, 0, 0, 0, 36, 48};
  if (plan_column) {
    headers.insert(headers.begin() + 3, "PLAN");
    widths.insert(widths.begin() + 3, k_plan_column_width);
  }
  TextTable table(headers, widths);
  for (const auto& row : *rows) {
    std::string note = row.state == OutboxState::skipped ? row.skip_reason : row.last_error;
    std::vector<std::string> cells{when(row.send_at).substr(0, 16),
                                   std::string(to_string(row.state)),
                                   row.stage,
                                   row.task,
                                   row.unit,
                                   std::string(to_string(row.channel)),
                                   row.recipient,
                                   note};
    if (plan_column) {
      cells.insert(cells.begin() + 3, row.plan);
    }
    table.add_row(std::move(cells));
  }
  table.print(out);
  if (counts) {
    out << '\n';
    for (const auto& [name, count] : *counts) {
      out << to_string(name) << ": " << count << "  ";
    }
    out << '\n';
    print_compaction_note(*outbox, out);
  }
  return k_exit_ok;
}

int run_outbox_compact(const CompactOptions& options, Instant now, std::ostream& out, std::ostream& err) {
  auto config = load(options.config, options.state_dir, err);
  if (!config) {
    return k_exit_config;
  }
  auto zone = TimeZone::locate(config->daemon.timezone);
  if (!zone) {
    err << "outbox compact: " << zone.error() << '\n';
    return k_exit_config;
  }
  if (!options.dry_run && options.lock_state) {
    if (std::string busy = options.lock_state(config->daemon.state_dir); !busy.empty()) {
      err << "outbox compact: " << busy << '\n';
      return k_exit_busy;
    }
  }
  std::filesystem::path database = outbox_path(*config);
  if (const OutboxPresence presence = examine_outbox(database); !presence.exists) {
    err << "outbox compact: "
        << (presence.problem.empty() ? "no state database at " + database.string() + " (the daemon has not run yet)"
                                     : presence.problem)
        << '\n';
    return k_exit_failure;
  }
  // A dry run only counts: read-only, like `outbox`, so it works where the
  // outbox cannot be written and never takes a writer's lock.
  auto outbox = options.dry_run ? Outbox::open_read_only(database) : Outbox::open(database);
  if (!outbox) {
    err << "outbox compact: " << outbox.error() << '\n';
    return k_exit_failure;
  }
  print_outbox_notices(err, "outbox compact", *outbox);
  const CompactionCutoff cutoff = compaction_cutoff(config->outbox, *zone, now, options.before);
  const std::string scope = "sent, dead and skipped reminders due before " + cutoff.due_before + " (" +
                            (options.before && to_iso(*options.before) == cutoff.due_before
                                 ? "--before"
                                 : "outbox.keep_final_days = " + std::to_string(config->outbox.keep_final_days)) +
                            ")";
  if (options.dry_run) {
    auto would = outbox->compactable(cutoff);
    if (!would) {
      err << "outbox compact: " << would.error() << '\n';
      return k_exit_failure;
    }
    out << "would compact " << describe_compaction(*would) << ": " << scope << "; nothing changed\n";
    return k_exit_ok;
  }
  CompactionResult total;
  std::size_t steps = 0;
  for (;;) {
    auto step = outbox->compact(cutoff, now.time_since_epoch().count(), k_compact_step_rows);
    if (!step) {
      // The steps before are committed; running it again goes on from there.
      err << "outbox compact: " << step.error() << " (after " << steps << " committed steps)\n";
      return k_exit_failure;
    }
    ++steps;
    for (const auto& [state, count] : step->reminders) {
      total.reminders[state] += count;
    }
    total.events += step->events;
    if (!step->more) {
      break;
    }
  }
  out << "compacted " << describe_compaction(total) << " in " << steps << (steps == 1 ? " step" : " steps") << ": "
      << scope << "; acknowledgements and triggers are kept\n";
  return k_exit_ok;
}

int run_send_test(const SendTestOptions& options, std::chrono::sys_seconds now, std::ostream& out, std::ostream& err) {
  SnapshotOptions snapshot_options;
  snapshot_options.state_dir = options.state_dir;
  auto snapshot = load_snapshot(options.config, process_environment(), snapshot_options);
  if (!snapshot) {
    print_diagnostics(snapshot.error(), options.config, err);
    return k_exit_config;
  }
  const Unit* unit = (*snapshot)->config.find_unit(options.unit);
  if (unit == nullptr) {
    err << "send-test: " << unknown_filter((*snapshot)->config, options.unit, "", "") << '\n';
    return k_exit_usage;
  }
  if (unit->emails.empty() && unit->webhooks.empty()) {
    err << "send-test: unit \"" << unit->id << "\" has no email address and no webhook\n";
    return k_exit_usage;
  }
  std::vector<ReminderRow> rows;
  Date today = (*snapshot)->zone.local_date(now);
  for (const auto& address : unit->emails) {
    rows.push_back(ReminderRow{});
    rows.back().channel = Channel::email;
    rows.back().recipient = address;
  }
  for (const auto& hook : unit->webhooks) {
    rows.push_back(ReminderRow{});
    rows.back().channel = Channel::webhook;
    rows.back().recipient = hook.url;
  }
  for (auto& row : rows) {
    row.key = "send-test/" + unit->id + "/" + std::string(to_string(row.channel)) + "/" + row.recipient + "/" +
              std::to_string(now.time_since_epoch().count());
    row.plan = "send-test";
    row.task = "Thử nghiệm";
    row.unit = unit->id;
    row.role = Role::lead;
    row.stage = "test";
    row.due = to_iso(today);
    row.send_at = now.time_since_epoch().count();
  }
  auto transport = make_transport(*snapshot);
  int failures = 0;
  for (const auto& delivery : build_deliveries(rows, **snapshot, now)) {
    if (delivery.render_error) {
      out << to_string(delivery.channel) << " " << delivery.recipient << ": dead (" << *delivery.render_error << ")\n";
      ++failures;
      continue;
    }
    auto result = transport->deliver(delivery, now);
    out << to_string(delivery.channel) << " " << delivery.recipient << ": " << delivery::to_string(result.kind);
    if (!result.detail.empty()) {
      out << " (" << result.detail << ")";
    }
    if (delivery.endpoint == "maildir") {
      out << " [no SMTP server configured: written to " << maildir_path((*snapshot)->config).string() << "]";
    }
    out << '\n';
    failures += result.kind == delivery::DeliveryResult::Kind::sent ? 0 : 1;
  }
  return failures == 0 ? k_exit_ok : k_exit_failure;
}

}  // namespace deadlined
