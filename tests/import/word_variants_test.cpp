// Plans in Word files (and pasted text) built here, in the shapes offices send them: sections
// numbered "1.", "2.", tracked changes around cells and rows, merged lead
// cells, footnotes; and parts past the size a plan needs.
#include "import/draft.hpp"
#include "import/ooxml.hpp"
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

std::string cell(const std::string& text, const std::string& properties = "", const std::string& runs = "") {
  return "<w:tc><w:tcPr>" + properties + "</w:tcPr>" +
         (runs.empty() ? testing::word_paragraph(text) : "<w:p>" + runs + "</w:p>") + "</w:tc>";
}

std::string span(int columns) {
  return "<w:gridSpan w:val=\"" + std::to_string(columns) + "\"/>";
}

std::string row(const std::string& cells, const std::string& properties = "") {
  return "<w:tr>" + (properties.empty() ? "" : "<w:trPr>" + properties + "</w:trPr>") + cells + "</w:tr>";
}

std::string task_row(const std::string& number, const std::string& title, const std::string& lead,
                     const std::string& when, const std::string& properties = "") {
  return row(cell(number) + cell(title) + cell(lead) + cell("") + cell(when), properties);
}

const std::string k_header_row =
    row(cell("TT") + cell("Nội dung") + cell("Cơ quan chủ trì") + cell("Cơ quan phối hợp") + cell("Thời gian"));

std::string table(const std::string& rows) {
  return "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>" + rows +
         "</w:tbl>";
}

Draft draft_of_docx(const std::string& rows) {
  const std::string bytes =
      testing::docx_of(testing::word_paragraph("Kế hoạch cải cách hành chính năm 2026") + table(k_header_row + rows));
  return testing::draft_with_fixture_units(parse_table_bytes(SourceFormat::docx, bytes), "plan");
}

std::string heading_of(const Draft& draft, std::size_t task) {
  return task < draft.tasks.size() ? draft.tasks[task].heading : std::string();
}

// Sections numbered "1.", "2." (a cell spanning the row, or a row whose
// tasks are numbered under it, "1.1") were counted as none and their
// headings written as comments between tasks "1.1", "2.1".
TEST(ImportWordVariants, SectionsNumberedInArabicAreSections) {
  const Draft spanning =
      draft_of_docx(row(cell("1.") + cell("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", span(4))) +
                    task_row("1.1", "Ban hành kế hoạch năm 2026", "Sở Nội vụ", "Tháng 01/2026") +
                    task_row("1.2", "Kiểm tra công tác cải cách hành chính", "Sở Nội vụ", "Quý II/2026") +
                    row(cell("2") + cell("CẢI CÁCH THỦ TỤC HÀNH CHÍNH", span(4))) +
                    task_row("2.1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Quý III/2026"));
  EXPECT_EQ(spanning.sections, 2);
  EXPECT_EQ(ids_of(spanning), (Texts{"1.1", "1.2", "2.1"}));
  EXPECT_NE(heading_of(spanning, 0).find("# 1. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\n"), std::string::npos)
      << heading_of(spanning, 0);
  EXPECT_NE(heading_of(spanning, 2).find("# 2. CẢI CÁCH THỦ TỤC HÀNH CHÍNH\n"), std::string::npos);
  EXPECT_EQ(heading_of(spanning, 2).find("# ---"), std::string::npos);  // a section, not a sub-heading
  EXPECT_TRUE(spanning.plan_open.empty());

  // Not spanning (its other cells left empty), its tasks numbered under it;
  // tasks numbered again from 1 in each section; the number typed with the
  // title in the task cell.
  const Draft unmerged = draft_of_docx(row(cell("1") + cell("CÔNG TÁC CHỈ ĐẠO") + cell("") + cell("") + cell("")) +
                                       task_row("1.1", "Ban hành kế hoạch năm 2026", "Sở Nội vụ", "Tháng 01/2026") +
                                       row(cell("") + cell("2. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", span(4))) +
                                       task_row("1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Quý III/2026") +
                                       task_row("2", "Công bố thủ tục hành chính", "Sở Tư pháp", "Quý IV/2026"));
  EXPECT_EQ(unmerged.sections, 2);
  EXPECT_EQ(ids_of(unmerged), (Texts{"1.1", "2.1", "2.2"}));
  EXPECT_EQ(titles_of(unmerged)[1], "Rà soát thủ tục hành chính");

  // A task numbered "1." with its lead and timeline is a task, not a section;
  // a row "2" without cells of its own but no task under it stays a note.
  const Draft tasks = draft_of_docx(task_row("1.", "Ban hành kế hoạch năm 2026", "Sở Nội vụ", "Tháng 01/2026") +
                                    task_row("2.", "Kiểm tra công tác cải cách", "Sở Nội vụ", "Quý II/2026") +
                                    task_row("3", "Tổng kết năm 2026", "Sở Nội vụ", "Tháng 12/2026"));
  EXPECT_EQ(tasks.sections, 0);
  EXPECT_EQ(ids_of(tasks), (Texts{"1", "2", "3"}));

  // A task "2" without cells of its own whose items are "2.1", "2.2" heads
  // them as a section; the task "3" after them is the plan's own, not "2.3".
  const Draft between = draft_of_docx(task_row("1", "Ban hành kế hoạch năm 2026", "Sở Nội vụ", "Tháng 01/2026") +
                                      row(cell("2") + cell("Kiểm tra") + cell("") + cell("") + cell("")) +
                                      task_row("2.1", "Kiểm tra cấp tỉnh", "Sở Nội vụ", "Quý II/2026") +
                                      task_row("2.2", "Kiểm tra cấp xã", "Sở Nội vụ", "Quý III/2026") +
                                      task_row("3", "Tổng kết năm 2026", "Sở Nội vụ", "Tháng 12/2026") +
                                      task_row("4", "Báo cáo", "Sở Nội vụ", "Tháng 12/2026"));
  EXPECT_EQ(ids_of(between), (Texts{"1", "2.1", "2.2", "3", "4"}));

  // Under Roman sections, "1." rows spanning the table stay sub-headings
  // ("I.1. ..."), their tasks numbered on as before.
  const Draft roman =
      draft_of_docx(row(cell("I") + cell("CÔNG TÁC CHỈ ĐẠO", span(4))) + row(cell("1") + cell("Văn bản", span(4))) +
                    task_row("1.1", "Ban hành kế hoạch năm 2026", "Sở Nội vụ", "Tháng 01/2026") +
                    row(cell("II") + cell("KIỂM TRA", span(4))) +
                    task_row("1", "Kiểm tra công tác cải cách", "Sở Nội vụ", "Quý II/2026"));
  EXPECT_EQ(roman.sections, 2);
  EXPECT_EQ(ids_of(roman), (Texts{"I.1.1", "II.1"}));
}

// The same sections in text pasted from a document: "1. CÔNG TÁC ..." on a
// line without cells ended the table. It heads a section when the next row
// is numbered under it; a numbered line after the table still ends it.
TEST(ImportWordVariants, PastedSectionLinesNumberedInArabicAreSections) {
  const std::string text =
      "TT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n"
      "1. CÔNG TÁC CHỈ ĐẠO\n"
      "1.1\tBan hành kế hoạch năm 2026\tSở Nội vụ\t\tTháng 01/2026\n"
      "1.2\tKiểm tra công tác cải cách\tSở Nội vụ\t\tQuý II/2026\n"
      "2. KIỂM TRA\n"
      "\n"
      "2.1\tKiểm tra các xã\tSở Tư pháp\t\tQuý III/2026\n"
      "1. Giao Sở Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này.\n"
      "3.1\tNhiệm vụ sau phần kết\tSở Tư pháp\t\tQuý IV/2026\n";
  const Draft draft = testing::draft_with_fixture_units(parse_table_bytes(SourceFormat::text, text), "plan");
  EXPECT_EQ(draft.sections, 2);
  EXPECT_EQ(ids_of(draft), (Texts{"1.1", "1.2", "2.1"}));
  EXPECT_NE(heading_of(draft, 2).find("# 2. KIỂM TRA\n"), std::string::npos) << heading_of(draft, 2);
}

// Tracked changes around cells and rows, read as accepted: a cell deleted
// (w:cellDel) is gone and the cells after it move left; an inserted one
// (w:cellIns) stays; rows inserted or moved in (w:trPr/w:ins, wrapped in
// w:ins or w:moveTo) are tasks, rows deleted or moved away (w:trPr/w:del,
// wrapped in w:del or w:moveFrom) are not.
TEST(ImportWordVariants, TrackedChangesAroundCellsAndRowsReadAsAccepted) {
  const std::string mark = " w:id=\"1\" w:author=\"A\" w:date=\"2026-01-05T00:00:00Z\"";
  const std::string deleted_cell = "<w:cellDel" + mark + "/>";
  const Draft draft = draft_of_docx(
      row(cell("I") + cell("CÔNG TÁC CHỈ ĐẠO", span(4))) +
      // A cell typed by mistake before the task, then deleted.
      row(cell("1") + cell("Ghi chú cũ", deleted_cell) + cell("Ban hành kế hoạch năm 2026") + cell("Sở Nội vụ") +
          cell("") + cell("Tháng 01/2026")) +
      // The lead typed in a cell inserted with changes tracked.
      row(cell("2") + cell("Kiểm tra công tác cải cách") + cell("Sở Tư pháp", "<w:cellIns" + mark + "/>") + cell("") +
          cell("Quý II/2026")) +
      task_row("3", "Nhiệm vụ xoá", "Sở Nội vụ", "Quý III/2026", "<w:del" + mark + "/>") +
      task_row("3", "Nhiệm vụ thêm", "Sở Nội vụ", "Quý III/2026", "<w:ins" + mark + "/>") + "<w:del" + mark + ">" +
      task_row("4", "Nhiệm vụ bỏ đi", "Sở Nội vụ", "Quý IV/2026") + "</w:del>" + "<w:ins" + mark + ">" +
      task_row("4", "Nhiệm vụ chèn vào", "Sở Nội vụ", "Quý IV/2026") + "</w:ins>" + "<w:moveFrom" + mark + ">" +
      task_row("5", "Nhiệm vụ chuyển", "Sở Tư pháp", "Tháng 11/2026") + "</w:moveFrom>" + "<w:moveTo" + mark + ">" +
      task_row("5", "Nhiệm vụ chuyển", "Sở Tư pháp", "Tháng 11/2026") + "</w:moveTo>");
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "I.3", "I.4", "I.5"}));
  EXPECT_EQ(titles_of(draft), (Texts{"Ban hành kế hoạch năm 2026", "Kiểm tra công tác cải cách", "Nhiệm vụ thêm",
                                     "Nhiệm vụ chèn vào", "Nhiệm vụ chuyển"}));
  ASSERT_EQ(draft.tasks.size(), 5U);
  EXPECT_EQ(draft.tasks[0].lead, (Texts{"so-noi-vu"}));
  EXPECT_EQ(draft.tasks[0].when, "Tháng 01/2026");
  EXPECT_EQ(draft.tasks[1].lead, (Texts{"so-tu-phap"}));
  for (const DraftTask& task : draft.tasks) {
    EXPECT_TRUE(task.open.empty()) << task.id;
  }
}

// The lead merged down (w:vMerge) over several task rows, the header row
// repeated on each page (w:tblHeader, and typed again in the table), and
// footnotes in cells (a reference mark, a custom mark): each task has the
// lead, no header row is a task, and a footnote's mark is no text. A custom
// mark ("*" typed as the footnote's reference) was read into the title.
TEST(ImportWordVariants, MergedLeadRepeatedHeaderAndFootnotes) {
  const std::string restart = "<w:vMerge w:val=\"restart\"/>";
  const std::string go_on = "<w:vMerge/>";
  const std::string footnote =
      "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>"
      "<w:footnoteReference w:id=\"2\"/></w:r>";
  const std::string custom_mark = "<w:r><w:footnoteReference w:customMarkFollows=\"1\" w:id=\"3\"/><w:t>*</w:t></w:r>";
  const std::string header_again =
      row(cell("TT") + cell("Nội dung") + cell("Cơ quan chủ trì") + cell("Cơ quan phối hợp") + cell("Thời gian"),
          "<w:tblHeader/>");
  const Draft draft = draft_of_docx(
      row(cell("I") + cell("CÔNG TÁC CHỈ ĐẠO", span(4))) +
      row(cell("1") + cell("Ban hành kế hoạch năm 2026") + cell("Sở Nội vụ", restart) + cell("") +
          cell("", "", "<w:r><w:t>Tháng 01/2026</w:t></w:r>" + footnote)) +
      row(cell("2") + cell("", "", "<w:r><w:t>Kiểm tra công tác cải cách</w:t></w:r>" + custom_mark) + cell("", go_on) +
          cell("Sở Tư pháp") + cell("Quý II/2026")) +
      row(cell("3") + cell("Tổng kết năm 2026") + cell("", go_on) + cell("") + cell("Tháng 12/2026")) + header_again +
      row(cell("II") + cell("KIỂM TRA", span(4))) +
      row(cell("1") + cell("Kiểm tra các xã") + cell("Sở Tư pháp", restart) + cell("") + cell("Quý III/2026")) +
      row(cell("2") + cell("Báo cáo kết quả") + cell("", go_on) + cell("") + cell("Quý IV/2026")));
  EXPECT_EQ(ids_of(draft), (Texts{"I.1", "I.2", "I.3", "II.1", "II.2"}));
  ASSERT_EQ(draft.tasks.size(), 5U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(draft.tasks[i].lead, (Texts{"so-noi-vu"})) << draft.tasks[i].id;
  }
  EXPECT_EQ(draft.tasks[3].lead, (Texts{"so-tu-phap"}));
  EXPECT_EQ(draft.tasks[4].lead, (Texts{"so-tu-phap"}));
  EXPECT_EQ(draft.tasks[0].when, "Tháng 01/2026");
  EXPECT_EQ(draft.tasks[1].title, "Kiểm tra công tác cải cách");
  for (const DraftTask& task : draft.tasks) {
    EXPECT_TRUE(task.open.empty()) << task.id;
  }
  EXPECT_TRUE(draft.plan_open.empty());
}

// A part just past the limit read as the limit ("64 MiB uncompressed
// (limit 64 MiB)"): sizes are rounded up, and the bytes given.
TEST(ImportWordVariants, APartPastTheLimitReadsAsPastIt) {
  EXPECT_EQ(ooxml::size_in_mebibytes(64u * 1024u * 1024u), "64 MiB");
  EXPECT_EQ(ooxml::size_in_mebibytes(64u * 1024u * 1024u + 1), "64.1 MiB");
  EXPECT_EQ(ooxml::size_in_mebibytes(1), "0.1 MiB");
  EXPECT_EQ(ooxml::size_in_mebibytes(18446744073709551615ULL), "17592186044416.0 MiB");
  std::string body(ooxml::k_max_part_size + 1, ' ');
  const std::string bytes = testing::zip_of({{"word/document.xml", body}});
  const auto document = parse_table_bytes(SourceFormat::docx, bytes);
  ASSERT_FALSE(document.has_value());
  EXPECT_EQ(document.error(),
            "word/document.xml is 64.1 MiB uncompressed (67108865 bytes), more than a plan's table needs (limit "
            "64 MiB)");
}

}  // namespace
}  // namespace deadlined::import
