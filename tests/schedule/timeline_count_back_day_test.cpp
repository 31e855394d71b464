// A count back from a written day ("Chậm nhất 10 ngày trước ngày
// 15/3/2026", "trước ngày 15/3/2026 ít nhất 05 ngày làm việc"): dated, due
// the day less the count; working days are counted on the working calendar,
// a calendar day that lands on a day off moves to the working day before.
// Counts written out in words ("sáu tháng", "mười lăm ngày", "hai tuần")
// read as their digits.
#include "schedule/timeline.hpp"
#include "schedule/timeline_detail.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>
#include <string>

namespace deadlined {
namespace {

using namespace timeline_testing;

constexpr int k_year = 2026;

TEST(TimelineCountBackFromDay, EveryPhrasingCountsBackFromTheWrittenDay) {
  const struct {
    const char* phrase;
    const char* due;  // the nominal day: counted back, or the written day (working days)
    int working_days;
  } cases[]{
      {"Chậm nhất 10 ngày trước ngày 15/3/2026", "2026-03-05", 0},
      {"10 ngày trước ngày 15/3/2026", "2026-03-05", 0},
      {"Trước ngày 15/3/2026 ít nhất 10 ngày", "2026-03-05", 0},
      {"trước ngày 15/3/2026 ít nhất 05 ngày làm việc", "2026-03-15", 5},
      {"10 ngày làm việc trước ngày 01/7", "2026-07-01", 10},
      {"Chậm nhất là 05 ngày làm việc trước ngày 15 tháng 3 năm 2026.", "2026-03-15", 5},
      {"ít nhất trước 07 ngày so với ngày 20/4/2026", "2026-04-13", 0},
      {"Gửi hồ sơ chậm nhất 01 tuần trước ngày 20/4/2026", "2026-04-13", 0},
      {"Tối thiểu 02 tháng trước ngày 30/4/2026", "2026-02-28", 0},
      {"chậm nhất mười ngày trước ngày 15/3/2026", "2026-03-05", 0},
      {"10 ngày trước 15/3", "2026-03-05", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.phrase);
    const Timeline timeline = parse_ok(c.phrase, k_year);
    EXPECT_EQ(timeline.kind, TimelineKind::dated);
    ASSERT_EQ(timeline.occurrences.size(), 1U);
    const Occurrence& occurrence = timeline.occurrences.front();
    EXPECT_EQ(to_iso(occurrence.nominal_due), c.due);
    EXPECT_EQ(occurrence.working_days_before, c.working_days);
    EXPECT_EQ(occurrence.counted_back, c.working_days == 0);
    EXPECT_FALSE(timeline.lag.has_value());
  }
}

TEST(TimelineCountBackFromDay, TheLabelSaysTheCountAndTheDay) {
  EXPECT_EQ(labels(parse_ok("Chậm nhất 10 ngày trước ngày 15/3/2026", k_year)),
            std::vector<std::string>{"10 ngày trước 15/03/2026"});
  EXPECT_EQ(labels(parse_ok("trước ngày 15/3/2026 ít nhất 05 ngày làm việc", k_year)),
            std::vector<std::string>{"5 ngày làm việc trước 15/03/2026"});
}

TEST(TimelineCountBackFromDay, AnEventStaysOnDemandAndAnImpossibleDayIsRefused) {
  const Timeline event = parse_ok("10 ngày trước ngày bầu cử", k_year);
  EXPECT_EQ(event.kind, TimelineKind::on_demand);
  parse_error("10 ngày trước ngày 31/2/2026", k_year);
}

TEST(TimelineCountBackFromDay, WorkingDaysAreCountedOnTheWorkingCalendar) {
  const WorkingCalendar calendar(CalendarSettings{}, {}, 2026, 2026);
  // Sun 15/3/2026 less 5 working days: Fri 13, Thu 12, Wed 11, Tue 10, Mon 9.
  const Timeline working = parse_ok("trước ngày 15/3/2026 ít nhất 05 ngày làm việc", k_year);
  const Occurrence& counted = working.occurrences.front();
  EXPECT_EQ(to_iso(working_due_day(counted, counted.nominal_due, calendar, RollRule::next)), "2026-03-09");
  // Sun 15/3 less 7 days is Sun 8/3: the working day before it, Fri 6/3,
  // unless the task keeps its days.
  const Timeline days = parse_ok("07 ngày trước ngày 15/3/2026", k_year);
  const Occurrence& back = days.occurrences.front();
  EXPECT_EQ(to_iso(working_due_day(back, back.nominal_due, calendar, RollRule::next)), "2026-03-06");
  EXPECT_EQ(to_iso(working_due_day(back, back.nominal_due, calendar, RollRule::keep)), "2026-03-08");
  // Any other occurrence rolls as the calendar says.
  const Timeline plain = parse_ok("Trước ngày 08/3/2026", k_year);
  const Occurrence& written = plain.occurrences.front();
  EXPECT_EQ(to_iso(working_due_day(written, written.nominal_due, calendar, RollRule::next)), "2026-03-09");
}

TEST(TimelineSpelledCounts, CountsWrittenOutReadAsDigits) {
  EXPECT_EQ(due_dates(parse_ok("sáu tháng đầu năm", k_year)), std::vector<std::string>{"2026-06-30"});
  EXPECT_EQ(due_dates(parse_ok("Chín tháng đầu năm 2026", k_year)), std::vector<std::string>{"2026-09-30"});
  const struct {
    const char* phrase;
    int count;
    bool months;
  } lags[]{
      {"trong vòng ba tháng kể từ ngày ký", 3, true},
      {"Sau sáu tháng", 6, true},
      {"mười lăm ngày kể từ ngày nhận hồ sơ", 15, false},
      {"hai tuần kể từ ngày nhận", 14, false},
      {"trong vòng 2 tuần kể từ ngày nhận", 14, false},
      {"trong vòng hai mươi ngày", 20, false},
      {"Sau một năm", 12, true},
      {"trong vòng 01 năm kể từ ngày ký", 12, true},
  };
  for (const auto& c : lags) {
    SCOPED_TRACE(c.phrase);
    const Timeline timeline = parse_ok(c.phrase, k_year);
    EXPECT_EQ(timeline.kind, TimelineKind::on_demand);
    ASSERT_TRUE(timeline.lag.has_value());
    EXPECT_EQ(timeline.lag->count, c.count);
    EXPECT_EQ(timeline.lag->months, c.months);
  }
}

TEST(TimelineSpelledCounts, NamesAndAfterAreNoCounts) {
  // "sau tháng 6" is after June, "tháng hai" February, "thứ ba" a weekday.
  EXPECT_EQ(timeline_detail::spelled_counts_as_digits("Sau tháng 6/2026"), "Sau tháng 6/2026");
  EXPECT_EQ(timeline_detail::spelled_counts_as_digits("ngày 15 tháng hai năm 2026"), "ngày 15 tháng hai năm 2026");
  EXPECT_EQ(timeline_detail::spelled_counts_as_digits("thứ ba tuần đầu tháng 3"), "thứ ba tuần đầu tháng 3");
  EXPECT_EQ(timeline_detail::spelled_counts_as_digits("năm tháng"), "năm tháng");
  EXPECT_EQ(timeline_detail::spelled_counts_as_digits("Sáu tháng cuối năm"), "6 tháng cuối năm");
  EXPECT_EQ(timeline_detail::spelled_counts_as_digits("hai mươi lăm ngày"), "25 ngày");
}

}  // namespace
}  // namespace deadlined
