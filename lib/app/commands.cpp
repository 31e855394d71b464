#include "app/commands.hpp"
#include "config/holiday_notices.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <set>

#include <nlohmann/json.hpp>

#include "app/table.hpp"
#include "calendar/zone.hpp"
#include "config/config.hpp"
#include "util/text.hpp"
#include "delivery/page_templates.hpp"
#include "delivery/templates.hpp"
#include "outbox/outbox.hpp"
#include "plan/obligations.hpp"
#include "service/snapshot.hpp"
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

std::string unknown_message(std::string_view what, std::string_view id, const std::vector<std::string>& candidates) {
  std::string message = "unknown " + std::string(what) + " \"" + std::string(id) + "\"";
  std::string suggestion = closest(id, candidates);
  if (!suggestion.empty()) {
    message += "; did you mean \"" + suggestion + "\"?";
  } else if (!candidates.empty() && candidates.size() <= 8) {
    message += "; known: ";
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      message += (i ? ", " : "") + candidates[i];
    }
  }
  return message;
}

// The calendar without a configuration: the installed holiday notices when
// there are any, else the statute's computed days off.
WorkingCalendar default_calendar(int first_year, int last_year, std::ostream& err) {
  Diagnostics diagnostics;
  std::vector<YearNotice> notices;
  const std::filesystem::path dir = LoadOptions{}.default_holidays_dir;
  if (std::filesystem::is_directory(dir)) {
    notices = load_year_notices(dir, diagnostics);
  }
  for (const auto& diagnostic : diagnostics) {
    err << diagnostic.format() << '\n';
  }
  return WorkingCalendar(CalendarSettings{}, std::move(notices), first_year, last_year);
}

}  // namespace

std::string unknown_filter(const Config& config, std::string_view unit, std::string_view task, std::string_view plan) {
  if (!unit.empty() && config.find_unit(unit) == nullptr) {
    std::vector<std::string> ids;
    for (const auto& candidate : config.units) {
      ids.push_back(candidate.id);
    }
    return unknown_message("unit", unit, ids);
  }
  if (!plan.empty() && config.find_plan(plan) == nullptr) {
    std::vector<std::string> ids;
    for (const auto& candidate : config.plans) {
      ids.push_back(candidate.id);
    }
    return unknown_message("plan", plan, ids);
  }
  if (!task.empty()) {
    std::vector<std::string> ids;
    for (const auto& candidate : config.plans) {
      if (!plan.empty() && candidate.id != plan) {
        continue;
      }
      for (const auto& t : candidate.tasks) {
        if (t.id == task) {
          return {};
        }
        ids.push_back(t.id);
      }
    }
    return unknown_message(plan.empty() ? "task" : "task of plan \"" + std::string(plan) + "\"", task, ids);
  }
  return {};
}

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
  // Every year a plan touches: its span, and every year an obligation falls
  // in (open-ended phrases run k_open_ended_years past the span).
  std::set<int> years;
  for (const auto& plan : config->plans) {
    for (int year = plan.year; year <= plan.span_last(); ++year) {
      years.insert(year);
    }
  }
  for (const auto& [year, count] : per_year) {
    years.insert(year);
  }
  std::vector<int> provisional;
  for (int year : years) {
    if (calendar.is_provisional(year)) {
      provisional.push_back(year);
    }
  }
  // The same warnings `run` prints at start and a reload logs.
  for (const auto& warning : configuration_warnings(*config, calendar)) {
    err << warning.format() << '\n';
  }
  for (const auto& warning : provisional_years_beyond_plans(*config, calendar, years)) {
    err << warning.format() << '\n';
  }

  // Every secret the config names must be readable where the service runs:
  // files and, under systemd, $CREDENTIALS_DIRECTORY (LoadCredential=).
  struct SecretSource {
    std::string what;
    std::string file;
    std::string credential;
    std::string env;
    Location where;
  };
  std::vector<SecretSource> secrets;
  if (!config->smtp.url.empty()) {
    secrets.push_back({"smtp password", config->smtp.password_file, config->smtp.password_credential,
                       config->smtp.password_env, config->smtp.password_where});
  }
  for (const auto& unit : config->units) {
    for (const auto& hook : unit.webhooks) {
      secrets.push_back({"webhook secret of unit \"" + unit.id + "\"", hook.secret_file, hook.secret_credential,
                         hook.secret_env, hook.secret_where});
    }
  }
  const HttpConfig& http = config->http;
  if (http.enabled) {
    secrets.push_back({"http status token", http.status_token_file, http.status_token_credential, http.status_token_env,
                       http.status_token_where});
    secrets.push_back({"http feed secret", http.feed_secret_file, http.feed_secret_credential, http.feed_secret_env,
                       http.feed_secret_where});
    secrets.push_back({"http ack secret", http.ack_secret_file, http.ack_secret_credential, http.ack_secret_env,
                       http.ack_secret_where});
    secrets.push_back(
        {"http api token", http.api_token_file, http.api_token_credential, http.api_token_env, http.api_token_where});
  }
  Environment environment = process_environment();
  bool credentials_directory = environment("CREDENTIALS_DIRECTORY").has_value();
  std::set<std::string> credentials;
  std::size_t secret_errors = 0;
  for (const auto& secret : secrets) {
    if (!secret.credential.empty() && !credentials_directory) {
      credentials.insert(secret.credential);
      continue;
    }
    if (secret.file.empty() && secret.credential.empty()) {
      // An env secret: the service's environment is not check's, so a
      // variable unset here is told, not refused.
      if (!secret.env.empty() && !environment(secret.env)) {
        Diagnostic warning = secret_diagnostic(
            secret.where, config->main_file.string(),
            secret.what + ": $" + secret.env +
                " is not set here; the service needs it in its environment (Environment= or EnvironmentFile= of "
                "its unit), or every delivery that needs it fails");
        warning.severity = Severity::warning;
        err << warning.format() << '\n';
      }
      continue;
    }
    auto value = read_secret(secret.file, secret.credential, "", environment);
    if (!value) {
      err << secret_diagnostic(secret.where, config->main_file.string(), secret.what + ": " + value.error()).format()
          << '\n';
      ++secret_errors;
    }
  }
  // The state directory: a file there (or /dev/null) makes `run` fail at
  // every start.
  if (std::error_code ec; std::filesystem::exists(config->daemon.state_dir, ec) &&
                          !std::filesystem::is_directory(config->daemon.state_dir, ec)) {
    err << config->main_file.string() << ": daemon.state_dir: " << config->daemon.state_dir.string()
        << " is not a directory\n";
    ++secret_errors;
  }
  if (secret_errors > 0) {
    err << config->main_file.string() << ": " << secret_errors << (secret_errors == 1 ? " error" : " errors") << '\n';
    return k_exit_config;
  }

  out << "config ok: " << config->main_file.string() << " (" << counted(config->files.size(), "file", "files") << ")\n";
  out << "  units:       " << config->units.size() << '\n';
  out << "  groups:      " << config->groups.size() << '\n';
  out << "  plans:       " << config->plans.size() << '\n';
  out << "  tasks:       " << tasks << " (dated " << by_kind[TimelineKind::dated] << ", ongoing "
      << by_kind[TimelineKind::ongoing] << ", on demand " << by_kind[TimelineKind::on_demand];
  if (by_kind[TimelineKind::none] > 0) {
    out << ", no deadline " << by_kind[TimelineKind::none];
  }
  out << ")\n";
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
  for (const auto& plan : config->plans) {
    if (plan.tracking_from) {
      out << "  tracking:    plan " << plan.id << " from " << to_iso(*plan.tracking_from)
          << " (obligations due earlier are not tracked)\n";
    }
  }
  out << "  email:       "
      << (config->smtp.url.empty() ? "Maildir " + maildir_path(*config).string() : "SMTP " + config->smtp.url) << '\n';
  out << "  http:        " << (http.enabled ? "on " + http.listen : std::string("off")) << '\n';
  std::vector<std::string> opted_out;
  for (const auto& unit : config->units) {
    if (unit.no_channels) {
      opted_out.push_back(unit.id);
    }
  }
  if (!opted_out.empty()) {
    out << "  never reminded (channels = []): " << opted_out.size() << ":";
    for (const auto& id : opted_out) {
      out << ' ' << id;
    }
    out << '\n';
  }
  if (!credentials.empty()) {
    out << "  credentials (read from $CREDENTIALS_DIRECTORY; the unit needs one LoadCredential= "
           "line each):\n";
    for (const auto& credential : credentials) {
      out << "    LoadCredential=" << credential << ":deadlined." << credential << '\n';
    }
  }
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

OutboxPresence examine_outbox(const std::filesystem::path& database) {
  std::error_code error;
  const auto status = std::filesystem::status(database, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    std::error_code ignored;
    if (std::filesystem::is_symlink(std::filesystem::symlink_status(database, ignored))) {
      return {false, database.string() + ": a symbolic link to a file that does not exist"};
    }
    const auto directory = database.has_parent_path() ? database.parent_path() : std::filesystem::path(".");
    if (std::filesystem::exists(directory, ignored) && !std::filesystem::is_directory(directory, ignored)) {
      return {false, directory.string() + " (the state directory) is not a directory"};
    }
    return {false, ""};
  }
  if (error) {
    return {false, database.string() + ": cannot examine: " + error.message()};
  }
  return {true, ""};
}

void print_outbox_notices(std::ostream& err, std::string_view command, const Outbox& outbox) {
  for (const std::string& notice : outbox.notices()) {
    err << command << ": warning: " << notice << '\n';
  }
}

std::string state_dir_problem(const std::optional<std::filesystem::path>& state_dir,
                              const std::filesystem::path& database) {
  std::error_code ignored;
  if (!state_dir || std::filesystem::exists(database, ignored) || std::filesystem::is_directory(*state_dir, ignored)) {
    return {};
  }
  if (std::filesystem::exists(*state_dir, ignored)) {
    return "the state directory " + state_dir->string() +
           " is not a directory (is --state-dir right? without it, daemon.state_dir of the config is used)";
  }
  return "the state directory " + state_dir->string() +
         " does not exist (is --state-dir right? without it, daemon.state_dir of the config is used)";
}

int run_agenda(const AgendaOptions& options, std::ostream& out, std::ostream& err) {
  if (options.format != "table" && options.format != "json") {
    err << "agenda: --format must be table or json\n";
    return k_exit_usage;
  }
  if (options.from && options.to && *options.from > *options.to) {
    err << "agenda: --from " << to_iso(*options.from) << " is after --to " << to_iso(*options.to) << '\n';
    return k_exit_usage;
  }
  auto config = load_or_report(options.config, err);
  if (!config) {
    return k_exit_config;
  }
  if (std::string unknown = unknown_filter(*config, options.unit, options.task, options.plan); !unknown.empty()) {
    err << "agenda: " << unknown << '\n';
    return k_exit_usage;
  }
  WorkingCalendar calendar = make_calendar(*config);
  ObligationFilter filter{options.from, options.to, options.unit, options.task, options.plan, std::nullopt};
  auto obligations = expand_obligations(*config, calendar, filter);
  // Occurrences created with `deadlined trigger` live in the state database.
  std::vector<TriggeredOccurrence> triggered;
  if (options.state_dir) {
    config->daemon.state_dir = *options.state_dir;
  }
  const std::filesystem::path database = outbox_path(*config);
  if (std::string missing = state_dir_problem(options.state_dir, database); !missing.empty()) {
    err << "agenda: " << missing << '\n';
    return k_exit_failure;
  }
  const OutboxPresence presence = examine_outbox(database);
  if (!presence.problem.empty()) {
    err << "agenda: " << presence.problem << '\n';
    return k_exit_failure;
  }
  if (presence.exists) {
    auto outbox = Outbox::open_read_only(database);
    if (!outbox) {
      err << "agenda: " << outbox.error() << '\n';
      return k_exit_failure;
    }
    print_outbox_notices(err, "agenda", *outbox);
    if (auto rows = outbox->triggers()) {
      for (const auto& row : *rows) {
        if (auto due = parse_iso_date(row.due)) {
          triggered.push_back(TriggeredOccurrence{row.plan, row.task, *due});
        }
      }
    }
  }
  if (!triggered.empty()) {
    auto more = expand_triggered(*config, calendar, triggered, filter);
    obligations.insert(obligations.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    std::stable_sort(obligations.begin(), obligations.end(),
                     [](const Obligation& a, const Obligation& b) { return a.due < b.due; });
  }
  // Rows that state no timeline: tracked and listed, never reminded.
  std::vector<std::pair<const Plan*, const Task*>> undated;
  for (const auto& plan : config->plans) {
    if (!options.plan.empty() && plan.id != options.plan) {
      continue;
    }
    for (const auto& task : plan.tasks) {
      if (task.timeline.kind != TimelineKind::none || (!options.task.empty() && task.id != options.task)) {
        continue;
      }
      if (!options.unit.empty()) {
        const auto units = task_units(*config, task);
        const bool has_unit = std::any_of(units.begin(), units.end(), [&](const auto& entry) {
          return config->units[entry.first].id == options.unit;
        });
        if (!has_unit) {
          continue;
        }
      }
      undated.emplace_back(&plan, &task);
    }
  }
  std::set<int> provisional_years;

  if (options.format == "json") {
    // One object per line, streamed: a large agenda never sits in memory twice.
    out << '[';
    bool first = true;
    for (const auto& o : obligations) {
      nlohmann::json row{{"plan", o.plan->id},        {"task", o.task->id},
                         {"title", o.task->title},    {"unit", o.unit->id},
                         {"unit_name", o.unit->name}, {"tier", to_string(o.unit->tier)},
                         {"role", to_string(o.role)}, {"occurrence", o.occurrence_info().label},
                         {"due", to_iso(o.due)},      {"nominal_due", to_iso(o.nominal_due)},
                         {"shifted", o.shifted()},    {"provisional", calendar.is_provisional(year_of(o.due))},
                         {"when", o.task->when},      {"product", o.task->product}};
      out << (first ? "\n  " : ",\n  ") << row.dump();
      first = false;
    }
    for (const auto& [plan, task] : undated) {
      nlohmann::json row{{"plan", plan->id},         {"task", task->id},   {"title", task->title},
                         {"kind", "none"},           {"due", nullptr},     {"when", task->when},
                         {"product", task->product}, {"lead", task->lead}, {"support", task->support}};
      out << (first ? "\n  " : ",\n  ") << row.dump();
      first = false;
    }
    out << (first ? "]\n" : "\n]\n");
    return k_exit_ok;
  }
  // Task ids repeat across plans (every year's plan has an "I.1"): with
  // several plans loaded and none chosen, a PLAN column says whose task it is.
  const bool plan_column = shows_plan_column(*config, options.plan);
  std::vector<std::string> headers{"DUE", "", "NOMINAL", "TASK", "ROLE", "UNIT", "OCCURRENCE", "TITLE"};
  std::vector<std::size_t> widths{0, 0, 0, 0, 0, 36, 28, 48};
  if (plan_column) {
    headers.insert(headers.begin() + 3, "PLAN");
    widths.insert(widths.begin() + 3, k_plan_column_width);
  }
  TextTable table(headers, widths);
  for (const auto& o : obligations) {
    const bool provisional = calendar.is_provisional(year_of(o.due));
    if (provisional) {
      provisional_years.insert(year_of(o.due));
    }
    std::vector<std::string> row{to_iso(o.due) + (provisional ? "*" : ""),
                                 std::string(vietnamese_weekday(o.due)),
                                 o.shifted() ? to_iso(o.nominal_due) : "",
                                 o.task->id,
                                 std::string(to_string(o.role)),
                                 o.unit->name,
                                 o.occurrence_info().label,
                                 o.task->title};
    if (plan_column) {
      row.insert(row.begin() + 3, o.plan->id);
    }
    table.add_row(std::move(row));
  }
  if (table.empty()) {
    out << "no obligations due in that range\n";
  } else {
    table.print(out);
    out << obligations.size() << " obligations\n";
  }
  if (!provisional_years.empty()) {
    out << "* provisional calendar (no official holiday notice for";
    for (int year : provisional_years) {
      out << ' ' << year;
    }
    out << "): the due date may move when the notice is published\n";
  }
  if (!undated.empty()) {
    out << "\nno deadline stated (tracked, never reminded):\n";
    for (const auto& [plan, task] : undated) {
      out << "  " << plan->id << " " << task->id << ": " << task->title << '\n';
    }
  }
  return k_exit_ok;
}

int run_when(const WhenOptions& options, Instant now, std::ostream& out, std::ostream& err) {
  if (options.format != "text" && options.format != "json") {
    err << "when: --format must be text or json\n";
    return k_exit_usage;
  }
  if (auto bad = first_invalid_utf8(options.phrase)) {
    err << "when: the phrase is not valid UTF-8 (byte " << *bad + 1 << ")\n";
    return k_exit_data;
  }
  // Without a config "today" is Vietnam's (UTC+7, no daylight saving), the
  // product's zone; with one, its daemon.timezone's.
  std::optional<Config> config;
  Date today = std::chrono::floor<std::chrono::days>(now + std::chrono::hours(7));
  if (options.config) {
    config = load_or_report(*options.config, err);
    if (!config) {
      return k_exit_config;
    }
    auto zone = TimeZone::locate(config->daemon.timezone);
    if (!zone) {
      err << "when: " << zone.error() << '\n';
      return k_exit_config;
    }
    today = zone->local_date(now);
  }
  const RollRule roll = config ? config->calendar.roll : RollRule::next;
  const bool strict_before = config && config->calendar.before_date == BeforeDateReading::strict;
  int year = options.year != 0 ? options.year : year_of(today);
  PlanSpan span{year, std::nullopt};
  if (options.last_year != 0) {
    if (options.last_year < year) {
      err << "when: --last-year is before --year\n";
      return k_exit_usage;
    }
    span.last = options.last_year;
  }
  if (options.start && options.end && *options.end < *options.start) {
    err << "when: --end is before --start\n";
    return k_exit_usage;
  }
  span.start = options.start;
  span.end = options.end;
  auto timeline = parse_timeline(options.phrase, span);
  if (!timeline) {
    err << "when: " << timeline.error().message;
    if (timeline.error().unknown_form) {
      err << "; understood forms: " << understood_timeline_forms();
    }
    err << '\n';
    return k_exit_data;
  }
  // Open-ended phrases: the first occurrences, through the year + 4.
  std::vector<Occurrence> listed = timeline->occurrences;
  if (timeline->is_open_ended()) {
    listed = occurrences_between(*timeline, make_date(1900, 1, 1),
                                 make_date(span.bounded_last() + k_open_ended_years, 12, 31));
  }
  // "Trước ngày D" under calendar.before_date = "strict" is due the day before.
  for (auto& occurrence : listed) {
    if (strict_before && occurrence.anchor == DueAnchor::before_date) {
      occurrence.nominal_due -= std::chrono::days{1};
    }
  }
  std::vector<Date> sorted_due;
  for (const auto& occurrence : listed) {
    sorted_due.push_back(occurrence.nominal_due);
  }
  std::sort(sorted_due.begin(), sorted_due.end());
  // A due date on a day off moves by calendar.roll (by default to the next
  // working day, Civil Code Art. 148(5)); shown so that "(CN)" is not read as
  // the day to act. A config brings its own days off and holiday notices.
  std::optional<WorkingCalendar> calendar;
  if (config) {
    calendar.emplace(make_calendar(*config));
  } else if (!sorted_due.empty()) {
    calendar.emplace(default_calendar(year_of(sorted_due.front()), year_of(sorted_due.back()) + 1, err));
  }
  const auto working_due = [&](const Occurrence& occurrence) {
    return working_due_day(occurrence, occurrence.nominal_due, *calendar, roll);
  };
  if (options.format == "json") {
    nlohmann::json due = nlohmann::json::array();
    for (Date date : sorted_due) {
      due.push_back(to_iso(date));
    }
    nlohmann::json occurrences = nlohmann::json::array();
    for (const auto& occurrence : listed) {
      nlohmann::json entry{{"label", occurrence.label},
                           {"period", to_string(occurrence.period)},
                           {"start", to_iso(occurrence.period_start)},
                           {"due", to_iso(occurrence.nominal_due)},
                           {"working_due", to_iso(working_due(occurrence))},
                           {"anchor", occurrence.anchor == DueAnchor::before_date ? "before_date" : "period_end"},
                           {"report", occurrence.report}};
      if (occurrence.tiers != 0) {
        nlohmann::json tiers = nlohmann::json::array();
        for (int t = 0; t < k_tier_count; ++t) {
          if (!is_for_tier(occurrence.tiers, static_cast<Tier>(t))) {
            continue;
          }
          tiers.push_back(to_string(static_cast<Tier>(t)));
        }
        entry["tiers"] = tiers;
      }
      occurrences.push_back(std::move(entry));
    }
    nlohmann::json result{{"phrase", options.phrase},
                          {"year", year},
                          {"kind", to_string(timeline->kind)},
                          {"conditional", timeline->conditional},
                          {"open_ended", timeline->is_open_ended()},
                          {"due", due},
                          {"occurrences", occurrences}};
    if (span.last) {
      result["last_year"] = *span.last;
    }
    if (timeline->lag) {
      result["lag"] = {{"count", timeline->lag->count},
                       {"unit", timeline->lag->working_days ? "working_days"
                                : timeline->lag->months     ? "months"
                                                            : "days"}};
      if (timeline->lag->before) {
        result["lag"]["before_event"] = true;  // due = event - count
      }
    }
    if (!timeline->note.empty()) {
      result["note"] = timeline->note;
    }
    out << result.dump(2) << '\n';
    return k_exit_ok;
  }
  out << "\"" << options.phrase << "\": " << to_string(timeline->kind);
  if (timeline->conditional) {
    out << " (conditional)";
  }
  out << '\n';
  if (!timeline->note.empty()) {
    out << "  note: " << timeline->note << '\n';
  }
  if (timeline->kind == TimelineKind::ongoing) {
    out << "  ongoing work: no single due date\n";
  } else if (timeline->kind == TimelineKind::on_demand) {
    out << "  on demand: no due date until an occurrence is triggered";
    if (timeline->lag) {
      out << "; due " << timeline->lag->count
          << (timeline->lag->working_days ? " working days"
              : timeline->lag->months     ? " months"
                                          : " days")
          << (timeline->lag->before ? " before" : " after") << " the event (trigger --event D)";
    }
    out << '\n';
  } else if (timeline->kind == TimelineKind::none) {
    out << "  no timeline stated: tracked and listed, never reminded\n";
  }
  if (timeline->tiers_named() != 0) {
    out << "  each level its own time: a unit is due only on the days of its tier (tiers given: "
        << tier_names(timeline->tiers_named()) << ")\n";
  }
  if (timeline->is_open_ended()) {
    out << "  open-ended: the same periods every following year; the first through "
        << span.bounded_last() + k_open_ended_years << ":\n";
  }
  for (const auto& occurrence : listed) {
    if (occurrence.working_days_before > 0) {
      // Counted on the working calendar: the day counted to is the due day,
      // whether the day written is a working day or not.
      const Date due = working_due(occurrence);
      out << "  " << occurrence.label << ": due " << to_iso(due) << " (" << vietnamese_weekday(due) << "), "
          << occurrence.working_days_before << " working days before " << to_iso(occurrence.nominal_due) << " ("
          << vietnamese_weekday(occurrence.nominal_due) << ")";
      if (occurrence.tiers != 0) {
        out << "; for tiers " << tier_names(occurrence.tiers);
      }
      out << '\n';
      continue;
    }
    out << "  " << occurrence.label << ": due " << to_iso(occurrence.nominal_due) << " ("
        << vietnamese_weekday(occurrence.nominal_due) << ")";
    if (occurrence.anchor == DueAnchor::before_date) {
      out << (strict_before ? ", \"trước ngày\": the day before the named day (calendar.before_date = \"strict\")"
                            : ", \"trước ngày\": the named day itself unless calendar.before_date = \"strict\"");
    } else if (occurrence.period != PeriodKind::day) {
      out << ", end of " << to_string(occurrence.period) << " from " << to_iso(occurrence.period_start);
    }
    if (const Date moved = working_due(occurrence); moved != occurrence.nominal_due) {
      out << "; a day off: moves to " << to_iso(moved) << " (" << vietnamese_weekday(moved) << ")"
          << (occurrence.last_working_day || (occurrence.counted_back && roll != RollRule::keep)
                  ? std::string(", the last working day before it")
                  : std::string(" with calendar.roll = \"") + std::string(to_string(roll)) + "\"");
    }
    if (occurrence.tiers != 0) {
      out << "; for tiers " << tier_names(occurrence.tiers);
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
    calendar.emplace(default_calendar(options.year, options.year, err));
  }
  if (calendar->is_provisional(options.year)) {
    err << "warning: no official holiday notice for " << options.year << "; computed from the statute (provisional)\n";
  }
  auto days = calendar->special_days(options.year);
  if (options.format == "json") {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& day : days) {
      rows.push_back({{"date", to_iso(day.date)},
                      {"weekday", vietnamese_weekday(day.date)},
                      {"working", day.working},
                      {"name", day.name},
                      {"source", to_string(day.source)},
                      {"provisional", calendar->is_provisional(options.year)}});
    }
    out << rows.dump(2) << '\n';
    return k_exit_ok;
  }
  if (const YearNotice* notice = calendar->notice_for(options.year)) {
    out << "Official schedule " << options.year << ": " << notice->notice << "\n\n";
  }
  TextTable table({"DATE", "", "STATUS", "SOURCE", "NAME"});
  for (const auto& day : days) {
    table.add_row({to_iso(day.date), std::string(vietnamese_weekday(day.date)), day.working ? "working" : "day off",
                   std::string(to_string(day.source)), day.name});
  }
  table.print(out);
  return k_exit_ok;
}

}  // namespace deadlined
