// A deadline column of real Excel dates: numbers shown through a date format
// (tests/import/data/plan-2026-dates*.xlsx, made by make_fixtures.py). The
// draft's `when` is the date as the admin saw it, in the 1900 and the 1904
// date systems; a number shown otherwise (a year, an elapsed time) stays as is.
#include "config/config.hpp"
#include "import/draft.hpp"
#include "import/names.hpp"
#include "import/table.hpp"
#include "support/import_data.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace deadlined::import {
namespace {

using testing::k_import_data;
using testing::read_import_data;

class ExcelDates : public ::testing::TestWithParam<std::string> {};

TEST_P(ExcelDates, ADateCellIsWrittenAsTheDateItShows) {
  LoadResult loaded = load_config(k_import_data + "deadlined.toml");
  ASSERT_TRUE(loaded.config.has_value());
  const std::string bytes = read_import_data(GetParam());
  ASSERT_FALSE(bytes.empty());
  auto document = parse_table_bytes(SourceFormat::xlsx, bytes);
  ASSERT_TRUE(document.has_value()) << document.error();
  DraftOptions options;
  options.plan_id = "dates";
  auto draft = build_draft(*document, NameIndex::from_config(*loaded.config), options);
  ASSERT_TRUE(draft.has_value()) << draft.error();
  std::vector<std::string> ids;
  std::vector<std::string> whens;
  for (const auto& task : draft->tasks) {
    ids.push_back(task.id);
    whens.push_back(task.when);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "2", "3", "4", "5"}));
  // Format 14 and "dd/mm/yyyy;@": the day; "mm/yyyy": the month; General: the
  // number; "[h]:mm" is a duration, not a date.
  EXPECT_EQ(whens, (std::vector<std::string>{"30/06/2026", "31/12/2026", "10/2026", "2026", "1.5"}));
  EXPECT_EQ(draft->year, 2026);
  // Only the duration is left open: every date is a timeline the parser reads.
  const auto open = draft->all_open();
  ASSERT_EQ(open.size(), 1U);
  EXPECT_NE(open[0].message.find("\"1.5\""), std::string::npos) << open[0].message;
}

INSTANTIATE_TEST_SUITE_P(Systems, ExcelDates, ::testing::Values("plan-2026-dates.xlsx", "plan-2026-dates-1904.xlsx"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param.find("1904") != std::string::npos ? std::string("date1904")
                                                                                : std::string("date1900");
                         });

}  // namespace
}  // namespace deadlined::import
