#include "http_views/status_page.hpp"

#include <algorithm>
#include <charconv>
#include <functional>

#include "compliance/report_charts.hpp"
#include "delivery/mustache.hpp"
#include "delivery/page_templates.hpp"
#include "util/charts.hpp"
#include "util/text.hpp"

namespace deadlined::http_views {

namespace {

std::string number(std::int64_t value) {
  return std::to_string(value);
}

std::string date_text(Date date) {
  // dd/mm/yyyy, as Vietnamese documents write dates.
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02u/%02u/%04d", day_of(date), month_of(date), year_of(date));
  return buffer;
}

std::string instant_text(const TimeZone& zone, Instant instant) {
  Date day = zone.local_date(instant);
  int offset = zone.offset_minutes(instant);
  auto local = instant + std::chrono::minutes{offset};
  auto since_midnight = local - std::chrono::floor<std::chrono::days>(local);
  std::chrono::hh_mm_ss time{since_midnight};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d ", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()));
  return buffer + date_text(day);
}

std::string number_after(std::string_view text, std::string_view prefix) {
  return std::string(text.substr(prefix.size()));
}

std::string unit_name(const Config& config, const std::string& id) {
  const Unit* unit = config.find_unit(id);
  return unit != nullptr ? unit->name : id;
}

// "Đơn vị 51–62 trong 62", with links to the neighbouring pages; `url` makes
// the address of a page.
kainjow::mustache::data pager(std::size_t page, std::size_t pages, std::size_t page_size, std::int64_t total,
                              const std::function<std::string(std::size_t)>& url) {
  kainjow::mustache::data d;
  const std::size_t first = total == 0 ? 0 : (page - 1) * page_size + 1;
  const std::size_t last = std::min<std::size_t>(page * page_size, static_cast<std::size_t>(total));
  d.set("first", std::to_string(first));
  d.set("last", std::to_string(last));
  d.set("total", std::to_string(total));
  d.set("page", std::to_string(page));
  d.set("pages", std::to_string(pages));
  d.set("paged", pages > 1);
  d.set("has_prev", page > 1);
  d.set("prev_url", page > 1 ? url(page - 1) : std::string());
  d.set("has_next", page < pages);
  d.set("next_url", page < pages ? url(page + 1) : std::string());
  return d;
}

}  // namespace

std::size_t page_count(std::int64_t total, std::size_t page_size) {
  if (total <= 0 || page_size == 0) {
    return 1;
  }
  return (static_cast<std::size_t>(total) + page_size - 1) / page_size;
}

std::string html_escape(std::string_view text) {
  return charts::escape(text);
}

std::string_view state_label(OutboxState state) {
  switch (state) {
    case OutboxState::pending:
      return "Chờ gửi";
    case OutboxState::sending:
      return "Đang gửi";
    case OutboxState::sent:
      return "Đã gửi";
    case OutboxState::failed:
      return "Lỗi, sẽ gửi lại";
    case OutboxState::dead:
      return "Gửi thất bại";
    case OutboxState::skipped:
      return "Bỏ qua";
  }
  return "?";
}

std::string stage_label(std::string_view stage) {
  const auto counted = [&](std::string_view prefix) {
    if (!stage.starts_with(prefix) || stage.size() == prefix.size()) {
      return false;
    }
    int value = 0;
    auto [end, error] = std::from_chars(stage.data() + prefix.size(), stage.data() + stage.size(), value);
    return error == std::errc{} && end == stage.data() + stage.size();
  };
  if (counted("before-")) {
    return "trước hạn " + number_after(stage, "before-") + " ngày";
  }
  if (stage == "due") {
    return "ngày đến hạn";
  }
  if (counted("overdue-")) {
    return "quá hạn, lần " + number_after(stage, "overdue-");
  }
  if (stage == "checkin") {
    return "kiểm tra định kỳ";
  }
  if (stage == "escalation") {
    return "báo cấp trên";
  }
  if (stage == "report") {
    return "báo cáo định kỳ";
  }
  return std::string(stage);
}

std::string render_status_page(const StatusInput& input, Instant now) {
  using kainjow::mustache::data;
  const Config& config = *input.config;
  const TimeZone& zone = *input.zone;
  data page;
  page.set("updated", instant_text(zone, now));
  page.set("zone", zone.name());
  page.set("version", input.version);
  page.set("has_next_send", input.next_send.has_value());
  page.set("next_send", input.next_send ? instant_text(zone, *input.next_send) : std::string());
  page.set("as_of_date", date_text(input.today));
  page.set("overdue_definition", std::string(k_overdue_definition));
  page.set("has_contact", !config.email.contact.empty());
  page.set("contact", config.email.contact);
  // The plans head the page: past ten (a plan per year and per copy of a
  // province) they would push the numbers off a phone's first screens.
  constexpr std::size_t k_plans_listed = 10;
  data plans{data::type::list};
  for (std::size_t i = 0; i < std::min(config.plans.size(), k_plans_listed); ++i) {
    data d;
    d.set("id", config.plans[i].id);
    d.set("title", config.plans[i].title);
    // A plan's own contact, when it differs from the page's.
    const std::string& plan_contact = config.plans[i].contact;
    d.set("has_contact", !plan_contact.empty() && plan_contact != config.email.contact);
    d.set("contact", plan_contact);
    plans.push_back(d);
  }
  page.set("plans", plans);
  const std::size_t more_plans = config.plans.size() > k_plans_listed ? config.plans.size() - k_plans_listed : 0;
  page.set("has_more_plans", more_plans > 0);
  page.set("more_plans", std::to_string(more_plans));
  // The whole report (/report: every task and obligation), with the token
  // the page came with when it came in the query.
  std::string report_url = input.link;
  if (report_url.starts_with("/status")) {
    report_url.replace(0, 7, "/report");
  }
  while (!report_url.empty() && (report_url.back() == '?' || report_url.back() == '&')) {
    report_url.pop_back();
  }
  page.set("report_url", report_url);

  const std::size_t page_size = std::max<std::size_t>(input.page_size, 1);
  const std::size_t unit_rows = input.report != nullptr ? input.report->by_unit.size() : 0;
  const std::size_t units_pages =
      page_count(static_cast<std::int64_t>(std::max(unit_rows, input.feed_urls.size())), page_size);
  const std::size_t units_page = std::clamp<std::size_t>(input.units_page, 1, units_pages);
  const std::size_t recent_pages = page_count(input.recent_total, page_size);
  const std::size_t recent_page = std::clamp<std::size_t>(input.recent_page, 1, recent_pages);
  auto url = [&](std::size_t units, std::size_t recent) {
    return input.link + "page=" + std::to_string(units) + "&recent_page=" + std::to_string(recent);
  };
  const std::size_t units_from = (units_page - 1) * page_size;

  const bool has_report = input.report != nullptr && !input.report->entries.empty();
  page.set("has_obligations", has_report);
  if (has_report) {
    const ComplianceReport& report = *input.report;
    const ComplianceTotals& t = report.totals;
    data totals;
    totals.set("on_time", grouped_number(t.on_time));
    totals.set("late", grouped_number(t.late));
    totals.set("done", grouped_number(t.on_time + t.late));
    totals.set("pending", grouped_number(t.pending));
    totals.set("overdue", grouped_number(t.overdue));
    totals.set("overdue_days", grouped_number(t.overdue_days));
    totals.set("total", grouped_number(t.total()));
    totals.set("rate", rate_text(t.on_time_rate()));
    page.set("totals", totals);
    // Per unit: nearest due date ahead, oldest overdue, the overdue tasks by id.
    struct UnitExtra {
      std::optional<Date> next_due;
      std::optional<Date> oldest_overdue;
      // Per plan (first seen first), its overdue task ids: with a plan per
      // year, "I.1" alone would not say which year's I.1 is late.
      std::vector<std::pair<std::string, std::vector<std::string>>> overdue_tasks;
    };
    std::map<std::string, UnitExtra> extra;
    for (const auto& entry : report.entries) {
      UnitExtra& e = extra[entry.obligation.ref.unit];
      const Date due = entry.obligation.due;
      if (entry.status == ComplianceStatus::pending && (!e.next_due || due < *e.next_due)) {
        e.next_due = due;
      }
      if (entry.status == ComplianceStatus::overdue) {
        if (!e.oldest_overdue || due < *e.oldest_overdue) {
          e.oldest_overdue = due;
        }
        const std::string& plan_id = entry.obligation.ref.plan;
        auto plan_tasks = std::find_if(e.overdue_tasks.begin(), e.overdue_tasks.end(),
                                       [&](const auto& listed) { return listed.first == plan_id; });
        if (plan_tasks == e.overdue_tasks.end()) {
          plan_tasks = e.overdue_tasks.insert(e.overdue_tasks.end(), {plan_id, {}});
        }
        auto& ids = plan_tasks->second;
        if (std::find(ids.begin(), ids.end(), entry.obligation.ref.task) == ids.end()) {
          ids.push_back(entry.obligation.ref.task);
        }
      }
    }
    data units{data::type::list};
    const auto sorted = worst_first(report.by_unit);
    page.set("units_pager", pager(units_page, units_pages, page_size, static_cast<std::int64_t>(sorted.size()),
                                  [&](std::size_t n) { return url(n, recent_page); }));
    for (std::size_t i = units_from; i < std::min(sorted.size(), units_from + page_size); ++i) {
      const auto& group = sorted[i];
      const ComplianceTotals& u = group.totals;
      const UnitExtra& e = extra[group.id];
      data d;
      d.set("id", group.id);
      d.set("name", group.name);
      d.set("done", grouped_number(u.on_time + u.late));
      d.set("late", grouped_number(u.late));
      d.set("pending", grouped_number(u.pending));
      d.set("overdue", grouped_number(u.overdue));
      d.set("overdue_days", grouped_number(u.overdue_days));
      d.set("rate", rate_text(u.on_time_rate()));
      d.set("has_overdue", u.overdue > 0);
      d.set("next_due", e.next_due ? date_text(*e.next_due) : std::string());
      d.set("oldest_overdue", e.oldest_overdue ? date_text(*e.oldest_overdue) : std::string());
      // "I.1, II.3" with one plan; "kh-2022: I.1, II.3; kh-2023: I.2" with several.
      std::string tasks;
      for (const auto& [plan_id, ids] : e.overdue_tasks) {
        tasks += tasks.empty() ? "" : "; ";
        if (config.plans.size() > 1) {
          tasks += plan_id + ": ";
        }
        for (std::size_t k = 0; k < ids.size(); ++k) {
          tasks += (k == 0 ? "" : ", ") + ids[k];
        }
      }
      d.set("overdue_tasks", tasks);
      units.push_back(d);
    }
    page.set("units", units);
    ReportCharts pictures = report_charts(report);  // SVG escaped by util/charts: {{{ }}} in the template
    page.set("chart_units", pictures.units);
    page.set("chart_tiers", pictures.tiers);
    page.set("chart_units_phone", pictures.units_table);
    page.set("chart_tiers_phone", pictures.tiers_table);
    page.set("chart_heat_map", pictures.heat_map);
    page.set("chart_timeline", pictures.timeline);
  }

  page.set("has_outbox", input.outbox_counts.has_value());
  page.set("outbox_error", input.outbox_error);
  data states{data::type::list};
  if (input.outbox_counts) {
    for (const auto& [state, count] : *input.outbox_counts) {
      data d;
      d.set("label", std::string(state_label(state)));
      d.set("state", std::string(to_string(state)));
      d.set("count", number(count));
      states.push_back(d);
    }
  }
  page.set("outbox", states);

  page.set("has_recent", !input.recent.empty());
  page.set("recent_pager", pager(recent_page, recent_pages, page_size, input.recent_total,
                                 [&](std::size_t n) { return url(units_page, n); }));
  data recent{data::type::list};
  for (const auto& row : input.recent) {
    std::int64_t at = row.state == OutboxState::sent && row.sent_at != 0 ? row.sent_at : row.updated_at;
    data d;
    d.set("at", instant_text(zone, Instant{std::chrono::seconds{at}}));
    d.set("task_id", row.task);
    d.set("unit_id", row.unit);
    d.set("unit_name", unit_name(config, row.unit));
    d.set("stage", row.stage);
    d.set("stage_text", stage_label(row.stage));
    d.set("channel", std::string(to_string(row.channel)));
    d.set("recipient", row.recipient);
    d.set("ok", row.state == OutboxState::sent);
    d.set("state_text", std::string(state_label(row.state)));
    d.set("error", row.last_error);
    recent.push_back(d);
  }
  page.set("recent", recent);

  page.set("has_feeds", !input.feed_urls.empty());
  data feeds{data::type::list};
  std::size_t feed_index = 0;
  for (const auto& unit : config.units) {
    auto found = input.feed_urls.find(unit.id);
    if (found == input.feed_urls.end()) {
      continue;
    }
    const std::size_t index = feed_index++;
    if (index < units_from || index >= units_from + page_size) {
      continue;
    }
    data d;
    d.set("unit_id", unit.id);
    d.set("unit_name", unit.name);
    d.set("url", found->second);
    feeds.push_back(d);
  }
  page.set("feeds", feeds);
  page.set("feeds_pager", pager(units_page, units_pages, page_size, static_cast<std::int64_t>(feed_index),
                                [&](std::size_t n) { return url(n, recent_page); }));

  kainjow::mustache::mustache compiled{input.page_template.empty() ? delivery::PageTemplates::defaults().status
                                                                   : input.page_template};
  if (!compiled.is_valid()) {
    return "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>status</title></head><body><p>" +
           html_escape("status.html.mustache: " + compiled.error_message()) + "</p></body></html>\n";
  }
  return compiled.render(page);
}

}  // namespace deadlined::http_views
