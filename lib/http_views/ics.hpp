#pragma once
// The iCalendar (RFC 5545) feed of one unit's obligations: an all-day VEVENT
// on each due date, with one VALARM per reminder stage up to the due day at
// the exact instant the daemon sends it (absolute UTC triggers, since working
// days cannot be expressed as a duration). Pure: `now` is the DTSTAMP.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/working_calendar.hpp"
#include "calendar/zone.hpp"
#include "config/config.hpp"
#include "reminders/planner.hpp"

namespace deadlined::http_views {

struct FeedRequest {
  const Config* config = nullptr;
  const WorkingCalendar* calendar = nullptr;
  const TimeZone* zone = nullptr;
  std::string unit;               // must name a unit of the config
  std::vector<Trigger> triggers;  // on-demand occurrences created with `deadlined trigger`
  std::string version;            // for PRODID
  std::set<std::string> done{};   // obligation keys (plan/task/occurrence/unit) marked done: no alarms
};

std::string render_unit_feed(const FeedRequest& request, Instant now);

// TEXT value escaping: backslash, semicolon, comma, newline.
std::string escape_ics_text(std::string_view text);
// One content line folded at 75 octets (never inside a UTF-8 sequence), CRLF-terminated.
std::string fold_ics_line(std::string_view line);
// "20220317T010000Z"
std::string ics_utc(Instant instant);

inline constexpr std::string_view k_ics_content_type = "text/calendar; charset=utf-8";

}  // namespace deadlined::http_views
