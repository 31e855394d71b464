#include "service/compaction.hpp"

#include <algorithm>

namespace deadlined {

CompactionCutoff compaction_cutoff(const OutboxConfig& config, const TimeZone& zone, Instant now,
                                   std::optional<Date> before) {
  Date day = zone.local_date(now) - std::chrono::days{config.keep_final_days};
  if (before) {
    day = std::min(day, *before);
  }
  return CompactionCutoff{zone.at(day, 0).time_since_epoch().count(), to_iso(day)};
}

std::optional<std::chrono::seconds> until_compaction(const OutboxConfig& config, const TimeZone& zone, Instant now,
                                                     std::optional<Date> last_finished_on) {
  if (!config.compact_minute_of_day) {
    return std::nullopt;
  }
  const Date today = zone.local_date(now);
  const Instant today_at = zone.at(today, *config.compact_minute_of_day);
  const bool done_today = last_finished_on && *last_finished_on >= today;
  if (!done_today && now >= today_at) {
    return std::chrono::seconds{0};
  }
  const Instant next =
      now < today_at && !done_today ? today_at : zone.at(today + std::chrono::days{1}, *config.compact_minute_of_day);
  return std::chrono::duration_cast<std::chrono::seconds>(next - now);
}

}  // namespace deadlined
