// The seed round trip: importing the decision as published (text pasted from
// the document, docs/sources/) against the shipped units gives the tasks of
// config/plans/thua-thien-hue-2022.toml. The test computes the share of the
// plan's appendix rows with the same id and verbatim `when`, the same lead
// units and the same support units, and asserts the floors (95 %, 90 %, 80 %).
#include "config/config.hpp"
#include "import/draft.hpp"
#include "import/names.hpp"
#include "import/table.hpp"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <iterator>
#include <set>

namespace deadlined::import {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::set<std::string> as_set(const std::vector<std::string>& ids) {
  return {ids.begin(), ids.end()};
}

TEST(ImportSeed, RoundTripOfTheShippedPlan) {
  LoadResult loaded =
      load_config(DEADLINED_SOURCE_DIR "/config/deadlined.toml", LoadOptions{DEADLINED_SOURCE_DIR "/config/holidays"});
  ASSERT_TRUE(loaded.config.has_value());
  const Plan* plan = loaded.config->find_plan("tthue-kstthc-2022");
  ASSERT_NE(plan, nullptr);

  std::string bytes =
      read_file(DEADLINED_SOURCE_DIR "/docs/sources/qd-3489-qd-ubnd-2021-ke-hoach-kiem-soat-tthc-2022.txt");
  ASSERT_FALSE(bytes.empty());
  auto document = parse_table_bytes(SourceFormat::text, bytes);
  ASSERT_TRUE(document.has_value()) << document.error();
  DraftOptions options;
  options.plan_id = "tthue-kstthc-2022";
  options.source = "qd-3489.txt";
  options.config = "deadlined.toml";
  auto draft = build_draft(*document, NameIndex::from_config(*loaded.config), options);
  ASSERT_TRUE(draft.has_value()) << draft.error();
  EXPECT_EQ(draft->year, 2022);
  EXPECT_EQ(draft->title, "Kế hoạch kiểm soát thủ tục hành chính năm 2022 trên địa bàn tỉnh Thừa Thiên Huế");

  std::size_t rows = 0;
  std::size_t same_id_when = 0;
  std::size_t same_lead = 0;
  std::size_t same_support = 0;
  for (const auto& expected : plan->tasks) {
    if (expected.id == "TCTH.1") {
      continue;  // from the plan's body text, not from the appendix
    }
    ++rows;
    auto found = std::find_if(draft->tasks.begin(), draft->tasks.end(),
                              [&](const DraftTask& task) { return task.id == expected.id; });
    if (found == draft->tasks.end()) {
      ADD_FAILURE() << "no imported task " << expected.id;
      continue;
    }
    if (found->when == expected.when) {
      ++same_id_when;
    } else {
      std::cout << "  when of " << expected.id << ": \"" << found->when << "\" vs \"" << expected.when << "\"\n";
    }
    if (as_set(found->lead) == as_set(expected.lead)) {
      ++same_lead;
    } else {
      std::cout << "  lead of " << expected.id << " differs\n";
    }
    if (as_set(found->support) == as_set(expected.support)) {
      ++same_support;
    } else {
      std::cout << "  support of " << expected.id << " differs\n";
    }
  }
  ASSERT_EQ(rows, 48u);
  EXPECT_EQ(draft->tasks.size(), rows);
  double id_when = 100.0 * static_cast<double>(same_id_when) / static_cast<double>(rows);
  double lead = 100.0 * static_cast<double>(same_lead) / static_cast<double>(rows);
  double support = 100.0 * static_cast<double>(same_support) / static_cast<double>(rows);
  std::cout << "seed round trip over " << rows << " appendix rows: id and when " << same_id_when << " (" << id_when
            << " %), lead " << same_lead << " (" << lead << " %), support " << same_support << " (" << support
            << " %)\n";
  RecordProperty("id_when_percent", std::to_string(id_when));
  RecordProperty("lead_percent", std::to_string(lead));
  RecordProperty("support_percent", std::to_string(support));
  EXPECT_GE(id_when, 95.0);
  EXPECT_GE(lead, 90.0);
  EXPECT_GE(support, 80.0);
}

}  // namespace
}  // namespace deadlined::import
