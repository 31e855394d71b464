// `deadlined when --config FILE`: the phrase read under a configuration's
// calendar (its own days off, its holiday notices, roll and before_date), as
// `agenda` reads it; a broken configuration fails as every other command's
// does. Without --config nothing changes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined {
namespace {

using testing::CommandResult;
using testing::run_deadlined;
using testing::TempDir;

// A whole configuration whose [calendar] is `calendar_lines` (after the
// shipped holiday notices).
std::string config_path(const TempDir& dir, const std::string& calendar_lines) {
  std::string text = testing::daemon_calendar_toml(dir.path() / "state");
  text.insert(text.find("\n\n", text.find("[calendar]")) + 1, calendar_lines);
  text += testing::unit_toml("stp") + "\n" + testing::plan_toml(2026) +
          "\n[[plan.task]]\nid = \"I.1\"\ntitle = \"Báo cáo\"\nlead = [\"stp\"]\nwhen = \"Trước ngày 31/3/2026\"\n";
  return " --config " + dir.write("deadlined.toml", text).string();
}

// Monday 16/3/2026 made a day off by the province: due the next working day.
TEST(CliWhenConfig, TheConfigsOwnDaysOffMoveTheDueDate) {
  TempDir dir;
  const std::string config = config_path(
      dir, "[[calendar.day]]\ndate = 2026-03-16\nworking = false\nname = \"Ngày nghỉ do UBND tỉnh quyết định\"\n");
  const CommandResult without = run_deadlined("when \"Ngày 16/3/2026\" --year 2026");
  ASSERT_EQ(without.exit_code, 0) << without.err;
  EXPECT_EQ(without.out.find("a day off"), std::string::npos) << without.out;

  const CommandResult with = run_deadlined("when \"Ngày 16/3/2026\" --year 2026" + config);
  ASSERT_EQ(with.exit_code, 0) << with.err;
  EXPECT_NE(with.out.find("16/03/2026: due 2026-03-16 (T2); a day off: moves to 2026-03-17 (T3) with "
                          "calendar.roll = \"next\""),
            std::string::npos)
      << with.out;
  const auto json = nlohmann::json::parse(run_deadlined("when \"Ngày 16/3/2026\" --format json" + config).out);
  EXPECT_EQ(json["occurrences"][0]["working_due"], "2026-03-17");
}

TEST(CliWhenConfig, TheConfigsRollAndBeforeDateApply) {
  TempDir dir;
  const std::string config = config_path(dir, "roll = \"previous\"\nbefore_date = \"strict\"\n");
  // Sunday 15/3/2026: back to Friday 13/3 under roll = "previous".
  const CommandResult sunday = run_deadlined("when \"Ngày 15/3/2026\" --year 2026" + config);
  ASSERT_EQ(sunday.exit_code, 0) << sunday.err;
  EXPECT_NE(sunday.out.find("moves to 2026-03-13 (T6) with calendar.roll = \"previous\""), std::string::npos)
      << sunday.out;
  // "Trước ngày 1/4/2026" under before_date = "strict": due 31/3.
  const auto json = nlohmann::json::parse(run_deadlined("when \"Trước ngày 1/4/2026\" --format json" + config).out);
  EXPECT_EQ(json["occurrences"][0]["due"], "2026-03-31");
  const auto plain = nlohmann::json::parse(run_deadlined("when \"Trước ngày 1/4/2026\" --format json").out);
  EXPECT_EQ(plain["occurrences"][0]["due"], "2026-04-01");
}

// The notices of the config's holidays_dir: Saturday 4/5/2024 was worked in
// exchange for a day off (vn-2024.toml), so it is no day off there.
TEST(CliWhenConfig, TheConfigsHolidayNoticesApply) {
  TempDir dir;
  const CommandResult with = run_deadlined("when \"Ngày 4/5/2024\" --year 2024" + config_path(dir, ""));
  ASSERT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(with.out.find("a day off"), std::string::npos) << with.out;
}

TEST(CliWhenConfig, ABrokenConfigFailsAsForEveryCommand) {
  TempDir dir;
  const std::string config =
      " --config " + dir.write("deadlined.toml", "[daemon]\ntimezone = \"Asia/Hanoi\"\n").string();
  const CommandResult when = run_deadlined("when \"Quý I/2026\"" + config);
  const CommandResult check = run_deadlined("check" + config);
  EXPECT_EQ(when.exit_code, 78);
  EXPECT_EQ(when.exit_code, check.exit_code);
  EXPECT_NE(when.err.find("deadlined.toml:2:12: daemon.timezone: unknown time zone \"Asia/Hanoi\""), std::string::npos)
      << when.err;
  EXPECT_EQ(when.out, "");

  const CommandResult missing = run_deadlined("when \"Quý I/2026\" --config " + (dir.path() / "nope.toml").string());
  EXPECT_EQ(missing.exit_code, run_deadlined("check --config " + (dir.path() / "nope.toml").string()).exit_code);
  EXPECT_EQ(run_deadlined("when \"Quý I/2026\" --config \"\"").exit_code, 64);
}

TEST(CliWhenConfig, HelpNamesTheOption) {
  const CommandResult help = run_deadlined("when --help");
  ASSERT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("-c,--config"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("time zone"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace deadlined
