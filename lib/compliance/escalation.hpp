#pragma once
// Escalation: when a lead unit is `escalate_after` working days late (per
// policy; 0 = never), its supervising unit (Config::supervisor_of) is told.
// Escalations are ordinary outbox rows with stage "escalation", keyed by the
// late obligation and the supervisor's recipient, so they are durable,
// deduplicated and digested per supervisor like any reminder. Pure.
#include <set>
#include <string>
#include <vector>

#include "calendar/zone.hpp"
#include "compliance/acks.hpp"
#include "config/config.hpp"
#include "outbox/outbox.hpp"

namespace deadlined {

inline constexpr std::string_view k_stage_escalation = "escalation";

// True when some policy escalates (so callers can skip the work otherwise).
bool escalation_enabled(const Config& config);

// Escalation rows for the lead obligations in `obligations` that are not in
// `done` (obligation keys), one per recipient of the supervisor, sent at
// daemon.send_time on the N-th working day after the due date.
std::vector<ReminderRow> plan_escalations(const Config& config, const WorkingCalendar& calendar, const TimeZone& zone,
                                          const std::vector<KnownObligation>& obligations,
                                          const std::set<std::string>& done);

}  // namespace deadlined
