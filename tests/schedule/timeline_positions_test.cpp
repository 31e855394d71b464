// Positions in a period (Civil Code Art. 146(2)-(3)) and weeks inside a
// month, once and in every period of a cadence; the labels of a yearly
// cadence due in the next year. Their spellings are in
// timeline_spellings_test.cpp.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

const PlanSpan k_2026{2026, std::nullopt};

std::string read(const char* phrase, PlanSpan span = k_2026) {
  auto result = parse_timeline(phrase, span);
  return result ? describe(*result) : "error: " + result.error().message;
}

// Art. 146(3): "đầu năm" is 01/01, "giữa năm" the last day of June, "cuối
// năm" 31/12 (the year itself, as before).
TEST(TimelinePositions, StartMiddleAndEndOfAYear) {
  EXPECT_EQ(read("Đầu năm 2026"), "dated [Đầu năm 2026 2026-01-01..2026-01-01 day]");
  EXPECT_EQ(read("Giữa năm 2026"), "dated [Giữa năm 2026 2026-06-30..2026-06-30 day]");
  EXPECT_EQ(read("Cuối năm 2026"), "dated [Năm 2026 2026-01-01..2026-12-31 year]");
  // Without a year: the plan's; a relative year counts from it.
  EXPECT_EQ(read("Đầu năm"), "dated [Đầu năm 2026 2026-01-01..2026-01-01 day]");
  EXPECT_EQ(read("Giữa năm"), "dated [Giữa năm 2026 2026-06-30..2026-06-30 day]");
  EXPECT_EQ(read("Vào đầu năm sau"), "dated [Đầu năm 2027 2027-01-01..2027-01-01 day]");
  EXPECT_EQ(read("Hoàn thành vào giữa năm 2027"), "dated [Giữa năm 2027 2027-06-30..2027-06-30 day]");
}

// Art. 146(2): "đầu tháng" the 1st, "giữa tháng" the 15th, "cuối tháng" the
// last day (the month itself, as before).
TEST(TimelinePositions, StartMiddleAndEndOfAMonth) {
  EXPECT_EQ(read("đầu tháng 3/2026"), "dated [Đầu tháng 03/2026 2026-03-01..2026-03-01 day]");
  EXPECT_EQ(read("Giữa tháng 5 năm 2026"), "dated [Giữa tháng 05/2026 2026-05-15..2026-05-15 day]");
  EXPECT_EQ(read("Giữa tháng 2"), "dated [Giữa tháng 02/2026 2026-02-15..2026-02-15 day]");
  EXPECT_EQ(read("cuối tháng 12"), "dated [Tháng 12/2026 2026-12-01..2026-12-31 month]");
  EXPECT_EQ(read("Cuối tháng 2/2028"), "dated [Tháng 02/2028 2028-02-01..2028-02-29 month]");
  // A list of positions, each its own occurrence.
  EXPECT_EQ(read("Đầu tháng 3 và giữa tháng 9/2026"),
            "dated [Đầu tháng 03/2026 2026-03-01..2026-03-01 day] [Giữa tháng 09/2026 2026-09-15..2026-09-15 day]");
}

// A quarter: its end is the quarter itself; its start, by the reading Art.
// 146 gives a month and a year, its first day. It has no middle day.
TEST(TimelinePositions, StartAndEndOfAQuarter) {
  EXPECT_EQ(read("cuối quý I/2026"), "dated [Quý I/2026 2026-01-01..2026-03-31 quarter]");
  EXPECT_EQ(read("Đầu quý II/2026"), "dated [Đầu quý II/2026 2026-04-01..2026-04-01 day]");
  EXPECT_EQ(read("đầu quý 3"), "dated [Đầu quý III/2026 2026-07-01..2026-07-01 day]");
  EXPECT_EQ(parse_error("Giữa quý II/2026", 2026), expected_error("Giữa quý II/2026"));
}

// The position of every period of a cadence, in either word order.
TEST(TimelinePositions, InEveryPeriodOfACadence) {
  const std::vector<std::string> fifteenths{"2026-01-15", "2026-02-15", "2026-03-15", "2026-04-15",
                                            "2026-05-15", "2026-06-15", "2026-07-15", "2026-08-15",
                                            "2026-09-15", "2026-10-15", "2026-11-15", "2026-12-15"};
  for (const char* phrase : {"giữa tháng hằng tháng", "Giữa mỗi tháng", "giữa các tháng", "Hằng tháng, vào giữa tháng",
                             "Hằng tháng (giữa tháng)", "Mỗi tháng, giữa tháng"}) {
    const Timeline timeline = parse_ok(phrase, k_2026);
    EXPECT_EQ(due_dates(timeline), fifteenths) << phrase;
    ASSERT_FALSE(timeline.occurrences.empty()) << phrase;
    EXPECT_EQ(timeline.occurrences.front().label, "Giữa tháng 01/2026") << phrase;
  }
  const PlanSpan span{2026, 2027};
  const std::vector<std::string> quarter_ends{"2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31",
                                              "2027-03-31", "2027-06-30", "2027-09-30", "2027-12-31"};
  for (const char* phrase : {"cuối mỗi quý", "Cuối quý hằng quý", "cuối các quý", "Hằng quý, cuối quý"}) {
    EXPECT_EQ(due_dates(parse_ok(phrase, span)), quarter_ends) << phrase;
  }
  EXPECT_EQ(due_dates(parse_ok("Đầu quý hằng quý", k_2026)),
            (std::vector<std::string>{"2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"}));
  for (const char* phrase : {"đầu mỗi năm", "Đầu năm hằng năm", "Hằng năm, đầu năm", "Hằng năm vào đầu năm"}) {
    EXPECT_EQ(due_dates(parse_ok(phrase, span)), (std::vector<std::string>{"2026-01-01", "2027-01-01"})) << phrase;
  }
  EXPECT_EQ(due_dates(parse_ok("Giữa năm hằng năm", span)), (std::vector<std::string>{"2026-06-30", "2027-06-30"}));
  // Over the years written.
  EXPECT_EQ(due_dates(parse_ok("Giữa mỗi năm giai đoạn 2026-2028", k_2026)),
            (std::vector<std::string>{"2026-06-30", "2027-06-30", "2028-06-30"}));
  // A numbered month each year.
  EXPECT_EQ(due_dates(parse_ok("Đầu tháng 3 hằng năm", span)), (std::vector<std::string>{"2026-03-01", "2027-03-01"}));
}

// "đầu" begins a time only before a period: "đầu mối", "đầu tư" are words of
// the activity.
TEST(TimelinePositions, DauBeginsATimeOnlyBeforeAPeriod) {
  EXPECT_EQ(read("Xây dựng đầu mối liên hệ trong năm 2026"), "dated [Năm 2026 2026-01-01..2026-12-31 year]");
  EXPECT_EQ(read("Hoàn thành đầu tư hạ tầng vào đầu năm 2027"), "dated [Đầu năm 2027 2027-01-01..2027-01-01 day]");
}

// A compound cell's clause that puts its cadence at a position is read whole.
TEST(TimelinePositions, InTheClauseOfACompoundCell) {
  const Timeline timeline = parse_ok("Năm 2026. Báo cáo giữa mỗi năm", PlanSpan{2026, 2027});
  EXPECT_EQ(due_dates(timeline), (std::vector<std::string>{"2026-12-31", "2026-06-30", "2027-06-30"}));
  // What is reported, after the position, is a note; the position still moves the day.
  const Timeline monthly = parse_ok("Năm 2026. Giữa mỗi tháng báo cáo Sở Nội vụ", PlanSpan{2026, 2027});
  EXPECT_EQ(monthly.note, "báo cáo Sở Nội vụ");
  ASSERT_EQ(monthly.occurrences.size(), 25U);
  EXPECT_EQ(to_iso(monthly.occurrences[1].nominal_due), "2026-01-15");
  // One it cannot read whole is refused, never taken for its bare cadence.
  EXPECT_FALSE(parse_timeline("Năm 2026. Giữa mỗi tháng báo cáo trước ngày 20", PlanSpan{2026, 2027}));
  // "cuối mỗi quý" is the cadence's own day.
  EXPECT_EQ(parse_ok("Thường xuyên, cuối mỗi quý báo cáo", k_2026).occurrences.size(), 4U);
}

// Which period, or which day of it, is not said: refused, each a located
// error quoting the phrase.
TEST(TimelinePositions, WhatIsNotSaidIsRefused) {
  for (const char* phrase :
       {"Đầu tháng", "Giữa tháng", "Cuối quý", "Giữa quý", "Giữa quý hằng quý", "Đầu tháng hằng năm",
        "Giữa mỗi tháng, trước ngày 25", "Giữa 6 tháng", "Đầu tuần", "Giữa năm 2026 và"}) {
    EXPECT_EQ(parse_error(phrase, 2026), expected_error(phrase)) << phrase;
  }
}

// Weeks inside a month: week N is days 7N-6..7N, the last week the last 7
// days of the month; due on the week's last day.
TEST(TimelineWeeksOfAMonth, FirstLastAndNumberedWeeks) {
  EXPECT_EQ(read("Tuần đầu tiên của tháng 3/2026"), "dated [Tuần đầu tháng 03/2026 2026-03-01..2026-03-07 week]");
  EXPECT_EQ(read("tuần đầu tháng 3/2026"), read("Tuần đầu tiên của tháng 3/2026"));
  EXPECT_EQ(read("tuần 1 tháng 3/2026"), read("Tuần đầu tiên của tháng 3/2026"));
  EXPECT_EQ(read("tuần cuối của tháng 12"), "dated [Tuần cuối tháng 12/2026 2026-12-25..2026-12-31 week]");
  EXPECT_EQ(read("Tuần cuối cùng tháng 2/2028"), "dated [Tuần cuối tháng 02/2028 2028-02-23..2028-02-29 week]");
  EXPECT_EQ(read("tuần thứ 2 của tháng 4"), "dated [Tuần thứ 2 tháng 04/2026 2026-04-08..2026-04-14 week]");
  EXPECT_EQ(read("Tuần thứ hai tháng 4"), read("tuần thứ 2 của tháng 4"));
  EXPECT_EQ(read("tuần thứ tư tháng 2/2026"), "dated [Tuần thứ 4 tháng 02/2026 2026-02-22..2026-02-28 week]");
  // "Hoàn thành trong tuần đầu tháng 01/2027".
  EXPECT_EQ(read("Hoàn thành trong tuần đầu tháng 01/2027"),
            "dated [Tuần đầu tháng 01/2027 2027-01-01..2027-01-07 week]");
}

TEST(TimelineWeeksOfAMonth, EveryYearOrEveryMonth) {
  const PlanSpan span{2026, 2028};
  const Timeline yearly = parse_ok("trong tuần đầu tháng 01 hằng năm", span);
  EXPECT_EQ(due_dates(yearly), (std::vector<std::string>{"2026-01-07", "2027-01-07", "2028-01-07"}));
  EXPECT_EQ(labels(yearly),
            (std::vector<std::string>{"Tuần đầu tháng 01/2026", "Tuần đầu tháng 01/2027", "Tuần đầu tháng 01/2028"}));
  // The last week of February moves with leap years, start and end.
  EXPECT_EQ(describe(parse_ok("Tuần cuối tháng 2 hằng năm", PlanSpan{2027, 2028})),
            "dated [Tuần cuối tháng 02/2027 2027-02-22..2027-02-28 week]"
            " [Tuần cuối tháng 02/2028 2028-02-23..2028-02-29 week]");
  // The fourth week stays days 22-28, also in a leap year's February.
  EXPECT_EQ(describe(parse_ok("Tuần thứ 4 tháng 2 hằng năm", PlanSpan{2027, 2028})),
            "dated [Tuần thứ 4 tháng 02/2027 2027-02-22..2027-02-28 week]"
            " [Tuần thứ 4 tháng 02/2028 2028-02-22..2028-02-28 week]");
  for (const char* phrase : {"Tuần đầu mỗi tháng", "tuần đầu tháng hằng tháng", "Tuần đầu của các tháng"}) {
    const Timeline monthly = parse_ok(phrase, k_2026);
    ASSERT_EQ(monthly.occurrences.size(), 12U) << phrase;
    EXPECT_EQ(monthly.occurrences[1].label, "Tuần đầu tháng 02/2026") << phrase;
    EXPECT_EQ(to_iso(monthly.occurrences[1].nominal_due), "2026-02-07") << phrase;
  }
  EXPECT_EQ(to_iso(parse_ok("Tuần cuối mỗi tháng", k_2026).occurrences[1].nominal_due), "2026-02-28");
}

// A fifth week is not a whole week of every month, and weeks are read
// inside a month only: refused.
TEST(TimelineWeeksOfAMonth, WhatIsNotAWeekOfAMonthIsRefused) {
  for (const char* phrase : {"Tuần thứ 5 của tháng 3", "tuần thứ năm tháng 3/2026", "Tuần đầu năm 2026",
                             "Tuần cuối quý I", "Tuần đầu tháng hằng năm", "Tuần đầu tháng", "Tuần đầu tháng 13",
                             "Tuần đầu mỗi quý", "Tuần đầu mỗi tháng, trước ngày 5"}) {
    EXPECT_EQ(parse_error(phrase, 2026), expected_error(phrase)) << phrase;
  }
}

// A yearly cadence due in the next year names the year it reports on, as
// "Báo cáo năm (trước ngày 31/01 năm sau)" does: "Năm 2026", due 31/01/2027.
TEST(TimelineNextYearLabels, AYearlyDayInTheNextYearNamesTheYearReportedOn) {
  const PlanSpan span{2026, 2029};
  for (const char* phrase : {"Hằng năm, trước ngày 31/01 năm sau", "Trước ngày 31/01 năm sau, hằng năm",
                             "Hằng năm, trước ngày 31/01 của năm tiếp theo"}) {
    const Timeline timeline = parse_ok(phrase, span);
    EXPECT_EQ(labels(timeline), (std::vector<std::string>{"Năm 2026", "Năm 2027", "Năm 2028", "Năm 2029"})) << phrase;
    EXPECT_EQ(due_dates(timeline), (std::vector<std::string>{"2027-01-31", "2028-01-31", "2029-01-31", "2030-01-31"}))
        << phrase;
    EXPECT_EQ(timeline.occurrences.front().period, PeriodKind::year) << phrase;
    EXPECT_EQ(timeline.occurrences.front().anchor, DueAnchor::before_date) << phrase;
  }
  // A day inside the year stays a day; without a cadence a date is its label.
  EXPECT_EQ(labels(parse_ok("Hằng năm, trước ngày 15/12", PlanSpan{2026, 2027})),
            (std::vector<std::string>{"15/12/2026", "15/12/2027"}));
  EXPECT_EQ(labels(parse_ok("Trước ngày 31/01 năm sau", k_2026)), (std::vector<std::string>{"31/01/2027"}));
}

// The years of a label move once: a period due in the next year, repeated.
TEST(TimelineNextYearLabels, ALabelsYearsMoveOnce) {
  const PlanSpan span{2026, 2028};
  EXPECT_EQ(labels(parse_ok("Báo cáo năm (trước ngày 31/01 năm sau) hằng năm", span)),
            (std::vector<std::string>{"Báo cáo Năm 2026", "Báo cáo Năm 2027", "Báo cáo Năm 2028"}));
  EXPECT_EQ(labels(parse_ok("Quý IV và Quý I năm sau, hằng năm", span)),
            (std::vector<std::string>{"Quý IV/2026-Quý I/2027", "Quý IV/2027-Quý I/2028", "Quý IV/2028-Quý I/2029"}));
}

// "chậm nhất vào ngày làm việc cuối cùng của tháng ba hằng năm": the last
// working day said as a deadline, its month in words.
TEST(TimelinePositions, TheLastWorkingDayAsADeadlineAndMonthsInWords) {
  const std::string march = describe(parse_ok("Ngày làm việc cuối cùng của tháng 3 hằng năm", 2014));
  for (const std::string phrase :
       {"chậm nhất vào ngày làm việc cuối cùng của tháng ba hằng năm",
        "Chậm nhất là ngày làm việc cuối cùng của tháng 3", "vào ngày làm việc cuối cùng của tháng ba",
        "CHẬM NHẤT VÀO NGÀY LÀM VIỆC CUỐI CÙNG CỦA THÁNG BA HẰNG NĂM."}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2014);
    EXPECT_EQ(describe(timeline), march);
    ASSERT_EQ(timeline.occurrences.size(), 1U);
    EXPECT_TRUE(timeline.occurrences.front().last_working_day);
  }
  EXPECT_EQ(due_dates(parse_ok("chậm nhất vào ngày làm việc cuối cùng của tháng tư hằng năm", 2014)),
            std::vector<std::string>{"2014-04-30"});
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 15 tháng ba", 2024)), std::vector<std::string>{"2024-03-15"});
  EXPECT_EQ(due_dates(parse_ok("ngày 15 tháng mười hai", 2024)), std::vector<std::string>{"2024-12-15"});
  EXPECT_EQ(due_dates(parse_ok("tháng chín năm 2024", 2024)), std::vector<std::string>{"2024-09-30"});
  EXPECT_EQ(due_dates(parse_ok("Tháng mười một", 2024)), std::vector<std::string>{"2024-11-30"});
  // Words that read otherwise stay as they are.
  EXPECT_EQ(parsed("hằng tháng từ ngày 1 đến ngày 5", 2024), parsed("Từ ngày 1 đến ngày 5 hằng tháng", 2024));
  parse_error("mỗi tháng hai lần", 2024);
  parse_error("tháng tư", 2024);
  parse_error("Tháng sáu", 2024);  // folds as "tháng sau", the next month
}

}  // namespace
}  // namespace deadlined
