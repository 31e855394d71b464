// A number column whose numbers are said twice: Word's list number before
// the number typed by hand ("1. 1", "I. I"), or the number typed again after
// a space in a workbook ("2.  2", "1.1. 1.1"). Each is one number.
#include "import/draft.hpp"
#include "import/draft_numbers.hpp"
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

std::string word_cell(const std::string& paragraphs) {
  return "<w:tc><w:tcPr/>" + paragraphs + "</w:tc>";
}

// A paragraph of list `list` (numbering.xml) holding `typed` after its number.
std::string listed(int list, const std::string& typed) {
  return "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"" + std::to_string(list) +
         "\"/></w:numPr></w:pPr><w:r><w:t xml:space=\"preserve\">" + xml_text(typed) + "</w:t></w:r></w:p>";
}

std::string word_row(const std::string& number_cell, const std::string& title, const std::string& lead,
                     const std::string& when) {
  return "<w:tr>" + word_cell(number_cell) + word_cell(testing::word_paragraph(title)) +
         word_cell(testing::word_paragraph(lead)) + word_cell(testing::word_paragraph(when)) + "</w:tr>";
}

// Roman sections (list 1, "I."), decimal tasks (list 2, "1."), each number
// typed again after Word's: the cells read "I. I", "1. 1".
std::string word_plan() {
  const std::string numbering =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering " + testing::k_word_namespace +
      "><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt "
      "w:val=\"upperRoman\"/><w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum><w:abstractNum "
      "w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText "
      "w:val=\"%1.\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num><w:num "
      "w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>";
  const std::string body = testing::word_paragraph("Kế hoạch cải cách hành chính năm 2026") +
                           "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>" +
                           word_row(testing::word_paragraph("TT"), "Nội dung", "Cơ quan chủ trì", "Thời gian") +
                           word_row(listed(1, "I"), "CÔNG TÁC CHỈ ĐẠO", "", "") +
                           word_row(listed(2, "1"), "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026") +
                           word_row(listed(2, "2"), "Kiểm tra cải cách hành chính", "Sở Nội vụ", "Quý II/2026") +
                           word_row(listed(1, "II"), "CẢI CÁCH THỂ CHẾ", "", "") +
                           word_row(listed(2, "3"), "Rà soát văn bản", "Sở Tư pháp", "Quý III/2026") + "</w:tbl>";
  return testing::docx_of(body, "",
                          {{"word/numbering.xml", numbering},
                           {"word/_rels/document.xml.rels",
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
                            "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
                            "Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                            "numbering\" Target=\"numbering.xml\"/></Relationships>"}});
}

TEST(ImportTypedTwice, WordsListNumberThenTheTypedOne) {
  const auto document = parse_table_bytes(SourceFormat::docx, word_plan());
  ASSERT_TRUE(document.has_value()) << document.error();
  ASSERT_GE(document->grids.front().rows.size(), 3U);
  EXPECT_EQ(clean_cell_text(document->grids.front().rows[2].cells[0].text), "1. 1");  // what Word shows
  const Draft draft = testing::draft_with_fixture_units(document, "plan");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.3"}));
  EXPECT_EQ(draft.sections, 2);
  EXPECT_EQ(draft.open_count(), 0U);
}

std::string inline_cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + xml_text(text) + "</t></is></c>";
}

std::string sheet_row(int line, const std::vector<std::string>& texts) {
  std::string cells;
  for (std::size_t c = 0; c < texts.size(); ++c) {
    if (!texts[c].empty()) {
      cells += inline_cell(testing::column_letter(c) + std::to_string(line), texts[c]);
    }
  }
  return "<row r=\"" + std::to_string(line) + "\">" + cells + "</row>";
}

TEST(ImportTypedTwice, NumbersTypedTwiceInAWorkbook) {
  const std::string bytes = testing::xlsx_of(
      sheet_row(1, {"Kế hoạch công tác năm 2026"}) + sheet_row(2, {"STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"}) +
      sheet_row(3, {"I. I", "CÔNG TÁC CHỈ ĐẠO"}) +
      sheet_row(4, {"1. 1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026"}) +
      sheet_row(5, {"1.1. 1.1", "Hướng dẫn các sở", "Sở Nội vụ", "Quý I/2026"}) +
      sheet_row(6, {"2.  2", "Kiểm tra", "Sở Tư pháp", "Quý II/2026"}) +
      sheet_row(7, {"3.\n3", "Tổng kết", "Sở Tư pháp", "Quý IV/2026"}) + sheet_row(8, {"II. II. CẢI CÁCH THỂ CHẾ"}) +
      sheet_row(9, {"1) 1)", "Rà soát", "Sở Tư pháp", "Quý III/2026"}));
  const Draft draft = testing::draft_with_fixture_units(parse_table_bytes(SourceFormat::xlsx, bytes), "plan");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.1.1", "I.2", "I.3", "II.1"}));
  EXPECT_EQ(draft.sections, 2);
  EXPECT_EQ(draft.open_count(), 0U);
  ASSERT_EQ(draft.tasks.size(), 5U);
  EXPECT_NE(draft.tasks[4].heading.find("# II. CẢI CÁCH THỂ CHẾ\n"), std::string::npos) << draft.tasks[4].heading;
}

// Two different numbers, or a number and a word, are not one said twice.
TEST(ImportTypedTwice, OnlyTheSameNumberTwiceIsOne) {
  EXPECT_EQ(number_said_once("1. 1"), "1.");
  EXPECT_EQ(number_said_once("I. I"), "I.");
  EXPECT_EQ(number_said_once("1.1. 1.1"), "1.1.");
  EXPECT_EQ(number_said_once("1. 2"), "1. 2");
  EXPECT_EQ(number_said_once("1. Rà soát"), "1. Rà soát");
  EXPECT_EQ(number_said_once("a) a)"), "a) a)");  // an item letter is no section or task number
  EXPECT_EQ(number_said_once("12"), "12");
  ASSERT_TRUE(split_numbered("1. 1 lần/năm báo cáo").has_value());
  EXPECT_EQ(split_numbered("1. 1 lần/năm báo cáo")->second, "1 lần/năm báo cáo");
  EXPECT_EQ(split_numbered("I. I. CÔNG TÁC")->second, "CÔNG TÁC");
}

}  // namespace
}  // namespace deadlined::import
