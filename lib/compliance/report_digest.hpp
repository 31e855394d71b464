#pragma once
// The periodic compliance report ([report] in the config): outbox rows with
// stage "report", one per report day and recipient of the coordinating unit,
// so the report is durable and sent once like any reminder. The content is
// rendered when it is sent, from the acknowledgements as they are then.
#include <string>
#include <vector>

#include "calendar/zone.hpp"
#include "compliance/report.hpp"
#include "config/config.hpp"
#include "outbox/outbox.hpp"

namespace deadlined {

inline constexpr std::string_view k_stage_report = "report";

// Report days from 1 January of the first plan year to 31 January after the
// last (weekly on report.weekday, or monthly on the 1st), each rolled to the
// next working day, at daemon.send_time. Empty without report.to.
std::vector<ReminderRow> plan_report_rows(const Config& config, const WorkingCalendar& calendar, const TimeZone& zone);

// Plain-text summary for the email body: totals, on-time rate, then the units
// with overdue obligations (most overdue days first), at most `row_limit`
// of them and how many more.
std::string compliance_text(const ComplianceReport& report, const std::string& addressee_name,
                            std::size_t row_limit = k_all_rows);

}  // namespace deadlined
