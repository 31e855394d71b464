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

}  // namespace
}  // namespace deadlined::import
