// End-to-end: a plan shorter than its year ("Kế hoạch công tác Quý IV/2026")
// states its own period with plan.start and plan.end; what "Hằng tháng" and
// "Hằng tuần" make outside it is never planned, what a cell names is kept.
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace deadlined {
namespace {

using testing::CommandResult;

std::string main_toml() {
  return R"(include = ["plan.toml"]
[daemon]
state_dir = "state"
[calendar]
holidays_dir = ")" DEADLINED_SOURCE_DIR R"(/config/holidays"

[[unit]]
id = "so-cong-thuong"
name = "Sở Công Thương"
tier = "department"
email = ["sct@example.vn"]
)";
}

std::string plan_toml(const std::string& period) {
  return R"(
[[plan]]
id = "quy-iv-2026"
title = "Kế hoạch công tác Quý IV/2026"
year = 2026
)" + period +
         R"(

[[plan.task]]
id = "1"
title = "Báo cáo tiến độ"
lead = ["so-cong-thuong"]
when = "Hằng tháng"

[[plan.task]]
id = "2"
title = "Chuẩn bị"
lead = ["so-cong-thuong"]
when = "Tháng 9/2026"

[[plan.task]]
id = "3"
title = "Họp giao ban"
lead = ["so-cong-thuong"]
when = "Thứ Sáu hằng tuần"
)";
}

struct Fixture {
  testing::TempDir dir;
  std::string config;
  explicit Fixture(const std::string& period) {
    dir.write("plan.toml", plan_toml(period));
    config = "--config " + dir.write("deadlined.toml", main_toml()).string();
  }

  std::vector<std::string> dues(const std::string& task) const {
    CommandResult r = testing::run_deadlined("agenda " + config + " --from 2026-01-01 --to 2026-12-31 --task " + task +
                                             " --format json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> nominal;
    for (const auto& row : nlohmann::json::parse(r.out.empty() ? "[]" : r.out)) {
      nominal.push_back(row["nominal_due"]);
    }
    return nominal;
  }
};

TEST(CliPlanPeriod, CadencesKeepToThePlansOwnPeriod) {
  Fixture quarter("start = 2026-10-01\nend = 2026-12-31");
  EXPECT_EQ(quarter.dues("1"), (std::vector<std::string>{"2026-10-31", "2026-11-30", "2026-12-31"}));
  // Written in the cell, September stays: it is what the plan says.
  EXPECT_EQ(quarter.dues("2"), (std::vector<std::string>{"2026-09-30"}));
  // Fridays from 2 October to 25 December.
  const std::vector<std::string> fridays = quarter.dues("3");
  ASSERT_EQ(fridays.size(), 13U);
  EXPECT_EQ(fridays.front(), "2026-10-02");
  EXPECT_EQ(fridays.back(), "2026-12-25");

  // Without a period the plan is its whole year.
  Fixture year("");
  EXPECT_EQ(year.dues("1").size(), 12U);
  EXPECT_EQ(year.dues("3").size(), 52U);
}

TEST(CliPlanPeriod, APeriodOutsideTheYearsOrBackwardsIsRefused) {
  Fixture outside("start = 2025-10-01");
  CommandResult r = testing::run_deadlined("check " + outside.config);
  EXPECT_EQ(r.exit_code, 78) << r.out << r.err;
  EXPECT_NE(r.err.find("start 2025-10-01 is outside the plan's years 2026"), std::string::npos) << r.err;

  Fixture backwards("start = 2026-12-01\nend = 2026-10-01");
  r = testing::run_deadlined("check " + backwards.config);
  EXPECT_EQ(r.exit_code, 78) << r.out << r.err;
  EXPECT_NE(r.err.find("end 2026-10-01 is before start 2026-12-01"), std::string::npos) << r.err;
}

TEST(CliPlanPeriod, WhenTakesThePeriodToo) {
  CommandResult r = testing::run_deadlined("when \"Hằng tháng\" --year 2026 --start 2026-10-15 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto parsed = nlohmann::json::parse(r.out);
  std::vector<std::string> nominal;
  for (const auto& occurrence : parsed["occurrences"]) {
    nominal.push_back(occurrence["due"]);
  }
  // October meets the period (its last day is after the 15th).
  EXPECT_EQ(nominal, (std::vector<std::string>{"2026-10-31", "2026-11-30", "2026-12-31"}));
  CommandResult backwards =
      testing::run_deadlined("when \"Hằng tháng\" --year 2026 --start 2026-10-15 --end 2026-10-01");
  EXPECT_EQ(backwards.exit_code, 64) << backwards.err;
}

}  // namespace
}  // namespace deadlined
