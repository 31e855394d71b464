// Tables as pages and filters leave them: a Word table a page broke into two
// tables with a lead cell merged down across the break, its header repeated;
// rows hidden in a workbook; thousands of empty rows after the table.
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
using testing::xml_text;

std::string cell(const std::string& text, const std::string& properties = "") {
  return "<w:tc><w:tcPr>" + properties + "</w:tcPr>" + testing::word_paragraph(text) + "</w:tc>";
}

std::string row(const std::string& cells) {
  return "<w:tr>" + cells + "</w:tr>";
}

std::string table(const std::string& rows) {
  return "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>" + rows + "</w:tbl>";
}

const std::string k_header = row(cell("TT") + cell("Nội dung") + cell("Cơ quan chủ trì") + cell("Thời gian"));

// The lead of tasks 2 to 4 merged down (w:vMerge) across the break that
// split the table in two: tasks 3 and 4 had no lead, two open items.
TEST(ImportPageBreaks, ACellMergedDownAcrossTheBreakKeepsItsText) {
  const std::string body =
      testing::word_paragraph("Kế hoạch năm 2026") +
      table(k_header + row(cell("1") + cell("Ban hành kế hoạch") + cell("Sở Tư pháp") + cell("Quý I/2026")) +
            row(cell("2") + cell("Kiểm tra") + cell("Sở Nội vụ", "<w:vMerge w:val=\"restart\"/>") +
                cell("Quý II/2026"))) +
      table(row(cell("3") + cell("Tổng kết") + cell("", "<w:vMerge/>") + cell("Quý IV/2026")) +
            row(cell("4") + cell("Báo cáo") + cell("", "<w:vMerge/>") + cell("Quý IV/2026")));
  const Draft draft =
      testing::draft_with_fixture_units(parse_table_bytes(SourceFormat::docx, testing::docx_of(body)), "plan");
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3", "4"}));
  ASSERT_EQ(draft.tasks.size(), 4U);
  EXPECT_EQ(draft.tasks[2].lead, (Texts{"so-noi-vu"}));
  EXPECT_EQ(draft.tasks[3].lead, (Texts{"so-noi-vu"}));
  EXPECT_EQ(draft.open_count(), 0U) << draft.all_open().front().message;
  EXPECT_EQ(draft.tables.size(), 1U);  // one table, in two pieces
}

std::string sheet_row(int line, const std::vector<std::string>& texts, const std::string& attributes = "") {
  std::string cells;
  for (std::size_t c = 0; c < texts.size(); ++c) {
    cells += "<c r=\"" + testing::column_letter(c) + std::to_string(line) + "\" t=\"inlineStr\"><is><t>" +
             xml_text(texts[c]) + "</t></is></c>";
  }
  return "<row r=\"" + std::to_string(line) + "\"" + attributes + ">" + cells + "</row>";
}

// Rows hidden by a filter (a unit filtered the plan for its own tasks and
// saved it) are the plan's tasks: read, and named in the summary. Five
// thousand empty styled rows after the table change nothing.
TEST(ImportPageBreaks, HiddenRowsAreReadAndTold) {
  std::string empty_rows;
  for (int line = 7; line < 5007; ++line) {
    empty_rows += "<row r=\"" + std::to_string(line) + "\" s=\"1\" customFormat=\"1\"><c r=\"A" + std::to_string(line) +
                  "\" s=\"1\"/></row>";
  }
  const std::string bytes = testing::xlsx_of(
      sheet_row(1, {"Kế hoạch năm 2026"}) + sheet_row(2, {"TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"}) +
      sheet_row(3, {"1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026"}) +
      sheet_row(4, {"2", "Rà soát văn bản", "Sở Tư pháp", "Quý II/2026"}, " hidden=\"1\"") +
      sheet_row(5, {"3", "Kiểm tra", "Sở Tư pháp", "Quý III/2026"}, " hidden=\"1\"") +
      sheet_row(6, {"4", "Tổng kết", "Sở Nội vụ", "Quý IV/2026"}) + empty_rows);
  const auto document = parse_table_bytes(SourceFormat::xlsx, bytes);
  ASSERT_TRUE(document.has_value()) << document.error();
  EXPECT_EQ(document->notices, (Texts{"the sheet \"KH\": hidden rows (4, 5, hidden by hand or by a filter) were read "
                                      "like the others: check them in the draft"}));
  const Draft draft = testing::draft_with_fixture_units(document, "plan");
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3", "4"}));
  EXPECT_EQ(draft.open_count(), 0U);
}

}  // namespace
}  // namespace deadlined::import
