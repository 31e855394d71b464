#pragma once
// The read-only admin status page: the compliance of every unit as of today
// (the same ComplianceReport as `deadlined report`, so both count overdue the
// same way), charts, the outbox by state, recent deliveries, the units' ICS
// feed links. Vietnamese, one standalone HTML document rendered from the page
// template status.html.mustache (inline CSS, inline SVG, no script); every
// value is escaped. Pure.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/zone.hpp"
#include "compliance/report.hpp"
#include "config/config.hpp"
#include "http_views/metrics.hpp"
#include "outbox/outbox.hpp"

namespace deadlined::http_views {

struct StatusInput {
  const Config* config = nullptr;
  const TimeZone* zone = nullptr;
  std::string version;
  Date today;
  const ComplianceReport* report = nullptr;  // as of `today`, every plan; nullptr: no obligations shown
  std::optional<std::map<OutboxState, std::int64_t>> outbox_counts;  // nullopt: unreadable
  std::string outbox_error;
  // The tables are paged; totals and charts always cover everything. The
  // by-unit table and the feeds show page `units_page` (1-based, clamped to
  // the last page) of `page_size` units; `recent` is already the page
  // `recent_page` of the deliveries, `recent_total` of them in all.
  std::vector<ReminderRow> recent;  // newest first
  std::size_t page_size = 50;
  std::size_t units_page = 1;
  std::size_t recent_page = 1;
  std::int64_t recent_total = 0;
  // The page's own address up to the paging parameters, ending in '?' or
  // '&' ("/status?token=...&" when the token came in the query).
  std::string link = "/status?";
  std::optional<Instant> next_send;
  std::map<std::string, std::string> feed_urls;  // unit id -> subscription URL; empty: feeds disabled
  std::string page_template;                     // status.html.mustache; empty: the compiled-in default
};

std::string render_status_page(const StatusInput& input, Instant now);

// Pages of `page_size` rows needed for `total` rows; at least 1.
std::size_t page_count(std::int64_t total, std::size_t page_size);

std::string html_escape(std::string_view text);

// Vietnamese label of an outbox state: "Chờ gửi", "Đã gửi", ...
std::string_view state_label(OutboxState state);

// Vietnamese label of a reminder stage: "before-10" -> "trước hạn 10 ngày", ...
std::string stage_label(std::string_view stage);

}  // namespace deadlined::http_views
