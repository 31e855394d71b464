// `deadlined done`, `undo` and `report`.
#include "app/compliance_commands.hpp"

#include <ostream>

#include "app/table.hpp"
#include "compliance/acks.hpp"
#include "compliance/report.hpp"
#include "delivery/page_templates.hpp"
#include "service/snapshot.hpp"

namespace deadlined {

namespace {

struct Loaded {
  Config config;
  WorkingCalendar calendar;
  TimeZone zone;
};

std::optional<Loaded> load(const std::filesystem::path& file, const std::optional<std::filesystem::path>& state_dir,
                           std::string_view command, std::ostream& err) {
  LoadResult result = load_config(file);
  if (!result.config) {
    std::size_t errors = 0;
    for (const auto& diagnostic : result.diagnostics) {
      err << diagnostic.format() << '\n';
      errors += diagnostic.severity == Severity::error ? 1 : 0;
    }
    err << file.string() << ": " << errors << (errors == 1 ? " error" : " errors") << '\n';
    return std::nullopt;
  }
  if (state_dir) {
    result.config->daemon.state_dir = *state_dir;
  }
  auto zone = TimeZone::locate(result.config->daemon.timezone);
  if (!zone) {
    err << command << ": " << zone.error() << '\n';
    return std::nullopt;
  }
  WorkingCalendar calendar = make_calendar(*result.config);
  return Loaded{std::move(*result.config), std::move(calendar), *zone};
}

int exit_code_for(AckError::Kind kind) {
  switch (kind) {
    case AckError::Kind::not_found:
    case AckError::Kind::ambiguous:
      return k_exit_usage;
    case AckError::Kind::conflict:
    case AckError::Kind::expired:
      return k_exit_data;
    case AckError::Kind::storage:
      break;
  }
  return k_exit_failure;
}

int run_ack(const AckOptions& options, AckAction action, std::chrono::sys_seconds now, std::ostream& out,
            std::ostream& err) {
  const bool done = action == AckAction::done;
  const std::string_view command = to_string(action);
  auto loaded = load(options.config, options.state_dir, command, err);
  if (!loaded) {
    return k_exit_config;
  }
  if (std::string missing = state_dir_problem(options.state_dir, outbox_path(loaded->config)); !missing.empty()) {
    err << command << ": " << missing << '\n';
    return k_exit_failure;
  }
  auto outbox = Outbox::open(outbox_path(loaded->config));
  if (!outbox) {
    err << command << ": " << outbox.error() << '\n';
    return k_exit_failure;
  }
  print_outbox_notices(err, command, *outbox);
  auto triggers = outbox->triggers();
  if (!triggers) {
    err << command << ": " << triggers.error() << '\n';
    return k_exit_failure;
  }
  ObligationQuery query{options.plan, options.task, options.unit, options.occurrence};
  auto obligation = resolve_obligation(loaded->config, loaded->calendar, *triggers, query);
  if (!obligation) {
    err << command << ": " << obligation.error().message << '\n';
    return exit_code_for(obligation.error().kind);
  }
  AckRequest request{options.by, AckHow::cli, options.note};
  auto outcome = done ? mark_done(*outbox, *obligation, request, loaded->zone, now)
                      : undo_done(*outbox, *obligation, request, loaded->config.acks.undo_window_s, now);
  if (!outcome) {
    err << command << ": " << outcome.error().message << '\n';
    return exit_code_for(outcome.error().kind);
  }
  const KnownObligation& o = *obligation;
  out << o.ref.plan << "/" << o.ref.task << " " << o.unit->name << " (" << o.ref.unit << "), occurrence "
      << o.ref.occurrence << ", due " << to_iso(o.due) << ": ";
  if (done) {
    out << "done" << (outcome->late ? " LATE" : " on time") << "; " << outcome->reminders_changed
        << " pending reminders skipped\n";
  } else {
    out << "undone; " << outcome->reminders_changed << " future reminders restored\n";
  }
  return k_exit_ok;
}

}  // namespace

int run_done(const AckOptions& options, std::chrono::sys_seconds now, std::ostream& out, std::ostream& err) {
  return run_ack(options, AckAction::done, now, out, err);
}

int run_undo(const AckOptions& options, std::chrono::sys_seconds now, std::ostream& out, std::ostream& err) {
  return run_ack(options, AckAction::undo, now, out, err);
}

int run_report(const ReportOptions& options, std::chrono::sys_seconds now, std::ostream& out, std::ostream& err) {
  if (options.format != "table" && options.format != "json" && options.format != "csv" && options.format != "html") {
    err << "report: unknown format \"" << options.format << "\"; expected table, json, csv or html\n";
    return k_exit_usage;
  }
  auto loaded = load(options.config, options.state_dir, "report", err);
  if (!loaded) {
    return k_exit_config;
  }
  const Config& config = loaded->config;
  if (std::string unknown = unknown_filter(config, "", "", options.plan); !unknown.empty()) {
    err << "report: " << unknown << '\n';
    return k_exit_usage;
  }
  std::vector<TriggerRow> triggers;
  std::vector<AckRow> acks;
  // No database yet (the daemon never ran, nobody marked anything): nothing is done.
  std::filesystem::path database = outbox_path(config);
  if (std::string missing = state_dir_problem(options.state_dir, database); !missing.empty()) {
    err << "report: " << missing << '\n';
    return k_exit_failure;
  }
  const OutboxPresence presence = examine_outbox(database);
  if (!presence.problem.empty()) {
    err << "report: " << presence.problem << '\n';
    return k_exit_failure;
  }
  if (presence.exists) {
    auto outbox = Outbox::open_read_only(database);
    if (!outbox) {
      err << "report: " << outbox.error() << '\n';
      return k_exit_failure;
    }
    print_outbox_notices(err, "report", *outbox);
    auto stored_triggers = outbox->triggers();
    auto stored_acks = outbox->acks();
    if (!stored_triggers || !stored_acks) {
      err << "report: " << (stored_triggers ? stored_acks.error() : stored_triggers.error()) << '\n';
      return k_exit_failure;
    }
    triggers = std::move(*stored_triggers);
    acks = std::move(*stored_acks);
  }
  Date as_of = options.as_of.value_or(loaded->zone.local_date(now));
  ComplianceReport report =
      build_compliance_report(config, loaded->calendar, loaded->zone, triggers, acks, as_of, options.plan);
  if (options.format == "json") {
    out << compliance_json(report, loaded->zone);
    return k_exit_ok;
  }
  if (options.format == "csv") {
    out << compliance_csv(report, loaded->zone);
    return k_exit_ok;
  }
  if (options.format == "html") {
    std::string page_template;
    if (!config.pages.templates_dir.empty()) {
      auto pages = delivery::PageTemplates::load(config.pages.templates_dir);
      if (!pages) {
        err << options.config.string() << ": pages.templates_dir: " << pages.error() << '\n';
        return k_exit_config;
      }
      page_template = pages->report;
    }
    out << compliance_html(report, config, loaded->zone, page_template);
    return k_exit_ok;
  }
  out << "Compliance as of " << to_iso(as_of) << (options.plan.empty() ? "" : ", plan " + options.plan) << "\n\n";
  // Task ids repeat across plans: with several plans and no --plan, each row names its plan.
  const bool plan_column = shows_plan_column(config, options.plan);
  const auto with_plan = [plan_column](std::vector<std::string> cells, std::size_t at, std::string plan) {
    if (plan_column) {
      cells.insert(cells.begin() + static_cast<std::ptrdiff_t>(at), std::move(plan));
    }
    return cells;
  };
  std::vector<std::size_t> entry_widths{0, 0, 34, 0, 0, 0};
  if (plan_column) {
    entry_widths.insert(entry_widths.begin() + 1, k_plan_column_width);
  }
  TextTable entries(with_plan({"DUE", "TASK", "UNIT", "STATUS", "DAYS LATE", "DONE AT"}, 1, "PLAN"), entry_widths);
  for (const auto& entry : report.entries) {
    const KnownObligation& o = entry.obligation;
    entries.add_row(
        with_plan({to_iso(o.due), o.ref.task, o.unit->name, std::string(to_string(entry.status)),
                   entry.days_late != 0 ? std::to_string(entry.days_late) : "",
                   entry.done ? loaded->zone.iso8601(Instant{std::chrono::seconds{entry.done->at}}).substr(0, 16) : ""},
                  1, o.ref.plan));
  }
  const auto print_untimed = [&] {
    if (report.untimed.empty()) {
      return;
    }
    out << "\nNo timeline (tracked, never reminded)\n";
    std::vector<std::size_t> untimed_widths{0, 34, 28, 48};
    if (plan_column) {
      untimed_widths.insert(untimed_widths.begin(), k_plan_column_width);
    }
    TextTable table(with_plan({"TASK", "LEAD", "WHEN", "TITLE"}, 0, "PLAN"), untimed_widths);
    for (const auto& row : report.untimed) {
      table.add_row(with_plan(
          {row.task->id, row.unit != nullptr ? row.unit->name : "", row.task->when, row.task->title}, 0, row.plan->id));
    }
    table.print(out);
  };
  if (entries.empty()) {
    out << "no obligations\n";
    print_untimed();
    return k_exit_ok;
  }
  entries.print(out);
  print_untimed();
  const auto totals = [&](const std::string& heading, const std::vector<ComplianceGroup>& groups, bool with_total,
                          bool with_id) {
    out << '\n' << heading << '\n';
    TextTable table({"NAME", "ON TIME", "LATE", "PENDING", "OVERDUE", "OVERDUE DAYS", "ON-TIME RATE"},
                    {40, 0, 0, 0, 0, 0, 0});
    const auto add = [&](const std::string& name, const ComplianceTotals& t) {
      table.add_row({name, std::to_string(t.on_time), std::to_string(t.late), std::to_string(t.pending),
                     std::to_string(t.overdue), std::to_string(t.overdue_days), rate_text(t.on_time_rate())});
    };
    for (const auto& group : groups) {
      add(with_id ? group.id + " " + group.name : group.name, group.totals);
    }
    if (with_total) {
      add("Tổng cộng", report.totals);
    }
    table.print(out);
  };
  totals("By unit", report.by_unit, true, false);
  totals("By tier", report.by_tier, false, false);
  totals("By task", report.by_task, false, true);
  return k_exit_ok;
}

}  // namespace deadlined
