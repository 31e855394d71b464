#pragma once
// Server-rendered SVG charts: pure functions from numbers to SVG text, with
// no script, no external reference and every text escaped. Each mark carries
// its numbers as data-* attributes so tests (and curious readers of the DOM)
// can read them back. Colours: on time green, late amber, overdue red,
// pending grey.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined::charts {

// One row of a rate chart: a unit or a tier.
struct RateRow {
  std::string id;     // data-id (and data-unit / data-tier by `kind`)
  std::string label;  // shown at the left
  int on_time = 0;
  int late = 0;
  int pending = 0;
  int overdue = 0;
  std::optional<double> rate;  // on-time rate in [0, 1]; none when nothing is due
};

// Horizontal bars, one per row in the given order: the bar's length is the
// on-time rate, the stacked strip under it the split of the row's obligations
// (on time, late, overdue, pending); the overdue count is written in red.
// `kind` names the data attribute of each row: "unit" or "tier".
std::string rate_bars(const std::vector<RateRow>& rows, std::string_view kind, std::string_view title);

// The same rows as an HTML table for email, where SVG is not shown (Gmail,
// Outlook): one <tr class="row"> per row with the same data-* attributes as
// rate_bars, the bar a two-cell table coloured with bgcolor, no CSS needed.
std::string rate_table(const std::vector<RateRow>& rows, std::string_view kind, std::string_view title);

struct HeatColumn {
  std::string id;     // data-month, e.g. "2022-03"
  std::string label;  // e.g. "T3"
};

struct HeatRow {
  std::string id;
  std::string label;
  std::vector<int> values;  // one per column
};

// A grid of rows × columns; darker red for more, empty cells white.
std::string heat_map(const std::vector<HeatColumn>& columns, const std::vector<HeatRow>& rows, std::string_view title);

// The heat map as an HTML table for email: one cell per row and column,
// bgcolor darker for more, with data-unit / data-month / data-overdue.
std::string heat_table(const std::vector<HeatColumn>& columns, const std::vector<HeatRow>& rows,
                       std::string_view title);

// One due date of a timeline row.
struct TimelineMark {
  double position = 0;  // 0 (start of the axis) .. 1 (end)
  std::string date;     // data-due, e.g. "2022-03-31"
  std::string status;   // on_time | late | overdue | pending
  int count = 1;        // obligations behind the mark
  std::string tooltip;  // <title> of the mark
};

struct TimelineRow {
  std::string id;  // task id, shown before the label
  std::string label;
  std::vector<TimelineMark> marks;
};

struct AxisTick {
  double position = 0;
  std::string label;
};

// Tasks along an axis (the plan's year): a thin line per row from its first
// to its last mark, a dot per due date coloured by status; `today` (0..1) a
// vertical line when set.
std::string timeline(const std::vector<AxisTick>& ticks, const std::vector<TimelineRow>& rows,
                     std::optional<double> today, std::string_view title);

// &, <, >, " and ' escaped for text and attribute values; control characters
// other than tab and newline dropped. The one HTML/XML escape of the project
// (report and status pages call it too).
std::string escape(std::string_view text);
// The colour of a status (on_time, late, overdue, pending).
std::string_view status_colour(std::string_view status);

}  // namespace deadlined::charts
