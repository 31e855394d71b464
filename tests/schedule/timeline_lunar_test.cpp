// Days of the lunar calendar, computed (UTC+7): Tết Nguyên đán counted back
// from, the Tết season (the eve to mùng 4), a full moon ("Rằm tháng
// Giêng"); without a year, the one in the plan's year, which the note says.
// "Sau Tết Nguyên đán" says when work starts, not when it is due: refused.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>
#include <string>

namespace deadlined {
namespace {

using namespace timeline_testing;

constexpr int k_year = 2026;  // Tết Bính Ngọ: Tue 17/02/2026

TEST(TimelineLunar, ACountBackFromTetIsDatedFromMungMotOfThePlansYear) {
  for (const char* phrase : {"Trước Tết Nguyên đán 10 ngày", "10 ngày trước Tết Nguyên đán",
                             "Chậm nhất 10 ngày trước Tết Nguyên đán Bính Ngọ 2026", "10 ngày trước Tết âm lịch"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, k_year);
    EXPECT_EQ(timeline.kind, TimelineKind::dated);
    EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2026-02-07"});
    ASSERT_EQ(timeline.occurrences.size(), 1U);
    EXPECT_TRUE(timeline.occurrences.front().counted_back);
    EXPECT_NE(timeline.note.find("17/02/2026"), std::string::npos) << timeline.note;
  }
  EXPECT_NE(parse_ok("10 ngày trước Tết Nguyên đán", k_year).note.find("the plan's year"), std::string::npos);
  // A year written is that year's Tết: Wed 29/01/2025.
  EXPECT_EQ(due_dates(parse_ok("05 ngày làm việc trước Tết Nguyên đán 2025", k_year)),
            std::vector<std::string>{"2025-01-29"});
}

TEST(TimelineLunar, TheTetSeasonIsTheStatutoryBreak) {
  for (const char* phrase : {"dịp Tết Nguyên đán Bính Ngọ 2026", "Trong dịp Tết Nguyên đán", "vào dịp Tết"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, k_year);
    ASSERT_EQ(timeline.occurrences.size(), 1U);
    EXPECT_EQ(to_iso(timeline.occurrences.front().period_start), "2026-02-16");
    EXPECT_EQ(to_iso(timeline.occurrences.front().nominal_due), "2026-02-20");
  }
}

TEST(TimelineLunar, AFullMoonIsLunarDayFifteenInThePlansYear) {
  EXPECT_EQ(due_dates(parse_ok("Rằm tháng Giêng", k_year)), std::vector<std::string>{"2026-03-03"});
  EXPECT_EQ(due_dates(parse_ok("Rằm tháng 7 âm lịch", k_year)), std::vector<std::string>{"2026-08-27"});
  EXPECT_EQ(due_dates(parse_ok("Rằm tháng Bảy năm 2026", k_year)), std::vector<std::string>{"2026-08-27"});
  // Month 12 of the lunar year before falls in the plan's year.
  EXPECT_EQ(due_dates(parse_ok("Rằm tháng Chạp", k_year)), std::vector<std::string>{"2026-02-02"});
  EXPECT_EQ(parse_ok("Trước Rằm tháng Giêng", k_year).occurrences.front().anchor, DueAnchor::before_date);
  parse_error("Rằm tháng", k_year);
}

TEST(TimelineLunar, AfterTetIsRefusedSayingWhatToWrite) {
  for (const char* phrase : {"sau Tết Nguyên đán", "Sau Tết Nguyên đán 2026"}) {
    SCOPED_TRACE(phrase);
    const std::string error = parse_error(phrase, k_year);
    EXPECT_NE(error.find("starts after Tết"), std::string::npos) << error;
  }
}

}  // namespace
}  // namespace deadlined
