#include "app/commands.hpp"

#include <map>
#include <ostream>
#include <set>

#include <nlohmann/json.hpp>

#include "app/table.hpp"
#include "config/config.hpp"
#include "delivery/page_templates.hpp"
#include "delivery/templates.hpp"
#include "plan/obligations.hpp"
#include "util/safe_input.hpp"

namespace deadlined {

namespace {

std::optional<Config> load_or_report(const std::filesystem::path& file, std::ostream& err) {
  LoadResult result = load_config(file);
  for (const auto& diagnostic : result.diagnostics) {
    err << diagnostic.format() << '\n';
  }
  if (!result.config) {
    std::size_t errors = 0;
    for (const auto& diagnostic : result.diagnostics) {
      errors += diagnostic.severity == Severity::error ? 1 : 0;
    }
    err << file.string() << ": " << errors << (errors == 1 ? " error" : " errors") << '\n';
  }
  return std::move(result.config);
}

}  // namespace

int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  auto config = load_or_report(options.config, err);
  if (!config) {
    return k_exit_config;
  }
  // Templates are part of the configuration: checked here, not at the first
  // send or page view.
  if (!config->email.templates_dir.empty()) {
    if (auto templates = delivery::Templates::load(config->email.templates_dir); !templates) {
      err << templates.error() << '\n' << options.config.string() << ": 1 error\n";
      return k_exit_config;
    }
  }
  if (!config->pages.templates_dir.empty()) {
    if (auto pages = delivery::PageTemplates::load(config->pages.templates_dir); !pages) {
      err << config->main_file.string() << ": pages.templates_dir: " << pages.error() << '\n';
      err << config->main_file.string() << ": 1 error\n";
      return k_exit_config;
    }
  }
  WorkingCalendar calendar = make_calendar(*config);
  auto obligations = expand_obligations(*config, calendar);

  std::size_t tasks = 0;
  std::map<TimelineKind, std::size_t> by_kind;
  for (const auto& plan : config->plans) {
    tasks += plan.tasks.size();
    for (const auto& task : plan.tasks) {
      ++by_kind[task.timeline.kind];
    }
  }
  std::map<int, std::size_t> per_year;
  for (const auto& obligation : obligations) {
    ++per_year[year_of(obligation.due)];
  }
  std::set<int> years;
  for (const auto& plan : config->plans) {
    years.insert(plan.year);
  }
  for (const auto& [year, count] : per_year) {
    years.insert(year);
  }
  std::vector<int> provisional;
  for (int year : years) {
    if (calendar.is_provisional(year)) {
      provisional.push_back(year);
      err << config->main_file.string() << ": warning: no official holiday notice for " << year
          << "; its calendar is computed from the statute (provisional)\n";
    }
  }

  out << "config ok: " << config->main_file.string() << " (" << config->files.size() << " files)\n";
  out << "  units:       " << config->units.size() << '\n';
  out << "  groups:      " << config->groups.size() << '\n';
  out << "  plans:       " << config->plans.size() << '\n';
  out << "  tasks:       " << tasks << " (dated " << by_kind[TimelineKind::dated] << ", ongoing "
      << by_kind[TimelineKind::ongoing] << ", on demand " << by_kind[TimelineKind::on_demand] << ")\n";
  out << "  obligations: " << obligations.size();
  if (!per_year.empty()) {
    out << " (";
    bool first = true;
    for (const auto& [year, count] : per_year) {
      out << (first ? "" : ", ") << year << ": " << count;
      first = false;
    }
    out << ")";
  }
  out << '\n';
  out << "  holiday notices: ";
  if (config->notices.empty()) {
    out << "none";
  }
  for (std::size_t i = 0; i < config->notices.size(); ++i) {
    out << (i ? ", " : "") << config->notices[i].year;
  }
  out << '\n';
  out << "  provisional years: ";
  if (provisional.empty()) {
    out << "none";
  }
  for (std::size_t i = 0; i < provisional.size(); ++i) {
    out << (i ? ", " : "") << provisional[i];
  }
  out << '\n';
  return k_exit_ok;
}

int run_agenda(const AgendaOptions& options, std::ostream& out, std::ostream& err) {
  if (options.format != "table" && options.format != "json") {
    err << "agenda: --format must be table or json\n";
    return k_exit_usage;
  }
  auto config = load_or_report(options.config, err);
  if (!config) {
    return k_exit_config;
  }
  if (!options.unit.empty() && config->find_unit(options.unit) == nullptr) {
    err << "agenda: unknown unit \"" << options.unit << "\"\n";
    return k_exit_usage;
  }
  WorkingCalendar calendar = make_calendar(*config);
  ObligationFilter filter{options.from, options.to, options.unit, options.task, options.plan};
  auto obligations = expand_obligations(*config, calendar, filter);

  if (options.format == "json") {
    // One object per line, streamed: a large agenda never sits in memory twice.
    out << '[';
    bool first = true;
    for (const auto& o : obligations) {
      nlohmann::json row{{"plan", o.plan->id},
                         {"task", o.task->id},
                         {"title", o.task->title},
                         {"unit", o.unit->id},
                         {"unit_name", o.unit->name},
                         {"tier", to_string(o.unit->tier)},
                         {"role", to_string(o.role)},
                         {"occurrence", o.occurrence_info().label},
                         {"due", to_iso(o.due)},
                         {"nominal_due", to_iso(o.nominal_due)},
                         {"shifted", o.shifted()},
                         {"when", o.task->when},
                         {"product", o.task->product}};
      out << (first ? "\n  " : ",\n  ") << row.dump();
      first = false;
    }
    out << (first ? "]\n" : "\n]\n");
    return k_exit_ok;
  }
  TextTable table({"DUE", "", "NOMINAL", "TASK", "ROLE", "UNIT", "OCCURRENCE", "TITLE"},
                  {0, 0, 0, 0, 0, 36, 28, 48});
  for (const auto& o : obligations) {
    table.add_row({to_iso(o.due), std::string(vietnamese_weekday(o.due)),
                   o.shifted() ? to_iso(o.nominal_due) : "", o.task->id, std::string(to_string(o.role)),
                   o.unit->name, o.occurrence_info().label, o.task->title});
  }
  if (table.empty()) {
    out << "no obligations due in that range\n";
  } else {
    table.print(out);
    out << obligations.size() << " obligations\n";
  }
  return k_exit_ok;
}

int run_when(const WhenOptions& options, Date today, std::ostream& out, std::ostream& err) {
  if (options.format != "text" && options.format != "json") {
    err << "when: --format must be text or json\n";
    return k_exit_usage;
  }
  if (auto bad = first_invalid_utf8(options.phrase)) {
    err << "when: the phrase is not valid UTF-8 (byte " << *bad + 1 << ")\n";
    return k_exit_data;
  }
  int year = options.year != 0 ? options.year : year_of(today);
  auto timeline = parse_timeline(options.phrase, year);
  if (!timeline) {
    err << "when: " << timeline.error().message << '\n';
    return k_exit_data;
  }
  if (options.format == "json") {
    nlohmann::json due = nlohmann::json::array();
    nlohmann::json occurrences = nlohmann::json::array();
    for (const auto& occurrence : timeline->occurrences) {
      due.push_back(to_iso(occurrence.nominal_due));
      occurrences.push_back({{"label", occurrence.label},
                             {"period", to_string(occurrence.period)},
                             {"start", to_iso(occurrence.period_start)},
                             {"due", to_iso(occurrence.nominal_due)},
                             {"anchor", occurrence.anchor == DueAnchor::before_date ? "before_date" : "period_end"},
                             {"report", occurrence.report}});
    }
    nlohmann::json result{{"phrase", options.phrase},
                          {"year", year},
                          {"kind", to_string(timeline->kind)},
                          {"conditional", timeline->conditional},
                          {"due", due},
                          {"occurrences", occurrences}};
    out << result.dump(2) << '\n';
    return k_exit_ok;
  }
  out << "\"" << options.phrase << "\": " << to_string(timeline->kind);
  if (timeline->conditional) {
    out << " (conditional)";
  }
  out << '\n';
  if (timeline->kind == TimelineKind::ongoing) {
    out << "  ongoing work: no single due date\n";
  } else if (timeline->kind == TimelineKind::on_demand) {
    out << "  on demand: no due date until an occurrence is triggered\n";
  }
  for (const auto& occurrence : timeline->occurrences) {
    out << "  " << occurrence.label << ": due " << to_iso(occurrence.nominal_due) << " ("
        << vietnamese_weekday(occurrence.nominal_due) << ")";
    if (occurrence.anchor == DueAnchor::before_date) {
      out << ", \"trước ngày\": the named day itself unless calendar.before_date = \"strict\"";
    } else if (occurrence.period != PeriodKind::day) {
      out << ", end of " << to_string(occurrence.period) << " from " << to_iso(occurrence.period_start);
    }
    out << '\n';
  }
  return k_exit_ok;
}

int run_holidays(const HolidaysOptions& options, std::ostream& out, std::ostream& err) {
  if (options.format != "table" && options.format != "json") {
    err << "holidays: --format must be table or json\n";
    return k_exit_usage;
  }
  if (options.year < 1900 || options.year > 2199) {
    err << "holidays: --year must be between 1900 and 2199\n";
    return k_exit_usage;
  }
  std::optional<WorkingCalendar> calendar;
  if (options.config) {
    auto config = load_or_report(*options.config, err);
    if (!config) {
      return k_exit_config;
    }
    calendar.emplace(make_calendar(*config));
  } else {
    Diagnostics diagnostics;
    std::vector<YearNotice> notices;
    std::filesystem::path dir = LoadOptions{}.default_holidays_dir;
    if (std::filesystem::is_directory(dir)) {
      notices = load_year_notices(dir, diagnostics);
    }
    for (const auto& diagnostic : diagnostics) {
      err << diagnostic.format() << '\n';
    }
    calendar.emplace(CalendarSettings{}, std::move(notices), options.year, options.year);
  }
  if (calendar->is_provisional(options.year)) {
    err << "warning: no official holiday notice for " << options.year
        << "; computed from the statute (provisional)\n";
  }
  auto days = calendar->special_days(options.year);
  if (options.format == "json") {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& day : days) {
      rows.push_back({{"date", to_iso(day.date)},
                      {"weekday", vietnamese_weekday(day.date)},
                      {"working", day.working},
                      {"name", day.name},
                      {"source", to_string(day.source)}});
    }
    out << rows.dump(2) << '\n';
    return k_exit_ok;
  }
  if (const YearNotice* notice = calendar->notice_for(options.year)) {
    out << "Official schedule " << options.year << ": " << notice->notice << "\n\n";
  }
  TextTable table({"DATE", "", "STATUS", "SOURCE", "NAME"});
  for (const auto& day : days) {
    table.add_row({to_iso(day.date), std::string(vietnamese_weekday(day.date)),
                   day.working ? "working" : "day off", std::string(to_string(day.source)), day.name});
  }
  table.print(out);
  return k_exit_ok;
}

}  // namespace deadlined
