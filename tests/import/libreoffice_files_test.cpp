// OpenDocument files as LibreOffice 7.4 wrote them, converting a Word
// document and a workbook (tests/import/data/libreoffice/, written by
// make_libreoffice_fixtures.py): the draft from each is the draft from the
// file it was converted from. The Word document has merged cells down and
// across, line breaks and numbered lists in cells, rows Word numbers, a table
// going on over pages with its header repeated (soft page breaks inside the
// table), a list of units after an empty paragraph and an appendix continued
// on the next page; the workbook has several sheets, hidden rows and rows
// alike.
#include "import/draft.hpp"
#include "import/table.hpp"
#include "support/import_cases.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deadlined::import {
namespace {

using testing::ids_of;
using testing::Texts;
using testing::titles_of;
using testing::whens_of;

Draft draft_of(const std::string& name) {
  return testing::draft_with_fixture_units(testing::read_case("../libreoffice/" + name), "plan", name);
}

// Every field of every task, one line a task, to compare whole drafts.
Texts tasks_of(const Draft& draft) {
  Texts lines;
  for (const DraftTask& task : draft.tasks) {
    std::string line = task.id + " | " + task.title + " | " + task.product + " | " + task.when + " |";
    for (const std::string& lead : task.lead) {
      line += " " + lead;
    }
    line += " |";
    for (const std::string& support : task.support) {
      line += " " + support;
    }
    line += " | " + std::to_string(task.open.size()) + " open";
    lines.push_back(line);
  }
  return lines;
}

// The converted file's draft is its source's: tasks, tables, title, notes.
void expect_same_draft(const Draft& converted, const Draft& source) {
  EXPECT_EQ(tasks_of(converted), tasks_of(source));
  EXPECT_EQ(tables_drafted(converted), tables_drafted(source));
  EXPECT_EQ(converted.left_out, source.left_out);
  EXPECT_EQ(converted.title, source.title);
  EXPECT_EQ(converted.plan_notes, source.plan_notes);
}

class ImportLibreOfficeText : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportLibreOfficeText, DraftsAsTheWordDocument) {
  const Draft word = draft_of("plan-2026.docx");
  ASSERT_EQ(word.tasks.size(), 39U);
  EXPECT_EQ(word.tasks[3].id, "I.4");
  EXPECT_EQ(word.left_out, (Texts{"table 2"}));  // the units, after an empty paragraph
  const Draft converted = draft_of(GetParam());
  expect_same_draft(converted, word);
  EXPECT_EQ(converted.year, 2026);
}

INSTANTIATE_TEST_SUITE_P(Converted, ImportLibreOfficeText, ::testing::Values("plan-2026.odt", "plan-2026.fodt"),
                         [](const auto& param) { return param.param.substr(param.param.find('.') + 1); });

class ImportLibreOfficeSheets : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportLibreOfficeSheets, DraftsAsTheWorkbook) {
  const Draft workbook = draft_of("plan-2026.xlsx");
  EXPECT_EQ(workbook.left_out, (Texts{"sheet \"Đơn vị\""}));
  expect_same_draft(draft_of(GetParam()), workbook);
  // The rows a filter hid, told alike.
  EXPECT_EQ(testing::read_case("../libreoffice/" + GetParam())->notices,
            testing::read_case("../libreoffice/plan-2026.xlsx")->notices);
}

INSTANTIATE_TEST_SUITE_P(Converted, ImportLibreOfficeSheets, ::testing::Values("plan-2026.ods", "plan-2026.fods"),
                         [](const auto& param) { return param.param.substr(param.param.find('.') + 1); });

}  // namespace
}  // namespace deadlined::import
