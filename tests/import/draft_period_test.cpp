// A plan shorter than its year: the title (or the heading lines around "KẾ
// HOẠCH") that names a quarter, a half, a month or a range of months gives
// the draft's `start` and `end`, so cadences keep to that period.
#include "import/draft.hpp"
#include "import/table.hpp"

#include <gtest/gtest.h>
#include <string>

namespace deadlined::import {
namespace {

DraftOptions options() {
  DraftOptions o;
  o.plan_id = "test";
  o.source = "test.txt";
  o.config = "main.toml";
  return o;
}

// A pasted plan: the heading lines, then a table of two tasks.
std::string pasted(std::string_view heading) {
  return std::string(heading) +
         "\n\n"
         "STT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tSản phẩm\tThời gian thực hiện\n"
         "1\tBáo cáo tiến độ\tVăn phòng UBND tỉnh\t\tBáo cáo\tHằng tháng\n"
         "2\tTổng kết\tVăn phòng UBND tỉnh\t\tBáo cáo\tTrước 31/12/2026\n";
}

Draft draft_of(std::string_view heading) {
  auto document = read_text(pasted(heading));
  EXPECT_TRUE(document.has_value());
  const NameIndex names({NamedEntity{"vp", {"Văn phòng UBND tỉnh"}}});
  auto draft = build_draft(*document, names, options());
  EXPECT_TRUE(draft.has_value()) << (draft ? "" : draft.error());
  return draft ? *draft : Draft{};
}

TEST(ImportPlanPeriod, TheTitlesPeriodIsThePlansStartAndEnd) {
  struct Case {
    const char* heading;
    const char* start;
    const char* end;
  };
  for (const Case& c : {Case{"KẾ HOẠCH\nCông tác cải cách hành chính Quý IV/2026", "2026-10-01", "2026-12-31"},
                        Case{"Kế hoạch công tác quý IV năm 2026 của UBND xã", "2026-10-01", "2026-12-31"},
                        Case{"KẾ HOẠCH\nThực hiện nhiệm vụ 6 tháng cuối năm 2026", "2026-07-01", "2026-12-31"},
                        Case{"KẾ HOẠCH\nCông tác tháng 10/2026", "2026-10-01", "2026-10-31"},
                        Case{"Kế hoạch cao điểm từ tháng 10 đến tháng 12/2026", "2026-10-01", "2026-12-31"},
                        Case{"KẾ HOẠCH\nTriển khai cao điểm\n(Tháng 9 - 11/2026)", "2026-09-01", "2026-11-30"}}) {
    const Draft draft = draft_of(c.heading);
    EXPECT_EQ(draft.year, 2026) << c.heading;
    EXPECT_EQ(draft.start, c.start) << c.heading;
    EXPECT_EQ(draft.end, c.end) << c.heading;
  }
}

TEST(ImportPlanPeriod, TheRenderedPlanCarriesStartAndEnd) {
  const Draft draft = draft_of("KẾ HOẠCH\nCông tác cải cách hành chính Quý IV/2026");
  const std::string toml = render_plan(draft, options());
  EXPECT_NE(toml.find("year = 2026\n# start, end: the period the title names (\"Quý IV/2026\")\n"
                      "start = 2026-10-01\nend = 2026-12-31\n"),
            std::string::npos)
      << toml;
}

TEST(ImportPlanPeriod, AYearOrADocumentsDateIsNoPeriod) {
  for (const char* heading : {"KẾ HOẠCH\nKiểm soát thủ tục hành chính năm 2026",
                              "Kế hoạch số 45/KH-UBND ngày 15 tháng 10 năm 2026 về cải cách hành chính",
                              "KẾ HOẠCH\nTổ chức Tháng hành động vì trẻ em năm 2026",
                              "Kế hoạch cải cách hành chính từ tháng 1 đến tháng 12/2026"}) {
    const Draft draft = draft_of(heading);
    EXPECT_TRUE(draft.start.empty()) << heading << ": " << draft.start;
    EXPECT_EQ(render_plan(draft, options()).find("start ="), std::string::npos) << heading;
  }
}

// Timelines that name no year ("Hằng quý", "Trước ngày 15/6"): the year of
// the title, or of a heading line under "KẾ HOẠCH".
TEST(ImportPlanPeriod, TheTitlesYearWhenTheTimelinesNameNone) {
  const auto document = read_text(
      "KẾ HOẠCH\nCải cách hành chính năm 2026\n\n"
      "STT\tNội dung\tĐơn vị chủ trì\tThời gian\n"
      "1\tBáo cáo\tVăn phòng UBND tỉnh\tHằng quý\n"
      "2\tTổng kết\tVăn phòng UBND tỉnh\tTrước ngày 15/12\n");
  ASSERT_TRUE(document.has_value());
  const NameIndex names({NamedEntity{"vp", {"Văn phòng UBND tỉnh"}}});
  const auto draft = build_draft(*document, names, options());
  ASSERT_TRUE(draft.has_value());
  EXPECT_EQ(draft->year, 2026);
  EXPECT_TRUE(draft->plan_open.empty());
}

// A plan over several years names them in its title: the draft's span, so
// "Hằng tháng" and "Hằng năm" run to the last year.
TEST(ImportPlanPeriod, TheTitlesYearRangeIsThePlansSpan) {
  for (const char* heading :
       {"KẾ HOẠCH\nThực hiện chuyển đổi số giai đoạn 2026-2028",
        "Kế hoạch cải cách hành chính nhà nước giai đoạn 2026 – 2028 của tỉnh",
        "KẾ HOẠCH\nPhát triển du lịch từ năm 2026 đến năm 2028",
        "Kế hoạch thực hiện Chiến lược giai đoạn 2026-2028, tầm nhìn đến năm 2045",
        "Kế hoạch số 12/KH-UBND ngày 05/01/2026 thực hiện Đề án giai đoạn 2026 - 2028 và định hướng đến năm 2030"}) {
    const Draft draft = draft_of(heading);
    EXPECT_EQ(draft.year, 2026) << heading;
    EXPECT_EQ(draft.last_year, 2028) << heading;
    const std::string toml = render_plan(draft, options());
    EXPECT_NE(toml.find("first_year = 2026\nlast_year = 2028\n"), std::string::npos) << toml;
  }
}

// One year of a longer programme ("Kế hoạch năm 2026 thực hiện Đề án ...
// giai đoạn 2026-2030") is that year's plan; given years win over the title.
TEST(ImportPlanPeriod, OneYearOfAProgrammeOrGivenYearsAreNoTitleSpan) {
  for (const char* heading : {"KẾ HOẠCH\nNăm 2026 thực hiện Đề án chuyển đổi số giai đoạn 2026-2030",
                              "Kế hoạch triển khai năm 2026 Chương trình giai đoạn 2025 - 2030",
                              "Kế hoạch số 1234/2026-KH ngày 02/01/2026 về cải cách hành chính"}) {
    const Draft draft = draft_of(heading);
    EXPECT_EQ(draft.year, 2026) << heading;
    EXPECT_EQ(draft.last_year, 0) << heading;
  }
  auto given = options();
  given.year = 2027;
  auto document = read_text(pasted("Kế hoạch giai đoạn 2026-2028"));
  ASSERT_TRUE(document.has_value());
  const NameIndex names({NamedEntity{"vp", {"Văn phòng UBND tỉnh"}}});
  const auto draft = build_draft(*document, names, given);
  ASSERT_TRUE(draft.has_value());
  EXPECT_EQ(draft->year, 2027);
  EXPECT_EQ(draft->last_year, 0);
}

}  // namespace
}  // namespace deadlined::import
