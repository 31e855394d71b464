// Plans in workbooks built here, in the shapes offices send them: the lead
// merged down over several tasks, a section's title merged across the row,
// the TT merged over a task's sub-rows, the header typed again on a page.
#include "import/draft.hpp"
#include "import/table.hpp"
#include "support/import_cases.hpp"
#include "support/office_files.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deadlined::import {
namespace {

using testing::ids_of;
using testing::Texts;

// A sheet of inline strings: each row's cells from column A.
std::string sheet_rows(const std::vector<std::pair<int, Texts>>& rows) {
  std::string data;
  for (const auto& [number, cells] : rows) {
    data += "<row r=\"" + std::to_string(number) + "\">";
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (!cells[c].empty()) {
        data += "<c r=\"" + testing::column_letter(c) + std::to_string(number) + "\" t=\"inlineStr\"><is><t>" +
                testing::xml_text(cells[c]) + "</t></is></c>";
      }
    }
    data += "</row>";
  }
  return data;
}

TEST(ImportExcelVariants, MergedLeadSectionsSubRowsAndRepeatedHeader) {
  const Texts header = {"TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"};
  const std::string data = sheet_rows({
      {1, {"Kế hoạch cải cách hành chính năm 2026"}},
      {3, header},
      {4, {"I", "CÔNG TÁC CHỈ ĐẠO"}},
      {5, {"1", "Ban hành kế hoạch năm 2026", "Sở Nội vụ", "", "Tháng 01/2026"}},
      {6, {"2", "Kiểm tra công tác cải cách", "", "Sở Tư pháp", "Quý II/2026"}},
      {7, {"3", "Tổng kết năm 2026", "", "", "Tháng 12/2026"}},
      {8, header},  // typed again at the top of a printed page
      {9, {"II", "KIỂM TRA"}},
      {10, {"1", "Kiểm tra các xã: đợt 1", "Sở Tư pháp", "", "Quý III/2026"}},
      {11, {"", "Kiểm tra các xã: đợt 2", "", "", "Quý IV/2026"}},
  });
  const std::string merges =
      "<mergeCells><mergeCell ref=\"A1:E1\"/><mergeCell ref=\"B4:E4\"/><mergeCell ref=\"C5:C7\"/>"
      "<mergeCell ref=\"B9:E9\"/><mergeCell ref=\"A10:A11\"/><mergeCell ref=\"C10:C11\"/></mergeCells>";
  const Draft draft = testing::draft_with_fixture_units(
      parse_table_bytes(SourceFormat::xlsx, testing::xlsx_of(data, "", "", merges)), "plan");
  EXPECT_EQ(draft.sections, 2);
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "I.3", "II.1a", "II.1b"}));
  ASSERT_EQ(draft.tasks.size(), 5U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(draft.tasks[i].lead, (Texts{"so-noi-vu"})) << draft.tasks[i].id;
  }
  EXPECT_EQ(draft.tasks[1].support, (Texts{"so-tu-phap"}));
  EXPECT_EQ(draft.tasks[4].lead, (Texts{"so-tu-phap"}));
  EXPECT_EQ(draft.tasks[4].when, "Quý IV/2026");
  EXPECT_EQ(draft.title, "Kế hoạch cải cách hành chính năm 2026");
  for (const DraftTask& task : draft.tasks) {
    EXPECT_TRUE(task.open.empty()) << task.id;
  }
  EXPECT_TRUE(draft.plan_open.empty());
}

// Sections numbered "1", "2" in column A, their titles merged across the
// row, as in Word: sections, their tasks "1.1", "2.1".
TEST(ImportExcelVariants, SectionsNumberedInArabicAreSections) {
  const std::string data = sheet_rows({
      {1, {"Kế hoạch cải cách hành chính năm 2026"}},
      {2, {"TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"}},
      {3, {"1", "CÔNG TÁC CHỈ ĐẠO"}},
      {4, {"1.1", "Ban hành kế hoạch năm 2026", "Sở Nội vụ", "", "Tháng 01/2026"}},
      {5, {"2", "KIỂM TRA"}},
      {6, {"2.1", "Kiểm tra các xã", "Sở Tư pháp", "", "Quý III/2026"}},
  });
  const std::string merges = "<mergeCells><mergeCell ref=\"B3:E3\"/><mergeCell ref=\"B5:E5\"/></mergeCells>";
  const Draft draft = testing::draft_with_fixture_units(
      parse_table_bytes(SourceFormat::xlsx, testing::xlsx_of(data, "", "", merges)), "plan");
  EXPECT_EQ(draft.sections, 2);
  EXPECT_EQ(ids_of(draft), (Texts{"1.1", "2.1"}));
}

}  // namespace
}  // namespace deadlined::import
