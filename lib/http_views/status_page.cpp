#include "http_views/status_page.hpp"

namespace deadlined::http_views {

namespace {

constexpr std::string_view k_style = R"(
body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;margin:24px;color:#1a1a1a;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid #c8102e;padding-bottom:4px}
h3{font-size:16px;margin:18px 0 6px}p.meta{color:#555;margin:0 0 12px}
table{border-collapse:collapse;margin:6px 0 12px;min-width:420px}
th,td{border:1px solid #bbb;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f1f1f1}td.n{text-align:right;font-variant-numeric:tabular-nums}
.overdue{color:#b00020;font-weight:bold}.ok{color:#1b5e20}.muted{color:#777}
code{font-size:12px;word-break:break-all}
)";

std::string number(std::int64_t value) { return std::to_string(value); }

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

std::string unit_name(const Config& config, const std::string& id) {
  const Unit* unit = config.find_unit(id);
  return unit != nullptr ? unit->name : id;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string_view state_label(OutboxState state) {
  switch (state) {
    case OutboxState::pending: return "Chờ gửi";
    case OutboxState::sending: return "Đang gửi";
    case OutboxState::sent: return "Đã gửi";
    case OutboxState::failed: return "Lỗi, sẽ gửi lại";
    case OutboxState::dead: return "Gửi thất bại";
    case OutboxState::skipped: return "Bỏ qua";
  }
  return "?";
}

std::string render_status_page(const StatusInput& input, Instant now) {
  const Config& config = *input.config;
  const TimeZone& zone = *input.zone;
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>Tình hình nhắc việc - deadlined</title>\n<style>" + std::string(k_style) + "</style>\n</head>\n<body>\n";
  h += "<h1>Tình hình thực hiện nhiệm vụ</h1>\n";
  h += "<p class=\"meta\">Cập nhật lúc " + html_escape(instant_text(zone, now)) + " (" + html_escape(zone.name()) +
       ") &middot; deadlined " + html_escape(input.version) + " &middot; Lần gửi tiếp theo: " +
       (input.next_send ? html_escape(instant_text(zone, *input.next_send)) : std::string("không có")) + "</p>\n";

  // Totals.
  std::int64_t pending = 0;
  std::int64_t overdue = 0;
  std::int64_t done = 0;
  for (const auto& tally : input.tallies) {
    pending += tally.pending;
    overdue += tally.overdue;
    done += tally.done;
  }
  h += "<h2>Nhiệm vụ theo kế hoạch và đơn vị</h2>\n";
  h += "<p>Tổng cộng: <span class=\"ok\">" + number(done) + " đã hoàn thành</span>, " + number(pending) +
       " chưa đến hạn, <span class=\"overdue\">" + number(overdue) + " quá hạn</span> (tính tại ngày " +
       date_text(input.today) + ").</p>\n";
  for (const auto& plan : config.plans) {
    h += "<h3>" + html_escape(plan.title) + " <span class=\"muted\">(" + html_escape(plan.id) + ")</span></h3>\n";
    bool any = false;
    std::string rows;
    for (const auto& tally : input.tallies) {
      if (tally.plan != plan.id) {
        continue;
      }
      any = true;
      rows += "<tr><td>" + html_escape(unit_name(config, tally.unit)) + " <span class=\"muted\">(" +
              html_escape(tally.unit) + ")</span></td><td class=\"n\">" + number(tally.done) + "</td><td class=\"n\">" +
              number(tally.pending) + "</td><td class=\"n" +
              (tally.overdue > 0 ? " overdue" : "") + "\">" + number(tally.overdue) + "</td><td>" +
              (tally.next_due ? date_text(*tally.next_due) : "") + "</td><td>" +
              (tally.oldest_overdue ? date_text(*tally.oldest_overdue) : "") + "</td></tr>\n";
    }
    if (!any) {
      h += "<p class=\"muted\">Không có nhiệm vụ có hạn.</p>\n";
      continue;
    }
    h += "<table>\n<thead><tr><th>Đơn vị</th><th>Đã hoàn thành</th><th>Chưa đến hạn</th><th>Quá hạn</th><th>Hạn gần nhất</th>"
         "<th>Quá hạn từ</th></tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n";
  }

  h += "<h2>Hộp thư đi</h2>\n";
  if (input.outbox_counts) {
    h += "<table>\n<thead><tr><th>Trạng thái</th><th>Số nhắc việc</th></tr></thead>\n<tbody>\n";
    for (const auto& [state, count] : *input.outbox_counts) {
      h += "<tr><td>" + html_escape(state_label(state)) + " <span class=\"muted\">(" + html_escape(to_string(state)) +
           ")</span></td><td class=\"n\">" + number(count) + "</td></tr>\n";
    }
    h += "</tbody>\n</table>\n";
  } else {
    h += "<p class=\"overdue\">Không đọc được hộp thư đi: " + html_escape(input.outbox_error) + "</p>\n";
  }

  h += "<h2>Lần gửi gần đây</h2>\n";
  if (input.recent.empty()) {
    h += "<p class=\"muted\">Chưa có lần gửi nào.</p>\n";
  } else {
    h += "<table>\n<thead><tr><th>Thời điểm</th><th>Nhiệm vụ</th><th>Đơn vị</th><th>Mốc</th><th>Kênh</th>"
         "<th>Người nhận</th><th>Kết quả</th><th>Lỗi</th></tr></thead>\n<tbody>\n";
    for (const auto& row : input.recent) {
      std::int64_t at = row.state == OutboxState::sent && row.sent_at != 0 ? row.sent_at : row.updated_at;
      auto state_class = row.state == OutboxState::sent ? "ok" : "overdue";
      h += "<tr><td>" + html_escape(instant_text(zone, Instant{std::chrono::seconds{at}})) + "</td><td>" +
           html_escape(row.task) + "</td><td>" + html_escape(unit_name(config, row.unit)) + "</td><td>" +
           html_escape(row.stage) + "</td><td>" + html_escape(row.channel) + "</td><td>" + html_escape(row.recipient) +
           "</td><td class=\"" + state_class + "\">" + html_escape(state_label(row.state)) + "</td><td>" +
           html_escape(row.last_error) + "</td></tr>\n";
    }
    h += "</tbody>\n</table>\n";
  }

  if (!input.feed_urls.empty()) {
    h += "<h2>Lịch ICS của các đơn vị</h2>\n<p>Mỗi đơn vị đăng ký (subscribe) đường dẫn của mình trong ứng dụng lịch.</p>\n";
    h += "<table>\n<thead><tr><th>Đơn vị</th><th>Đường dẫn</th></tr></thead>\n<tbody>\n";
    for (const auto& unit : config.units) {
      auto found = input.feed_urls.find(unit.id);
      if (found == input.feed_urls.end()) {
        continue;
      }
      h += "<tr><td>" + html_escape(unit.name) + "</td><td><code>" + html_escape(found->second) + "</code></td></tr>\n";
    }
    h += "</tbody>\n</table>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace deadlined::http_views
