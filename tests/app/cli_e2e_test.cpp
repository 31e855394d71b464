// End-to-end: the real `deadlined` binary on the shipped config.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

namespace deadlined {
namespace {

using testing::CommandResult;

CommandResult run(const std::string& arguments) {
  return testing::run_deadlined(arguments);
}

const std::string k_config = std::string("--config ") + DEADLINED_SOURCE_DIR + "/config/deadlined.toml";

TEST(CliCheck, ShippedConfigPassesWithSummary) {
  CommandResult r = run("check " + k_config);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("config ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tasks:       49"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("provisional years: 2021"), std::string::npos) << r.out;
}

TEST(CliCheck, BrokenConfigExits78WithEveryErrorLocated) {
  testing::TempDir dir;
  dir.write("main.toml", "[daemon]\nsend_tme = \"08:00\"\n[calendar]\nroll = \"sideways\"\n");
  CommandResult r = run("check --config " + (dir.path() / "main.toml").string());
  EXPECT_EQ(r.exit_code, 78);
  std::string main = (dir.path() / "main.toml").string();
  EXPECT_NE(r.err.find(main + ":2:1: unknown key \"send_tme\" in [daemon]; did you mean \"send_time\"?"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(main + ":4:8: roll: expected"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 errors"), std::string::npos) << r.err;
}

TEST(CliCheck, MissingConfigFileExits78) {
  CommandResult r = run("check --config /nonexistent/deadlined.toml");
  EXPECT_EQ(r.exit_code, 78);
  EXPECT_NE(r.err.find("/nonexistent/deadlined.toml"), std::string::npos) << r.err;
}

TEST(CliAgenda, JsonHasRequiredFieldsAndRolledDates) {
  CommandResult r = run("agenda " + k_config + " --from 2022-02-01 --to 2022-02-28 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = nlohmann::json::parse(r.out);
  ASSERT_TRUE(rows.is_array());
  ASSERT_FALSE(rows.empty());
  bool found = false;
  for (const auto& row : rows) {
    for (const char* key : {"task", "title", "unit", "unit_name", "role", "due", "nominal_due", "shifted", "when"}) {
      ASSERT_TRUE(row.contains(key)) << key;
    }
    if (row["task"] == "VI.3" && row["unit"] == "vp-ubnd-tinh") {
      found = true;
      EXPECT_EQ(row["due"], "2022-02-07");
      EXPECT_EQ(row["nominal_due"], "2022-01-31");
      EXPECT_EQ(row["shifted"], true);
      EXPECT_EQ(row["role"], "lead");
      EXPECT_EQ(row["when"], "Tháng 01/2022");
      EXPECT_EQ(row["unit_name"], "Văn phòng UBND tỉnh");
    }
  }
  EXPECT_TRUE(found) << r.out;
}

TEST(CliAgenda, TableIsSortedAndFiltersByUnit) {
  CommandResult r = run("agenda " + k_config + " --unit so-tu-phap --from 2022-01-01 --to 2022-12-31");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("DUE"), std::string::npos);
  EXPECT_NE(r.out.find("Sở Tư pháp"), std::string::npos);
  EXPECT_EQ(r.out.find("UBND thành phố Huế"), std::string::npos);
  auto first = r.out.find("2022-01-20");
  auto later = r.out.find("2022-03-18");
  ASSERT_NE(first, std::string::npos) << r.out;
  ASSERT_NE(later, std::string::npos) << r.out;
  EXPECT_LT(first, later);
}

TEST(CliAgenda, UnknownUnitIsAUsageError) {
  CommandResult r = run("agenda " + k_config + " --unit nobody");
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("unknown unit \"nobody\""), std::string::npos) << r.err;
}

TEST(CliAgenda, BadDateIsAUsageError) {
  CommandResult r = run("agenda " + k_config + " --from 2022-02-30");
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("2022-02-30"), std::string::npos) << r.err;
}

TEST(CliAgenda, DayFirstDatesAreTheSameDays) {
  // Vietnamese write 31/03/2022: --from/--to take it as they take 2022-03-31.
  CommandResult iso = run("agenda " + k_config + " --from 2022-03-01 --to 2022-03-31 --format json");
  CommandResult day_first = run("agenda " + k_config + " --from 01/03/2022 --to 31/3/2022 --format json");
  ASSERT_EQ(iso.exit_code, 0) << iso.err;
  ASSERT_EQ(day_first.exit_code, 0) << day_first.err;
  EXPECT_FALSE(nlohmann::json::parse(iso.out).empty());
  EXPECT_EQ(day_first.out, iso.out);
  CommandResult report_day = run("report " + k_config + " --as-of 32/03/2022");
  EXPECT_EQ(report_day.exit_code, 64);
  EXPECT_NE(report_day.err.find("expected a date like 2022-03-31 or 31/03/2022, got \"32/03/2022\""), std::string::npos)
      << report_day.err;
}

TEST(CliWhen, UnquotedPhraseIsOnePhrase) {
  CommandResult quoted = run("when \"Trước ngày 15/4/2022\" --format json");
  CommandResult unquoted = run("when Trước ngày 15/4/2022 --format json");
  ASSERT_EQ(quoted.exit_code, 0) << quoted.err;
  ASSERT_EQ(unquoted.exit_code, 0) << unquoted.err;
  EXPECT_EQ(unquoted.out, quoted.out);
  EXPECT_EQ(nlohmann::json::parse(unquoted.out)["phrase"], "Trước ngày 15/4/2022");
}

TEST(CliWhen, QuarterPhraseAsJson) {
  CommandResult r = run("when \"Quý I/2022\" --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto result = nlohmann::json::parse(r.out);
  EXPECT_EQ(result["phrase"], "Quý I/2022");
  EXPECT_EQ(result["kind"], "dated");
  EXPECT_EQ(result["due"], nlohmann::json::array({"2022-03-31"}));
}

TEST(CliWhen, YearIsTakenFromOption) {
  CommandResult r = run("when \"6 tháng đầu năm và cuối năm\" --year 2023 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto result = nlohmann::json::parse(r.out);
  EXPECT_EQ(result["due"], nlohmann::json::array({"2023-06-30", "2023-12-31"}));
}

TEST(CliWhen, OngoingHasNoDueDates) {
  CommandResult r = run("when \"Thường xuyên trong năm 2022\" --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto result = nlohmann::json::parse(r.out);
  EXPECT_EQ(result["kind"], "ongoing");
  EXPECT_TRUE(result["due"].empty());
}

// A due date on a day off shows where the default roll moves it.
TEST(CliWhen, ADueDateOnADayOffShowsTheWorkingDay) {
  CommandResult sunday = run("when \"Ngày 15/3/2026\" --year 2026");
  ASSERT_EQ(sunday.exit_code, 0) << sunday.err;
  EXPECT_NE(sunday.out.find("due 2026-03-15 (CN); a day off: moves to 2026-03-16 (T2) with calendar.roll = \"next\""),
            std::string::npos)
      << sunday.out;
  CommandResult monday = run("when \"Ngày 16/3/2026\" --year 2026");
  EXPECT_EQ(monday.out.find("a day off"), std::string::npos) << monday.out;
  auto json = nlohmann::json::parse(run("when \"Ngày 15/3/2026\" --year 2026 --format json").out);
  EXPECT_EQ(json["occurrences"][0]["due"], "2026-03-15");
  EXPECT_EQ(json["occurrences"][0]["working_due"], "2026-03-16");
}

// A count of working days back from a written day is due on the day counted
// to, which the text says first, whether the day written is a day off or not.
TEST(CliWhen, AWorkingDayCountBackSaysTheDayCountedTo) {
  CommandResult sunday = run("when \"trước ngày 15/3/2026 ít nhất 05 ngày làm việc\" --year 2026");
  ASSERT_EQ(sunday.exit_code, 0) << sunday.err;
  EXPECT_NE(sunday.out.find(": due 2026-03-09 (T2), 5 working days before 2026-03-15 (CN)"), std::string::npos)
      << sunday.out;
  EXPECT_EQ(sunday.out.find("a day off"), std::string::npos) << sunday.out;
  CommandResult friday = run("when \"10 ngày làm việc trước ngày 20/3/2026\" --year 2026");
  ASSERT_EQ(friday.exit_code, 0) << friday.err;
  EXPECT_NE(friday.out.find(": due 2026-03-06 (T6), 10 working days before 2026-03-20 (T6)"), std::string::npos)
      << friday.out;
}

// A time for each level of government: each occurrence with its tiers.
TEST(CliWhen, EachLevelsTimeShowsItsTiers) {
  const std::string phrase = "\"Quý II đối với cấp tỉnh; Quý III đối với cấp xã\" --year 2026";
  CommandResult text = run("when " + phrase);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("tiers given: province, department, commune"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Quý II/2026: due 2026-06-30 (T3), end of quarter from 2026-04-01; for tiers province, "
                          "department"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("Quý III/2026: due 2026-09-30 (T4), end of quarter from 2026-07-01; for tiers commune"),
            std::string::npos)
      << text.out;
  auto json = nlohmann::json::parse(run("when " + phrase + " --format json").out);
  EXPECT_EQ(json["occurrences"][0]["tiers"], nlohmann::json::array({"province", "department"}));
  EXPECT_EQ(json["occurrences"][1]["tiers"], nlohmann::json::array({"commune"}));
  // A cell that names no level has no tiers.
  EXPECT_FALSE(
      nlohmann::json::parse(run("when \"Quý II/2026\" --format json").out)["occurrences"][0].contains("tiers"));
}

TEST(CliWhen, UnknownPhraseFailsWithFormsListed) {
  CommandResult r = run("when \"sớm nhất có thể\"");
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("cannot understand timeline \"sớm nhất có thể\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Quý I/2022"), std::string::npos) << r.err;
}

TEST(CliHolidays, OfficialYearAsJson) {
  CommandResult r = run("holidays --year 2022 " + k_config + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = nlohmann::json::parse(r.out);
  std::map<std::string, nlohmann::json> by_date;
  for (const auto& row : rows) {
    for (const char* key : {"date", "working", "name", "source"}) {
      ASSERT_TRUE(row.contains(key)) << key;
    }
    by_date[row["date"]] = row;
  }
  ASSERT_TRUE(by_date.count("2022-01-01"));  // a holiday on a Saturday is listed
  EXPECT_EQ(by_date["2022-01-01"]["working"], false);
  ASSERT_TRUE(by_date.count("2022-01-03"));
  ASSERT_TRUE(by_date.count("2022-01-31"));
  EXPECT_EQ(by_date["2022-01-31"]["source"], "official");
  ASSERT_TRUE(by_date.count("2022-09-01"));
  ASSERT_TRUE(by_date.count("2022-05-03"));
  EXPECT_FALSE(by_date.count("2022-01-04"));
}

TEST(CliHolidays, SwappedSaturdayIsWorking) {
  CommandResult r = run("holidays --year 2024 " + k_config + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  bool found = false;
  for (const auto& row : nlohmann::json::parse(r.out)) {
    if (row["date"] == "2024-05-04") {
      found = true;
      EXPECT_EQ(row["working"], true);
    }
  }
  EXPECT_TRUE(found);
}

TEST(CliHolidays, YearWithoutNoticeIsProvisional) {
  CommandResult r = run("holidays --year 2027 " + k_config);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("provisional"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("computed"), std::string::npos) << r.out;
}

TEST(CliHelp, EverySubcommandHasHelp) {
  for (const char* command : {"check", "agenda", "when", "holidays"}) {
    CommandResult r = run(std::string(command) + " --help");
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find("--"), std::string::npos) << command;
  }
  CommandResult none = run("");
  EXPECT_EQ(none.exit_code, 64);
}

// Usage errors said plainly: an unknown command is named (CLI11 said only
// that one is required), a range that ends before it starts and a negative
// --limit are refused (the limit listed every row).
TEST(CliUsage, UnknownCommandsBackwardRangesAndNegativeLimits) {
  CommandResult bogus = run("bogus");
  EXPECT_EQ(bogus.exit_code, 64);
  EXPECT_NE(bogus.err.find("unknown command \"bogus\"; the commands are check, agenda, when"), std::string::npos)
      << bogus.err;
  CommandResult backward = run("agenda " + k_config + " --from 2022-03-01 --to 2022-02-01");
  EXPECT_EQ(backward.exit_code, 64);
  EXPECT_NE(backward.err.find("agenda: --from 2022-03-01 is after --to 2022-02-01"), std::string::npos) << backward.err;
  CommandResult plan = run("plan " + k_config + " --from 2022-03-01 --to 2022-02-01");
  EXPECT_EQ(plan.exit_code, 64) << plan.err;
  CommandResult limit = run("outbox " + k_config + " --limit -1");
  EXPECT_EQ(limit.exit_code, 64);
  EXPECT_NE(limit.err.find("--limit"), std::string::npos) << limit.err;
}

// The config option before the command, an empty config path and a mistyped
// unit of send-test: each said plainly, with the fix.
TEST(CliUsage, OptionsBeforeTheCommandEmptyPathsAndMistypedUnits) {
  CommandResult before = run(k_config + " check");
  EXPECT_EQ(before.exit_code, 64);
  EXPECT_NE(before.err.find("options go after the command: deadlined COMMAND --config FILE"), std::string::npos)
      << before.err;
  CommandResult empty = run("check -c \"\"");
  EXPECT_EQ(empty.exit_code, 64);
  EXPECT_NE(empty.err.find("an empty path names no file"), std::string::npos) << empty.err;
  CommandResult empty_state = run("run " + k_config + " --state-dir \"\" --once");
  EXPECT_EQ(empty_state.exit_code, 64);
  EXPECT_NE(empty_state.err.find("--state-dir: an empty path names no file"), std::string::npos) << empty_state.err;
  CommandResult year = run("when \"Quý I\" --year abc");
  EXPECT_EQ(year.exit_code, 64);
  EXPECT_NE(year.err.find("--year: expected a whole number from 1900 to 2199, got \"abc\""), std::string::npos)
      << year.err;
  CommandResult unit = run("send-test " + k_config + " --unit so-tu-phapp");
  EXPECT_EQ(unit.exit_code, 64);
  EXPECT_NE(unit.err.find("send-test: unknown unit \"so-tu-phapp\"; did you mean \"so-tu-phap\"?"), std::string::npos)
      << unit.err;
}

}  // namespace
}  // namespace deadlined
