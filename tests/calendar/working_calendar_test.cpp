#include "calendar/working_calendar.hpp"
#include "config/holiday_notices.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "calendar/lunar.hpp"
#include "support/temp_dir.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined {
namespace {

using std::chrono::days;
using testing::shipped_holidays_dir;
using testing::TempDir;

Date ymd(int year, unsigned month, unsigned day) {
  return make_date(year, month, day);
}

std::vector<YearNotice> load_shipped() {
  Diagnostics diagnostics;
  auto notices = load_year_notices(shipped_holidays_dir(), diagnostics);
  for (const auto& d : diagnostics) {
    ADD_FAILURE() << d.format();
  }
  return notices;
}

WorkingCalendar official_calendar() {
  return WorkingCalendar({}, load_shipped());
}

const SpecialDay* find_special(const std::vector<SpecialDay>& list, Date date) {
  auto found = std::find_if(list.begin(), list.end(), [&](const SpecialDay& d) { return d.date == date; });
  return found == list.end() ? nullptr : &*found;
}

// A year's schedule as published (domain doc table 1.3): weekdays off and
// Saturdays worked. Every other day follows the Sat+Sun pattern.
struct YearSchedule {
  int year;
  std::vector<Date> weekdays_off;
  std::vector<Date> saturdays_worked;
};

std::vector<YearSchedule> table_1_3() {
  return {
      {2022,
       {ymd(2022, 1, 3), ymd(2022, 1, 31), ymd(2022, 2, 1), ymd(2022, 2, 2), ymd(2022, 2, 3), ymd(2022, 2, 4),
        ymd(2022, 4, 11), ymd(2022, 5, 2), ymd(2022, 5, 3), ymd(2022, 9, 1), ymd(2022, 9, 2)},
       {}},
      {2023,
       {ymd(2023, 1, 2), ymd(2023, 1, 20), ymd(2023, 1, 23), ymd(2023, 1, 24), ymd(2023, 1, 25), ymd(2023, 1, 26),
        ymd(2023, 5, 1), ymd(2023, 5, 2), ymd(2023, 5, 3), ymd(2023, 9, 1), ymd(2023, 9, 4)},
       {}},
      {2024,
       {ymd(2024, 1, 1), ymd(2024, 2, 8), ymd(2024, 2, 9), ymd(2024, 2, 12), ymd(2024, 2, 13), ymd(2024, 2, 14),
        ymd(2024, 4, 18), ymd(2024, 4, 29), ymd(2024, 4, 30), ymd(2024, 5, 1), ymd(2024, 9, 2), ymd(2024, 9, 3)},
       {ymd(2024, 5, 4)}},
      {2025,
       {ymd(2025, 1, 1), ymd(2025, 1, 27), ymd(2025, 1, 28), ymd(2025, 1, 29), ymd(2025, 1, 30), ymd(2025, 1, 31),
        ymd(2025, 4, 7), ymd(2025, 4, 30), ymd(2025, 5, 1), ymd(2025, 5, 2), ymd(2025, 9, 1), ymd(2025, 9, 2)},
       {ymd(2025, 4, 26)}},
      {2026,
       {ymd(2026, 1, 1), ymd(2026, 1, 2), ymd(2026, 2, 16), ymd(2026, 2, 17), ymd(2026, 2, 18), ymd(2026, 2, 19),
        ymd(2026, 2, 20), ymd(2026, 4, 27), ymd(2026, 4, 30), ymd(2026, 5, 1), ymd(2026, 8, 31), ymd(2026, 9, 1),
        ymd(2026, 9, 2)},
       {ymd(2026, 1, 10), ymd(2026, 8, 22)}},
  };
}

TEST(HolidayFiles, ShippedFilesLoadWithoutDiagnostics) {
  Diagnostics diagnostics;
  const auto notices = load_year_notices(shipped_holidays_dir(), diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  ASSERT_EQ(notices.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(notices[static_cast<std::size_t>(i)].year, 2022 + i);
    EXPECT_FALSE(notices[static_cast<std::size_t>(i)].notice.empty());
    for (const auto& day : notices[static_cast<std::size_t>(i)].days) {
      EXPECT_EQ(day.source, DaySource::official);
      EXPECT_FALSE(day.name.empty());
    }
  }
  EXPECT_NE(notices[0].notice.find("245/VPCP-KGVX"), std::string::npos);
  EXPECT_NE(notices[1].notice.find("8056/VPCP-KGVX"), std::string::npos);
  EXPECT_NE(notices[2].notice.find("2450/VPCP-KGVX"), std::string::npos);
  EXPECT_NE(notices[3].notice.find("6150/TB-BLĐTBXH"), std::string::npos);
  EXPECT_NE(notices[4].notice.find("12729/VPCP-KGVX"), std::string::npos);
}

TEST(HolidayFiles, NoFileBeyond2026) {
  EXPECT_FALSE(std::filesystem::exists(shipped_holidays_dir() / "vn-2027.toml"));
}

TEST(OfficialCalendar, EveryDayOf2022To2026MatchesTable13) {
  const WorkingCalendar calendar = official_calendar();
  for (const auto& schedule : table_1_3()) {
    EXPECT_FALSE(calendar.is_provisional(schedule.year));
    ASSERT_NE(calendar.notice_for(schedule.year), nullptr);
    const std::set<Date> off(schedule.weekdays_off.begin(), schedule.weekdays_off.end());
    const std::set<Date> worked(schedule.saturdays_worked.begin(), schedule.saturdays_worked.end());
    for (Date date = ymd(schedule.year, 1, 1); date <= ymd(schedule.year, 12, 31); date += days{1}) {
      const unsigned weekday = weekday_of(date);
      const bool weekend = weekday == 0 || weekday == 6;
      const bool expected = worked.contains(date) || (!weekend && !off.contains(date));
      EXPECT_EQ(calendar.is_working(date), expected) << to_iso(date);
    }
    for (Date date : schedule.weekdays_off) {
      EXPECT_NE(weekday_of(date), 0u) << "table lists a Sunday as a weekday off";
      EXPECT_NE(weekday_of(date), 6u) << "table lists a Saturday as a weekday off";
    }
    for (Date date : schedule.saturdays_worked) {
      EXPECT_EQ(weekday_of(date), 6u) << to_iso(date);
    }
  }
}

TEST(OfficialCalendar, SwappedSaturdaysAreWorking) {
  const WorkingCalendar calendar = official_calendar();
  EXPECT_TRUE(calendar.is_working(ymd(2024, 5, 4)));
  EXPECT_TRUE(calendar.is_working(ymd(2025, 4, 26)));
  EXPECT_TRUE(calendar.is_working(ymd(2026, 1, 10)));
  EXPECT_TRUE(calendar.is_working(ymd(2026, 8, 22)));
  EXPECT_FALSE(calendar.is_working(ymd(2024, 4, 29)));
  EXPECT_FALSE(calendar.is_working(ymd(2025, 5, 2)));
  EXPECT_FALSE(calendar.is_working(ymd(2026, 1, 2)));
  EXPECT_FALSE(calendar.is_working(ymd(2026, 8, 31)));
}

TEST(OfficialCalendar, RollsOverTetAndYearEnd) {
  const WorkingCalendar calendar = official_calendar();
  // Domain doc worked examples: "Tháng 01/2022" and "Năm 2022".
  EXPECT_EQ(calendar.roll(ymd(2022, 1, 31), RollRule::next), ymd(2022, 2, 7));
  EXPECT_EQ(calendar.roll(ymd(2022, 12, 31), RollRule::next), ymd(2023, 1, 3));
  EXPECT_EQ(calendar.roll(ymd(2022, 9, 1), RollRule::next), ymd(2022, 9, 5));
  EXPECT_EQ(calendar.roll(ymd(2022, 9, 2), RollRule::next), ymd(2022, 9, 5));
  EXPECT_EQ(calendar.roll(ymd(2022, 4, 30), RollRule::next), ymd(2022, 5, 4));
  EXPECT_EQ(calendar.roll(ymd(2023, 4, 29), RollRule::next), ymd(2023, 5, 4));
  EXPECT_EQ(calendar.roll(ymd(2026, 2, 14), RollRule::next), ymd(2026, 2, 23));
}

TEST(OfficialCalendar, RollPreviousAndKeep) {
  const WorkingCalendar calendar = official_calendar();
  EXPECT_EQ(calendar.roll(ymd(2022, 2, 6), RollRule::previous), ymd(2022, 1, 28));
  EXPECT_EQ(calendar.roll(ymd(2023, 1, 2), RollRule::previous), ymd(2022, 12, 30));
  EXPECT_EQ(calendar.roll(ymd(2022, 1, 31), RollRule::keep), ymd(2022, 1, 31));
  // A working day stays put under every rule.
  for (RollRule rule : {RollRule::next, RollRule::previous, RollRule::keep}) {
    EXPECT_EQ(calendar.roll(ymd(2024, 5, 4), rule), ymd(2024, 5, 4));
  }
}

TEST(OfficialCalendar, AddWorkingDaysSkipsDaysOff) {
  const WorkingCalendar calendar = official_calendar();
  EXPECT_EQ(calendar.add_working_days(ymd(2022, 1, 28), 1), ymd(2022, 2, 7));
  EXPECT_EQ(calendar.add_working_days(ymd(2022, 2, 7), -1), ymd(2022, 1, 28));
  EXPECT_EQ(calendar.add_working_days(ymd(2022, 1, 28), 0), ymd(2022, 1, 28));
  // 2024-05-03 (Fri) + 1: the swapped Saturday 04/05 is a working day.
  EXPECT_EQ(calendar.add_working_days(ymd(2024, 5, 3), 1), ymd(2024, 5, 4));
  // From a day off: counting starts at the next working day.
  EXPECT_EQ(calendar.add_working_days(ymd(2022, 12, 31), 1), ymd(2023, 1, 3));
  EXPECT_EQ(calendar.add_working_days(ymd(2022, 12, 29), 5), ymd(2023, 1, 6));
}

TEST(OfficialCalendar, SpecialDaysListHolidaysOnRestDays) {
  const WorkingCalendar calendar = official_calendar();
  const auto special = calendar.special_days(2022);
  ASSERT_TRUE(std::is_sorted(special.begin(), special.end(),
                             [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; }));
  std::set<Date> unique;
  for (const auto& day : special) {
    EXPECT_TRUE(unique.insert(day.date).second) << "duplicate " << to_iso(day.date);
    EXPECT_EQ(year_of(day.date), 2022);
  }
  const SpecialDay* new_year = find_special(special, ymd(2022, 1, 1));
  ASSERT_NE(new_year, nullptr);
  EXPECT_FALSE(new_year->working);
  EXPECT_EQ(new_year->name, "Tết Dương lịch");
  EXPECT_EQ(new_year->source, DaySource::computed);

  const SpecialDay* compensation = find_special(special, ymd(2022, 1, 3));
  ASSERT_NE(compensation, nullptr);
  EXPECT_EQ(compensation->name, "Nghỉ bù Tết Dương lịch");

  const SpecialDay* hung_kings = find_special(special, ymd(2022, 4, 10));
  ASSERT_NE(hung_kings, nullptr);
  EXPECT_EQ(hung_kings->name, "Giỗ Tổ Hùng Vương");

  const SpecialDay* victory = find_special(special, ymd(2022, 4, 30));
  ASSERT_NE(victory, nullptr);
  EXPECT_EQ(victory->name, "Ngày Chiến thắng");
  const SpecialDay* labour = find_special(special, ymd(2022, 5, 1));
  ASSERT_NE(labour, nullptr);
  EXPECT_EQ(labour->name, "Ngày Quốc tế Lao động");
  ASSERT_NE(find_special(special, ymd(2022, 5, 2)), nullptr);
  EXPECT_EQ(find_special(special, ymd(2022, 5, 2))->name, "Nghỉ bù Ngày Chiến thắng");
  ASSERT_NE(find_special(special, ymd(2022, 5, 3)), nullptr);
  EXPECT_EQ(find_special(special, ymd(2022, 5, 3))->name, "Nghỉ bù Ngày Quốc tế Lao động");

  const SpecialDay* tet = find_special(special, ymd(2022, 1, 31));
  ASSERT_NE(tet, nullptr);
  EXPECT_EQ(tet->source, DaySource::official);
  EXPECT_EQ(tet->name, "Tết Nguyên đán (29 Tết)");

  const SpecialDay* national_day = find_special(special, ymd(2022, 9, 2));
  ASSERT_NE(national_day, nullptr);
  EXPECT_EQ(national_day->name, "Quốc khánh");

  // An ordinary weekend is not special.
  EXPECT_EQ(find_special(special, ymd(2022, 1, 8)), nullptr);
  // 1 + 1 + 5 (Tết) + 2 (Giỗ Tổ + bù) + 4 (30/4, 1/5, 2 bù) + 2 (Quốc khánh).
  EXPECT_EQ(special.size(), 15u);
}

TEST(OfficialCalendar, SpecialDaysIncludeWorkedSaturdays) {
  const WorkingCalendar calendar = official_calendar();
  const auto special = calendar.special_days(2024);
  const SpecialDay* saturday = find_special(special, ymd(2024, 5, 4));
  ASSERT_NE(saturday, nullptr);
  EXPECT_TRUE(saturday->working);
  EXPECT_EQ(saturday->source, DaySource::official);
  EXPECT_EQ(saturday->name, "Làm bù cho ngày 29/04/2024");
}

// Fixed statutory days and their Art. 111(3) compensation, per table 1.3.
std::map<int, std::set<Date>> statute_days_table_1_3() {
  return {
      {2022,
       {ymd(2022, 1, 1), ymd(2022, 1, 3), ymd(2022, 4, 10), ymd(2022, 4, 11), ymd(2022, 4, 30), ymd(2022, 5, 1),
        ymd(2022, 5, 2), ymd(2022, 5, 3), ymd(2022, 9, 2)}},
      {2023,
       {ymd(2023, 1, 1), ymd(2023, 1, 2), ymd(2023, 4, 29), ymd(2023, 4, 30), ymd(2023, 5, 1), ymd(2023, 5, 2),
        ymd(2023, 5, 3), ymd(2023, 9, 2), ymd(2023, 9, 4)}},
      {2024, {ymd(2024, 1, 1), ymd(2024, 4, 18), ymd(2024, 4, 30), ymd(2024, 5, 1), ymd(2024, 9, 2)}},
      {2025, {ymd(2025, 1, 1), ymd(2025, 4, 7), ymd(2025, 4, 30), ymd(2025, 5, 1), ymd(2025, 9, 2)}},
      {2026, {ymd(2026, 1, 1), ymd(2026, 4, 26), ymd(2026, 4, 27), ymd(2026, 4, 30), ymd(2026, 5, 1), ymd(2026, 9, 2)}},
  };
}

bool is_statute_name(const std::string& name) {
  static const std::set<std::string> k_names{"Tết Dương lịch", "Giỗ Tổ Hùng Vương", "Ngày Chiến thắng",
                                             "Ngày Quốc tế Lao động", "Quốc khánh"};
  const std::string base = name.starts_with("Nghỉ bù ") ? name.substr(std::string("Nghỉ bù ").size()) : name;
  return k_names.contains(base);
}

TEST(StatuteCrossCheck, ComputedStatuteAgreesWithOfficialSchedules) {
  const WorkingCalendar statute_only({}, {});
  const WorkingCalendar official = official_calendar();
  for (const auto& [year, expected] : statute_days_table_1_3()) {
    EXPECT_TRUE(statute_only.is_provisional(year));
    for (const WorkingCalendar* calendar : {&statute_only, &official}) {
      std::set<Date> computed;
      for (const auto& day : calendar->special_days(year)) {
        if (day.source == DaySource::computed && is_statute_name(day.name)) {
          computed.insert(day.date);
          EXPECT_FALSE(day.working) << to_iso(day.date);
        }
      }
      EXPECT_EQ(computed, expected) << year << (calendar == &official ? " official" : " statute only");
    }
    for (Date date : expected) {
      EXPECT_EQ(statute_only.is_working(date), official.is_working(date)) << to_iso(date);
    }
  }
}

TEST(StatuteCrossCheck, ComputedSecondNationalDayMatchesNotices2022To2026) {
  const WorkingCalendar statute_only({}, {});
  const std::map<int, Date> second_day{{2022, ymd(2022, 9, 1)},
                                       {2023, ymd(2023, 9, 1)},
                                       {2024, ymd(2024, 9, 3)},
                                       {2025, ymd(2025, 9, 1)},
                                       {2026, ymd(2026, 9, 1)}};
  for (const auto& [year, date] : second_day) {
    const auto special = statute_only.special_days(year);
    const SpecialDay* day = find_special(special, date);
    ASSERT_NE(day, nullptr) << year;
    EXPECT_EQ(day->name, "Quốc khánh (ngày liền kề)");
    EXPECT_EQ(day->source, DaySource::computed);
  }
}

TEST(ProvisionalYear, Year2027IsComputedFromTheStatute) {
  const WorkingCalendar calendar = official_calendar();
  EXPECT_TRUE(calendar.is_provisional(2027));
  EXPECT_EQ(calendar.notice_for(2027), nullptr);
  EXPECT_FALSE(calendar.is_provisional(2026));
  EXPECT_TRUE(calendar.is_provisional(2021));
}

TEST(ProvisionalYear, TetBreak2027DerivedFromLunarCalendar) {
  // Tết Đinh Mùi = Sat 06/02/2027; 05/02 is 29 Chạp (the last day of Bính Ngọ).
  ASSERT_EQ(lunar_to_solar({1, 1, 2027, false}), ymd(2027, 2, 6));
  ASSERT_EQ(solar_to_lunar(ymd(2027, 2, 5)), (LunarDate{29, 12, 2026, false}));
  const WorkingCalendar calendar = official_calendar();
  const auto special = calendar.special_days(2027);
  const std::vector<std::pair<Date, std::string>> expected{
      {ymd(2027, 2, 5), "Tết Nguyên đán (29 Tết)"},
      {ymd(2027, 2, 6), "Tết Nguyên đán (mùng 1)"},
      {ymd(2027, 2, 7), "Tết Nguyên đán (mùng 2)"},
      {ymd(2027, 2, 8), "Tết Nguyên đán (mùng 3)"},
      {ymd(2027, 2, 9), "Tết Nguyên đán (mùng 4)"},
      // Sat 06/02 and Sun 07/02 are compensated after the break (stacking).
      {ymd(2027, 2, 10), "Nghỉ bù Tết Nguyên đán"},
      {ymd(2027, 2, 11), "Nghỉ bù Tết Nguyên đán"},
  };
  for (const auto& [date, name] : expected) {
    const SpecialDay* day = find_special(special, date);
    ASSERT_NE(day, nullptr) << to_iso(date);
    EXPECT_EQ(day->name, name);
    EXPECT_FALSE(day->working);
    EXPECT_EQ(day->source, DaySource::computed);
    EXPECT_FALSE(calendar.is_working(date));
  }
  EXPECT_TRUE(calendar.is_working(ymd(2027, 2, 4)));
  EXPECT_TRUE(calendar.is_working(ymd(2027, 2, 12)));
  EXPECT_EQ(calendar.roll(ymd(2027, 2, 5), RollRule::next), ymd(2027, 2, 12));
}

TEST(ProvisionalYear, FixedHolidays2027) {
  const WorkingCalendar calendar = official_calendar();
  ASSERT_EQ(lunar_to_solar({10, 3, 2027, false}), ymd(2027, 4, 16));
  EXPECT_FALSE(calendar.is_working(ymd(2027, 1, 1)));   // Fri
  EXPECT_FALSE(calendar.is_working(ymd(2027, 4, 16)));  // Giỗ Tổ, Fri
  EXPECT_FALSE(calendar.is_working(ymd(2027, 4, 30)));  // Fri
  EXPECT_FALSE(calendar.is_working(ymd(2027, 5, 3)));   // Mon, nghỉ bù for Sat 01/05
  EXPECT_TRUE(calendar.is_working(ymd(2027, 5, 4)));
  EXPECT_FALSE(calendar.is_working(ymd(2027, 9, 1)));  // Wed, second Quốc khánh day
  EXPECT_FALSE(calendar.is_working(ymd(2027, 9, 2)));  // Thu
  EXPECT_TRUE(calendar.is_working(ymd(2027, 9, 3)));
}

TEST(ProvisionalYear, SecondNationalDayMovesToThirdWhenFirstIsRestDay) {
  // 01/09/2024 is a Sunday: without a notice the second day is Tue 03/09.
  const WorkingCalendar calendar({}, {});
  EXPECT_FALSE(calendar.is_working(ymd(2024, 9, 2)));
  EXPECT_FALSE(calendar.is_working(ymd(2024, 9, 3)));
  EXPECT_EQ(find_special(calendar.special_days(2024), ymd(2024, 9, 1)), nullptr);
}

TEST(ConfigDays, OverrideEverySource) {
  CalendarSettings settings;
  settings.config_days.push_back({ymd(2022, 1, 31), true, "Trực Tết", DaySource::config});
  settings.config_days.push_back({ymd(2022, 3, 8), false, "Nghỉ địa phương", DaySource::config});
  settings.config_days.push_back({ymd(2022, 1, 3), true, "Làm việc", DaySource::config});
  const WorkingCalendar calendar(settings, load_shipped());
  EXPECT_TRUE(calendar.is_working(ymd(2022, 1, 31)));
  EXPECT_FALSE(calendar.is_working(ymd(2022, 3, 8)));
  EXPECT_TRUE(calendar.is_working(ymd(2022, 1, 3)));
  const auto special = calendar.special_days(2022);
  const SpecialDay* local = find_special(special, ymd(2022, 3, 8));
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->source, DaySource::config);
  EXPECT_EQ(local->name, "Nghỉ địa phương");
  // A weekday made working again is no longer special.
  EXPECT_EQ(find_special(special, ymd(2022, 1, 31)), nullptr);
}

TEST(RestDays, CustomWeeklyPatternChangesCompensation) {
  CalendarSettings settings;
  settings.rest_days = {true, false, false, false, false, false, false};  // Sunday only
  const WorkingCalendar calendar(settings, {});
  EXPECT_FALSE(calendar.is_working(ymd(2022, 1, 1)));   // Sat holiday, not a rest day
  EXPECT_TRUE(calendar.is_working(ymd(2022, 1, 3)));    // so no compensation
  EXPECT_TRUE(calendar.is_working(ymd(2022, 1, 8)));    // ordinary Saturday works
  EXPECT_FALSE(calendar.is_working(ymd(2022, 4, 11)));  // Giỗ Tổ on Sunday 10/04
  EXPECT_FALSE(calendar.is_working(ymd(2022, 5, 2)));   // only Sun 01/05 is compensated
  EXPECT_TRUE(calendar.is_working(ymd(2022, 5, 3)));
}

TEST(Range, DatesOutsidePrecomputedRangeGiveSameAnswers) {
  const auto notices = load_shipped();
  const WorkingCalendar wide({}, notices, 2020, 2030);
  const WorkingCalendar narrow({}, notices, 2024, 2024);
  for (Date date = ymd(2021, 12, 1); date <= ymd(2028, 1, 31); date += days{1}) {
    ASSERT_EQ(wide.is_working(date), narrow.is_working(date)) << to_iso(date);
  }
  EXPECT_EQ(narrow.roll(ymd(2022, 1, 31), RollRule::next), ymd(2022, 2, 7));
  EXPECT_EQ(narrow.special_days(2026).size(), wide.special_days(2026).size());
  EXPECT_EQ(wide.is_working(ymd(2035, 9, 2)), narrow.is_working(ymd(2035, 9, 2)));
}

TEST(Concurrency, ConstCallsFromSeveralThreadsAgree) {
  const WorkingCalendar calendar({}, load_shipped(), 2022, 2026);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&calendar, &mismatches, t] {
      for (int i = 0; i < 200; ++i) {
        // In range and out of range (built on the fly).
        if (calendar.roll(ymd(2022, 1, 31), RollRule::next) != ymd(2022, 2, 7)) {
          ++mismatches[static_cast<std::size_t>(t)];
        }
        if (calendar.is_working(ymd(2027, 2, 10))) {
          ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(ToString, NamesOfEnums) {
  EXPECT_EQ(to_string(DaySource::official), "official");
  EXPECT_EQ(to_string(DaySource::computed), "computed");
  EXPECT_EQ(to_string(DaySource::config), "config");
  EXPECT_EQ(to_string(RollRule::next), "next");
  EXPECT_EQ(to_string(RollRule::previous), "previous");
  EXPECT_EQ(to_string(RollRule::keep), "keep");
}

const std::string k_good_2024 =
    "year = 2024\n"
    "notice = \"Thông báo test\"\n"
    "[[day]]\n"
    "date = 2024-02-08\n"
    "name = \"Tết Nguyên đán (29 Tết)\"\n";

TEST(HolidayLoader, UnknownKeyIsReportedWithLocation) {
  TempDir dir;
  const std::string file = dir.write("vn-2024.toml",
                                     "year = 2024\n"
                                     "notice = \"Thông báo test\"\n"
                                     "[[day]]\n"
                                     "date = 2024-02-08\n"
                                     "name = \"Tết\"\n"
                                     "  holiday = true\n");
  Diagnostics diagnostics;
  const auto notices = load_year_notices(dir.path(), diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].format(), file + ":6:3: unknown key 'holiday' in [[day]]");
  EXPECT_TRUE(notices.empty());
}

TEST(HolidayLoader, UnknownTopLevelKey) {
  TempDir dir;
  const std::string file = dir.write("vn-2024.toml", "year = 2024\nnotice = \"x\"\nsource = \"y\"\n");
  Diagnostics diagnostics;
  load_year_notices(dir.path(), diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].format(), file + ":3:1: unknown key 'source'");
}

TEST(HolidayLoader, DateOutsideYear) {
  TempDir dir;
  const std::string file = dir.write("vn-2024.toml",
                                     "year = 2024\n"
                                     "notice = \"Thông báo test\"\n"
                                     "[[day]]\n"
                                     "date = 2025-01-01\n"
                                     "name = \"Tết Dương lịch\"\n");
  Diagnostics diagnostics;
  const auto notices = load_year_notices(dir.path(), diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].format(), file + ":4:8: date 2025-01-01 is outside year 2024");
  EXPECT_TRUE(notices.empty());
}

TEST(HolidayLoader, FileNameMustMatchYear) {
  TempDir dir;
  const std::string file = dir.write("vn-2025.toml", k_good_2024);
  Diagnostics diagnostics;
  const auto notices = load_year_notices(dir.path(), diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].format(), file + ":1:8: file name 'vn-2025.toml' does not match year = 2024");
  EXPECT_TRUE(notices.empty());
}

TEST(HolidayLoader, SyntaxErrorGivesLocationAndNoDays) {
  TempDir dir;
  const std::string file = dir.write("vn-2024.toml",
                                     "year = 2024\n"
                                     "notice = \"unterminated\n");
  Diagnostics diagnostics;
  const auto notices = load_year_notices(dir.path(), diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].file, file);
  EXPECT_EQ(diagnostics[0].line, 2);
  EXPECT_EQ(diagnostics[0].column, 23);  // the end of the line, where the string should close
  // The rest is toml++'s own description.
  EXPECT_TRUE(diagnostics[0].format().starts_with(file + ":2:23: TOML syntax error: ")) << diagnostics[0].format();
  EXPECT_TRUE(notices.empty());
}

TEST(HolidayLoader, WrongTypesAndDuplicates) {
  TempDir dir;
  const std::string file = dir.write("vn-2024.toml",
                                     "year = 2024\n"
                                     "notice = \"Thông báo test\"\n"
                                     "[[day]]\n"
                                     "date = \"2024-02-08\"\n"
                                     "name = \"Tết\"\n"
                                     "[[day]]\n"
                                     "date = 2024-02-09\n"
                                     "name = \"Tết\"\n"
                                     "working = \"no\"\n"
                                     "[[day]]\n"
                                     "date = 2024-02-09\n"
                                     "name = \"Tết\"\n");
  Diagnostics diagnostics;
  load_year_notices(dir.path(), diagnostics);
  ASSERT_EQ(diagnostics.size(), 4u);
  EXPECT_EQ(diagnostics[0].format(), file + ":4:8: 'date' must be a date (YYYY-MM-DD, without quotes)");
  EXPECT_EQ(diagnostics[1].format(), file + ":3:1: [[day]] is missing 'date'");
  EXPECT_EQ(diagnostics[2].format(), file + ":9:11: 'working' must be true or false");
  EXPECT_EQ(diagnostics[3].format(), file + ":11:8: date 2024-02-09 is listed twice");
}

TEST(HolidayLoader, BrokenFileLeavesYearProvisionalOthersLoad) {
  TempDir dir;
  dir.write("vn-2024.toml", k_good_2024);
  dir.write("vn-2025.toml", "year = 2025\nnotice = \"x\"\nbogus = 1\n");
  dir.write("README.txt", "not a notice");
  Diagnostics diagnostics;
  auto notices = load_year_notices(dir.path(), diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].year, 2024);
  EXPECT_EQ(notices[0].file, (dir.path() / "vn-2024.toml").string());
  ASSERT_EQ(notices[0].days.size(), 1u);
  EXPECT_EQ(notices[0].days[0].date, ymd(2024, 2, 8));
  EXPECT_FALSE(notices[0].days[0].working);
  const WorkingCalendar calendar({}, std::move(notices));
  EXPECT_FALSE(calendar.is_provisional(2024));
  EXPECT_TRUE(calendar.is_provisional(2025));
  EXPECT_FALSE(calendar.is_working(ymd(2024, 2, 8)));
}

TEST(HolidayLoader, MissingDirectoryIsAnError) {
  Diagnostics diagnostics;
  const auto missing = std::filesystem::temp_directory_path() / "deadlined-calendar-no-such-dir-4711";
  const auto notices = load_year_notices(missing, diagnostics);
  EXPECT_TRUE(notices.empty());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].format(), missing.string() + ": holiday directory not found");
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

// Years past the precomputed range (2020-2030 by default) are built on first
// use and kept, and say what a calendar that precomputed them says; several
// threads may ask at once (the status page beside the planner).
TEST(LaterYears, AnswerAsThePrecomputedOnesAndMayBeAskedFromSeveralThreads) {
  const WorkingCalendar shipped({}, load_shipped());
  const WorkingCalendar wide({}, load_shipped(), 2020, 2060);
  const WorkingCalendar copy = shipped;  // copies share what was built
  std::vector<std::thread> askers;
  std::vector<int> working(4, 0);
  for (std::size_t t = 0; t < working.size(); ++t) {
    askers.emplace_back([&, t] {
      for (Date date = make_date(2031, 1, 1); date <= make_date(2060, 12, 31); date += std::chrono::days{1}) {
        working[t] += (t % 2 == 0 ? shipped : copy).is_working(date) ? 1 : 0;
      }
    });
  }
  for (auto& asker : askers) {
    asker.join();
  }
  int expected = 0;
  for (Date date = make_date(2031, 1, 1); date <= make_date(2060, 12, 31); date += std::chrono::days{1}) {
    expected += wide.is_working(date) ? 1 : 0;
    ASSERT_EQ(shipped.is_working(date), wide.is_working(date)) << to_iso(date);
  }
  EXPECT_EQ(working, std::vector<int>(4, expected));
  EXPECT_EQ(shipped.add_working_days(make_date(2040, 1, 2), 250), wide.add_working_days(make_date(2040, 1, 2), 250));
  EXPECT_EQ(shipped.special_days(2045).size(), wide.special_days(2045).size());
  EXPECT_EQ(shipped.roll(make_date(2050, 1, 1), RollRule::next), wide.roll(make_date(2050, 1, 1), RollRule::next));
}

}  // namespace
}  // namespace deadlined
