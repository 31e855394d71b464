// Rows of a plan's table that are not what their place suggests
// (tests/import/data/cases/, described in its README): a section typed in the
// task column, a lead merged down across a section row, a decision's closing
// under the table, a second table on the same sheet.
#include "import/draft.hpp"
#include "import/draft_numbers.hpp"
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
using testing::Texts;
using testing::titles_of;

// "" | "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH": the section typed in the task column
// with the TT cell empty (Word, spanning or not; Excel, merged or not; CSV).
// Before, section I vanished, II became a comment and the tasks were "1",
// "2", "1-2", "2-2".
TEST(ImportCaseRows, ASectionTypedInTheTaskColumn) {
  for (const char* name : {"n25_section_in_content_cell.docx", "n25b_section_spanning_after_empty_tt.docx",
                           "e20b_section_in_b_merged.xlsx", "k12_section_in_column_b.csv"}) {
    SCOPED_TRACE(name);
    const Draft draft = draft_case(name);
    EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
    EXPECT_EQ(draft.sections, 2);
    EXPECT_TRUE(draft.plan_open.empty());
    ASSERT_EQ(draft.tasks.size(), 4U);
    EXPECT_EQ(draft.tasks[2].title, "Công bố danh mục thủ tục hành chính");
    EXPECT_EQ(draft.tasks[2].lead, (Texts{"vp-ubnd-tinh"}));
    EXPECT_EQ(draft.tasks[2].when, "Trước ngày 15/8/2026");
    EXPECT_NE(draft.tasks[2].heading.find("# II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH\n"), std::string::npos)
        << draft.tasks[2].heading;
  }
}

// A lead merged down over tasks of two sections (C3:C6 across the section
// row "II | KHÁC"): the section row stays a section. It was a task "II".
TEST(ImportCaseRows, ALeadMergedAcrossASectionRow) {
  const Draft draft = draft_case("e19_lead_merged_across_section.xlsx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1"}));
  EXPECT_EQ(titles_of(draft), (Texts{"Nhiệm vụ một", "Nhiệm vụ hai", "Nhiệm vụ ba"}));
  EXPECT_EQ(draft.sections, 2);
  ASSERT_EQ(draft.tasks.size(), 3U);
  EXPECT_EQ(draft.tasks[2].lead, (Texts{"so-noi-vu"}));
  EXPECT_EQ(draft.tasks[2].when, "Quý III/2026");
  EXPECT_EQ(draft.open_count(), 0U);
}

// "Nơi nhận:", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH" and the signer's name under the
// tasks (rows of the Word table; on the Excel sheet after a "Tổng số" row;
// in CSV right under the last task): the decision's closing. They were
// sub-rows II.2b, II.2c ... of the last task, which became II.2a.
TEST(ImportCaseRows, TheClosingUnderTheTableIsNoTask) {
  for (const char* name :
       {"n12b_signature_rows_unmerged.docx", "e07_totals_signature.xlsx", "k13_signature_no_blank_row.csv"}) {
    SCOPED_TRACE(name);
    const Draft draft = draft_case(name);
    EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
    ASSERT_EQ(draft.tasks.size(), 4U);
    EXPECT_EQ(draft.tasks[3].title, "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính");
    EXPECT_EQ(draft.tasks[3].support, (Texts{"ubnd-cap-huyen"}));
    EXPECT_EQ(draft.tasks[3].when, "Hằng quý");
    EXPECT_EQ(draft.split_rows, 0);
    EXPECT_TRUE(std::any_of(draft.plan_notes.begin(), draft.plan_notes.end(), [](const std::string& note) {
      return note.find("close the decision (recipients, signature)") != std::string::npos;
    }));
  }
}

// A row totalling the table under the last task: "Tổng cộng | ... | 4 nhiệm
// vụ" on the sheet (a value in the timeline column) split task II.2 into
// II.2a and a task II.2b "Tổng cộng"; "Tổng cộng: 04 nhiệm vụ" spanning a Word
// row was an open item. Now a note of the plan; "Cộng đồng", "Tổng kết" and
// "Tổng hợp" still open tasks.
TEST(ImportCaseRows, ATotalsRowIsNoTask) {
  for (const char* name : {"e31_totals_row_with_count.xlsx", "n32_totals_row_word.docx"}) {
    SCOPED_TRACE(name);
    const Draft draft = draft_case(name);
    EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
    ASSERT_EQ(draft.tasks.size(), 4U);
    EXPECT_EQ(draft.tasks[3].title, "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính");
    EXPECT_EQ(draft.tasks[3].when, "Hằng quý");
    EXPECT_EQ(draft.split_rows, 0);
    EXPECT_TRUE(draft.plan_open.empty());
    EXPECT_TRUE(std::any_of(draft.plan_notes.begin(), draft.plan_notes.end(), [](const std::string& note) {
      return note.find("totals the table (\"Tổng cộng") != std::string::npos;
    }));
  }
  const auto row_of = [](const std::string& text) {
    GridRow row;
    row.cells.resize(3);
    row.cells[1].text = text;
    return row;
  };
  for (const char* text : {"Tổng cộng", "TỔNG CỘNG (4 nhiệm vụ)", "Cộng", "Cộng:", "Cộng mục I", "Tổng số: 12",
                           "Tổng:", "TỔNG SỐ NHIỆM VỤ"}) {
    EXPECT_TRUE(totals_row(row_of(text)).has_value()) << text;
  }
  for (const char* text : {"Cộng đồng dân cư tham gia giám sát", "Tổng kết công tác năm 2026",
                           "Tổng hợp báo cáo cải cách hành chính", "Công bố danh mục thủ tục", "Tổng cục Thống kê"}) {
    EXPECT_FALSE(totals_row(row_of(text)).has_value()) << text;
  }
}

// A note under the tasks typed in the TT column ("Ghi chú: ...", spanning
// the row in Word, spilling over from column A in Excel) was written as the
// heading "II.Ghi chú: ... . ", as if numbered in section II.
TEST(ImportCaseRows, ANoteInTheNumberColumnIsNoNumberedHeading) {
  for (const auto& [name, note] :
       {std::pair{"e31_totals_row_with_count.xlsx",
                  "# Ghi chú: Thời gian hoàn thành là thời hạn gửi sản phẩm về UBND tỉnh.\n"},
        std::pair{"n32_totals_row_word.docx",
                  "# Ghi chú: Các cơ quan, đơn vị báo cáo kết quả thực hiện về Sở Nội vụ "
                  "trước ngày 15/12/2026 để tổng hợp.\n"}}) {
    SCOPED_TRACE(name);
    const Draft draft = draft_case(name);
    EXPECT_NE(draft.trailing_heading.find(note), std::string::npos) << draft.trailing_heading;
    EXPECT_EQ(draft.trailing_heading.find("II.Ghi chú"), std::string::npos) << draft.trailing_heading;
  }
}

// The TT column numbered by paragraph styles (styles.xml: a style's w:numPr,
// a style based on it giving the level): tasks "1.", "2." by a style, the
// second section's list started again by its own instance; sections "I.",
// "II." and tasks by two styles of one list. The styles' numbers were not
// read: tasks were left out, or "no numbered rows".
TEST(ImportCaseRows, ListNumbersGivenByParagraphStyles) {
  for (const char* name : {"n03_numpr_by_style_restart_override.docx", "n24_numpr_by_styles_both_levels.docx"}) {
    SCOPED_TRACE(name);
    const Draft draft = draft_case(name);
    EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
    EXPECT_EQ(draft.sections, 2);
    EXPECT_TRUE(draft.plan_open.empty());
    ASSERT_EQ(draft.tasks.size(), 4U);
    EXPECT_EQ(draft.tasks[0].title, "Ban hành kế hoạch cải cách hành chính năm 2026");
    EXPECT_EQ(draft.tasks[1].when, "Quý II/2026");
    EXPECT_NE(draft.tasks[2].heading.find("# II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH\n"), std::string::npos)
        << draft.tasks[2].heading;
  }
}

// TT formulas ("=A3+1") saved without their values, as programs that write
// workbooks without calculating them do: the cells read as empty, so tasks 2
// and 3 became sub-rows I.1b, I.1c of task 1 with nothing left open. Now the
// draft says which cells and what to do.
TEST(ImportCaseRows, FormulasSavedWithoutTheirValuesAreOpen) {
  const auto document = read_case("e03_formulas_no_cache.xlsx");
  ASSERT_TRUE(document.has_value()) << document.error();
  ASSERT_FALSE(document->grids.empty());
  ASSERT_GE(document->grids[0].rows.size(), 5U);
  EXPECT_FALSE(document->grids[0].rows[2].cells[0].uncalculated);
  EXPECT_TRUE(document->grids[0].rows[3].cells[0].uncalculated);
  EXPECT_TRUE(document->grids[0].rows[4].cells[0].uncalculated);
  const Draft draft = draft_case("e03_formulas_no_cache.xlsx");
  ASSERT_EQ(draft.plan_open.size(), 1U);
  EXPECT_NE(draft.plan_open[0].message.find("formulas without their values (row 4 \"TT\", row 5 \"TT\")"),
            std::string::npos)
      << draft.plan_open[0].message;
  EXPECT_NE(draft.plan_open[0].message.find("open it in Excel or LibreOffice, save it, and import again"),
            std::string::npos);
}

// A sub-heading of the plan right above the header repeated on a new page
// is no second table (a second table under its own title is drafted too:
// ImportSeveralTables.ASecondTableOnOneSheet).
TEST(ImportCaseRows, ASubheadingAboveARepeatedHeaderStartsNoTable) {
  // A sub-heading of the plan ("Nhiệm vụ trọng tâm") right above the header
  // repeated on a new page: the same table goes on.
  const Draft same = draft_case("k15_subheading_before_repeated_header.csv");
  EXPECT_EQ(ids_of(same), (Texts{"I.1", "I.2"}));
  EXPECT_EQ(same.tables.size(), 1U);
}

// List numbers Word shows before a cell's text: a section row's one wide
// cell "I." + "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" (sections were lost, tasks "1",
// "1-2"); a task cell's items "a)", "b)" (they were dropped from the title).
TEST(ImportCaseRows, ListNumbersBeforeACellsText) {
  const Draft sections = draft_case("n26_numbered_section_heading_cell.docx");
  EXPECT_EQ(ids_of(sections), (Texts{"I.1", "I.2", "II.1", "II.2"}));
  EXPECT_EQ(sections.sections, 2);
  ASSERT_EQ(sections.tasks.size(), 4U);
  EXPECT_NE(sections.tasks[0].heading.find("# I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\n"), std::string::npos)
      << sections.tasks[0].heading;
  EXPECT_EQ(sections.tasks[3].when, "Hằng quý");
  const Draft items = draft_case("n20_list_in_title_cell.docx");
  EXPECT_EQ(ids_of(items), (Texts{"I.1", "I.2"}));
  EXPECT_EQ(titles_of(items),
            (Texts{"Triển khai các nhiệm vụ: a) Rà soát quy trình b) Công bố thủ tục", "Nhiệm vụ hai"}));
}

// Fields in cells: a hyperlink, a HYPERLINK and a REF field show their
// results; an IF field over a MERGEFIELD shows its own result only. The
// MERGEFIELD's result inside the IF's instructions was read ("«x»Tháng 9/2026").
TEST(ImportCaseRows, AFieldInAnotherFieldsInstructionsIsNoText) {
  const Draft draft = draft_case("n10_fields_hyperlinks.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2"}));
  ASSERT_EQ(draft.tasks.size(), 2U);
  EXPECT_EQ(draft.tasks[0].lead, (Texts{"so-noi-vu"}));
  EXPECT_EQ(draft.tasks[0].support, (Texts{"so-tu-phap"}));
  EXPECT_EQ(draft.tasks[0].when, "Quý III/2026");
  EXPECT_EQ(draft.tasks[1].when, "Tháng 9/2026");
}

// In Word, a lead merged down (w:vMerge) from the section row "I | CÔNG TÁC
// CHỈ ĐẠO | Văn phòng UBND tỉnh" over its tasks and the next section: the
// section row stays a section, its tasks take the lead. It was a task "I"
// with an empty timeline.
TEST(ImportCaseRows, ASectionRowStartingAMergedLead) {
  const Draft draft = draft_case("t04_vmerge_lead_across_sections.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "II.1"}));
  EXPECT_EQ(titles_of(draft), (Texts{"Nhiệm vụ một", "Nhiệm vụ hai"}));
  EXPECT_EQ(draft.sections, 2);
  ASSERT_EQ(draft.tasks.size(), 2U);
  EXPECT_EQ(draft.tasks[0].lead, (Texts{"vp-ubnd-tinh"}));
  EXPECT_EQ(draft.tasks[1].lead, (Texts{"vp-ubnd-tinh"}));
  EXPECT_EQ(draft.open_count(), 0U);
}

// A column "Lãnh đạo UBND tỉnh phụ trách" (a person) left of "Cơ quan chủ
// trì": the lead is the column named "chủ trì". The person was read as the
// lead of every task (4 open items, no lead).
TEST(ImportCaseRows, TheColumnNamedChuTriIsTheLead) {
  const Draft draft = draft_case("t09_leader_in_charge_column.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
  ASSERT_EQ(draft.tasks.size(), 4U);
  EXPECT_EQ(draft.tasks[0].lead, (Texts{"vp-ubnd-tinh"}));
  EXPECT_EQ(draft.tasks[1].lead, (Texts{"so-noi-vu"}));
  EXPECT_EQ(draft.tasks[2].lead, (Texts{"vp-ubnd-tinh"}));
  for (const DraftTask& task : draft.tasks) {
    for (const OpenItem& item : task.open) {
      EXPECT_EQ(item.message.find("Nguyễn Văn An"), std::string::npos) << item.message;
    }
  }
}

// Numbers typed "01", "02", "02.1": the ids are I.1, I.2, I.2.1 (the zero is
// the typist's, as Excel's "01" text is). They were I.01, I.02, I.02.1.
TEST(ImportCaseRows, LeadingZerosOfTypedNumbersAreNotTheId) {
  const Draft draft = draft_case("t15_typed_zero_padded.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "I.2.1"}));
  EXPECT_EQ(draft.open_count(), 0U);
}

// One agency cell saying who leads and who supports, as plans with a single
// "Cơ quan thực hiện" column write it ("Sở Nội vụ chủ trì, phối hợp với Sở
// Tư pháp"; "Chủ trì: ...; phối hợp: ..."; "... chủ trì; ... phối hợp"; "Sở
// Nội vụ (chủ trì), Sở Tư pháp"): each part to its role. Every unit named
// was a lead, with an open item on "chủ trì, phối hợp". "Các sở, ban, ngành
// cấp tỉnh được giao chủ trì soạn thảo" names units: it is read as before.
TEST(ImportCaseRows, OneAgencyCellSaysWhoLeadsAndWhoSupports) {
  const Draft draft = draft_case("r01_roles_in_one_agency_column.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "I.3", "I.4", "I.5"}));
  ASSERT_EQ(draft.tasks.size(), 5U);
  const std::vector<std::pair<Texts, Texts>> roles{{{"so-noi-vu"}, {"so-tu-phap"}},
                                                   {{"vp-ubnd-tinh"}, {"so-noi-vu", "so-tu-phap"}},
                                                   {{"so-tu-phap"}, {"so-noi-vu"}},
                                                   {{"so-noi-vu"}, {"so-tu-phap"}},
                                                   {{"vp-ubnd-tinh"}, {}}};
  for (std::size_t i = 0; i < roles.size(); ++i) {
    SCOPED_TRACE(draft.tasks[i].id);
    EXPECT_EQ(draft.tasks[i].lead, roles[i].first);
    EXPECT_EQ(draft.tasks[i].support, roles[i].second);
  }
  EXPECT_EQ(draft.open_count(), 0U);
  const Draft csv = draft_case("r02_chu_tri_marker_csv.csv");
  ASSERT_EQ(csv.tasks.size(), 3U);
  EXPECT_EQ(csv.tasks[0].lead, (Texts{"so-noi-vu"}));
  EXPECT_EQ(csv.tasks[0].support, (Texts{"so-tu-phap", "vp-ubnd-tinh"}));
  EXPECT_TRUE(csv.tasks[0].open.empty());
  EXPECT_EQ(csv.tasks[1].lead, (Texts{"so-tu-phap"}));
  EXPECT_TRUE(csv.tasks[1].open.empty());
  EXPECT_EQ(csv.tasks[2].lead, (Texts{"so-ban-nganh"}));
  EXPECT_EQ(csv.tasks[2].support, (Texts{"so-tu-phap"}));
}

}  // namespace
}  // namespace deadlined::import
