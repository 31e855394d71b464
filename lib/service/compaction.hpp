#pragma once
// When and how far the outbox is compacted (Outbox::compact): the retention
// of outbox.keep_final_days turned into a cutoff, and the daily time of the
// daemon's compaction. Pure: time comes in as `now`.
#include <chrono>
#include <optional>

#include "calendar/civil.hpp"
#include "calendar/zone.hpp"
#include "config/config.hpp"
#include "outbox/outbox.hpp"

namespace deadlined {

// Final rows due before the local day `keep_final_days` before today (and
// before `before`, when given and earlier), sent before that day began: the
// obligation's period is over and the retention has passed. `before` can
// only narrow the cutoff, never pass the retention.
CompactionCutoff compaction_cutoff(const OutboxConfig& config, const TimeZone& zone, Instant now,
                                   std::optional<Date> before = std::nullopt);

// How long until the daemon's next daily compaction: zero when one is due
// now (the local time is past outbox.compact_at and the last compaction
// finished on an earlier local day, or never), else the wait until the next
// compact_at; nullopt when automatic compaction is off.
std::optional<std::chrono::seconds> until_compaction(const OutboxConfig& config, const TimeZone& zone, Instant now,
                                                     std::optional<Date> last_finished_on);

}  // namespace deadlined
