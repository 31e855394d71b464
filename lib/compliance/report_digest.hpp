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

// Plain-text summary for the email body: totals, on-time rate, the totals
// per tier, then the units with overdue obligations (most overdue days
// first), at most `row_limit` of them and how many more, and where the whole
// report is (`full_report_url`, when set).
// The office to contact (`contact`, Config::contact_for) ends it, when set.
std::string compliance_text(const ComplianceReport& report, const std::string& addressee_name,
                            std::size_t row_limit = k_all_rows, const std::string& full_report_url = {},
                            const std::string& contact = {});

// The whole raw report email (headers, and the text and HTML parts as
// encoded, base64 a third larger) stays under this many bytes at any scale:
// Gmail clips a message past about 102 KB, hiding its end.
inline constexpr std::size_t k_report_mail_budget = 100 * 1000;
// What the headers and the addressee's name may take of the budget.
inline constexpr std::size_t k_report_mail_header_reserve = 4 * 1024;
// The fewest rows per table the email tries before it falls back to the
// totals per tier alone.
inline constexpr std::size_t k_report_mail_min_rows = 5;

struct ReportMail {
  std::string html;
  std::size_t rows = 0;  // rows per table it lists (0: the totals alone)
};

// The report email's HTML: the report page (ChartMedium::mail) with at most
// `row_limit` rows per table (report.mail_rows), fewer when the message would
// pass `budget` bytes (both parts as encoded, the text part's rows
// max(rows, k_report_mail_min_rows), plus k_report_mail_header_reserve), down
// to k_report_mail_min_rows; past that a page of the totals and the totals per
// tier. It links to `full_report_url` when set.
ReportMail compliance_mail_html(const ComplianceReport& report, const Config& config, const TimeZone& zone,
                                const std::string& page_template, std::size_t row_limit,
                                const std::string& full_report_url, std::size_t budget = k_report_mail_budget);

// The signature of a link to the whole report as of `as_of` for `plan`
// (empty: every plan) on the status server (/report?as_of=...&t=...), keyed
// with the secret of the email links (http.ack_secret_*). Empty secret: empty.
std::string report_link_token(std::string_view secret, std::string_view plan, Date as_of);
// BASE_URL/report?as_of=YYYY-MM-DD[&plan=ID]&t=TOKEN; empty when either
// `base_url` or `secret` is.
std::string report_link(const std::string& base_url, std::string_view secret, const std::string& plan, Date as_of);

}  // namespace deadlined
