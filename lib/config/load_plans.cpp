// Plans and their tasks: the span, timelines written as phrases (`when`) or
// structured (`schedule`), sub-rows (`parent`), references to units and
// policies.
#include <algorithm>
#include <cstdio>

#include "config/config.hpp"
#include "config/loader.hpp"
#include "config/toml_reader.hpp"
#include "util/text.hpp"

namespace deadlined::config_load {

namespace {

std::optional<ReportDays> parse_report_days(TableReader& parent, std::string_view key) {
  std::optional<ReportDays> days;
  read_table(parent, key, [&](TableReader& reader) {
    days.emplace();
    for (int t = 0; t < k_tier_count; ++t) {
      auto tier = static_cast<Tier>(t);
      if (auto day = reader.integer(to_string(tier), 1, 31)) {
        (*days)[static_cast<std::size_t>(t)] = static_cast<int>(*day);
      }
    }
  });
  return days;
}

struct PeriodSpec {
  PeriodKind kind;
  Date start;
  Date end;
  std::string label;
};

std::vector<PeriodSpec> periods_of(PeriodKind kind, int year) {
  std::vector<PeriodSpec> result;
  static const char* k_roman[] = {"I", "II", "III", "IV"};
  switch (kind) {
    case PeriodKind::month:
      for (unsigned m = 1; m <= 12; ++m) {
        char label[32];
        std::snprintf(label, sizeof label, "Tháng %02u/%d", m, year);
        result.push_back({kind, make_date(year, m, 1), last_day_of_month(year, m), label});
      }
      break;
    case PeriodKind::quarter:
      for (unsigned q = 0; q < 4; ++q) {
        result.push_back({kind, make_date(year, q * 3 + 1, 1), last_day_of_month(year, q * 3 + 3),
                          std::string("Quý ") + k_roman[q] + "/" + std::to_string(year)});
      }
      break;
    case PeriodKind::half:
      result.push_back(
          {kind, make_date(year, 1, 1), make_date(year, 6, 30), "6 tháng đầu năm " + std::to_string(year)});
      result.push_back(
          {kind, make_date(year, 7, 1), make_date(year, 12, 31), "6 tháng cuối năm " + std::to_string(year)});
      break;
    default:
      result.push_back(
          {PeriodKind::year, make_date(year, 1, 1), make_date(year, 12, 31), "Năm " + std::to_string(year)});
      break;
  }
  return result;
}

std::optional<PeriodSpec> parse_period_token(std::string_view token, int year) {
  auto number = [&](std::size_t from) -> int {
    int value = 0;
    for (std::size_t i = from; i < token.size(); ++i) {
      if (token[i] < '0' || token[i] > '9') {
        return -1;
      }
      value = value * 10 + (token[i] - '0');
    }
    return token.size() > from ? value : -1;
  };
  if (token == "year") {
    return periods_of(PeriodKind::year, year)[0];
  }
  if (token.size() >= 2 && token[0] == 'M') {
    int m = number(1);
    if (m >= 1 && m <= 12) {
      return periods_of(PeriodKind::month, year)[static_cast<std::size_t>(m - 1)];
    }
  }
  if (token.size() == 2 && token[0] == 'Q') {
    int q = number(1);
    if (q >= 1 && q <= 4) {
      return periods_of(PeriodKind::quarter, year)[static_cast<std::size_t>(q - 1)];
    }
  }
  if (token.size() == 2 && token[0] == 'H') {
    int h = number(1);
    if (h >= 1 && h <= 2) {
      return periods_of(PeriodKind::half, year)[static_cast<std::size_t>(h - 1)];
    }
  }
  return std::nullopt;
}

}  // namespace

// `start` and `end`: the plan's own period inside its years.
void Loader::read_plan_period(TableReader& reader, Plan& plan) {
  plan.start = reader.date("start");
  plan.end = reader.date("end");
  if (plan.year == 0) {
    return;
  }
  const Date first_day = make_date(plan.year, 1, 1);
  const Date last_day = make_date(plan.span_last(), 12, 31);
  const auto outside = [&](const std::optional<Date>& day) { return day && (*day < first_day || *day > last_day); };
  const std::string years = plan.span_last() == plan.year
                                ? std::to_string(plan.year)
                                : std::to_string(plan.year) + "-" + std::to_string(plan.span_last());
  if (outside(plan.start)) {
    reader.error_at_key("start", "[[plan]]: start " + to_iso(*plan.start) + " is outside the plan's years " + years);
    plan.start.reset();
  }
  if (outside(plan.end)) {
    reader.error_at_key("end", "[[plan]]: end " + to_iso(*plan.end) + " is outside the plan's years " + years);
    plan.end.reset();
  }
  if (plan.start && plan.end && *plan.end < *plan.start) {
    reader.error_at_key("end", "[[plan]]: end " + to_iso(*plan.end) + " is before start " + to_iso(*plan.start));
    plan.end.reset();
  }
}

void Loader::read_plan(const toml::table& table, const std::string& file) {
  TableReader reader(table, "[[plan]]", file, m_diagnostics);
  Plan plan;
  plan.where = reader.where();
  plan.id = reader.string("id", true).value_or("");
  plan.title = reader.string("title", true).value_or("");
  plan.decision = reader.string("decision").value_or("");
  // The span: `year`, or `first_year` and `last_year` (a multi-year plan).
  if (reader.has("year") && reader.has("first_year")) {
    reader.error_at_key("first_year", "[[plan]]: give \"year\" or \"first_year\", not both");
  } else if (!reader.has("year") && !reader.has("first_year")) {
    reader.error_here("[[plan]]: missing required key \"year\" (or \"first_year\" and \"last_year\")");
  }
  plan.year =
      static_cast<int>(reader.integer(reader.has("first_year") ? "first_year" : "year", 1900, 2200).value_or(0));
  if (reader.has("last_year")) {
    if (auto last = reader.integer("last_year", 1900, 2200)) {
      if (plan.year != 0 && *last < plan.year) {
        reader.error_at_key("last_year", "[[plan]]: last_year " + std::to_string(*last) + " is before the first year " +
                                             std::to_string(plan.year));
      } else {
        plan.last_year = static_cast<int>(*last);
      }
    }
  }
  plan.roll = parse_roll(reader, "roll");
  plan.before_date = parse_before_date(reader, "before_date");
  if (auto days = parse_report_days(reader, "report_days")) {
    plan.report_days = *days;
  }
  if (auto policy = reader.string("policy")) {
    plan.policy = *policy;
    m_policy_references.emplace_back(*policy, reader.where("policy"));
  }
  plan.tracking_from = reader.date("tracking_from");
  plan.contact = read_contact(reader, "[[plan]] contact").value_or("");
  read_plan_period(reader, plan);
  auto task_tables = reader.tables("task");
  if (plan.year != 0) {
    for (const auto* task_table : task_tables) {
      read_task(*task_table, file, plan);
    }
  }
  reader.finish();
  if (task_tables.empty() && !plan.id.empty()) {
    warn(plan.where, "plan \"" + plan.id + "\" has no [[plan.task]]: it reminds nobody of anything");
  }
  resolve_parents(plan, task_tables);
  for (const auto& existing : m_config.plans) {
    if (!plan.id.empty() && existing.id == plan.id) {
      error(plan.where, "duplicate plan id \"" + plan.id + "\" (first defined at " + existing.where.file + ":" +
                            std::to_string(existing.where.line) + ":" + std::to_string(existing.where.column) + ")");
      return;
    }
  }
  m_config.plans.push_back(std::move(plan));
}

// Sub-rows written with `parent = "N"`: N must be another row of the same
// plan (one level: a parent is not itself a sub-row); a sub-row without a
// title takes its parent's.
void Loader::resolve_parents(Plan& plan, const std::vector<const toml::table*>& task_tables) {
  // Every id the plan declares, also of rows refused for another error, so one
  // mistake is not reported twice.
  std::vector<std::string> declared;
  for (const auto* table : task_tables) {
    if (auto id = (*table)["id"].value<std::string>()) {
      declared.push_back(*id);
    }
  }
  for (Task& task : plan.tasks) {
    if (task.parent.empty()) {
      continue;
    }
    const std::string label = "task \"" + task.id + "\"";
    if (task.parent == task.id) {
      error(task.parent_where, label + ": parent \"" + task.parent + "\" is the task itself");
      continue;
    }
    auto found =
        std::find_if(plan.tasks.begin(), plan.tasks.end(), [&](const Task& other) { return other.id == task.parent; });
    if (found == plan.tasks.end()) {
      if (std::find(declared.begin(), declared.end(), task.parent) != declared.end()) {
        continue;  // the parent has an error of its own
      }
      std::string message = label + ": parent \"" + task.parent + "\" is not a task of plan \"" + plan.id + "\"";
      // Short numbers ("2" for "1") are too close to anything to suggest.
      std::string suggestion = task.parent.size() >= 3 ? closest(task.parent, declared) : std::string();
      if (!suggestion.empty() && suggestion != task.id) {
        message += "; did you mean \"" + suggestion + "\"?";
      }
      error(task.parent_where, message);
      continue;
    }
    if (!found->parent.empty()) {
      error(task.parent_where, label + ": parent \"" + task.parent + "\" is itself a sub-row (of \"" + found->parent +
                                   "\"); name the row at the top instead");
      continue;
    }
    if (task.title.empty()) {
      task.title = found->title;
    }
  }
}

void Loader::read_task(const toml::table& table, const std::string& file, Plan& plan) {
  TableReader reader(table, "[[plan.task]]", file, m_diagnostics);
  Task task;
  task.where = reader.where();
  task.id = reader.string("id", true).value_or("");
  if (auto parent = reader.string("parent")) {
    task.parent = *parent;
    task.parent_where = reader.where("parent");
  }
  // A sub-row given with `parent` may leave out the title: it is the parent's.
  task.title = reader.string("title", task.parent.empty()).value_or("");
  task.product = reader.string("product").value_or("");
  task.note = reader.string("note").value_or("");
  auto when = reader.string("when");
  task.when = when.value_or("");
  std::string label = "task \"" + task.id + "\"";
  for (auto& [id, where] : reader.located_strings("lead")) {
    m_references.push_back(Reference{id, where, "lead of " + label});
    task.lead.push_back(id);
  }
  for (auto& [id, where] : reader.located_strings("support")) {
    m_references.push_back(Reference{id, where, "support of " + label});
    task.support.push_back(id);
  }
  task.roll = parse_roll(reader, "roll");
  task.before_date = parse_before_date(reader, "before_date");
  task.report_days = parse_report_days(reader, "report_days");
  if (auto policy = reader.string("policy")) {
    task.policy = *policy;
    m_policy_references.emplace_back(*policy, reader.where("policy"));
  }
  const toml::table* schedule = reader.table("schedule");
  bool timeline_ok = true;
  if (schedule != nullptr) {
    if (auto timeline = read_schedule(reader, *schedule, plan)) {
      task.timeline = std::move(*timeline);
      task.structured = true;
    } else {
      timeline_ok = false;
    }
  } else if (!when) {
    reader.error_here(label + ": needs \"when\" (the timeline as written in the plan) or \"schedule\"");
    timeline_ok = false;
  } else {
    auto parsed = parse_timeline(*when, plan.span());
    if (parsed) {
      task.timeline = std::move(*parsed);
      if (task.timeline.tiers_named() != 0) {
        m_level_tasks.push_back(LevelTask{plan.id, task.id, reader.where("when")});
      }
    } else {
      reader.error(*reader.take("when"),
                   "when: " + parsed.error().message +
                       (parsed.error().unknown_form ? " (`deadlined when` lists the understood forms, docs/config.md "
                                                      "\"Timeline\" explains them); rephrase it"
                                                    : "") +
                       "; or give a structured `schedule`");
      timeline_ok = false;
    }
  }
  reader.finish();
  if (task.id.empty() || !timeline_ok) {
    return;
  }
  if (task.lead.empty()) {
    m_diagnostics.push_back(Diagnostic{task.where.file, task.where.line, task.where.column,
                                       label + ": no lead unit; nobody would be reminded", Severity::warning});
  }
  for (const auto& existing : plan.tasks) {
    if (existing.id == task.id) {
      error(task.where, "duplicate task id \"" + task.id + "\" in plan \"" + plan.id + "\" (first defined at " +
                            existing.where.file + ":" + std::to_string(existing.where.line) + ":" +
                            std::to_string(existing.where.column) + ")");
      return;
    }
  }
  plan.tasks.push_back(std::move(task));
}

std::optional<Timeline> Loader::read_schedule(TableReader& task_reader, const toml::table& table, const Plan& plan) {
  TableReader reader(table, "schedule", task_reader.file(), m_diagnostics);
  Timeline timeline;
  std::size_t before = m_diagnostics.size();
  auto kind = reader.string("kind");
  auto date = reader.date("date");
  const toml::array* dates = reader.array("dates");
  auto every = reader.string("every");
  const toml::array* periods = reader.array("periods");
  const toml::node* day_node = reader.take("day");
  auto report = reader.boolean("report");
  auto from = reader.date("from");
  auto to = reader.date("to");
  reader.finish();

  int forms = (kind ? 1 : 0) + (date ? 1 : 0) + (dates ? 1 : 0) + (every ? 1 : 0) + (periods ? 1 : 0);
  if (forms != 1 && m_diagnostics.size() == before) {
    reader.error_here("schedule: give exactly one of \"kind\", \"date\", \"dates\", \"every\" or \"periods\"");
    return std::nullopt;
  }
  // Day of the period's last month; 0 = the last day.
  int day = 0;
  if (day_node != nullptr) {
    if (const auto* text = day_node->as_string(); text && text->get() == "last") {
      day = 0;
    } else if (const auto* number = day_node->as_integer(); number && number->get() >= 1 && number->get() <= 31) {
      day = static_cast<int>(number->get());
    } else {
      reader.error(*day_node, "schedule.day: expected \"last\" or a day number 1..31");
    }
  }
  if (m_diagnostics.size() != before) {
    return std::nullopt;
  }
  if (kind) {
    if (*kind == "ongoing") {
      timeline.kind = TimelineKind::ongoing;
    } else if (*kind == "on_demand") {
      timeline.kind = TimelineKind::on_demand;
    } else if (*kind == "none") {
      timeline.kind = TimelineKind::none;
    } else {
      reader.error(*reader.take("kind"),
                   "schedule.kind: expected \"ongoing\", \"on_demand\" or \"none\", got \"" + *kind + "\"");
      return std::nullopt;
    }
    return timeline;
  }
  auto single = [](Date d) { return Occurrence{to_iso(d), d, d, DueAnchor::period_end, PeriodKind::day, false}; };
  if (date) {
    timeline.occurrences.push_back(single(*date));
    return timeline;
  }
  if (dates) {
    for (const auto& item : *dates) {
      const auto* value = item.as_date();
      if (value == nullptr ||
          !is_valid_date(static_cast<int>(value->get().year), value->get().month, value->get().day)) {
        reader.error(item, "schedule.dates: expected dates like 2022-03-15");
        continue;
      }
      timeline.occurrences.push_back(single(to_date(value->get())));
    }
    if (m_diagnostics.size() != before) {
      return std::nullopt;
    }
    return timeline;
  }
  std::vector<PeriodSpec> specs;
  if (every) {
    PeriodKind period;
    if (*every == "month") {
      period = PeriodKind::month;
    } else if (*every == "quarter") {
      period = PeriodKind::quarter;
    } else if (*every == "half") {
      period = PeriodKind::half;
    } else if (*every == "year") {
      period = PeriodKind::year;
    } else {
      reader.error(*reader.take("every"),
                   "schedule.every: expected \"month\", \"quarter\", \"half\" or \"year\", got \"" + *every + "\"");
      return std::nullopt;
    }
    Date first = from.value_or(make_date(plan.year, 1, 1));
    Date last = to.value_or(make_date(plan.span_last(), 12, 31));
    if (last < first) {
      reader.error_here("schedule: \"to\" is before \"from\"");
      return std::nullopt;
    }
    for (int y = year_of(first); y <= year_of(last); ++y) {
      for (auto& spec : periods_of(period, y)) {
        if (spec.end >= first && spec.end <= last) {
          specs.push_back(spec);
        }
      }
    }
  } else {
    for (const auto& item : *periods) {
      const auto* token = item.as_string();
      auto spec = token ? parse_period_token(token->get(), plan.year) : std::nullopt;
      if (!spec) {
        reader.error(item, "schedule.periods: expected M1..M12, Q1..Q4, H1, H2 or \"year\"");
        continue;
      }
      specs.push_back(*spec);
    }
    if (m_diagnostics.size() != before) {
      return std::nullopt;
    }
  }
  bool is_report = report.value_or(false);
  for (const auto& spec : specs) {
    Date due = spec.end;
    if (day != 0) {
      due = clamped_date(year_of(spec.end), month_of(spec.end), static_cast<unsigned>(day));
    }
    timeline.occurrences.push_back(Occurrence{is_report ? "Báo cáo " + spec.label : spec.label, spec.start, due,
                                              DueAnchor::period_end, spec.kind, is_report});
  }
  return timeline;
}

// A cell that gives each level of government its own time reminds each unit
// of its tier's day; a unit of a tier no part names would be reminded of
// none, silently: an error naming the task, the unit and the tiers given.
void Loader::check_units_of_level_tasks() {
  for (const LevelTask& entry : m_level_tasks) {
    const Plan* plan = m_config.find_plan(entry.plan);
    if (plan == nullptr) {
      continue;
    }
    const auto task = std::find_if(plan->tasks.begin(), plan->tasks.end(),
                                   [&entry](const Task& candidate) { return candidate.id == entry.task; });
    if (task == plan->tasks.end()) {
      continue;
    }
    const TierMask named = task->timeline.tiers_named();
    const auto without = m_config.units_without_time(task->lead, task->support, named);
    if (!without) {
      continue;
    }
    error(entry.where, "plan \"" + plan->id + "\" task \"" + task->id + "\": " + without->subject +
                           " no time in `when`, which gives one only to tiers " + tier_names(named) + without->listing +
                           ": add a part for their level (\"cấp tỉnh\" is province and department), write the "
                           "others' part as \"riêng ...\" so that the rest is everyone else's, or give them a "
                           "task of their own");
  }
}

}  // namespace deadlined::config_load
