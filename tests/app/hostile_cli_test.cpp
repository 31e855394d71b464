// The CLI on hostile input from the reliability trial.
#include "support/run_binary.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/temp_dir.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined {
namespace {

using testing::CommandResult;
using testing::run_deadlined;

TEST(CliWhen, InvalidUtf8IsRejectedNotAborted) {
  for (const char* format : {"json", "text"}) {
    CommandResult r = run_deadlined(
        "when \"$(printf 'Khi c\\303\\263 y\\303\\252u c\\341\\272\\247u \\377')\" --format " + std::string(format));
    EXPECT_EQ(r.exit_code, 65) << format << ": " << r.err;
    EXPECT_NE(r.err.find("not valid UTF-8 (byte 20)"), std::string::npos) << r.err;
  }
}

// An outbox path that cannot be examined (a symbolic link loop here; a state
// directory the user may not enter does the same, which root cannot show):
// `agenda` aborted on the exception, `report` and `plan` went on as if the
// daemon had never run (nothing done, no triggers) and exited 0, `outbox`
// said the daemon had not run yet. Each now says what stands in the way.
TEST(CliOutboxPath, AnOutboxPathThatCannotBeExaminedIsAnErrorForEveryCommand) {
  testing::TempDir dir;
  const auto state = dir.path() / "state";
  std::filesystem::create_directories(state);
  const auto main = dir.write("main.toml", testing::daemon_calendar_toml(state) + testing::unit_toml("vp") + "\n" +
                                               testing::plan_toml(2022) +
                                               "\n[[plan.task]]\nid = \"T1\"\ntitle = \"Báo cáo\"\nlead = [\"vp\"]\n"
                                               "schedule = { date = 2022-03-31 }\n");
  const std::string config = " --config " + main.string() + " --state-dir " + state.string();
  const auto database = state / "outbox.sqlite";
  std::filesystem::create_symlink("outbox.sqlite", database);
  for (const std::string command : {"agenda", "report", "plan", "outbox", "outbox compact"}) {
    const CommandResult r = run_deadlined(command + config);
    EXPECT_EQ(r.exit_code, 1) << command << ": " << r.err;
    EXPECT_NE(r.err.find(database.string() + ": cannot examine: Too many levels of symbolic links"), std::string::npos)
        << command << ": " << r.err;
  }
  std::filesystem::remove(database);
  std::filesystem::create_symlink(dir.path() / "moved" / "outbox.sqlite", database);
  for (const std::string command : {"agenda", "report", "plan", "outbox"}) {
    const CommandResult r = run_deadlined(command + config);
    EXPECT_EQ(r.exit_code, 1) << command << ": " << r.err;
    EXPECT_NE(r.err.find(database.string() + ": a symbolic link to a file that does not exist"), std::string::npos)
        << command << ": " << r.err;
  }
}

// `run --now` takes an RFC 3339 instant or nothing: an offset beyond 23:59
// shifted the clock by days, and an empty value (an unset variable in a
// script) ran on the system clock, both with exit 0.
TEST(CliRunNow, AnEmptyValueOrAnOffsetOutOfRangeIsAUsageError) {
  testing::TempDir dir;
  const auto state = dir.path() / "state";
  const auto main = dir.write(
      "main.toml", testing::daemon_calendar_toml(state) + testing::unit_toml("vp") + "\n" + testing::plan_toml(2022));
  for (const std::string now :
       {"''", "2022-03-17T08:00:00+99:00", "2022-03-17T08:00:00+24:00", "2022-03-17T08:00:00-05:60"}) {
    const CommandResult r = run_deadlined("run --once --config " + main.string() + " --now " + now);
    EXPECT_EQ(r.exit_code, 64) << now << ": " << r.err;
    EXPECT_NE(r.err.find("run: --now: expected an instant like"), std::string::npos) << now << ": " << r.err;
  }
  const CommandResult r = run_deadlined("run --once --config " + main.string() + " --now 2022-03-17T08:00:00-23:59");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// What opening the outbox did that the admin should know reaches the admin
// from a command too, not only from the daemon's log: a log left without its
// database is moved aside by whichever opens the outbox first.
TEST(CliOutboxNotices, ACommandThatOpensTheOutboxPrintsItsNotices) {
  testing::TempDir dir;
  const auto state = dir.path() / "state";
  std::filesystem::create_directories(state);
  const auto main = dir.write(
      "main.toml", testing::daemon_calendar_toml(state) + testing::unit_toml("vp") + "\n" + testing::plan_toml(2022) +
                       "\n[[plan.task]]\nid = \"OD\"\ntitle = \"Theo yêu cầu\"\n"
                       "lead = [\"vp\"]\nwhen = \"Trong 5 ngày làm việc kể từ ngày nhận yêu cầu\"\n");
  dir.write("state/outbox.sqlite-wal", "a log left behind");
  const CommandResult r = run_deadlined("trigger --task OD --due 2022-03-25 --config " + main.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("trigger: warning: " + (state / "outbox.sqlite-wal").string() +
                       " was left without its database (deleted by hand?): moved to"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace deadlined
