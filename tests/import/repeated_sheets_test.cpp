// A workbook whose summary sheet repeats its per-unit sheets, or whose
// per-unit sheets repeat a summary: each task is drafted once, from the
// sheet that holds the most, and the summary says which sheet was left out
// as a repetition. A task written only once is never left out; two
// appendices that share a task or two are both drafted whole.
#include "import/draft.hpp"
#include "import/table.hpp"
#include "repeated_tasks_fixture.hpp"
#include "support/import_cases.hpp"
#include "support/office_files.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace deadlined::import {
namespace {

using testing::workbook;

using namespace repeated_tasks;

// The summary, then a sheet for each unit: the units' rows numbered from 1,
// written a little otherwise (case, a final period, spaces).
const std::pair<std::string, Rows> k_summary{
    "Tổng hợp", {{"Kế hoạch công tác năm 2026"}, k_header, k_ban_hanh, k_kiem_tra, k_ra_soat, k_so_hoa}};
const std::pair<std::string, Rows> k_noi_vu{
    "Sở Nội vụ",
    {k_header, {"1", "Kiểm tra  công vụ.", "Sở Nội vụ", "quý II/2026"}, {"2", "Ban hành kế hoạch", "", "Quý I/2026"}}};
const std::pair<std::string, Rows> k_tu_phap{
    "Sở Tư pháp",
    {k_header, {"1", "Rà soát thủ tục", "Sở Tư pháp", "Quý III/2026"}, {"2", "SỐ HÓA HỒ SƠ", "", "Quý IV/2026"}}};

Draft draft_of(const std::string& bytes) {
  return testing::draft_with_fixture_units(parse_table_bytes(SourceFormat::xlsx, bytes), "plan");
}

const Texts k_summary_titles{"Ban hành kế hoạch", "Kiểm tra công vụ", "Rà soát thủ tục", "Số hóa hồ sơ"};

// The summary first: its tasks were drafted, then each unit's again under
// "P2." and "P3.".
TEST(ImportRepeatedSheets, PerUnitSheetsAfterTheSummaryAreLeftOut) {
  const Draft draft = draft_of(workbook({k_summary, k_noi_vu, k_tu_phap}));
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3", "4"}));
  EXPECT_EQ(titles_of(draft), k_summary_titles);
  EXPECT_EQ(draft.open_count(), 0U);
  EXPECT_EQ(tables_drafted(draft), "sheet \"Tổng hợp\", header at row 2");
  EXPECT_EQ(
      draft.repeats,
      (Texts{
          "sheet \"Sở Nội vụ\" left out: its 2 tasks repeat those of sheet \"Tổng hợp\", kept and drafted from there",
          "sheet \"Sở Tư pháp\" left out: its 2 tasks repeat those of sheet \"Tổng hợp\", kept and drafted "
          "from there"}));
  const std::string plan = render_plan(draft, DraftOptions{"plan", 0, 0, "plan.xlsx", "deadlined.toml"});
  EXPECT_NE(plan.find("# Repeated: sheet \"Sở Nội vụ\" left out"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("P2."), std::string::npos) << plan;
}

// The summary last: it is kept all the same (it holds every task), and
// numbered as the plan's only table.
TEST(ImportRepeatedSheets, ASummaryAfterThePerUnitSheetsIsKept) {
  const Draft draft = draft_of(workbook({k_tu_phap, k_noi_vu, k_summary}));
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3", "4"}));
  EXPECT_EQ(titles_of(draft), k_summary_titles);
  EXPECT_EQ(tables_drafted(draft), "sheet \"Tổng hợp\", header at row 2");
  ASSERT_EQ(draft.repeats.size(), 2U);
  EXPECT_EQ(
      draft.repeats[0],
      "sheet \"Sở Tư pháp\" left out: its 2 tasks repeat those of sheet \"Tổng hợp\", kept and drafted from there");
}

// A unit's sheet of one task, the summary's: said of one task.
TEST(ImportRepeatedSheets, ASheetOfOneRepeatedTaskIsLeftOut) {
  const Draft draft = draft_of(workbook({k_summary, {"Văn phòng", {k_header, k_so_hoa}}}));
  EXPECT_EQ(draft.tasks.size(), 4U);
  EXPECT_EQ(draft.repeats, (Texts{"sheet \"Văn phòng\" left out: its only task repeats one of sheet \"Tổng hợp\", "
                                  "kept and drafted from there"}));
}

// A unit's sheet with a task the summary forgot: that task is kept, the
// repeated ones are drafted once, from the summary.
TEST(ImportRepeatedSheets, ATaskOnlyOnAUnitSheetIsKept) {
  const std::pair<std::string, Rows> noi_vu_and_more{
      "Sở Nội vụ", {k_header, k_ban_hanh, k_kiem_tra, {"3", "Thi tuyển công chức", "Sở Nội vụ", "Quý III/2026"}}};
  const Draft draft = draft_of(workbook({k_summary, noi_vu_and_more, k_tu_phap}));
  EXPECT_EQ(titles_of(draft),
            (Texts{"Ban hành kế hoạch", "Kiểm tra công vụ", "Rà soát thủ tục", "Số hóa hồ sơ", "Thi tuyển công chức"}));
  EXPECT_EQ(ids_of(draft), (Texts{"1", "2", "3", "4", "P2.3"}));
  EXPECT_EQ(draft.tables.size(), 2U);
  EXPECT_EQ(draft.repeats,
            (Texts{"sheet \"Sở Nội vụ\": 2 of its 3 tasks repeat those of sheet \"Tổng hợp\" and are drafted from "
                   "there (2 rows left out); the others are kept",
                   "sheet \"Sở Tư pháp\" left out: its 2 tasks repeat those of sheet \"Tổng hợp\", kept and drafted "
                   "from there"}));
}

// The same task text with another timeline is another task (next year's
// round of it): nothing is left out.
TEST(ImportRepeatedSheets, AnotherTimelineIsAnotherTask) {
  const std::pair<std::string, Rows> next_year{"Năm 2027",
                                               {k_header,
                                                {"1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2027"},
                                                {"2", "Kiểm tra công vụ", "Sở Nội vụ", "Quý II/2027"}}};
  const Draft draft = draft_of(workbook({k_summary, next_year}));
  EXPECT_EQ(draft.tasks.size(), 6U);
  EXPECT_TRUE(draft.repeats.empty());
}

// Two appendices sharing one task of three ("Báo cáo kết quả"): both
// drafted whole.
TEST(ImportRepeatedSheets, AppendicesSharingATaskAreBothDrafted) {
  const std::vector<std::string> report{"3", "Báo cáo kết quả", "Sở Nội vụ", "Tháng 12/2026"};
  const Draft draft = draft_of(workbook({{"Phụ lục I", {k_header, k_ban_hanh, k_kiem_tra, report}},
                                         {"Phụ lục II", {k_header, k_ra_soat, k_so_hoa, report}}}));
  EXPECT_EQ(draft.tasks.size(), 6U);
  EXPECT_TRUE(draft.repeats.empty());
}

// A unit's sheet whose tasks all repeat the summary but that also has a
// task row without a timeline the summary lacks: only the repeated rows go.
TEST(ImportRepeatedSheets, ARowWithoutATimelineFoundOnlyThereKeepsItsSheet) {
  const std::pair<std::string, Rows> noi_vu{
      "Sở Nội vụ", {k_header, k_ban_hanh, k_kiem_tra, {"3", "Tập huấn nghiệp vụ", "Sở Nội vụ", ""}}};
  const Draft draft = draft_of(workbook({k_summary, noi_vu}));
  EXPECT_EQ(titles_of(draft),
            (Texts{"Ban hành kế hoạch", "Kiểm tra công vụ", "Rà soát thủ tục", "Số hóa hồ sơ", "Tập huấn nghiệp vụ"}));
  ASSERT_EQ(draft.repeats.size(), 1U);
  EXPECT_NE(draft.repeats[0].find("2 of its 2 tasks repeat"), std::string::npos) << draft.repeats[0];
}

}  // namespace
}  // namespace deadlined::import
