// Reporting forms found by probing spellings of real plans: a period's stated
// day ("Báo cáo định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày
// 15/12)"), periodic reports over a multi-year span, a stated day of the
// month after ("Trước ngày 05 tháng sau"), a weekday in parentheses or with
// its part of the day ("hằng tuần (thứ Sáu)", "Sáng thứ Hai hằng tuần"), and
// a dated report clause after ongoing work. Each was refused, or gave one
// year of a multi-year plan, before.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

std::vector<std::string> dues(const Timeline& timeline) {
  return dues_through(timeline, 2035);
}

const PlanSpan k_2026{2026, std::nullopt};
const PlanSpan k_2026_2027{2026, 2027};

TEST(TimelineReportDays, APeriodsStatedDayInEverySpelling) {
  for (const char* phrase : {"Báo cáo định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)",
                             "Báo cáo 6 tháng (trước ngày 15/6); báo cáo năm (trước ngày 15/12)",
                             "Báo cáo 6 tháng trước ngày 15/6, báo cáo năm trước ngày 15/12",
                             "báo cáo 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12).",
                             "BÁO CÁO 6 THÁNG (TRƯỚC NGÀY 15/6) VÀ NĂM (TRƯỚC NGÀY 15/12)",
                             "Bao cao 6 thang (truoc ngay 15/6) va nam (truoc ngay 15/12)",
                             "Báo cáo 6 tháng (trước ngày 15 tháng 6) và năm (trước ngày 15 tháng 12)"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, k_2026);
    EXPECT_EQ(dues(timeline), (std::vector<std::string>{"2026-06-15", "2026-12-15"}));
    ASSERT_EQ(timeline.occurrences.size(), 2U);
    EXPECT_EQ(timeline.occurrences[0].label, "Báo cáo 6 tháng đầu năm 2026");
    EXPECT_EQ(timeline.occurrences[0].anchor, DueAnchor::before_date);
    EXPECT_FALSE(timeline.occurrences[0].report);  // an explicit day: no per-tier report day
    EXPECT_TRUE(timeline.note.empty());
  }
  // A period of the next year's report: "năm (trước ngày 31/01 năm sau)".
  EXPECT_EQ(dues(parse_ok("Báo cáo năm (trước ngày 31/01 năm sau)", k_2026)), std::vector<std::string>{"2027-01-31"});
  EXPECT_EQ(dues(parse_ok("Quý I/2026 (chậm nhất ngày 10/4/2026)", k_2026)), std::vector<std::string>{"2026-04-10"});
}

TEST(TimelineReportDays, AStatedDayBeforeItsPeriodIsRefused) {
  // The sixth-month report due in January: not a day of or after the period; never guessed.
  EXPECT_FALSE(parse_timeline("Báo cáo 6 tháng cuối năm (trước ngày 15/01)", k_2026).has_value());
  EXPECT_FALSE(parse_timeline("Báo cáo năm (trước ngày 31/02)", k_2026).has_value());
  EXPECT_FALSE(parse_timeline("Báo cáo năm (trước ngày 15/12", k_2026).has_value());
}

TEST(TimelineReportDays, PeriodicReportsRecurOverAMultiYearSpan) {
  EXPECT_EQ(dues(parse_ok("Báo cáo định kỳ 6 tháng, năm", k_2026_2027)),
            (std::vector<std::string>{"2026-06-30", "2026-12-31", "2027-06-30", "2027-12-31"}));
  EXPECT_EQ(dues(parse_ok("Báo cáo định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)", k_2026_2027)),
            (std::vector<std::string>{"2026-06-15", "2026-12-15", "2027-06-15", "2027-12-15"}));
  EXPECT_EQ(dues(parse_ok("Báo cáo định kỳ năm (trước ngày 31/01 năm sau)", k_2026_2027)),
            (std::vector<std::string>{"2027-01-31", "2028-01-31"}));
  // A year written, or no "định kỳ": as written.
  EXPECT_EQ(dues(parse_ok("Báo cáo định kỳ 6 tháng năm 2026", k_2026_2027)), std::vector<std::string>{"2026-06-30"});
  EXPECT_EQ(dues(parse_ok("Báo cáo 6 tháng", k_2026_2027)), std::vector<std::string>{"2026-06-30"});
  // Already over the span: not repeated again.
  EXPECT_EQ(dues(parse_ok("Báo cáo định kỳ hằng năm", k_2026_2027)),
            (std::vector<std::string>{"2026-12-31", "2027-12-31"}));
}

TEST(TimelineReportDays, AReportOfNoNamedQuarterOrMonthIsEveryOne) {
  for (const char* phrase :
       {"Báo cáo quý trước ngày 10 tháng đầu quý sau", "Báo cáo quý: trước ngày 10 tháng đầu quý sau",
        "Báo cáo quý (trước ngày 10 của tháng đầu quý sau)"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(dues(parse_ok(phrase, k_2026)),
              (std::vector<std::string>{"2026-04-10", "2026-07-10", "2026-10-10", "2027-01-10"}));
  }
  const Timeline monthly = parse_ok("Báo cáo tháng (trước ngày 25 hằng tháng)", k_2026_2027);
  ASSERT_EQ(monthly.occurrences.size(), 24U);
  EXPECT_EQ(to_iso(monthly.occurrences[23].nominal_due), "2027-12-25");
  const Timeline quarterly = parse_ok("Báo cáo quý", k_2026);
  ASSERT_EQ(quarterly.occurrences.size(), 4U);
  EXPECT_TRUE(quarterly.occurrences[0].report);  // a period of a report series: the per-tier day may apply
  // A numbered quarter stays that quarter.
  EXPECT_EQ(dues(parse_ok("Báo cáo quý I", k_2026)), std::vector<std::string>{"2026-03-31"});
}

TEST(TimelineReportDays, ADayOfTheMonthAfterEachMonth) {
  for (const char* phrase : {"Trước ngày 05 tháng sau", "trước ngày 5 của tháng sau.", "Trước ngày 05 tháng tiếp theo",
                             "Hằng tháng, trước ngày 05 của tháng sau"}) {
    SCOPED_TRACE(phrase);
    const auto listed = dues(parse_ok(phrase, k_2026));
    ASSERT_EQ(listed.size(), 12U);
    EXPECT_EQ(listed.front(), "2026-02-05");
    EXPECT_EQ(listed.back(), "2027-01-05");
  }
  // "kỳ sau" names no period: refused.
  EXPECT_FALSE(parse_timeline("Trước ngày 05 tháng đầu kỳ sau", k_2026).has_value());
}

TEST(TimelineReportDays, AWeekdayInParenthesesOrWithItsPartOfTheDay) {
  for (const char* phrase : {"hằng tuần (thứ Sáu)", "Hằng tuần (thứ 6)", "Hằng tuần vào chiều thứ Sáu",
                             "Chiều thứ 6 hằng tuần", "hàng tuần (chiều thứ sáu)."}) {
    SCOPED_TRACE(phrase);
    const auto listed = dues(parse_ok(phrase, k_2026));
    ASSERT_EQ(listed.size(), 52U);
    EXPECT_EQ(listed.front(), "2026-01-02");  // the first Friday of 2026
  }
  EXPECT_EQ(dues(parse_ok("Sáng thứ Hai hằng tuần", k_2026)).front(), "2026-01-05");
  // A time of day after the weekday, or a report before a time: the weekday.
  EXPECT_EQ(dues(parse_ok("Thứ Năm hằng tuần (trước 16h00)", k_2026)).front(), "2026-01-01");
  EXPECT_EQ(dues(parse_ok("Hằng tuần, báo cáo trước 16h00 thứ Năm", k_2026)).front(), "2026-01-01");
  EXPECT_FALSE(parse_timeline("hằng tuần (thứ Sáu", k_2026).has_value());
  EXPECT_FALSE(parse_timeline("hằng tuần (ngày 15)", k_2026).has_value());
}

TEST(TimelineReportDays, MoreSpellingsOfALagAndOfTheNextQuarter) {
  for (const char* phrase : {"Trong thời gian 15 ngày kể từ ngày nhận được", "Không quá 15 ngày kể từ ngày ban hành",
                             "Chậm nhất sau 15 ngày kể từ ngày ban hành"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, k_2026);
    EXPECT_EQ(to_string(timeline.kind), "on_demand");
    ASSERT_TRUE(timeline.lag.has_value());
    EXPECT_EQ(timeline.lag->count, 15);
  }
  EXPECT_EQ(dues(parse_ok("Trước ngày 15 của tháng đầu quý kế tiếp", k_2026)),
            (std::vector<std::string>{"2026-04-15", "2026-07-15", "2026-10-15", "2027-01-15"}));
  EXPECT_EQ(dues(parse_ok("Các năm 2026, 2027", k_2026_2027)), (std::vector<std::string>{"2026-12-31", "2027-12-31"}));
}

TEST(TimelineReportDays, ADatedReportClauseAfterOngoingWork) {
  const Timeline timeline = parse_ok("Thường xuyên, báo cáo trước ngày 15/12 hằng năm", k_2026_2027);
  EXPECT_EQ(to_string(timeline.kind), "ongoing");
  EXPECT_EQ(dues(timeline), (std::vector<std::string>{"2026-12-15", "2027-12-15"}));
  // A day the clause states but that is no date: refused, never a note.
  EXPECT_FALSE(parse_timeline("Thường xuyên, báo cáo trước ngày 15/13 hằng năm", k_2026).has_value());
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// A cadence, the report and its recipient in a few words, then any word for
// "by" ("chậm nhất", "không quá", "muộn nhất", "trước hoặc vào", "hạn cuối"
// ...): one deadline a period, on the day, never the period's end as well.
TEST(TimelineCadenceDays, EveryDeadlineWordAfterTheReportAndRecipientGivesOneDeadline) {
  const std::vector<std::string> quarters{"2026-03-20", "2026-06-20", "2026-09-20", "2026-12-20"};
  for (const char* word : {"trước", "chậm nhất", "Chậm nhất là", "không quá", "muộn nhất", "trước hoặc vào", "hạn cuối",
                           "hạn chót", "không muộn hơn", "chậm nhất vào"}) {
    for (const char* subject : {"", "gửi Sở Nội vụ ", "báo cáo UBND tỉnh ", "UBND cấp xã gửi báo cáo "}) {
      const std::string phrase = std::string("Hằng quý, ") + subject + word + " ngày 20 tháng cuối quý";
      EXPECT_EQ(due_dates(parse_ok(phrase, 2026)), quarters) << phrase;
      const std::string monthly = std::string("Hằng tháng, ") + subject + word + " ngày 25";
      const std::vector<std::string> months = due_dates(parse_ok(monthly, 2026));
      ASSERT_EQ(months.size(), 12U) << monthly;
      EXPECT_EQ(months.front(), "2026-01-25") << monthly;
      const std::string yearly = std::string("Hằng năm, ") + subject + word + " ngày 15/12";
      EXPECT_EQ(due_dates(parse_ok(yearly, 2026)), (std::vector<std::string>{"2026-12-15"})) << yearly;
    }
  }
  EXPECT_EQ(due_dates(parse_ok("Hằng quý, gửi Sở Tài chính chậm nhất các ngày 20/3, 20/6, 20/9 và 20/12", 2026)),
            quarters);
  // "trước" keeps its strict reading; "trước hoặc vào" is the day itself.
  EXPECT_EQ(parse_ok("Hằng quý, gửi Sở Nội vụ trước ngày 20 tháng cuối quý", 2026).occurrences.front().anchor,
            DueAnchor::before_date);
  EXPECT_EQ(parse_ok("Hằng quý, gửi Sở Nội vụ trước hoặc vào ngày 20 tháng cuối quý", 2026).occurrences.front().anchor,
            DueAnchor::period_end);
  EXPECT_EQ(parse_ok("Hằng quý, gửi Sở Nội vụ chậm nhất trước ngày 20 tháng cuối quý", 2026).occurrences.front().anchor,
            DueAnchor::before_date);
  // Who reports, and to whom, at length: commas, parentheses, "theo mẫu".
  for (const char* phrase : {"Hằng quý, các sở, ngành gửi báo cáo về Sở Nội vụ chậm nhất ngày 20 của tháng cuối quý",
                             "Định kỳ hằng quý gửi báo cáo về Sở Nội vụ chậm nhất vào ngày 20 tháng cuối quý",
                             "Hằng quý, UBND cấp xã báo cáo UBND tỉnh (qua Sở Nội vụ) không quá ngày 20 tháng cuối quý",
                             "Hằng quý, báo cáo theo mẫu trước ngày 20 tháng cuối quý",
                             "Định kỳ hằng quý, gửi Sở Nội vụ trước hoặc vào ngày 20/3, 20/6, 20/9 và 20/12"}) {
    EXPECT_EQ(due_dates(parse_ok(phrase, 2026)), quarters) << phrase;
  }
  EXPECT_EQ(due_dates(parse_ok("Định kỳ 6 tháng, gửi Sở Nội vụ trước hoặc vào ngày 15/6 và 15/12", 2026)),
            (std::vector<std::string>{"2026-06-15", "2026-12-15"}));
  // Words that open a time, or a number, end the words: never skipped.
  EXPECT_FALSE(parse_error("Hằng tháng, báo cáo khi có yêu cầu trước ngày 25", 2026).empty());
  EXPECT_FALSE(parse_error("Hằng tháng, báo cáo số 02 trước ngày 25", 2026).empty());
}

}  // namespace
}  // namespace deadlined
