// Variants of the families that the cells of real plans write in other
// words: deadline synonyms, the column's name before the time, "Q1", a date
// window without "Từ", work from a day or period onward, notes after a
// colon or dash, and "các năm tiếp theo" after a window of several years.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

// "Chậm nhất" is not the only way to say "no later than".
TEST(TimelineVariants, DeadlineSynonymsReadAsChamNhat) {
  for (const std::string phrase :
       {"Không quá ngày 30/6/2026", "Muộn nhất ngày 30/6/2026", "Không muộn hơn ngày 30/6/2026",
        "không chậm hơn 30/6/2026", "Hoàn thành không quá ngày 30/6/2026", "KHONG QUA NGAY 30/6/2026.",
        "Muộn nhất trong Quý II/2026", "Không muộn hơn tháng 6/2026"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2026)), std::vector<std::string>{"2026-06-30"});
  }
  // The words alone name no time.
  parse_error("Không quá", 2026);
  parse_error("Muộn nhất", 2026);
}

// The column's own name copied into the cell ("Thời gian hoàn thành: ...").
TEST(TimelineVariants, TheColumnsNameBeforeAColonIsNotTime) {
  EXPECT_EQ(parsed("Thời gian hoàn thành: Quý II/2026", 2026), parsed("Quý II/2026", 2026));
  EXPECT_EQ(parsed("Tiến độ: Tháng 6/2026", 2026), parsed("Tháng 6/2026", 2026));
  EXPECT_EQ(parsed("Thời gian thực hiện: Năm 2026 - 2027", 2026), parsed("Năm 2026 - 2027", 2026));
  EXPECT_EQ(parse_ok("Thời gian thực hiện: Thường xuyên", 2026).kind, TimelineKind::ongoing);
  EXPECT_EQ(parse_ok("Tiến độ: Khi có yêu cầu", 2026).kind, TimelineKind::on_demand);
  // Without its colon "Thời gian" is no label, and alone it names no time.
  parse_error("Thời gian", 2026);
  parse_error("Tiến độ Tháng 6", 2026);
}

// Without its colon, a named column label is skipped only before a word
// that opens a time.
TEST(TimelineVariants, TheColumnsNameWithoutAColonBeforeATime) {
  EXPECT_EQ(parsed("Thời gian thực hiện trong năm 2026", 2026), parsed("trong năm 2026", 2026));
  EXPECT_EQ(parsed("Thời hạn hoàn thành trước ngày 30/6/2026", 2026), parsed("trước ngày 30/6/2026", 2026));
  EXPECT_EQ(parsed("Thời gian triển khai từ tháng 3 đến tháng 6/2026", 2026),
            parsed("từ tháng 3 đến tháng 6/2026", 2026));
  parse_error("Thời gian thực hiện", 2026);
  parse_error("Thời gian thực hiện trong", 2026);
  parse_error("Thời gian Tháng 6/2026", 2026);
}

TEST(TimelineVariants, QIsQuy) {
  EXPECT_EQ(parsed("Q1/2026", 2026), parsed("Quý 1/2026", 2026));
  EXPECT_EQ(parsed("q4 năm 2026", 2026), parsed("Quý 4 năm 2026", 2026));
  EXPECT_EQ(due_dates(parse_ok("Q2, Q3/2026", 2026)), std::vector<std::string>{"2026-09-30"});
  parse_error("Q5/2026", 2026);
  parse_error("Q", 2026);
  // Only a Q written against its number is the abbreviation.
  parse_error("Q 1/2026", 2026);
}

TEST(TimelineVariants, ADateWindowWithoutTu) {
  EXPECT_EQ(parsed("01/01/2026 - 31/12/2026", 2026), parsed("Từ ngày 01/01/2026 đến ngày 31/12/2026", 2026));
  EXPECT_EQ(due_dates(parse_ok("15/3 – 20/4/2026", 2026)), std::vector<std::string>{"2026-04-20"});
  parse_error("31/12/2026 - 01/01/2026", 2026);
  parse_error("01/01/2026 -", 2026);
}

TEST(TimelineVariants, FromNowUntilAndStartingFrom) {
  EXPECT_EQ(parsed("Từ nay đến năm 2030", 2026), parsed("Đến năm 2030", 2026));
  EXPECT_EQ(parsed("Từ nay đến hết năm 2026", 2026), parsed("Đến hết năm 2026", 2026));
  EXPECT_EQ(parsed("Bắt đầu từ năm 2026", 2026), parsed("Từ năm 2026", 2026));
  parse_error("Từ nay", 2026);
}

// Work that begins on a day or in a month, quarter or year and runs on
// names no cadence and no end: ongoing, with no due date guessed, with or
// without "trở đi" ("Từ tháng 6/2026" is read as "từ ngày 01/6/2026" is).
TEST(TimelineVariants, WorkFromADayOrPeriodOnwardIsOngoing) {
  for (const std::string phrase :
       {"Từ ngày 01/7/2026", "Từ 01/7/2026", "Kể từ ngày 01/7/2026 trở đi", "Bắt đầu từ ngày 1/7/2026.",
        "Từ tháng 6/2026 trở đi", "Từ quý II/2026 trở đi", "TU QUY II/2026 TRO DI", "Kể từ tháng 7/2026 trở về sau",
        "Từ tháng 6/2026", "từ tháng 6-2026.", "Từ tháng 6", "Kể từ tháng 06/2026", "Bắt đầu từ quý III/2026",
        "Từ quý 3 năm 2026", "Từ năm 2026", "TỪ NĂM 2026.", "Từ 2026", "Diễn ra từ tháng 1/2026",
        "Thực hiện từ tháng 3/2026"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2026);
    EXPECT_EQ(timeline.kind, TimelineKind::ongoing);
    EXPECT_TRUE(timeline.occurrences.empty());
    EXPECT_FALSE(timeline.is_open_ended());
  }
  // What is done from then on, in words naming no time, is a note.
  for (const std::string phrase : {"từ ngày 1/7/2025 vận hành bộ máy mới", "Từ ngày 01/7/2025 áp dụng mức lương mới.",
                                   "Từ quý III/2025 triển khai đại trà"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2025);
    EXPECT_EQ(timeline.kind, TimelineKind::ongoing);
    EXPECT_FALSE(timeline.note.empty());
  }
  EXPECT_EQ(parse_ok("từ ngày 1/7/2025 vận hành bộ máy mới", 2025).note, "vận hành bộ máy mới");
  parse_error("Từ tháng 9/2026 hoàn thành", 2026);
  parse_error("Từ ngày 1/7/2025 vận hành bộ máy mới đến tháng 12", 2025);
  // A year said onward is yearly; a start with its end is a window.
  EXPECT_TRUE(parse_ok("Từ năm 2026 trở đi", PlanSpan{2026, std::nullopt}).is_open_ended());
  EXPECT_EQ(due_dates(parse_ok("Từ tháng 6 đến tháng 11/2026", 2026)), std::vector<std::string>{"2026-11-30"});
  EXPECT_EQ(due_dates(parse_ok("Từ năm 2026 đến năm 2028", 2026)), std::vector<std::string>{"2028-12-31"});
  EXPECT_EQ(due_dates(parse_ok("Bắt đầu từ tháng 4/2026, hoàn thành trước ngày 30/6/2026", 2026)),
            std::vector<std::string>{"2026-06-30"});
  // An unfinished window or a date that does not exist is refused.
  parse_error("Từ ngày 01/7/2026 đến", 2026);
  parse_error("Từ ngày 31/2/2026", 2026);
}

TEST(TimelineVariants, DailyAndCarriedOutRegularlyAreOngoing) {
  for (const std::string phrase : {"Hằng ngày", "Hàng ngày.", "Thực hiện thường xuyên", "Triển khai thường xuyên",
                                   "Hằng ngày, thường xuyên", "Thời hạn hoàn thành: Thường xuyên"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2026);
    EXPECT_EQ(timeline.kind, TimelineKind::ongoing);
    EXPECT_TRUE(timeline.occurrences.empty());
  }
}

// "Tháng 6/2026: trình UBND tỉnh", "Năm 2026: 50%; năm 2027: 100%": the
// words after a colon or dash are the item's note when they name no time.
TEST(TimelineVariants, WordsAfterAColonOrDashAreTheItemsNote) {
  const Timeline submit = parse_ok("Tháng 6/2026: trình UBND tỉnh", 2026);
  EXPECT_EQ(due_dates(submit), std::vector<std::string>{"2026-06-30"});
  EXPECT_EQ(submit.note, "trình UBND tỉnh");
  const Timeline done = parse_ok("Quý II/2026 - hoàn thành", 2026);
  EXPECT_EQ(due_dates(done), std::vector<std::string>{"2026-06-30"});
  EXPECT_EQ(done.note, "hoàn thành");
  const Timeline stages = parse_ok("Năm 2026: xây dựng kế hoạch; năm 2027: triển khai", 2026);
  EXPECT_EQ(due_dates(stages), (std::vector<std::string>{"2026-12-31", "2027-12-31"}));
  EXPECT_EQ(stages.note, "xây dựng kế hoạch; triển khai");
  EXPECT_EQ(due_dates(parse_ok("Năm 2026: 50%; năm 2027: 100%", 2026)),
            (std::vector<std::string>{"2026-12-31", "2027-12-31"}));
  // After a colon, words that name time or a cadence are read or refused, never a note.
  parse_error("Tháng 6/2026: ngày 15/7/2026", 2026);
  parse_error("Tháng 6/2026: hằng quý báo cáo", 2026);
}

// After a window of several years, "các năm tiếp theo" is each year after
// it: shifted windows would overlap.
TEST(TimelineVariants, FollowingYearsAfterAWindowAreYearly) {
  const PlanSpan span{2026, 2030};
  const std::vector<std::string> yearly{"2027-12-31", "2028-12-31", "2029-12-31", "2030-12-31"};
  for (const std::string phrase :
       {"Năm 2026-2027 và các năm tiếp theo", "Giai đoạn 2026-2027, cập nhật trong các năm tiếp theo",
        "Giai đoạn 2026-2027. Cập nhật trong các năm tiếp theo (nếu có)"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, span)), yearly);
  }
  EXPECT_EQ(labels(parse_ok("Năm 2026-2027 và các năm tiếp theo", span)),
            (std::vector<std::string>{"Năm 2026-2027", "Năm 2028", "Năm 2029", "Năm 2030"}));
  // Without a last year it runs on, one year at a time.
  const Timeline open = parse_ok("Năm 2026-2027 và các năm tiếp theo", PlanSpan{2026, std::nullopt});
  EXPECT_TRUE(open.is_open_ended());
  EXPECT_EQ(dues_through(open, 2029), (std::vector<std::string>{"2027-12-31", "2028-12-31", "2029-12-31"}));
  // "các năm tiếp theo" after one year repeats that year, not "năm tiếp theo" (2027 only).
  EXPECT_EQ(due_dates(parse_ok("Năm 2026. Cập nhật trong các năm tiếp theo (nếu có)", span)),
            (std::vector<std::string>{"2026-12-31", "2027-12-31", "2028-12-31", "2029-12-31", "2030-12-31"}));
  EXPECT_EQ(due_dates(parse_ok("Hoàn thành trong năm tiếp theo", 2026)), std::vector<std::string>{"2027-12-31"});
  // Ongoing work after the window is a note, not a guessed cadence.
  const Timeline ongoing = parse_ok("Năm 2026 - 2027; các năm tiếp theo thực hiện thường xuyên", span);
  EXPECT_EQ(due_dates(ongoing), std::vector<std::string>{"2027-12-31"});
  EXPECT_EQ(ongoing.note, "các năm tiếp theo thực hiện thường xuyên");
}

// A precondition in parentheses ("(sau khi ... ban hành Nghị định số
// 34/2014/NĐ-CP") is a note even with the numbers of a document or a school
// year in it, and even left unclosed at the cell's end; a day or a lag in it
// is time and is refused.
TEST(TimelineVariants, APreconditionInParenthesesIsANote) {
  const Timeline decree =
      parse_ok("Trước tháng 3/2027 (sau khi Chính phủ ban hành Nghị định thay thế Nghị định số 34/2014/NĐ-CP", 2026);
  EXPECT_EQ(due_dates(decree), std::vector<std::string>{"2027-02-28"});
  EXPECT_EQ(decree.note, "sau khi Chính phủ ban hành Nghị định thay thế Nghị định số 34/2014/NĐ-CP");
  EXPECT_EQ(due_dates(parse_ok("Tháng 9/2026 (sau khi kết thúc kỳ tuyển sinh năm học 2026 – 2027)", 2026)),
            std::vector<std::string>{"2026-09-30"});
  EXPECT_EQ(parse_ok("Trước tháng 3/2027 (sau khi Chính phủ ban hành Nghị định)", 2026).note,
            "sau khi Chính phủ ban hành Nghị định");
  parse_error("Quý II/2026 (sau khi có hướng dẫn trong vòng 30 ngày kể từ ngày ban hành)", 2026);
  parse_error("Quý II/2026 (sau khi có kết quả ngày 15/3/2026)", 2026);
  parse_error("Quý II/2026 (2026)", 2026);
  parse_error("Quý II/2026 (định kỳ)", 2026);
  // Only a precondition may stay unclosed.
  parse_error("Quý II/2026 (hoàn thành", 2026);
}

TEST(TimelineVariants, NotYetSetIsNoTimeline) {
  for (const std::string phrase :
       {"Chưa xác định thời gian xử lý", "Chưa đề xuất", "chưa có thời hạn", "Chưa xác định thời gian hoàn thành."}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_ok(phrase, 2026).kind, TimelineKind::none);
  }
  parse_error("Chưa xác định thời gian 2026", 2026);
}

// "Hằng năm đến 2030" is every year through 2030, not one obligation in 2030.
TEST(TimelineVariants, YearlyUntilAYearIsEachYearThroughIt) {
  const PlanSpan span{2026, 2030};
  const std::vector<std::string> yearly{"2026-12-31", "2027-12-31", "2028-12-31", "2029-12-31", "2030-12-31"};
  for (const std::string phrase : {"Năm 2026 và hằng năm đến 2030", "Hằng năm đến 2030", "hằng năm đến hết năm 2030",
                                   "Năm 2026, hằng năm đến năm 2030"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, span)), yearly);
  }
  EXPECT_EQ(due_dates(parse_ok("Hằng năm đến 2028", span)),
            (std::vector<std::string>{"2026-12-31", "2027-12-31", "2028-12-31"}));
  EXPECT_FALSE(parse_timeline("Hằng năm đến 2025", span).has_value());
}

TEST(TimelineVariants, ASlashBeforeNamIsTheYear) {
  EXPECT_EQ(parsed("Quý II/năm 2026", 2026), parsed("Quý II năm 2026", 2026));
  EXPECT_EQ(parsed("Tháng 8/năm 2026", 2026), parsed("Tháng 8 năm 2026", 2026));
}

// "trong 6 tháng sau khi ...", "Trong vòng 6 tháng kể từ ...": a lag in
// calendar months, also in a second sentence of the cell.
TEST(TimelineVariants, ALagInMonths) {
  const Timeline second = parse_ok(
      "Sau khi Chính phủ ban hành Nghị định thay thế Nghị định số 32/2024/NĐ-CP. Thời "
      "gian hoàn thành trong 6 tháng sau khi Chính phủ ban hành Nghị định",
      2026);
  EXPECT_EQ(second.kind, TimelineKind::on_demand);
  ASSERT_TRUE(second.lag.has_value());
  EXPECT_EQ(*second.lag, (Lag{6, false, true}));
  const Timeline first = parse_ok("Trong vòng 6 tháng kể từ ngày Nghị định có hiệu lực", 2026);
  ASSERT_TRUE(first.lag.has_value());
  EXPECT_EQ(*first.lag, (Lag{6, false, true}));
  // Days stay days.
  EXPECT_EQ(*parse_ok("trong vòng 30 ngày kể từ ngày ban hành", 2026).lag, (Lag{30, false, false}));
  // A half year is a period, not a lag.
  EXPECT_EQ(due_dates(parse_ok("6 tháng đầu năm 2026", 2026)), std::vector<std::string>{"2026-06-30"});
}

// A date window or a month range inside one year, "hằng năm": that window
// each year (not the year's end after the first).
TEST(TimelineVariants, AWindowInsideAYearRepeatsAsItself) {
  const PlanSpan span{2026, 2028};
  EXPECT_EQ(due_dates(parse_ok("Từ ngày 01/6 đến ngày 30/6 hằng năm", span)),
            (std::vector<std::string>{"2026-06-30", "2027-06-30", "2028-06-30"}));
  EXPECT_EQ(due_dates(parse_ok("Tháng 6 đến tháng 9 hằng năm", span)),
            (std::vector<std::string>{"2026-09-30", "2027-09-30", "2028-09-30"}));
  EXPECT_EQ(due_dates(parse_ok("Hằng năm, đến năm 2028", span)),
            (std::vector<std::string>{"2026-12-31", "2027-12-31", "2028-12-31"}));
}

// "Sơ kết: năm 2028", "Đợt 1: tháng 6/2026": a label and a colon before the
// time are the item's note; a label that is itself time is not.
TEST(TimelineVariants, ALabelBeforeAColonIsTheItemsNote) {
  const Timeline stages = parse_ok("Sơ kết: năm 2028; Tổng kết: năm 2030", PlanSpan{2026, 2030});
  EXPECT_EQ(due_dates(stages), (std::vector<std::string>{"2028-12-31", "2030-12-31"}));
  EXPECT_EQ(stages.note, "Sơ kết; Tổng kết");
  EXPECT_EQ(due_dates(parse_ok("Đợt 1: tháng 6/2026; đợt 2: tháng 12/2026", 2026)),
            (std::vector<std::string>{"2026-06-30", "2026-12-31"}));
  EXPECT_EQ(due_dates(parse_ok("Lần 1: Quý II/2026; Lần 2: Quý IV/2026", 2026)),
            (std::vector<std::string>{"2026-06-30", "2026-12-31"}));
  EXPECT_EQ(labels(parse_ok("Giai đoạn 1: 2026-2027", PlanSpan{2026, 2030})),
            std::vector<std::string>{"Giai đoạn 1 (2026-2027)"});
  // A label holding a year, or one before no time, is not this form.
  parse_error("Kế hoạch 2026: xây dựng", 2026);
  parse_error("Sơ kết: cuối kỳ", 2026);
}

// "Quý IV/2026 trình HĐND tỉnh", "Đến năm 2027 đạt 50%, đến năm 2030 đạt
// 100%": an activity verb after the time opens the item's note.
TEST(TimelineVariants, AnActivityAfterTheTimeIsItsNote) {
  const Timeline submit = parse_ok("Quý IV/2026 trình HĐND tỉnh", 2026);
  EXPECT_EQ(due_dates(submit), std::vector<std::string>{"2026-12-31"});
  EXPECT_EQ(submit.note, "trình HĐND tỉnh");
  const Timeline targets = parse_ok("Đến năm 2027 đạt 50%, đến năm 2030 đạt 100%", PlanSpan{2026, 2030});
  EXPECT_EQ(due_dates(targets), (std::vector<std::string>{"2027-12-31", "2030-12-31"}));
  EXPECT_EQ(targets.note, "đạt 50%; đạt 100%");
  EXPECT_EQ(parse_ok("Hằng năm, trước ngày 15/12 báo cáo UBND tỉnh", PlanSpan{2026, 2027}).note, "báo cáo UBND tỉnh");
  // Other words after the time, or an activity naming another time, are refused.
  parse_error("Trong năm 2026 Được bãi bỏ một phần", 2026);
  parse_error("Quý IV/2026 trình HĐND tỉnh tại kỳ họp năm 2027", 2026);
}

// "Báo cáo kết quả trước ngày 15/12/2026", "Thường xuyên, hằng năm báo cáo
// kết quả trước ngày 15/12": what is reported, then when.
TEST(TimelineVariants, WhatIsReportedBeforeWhen) {
  EXPECT_EQ(due_dates(parse_ok("Báo cáo kết quả trước ngày 15/12/2026", 2026)), std::vector<std::string>{"2026-12-15"});
  const Timeline ongoing = parse_ok("Thường xuyên, hằng năm báo cáo kết quả trước ngày 15/12", PlanSpan{2026, 2027});
  EXPECT_EQ(ongoing.kind, TimelineKind::ongoing);
  EXPECT_EQ(due_dates(ongoing), (std::vector<std::string>{"2026-12-15", "2027-12-15"}));
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 25/12/2026 (báo cáo năm); trước ngày 25/6/2026 (báo cáo 6 tháng)", 2026)),
            (std::vector<std::string>{"2026-12-25", "2026-06-25"}));  // as written
  // "Báo cáo" and words with no time after them name nothing.
  parse_error("Báo cáo kết quả", 2026);
}

TEST(TimelineVariants, HowOftenWrittenAsTimesPerPeriod) {
  const PlanSpan span{2026, 2026};
  EXPECT_EQ(due_dates(parse_ok("6 tháng/lần", span)), (std::vector<std::string>{"2026-06-30", "2026-12-31"}));
  EXPECT_EQ(parsed("01 lần/quý", 2026), parsed("Hằng quý", 2026));
  EXPECT_EQ(parsed("Quý/lần", 2026), parsed("Hằng quý", 2026));
  EXPECT_EQ(parsed("Định kỳ 1 lần/năm", 2026), parsed("Hằng năm", 2026));
  EXPECT_EQ(parsed("một lần/tháng", 2026), parsed("Hằng tháng", 2026));
  // Twice a year does not say which months; five months is no cadence.
  parse_error("Định kỳ 02 lần/năm", 2026);
  parse_error("5 tháng/lần", 2026);
}

// "... ; các năm tiếp theo thực hiện trong Quý I hằng năm": the period the
// clause names, each following year.
TEST(TimelineVariants, AFollowingYearsClauseNamingAPeriod) {
  const PlanSpan span{2026, 2028};
  EXPECT_EQ(due_dates(parse_ok("Quý I năm 2026; các năm tiếp theo thực hiện trong Quý I hằng năm", span)),
            (std::vector<std::string>{"2026-03-31", "2027-03-31", "2028-03-31"}));
  EXPECT_EQ(due_dates(parse_ok("Quý II/2026. Các năm sau thực hiện trong tháng 6 hằng năm", span)),
            (std::vector<std::string>{"2026-06-30", "2027-06-30", "2028-06-30"}));
}

// "Định kỳ trước ngày 15/6 và 15/12": those days every year of the span,
// every item of the list; days that name their year stay once.
TEST(TimelineVariants, PeriodicDaysRecurEachYear) {
  const PlanSpan span{2026, 2027};
  const std::vector<std::string> both{"2026-06-15", "2026-12-15", "2027-06-15", "2027-12-15"};
  for (const std::string phrase :
       {"Định kỳ trước ngày 15/6 và 15/12", "Định kỳ trước ngày 15/6 (báo cáo 6 tháng) và 15/12 (báo cáo năm)"}) {
    SCOPED_TRACE(phrase);
    std::vector<std::string> dues = due_dates(parse_ok(phrase, span));
    std::sort(dues.begin(), dues.end());
    EXPECT_EQ(dues, both);
  }
  EXPECT_EQ(due_dates(parse_ok("Định kỳ trước ngày 15/12/2026", span)), std::vector<std::string>{"2026-12-15"});
  EXPECT_EQ(due_dates(parse_ok("Định kỳ trước ngày 20 hằng tháng", span)).size(), 24U);
}

// A window's stated day: "Năm 2026 - 2027 (hoàn thành trước 30/6/2027)".
TEST(TimelineVariants, AWindowsStatedDay) {
  const Timeline timeline = parse_ok("Năm 2026 - 2027 (hoàn thành trước 30/6/2027)", PlanSpan{2026, 2027});
  EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2027-06-30"});
  ASSERT_EQ(timeline.occurrences.size(), 1U);
  EXPECT_EQ(timeline.occurrences[0].anchor, DueAnchor::before_date);
  // A day before the window opens is refused.
  EXPECT_FALSE(parse_timeline("Năm 2026 - 2027 (hoàn thành trước 30/6/2025)", PlanSpan{2026, 2027}).has_value());
}

// Spellings of trackers kept by hand: "T6/2026" (only before a month and its
// year: "T2" is also "thứ Hai"), "Quý II.2026", "Quý IV 2026", months without
// "Tháng" in a range, "Hết năm 2026", "Khoảng tháng 9/2026".
TEST(TimelineVariants, SpellingsOfHandKeptTrackers) {
  EXPECT_EQ(parsed("T6/2026", 2026), parsed("Tháng 6/2026", 2026));
  EXPECT_EQ(parsed("t12/2026", 2026), parsed("Tháng 12/2026", 2026));
  EXPECT_EQ(parsed("Quý II.2026", 2026), parsed("Quý II/2026", 2026));
  EXPECT_EQ(parsed("Quý IV 2026", 2026), parsed("Quý IV/2026", 2026));
  EXPECT_EQ(parsed("06/2026 - 12/2026", 2026), parsed("Tháng 06/2026 - Tháng 12/2026", 2026));
  EXPECT_EQ(parsed("Từ 01/2026 đến 12/2026", 2026), parsed("Từ tháng 01/2026 đến tháng 12/2026", 2026));
  EXPECT_EQ(parsed("Hết năm 2026", 2026), parsed("Năm 2026", 2026));
  EXPECT_EQ(parsed("Hết tháng 6/2026", 2026), parsed("Tháng 6/2026", 2026));
  EXPECT_EQ(due_dates(parse_ok("Khoảng tháng 9/2026", 2026)), std::vector<std::string>{"2026-09-30"});
  // A dot with a space is a sentence break: two items, as before.
  EXPECT_EQ(due_dates(parse_ok("Quý II. Năm 2027", 2026)), (std::vector<std::string>{"2026-06-30", "2027-12-31"}));
  parse_error("T13/2026", 2026);
  parse_error("T6", 2026);
}

// What the time column says of the work instead of a time.
TEST(TimelineVariants, StatusAndWholeYearWords) {
  EXPECT_EQ(parse_ok("Đã hoàn thành", 2026).kind, TimelineKind::none);
  for (const std::string phrase :
       {"Đang thực hiện", "Đang triển khai.", "Cả năm", "Cả năm 2026", "Suốt năm 2026", "Quanh năm"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2026);
    EXPECT_EQ(timeline.kind, TimelineKind::ongoing);
    EXPECT_TRUE(timeline.occurrences.empty());
  }
  parse_error("Đã hoàn thành 50%", 2026);
}

TEST(TimelineVariants, ALagWithoutItsEventIsFromTheTrigger) {
  const Timeline timeline = parse_ok("Trong vòng 10 ngày làm việc", 2026);
  EXPECT_EQ(timeline.kind, TimelineKind::on_demand);
  ASSERT_TRUE(timeline.lag.has_value());
  EXPECT_EQ(*timeline.lag, (Lag{10, true, false}));
}

// A stage in parentheses is a note; other activity verbs before the time.
TEST(TimelineVariants, StagesAndMoreActivities) {
  const Timeline stages =
      parse_ok("Năm 2026 - 2027 (Giai đoạn 1), Năm 2028 - 2030 (Giai đoạn 2)", PlanSpan{2026, 2030});
  EXPECT_EQ(due_dates(stages), (std::vector<std::string>{"2027-12-31", "2030-12-31"}));
  EXPECT_EQ(stages.note, "Giai đoạn 1; Giai đoạn 2");
  EXPECT_EQ(due_dates(parse_ok("Thí điểm năm 2026; nhân rộng 2027-2030", PlanSpan{2026, 2030})),
            (std::vector<std::string>{"2026-12-31", "2030-12-31"}));
  // A number in parentheses that is no stage is still refused.
  parse_error("Quý II/2026 (15)", 2026);
}

// Found while adding the forms above: what is reported on stays a report form.
TEST(TimelineVariants, AReportOnAPeriodWithItsDay) {
  EXPECT_EQ(due_dates(parse_ok("Báo cáo tháng trước ngày 25", 2026)).size(), 12U);
  EXPECT_EQ(due_dates(parse_ok("Báo cáo tháng trước ngày 25", 2026)).front(), "2026-01-25");
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// "Thường xuyên" kept to a period, or up to a time or an event: ongoing
// work, no due date, whatever bounds it.
TEST(TimelineVariants, OngoingWithinAPeriodOrUntilAnEnd) {
  for (const std::string phrase :
       {"Thường xuyên trong Quý IV/2026", "thường xuyên trong tháng 6/2026", "Thường xuyên trong 06/2026",
        "Thường xuyên đến năm 2030", "Thường xuyên đến hết tháng 6/2026", "Thường xuyên cho đến kết thúc dự án",
        "Thực hiện thường xuyên cho đến khi dự án hoàn thành", "THUONG XUYEN TRONG QUY IV/2026."}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2026);
    EXPECT_EQ(timeline.kind, TimelineKind::ongoing);
    EXPECT_TRUE(timeline.occurrences.empty());
  }
  parse_error("Thường xuyên đến", 2026);
  parse_error("Thường xuyên trong Quý V/2026", 2026);
  parse_error("Thường xuyên cho đến xyz", 2026);
}

// "trước 7/2026": a month written without "tháng" after "trước".
TEST(TimelineVariants, BeforeAMonthWrittenWithoutThang) {
  EXPECT_EQ(due_dates(parse_ok("trước 7/2026", 2026)), std::vector<std::string>{"2026-06-30"});
  EXPECT_EQ(due_dates(parse_ok("Hoàn thành trước 01/2027", 2026)), std::vector<std::string>{"2026-12-31"});
  EXPECT_EQ(parsed("Trước 06/2026", 2026), parsed("Trước tháng 6/2026", 2026));
  // A date is still a date.
  EXPECT_EQ(due_dates(parse_ok("trước 7/6/2026", 2026)), std::vector<std::string>{"2026-06-07"});
  parse_error("trước 13/2026", 2026);
}

// "Kết thúc trước ngày ...", and a school term's start with its end in a
// clause of its own: the end is the due date.
TEST(TimelineVariants, ATermThatEndsBeforeADay) {
  EXPECT_EQ(due_dates(parse_ok("Kết thúc trước ngày 18/01/2025", 2024)), std::vector<std::string>{"2025-01-18"});
  for (const std::string phrase :
       {"Bắt đầu từ ngày 06/9/2024; kết thúc trước ngày 18/01/2025", "Từ ngày 06/9/2024, kết thúc ngày 18/01/2025",
        "Bắt đầu từ ngày 06/9/2024 và kết thúc vào ngày 18/01/2025."}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, PlanSpan{2024, 2025});
    EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2025-01-18"});
    EXPECT_EQ(timeline.occurrences.front().period_start, make_date(2024, 9, 6));
  }
  parse_error("Bắt đầu từ ngày 06/9/2024; kết thúc", 2024);
  parse_error("Bắt đầu từ ngày 18/01/2025; kết thúc trước ngày 06/9/2024", 2024);
}

// A request before the deadline: "Yêu cầu hoàn thành GPMB trước 30/6/2026."
TEST(TimelineVariants, ARequestBeforeADay) {
  EXPECT_EQ(due_dates(parse_ok("Yêu cầu hoàn thành GPMB trước 30/6/2026.", 2026)),
            std::vector<std::string>{"2026-06-30"});
  EXPECT_EQ(due_dates(parse_ok("Yêu cầu các đơn vị hoàn thành trước ngày 15/12/2026", 2026)),
            std::vector<std::string>{"2026-12-15"});
}

// "Thực hiện theo quy định ...": what the document says, never a cadence
// its name happens to carry.
TEST(TimelineVariants, DoingWhatADocumentSaysIsOnDemand) {
  for (const std::string phrase : {"Thực hiện theo quy định của Bộ Luật Lao động và các văn bản hướng dẫn hằng năm",
                                   "Triển khai theo hướng dẫn của Bộ Giáo dục và Đào tạo",
                                   "Thực hiện theo kế hoạch của UBND tỉnh", "Theo phát sinh", "theo phat sinh."}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_ok(phrase, PlanSpan{2024, 2025}).kind, TimelineKind::on_demand);
  }
  // "Thực hiện" before a time is still that time.
  EXPECT_EQ(due_dates(parse_ok("Thực hiện trong năm 2026", 2026)), std::vector<std::string>{"2026-12-31"});
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// A plan shorter than its year (plan.start, plan.end): a cadence keeps the
// periods that meet it; what the cell names stays.
TEST(TimelineVariants, ACadenceKeepsToThePlansPeriod) {
  const PlanSpan summer{2026, std::nullopt, make_date(2026, 6, 1), make_date(2026, 9, 8)};
  EXPECT_EQ(due_dates(parse_ok("Hằng quý", summer)), (std::vector<std::string>{"2026-06-30", "2026-09-30"}));
  EXPECT_EQ(due_dates(parse_ok("Hằng tháng", summer)),
            (std::vector<std::string>{"2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30"}));
  EXPECT_EQ(due_dates(parse_ok("Hằng năm", summer)), (std::vector<std::string>{"2026-12-31"}));
  EXPECT_EQ(due_dates(parse_ok("Quý I/2026; hằng quý", summer)),
            (std::vector<std::string>{"2026-03-31", "2026-06-30", "2026-09-30"}));
  // Without a period: the whole year.
  EXPECT_EQ(due_dates(parse_ok("Hằng quý", PlanSpan{2026})).size(), 4U);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// The work named before when it is done ("Thực hiện", "Tổ chức thực hiện",
// "Áp dụng", "Xong") does not change when.
TEST(TimelineVariants, WorkVerbsBeforeAStartOrRegularWork) {
  for (const std::string phrase :
       {"Thực hiện từ ngày 01/7/2026", "Áp dụng từ ngày 1/7/2026", "Triển khai thực hiện từ tháng 7/2026 trở đi",
        "Tổ chức thực hiện từ quý III/2026 trở đi"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2026);
    EXPECT_EQ(timeline.kind, TimelineKind::ongoing);
    EXPECT_TRUE(timeline.occurrences.empty());
  }
  for (const std::string phrase :
       {"Tổ chức thực hiện thường xuyên", "Tổ chức thường xuyên", "Triển khai thực hiện thường xuyên."}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_ok(phrase, 2026).kind, TimelineKind::ongoing);
  }
  EXPECT_EQ(parsed("Xong trước ngày 30/6/2026", 2026), parsed("Trước ngày 30/6/2026", 2026));
  // A verb alone, or three of them, names no time.
  parse_error("Tổ chức thực hiện", 2026);
  parse_error("Thực hiện triển khai tổ chức thường xuyên", 2026);
  parse_error("Thực hiện từ ngày 31/2/2026", 2026);
}

// "6 tháng năm 2026", "9 tháng năm 2026": the report periods, as after
// "Báo cáo"; without a year "6 tháng" may be a lag and is refused.
TEST(TimelineVariants, SixOrNineMonthsOfANamedYear) {
  EXPECT_EQ(due_dates(parse_ok("6 tháng năm 2026", 2025)), std::vector<std::string>{"2026-06-30"});
  EXPECT_EQ(due_dates(parse_ok("9 tháng năm 2026", 2025)), std::vector<std::string>{"2026-09-30"});
  EXPECT_EQ(due_dates(parse_ok("6 tháng năm 2026", 2025)), due_dates(parse_ok("Báo cáo 6 tháng năm 2026", 2025)));
  parse_error("6 tháng", 2026);
  parse_error("7 tháng năm 2026", 2026);
}

// "Trong các năm 2026-2027", "Trong 02 năm 2026 - 2027": the window; a count
// that is not the window's number of years is refused.
TEST(TimelineVariants, WithinTheYearsOfAWindow) {
  EXPECT_EQ(parsed("Trong các năm 2026-2027", 2026), parsed("Năm 2026-2027", 2026));
  EXPECT_EQ(parsed("Trong 02 năm 2026 - 2027", 2026), parsed("Năm 2026-2027", 2026));
  EXPECT_EQ(parsed("trong 3 năm 2026–2028.", 2026), parsed("Năm 2026-2028", 2026));
  parse_error("Trong 03 năm 2026-2027", 2026);
  parse_error("Trong 2 năm 2026", 2026);
}

// In parentheses after the deadline: which period's report ("(báo cáo năm
// 2025)") is a note; what is due on a stated day ("(báo cáo trước ngày
// 15/12/2026)") sets that day.
TEST(TimelineVariants, ReportLabelsAndReportDaysInParentheses) {
  const Timeline label = parse_ok("Trước ngày 31/01/2026 (báo cáo năm 2025)", 2026);
  EXPECT_EQ(due_dates(label), std::vector<std::string>{"2026-01-31"});
  EXPECT_EQ(label.note, "báo cáo năm 2025");
  const Timeline review = parse_ok("Quý I/2026 (tổng kết quý IV/2025)", 2026);
  EXPECT_EQ(due_dates(review), std::vector<std::string>{"2026-03-31"});
  EXPECT_EQ(review.note, "tổng kết quý IV/2025");
  EXPECT_EQ(due_dates(parse_ok("Năm 2026 (báo cáo trước ngày 15/12/2026)", 2026)),
            std::vector<std::string>{"2026-12-15"});
  EXPECT_EQ(due_dates(parse_ok("Năm 2026 (gửi báo cáo chậm nhất ngày 20/12)", 2026)),
            std::vector<std::string>{"2026-12-20"});
  // A label that names a day, a cadence or no year may name when: refused.
  parse_error("Năm 2026 (báo cáo ngày 15/3/2026)", 2026);
  parse_error("Năm 2026 (báo cáo hằng quý năm 2026)", 2026);
  parse_error("Năm 2026 (sơ kết 6 tháng)", 2026);
  // A stated day before the period is refused as before.
  parse_error("Năm 2026 (báo cáo trước ngày 15/12/2025)", 2026);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// "Thượng tuần", "trung tuần", "hạ tuần": days 1-10, 11-20 and 21 to the
// end of a month, due on the last of them; once, or in every month.
TEST(TimelineVariants, TheTenDayPartsOfAMonth) {
  EXPECT_EQ(due_dates(parse_ok("Thượng tuần tháng 9/2026", 2026)), std::vector<std::string>{"2026-09-10"});
  EXPECT_EQ(due_dates(parse_ok("trung tuần tháng 9 năm 2026", 2026)), std::vector<std::string>{"2026-09-20"});
  EXPECT_EQ(due_dates(parse_ok("Hạ tuần tháng 2/2026", 2026)), std::vector<std::string>{"2026-02-28"});
  EXPECT_EQ(due_dates(parse_ok("Hạ tuần tháng 2/2028", 2028)), std::vector<std::string>{"2028-02-29"});
  const Timeline monthly = parse_ok("Trung tuần hằng tháng", 2026);
  ASSERT_EQ(monthly.occurrences.size(), 12U);
  EXPECT_EQ(to_iso(monthly.occurrences[1].nominal_due), "2026-02-20");
  EXPECT_EQ(to_iso(monthly.occurrences[1].period_start), "2026-02-11");
  // After "dự kiến (vào)" the part is read, not skipped as words of the work.
  EXPECT_EQ(due_dates(parse_ok("dự kiến vào trung tuần tháng 9 năm 2026", 2026)),
            std::vector<std::string>{"2026-09-20"});
  parse_error("trung tuần", 2026);
  parse_error("Thượng tuần năm 2026", 2026);
}

// "Chậm nhất 10 ngày" alone may be ten days before an event as well as
// after it ("chậm nhất 10 ngày trước ngày bầu cử"): refused; with "kể từ" or
// "sau" it is a lag, and "Trong vòng 10 ngày", "Không quá 10 ngày" or "Sau
// 6 tháng" alone too.
TEST(TimelineVariants, ALimitInDaysNeedsItsDirection) {
  parse_error("chậm nhất 10 ngày", 2026);
  for (const std::string phrase :
       {"Chậm nhất 10 ngày kể từ ngày nhận được", "Trong vòng 10 ngày", "Sau 10 ngày", "Không quá 10 ngày"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2026);
    EXPECT_EQ(timeline.kind, TimelineKind::on_demand);
    ASSERT_TRUE(timeline.lag.has_value());
    EXPECT_EQ(timeline.lag->count, 10);
  }
}

// Legal texts spell a number again after it: "ngày 06 (sáu)", "25 (hai mươi
// lăm)"; words that are not that number stay ("(năm sau)" is time).
TEST(TimelineVariants, ANumberSpelledAgainInWords) {
  EXPECT_EQ(parsed("Chậm nhất ngày 06 (sáu) của tháng cuối quý", 2026),
            parsed("Chậm nhất ngày 06 của tháng cuối quý", 2026));
  EXPECT_EQ(parsed("Chậm nhất ngày 25 (hai mươi lăm) tháng 11 (mười một)", 2026),
            parsed("Chậm nhất ngày 25 tháng 11", 2026));
  EXPECT_EQ(parsed("Ngày 31 (ba mươi mốt) tháng 12 (mười hai) năm 2026", 2026), parsed("Ngày 31/12/2026", 2026));
  EXPECT_EQ(parsed("Trước ngày 15 (mười lăm) hằng tháng", 2026), parsed("Trước ngày 15 hằng tháng", 2026));
  parse_error("Ngày 25 (hai mươi sáu) tháng 11", 2026);
  parse_error("Trước ngày 15/01 (năm sau)", 2026);
}

// Words before a date that do not change it: the part of the day, "vào",
// and what is done ("gửi", "nộp", "bắt đầu thực hiện").
TEST(TimelineVariants, PartsOfTheDayAndVerbsBeforeADate) {
  for (const std::string phrase : {"vào 31/12/2026", "Sáng ngày 31/12/2026", "chiều 31/12/2026", "Tối ngày 31/12/2026",
                                   "gửi trước ngày 31/12/2026", "Nộp trước ngày 31/12/2026"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2026)), std::vector<std::string>{"2026-12-31"});
  }
  EXPECT_EQ(parsed("Bắt đầu thực hiện từ ngày 04/5/2026 đến ngày 11/7/2026", 2026),
            parsed("Từ ngày 04/5/2026 đến ngày 11/7/2026", 2026));
  // "Sáng thứ Hai hằng tuần" stays the weekday.
  EXPECT_EQ(parse_ok("Sáng thứ Hai hằng tuần", 2026).occurrences.size(),
            parse_ok("Thứ Hai hằng tuần", 2026).occurrences.size());
  parse_error("Sáng", 2026);
  parse_error("chiều nay", 2026);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

std::string window_of(const Timeline& timeline) {
  EXPECT_EQ(timeline.occurrences.size(), 1U);
  return timeline.occurrences.empty() ? std::string{}
                                      : to_iso(timeline.occurrences.front().period_start) + ".." +
                                            to_iso(timeline.occurrences.front().nominal_due);
}

// Days written before the one date that carries their month: a range is one
// window of days, a list each day.
TEST(TimelineVariants, DaysThatShareTheMonthOfTheLastDate) {
  for (const std::string phrase : {"15-20/6/2026", "Từ ngày 15 đến ngày 20/6/2026", "Từ ngày 15 - 20/6/2026",
                                   "từ 15 đến 20/6", "Ngày 15–20/6/2026", "từ ngày 15 đến hết ngày 20/6/2026"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(window_of(parse_ok(phrase, 2026)), "2026-06-15..2026-06-20");
  }
  EXPECT_EQ(due_dates(parse_ok("trong ngày 11 và 12/6/2026", 2026)),
            (std::vector<std::string>{"2026-06-11", "2026-06-12"}));
  EXPECT_EQ(due_dates(parse_ok("vào các ngày 26, 27, 28/6/2026", 2026)),
            (std::vector<std::string>{"2026-06-26", "2026-06-27", "2026-06-28"}));
  // The days must come before the dated one, and exist in its month.
  parse_error("20-15/6/2026", 2026);
  parse_error("Từ ngày 15 đến ngày 31/6/2026", 2026);
  parse_error("Từ ngày 15 đến", 2026);
  // A date of its own is not a bare day.
  EXPECT_EQ(due_dates(parse_ok("15-6-2026", 2026)), std::vector<std::string>{"2026-06-15"});
}

// A window over the new year whose start names no year starts in the year
// before its end.
TEST(TimelineVariants, ADateWindowOverTheNewYear) {
  EXPECT_EQ(window_of(parse_ok("17/12 - 12/01/2027", 2026)), "2026-12-17..2027-01-12");
  EXPECT_EQ(window_of(parse_ok("Từ ngày 5/9 đến hết ngày 12/1/2027", 2026)), "2026-09-05..2027-01-12");
  // A start that names its year is taken as written; a start after the end
  // in the same month is a slip, not a window of a year.
  parse_error("17/12/2027 - 12/01/2027", 2026);
  parse_error("22/4 – 04/4/2027", 2026);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// A plan from September to May (a school year): what a cell names without a
// year falls in the months of the plan, so January is the second year's.
TEST(TimelineVariants, AYearlessDayInAPlanThatStartsInSeptember) {
  const PlanSpan school{2026, 2027, make_date(2026, 9, 1), make_date(2027, 5, 31)};
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 18/1", school)), std::vector<std::string>{"2027-01-18"});
  EXPECT_EQ(due_dates(parse_ok("trước ngày 10/9", school)), std::vector<std::string>{"2026-09-10"});
  EXPECT_EQ(due_dates(parse_ok("Tháng 01", school)), std::vector<std::string>{"2027-01-31"});
  EXPECT_EQ(due_dates(parse_ok("Tháng 12; tháng 01", school)), (std::vector<std::string>{"2026-12-31", "2027-01-31"}));
  EXPECT_EQ(due_dates(parse_ok("Quý I", school)), std::vector<std::string>{"2027-03-31"});
  // A year written is kept, as is a month in neither year of the plan.
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 18/1/2026", school)), std::vector<std::string>{"2026-01-18"});
  EXPECT_EQ(due_dates(parse_ok("Tháng 7", school)), std::vector<std::string>{"2026-07-31"});
  // Without a start the first year stays.
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 18/1", PlanSpan{2026, 2027})), std::vector<std::string>{"2026-01-18"});
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// A dated start, then the deadline: one window from the start, due as the
// deadline says; the start is never a deadline of its own.
TEST(TimelineVariants, ADatedStartThenTheDeadline) {
  const Timeline october = parse_ok("Triển khai từ tháng 9/2026 và hoàn thành trước ngày 15/10/2026", 2026);
  ASSERT_EQ(october.occurrences.size(), 1U);
  EXPECT_EQ(to_iso(october.occurrences.front().period_start), "2026-09-01");
  EXPECT_EQ(to_iso(october.occurrences.front().nominal_due), "2026-10-15");
  EXPECT_EQ(october.occurrences.front().anchor, DueAnchor::before_date);
  const Timeline quarters = parse_ok("Bắt đầu từ Quý II/2026, kết thúc trong Quý IV/2026", 2026);
  ASSERT_EQ(quarters.occurrences.size(), 1U);
  EXPECT_EQ(to_iso(quarters.occurrences.front().period_start), "2026-04-01");
  EXPECT_EQ(to_iso(quarters.occurrences.front().nominal_due), "2026-12-31");
  // A school term, as before: from the first day to the last.
  EXPECT_EQ(due_dates(parse_ok("Bắt đầu từ ngày 06/9/2026; kết thúc trước ngày 18/01/2027", 2026)),
            std::vector<std::string>{"2027-01-18"});
  // Several deadlines keep their periods; the start is a note.
  const Timeline quarterly = parse_ok("Từ tháng 3/2026, hoàn thành hằng quý", 2026);
  EXPECT_EQ(quarterly.occurrences.size(), 4U);
  EXPECT_EQ(quarterly.note, "Từ tháng 3/2026");
  // A deadline before the start, or none read, is refused.
  parse_error("Từ tháng 9/2026 hoàn thành trước 15/8/2026", 2026);
  parse_error("Từ tháng 9/2026, hoàn thành", 2026);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// The wording of reporting rules: "năm báo cáo" is the year reported on,
// "năm liền kề (năm báo cáo)" the one after; "gửi" or "nộp" before the day;
// "cả năm" is the year's report; "ngày 25-10" a day and its month.
TEST(TimelineVariants, TheWordingOfReportingRules) {
  EXPECT_EQ(due_dates(parse_ok("Báo cáo 6 tháng đầu năm gửi trước ngày 10/07 của năm báo cáo", 2026)),
            std::vector<std::string>{"2026-07-10"});
  EXPECT_EQ(due_dates(parse_ok("Báo cáo cả năm gửi trước ngày 10/01 của năm liền kề năm báo cáo", 2026)),
            std::vector<std::string>{"2027-01-10"});
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 31/01 của năm sau năm báo cáo", 2026)),
            std::vector<std::string>{"2027-01-31"});
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 15/01 năm liền kề", 2026)), std::vector<std::string>{"2027-01-15"});
  EXPECT_EQ(due_dates(parse_ok("Báo cáo năm nộp chậm nhất ngày 15/12", 2026)), std::vector<std::string>{"2026-12-15"});
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 25-10", 2026)), std::vector<std::string>{"2026-10-25"});
  EXPECT_EQ(due_dates(parse_ok("chậm nhất ngày 30-6", 2026)), std::vector<std::string>{"2026-06-30"});
  EXPECT_EQ(due_dates(parse_ok("từ ngày 12-7 đến 16-8-2026", 2026)), std::vector<std::string>{"2026-08-16"});
  // Without "ngày" a dash between two small numbers stays no date.
  parse_error("25-10", 2026);
  parse_error("Trước ngày 25-13", 2026);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// Days after the end of each period ("90 ngày kể từ ngày kết thúc quý"):
// calendar days from the period's last day, over the plan's span.
TEST(TimelineVariants, DaysAfterTheEndOfEachPeriod) {
  EXPECT_EQ(due_dates(parse_ok("90 ngày kể từ ngày kết thúc quý", 2026)),
            (std::vector<std::string>{"2026-06-29", "2026-09-28", "2026-12-29", "2027-03-31"}));
  EXPECT_EQ(due_dates(parse_ok("45 ngày kể từ ngày kết thúc 6 tháng đầu năm tài chính", 2026)),
            std::vector<std::string>{"2026-08-14"});
  EXPECT_EQ(due_dates(parse_ok("Trong thời hạn 90 ngày kể từ ngày kết thúc năm tài chính", PlanSpan{2026, 2027})),
            (std::vector<std::string>{"2027-03-31", "2028-03-30"}));
  EXPECT_EQ(due_dates(parse_ok("chậm nhất 30 ngày sau khi kết thúc năm", 2026)),
            std::vector<std::string>{"2027-01-30"});
  // Before or at a session: its day is set by its convener, so on demand.
  for (const std::string phrase : {"Trước kỳ họp giữa năm 2026", "Trước kỳ họp cuối năm 2026 của HĐND tỉnh",
                                   "Tại phiên họp tháng 3", "Trước Hội nghị tổng kết năm"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_ok(phrase, 2026).kind, TimelineKind::on_demand);
  }
  // Working days need the holiday calendar: refused. Another event stays on demand.
  parse_error("30 ngày làm việc kể từ ngày kết thúc quý", 2026);
  EXPECT_EQ(parse_ok("Trong vòng 15 ngày kể từ ngày kết thúc đợt thi", 2026).kind, TimelineKind::on_demand);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// "... đối với báo cáo định kỳ hằng năm": a rule for one report of a list,
// its cadence last; "đối với" a level makes the time that level's.
TEST(TimelineVariants, ForWhichReportOrWhom) {
  EXPECT_EQ(due_dates(parse_ok("Chậm nhất ngày 25 (hai mươi lăm) tháng 11 (mười một) đối với báo cáo định kỳ hằng năm",
                               PlanSpan{2026, 2027})),
            (std::vector<std::string>{"2026-11-25", "2027-11-25"}));
  EXPECT_EQ(due_dates(parse_ok("Chậm nhất ngày 06 (sáu) của tháng cuối quý đối với báo cáo định kỳ hằng quý", 2026)),
            (std::vector<std::string>{"2026-03-06", "2026-06-06", "2026-09-06", "2026-12-06"}));
  const Timeline commune = parse_ok("Quý II/2026 đối với đơn vị cấp xã", 2026);
  EXPECT_EQ(due_dates(commune), std::vector<std::string>{"2026-06-30"});
  // A level named alone: the time is that level's only (timeline_levels_test.cpp).
  EXPECT_EQ(commune.tiers_named(), k_tier_commune);
  EXPECT_EQ(parse_ok("Trước ngày 15/12 đối với báo cáo năm", 2026).note, "đối với báo cáo năm");
  // A deadline for each level is each level's (timeline_levels_test.cpp); a
  // "đối với" that names time is not guessed at.
  EXPECT_NE(parse_ok("Quý II đối với cấp tỉnh; Quý III đối với cấp xã", 2026).tiers_named(), 0);
  parse_error("Quý II đối với các đơn vị trong năm 2027", 2026);
  parse_error("đối với cấp xã", 2026);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// What is done, then its time in parentheses ending the cell: the time, the
// words its note, when they name no time.
TEST(TimelineVariants, ALabelThenItsTimeInParentheses) {
  const Timeline review = parse_ok("Hội nghị sơ kết (tháng 7/2026)", 2026);
  EXPECT_EQ(due_dates(review), std::vector<std::string>{"2026-07-31"});
  EXPECT_EQ(review.note, "Hội nghị sơ kết");
  EXPECT_EQ(parse_ok("Đợt 2 (tháng 6/2026)", 2026).note, "Đợt 2");
  EXPECT_EQ(due_dates(parse_ok("Tuần I ( Từ ngày 31/10- 4/11/2026)", 2026)), std::vector<std::string>{"2026-11-04"});
  EXPECT_EQ(due_dates(parse_ok("NGHỈ TẾT NGUYÊN ĐÁN (Từ 08/02 – 19/2/2026)", 2026)),
            std::vector<std::string>{"2026-02-19"});
  // A label that names time, or text after the parentheses, is not this form.
  parse_error("Tuần đầu (tháng 6)", 2026);
  parse_error("Hội nghị ngày 15 (tháng 7/2026)", 2026);
  parse_error("Hội nghị (tháng 7/2026) tại tỉnh", 2026);
  parse_error("Hội nghị (chưa rõ)", 2026);
}

// Found by fuzz_timeline: a byte that is not UTF-8 before the parentheses
// folded so that the part read again was the whole phrase, without end.
TEST(TimelineVariants, ALabelThatFoldsToNothingEnds) {
  EXPECT_FALSE(parse_timeline("\xc3()", PlanSpan{2026}).has_value());
  EXPECT_FALSE(
      parse_timeline(std::string_view("B\xc3\xa1o c\xc3\xa1o* th\xc3\xa1ng,    th\xc3(n\0n\xbaG\xbf+\xa1ngth\xd5,"
                                      "   th\xc3\xa1nc,9m 9 phr \xdd\xdd\xdd\xdd\x01"
                                      "cu)",
                                      67),
                     PlanSpan{2026})
          .has_value());
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// After the deadline, the following years "on request" are scheduled by
// `deadlined trigger`, not every year; "as the province requires" and a
// named cadence stand.
TEST(TimelineVariants, TheFollowingYearsOnRequest) {
  const PlanSpan span{2026, 2027};
  const Timeline on_request = parse_ok("Năm 2026; các năm tiếp theo theo yêu cầu", span);
  EXPECT_EQ(due_dates(on_request), std::vector<std::string>{"2026-12-31"});
  EXPECT_EQ(on_request.note, "các năm tiếp theo theo yêu cầu");
  EXPECT_EQ(due_dates(parse_ok("Năm 2026. Các năm sau thực hiện khi có yêu cầu", span)),
            std::vector<std::string>{"2026-12-31"});
  EXPECT_EQ(due_dates(parse_ok("Năm 2026; các năm tiếp theo theo yêu cầu của UBND tỉnh", span)),
            (std::vector<std::string>{"2026-12-31", "2027-12-31"}));
  EXPECT_EQ(parse_ok("Quý I/2026; hằng quý theo yêu cầu", span).occurrences.size(), 8U);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// One day and month for each period of a year after the cadence: each
// year's halves or quarters are due on them, in order.
TEST(TimelineVariants, AStatedDayForEachPeriodOfTheCadence) {
  const PlanSpan span{2026, 2027};
  const Timeline halves = parse_ok("Định kỳ 6 tháng (trước ngày 15/6 và 15/12)", span);
  EXPECT_EQ(due_dates(halves), (std::vector<std::string>{"2026-06-15", "2026-12-15", "2027-06-15", "2027-12-15"}));
  EXPECT_EQ(labels(halves).front(), "6 tháng đầu năm 2026");
  EXPECT_EQ(halves.occurrences.front().anchor, DueAnchor::before_date);
  // A day before its period's start is in the next year.
  EXPECT_EQ(due_dates(parse_ok("Định kỳ 6 tháng, trước ngày 15/7 và 15/01", span)),
            (std::vector<std::string>{"2026-07-15", "2027-01-15", "2027-07-15", "2028-01-15"}));
  EXPECT_EQ(due_dates(parse_ok("Hằng quý, chậm nhất các ngày 20/3, 20/6, 20/9 và 20/12", PlanSpan{2026})),
            (std::vector<std::string>{"2026-03-20", "2026-06-20", "2026-09-20", "2026-12-20"}));
  EXPECT_EQ(
      parse_ok("Hằng quý, chậm nhất các ngày 20/3, 20/6, 20/9 và 20/12", PlanSpan{2026}).occurrences.front().anchor,
      DueAnchor::period_end);
  // Two days for four quarters, a day far past its period, a day with a year: not guessed.
  parse_error("Hằng quý (trước 15/6 và 15/12)", 2026);
  parse_error("Định kỳ 6 tháng (trước ngày 15/12 và 15/6)", 2026);
  parse_error("Định kỳ 6 tháng (trước ngày 15/11 và 15/7)", 2026);
  parse_error("Hằng quý (trước 20/6, 20/9, 20/12 và 20/3)", 2026);
  parse_error("Hằng quý (trước 20/3, 20/6, 20/9, 20/12/2026)", 2026);
}

// Several days of every month: each is a deadline.
TEST(TimelineVariants, SeveralDaysOfEveryMonth) {
  const Timeline twice = parse_ok("Ngày 15 và 30 hằng tháng", PlanSpan{2026});
  ASSERT_EQ(twice.occurrences.size(), 24U);
  EXPECT_EQ(due_dates(twice)[2], "2026-02-15");
  EXPECT_EQ(due_dates(twice)[3], "2026-02-28");  // clamped to February
  EXPECT_TRUE(twice.occurrences.front().recurring);
  const Timeline before = parse_ok("trước ngày 10, 20 và 30 hằng tháng", PlanSpan{2026});
  EXPECT_EQ(before.occurrences.size(), 36U);
  EXPECT_EQ(before.occurrences.front().anchor, DueAnchor::before_date);
  // "ngày 30 và 31" in February is one day, not two.
  EXPECT_EQ(parse_ok("Ngày 30 và 31 hằng tháng", PlanSpan{2026}).occurrences.size(), 12U + 7U);
  // The days of a date stay the days of that date.
  EXPECT_EQ(due_dates(parse_ok("ngày 11 và 12/6/2026", 2026)), (std::vector<std::string>{"2026-06-11", "2026-06-12"}));
  // Out of order, or days of a quarter without its month: refused.
  parse_error("Ngày 30 và 15 hằng tháng", 2026);
  parse_error("Trước ngày 15 và 30 của tháng cuối quý", 2026);
}

// A weekday of one week of the month: of the month named, else of every month.
TEST(TimelineVariants, AWeekdayOfAWeekOfTheMonth) {
  const Timeline last_friday = parse_ok("Thứ Sáu tuần cuối tháng", PlanSpan{2026});
  ASSERT_EQ(last_friday.occurrences.size(), 12U);
  EXPECT_EQ(due_dates(last_friday)[0], "2026-01-30");
  EXPECT_EQ(due_dates(last_friday)[1], "2026-02-27");
  EXPECT_EQ(labels(last_friday)[0], "T6 Tuần cuối tháng 01/2026");
  EXPECT_EQ(due_dates(parse_ok("thứ 2 của tuần đầu tiên hằng tháng", PlanSpan{2026}))[0], "2026-01-05");
  EXPECT_EQ(due_dates(parse_ok("Thứ Năm tuần thứ 2 của mỗi tháng", PlanSpan{2026}))[0], "2026-01-08");
  EXPECT_EQ(due_dates(parse_ok("Thứ Sáu tuần cuối tháng 6/2026", 2026)), std::vector<std::string>{"2026-06-26"});
  parse_error("Thứ Sáu tuần thứ 5 của tháng", 2026);
  parse_error("Thứ Sáu tuần cuối", 2026);
}

// The year a report covers, named from the year it is due: a label.
TEST(TimelineVariants, AReportLabelWithTheYearBefore) {
  const Timeline january = parse_ok("Tháng 01 hằng năm (báo cáo năm trước)", PlanSpan{2026, 2027});
  EXPECT_EQ(due_dates(january), (std::vector<std::string>{"2026-01-31", "2027-01-31"}));
  EXPECT_EQ(january.note, "báo cáo năm trước");
  EXPECT_EQ(parse_ok("Tháng 01 (báo cáo năm trước liền kề)", 2026).note, "báo cáo năm trước liền kề");
  // Another relative year in parentheses is still time, never a label.
  parse_error("Tháng 01 (năm sau)", 2026);
}

// A report's day after a comma is that report's, not a second report; its
// yearly cadence may come first.
TEST(TimelineVariants, AReportsDayAfterAComma) {
  const Timeline mid_year = parse_ok("Báo cáo 6 tháng hằng năm, chậm nhất ngày 06 tháng 06", PlanSpan{2026, 2027});
  EXPECT_EQ(due_dates(mid_year), (std::vector<std::string>{"2026-06-06", "2027-06-06"}));
  EXPECT_EQ(labels(mid_year).front(), "Báo cáo 6 tháng đầu năm 2026");
  EXPECT_EQ(due_dates(parse_ok("Báo cáo năm, trước ngày 15/12", 2026)), std::vector<std::string>{"2026-12-15"});
  EXPECT_EQ(due_dates(parse_ok("Chậm nhất ngày 06 (sáu) tháng 06 (sáu) đối với báo cáo định kỳ 06 (sáu) tháng",
                               PlanSpan{2026, 2027})),
            (std::vector<std::string>{"2026-06-06", "2027-06-06"}));
  // Two reports stay two.
  EXPECT_EQ(parse_ok("Báo cáo 6 tháng, năm", 2026).occurrences.size(), 2U);
  // Without "báo cáo" a comma still separates items.
  EXPECT_EQ(parse_ok("Quý I/2026, ngày 15/5/2026", 2026).occurrences.size(), 2U);
}

// A written day, then how it was counted from an event: the day stands.
TEST(TimelineVariants, ACountFromAnEventAfterAWrittenDay) {
  const Timeline counted = parse_ok("chậm nhất là ngày 4 tháng 3 năm 2021 (80 ngày trước ngày bầu cử)", 2021);
  EXPECT_EQ(due_dates(counted), std::vector<std::string>{"2021-03-04"});
  EXPECT_EQ(counted.note, "80 ngày trước ngày bầu cử");
  EXPECT_EQ(parse_ok("Ngày 15/3/2026 (30 ngày làm việc kể từ ngày nhận hồ sơ)", 2026).kind, TimelineKind::dated);
  // After a period, or counted from another date, it is not only a note.
  parse_error("Quý I/2026 (30 ngày trước ngày bầu cử)", 2026);
  parse_error("Ngày 15/3/2026 (30 ngày trước ngày 15/4)", 2026);
}

// Days of every month from one to another: a window each month.
TEST(TimelineVariants, AWindowOfDaysInEveryMonth) {
  const Timeline first_days = parse_ok("Định kỳ từ ngày 1 đến ngày 5 hằng tháng", PlanSpan{2026});
  ASSERT_EQ(first_days.occurrences.size(), 12U);
  EXPECT_EQ(first_days.occurrences[1].period_start, make_date(2026, 2, 1));
  EXPECT_EQ(first_days.occurrences[1].nominal_due, make_date(2026, 2, 5));
  EXPECT_EQ(first_days.occurrences[1].period, PeriodKind::window);
  EXPECT_EQ(due_dates(parse_ok("Từ ngày 25 đến hết ngày 31 hằng tháng", PlanSpan{2026}))[1], "2026-02-28");
  // The days of a date stay a date window.
  EXPECT_EQ(due_dates(parse_ok("Từ ngày 15 đến ngày 20/6", 2026)), std::vector<std::string>{"2026-06-20"});
  parse_error("từ ngày 10 đến ngày 5 hằng tháng", 2026);
}

// More ways to write a day of every month or a weekday of the month.
TEST(TimelineVariants, AnHourOrAHolidayRuleAroundADayOfEveryMonth) {
  EXPECT_EQ(parsed("Trước 17h00 ngày 25 hằng tháng", 2026), parsed("Trước ngày 25 hằng tháng", 2026));
  const Timeline shifted =
      parse_ok("Ngày 25 hằng tháng (nếu trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo)", PlanSpan{2026});
  EXPECT_EQ(shifted.occurrences.size(), 12U);
  EXPECT_EQ(shifted.note, "nếu trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo");
  // A holiday rule with a day in it is not only a note.
  parse_error("Ngày 25 hằng tháng (nếu trùng ngày nghỉ thì ngày 26)", 2026);
  EXPECT_EQ(due_dates(parse_ok("Thứ Hai đầu tiên của tháng", PlanSpan{2026}))[1], "2026-02-02");
  EXPECT_EQ(due_dates(parse_ok("Ngày thứ Sáu cuối cùng của tháng", PlanSpan{2026}))[1], "2026-02-27");
  EXPECT_EQ(parse_ok("thứ Hai đầu tiên hằng tháng", PlanSpan{2026}).occurrences.size(), 12U);
}

// "Các" before the periods listed; a period of a year in parentheses; two
// deadlines for two kinds of unit.
TEST(TimelineVariants, PeriodsListedOrNarrowed) {
  EXPECT_EQ(parsed("Các tháng 3, 6, 9, 12", 2026), parsed("Tháng 3, 6, 9, 12", 2026));
  EXPECT_EQ(parsed("các quý II, IV năm 2026", 2026), parsed("Quý II, IV năm 2026", 2026));
  EXPECT_EQ(parsed("Năm 2026 (quý IV)", 2026), parsed("Quý IV/2026", 2026));
  EXPECT_EQ(parsed("Năm 2026 (tháng 12)", 2026), parsed("Tháng 12/2026", 2026));
  // A period of another year is no narrowing.
  parse_error("Năm 2026 (quý IV/2027)", 2026);
  EXPECT_EQ(
      parse_ok("Trước ngày 31/12/2026 (đối với cấp huyện); trước ngày 30/11/2026 (đối với cấp xã)", 2026).tiers_named(),
      k_tier_district | k_tier_commune);
  // One level named with its time: that time is the level's only.
  EXPECT_EQ(parse_ok("Quý II/2026 (đối với cấp xã)", 2026).tiers_named(), k_tier_commune);
}

// Folding makes "quý" and the "quy" of "quy định" one word: a rule is no quarter.
TEST(TimelineVariants, QuyOfARuleIsNoQuarter) {
  for (const std::string phrase : {"Tháng 6/2026, theo quy định của Bộ", "Tháng 6/2026, theo quy trình",
                                   "Tháng 6/2026; theo quy chế", "Tháng 6/2026 (theo quy định)"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2026)), std::vector<std::string>{"2026-06-30"});
  }
  const Timeline wednesdays = parse_ok(
      "vào ngày thứ Tư hằng tuần, trong giờ hành chính, nếu trùng vào ngày nghỉ theo quy định thì tiếp công dân "
      "vào ngày làm việc tiếp theo liền kề sau đó",
      PlanSpan{2026});
  EXPECT_TRUE(std::all_of(wednesdays.occurrences.begin(), wednesdays.occurrences.end(),
                          [](const Occurrence& o) { return weekday_of(o.nominal_due) == 3; }));
  EXPECT_EQ(parse_ok("Thường xuyên; báo cáo theo quy định", 2026).occurrences.size(), 0U);
  EXPECT_EQ(parse_ok("Theo quy định", 2026).kind, TimelineKind::on_demand);
  EXPECT_EQ(parse_ok("Không quy định", 2026).kind, TimelineKind::none);
  // The quarter itself stays one.
  EXPECT_EQ(parse_ok("Hằng quý báo cáo", PlanSpan{2026}).occurrences.size(), 4U);
  EXPECT_EQ(parse_ok("Khi có thay đổi, thực hiện theo Quý", PlanSpan{2026}).occurrences.size(), 4U);
}

// A day of each period at the start of the cell, and its other wordings.
TEST(TimelineVariants, ADayOfEachPeriodWrittenOtherwise) {
  EXPECT_EQ(parsed("ngày 12 của tháng cuối quý", 2026), parsed("vào ngày 12 của tháng cuối quý", 2026));
  EXPECT_EQ(due_dates(parse_ok("ngày 12 của tháng cuối mỗi quý", PlanSpan{2026}))[0], "2026-03-12");
  EXPECT_EQ(parsed("chậm nhất là ngày 20 hằng tháng", 2026), parsed("chậm nhất ngày 20 hằng tháng", 2026));
  EXPECT_EQ(parsed("chậm nhất là ngày thứ 20 của tháng tiếp theo tháng phát sinh nghĩa vụ thuế", 2026),
            parsed("chậm nhất ngày 20 của tháng tiếp theo", 2026));
  EXPECT_EQ(parsed("Ngày 12 tháng sau tháng báo cáo", 2026), parsed("Ngày 12 tháng sau", 2026));
  // "ngày thứ 2" is a weekday, never the second day.
  parse_error("ngày thứ 2 hằng tháng", 2026);
  EXPECT_EQ(parse_ok("chậm nhất không quá 45 ngày kể từ ngày lập được thành tích đột xuất", 2026).lag,
            (Lag{45, false, false}));
}

// Words around a time that other families already read.
TEST(TimelineVariants, MoreWordsAroundATime) {
  EXPECT_EQ(parsed("cơ bản hoàn thành trong năm 2025", 2025), parsed("trong năm 2025", 2025));
  EXPECT_EQ(parsed("01 lần/01 năm", 2026), parsed("01 lần/năm", 2026));
  EXPECT_EQ(due_dates(parse_ok("vào Chủ nhật ngày 15/3/2026", 2026)), std::vector<std::string>{"2026-03-15"});
  EXPECT_EQ(due_dates(parse_ok("Thứ Tư, ngày 18/3/2026", 2026)), std::vector<std::string>{"2026-03-18"});
  const Timeline fifteenth = parse_ok(
      "Định kỳ vào ngày 15 hàng tháng (nếu ngày này trùng vào ngày nghỉ, ngày lễ thì thực hiện vào ngày làm việc "
      "tiếp theo)",
      PlanSpan{2026});
  EXPECT_EQ(fifteenth.occurrences.size(), 12U);
  EXPECT_EQ(fifteenth.note, "nếu ngày này trùng vào ngày nghỉ, ngày lễ thì thực hiện vào ngày làm việc tiếp theo");
  EXPECT_EQ(parsed("gởi trước ngày 15/12/2026", 2026), parsed("gửi trước ngày 15/12/2026", 2026));
  EXPECT_EQ(parsed("Báo cáo năm gởi trước ngày 15/12", 2026), parsed("Báo cáo năm gửi trước ngày 15/12", 2026));
  EXPECT_EQ(parsed("ngay trong tháng 3", 2026), parsed("trong tháng 3", 2026));
  EXPECT_EQ(parse_ok("Báo cáo ngay trong ngày", 2026).kind, TimelineKind::on_demand);
  EXPECT_EQ(parse_ok("vào buổi sáng ngày 01 của tháng, sau Lễ chào cờ", PlanSpan{2026}).occurrences.size(), 12U);
  EXPECT_EQ(parsed("buổi chiều ngày 15/3/2026", 2026), parsed("ngày 15/3/2026", 2026));
  parse_error("buổi ngày 15/3/2026", 2026);
  parse_error("Cơ bản", 2026);
  parse_error("2 lần/năm", 2026);
}

// An on-demand opening ("Theo kế hoạch", "Đột xuất", "Theo yêu cầu") with a
// deadline after it: the deadline is read, the opening is its note. Before,
// every date after the opening was silently dropped.
TEST(TimelineVariants, AnOnDemandOpeningThenADeadline) {
  const std::vector<std::pair<const char*, const char*>> cases{
      {"Theo kế hoạch; trước ngày 15/12/2025", "trước ngày 15/12/2025"},
      {"theo kế hoạch (hoàn thành trong tháng 10)", "trong tháng 10"},
      {"theo kế hoạch (tháng 10)", "tháng 10"},
      {"theo kế hoạch, hoàn thành trong tháng 10", "trong tháng 10"},
      {"theo yêu cầu (trước ngày 15/12)", "trước ngày 15/12"},
      {"Theo Thông tư 02, trước ngày 15/12", "trước ngày 15/12"},
      {"Đột xuất (trước ngày 15/12)", "trước ngày 15/12"},
      {"Đột xuất; trước ngày 15/12", "trước ngày 15/12"},
      {"Theo kế hoạch\nQuý IV/2025", "Quý IV/2025"}};
  for (const auto& [phrase, deadline] : cases) {
    SCOPED_TRACE(phrase);
    const Timeline read = parse_ok(phrase, 2025);
    EXPECT_EQ(read.kind, TimelineKind::dated);
    EXPECT_EQ(due_dates(read), due_dates(parse_ok(deadline, 2025)));
    EXPECT_FALSE(read.note.empty());
  }
  EXPECT_EQ(parse_ok("Đột xuất (trước ngày 15/12)", 2025).note, "Đột xuất");
  // A cited document's own date is no deadline; words alone stay on demand.
  for (const char* phrase :
       {"Theo Kế hoạch số 45/KH-UBND, ngày 10/3/2026", "Theo Quyết định số 1234/QĐ-TTg ngày 12/5/2025", "Theo kế hoạch",
        "Khi có yêu cầu (trong vòng 5 ngày)", "Theo kế hoạch (dự kiến tháng 10), phối hợp"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_ok(phrase, 2025).kind, TimelineKind::on_demand);
  }
}

// "đối với báo cáo ..." after a day says which report the day is for: a
// note. Before, the report's own period end was added as a third deadline.
TEST(TimelineVariants, ADayForAKindOfReport) {
  for (const char* phrase : {"trước ngày 25/06 đối với báo cáo 06 tháng; trước ngày 28/11",
                             "trước ngày 25/06 đối với báo cáo 06 tháng; trước ngày 28/11 đối với báo cáo năm",
                             "trước ngày 25/06 đối với báo cáo 06 tháng, trước ngày 28/11"}) {
    SCOPED_TRACE(phrase);
    const Timeline read = parse_ok(phrase, 2017);
    EXPECT_EQ(due_dates(read), (std::vector<std::string>{"2017-06-25", "2017-11-28"}));
    EXPECT_EQ(read.note.rfind("đối với báo cáo 06 tháng", 0), 0U);
  }
  // A day for each level of government is each level's (timeline_levels_test.cpp).
  EXPECT_NE(parse_ok("trước ngày 15/6 đối với cấp huyện; trước ngày 30/6 đối với cấp tỉnh", 2026).tiers_named(), 0);
}

// The lunar date said again after the solar one ("(tức ngày 16 tháng Giêng
// năm Bính Ngọ)"), anywhere in the cell: read without it, kept as a note.
TEST(TimelineVariants, ALunarDateSaidAgainIsANote) {
  const Timeline day = parse_ok("vào ngày 4/3/2026 (tức ngày 16 tháng Giêng năm Bính Ngọ)", 2026);
  EXPECT_EQ(due_dates(day), (std::vector<std::string>{"2026-03-04"}));
  EXPECT_EQ(day.note, "tức ngày 16 tháng Giêng năm Bính Ngọ");
  EXPECT_EQ(parsed("từ ngày 4/3 đến hết ngày 6/3/2026 (tức từ ngày 16 đến hết ngày 18 tháng Giêng năm Bính Ngọ)", 2026),
            parsed("từ ngày 4/3 đến hết ngày 6/3/2026", 2026));
  // Between the two ends of a window, and after a time of day and a weekday.
  const Timeline tet = parse_ok(
      "từ thứ Bảy 14/2/2026 (tức 27 tháng Chạp, năm Ất Tỵ) đến hết Chủ nhật 22/2/2026 (tức mùng 6 tháng Giêng, năm "
      "Bính Ngọ)",
      2026);
  EXPECT_EQ(due_dates(tet), (std::vector<std::string>{"2026-02-22"}));
  EXPECT_EQ(tet.note, "tức 27 tháng Chạp, năm Ất Tỵ; tức mùng 6 tháng Giêng, năm Bính Ngọ");
  EXPECT_EQ(due_dates(parse_ok("vào 8 giờ, thứ Ba, ngày 24/02/2026 (tức ngày mùng 8 tháng Giêng năm Bính Ngọ)", 2026)),
            (std::vector<std::string>{"2026-02-24"}));
  EXPECT_EQ(parse_ok("ngày 4/3/2026 (16 tháng Giêng)", 2026).note, "16 tháng Giêng");
  EXPECT_EQ(parse_ok("ngày 4/3/2026 (ngày 16 âm lịch)", 2026).note, "ngày 16 âm lịch");
  // Other parentheses with a day in them are still read, or refused.
  parse_error("ngày 4/3/2026 (ngày 16)", 2026);
}

// Words real cells put around a supported time: who does it and a modal
// before the verb, a purpose or "tới" after the time, one more word before it.
TEST(TimelineVariants, WhoWhyAndOneWordMore) {
  EXPECT_EQ(parsed("Cấp xã hoàn thành và báo cáo kết quả trước ngày 16/01/2020", 2020),
            parsed("trước ngày 16/01/2020", 2020));
  EXPECT_EQ(parsed("Việc kê khai phải hoàn thành trước ngày 31 tháng 12", 2026), parsed("trước ngày 31/12", 2026));
  EXPECT_EQ(parsed("bảo đảm hoàn thành trong năm 2026", 2026), parsed("trong năm 2026", 2026));
  EXPECT_EQ(parsed("bảo đảm chất lượng đại hội, hoàn thành trước ngày 30/6/2025", 2025),
            parsed("trước ngày 30/6/2025", 2025));
  EXPECT_EQ(parsed("xử lý mọi hành vi lấn chiếm mặt đê trước ngày 15/5", 2015), parsed("trước ngày 15/5", 2015));
  const Timeline purpose = parse_ok("trước ngày 15/4/2023 để tập hợp báo cáo Thủ tướng Chính phủ", 2023);
  EXPECT_EQ(due_dates(purpose), (std::vector<std::string>{"2023-04-15"}));
  EXPECT_EQ(purpose.note, "để tập hợp báo cáo Thủ tướng Chính phủ");
  EXPECT_EQ(due_dates(parse_ok("Vào ngày 1 và 2/6 tới đây", 2017)), due_dates(parse_ok("Vào ngày 1 và 2/6", 2017)));
  EXPECT_EQ(parsed("Dự kiến vào tháng 9 tới", 2021), parsed("Dự kiến vào tháng 9", 2021));
  EXPECT_EQ(parsed("trước ngày 28/1/2024…", 2024), parsed("trước ngày 28/1/2024", 2024));
  EXPECT_EQ(parsed("vào trong ngày 18/11 hàng năm", 2026), parsed("vào ngày 18/11 hàng năm", 2026));
  EXPECT_EQ(parsed("vào trước ngày 31-8 năm nay", 2022), parsed("trước ngày 31/8/2022", 2022));
  EXPECT_EQ(parsed("trong khoảng từ ngày 02/3 đến 05/3/2026", 2026), parsed("từ ngày 02/3 đến 05/3/2026", 2026));
  // A purpose that names another time is that purpose's time, not this
  // task's: still a note. A subject alone is no time.
  const Timeline purpose_with_time = parse_ok("trước ngày 15/4/2023 để trình trước ngày 20/4", 2023);
  EXPECT_EQ(due_dates(purpose_with_time), std::vector<std::string>{"2023-04-15"});
  EXPECT_EQ(purpose_with_time.note, "để trình trước ngày 20/4");
  parse_error("Cấp xã hoàn thành", 2026);
}

// "Ngày 21/2 - 17/3": a window from one day to another, "Ngày" before it.
TEST(TimelineVariants, ADayToADayAfterNgay) {
  for (const char* phrase : {"Ngày 21/2- 17/3", "ngày 21/2 đến 17/3", "Ngày 21/2/2023 - 17/3/2023"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parsed(phrase, 2023), parsed("Từ ngày 21/2 đến ngày 17/3/2023", 2023));
  }
  parse_error("Ngày 17/3 - 21/2", 2023);  // the end before the start
}

// "trong 30 ngày (từ 25/7 đến 25/8)": how long, then the days themselves.
TEST(TimelineVariants, ADurationThenItsDaysInParentheses) {
  const Timeline window = parse_ok("trong 30 ngày (từ 25/7 đến 25/8)", 2022);
  EXPECT_EQ(due_dates(window), due_dates(parse_ok("từ 25/7 đến 25/8", 2022)));
  EXPECT_EQ(window.note, "trong 30 ngày");
  EXPECT_EQ(due_dates(parse_ok("trong 3 ngày (4, 5 và 6/3)", 2026)),
            (std::vector<std::string>{"2026-03-04", "2026-03-05", "2026-03-06"}));
  EXPECT_EQ(due_dates(parse_ok("trong hai ngày (30/11 và 1/12)", 2018)),
            (std::vector<std::string>{"2018-11-30", "2018-12-01"}));
  // The event a duration counts from is no day of its own.
  parse_error("trong 30 ngày (kể từ ngày ký)", 2026);
}

// A lag from an event in legal style: a comma before "kể từ", "chậm nhất
// là", "không vượt quá".
TEST(TimelineVariants, ALagWithACommaBeforeItsEvent) {
  const std::vector<std::pair<const char*, Lag>> cases{
      {"trong thời hạn 60 ngày, kể từ ngày nhận được kiến nghị của cử tri", Lag{60, false, false}},
      {"chậm nhất là 5 ngày làm việc, kể từ ngày nộp bản kê khai", Lag{5, true, false}},
      {"không vượt quá 60 ngày, kể từ ngày nghiệm thu", Lag{60, false, false}}};
  for (const auto& [phrase, lag] : cases) {
    SCOPED_TRACE(phrase);
    const Timeline read = parse_ok(phrase, 2026);
    EXPECT_EQ(read.kind, TimelineKind::on_demand);
    EXPECT_EQ(read.lag, lag);
  }
  // Without its event "chậm nhất" says neither before nor after: refused;
  // "không vượt quá" bounds how long the work takes from its starting event.
  parse_error("chậm nhất là 30 ngày", 2026);
  EXPECT_EQ(parse_ok("không vượt quá 10 ngày", 2026).lag, (Lag{10, false, false}));
}

// A thing named by a number in the words before a time ("lớp 10", "đợt 2",
// "kỳ họp thứ 10", "Điều 5") is no time; "sang" moves the work to a time.
TEST(TimelineVariants, NumberedThingsAndMovesBeforeATime) {
  EXPECT_EQ(parsed("hoàn thành tuyển sinh vào lớp 10 trước ngày 31-7", 2026), parsed("trước ngày 31/7", 2026));
  EXPECT_EQ(parsed("tiêm bổ sung sau đợt 1 từ 22-3 đến tháng 8-2018", 2018), parsed("từ 22/3 đến tháng 8/2018", 2018));
  EXPECT_EQ(parsed("Tổng kết đợt thứ 2 trong tháng 9/2026", 2026), parsed("trong tháng 9/2026", 2026));
  EXPECT_EQ(parsed("Kỳ họp thứ 10 trước ngày 15/12/2026", 2026), parsed("trước ngày 15/12/2026", 2026));
  EXPECT_EQ(parsed("Triển khai Điều 5 trong Quý II/2026", 2026), parsed("Quý II/2026", 2026));
  EXPECT_EQ(parsed("sang đầu tháng 7", 2026), parsed("đầu tháng 7", 2026));
  EXPECT_EQ(parsed("lùi sang quý III/2026", 2026), parsed("quý III/2026", 2026));
  EXPECT_EQ(parsed("chuyển sang tháng 9/2026", 2026), parsed("tháng 9/2026", 2026));
  // A list of them ("lớp 1, 6 và 10") names them all; a day after it is read.
  EXPECT_EQ(parsed("Tuyển sinh lớp 1, 6 và 10 sẽ hoàn thành trước 31/7/2026", 2026), parsed("trước 31/7/2026", 2026));
  EXPECT_EQ(parsed("tuyển sinh lớp 6 và 10 trước ngày 15/7/2026", 2026), parsed("trước ngày 15/7/2026", 2026));
  // A numbered thing's number is never a date's day, nor a year.
  parse_error("lớp 10 - 12/6", 2026);
  parse_error("đợt 2026", 2026);
  parse_error("sang năm", 2026);
  // Hours of one day before its date: the day is due.
  for (const char* phrase : {"Từ 7h15 - 8h00 ngày 5 tháng 9 năm 2025", "từ 7 giờ 30 đến 11 giờ ngày 5/9/2025",
                             "7h30 - 8h30 ngày 5/9/2025"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parsed(phrase, 2025), parsed("ngày 5/9/2025", 2025));
  }
  // Times on two days are still a window of days.
  EXPECT_EQ(parsed("Từ 7giờ ngày 19/02/2014 đến 10giờ 30 ngày 22/02/2014", 2014),
            parsed("Từ ngày 19/02/2014 đến ngày 22/02/2014", 2014));
  // Stage labels keep their meaning: two stages, each with its note.
  const Timeline stages = parse_ok("Đợt 1 từ tháng 4 - 5/2012 và đợt 2 từ tháng 10 - 11/2012", 2012);
  EXPECT_EQ(due_dates(stages), (std::vector<std::string>{"2012-05-31", "2012-11-30"}));
}

// Days and months joined by a dash or a dot, without a year, after a word
// that opens a day.
TEST(TimelineVariants, DashOrDotDatesWithoutAYear) {
  EXPECT_EQ(parsed("từ ngày 15-4 đến 15-5", 2026), parsed("từ ngày 15/4 đến 15/5", 2026));
  EXPECT_EQ(parsed("Từ ngày 12.3-30.4", 2026), parsed("Từ ngày 12/3 - 30/4", 2026));
  EXPECT_EQ(parsed("từ 22-3 đến tháng 8-2018", 2018), parsed("từ 22/3 đến tháng 8/2018", 2018));
  EXPECT_EQ(parsed("trước 31-5", 2026), parsed("trước 31/5", 2026));
  // Still a range of days or of months, never a date.
  EXPECT_EQ(due_dates(parse_ok("Từ 15-20/6/2026", 2026)), std::vector<std::string>{"2026-06-20"});
  EXPECT_EQ(due_dates(parse_ok("từ 6 - 11/2026", 2026)), std::vector<std::string>{"2026-11-30"});
  parse_error("6-01", 2026);
  parse_error("6.01", 2026);
}

// A stage and its number right before its time is a label, as with a colon.
TEST(TimelineVariants, AStageLabelWithoutAColon) {
  const Timeline stages = parse_ok("Đợt 1 từ tháng 4 - 5/2012 và đợt 2 từ tháng 10 - 11/2012", 2012);
  EXPECT_EQ(due_dates(stages), (std::vector<std::string>{"2012-05-31", "2012-11-30"}));
  EXPECT_EQ(stages.note, "Đợt 1; đợt 2");
  EXPECT_EQ(due_dates(parse_ok("Đợt một từ ngày 10.3 - 10.4; đợt hai từ 10.9 - 10.10", 2011)),
            (std::vector<std::string>{"2011-04-10", "2011-10-10"}));
  EXPECT_EQ(parsed("Thời hạn gửi báo cáo chậm nhất vào ngày 17 của tháng báo cáo", 2026),
            parsed("chậm nhất vào ngày 17 hằng tháng", 2026));
  parse_error("Đợt 1", 2026);
  parse_error("Đợt năm 2026", 2026);
}

// "Nửa đầu / nửa cuối": half of a month (1-15, 16 to the end) or of a year.
TEST(TimelineVariants, HalfOfAMonthOrOfAYear) {
  const Timeline first_half = parse_ok("Từ nay đến nửa đầu tháng 6", 2026);
  ASSERT_EQ(first_half.occurrences.size(), 1U);
  EXPECT_EQ(first_half.occurrences.front().period_start, make_date(2026, 6, 1));
  EXPECT_EQ(first_half.occurrences.front().nominal_due, make_date(2026, 6, 15));
  EXPECT_EQ(due_dates(parse_ok("nửa cuối tháng 2/2026", 2026)), std::vector<std::string>{"2026-02-28"});
  EXPECT_EQ(due_dates(parse_ok("nửa sau của tháng 9", 2026)), std::vector<std::string>{"2026-09-30"});
  EXPECT_EQ(parse_ok("nửa đầu tháng hằng tháng", PlanSpan{2026}).occurrences.size(), 12U);
  EXPECT_EQ(parsed("nửa đầu năm 2026", 2026), parsed("6 tháng đầu năm 2026", 2026));
  EXPECT_EQ(parsed("Nửa cuối năm", 2026), parsed("6 tháng cuối năm 2026", 2026));
  EXPECT_EQ(parsed("trong nửa đầu năm sau", 2026), parsed("6 tháng đầu năm 2027", 2026));
  parse_error("trong nửa", 2026);
  parse_error("nửa đầu quý II", 2026);
}

// From the day a position names ("đầu", "giữa") to the end of what follows.
TEST(TimelineVariants, FromAPositionToAnEnd) {
  const Timeline spring = parse_ok("Từ đầu tháng 3 đến cuối tháng 5/2026", 2026);
  ASSERT_EQ(spring.occurrences.size(), 1U);
  EXPECT_EQ(spring.occurrences.front().period_start, make_date(2026, 3, 1));
  EXPECT_EQ(spring.occurrences.front().nominal_due, make_date(2026, 5, 31));
  EXPECT_EQ(due_dates(parse_ok("từ giữa tháng 4 đến giữa tháng 5", 2026)), std::vector<std::string>{"2026-05-15"});
  // The start takes the end's year, or the year before when it would fall after it.
  const Timeline winter = parse_ok("Từ đầu tháng 11 đến hết tháng 2/2027", 2026);
  EXPECT_EQ(winter.occurrences.front().period_start, make_date(2026, 11, 1));
  EXPECT_EQ(parse_ok("Từ đầu tháng 11 đến hết tháng 2 năm sau", 2026).occurrences.front().period_start,
            make_date(2026, 11, 1));
  parse_error("Từ đầu tháng 9/2026 đến giữa tháng 8/2026", 2026);
  parse_error("Từ đầu tháng 9 đến", 2026);
}

// A cadence as a count of months, and a window from an event to a time.
TEST(TimelineVariants, CadenceAsACountAndFromAnEventToATime) {
  EXPECT_EQ(parsed("Định kỳ 03 tháng", 2026), parsed("Hằng quý", 2026));
  EXPECT_EQ(parsed("mỗi 3 tháng", 2026), parsed("Hằng quý", 2026));
  EXPECT_EQ(parsed("định kỳ 01 năm", 2026), parsed("Hằng năm", 2026));
  EXPECT_EQ(parsed("Định kỳ 01 tháng", 2026), parsed("Hằng tháng", 2026));
  parse_error("Định kỳ 5 tháng", 2026);
  EXPECT_EQ(due_dates(parse_ok("Từ ngày ban hành đến hết năm 2026", 2026)), std::vector<std::string>{"2026-12-31"});
  EXPECT_EQ(due_dates(parse_ok("Từ ngày ban hành Kế hoạch đến ngày 31/12/2026", 2026)),
            std::vector<std::string>{"2026-12-31"});
  // Events at both ends stay on demand; an event with no end stays ongoing.
  EXPECT_EQ(parse_ok("Từ ngày thành lập Ủy ban bầu cử đến ngày kết thúc cuộc bầu cử", 2026).kind,
            TimelineKind::on_demand);
  EXPECT_EQ(parse_ok("Từ ngày ban hành Kế hoạch trở đi", 2026).kind, TimelineKind::ongoing);
}

// "định kỳ" holds for the reports of one list, not for a list after ';'.
TEST(TimelineVariants, PeriodicReportsOfOneList) {
  const PlanSpan span{2026, 2027};
  std::vector<std::string> dues =
      due_dates(parse_ok("Báo cáo định kỳ 6 tháng trước ngày 10/6, báo cáo năm trước ngày 10/12", span));
  std::sort(dues.begin(), dues.end());
  EXPECT_EQ(dues, (std::vector<std::string>{"2026-06-10", "2026-12-10", "2027-06-10", "2027-12-10"}));
  EXPECT_EQ(parse_ok("Báo cáo định kỳ quý; báo cáo năm trước ngày 15/12", span).occurrences.size(), 8U + 1U);
}

// A period's last working day, and the eve of Tết: due on the last working
// day on or before the day named, whatever calendar.roll says.
TEST(TimelineVariants, ALastWorkingDayAndTheEveOfTet) {
  const Timeline monthly = parse_ok("Ngày làm việc cuối cùng của tháng", PlanSpan{2026});
  ASSERT_EQ(monthly.occurrences.size(), 12U);
  EXPECT_EQ(monthly.occurrences.front().nominal_due, make_date(2026, 1, 31));
  EXPECT_TRUE(monthly.occurrences.front().last_working_day);
  EXPECT_EQ(parsed("Ngày làm việc cuối cùng hằng tháng", 2026), parsed("Ngày làm việc cuối cùng của mỗi tháng", 2026));
  EXPECT_EQ(due_dates(parse_ok("ngày làm việc cuối cùng của tháng 5/2026", 2026)),
            std::vector<std::string>{"2026-05-31"});
  EXPECT_EQ(parse_ok("Ngày làm việc cuối cùng của mỗi quý", PlanSpan{2026}).occurrences.size(), 4U);
  parse_error("Ngày làm việc cuối cùng của ngày 15/5/2026", 2026);
  // Tết Bính Ngọ is 17/02/2026, Tết Đinh Mùi 06/02/2027.
  const Timeline tet = parse_ok("về đích trước Tết Nguyên đán 2026", 2026);
  EXPECT_EQ(due_dates(tet), std::vector<std::string>{"2026-02-16"});
  EXPECT_TRUE(tet.occurrences.front().last_working_day);
  EXPECT_EQ(parsed("Trước Tết Nguyên đán Bính Ngọ năm 2026", 2026), parsed("Trước Tết Nguyên đán 2026", 2026));
  EXPECT_EQ(due_dates(parse_ok("Trước Tết Nguyên đán hằng năm", PlanSpan{2026, 2027})),
            (std::vector<std::string>{"2026-02-16", "2027-02-05"}));
  EXPECT_EQ(due_dates(parse_ok("trước Tết", 2027)), std::vector<std::string>{"2027-02-05"});
  parse_error("Trước Tết Nguyên đán 2026 hằng năm", 2026);
  // Tết moves: a solar date repeated by whole years is not its eve.
  EXPECT_FALSE(parse_timeline("Trước Tết Nguyên đán 2026 và các năm tiếp theo", PlanSpan{2026, 2028}).has_value());
  EXPECT_FALSE(parse_timeline("Trước Tết Nguyên đán năm 2026 (hằng năm)", PlanSpan{2026, 2028}).has_value());
  // Other days keep the configured roll.
  EXPECT_FALSE(parse_ok("Tháng 01/2026", 2026).occurrences.front().last_working_day);
}

// A day to the end of a month or quarter.
TEST(TimelineVariants, FromADayToTheEndOfAPeriod) {
  const Timeline school = parse_ok("Từ 15/9 đến tháng 2/2027", 2026);
  ASSERT_EQ(school.occurrences.size(), 1U);
  EXPECT_EQ(school.occurrences.front().period_start, make_date(2026, 9, 15));
  EXPECT_EQ(school.occurrences.front().nominal_due, make_date(2027, 2, 28));
  EXPECT_EQ(due_dates(parse_ok("Từ ngày 01/10/2026 đến hết quý I năm 2027", 2026)),
            std::vector<std::string>{"2027-03-31"});
  EXPECT_EQ(due_dates(parse_ok("từ 15/3 đến hết tháng 5/2026", 2026)), std::vector<std::string>{"2026-05-31"});
  // A start after the end, a month that does not exist: refused.
  parse_error("Từ 15/9/2026 đến tháng 8/2026", 2026);
  parse_error("Từ 15/9 đến tháng 13/2027", 2026);
}

// Each phrase is one window, "first..last".
void expect_one_window(const std::vector<std::pair<const char*, const char*>>& cases, int year) {
  for (const auto& [phrase, window] : cases) {
    SCOPED_TRACE(phrase);
    const Timeline read = parse_ok(phrase, year);
    ASSERT_EQ(read.occurrences.size(), 1U);
    const Occurrence& only = read.occurrences.front();
    EXPECT_EQ(to_iso(only.period_start) + ".." + to_iso(only.nominal_due), window);
  }
}

// "tháng 2 hoặc tháng 3", "ngày 5 hoặc 6/3": one of the times, so one
// obligation from the first to the last, whatever lies between.
TEST(TimelineVariants, OneTimeOrAnother) {
  const std::vector<std::pair<const char*, const char*>> cases{
      {"Tổ chức trong tháng 2 hoặc tháng 3/2026", "2026-02-01..2026-03-31"},
      {"Tháng 3 hoặc 4/2026", "2026-03-01..2026-04-30"},
      {"Quý II hoặc quý III/2026", "2026-04-01..2026-09-30"},
      {"Quý I hoặc Quý III", "2026-01-01..2026-09-30"},
      {"tháng 5, hoặc tháng 6", "2026-05-01..2026-06-30"},
      {"ngày 5 hoặc 6/3/2026", "2026-03-05..2026-03-06"},
      {"Các ngày 5 hoặc 6/3/2026", "2026-03-05..2026-03-06"},
      {"Ngày 15/3 hoặc ngày 20/3/2026", "2026-03-15..2026-03-20"},
      {"Dự kiến ngày 28/12/2025 hoặc 04/01/2026", "2025-12-28..2026-01-04"}};
  expect_one_window(cases, 2026);
  // Out of order, or a report of one period or another: refused.
  parse_error("Quý III hoặc quý II/2026", 2026);
  parse_error("Ngày 20/3 hoặc 15/3/2026", 2026);
  parse_error("Báo cáo quý I hoặc quý II", 2026);
}

// "Từ tháng 8 năm trước đến tháng 7 năm sau": the earlier and the later of
// two consecutive years (a school year), not a window of two years.
TEST(TimelineVariants, TheYearBeforeToTheYearAfterAreConsecutive) {
  for (const char* phrase :
       {"Từ tháng 8 năm trước đến tháng 7 năm sau", "từ ngày 01/8 năm trước đến ngày 31/7 năm sau"}) {
    SCOPED_TRACE(phrase);
    const Timeline read = parse_ok(phrase, 2026);
    ASSERT_EQ(read.occurrences.size(), 1U);
    EXPECT_EQ(to_iso(read.occurrences.front().period_start), "2026-08-01");
    EXPECT_EQ(to_iso(read.occurrences.front().nominal_due), "2027-07-31");
  }
  // Each alone keeps its meaning.
  EXPECT_EQ(due_dates(parse_ok("Tháng 12 năm trước", 2026)), std::vector<std::string>{"2025-12-31"});
  EXPECT_EQ(due_dates(parse_ok("Từ tháng 8 đến tháng 12 năm sau", 2026)), std::vector<std::string>{"2027-12-31"});
}

// "Từ quý II đến ngày 30/9/2026": from a period's first day to a day.
TEST(TimelineVariants, FromAPeriodToADay) {
  const std::vector<std::pair<const char*, const char*>> cases{
      {"Từ quý II đến ngày 30/9/2026", "2026-04-01..2026-09-30"},
      {"Từ tháng 3 đến hết ngày 15/5/2026", "2026-03-01..2026-05-15"},
      {"từ tháng 11 đến ngày 15/01/2027", "2026-11-01..2027-01-15"},
      {"Từ tháng 3/2026 đến 17 giờ ngày 20/4/2026", "2026-03-01..2026-04-20"}};
  expect_one_window(cases, 2026);
  // A day before the period's start is no window.
  parse_error("Từ quý III/2026 đến ngày 30/6/2026", 2026);
}

// Hours written with a colon are a time, not a label before a colon.
TEST(TimelineVariants, HoursWithAColonBeforeTheDay) {
  for (const char* phrase :
       {"Từ 15:00 - 17:00, ngày 12/3/2026", "Từ 15:00 - 17:00 ngày 12/3/2026", "Từ 8:00 đến 11:30 ngày 12/3/2026"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2026)), std::vector<std::string>{"2026-03-12"});
  }
}

// Work from a start with no end named, in other words.
TEST(TimelineVariants, MoreWaysToStartWithNoEnd) {
  for (const char* phrase : {"Từ đầu năm 2026", "Ngay từ đầu năm 2026", "Từ đầu quý II/2026 trở đi",
                             "Từ ngày 01/3/2026 (sau khi có kế hoạch)", "Ngay từ tháng 1/2026"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_ok(phrase, 2026).kind, TimelineKind::ongoing);
  }
  EXPECT_EQ(parse_ok("Từ ngày 01/3/2026 (sau khi có kế hoạch)", 2026).note, "sau khi có kế hoạch");
  // With an end it is still a window.
  EXPECT_EQ(due_dates(parse_ok("Từ đầu năm 2026 đến tháng 6", 2026)), std::vector<std::string>{"2026-06-30"});
}

// "Các ngày 5 và 6/3/2026" lists its days; "Học kỳ I trước ngày ..." names
// the term its day is for.
TEST(TimelineVariants, ListedDaysAndTermsBeforeTheirDays) {
  EXPECT_EQ(due_dates(parse_ok("Các ngày 5 và 6/3/2026", 2026)),
            (std::vector<std::string>{"2026-03-05", "2026-03-06"}));
  const Timeline terms = parse_ok("Học kỳ I trước ngày 15/1/2026; học kỳ II trước ngày 20/5/2026", 2026);
  EXPECT_EQ(due_dates(terms), (std::vector<std::string>{"2026-01-15", "2026-05-20"}));
  EXPECT_EQ(terms.note, "Học kỳ I; học kỳ II");
  EXPECT_EQ(parse_ok("Kỳ 1 tháng 6/2026, kỳ 2 tháng 12/2026", 2026).note, "Kỳ 1; kỳ 2");
}

// Regulations on reporting say who the report goes to, or that it "is
// made", between the report and its day.
TEST(TimelineVariants, WhatIsDueBetweenAReportAndItsDay) {
  EXPECT_EQ(due_dates(parse_ok("Báo cáo 06 (sáu) tháng đầu năm được thực hiện trước ngày 15 tháng 7;", 2020)),
            std::vector<std::string>{"2020-07-15"});
  EXPECT_EQ(due_dates(parse_ok("Báo cáo năm được thực hiện trước ngày 15 tháng 01 của năm tiếp theo;", 2020)),
            std::vector<std::string>{"2021-01-15"});
  EXPECT_EQ(due_dates(parse_ok("Báo cáo năm gửi về Sở Tư pháp trước ngày 15/12", 2020)),
            std::vector<std::string>{"2020-12-15"});
  // Whom, listed with commas, after "báo cáo".
  EXPECT_EQ(due_dates(parse_ok("báo cáo Chính phủ, Thủ tướng trước 30/9", 2025)),
            std::vector<std::string>{"2025-09-30"});
  EXPECT_EQ(due_dates(parse_ok("Báo cáo 6 tháng nộp chậm nhất ngày 20/6", 2020)),
            std::vector<std::string>{"2020-06-20"});
  // A time among the words is no such day: "hằng năm" after the report.
  parse_error("Báo cáo năm gửi về Sở 2 lần trước ngày 15/12", 2020);
}

// "kéo dài" (lasts) and "diễn ra" (takes place) before a time.
TEST(TimelineVariants, LastsAndTakesPlace) {
  EXPECT_EQ(parsed("kéo dài từ 15/4-15/5", 2025), parsed("từ 15/4-15/5", 2025));
  EXPECT_EQ(due_dates(parse_ok("Chiến dịch sẽ kéo dài từ ngày 2/8 đến ngày 9/8/2025.", 2025)),
            std::vector<std::string>{"2025-08-09"});
  EXPECT_EQ(due_dates(parse_ok("Thi tốt nghiệp THPT diễn ra ngày 26 – 27/6/2025.", 2025)),
            std::vector<std::string>{"2025-06-27"});
  // An opening and a closing day are one event's span.
  for (const char* phrase :
       {"khai mạc ngày 20/10 và dự kiến bế mạc ngày 12/12", "Khai mạc ngày 20/10/2025, bế mạc ngày 12/12/2025"}) {
    SCOPED_TRACE(phrase);
    const Timeline session = parse_ok(phrase, 2025);
    ASSERT_EQ(session.occurrences.size(), 1U);
    EXPECT_EQ(to_iso(session.occurrences.front().period_start), "2025-10-20");
    EXPECT_EQ(to_iso(session.occurrences.front().nominal_due), "2025-12-12");
  }
}

// A reporting regime's paragraphs: the report's kind, a colon, the
// column's name, then the day; "thuộc kỳ báo cáo" says which period.
TEST(TimelineVariants, AReportsKindThenTheColumnsName) {
  const Timeline monthly =
      parse_ok("Báo cáo định kỳ hàng tháng: Thời hạn gửi báo cáo chậm nhất vào ngày 20 của tháng báo cáo.", 2020);
  EXPECT_EQ(monthly.note, "Báo cáo định kỳ hàng tháng");
  ASSERT_EQ(due_dates(monthly).size(), 12U);
  EXPECT_EQ(due_dates(monthly).front(), "2020-01-20");
  const Timeline quarterly = parse_ok(
      "Báo cáo định kỳ hàng quý: Thời hạn gửi báo cáo chậm nhất vào ngày 20 của tháng cuối quý thuộc kỳ báo cáo.",
      2020);
  EXPECT_EQ(due_dates(quarterly), (std::vector<std::string>{"2020-03-20", "2020-06-20", "2020-09-20", "2020-12-20"}));
  EXPECT_EQ(due_dates(parse_ok("chậm nhất vào ngày 20 của tháng cuối quý báo cáo", 2020)), due_dates(quarterly));
  EXPECT_EQ(
      due_dates(parse_ok("Báo cáo định kỳ hàng năm: Thời hạn gửi báo cáo chậm nhất là ngày 20/12 hàng năm.", 2020)),
      std::vector<std::string>{"2020-12-20"});
}

// The ';', ',' or '.' that ends a list item on the page: the cell reads the
// same. Before, "... đối với báo cáo định kỳ hằng năm." added each period's
// end as a second deadline of every report.
TEST(TimelineVariants, AMarkThatEndsTheCellChangesNothing) {
  for (const char* phrase : {"Chậm nhất ngày 15 (mười lăm) của tháng báo cáo đối với báo cáo định kỳ hằng tháng",
                             "Chậm nhất ngày 06 (sáu) của tháng cuối quý đối với báo cáo định kỳ hằng quý",
                             "Chậm nhất ngày 06 (sáu) tháng 06 (sáu) đối với báo cáo định kỳ 06 (sáu) tháng",
                             "Chậm nhất ngày 25 (hai mươi lăm) tháng 11 (mười một) đối với báo cáo định kỳ hằng năm",
                             "ngày 25/11 đối với báo cáo hằng năm", "Quý II/2023", "Trước ngày 15/6 và 15/12"}) {
    const std::string bare = parsed(phrase, 2023);
    for (const char* mark : {";", ",", ".", " .", "; "}) {
      SCOPED_TRACE(std::string(phrase) + mark);
      EXPECT_EQ(parsed(std::string(phrase) + mark, 2023), bare);
    }
  }
  EXPECT_EQ(due_dates(parse_ok("Chậm nhất ngày 25 tháng 11 đối với báo cáo định kỳ hằng năm.", 2023)),
            std::vector<std::string>{"2023-11-25"});
}

// Days after the end of a year, said as tax law says it.
TEST(TimelineVariants, DaysAfterTheEndOfAYearInTaxLawsWords) {
  for (const char* phrase :
       {"Chậm nhất 30 ngày kể từ khi kết thúc năm tài chính;", "Chậm nhất 30 ngày kể từ ngày kết thúc năm dương lịch",
        "Chậm nhất là ngày thứ 30, kể từ ngày kết thúc năm",
        "Chậm nhất ngày thứ 30 kể từ ngày kết thúc năm dương lịch hoặc năm TC"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2019)), std::vector<std::string>{"2020-01-30"});
  }
  // "ngày thứ 2" may be a Monday: not read as a count.
  parse_error("chậm nhất là ngày thứ 2 kể từ ngày kết thúc quý", 2019);
}

// "(Thời hạn gửi) báo cáo quý chậm nhất là 30 ngày kể từ ngày kết thúc
// quý": the report named before the lag is one of the periods after it.
TEST(TimelineVariants, TheReportNamedBeforeDaysAfterAPeriodsEnd) {
  const std::string quarterly = parsed("chậm nhất là 30 ngày kể từ ngày kết thúc quý", 2025);
  for (const std::string phrase :
       {"thời hạn gửi báo cáo quý chậm nhất là 30 ngày kể từ ngày kết thúc quý",
        "Báo cáo quý chậm nhất 30 ngày kể từ ngày kết thúc quý.", "Báo cáo chậm nhất 30 ngày kể từ ngày kết thúc quý",
        "NỘP BÁO CÁO QUÝ CHẬM NHẤT LÀ 30 "
        "NGÀY KỂ TỪ NGÀY KẾT THÚC QUÝ"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parsed(phrase, 2025), quarterly);
  }
  // Another report than the period counted from is not clear.
  parse_error("báo cáo năm chậm nhất 30 ngày kể từ ngày kết thúc quý", 2025);
}

// The accounting period ("kỳ kế toán năm", "năm kế toán") is the period its
// accounts close: as many days after its end, not an event to trigger.
TEST(TimelineVariants, DaysAfterTheEndOfAnAccountingPeriod) {
  for (const char* phrase :
       {"chậm nhất là 90 ngày, kể từ ngày kết thúc kỳ kế toán năm",
        "Chậm nhất 90 ngày kể từ ngày kết thúc năm kế toán.", "CHẬM NHẤT LÀ 90 NGÀY KỂ TỪ NGÀY KẾT THÚC KỲ KẾ TOÁN NĂM",
        "chậm nhất 90 ngày sau khi kết thúc kỳ kế toán năm"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2025)), std::vector<std::string>{"2026-03-31"});
  }
  EXPECT_EQ(due_dates(parse_ok("Chậm nhất 30 ngày kể từ ngày kết thúc kỳ kế toán quý", 2025)),
            (std::vector<std::string>{"2025-04-30", "2025-07-30", "2025-10-30", "2026-01-30"}));
  // Which period the accounts cover must be said; without it an event.
  EXPECT_EQ(parse_ok("chậm nhất 90 ngày kể từ ngày kết thúc kỳ kế toán", 2025).kind, TimelineKind::on_demand);
  parse_error("chậm nhất 90 ngày làm việc kể từ ngày kết thúc kỳ kế toán năm", 2025);
}

// What a day is for ("để ...", even with a time of its own) and how it is
// sent ("bằng ...") after the day are notes; a comma before the next time
// ends them.
TEST(TimelineVariants, PurposeAndMannerAfterADay) {
  const Timeline merged =
      parse_ok("trước ngày 30/6 để đến ngày 1/7, các đơn vị hành chính cấp xã được vận hành theo tổ chức mới", 2025);
  EXPECT_EQ(due_dates(merged), std::vector<std::string>{"2025-06-30"});
  EXPECT_EQ(merged.note, "để đến ngày 1/7, các đơn vị hành chính cấp xã được vận hành theo tổ chức mới");
  EXPECT_EQ(
      due_dates(parse_ok("trước ngày 15 tháng 3 năm 2019 bằng hình thức văn bản giấy hoặc qua thư điện tử", 2019)),
      std::vector<std::string>{"2019-03-15"});
  EXPECT_EQ(due_dates(parse_ok("trước ngày 15/6 để báo cáo 6 tháng, trước ngày 15/12 để báo cáo năm", 2025)),
            (std::vector<std::string>{"2025-06-15", "2025-12-15"}));
}

// What is due, in a few words and without a verb, before the word that
// opens its time; a phase's number before a time that is not its years.
TEST(TimelineVariants, WhatIsDueWithoutAVerb) {
  EXPECT_EQ(due_dates(parse_ok("Học kỳ I sẽ kết thúc trước ngày 18/1/2026, kỳ II trước 31/5/2026", 2026)),
            (std::vector<std::string>{"2026-01-18", "2026-05-31"}));
  EXPECT_EQ(due_dates(parse_ok("Thời gian lập danh sách đơn vị điều tra thực hiện từ ngày 01/6/2021 đến hết ngày "
                               "15/6/2021; thu thập thông tin từ ngày 01/7/2021 đến hết ngày 30/7/2021.",
                               2021)),
            (std::vector<std::string>{"2021-06-15", "2021-07-30"}));
  EXPECT_EQ(due_dates(parse_ok("thời gian chuẩn bị thu thập thông tin từ ngày 01/02/2021 đến hết ngày 28/02/2021; "
                               "thời gian thu thập thông tin từ ngày 01/3/2021 đến hết ngày 30/4/2021.",
                               2021)),
            (std::vector<std::string>{"2021-02-28", "2021-04-30"}));
  const Timeline phase =
      parse_ok("Giai đoạn 2: thời gian thu thập thông tin từ ngày 15/5/2021 đến hết ngày 30/7/2021;", 2021);
  EXPECT_EQ(due_dates(phase), std::vector<std::string>{"2021-07-30"});
  EXPECT_EQ(phase.note, "Giai đoạn 2");
  // A phase's years are still its time.
  EXPECT_EQ(due_dates(parse_ok("Giai đoạn 1: 2026-2027; Giai đoạn 2: 2028-2030", 2026)),
            (std::vector<std::string>{"2027-12-31", "2030-12-31"}));
  // Words alone, or words before no time, are refused.
  parse_error("thu thập thông tin", 2021);
  parse_error("thu thập thông tin trước khi", 2021);
}

// A lag named after the column's word and what it is for, in days and
// nights or in working days "thực tế".
TEST(TimelineVariants, ALagAfterWhatItIsFor) {
  const Timeline recruiting = parse_ok(
      "Thời hạn nhận Phiếu đăng ký dự tuyển của người đăng ký dự tuyển là 30 ngày kể từ ngày thông báo tuyển dụng",
      2019);
  EXPECT_EQ(recruiting.kind, TimelineKind::on_demand);
  EXPECT_EQ(recruiting.lag, (Lag{30, false, false}));
  const Timeline inspection =
      parse_ok("Thời hạn thanh tra 70 ngày làm việc thực tế, kế từ ngày công bố quyết định thanh tra", 2019);
  EXPECT_EQ(inspection.kind, TimelineKind::on_demand);
  EXPECT_EQ(inspection.lag, (Lag{70, true, false}));
  EXPECT_EQ(parse_ok("trong vòng 30 ngày đêm", 2022).lag, (Lag{30, false, false}));
  // Without a lag or a time, the column's word and its words are refused.
  parse_error("Thời hạn hoàn thành là 30 ngày", 2019);
}

// "tại kỳ họp ...", "tại phiên họp ...": the session's day is its
// convener's, whatever is done there.
TEST(TimelineVariants, WorkDoneAtASession) {
  for (const char* phrase : {"trình Chính phủ để báo cáo Quốc hội tại kỳ họp đầu tiên trong năm của Quốc hội.",
                             "gửi Bộ Nội vụ để tổng hợp, báo cáo Chính phủ tại phiên họp Chính phủ thường kỳ.",
                             "Trình HĐND tỉnh tại kỳ họp cuối năm 2026"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_ok(phrase, 2022).kind, TimelineKind::on_demand);
  }
}

// "(kỳ báo cáo tính từ ngày 01/01 đến ngày 31/12)": the period a report
// covers, a note; the deadline is the rest.
TEST(TimelineVariants, ThePeriodAReportCoversIsANote) {
  const Timeline yearly = parse_ok(
      "định kỳ hằng năm (kỳ báo cáo tính từ ngày 01 tháng 01 đến hết ngày 31 tháng 12) trước ngày 15 tháng 1 của năm "
      "tiếp theo",
      2023);
  EXPECT_EQ(due_dates(yearly), std::vector<std::string>{"2024-01-15"});
  EXPECT_EQ(yearly.note, "kỳ báo cáo tính từ ngày 01 tháng 01 đến hết ngày 31 tháng 12");
  EXPECT_EQ(due_dates(parse_ok("Hằng năm (số liệu tính từ 01/12 năm trước đến 30/11) trước ngày 15/12", 2023)),
            std::vector<std::string>{"2023-12-15"});
}

// Several labelled times, each with its time in parentheses; a school
// week's number before its days.
TEST(TimelineVariants, LabelledTimesInAListAndSchoolWeeks) {
  const Timeline phases = parse_ok(
      "Giai đoạn 1 (từ ngày 5/1/2026 đến hết ngày 31/3/2026) và Giai đoạn 2 (từ ngày 1/4/2026 đến hết ngày 31/8/2026)",
      2026);
  EXPECT_EQ(due_dates(phases), (std::vector<std::string>{"2026-03-31", "2026-08-31"}));
  EXPECT_EQ(phases.note, "Giai đoạn 1; Giai đoạn 2");
  EXPECT_EQ(due_dates(parse_ok("Sơ kết (tháng 6/2026); tổng kết (tháng 12/2026).", 2026)),
            (std::vector<std::string>{"2026-06-30", "2026-12-31"}));
  // Words after the last parenthesis, or a label without its time, are refused.
  parse_error("Đợt 1 (tháng 6/2026) và đợt 2 (tháng 12/2026) trình UBND", 2026);
  parse_error("Đợt 1 (tháng 6/2026) và đợt 2", 2026);

  for (const char* phrase :
       {"Tuần thứ 07 từ ngày 09/02/2026 đến ngày 13/02/2026", "(Tuần thứ 07 từ ngày 09/02/2026 đến ngày 13/02/2026)"}) {
    SCOPED_TRACE(phrase);
    const Timeline week = parse_ok(phrase, 2026);
    EXPECT_EQ(due_dates(week), std::vector<std::string>{"2026-02-13"});
    EXPECT_EQ(week.note, "Tuần thứ 07");
  }
  EXPECT_EQ(due_dates(parse_ok("Tuần 1\nTừ 09/9- 14/9", 2026)), std::vector<std::string>{"2026-09-14"});
  // The second week of March stays a week of the month.
  EXPECT_EQ(due_dates(parse_ok("Tuần 2 tháng 3/2026", 2026)), std::vector<std::string>{"2026-03-14"});
  parse_error("Tuần 1 từ tháng 3", 2026);
}

// Opening hours are no deadline: work every day or every week.
TEST(TimelineVariants, OpeningHoursAreOngoing) {
  for (const char* phrase : {"từ 7 - 22 giờ hằng ngày", "07 giờ 00’ đến 08 giờ 00’ tất cả các ngày làm việc trong tuần",
                             "Từ thứ 2 đến thứ 6 và sáng thứ 7 hàng tuần (trừ các ngày nghỉ Lễ theo quy định)",
                             "Từ 8:00 - 17:00 hằng ngày"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_ok(phrase, 2026).kind, TimelineKind::ongoing);
  }
  // Without "every day" or "every week" the hours say nothing.
  parse_error("Từ thứ 2 đến thứ 6", 2026);
  parse_error("từ 7 - 22 giờ", 2026);
}

// A part of the day before a day and its month; a time of day after "Từ";
// words in parentheses that open the cell.
TEST(TimelineVariants, PartsOfTheDayAndAnOpeningNote) {
  EXPECT_EQ(due_dates(parse_ok("sáng 28-9", 2025)), std::vector<std::string>{"2025-09-28"});
  EXPECT_EQ(parse_ok("từ 20 giờ tối 21-8", 2025).kind, TimelineKind::ongoing);
  const Timeline noted = parse_ok(
      "(tổ chức giữa hội nghị hiệp thương lần thứ nhất và lần thứ hai), từ ngày 17/12/2025 đến ngày 25/1/2026.", 2025);
  EXPECT_EQ(due_dates(noted), std::vector<std::string>{"2026-01-25"});
  EXPECT_EQ(noted.note, "tổ chức giữa hội nghị hiệp thương lần thứ nhất và lần thứ hai");
  parse_error("(dự kiến)", 2025);
}

// A deadline for each level of government is read level by level
// (timeline_levels_test.cpp); a level no tier of unit is, is still refused:
// one task would remind every unit of every level's day.
TEST(TimelineVariants, ADeadlineForALevelWithoutATierIsRefused) {
  for (const char* phrase :
       {"Cấp trung ương: Quý I/2025; cấp tỉnh: Quý II/2025", "Quý I/2025 (cấp thôn); Quý II/2025 (cấp xã)"}) {
    SCOPED_TRACE(phrase);
    const std::string message = parse_error(phrase, 2025);
    EXPECT_NE(message.find("gives each level of government (cấp "), std::string::npos) << message;
    EXPECT_NE(message.find("make a task for each level, or write a `schedule`"), std::string::npos);
  }
  for (const char* phrase :
       {"Cấp cơ sở vào đầu quý I/2025; cấp huyện và tương đương trước tháng 5/2025.",
        "Cấp xã: Quý I/2025; cấp tỉnh: Quý II/2025", "Quý I/2025 (cấp xã); Quý II/2025 (cấp tỉnh)"}) {
    SCOPED_TRACE(phrase);
    EXPECT_NE(parse_ok(phrase, 2025).tiers_named(), 0);
  }
  // One level and whom it reports to is one unit's two deadlines.
  EXPECT_EQ(
      due_dates(parse_ok("Cấp xã hoàn thành trước ngày 15/3/2025; báo cáo UBND cấp huyện trước ngày 20/3/2025", 2025)),
      (std::vector<std::string>{"2025-03-15", "2025-03-20"}));
}

// Days after the end of each period of a list.
TEST(TimelineVariants, DaysAfterTheEndOfEachListedPeriod) {
  EXPECT_EQ(due_dates(parse_ok("chậm nhất là 15 ngày, kể từ ngày kết thúc quý và 06 tháng", 2025)),
            (std::vector<std::string>{"2025-04-15", "2025-07-15", "2025-10-15", "2026-01-15"}));
  EXPECT_EQ(due_dates(parse_ok("30 ngày kể từ ngày kết thúc tháng và năm", 2025)).size(), 12U);
  EXPECT_EQ(due_dates(parse_ok("45 ngày kể từ ngày kết thúc 6 tháng đầu năm và năm", 2025)),
            (std::vector<std::string>{"2025-08-14", "2026-02-14"}));
}

// A yearly day also named in the lunar calendar: its solar date moves.
TEST(TimelineVariants, AYearlyDayRestatedInTheLunarCalendarIsRefused) {
  const std::string message = parse_error("Hàng năm vào ngày 5/9 (tức 1/8 âm lịch)", PlanSpan{2025, 2027});
  EXPECT_NE(message.find("its solar date changes every year"), std::string::npos) << message;
  // One year, or one day, is read.
  EXPECT_EQ(due_dates(parse_ok("Hàng năm vào ngày 5/9 (tức 1/8 âm lịch)", 2025)),
            std::vector<std::string>{"2025-09-05"});
  EXPECT_EQ(due_dates(parse_ok("Ngày 19/2/2026 (tức mùng 3 Tết)", PlanSpan{2025, 2027})),
            std::vector<std::string>{"2026-02-19"});
}

// Several weekdays of one weekly cadence, and cadences said "at least once"
// or with the count in words.
TEST(TimelineVariants, WeekdaysOfOneWeekAndCountsInWords) {
  for (const char* phrase :
       {"Thứ Ba và Thứ Sáu hàng tuần", "thứ 3, thứ 6 hàng tuần", "hằng tuần (thứ Ba và thứ Sáu)"}) {
    SCOPED_TRACE(phrase);
    const std::vector<std::string> dues = due_dates(parse_ok(phrase, 2026));
    ASSERT_GE(dues.size(), 4U);
    EXPECT_EQ(std::vector<std::string>(dues.begin(), dues.begin() + 4),
              (std::vector<std::string>{"2026-01-02", "2026-01-06", "2026-01-09", "2026-01-13"}));
    EXPECT_EQ(dues.size(), 104U);
  }
  EXPECT_EQ(parsed("vào sáng Thứ Ba và sáng Thứ Sáu hàng tuần", 2026), parsed("Thứ Ba và Thứ Sáu hàng tuần", 2026));
  EXPECT_EQ(parsed("ít nhất 1 lần/năm", 2026), parsed("1 lần/năm", 2026));
  EXPECT_EQ(parsed("Tối thiểu 01 lần/quý", 2026), parsed("01 lần/quý", 2026));
  EXPECT_EQ(parsed("sáu tháng/lần", 2026), parsed("6 tháng/lần", 2026));
  EXPECT_EQ(parsed("ba tháng/lần", 2026), parsed("3 tháng/lần", 2026));
  parse_error("ít nhất", 2026);
}

// After a recurring day: an exception ("trong trường hợp ... thì ...", "(nếu
// trùng ... thì ...)"), whatever time it names, and where ("tại ...") are
// notes; a duration before the window it names is skipped.
TEST(TimelineVariants, ExceptionsPlacesAndDurationsAroundATime) {
  for (const char* phrase :
       {"trước ngày 15 hàng tháng, trong trường hợp công dân đến đăng ký sau ngày 15 thì chuyển sang tháng kế tiếp.",
        "trước ngày 15 hàng tháng (trường hợp đăng ký sau ngày 15 thì chuyển sang tháng kế tiếp)",
        "trước ngày 15 hàng tháng; trường hợp đăng ký sau ngày 15 thì chuyển sang tháng kế tiếp"}) {
    SCOPED_TRACE(phrase);
    const Timeline monthly = parse_ok(phrase, 2025);
    EXPECT_EQ(due_dates(monthly), due_dates(parse_ok("trước ngày 15 hàng tháng", 2025)));
    EXPECT_NE(monthly.note.find("sau ngày 15 thì chuyển sang tháng kế tiếp"), std::string::npos);
  }
  for (const char* phrase : {"vào thứ 5 hàng tuần tại Phòng tiếp công dân của UBND xã",
                             "thứ năm hằng tuần (nếu trùng vào ngày Lễ, Tết thì tiếp vào ngày làm việc kế tiếp)"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2025)), due_dates(parse_ok("thứ năm hằng tuần", 2025)));
  }
  EXPECT_EQ(parse_ok("Ngày 20 hàng tháng tại Phòng tiếp công dân", 2025).note, "tại Phòng tiếp công dân");
  // A place that names a time is no place.
  parse_error("Quý II/2026 tại hội nghị tháng 7", 2026);
  EXPECT_EQ(due_dates(parse_ok("trong 3 tháng, từ ngày 15/12/2025 đến 16/3/2026", 2026)),
            std::vector<std::string>{"2026-03-16"});
  EXPECT_EQ(parse_ok("trong 3 tháng, kể từ ngày ký", 2026).kind, TimelineKind::on_demand);
}

// "5 - 24.1.2026": days before a dotted date share its month; "năm liền kề
// sau năm đánh giá", "năm trước năm tính thuế": the year counted from is
// named by what it is.
TEST(TimelineVariants, DottedDayRangesAndYearsNamedByWhatTheyAre) {
  EXPECT_EQ(parsed("Từ ngày 5 - 24.1.2026", 2026), parsed("Từ ngày 5 - 24/1/2026", 2026));
  EXPECT_EQ(due_dates(parse_ok("hoàn thành trước 05/01 của năm liền kề sau năm đánh giá", 2025)),
            std::vector<std::string>{"2026-01-05"});
  EXPECT_EQ(due_dates(parse_ok("trước 05/01 của năm sau năm đánh giá", 2025)), std::vector<std::string>{"2026-01-05"});
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 30 tháng 12 của năm trước năm tính thuế", 2020)),
            std::vector<std::string>{"2019-12-30"});
  parse_error("trước 05/01 của năm sau năm", 2025);
}

// The work, in a few words, before its cadence: a note.
TEST(TimelineVariants, TheWorkBeforeItsCadence) {
  const Timeline citizens = parse_ok("Tiếp công dân định kỳ vào ngày 20 hàng tháng", 2026);
  EXPECT_EQ(due_dates(citizens), due_dates(parse_ok("Định kỳ vào ngày 20 hàng tháng", 2026)));
  EXPECT_EQ(citizens.note, "Tiếp công dân");
  EXPECT_EQ(due_dates(parse_ok("Giao ban hằng tuần vào thứ Hai", 2026)),
            due_dates(parse_ok("Hằng tuần vào thứ Hai", 2026)));
  EXPECT_EQ(due_dates(parse_ok("Sơ kết hằng năm", 2026)), std::vector<std::string>{"2026-12-31"});
  // "Báo cáo định kỳ ..." stays a report.
  EXPECT_EQ(labels(parse_ok("Báo cáo định kỳ hằng quý", 2026)).front(), "Báo cáo Quý I/2026");
}

// Found by a second reader: a purpose note ends at "và" before the next time,
// and one with "đồng thời ... trước ..." holds a second deadline (refused).
TEST(TimelineVariants, APurposeNoteEndsBeforeTheNextDeadline) {
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 10/6 để báo cáo sơ kết 6 tháng và trước ngày 10/12 để báo cáo năm", 2026)),
            (std::vector<std::string>{"2026-06-10", "2026-12-10"}));
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 15/6 bằng văn bản và trước ngày 15/12", 2026)),
            (std::vector<std::string>{"2026-06-15", "2026-12-15"}));
  parse_error("Trước ngày 15/6/2026 bằng văn bản, đồng thời gửi bản điện tử trước ngày 10/6/2026", 2026);
  parse_error("Trước ngày 15/6 để tổng hợp, đồng thời gửi Bộ Tài chính trước ngày 30/6", 2026);
}

// The period a report covers ("Số liệu tính từ ... đến ...") is a note, not
// a window due at its end; alone it is no deadline.
TEST(TimelineVariants, ThePeriodTheDataCoverIsANote) {
  for (const char* phrase :
       {"Số liệu tính từ ngày 01/01/2026 đến 30/6/2026, gửi trước ngày 10/7/2026",
        "Thời gian chốt số liệu từ ngày 15/12/2025 đến ngày 14/6/2026, gửi báo cáo trước ngày 10/7/2026",
        "Thời kỳ lấy số liệu từ 01/01 đến 30/6, gửi báo cáo trước 10/7"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2026)), std::vector<std::string>{"2026-07-10"});
  }
  parse_error("Số liệu tính từ ngày 01/01/2026 đến 30/6/2026", 2026);
  EXPECT_EQ(due_dates(parse_ok("Kỳ báo cáo 6 tháng: trước ngày 15/6", 2026)), std::vector<std::string>{"2026-06-15"});
}

// Deadlines for different bodies are refused like those per level; levels
// listed with one time, or named by "cấp có thẩm quyền", are not.
TEST(TimelineVariants, DeadlinesForDifferentBodiesAreRefused) {
  for (const char* phrase : {"Trước ngày 15/12/2026; riêng các huyện miền núi trước ngày 25/12/2026",
                             "Đơn vị dự toán cấp I trước ngày 15/7, cơ quan tài chính trước ngày 25/7",
                             "UBND cấp huyện báo cáo trước ngày 10/12, Sở Nội vụ tổng hợp trước ngày 20/12"}) {
    SCOPED_TRACE(phrase);
    EXPECT_NE(parse_error(phrase, 2026).find("gives different bodies their own deadlines"), std::string::npos);
  }
  EXPECT_EQ(parse_ok("Hằng quý (cấp huyện, cấp xã)", 2026).occurrences.size(), 4U);
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 15/6 và 15/12 (cấp tỉnh, cấp huyện)", 2026)).size(), 2U);
  EXPECT_EQ(due_dates(parse_ok("Quý II/2026 (cấp có thẩm quyền phê duyệt); Quý IV/2026 (cấp xã triển khai)", 2026)),
            (std::vector<std::string>{"2026-06-30", "2026-12-31"}));
  EXPECT_EQ(due_dates(parse_ok("Cấp huyện: Quý II/2026; cấp xã: Quý II/2026", 2026)),
            std::vector<std::string>{"2026-06-30"});
  EXPECT_EQ(due_dates(parse_ok("Sở Tư pháp chậm nhất ngày 20/7/2026", 2026)), std::vector<std::string>{"2026-07-20"});
}

// Who reports, to whom, then when; "năm tiếp theo sau kỳ báo cáo".
TEST(TimelineVariants, WhoReportsToWhomThenWhen) {
  EXPECT_EQ(parsed("Trạm Thú y báo cáo Chi cục Thú y trước ngày 10 của tháng tiếp theo;", 2020),
            parsed("trước ngày 10 của tháng tiếp theo", 2020));
  EXPECT_EQ(due_dates(parse_ok("Ủy ban nhân dân cấp huyện báo cáo Hội đồng nhân dân cùng cấp và Ủy ban nhân dân cấp "
                               "tỉnh trước ngày 31 tháng 01;",
                               2022)),
            std::vector<std::string>{"2022-01-31"});
  EXPECT_EQ(due_dates(parse_ok("hoàn thành báo cáo trước ngày 01/7 của năm tiếp theo sau kỳ báo cáo;", 2019)),
            std::vector<std::string>{"2020-07-01"});
  // Two bodies, each reporting by its own day: refused.
  parse_error("UBND cấp huyện báo cáo trước ngày 10/12, Sở Nội vụ tổng hợp trước ngày 20/12", 2026);
}

// Ordinal days as tax laws write them: "ngày thứ 20 của tháng 3/2025" was
// read as the month's end, silently; spelled ordinals were refused.
TEST(TimelineVariants, OrdinalDaysOfAMonthQuarterOrYear) {
  for (const std::string phrase :
       {"ngày thứ 20 của tháng 3/2025", "ngày thứ 20 tháng 3/2025", "ngày 20 của tháng 3/2025", "ngày 20 tháng 3/2025",
        "ngày thứ hai mươi tháng 3/2025"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2025)), std::vector<std::string>{"2025-03-20"});
  }
  EXPECT_EQ(parsed("ngày thứ 30 của tháng 01 hằng năm", 2025), parsed("ngày 30 tháng 01 hằng năm", 2025));
  EXPECT_EQ(parsed("chậm nhất là ngày 30 của tháng đầu tiên của năm dương lịch", 2025),
            parsed("chậm nhất là ngày 30 tháng 1 hằng năm", 2025));
  // "... năm dương lịch hoặc năm tài chính (TC)": either is the year.
  for (const std::string phrase :
       {"chậm nhất là ngày thứ ba mươi của tháng đầu tiên của năm dương lịch hoặc năm tài chính",
        "Chậm nhất ngày thứ 30 của tháng đầu tiên của năm dương lịch hoặc năm TC."}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parsed(phrase, 2025), parsed("chậm nhất là ngày 30 tháng 1 hằng năm", 2025));
  }
  EXPECT_EQ(due_dates(parse_ok("ngày thứ 30 của quý sau", 2025)),
            (std::vector<std::string>{"2025-04-30", "2025-07-30", "2025-10-30", "2026-01-30"}));
  EXPECT_EQ(parsed("chậm nhất là ngày thứ hai mươi của tháng tiếp theo tháng phát sinh nghĩa vụ thuế", 2025),
            parsed("chậm nhất là ngày thứ 20 của tháng tiếp theo tháng phát sinh nghĩa vụ thuế", 2025));
  EXPECT_EQ(due_dates(parse_ok("chậm nhất là ngày thứ chín mươi kể từ ngày kết thúc năm tài chính", 2025)),
            std::vector<std::string>{"2026-03-31"});
  // "thứ hai" alone is Monday, never the second day.
  parse_error("ngày thứ hai", 2025);
}

// A lunar date alone in parentheses was dropped as a restatement, leaving a
// cell "without a time"; it is refused, saying why.
TEST(TimelineVariants, ALunarDateAloneIsRefusedAsLunar) {
  for (const std::string phrase : {"(từ ngày 22/12/2025 đến ngày 4/1/2026 âm lịch)", "(ngày 10/3 âm lịch)",
                                   "(tức 29 tháng Chạp)", "ngày 10/3 âm lịch hằng năm"}) {
    SCOPED_TRACE(phrase);
    EXPECT_NE(parse_error(phrase, 2026).find("names a day of the lunar calendar"), std::string::npos);
  }
  // Beside the solar date it restates, it stays a note.
  EXPECT_EQ(due_dates(parse_ok("ngày 16/02/2026 (tức 29 tháng Chạp)", 2026)), std::vector<std::string>{"2026-02-16"});
}

// A label and its colon, then the work, then the time: "Đợt 1: hoàn thành
// trước ...". The label is the note; a duration before the days it spans is
// skipped; a comma may stand inside what is due.
TEST(TimelineVariants, LabelThenWorkThenTime) {
  for (const std::string phrase :
       {"Đợt 1: hoàn thành trước ngày 05/12/2022", "Cấp xã: Hoàn thành trước ngày 05/12/2022",
        "Sở Nội vụ: hoàn thành trước ngày 05/12/2022", "kê khai, hoàn thành trước ngày 05/12/2022",
        "tài sản, thu nhập hoàn thành trước ngày 05/12/2022"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2022)), std::vector<std::string>{"2022-12-05"});
  }
  EXPECT_EQ(parse_ok("Đợt 1: hoàn thành trước ngày 05/12/2022", 2022).note, "Đợt 1");
  EXPECT_EQ(due_dates(parse_ok("Cấp cơ sở: Hoàn thành trước ngày 05-12-2022; tổng hợp báo cáo kết quả về Ban Tổ "
                               "chức Tỉnh ủy trước ngày 25-12-2022.",
                               2022)),
            (std::vector<std::string>{"2022-12-05", "2022-12-25"}));
  // A label before words that reach no time is still refused.
  parse_error("Đợt 1: hoàn thành", 2022);
}

TEST(TimelineVariants, ADurationBeforeTheDaysItSpans) {
  EXPECT_EQ(parsed("trong thời gian 3 tháng, từ ngày 15/12/2025 đến 16/3/2026", 2026),
            parsed("từ ngày 15/12/2025 đến 16/3/2026", 2026));
  EXPECT_EQ(parsed("trong thời gian 1,5 ngày, từ ngày 08 đến ngày 09 tháng 12 năm 2025", 2025),
            parsed("từ ngày 08 đến ngày 09 tháng 12 năm 2025", 2025));
  EXPECT_EQ(parsed("Trong thời gian 5 ngày từ 5-9/1", 2026), parsed("từ 5-9/1", 2026));
  // Before an event it is a lag, never skipped.
  parse_error("trong 15 ngày từ ngày nhận hồ sơ", 2026);
}

// When work starts is no deadline: "Thời gian bắt đầu: 20/01/2026" was read
// as due that day. An onward start ("Từ ngày ...") is ongoing, as "có hiệu
// lực từ ngày" is.
TEST(TimelineVariants, AStartIsNoDeadline) {
  EXPECT_EQ(parse_ok("Thời gian bắt đầu: Từ ngày 20/01/2026", 2026).kind, TimelineKind::ongoing);
  EXPECT_EQ(parse_ok("có hiệu lực từ ngày 01/7/2026", 2026).kind, TimelineKind::ongoing);
  parse_error("Thời gian bắt đầu: 20/01/2026", 2026);
  parse_error("Khởi công: tháng 3/2026", 2026);
  EXPECT_EQ(due_dates(parse_ok("Đợt 1: tháng 6/2026", 2026)), std::vector<std::string>{"2026-06-30"});
}

}  // namespace
}  // namespace deadlined
