// End-to-end: `deadlined done`, `undo` and `report` run as the real binary.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined {
namespace {

using testing::CommandResult;

CommandResult run(const std::string& arguments) {
  return testing::run_deadlined(arguments);
}

class ComplianceCli : public ::testing::Test {
 protected:
  void SetUp() override {
    m_main = m_dir.write("main.toml", testing::daemon_calendar_toml("state", "") + R"toml(
[escalation]
department = "vp"

)toml" + testing::unit_toml("vp") + "\n" + testing::unit_toml("stp") +
                                          "\n" + testing::plan_toml(2022) + R"toml(
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
  EXPECT_NE(done.out.find("p/T1 Sở Tư pháp (stp), occurrence 2022-03-15, due 2022-03-15: done LATE"), std::string::npos)
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

// A row with no timeline (kind `none`) is listed by every format of `report`,
// never rated: it is neither pending nor overdue, and counts in no total.
TEST(ComplianceCliUntimed, ReportListsRowsWithNoTimeline) {
  testing::TempDir dir;
  std::filesystem::path main =
      dir.write("main.toml", testing::daemon_calendar_toml("state", "") + testing::unit_toml("stp") + "\n" +
                                 testing::unit_toml("snv") + "\n" + testing::multi_year_plan_toml(2026, 2027) + R"toml(
[[plan.task]]
id = "1"
title = "Việc có hạn"
lead = ["stp"]
when = "Quý I/2026"

[[plan.task]]
id = "2"
title = "Việc không ghi thời hạn"
lead = ["stp", "snv"]
when = "Không xác định"

[[plan.task]]
id = "3"
title = "Việc không thời hạn, không chủ trì"
when = "-"
)toml");
  const std::string config = "--config " + main.string();

  CommandResult json = run("report " + config + " --as-of 2026-06-01 --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed["totals"]["total"], 1);  // only task 1 is rated
  EXPECT_EQ(parsed["totals"]["overdue"], 1);
  ASSERT_EQ(parsed["untimed"].size(), 3u) << json.out;  // task 2 per lead, task 3 once
  EXPECT_EQ(parsed["untimed"][0]["task"], "2");
  EXPECT_EQ(parsed["untimed"][0]["unit"], "stp");
  EXPECT_EQ(parsed["untimed"][0]["when"], "Không xác định");
  EXPECT_EQ(parsed["untimed"][0]["status"], "none");
  EXPECT_TRUE(parsed["untimed"][0]["due"].is_null());
  EXPECT_EQ(parsed["untimed"][1]["unit"], "snv");
  EXPECT_EQ(parsed["untimed"][2]["task"], "3");
  EXPECT_EQ(parsed["untimed"][2]["unit"], "");

  CommandResult csv = run("report " + config + " --as-of 2026-06-01 --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_NE(csv.out.find("p,2,Việc không ghi thời hạn,,snv,Sở Nội vụ,department,,none,Không xác định "
                         "thời hạn,,,,\r\n"),
            std::string::npos)
      << csv.out;

  CommandResult html = run("report " + config + " --as-of 2026-06-01 --format html");
  ASSERT_EQ(html.exit_code, 0) << html.err;
  EXPECT_NE(html.out.find("<table id=\"untimed\">"), std::string::npos) << html.out;
  EXPECT_NE(html.out.find("<tr data-task=\"3\">"), std::string::npos) << html.out;

  CommandResult table = run("report " + config + " --as-of 2026-06-01");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("No timeline (tracked, never reminded)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("Việc không ghi thời hạn"), std::string::npos) << table.out;

  // With nothing dated in the plan filter's range, the rows are still listed.
  CommandResult early = run("report " + config + " --as-of 2025-01-01");
  ASSERT_EQ(early.exit_code, 0) << early.err;
  EXPECT_NE(early.out.find("Việc không thời hạn, không chủ trì"), std::string::npos) << early.out;
}

TEST_F(ComplianceCli, ShippedConfigReportsWithAStateDirOverride) {
  testing::TempDir state;
  std::string shipped =
      std::string("--config ") + DEADLINED_SOURCE_DIR + "/config/deadlined.toml --state-dir " + state.path().string();
  CommandResult report = run("report " + shipped + " --as-of 2022-04-01 --format json");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  auto parsed = nlohmann::json::parse(report.out);
  EXPECT_GT(parsed["totals"]["overdue"].get<int>(), 0);
  EXPECT_EQ(parsed["totals"]["on_time"], 0);

  CommandResult done = run("done " + shipped + " --task VI.3 --unit vp-ubnd-tinh --occurrence 2022-01-31");
  EXPECT_EQ(done.exit_code, 0) << done.err;
}

// A mistyped --state-dir is refused, not created with an empty database
// where the daemon never looks: `done` and `trigger` "succeeded" there and
// `report` showed nothing done.
TEST_F(ComplianceCli, AStateDirThatDoesNotExistIsRefusedAndNotCreated) {
  testing::TempDir base;
  const std::filesystem::path typo = base.path() / "typo" / "state";
  const std::string shipped =
      std::string("--config ") + DEADLINED_SOURCE_DIR + "/config/deadlined.toml --state-dir " + typo.string();
  for (const std::string& command :
       {"done " + shipped + " --task VI.3 --unit vp-ubnd-tinh --occurrence 2022-01-31",
        "undo " + shipped + " --task VI.3 --unit vp-ubnd-tinh --occurrence 2022-01-31",
        "report " + shipped + " --as-of 2022-04-01", "plan " + shipped + " --from 2022-03-01 --to 2022-03-31",
        "agenda " + shipped + " --from 2022-03-01 --to 2022-03-31 --unit so-tu-phap"}) {
    SCOPED_TRACE(command);
    CommandResult r = run(command);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("the state directory " + typo.string() + " does not exist (is --state-dir right?"),
              std::string::npos)
        << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(base.path() / "typo"));
}

// A date centuries away is a typo: refused (64) before every day since the
// plan's year is counted; a report years after the plan takes no longer than
// one in it (the calendar keeps the years it builds).
TEST_F(ComplianceCli, ReportDatesOutsideTheCalendarsCenturiesAreRefused) {
  const std::string shipped = std::string("--config ") + DEADLINED_SOURCE_DIR + "/config/deadlined.toml";
  CommandResult typo = run("report " + shipped + " --as-of 9999-12-31");
  EXPECT_EQ(typo.exit_code, 64) << typo.err;
  EXPECT_NE(typo.err.find("the year of \"9999-12-31\" is outside 1900-2200"), std::string::npos) << typo.err;
  CommandResult later = run("report " + shipped + " --as-of 2060-12-31 --format json");
  EXPECT_EQ(later.exit_code, 0) << later.err;
}

}  // namespace
}  // namespace deadlined
