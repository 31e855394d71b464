#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

// ---- every distinct phrase of the seed plan (QĐ 3489/QĐ-UBND), verbatim ------

struct SeedCase {
  std::string phrase;
  TimelineKind kind;
  std::vector<std::string> dues;
  bool conditional = false;
};

const std::vector<SeedCase>& seed_cases() {
  static const std::vector<SeedCase> k_cases{
      {"Quý I/2022", TimelineKind::dated, {"2022-03-31"}},
      {"Thường xuyên trong năm 2022", TimelineKind::ongoing, {}},
      {"Tháng 12/2021", TimelineKind::dated, {"2021-12-31"}},
      {"Trước 31/12/2021", TimelineKind::dated, {"2021-12-31"}},
      {"Trước ngày 15/8/2022", TimelineKind::dated, {"2022-08-15"}},
      {"Trước ngày 15/9/2022", TimelineKind::dated, {"2022-09-15"}},
      {"Thường xuân trong năm 2022", TimelineKind::ongoing, {}},
      {"Khi có yêu cầu của Sở Thông tin và Truyền thông", TimelineKind::on_demand, {}},
      {"Năm 2022", TimelineKind::dated, {"2022-12-31"}},
      {"Theo Kế hoạch", TimelineKind::on_demand, {}},
      {"Tháng 01/2022", TimelineKind::dated, {"2022-01-31"}},
      {"Quý II, III", TimelineKind::dated, {"2022-09-30"}},
      {"Theo Kế hoạch của đơn vị", TimelineKind::on_demand, {}},
      {"Quý IV", TimelineKind::dated, {"2022-12-31"}},
      {"Khi có thay đổi, thực hiện theo Quý",
       TimelineKind::dated,
       {"2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"},
       true},
      {"Theo yêu cầu và Kế hoạch của Văn phòng Chính phủ", TimelineKind::on_demand, {}},
      {"6 tháng đầu năm và cuối năm 2022", TimelineKind::dated, {"2022-06-30", "2022-12-31"}},
      {"- Báo cáo Quý I/2022; - Báo cáo Quý II/2022; - Báo cáo Quý III/2022; - Báo cáo Năm 2022.",
       TimelineKind::dated,
       {"2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"}},
      {"Trong năm 2022", TimelineKind::dated, {"2022-12-31"}},
      // Section III.1 of the body of the plan.
      {"trước ngày 20 tháng 01 năm 2022", TimelineKind::dated, {"2022-01-20"}},
  };
  return k_cases;
}

TEST(TimelineSeedPlan, EveryDistinctSeedPhraseHasItsKindAndDueDates) {
  for (const SeedCase& seed : seed_cases()) {
    SCOPED_TRACE(seed.phrase);
    const Timeline timeline = parse_ok(seed.phrase);
    EXPECT_EQ(to_string(timeline.kind), to_string(seed.kind));
    EXPECT_EQ(due_dates(timeline), seed.dues);
    EXPECT_EQ(timeline.conditional, seed.conditional);
  }
}

// Guards the transcription above: each phrase must occur in the seed text.
TEST(TimelineSeedPlan, SeedPhrasesAreCopiedVerbatimFromTheSeedFile) {
  // The decision's text ships with the repository (docs/sources/), so a
  // clone anywhere runs this test.
  std::ifstream file(DEADLINED_SOURCE_DIR "/docs/sources/qd-3489-qd-ubnd-2021-ke-hoach-kiem-soat-tthc-2022.txt");
  ASSERT_TRUE(file) << "seed plan not found under docs/sources/";
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string text = buffer.str();
  for (const SeedCase& seed : seed_cases()) {
    EXPECT_NE(text.find(seed.phrase), std::string::npos) << seed.phrase;
  }
}

TEST(TimelineSeedPlan, QuarterIOf2022IsDueAtQuarterEnd) {
  const Timeline timeline = parse_ok("Quý I/2022");
  ASSERT_EQ(timeline.occurrences.size(), 1U);
  const Occurrence& occurrence = timeline.occurrences[0];
  EXPECT_EQ(occurrence.label, "Quý I/2022");
  EXPECT_EQ(to_iso(occurrence.period_start), "2022-01-01");
  EXPECT_EQ(to_iso(occurrence.nominal_due), "2022-03-31");
  EXPECT_EQ(occurrence.period, PeriodKind::quarter);
  EXPECT_EQ(occurrence.anchor, DueAnchor::period_end);
  EXPECT_FALSE(occurrence.report);
  EXPECT_FALSE(timeline.conditional);
}

TEST(TimelineSeedPlan, QuarterIIAndIIIFormOneWindow) {
  const Timeline timeline = parse_ok("Quý II, III");
  ASSERT_EQ(timeline.occurrences.size(), 1U);
  const Occurrence& occurrence = timeline.occurrences[0];
  EXPECT_EQ(occurrence.period, PeriodKind::window);
  EXPECT_EQ(to_iso(occurrence.period_start), "2022-04-01");
  EXPECT_EQ(to_iso(occurrence.nominal_due), "2022-09-30");
  EXPECT_EQ(occurrence.label, "Quý II-III/2022");
}

TEST(TimelineSeedPlan, QuarterIVTakesThePlanYear) {
  EXPECT_EQ(due_dates(parse_ok("Quý IV", 2021)), std::vector<std::string>{"2021-12-31"});
  EXPECT_EQ(due_dates(parse_ok("Quý IV", 2023)), std::vector<std::string>{"2023-12-31"});
  // An explicit year wins over the plan year.
  EXPECT_EQ(due_dates(parse_ok("Quý I/2022", 2030)), std::vector<std::string>{"2022-03-31"});
}

TEST(TimelineSeedPlan, BeforeDatePhrasesKeepTheNamedDayAsNominalDue) {
  for (const std::string phrase : {"Trước ngày 15/8/2022", "Trước 31/12/2021", "trước ngày 20 tháng 01 năm 2022"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase);
    ASSERT_EQ(timeline.occurrences.size(), 1U);
    EXPECT_EQ(timeline.occurrences[0].anchor, DueAnchor::before_date);
    EXPECT_EQ(timeline.occurrences[0].period, PeriodKind::day);
    EXPECT_EQ(timeline.occurrences[0].period_start, timeline.occurrences[0].nominal_due);
  }
  EXPECT_EQ(parse_ok("Trước ngày 15/8/2022").occurrences[0].label, "15/08/2022");
  EXPECT_EQ(parse_ok("trước ngày 20 tháng 01 năm 2022").occurrences[0].label, "20/01/2022");
}

TEST(TimelineSeedPlan, FirstAndLastSixMonthsAreTwoHalfYearOccurrences) {
  const Timeline timeline = parse_ok("6 tháng đầu năm và cuối năm 2022");
  ASSERT_EQ(timeline.occurrences.size(), 2U);
  EXPECT_EQ(labels(timeline), (std::vector<std::string>{"6 tháng đầu năm 2022", "6 tháng cuối năm 2022"}));
  EXPECT_EQ(timeline.occurrences[0].period, PeriodKind::half);
  EXPECT_EQ(to_iso(timeline.occurrences[0].period_start), "2022-01-01");
  EXPECT_EQ(timeline.occurrences[1].period, PeriodKind::half);
  EXPECT_EQ(to_iso(timeline.occurrences[1].period_start), "2022-07-01");
}

TEST(TimelineSeedPlan, ReportSeriesGivesOneReportPerPeriod) {
  const Timeline timeline =
      parse_ok("- Báo cáo Quý I/2022; - Báo cáo Quý II/2022; - Báo cáo Quý III/2022; - Báo cáo Năm 2022.");
  EXPECT_EQ(timeline.kind, TimelineKind::dated);
  EXPECT_EQ(labels(timeline), (std::vector<std::string>{"Báo cáo Quý I/2022", "Báo cáo Quý II/2022",
                                                        "Báo cáo Quý III/2022", "Báo cáo Năm 2022"}));
  ASSERT_EQ(timeline.occurrences.size(), 4U);
  for (const Occurrence& occurrence : timeline.occurrences) {
    EXPECT_TRUE(occurrence.report) << occurrence.label;
    EXPECT_EQ(occurrence.anchor, DueAnchor::period_end) << occurrence.label;
  }
  EXPECT_EQ(timeline.occurrences[0].period, PeriodKind::quarter);
  EXPECT_EQ(timeline.occurrences[3].period, PeriodKind::year);
  EXPECT_EQ(to_iso(timeline.occurrences[3].period_start), "2022-01-01");
}

TEST(TimelineSeedPlan, ReportSeriesSplitOverLinesAsInTheTableCell) {
  const std::vector<std::string> expected{"2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"};
  const Timeline with_semicolons = parse_ok(
      "- Báo cáo Quý I/2022;\n- Báo cáo Quý II/2022;\n- Báo "
      "cáo Quý III/2022;\n- Báo cáo Năm 2022.");
  EXPECT_EQ(due_dates(with_semicolons), expected);
  const Timeline crlf_only = parse_ok(
      "- Báo cáo Quý I/2022\r\n- Báo cáo Quý II/2022\r\n- Báo cáo "
      "Quý III/2022\r\n- Báo cáo Năm 2022");
  EXPECT_EQ(due_dates(crlf_only), expected);
  const Timeline no_bullets =
      parse_ok("Báo cáo Quý I/2022\nBáo cáo Quý II/2022\nBáo cáo Quý III/2022\nBáo cáo Năm 2022");
  EXPECT_EQ(due_dates(no_bullets), expected);
  const Timeline flattened =
      parse_ok("- Báo cáo Quý I/2022 - Báo cáo Quý II/2022 - Báo cáo Quý III/2022 - Báo cáo Năm 2022");
  EXPECT_EQ(due_dates(flattened), expected);
  for (const Occurrence& occurrence : crlf_only.occurrences) {
    EXPECT_TRUE(occurrence.report);
  }
}

TEST(TimelineSeedPlan, CellWrappedInsideAPhraseIsOnePhrase) {
  // Rows 2.4 and 4.4 of the appendix wrap "Thường" onto its own line.
  EXPECT_EQ(parse_ok("Thường\nxuyên trong năm 2022").kind, TimelineKind::ongoing);
  EXPECT_EQ(parse_ok("Thường\nxuân trong năm 2022").kind, TimelineKind::ongoing);
}

TEST(TimelineSeedPlan, ConditionalQuarterlyCheckIsDatedAndConditional) {
  const Timeline timeline = parse_ok("Khi có thay đổi, thực hiện theo Quý");
  EXPECT_EQ(timeline.kind, TimelineKind::dated);
  EXPECT_TRUE(timeline.conditional);
  EXPECT_EQ(labels(timeline), (std::vector<std::string>{"Quý I/2022", "Quý II/2022", "Quý III/2022", "Quý IV/2022"}));
  for (const Occurrence& occurrence : timeline.occurrences) {
    EXPECT_FALSE(occurrence.report);
  }
}

// ---- general forms -----------------------------------------------------------

TEST(TimelineQuarters, AcceptsRomanAndArabicNumerals) {
  EXPECT_EQ(due_dates(parse_ok("Quý 2/2022")), std::vector<std::string>{"2022-06-30"});
  EXPECT_EQ(due_dates(parse_ok("quý 3 năm 2022")), std::vector<std::string>{"2022-09-30"});
  EXPECT_EQ(due_dates(parse_ok("Quý III/2023")), std::vector<std::string>{"2023-09-30"});
  EXPECT_EQ(due_dates(parse_ok("Quý IV/2021")), std::vector<std::string>{"2021-12-31"});
  EXPECT_EQ(to_iso(parse_ok("Quý IV/2021").occurrences[0].period_start), "2021-10-01");
  EXPECT_EQ(parse_ok("quý 3 năm 2022").occurrences[0].label, "Quý III/2022");
}

TEST(TimelineQuarters, DashedRangeIsTheSameWindowAsAComma) {
  EXPECT_EQ(parsed("Quý II-III"), parsed("Quý II, III"));
  EXPECT_EQ(parsed("Quý II – III"), parsed("Quý II, III"));
  EXPECT_EQ(parsed("Từ quý II đến quý III"), parsed("Quý II, III"));
  const Timeline whole_year = parse_ok("Quý I-IV/2023");
  ASSERT_EQ(whole_year.occurrences.size(), 1U);
  EXPECT_EQ(to_iso(whole_year.occurrences[0].period_start), "2023-01-01");
  EXPECT_EQ(to_iso(whole_year.occurrences[0].nominal_due), "2023-12-31");
  EXPECT_EQ(whole_year.occurrences[0].label, "Quý I-IV/2023");
}

TEST(TimelineQuarters, NonAdjacentQuartersGiveOneOccurrenceEach) {
  const Timeline timeline = parse_ok("Quý I và Quý III");
  EXPECT_EQ(due_dates(timeline), (std::vector<std::string>{"2022-03-31", "2022-09-30"}));
  EXPECT_EQ(timeline.occurrences[0].period, PeriodKind::quarter);
  EXPECT_EQ(timeline.occurrences[1].period, PeriodKind::quarter);
  EXPECT_EQ(due_dates(parse_ok("Quý I, III")), (std::vector<std::string>{"2022-03-31", "2022-09-30"}));
}

TEST(TimelineQuarters, ConsecutiveRunsInALongerListBecomeWindows) {
  const Timeline timeline = parse_ok("Quý I, II và IV");
  ASSERT_EQ(timeline.occurrences.size(), 2U);
  EXPECT_EQ(timeline.occurrences[0].period, PeriodKind::window);
  EXPECT_EQ(to_iso(timeline.occurrences[0].nominal_due), "2022-06-30");
  EXPECT_EQ(timeline.occurrences[1].period, PeriodKind::quarter);
  EXPECT_EQ(to_iso(timeline.occurrences[1].nominal_due), "2022-12-31");
}

TEST(TimelineQuarters, TrailingYearAppliesToTheWholeList) {
  EXPECT_EQ(due_dates(parse_ok("Quý I và Quý III/2023")), (std::vector<std::string>{"2023-03-31", "2023-09-30"}));
}

TEST(TimelineQuarters, WindowMayCrossTheYearBoundary) {
  const Timeline timeline = parse_ok("Quý IV/2021, Quý I/2022");
  ASSERT_EQ(timeline.occurrences.size(), 1U);
  EXPECT_EQ(timeline.occurrences[0].label, "Quý IV/2021-Quý I/2022");
  EXPECT_EQ(to_iso(timeline.occurrences[0].period_start), "2021-10-01");
  EXPECT_EQ(to_iso(timeline.occurrences[0].nominal_due), "2022-03-31");
}

TEST(TimelineQuarters, ReportedQuartersAreNeverMergedIntoAWindow) {
  const Timeline timeline = parse_ok("Báo cáo Quý II, III");
  EXPECT_EQ(labels(timeline), (std::vector<std::string>{"Báo cáo Quý II/2022", "Báo cáo Quý III/2022"}));
}

TEST(TimelineMonths, MonthIsDueOnItsLastDay) {
  EXPECT_EQ(due_dates(parse_ok("tháng 1 năm 2022")), std::vector<std::string>{"2022-01-31"});
  EXPECT_EQ(due_dates(parse_ok("Tháng 02/2022")), std::vector<std::string>{"2022-02-28"});
  EXPECT_EQ(due_dates(parse_ok("Tháng 2/2024")), std::vector<std::string>{"2024-02-29"});
  EXPECT_EQ(due_dates(parse_ok("Tháng 6")), std::vector<std::string>{"2022-06-30"});
  const Occurrence occurrence = parse_ok("Tháng 01/2022").occurrences.at(0);
  EXPECT_EQ(occurrence.label, "Tháng 01/2022");
  EXPECT_EQ(occurrence.period, PeriodKind::month);
  EXPECT_EQ(to_iso(occurrence.period_start), "2022-01-01");
}

TEST(TimelineMonths, ConsecutiveMonthsFormAWindow) {
  const Timeline timeline = parse_ok("Tháng 01, 02/2022");
  ASSERT_EQ(timeline.occurrences.size(), 1U);
  EXPECT_EQ(timeline.occurrences[0].label, "Tháng 01-02/2022");
  EXPECT_EQ(to_iso(timeline.occurrences[0].nominal_due), "2022-02-28");
  EXPECT_EQ(due_dates(parse_ok("Tháng 3 và tháng 9")), (std::vector<std::string>{"2022-03-31", "2022-09-30"}));
}

TEST(TimelineYears, YearPhrasesAreDueOnTheLastDayOfTheYear) {
  for (const std::string phrase : {"Năm 2022", "Trong năm 2022", "Cuối năm 2022", "trong nam 2022"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2021);
    ASSERT_EQ(timeline.occurrences.size(), 1U);
    EXPECT_EQ(to_iso(timeline.occurrences[0].nominal_due), "2022-12-31");
    EXPECT_EQ(to_iso(timeline.occurrences[0].period_start), "2022-01-01");
    EXPECT_EQ(timeline.occurrences[0].period, PeriodKind::year);
    EXPECT_EQ(timeline.occurrences[0].label, "Năm 2022");
  }
  EXPECT_EQ(due_dates(parse_ok("Cuối năm", 2024)), std::vector<std::string>{"2024-12-31"});
}

TEST(TimelineHalves, SixMonthPhrasesEndAtMidYearOrYearEnd) {
  EXPECT_EQ(due_dates(parse_ok("6 tháng đầu năm")), std::vector<std::string>{"2022-06-30"});
  EXPECT_EQ(due_dates(parse_ok("6 tháng cuối năm")), std::vector<std::string>{"2022-12-31"});
  EXPECT_EQ(due_dates(parse_ok("6 tháng đầu năm 2023")), std::vector<std::string>{"2023-06-30"});
  EXPECT_EQ(due_dates(parse_ok("6 tháng đầu năm và 6 tháng cuối năm")),
            (std::vector<std::string>{"2022-06-30", "2022-12-31"}));
  EXPECT_EQ(parse_ok("6 tháng cuối năm").occurrences.at(0).period, PeriodKind::half);
}

TEST(TimelineDates, ChamNhatAndPlainDatesAreDueOnThatDay) {
  for (const std::string phrase : {"chậm nhất ngày 20/01/2022", "chậm nhất vào ngày 20/01", "Ngày 20/1/2022",
                                   "20/01/2022", "20-01-2022", "20.01.2022", "ngày 20 tháng 1 năm 2022"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase);
    ASSERT_EQ(timeline.occurrences.size(), 1U);
    EXPECT_EQ(to_iso(timeline.occurrences[0].nominal_due), "2022-01-20");
    EXPECT_EQ(timeline.occurrences[0].anchor, DueAnchor::period_end);
    EXPECT_EQ(timeline.occurrences[0].period, PeriodKind::day);
  }
  EXPECT_EQ(due_dates(parse_ok("Ngày 15/3/2022")), std::vector<std::string>{"2022-03-15"});
  EXPECT_EQ(due_dates(parse_ok("15/3/2022")), std::vector<std::string>{"2022-03-15"});
}

TEST(TimelineDates, MissingYearComesFromThePlanYear) {
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 15/8", 2024)), std::vector<std::string>{"2024-08-15"});
  EXPECT_EQ(due_dates(parse_ok("chậm nhất vào ngày 20/01", 2023)), std::vector<std::string>{"2023-01-20"});
}

TEST(TimelineDates, LeapDayIsAcceptedOnlyInLeapYears) {
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 29/02/2024")), std::vector<std::string>{"2024-02-29"});
  EXPECT_EQ(parse_error("Trước ngày 29/02/2023"),
            "timeline \"Trước ngày 29/02/2023\": 29/02/2023 is not a date: February 2023 has 28 days");
}

TEST(TimelineRecurring, YearlyIsOneOccurrenceOfThePlanYear) {
  for (const std::string phrase : {"Hằng năm", "Hàng năm", "hang nam"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2023);
    EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2023-12-31"});
    EXPECT_EQ(timeline.occurrences.at(0).period, PeriodKind::year);
  }
}

TEST(TimelineRecurring, QuarterlyIsFourQuarters) {
  for (const std::string phrase : {"Hằng quý", "Hàng quý", "Định kỳ hằng quý"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase)),
              (std::vector<std::string>{"2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"}));
  }
}

TEST(TimelineRecurring, MonthlyIsTwelveMonths) {
  for (const std::string phrase : {"Hằng tháng", "Hàng tháng"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2024);
    ASSERT_EQ(timeline.occurrences.size(), 12U);
    EXPECT_EQ(to_iso(timeline.occurrences[0].nominal_due), "2024-01-31");
    EXPECT_EQ(to_iso(timeline.occurrences[1].nominal_due), "2024-02-29");
    EXPECT_EQ(to_iso(timeline.occurrences[11].nominal_due), "2024-12-31");
    EXPECT_EQ(timeline.occurrences[11].label, "Tháng 12/2024");
  }
}

TEST(TimelineOngoing, ThuongXuyenHasNoOccurrences) {
  for (const std::string phrase : {"Thường xuyên", "Thường xuyên trong năm 2022", "Thường xuân trong năm 2022",
                                   "THƯỜNG XUYÊN", "thuong xuan", "Thường xuyên, liên tục"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase);
    EXPECT_EQ(timeline.kind, TimelineKind::ongoing);
    EXPECT_TRUE(timeline.occurrences.empty());
    EXPECT_FALSE(timeline.conditional);
  }
}

TEST(TimelineOnDemand, EventDrivenPhrasesHaveNoOccurrences) {
  for (const std::string phrase :
       {"Khi có yêu cầu", "Khi có yêu cầu của UBND tỉnh", "Theo Kế hoạch", "Theo Kế hoạch của đơn vị",
        "Theo yêu cầu của Văn phòng Chính phủ", "Theo yêu cầu và Kế hoạch của Văn phòng Chính phủ", "Khi cần thiết",
        "Đột xuất", "Khi có thay đổi"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase);
    EXPECT_EQ(timeline.kind, TimelineKind::on_demand);
    EXPECT_TRUE(timeline.occurrences.empty());
  }
}

TEST(TimelineConditional, CadenceMayBeMonthOrYear) {
  const Timeline monthly = parse_ok("Khi có thay đổi, thực hiện theo tháng");
  EXPECT_TRUE(monthly.conditional);
  EXPECT_EQ(monthly.kind, TimelineKind::dated);
  EXPECT_EQ(monthly.occurrences.size(), 12U);
  const Timeline yearly = parse_ok("Khi có thay đổi, thực hiện theo năm", 2023);
  EXPECT_TRUE(yearly.conditional);
  EXPECT_EQ(due_dates(yearly), std::vector<std::string>{"2023-12-31"});
}

TEST(TimelineReports, SixMonthReportIsTheFirstHalf) {
  const Timeline timeline = parse_ok("Báo cáo 6 tháng");
  ASSERT_EQ(timeline.occurrences.size(), 1U);
  EXPECT_EQ(to_iso(timeline.occurrences[0].nominal_due), "2022-06-30");
  EXPECT_EQ(timeline.occurrences[0].period, PeriodKind::half);
  EXPECT_TRUE(timeline.occurrences[0].report);
  EXPECT_EQ(timeline.occurrences[0].label, "Báo cáo 6 tháng đầu năm 2022");
}

TEST(TimelineReports, MonthlyReportIsAReport) {
  const Timeline timeline = parse_ok("Báo cáo tháng 01/2022");
  ASSERT_EQ(timeline.occurrences.size(), 1U);
  EXPECT_EQ(timeline.occurrences[0].label, "Báo cáo Tháng 01/2022");
  EXPECT_TRUE(timeline.occurrences[0].report);
  EXPECT_EQ(to_iso(timeline.occurrences[0].nominal_due), "2022-01-31");
}

TEST(TimelineReports, ExplicitReportDateIsNotOverriddenByReportDays) {
  const Timeline timeline = parse_ok("Báo cáo trước ngày 20/12/2022");
  ASSERT_EQ(timeline.occurrences.size(), 1U);
  EXPECT_FALSE(timeline.occurrences[0].report);
  EXPECT_EQ(timeline.occurrences[0].anchor, DueAnchor::before_date);
}

TEST(TimelineLists, GeneralListOfUnderstoodItems) {
  const Timeline timeline = parse_ok("Quý I/2022; Tháng 12/2022; Trước ngày 15/8/2022");
  EXPECT_EQ(due_dates(timeline), (std::vector<std::string>{"2022-03-31", "2022-12-31", "2022-08-15"}));
  EXPECT_FALSE(timeline.occurrences[0].report);
  EXPECT_EQ(timeline.occurrences[2].anchor, DueAnchor::before_date);
}

TEST(TimelineLists, DateListSharesItsAnchorAndTrailingYear) {
  const Timeline timeline = parse_ok("Trước ngày 15/8 và 15/9/2023");
  EXPECT_EQ(due_dates(timeline), (std::vector<std::string>{"2023-08-15", "2023-09-15"}));
  ASSERT_EQ(timeline.occurrences.size(), 2U);
  EXPECT_EQ(timeline.occurrences[0].anchor, DueAnchor::before_date);
  EXPECT_EQ(timeline.occurrences[1].anchor, DueAnchor::before_date);
}

TEST(TimelineLists, ReportWordCarriesOverCommaAndVaButNotSemicolon) {
  const Timeline carried = parse_ok("Báo cáo quý I, II, III và năm 2022");
  EXPECT_EQ(labels(carried), (std::vector<std::string>{"Báo cáo Quý I/2022", "Báo cáo Quý II/2022",
                                                       "Báo cáo Quý III/2022", "Báo cáo Năm 2022"}));
  for (const Occurrence& occurrence : carried.occurrences) {
    EXPECT_TRUE(occurrence.report) << occurrence.label;
  }
  const Timeline separate = parse_ok("Báo cáo Quý I/2022; Tháng 12/2022");
  ASSERT_EQ(separate.occurrences.size(), 2U);
  EXPECT_TRUE(separate.occurrences[0].report);
  EXPECT_FALSE(separate.occurrences[1].report);
  EXPECT_EQ(separate.occurrences[1].label, "Tháng 12/2022");
}

TEST(TimelineLists, DashBeforeQuyInABulletedPhraseIsTheNextBullet) {
  const Timeline timeline = parse_ok("- Quý I/2022 - Quý III/2022");
  EXPECT_EQ(labels(timeline), (std::vector<std::string>{"Quý I/2022", "Quý III/2022"}));
  const Timeline lines = parse_ok("Quý I/2022\n- Quý II/2022");
  EXPECT_EQ(labels(lines), (std::vector<std::string>{"Quý I/2022", "Quý II/2022"}));
  // Without a leading bullet, the same dash is a range.
  EXPECT_EQ(labels(parse_ok("Quý I/2022 - Quý III/2022")), std::vector<std::string>{"Quý I-III/2022"});
}

// ---- spelling variants -------------------------------------------------------

TEST(TimelineVariants, UpperCaseAndDiacriticFreeInputMeansTheSame) {
  EXPECT_EQ(parsed("QUY I/2022"), parsed("Quý I/2022"));
  EXPECT_EQ(parsed("QUÝ I/2022"), parsed("Quý I/2022"));
  EXPECT_EQ(parsed("quy ii, iii"), parsed("Quý II, III"));
  EXPECT_EQ(parsed("truoc ngay 15/8/2022"), parsed("Trước ngày 15/8/2022"));
  EXPECT_EQ(parsed("TRƯỚC NGÀY 20 THÁNG 01 NĂM 2022"), parsed("trước ngày 20 tháng 01 năm 2022"));
  EXPECT_EQ(parsed("6 thang dau nam va cuoi nam 2022"), parsed("6 tháng đầu năm và cuối năm 2022"));
  EXPECT_EQ(parsed("khi co thay doi, thuc hien theo quy"), parsed("Khi có thay đổi, thực hiện theo Quý"));
  EXPECT_EQ(parse_ok("theo ke hoach").kind, TimelineKind::on_demand);
  EXPECT_EQ(parsed("- bao cao quy i/2022; - bao cao nam 2022."), parsed("- Báo cáo Quý I/2022; - Báo cáo Năm 2022."));
}

TEST(TimelineVariants, DecomposedUnicodeInputMeansTheSame) {
  EXPECT_EQ(parsed("Quy\u0301 I/2022"), parsed("Quý I/2022"));
  EXPECT_EQ(parsed("Tru\u031Bo\u031B\u0301c nga\u0300y 15/8/2022"), parsed("Trước ngày 15/8/2022"));
  EXPECT_EQ(parse_ok("Thu\u031Bo\u031B\u0300ng xuye\u0302n trong na\u0306m 2022").kind, TimelineKind::ongoing);
  EXPECT_EQ(parsed("6 tha\u0301ng \u0111a\u0302\u0300u na\u0306m va\u0300 cuo\u0302\u0301i na\u0306m 2022"),
            parsed("6 tháng đầu năm và cuối năm 2022"));
  EXPECT_EQ(parsed("Khi co\u0301 thay \u0111o\u0302\u0309i, thu\u031B\u0323c hie\u0323\u0302n theo "
                   "Quy\u0301"),
            parsed("Khi có thay đổi, thực hiện theo Quý"));
}

TEST(TimelineVariants, ExtraSpacesBulletsAndTrailingPunctuationAreIgnored) {
  const std::string reference = parsed("Quý I/2022");
  for (const std::string phrase :
       {"  Quý I/2022  ", "Quý   I / 2022", "Quý I/2022.", "Quý I/2022;", "Quý I/2022,", "Quý I/2022:", "- Quý I/2022",
        "-Quý I/2022", "• Quý I/2022", "+ Quý I/2022 .", "\tQuý I/2022\n", "Quý\u00A0I/2022"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parsed(phrase), reference);
  }
  EXPECT_EQ(parsed("  Quý   II ,  III  ."), parsed("Quý II, III"));
  EXPECT_EQ(parse_ok("Thường xuyên trong năm 2022.").kind, TimelineKind::ongoing);
  EXPECT_EQ(parse_ok("Theo Kế hoạch.").kind, TimelineKind::on_demand);
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 15/8/2022.")), std::vector<std::string>{"2022-08-15"});
}

// ---- errors --------------------------------------------------------------------

TEST(TimelineErrors, UnknownPhrasesAreErrorsWithTheUnderstoodForms) {
  for (const std::string phrase :
       {"Quý V/2022", "Tháng 13/2022", "sớm nhất có thể", "Quý", "Quý 5", "Tháng 0/2022", "Năm", "Quý I/22",
        "Quý I/2022 (2023)", "Quý I/2022 (dự kiến tháng 2)", "Quý I/2022 Quý II/2022", "Quý III, II", "Quý I và",
        "Báo cáo", "Thường xuyên hằng quý", "Khi có thay đổi, thực hiện theo tuần",
        // "12/2021" is December 2021 (NQ 03/NQ-CP 2025 writes
        // months so); no month 13 or 0.
        "13/2021", "0/2025", "6 tháng cuối năm và đầu năm", "Trong năm 20222", "6-01", "15.8"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_error(phrase), expected_error(phrase));
  }
}

// A date that is no date is named (timeline_event_start_test has more).
TEST(TimelineErrors, ImpossibleDatesAreNamed) {
  EXPECT_EQ(parse_error("Trước ngày 31/02/2022"),
            "timeline \"Trước ngày 31/02/2022\": 31/02/2022 is not a date: February 2022 has 28 days");
  EXPECT_EQ(parse_error("Trước ngày 32/1/2022"),
            "timeline \"Trước ngày 32/1/2022\": 32/1/2022 is not a date: January 2022 has 31 days");
  EXPECT_EQ(parse_error("31/02/2022"), "timeline \"31/02/2022\": 31/02/2022 is not a date: February 2022 has 28 days");
}

TEST(TimelineErrors, MessageStartsWithTheQuotedPhrase) {
  const std::string message = parse_error("Quý V/2022");
  EXPECT_EQ(message, "cannot understand timeline \"Quý V/2022\"");
}

TEST(TimelineErrors, MessageStaysOnOneLine) {
  const std::string message = parse_error("- Báo cáo Quý V/2022;\n- Báo cáo Năm 2022.");
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_EQ(message.find('\r'), std::string::npos) << message;
  EXPECT_EQ(message.rfind("cannot understand timeline \"- Báo cáo Quý V/2022; - Báo cáo Năm 2022.\"", 0), 0U)
      << message;
}

// A row that states no timeline is representable: an explicit "no deadline"
// schedule (tracked, listed, never reminded), not an error.
TEST(TimelineErrors, WhitespaceOnlyPhraseStatesNoTimeline) {
  EXPECT_EQ(parse_ok("   \n ").kind, TimelineKind::none);
  EXPECT_EQ(parse_ok("").kind, TimelineKind::none);
}

TEST(TimelineForms, UnderstoodFormsAreOneCompactLine) {
  const std::string_view forms = understood_timeline_forms();
  EXPECT_EQ(forms.find('\n'), std::string_view::npos);
  EXPECT_NE(forms.find("Quý I/2022 | Quý IV"), std::string_view::npos);
  EXPECT_NE(forms.find("Quý II, III"), std::string_view::npos);
  EXPECT_NE(forms.find("Trước ngày 15/8/2022"), std::string_view::npos);
}

// Every example in the list of understood forms must itself be understood
// (the "..." and parenthesised hints are stripped first).
TEST(TimelineForms, EveryListedExampleParses) {
  std::string_view forms = understood_timeline_forms();
  while (!forms.empty()) {
    const std::size_t bar = forms.find(" | ");
    std::string example(forms.substr(0, bar));
    forms = bar == std::string_view::npos ? std::string_view{} : forms.substr(bar + 3);
    if (const std::size_t paren = example.find(" ("); paren != std::string::npos) {
      const std::size_t close = example.find(')', paren);
      example.erase(paren, close - paren + 1);
    }
    if (const std::size_t dots = example.find(" ..."); dots != std::string::npos) {
      example.erase(dots);
    }
    SCOPED_TRACE(example);
    EXPECT_TRUE(parse_timeline(example, k_plan_year).has_value());
  }
}

}  // namespace
}  // namespace deadlined
