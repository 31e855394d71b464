#pragma once
// How a timeline phrase of a Vietnamese plan ("Quý I/2022", "Trước ngày
// 15/8/2022", "Thường xuyên trong năm 2022", ...) is understood: a pure parser
// from text to occurrences with nominal (unrolled) due dates.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "calendar/civil.hpp"
#include "calendar/working_calendar.hpp"

namespace deadlined {

// none: the row states no timeline; it is tracked and listed, never reminded.
enum class TimelineKind { dated, ongoing, on_demand, none };

// period_end: due on the last day of the period (Civil Code Art. 146).
// before_date: "trước ngày D"; nominal_due is D (the inclusive reading); the
// strict reading (D-1) is applied later from config.
enum class DueAnchor { period_end, before_date };

// nine_months: the first nine months of a year ("9 tháng đầu năm", the
// "Báo cáo 9 tháng"), 01/01 to 30/09.
enum class PeriodKind { day, month, quarter, half, nine_months, year, window, week };

std::string_view to_string(TimelineKind kind);
std::string_view to_string(PeriodKind kind);

// The units an occurrence is for, when a cell gives each level of government
// its own time ("Trước ngày 15/6 đối với cấp huyện; trước ngày 30/6 đối với
// cấp tỉnh"): one bit per tier of unit, in the order of config's Tier. 0:
// every unit (a cell that names no level).
using TierMask = std::uint8_t;
inline constexpr TierMask k_tier_province = 1U << 0U;
inline constexpr TierMask k_tier_department = 1U << 1U;
inline constexpr TierMask k_tier_district = 1U << 2U;
inline constexpr TierMask k_tier_commune = 1U << 3U;
inline constexpr TierMask k_tier_other = 1U << 4U;
inline constexpr TierMask k_every_tier =
    k_tier_province | k_tier_department | k_tier_district | k_tier_commune | k_tier_other;

struct Occurrence {
  std::string label;  // "Quý I/2022", "Tháng 01/2022", "15/08/2022", "6 tháng đầu năm 2022"
  Date period_start;  // first day of the period; equals nominal_due for a single day
  Date nominal_due;
  DueAnchor anchor = DueAnchor::period_end;
  PeriodKind period = PeriodKind::day;
  bool report = false;  // one period of a report series: a per-tier day may apply
  // Made by a cadence over the plan's span ("Hằng tháng", "hằng tuần"), not
  // written: kept only within the plan's own period (PlanSpan::start/end).
  bool recurring = false;
  // Due on the last working day on or before nominal_due, whatever
  // calendar.roll says: "trước Tết Nguyên đán", "ngày làm việc cuối cùng của
  // tháng" name a day that must not move past what it precedes.
  bool last_working_day = false;
  // A count back from a written day ("10 ngày trước ngày 15/3/2026"):
  // nominal_due is the day counted back to; on a day off it moves to the
  // working day before (unless the task's roll is keep), as a count back
  // from an event does.
  bool counted_back = false;
  // "05 ngày làm việc trước ngày 15/3/2026": due that many working days
  // before nominal_due (the written day), on the working calendar the
  // plan is checked with; 0: none.
  int working_days_before = 0;
  // For units of these tiers only ("cấp tỉnh" is province and department);
  // 0: for every unit of the task.
  TierMask tiers = 0;

  friend bool operator==(const Occurrence&, const Occurrence&) = default;
};

// A plan's span: one year, or a first and last year. `last` is set only when
// the plan states it; a single-year plan bounds "Hằng năm" to its year but not
// a phrase that itself says "và các năm tiếp theo".
// `start` and `end` bound a plan shorter than its years (a quarter, the
// second half, 100 days): what a cadence makes ("Hằng tháng") is kept only
// when its period meets [start, end]; what a cell names is always kept.
struct PlanSpan {
  PlanSpan() = default;
  PlanSpan(int first_year, std::optional<int> last_year = std::nullopt, std::optional<Date> start_day = std::nullopt,
           std::optional<Date> end_day = std::nullopt)
      : first(first_year), last(last_year), start(start_day), end(end_day) {}

  int first = 0;
  std::optional<int> last;
  std::optional<Date> start;
  std::optional<Date> end;
  int bounded_last() const { return last.value_or(first); }
};

// Occurrences that repeat every year without end ("Quý II năm 2024 và các năm
// tiếp theo" in a plan with no last year). They are generated on request for
// a range of dates, never as a list.
struct Recurrence {
  std::vector<Occurrence> pattern;  // the occurrences of base_year
  int base_year = 0;
  int from_year = 0;                // first year generated (later than the materialised ones)
  std::optional<unsigned> weekday;  // weekly: 0 = Sunday ... 6 = Saturday; pattern unused
  bool conditional = false;         // "(nếu có)"
  TierMask tiers = 0;               // as Occurrence::tiers, given to what it generates

  friend bool operator==(const Recurrence&, const Recurrence&) = default;
};

// A stated lag of an event-triggered task: "trong vòng 30 ngày kể từ ngày ... ban hành".
struct Lag {
  int count = 0;
  bool working_days = false;
  bool months = false;  // "trong 6 tháng sau khi ...": calendar months (Civil Code Art. 147)
  // Counted back from the event: "10 ngày trước ngày bầu cử", "ít nhất trước
  // 45 ngày làm việc đến ngày khai mạc"; due = event - count.
  bool before = false;

  friend bool operator==(const Lag&, const Lag&) = default;
};

struct Timeline {
  TimelineKind kind = TimelineKind::dated;
  // Every finite occurrence, as written or over the plan's span ("Hằng quý"
  // in a 2026-2030 plan: 20 quarters). Ongoing work may carry the reports of
  // a compound cell ("Thường xuyên; định kỳ 6 tháng báo cáo").
  std::vector<Occurrence> occurrences;
  std::vector<Recurrence> open_ended;  // continue without end after `occurrences`
  bool conditional = false;            // "Khi có thay đổi, thực hiện theo Quý"; "(nếu có)"
  std::optional<Lag> lag;              // on demand: due = event + lag
  std::string note;                    // trailing sentences that state no time

  bool is_open_ended() const { return !open_ended.empty(); }
  // The tiers the cell gives a time of their own (the union of its
  // occurrences' and recurrences' tiers); 0 when it names no level, and
  // every unit shares every occurrence.
  TierMask tiers_named() const;
};

struct PhraseError {
  std::string message;  // quotes the phrase
  // No form fits: `when` adds the list of understood forms; a configuration
  // with many such rows points to it once per row instead of repeating it.
  bool unknown_form = false;
};

// span.first fills in a missing year ("Quý IV"); "Hằng năm / Hằng quý /
// Hằng tháng / hằng tuần" recur over the whole span.
tl::expected<Timeline, PhraseError> parse_timeline(std::string_view phrase, PlanSpan span);
inline tl::expected<Timeline, PhraseError> parse_timeline(std::string_view phrase, int default_year) {
  return parse_timeline(phrase, PlanSpan{default_year, std::nullopt});
}

// The occurrences of an open-ended recurrence whose nominal due date lies in
// [from, to], in date order.
std::vector<Occurrence> generate_occurrences(const Recurrence& recurrence, Date from, Date to);

// Every occurrence of the timeline due in [from, to]: the finite ones, then
// the open-ended ones, by due date.
std::vector<Occurrence> occurrences_between(const Timeline& timeline, Date from, Date to);

// The working day an occurrence is due on, from its nominal day (nominal_due,
// or the day a tier's report falls on): counted back by working days, or
// moved to the working day before it (a last working day, a count back), or
// rolled by `roll`.
Date working_due_day(const Occurrence& occurrence, Date nominal, const WorkingCalendar& calendar, RollRule roll);

// A human-readable list of the forms parse_timeline understands, on ONE line,
// separated by " | " (it ends every PhraseError message, which must stay on
// one line after the config loader's "file:line:col:" prefix).
std::string_view understood_timeline_forms();

}  // namespace deadlined
