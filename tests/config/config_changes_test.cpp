#include "config/config_changes.hpp"

#include <gtest/gtest.h>

namespace deadlined {
namespace {

Config config_of(std::vector<std::string> units, std::vector<std::pair<std::string, std::vector<std::string>>> plans) {
  Config config;
  for (auto& id : units) {
    Unit unit;
    unit.id = std::move(id);
    config.units.push_back(std::move(unit));
  }
  for (auto& [id, tasks] : plans) {
    Plan plan;
    plan.id = id;
    for (auto& task_id : tasks) {
      Task task;
      task.id = task_id;
      plan.tasks.push_back(std::move(task));
    }
    config.plans.push_back(std::move(plan));
  }
  return config;
}

TEST(ConfigChanges, NothingRemovedWhenOnlyAdded) {
  auto running = config_of({"stp", "snv"}, {{"p", {"I.1"}}});
  auto next = config_of({"stp", "snv", "vp"}, {{"p", {"I.1", "I.2"}}, {"q", {"1"}}});
  auto removals = removed_between(running, next);
  EXPECT_TRUE(removals.empty());
  EXPECT_EQ(describe(removals), "");
}

TEST(ConfigChanges, NamesRemovedUnitsPlansAndTasksOfKeptPlans) {
  auto running = config_of({"stp", "snv", "vp"}, {{"p", {"I.1", "I.2", "II.1"}}, {"q", {"1"}}});
  auto next = config_of({"vp"}, {{"p", {"I.2"}}});
  auto removals = removed_between(running, next);
  EXPECT_EQ(removals.units, (std::vector<std::string>{"stp", "snv"}));
  EXPECT_EQ(removals.plans, (std::vector<std::string>{"q"}));
  EXPECT_EQ(removals.tasks, (std::vector<std::string>{"p/I.1", "p/II.1"}));
  EXPECT_EQ(describe(removals), "2 units (stp, snv), 1 plan (q), 2 tasks (p/I.1, p/II.1)");
}

TEST(ConfigChanges, AnEmptyConfigRemovesEverythingAndTheListIsShortened) {
  std::vector<std::string> units;
  for (int i = 0; i < 8; ++i) {
    units.push_back("u" + std::to_string(i));
  }
  auto running = config_of(units, {{"p", {"1"}}});
  auto removals = removed_between(running, Config{});
  EXPECT_EQ(removals.units.size(), 8U);
  EXPECT_TRUE(removals.tasks.empty());  // the plan is gone whole
  EXPECT_EQ(describe(removals, 3), "8 units (u0, u1, u2 and 5 more), 1 plan (p)");
}

}  // namespace
}  // namespace deadlined
