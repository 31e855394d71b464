// End-to-end: `deadlined done`, `undo` and `report` run as the real binary.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

namespace deadlined {
namespace {

using testing::CommandResult;

CommandResult run(const std::string& arguments) { return testing::run_deadlined(arguments); }

class ComplianceCli : public ::testing::Test {
protected:
  void SetUp() override {
    m_main = m_dir.write("main.toml", std::string(R"toml(
[daemon]
timezone = "Asia/Ho_Chi_Minh"
state_dir = "state"

[calendar]
holidays_dir = ")toml") + DEADLINED_SOURCE_DIR + R"toml(/config/holidays"

[escalation]
department = "vp"

[[unit]]
id = "vp"
name = "Văn phòng UBND tỉnh"
tier = "province"
email = ["vp@example.vn"]

[[unit]]
id = "stp"
name = "Sở Tư pháp"
tier = "department"
email = ["stp@example.vn"]

[[plan]]
id = "p"
title = "Kế hoạch thử"
year = 2022

[[plan.task]]
id = "T1"
title = "Báo cáo \"quý\", một"
lead = ["stp"]
schedule = { date = 2022-03-15 }

[[plan.task]]
id = "T2"
title = "Nhiệm vụ hai"
lead = ["stp"]
schedule = { dates = [2022-03-31, 2022-06-30] }
)toml");
  }

  std::string config() const { return "--config " + m_main.string(); }

  testing::TempDir m_dir;
  std::filesystem::path m_main;
};

TEST_F(ComplianceCli, DoneThenUndoThenUndoAgainIsRefused) {
  CommandResult done = run("done " + config() + " --task T1 --unit stp --note 'Công văn 12/STP' --by tester");
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_NE(done.out.find("p/T1 Sở Tư pháp (stp), occurrence 2022-03-15, due 2022-03-15: done LATE"),
            std::string::npos)
      << done.out;
  EXPECT_TRUE(std::filesystem::exists(m_dir.path() / "state"));

  CommandResult twice = run("done " + config() + " --task T1 --unit stp");
  EXPECT_EQ(twice.exit_code, 65);
  EXPECT_NE(twice.err.find("already done"), std::string::npos) << twice.err;
  EXPECT_NE(twice.err.find("by tester"), std::string::npos) << twice.err;

  CommandResult undo = run("undo " + config() + " --task T1 --unit stp");
  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_NE(undo.out.find("undone"), std::string::npos) << undo.out;

  CommandResult again = run("undo " + config() + " --task T1 --unit stp");
  EXPECT_EQ(again.exit_code, 65);
  EXPECT_NE(again.err.find("is not marked done"), std::string::npos) << again.err;
}

TEST_F(ComplianceCli, OccurrenceIsNeededWhenThereAreSeveralAndErrorsAreClear) {
  CommandResult ambiguous = run("done " + config() + " --task T2 --unit stp");
  EXPECT_EQ(ambiguous.exit_code, 64);
  EXPECT_NE(ambiguous.err.find("name one with --occurrence: 2022-03-31, 2022-06-30"), std::string::npos)
      << ambiguous.err;

  CommandResult chosen = run("done " + config() + " --task T2 --unit stp --occurrence 2022-06-30 --plan p");
  EXPECT_EQ(chosen.exit_code, 0) << chosen.err;

  CommandResult typo = run("done " + config() + " --task T1 --unit stpp");
  EXPECT_EQ(typo.exit_code, 64);
  EXPECT_NE(typo.err.find("unknown unit \"stpp\"; did you mean \"stp\"?"), std::string::npos) << typo.err;

  CommandResult bad_date = run("done " + config() + " --task T2 --unit stp --occurrence 2022-02-30");
  EXPECT_EQ(bad_date.exit_code, 64);

  CommandResult missing = run("done " + config() + " --unit stp");
  EXPECT_EQ(missing.exit_code, 64);
  EXPECT_NE(missing.err.find("--task"), std::string::npos) << missing.err;

  CommandResult help = run("done --help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* option : {"--task", "--unit", "--occurrence", "--note", "--by", "--plan", "--state-dir"}) {
    EXPECT_NE(help.out.find(option), std::string::npos) << option << "\n" << help.out;
  }
}

TEST_F(ComplianceCli, ReportInAllFormats) {
  ASSERT_EQ(run("done " + config() + " --task T1 --unit stp").exit_code, 0);

  CommandResult json = run("report " + config() + " --plan p --as-of 2022-04-05 --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed["as_of"], "2022-04-05");
  // T1 done today (late, as of today); as of 2022-04-05 it was still overdue.
  EXPECT_EQ(parsed["totals"]["overdue"], 2);
  EXPECT_EQ(parsed["totals"]["pending"], 1);
  EXPECT_EQ(parsed["totals"]["overdue_days"], 15 + 3);  // T1 since 15/3, T2 since 31/3

  CommandResult now = run("report " + config() + " --format json");
  ASSERT_EQ(now.exit_code, 0) << now.err;
  EXPECT_EQ(nlohmann::json::parse(now.out)["totals"]["late"], 1);

  CommandResult csv = run("report " + config() + " --as-of 2022-04-05 --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.out.find("\"Báo cáo \"\"quý\"\", một\""), std::string::npos) << csv.out;

  CommandResult html = run("report " + config() + " --as-of 2022-04-05 --format html");
  ASSERT_EQ(html.exit_code, 0) << html.err;
  EXPECT_NE(html.out.find("<html lang=\"vi\">"), std::string::npos);
  EXPECT_NE(html.out.find("Báo cáo &quot;quý&quot;, một"), std::string::npos);

  CommandResult table = run("report " + config() + " --as-of 2022-04-05");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("By unit"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("overdue"), std::string::npos) << table.out;

  CommandResult bad = run("report " + config() + " --format pdf");
  EXPECT_EQ(bad.exit_code, 64);
}

TEST_F(ComplianceCli, ShippedConfigReportsWithAStateDirOverride) {
  testing::TempDir state;
  std::string shipped = std::string("--config ") + DEADLINED_SOURCE_DIR + "/config/deadlined.toml --state-dir " +
                        state.path().string();
  CommandResult report = run("report " + shipped + " --as-of 2022-04-01 --format json");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  auto parsed = nlohmann::json::parse(report.out);
  EXPECT_GT(parsed["totals"]["overdue"].get<int>(), 0);
  EXPECT_EQ(parsed["totals"]["on_time"], 0);

  CommandResult done = run("done " + shipped + " --task VI.3 --unit vp-ubnd-tinh --occurrence 2022-01-31");
  EXPECT_EQ(done.exit_code, 0) << done.err;
}

}  // namespace
}  // namespace deadlined
