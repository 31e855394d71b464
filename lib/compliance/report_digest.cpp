#include "compliance/report_digest.hpp"

#include <algorithm>

#include "delivery/encoding.hpp"
#include "util/text.hpp"

namespace deadlined {

std::vector<ReminderRow> plan_report_rows(const Config& config, const WorkingCalendar& calendar, const TimeZone& zone) {
  std::vector<ReminderRow> rows;
  const ReportConfig& report = config.report;
  const Unit* to = report.to.empty() ? nullptr : config.find_unit(report.to);
  if (to == nullptr) {
    return rows;
  }
  int first_year = 0;
  int last_year = 0;
  for (const auto& plan : config.plans) {
    if (!report.plan.empty() && plan.id != report.plan) {
      continue;
    }
    first_year = first_year == 0 ? plan.year : std::min(first_year, plan.year);
    last_year = std::max(last_year, plan.year);
  }
  if (first_year == 0) {
    return rows;
  }
  const std::string scope = report.plan.empty() ? "*" : report.plan;
  Date last = make_date(last_year + 1, 1, 31);
  Date previous_day{};
  for (Date day = make_date(first_year, 1, 1); day <= last; day += std::chrono::days{1}) {
    const bool wanted =
        report.every == ReportEvery::weekly ? static_cast<int>(weekday_of(day)) == report.weekday : day_of(day) == 1;
    if (!wanted) {
      continue;
    }
    // A holiday moves the report to the next working day; never two on one day.
    Date send_day = calendar.roll(day, RollRule::next);
    if (send_day == previous_day) {
      continue;
    }
    previous_day = send_day;
    const std::int64_t send_at = zone.at(send_day, config.daemon.send_minute_of_day).time_since_epoch().count();
    const auto add = [&](Channel channel, const std::string& address) {
      ReminderRow row;
      row.key = std::string(k_stage_report) + "/" + scope + "/" + to_iso(day) + "/" + std::string(to_string(channel)) +
                "/" + address;
      row.obligation = row.key;
      row.plan = scope;
      row.task = std::string(k_stage_report);
      row.occurrence = to_iso(day);
      row.unit = to->id;
      row.role = Role::lead;
      row.stage = std::string(k_stage_report);
      row.channel = channel;
      row.recipient = address;
      row.due = to_iso(send_day);
      row.send_at = send_at;
      row.fingerprint = "report;plan=" + scope;
      rows.push_back(std::move(row));
    };
    for (const auto& address : to->emails) {
      add(Channel::email, address);
    }
    for (const auto& hook : to->webhooks) {
      add(Channel::webhook, hook.url);
    }
  }
  return rows;
}

std::string compliance_text(const ComplianceReport& report, const std::string& addressee_name, std::size_t row_limit) {
  const ComplianceTotals& t = report.totals;
  std::string out = "Kính gửi " + addressee_name + ",\n\n";
  out += "Hệ thống nhắc việc xin báo cáo tình hình thực hiện nhiệm vụ đến ngày " +
         delivery::vietnamese_date(to_iso(report.as_of)) + ":\n\n";
  out += "  Hoàn thành đúng hạn: " + grouped_number(t.on_time) + "\n";
  out += "  Hoàn thành trễ hạn: " + grouped_number(t.late) + "\n";
  out += "  Chưa đến hạn: " + grouped_number(t.pending) + "\n";
  out += "  Quá hạn: " + grouped_number(t.overdue) + " (tổng " + grouped_number(t.overdue_days) + " ngày làm việc)\n";
  out += "  Tỷ lệ đúng hạn: " + rate_text(t.on_time_rate()) + "\n";
  std::vector<const ComplianceGroup*> late;
  for (const auto& group : report.by_unit) {
    if (group.totals.overdue > 0) {
      late.push_back(&group);
    }
  }
  std::stable_sort(late.begin(), late.end(), [](const ComplianceGroup* a, const ComplianceGroup* b) {
    return a->totals.overdue_days > b->totals.overdue_days;
  });
  if (!late.empty()) {
    out += "\nĐơn vị có nhiệm vụ quá hạn:\n";
    const std::size_t listed = std::min(late.size(), row_limit);
    for (std::size_t i = 0; i < listed; ++i) {
      const ComplianceGroup* group = late[i];
      out += "  - " + group->name + ": " + grouped_number(group->totals.overdue) + " nhiệm vụ, " +
             grouped_number(group->totals.overdue_days) + " ngày làm việc\n";
    }
    if (listed < late.size()) {
      out += "  ... và " + std::to_string(late.size() - listed) + " đơn vị khác\n";
    }
  }
  out +=
      "\nChi tiết theo đơn vị, cấp và nhiệm vụ ở bản HTML của thư này.\n\n"
      "Đây là thư tự động của hệ thống nhắc việc deadlined, vui lòng không trả lời thư này.\n";
  return out;
}

}  // namespace deadlined
