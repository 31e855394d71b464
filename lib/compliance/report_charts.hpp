#pragma once
// The pictures of a compliance report, as SVG text (util/charts): the on-time
// rate per unit (worst first) and per tier, a units × months heat map of
// overdue obligations, and the plan's timeline (each task's due dates along
// the year, coloured done on time / late / overdue / pending). Shared by the
// HTML report and /status, so both draw the same numbers. Pure.
#include "compliance/report.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace deadlined {

struct ReportCharts {
  std::string units;     // rate bars, data-unit
  std::string tiers;     // rate bars, data-tier
  std::string heat_map;  // cells with data-unit, data-month, data-overdue
  std::string timeline;  // marks with data-task, data-due, data-status, data-count
  // The rate charts again as HTML tables (charts::rate_table), for a phone:
  // an SVG scaled to its width would shrink their labels past reading. Empty
  // for the mail medium, whose rate charts are such tables already.
  std::string units_table;
  std::string tiers_table;
};

// `max_units`: the rate chart and the heat map show only the worst units
// (the report email's bound, report.mail_rows); the heat map's counts still
// come from every entry.
ReportCharts report_charts(const ComplianceReport& report, ChartMedium medium = ChartMedium::svg,
                           std::size_t max_units = SIZE_MAX);

}  // namespace deadlined
