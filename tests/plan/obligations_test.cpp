// Obligations of the shipped seed plan on the real 2022 calendar: the worked
// examples of the domain notes, group expansion, per-tier report days.
#include <gtest/gtest.h>

#include <set>

#include "config/config.hpp"
#include "plan/obligations.hpp"

namespace deadlined {
namespace {

const std::filesystem::path k_seed_config = DEADLINED_SOURCE_DIR "/config/deadlined.toml";

class SeedPlan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto result = load_config(k_seed_config);
    ASSERT_TRUE(result.config) << (result.diagnostics.empty() ? "" : result.diagnostics[0].format());
    s_config = new Config(std::move(*result.config));
    s_calendar = new WorkingCalendar(make_calendar(*s_config));
  }
  static void TearDownTestSuite() {
    delete s_calendar;
    delete s_config;
  }

  std::vector<Obligation> of_task(const std::string& task, const std::string& unit = "") {
    ObligationFilter filter;
    filter.task = task;
    filter.unit = unit;
    return expand_obligations(*s_config, *s_calendar, filter);
  }
  std::set<std::string> due_dates(const std::string& task, const std::string& unit = "") {
    std::set<std::string> dates;
    for (const auto& o : of_task(task, unit)) {
      dates.insert(to_iso(o.due));
    }
    return dates;
  }

  static Config* s_config;
  static WorkingCalendar* s_calendar;
};

Config* SeedPlan::s_config = nullptr;
WorkingCalendar* SeedPlan::s_calendar = nullptr;

TEST_F(SeedPlan, QuarterEndsOnItsLastDay) {
  EXPECT_EQ(due_dates("I.1"), (std::set<std::string>{"2022-03-31"}));
}

TEST_F(SeedPlan, JanuaryRollsPastTetToSeventhOfFebruary) {
  auto obligations = of_task("VI.3", "vp-ubnd-tinh");
  ASSERT_EQ(obligations.size(), 1u);
  EXPECT_EQ(to_iso(obligations[0].nominal_due), "2022-01-31");
  EXPECT_EQ(to_iso(obligations[0].due), "2022-02-07");
  EXPECT_TRUE(obligations[0].shifted());
}

TEST_F(SeedPlan, YearRollsFromSaturdayPastNewYearCompensationToThirdOfJanuary) {
  EXPECT_EQ(due_dates("V.3"), (std::set<std::string>{"2023-01-03"}));
  EXPECT_EQ(due_dates("VI.6"), (std::set<std::string>{"2023-01-03"}));
}

TEST_F(SeedPlan, HalfYearsGiveTwoOccurrences) {
  EXPECT_EQ(due_dates("VII.3"), (std::set<std::string>{"2022-06-30", "2023-01-03"}));
}

TEST_F(SeedPlan, BeforeDateIsDueOnTheNamedDay) {
  EXPECT_EQ(due_dates("II.3.2a"), (std::set<std::string>{"2022-08-15"}));
  EXPECT_EQ(due_dates("II.3.3"), (std::set<std::string>{"2022-09-15"}));
  EXPECT_EQ(due_dates("TCTH.1"), (std::set<std::string>{"2022-01-20"}));
  EXPECT_EQ(due_dates("II.3.1b"), (std::set<std::string>{"2021-12-31"}));
}

TEST_F(SeedPlan, StrictBeforeDateReadingIsOneDayEarlierThenRolled) {
  Config config = *s_config;
  config.calendar.before_date = BeforeDateReading::strict;
  config.build_indexes();
  ObligationFilter filter;
  filter.task = "II.3.2a";
  auto obligations = expand_obligations(config, *s_calendar, filter);
  ASSERT_FALSE(obligations.empty());
  // 14/08/2022 is a Sunday: the strict reading rolls to Monday 15/08.
  EXPECT_EQ(to_iso(obligations[0].nominal_due), "2022-08-14");
  EXPECT_EQ(to_iso(obligations[0].due), "2022-08-15");
  filter.task = "TCTH.1";
  EXPECT_EQ(to_iso(expand_obligations(config, *s_calendar, filter).at(0).due), "2022-01-19");
}

// "Trước Tết", "ngày làm việc cuối cùng": the last working day on or before
// the day named, though the plan rolls forward.
TEST_F(SeedPlan, ALastWorkingDayRollsBackWhateverTheRoll) {
  Config config = *s_config;
  config.calendar.roll = RollRule::next;
  Task* task = nullptr;
  for (Plan& plan : config.plans) {
    for (Task& candidate : plan.tasks) {
      task = candidate.id == "I.1" ? &candidate : task;
    }
  }
  ASSERT_NE(task, nullptr);
  ObligationFilter filter;
  filter.task = "I.1";
  // Tết Nhâm Dần is 01/02/2022; its eve, 31/01, is a day off and so is the
  // weekend before: due Friday 28/01.
  task->timeline = *parse_timeline("Trước Tết Nguyên đán 2022", 2022);
  config.build_indexes();
  auto obligations = expand_obligations(config, *s_calendar, filter);
  ASSERT_FALSE(obligations.empty());
  EXPECT_EQ(to_iso(obligations[0].nominal_due), "2022-01-31");
  EXPECT_EQ(to_iso(obligations[0].due), "2022-01-28");
  // 30/04/2022 is a Saturday and a holiday: due Friday 29/04, where "Tháng 4" rolls to May.
  task->timeline = *parse_timeline("Ngày làm việc cuối cùng của tháng 4/2022", 2022);
  config.build_indexes();
  EXPECT_EQ(to_iso(expand_obligations(config, *s_calendar, filter).at(0).due), "2022-04-29");
  task->timeline = *parse_timeline("Tháng 4/2022", 2022);
  config.build_indexes();
  EXPECT_GT(expand_obligations(config, *s_calendar, filter).at(0).due, make_date(2022, 4, 30));
}

TEST_F(SeedPlan, ReportSeriesUsesPerTierDayOfLastMonth) {
  // Departments 18, districts 19, communes 16, the province 20; then rolled.
  EXPECT_EQ(due_dates("VIII.1", "so-tu-phap"),
            (std::set<std::string>{"2022-03-18", "2022-06-20", "2022-09-19", "2022-12-19"}));
  EXPECT_EQ(due_dates("VIII.1", "ubnd-tp-hue"),
            (std::set<std::string>{"2022-03-21", "2022-06-20", "2022-09-19", "2022-12-19"}));
  auto commune = of_task("VIII.1");
  std::set<std::string> commune_dates;
  for (const auto& o : commune) {
    if (o.unit->tier == Tier::commune) {
      commune_dates.insert(to_iso(o.due));
    }
  }
  EXPECT_EQ(commune_dates, (std::set<std::string>{"2022-03-16", "2022-06-16", "2022-09-16", "2022-12-16"}));
}

TEST_F(SeedPlan, GroupsExpandToOneObligationPerMemberWithRole) {
  auto obligations = of_task("I.1");
  std::size_t leads = 0;
  std::set<std::string> units;
  for (const auto& o : obligations) {
    leads += o.role == Role::lead ? 1 : 0;
    units.insert(o.unit->id);
  }
  EXPECT_EQ(leads, 1u);
  EXPECT_EQ(units.size(), obligations.size()) << "a unit appears twice";
  std::size_t expected = 1;
  for (const auto& id : s_config->plans[0].tasks[0].support) {
    expected += s_config->expand(id).size();
  }
  EXPECT_EQ(obligations.size(), expected);
  EXPECT_GT(obligations.size(), 30u);
}

TEST_F(SeedPlan, UnitNamedAsLeadAndSupportIsLeadOnce) {
  // II.1.1: Sở Tư pháp leads (as a department) and is named as support.
  auto obligations = of_task("II.1.1", "so-tu-phap");
  EXPECT_TRUE(obligations.empty()) << "ongoing task must have no dated obligation";
  auto units = task_units(*s_config, *std::find_if(s_config->plans[0].tasks.begin(), s_config->plans[0].tasks.end(),
                                                   [](const Task& t) { return t.id == "II.1.1"; }));
  std::size_t count = 0;
  for (const auto& [index, role] : units) {
    if (s_config->units[index].id == "so-tu-phap") {
      ++count;
      EXPECT_EQ(role, Role::lead);
    }
  }
  EXPECT_EQ(count, 1u);
}

TEST_F(SeedPlan, ConditionalQuarterlyTaskHasFourQuarterEnds) {
  EXPECT_EQ(due_dates("VII.1"), (std::set<std::string>{"2022-03-31", "2022-06-30", "2022-09-30", "2023-01-03"}));
}

TEST_F(SeedPlan, OngoingAndOnDemandTasksHaveNoDueDate) {
  EXPECT_TRUE(of_task("II.1.1").empty());
  EXPECT_TRUE(of_task("IV.2").empty());
  EXPECT_TRUE(of_task("VI.2").empty());
}

TEST_F(SeedPlan, EveryTaskOfTheAppendixIsPresent) {
  std::vector<std::string> ids;
  for (const auto& task : s_config->plans.at(0).tasks) {
    ids.push_back(task.id);
  }
  std::vector<std::string> expected{
      "I.1",    "I.2",    "I.3",    "I.4",    "II.1.1",  "II.1.2",  "II.1.3",  "II.1.4",  "II.2.1", "II.2.2",
      "II.2.3", "II.2.4", "II.2.5", "II.2.6", "II.3.1a", "II.3.1b", "II.3.2a", "II.3.2b", "II.3.3", "II.4.1",
      "II.4.2", "II.4.3", "II.4.4", "III.1",  "III.2",   "III.3",   "III.4",   "III.5",   "IV.1",   "IV.2",
      "IV.3",   "IV.4",   "IV.5",   "V.1",    "V.2",     "V.3",     "VI.1",    "VI.2",    "VI.3",   "VI.4",
      "VI.5",   "VI.6",   "VII.1",  "VII.2",  "VII.3",   "VIII.1",  "VIII.2",  "VIII.3",  "TCTH.1"};
  EXPECT_EQ(ids, expected);
}

TEST_F(SeedPlan, FilterByDateRangeIsInclusiveAndSorted) {
  ObligationFilter filter;
  filter.from = make_date(2022, 3, 1);
  filter.to = make_date(2022, 3, 31);
  auto obligations = expand_obligations(*s_config, *s_calendar, filter);
  ASSERT_FALSE(obligations.empty());
  for (std::size_t i = 0; i < obligations.size(); ++i) {
    EXPECT_GE(obligations[i].due, *filter.from);
    EXPECT_LE(obligations[i].due, *filter.to);
    if (i > 0) {
      EXPECT_LE(obligations[i - 1].due, obligations[i].due);
    }
  }
  EXPECT_EQ(to_iso(obligations.back().due), "2022-03-31");
}

}  // namespace
}  // namespace deadlined
