// The same task table as Word, Excel, CSV and pasted text (tests/import/data/,
// made by make_fixtures.py): merged cells (w:gridSpan, w:vMerge, xlsx ranges),
// sub-rows and a page break give the same plan, except what a paste loses (a
// lead cell merged over two rows is empty in its second row).
#include "import/draft.hpp"
#include "import/table.hpp"
#include "support/import_data.hpp"
#include "support/import_draft.hpp"

#include <gtest/gtest.h>

namespace deadlined::import {
namespace {

using testing::read_import_data;

Draft import_fixture(const std::string& name, SourceFormat format, const std::string& sheet = "") {
  std::string bytes = read_import_data(name);
  EXPECT_FALSE(bytes.empty()) << name;
  EXPECT_EQ(detect_format(name, bytes), format);
  return testing::draft_with_fixture_units(parse_table_bytes(format, bytes, ReadOptions{sheet}), "qng-cchc-2025", name);
}

using Ids = std::vector<std::string>;

void expect_common(const Draft& draft) {
  EXPECT_EQ(draft.year, 2025);
  EXPECT_EQ(draft.sections, 3);
  EXPECT_EQ(draft.split_rows, 1);
  ASSERT_EQ(draft.tasks.size(), 7u);
  Ids ids;
  for (const auto& task : draft.tasks) {
    ids.push_back(task.id);
  }
  EXPECT_EQ(ids, (Ids{"I.1", "I.2", "I.3", "II.1", "II.2a", "II.2b", "III.1"}));
  EXPECT_EQ(draft.tasks[0].lead, (Ids{"so-ban-nganh", "ubnd-cap-huyen"}));
  EXPECT_EQ(draft.tasks[0].support, (Ids{"so-noi-vu"}));
  EXPECT_EQ(draft.tasks[0].when, "Tháng 01/2025");
  EXPECT_EQ(draft.tasks[2].support, (Ids{"dai-ptth"}));
  ASSERT_FALSE(draft.tasks[2].open.empty());
  EXPECT_NE(draft.tasks[2].open.back().message.find("\"Báo Quảng Ngãi\""), std::string::npos);
  EXPECT_EQ(draft.tasks[4].title, "Rà soát, đánh giá thủ tục hành chính theo Kế hoạch của UBND tỉnh");
  EXPECT_EQ(draft.tasks[5].title, draft.tasks[4].title);
  EXPECT_EQ(draft.tasks[4].lead, (Ids{"so-ban-nganh"}));
  EXPECT_EQ(draft.tasks[5].lead, (Ids{"vp-ubnd-tinh"}));
  EXPECT_TRUE(draft.tasks[5].support.empty());
  EXPECT_EQ(draft.tasks[5].when, "Quý III/2025");
  EXPECT_EQ(draft.tasks[6].title,
            "Duy trì, áp dụng, cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO "
            "9001:2015");
  EXPECT_EQ(draft.tasks[6].lead, (Ids{"so-ban-nganh", "ubnd-cap-huyen"}));
  EXPECT_EQ(draft.tasks[6].when, "Thường xuyên trong năm 2025");
}

TEST(ImportFixtures, WordWithGridSpanAndVMerge) {
  Draft draft = import_fixture("plan-2025.docx", SourceFormat::docx);
  expect_common(draft);
  EXPECT_EQ(draft.title, "Kế hoạch cải cách hành chính năm 2025 tỉnh Quảng Ngãi");
  // The lead cell merged over I.1 and I.2 is inherited by both.
  EXPECT_EQ(draft.tasks[1].lead, (Ids{"so-ban-nganh", "ubnd-cap-huyen"}));
  EXPECT_EQ(draft.open_count(), 1u);
}

TEST(ImportFixtures, ExcelWithMergedRangesFirstSheetWithATable) {
  Draft draft = import_fixture("plan-2025.xlsx", SourceFormat::xlsx);
  expect_common(draft);
  EXPECT_EQ(draft.grid_name, "sheet \"Phụ lục\"");
  EXPECT_EQ(draft.header_line, 7);
  EXPECT_EQ(draft.tasks[1].lead, (Ids{"so-ban-nganh", "ubnd-cap-huyen"}));
  EXPECT_EQ(draft.open_count(), 1u);
  Draft named = import_fixture("plan-2025.xlsx", SourceFormat::xlsx, "Phụ lục");
  EXPECT_EQ(named.tasks.size(), 7u);
}

TEST(ImportFixtures, ExcelUnknownSheetIsAnError) {
  auto document = read_xlsx(read_import_data("plan-2025.xlsx"), "Sheet9");
  ASSERT_FALSE(document.has_value());
  EXPECT_EQ(document.error(), "no sheet named \"Sheet9\" (the workbook has \"Ghi chú\", \"Phụ lục\")");
}

TEST(ImportFixtures, CsvLosesTheMergedLead) {
  Draft draft = import_fixture("plan-2025.csv", SourceFormat::csv);
  expect_common(draft);
  EXPECT_TRUE(draft.tasks[1].lead.empty());
  EXPECT_EQ(draft.open_count(), 2u);        // I.2's empty lead, "Báo Quảng Ngãi"
  EXPECT_EQ(draft.title, "qng-cchc-2025");  // a CSV file has no title
  EXPECT_EQ(draft.plan_notes.size(), 1u);
}

TEST(ImportFixtures, PastedTextWithAPageBreak) {
  Draft draft = import_fixture("plan-2025.txt", SourceFormat::text);
  expect_common(draft);
  EXPECT_EQ(draft.continuations, 1);
  EXPECT_EQ(draft.title, "Kế hoạch cải cách hành chính năm 2025 tỉnh Quảng Ngãi");
  EXPECT_EQ(draft.open_count(), 2u);  // I.2's empty lead, "Báo Quảng Ngãi"
}

}  // namespace
}  // namespace deadlined::import
