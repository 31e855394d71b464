// End-to-end: a task due so long before an event ("10 ngày trước ngày bầu
// cử", "trước 07 ngày làm việc so với ngày diễn ra kỳ họp") is on demand;
// `trigger --event D` makes it due on D less the count, and `agenda` lists it.
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace deadlined {
namespace {

using testing::CommandResult;

const char* const k_main = R"(include = ["units.toml", "plan.toml"]
[daemon]
state_dir = "state"
[calendar]
holidays_dir = ")" DEADLINED_SOURCE_DIR R"(/config/holidays"
)";

const char* const k_units = R"(
[[unit]]
id = "ubnd-xa"
name = "UBND xã A"
tier = "commune"
email = ["xa-a@example.vn"]
)";

const char* const k_plan = R"(
[[plan]]
id = "bau-cu"
title = "Kế hoạch bầu cử"
first_year = 2025
last_year = 2040

[[plan.task]]
id = "1"
title = "Niêm yết danh sách cử tri"
lead = ["ubnd-xa"]
when = "10 ngày trước ngày bầu cử"

[[plan.task]]
id = "2"
title = "Gửi tài liệu kỳ họp"
lead = ["ubnd-xa"]
when = "trước 07 ngày làm việc so với ngày diễn ra kỳ họp"
)";

struct Fixture {
  testing::TempDir dir;
  std::string config;
  Fixture() {
    dir.write("units.toml", k_units);
    dir.write("plan.toml", k_plan);
    config = "--config " + dir.write("deadlined.toml", k_main).string();
  }

  std::string nominal_due(const std::string& task) const {
    CommandResult agenda = testing::run_deadlined("agenda " + config + " --task " + task +
                                                  " --from 2025-01-01 --to 2040-12-31 --format json");
    EXPECT_EQ(agenda.exit_code, 0) << agenda.err;
    auto rows = nlohmann::json::parse(agenda.out);
    EXPECT_EQ(rows.size(), 1U) << agenda.out;
    return rows.empty() ? std::string() : rows[0]["nominal_due"].get<std::string>();
  }
};

// 23/03/2039 less 10 days is Sunday 13/03: moved to Friday 11/03, never after
// (Monday would be 9 days before the event).
TEST(CliCountBack, ATriggeredEventLessItsCountInDaysIsTheDueDate) {
  Fixture f;
  CommandResult when = testing::run_deadlined("when \"10 ngày trước ngày bầu cử\" --year 2039");
  ASSERT_EQ(when.exit_code, 0) << when.err;
  EXPECT_NE(when.out.find("due 10 days before the event (trigger --event D)"), std::string::npos) << when.out;
  CommandResult added = testing::run_deadlined("trigger " + f.config + " --task 1 --event 2039-03-23");
  ASSERT_EQ(added.exit_code, 0) << added.out << added.err;
  EXPECT_NE(added.out.find("due 2039-03-11"), std::string::npos) << added.out;
  EXPECT_EQ(f.nominal_due("1"), "2039-03-11");
}

// Wednesday 15/06/2039 less 7 working days: Monday 06/06.
TEST(CliCountBack, WorkingDaysAreCountedBackOnTheWorkingDayCalendar) {
  Fixture f;
  CommandResult added = testing::run_deadlined("trigger " + f.config + " --task 2 --event 2039-06-15");
  ASSERT_EQ(added.exit_code, 0) << added.out << added.err;
  EXPECT_EQ(f.nominal_due("2"), "2039-06-06");
}

TEST(CliCountBack, ADueDateAlreadyPastIsRefusedSayingSo) {
  Fixture f;
  CommandResult past = testing::run_deadlined("trigger " + f.config + " --task 1 --event 2025-03-15");
  EXPECT_EQ(past.exit_code, 64) << past.out << past.err;
  EXPECT_NE(past.err.find("the event on 2025-03-15 less 10 days is due 2025-03-05, already past"), std::string::npos)
      << past.err;
  CommandResult agenda =
      testing::run_deadlined("agenda " + f.config + " --task 1 --from 2025-01-01 --to 2040-12-31 --format json");
  ASSERT_EQ(agenda.exit_code, 0) << agenda.err;
  EXPECT_TRUE(nlohmann::json::parse(agenda.out).empty()) << agenda.out;
  // --due records it as given.
  CommandResult recorded = testing::run_deadlined("trigger " + f.config + " --task 1 --due 2025-03-05");
  EXPECT_EQ(recorded.exit_code, 0) << recorded.out << recorded.err;
}

}  // namespace
}  // namespace deadlined
