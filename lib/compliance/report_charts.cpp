#include "compliance/report_charts.hpp"

#include "util/charts.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace deadlined {

namespace {

charts::RateRow rate_row(const ComplianceGroup& group) {
  const ComplianceTotals& t = group.totals;
  return charts::RateRow{group.id, group.name, t.on_time, t.late, t.pending, t.overdue, t.on_time_rate()};
}

std::string month_id(int year, unsigned month) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u", year, month);
  return buffer;
}

std::string date_text(Date date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02u/%02u/%04d", day_of(date), month_of(date), year_of(date));
  return buffer;
}

int month_index(Date date) {
  return year_of(date) * 12 + static_cast<int>(month_of(date)) - 1;
}

// Status of several obligations on one due date: the worst of them.
ComplianceStatus worst(ComplianceStatus a, ComplianceStatus b) {
  const auto rank = [](ComplianceStatus s) {
    switch (s) {
      case ComplianceStatus::overdue:
        return 3;
      case ComplianceStatus::late:
        return 2;
      case ComplianceStatus::pending:
        return 1;
      case ComplianceStatus::on_time:
        break;
    }
    return 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace

ReportCharts report_charts(const ComplianceReport& report, ChartMedium medium, std::size_t max_units) {
  const bool mail = medium == ChartMedium::mail;
  ReportCharts result;
  std::vector<charts::RateRow> units;
  std::vector<ComplianceGroup> sorted = worst_first(report.by_unit);
  if (sorted.size() > max_units) {
    sorted.resize(max_units);
  }
  for (const auto& group : sorted) {
    units.push_back(rate_row(group));
  }
  const auto rates = mail ? charts::rate_table : charts::rate_bars;
  result.units = rates(units, "unit", "Tỷ lệ đúng hạn theo đơn vị (đơn vị quá hạn nhiều nhất ở trên)");
  std::vector<charts::RateRow> tiers;
  for (const auto& group : report.by_tier) {
    tiers.push_back(rate_row(group));
  }
  result.tiers = rates(tiers, "tier", "Tỷ lệ đúng hạn theo cấp");
  if (!mail) {
    result.units_table =
        charts::rate_table(units, "unit", "Tỷ lệ đúng hạn theo đơn vị (đơn vị quá hạn nhiều nhất ở trên)");
    result.tiers_table = charts::rate_table(tiers, "tier", "Tỷ lệ đúng hạn theo cấp");
  }

  // Months spanned by the due dates (at most 36, the earliest kept).
  const auto heat = mail ? charts::heat_table : charts::heat_map;
  if (report.entries.empty()) {
    result.heat_map = heat({}, {}, "Nhiệm vụ quá hạn theo đơn vị và tháng");
    result.timeline = mail ? "" : charts::timeline({}, {}, std::nullopt, "Tiến độ kế hoạch");
    return result;
  }
  Date first = report.entries.front().obligation.due;
  Date last = first;
  for (const auto& entry : report.entries) {
    first = std::min(first, entry.obligation.due);
    last = std::max(last, entry.obligation.due);
  }
  const int first_month = month_index(first);
  const int months = std::min(36, month_index(last) - first_month + 1);
  std::vector<charts::HeatColumn> columns;
  for (int m = 0; m < months; ++m) {
    const int index = first_month + m;
    const int year = index / 12;
    const auto month = static_cast<unsigned>(index % 12 + 1);
    columns.push_back(charts::HeatColumn{
        month_id(year, month),
        "T" + std::to_string(month) + (month == 1 || m == 0 ? "/" + std::to_string(year % 100) : std::string())});
  }
  std::map<std::string, std::vector<int>> cells;
  for (const auto& entry : report.entries) {
    if (entry.status != ComplianceStatus::overdue) {
      continue;
    }
    auto& row = cells[entry.obligation.unit->id];
    row.resize(static_cast<std::size_t>(months));
    const int column = month_index(entry.obligation.due) - first_month;
    if (column >= 0 && column < months) {
      ++row[static_cast<std::size_t>(column)];
    }
  }
  std::vector<charts::HeatRow> heat_rows;
  for (const auto& group : sorted) {
    auto found = cells.find(group.id);
    std::vector<int> values = found != cells.end() ? found->second : std::vector<int>(static_cast<std::size_t>(months));
    heat_rows.push_back(charts::HeatRow{group.id, group.name, std::move(values)});
  }
  result.heat_map = heat(columns, heat_rows, "Nhiệm vụ quá hạn theo đơn vị và tháng đến hạn");
  if (mail) {
    return result;  // the timeline's dots need SVG; the tables carry the numbers
  }

  // Timeline: the axis runs from the first day of the first month to the end
  // of the last month of the due dates.
  const Date axis_start = make_date(first_month / 12, static_cast<unsigned>(first_month % 12 + 1), 1);
  const int end_index = month_index(last) + 1;
  const Date axis_end = make_date(end_index / 12, static_cast<unsigned>(end_index % 12 + 1), 1);
  const double span = static_cast<double>((axis_end - axis_start).count());
  const auto position = [&](Date date) { return static_cast<double>((date - axis_start).count()) / span; };
  std::vector<charts::AxisTick> ticks;
  for (int m = 0; m < month_index(last) - first_month + 1; m += (months > 18 ? 3 : 1)) {
    const int index = first_month + m;
    const Date start = make_date(index / 12, static_cast<unsigned>(index % 12 + 1), 1);
    ticks.push_back(
        charts::AxisTick{position(start), columns[static_cast<std::size_t>(std::min(m, months - 1))].label});
  }
  // Per task (plan order): per due date the worst status and the count.
  std::map<std::string, std::map<Date, std::pair<ComplianceStatus, int>>> marks;
  for (const auto& entry : report.entries) {
    const std::string key = entry.obligation.ref.plan + "/" + entry.obligation.ref.task;
    auto [it, inserted] = marks[key].try_emplace(entry.obligation.due, entry.status, 0);
    it->second.first = worst(it->second.first, entry.status);
    ++it->second.second;
  }
  // by_task ids are "task" or "plan/task" (several plans); entries carry
  // both. Looked up once per id, the first entry's plan winning, so the
  // chart costs the entries once rather than once per task.
  std::map<std::string, std::string, std::less<>> key_of_group_id;
  for (const auto& entry : report.entries) {
    const std::string full = entry.obligation.ref.plan + "/" + entry.obligation.ref.task;
    key_of_group_id.try_emplace(entry.obligation.ref.task, full);
    key_of_group_id.try_emplace(full, full);
  }
  std::vector<charts::TimelineRow> rows;
  for (const auto& group : report.by_task) {
    auto found = key_of_group_id.find(group.id);
    const std::string key = found != key_of_group_id.end() ? found->second : std::string();
    charts::TimelineRow row{group.id, group.name, {}};
    for (const auto& [due, value] : marks[key]) {
      const auto& [status, count] = value;
      row.marks.push_back(charts::TimelineMark{position(due), to_iso(due), std::string(to_string(status)), count,
                                               group.id + " · hạn " + date_text(due) + ": " +
                                                   std::string(vietnamese_text(status)) + " (" + std::to_string(count) +
                                                   " đơn vị)"});
    }
    rows.push_back(std::move(row));
  }
  std::optional<double> today;
  if (report.as_of >= axis_start && report.as_of <= axis_end) {
    today = position(report.as_of);
  }
  result.timeline = charts::timeline(ticks, rows, today, "Tiến độ kế hoạch: hạn của từng nhiệm vụ trong năm");
  return result;
}

}  // namespace deadlined
