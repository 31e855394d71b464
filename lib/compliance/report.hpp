#pragma once
// The compliance report: for each lead obligation of a plan, as of a day, was
// it done on time, done late, is it pending (not yet due) or overdue (and by
// how many working days); totals and on-time rates per unit, tier and task.
// Pure: built from the config, the calendar and the acknowledgement log.
//
// on-time rate = done on time / (done on time + done late + overdue): the
// share of obligations already due that were met; none when nothing is due.
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

struct ComplianceEntry {
  KnownObligation obligation;
  ComplianceStatus status = ComplianceStatus::pending;
  int days_late = 0;  // working days: overdue as of the report day, or late when done
  std::optional<AckRow> done;  // the done event, when done
};

struct ComplianceTotals {
  int on_time = 0;
  int late = 0;
  int pending = 0;
  int overdue = 0;
  int overdue_days = 0;  // sum of working days overdue
  int total() const { return on_time + late + pending + overdue; }
  std::optional<double> on_time_rate() const;
  void add(const ComplianceEntry& entry);
};

struct ComplianceGroup {
  std::string id;    // unit id, tier name or task id
  std::string name;  // unit name, tier name or task title
  ComplianceTotals totals;
};

struct ComplianceReport {
  Date as_of;
  std::string plan;  // empty: all plans
  std::vector<ComplianceEntry> entries;  // by due date, plan, task, unit
  std::vector<ComplianceGroup> by_unit;  // config order
  std::vector<ComplianceGroup> by_tier;  // tiers that have obligations, in tier order
  std::vector<ComplianceGroup> by_task;  // plan order
  ComplianceTotals totals;
};

// Acknowledgements count when made on or before `as_of` (local date).
ComplianceReport build_compliance_report(const Config& config, const WorkingCalendar& calendar, const TimeZone& zone,
                                         const std::vector<TriggerRow>& triggers, const std::vector<AckRow>& acks,
                                         Date as_of, const std::string& plan = {});

// Machine-readable JSON (UTF-8): as_of, plan, totals, by_unit, by_tier, by_task, entries.
std::string compliance_json(const ComplianceReport& report, const TimeZone& zone);
// CSV for spreadsheets: UTF-8 with a byte order mark, CRLF, RFC 4180 quoting;
// the entries, a blank line, then the totals per unit, tier, task and overall.
std::string compliance_csv(const ComplianceReport& report, const TimeZone& zone);
// A standalone HTML page (lang="vi", inline CSS, every value escaped).
std::string compliance_html(const ComplianceReport& report, const Config& config, const TimeZone& zone);

// "85,7 %" (Vietnamese decimal comma) or "—" when there is no rate.
std::string rate_text(const std::optional<double>& rate);
std::string html_escape(std::string_view text);
std::string csv_field(std::string_view text);

}  // namespace deadlined
