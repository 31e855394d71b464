// Compaction end to end on a real outbox file: the daemon (`run --once
// --now`, an injected clock) sends a year's reminders, `outbox compact`
// folds them, and `report` and the counts of `outbox` say exactly what they
// said before; the same year planned again sends nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "calendar/zone.hpp"
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined {
namespace {

using testing::CommandResult;

CommandResult run(const std::string& arguments) {
  return testing::run_deadlined(arguments);
}

class CompactionCli : public ::testing::Test {
 protected:
  void SetUp() override {
    m_main = m_dir.write("main.toml", testing::daemon_calendar_toml(m_dir.path() / "state") + "[outbox]\n" +
                                          "keep_final_days = 400\n\n" + testing::unit_toml("vp") + "\n" +
                                          testing::unit_toml("stp") + "\n" + testing::multi_year_plan_toml(2022, 2023) +
                                          R"toml(
[[plan.task]]
id = "T1"
title = "Báo cáo quý"
lead = ["stp"]
support = ["vp"]
schedule = { dates = [2022-03-15, 2022-06-30, 2023-03-15] }

[[plan.task]]
id = "T2"
title = "Nhiệm vụ hai"
lead = ["vp"]
schedule = { dates = [2022-03-31, 2023-06-30] }
)toml");
  }

  std::string config() const { return "--config " + m_main.string(); }

  std::size_t mails() const {
    const auto dir = m_dir.path() / "state" / "Maildir" / "new";
    if (!std::filesystem::exists(dir)) {
      return 0;
    }
    return static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()));
  }

  void run_once(const std::string& now) {
    CommandResult result = run("run " + config() + " --once --now " + now);
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }

  std::string report_json() const {
    CommandResult result = run("report " + config() + " --as-of 2022-12-31 --format json");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  // The line of `outbox` with the rows per state.
  std::string counts_line() const {
    CommandResult result = run("outbox " + config() + " --limit 0");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("pending: ")) {
        return line;
      }
    }
    ADD_FAILURE() << "no counts in:\n" << result.out;
    return {};
  }

  testing::TempDir m_dir;
  std::filesystem::path m_main;
};

TEST_F(CompactionCli, ReportAndCountsAreTheSameAfterACompactionAndNothingIsSentAgain) {
  run_once("2022-03-15T08:00:00+07:00");
  run_once("2022-03-31T08:00:00+07:00");
  run_once("2022-06-30T08:00:00+07:00");
  CommandResult done = run("done " + config() + " --task T1 --unit stp --occurrence 2022-03-15 --by tester");
  ASSERT_EQ(done.exit_code, 0) << done.err;
  const std::size_t sent = mails();
  ASSERT_GE(sent, 3u);
  const std::string report_before = report_json();
  const std::string counts_before = counts_line();
  ASSERT_FALSE(counts_before.empty());

  // A dry run changes nothing.
  auto zone = TimeZone::locate("Asia/Ho_Chi_Minh");
  ASSERT_TRUE(zone);
  const Instant now = zone->at(make_date(2023, 12, 31), 0);  // the retention reaches 2022-11-26
  CompactOptions options;
  options.config = m_main;
  options.dry_run = true;
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(run_outbox_compact(options, now, out, err), k_exit_ok) << err.str();
  EXPECT_TRUE(out.str().starts_with("would compact ")) << out.str();
  EXPECT_NE(out.str().find("due before 2022-11-26 (outbox.keep_final_days = 400)"), std::string::npos) << out.str();
  EXPECT_EQ(counts_line(), counts_before);
  CommandResult listed = run("outbox " + config() + " --compacted --format json");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(nlohmann::json::parse(listed.out).empty());

  // A daemon on the state directory: refused, nothing changed.
  options.dry_run = false;
  options.lock_state = [](const std::filesystem::path&) { return std::string("a deadlined runs"); };
  out.str("");
  EXPECT_EQ(run_outbox_compact(options, now, out, err), k_exit_busy);
  options.lock_state = nullptr;

  out.str("");
  ASSERT_EQ(run_outbox_compact(options, now, out, err), k_exit_ok) << err.str();
  EXPECT_TRUE(out.str().starts_with("compacted ")) << out.str();
  EXPECT_EQ(out.str().find("compacted 0 reminders"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("acknowledgements and triggers are kept"), std::string::npos) << out.str();

  // Exactly what they said before.
  EXPECT_EQ(report_json(), report_before);
  EXPECT_EQ(counts_line(), counts_before);
  listed = run("outbox " + config() + " --compacted --format json");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto summary = nlohmann::json::parse(listed.out);
  ASSERT_FALSE(summary.empty());
  std::int64_t folded_sent = 0;
  for (const auto& row : summary) {
    EXPECT_LT(row["month"].get<std::string>(), "2022-11");
    folded_sent += row["state"] == "sent" ? row["reminders"].get<std::int64_t>() : 0;
  }
  EXPECT_EQ(folded_sent, static_cast<std::int64_t>(sent)) << "every mail sent was from a row now folded";
  CommandResult table = run("outbox " + config());
  EXPECT_NE(table.out.find("of which compacted (due before 2022-11-26"), std::string::npos) << table.out;

  // The same plan year planned again (a start in March 2022): nothing is sent again.
  run_once("2022-03-15T08:00:00+07:00");
  run_once("2022-06-30T08:00:00+07:00");
  EXPECT_EQ(mails(), sent);
  EXPECT_EQ(counts_line(), counts_before);
  EXPECT_EQ(report_json(), report_before);

  // The command itself, with the system clock: the rest of 2022 and what is
  // left are younger than the retention or not final; exit 0.
  CommandResult again = run("outbox compact " + config());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(report_json(), report_before);
}

TEST_F(CompactionCli, HelpAndUsageErrors) {
  CommandResult help = run("outbox compact --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--before"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--dry-run"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos) << help.out;
  CommandResult bad_date = run("outbox compact " + config() + " --before 2022-13-01");
  EXPECT_EQ(bad_date.exit_code, 64) << bad_date.err;
  CommandResult no_state = run("outbox compact " + config());
  EXPECT_EQ(no_state.exit_code, 1);
  EXPECT_NE(no_state.err.find("no state database"), std::string::npos) << no_state.err;
}

}  // namespace
}  // namespace deadlined
