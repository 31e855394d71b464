#pragma once
// The read-only admin status page: obligations by plan, unit and state, the
// outbox by state, recent deliveries, the units' ICS feed links. Vietnamese,
// one standalone HTML document with inline CSS; every value is escaped. Pure.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/zone.hpp"
#include "config/config.hpp"
#include "http_views/metrics.hpp"
#include "outbox/outbox.hpp"

namespace deadlined::http_views {

struct StatusInput {
  const Config* config = nullptr;
  const TimeZone* zone = nullptr;
  std::string version;
  Date today;
  std::vector<ObligationTally> tallies;
  std::optional<std::map<OutboxState, std::int64_t>> outbox_counts;  // nullopt: unreadable
  std::string outbox_error;
  std::vector<ReminderRow> recent;  // newest first
  std::optional<Instant> next_send;
  std::map<std::string, std::string> feed_urls;  // unit id -> subscription URL; empty: feeds disabled
};

std::string render_status_page(const StatusInput& input, Instant now);

std::string html_escape(std::string_view text);

// Vietnamese label of an outbox state: "Chờ gửi", "Đã gửi", ...
std::string_view state_label(OutboxState state);

}  // namespace deadlined::http_views
