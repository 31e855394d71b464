#pragma once
// Prometheus text exposition (format 0.0.4) of the daemon's state, and the
// obligation tallies shared with the status page. Pure: the event loop keeps
// the counters, the caller reads the outbox and passes `now`.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/working_calendar.hpp"
#include "calendar/zone.hpp"
#include "config/config.hpp"
#include "outbox/outbox.hpp"
#include "plan/obligations.hpp"
#include "util/vocabulary.hpp"

namespace deadlined::http_views {

// Kept by the event loop and read by /metrics (the daemon hands the HTTP thread a copy).
struct DaemonCounters {
  std::map<Channel, std::uint64_t> reminders_sent;    // channel -> outbox rows delivered
  std::map<Channel, std::uint64_t> reminders_failed;  // channel -> outbox rows whose attempt failed
  // (channel, outcome: sent | transient | permanent) -> messages (digests)
  std::map<std::pair<Channel, std::string>, std::uint64_t> messages;
  std::optional<Instant> last_success;
  std::uint64_t reloads_succeeded = 0;
  std::uint64_t reloads_failed = 0;
  Instant started{};
  // When the running configuration was loaded: the start, or the last reload that succeeded.
  std::optional<Instant> config_loaded{};
  // The last reload (SIGHUP), refused or not: a refused one keeps the running
  // configuration, so the daemon stays healthy, but the admin is told why.
  struct Reload {
    Instant at{};
    std::string error;  // empty: it succeeded
  };
  std::optional<Reload> last_reload{};
  // The outbox refused the loop's last write (a full disk, an I/O error):
  // its error, until a write is recorded again.
  std::optional<std::string> outbox_refusal{};
  std::optional<Instant> outbox_refusing_since{};
};

// Lead obligations of one unit in one plan, by state on `today`: done when
// acknowledged, else pending or overdue as classify_obligation() says (the
// definition of the report and /status; supporting units are not counted).
struct ObligationTally {
  std::string plan;
  std::string unit;
  std::int64_t pending = 0;
  std::int64_t overdue = 0;
  std::optional<Date> next_due;        // earliest due date >= today
  std::optional<Date> oldest_overdue;  // earliest due date < today
  std::int64_t done = 0;
};

// One entry per (plan, unit) having dated or triggered obligations, in config
// order. `done` holds the keys "plan/task/occurrence/unit" of acknowledged
// obligations; `triggered` the occurrences of on-demand tasks (the trigger
// log), counted as plan, agenda and report count them.
std::vector<ObligationTally> tally_obligations(const Config& config, const WorkingCalendar& calendar, Date today,
                                               const std::set<std::string>& done = {},
                                               const std::vector<TriggeredOccurrence>& triggered = {});

struct MetricsInput {
  std::string version;
  const DaemonCounters* counters = nullptr;
  std::optional<std::map<OutboxState, std::int64_t>> outbox_counts;  // nullopt: the outbox could not be read
  std::vector<ObligationTally> tallies;
  std::vector<std::string> plans;  // every plan id, so plans without obligations show 0
  std::vector<Channel> channels{Channel::email, Channel::webhook};
  std::optional<Instant> next_send;  // nullopt: nothing scheduled
};

std::string render_metrics(const MetricsInput& input);

// Label value escaping of the text format: backslash, double quote, line feed.
std::string escape_label_value(std::string_view value);

inline constexpr std::string_view k_metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace deadlined::http_views
