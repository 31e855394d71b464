// A plan in several tables: appendices on sheets of their own ("Phụ lục I",
// "Phụ lục II"), a task table continued on "Sheet2", two tables of a Word
// document with the same header, a second table under its title on one
// sheet. Every task table is drafted, in order, with ids that stay unique;
// tables without a task header (signatures, a list of units) are left out
// and named. Only the first was drafted before, the others an open item.
#include "import/draft.hpp"
#include "import/table.hpp"
#include "support/import_cases.hpp"
#include "support/office_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace deadlined::import {
namespace {

using testing::ids_of;
using testing::Texts;
using testing::titles_of;

using testing::Rows;
using testing::word_table;
using testing::workbook;

const std::vector<std::string> k_header{"TT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian hoàn thành"};

Draft draft_of(const std::string& bytes, SourceFormat format) {
  return testing::draft_with_fixture_units(parse_table_bytes(format, bytes), "plan");
}

bool has_note(const Draft& draft, const std::string& words) {
  return std::any_of(draft.plan_notes.begin(), draft.plan_notes.end(),
                     [&](const std::string& note) { return note.find(words) != std::string::npos; });
}

// Two appendices, each on its sheet and numbered from "I"; a sheet of
// signatures and one of units, without a task header; a hidden sheet of
// last year's plan.
TEST(ImportSeveralTables, EveryAppendixSheetIsDrafted) {
  const std::string bytes =
      workbook({{"Phụ lục I",
                 {{"PHỤ LỤC I"},
                  {"Kế hoạch cải cách hành chính năm 2026"},
                  k_header,
                  {"I", "CÔNG TÁC CHỈ ĐẠO"},
                  {"1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026"},
                  {"2", "Kiểm tra", "Sở Nội vụ", "Quý II/2026"}}},
                {"Năm 2025", {k_header, {"1", "Việc năm trước", "Sở Nội vụ", "Quý I/2025"}}},
                {"Phụ lục II",
                 {{"PHỤ LỤC II"},
                  k_header,
                  {"I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"},
                  {"1", "Rà soát thủ tục", "Sở Tư pháp", "Quý III/2026"},
                  {"2", "Số hóa hồ sơ", "Sở Tư pháp", "Quý IV/2026"},
                  {"3", "Tuyên truyền", "Báo Quảng Ngãi", "Quý IV/2026"}}},
                {"Ký duyệt", {{"Nơi nhận:", "", "KT. CHỦ TỊCH"}, {"- Như trên;", "", "PHÓ CHỦ TỊCH"}}},
                {"Đơn vị", {{"STT", "Tên đơn vị"}, {"1", "Sở Nội vụ"}, {"2", "Sở Tư pháp"}}},
                {"Sheet3", {}}},
               "Năm 2025");
  const Draft draft = draft_of(bytes, SourceFormat::xlsx);
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "P2.I.1", "P2.I.2", "P2.I.3"}));
  EXPECT_EQ(titles_of(draft),
            (Texts{"Ban hành kế hoạch", "Kiểm tra", "Rà soát thủ tục", "Số hóa hồ sơ", "Tuyên truyền"}));
  EXPECT_EQ(draft.sections, 2);
  // An open item says which sheet its row is on: "row 6" could be either.
  ASSERT_EQ(draft.open_count(), 1U);
  EXPECT_EQ(open_item_place(draft.all_open().front()), "sheet \"Phụ lục II\" row 6");
  ASSERT_EQ(draft.tables.size(), 2U);
  EXPECT_EQ(tables_drafted(draft), "sheet \"Phụ lục I\" (header at row 3) and sheet \"Phụ lục II\" (header at row 2)");
  EXPECT_EQ(draft.left_out, (Texts{"sheet \"Ký duyệt\"", "sheet \"Đơn vị\""}));
  EXPECT_TRUE(has_note(draft,
                       "sheet \"Phụ lục II\" (header at row 2) are numbered from the start again; their ids "
                       "begin \"P2.\""));
  ASSERT_EQ(draft.tasks.size(), 5U);
  EXPECT_NE(draft.tasks[2].heading.find("# The tasks of sheet \"Phụ lục II\" (header at row 2), numbered from the "
                                        "start again"),
            std::string::npos)
      << draft.tasks[2].heading;
  EXPECT_NE(draft.tasks[2].heading.find("# I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH\n"), std::string::npos);
  const std::string plan = render_plan(draft, DraftOptions{"plan", 0, 0, "plan.xlsx", "deadlined.toml"});
  EXPECT_NE(plan.find("id = \"P2.I.2\""), std::string::npos) << plan;
  EXPECT_NE(plan.find("# OPEN: sheet \"Phụ lục II\" row 6, \"Cơ quan chủ trì\": \"Báo Quảng Ngãi\""), std::string::npos)
      << plan;
}

// The task table continued on "Sheet2", its header repeated, its rows going
// on in the section the first sheet ended in: the ids go on as one table's.
TEST(ImportSeveralTables, ATableContinuedOnAnotherSheetGoesOn) {
  const std::string bytes = workbook({{"Sheet1",
                                       {{"Kế hoạch công tác năm 2026"},
                                        k_header,
                                        {"I", "CÔNG TÁC CHỈ ĐẠO"},
                                        {"1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026"},
                                        {"II", "CẢI CÁCH THỂ CHẾ"},
                                        {"1", "Rà soát văn bản", "Sở Tư pháp", "Quý II/2026"}}},
                                      {"Sheet2",
                                       {k_header,
                                        {"2", "Kiểm tra văn bản", "Sở Tư pháp", "Quý III/2026"},
                                        {"III", "CẢI CÁCH TÀI CHÍNH CÔNG"},
                                        {"1", "Giao quyền tự chủ", "Sở Nội vụ", "Quý IV/2026"}}}});
  const Draft draft = draft_of(bytes, SourceFormat::xlsx);
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "II.1", "II.2", "III.1"}));
  EXPECT_EQ(draft.sections, 3);
  EXPECT_EQ(draft.open_count(), 0U);
  EXPECT_FALSE(has_note(draft, "numbered from the start again"));
  EXPECT_EQ(draft.tables.size(), 2U);
}

// The rest of the table copied to "Sheet2" without its header: the rows go
// on in the table's columns and section (the sheet was left out before).
TEST(ImportSeveralTables, TheRestOfATableOnASheetWithoutItsHeader) {
  const std::string bytes = workbook({{"Sheet1",
                                       {{"Kế hoạch công tác năm 2026"},
                                        k_header,
                                        {"I", "CÔNG TÁC CHỈ ĐẠO"},
                                        {"1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026"},
                                        {"II", "CẢI CÁCH THỂ CHẾ"},
                                        {"1", "Rà soát văn bản", "Sở Tư pháp", "Quý II/2026"}}},
                                      {"Sheet2",
                                       {{"2", "Kiểm tra văn bản", "Sở Tư pháp", "Quý III/2026"},
                                        {"III", "CẢI CÁCH TÀI CHÍNH CÔNG"},
                                        {"1", "Giao quyền tự chủ", "Sở Nội vụ", "Quý IV/2026"}}},
                                      {"Đơn vị", {{"1", "Sở Nội vụ"}, {"2", "Sở Tư pháp"}}}});
  const Draft draft = draft_of(bytes, SourceFormat::xlsx);
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "II.1", "II.2", "III.1"}));
  EXPECT_EQ(draft.sections, 3);
  EXPECT_EQ(draft.open_count(), 0U);
  EXPECT_EQ(tables_drafted(draft),
            "sheet \"Sheet1\" (header at row 2) and sheet \"Sheet2\" (no header: the table before, continued)");
  EXPECT_EQ(draft.left_out, (Texts{"sheet \"Đơn vị\""}));
}

// A Word document: a letterhead table, the plan's table, "Phụ lục II" and a
// second table with the same header, numbered from 1 again, then the
// signature block laid out in a table.
TEST(ImportSeveralTables, TwoWordTablesWithTheSameHeader) {
  const std::string body =
      word_table({{"ỦY BAN NHÂN DÂN TỈNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"}}) +
      testing::word_paragraph("KẾ HOẠCH cải cách hành chính năm 2026") + testing::word_paragraph("Phụ lục I") +
      word_table({k_header,
                  {"1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026"},
                  {"2", "Kiểm tra", "Sở Nội vụ", "Quý II/2026"}}) +
      testing::word_paragraph("Phụ lục II") +
      word_table({k_header,
                  {"1", "Rà soát thủ tục", "Sở Tư pháp", "Quý III/2026"},
                  {"2", "Số hóa hồ sơ", "Sở Tư pháp", "Quý IV/2026"}}) +
      testing::word_paragraph("") + word_table({{"Nơi nhận:", "KT. CHỦ TỊCH"}, {"- Như trên;", "Nguyễn Văn A"}});
  const Draft draft = draft_of(testing::docx_of(body), SourceFormat::docx);
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "P2.1", "P2.2"}));
  EXPECT_EQ(draft.open_count(), 0U);
  EXPECT_EQ(tables_drafted(draft), "table 2 (header at row 1) and table 3 (header at row 1)");
  EXPECT_EQ(draft.left_out, (Texts{"table 1", "table 4"}));
  EXPECT_TRUE(has_note(draft,
                       "Left out, having no task header (a letterhead, signatures, a list of units, a "
                       "legend): table 1 and table 4."));
}

// A document of hundreds of task tables (made so, or by a program): each
// drafted, ids unique, without trying each as the one before continued
// (which copies the draft) past the first 64.
TEST(ImportSeveralTables, HundredsOfTablesStayUnique) {
  std::string body = testing::word_paragraph("Kế hoạch năm 2026");
  for (int t = 0; t < 300; ++t) {
    body += testing::word_paragraph("Phụ lục " + std::to_string(t + 1)) +
            word_table({k_header, {"1", "Việc " + std::to_string(t + 1), "Sở Nội vụ", "Quý I/2026"}});
  }
  const Draft draft = draft_of(testing::docx_of(body), SourceFormat::docx);
  ASSERT_EQ(draft.tasks.size(), 300U);
  EXPECT_EQ(draft.tasks[0].id, "1");
  EXPECT_EQ(draft.tasks[1].id, "P2.1");
  EXPECT_EQ(draft.tasks[299].id, "P300.1");
  EXPECT_EQ(draft.open_count(), 0U);
}

// A second table under its own title on one sheet, numbered from "I" again
// (it ended the draft before, with an open item).
TEST(ImportSeveralTables, ASecondTableOnOneSheet) {
  for (const char* name : {"e08_second_table_same_sheet.xlsx", "k14_second_table_same_csv.csv"}) {
    SCOPED_TRACE(name);
    const Draft draft = testing::draft_case(name);
    EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "P2.I.1"}));
    EXPECT_EQ(draft.sections, 2);
    EXPECT_TRUE(draft.plan_open.empty());
    ASSERT_EQ(draft.tasks.size(), 3U);
    EXPECT_EQ(draft.tasks[2].title, "Thủ tục đăng ký khai sinh");
    EXPECT_EQ(draft.tasks[1].heading.find("PHỤ LỤC II"), std::string::npos);  // no sub-heading of task I.2
  }
}

}  // namespace
}  // namespace deadlined::import
