// Word and OpenDocument text tables that repeat each other's tasks (the same
// task table pasted twice, a summary table and a table per unit) give each
// task once, as sheets do (repeated_sheets_test.cpp): the summary names the
// table left out and the table kept. The pieces a page broke a table into go
// with it and are named too; a headerless piece after a kept task table is
// still its rest.
#include "import/draft.hpp"
#include "import/table.hpp"
#include "repeated_tasks_fixture.hpp"
#include "support/import_cases.hpp"
#include "support/office_files.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deadlined::import {
namespace {

using testing::word_paragraph;
using testing::word_table;

using namespace repeated_tasks;

const Rows k_summary{k_header, k_ban_hanh, k_kiem_tra, k_ra_soat, k_so_hoa};
const Texts k_summary_titles{"Ban hành kế hoạch", "Kiểm tra công vụ", "Rà soát thủ tục", "Số hóa hồ sơ"};
const std::string k_page_break = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";

Draft draft_of_body(const std::string& body) {
  const auto document = parse_table_bytes(SourceFormat::docx, testing::docx_of(body));
  EXPECT_TRUE(document.has_value()) << document.error();
  return testing::draft_with_fixture_units(document, "plan");
}

// The same task table pasted twice: its tasks were drafted twice, the
// second time under "P2.".
TEST(ImportRepeatedWordTables, ATablePastedTwiceIsDraftedOnce) {
  const Rows tasks{k_header, k_ban_hanh, k_kiem_tra};
  const Draft draft = draft_of_body(word_paragraph("Kế hoạch công tác năm 2026") + word_table(tasks) +
                                    word_paragraph("") + word_table(tasks));
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2"}));
  EXPECT_EQ(titles_of(draft), (Texts{"Ban hành kế hoạch", "Kiểm tra công vụ"}));
  EXPECT_EQ(draft.open_count(), 0U);
  EXPECT_EQ(tables_drafted(draft), "table 1, header at row 1");
  EXPECT_EQ(draft.repeats,
            (Texts{"table 2 left out: its 2 tasks repeat those of table 1, kept and drafted from there"}));
  const std::string plan = render_plan(draft, DraftOptions{"plan", 0, 0, "plan.docx", "deadlined.toml"});
  EXPECT_NE(plan.find("# Repeated: table 2 left out"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("P2."), std::string::npos) << plan;
}

// A table per unit after the summary, each under the unit's name and
// numbered from 1, written a little otherwise (case, a final period).
TEST(ImportRepeatedWordTables, TablesPerUnitAfterTheSummaryAreLeftOut) {
  const Draft draft = draft_of_body(
      word_paragraph("Kế hoạch công tác năm 2026") + word_table(k_summary) + word_paragraph("Sở Nội vụ") +
      word_table({k_header,
                  {"1", "Ban hành kế hoạch.", "Sở Nội vụ", "quý I/2026"},
                  {"2", "KIỂM TRA CÔNG VỤ", "", "Quý II/2026"}}) +
      word_paragraph("Sở Tư pháp") + word_table({k_header, {"1", "Rà soát thủ tục", "Sở Tư pháp", "Quý III/2026"}}));
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3", "4"}));
  EXPECT_EQ(titles_of(draft), k_summary_titles);
  EXPECT_EQ(draft.open_count(), 0U);
  EXPECT_EQ(draft.repeats,
            (Texts{"table 2 left out: its 2 tasks repeat those of table 1, kept and drafted from there",
                   "table 3 left out: its only task repeats one of table 1, kept and drafted from there"}));
}

// Two appendices sharing one task of three are both drafted whole.
TEST(ImportRepeatedWordTables, TablesSharingATaskAreBothDrafted) {
  const Draft draft =
      draft_of_body(word_paragraph("Kế hoạch công tác năm 2026") +
                    word_table({k_header, k_ban_hanh, k_kiem_tra, k_ra_soat}) + word_paragraph("Phụ lục II") +
                    word_table({k_header,
                                {"1", "Rà soát thủ tục", "Sở Tư pháp", "Quý III/2026"},
                                {"2", "Tổng kết", "Sở Nội vụ", "Quý IV/2026"},
                                {"3", "Báo cáo", "Sở Tư pháp", "Quý IV/2026"}}));
  EXPECT_EQ(draft.tasks.size(), 6U);
  EXPECT_TRUE(draft.repeats.empty());
}

// The same tasks for each level of government, each table with its own
// lead: no table repeats another, both are drafted (leaving one out would
// lose its units).
TEST(ImportRepeatedWordTables, TheSameTasksWithAnotherLeadAreKept) {
  const Draft draft = draft_of_body(word_paragraph("Kế hoạch công tác năm 2026") + word_paragraph("Cấp tỉnh") +
                                    word_table({k_header, k_ban_hanh, k_kiem_tra}) + word_paragraph("Cấp sở") +
                                    word_table({k_header,
                                                {"1", "Ban hành kế hoạch", "Sở Tư pháp", "Quý I/2026"},
                                                {"2", "Kiểm tra công vụ", "Sở Tư pháp", "Quý II/2026"}}));
  EXPECT_EQ(draft.tasks.size(), 4U);
  EXPECT_TRUE(draft.repeats.empty());
  ASSERT_EQ(draft.tasks.size(), 4U);
  EXPECT_EQ(draft.tasks[3].lead, (Texts{"so-tu-phap"}));
}

// The per-unit table a page broke in two: its rest, without a header, goes
// with it and is named; before, the rest was drafted as the table's tasks.
TEST(ImportRepeatedWordTables, TheRestOfATableLeftOutGoesWithItAndIsNamed) {
  const Draft draft =
      draft_of_body(word_paragraph("Kế hoạch công tác năm 2026") + word_table(k_summary) + word_paragraph("Bản sao") +
                    word_table({k_header, k_ban_hanh, k_kiem_tra}) + k_page_break + word_table({k_ra_soat, k_so_hoa}));
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3", "4"}));
  EXPECT_EQ(titles_of(draft), k_summary_titles);
  EXPECT_EQ(draft.open_count(), 0U);
  EXPECT_EQ(draft.repeats, (Texts{"table 2 (with table 3, its rest after a page break) left out: its 4 tasks repeat "
                                  "those of table 1, kept and drafted from there"}));
}

// The summary a page broke in two, then its copy: the summary's rest is
// still joined to it, and the copy is left out.
TEST(ImportRepeatedWordTables, TheRestOfAKeptTableIsStillJoined) {
  const Draft draft = draft_of_body(
      word_paragraph("Kế hoạch công tác năm 2026") + word_table({k_header, k_ban_hanh, k_kiem_tra}) + k_page_break +
      word_table({k_ra_soat, k_so_hoa}) + word_paragraph("Bản sao") + word_table(k_summary));
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3", "4"}));
  EXPECT_EQ(titles_of(draft), k_summary_titles);
  EXPECT_EQ(draft.open_count(), 0U);
  EXPECT_EQ(tables_drafted(draft), "table 1, header at row 1");
  EXPECT_EQ(draft.repeats,
            (Texts{"table 3 left out: its 4 tasks repeat those of table 1 (with table 2, its rest after a page break), "
                   "kept and drafted from there"}));
}

// A list of units the page broke in two, after the task table: both pieces
// are left out and named, the second having no header either.
TEST(ImportRepeatedWordTables, BothPiecesOfAUnitListAreLeftOutAndNamed) {
  const Draft draft = draft_of_body(
      word_paragraph("Kế hoạch công tác năm 2026") + word_table(k_summary) + word_paragraph("Nơi nhận") +
      word_table({{"STT", "Tên đơn vị", "Địa chỉ", "Ghi chú"}, {"1", "Sở Nội vụ", "Số 2 Trần Hưng Đạo", ""}}) +
      k_page_break + word_table({{"2", "Sở Tư pháp", "Số 5 Lê Lợi", "Đầu mối"}}));
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3", "4"}));
  EXPECT_EQ(draft.open_count(), 0U);
  EXPECT_EQ(draft.left_out, (Texts{"table 2", "table 3"}));
  EXPECT_TRUE(draft.repeats.empty());
}

std::string odt_table(const Rows& rows) {
  std::string xml = "<table:table><table:table-column table:number-columns-repeated=\"4\"/>";
  for (const auto& cells : rows) {
    xml += "<table:table-row>";
    for (const std::string& text : cells) {
      xml += "<table:table-cell><text:p>" + testing::xml_text(text) + "</text:p></table:table-cell>";
    }
    xml += "</table:table-row>";
  }
  return xml + "</table:table>";
}

std::string odt_paragraph(const std::string& text) {
  return "<text:p>" + testing::xml_text(text) + "</text:p>";
}

// The same in an OpenDocument text: a summary table and a unit's table.
TEST(ImportRepeatedWordTables, AnOpenDocumentTableRepeatingAnotherIsLeftOut) {
  const std::string body = odt_paragraph("Kế hoạch công tác năm 2026") + odt_table(k_summary) +
                           odt_paragraph("Sở Tư pháp") + odt_table({k_header, k_ra_soat, k_so_hoa});
  const auto document =
      parse_table_bytes(SourceFormat::odt, testing::odf_of(testing::k_odt_mimetype, testing::odf_content(false, body)));
  ASSERT_TRUE(document.has_value()) << document.error();
  const Draft draft = testing::draft_with_fixture_units(document, "plan");
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3", "4"}));
  EXPECT_EQ(titles_of(draft), k_summary_titles);
  EXPECT_EQ(draft.repeats,
            (Texts{"table 2 left out: its 2 tasks repeat those of table 1, kept and drafted from there"}));
}

}  // namespace
}  // namespace deadlined::import
