#pragma once
// The compliance report: for each lead obligation of a plan, as of a day, was
// it done on time, done late, is it pending (not yet due) or overdue (and by
// how many working days); totals and on-time rates per unit, tier and task.
// Pure: built from the config, the calendar and the acknowledgement log.
//
// on-time rate = done on time / (done on time + done late + overdue): the
// share of obligations already due that were met; none when nothing is due.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calendar/zone.hpp"
#include "compliance/acks.hpp"
#include "config/config.hpp"
#include "outbox/outbox.hpp"

namespace deadlined {

enum class ComplianceStatus { on_time, late, pending, overdue };
std::string_view to_string(ComplianceStatus status);
std::string_view vietnamese_text(ComplianceStatus status);

// THE definition of overdue, used by the report, /status and /metrics alike:
// an obligation of a lead unit (supporting units are not rated) not marked
// done by the end of `as_of` whose due date (rolled to a working day) is
// before `as_of`. Done on or before its due date is on time, after it late;
// not done and due on or after `as_of` is pending.
ComplianceStatus classify_obligation(Date due, std::optional<Date> done_day, Date as_of);
// Whether an obligation of that role is rated at all (lead: yes, support: no).
bool rated_role(Role role);
// A sentence for the pages that says exactly that (Vietnamese).
inline constexpr std::string_view k_overdue_definition =
    "Quá hạn: nhiệm vụ do đơn vị chủ trì, đã qua hạn hoàn thành (ngày làm việc, tính đến hết ngày báo cáo) mà "
    "chưa được xác nhận hoàn thành. Đơn vị phối hợp không được tính.";

struct ComplianceEntry {
  KnownObligation obligation;
  ComplianceStatus status = ComplianceStatus::pending;
  int days_late = 0;           // working days: overdue as of the report day, or late when done
  std::optional<AckRow> done;  // the done event, when done
};

struct ComplianceTotals {
  int on_time = 0;
  int late = 0;
  int pending = 0;
  int overdue = 0;
  int overdue_days = 0;  // sum of working days overdue
  int total() const { return on_time + late + pending + overdue; }
  friend bool operator==(const ComplianceTotals&, const ComplianceTotals&) = default;
  std::optional<double> on_time_rate() const;
  void add(const ComplianceEntry& entry);
};

struct ComplianceGroup {
  std::string id;    // unit id, tier name or task id
  std::string name;  // unit name, tier name or task title
  ComplianceTotals totals;
  friend bool operator==(const ComplianceGroup&, const ComplianceGroup&) = default;
};

// A row of a plan that states no timeline (kind `none`): tracked and listed,
// never reminded, never rated (nothing is due, so it is neither pending nor
// overdue). One per task and lead unit; a task with no lead has one row with
// no unit.
struct UntimedEntry {
  const Plan* plan = nullptr;
  const Task* task = nullptr;
  const Unit* unit = nullptr;  // the lead unit; null: the task names no lead
};
inline constexpr std::string_view k_untimed_status = "none";
inline constexpr std::string_view k_untimed_text = "Không xác định thời hạn";

struct ComplianceReport {
  Date as_of;
  std::string plan;                      // empty: all plans
  std::vector<ComplianceEntry> entries;  // by due date, plan, task, unit
  std::vector<UntimedEntry> untimed;     // rows with no timeline, plan order
  std::vector<ComplianceGroup> by_unit;  // config order
  std::vector<ComplianceGroup> by_tier;  // tiers that have obligations, in tier order
  std::vector<ComplianceGroup> by_task;  // plan order
  ComplianceTotals totals;
};

// Acknowledgements count when made on or before `as_of` (local date).
ComplianceReport build_compliance_report(const Config& config, const WorkingCalendar& calendar, const TimeZone& zone,
                                         const std::vector<TriggerRow>& triggers, const std::vector<AckRow>& acks,
                                         Date as_of, const std::string& plan = {});

// Machine-readable JSON (UTF-8): as_of, plan, totals, by_unit, by_tier, by_task, entries,
// untimed (rows with no timeline: plan, task, task_title, when, unit, unit_name, status "none").
std::string compliance_json(const ComplianceReport& report, const TimeZone& zone);
// CSV for spreadsheets: UTF-8 with a byte order mark, CRLF, RFC 4180 quoting;
// the entries, then the rows with no timeline (status "none", no due date),
// a blank line, then the totals per unit, tier, task and overall.
std::string compliance_csv(const ComplianceReport& report, const TimeZone& zone);
// Groups worst first: most overdue, then most working days overdue, lowest
// on-time rate, then the given order.
std::vector<ComplianceGroup> worst_first(std::vector<ComplianceGroup> groups);

// How the report's charts are drawn. svg: for browsers (/status, `report
// --format html`); mail: HTML tables for email clients that do not show SVG,
// with the same numbers and data-* attributes, and no timeline (its dots need SVG).
enum class ChartMedium { svg, mail };

// A report's rows as a reader sees them: every table of at most
// `row_limit` rows, the ones that need action kept (units and tasks worst
// first; entries overdue first, most days late first, then late, then the
// nearest pending; rows with no timeline in plan order), shown in their
// usual order. The totals and every count still cover the whole report.
// The report email uses it (report.mail_rows): at 6,000 units the whole
// report is tens of MB, over what mail servers accept.
struct ReportExcerpt {
  std::vector<ComplianceGroup> units;  // worst first
  std::vector<ComplianceGroup> tasks;  // plan order, or worst first when cut
  std::vector<const ComplianceEntry*> entries;
  std::vector<const UntimedEntry*> untimed;
  std::size_t more_units = 0;  // rows left out of each table
  std::size_t more_tasks = 0;
  std::size_t more_entries = 0;
  std::size_t more_untimed = 0;
};
inline constexpr std::size_t k_all_rows = SIZE_MAX;
ReportExcerpt report_excerpt(const ComplianceReport& report, std::size_t row_limit = k_all_rows);

// A standalone HTML page (lang="vi", inline CSS, SVG charts, no script),
// rendered from the page template `page_template` (report.html.mustache;
// empty: the compiled-in default). Every value is escaped. The report email
// asks for ChartMedium::mail: its charts are HTML tables, and for a
// `row_limit` (report_excerpt; the page says how many rows it left out).
// `full_report_url`, when set, is where the whole report can be read (the
// status server's /report page): a bounded page links to it.
std::string compliance_html(const ComplianceReport& report, const Config& config, const TimeZone& zone,
                            const std::string& page_template = {}, ChartMedium medium = ChartMedium::svg,
                            std::size_t row_limit = k_all_rows, const std::string& full_report_url = {});

// "85,7 %" (Vietnamese decimal comma) or "—" when there is no rate.
std::string rate_text(const std::optional<double>& rate);
std::string html_escape(std::string_view text);
std::string csv_field(std::string_view text);

}  // namespace deadlined
