// A range of months with one year ("06–11/2026", "Tháng 6-11/2026", "từ
// tháng 6 đến tháng 11/2026"), across years too ("11/2026 - 02/2027"):
// ONE window from the first month's first day, due on the last month's end,
// as "Tháng 6/2026" is due on its last day.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>
#include <string>

namespace deadlined {
namespace {

using namespace timeline_testing;

constexpr int k_year = 2026;

TEST(TimelineMonthRanges, EverySpellingIsOneWindowDueAtTheLastMonthsEnd) {
  const std::string expected = "dated [Tháng 06-11/2026 2026-06-01..2026-11-30 window]";
  for (const char* phrase : {"06–11/2026",
                             "06-11/2026",
                             "6 - 11/2026",
                             "06 – 11/2026.",
                             "6 đến 11/2026",
                             "Từ 6 - 11/2026",
                             "Từ 06-11/2026",
                             "Trong 6-11/2026",
                             "Thời gian: 06-11/2026",
                             "Tháng 6-11/2026",
                             "Tháng 6 – 11/2026",
                             "THÁNG 6-11/2026",
                             "Thang 6-11/2026",
                             "tháng 6-11 năm 2026",
                             "từ tháng 6 đến tháng 11/2026",
                             "Từ tháng 6 đến hết tháng 11/2026",
                             "tu thang 6 den thang 11/2026",
                             "tháng 06 - tháng 11 năm 2026",
                             "Từ tháng 6/2026 đến tháng 11/2026",
                             "Từ tháng 6/2026 đến hết tháng 11/2026",
                             "06/2026 - 11/2026",
                             "Từ 06/2026 đến 11/2026"}) {
    EXPECT_EQ(parsed(phrase, k_year), expected) << phrase;
  }
}

TEST(TimelineMonthRanges, ARangeAcrossYearsEndsInTheLaterYear) {
  const std::string expected = "dated [Tháng 11/2026-Tháng 02/2027 2026-11-01..2027-02-28 window]";
  for (const char* phrase : {"11/2026 - 02/2027", "11/2026–02/2027", "Tháng 11/2026 - tháng 02/2027",
                             "Từ tháng 11/2026 đến tháng 02/2027", "từ tháng 11/2026 đến hết tháng 2/2027"}) {
    EXPECT_EQ(parsed(phrase, k_year), expected) << phrase;
  }
}

TEST(TimelineMonthRanges, ATrailingNoteIsKept) {
  const Timeline timeline = parse_ok("06–11/2026: khảo sát, lập hồ sơ", k_year);
  EXPECT_EQ(due_dates(timeline), (std::vector<std::string>{"2026-11-30"}));
  EXPECT_EQ(timeline.note, "khảo sát, lập hồ sơ");
  EXPECT_EQ(describe(parse_ok("06-11/2026 (hoàn thành hồ sơ)", k_year)),
            "dated [Tháng 06-11/2026 2026-06-01..2026-11-30 window]");
}

TEST(TimelineMonthRanges, DaysAndDatesAreNotMonthRanges) {
  // A date with dashes stays a date; days of one month are no month range.
  EXPECT_EQ(parsed("06-11-2026", k_year), "dated [06/11/2026 2026-11-06..2026-11-06 day]");
  // Days sharing one month are a window of days (timeline_variants_test.cpp).
  EXPECT_EQ(due_dates(parse_ok("15-20/6/2026", k_year)), std::vector<std::string>{"2026-06-20"});
  EXPECT_EQ(to_iso(parse_ok("15-20/6/2026", k_year).occurrences.front().period_start), "2026-06-15");
  // Months out of order are not guessed about.
  parse_error("11-06/2026", k_year);
  parse_error("13-14/2026", k_year);
}

}  // namespace
}  // namespace deadlined
