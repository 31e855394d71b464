// Config loading: what a valid file gives, and the exact text of every error.
#include <gtest/gtest.h>

#include <vector>

#include "config/config.hpp"
#include "support/config_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined {
namespace {

using testing::multi_year_plan_toml;
using testing::plan_toml;
using testing::TempDir;
using testing::unit_toml;

// The shared units vp, stp and snv (lines 2-6, 8-12, 14-18 of units.toml) and two groups.
const std::string k_units = "\n" + unit_toml("vp") + "\n" + unit_toml("stp") + "\n" + unit_toml("snv") + R"(
[[group]]
id = "so-nganh"
name = "Các sở, ban, ngành cấp tỉnh"
members = ["stp", "snv"]

[[group]]
id = "tat-ca"
name = "Tất cả"
members = ["vp", "so-nganh", "stp"]
)";

struct Loaded {
  LoadResult result;
  std::string text;  // every diagnostic, one per line
};

class ConfigLoad : public ::testing::Test {
 protected:
  // Writes main.toml with `main` (plus an include of units.toml holding
  // `units`) and loads it; file names in messages are relative to the temp dir.
  // Lines in messages count the include as line 1 of main.toml, and the
  // plan heads as the 4 or 5 lines of plan_toml / multi_year_plan_toml.
  Loaded load(std::string_view main, std::string_view units = k_units) {
    m_dir.write("units.toml", units);
    m_dir.write("holidays/.keep", "");
    std::string full = "include = [\"units.toml\"]\n" + std::string(main);
    m_dir.write("main.toml", full);
    Loaded loaded;
    std::filesystem::path cwd = std::filesystem::current_path();
    std::filesystem::current_path(m_dir.path());
    LoadOptions options;
    options.default_holidays_dir = "holidays";
    loaded.result = load_config("main.toml", options);
    std::filesystem::current_path(cwd);
    loaded.text = testing::format_diagnostics(loaded.result.diagnostics);
    return loaded;
  }
  TempDir m_dir;
};

TEST_F(ConfigLoad, ValidFileGivesUnitsGroupsPlansAndParsedTimelines) {
  auto loaded = load(R"(
[daemon]
timezone = "Asia/Ho_Chi_Minh"
send_time = "07:30"

)" + plan_toml(2022, "Kế hoạch") +
                     R"(
[[plan.task]]
id = "1"
title = "Việc một"
lead = ["vp"]
support = ["so-nganh"]
when = "Quý I/2022"
)");
  ASSERT_TRUE(loaded.result.config) << loaded.text;
  const Config& config = *loaded.result.config;
  EXPECT_EQ(config.units.size(), 3u);
  EXPECT_EQ(config.groups.size(), 2u);
  EXPECT_EQ(config.daemon.send_minute_of_day, 7 * 60 + 30);
  ASSERT_EQ(config.plans.size(), 1u);
  const Task& task = config.plans[0].tasks.at(0);
  ASSERT_EQ(task.timeline.occurrences.size(), 1u);
  EXPECT_EQ(task.timeline.occurrences[0].nominal_due, make_date(2022, 3, 31));
}

TEST_F(ConfigLoad, GroupsExpandRecursivelyWithoutDuplicates) {
  auto loaded = load("");
  ASSERT_TRUE(loaded.result.config) << loaded.text;
  std::vector<std::string> ids;
  for (std::size_t index : loaded.result.config->expand("tat-ca")) {
    ids.push_back(loaded.result.config->units[index].id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"vp", "stp", "snv"}));
}

// Sub-rows: `parent = "N"` instead of ids `N.a`; the title may come from the parent.
TEST_F(ConfigLoad, SubRowsWithParentTakeTheParentsTitle) {
  auto loaded = load("\n" + multi_year_plan_toml(2026, 2030, "Kế hoạch") + R"(
[[plan.task]]
id = "3"
title = "Rà soát, công bố thủ tục hành chính"
when = "Không xác định"
lead = ["vp"]

[[plan.task]]
id = "3-tinh"
parent = "3"
lead = ["stp"]
when = "Hằng năm"

[[plan.task]]
id = "3-xa"
parent = "3"
title = "Rà soát thủ tục cấp xã"
lead = ["snv"]
when = "Giai đoạn 2026 - 2030"
)");
  ASSERT_TRUE(loaded.result.config) << loaded.text;
  const Plan& plan = loaded.result.config->plans.at(0);
  ASSERT_EQ(plan.tasks.size(), 3u);
  EXPECT_EQ(plan.tasks[0].parent, "");
  EXPECT_EQ(plan.tasks[1].parent, "3");
  EXPECT_EQ(plan.tasks[1].title, "Rà soát, công bố thủ tục hành chính");
  EXPECT_EQ(plan.tasks[2].parent, "3");
  EXPECT_EQ(plan.tasks[2].title, "Rà soát thủ tục cấp xã");
}

TEST_F(ConfigLoad, UnknownParentSuggestsTheClosestRow) {
  auto loaded = load("\n" + plan_toml(2026, "Kế hoạch") + R"(
[[plan.task]]
id = "II.3.1"
title = "Việc"
lead = ["vp"]
when = "Quý I/2026"

[[plan.task]]
id = "II.3.1-xa"
parent = "II.3.l"
lead = ["vp"]
when = "Quý II/2026"
)");
  EXPECT_FALSE(loaded.result.config);
  EXPECT_EQ(loaded.text,
            "main.toml:16:1: task \"II.3.1-xa\": parent \"II.3.l\" is not a task of plan \"p\"; did you "
            "mean \"II.3.1\"?\n");
}

TEST_F(ConfigLoad, ParentMustBeAnotherTopLevelRowOfThePlan) {
  auto loaded = load("\n" + plan_toml(2026, "Kế hoạch") + R"(
[[plan.task]]
id = "1"
title = "Việc"
lead = ["vp"]
when = "Quý I/2026"

[[plan.task]]
id = "1a"
parent = "1"
lead = ["vp"]
when = "Quý II/2026"

[[plan.task]]
id = "2a"
parent = "2"
lead = ["vp"]
when = "Quý II/2026"

[[plan.task]]
id = "1b"
parent = "1a"
lead = ["vp"]
when = "Quý II/2026"

[[plan.task]]
id = "4"
parent = "4"
lead = ["vp"]
when = "Quý II/2026"

[[plan.task]]
id = "5"
lead = ["vp"]
when = "Quý II/2026"
)");
  EXPECT_FALSE(loaded.result.config);
  EXPECT_EQ(loaded.text,
            "main.toml:22:1: task \"2a\": parent \"2\" is not a task of plan \"p\"\n"
            "main.toml:28:1: task \"1b\": parent \"1a\" is itself a sub-row (of \"1\"); name the "
            "row at the top instead\n"
            "main.toml:34:1: task \"4\": parent \"4\" is the task itself\n"
            "main.toml:38:1: [[plan.task]]: missing required key \"title\"\n");
}

TEST_F(ConfigLoad, UnknownKeyIsAnErrorWithSuggestion) {
  auto loaded = load(R"(
[daemon]
send_tme = "08:00"
)");
  EXPECT_FALSE(loaded.result.config);
  EXPECT_EQ(loaded.text, "main.toml:4:1: unknown key \"send_tme\" in [daemon]; did you mean \"send_time\"?\n");
}

TEST_F(ConfigLoad, UnknownUnitReferenceSuggestsClosestId) {
  auto loaded = load("\n" + plan_toml(2022, "Kế hoạch") + R"(
[[plan.task]]
id = "1"
title = "Việc"
lead = ["stpp"]
when = "Quý I/2022"
)");
  EXPECT_FALSE(loaded.result.config);
  EXPECT_EQ(loaded.text,
            "main.toml:11:9: unknown unit or group \"stpp\" in lead of task \"1\"; did you mean \"stp\"?\n");
}

TEST_F(ConfigLoad, AllErrorsAreReportedInOneRunInFileOrder) {
  auto loaded = load(R"(
[daemon]
send_time = "8h"

[calendar]
roll = "forward"

)" + plan_toml(2022, "Kế hoạch") +
                     R"(
[[plan.task]]
id = "1"
title = "Việc"
lead = ["vp"]
when = "Quý I/2022"

[[plan.task]]
id = "1"
title = "Việc trùng"
lead = ["nobody"]
when = "Quý II/2022"

[[plan.task]]
id = "3"
title = "Việc"
lead = ["vp"]
when = "sớm nhất có thể"
)");
  EXPECT_FALSE(loaded.result.config);
  std::vector<std::string> lines;
  std::string line;
  std::istringstream stream(loaded.text);
  while (std::getline(stream, line)) {
    lines.push_back(line);
  }
  ASSERT_EQ(lines.size(), 5u) << loaded.text;
  EXPECT_EQ(lines[0], "main.toml:4:13: daemon.send_time: expected a time like \"08:00\", got \"8h\"");
  EXPECT_EQ(lines[1], "main.toml:7:8: roll: expected \"next\", \"previous\" or \"keep\", got \"forward\"");
  EXPECT_EQ(lines[2], "main.toml:20:1: duplicate task id \"1\" in plan \"p\" (first defined at main.toml:14:1)");
  EXPECT_EQ(lines[3], "main.toml:23:9: unknown unit or group \"nobody\" in lead of task \"1\"");
  // The list of forms is `deadlined when`'s, not repeated on every row.
  EXPECT_EQ(lines[4],
            "main.toml:30:8: when: cannot understand timeline \"sớm nhất có thể\" (`deadlined when` lists the "
            "understood forms, docs/config.md \"Timeline\" explains them); rephrase it; or give a structured "
            "`schedule`");
}

// A value that must be one of a few names: each error names them all.
TEST_F(ConfigLoad, ChoiceErrorsNameEveryChoice) {
  auto loaded = load(R"(
[calendar]
before_date = "loose"

[delivery]
synchronous = "off"

[report]
to = "vp"
every = "daily"

[[policy]]
id = "x"
unit = "hours"
ongoing_checkin = "weekly"
)");
  EXPECT_FALSE(loaded.result.config);
  EXPECT_EQ(loaded.text,
            "main.toml:4:15: before_date: expected \"inclusive\" or \"strict\", got \"loose\"\n"
            "main.toml:7:15: delivery.synchronous: expected \"normal\" or \"full\", got \"off\"\n"
            "main.toml:11:9: report.every: expected \"weekly\" or \"monthly\", got \"daily\"\n"
            "main.toml:15:8: policy.unit: expected \"working_days\" or \"days\", got \"hours\"\n"
            "main.toml:16:19: policy.ongoing_checkin: expected \"none\", \"monthly\" or \"quarterly\", got "
            "\"weekly\"\n");
}

TEST_F(ConfigLoad, DuplicateUnitIdNamesTheFirstDefinition) {
  auto loaded = load("", std::string(k_units) + R"(
[[unit]]
id = "stp"
name = "Sở Tư pháp - bản sao"
tier = "department"
channels = []
)");
  EXPECT_FALSE(loaded.result.config);
  EXPECT_EQ(loaded.text, "units.toml:30:1: duplicate id \"stp\" (first defined at units.toml:8:1)\n");
}

TEST_F(ConfigLoad, GroupCycleIsAnError) {
  auto loaded = load("", R"(
[[unit]]
id = "a"
name = "A"
tier = "commune"
channels = []

[[group]]
id = "g1"
name = "G1"
members = ["a", "g2"]

[[group]]
id = "g2"
name = "G2"
members = ["g1"]
)");
  EXPECT_FALSE(loaded.result.config);
  EXPECT_EQ(loaded.text, "units.toml:8:1: group cycle: g1 -> g2 -> g1\n");
}

TEST_F(ConfigLoad, TomlSyntaxErrorGivesFileLineColumn) {
  auto loaded = load("[daemon]\nsend_time = \"08:00\n");
  EXPECT_FALSE(loaded.result.config);
  EXPECT_TRUE(loaded.text.starts_with("main.toml:3:")) << loaded.text;
}

TEST_F(ConfigLoad, ImpossibleDateIsAnError) {
  auto loaded = load("\n" + plan_toml(2022, "Kế hoạch") + R"(
[[plan.task]]
id = "1"
title = "Việc"
lead = ["vp"]
when = "Trước ngày 31/02/2022"
)");
  EXPECT_FALSE(loaded.result.config);
  EXPECT_TRUE(loaded.text.starts_with(
      "main.toml:12:8: when: timeline \"Trước ngày 31/02/2022\": 31/02/2022 is not a date: February 2022 has 28 days"))
      << loaded.text;
}

TEST_F(ConfigLoad, InlineSecretsAreRefused) {
  auto loaded = load(R"(
[smtp]
url = "smtp://127.0.0.1:25"
password = "hunter2"
)");
  EXPECT_FALSE(loaded.result.config);
  EXPECT_EQ(loaded.text,
            "main.toml:5:1: smtp.password: secrets are not accepted inline; use password_file, "
            "password_credential or password_env\n");
}

// URLs `check` passed and delivery then refused, every reminder going dead
// on its first try; a login over plain SMTP; a week with no working day.
TEST_F(ConfigLoad, DeliveryUrlsAndSettingsThatCannotWorkAreRefused) {
  const std::vector<std::pair<std::string, std::string>> smtp{
      {"smtp://", "smtp.url: no host"},
      {"smtp://mail example.vn", "smtp.url: a space or control character in the URL"},
      {"smtp://host:99999", "smtp.url: the port 99999 is not from 1 to 65535"},
      {"smtp://host:2x5", "smtp.url: the port \"2x5\" is not a number from 1 to 65535"},
      {"smtp://host:0", "smtp.url: the port 0 is not from 1 to 65535"},
      {"smtp://[::1", "smtp.url: an address opened with \"[\" is never closed"},
      {"smtps://user:secret@127.0.0.1:1", "smtp.url: a user or password in the URL"},
      {"http://mail.example.vn", "smtp.url: expected smtp:// or smtps://HOST"}};
  for (const auto& [url, message] : smtp) {
    SCOPED_TRACE(url);
    auto loaded = load("\n[smtp]\nurl = \"" + url + "\"\n");
    EXPECT_FALSE(loaded.result.config);
    EXPECT_NE(loaded.text.find("main.toml:4:7: " + message), std::string::npos) << loaded.text;
  }
  for (const std::string url : {"smtp://127.0.0.1:25", "smtps://mail.example.vn", "smtp://[::1]:2525"}) {
    SCOPED_TRACE(url);
    EXPECT_TRUE(load("\n[smtp]\nurl = \"" + url + "\"\n").result.config);
  }
  auto clear_login = load("\n[smtp]\nurl = \"smtp://127.0.0.1:25\"\nusername = \"u\"\nrequire_tls = false\n");
  EXPECT_FALSE(clear_login.result.config);
  EXPECT_NE(clear_login.text.find("smtp.username: a login needs TLS"), std::string::npos) << clear_login.text;

  for (const std::string url : {"", "https://", "http://[::1", "https://h ost/x", "http://example.vn:0/x"}) {
    SCOPED_TRACE(url);
    auto hook =
        load("\n[[unit]]\nid = \"w\"\nname = \"W\"\ntier = \"department\"\n[[unit.webhook]]\nurl = \"" + url + "\"\n");
    EXPECT_FALSE(hook.result.config);
    EXPECT_NE(hook.text.find("unit.webhook.url: "), std::string::npos) << hook.text;
  }

  auto no_working_day = load(
      "\n[calendar]\nrest_days = [\"saturday\",\"sunday\",\"monday\",\"tuesday\",\"wednesday\",\"thursday\","
      "\"friday\"]\n");
  EXPECT_FALSE(no_working_day.result.config);
  EXPECT_NE(no_working_day.text.find("calendar.rest_days: every day of the week is a rest day"), std::string::npos)
      << no_working_day.text;
}

// Allowed, but almost surely a mistake: `check` warns, at the key. An
// address with two "@" is no address; one pasted with its line break stays
// on its diagnostic's line.
TEST_F(ConfigLoad, LikelyMistakesAreWarnedAndBrokenAddressesRefused) {
  auto loaded = load(R"(
[delivery]
retry_base = 600
retry_cap = 60

[[policy]]
id = "default"
[policy.lead]
before = [10, 10, 1]

[[unit]]
id = "x"
name = "X"
tier = "department"
email = ["vanthu@x.vn", "vanthu@x.vn"]

[[group]]
id = "rong"
name = "Rỗng"
members = []

[[plan]]
id = "trong"
title = "Kế hoạch chưa có việc"
year = 2022
)");
  ASSERT_TRUE(loaded.result.config) << loaded.text;
  EXPECT_EQ(loaded.text,
            "main.toml:5:1: warning: delivery.retry_cap (60 s) is below delivery.retry_base (600 s): every retry "
            "waits retry_cap\n"
            "main.toml:10:15: warning: before: 10 is listed twice; one reminder is sent\n"
            "main.toml:16:25: warning: unit.email: \"vanthu@x.vn\" is listed twice for unit \"x\"; it is reminded "
            "once\n"
            "main.toml:21:1: warning: group \"rong\" has no members: a task naming it as lead or support reminds "
            "nobody there\n"
            "main.toml:23:1: warning: plan \"trong\" has no [[plan.task]]: it reminds nobody of anything\n");
  EXPECT_EQ(loaded.result.config->find_unit("x")->emails, (std::vector<std::string>{"vanthu@x.vn"}));
  EXPECT_EQ(loaded.result.config->policies.front().lead.before, (std::vector<int>{10, 1}));

  // A stop that may outlast the unit's TimeoutStopSec (90 s): the drain
  // alone, since the transfers still running then are cut short, however
  // long their own timeouts.
  auto slow_stop = load("\n[delivery]\ndrain_timeout = 86\n");
  ASSERT_TRUE(slow_stop.result.config) << slow_stop.text;
  EXPECT_EQ(slow_stop.text,
            "main.toml:4:1: warning: a stop may take 86 s (delivery.drain_timeout), close to or over the 90 s the "
            "shipped service unit allows (TimeoutStopSec): raise it with `systemctl edit deadlined`, or systemd kills "
            "the daemon before it records the deliveries in flight and they are sent again at the next start\n");
  for (const std::string fits :
       {"\n[smtp]\nurl = \"smtp://127.0.0.1:25\"\ntimeout = 3600\n[delivery]\ndrain_timeout = 20\n",
        "\n[webhooks]\ntimeout = 600\n[delivery]\ndrain_timeout = 85\n"}) {
    auto quiet = load(fits);
    ASSERT_TRUE(quiet.result.config) << quiet.text;
    EXPECT_EQ(quiet.text, "") << fits;
  }

  for (const std::string address : {"a@b@c", "@x.vn", "vanthu@", "van thu@x.vn", "\\\"a\\\"@x.vn"}) {
    SCOPED_TRACE(address);
    auto bad = load("\n[[unit]]\nid = \"y\"\nname = \"Y\"\ntier = \"department\"\nemail = [\"" + address + "\"]\n");
    EXPECT_FALSE(bad.result.config);
    EXPECT_NE(bad.text.find("main.toml:7:10: unit.email: "), std::string::npos) << bad.text;
    EXPECT_NE(bad.text.find("is not an email address"), std::string::npos) << bad.text;
  }
  auto broken =
      load("\n[[unit]]\nid = \"y\"\nname = \"Y\"\ntier = \"department\"\nemail = [\"a@x.vn\\r\\nBcc: b@x.vn\"]\n");
  EXPECT_FALSE(broken.result.config);
  EXPECT_NE(broken.text.find("unit.email: \"a@x.vn\\r\\nBcc: b@x.vn\" is not an email address\n"), std::string::npos)
      << broken.text;
  EXPECT_EQ(broken.text.find("\nBcc"), std::string::npos) << broken.text;
}

// TOML reads unquoted times and dates as such: the error says to quote them.
TEST_F(ConfigLoad, AnUnquotedTimeOrDateIsToldToBeQuoted) {
  auto time = load("\n[daemon]\nsend_time = 08:00:00\n");
  EXPECT_FALSE(time.result.config);
  EXPECT_EQ(time.text, "main.toml:4:13: send_time: expected a string, got a time; write it in quotes: \"08:00\"\n");
  auto date = load("\n[daemon]\ntimezone = 2026-03-31\n");
  EXPECT_FALSE(date.result.config);
  EXPECT_EQ(date.text, "main.toml:4:12: timezone: expected a string, got a date; write it in quotes: \"2026-03-31\"\n");
}

TEST_F(ConfigLoad, StructuredScheduleGivesReportSeriesWithTierDays) {
  auto loaded = load(R"(
[[plan]]
id = "p"
title = "Kế hoạch"
year = 2022
report_days = { department = 18 }

[[plan.task]]
id = "r"
title = "Báo cáo"
lead = ["stp"]
when = ""
schedule = { periods = ["Q1", "Q2", "Q3", "year"], report = true }
)");
  ASSERT_TRUE(loaded.result.config) << loaded.text;
  const Task& task = loaded.result.config->plans[0].tasks[0];
  ASSERT_EQ(task.timeline.occurrences.size(), 4u);
  EXPECT_TRUE(task.timeline.occurrences[0].report);
  EXPECT_EQ(task.timeline.occurrences[0].label, "Báo cáo Quý I/2022");
  EXPECT_EQ(task.timeline.occurrences[3].nominal_due, make_date(2022, 12, 31));
}

TEST_F(ConfigLoad, ScheduleNeedsExactlyOneForm) {
  auto loaded = load("\n" + plan_toml(2022, "Kế hoạch") + R"(
[[plan.task]]
id = "r"
title = "Việc"
lead = ["stp"]
schedule = { date = 2022-03-15, every = "month" }
)");
  EXPECT_FALSE(loaded.result.config);
  EXPECT_EQ(loaded.text,
            "main.toml:12:12: schedule: give exactly one of \"kind\", \"date\", \"dates\", "
            "\"every\" or \"periods\"\n");
}

TEST_F(ConfigLoad, IncludeOutsideMainFileIsAnError) {
  auto loaded = load("", std::string("include = [\"x.toml\"]\n") + std::string(k_units));
  EXPECT_FALSE(loaded.result.config);
  EXPECT_EQ(loaded.text, "units.toml:1:1: include is only allowed in the main file\n");
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

TEST_F(ConfigLoad, AliasesAreReadAndMayDenoteOnlyOneUnitOrGroup) {
  std::string units = std::string(k_units) + R"(
[[unit]]
id = "stttt"
name = "Sở Thông tin và Truyền thông"
tier = "department"
email = ["vanthu@stttt.example.test"]
aliases = ["Sở TT&TT", "Sở TTTT"]
)";
  auto loaded = load("", units);
  ASSERT_TRUE(loaded.result.config.has_value()) << loaded.text;
  EXPECT_EQ(loaded.result.config->find_unit("stttt")->aliases, (std::vector<std::string>{"Sở TT&TT", "Sở TTTT"}));

  // "SỞ TƯ PHÁP" folds to the name of unit "stp".
  units += R"(
[[group]]
id = "nhom"
name = "Nhóm"
aliases = ["SỞ TƯ PHÁP", ""]
members = ["stp"]
)";
  loaded = load("", units);
  EXPECT_FALSE(loaded.result.config.has_value());
  EXPECT_NE(loaded.text.find("alias \"SỞ TƯ PHÁP\" of \"nhom\" is already a name or alias of \"stp\""),
            std::string::npos)
      << loaded.text;
  EXPECT_NE(loaded.text.find("group.aliases: an alias may not be empty"), std::string::npos) << loaded.text;
}

}  // namespace
}  // namespace deadlined
