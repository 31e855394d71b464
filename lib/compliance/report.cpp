#include "compliance/report.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "compliance/report_charts.hpp"
#include "delivery/mustache.hpp"
#include "delivery/page_templates.hpp"
#include "util/charts.hpp"
#include "plan/obligations.hpp"
#include "util/text.hpp"

namespace deadlined {

namespace {

// Working days in (from, to]; 0 when to <= from.
int working_days_between(const WorkingCalendar& calendar, Date from, Date to) {
  int count = 0;
  for (Date day = from + std::chrono::days{1}; day <= to; day += std::chrono::days{1}) {
    count += calendar.is_working(day) ? 1 : 0;
  }
  return count;
}

std::string tier_name_vi(Tier tier) {
  switch (tier) {
    case Tier::province:
      return "Cấp tỉnh";
    case Tier::department:
      return "Sở, ban, ngành";
    case Tier::district:
      return "Cấp huyện";
    case Tier::commune:
      return "Cấp xã";
    case Tier::other:
      break;
  }
  return "Khác";
}

std::string done_at_text(const ComplianceEntry& entry, const TimeZone& zone) {
  return entry.done ? zone.iso8601(Instant{std::chrono::seconds{entry.done->at}}) : std::string();
}

nlohmann::ordered_json totals_json(const ComplianceTotals& totals) {
  nlohmann::ordered_json json = {{"on_time", totals.on_time},           {"late", totals.late},
                                 {"pending", totals.pending},           {"overdue", totals.overdue},
                                 {"overdue_days", totals.overdue_days}, {"total", totals.total()}};
  auto rate = totals.on_time_rate();
  json["on_time_rate"] = rate ? nlohmann::ordered_json(*rate) : nlohmann::ordered_json(nullptr);
  return json;
}

nlohmann::ordered_json groups_json(const std::vector<ComplianceGroup>& groups) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& group : groups) {
    nlohmann::ordered_json item = {{"id", group.id}, {"name", group.name}};
    item.update(totals_json(group.totals));
    list.push_back(std::move(item));
  }
  return list;
}

}  // namespace

std::string_view to_string(ComplianceStatus status) {
  switch (status) {
    case ComplianceStatus::on_time:
      return "on_time";
    case ComplianceStatus::late:
      return "late";
    case ComplianceStatus::overdue:
      return "overdue";
    case ComplianceStatus::pending:
      break;
  }
  return "pending";
}

std::string_view vietnamese_text(ComplianceStatus status) {
  switch (status) {
    case ComplianceStatus::on_time:
      return "Hoàn thành đúng hạn";
    case ComplianceStatus::late:
      return "Hoàn thành trễ hạn";
    case ComplianceStatus::overdue:
      return "Quá hạn";
    case ComplianceStatus::pending:
      break;
  }
  return "Chưa đến hạn";
}

ComplianceStatus classify_obligation(Date due, std::optional<Date> done_day, Date as_of) {
  if (done_day) {
    return *done_day > due ? ComplianceStatus::late : ComplianceStatus::on_time;
  }
  return due < as_of ? ComplianceStatus::overdue : ComplianceStatus::pending;
}

bool rated_role(Role role) {
  return role == Role::lead;
}

std::vector<ComplianceGroup> worst_first(std::vector<ComplianceGroup> groups) {
  std::stable_sort(groups.begin(), groups.end(), [](const ComplianceGroup& a, const ComplianceGroup& b) {
    if (a.totals.overdue != b.totals.overdue) {
      return a.totals.overdue > b.totals.overdue;
    }
    if (a.totals.overdue_days != b.totals.overdue_days) {
      return a.totals.overdue_days > b.totals.overdue_days;
    }
    const double rate_a = a.totals.on_time_rate().value_or(2.0);  // nothing due: last
    const double rate_b = b.totals.on_time_rate().value_or(2.0);
    return rate_a < rate_b;
  });
  return groups;
}

std::optional<double> ComplianceTotals::on_time_rate() const {
  const int due = on_time + late + overdue;
  if (due == 0) {
    return std::nullopt;
  }
  return static_cast<double>(on_time) / static_cast<double>(due);
}

void ComplianceTotals::add(const ComplianceEntry& entry) {
  switch (entry.status) {
    case ComplianceStatus::on_time:
      ++on_time;
      break;
    case ComplianceStatus::late:
      ++late;
      break;
    case ComplianceStatus::pending:
      ++pending;
      break;
    case ComplianceStatus::overdue:
      ++overdue;
      overdue_days += entry.days_late;
      break;
  }
}

std::string rate_text(const std::optional<double>& rate) {
  if (!rate) {
    return "—";
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %%", *rate * 100.0);
  std::string text = buffer;
  for (char& c : text) {
    c = c == '.' ? ',' : c;  // Vietnamese decimal comma
  }
  return text;
}

ComplianceReport build_compliance_report(const Config& config, const WorkingCalendar& calendar, const TimeZone& zone,
                                         const std::vector<TriggerRow>& triggers, const std::vector<AckRow>& acks,
                                         Date as_of, const std::string& plan) {
  ComplianceReport report;
  report.as_of = as_of;
  report.plan = plan;
  // The state of each obligation at the end of `as_of`: replay the log up to then.
  std::map<std::string, std::optional<AckRow>> done;
  for (const AckRow& event : acks) {
    if (zone.local_date(Instant{std::chrono::seconds{event.at}}) > as_of) {
      continue;
    }
    auto& state = done[event.obligation_key()];
    if (event.action == AckAction::done) {
      state = event;
    } else {
      state.reset();
    }
  }
  std::map<std::string, std::size_t> unit_index;
  std::map<std::string, std::size_t> task_index;
  std::array<ComplianceTotals, k_tier_count> tiers{};
  std::array<bool, k_tier_count> tier_used{};
  for (const auto& plan_config : config.plans) {
    if (!plan.empty() && plan_config.id != plan) {
      continue;
    }
    for (const auto& task : plan_config.tasks) {
      std::string id = plan.empty() && config.plans.size() > 1 ? plan_config.id + "/" + task.id : task.id;
      task_index.emplace(plan_config.id + "/" + task.id, report.by_task.size());
      report.by_task.push_back(ComplianceGroup{id, task.title, {}});
      if (task.timeline.kind == TimelineKind::none) {
        bool any_lead = false;
        for (const auto& [unit, role] : task_units(config, task)) {
          if (rated_role(role)) {
            report.untimed.push_back(UntimedEntry{&plan_config, &task, &config.units[unit]});
            any_lead = true;
          }
        }
        if (!any_lead) {
          report.untimed.push_back(UntimedEntry{&plan_config, &task, nullptr});
        }
      }
    }
  }
  for (KnownObligation& obligation : known_obligations(config, calendar, triggers, plan)) {
    // The lead owes the product; supporting units are not rated.
    if (!rated_role(obligation.role)) {
      continue;
    }
    ComplianceEntry entry;
    std::optional<Date> done_day;
    auto found = done.find(obligation.ref.key());
    if (found != done.end() && found->second) {
      entry.done = found->second;
      done_day = zone.local_date(Instant{std::chrono::seconds{entry.done->at}});
    }
    entry.status = classify_obligation(obligation.due, done_day, as_of);
    if (done_day) {
      entry.days_late = working_days_between(calendar, obligation.due, *done_day);
    } else if (entry.status == ComplianceStatus::overdue) {
      entry.days_late = working_days_between(calendar, obligation.due, as_of);
    }
    entry.obligation = std::move(obligation);
    const Unit& unit = *entry.obligation.unit;
    auto [unit_it, inserted] = unit_index.emplace(unit.id, report.by_unit.size());
    if (inserted) {
      report.by_unit.push_back(ComplianceGroup{unit.id, unit.name, {}});
    }
    report.by_unit[unit_it->second].totals.add(entry);
    auto tier = static_cast<std::size_t>(unit.tier);
    tiers[tier].add(entry);
    tier_used[tier] = true;
    auto task_it = task_index.find(entry.obligation.ref.plan + "/" + entry.obligation.ref.task);
    if (task_it != task_index.end()) {
      report.by_task[task_it->second].totals.add(entry);
    }
    report.totals.add(entry);
    report.entries.push_back(std::move(entry));
  }
  // Units in config order, tasks in plan order without those with nothing to rate.
  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < config.units.size(); ++i) {
    order.emplace(config.units[i].id, i);
  }
  std::stable_sort(report.by_unit.begin(), report.by_unit.end(),
                   [&](const ComplianceGroup& a, const ComplianceGroup& b) { return order[a.id] < order[b.id]; });
  std::erase_if(report.by_task, [](const ComplianceGroup& group) { return group.totals.total() == 0; });
  for (int t = 0; t < k_tier_count; ++t) {
    if (tier_used[static_cast<std::size_t>(t)]) {
      auto tier = static_cast<Tier>(t);
      report.by_tier.push_back(
          ComplianceGroup{std::string(to_string(tier)), tier_name_vi(tier), tiers[static_cast<std::size_t>(t)]});
    }
  }
  return report;
}

std::string compliance_json(const ComplianceReport& report, const TimeZone& zone) {
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const auto& entry : report.entries) {
    const KnownObligation& o = entry.obligation;
    nlohmann::ordered_json item = {{"plan", o.ref.plan},
                                   {"task", o.ref.task},
                                   {"task_title", o.task->title},
                                   {"occurrence", o.ref.occurrence},
                                   {"unit", o.ref.unit},
                                   {"unit_name", o.unit->name},
                                   {"tier", to_string(o.unit->tier)},
                                   {"due", to_iso(o.due)},
                                   {"status", to_string(entry.status)},
                                   {"days_late", entry.days_late},
                                   {"done_at", done_at_text(entry, zone)},
                                   {"done_by", entry.done ? entry.done->by : ""},
                                   {"done_how", entry.done ? entry.done->how : ""},
                                   {"note", entry.done ? entry.done->note : ""}};
    entries.push_back(std::move(item));
  }
  nlohmann::ordered_json untimed = nlohmann::ordered_json::array();
  for (const auto& row : report.untimed) {
    untimed.push_back(nlohmann::ordered_json{{"plan", row.plan->id},
                                             {"task", row.task->id},
                                             {"task_title", row.task->title},
                                             {"when", row.task->when},
                                             {"unit", row.unit != nullptr ? row.unit->id : ""},
                                             {"unit_name", row.unit != nullptr ? row.unit->name : ""},
                                             {"due", nullptr},
                                             {"status", k_untimed_status}});
  }
  nlohmann::ordered_json json = {{"as_of", to_iso(report.as_of)},
                                 {"plan", report.plan},
                                 {"totals", totals_json(report.totals)},
                                 {"by_unit", groups_json(report.by_unit)},
                                 {"by_tier", groups_json(report.by_tier)},
                                 {"by_task", groups_json(report.by_task)},
                                 {"entries", entries},
                                 {"untimed", untimed}};
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string csv_field(std::string_view raw) {
  // A cell a spreadsheet would read as a formula (OWASP "CSV injection":
  // = + - @ tab CR first) gets a leading apostrophe, which shows the text as
  // typed; notes come from anyone holding an acknowledgement link.
  std::string guarded;
  if (!raw.empty() && std::string_view("=+-@\t\r").find(raw.front()) != std::string_view::npos) {
    guarded = "'" + std::string(raw);
    raw = guarded;
  }
  const std::string_view text = raw;
  // RFC 4180: quote fields holding a comma, quote, CR or LF; double the quotes.
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  quoted += '"';
  return quoted;
}

std::string compliance_csv(const ComplianceReport& report, const TimeZone& zone) {
  std::string out = "\xEF\xBB\xBF";  // BOM: spreadsheets then read UTF-8, not the local code page
  const auto line = [&out](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      out += (i ? "," : "") + csv_field(fields[i]);
    }
    out += "\r\n";
  };
  line({"plan", "task", "task_title", "occurrence", "unit", "unit_name", "tier", "due", "status", "status_text",
        "days_late", "done_at", "done_by", "note"});
  for (const auto& entry : report.entries) {
    const KnownObligation& o = entry.obligation;
    line({o.ref.plan, o.ref.task, o.task->title, o.ref.occurrence, o.ref.unit, o.unit->name,
          std::string(to_string(o.unit->tier)), to_iso(o.due), std::string(to_string(entry.status)),
          std::string(vietnamese_text(entry.status)), std::to_string(entry.days_late), done_at_text(entry, zone),
          entry.done ? entry.done->by : "", entry.done ? entry.done->note : ""});
  }
  for (const auto& row : report.untimed) {
    line({row.plan->id, row.task->id, row.task->title, "", row.unit != nullptr ? row.unit->id : "",
          row.unit != nullptr ? row.unit->name : "", row.unit != nullptr ? std::string(to_string(row.unit->tier)) : "",
          "", std::string(k_untimed_status), std::string(k_untimed_text), "", "", "", ""});
  }
  out += "\r\n";
  line({"scope", "id", "name", "on_time", "late", "pending", "overdue", "overdue_days", "total", "on_time_rate"});
  const auto totals_line = [&](const std::string& scope, const ComplianceGroup& group) {
    auto rate = group.totals.on_time_rate();
    char buffer[32] = "";
    if (rate) {
      std::snprintf(buffer, sizeof buffer, "%.4f", *rate);
    }
    line({scope, group.id, group.name, std::to_string(group.totals.on_time), std::to_string(group.totals.late),
          std::to_string(group.totals.pending), std::to_string(group.totals.overdue),
          std::to_string(group.totals.overdue_days), std::to_string(group.totals.total()), buffer});
  };
  for (const auto& group : report.by_unit) {
    totals_line("unit", group);
  }
  for (const auto& group : report.by_tier) {
    totals_line("tier", group);
  }
  for (const auto& group : report.by_task) {
    totals_line("task", group);
  }
  totals_line("all", ComplianceGroup{"", "Tổng cộng", report.totals});
  return out;
}

std::string html_escape(std::string_view text) {
  return charts::escape(text);
}

namespace {

std::string dmy(Date date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02u/%02u/%04d", day_of(date), month_of(date), year_of(date));
  return buffer;
}

kainjow::mustache::data totals_data(const ComplianceTotals& t) {
  kainjow::mustache::data d;
  d.set("on_time", grouped_number(t.on_time));
  d.set("late", grouped_number(t.late));
  d.set("pending", grouped_number(t.pending));
  d.set("overdue", grouped_number(t.overdue));
  d.set("overdue_days", grouped_number(t.overdue_days));
  d.set("total", grouped_number(t.total()));
  d.set("rate", rate_text(t.on_time_rate()));
  d.set("has_overdue", t.overdue > 0);
  return d;
}

kainjow::mustache::data groups_data(const std::vector<ComplianceGroup>& groups) {
  kainjow::mustache::data list{kainjow::mustache::data::type::list};
  for (const auto& group : groups) {
    kainjow::mustache::data d = totals_data(group.totals);
    d.set("id", group.id);
    d.set("name", group.name);
    list.push_back(d);
  }
  return list;
}

}  // namespace

namespace {

int attention_rank(ComplianceStatus status) {
  switch (status) {
    case ComplianceStatus::overdue:
      return 0;
    case ComplianceStatus::late:
      return 1;
    case ComplianceStatus::pending:
      return 2;
    case ComplianceStatus::on_time:
      break;
  }
  return 3;
}

}  // namespace

ReportExcerpt report_excerpt(const ComplianceReport& report, std::size_t row_limit) {
  ReportExcerpt excerpt;
  excerpt.units = worst_first(report.by_unit);
  if (excerpt.units.size() > row_limit) {
    excerpt.more_units = excerpt.units.size() - row_limit;
    excerpt.units.resize(row_limit);
  }
  if (report.by_task.size() > row_limit) {
    excerpt.tasks = worst_first(report.by_task);
    excerpt.more_tasks = excerpt.tasks.size() - row_limit;
    excerpt.tasks.resize(row_limit);
  } else {
    excerpt.tasks = report.by_task;
  }
  excerpt.entries.reserve(std::min(report.entries.size(), row_limit));
  for (const auto& entry : report.entries) {
    excerpt.entries.push_back(&entry);
  }
  if (excerpt.entries.size() > row_limit) {
    // Entries are in due order, so a stable sort keeps the nearest first
    // within each status; overdue ones by most working days late.
    std::stable_sort(excerpt.entries.begin(), excerpt.entries.end(),
                     [](const ComplianceEntry* a, const ComplianceEntry* b) {
                       const int rank_a = attention_rank(a->status);
                       const int rank_b = attention_rank(b->status);
                       if (rank_a != rank_b) {
                         return rank_a < rank_b;
                       }
                       return a->status == ComplianceStatus::overdue && a->days_late > b->days_late;
                     });
    excerpt.more_entries = excerpt.entries.size() - row_limit;
    excerpt.entries.resize(row_limit);
    std::sort(excerpt.entries.begin(), excerpt.entries.end());  // back to the report's order
  }
  for (const auto& row : report.untimed) {
    if (excerpt.untimed.size() == row_limit) {
      excerpt.more_untimed = report.untimed.size() - row_limit;
      break;
    }
    excerpt.untimed.push_back(&row);
  }
  return excerpt;
}

std::string compliance_html(const ComplianceReport& report, const Config& config, const TimeZone& zone,
                            const std::string& page_template, ChartMedium medium, std::size_t row_limit,
                            const std::string& full_report_url) {
  using kainjow::mustache::data;
  const Plan* plan = report.plan.empty() ? nullptr : config.find_plan(report.plan);
  data page;
  page.set("title", "Báo cáo tình hình thực hiện nhiệm vụ đến ngày " + dmy(report.as_of));
  page.set("as_of", to_iso(report.as_of));
  page.set("as_of_date", dmy(report.as_of));
  page.set("has_plan", plan != nullptr);
  page.set("plan_id", plan != nullptr ? plan->id : "");
  page.set("plan_title", plan != nullptr ? plan->title : "");
  page.set("plan_decision", plan != nullptr ? plan->decision : "");
  page.set("has_decision", plan != nullptr && !plan->decision.empty());
  // A report of several plans names them, and each row its plan: task ids
  // repeat across plans (every year's plan has an "I.1").
  const bool several_plans = plan == nullptr && config.plans.size() > 1;
  constexpr std::size_t k_plans_listed = 10;
  data plans{data::type::list};
  for (std::size_t i = 0; several_plans && i < std::min(config.plans.size(), k_plans_listed); ++i) {
    data d;
    d.set("id", config.plans[i].id);
    d.set("title", config.plans[i].title);
    plans.push_back(d);
  }
  page.set("has_several_plans", several_plans);
  page.set("plans", plans);
  const std::size_t more_plans =
      several_plans && config.plans.size() > k_plans_listed ? config.plans.size() - k_plans_listed : 0;
  page.set("has_more_plans", more_plans > 0);
  page.set("more_plans", std::to_string(more_plans));
  page.set("totals", totals_data(report.totals));
  page.set("overdue_definition", std::string(k_overdue_definition));
  const ReportExcerpt excerpt = report_excerpt(report, row_limit);
  page.set("units", groups_data(excerpt.units));
  page.set("tiers", groups_data(report.by_tier));
  page.set("tasks", groups_data(excerpt.tasks));
  const auto more = [&page](const std::string& name, std::size_t count) {
    page.set("has_more_" + name, count > 0);
    page.set("more_" + name, std::to_string(count));
  };
  more("units", excerpt.more_units);
  more("tasks", excerpt.more_tasks);
  more("entries", excerpt.more_entries);
  more("untimed", excerpt.more_untimed);
  page.set("has_more", excerpt.more_units + excerpt.more_tasks + excerpt.more_entries + excerpt.more_untimed > 0);
  page.set("row_limit", row_limit == k_all_rows ? std::string() : std::to_string(row_limit));
  page.set("has_full_report_url", !full_report_url.empty());
  page.set("full_report_url", full_report_url);
  const std::string& contact = config.contact_for(report.plan);
  page.set("has_contact", !contact.empty());
  page.set("contact", contact);
  data entries{data::type::list};
  for (const ComplianceEntry* listed : excerpt.entries) {
    const ComplianceEntry& entry = *listed;
    const KnownObligation& o = entry.obligation;
    data d;
    d.set("plan_id", o.ref.plan);
    d.set("task_id", o.ref.task);
    d.set("task_title", o.task->title);
    d.set("unit_id", o.ref.unit);
    d.set("unit_name", o.unit->name);
    d.set("due", to_iso(o.due));
    d.set("due_date", dmy(o.due));
    d.set("status", std::string(to_string(entry.status)));
    d.set("status_text", std::string(vietnamese_text(entry.status)));
    d.set("days_late", std::to_string(entry.days_late));
    d.set("done_at", done_at_text(entry, zone));
    d.set("note", entry.done ? entry.done->note : "");
    entries.push_back(d);
  }
  page.set("entries", entries);
  data untimed{data::type::list};
  for (const UntimedEntry* listed : excerpt.untimed) {
    const UntimedEntry& row = *listed;
    data d;
    d.set("plan_id", row.plan->id);
    d.set("task_id", row.task->id);
    d.set("task_title", row.task->title);
    d.set("when", row.task->when);
    d.set("unit_id", row.unit != nullptr ? row.unit->id : "");
    d.set("unit_name", row.unit != nullptr ? row.unit->name : "");
    d.set("status", std::string(k_untimed_status));
    d.set("status_text", std::string(k_untimed_text));
    untimed.push_back(d);
  }
  page.set("untimed", untimed);
  page.set("has_untimed", !report.untimed.empty());
  // SVG built and escaped by util/charts: inserted with {{{ }}}.
  ReportCharts pictures = report_charts(report, medium, row_limit);
  page.set("chart_units", pictures.units);
  page.set("chart_tiers", pictures.tiers);
  page.set("chart_units_phone", pictures.units_table);
  page.set("chart_tiers_phone", pictures.tiers_table);
  page.set("chart_heat_map", pictures.heat_map);
  page.set("chart_timeline", pictures.timeline);
  page.set("has_chart_timeline", !pictures.timeline.empty());
  kainjow::mustache::mustache compiled{page_template.empty() ? delivery::PageTemplates::defaults().report
                                                             : page_template};
  if (!compiled.is_valid()) {
    return "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"UTF-8\"><title>report</title></head><body><p>" +
           html_escape("report.html.mustache: " + compiled.error_message()) + "</p></body></html>\n";
  }
  return compiled.render(page);
}

}  // namespace deadlined
