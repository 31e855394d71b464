// What Word files hold around a plan's cells (tests/import/data/cases/,
// described in its README): spans wider than the table, rows deleted with
// tracked changes, text boxes floating in a cell, wrappers nested past any
// template.
#include "import/draft.hpp"
#include "import/table.hpp"
#include "support/import_cases.hpp"

#include <gtest/gtest.h>

#include <string>

namespace deadlined::import {
namespace {

using testing::draft_case;
using testing::ids_of;
using testing::read_case;
using testing::Texts;
using testing::titles_of;

// A task's content cell spanning more columns than the table has
// (w:gridSpan "7" or "2000000000" in a 5-column table): the task was lost
// without a word (its lead, support and timeline fell past the table's
// columns, or the row was cut). Now the cell is narrowed to fit, the task is
// read whole and a notice names the row. Without a w:tblGrid the table has
// the width most of its rows have.
TEST(ImportCaseWord, ACellSpanningPastTheTableKeepsItsTask) {
  for (const char* name :
       {"t14b_gridspan_past_grid.docx", "t14_gridspan_2e9_task.docx", "t14c_gridspan_2e9_no_tblgrid.docx"}) {
    SCOPED_TRACE(name);
    const auto document = read_case(name);
    ASSERT_TRUE(document.has_value()) << document.error();
    ASSERT_EQ(document->notices.size(), 1U);
    EXPECT_NE(document->notices[0].find("table 1, row 4: a cell spans \""), std::string::npos) << document->notices[0];
    EXPECT_NE(document->notices[0].find("wider than the table's 5 columns"), std::string::npos) << document->notices[0];
    const Draft draft = draft_case(name);
    EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
    ASSERT_EQ(draft.tasks.size(), 4U);
    EXPECT_EQ(draft.tasks[1].title, "Kiểm tra công tác cải cách hành chính");
    EXPECT_EQ(draft.tasks[1].lead, (Texts{"so-noi-vu"}));
    EXPECT_EQ(draft.tasks[1].support, (Texts{"so-tu-phap"}));
    EXPECT_EQ(draft.tasks[1].when, "Quý II/2026");
    EXPECT_TRUE(draft.tasks[1].open.empty());
  }
}

// A task row deleted with tracked changes (w:trPr/w:del) whose cells still
// hold their runs: Word's final view has no such row. It was task I.3.
TEST(ImportCaseWord, ARowDeletedWithTrackedChangesIsNoTask) {
  const Draft draft = draft_case("a09b_deleted_row_mark_only.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "II.1", "II.2"}));
  for (const std::string& title : titles_of(draft)) {
    EXPECT_EQ(title.find("Nhiệm vụ đã bỏ"), std::string::npos);
  }
  // Numbered by Word's list, the rows after a deleted one count on from the
  // row before it, as Word shows them.
  const Draft numbered = draft_case("n30_numbered_rows_one_deleted.docx");
  EXPECT_EQ(ids_of(numbered), (Texts{"I.1", "I.2"}));
  EXPECT_EQ(titles_of(numbered), (Texts{"Nhiệm vụ một", "Nhiệm vụ ba"}));
}

// Paragraph marks deleted with tracked changes (w:pPr/w:rPr/w:del): accepted,
// the paragraph runs on into the next, whose list number the two keep. A TT
// cell holding a numbered paragraph so deleted before its own showed "2.\n3."
// (task "I.3.-4"), and a body paragraph of the list deleted whole still
// counted: the tasks were I.2, I.3.-4, I.5, I.6. A title split over two
// paragraphs, the first mark deleted, is one line.
TEST(ImportCaseWord, ADeletedParagraphMarkJoinsTheNextParagraph) {
  const Draft draft = draft_case("n31_deleted_paragraph_marks.docx");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "I.3", "I.4"}));
  EXPECT_EQ(titles_of(draft),
            (Texts{"Nhiệm vụ một", "Nhiệm vụ hai", "Kiểm tra công tác cải cách hành chính", "Nhiệm vụ bốn"}));
  const auto document = read_case("n31_deleted_paragraph_marks.docx");
  ASSERT_TRUE(document.has_value()) << document.error();
  ASSERT_GE(document->grids.size(), 1U);
  ASSERT_GE(document->grids[0].rows.size(), 5U);
  EXPECT_EQ(document->grids[0].rows[4].cells[1].text, "Kiểm tra công tác cải cách hành chính");
  EXPECT_EQ(document->grids[0].rows[3].cells[0].text, "2.");
}

// A floating text box in a cell beside its text ("MỚI" after a title, "Ưu
// tiên" above one, "lùi hạn" over a timeline) is a note over the cell, not
// its text; a text box alone in a cell (the lead typed in one) is.
TEST(ImportCaseWord, ATextBoxIsACellsTextOnlyWhenAlone) {
  const Draft beside = draft_case("t13_textbox_beside_cell_text.docx");
  EXPECT_EQ(ids_of(beside), (Texts{"I.1", "I.2", "II.1", "II.2"}));
  ASSERT_EQ(beside.tasks.size(), 4U);
  EXPECT_EQ(beside.tasks[0].title, "Ban hành kế hoạch cải cách hành chính năm 2026");
  EXPECT_EQ(beside.tasks[1].title, "Kiểm tra công tác cải cách hành chính");
  EXPECT_EQ(beside.tasks[1].when, "Quý II/2026");
  const Draft alone = draft_case("t13b_textbox_only_content.docx");
  ASSERT_EQ(alone.tasks.size(), 4U);
  EXPECT_EQ(alone.tasks[0].lead, (Texts{"vp-ubnd-tinh"}));
  EXPECT_EQ(alone.tasks[1].lead, (Texts{"so-noi-vu"}));
  EXPECT_TRUE(alone.tasks[0].open.empty());
  EXPECT_TRUE(alone.tasks[1].open.empty());
}

// Content controls nested 30,000 deep around a cell's paragraph (the reader
// overflowed its stack and crashed) or custom XML nested 30,000 deep around
// a row (the row was left out without a word): refused, naming the table.
TEST(ImportCaseWord, WrappersNestedPastAnyTemplateAreRefused) {
  for (const char* name : {"z14_sdt_nested_30k_small.docx", "z15_customxml_rows_30k_small.docx"}) {
    SCOPED_TRACE(name);
    const auto document = read_case(name);
    ASSERT_FALSE(document.has_value());
    EXPECT_EQ(document.error(),
              "table 1 holds rows, cells or text wrapped in content controls or custom XML more than 8 deep: no "
              "template does so; copy the plan's table out of them");
  }
  // The same around the body's table: the table was passed over ("no task
  // table found").
  const auto body = read_case("z16_sdt_around_table_30k.docx");
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error(),
            "the document holds tables or paragraphs wrapped in content controls more than 8 deep: no template does "
            "so; copy the plan's table out of them");
  // A timeline's run under 1,000 nested revisions (w:ins): its text was left
  // out ("the timeline cell is empty").
  const auto revisions = read_case("z19_ins_nested_1000_in_cell.docx");
  ASSERT_FALSE(revisions.has_value());
  EXPECT_EQ(revisions.error(),
            "table 1 holds a paragraph whose elements nest more than 64 deep (revisions, fields or controls in one "
            "another): no document Word writes does so");
  // Rows in content controls a few deep, as templates make them, are rows;
  // so is a table in one (a05).
  EXPECT_EQ(ids_of(draft_case("a05_sdt_around_table.docx")), (Texts{"I.1", "I.2", "II.1", "II.2"}));
  EXPECT_EQ(ids_of(draft_case("a06_sdt_row_cell_inline.docx")), (Texts{"I.1", "I.2", "II.1", "II.2"}));
}

}  // namespace
}  // namespace deadlined::import
