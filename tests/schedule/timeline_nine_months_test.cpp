// "9 tháng": the first nine months of a year, 01/01 to 30/09, a period like
// "6 tháng đầu năm" (the 9-month report; the Quý III report plays that role
// where no 9-month period is defined). Its spellings are in
// timeline_spellings_test.cpp.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

TEST(TimelineNineMonths, AReportAndAPeriod) {
  EXPECT_EQ(parsed("Báo cáo 9 tháng", 2026),
            "dated [Báo cáo 9 tháng đầu năm 2026 2026-01-01..2026-09-30 nine_months report]");
  EXPECT_EQ(parsed("9 tháng đầu năm 2026", 2025), "dated [9 tháng đầu năm 2026 2026-01-01..2026-09-30 nine_months]");
  EXPECT_EQ(parsed("Trong 9 tháng đầu năm 2026", 2025), parsed("9 tháng đầu năm 2026", 2025));
  EXPECT_EQ(parsed("9 tháng đầu năm", 2026), parsed("9 tháng đầu năm 2026", 2025));
  EXPECT_EQ(parsed("Báo cáo 9 tháng năm 2026", 2025), parsed("Báo cáo 9 tháng", 2026));
  EXPECT_EQ(parsed("Báo cáo 9 tháng/2026", 2025), parsed("Báo cáo 9 tháng", 2026));
  EXPECT_EQ(parsed("Báo cáo 9 tháng đầu năm 2026", 2025), parsed("Báo cáo 9 tháng", 2026));
}

TEST(TimelineNineMonths, InAReportSeries) {
  EXPECT_EQ(due_dates(parse_ok("Báo cáo 6 tháng, 9 tháng và năm", 2026)),
            (std::vector<std::string>{"2026-06-30", "2026-09-30", "2026-12-31"}));
  EXPECT_EQ(
      labels(parse_ok("Báo cáo 6 tháng, 9 tháng và năm", 2026)),
      (std::vector<std::string>{"Báo cáo 6 tháng đầu năm 2026", "Báo cáo 9 tháng đầu năm 2026", "Báo cáo Năm 2026"}));
  EXPECT_EQ(due_dates(parse_ok("Báo cáo Quý I, 6 tháng, 9 tháng và năm 2026", 2026)),
            (std::vector<std::string>{"2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"}));
  EXPECT_EQ(due_dates(parse_ok("6 tháng đầu năm và 9 tháng đầu năm 2026", 2025)),
            (std::vector<std::string>{"2026-06-30", "2026-09-30"}));
  // Every report of the series takes the per-tier report day.
  for (const Occurrence& occurrence : parse_ok("Báo cáo 6 tháng, 9 tháng và năm", 2026).occurrences) {
    EXPECT_TRUE(occurrence.report) << occurrence.label;
  }
  // "Báo cáo Quý III; Báo cáo 9 tháng" name one due date: one occurrence.
  EXPECT_EQ(labels(parse_ok("Báo cáo Quý III/2026; Báo cáo 9 tháng 2026", 2026)),
            (std::vector<std::string>{"Báo cáo Quý III/2026"}));
}

TEST(TimelineNineMonths, RecurringAndWithAStatedDay) {
  const PlanSpan span{2026, 2027};
  EXPECT_EQ(
      dues_through(parse_ok("Báo cáo định kỳ 6 tháng, 9 tháng và năm", span), 2027),
      (std::vector<std::string>{"2026-06-30", "2026-09-30", "2026-12-31", "2027-06-30", "2027-09-30", "2027-12-31"}));
  EXPECT_EQ(due_dates(parse_ok("9 tháng đầu năm, hằng năm", span)),
            (std::vector<std::string>{"2026-09-30", "2027-09-30"}));
  EXPECT_EQ(labels(parse_ok("9 tháng đầu năm hằng năm", span)),
            (std::vector<std::string>{"9 tháng đầu năm 2026", "9 tháng đầu năm 2027"}));
  const Timeline stated = parse_ok("Báo cáo 9 tháng (trước ngày 20/9)", 2026);
  EXPECT_EQ(describe(stated), "dated [Báo cáo 9 tháng đầu năm 2026 2026-01-01..2026-09-20 nine_months before]");
  EXPECT_EQ(due_dates(parse_ok("Báo cáo 9 tháng trước ngày 15/10", 2026)), (std::vector<std::string>{"2026-10-15"}));
}

// "9 tháng" names the first nine months only, and only as a report without
// "đầu năm".
TEST(TimelineNineMonths, OtherNineMonthsAreRefused) {
  for (const char* phrase : {"9 tháng cuối năm 2026", "9 tháng", "Báo cáo 9 tháng cuối năm",
                             "Báo cáo 9 tháng và 6 tháng", "Định kỳ 9 tháng"}) {
    EXPECT_EQ(parse_error(phrase, 2026), expected_error(phrase)) << phrase;
  }
}

}  // namespace
}  // namespace deadlined
