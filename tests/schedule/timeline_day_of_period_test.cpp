// Phrase families found by probing spellings of real plans' timeline cells:
// a stated day of every period ("trước ngày 25 hằng tháng", "trước ngày 20
// của tháng cuối quý"), a cadence over a window of years ("Hằng năm, giai
// đoạn 2026-2030"), "chậm nhất trước ngày", "hoặc đột xuất", notes in
// parentheses. Every one was refused, or silently read as another date, before.
#include "schedule/timeline.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deadlined {
namespace {

Timeline parse_ok(std::string_view phrase, PlanSpan span) {
  auto result = parse_timeline(phrase, span);
  EXPECT_TRUE(result.has_value()) << "phrase: " << phrase << "\n" << (result ? std::string{} : result.error().message);
  return result ? *result : Timeline{};
}

std::vector<std::string> dues(const Timeline& timeline) {
  std::vector<std::string> out;
  for (const Occurrence& occurrence : timeline.occurrences) {
    out.push_back(to_iso(occurrence.nominal_due));
  }
  return out;
}

const PlanSpan k_2026{2026, std::nullopt};
const PlanSpan k_2026_2027{2026, 2027};

TEST(TimelineDayOfPeriod, AStatedDayOfEveryMonthInEverySpelling) {
  for (const char* phrase :
       {"Trước ngày 25 hằng tháng", "trước ngày 25 hàng tháng.", "Hằng tháng, trước ngày 25",
        "Hằng tháng (trước ngày 25)", "Định kỳ hằng tháng, trước ngày 25", "TRƯỚC NGÀY 25 HẰNG THÁNG",
        "Truoc ngay 25 hang thang", "Trước ngày 25 của tháng, hằng tháng"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, k_2026);
    ASSERT_EQ(timeline.occurrences.size(), 12U);
    EXPECT_EQ(to_iso(timeline.occurrences[0].nominal_due), "2026-01-25");
    EXPECT_EQ(to_iso(timeline.occurrences[11].nominal_due), "2026-12-25");
    EXPECT_EQ(timeline.occurrences[0].label, "Tháng 01/2026");
    EXPECT_EQ(timeline.occurrences[0].anchor, DueAnchor::before_date);
    EXPECT_FALSE(timeline.occurrences[0].report);  // an explicit day: no per-tier report day
  }
  // Without "trước" the day itself, in every month of a multi-year plan.
  const Timeline monthly = parse_ok("Ngày 20 hàng tháng", k_2026_2027);
  ASSERT_EQ(monthly.occurrences.size(), 24U);
  EXPECT_EQ(monthly.occurrences[23].anchor, DueAnchor::period_end);
  EXPECT_EQ(to_iso(monthly.occurrences[23].nominal_due), "2027-12-20");
}

TEST(TimelineDayOfPeriod, ADayPastTheEndOfAShortMonthIsItsLastDay) {
  const Timeline timeline = parse_ok("Trước ngày 31 hằng tháng", k_2026);
  EXPECT_EQ(to_iso(timeline.occurrences[1].nominal_due), "2026-02-28");
  EXPECT_EQ(to_iso(timeline.occurrences[3].nominal_due), "2026-04-30");
}

TEST(TimelineDayOfPeriod, TheLastMonthOfEachQuarter) {
  const std::vector<std::string> expected{"2026-03-20", "2026-06-20", "2026-09-20", "2026-12-20"};
  for (const char* phrase : {"Trước ngày 20 tháng cuối quý", "Trước ngày 20 của tháng cuối quý",
                             "Hằng quý, trước ngày 20 của tháng cuối quý",
                             "Định kỳ hằng quý (trước ngày 20 tháng cuối quý)", "trước ngày 20 tháng cuối của mỗi quý",
                             "Báo cáo trước ngày 20 của tháng cuối quý", "Trước ngày 20 tháng cuối quý hằng quý"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, k_2026);
    EXPECT_EQ(dues(timeline), expected);
    ASSERT_FALSE(timeline.occurrences.empty());
    EXPECT_NE(timeline.occurrences[0].label.find("Quý I/2026"), std::string::npos);
  }
}

TEST(TimelineDayOfPeriod, TheMonthAfterThePeriod) {
  EXPECT_EQ(dues(parse_ok("Trước ngày 10 của tháng đầu quý sau", k_2026)),
            (std::vector<std::string>{"2026-04-10", "2026-07-10", "2026-10-10", "2027-01-10"}));
  const Timeline monthly = parse_ok("Hằng tháng, trước ngày 5 của tháng sau", k_2026);
  ASSERT_EQ(monthly.occurrences.size(), 12U);
  EXPECT_EQ(to_iso(monthly.occurrences[0].nominal_due), "2026-02-05");
  EXPECT_EQ(to_iso(monthly.occurrences[11].nominal_due), "2027-01-05");
}

// Statistics and tax rules name a month of the quarter after the one
// reported on: the first, the second (or middle) and the last (or third).
TEST(TimelineDayOfPeriod, AnyMonthOfTheNextQuarterAndThePeriodReportedOn) {
  const std::vector<std::string> second{"2026-05-12", "2026-08-12", "2026-11-12", "2027-02-12"};
  for (const char* phrase :
       {"Ngày 12 tháng thứ hai quý sau quý báo cáo", "Ngày 12 tháng thứ 2 quý sau",
        "Hằng quý, ngày 12 của tháng giữa quý tiếp theo", "chậm nhất ngày 12 tháng thứ hai của quý kế tiếp"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(dues(parse_ok(phrase, k_2026)), second);
  }
  const std::vector<std::string> third{"2026-06-12", "2026-09-12", "2026-12-12", "2027-03-12"};
  for (const char* phrase : {"Ngày 12 tháng cuối quý sau quý báo cáo", "ngày 12 của tháng thứ ba quý sau",
                             "Trước ngày 12 tháng cuối quý tiếp theo liền kề kỳ báo cáo"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(dues(parse_ok(phrase, k_2026)), third);
  }
  // The month is never a weekday ("thứ hai" is also Monday): without the
  // next period it is not this family.
  EXPECT_FALSE(parse_timeline("Ngày 12 tháng thứ hai quý", k_2026).has_value());
  // A monthly report has no second month in its next period.
  EXPECT_FALSE(parse_timeline("Hằng tháng, ngày 12 tháng thứ hai kỳ sau", k_2026).has_value());
  // The first month of the same quarter does not say which report it closes.
  EXPECT_FALSE(parse_timeline("Hằng quý, ngày 10 tháng đầu quý", k_2026).has_value());
}

TEST(TimelineDayOfPeriod, TheLastDayOfAMonthOfEveryPeriod) {
  // The tax rule for quarterly returns: the last day of the month after the quarter.
  EXPECT_EQ(dues(parse_ok("chậm nhất là ngày cuối cùng của tháng đầu quý tiếp theo liền kề quý phát sinh nghĩa vụ thuế",
                          k_2026)),
            (std::vector<std::string>{"2026-04-30", "2026-07-31", "2026-10-31", "2027-01-31"}));
  const Timeline monthly = parse_ok("Hằng tháng, ngày cuối cùng của tháng", k_2026);
  ASSERT_EQ(monthly.occurrences.size(), 12U);
  EXPECT_EQ(to_iso(monthly.occurrences[1].nominal_due), "2026-02-28");
  EXPECT_EQ(to_iso(monthly.occurrences[3].nominal_due), "2026-04-30");
  EXPECT_EQ(dues(parse_ok("chậm nhất là ngày cuối cùng của tháng tiếp theo", k_2026)).front(), "2026-02-28");
  // "trong (cùng) ngày 01 hàng tháng": on that day (a schedule of meetings).
  for (const char* phrase : {"trong cùng ngày 01 hàng tháng", "trong ngày 01 hàng tháng"}) {
    SCOPED_TRACE(phrase);
    const Timeline on_the_first = parse_ok(phrase, k_2026);
    ASSERT_EQ(on_the_first.occurrences.size(), 12U);
    EXPECT_EQ(to_iso(on_the_first.occurrences[4].nominal_due), "2026-05-01");
  }
  // "ngày cuối cùng" is one day: no list of days follows it.
  EXPECT_FALSE(parse_timeline("ngày cuối cùng và 15 hằng tháng", k_2026).has_value());
}

TEST(TimelineDayOfPeriod, AReportClauseOfOngoingWorkKeepsItsDay) {
  // Before, the day was dropped and the report fell due at the quarter's end.
  const Timeline timeline = parse_ok("Thường xuyên; báo cáo hằng quý trước ngày 15 của tháng cuối quý", k_2026);
  EXPECT_EQ(timeline.kind, TimelineKind::ongoing);
  EXPECT_EQ(dues(timeline), (std::vector<std::string>{"2026-03-15", "2026-06-15", "2026-09-15", "2026-12-15"}));
}

TEST(TimelineDayOfPeriod, ADayWithoutItsMonthIsRefusedNotGuessed) {
  // Which month of the quarter? Not guessed; and a day is never a silent note.
  for (const char* phrase : {"Hằng quý, trước ngày 20", "Thường xuyên; báo cáo hằng quý trước ngày 15",
                             "Hằng tháng, trước ngày 20 tháng cuối quý", "Hằng quý, trước ngày 40 tháng cuối quý",
                             "Năm 2026. Tổ chức sơ kết trước ngày 15"}) {
    SCOPED_TRACE(phrase);
    EXPECT_FALSE(parse_timeline(phrase, k_2026).has_value());
  }
}

TEST(TimelineDayOfPeriod, DatesAreStillDates) {
  EXPECT_EQ(dues(parse_ok("Trước ngày 20 tháng 12 hằng năm", k_2026_2027)),
            (std::vector<std::string>{"2026-12-20", "2027-12-20"}));
  EXPECT_EQ(dues(parse_ok("Định kỳ hằng năm, trước ngày 15/12", k_2026_2027)),
            (std::vector<std::string>{"2026-12-15", "2027-12-15"}));
  EXPECT_EQ(dues(parse_ok("Trước ngày 15/8/2026", k_2026)), (std::vector<std::string>{"2026-08-15"}));
}

TEST(TimelineCadenceOverYears, EveryYearOrQuarterOfTheWindowWritten) {
  const std::vector<std::string> years{"2026-12-31", "2027-12-31", "2028-12-31"};
  for (const char* phrase :
       {"Hằng năm, giai đoạn 2026-2028", "Hằng năm (2026-2028)", "Hằng năm từ 2026 đến 2028",
        "Năm 2026 - 2028 (hằng năm)", "Giai đoạn 2026–2028, hằng năm", "hàng năm trong giai đoạn 2026 - 2028"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(dues(parse_ok(phrase, k_2026)), years);
  }
  for (const char* phrase : {"Hằng quý giai đoạn 2026-2027", "Giai đoạn 2026-2027, hằng quý"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, k_2026);
    ASSERT_EQ(timeline.occurrences.size(), 8U);
    EXPECT_EQ(to_iso(timeline.occurrences[7].nominal_due), "2027-12-31");
  }
  // Without a cadence a window is still one obligation at its end (Art. 146).
  EXPECT_EQ(dues(parse_ok("Giai đoạn 2026-2028", k_2026)), (std::vector<std::string>{"2028-12-31"}));
}

TEST(TimelineSpellings, ChamNhatTruocHanChotLienTucQui) {
  const Timeline before = parse_ok("Chậm nhất trước ngày 15/12/2026", k_2026);
  EXPECT_EQ(dues(before), (std::vector<std::string>{"2026-12-15"}));
  EXPECT_EQ(before.occurrences[0].anchor, DueAnchor::before_date);
  EXPECT_EQ(dues(parse_ok("Chậm nhất đến hết năm 2027", k_2026)), (std::vector<std::string>{"2027-12-31"}));
  EXPECT_EQ(dues(parse_ok("Hạn chót 15/12/2026", k_2026)), (std::vector<std::string>{"2026-12-15"}));
  EXPECT_EQ(dues(parse_ok("Thời hạn hoàn thành: Quý II/2026", k_2026)), (std::vector<std::string>{"2026-06-30"}));
  EXPECT_EQ(parse_ok("Liên tục", k_2026).kind, TimelineKind::ongoing);
  EXPECT_EQ(dues(parse_ok("Quí III/2026", k_2026)), (std::vector<std::string>{"2026-09-30"}));
}

TEST(TimelineSpellings, OrOnRequestAfterACadenceIsANote) {
  const Timeline yearly = parse_ok("Định kỳ hằng năm hoặc đột xuất", k_2026_2027);
  EXPECT_EQ(dues(yearly), (std::vector<std::string>{"2026-12-31", "2027-12-31"}));
  EXPECT_NE(yearly.note.find("đột xuất"), std::string::npos) << yearly.note;
  EXPECT_EQ(parse_ok("Hằng quý hoặc khi có yêu cầu", k_2026).occurrences.size(), 4U);
  EXPECT_EQ(parse_ok("Định kỳ hoặc đột xuất", k_2026).kind, TimelineKind::on_demand);
}

TEST(TimelineSpellings, WordsInParenthesesAfterADateAreANoteUnlessTheyNameTime) {
  const Timeline tentative = parse_ok("Quý I/2026 (dự kiến)", k_2026);
  EXPECT_EQ(dues(tentative), (std::vector<std::string>{"2026-03-31"}));
  EXPECT_EQ(tentative.note, "dự kiến");
  EXPECT_EQ(dues(parse_ok("Năm 2026 (sau khi có hướng dẫn)", k_2026)), (std::vector<std::string>{"2026-12-31"}));
  EXPECT_EQ(dues(parse_ok("Quý IV/2026 (hằng năm)", k_2026_2027)),
            (std::vector<std::string>{"2026-12-31", "2027-12-31"}));
  for (const char* phrase : {"Quý I/2026 (2027)", "Quý I/2026 (ngày 15)", "Quý I/2026 (hằng tuần)"}) {
    SCOPED_TRACE(phrase);
    EXPECT_FALSE(parse_timeline(phrase, k_2026).has_value());
  }
}

TEST(TimelineSpellings, ReviewsAndPhasesOfMultiYearPlans) {
  const PlanSpan span{2026, 2030};
  EXPECT_EQ(dues(parse_ok("Sơ kết năm 2027, tổng kết năm 2030", span)),
            (std::vector<std::string>{"2027-12-31", "2030-12-31"}));
  EXPECT_EQ(dues(parse_ok("Năm 2026 - 2027; sơ kết năm 2028", span)),
            (std::vector<std::string>{"2027-12-31", "2028-12-31"}));
  EXPECT_EQ(dues(parse_ok("Đánh giá, tổng kết vào Quý IV/2030", span)), (std::vector<std::string>{"2030-12-31"}));
  const Timeline phases = parse_ok("Giai đoạn 1: 2026-2027; Giai đoạn 2: 2028-2030", span);
  EXPECT_EQ(dues(phases), (std::vector<std::string>{"2027-12-31", "2030-12-31"}));
  ASSERT_EQ(phases.occurrences.size(), 2U);
  EXPECT_EQ(phases.occurrences[0].label, "Giai đoạn 1 (2026-2027)");
  EXPECT_EQ(parse_ok("Giai đoạn II (2028-2030)", span).occurrences.at(0).label, "Giai đoạn II (2028-2030)");
  EXPECT_FALSE(parse_timeline("Giai đoạn II", span).has_value());
  EXPECT_EQ(parse_ok("Quý II/2026, tiếp tục thực hiện các năm tiếp theo", span).occurrences.size(), 5U);
}

TEST(TimelineSpellings, MoiAndTheoBeforeACadence) {
  EXPECT_EQ(parse_ok("Mỗi quý một lần", k_2026).occurrences.size(), 4U);
  EXPECT_EQ(parse_ok("Theo quý", k_2026).occurrences.size(), 4U);
  EXPECT_EQ(dues(parse_ok("Mỗi năm 1 lần", k_2026_2027)), (std::vector<std::string>{"2026-12-31", "2027-12-31"}));
  EXPECT_EQ(parse_ok("Theo quy định", k_2026).kind, TimelineKind::on_demand);
}

}  // namespace
}  // namespace deadlined
