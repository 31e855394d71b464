#include "calendar/lunar.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

namespace deadlined {
namespace {

using std::chrono::days;

Date ymd(int year, unsigned month, unsigned day) {
  return make_date(year, month, day);
}

struct YearVector {
  int year;
  Date tet;
  Date hung_kings;
};

// Domain doc §3.4 (agrees with vacanza/holidays and the hungtrd/amlich test data).
const std::vector<YearVector> k_year_vectors{
    {2020, ymd(2020, 1, 25), ymd(2020, 4, 2)},  {2021, ymd(2021, 2, 12), ymd(2021, 4, 21)},
    {2022, ymd(2022, 2, 1), ymd(2022, 4, 10)},  {2023, ymd(2023, 1, 22), ymd(2023, 4, 29)},
    {2024, ymd(2024, 2, 10), ymd(2024, 4, 18)}, {2025, ymd(2025, 1, 29), ymd(2025, 4, 7)},
    {2026, ymd(2026, 2, 17), ymd(2026, 4, 26)},
};

TEST(Lunar, TetDates2020To2026) {
  for (const auto& v : k_year_vectors) {
    EXPECT_EQ(lunar_to_solar({1, 1, v.year, false}), v.tet) << v.year;
    EXPECT_EQ(solar_to_lunar(v.tet), (LunarDate{1, 1, v.year, false})) << v.year;
  }
}

TEST(Lunar, HungKingsDates2020To2026) {
  for (const auto& v : k_year_vectors) {
    EXPECT_EQ(lunar_to_solar({10, 3, v.year, false}), v.hung_kings) << v.year;
    EXPECT_EQ(solar_to_lunar(v.hung_kings), (LunarDate{10, 3, v.year, false})) << v.year;
  }
}

TEST(Lunar, TetWeekdaysMatchDomainTable) {
  EXPECT_EQ(vietnamese_weekday(*lunar_to_solar({1, 1, 2020, false})), "T7");
  EXPECT_EQ(vietnamese_weekday(*lunar_to_solar({1, 1, 2023, false})), "CN");
  EXPECT_EQ(vietnamese_weekday(*lunar_to_solar({10, 3, 2026, false})), "CN");
}

struct LeapVector {
  int year;
  int month;
  Date start;
};

TEST(Lunar, LeapMonthsAndTheirStartDates) {
  const std::vector<LeapVector> leaps{
      {2020, 4, ymd(2020, 5, 23)}, {2023, 2, ymd(2023, 3, 22)}, {2025, 6, ymd(2025, 7, 25)}};
  for (const auto& v : leaps) {
    EXPECT_EQ(lunar_to_solar({1, v.month, v.year, true}), v.start) << v.year;
    EXPECT_EQ(solar_to_lunar(v.start), (LunarDate{1, v.month, v.year, true})) << v.year;
    // The day before is the last day of the ordinary month of the same number.
    const LunarDate before = solar_to_lunar(v.start - days{1});
    EXPECT_EQ(before.month, v.month);
    EXPECT_FALSE(before.leap);
    EXPECT_GE(before.day, 29);
    // Exactly one leap month in the year.
    for (int month = 1; month <= 12; ++month) {
      EXPECT_EQ(lunar_to_solar({1, month, v.year, true}).has_value(), month == v.month) << v.year << " month " << month;
    }
  }
}

TEST(Lunar, YearsWithoutLeapMonthRejectLeapFlag) {
  for (int year : {2021, 2022, 2024, 2026}) {
    for (int month = 1; month <= 12; ++month) {
      EXPECT_EQ(lunar_to_solar({1, month, year, true}), std::nullopt) << year << "/" << month;
    }
  }
}

TEST(Lunar, InvalidLeapFlagGivesNullopt) {
  EXPECT_EQ(lunar_to_solar({1, 5, 2020, true}), std::nullopt);  // 2020's leap month is 4
  EXPECT_EQ(lunar_to_solar({15, 6, 2024, true}), std::nullopt);
}

TEST(Lunar, DayThirtyOfShortMonthGivesNullopt) {
  // Month 12 of Tân Sửu (2021) has 29 days: Tết 2022 follows 29 Chạp.
  EXPECT_EQ(lunar_to_solar({29, 12, 2021, false}), ymd(2022, 1, 31));
  EXPECT_EQ(lunar_to_solar({30, 12, 2021, false}), std::nullopt);
  // Month 12 of Nhâm Dần (2022) has 30 days.
  EXPECT_EQ(lunar_to_solar({30, 12, 2022, false}), ymd(2023, 1, 21));
  EXPECT_EQ(lunar_to_solar({31, 1, 2022, false}), std::nullopt);
  EXPECT_EQ(lunar_to_solar({1, 13, 2022, false}), std::nullopt);
  EXPECT_EQ(lunar_to_solar({0, 1, 2022, false}), std::nullopt);
}

struct PointVector {
  Date solar;
  LunarDate lunar;
};

TEST(Lunar, PointConversionsFromDomainDoc) {
  const std::vector<PointVector> points{
      {ymd(2025, 8, 10), {17, 6, 2025, true}},   {ymd(2025, 7, 25), {1, 6, 2025, true}},
      {ymd(2025, 8, 23), {1, 7, 2025, false}},   {ymd(2021, 12, 31), {28, 11, 2021, false}},
      {ymd(2022, 1, 20), {18, 12, 2021, false}}, {ymd(2022, 8, 15), {18, 7, 2022, false}},
      {ymd(2022, 9, 15), {20, 8, 2022, false}},  {ymd(2020, 2, 10), {17, 1, 2020, false}},
      {ymd(2021, 6, 12), {3, 5, 2021, false}},   {ymd(2026, 12, 20), {12, 11, 2026, false}},
      {ymd(2008, 1, 6), {28, 11, 2007, false}},  {ymd(1988, 3, 17), {30, 1, 1988, false}},
  };
  for (const auto& p : points) {
    EXPECT_EQ(solar_to_lunar(p.solar), p.lunar) << to_iso(p.solar);
    EXPECT_EQ(lunar_to_solar(p.lunar), p.solar) << to_iso(p.solar);
  }
}

TEST(Lunar, LeapMonthsFromOtherDecades) {
  // Leap-month cases from the hungtrd/amlich test data (facts, not code).
  const std::vector<PointVector> points{
      {ymd(1963, 6, 14), {23, 4, 1963, true}}, {ymd(1971, 6, 29), {7, 5, 1971, true}},
      {ymd(2004, 4, 18), {29, 2, 2004, true}}, {ymd(2074, 8, 15), {23, 6, 2074, true}},
      {ymd(2082, 9, 11), {19, 7, 2082, true}},
  };
  for (const auto& p : points) {
    EXPECT_EQ(solar_to_lunar(p.solar), p.lunar) << to_iso(p.solar);
    EXPECT_EQ(lunar_to_solar(p.lunar), p.solar) << to_iso(p.solar);
  }
}

TEST(Lunar, RoundTripOverConsecutiveDays) {
  // 4000 days from 2018 to 2028: every solar day maps to a lunar day that maps
  // back, and lunar days advance by one or start a new month at 1.
  const Date start = ymd(2018, 1, 1);
  LunarDate previous = solar_to_lunar(start - days{1});
  int new_months = 0;
  for (int i = 0; i < 4000; ++i) {
    const Date date = start + days{i};
    const LunarDate lunar = solar_to_lunar(date);
    ASSERT_EQ(lunar_to_solar(lunar), date) << to_iso(date);
    if (lunar.day == 1) {
      ++new_months;
      ASSERT_GE(previous.day, 29) << to_iso(date);
      ASSERT_LE(previous.day, 30) << to_iso(date);
    } else {
      ASSERT_EQ(lunar.day, previous.day + 1) << to_iso(date);
      ASSERT_EQ(lunar.month, previous.month) << to_iso(date);
      ASSERT_EQ(lunar.leap, previous.leap) << to_iso(date);
    }
    previous = lunar;
  }
  // 4000 days / 29.53 ≈ 135.5 lunations.
  EXPECT_GE(new_months, 135);
  EXPECT_LE(new_months, 136);
}

TEST(Lunar, TimeZoneChangesTetIn1985And2007) {
  // UTC+7 (Vietnam) vs UTC+8 (China): known divergent years, checked by
  // computation. 1985: new moons near the winter solstice fall on different
  // days, which shifts the months around month 11 and puts Tết on 21/01 instead
  // of 20/02. 2007: the new moon of 17/02 fell between 23:00 and 24:00 UTC+7,
  // i.e. on 18/02 in UTC+8.
  EXPECT_EQ(lunar_to_solar({1, 1, 1985, false}, 7.0), ymd(1985, 1, 21));
  EXPECT_EQ(lunar_to_solar({1, 1, 1985, false}, 8.0), ymd(1985, 2, 20));
  EXPECT_EQ(lunar_to_solar({1, 1, 2007, false}, 7.0), ymd(2007, 2, 17));
  EXPECT_EQ(lunar_to_solar({1, 1, 2007, false}, 8.0), ymd(2007, 2, 18));
  EXPECT_EQ(solar_to_lunar(ymd(2007, 2, 17), 8.0), (LunarDate{30, 12, 2006, false}));
  // The default is UTC+7.
  EXPECT_EQ(lunar_to_solar({1, 1, 2007, false}), ymd(2007, 2, 17));
}

}  // namespace
}  // namespace deadlined
