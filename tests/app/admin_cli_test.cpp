// The admin's side of issue 13, end to end on the real binary: filter typos are
// usage errors, `check` lists opted-out units, and `plan.tracking_from` makes
// the first report after going live mid-plan truthful.
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <fstream>
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>

namespace deadlined {
namespace {

using testing::CommandResult;
using testing::TempDir;

CommandResult run(const std::string& arguments) {
  return testing::run_deadlined(arguments);
}

const std::string k_config = std::string("--config ") + DEADLINED_SOURCE_DIR + "/config/deadlined.toml";

TEST(FilterTypos, UnknownTaskOrPlanIsAUsageErrorWithASuggestion) {
  CommandResult task = run("agenda " + k_config + " --task VIII.l");
  EXPECT_EQ(task.exit_code, 64) << task.out;
  EXPECT_NE(task.err.find("agenda: unknown task \"VIII.l\"; did you mean \"VIII.1\"?"), std::string::npos) << task.err;

  CommandResult plan = run("agenda " + k_config + " --plan tthue-kstthc-2021");
  EXPECT_EQ(plan.exit_code, 64);
  EXPECT_NE(plan.err.find("unknown plan \"tthue-kstthc-2021\"; did you mean \"tthue-kstthc-2022\"?"), std::string::npos)
      << plan.err;

  CommandResult nope = run("agenda " + k_config + " --plan nope");
  EXPECT_EQ(nope.exit_code, 64);
  EXPECT_NE(nope.err.find("unknown plan \"nope\"; known: tthue-kstthc-2022"), std::string::npos) << nope.err;

  CommandResult xx = run("agenda " + k_config + " --task XX");
  EXPECT_EQ(xx.exit_code, 64);
  EXPECT_NE(xx.err.find("unknown task \"XX\""), std::string::npos) << xx.err;

  CommandResult reminders = run("plan " + k_config + " --task XX --from 2022-03-01 --to 2022-03-31");
  EXPECT_EQ(reminders.exit_code, 64);
  EXPECT_NE(reminders.err.find("plan: unknown task \"XX\""), std::string::npos) << reminders.err;

  TempDir state;
  CommandResult report = run("report " + k_config + " --state-dir " + state.path().string() + " --plan nope");
  EXPECT_EQ(report.exit_code, 64);
  EXPECT_NE(report.err.find("report: unknown plan \"nope\"; known: tthue-kstthc-2022"), std::string::npos)
      << report.err;

  CommandResult known = run("agenda " + k_config + " --task VIII.1 --plan tthue-kstthc-2022 --unit so-tu-phap");
  EXPECT_EQ(known.exit_code, 0) << known.err;
}

// A copy of the shipped config in a temp dir, so it can be edited.
class ShippedCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::copy(std::filesystem::path(DEADLINED_SOURCE_DIR) / "config", m_dir.path() / "etc",
                          std::filesystem::copy_options::recursive);
    std::filesystem::create_directory(m_dir.path() / "state");  // --state-dir names an existing directory
  }
  std::filesystem::path main() const { return m_dir.path() / "etc" / "deadlined.toml"; }
  std::filesystem::path plan_file() const { return m_dir.path() / "etc" / "plans" / "thua-thien-hue-2022.toml"; }
  std::filesystem::path units_file() const { return m_dir.path() / "etc" / "units" / "thua-thien-hue.toml"; }
  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static void write(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }
  std::string args() const {
    return "--config " + main().string() + " --state-dir " + (m_dir.path() / "state").string();
  }
  TempDir m_dir;
};

TEST_F(ShippedCopy, CheckRefusesAUnitWithoutChannelsAndListsOptedOutOnes) {
  std::string units = read(units_file());
  auto at = units.find("email = [\"vanthu@stp.");
  ASSERT_NE(at, std::string::npos);
  auto eol = units.find('\n', at);
  write(units_file(), units.substr(0, at) + units.substr(eol + 1));
  CommandResult refused = run("check --config " + main().string());
  EXPECT_EQ(refused.exit_code, 78) << refused.out;
  EXPECT_NE(refused.err.find("unit \"so-tu-phap\" has no email and no webhook"), std::string::npos) << refused.err;
  EXPECT_TRUE(std::regex_search(refused.err, std::regex("thua-thien-hue\\.toml:[0-9]+:1: unit \"so-tu-phap\"")))
      << refused.err;

  write(units_file(), units.substr(0, at) + "channels = []\n" + units.substr(eol + 1));
  CommandResult opted = run("check --config " + main().string());
  EXPECT_EQ(opted.exit_code, 0) << opted.err;
  EXPECT_NE(opted.out.find("never reminded (channels = []): 1: so-tu-phap"), std::string::npos) << opted.out;
}

nlohmann::json report_json(const std::string& args) {
  CommandResult r = run("report " + args + " --as-of 2022-03-17 --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

TEST_F(ShippedCopy, TrackingFromLeavesEarlierObligationsOutOfTheFirstReport) {
  nlohmann::json before = report_json(args());
  EXPECT_GT(before.at("totals").at("overdue").get<int>(), 0) << "the seed plan has obligations due before go-live";

  std::string plan = read(plan_file());
  auto at = plan.find("\nyear = 2022\n");
  ASSERT_NE(at, std::string::npos);
  plan.insert(at + 13, "tracking_from = 2022-03-17\n");
  write(plan_file(), plan);
  nlohmann::json after = report_json(args());
  EXPECT_EQ(after.at("totals").at("overdue").get<int>(), 0) << after.at("totals").dump();
  for (const auto& entry : after.at("entries")) {
    EXPECT_GE(entry.at("due").get<std::string>(), "2022-03-17") << entry.dump();
  }
  CommandResult check = run("check --config " + main().string());
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("tracking:    plan tthue-kstthc-2022 from 2022-03-17"), std::string::npos) << check.out;
  CommandResult plan_cmd = run("plan " + args() + " --from 2022-03-01 --to 2022-03-31 --format json");
  ASSERT_EQ(plan_cmd.exit_code, 0) << plan_cmd.err;
  for (const auto& row : nlohmann::json::parse(plan_cmd.out)) {
    EXPECT_GE(row.at("due").get<std::string>(), "2022-03-17") << row.dump();
  }
}

// What `check` passed and `run` then failed on: a state directory that is a
// file, a config whose include pattern matches no plan, and an environment
// secret unset where check runs (told, since the service's environment may
// differ).
TEST_F(ShippedCopy, CheckTellsAStateDirThatIsAFileNoPlansAndAnUnsetSecretVariable) {
  std::string main_text = read(main());
  const std::filesystem::path state_file = m_dir.path() / "state-file";
  write(state_file, "not a directory");
  const auto at = main_text.find("state_dir = ");
  ASSERT_NE(at, std::string::npos);
  const auto eol = main_text.find('\n', at);
  write(main(), main_text.substr(0, at) + "state_dir = \"" + state_file.string() + "\"" + main_text.substr(eol));
  CommandResult file_state = run("check --config " + main().string());
  EXPECT_EQ(file_state.exit_code, 78) << file_state.err;
  EXPECT_NE(file_state.err.find("daemon.state_dir: " + state_file.string() + " is not a directory"), std::string::npos)
      << file_state.err;

  std::string no_plans = main_text;
  const auto plans = no_plans.find("plans/");
  ASSERT_NE(plans, std::string::npos) << main_text;
  no_plans.replace(plans, 6, "plan/");
  write(main(), no_plans);
  CommandResult empty = run("check --config " + main().string());
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_NE(empty.err.find("warning: no plans: nobody will be reminded"), std::string::npos) << empty.err;

  write(main(), main_text +
                    "\n[smtp]\nurl = \"smtps://mail.example.vn\"\nusername = \"u\"\n"
                    "password_env = \"DEADLINED_TEST_UNSET_VARIABLE\"\n");
  CommandResult unset = run("check --config " + main().string());
  EXPECT_EQ(unset.exit_code, 0) << unset.err;
  EXPECT_NE(unset.err.find("warning: smtp password: $DEADLINED_TEST_UNSET_VARIABLE is not set here"), std::string::npos)
      << unset.err;

  // A secret file that cannot be read is located at its key, as any config error.
  const std::string hook_line = "password_file = \"absent-password\"";
  write(main(), main_text + "\n[smtp]\nurl = \"smtps://mail.example.vn\"\nusername = \"u\"\n" + hook_line + "\n");
  const std::string written = main_text + "\n[smtp]\nurl = \"smtps://mail.example.vn\"\nusername = \"u\"\n";
  const auto line = std::count(written.begin(), written.end(), '\n') + 1;
  CommandResult missing = run("check --config " + main().string());
  EXPECT_EQ(missing.exit_code, 78) << missing.err;
  EXPECT_NE(
      missing.err.find(main().string() + ":" + std::to_string(line) + ":1: smtp password: cannot read secret file"),
      std::string::npos)
      << missing.err;
}

}  // namespace
}  // namespace deadlined
