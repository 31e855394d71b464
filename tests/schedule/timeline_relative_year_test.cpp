// Relative years ("Trước ngày 15/01 của năm sau", "Quý I năm sau", "Năm sau
// liền kề"): in a yearly cadence each occurrence is the next year's date
// relative to the year reported on (the annual report of 2026 is due
// 31/01/2027); without a cadence, relative to the plan's (first) year. Every
// phrase here was refused before.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

std::vector<std::string> dues(const Timeline& timeline, int last_year = 2035) {
  return dues_through(timeline, last_year);
}

const PlanSpan k_2026{2026, std::nullopt};
const PlanSpan k_2026_2029{2026, 2029};

TEST(TimelineRelativeYear, AYearlyDayOfTheNextYearInEverySpelling) {
  for (const char* phrase :
       {"Hằng năm, trước ngày 31/01 năm sau", "Hàng năm, trước ngày 31/01 năm sau.",
        "hằng năm trước ngày 31/01 năm sau", "Hằng năm (trước ngày 31/01 của năm sau)",
        "Trước ngày 31/01 năm sau, hằng năm", "Trước ngày 31/01 của năm sau hằng năm",
        "HẰNG NĂM, TRƯỚC NGÀY 31/01 NĂM SAU", "Hang nam, truoc ngay 31/01 nam sau",
        "Hằng năm, trước ngày 31 tháng 01 năm sau", "Hằng năm, trước ngày 31/01 năm kế tiếp",
        "Hằng năm, trước ngày 31/01 năm tiếp theo", "Định kỳ hằng năm, trước ngày 31/01 năm sau liền kề",
        "Hằng năm, trước ngày 31-01 năm sau", "Hằng năm, trước  ngày 31/1  năm  sau",
        "Hằng năm, chậm nhất trước ngày 31/01 năm sau", "Hằng năm, trước ngày 31 tháng 01 của năm sau liền kề"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, k_2026_2029);
    // One occurrence per year reported on, 2026 to 2029: due in 2027 to 2030.
    EXPECT_EQ(dues(timeline), (std::vector<std::string>{"2027-01-31", "2028-01-31", "2029-01-31", "2030-01-31"}));
    EXPECT_FALSE(timeline.is_open_ended());
    ASSERT_FALSE(timeline.occurrences.empty());
    EXPECT_EQ(timeline.occurrences[0].anchor, DueAnchor::before_date);
  }
}

TEST(TimelineRelativeYear, ALatestDayAfterACadenceIsThatDayNotAlsoTheYearsEnd) {
  // "chậm nhất ngày D" after "Hằng năm,": the day of each year, not 31/12 as well.
  EXPECT_EQ(dues(parse_ok("Hằng năm, chậm nhất ngày 31/3 năm sau", k_2026_2029)),
            (std::vector<std::string>{"2027-03-31", "2028-03-31", "2029-03-31", "2030-03-31"}));
  for (const char* phrase :
       {"Hằng năm, chậm nhất ngày 15/12", "Hằng năm, hạn chót ngày 15/12", "Hằng năm, thời hạn trước ngày 15/12"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(dues(parse_ok(phrase, k_2026)), std::vector<std::string>{"2026-12-15"});
  }
}

TEST(TimelineRelativeYear, ThisYearBeforeTheNext) {
  const Timeline quarters = parse_ok("Quý IV năm nay và Quý I năm sau", k_2026);
  ASSERT_EQ(quarters.occurrences.size(), 1U);
  EXPECT_EQ(to_iso(quarters.occurrences[0].period_start), "2026-10-01");
  EXPECT_EQ(to_iso(quarters.occurrences[0].nominal_due), "2027-03-31");
}

TEST(TimelineRelativeYear, ASingleYearPlanReportsItsYearNextYear) {
  EXPECT_EQ(dues(parse_ok("Hằng năm, trước ngày 31/01 năm sau", k_2026)), std::vector<std::string>{"2027-01-31"});
  // Open-ended: the next year of every following year.
  const Timeline open = parse_ok("Trước ngày 15/01 năm sau và các năm tiếp theo", k_2026);
  EXPECT_TRUE(open.is_open_ended());
  EXPECT_EQ(dues(open, 2029), (std::vector<std::string>{"2027-01-15", "2028-01-15", "2029-01-15"}));
}

TEST(TimelineRelativeYear, WithoutACadenceTheYearAfterThePlansYear) {
  const struct {
    const char* phrase;
    std::vector<std::string> dues;
  } cases[] = {
      {"Trước ngày 15/01 của năm sau", {"2027-01-15"}},
      {"Trước ngày 31/01 năm kế tiếp", {"2027-01-31"}},
      {"Quý I năm sau", {"2027-03-31"}},
      {"quý I của năm sau.", {"2027-03-31"}},
      {"Tháng 1 năm sau", {"2027-01-31"}},
      {"Trong quý I của năm tiếp theo", {"2027-03-31"}},
      {"Trong tháng 01 năm tiếp theo", {"2027-01-31"}},
      {"Năm sau liền kề", {"2027-12-31"}},
      {"Trong năm sau", {"2027-12-31"}},
      {"Năm tiếp theo", {"2027-12-31"}},
      {"6 tháng đầu năm sau", {"2027-06-30"}},
      {"Tháng 12 năm trước", {"2025-12-31"}},
      {"Ngày 15 tháng 01 năm sau", {"2027-01-15"}},
      // Thông tư 16/2025/TT-BNNMT's wording of a provincial deadline, as quoted in public material.
      {"Trước ngày 31 tháng 3 của năm sau liền kề", {"2027-03-31"}},
      {"Năm tới", {"2027-12-31"}},
      {"Năm kế tiếp", {"2027-12-31"}},
      {"Chậm nhất ngày 31/01 năm sau", {"2027-01-31"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.phrase);
    EXPECT_EQ(dues(parse_ok(c.phrase, k_2026_2029)), c.dues);
  }
}

TEST(TimelineRelativeYear, AYearLeftOutBeforeARelativeOneIsThePlansYear) {
  // "Quý IV và Quý I năm sau": the fourth quarter of 2026, then the first of 2027 (one window).
  const Timeline quarters = parse_ok("Quý IV và Quý I năm sau", k_2026);
  ASSERT_EQ(quarters.occurrences.size(), 1U);
  EXPECT_EQ(to_iso(quarters.occurrences[0].period_start), "2026-10-01");
  EXPECT_EQ(to_iso(quarters.occurrences[0].nominal_due), "2027-03-31");
  // A window from a day of this year to a day of the next.
  EXPECT_EQ(dues(parse_ok("Từ ngày 15/12 đến ngày 15/01 năm sau", k_2026)), std::vector<std::string>{"2027-01-15"});
}

// "Báo cáo năm trước, trước ngày 31/01 hằng năm": the previous year is
// reported on in the plan's year, so the day is of the plan's year (never
// of the year reported on, which would put the report before that year ends).
TEST(TimelineRelativeYear, ThePreviousYearsReportIsDueInThePlansYear) {
  const PlanSpan span{2025, 2026};
  for (const char* phrase :
       {"Báo cáo năm trước, trước ngày 31/01 hằng năm", "Báo cáo năm trước liền kề, trước ngày 31/01 hằng năm",
        "Báo cáo quyết toán năm trước, gửi Sở Tài chính trước ngày 31 tháng 01 hàng năm"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, span);
    EXPECT_EQ(dues(timeline), (std::vector<std::string>{"2025-01-31", "2026-01-31"}));
    EXPECT_EQ(labels(timeline), (std::vector<std::string>{"Báo cáo Năm 2024", "Báo cáo Năm 2025"}));
  }
  EXPECT_EQ(dues(parse_ok("Báo cáo quý IV năm trước, trước ngày 15/01", span)), std::vector<std::string>{"2025-01-15"});
  // What is reported, in words, before the year reported on.
  EXPECT_EQ(
      dues(parse_ok("Báo cáo công khai phân bổ dự toán năm, gửi Sở Tài chính trước ngày 01 tháng 3 hàng năm", span)),
      (std::vector<std::string>{"2025-03-01", "2026-03-01"}));
  // A year of the plan keeps its own year's day.
  EXPECT_EQ(dues(parse_ok("Báo cáo năm, trước ngày 15/12", span)), std::vector<std::string>{"2025-12-15"});
}

TEST(TimelineRelativeYear, TheWordsAfterYearStayRefusedOrTime) {
  // "năm trước ngày ...": "trước" opens a date here, it is not "the previous year".
  EXPECT_EQ(dues(parse_ok("Hằng năm trước ngày 15/12", k_2026)), std::vector<std::string>{"2026-12-15"});
  // "năm sau khi ...": an event, not the next year; never a silent date.
  EXPECT_FALSE(parse_timeline("Trước ngày 15/01 năm sau khi", k_2026).has_value());
  // "(năm sau)" after a date names its year: never taken for a note.
  EXPECT_FALSE(parse_timeline("Trước ngày 15/01 (năm sau)", k_2026).has_value());
  // A parenthesis with numbers after it is never skipped unread.
  EXPECT_FALSE(
      parse_timeline("Trước ngày 28 tháng 02 của năm sau liền kề (năm nhuận là ngày 29 tháng 02)", k_2026).has_value());
  // A relative year with no period is nothing to read.
  EXPECT_FALSE(parse_timeline("năm sau quý", k_2026).has_value());
}

}  // namespace
}  // namespace deadlined
