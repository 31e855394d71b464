#include "compliance/report_digest.hpp"

#include <algorithm>
#include <cctype>

#include "compliance/report_charts.hpp"
#include "delivery/email.hpp"
#include "delivery/encoding.hpp"
#include "delivery/webhook.hpp"
#include "util/charts.hpp"
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

namespace {

// Percent-encoding of a query value: RFC 3986 unreserved characters kept.
std::string query_value(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += k_hex[byte >> 4U];
      out += k_hex[byte & 0xFU];
    }
  }
  return out;
}

// The most rows any table of the report has.
std::size_t report_rows_bound(const ComplianceReport& report) {
  return std::max(
      {report.by_unit.size(), report.by_task.size(), report.entries.size(), report.untimed.size(), std::size_t{1}});
}

std::string totals_line(const ComplianceTotals& t) {
  return grouped_number(t.on_time) + " đúng hạn, " + grouped_number(t.late) + " trễ hạn, " + grouped_number(t.overdue) +
         " quá hạn, " + grouped_number(t.pending) + " chưa đến hạn; tỷ lệ đúng hạn " + rate_text(t.on_time_rate());
}

// The last resort of the report email: the totals and the totals per tier,
// whose size does not grow with the units, tasks or rows of the report.
std::string summary_html(const ComplianceReport& report, const std::string& full_report_url,
                         const std::string& contact) {
  const auto escape = [](std::string_view text) { return charts::escape(text); };
  const std::string title =
      "Báo cáo tình hình thực hiện nhiệm vụ đến ngày " + delivery::vietnamese_date(to_iso(report.as_of));
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"UTF-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
      escape(title) +
      "</title></head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222\">\n<h1 "
      "style=\"font-size:20px\">" +
      escape(title) + "</h1>\n<p class=\"summary\">Tổng cộng " + escape(grouped_number(report.totals.total())) +
      " nhiệm vụ: " + escape(totals_line(report.totals)) + ".</p>\n";
  if (!full_report_url.empty()) {
    out += "<p class=\"full-report\"><a href=\"" + escape(full_report_url) +
           "\" style=\"font-weight:bold\">Xem báo cáo đầy đủ</a> (theo đơn vị, nhiệm vụ và chi tiết).</p>\n";
  }
  out +=
      "<table id=\"by-tier\" cellpadding=\"4\" cellspacing=\"0\" border=\"1\" style=\"border-collapse:collapse\">\n"
      "<tr><th>Cấp</th><th>Đúng hạn</th><th>Trễ hạn</th><th>Chưa đến hạn</th><th>Quá hạn</th><th>Tỷ lệ đúng "
      "hạn</th></tr>\n";
  for (const auto& tier : report.by_tier) {
    const ComplianceTotals& t = tier.totals;
    out += "<tr data-tier=\"" + escape(tier.id) + "\"><td>" + escape(tier.name) + "</td><td>" +
           grouped_number(t.on_time) + "</td><td>" + grouped_number(t.late) + "</td><td>" + grouped_number(t.pending) +
           "</td><td>" + grouped_number(t.overdue) + "</td><td>" + escape(rate_text(t.on_time_rate())) + "</td></tr>\n";
  }
  out +=
      "</table>\n<p>Báo cáo quá lớn để gửi trong một thư: thư này chỉ nêu số liệu tổng hợp. Bản đầy đủ: " +
      std::string(full_report_url.empty() ? "lệnh <code>deadlined report --format html</code>." : "đường dẫn ở trên.") +
      "</p>\n";
  if (!contact.empty()) {
    out += "<p class=\"contact\">Liên hệ: " + escape(contact) + "</p>\n";
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace

ReportMail compliance_mail_html(const ComplianceReport& report, const Config& config, const TimeZone& zone,
                                const std::string& page_template, std::size_t row_limit,
                                const std::string& full_report_url, std::size_t budget) {
  ReportMail mail;
  const std::string& contact = config.contact_for(report.plan);
  // The message as sent: both parts base64 encoded, the headers and the
  // addressee's name within the reserve.
  const auto message_size = [&](const std::string& html, std::size_t rows) {
    const std::string text =
        compliance_text(report, {}, std::max(rows, k_report_mail_min_rows), full_report_url, contact);
    return k_report_mail_header_reserve + delivery::encoded_part_size(text) + delivery::encoded_part_size(html);
  };
  std::size_t rows = row_limit;
  while (rows >= k_report_mail_min_rows) {
    mail.html = compliance_html(report, config, zone, page_template, ChartMedium::mail, rows, full_report_url);
    mail.rows = rows;
    const std::size_t size = message_size(mail.html, rows);
    if (size <= budget) {
      return mail;
    }
    if (rows == k_report_mail_min_rows) {
      break;
    }
    // The page is a fixed part and rows: aim under the budget in proportion,
    // and always at least one row fewer.
    const double share = static_cast<double>(budget) / static_cast<double>(size);
    const auto aimed =
        static_cast<std::size_t>(static_cast<double>(std::min(rows, report_rows_bound(report))) * share * 0.9);
    rows = std::max(k_report_mail_min_rows, std::min(aimed, rows - 1));
  }
  mail.html = summary_html(report, full_report_url, contact);
  mail.rows = 0;
  return mail;
}

std::string report_link_token(std::string_view secret, std::string_view plan, Date as_of) {
  if (secret.empty()) {
    return {};
  }
  return delivery::hmac_sha256_hex(secret, "deadlined-report-v1\n" + std::string(plan) + "\n" + to_iso(as_of));
}

std::string report_link(const std::string& base_url, std::string_view secret, const std::string& plan, Date as_of) {
  if (base_url.empty() || secret.empty()) {
    return {};
  }
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  return base + "/report?as_of=" + to_iso(as_of) + (plan.empty() ? "" : "&plan=" + query_value(plan)) +
         "&t=" + report_link_token(secret, plan, as_of);
}

std::string compliance_text(const ComplianceReport& report, const std::string& addressee_name, std::size_t row_limit,
                            const std::string& full_report_url, const std::string& contact) {
  const ComplianceTotals& t = report.totals;
  std::string out = "Kính gửi " + addressee_name + ",\n\n";
  out += "Hệ thống nhắc việc xin báo cáo tình hình thực hiện nhiệm vụ đến ngày " +
         delivery::vietnamese_date(to_iso(report.as_of)) + ":\n\n";
  out += "  Hoàn thành đúng hạn: " + grouped_number(t.on_time) + "\n";
  out += "  Hoàn thành trễ hạn: " + grouped_number(t.late) + "\n";
  out += "  Chưa đến hạn: " + grouped_number(t.pending) + "\n";
  out += "  Quá hạn: " + grouped_number(t.overdue) + " (tổng " + grouped_number(t.overdue_days) + " ngày làm việc)\n";
  out += "  Tỷ lệ đúng hạn: " + rate_text(t.on_time_rate()) + "\n";
  if (!full_report_url.empty()) {
    out += "\nBáo cáo đầy đủ (theo đơn vị, nhiệm vụ và chi tiết): " + full_report_url + "\n";
  }
  if (report.by_tier.size() > 1) {
    out += "\nTheo cấp:\n";
    for (const auto& tier : report.by_tier) {
      out += "  - " + tier.name + ": " + totals_line(tier.totals) + "\n";
    }
  }
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
  out += full_report_url.empty() ? "\nBiểu đồ và các bảng theo đơn vị, cấp và nhiệm vụ ở bản HTML của thư này.\n\n"
                                 : "\nBiểu đồ và các bảng theo đơn vị, cấp và nhiệm vụ ở bản HTML của thư này và ở "
                                   "đường dẫn báo cáo đầy đủ nêu trên.\n\n";
  out += "Đây là thư tự động của hệ thống nhắc việc deadlined, vui lòng không trả lời thư này.\n";
  if (!contact.empty()) {
    out += "Liên hệ: " + contact + "\n";
  }
  return out;
}

}  // namespace deadlined
