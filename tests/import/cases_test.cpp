// Files as offices make them, and files made to hurt (tests/import/data/cases/,
// described in its README): a timeline header of two merged rows, rows inside
// content controls, a second appendix after the plan's table, a blank row in a
// CSV, compressed parts that would fill the memory, a sheet that cannot be read.
#include "import/draft.hpp"
#include "import/draft_numbers.hpp"
#include "import/legacy_text.hpp"
#include "import/names.hpp"
#include "import/table.hpp"
#include "support/import_cases.hpp"
#include "support/import_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <utility>
#include <vector>

namespace deadlined::import {
namespace {

using testing::draft_case;
using testing::ids_of;
using testing::read_case;
using testing::read_import_data;
using testing::Texts;
using testing::whens_of;

// "Thời gian thực hiện" merged over "Thời gian bắt đầu" | "Thời gian hoàn
// thành" (and "Từ ngày" | "Đến ngày"): the end is the deadline. Before, the
// covered cells repeating the top made the lower row a header of its own and
// the start date became the deadline, silently.
TEST(ImportCases, TheEndOfAStartAndEndHeaderIsTheDeadline) {
  for (const char* name :
       {"x08_start_end_dates.xlsx", "d16f_thoi_gian_bat_dau_hoan_thanh_2.docx", "d16_tu_ngay_den_ngay.docx"}) {
    SCOPED_TRACE(name);
    const Draft draft = draft_case(name);
    EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2"}));
    ASSERT_EQ(draft.tasks.size(), 2U);
    EXPECT_EQ(draft.tasks[0].when, "15/12/2026");
  }
}

// Rows that a template wraps in a content control (w:sdt) are rows.
TEST(ImportCases, RowsInsideAContentControl) {
  const Draft draft = draft_case("d19_rows_in_content_control.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "I.3"}));
  EXPECT_EQ(whens_of(draft), (Texts{"Tháng 01/2026", "Quý II/2026", "Quý IV/2026"}));
}

// "Phụ lục II", a list of procedures of the same width after the plan's
// table, is another table: text stands between them.
TEST(ImportCases, ATableAfterTextIsNotAContinuation) {
  const Draft draft = draft_case("d23_two_appendices.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2"}));
  EXPECT_EQ(draft.continuations, 0);
}

// A blank row of a spreadsheet is no page break: the unnumbered row after it
// is a sub-row, not the rest of the row before.
TEST(ImportCases, ABlankRowInACsvJoinsNothing) {
  const Draft draft = draft_case("c08_blank_row_then_unnumbered.csv");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1a", "I.1b", "I.2"}));
  EXPECT_EQ(whens_of(draft), (Texts{"Quý II/2026", "Quý III/2026", "Quý IV/2026"}));
}

// Small files whose parts decompress to millions of elements are refused
// before they are parsed (they took 1.1 to 1.4 GB of memory).
TEST(ImportCases, PartsThatWouldFillTheMemoryAreRefused) {
  const std::vector<std::pair<const char*, const char*>> cases{
      {"d13b_bomb_60MB.docx", "word/document.xml is compressed "},
      {"x03c_many_empty_si.xlsx", "xl/sharedStrings.xml is compressed "},
      {"x09_sheet_bomb.xlsx", "the sheet \"S\": xl/worksheets/sheet1.xml is compressed "}};
  for (const auto& [name, message] : cases) {
    SCOPED_TRACE(name);
    const auto document = read_case(name);
    ASSERT_FALSE(document.has_value());
    EXPECT_EQ(document.error().rfind(message, 0), 0U) << document.error();
    EXPECT_NE(document.error().find("far more than an Office file's text is: refused"), std::string::npos);
  }
}

// A sheet that cannot be read is passed over, and told; the plan is read
// from the sheet that has it.
TEST(ImportCases, AnUnreadableSheetIsPassedOver) {
  const auto document = read_case("x07b_missing_second_sheet.xlsx");
  ASSERT_TRUE(document.has_value()) << document.error();
  ASSERT_EQ(document->notices.size(), 1U);
  EXPECT_EQ(document->notices.front(),
            "passed over: cannot read the sheet \"Sheet2\" (xl/worksheets/sheet2.xml) (name the plan's sheet with "
            "--sheet)");
  EXPECT_EQ(draft_case("x07b_missing_second_sheet.xlsx").grid_name, "sheet \"KH\"");
}

// CSV errors that say what is wrong: a quote never closed, a row far wider
// than a table.
TEST(ImportCases, CsvErrorsNameTheLine) {
  const auto stray = read_case("c06_stray_quote.csv");
  ASSERT_FALSE(stray.has_value());
  EXPECT_EQ(stray.error(), "the quote opened on line 3 is never closed: the rest of the file would be one cell");
  std::string wide = "TT,Nội dung,Chủ trì,Thời gian\n1,";
  wide += std::string(300, ',');
  wide += "\n";
  const auto too_wide = parse_table_bytes(SourceFormat::csv, wide, ReadOptions{});
  ASSERT_FALSE(too_wide.has_value());
  EXPECT_EQ(too_wide.error().rfind("line 2 has more than 256 columns", 0), 0U) << too_wide.error();
}

// A section row whose one wide cell starts in another column than the task
// ("STT | Cơ quan chủ trì | Nội dung"): a section, not a task without a title.
TEST(ImportCases, ASectionRowInAnyColumnOrder) {
  const Draft draft = draft_case("d04_column_order.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1"}));
  EXPECT_EQ(draft.sections, 2);
  ASSERT_FALSE(draft.tasks.empty());
  EXPECT_NE(draft.tasks[0].heading.find("# I. Công tác chỉ đạo"), std::string::npos);
}

// Items of a numbered task, "a)", "b)" or bullets "-", "+": its ids with a
// letter, as sub-rows are ("I.1a"), not "I.-" and "I.--2".
TEST(ImportCases, ItemsOfATaskTakeItsNumberAndALetter) {
  EXPECT_EQ(ids_of(draft_case("d12_dash_subitems.docx")), (Texts{"I.1", "I.1a", "I.1b", "I.1c", "II.1"}));
  EXPECT_EQ(ids_of(draft_case("d02_tworow_header.docx")),
            (Texts{"A.I.1", "A.I.1.1", "A.I.1.2", "A.I.2", "A.I.2a", "A.I.2b", "A.II.1", "A.II.1a", "B.1"}));
}

// Excel's "_x000D_" escapes and Word's alternate content read once.
TEST(ImportCases, EscapesAndAlternateContent) {
  const Draft workbook = draft_case("x01_title_merged.xlsx");
  ASSERT_EQ(workbook.tasks.size(), 6U);
  EXPECT_EQ(workbook.tasks[5].title, "Số hóa hồ sơ");
  const Draft document = draft_case("d20_alternatecontent.docx");
  ASSERT_EQ(document.tasks.size(), 1U);
  EXPECT_EQ(document.tasks[0].when, "Quý III/2026");
}

// A TT column numbered by Word's own lists (w:numPr, no text in the cell):
// the numbers it shows, counted in document order.
TEST(ImportCases, NumbersWordsListsShow) {
  const Draft draft = draft_case("d18_auto_numbering.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.3"}));
  // With word/numbering.xml: Roman sections, decimal tasks and a second
  // level ("%1.%2"), a list started again in the second section.
  const std::string bytes = read_import_data("plan-2025-numbered.docx");
  const Draft numbered =
      testing::draft_with_fixture_units(parse_table_bytes(SourceFormat::docx, bytes, ReadOptions{}), "numbered");
  EXPECT_EQ(ids_of(numbered), (Texts{"I.1", "I.1.1", "I.2", "II.1"}));
  EXPECT_EQ(numbered.sections, 2);
}

// A heading between two pieces of one table ("II. NHIỆM VỤ CỤ THỂ") does not
// end it; a new part ("Phụ lục II", above) does.
TEST(ImportCases, AHeadingBetweenPiecesOfOneTable) {
  EXPECT_EQ(draft_case("split_with_a_heading.docx").tasks.size(), 4U);
}

// Vietnamese item letters (a, b, c, d, đ, e: "đ" as "dd"), "i" after "h",
// and bullets under an item as its points ("1a.1").
TEST(ImportCases, ItemLettersAndPoints) {
  EXPECT_EQ(ids_of(draft_case("items_with_dd.csv")), (Texts{"1", "1a", "1b", "1c", "1d", "1dd", "1e", "2", "2a"}));
  const Texts ids = ids_of(draft_case("items_and_points.csv"));
  ASSERT_GE(ids.size(), 5U);
  EXPECT_EQ(Texts(ids.begin(), ids.begin() + 5), (Texts{"I.1", "I.1a", "I.1a.1", "I.1a.2", "I.1b"}));
  EXPECT_NE(std::find(ids.begin(), ids.end(), "I.1i"), ids.end());
}

// Files of a few kilobytes that repeat a megabyte of text in every cell a
// merged cell or a shared string covers: they took over 10 GB of memory and
// minutes. The text a document holds, copies included, is now bounded.
TEST(ImportCases, RepeatedTextThatWouldFillTheMemoryIsRefused) {
  const std::vector<std::pair<const char*, const char*>> cases{
      {"d30_merged_text_bomb.docx", "table 1 holds more than 16 MiB of cell text"},
      {"x30_shared_text_bomb.xlsx", "the sheet \"KH\" holds more than 16 MiB of cell text"},
      {"x31_merged_text_bomb.xlsx", "the sheet \"KH\" holds more than 16 MiB of cell text"},
      {"x32_overlapping_merges.xlsx", "the merged ranges of the sheet \"KH\" cover more than 2000000 cells"}};
  for (const auto& [name, message] : cases) {
    SCOPED_TRACE(name);
    const auto document = read_case(name);
    ASSERT_FALSE(document.has_value());
    EXPECT_EQ(document.error().rfind(message, 0), 0U) << document.error();
  }
}

std::string csv_with_header(const std::string& body) {
  return "TT,Nội dung,Cơ quan chủ trì,Thời gian\n" + body;
}

// A CSV longer or larger than any plan's table is refused with its line, never
// cut short: 100,000 rows, 2,000,000 cells.
TEST(ImportCases, ACsvPastTheTableLimitsIsRefused) {
  std::string rows;
  for (int i = 1; i <= k_max_table_rows; ++i) {
    rows += std::to_string(i) + ",x,,Quý I/2026\n";
  }
  const auto long_table = read_csv(csv_with_header(rows));
  ASSERT_FALSE(long_table.has_value());
  EXPECT_EQ(long_table.error(), "line 100001 is past 100000 rows: no plan's table is that long");

  std::string wide(200, ',');
  std::string cells;
  for (int i = 1; i <= 10'000; ++i) {
    cells += std::to_string(i) + wide + "\n";
  }
  const auto large_table = read_csv(cells);
  ASSERT_FALSE(large_table.has_value());
  EXPECT_EQ(large_table.error(), "line 9951 is past 2000000 cells: no plan's table is that large");

  const auto just_under = read_csv(csv_with_header(rows.substr(0, rows.rfind("100000,"))));
  ASSERT_TRUE(just_under.has_value()) << just_under.error();
  EXPECT_EQ(just_under->grids.front().rows.size(), 100'000U);  // the header and 99,999 tasks
}

// Sub-rows and items past "z" go on "aa", "ab", as spreadsheet columns do;
// before, all were "z" and every row searched the ids from "-2" up, which
// took minutes for 20,000 items.
TEST(ImportCases, ManySubRowsKeepDistinctIdsInLinearTime) {
  std::string rows = "1,Nhiệm vụ,Sở Nội vụ,Quý I/2026\n";
  for (int i = 0; i < 30'000; ++i) {
    rows += ",,Sở Tư pháp,Quý II/2026\n";
  }
  const Draft draft = testing::draft_with_fixture_units(read_csv(csv_with_header(rows)), "many");
  ASSERT_EQ(draft.tasks.size(), 30'001U);
  EXPECT_EQ(draft.tasks[0].id, "1a");
  EXPECT_EQ(draft.tasks[25].id, "1z");
  EXPECT_EQ(draft.tasks[26].id, "1aa");
  EXPECT_EQ(draft.tasks[27].id, "1ab");
  EXPECT_EQ(draft.tasks[702].id, "1aaa");
  std::vector<std::string> ids = ids_of(draft);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  EXPECT_EQ(draft.open_count(), 0U);

  std::string items = "1,Nhiệm vụ,Sở Nội vụ,Quý I/2026\n";
  for (int i = 0; i < 30; ++i) {
    items += "-,việc,Sở Nội vụ,Quý I/2026\n";
  }
  const Draft with_items = testing::draft_with_fixture_units(read_csv(csv_with_header(items)), "items");
  ASSERT_EQ(with_items.tasks.size(), 31U);
  EXPECT_EQ(with_items.tasks[26].id, "1z");
  EXPECT_EQ(with_items.tasks[27].id, "1aa");
}

// Sub-rows inherit the cells left of their first one from the numbered row
// (pasted text, CSV); a megabyte lead cell inherited by thousands of rows is
// refused like the merged cells above (16 MiB).
TEST(ImportCases, InheritedTextIsBoundedToo) {
  std::string lead;
  for (int i = 0; i < 100'000; ++i) {
    lead += "Sở Nội vụ ";
  }
  std::string rows = "TT,Cơ quan chủ trì,Nội dung,Thời gian\n1,\"" + lead + "\",Nhiệm vụ,Quý I/2026\n";
  for (int i = 0; i < 100; ++i) {
    rows += ",,a) x,Quý I/2026\n";
  }
  const auto document = read_csv(rows);
  ASSERT_TRUE(document.has_value()) << document.error();
  LoadResult loaded = load_config(testing::k_import_data + "deadlined.toml");
  ASSERT_TRUE(loaded.config.has_value());
  DraftOptions options;
  options.plan_id = "x";
  const auto draft = build_draft(*document, NameIndex::from_config(*loaded.config), options);
  ASSERT_FALSE(draft.has_value());
  EXPECT_EQ(draft.error().rfind("the CSV file holds more than 16 MiB of cell text", 0), 0U) << draft.error();
}

const Texts k_four_whens{"Tháng 01/2026", "Quý II/2026", "Trước ngày 15/8/2026", "Hằng quý"};

// Excel's "Text (Tab delimited)" and "Unicode Text" quote a cell with a line
// break or a quote, doubling its quotes; the text reader took each line for a
// row and lost three tasks of four.
TEST(ImportCases, TabTextSavedByExcelKeepsItsQuotedCells) {
  for (const char* name : {"c01_excel_tab.tsv", "c03_unicode_text.txt"}) {
    SCOPED_TRACE(name);
    const Draft draft = draft_case(name);
    EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
    ASSERT_EQ(draft.tasks.size(), 4U);
    EXPECT_EQ(draft.tasks[0].when, "Tháng 01/2026 (trước ngày 31/01/2026)");
    EXPECT_EQ(draft.tasks[1].title, "Kiểm tra công tác cải cách hành chính \"định kỳ\"");
  }
  // A quote opening a cell that is the words' own stays ("\"Đề án 06\" về ...").
  EXPECT_EQ(draft_case("c08_tab_leading_quote.txt").tasks.at(1).title, "\"Đề án 06\" về dữ liệu dân cư");
  const auto pasted = read_text("TT\tNội dung\n1\t\"Đề án 06\" triển khai\n");
  ASSERT_TRUE(pasted.has_value());
  EXPECT_EQ(pasted->grids.front().rows.at(1).cells.at(1).text, "\"Đề án 06\" triển khai");
}

// Lone carriage returns end lines (Excel for the Mac), inside quotes too.
TEST(ImportCases, LoneCarriageReturnsEndLines) {
  const Draft draft = draft_case("c04c_cr_in_quotes_cr_lines.csv");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
  EXPECT_EQ(draft.tasks.at(0).when, "Tháng 01/2026 (trước ngày 31/01/2026)");
}

// Decomposed letters (a Mac, a web form) are written composed; soft hyphens
// and zero-width spaces inside names and dates are dropped, so units match.
TEST(ImportCases, DecomposedLettersAndInvisibleCharacters) {
  const Draft nfd = draft_case("c05_nfd.csv");
  EXPECT_EQ(whens_of(nfd), k_four_whens);
  EXPECT_EQ(nfd.tasks.at(0).title, "Ban hành kế hoạch cải cách hành chính năm 2026");
  EXPECT_EQ(nfd.title, "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026");
  const Draft invisible = draft_case("c11_soft_hyphen_zwsp.csv");
  EXPECT_EQ(whens_of(invisible), k_four_whens);
  EXPECT_EQ(invisible.tasks.at(2).title, "Công bố danh mục thủ tục hành chính");
  EXPECT_EQ(invisible.tasks.at(1).lead, Texts{"so-noi-vu"});
  EXPECT_EQ(invisible.open_count(), 1U);  // "Sở Thông tin và Truyền thông" is no unit of the fixture config
}

// Word text as Word shows it: not deleted or moved-away revisions, hidden
// runs or placeholders; a non-breaking hyphen and a symbol dash are kept.
TEST(ImportCases, WordTextAsWordShowsIt) {
  EXPECT_EQ(draft_case("w05_tracked_changes.docx").tasks.at(0).when, "Trước ngày 30/9/2026");
  EXPECT_EQ(whens_of(draft_case("w22_hidden_text.docx")), k_four_whens);
  const Draft symbols = draft_case("w06_fields_sym_hyphens.docx");
  EXPECT_EQ(whens_of(symbols), (Texts{"Từ tháng 3 - tháng 6/2026", "Quý II/2026", "Trước ngày 15-8-2026", "Hằng quý"}));
  const Draft placeholders = draft_case("w27_placeholder_content_controls.docx");
  ASSERT_EQ(placeholders.tasks.size(), 4U);
  EXPECT_EQ(placeholders.tasks[1].when, "");
  EXPECT_EQ(placeholders.tasks[3].title, "");
}

// Excel cells as Excel shows them: numbers in the General format (the TT
// column "2.3", not "2.3000000000000003"), strict OOXML dates as dd/mm/yyyy,
// hidden columns and hidden sheets put away.
TEST(ImportCases, ExcelCellsAsExcelShowsThem) {
  EXPECT_EQ(ids_of(draft_case("x03_tt_numbers.xlsx")), (Texts{"I.1", "I.2", "I.2.1", "I.2.2", "I.2.3", "I.3", "I.4"}));
  EXPECT_EQ(whens_of(draft_case("x12b_strict_iso_dates.xlsx")),
            (Texts{"31/01/2026", "30/06/2026", "Trước ngày 15/8/2026", "Hằng quý"}));
  EXPECT_EQ(whens_of(draft_case("x19_hidden_old_timeline_column.xlsx")), k_four_whens);
  // "[$-42A]mmmm yyyy" and "[$-42A]mmmm" (the month by name, with or without
  // its year) are months: the second was written as the serial number 46203.
  EXPECT_EQ(whens_of(draft_case("x18_month_name_formats.xlsx")), (Texts{"06/2026", "06/2026", "30/06/2026", "2026"}));
  const auto hidden = read_case("x06_hidden_first_sheet.xlsx");
  ASSERT_TRUE(hidden.has_value());
  EXPECT_EQ(hidden->notices, Texts{"passed over the hidden sheet \"KH 2025 (cũ)\" (name it with --sheet to read it)"});
  EXPECT_EQ(draft_case("x06_hidden_first_sheet.xlsx").grid_name, "sheet \"KH 2026\"");
}

// A second sheet is never glued onto the first as its rows ("I.1-2"): its
// tasks follow the first's, numbered under a prefix of their own since its
// numbers start again.
TEST(ImportCases, AnotherSheetIsAnotherTable) {
  const Draft draft = draft_case("x06c_two_visible_sheets.xlsx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2", "P2.I.1", "P2.I.2"}));
  EXPECT_TRUE(draft.plan_open.empty());
  EXPECT_EQ(draft.tables.size(), 2U);
}

// What a file is, by its content: a Word file named .xlsx is read as Word;
// web pages and Excel 2003 XML under an .xls name, and empty files, are
// refused saying what they are.
TEST(ImportCases, TheContentSaysWhatAFileIs) {
  EXPECT_EQ(detect_format("w15_docx_named.xlsx", read_import_data("cases/w15_docx_named.xlsx")), SourceFormat::docx);
  EXPECT_EQ(draft_case("w15_docx_named.xlsx").tasks.size(), 4U);
  const std::vector<std::pair<const char*, const char*>> refused{
      {"w15f_html_table.xls", "it is a web page (HTML)"},
      {"w15g_spreadsheetml2003.xls", "it is an Excel 2003 XML workbook"},
      {"w14d_duplicate_entries.docx", "the file holds the part word/document.xml twice"}};
  for (const auto& [name, message] : refused) {
    SCOPED_TRACE(name);
    const auto document = read_case(name);
    ASSERT_FALSE(document.has_value());
    EXPECT_EQ(document.error().rfind(message, 0), 0U) << document.error();
  }
  const auto empty = parse_table_bytes(SourceFormat::csv, " \r\n", ReadOptions{});
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error(), "the file is empty");
  // A byte order mark alone (UTF-8; UTF-16 with a line end) is empty too: it
  // was "no task table found".
  const auto bom = read_case("h05_lone_bom.csv");
  ASSERT_FALSE(bom.has_value());
  EXPECT_EQ(bom.error(), "the file is empty");
  const auto wide = parse_table_bytes(SourceFormat::text, std::string_view("\xFF\xFE\r\0\n\0", 6), ReadOptions{});
  ASSERT_FALSE(wide.has_value());
  EXPECT_EQ(wide.error(), "the file is empty");
}

}  // namespace
}  // namespace deadlined::import

namespace deadlined::import {
namespace {

bool any_open_says(const Draft& draft, const std::string& words) {
  const std::vector<OpenItem> items = draft.all_open();
  return std::any_of(items.begin(), items.end(),
                     [&words](const OpenItem& item) { return item.message.find(words) != std::string::npos; });
}

// A section row whose wide cell starts left of the TT column (the task rows
// after w:gridBefore, the section from grid column 0) is the section it is:
// it was dropped and its tasks numbered "1", "2" without notice.
TEST(ImportCases, ASectionRowLeftOfTheNumberColumn) {
  const Draft draft = draft_case("w03b_gridbefore_rows_only.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2"}));
  EXPECT_EQ(draft.sections, 1);
  ASSERT_FALSE(draft.tasks.empty());
  EXPECT_EQ(draft.tasks[0].title, "Nhiệm vụ A");
  EXPECT_NE(draft.tasks[0].heading.find("# I. A\n"), std::string::npos) << draft.tasks[0].heading;
  // Excel: section ranges merged from column A over an empty column left of TT.
  const Draft sheet = draft_case("x33_sections_merged_from_column_a.xlsx");
  EXPECT_EQ(ids_of(sheet), (Texts{"I.1", "I.2", "II.1"}));
  EXPECT_EQ(sheet.sections, 2);
  ASSERT_EQ(sheet.tasks.size(), 3U);
  EXPECT_NE(sheet.tasks[2].heading.find("# II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH\n"), std::string::npos)
      << sheet.tasks[2].heading;
}

// A table inside the timeline cell ("Bắt đầu | Tháng 3/2026", "Hoàn thành |
// Tháng 6/2026"): its text is the cell's, a line per row; its rows are no
// rows of the plan's table. The cell read as empty before.
TEST(ImportCases, ATableInACellIsTheCellsText) {
  const auto document = read_case("w01_nested_table_in_cell.docx");
  ASSERT_TRUE(document.has_value()) << document.error();
  ASSERT_EQ(document->grids.size(), 1U);
  ASSERT_GE(document->grids[0].rows.size(), 3U);
  ASSERT_EQ(document->grids[0].rows[2].cells.size(), 5U);
  // Then the paragraph Word puts after a table in a cell.
  EXPECT_EQ(document->grids[0].rows[2].cells[4].text, "Bắt đầu Tháng 3/2026\nHoàn thành Tháng 6/2026\n");
  const Draft draft = draft_case("w01_nested_table_in_cell.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
  EXPECT_EQ(whens_of(draft),
            (Texts{"Bắt đầu Tháng 3/2026 Hoàn thành Tháng 6/2026", "Quý II/2026", "Trước ngày 15/8/2026", "Hằng quý"}));
  EXPECT_FALSE(any_open_says(draft, "the timeline cell is empty"));
  // Tables nested 40 deep in the cell: refused, not read without end.
  const auto deep = read_case("w01b_tables_nested_40_deep.docx");
  ASSERT_FALSE(deep.has_value());
  EXPECT_NE(deep.error().find("holds tables nested more than 8 deep"), std::string::npos) << deep.error();
}

// The plan's table inside a 1x1 layout table, or drawn in a text box: found
// there when no table of the body is a task table ("no task table found"
// before). The text box's text is read once: its table is no paragraph.
TEST(ImportCases, ATaskTableInALayoutTableOrATextBox) {
  for (const char* name : {"w02_plan_in_layout_table.docx", "w07b_table_in_textbox.docx"}) {
    SCOPED_TRACE(name);
    const Draft draft = draft_case(name);
    EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
    EXPECT_EQ(whens_of(draft), (Texts{"Tháng 01/2026", "Quý II/2026", "Trước ngày 15/8/2026", "Hằng quý"}));
    EXPECT_EQ(draft.sections, 2);
    ASSERT_FALSE(draft.tasks.empty());
    EXPECT_EQ(draft.tasks[0].title, "Ban hành kế hoạch cải cách hành chính năm 2026");
    const auto document = read_case(name);
    ASSERT_TRUE(document.has_value()) << document.error();
    EXPECT_EQ(document->nested_grids.size(), 1U);
    for (const std::string& paragraph : document->paragraphs) {
      EXPECT_EQ(paragraph.find("Ban hành kế hoạch"), std::string::npos) << paragraph;
    }
  }
}

// Parts found as Office finds them, by the package's relationships: a main
// part word/document2.xml, shared strings xl/sharedStrings1.xml, a workbook
// in another folder with absolute targets. Before, the fixed names were
// looked for: "not a Word document", every string cell empty.
TEST(ImportCases, PartsAreFoundByTheirRelationships) {
  for (const char* name :
       {"w24_main_part_other_name.docx", "x14_sst_other_name.xlsx", "x14b_parts_by_absolute_targets.xlsx"}) {
    SCOPED_TRACE(name);
    const Draft draft = draft_case(name);
    EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
    ASSERT_EQ(draft.tasks.size(), 4U);
    EXPECT_EQ(draft.tasks[3].title, "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính");
    EXPECT_EQ(draft.tasks[3].when, "Hằng quý");
  }
  // A target outside the package, or naming a part the file lacks: refused.
  const std::vector<std::pair<const char*, const char*>> refused{
      {"w24b_main_part_outside.docx",
       "the file's main part: _rels/.rels names \"../word/document2.xml\", outside the file: refused"},
      {"w24c_main_part_missing.docx",
       "the file's relationships name the part word/document.xml, which the file does not hold"},
      {"x14c_shared_strings_outside.xlsx",
       "the shared strings: xl/_rels/workbook.xml.rels names \"../../outside/strings1.xml\", outside the file"}};
  for (const auto& [name, message] : refused) {
    SCOPED_TRACE(name);
    const auto document = read_case(name);
    ASSERT_FALSE(document.has_value());
    EXPECT_EQ(document.error().rfind(message, 0), 0U) << document.error();
  }
}

// A part the file holds but that cannot be unpacked (compressed with LZMA,
// a method Office never uses, as a zip tool may repack a file): said as it
// is. The Word file (every part LZMA) was "not a Word document (no
// word/document.xml)"; the workbook's shared strings were left out, so its
// text cells read as empty ("no task table found").
TEST(ImportCases, APartThatCannotBeUnpackedIsSaidSo) {
  const std::vector<std::pair<const char*, const char*>> cases{
      {"z03b_lzma_member.docx", "_rels/.rels cannot be unpacked: "},
      {"z03c_xlsx_sst_lzma.xlsx", "xl/sharedStrings.xml cannot be unpacked: "}};
  for (const auto& [name, message] : cases) {
    SCOPED_TRACE(name);
    const auto document = read_case(name);
    ASSERT_FALSE(document.has_value());
    EXPECT_EQ(document.error().rfind(message, 0), 0U) << document.error();
  }
}

// A workbook whose cells contradict themselves: a cell naming a shared
// string past those the file holds was read as empty ("no numbered rows",
// the cause unsaid); two rows numbered 6 kept only the second's cells (task
// I.1 lost, "nothing left open"). Excel calls such files damaged: refused,
// naming the cell (or the sheets' name given twice).
TEST(ImportCases, ADamagedWorkbookIsRefusedNamingTheCell) {
  const auto past_the_end = read_case("e32_shared_string_past_the_end.xlsx");
  ASSERT_FALSE(past_the_end.has_value());
  EXPECT_EQ(past_the_end.error(),
            "the sheet \"KH\", cell A2: shared string 99999 is not among the 9 the workbook holds: the file is "
            "damaged; open it in Excel and save it again (name the plan's sheet with --sheet)");
  const auto twice = read_case("e33_row_number_twice.xlsx");
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error(),
            "the sheet \"KH\" gives cell A6 twice (rows or cells out of order): the file is damaged; open it in "
            "Excel and save it again (name the plan's sheet with --sheet)");
  // Two sheets named "KH": the draft said another table was on sheet "KH"
  // and --sheet KH read the first again.
  const auto alike = read_case("e36_two_sheets_named_alike.xlsx");
  ASSERT_FALSE(alike.has_value());
  EXPECT_EQ(alike.error(),
            "the workbook names two sheets \"KH\": the file is damaged; open it in Excel and save it again");
}

// The plan on a hidden sheet, the only visible sheet empty: "no task table
// found" alone, though the reader had passed the hidden sheet over. The
// refusal names it; with --sheet it is read.
TEST(ImportCases, ARefusalNamesTheHiddenSheetsPassedOver) {
  const auto document = read_case("e34_plan_on_hidden_sheet_only.xlsx");
  ASSERT_TRUE(document.has_value()) << document.error();
  const auto draft = build_draft(*document, NameIndex(std::vector<NamedEntity>{}), DraftOptions{});
  ASSERT_FALSE(draft.has_value());
  EXPECT_NE(draft.error().find("no task table found"), std::string::npos) << draft.error();
  EXPECT_NE(draft.error().find("; passed over the hidden sheet \"KH\" (name it with --sheet to read it)"),
            std::string::npos)
      << draft.error();
  EXPECT_EQ(
      testing::ids_of(testing::draft_with_fixture_units(read_case("e34_plan_on_hidden_sheet_only.xlsx", "KH"), "case")),
      (Texts{"I.1", "I.2", "II.1", "II.2"}));
}

// Deadlines typed as dates whose cells lost their date format (values
// pasted, a program's export): Excel shows and stores "46053". The open item
// said only that it is no timeline; it now names the day it counts.
TEST(ImportCases, ADayCountInTheTimelineIsNamedAsADate) {
  const Draft draft = draft_case("e35_day_counts_without_date_format.xlsx");
  ASSERT_EQ(draft.tasks.size(), 4U);
  EXPECT_EQ(draft.tasks[0].when, "46053");
  ASSERT_EQ(draft.tasks[0].open.size(), 1U);
  EXPECT_NE(draft.tasks[0].open[0].message.find("\"46053\" is not a timeline deadlined understands (`deadlined when` "
                                                "lists the forms): it reads as Excel's day count for 31/01/2026, a "
                                                "date whose cell lost its date format"),
            std::string::npos)
      << draft.tasks[0].open[0].message;
  EXPECT_TRUE(std::any_of(draft.tasks[3].open.begin(), draft.tasks[3].open.end(), [](const OpenItem& item) {
    return item.message.find("day count for 31/12/2026") != std::string::npos;
  }));
  EXPECT_EQ(date_serial_day("46082"), "01/03/2026");
  EXPECT_EQ(date_serial_day("36526"), "01/01/2000");
  EXPECT_FALSE(date_serial_day("12345").has_value());
  EXPECT_FALSE(date_serial_day("2026").has_value());
  EXPECT_FALSE(date_serial_day("4605a").has_value());
}

// A plan typed in TCVN3 (ABC), the encoding of the .VnTime fonts, as old
// offices still send it: in Word as Latin-1 letters ("Néi dung") in runs
// naming .VnTime, in CSV as its bytes. It was refused ("no task table
// found", then naming TCVN3); now it is converted, by the runs' font in Word
// and by how the text reads in CSV, and the summary says which cells.
TEST(ImportCases, TextInTcvn3IsConverted) {
  for (const char* name : {"c03_tcvn3_legacy.csv", "c09_vntime_tcvn3.docx"}) {
    SCOPED_TRACE(name);
    const auto document = read_case(name);
    ASSERT_TRUE(document.has_value()) << document.error();
    EXPECT_FALSE(looks_like_tcvn3(document->grids));
    std::string notices;
    for (const std::string& notice : document->notices) {
      notices += notice + "\n";
    }
    const bool csv = std::string(name).ends_with(".csv");
    EXPECT_NE(notices.find(csv ? "converted from TCVN3 (ABC) to Unicode, as the text reads (no font names the "
                                 "encoding): "
                               : "converted from TCVN3 (ABC) to Unicode, by the font .VnTime of the text: "),
              std::string::npos)
        << notices;
    const Draft draft = draft_case(name);
    EXPECT_EQ(draft.title, "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026");
    EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
    ASSERT_EQ(draft.tasks.size(), 4U);
    EXPECT_EQ(draft.tasks[0].title, "Ban hành kế hoạch cải cách hành chính năm 2026");
    EXPECT_EQ(draft.tasks[0].lead, (Texts{"vp-ubnd-tinh"}));
    EXPECT_EQ(draft.tasks[1].support, (Texts{"so-tu-phap"}));
    EXPECT_EQ(draft.tasks[1].when, "Quý II/2026");
    EXPECT_NE(draft.tasks[0].heading.find("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"), std::string::npos) << draft.tasks[0].heading;
  }
  // Text the readers left in TCVN3 is still named when no header is found.
  Document typed;
  Grid grid;
  for (const char* text : {"Néi dung c«ng viÖc", "C¬ quan chñ tr×", "Thêi gian hoµn thµnh", "Ban hµnh kÕ ho¹ch",
                           "V¨n phßng UBND tØnh", "Th¸ng 01/2026"}) {
    GridRow row;
    row.cells.push_back(GridCell{text});
    grid.rows.push_back(row);
  }
  typed.grids.push_back(grid);
  const auto refused = build_draft(typed, NameIndex({}), DraftOptions{});
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().find("; the text looks typed in TCVN3 (ABC)"), std::string::npos) << refused.error();
  // Vietnamese in Unicode, decomposed, or from Windows-1258 is not TCVN3.
  for (const char* name : {"c05_nfd.csv", "k03_utf16le_no_bom.txt", "n10_fields_hyperlinks.docx"}) {
    SCOPED_TRACE(name);
    const auto document = read_case(name);
    ASSERT_TRUE(document.has_value()) << document.error();
    EXPECT_FALSE(looks_like_tcvn3(document->grids));
  }
}

}  // namespace
}  // namespace deadlined::import
