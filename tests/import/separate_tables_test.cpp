// Word tables that a paragraph separates (an empty one, one of spaces, a
// page break, a section break) are separate tables, as Word shows them: each
// is drafted on its own or left out, never glued to the one before. Only a
// table without a header of its own, as wide as the one before and going on
// with its rows, is that table's rest; tables with nothing between them are
// one table, as Word shows them too.
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
using testing::titles_of;
using testing::word_table;

using testing::Rows;

const std::vector<std::string> k_header{"TT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian hoàn thành"};

const Rows k_tasks{
    k_header, {"1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026"}, {"2", "Kiểm tra", "Sở Tư pháp", "Quý II/2026"}};

// What Word writes between two tables that it shows apart.
struct Separator {
  const char* name;
  std::string xml;
};

std::vector<Separator> separators() {
  return {
      {"an empty paragraph", "<w:p/>"},
      {"a paragraph of spaces", testing::word_paragraph("   ")},
      {"a page break", "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"},
      {"a section break",
       "<w:p><w:pPr><w:sectPr><w:type w:val=\"nextPage\"/><w:pgSz w:w=\"16838\" w:h=\"11906\" "
       "w:orient=\"landscape\"/></w:sectPr></w:pPr></w:p>"},
  };
}

Draft draft_of_body(const std::string& body) {
  return testing::draft_with_fixture_units(parse_table_bytes(SourceFormat::docx, testing::docx_of(body)), "plan");
}

// The task table, then the list of units the plan goes to, as wide: the
// units were read as tasks of the plan.
TEST(ImportSeparateTables, AUnitListAfterTheTaskTableIsLeftOut) {
  for (const Separator& separator : separators()) {
    SCOPED_TRACE(separator.name);
    const Draft draft =
        draft_of_body(testing::word_paragraph("Kế hoạch công tác năm 2026") + word_table(k_tasks) + separator.xml +
                      word_table({{"STT", "Tên đơn vị", "Địa chỉ", "Ghi chú"},
                                  {"1", "Sở Nội vụ", "Số 2 Trần Hưng Đạo", ""},
                                  {"2", "Sở Tư pháp", "Số 5 Lê Lợi", "Đầu mối"}}));
    EXPECT_EQ(ids_of(draft), (Texts{"1", "2"}));
    EXPECT_EQ(titles_of(draft), (Texts{"Ban hành kế hoạch", "Kiểm tra"}));
    EXPECT_EQ(draft.open_count(), 0U);
    EXPECT_EQ(tables_drafted(draft), "table 1, header at row 1");
    EXPECT_EQ(draft.left_out, (Texts{"table 2"}));
  }
}

// Two task tables, each under its own header, numbered from 1 each: both
// drafted, the second under its prefix (its rows were read as the first
// table's, their ids repeated).
TEST(ImportSeparateTables, TwoTaskTablesEachWithItsHeaderAreBothDrafted) {
  for (const Separator& separator : separators()) {
    SCOPED_TRACE(separator.name);
    const Draft draft =
        draft_of_body(testing::word_paragraph("Kế hoạch công tác năm 2026") + word_table(k_tasks) + separator.xml +
                      word_table({{"STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"},
                                  {"1", "Rà soát thủ tục", "Sở Tư pháp", "Quý III/2026"},
                                  {"2", "Số hóa hồ sơ", "Sở Nội vụ", "Quý IV/2026"}}));
    EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "P2.1", "P2.2"}));
    EXPECT_EQ(titles_of(draft), (Texts{"Ban hành kế hoạch", "Kiểm tra", "Rà soát thủ tục", "Số hóa hồ sơ"}));
    EXPECT_EQ(draft.open_count(), 0U);
    EXPECT_EQ(tables_drafted(draft), "table 1 (header at row 1) and table 2 (header at row 1)");
    EXPECT_TRUE(draft.left_out.empty());
  }
}

// The table's header repeated on the next page, its numbers going on: a
// table of its own that goes on with the ids of the one before.
TEST(ImportSeparateTables, ARepeatedHeaderWithNumbersGoingOnKeepsTheIds) {
  const Draft draft = draft_of_body(testing::word_paragraph("Kế hoạch công tác năm 2026") + word_table(k_tasks) +
                                    "<w:p/>" + word_table({k_header, {"3", "Tổng kết", "Sở Nội vụ", "Quý IV/2026"}}));
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3"}));
  EXPECT_EQ(draft.open_count(), 0U);
  EXPECT_EQ(draft.tables.size(), 2U);
}

// The rest of the table on the next page, without a header, as wide: it
// goes on with the table's columns and numbers, whatever the separator.
TEST(ImportSeparateTables, TheRestOfATableWithoutAHeaderGoesOn) {
  for (const Separator& separator : separators()) {
    SCOPED_TRACE(separator.name);
    const Draft draft = draft_of_body(
        testing::word_paragraph("Kế hoạch công tác năm 2026") + word_table(k_tasks) + separator.xml +
        word_table({{"3", "Tổng kết", "Sở Nội vụ", "Quý IV/2026"}, {"4", "Báo cáo", "Sở Tư pháp", "Tháng 12/2026"}}));
    EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3", "4"}));
    EXPECT_EQ(draft.open_count(), 0U);
    EXPECT_TRUE(draft.left_out.empty());
  }
}

// The rest of the table after a page break, its first row a sub-row of the
// last task (the number and lead cells merged down across the break): it
// goes on, the lead and number carried over.
TEST(ImportSeparateTables, ARestOpeningWithCellsMergedFromAboveGoesOn) {
  const auto cell = [](const std::string& text, const std::string& properties = "") {
    return "<w:tc><w:tcPr>" + properties + "</w:tcPr>" + testing::word_paragraph(text) + "</w:tc>";
  };
  const std::string restart = "<w:vMerge w:val=\"restart\"/>";
  const std::string goes_on = "<w:vMerge/>";
  const std::string grid = "<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>";
  std::string header;
  for (const std::string& text : k_header) {
    header += cell(text);
  }
  const Draft draft = draft_of_body(
      testing::word_paragraph("Kế hoạch công tác năm 2026") + "<w:tbl>" + grid + "<w:tr>" + header + "</w:tr><w:tr>" +
      cell("1") + cell("Ban hành kế hoạch") + cell("Sở Nội vụ") + cell("Quý I/2026") + "</w:tr><w:tr>" +
      cell("2", restart) + cell("Kiểm tra") + cell("Sở Tư pháp", restart) + cell("Quý II/2026") + "</w:tr></w:tbl>" +
      "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p><w:tbl>" + grid + "<w:tr>" + cell("", goes_on) +
      cell("Tổng hợp kết quả kiểm tra") + cell("", goes_on) + cell("Quý III/2026") + "</w:tr></w:tbl>");
  ASSERT_EQ(draft.tasks.size(), 3U) << testing::ids_of(draft).back();
  EXPECT_EQ(draft.tasks[2].title, "Tổng hợp kết quả kiểm tra");
  EXPECT_EQ(draft.tasks[2].lead, (Texts{"so-tu-phap"}));
  EXPECT_TRUE(draft.left_out.empty());
}

// A table as wide after an empty paragraph whose rows are no tasks (the
// signatures laid out in four cells): left out, not rows of the plan.
TEST(ImportSeparateTables, ASignatureTableAsWideIsLeftOut) {
  const Draft draft =
      draft_of_body(testing::word_paragraph("Kế hoạch công tác năm 2026") + word_table(k_tasks) + "<w:p/>" +
                    word_table({{"Nơi nhận:", "", "", "KT. CHỦ TỊCH"},
                                {"- Như trên;", "", "", "PHÓ CHỦ TỊCH"},
                                {"- Lưu: VT.", "", "", "Nguyễn Văn A"}}));
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2"}));
  EXPECT_EQ(draft.open_count(), 0U);
  EXPECT_EQ(draft.left_out, (Texts{"table 2"}));
}

}  // namespace
}  // namespace deadlined::import
