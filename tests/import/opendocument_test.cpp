// OpenDocument files as LibreOffice saves them (.odt, .ods, and flat .fods),
// built here as zips of their XML parts: merged cells, repeated rows and
// cells, spans, spaces and line breaks, numbered lists, hidden sheets, and
// repeat counts built to fill the memory. They were refused before
// ("save it as .docx or .xlsx").
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
using testing::whens_of;
using testing::xml_text;

std::string paragraph(const std::string& text) {
  return "<text:p>" + xml_text(text) + "</text:p>";
}

std::string cell(const std::string& text, const std::string& attributes = "") {
  return "<table:table-cell office:value-type=\"string\"" + attributes + ">" + (text.empty() ? "" : paragraph(text)) +
         "</table:table-cell>";
}

std::string covered(int repeat = 1) {
  return repeat == 1 ? "<table:covered-table-cell/>"
                     : "<table:covered-table-cell table:number-columns-repeated=\"" + std::to_string(repeat) + "\"/>";
}

std::string row(const std::string& cells, const std::string& attributes = "") {
  return "<table:table-row" + attributes + ">" + cells + "</table:table-row>";
}

std::string task(const std::string& number, const std::string& title, const std::string& lead,
                 const std::string& when) {
  return row(cell(number) + cell(title) + cell(lead) + cell(when));
}

const std::string k_header = row(cell("STT") + cell("Nội dung công việc") + cell("Đơn vị chủ trì") + cell("Thời gian"));

// What LibreOffice closes every sheet with: the rest of the sheet's million
// rows, empty, as one repeated row of repeated cells.
const std::string k_sheet_end =
    "<table:table-row table:number-rows-repeated=\"1048560\"><table:table-cell "
    "table:number-columns-repeated=\"1024\"/></table:table-row>";

std::string sheet(const std::string& name, const std::string& rows, const std::string& style = "ta1") {
  return "<table:table table:name=\"" + xml_text(name) + "\" table:style-name=\"" + style +
         "\"><table:table-column table:number-columns-repeated=\"1024\"/>" + rows + k_sheet_end + "</table:table>";
}

const std::string k_table_styles =
    "<style:style style:name=\"ta1\" style:family=\"table\"><style:table-properties table:display=\"true\"/>"
    "</style:style><style:style style:name=\"ta2\" style:family=\"table\"><style:table-properties "
    "table:display=\"false\"/></style:style>";

std::string ods(const std::string& sheets) {
  return testing::odf_of(testing::k_ods_mimetype, testing::odf_content(true, sheets, k_table_styles));
}

Draft draft_of(const std::string& bytes, const std::string& name, const std::string& sheet = "") {
  return testing::draft_with_fixture_units(parse_table_bytes(detect_format(name, bytes), bytes, ReadOptions{sheet}),
                                           "plan", name);
}

// A plan sheet as LibreOffice saves one: a title, the header, a section row
// spanning the row, a lead merged down over two tasks, spans and spaces in a
// cell, a timeline in two lines, a date cell, and the million empty rows.
std::string plan_sheet() {
  return sheet("Phụ lục I",
               row(cell("Kế hoạch cải cách hành chính năm 2026", " table:number-columns-spanned=\"4\"") + covered(3)) +
                   k_header +
                   row(cell("I") + cell("CÔNG TÁC CHỈ ĐẠO", " table:number-columns-spanned=\"3\"") + covered(2)) +
                   row(cell("1") + cell("Ban hành kế hoạch") + cell("Sở Nội vụ", " table:number-rows-spanned=\"2\"") +
                       cell("Quý I/2026")) +
                   row(cell("2") +
                       "<table:table-cell><text:p>Kiểm tra<text:s text:c=\"3\"/><text:span "
                       "text:style-name=\"T1\">cải cách</text:span> <text:span>hành chính</text:span></text:p>"
                       "</table:table-cell>" +
                       covered() +
                       "<table:table-cell office:value-type=\"date\" office:date-value=\"2026-06-30\"><text:p>"
                       "30/06/2026</text:p></table:table-cell>") +
                   row(cell("II") + cell("CẢI CÁCH THỂ CHẾ", " table:number-columns-spanned=\"3\"") + covered(2)) +
                   row(cell("1") + cell("Rà soát văn bản") + cell("Sở Tư pháp") +
                       "<table:table-cell><text:p>Cấp tỉnh: Quý II/2026<text:line-break/>Cấp huyện: Quý "
                       "III/2026</text:p></table:table-cell>") +
                   row(cell("2") + cell("Tổng kết") + cell("Sở Tư pháp") +
                       "<table:table-cell office:value-type=\"date\" office:date-value=\"2026-12-15\"/>") +
                   "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell "
                   "table:number-columns-repeated=\"1024\"/></table:table-row>");
}

TEST(ImportOpenDocument, ASpreadsheetAsLibreOfficeSavesIt) {
  const std::string bytes = ods(plan_sheet());
  EXPECT_EQ(detect_format("ke-hoach.ods", bytes), SourceFormat::ods);
  EXPECT_EQ(detect_format("ke-hoach.xlsx", bytes), SourceFormat::ods);  // by its content, whatever its name
  const auto document = parse_table_bytes(SourceFormat::ods, bytes);
  ASSERT_TRUE(document.has_value()) << document.error();
  ASSERT_EQ(document->grids.size(), 1U);
  EXPECT_EQ(document->grids[0].name, "sheet \"Phụ lục I\"");
  EXPECT_EQ(document->grids[0].rows.size(), 8U);  // the empty rows after the table take no room
  EXPECT_EQ(document->grids[0].rows[0].cells.size(), 4U);
  const Draft draft = draft_of(bytes, "ke-hoach.ods");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
  // Whatever format it is read as, the bytes decide.
  EXPECT_EQ(ids_of(testing::draft_with_fixture_units(parse_table_bytes(SourceFormat::docx, bytes), "plan")),
            ids_of(draft));
  EXPECT_EQ(titles_of(draft),
            (Texts{"Ban hành kế hoạch", "Kiểm tra cải cách hành chính", "Rà soát văn bản", "Tổng kết"}));
  EXPECT_EQ(whens_of(draft),
            (Texts{"Quý I/2026", "30/06/2026", "Cấp tỉnh: Quý II/2026\nCấp huyện: Quý III/2026", "15/12/2026"}));
  ASSERT_EQ(draft.tasks.size(), 4U);
  EXPECT_EQ(draft.tasks[1].lead, (Texts{"so-noi-vu"}));  // merged down from the row above
  EXPECT_EQ(draft.sections, 2);
  EXPECT_EQ(draft.year, 2026);
  EXPECT_EQ(draft.title, "Kế hoạch cải cách hành chính năm 2026");
  EXPECT_EQ(draft.header_line, 2);
  EXPECT_EQ(draft.open_count(), 0U) << draft.all_open().front().message;
}

// A hidden sheet is passed over, as in Excel, and named; --sheet reads it.
TEST(ImportOpenDocument, AHiddenSheetIsPassedOver) {
  const std::string bytes =
      ods(sheet("Năm 2025", k_header + task("1", "Việc cũ", "Sở Nội vụ", "Quý I/2025"), "ta2") + plan_sheet());
  const auto document = parse_table_bytes(SourceFormat::ods, bytes);
  ASSERT_TRUE(document.has_value()) << document.error();
  ASSERT_EQ(document->grids.size(), 1U);
  EXPECT_EQ(document->notices.front(), "passed over the hidden sheet \"Năm 2025\" (name it with --sheet to read it)");
  EXPECT_EQ(ids_of(draft_of(bytes, "plan.ods", "Năm 2025")), (Texts{"1"}));
  const auto missing = parse_table_bytes(SourceFormat::ods, bytes, ReadOptions{"KH"});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error(), "no sheet named \"KH\" (the spreadsheet has \"Năm 2025\", \"Phụ lục I\")");
}

// A text document: the title above, the header in table:table-header-rows
// (repeated on each page), the TT column numbered by a list LibreOffice
// counts on from cell to cell, a cell merged down, a text box alone in a
// cell, a footnote and a comment that are not the cell's text.
TEST(ImportOpenDocument, ATextDocumentWithANumberedColumn) {
  const std::string list_style =
      "<text:list-style style:name=\"L1\"><text:list-level-style-number text:level=\"1\" style:num-suffix=\".\" "
      "style:num-format=\"1\"/></text:list-style><text:list-style style:name=\"L2\"><text:list-level-style-number "
      "text:level=\"1\" style:num-suffix=\".\" style:num-format=\"I\"/></text:list-style>";
  const auto numbered = [](const std::string& style, bool first) {
    return "<table:table-cell><text:list text:style-name=\"" + style + "\"" +
           (first ? std::string() : std::string(" text:continue-numbering=\"true\"")) +
           "><text:list-item><text:p/></text:list-item></text:list></table:table-cell>";
  };
  const std::string table =
      "<table:table table:name=\"Bảng1\"><table:table-column table:number-columns-repeated=\"4\"/>"
      "<table:table-header-rows>" +
      k_header + "</table:table-header-rows>" +
      row(numbered("L2", true) + cell("CÔNG TÁC CHỈ ĐẠO", " table:number-columns-spanned=\"3\"") + covered(2)) +
      row(numbered("L1", true) + cell("Ban hành kế hoạch") + cell("Sở Nội vụ", " table:number-rows-spanned=\"2\"") +
          cell("Quý I/2026")) +
      row(numbered("L1", false) +
          "<table:table-cell><text:p>Kiểm tra<text:note text:note-class=\"footnote\"><text:note-citation>1"
          "</text:note-citation><text:note-body><text:p>Theo Quyết định 123</text:p></text:note-body></text:note>"
          "<office:annotation><text:p>Xem lại</text:p></office:annotation></text:p></table:table-cell>" +
          covered() +
          "<table:table-cell><text:p><draw:frame draw:name=\"Khung1\"><draw:text-box><text:p>Quý II/2026"
          "</text:p></draw:text-box></draw:frame></text:p></table:table-cell>") +
      row(numbered("L2", false) + cell("CẢI CÁCH THỂ CHẾ", " table:number-columns-spanned=\"3\"") + covered(2)) +
      row(numbered("L1", false) + cell("Rà soát văn bản") + cell("Sở Tư pháp") + cell("Quý III/2026")) +
      "</table:table>";
  const std::string body = paragraph("ỦY BAN NHÂN DÂN TỈNH") + "<text:h text:outline-level=\"1\">KẾ HOẠCH</text:h>" +
                           paragraph("Cải cách hành chính năm 2026") + table + paragraph("Nơi nhận:");
  const std::string bytes = testing::odf_of(testing::k_odt_mimetype, testing::odf_content(false, body, list_style));
  EXPECT_EQ(detect_format("ke-hoach.odt", bytes), SourceFormat::odt);
  const Draft draft = draft_of(bytes, "ke-hoach.odt");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.3"}));
  EXPECT_EQ(titles_of(draft), (Texts{"Ban hành kế hoạch", "Kiểm tra", "Rà soát văn bản"}));
  EXPECT_EQ(whens_of(draft), (Texts{"Quý I/2026", "Quý II/2026", "Quý III/2026"}));
  ASSERT_EQ(draft.tasks.size(), 3U);
  EXPECT_EQ(draft.tasks[1].lead, (Texts{"so-noi-vu"}));
  EXPECT_EQ(draft.sections, 2);
  EXPECT_EQ(draft.open_count(), 0U);
}

// A TT column numbered by a paragraph style ("Numbering 1", whose list style
// "Numbering 123" lives in styles.xml): the lists name no style of their own.
TEST(ImportOpenDocument, ListsNumberedByTheirParagraphStyle) {
  const std::string styles =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-styles " + testing::k_odf_namespaces +
      "><office:styles><style:style style:name=\"Numbering_20_1\" style:family=\"paragraph\" "
      "style:list-style-name=\"Numbering_20_123\"/><text:list-style style:name=\"Numbering_20_123\">"
      "<text:list-level-style-number text:level=\"1\" style:num-suffix=\".\" style:num-format=\"1\"/>"
      "</text:list-style></office:styles></office:document-styles>";
  const std::string automatic =
      "<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Numbering_20_1\"/>";
  const auto numbered = [](bool first) {
    return "<table:table-cell><text:list" + std::string(first ? "" : " text:continue-numbering=\"true\"") +
           "><text:list-item><text:p text:style-name=\"P1\"/></text:list-item></text:list></table:table-cell>";
  };
  const std::string table = "<table:table table:name=\"Bảng1\">" + k_header +
                            row(numbered(true) + cell("Ban hành kế hoạch") + cell("Sở Nội vụ") + cell("Quý I/2026")) +
                            row(numbered(false) + cell("Kiểm tra") + cell("Sở Tư pháp") + cell("Quý II/2026")) +
                            "</table:table>";
  const std::string bytes = testing::odf_of(
      testing::k_odt_mimetype, testing::odf_content(false, paragraph("Kế hoạch năm 2026") + table, automatic), styles);
  EXPECT_EQ(ids_of(draft_of(bytes, "plan.odt")), (Texts{"1", "2"}));
}

// The same table saved as a flat XML file (.fods): one XML document.
TEST(ImportOpenDocument, AFlatSpreadsheet) {
  std::string flat = testing::odf_content(true, plan_sheet(), k_table_styles);
  const std::string root = "office:document-content";
  flat.replace(flat.find(root), root.size(), "office:document office:mimetype=\"" + testing::k_ods_mimetype + "\"");
  flat.replace(flat.rfind(root), root.size(), "office:document");
  EXPECT_EQ(detect_format("ke-hoach.fods", flat), SourceFormat::ods);
  EXPECT_EQ(ids_of(draft_of(flat, "ke-hoach.fods")), (Texts{"I.1", "I.2", "II.1", "II.2"}));
}

// Repeat and span counts built to fill the memory: a cell of text repeated
// two billion times across (the columns past 256 are not read), a merge two
// billion rows down (it covers the rows there are), a row of text repeated a
// million times (refused: no plan is that long), and every cell of a
// million-row sheet given as text (refused by the text it holds).
TEST(ImportOpenDocument, RepeatCountsAreBounded) {
  const std::string wide = ods(sheet(
      "KH", k_header +
                row(cell("1") + cell("Rà soát") + cell("Sở Tư pháp", " table:number-rows-spanned=\"2000000000\"") +
                    cell("Quý I/2026") + cell("x", " table:number-columns-repeated=\"2000000000\"")) +
                row(cell("2") + cell("Tổng kết") + covered() + cell("Quý IV/2026"))));
  const auto document = parse_table_bytes(SourceFormat::ods, wide);
  ASSERT_TRUE(document.has_value()) << document.error();
  ASSERT_EQ(document->grids.size(), 1U);
  EXPECT_EQ(document->grids[0].rows.size(), 3U);
  EXPECT_EQ(document->grids[0].rows[1].cells.size(), static_cast<std::size_t>(k_max_table_columns));
  const Draft draft = draft_of(wide, "wide.ods");
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2"}));
  ASSERT_EQ(draft.tasks.size(), 2U);
  EXPECT_EQ(draft.tasks[1].lead, (Texts{"so-tu-phap"}));

  const std::string tall =
      ods(sheet("KH", k_header + row(cell("1") + cell("Rà soát") + cell("Sở Tư pháp") + cell("Quý I/2026"),
                                     " table:number-rows-repeated=\"1000000\"")));
  const auto refused = parse_table_bytes(SourceFormat::ods, tall);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error(),
            "the sheet \"KH\" has more than 100000 rows: no plan's table is that long (name the plan's sheet with "
            "--sheet)");

  const std::string text(200'000, 'x');
  const std::string heavy = ods(
      sheet("KH", row(cell(text, " table:number-columns-repeated=\"100\""), " table:number-rows-repeated=\"1000\"")));
  const auto too_much = parse_table_bytes(SourceFormat::ods, heavy);
  ASSERT_FALSE(too_much.has_value());
  EXPECT_NE(too_much.error().find("holds more than 16 MiB of cell text"), std::string::npos) << too_much.error();
}

// Rows hidden by a filter are read and named; a plan table inside a layout
// table's cell (the body's only table) is found there.
TEST(ImportOpenDocument, HiddenRowsAndATableInsideALayoutTable) {
  const std::string hidden_rows =
      ods(sheet("KH", k_header + task("1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026") +
                          row(cell("2") + cell("Rà soát") + cell("Sở Tư pháp") + cell("Quý II/2026"),
                              " table:visibility=\"filter\"") +
                          task("3", "Tổng kết", "Sở Nội vụ", "Quý IV/2026")));
  const auto document = parse_table_bytes(SourceFormat::ods, hidden_rows);
  ASSERT_TRUE(document.has_value()) << document.error();
  EXPECT_EQ(document->notices, (Texts{"the sheet \"KH\": hidden rows (3, hidden by hand or by a filter) were read "
                                      "like the others: check them in the draft"}));
  EXPECT_EQ(ids_of(testing::draft_with_fixture_units(document, "plan")), (Texts{"1", "2", "3"}));

  const std::string plan = "<table:table table:name=\"KH\">" + k_header +
                           task("1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026") +
                           task("2", "Rà soát", "Sở Tư pháp", "Quý II/2026") + "</table:table>";
  const std::string layout = "<table:table table:name=\"Khung\"><table:table-row><table:table-cell>" +
                             paragraph("KẾ HOẠCH năm 2026") + plan +
                             "</table:table-cell></table:table-row></table:table>";
  const std::string bytes = testing::odf_of(testing::k_odt_mimetype, testing::odf_content(false, layout));
  const Draft draft = draft_of(bytes, "khung.odt");
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2"}));
  EXPECT_EQ(draft.grid_name, "the table inside table 1");
}

// Date cells shown with a two-digit year are written with the year in full,
// as the Excel reader writes dates; shown in full or in words, as shown.
TEST(ImportOpenDocument, DatesShownWithTwoDigitYears) {
  const auto date = [](const std::string& value, const std::string& shown) {
    return "<table:table-cell office:value-type=\"date\" office:date-value=\"" + value + "\"><text:p>" + shown +
           "</text:p></table:table-cell>";
  };
  const std::string table =
      "<table:table table:name=\"KH\">" + k_header +
      row(cell("1") + cell("Một") + cell("Sở Nội vụ") + date("2026-06-30", "30/06/26")) +
      row(cell("2") + cell("Hai") + cell("Sở Nội vụ") + date("2026-06-01", "06/26")) +
      row(cell("3") + cell("Ba") + cell("Sở Nội vụ") + date("2026-06-06", "6/6/26")) +
      row(cell("4") + cell("Bốn") + cell("Sở Nội vụ") + date("2026-06-30", "30/06/2026")) +
      row(cell("5") + cell("Năm") + cell("Sở Nội vụ") + date("2026-06-30", "Thứ Ba, 30 tháng 6 năm 2026")) +
      "</table:table>";
  const Draft draft = draft_of(ods(table), "plan.ods");
  EXPECT_EQ(whens_of(draft),
            (Texts{"30/06/2026", "06/2026", "06/06/2026", "30/06/2026", "Thứ Ba, 30 tháng 6 năm 2026"}));
  EXPECT_EQ(draft.open_count(), 0U) << draft.all_open().front().message;
}

// A hidden column (the old timeline, put away) reads as empty, as in Excel.
TEST(ImportOpenDocument, AHiddenColumnReadsAsEmpty) {
  const std::string table =
      "<table:table table:name=\"KH\"><table:table-column table:number-columns-repeated=\"3\"/>"
      "<table:table-column table:visibility=\"collapse\"/><table:table-column/>" +
      row(cell("STT") + cell("Nội dung") + cell("Đơn vị chủ trì") + cell("Thời gian (cũ)") + cell("Thời hạn")) +
      row(cell("1") + cell("Ban hành kế hoạch") + cell("Sở Nội vụ") + cell("Quý I/2025") + cell("Quý I/2026")) +
      "</table:table>";
  const Draft draft = draft_of(ods(table), "plan.ods");
  EXPECT_EQ(whens_of(draft), (Texts{"Quý I/2026"}));
  EXPECT_EQ(draft.headers[5], "Thời hạn");
}

// An OpenDocument presentation holds no table to import: refused, saying so.
TEST(ImportOpenDocument, APresentationIsRefused) {
  const std::string bytes = testing::odf_of(
      "application/vnd.oasis.opendocument.presentation",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content " + testing::k_odf_namespaces +
          "><office:body><office:presentation/></office:body></office:document-content>");
  const auto document = parse_table_bytes(detect_format("slides.odp", bytes), bytes);
  ASSERT_FALSE(document.has_value());
  EXPECT_NE(document.error().find("neither a text document nor a spreadsheet"), std::string::npos);
}

}  // namespace
}  // namespace deadlined::import
