// End-to-end: the tables of `agenda`, `plan` and `report` when a config loads
// several plans (a plan per year, task ids repeating): a PLAN column says
// whose task a row is, only then; long Vietnamese names are cut by display
// width so the columns stay aligned; each command's --help names its columns.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"
#include "support/toml_fixtures.hpp"
#include "util/text.hpp"

namespace deadlined {
namespace {

using testing::CommandResult;

const std::string k_long_name =
    "Ủy ban nhân dân xã Quảng Thành, huyện Quảng Điền, tỉnh Thừa Thiên Huế (đơn vị hành chính cấp xã)";

std::string plan_text(const std::string& id, int year) {
  const std::string y = std::to_string(year);
  return "\n[[plan]]\nid = \"" + id + "\"\ntitle = \"Kế hoạch kiểm soát thủ tục hành chính năm " + y +
         "\"\nyear = " + y + "\n\n[[plan.task]]\nid = \"I.1\"\ntitle = \"Rà soát, đánh giá thủ tục hành chính\"\n" +
         "lead = [\"xa\", \"stp\"]\nschedule = { date = " + y + "-03-15 }\n";
}

class PlanColumnCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string units = testing::unit_toml("stp") + "\n[[unit]]\nid = \"xa\"\nname = \"" + k_long_name +
                              "\"\ntier = \"commune\"\nemail = [\"xa@example.vn\"]\n";
    const std::string head = testing::daemon_calendar_toml(m_dir.path() / "state") + units;
    m_one = m_dir.write("one.toml", head + plan_text("kstthc-2022", 2022));
    m_two = m_dir.write("two.toml", head + plan_text("kstthc-2022", 2022) + plan_text("kstthc-2023", 2023));
  }

  static CommandResult run(const std::string& arguments) {
    CommandResult result = testing::run_deadlined(arguments);
    EXPECT_EQ(result.exit_code, 0) << arguments << "\n" << result.err;
    return result;
  }

  testing::TempDir m_dir;
  std::filesystem::path m_one;
  std::filesystem::path m_two;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

// The display column where `needle` starts in `line` (npos: absent).
std::size_t column_of(const std::string& line, const std::string& needle) {
  const auto at = line.find(needle);
  return at == std::string::npos ? std::string::npos : display_width(line.substr(0, at));
}

TEST_F(PlanColumnCli, AgendaNamesThePlanOnlyWhenSeveralAreLoaded) {
  const std::string two = run("agenda --config " + m_two.string() + " --from 2022-01-01 --to 2023-12-31").out;
  const auto lines = lines_of(two);
  ASSERT_GE(lines.size(), 6u) << two;
  EXPECT_EQ(lines[0].find("DUE"), 0u) << two;
  ASSERT_NE(lines[0].find("PLAN"), std::string::npos) << two;
  EXPECT_LT(lines[0].find("PLAN"), lines[0].find("TASK"));
  std::size_t in_2022 = 0;
  std::size_t in_2023 = 0;
  for (const auto& line : lines) {
    in_2022 += line.starts_with("2022-") && line.find("kstthc-2022") != std::string::npos ? 1 : 0;
    in_2023 += line.starts_with("2023-") && line.find("kstthc-2023") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(in_2022, 2u) << two;
  EXPECT_EQ(in_2023, 2u) << two;
  // The long name is cut by display width (36 columns): every row's TITLE starts under its header.
  const std::size_t title_column = column_of(lines[0], "TITLE");
  for (std::size_t i = 2; i < 6; ++i) {
    EXPECT_EQ(column_of(lines[i], "Rà soát"), title_column) << two;
  }
  EXPECT_NE(two.find("Ủy ban nhân dân xã Quảng Thành, huy…"), std::string::npos) << two;

  const std::string one = run("agenda --config " + m_one.string() + " --from 2022-01-01 --to 2022-12-31").out;
  EXPECT_EQ(lines_of(one)[0].find("PLAN"), std::string::npos) << one;
  const std::string chosen =
      run("agenda --config " + m_two.string() + " --from 2022-01-01 --to 2023-12-31 --plan kstthc-2023").out;
  EXPECT_EQ(lines_of(chosen)[0].find("PLAN"), std::string::npos) << chosen;
}

TEST_F(PlanColumnCli, PlanAndReportNameThePlanToo) {
  const std::string plan = run("plan --config " + m_two.string() + " --from 2023-03-01 --to 2023-03-31").out;
  ASSERT_NE(lines_of(plan)[0].find("PLAN"), std::string::npos) << plan;
  EXPECT_NE(plan.find("kstthc-2023"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("kstthc-2022"), std::string::npos) << plan;
  const std::string one_plan = run("plan --config " + m_one.string() + " --from 2022-03-01 --to 2022-03-31").out;
  EXPECT_EQ(lines_of(one_plan)[0].find("PLAN"), std::string::npos) << one_plan;

  const std::string report = run("report --config " + m_two.string() + " --as-of 2023-12-31").out;
  const auto lines = lines_of(report);
  ASSERT_GE(lines.size(), 3u) << report;
  EXPECT_NE(lines[2].find("PLAN"), std::string::npos) << report;
  std::size_t rows = 0;
  for (const auto& line : lines) {
    rows += (line.find("kstthc-2022  I.1") != std::string::npos || line.find("kstthc-2023  I.1") != std::string::npos)
                ? 1
                : 0;
  }
  EXPECT_EQ(rows, 4u) << report;
  EXPECT_NE(report.find("kstthc-2023/I.1"), std::string::npos) << report;  // the totals by task
  const std::string chosen = run("report --config " + m_two.string() + " --as-of 2023-12-31 --plan kstthc-2023").out;
  EXPECT_EQ(chosen.find("PLAN"), std::string::npos) << chosen;
}

TEST_F(PlanColumnCli, TheHtmlReportNamesThePlansAndEachRowsPlan) {
  const std::string html = run("report --config " + m_two.string() + " --as-of 2023-12-31 --format html").out;
  EXPECT_NE(html.find("Kế hoạch kiểm soát thủ tục hành chính năm 2022 <span class=\"pending\">(kstthc-2022)</span><br>"
                      "Kế hoạch kiểm soát thủ tục hành chính năm 2023"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<thead><tr><th>Kế hoạch</th><th>Mã</th>"), std::string::npos) << html;
  for (const char* plan : {"kstthc-2022", "kstthc-2023"}) {
    EXPECT_NE(html.find("<tr><td class=\"id\">" + std::string(plan) + "</td><td class=\"id\">I.1</td>"),
              std::string::npos)
        << plan;
  }
  const std::string chosen =
      run("report --config " + m_two.string() + " --as-of 2023-12-31 --format html --plan kstthc-2023").out;
  EXPECT_EQ(chosen.find("<th>Kế hoạch</th>"), std::string::npos);
  EXPECT_NE(chosen.find("<tr><td class=\"id\">I.1</td>"), std::string::npos);
}

TEST_F(PlanColumnCli, TheOutboxNamesThePlanToo) {
  run("run --config " + m_two.string() + " --now 2023-03-15T08:00:00+07:00 --once");
  const std::string outbox = run("outbox --config " + m_two.string()).out;
  const auto lines = lines_of(outbox);
  ASSERT_GE(lines.size(), 3u) << outbox;
  EXPECT_LT(lines[0].find("PLAN"), lines[0].find("TASK")) << outbox;
  EXPECT_NE(outbox.find("kstthc-2023  I.1"), std::string::npos) << outbox;
}

TEST_F(PlanColumnCli, EachCommandsHelpNamesItsColumns) {
  for (const char* command : {"agenda", "plan", "report", "outbox"}) {
    const std::string help = run(std::string(command) + " --help").out;
    EXPECT_TRUE(help.find("Columns of the table") != std::string::npos || help.find("The table") != std::string::npos)
        << help;
    EXPECT_NE(help.find("PLAN the plan id, shown when the config loads more than one plan"), std::string::npos)
        << command << "\n"
        << help;
  }
}

}  // namespace
}  // namespace deadlined
