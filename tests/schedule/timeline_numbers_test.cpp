// Numbers that are not time: areas, quantities and document numbers in a
// note or an activity ("(giải phóng mặt bằng 57ha theo QĐ 525/QĐ-UBND)",
// "GPMB 75ha trước 31/12/2026", "Hoàn thành 100% hồ sơ trong Quý II/2026").
// A cited document's own date ("Quyết định số 1234/QĐ-TTg ngày 12/5/2025")
// is part of the citation, never a deadline.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

constexpr int k_year = 2026;

TEST(TimelineNumbers, AQuantityOrDocumentNumberInParenthesesIsANote) {
  const Timeline cleared = parse_ok("Trước 30/6/2026 (giải phóng mặt bằng 57ha theo QĐ 525/QĐ-UBND)", k_year);
  EXPECT_EQ(describe(cleared), "dated [30/06/2026 2026-06-30..2026-06-30 day before]");
  EXPECT_EQ(cleared.note, "giải phóng mặt bằng 57ha theo QĐ 525/QĐ-UBND");
  EXPECT_EQ(parse_ok("Năm 2026 (hoàn thành 50 km đường)", k_year).note, "hoàn thành 50 km đường");
  EXPECT_EQ(parse_ok("Tháng 6/2026 (khoảng 120 hồ sơ)", k_year).note, "khoảng 120 hồ sơ");
  EXPECT_EQ(due_dates(parse_ok("Quý IV/2026 (GPMB 11,36ha; 2.500 m2 đất ở)", k_year)),
            (std::vector<std::string>{"2026-12-31"}));
}

TEST(TimelineNumbers, EverySpellingReadsAlike) {
  const std::string day = "dated [30/06/2026 2026-06-30..2026-06-30 day before]";
  for (const char* phrase : {"Truoc 30/6/2026 (giai phong mat bang 57ha theo QD 525/QD-UBND)",
                             "TRƯỚC 30/6/2026 (GIẢI PHÓNG MẶT BẰNG 57HA THEO QĐ 525/QĐ-UBND).",
                             "Trước 30/6/2026 (giải phóng mặt bằng 57 ha theo QĐ 525/QĐ–UBND)"}) {
    EXPECT_EQ(parsed(phrase, k_year), day) << phrase;
  }
  EXPECT_EQ(parsed("Hoan thanh 100% ho so trong Quy II/2026", k_year),
            "dated [Quý II/2026 2026-04-01..2026-06-30 quarter]");
}

TEST(TimelineNumbers, ACitationsOwnDateIsNoDeadline) {
  const std::string quarter = "dated [Quý III/2026 2026-07-01..2026-09-30 quarter]";
  for (const char* phrase :
       {"Quý III/2026 (theo Quyết định số 1234/QĐ-TTg ngày 12/5/2025)",
        "Quý III/2026 theo Quyết định số 1234/QĐ-TTg ngày 12/5/2025",
        "Quý III/2026 (Kế hoạch số 45/KH-UBND ngày 10/3/2026)",
        "Quý III/2026, theo Nghị quyết số 12/NQ-HĐND ngày 12 tháng 5 năm 2025 của HĐND tỉnh",
        "Quý III/2026 căn cứ Thông tư 10/2022/TT-BLĐTBXH ngày 31/5/2022",
        "Quý III/2026. Theo QĐ 1234/QĐ-TTg ngày 12/5/2025", "Quý III/2026 (theo QĐ số 525/2026)"}) {
    EXPECT_EQ(parsed(phrase, k_year), quarter) << phrase;
  }
  EXPECT_EQ(parse_ok("Quý III/2026 (theo Quyết định số 1234/QĐ-TTg ngày 12/5/2025)", k_year).note,
            "theo Quyết định số 1234/QĐ-TTg ngày 12/5/2025");
}

TEST(TimelineNumbers, AnActivityWithNumbersBeforeTheTimeIsSkipped) {
  EXPECT_EQ(parsed("GPMB 75ha trước 31/12/2026", k_year), "dated [31/12/2026 2026-12-31..2026-12-31 day before]");
  EXPECT_EQ(parsed("Hoàn thành 100% hồ sơ trong Quý II/2026", k_year),
            "dated [Quý II/2026 2026-04-01..2026-06-30 quarter]");
  EXPECT_EQ(parsed("Đạt 90% trước tháng 9/2026", k_year), "dated [Trước Tháng 09/2026 2026-08-01..2026-08-31 month]");
  EXPECT_EQ(parsed("Giải phóng mặt bằng 11,36ha trong năm 2026", k_year),
            "dated [Năm 2026 2026-01-01..2026-12-31 year]");
  EXPECT_EQ(parsed("Hoàn thành GPMB 57ha trước 30/6/2026", k_year),
            "dated [30/06/2026 2026-06-30..2026-06-30 day before]");
}

TEST(TimelineNumbers, NumbersThatAreTimeAreStillReadOrRefused) {
  // A day in parentheses is time; a lag is time; a cadence is time.
  parse_error("Quý III/2026 (15/8/2026)", k_year);
  parse_error("Năm 2026 (trong vòng 30 ngày)", k_year);
  // A date that cites no document is no citation; a month after "từ" or a
  // plan's name ("kế hoạch 6/2026") may be time, so it is not guessed about.
  parse_error("Quý III/2026 theo 12/5/2025", k_year);
  parse_error("Năm 2026 (từ 6/2026)", k_year);
  parse_error("Quý III/2026 (theo kế hoạch 6/2026)", k_year);
  EXPECT_EQ(parse_ok("Quý III/2026 (theo Kế hoạch số 6/2026)", k_year).note, "theo Kế hoạch số 6/2026");
  // Words and a number with no time after them stay an error.
  parse_error("GPMB 75ha", k_year);
  parse_error("Đợt 1", k_year);
}

}  // namespace
}  // namespace deadlined
