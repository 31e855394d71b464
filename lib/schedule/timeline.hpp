#pragma once
// How a timeline phrase of a Vietnamese plan ("Quý I/2022", "Trước ngày
// 15/8/2022", "Thường xuyên trong năm 2022", ...) is understood: a pure parser
// from text to occurrences with nominal (unrolled) due dates.
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "calendar/civil.hpp"

namespace deadlined {

enum class TimelineKind { dated, ongoing, on_demand };

// period_end: due on the last day of the period (Civil Code Art. 146).
// before_date: "trước ngày D"; nominal_due is D (the inclusive reading); the
// strict reading (D-1) is applied later from config.
enum class DueAnchor { period_end, before_date };

enum class PeriodKind { day, month, quarter, half, year, window };

std::string_view to_string(TimelineKind kind);
std::string_view to_string(PeriodKind kind);

struct Occurrence {
  std::string label;  // "Quý I/2022", "Tháng 01/2022", "15/08/2022", "6 tháng đầu năm 2022"
  Date period_start;  // first day of the period; equals nominal_due for a single day
  Date nominal_due;
  DueAnchor anchor = DueAnchor::period_end;
  PeriodKind period = PeriodKind::day;
  bool report = false;  // one period of a report series: a per-tier day may apply

  friend bool operator==(const Occurrence&, const Occurrence&) = default;
};

struct Timeline {
  TimelineKind kind = TimelineKind::dated;
  std::vector<Occurrence> occurrences;  // empty unless kind == dated
  bool conditional = false;             // "Khi có thay đổi, thực hiện theo Quý"
};

struct PhraseError {
  std::string message;  // quotes the phrase and lists the understood forms
};

// default_year fills in a missing year ("Quý IV", "Hằng năm").
tl::expected<Timeline, PhraseError> parse_timeline(std::string_view phrase, int default_year);

// A human-readable list of the forms parse_timeline understands, on ONE line,
// separated by " | " (it ends every PhraseError message, which must stay on
// one line after the config loader's "file:line:col:" prefix).
std::string_view understood_timeline_forms();

}  // namespace deadlined
