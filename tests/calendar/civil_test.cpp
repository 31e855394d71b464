#include "calendar/civil.hpp"

#include <gtest/gtest.h>

namespace deadlined {
namespace {

TEST(CivilDate, ParseIsoDateAcceptsRealDays) {
  EXPECT_EQ(parse_iso_date("2022-01-31"), make_date(2022, 1, 31));
  EXPECT_EQ(parse_iso_date("2024-02-29"), make_date(2024, 2, 29));
  EXPECT_EQ(to_iso(*parse_iso_date("2026-12-31")), "2026-12-31");
}

TEST(CivilDate, ParseIsoDateRejectsImpossibleDays) {
  EXPECT_EQ(parse_iso_date("2022-02-30"), std::nullopt);
  EXPECT_EQ(parse_iso_date("2023-02-29"), std::nullopt);
  EXPECT_EQ(parse_iso_date("2022-13-01"), std::nullopt);
  EXPECT_EQ(parse_iso_date("2022-00-10"), std::nullopt);
  EXPECT_EQ(parse_iso_date("2022-04-31"), std::nullopt);
}

TEST(CivilDate, ParseIsoDateRejectsOtherShapes) {
  EXPECT_EQ(parse_iso_date("2022-1-31"), std::nullopt);
  EXPECT_EQ(parse_iso_date("31/01/2022"), std::nullopt);
  EXPECT_EQ(parse_iso_date("2022-01-31 "), std::nullopt);
  EXPECT_EQ(parse_iso_date("2022-01-3x"), std::nullopt);
  EXPECT_EQ(parse_iso_date(""), std::nullopt);
}

TEST(CivilDate, LastDayOfMonthFollowsLeapYears) {
  EXPECT_EQ(last_day_of_month(2024, 2), make_date(2024, 2, 29));
  EXPECT_EQ(last_day_of_month(2023, 2), make_date(2023, 2, 28));
  EXPECT_EQ(last_day_of_month(2000, 2), make_date(2000, 2, 29));  // divisible by 400
  EXPECT_EQ(last_day_of_month(2100, 2), make_date(2100, 2, 28));  // divisible by 100 only
  EXPECT_EQ(last_day_of_month(2022, 4), make_date(2022, 4, 30));
  EXPECT_EQ(last_day_of_month(2022, 12), make_date(2022, 12, 31));
}

TEST(CivilDate, ClampedDateStopsAtMonthEnd) {
  // Civil Code Art. 148(3): a period ending on a day the month lacks ends on its last day.
  EXPECT_EQ(clamped_date(2022, 2, 30), make_date(2022, 2, 28));
  EXPECT_EQ(clamped_date(2024, 2, 31), make_date(2024, 2, 29));
  EXPECT_EQ(clamped_date(2022, 4, 31), make_date(2022, 4, 30));
  EXPECT_EQ(clamped_date(2022, 1, 15), make_date(2022, 1, 15));
  EXPECT_EQ(clamped_date(2022, 1, 31), make_date(2022, 1, 31));
}

TEST(CivilDate, VietnameseWeekdayNames) {
  EXPECT_EQ(vietnamese_weekday(make_date(2022, 1, 31)), "T2");  // Monday
  EXPECT_EQ(vietnamese_weekday(make_date(2022, 2, 1)), "T3");
  EXPECT_EQ(vietnamese_weekday(make_date(2022, 2, 4)), "T6");
  EXPECT_EQ(vietnamese_weekday(make_date(2022, 1, 1)), "T7");  // Saturday
  EXPECT_EQ(vietnamese_weekday(make_date(2022, 1, 2)), "CN");  // Sunday
  EXPECT_EQ(weekday_of(make_date(2022, 1, 2)), 0u);
}

TEST(CivilDate, ComponentsRoundTrip) {
  const Date date = make_date(2025, 9, 2);
  EXPECT_EQ(year_of(date), 2025);
  EXPECT_EQ(month_of(date), 9u);
  EXPECT_EQ(day_of(date), 2u);
  EXPECT_TRUE(is_valid_date(2024, 2, 29));
  EXPECT_FALSE(is_valid_date(2025, 2, 29));
}

TEST(Civil, AddMonthsKeepsTheDayOrTakesTheMonthsLast) {
  EXPECT_EQ(add_months(make_date(2026, 3, 15), 6), make_date(2026, 9, 15));
  EXPECT_EQ(add_months(make_date(2026, 8, 31), 6), make_date(2027, 2, 28));
  EXPECT_EQ(add_months(make_date(2027, 8, 31), 6), make_date(2028, 2, 29));
  EXPECT_EQ(add_months(make_date(2026, 11, 30), 3), make_date(2027, 2, 28));
  EXPECT_EQ(add_months(make_date(2026, 1, 31), 0), make_date(2026, 1, 31));
  EXPECT_EQ(add_months(make_date(2026, 12, 1), 12), make_date(2027, 12, 1));
  EXPECT_EQ(add_months(make_date(2026, 3, 31), -1), make_date(2026, 2, 28));
}

TEST(CivilDate, WrittenDatesAreIsoOrDayFirst) {
  EXPECT_EQ(parse_written_date("2022-03-31"), make_date(2022, 3, 31));
  EXPECT_EQ(parse_written_date("31/03/2022"), make_date(2022, 3, 31));
  EXPECT_EQ(parse_written_date("1/3/2022"), make_date(2022, 3, 1));
  EXPECT_EQ(parse_written_date("29.02.2024"), make_date(2024, 2, 29));
  EXPECT_EQ(parse_written_date("05-01-2023"), make_date(2023, 1, 5));
  for (const char* wrong : {"31/02/2022", "29/02/2023", "13/13/2022", "0/1/2022", "31/03/22", "31/03-2022", "31//2022",
                            "311/03/2022", "31/03/2022 ", "2022/03/31", "", "3103 2022", "2022-13-01"}) {
    EXPECT_EQ(parse_written_date(wrong), std::nullopt) << wrong;
  }
}

}  // namespace
}  // namespace deadlined
