// Reminder planning on the real 2022 working calendar (shipped holiday notices):
// the stages of a policy per role, where stages move when they land on a
// non-working day, send times, idempotency keys, per-task policies, ongoing
// check-ins, triggered occurrences and filters.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "reminders/planner.hpp"
#include "service/dispatcher.hpp"
#include "support/config_fixture.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined {
namespace {

using testing::ConfigFixture;
using testing::email_and_hook_toml;
using testing::plan_toml;
using testing::unit_toml;

// Units, policies and one plan. 2022 calendar facts used below: Tết break
// Sat 29/01 - Sun 06/02; Giỗ Tổ Sun 10/04 compensated Mon 11/04; 30/04 (Sat)
// and 01/05 (Sun) compensated Mon 02/05 and Tue 03/05.
const std::string k_config = "\n" + unit_toml("vp", email_and_hook_toml("vp")) + "\n" + unit_toml("stp") + R"(
[[policy]]
id = "calendar-days"
unit = "days"
[policy.lead]
before = [3]
due_day = true
overdue_every = 1
overdue_max = 1
[policy.support]
before = []
due_day = false

[[policy]]
id = "short"
[policy.lead]
before = [2]
due_day = false
overdue_every = 0
overdue_max = 0

[[policy]]
id = "checkins"
ongoing_checkin = "monthly"

)" + plan_toml(2022) + R"(
[[plan.task]]
id = "1"
title = "Việc một"
lead = ["vp"]
support = ["stp"]
schedule = { date = 2022-03-31 }

[[plan.task]]
id = "3"
title = "Việc ba, hạn sớm hơn"
lead = ["vp"]
schedule = { date = 2022-03-25 }

[[plan.task]]
id = "short"
title = "Việc có chính sách riêng"
lead = ["vp"]
policy = "short"
schedule = { date = 2022-03-31 }

[[plan.task]]
id = "tet-before"
title = "Hạn ngay sau Tết"
lead = ["vp"]
support = ["stp"]
policy = "calendar-days"
schedule = { date = 2022-02-07 }

[[plan.task]]
id = "tet-after"
title = "Hạn ngay trước Tết"
lead = ["vp"]
policy = "calendar-days"
schedule = { date = 2022-01-28 }

[[plan.task]]
id = "may-before"
title = "Hạn ngay sau nghỉ 30/4 - 1/5"
lead = ["vp"]
policy = "calendar-days"
schedule = { date = 2022-05-04 }

[[plan.task]]
id = "may-after"
title = "Hạn ngay trước nghỉ 30/4 - 1/5"
lead = ["vp"]
policy = "calendar-days"
schedule = { date = 2022-04-29 }

[[plan.task]]
id = "ongoing"
title = "Việc thường xuyên"
lead = ["vp"]
support = ["stp"]
policy = "checkins"
schedule = { kind = "ongoing" }

[[plan.task]]
id = "od"
title = "Việc khi có yêu cầu"
lead = ["vp"]
schedule = { kind = "on_demand" }
)";

Instant utc(int year, unsigned month, unsigned day, int hour, int minute = 0) {
  return Instant{make_date(year, month, day)} + std::chrono::hours{hour} + std::chrono::minutes{minute};
}

class PlannerTest : public ::testing::Test {
 protected:
  void SetUp() override { load("08:00"); }

  void load(std::string_view send_time) {
    m_config = std::make_unique<Config>(m_fixture.load(k_config, send_time));
    m_calendar = std::make_unique<WorkingCalendar>(make_calendar(*m_config));
    auto zone = TimeZone::locate(m_config->daemon.timezone);
    ASSERT_TRUE(zone) << zone.error();
    m_zone = std::make_unique<TimeZone>(std::move(*zone));
  }

  std::vector<Reminder> plan(ObligationFilter filter = {}, std::vector<Trigger> triggers = {}) const {
    PlanRequest request;
    request.config = m_config.get();
    request.calendar = m_calendar.get();
    request.zone = m_zone.get();
    request.filter = std::move(filter);
    request.triggers = std::move(triggers);
    return plan_reminders(request);
  }

  std::vector<Reminder> of(const std::string& task, const std::string& unit = "",
                           std::vector<Trigger> triggers = {}) const {
    ObligationFilter filter;
    filter.task = task;
    filter.unit = unit;
    return plan(filter, std::move(triggers));
  }

  ConfigFixture m_fixture;
  std::unique_ptr<Config> m_config;
  std::unique_ptr<WorkingCalendar> m_calendar;
  std::unique_ptr<TimeZone> m_zone;
};

// (stage, send day, days_left) of each reminder, in planned order.
using StageRow = std::tuple<std::string, std::string, int>;
std::vector<StageRow> stages_of(const std::vector<Reminder>& reminders) {
  std::vector<StageRow> result;
  for (const auto& reminder : reminders) {
    result.emplace_back(reminder.stage, to_iso(reminder.send_day), reminder.days_left);
  }
  return result;
}

TEST_F(PlannerTest, DefaultPolicyGivesLeadUnitTenFiveOneDueAndThreeOverdueStages) {
  auto reminders = of("1", "vp");
  EXPECT_EQ(stages_of(reminders), (std::vector<StageRow>{
                                      {"before-10", "2022-03-17", 10},
                                      {"before-5", "2022-03-24", 5},
                                      {"before-1", "2022-03-30", 1},
                                      {"due", "2022-03-31", 0},
                                      {"overdue-1", "2022-04-04", -2},
                                      {"overdue-2", "2022-04-06", -4},
                                      {"overdue-3", "2022-04-08", -6},
                                  }));
  for (std::size_t i = 0; i < reminders.size(); ++i) {
    const Reminder& reminder = reminders[i];
    EXPECT_EQ(reminder.plan, "p");
    EXPECT_EQ(reminder.unit, "vp");
    EXPECT_EQ(reminder.role, Role::lead);
    EXPECT_EQ(reminder.occurrence, "2022-03-31");
    EXPECT_EQ(reminder.due, make_date(2022, 3, 31));
    EXPECT_EQ(reminder.stage_order, static_cast<int>(i));
    EXPECT_EQ(reminder.count_unit, CountUnit::working_days);
    ASSERT_EQ(reminder.recipients.size(), 2u);
    EXPECT_EQ(reminder.recipients[0].channel, Channel::email);
    EXPECT_EQ(reminder.recipients[0].address, "vp@example.vn");
    EXPECT_EQ(reminder.recipients[1].channel, Channel::webhook);
    EXPECT_EQ(reminder.recipients[1].address, "https://hooks.example.vn/vp");
  }
}

TEST_F(PlannerTest, DefaultPolicyGivesSupportUnitOnlyFiveWorkingDaysBefore) {
  auto reminders = of("1", "stp");
  EXPECT_EQ(stages_of(reminders), (std::vector<StageRow>{{"before-5", "2022-03-24", 5}}));
  ASSERT_EQ(reminders.size(), 1u);
  EXPECT_EQ(reminders[0].role, Role::support);
  EXPECT_EQ(reminders[0].stage_order, 0);
  ASSERT_EQ(reminders[0].recipients.size(), 1u);
  EXPECT_EQ(reminders[0].recipients[0].address, "stp@example.vn");
}

TEST_F(PlannerTest, WorkingDayCountsSkipTheGioToCompensationDay) {
  // Overdue stages of an obligation due on 06/04 step over Mon 11/04 (day off).
  Trigger trigger{"p", "od", make_date(2022, 4, 6), ""};
  auto reminders = of("od", "vp", {trigger});
  std::vector<StageRow> overdue;
  for (const auto& row : stages_of(reminders)) {
    if (std::get<0>(row).starts_with("overdue")) {
      overdue.push_back(row);
    }
  }
  EXPECT_EQ(overdue, (std::vector<StageRow>{
                         {"overdue-1", "2022-04-08", -2},
                         {"overdue-2", "2022-04-13", -4},
                         {"overdue-3", "2022-04-15", -6},
                     }));
}

// Messages read a stage's days left back from its name and policy (an
// outbox row keeps only the stage): for every stage the planner makes,
// stage_days_left says what the planner said.
TEST_F(PlannerTest, StageDaysLeftReadsBackWhatEveryPlannedStageAnnounces) {
  const auto reminders = plan(ObligationFilter{}, {});
  std::size_t checked = 0;
  for (const Reminder& reminder : reminders) {
    if (reminder.stage == "checkin") {
      continue;
    }
    const Plan* plan_config = m_config->find_plan(reminder.plan);
    ASSERT_NE(plan_config, nullptr);
    const auto task = std::find_if(plan_config->tasks.begin(), plan_config->tasks.end(),
                                   [&](const Task& t) { return t.id == reminder.task; });
    ASSERT_NE(task, plan_config->tasks.end());
    const Policy& policy = m_config->policy_for(*plan_config, *task);
    const RoleStages& stages = reminder.role == Role::support ? policy.support : policy.lead;
    EXPECT_EQ(stage_days_left(stages, reminder.stage), reminder.days_left) << reminder.task << " " << reminder.stage;
    ++checked;
  }
  EXPECT_GT(checked, 20u);
  const RoleStages stages{{10, 5}, true, 2, 3};
  EXPECT_EQ(stage_days_left(stages, "before-5"), 5);
  EXPECT_EQ(stage_days_left(stages, "due"), 0);
  EXPECT_EQ(stage_days_left(stages, "overdue-3"), -6);
  EXPECT_EQ(stage_days_left(stages, "before-7"), std::nullopt);  // not a stage of this policy
  EXPECT_EQ(stage_days_left(stages, "overdue-4"), std::nullopt);
  EXPECT_EQ(stage_days_left(stages, "escalation"), std::nullopt);
  EXPECT_EQ(stage_days_left(stages, "before-"), std::nullopt);
  EXPECT_EQ(stage_text("before-3", 3, CountUnit::days), "còn 3 ngày");
  EXPECT_EQ(stage_text("overdue-1", -2, CountUnit::working_days), "quá hạn 2 ngày làm việc");
  EXPECT_EQ(stage_text("due", 0, CountUnit::days), "đến hạn hôm nay");
  EXPECT_EQ(stage_text("checkin", 5, CountUnit::days), "kiểm tra định kỳ");
}

TEST_F(PlannerTest, AdvanceStageDuringTetGoesOutTheWorkingDayBefore) {
  // Due Mon 07/02/2022; 3 days before is Fri 04/02, a Tết day off: sent Fri 28/01.
  auto reminders = of("tet-before", "vp");
  EXPECT_EQ(stages_of(reminders), (std::vector<StageRow>{
                                      {"before-3", "2022-01-28", 3},
                                      {"due", "2022-02-07", 0},
                                      {"overdue-1", "2022-02-08", -1},
                                  }));
  EXPECT_EQ(reminders.at(0).count_unit, CountUnit::days);
  EXPECT_EQ(stage_text(reminders.at(0)), "còn 3 ngày");
  // The support role of this policy has no stages at all.
  EXPECT_TRUE(of("tet-before", "stp").empty());
}

TEST_F(PlannerTest, OverdueStageDuringTetGoesOutTheWorkingDayAfter) {
  // Due Fri 28/01/2022; one day overdue is Sat 29/01, the Tết break lasts to Sun 06/02.
  auto reminders = of("tet-after", "vp");
  EXPECT_EQ(stages_of(reminders), (std::vector<StageRow>{
                                      {"before-3", "2022-01-25", 3},
                                      {"due", "2022-01-28", 0},
                                      {"overdue-1", "2022-02-07", -1},
                                  }));
  EXPECT_EQ(stage_text(reminders.at(2)), "quá hạn 1 ngày");
}

TEST_F(PlannerTest, StagesAroundThirtiethOfAprilMoveOffTheCompensationDays) {
  // Due Wed 04/05: 3 days before is Sun 01/05 -> Fri 29/04.
  EXPECT_EQ(stages_of(of("may-before", "vp")), (std::vector<StageRow>{
                                                   {"before-3", "2022-04-29", 3},
                                                   {"due", "2022-05-04", 0},
                                                   {"overdue-1", "2022-05-05", -1},
                                               }));
  // Due Fri 29/04: one day overdue is Sat 30/04 -> past 01/05, 02/05, 03/05 to Wed 04/05.
  EXPECT_EQ(stages_of(of("may-after", "vp")), (std::vector<StageRow>{
                                                  {"before-3", "2022-04-26", 3},
                                                  {"due", "2022-04-29", 0},
                                                  {"overdue-1", "2022-05-04", -1},
                                              }));
}

TEST_F(PlannerTest, EverySendDayIsAWorkingDay) {
  auto reminders = plan({}, {Trigger{"p", "od", make_date(2022, 6, 18), ""}});
  ASSERT_FALSE(reminders.empty());
  for (const auto& reminder : reminders) {
    EXPECT_TRUE(m_calendar->is_working(reminder.send_day))
        << reminder.obligation_key() << " " << reminder.stage << " " << to_iso(reminder.send_day);
  }
}

TEST_F(PlannerTest, SendAtIsEightInTheMorningInHoChiMinhCity) {
  auto reminders = of("1", "vp");
  ASSERT_FALSE(reminders.empty());
  EXPECT_EQ(reminders[0].send_at, utc(2022, 3, 17, 1));  // 08:00+07:00
  for (const auto& reminder : reminders) {
    EXPECT_EQ(reminder.send_at, Instant{reminder.send_day} + std::chrono::hours{1});
    EXPECT_EQ(m_zone->iso8601(reminder.send_at), to_iso(reminder.send_day) + "T08:00:00+07:00");
  }
}

TEST_F(PlannerTest, SendAtHonoursDaemonSendTime) {
  load("07:30");
  auto reminders = of("1", "vp");
  ASSERT_FALSE(reminders.empty());
  EXPECT_EQ(reminders[0].send_at, utc(2022, 3, 17, 0, 30));
  load("23:45");
  reminders = of("1", "vp");
  ASSERT_FALSE(reminders.empty());
  EXPECT_EQ(reminders[0].send_at, utc(2022, 3, 17, 16, 45));
  EXPECT_EQ(reminders[0].send_day, make_date(2022, 3, 17));
}

TEST_F(PlannerTest, KeysNameEveryPartOfTheIdentity) {
  auto reminders = of("1", "vp");
  ASSERT_FALSE(reminders.empty());
  const Reminder& first = reminders[0];
  EXPECT_EQ(first.obligation_key(), "p/1/2022-03-31/vp");
  EXPECT_EQ(first.key(first.recipients.at(0)), "p/1/2022-03-31/vp/before-10/email/vp@example.vn");
  EXPECT_EQ(first.key(first.recipients.at(1)), "p/1/2022-03-31/vp/before-10/webhook/https://hooks.example.vn/vp");
}

TEST_F(PlannerTest, KeysAreStableAcrossPlanningRuns) {
  std::vector<Trigger> triggers{{"p", "od", make_date(2022, 6, 15), ""}};
  auto first = to_outbox_rows(plan({}, triggers));
  load("08:00");  // a fresh config and calendar, as after a restart
  auto second = to_outbox_rows(plan({}, triggers));
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].key, second[i].key);
    EXPECT_EQ(first[i].send_at, second[i].send_at);
  }
}

TEST_F(PlannerTest, KeysAreUniquePerStageAndRecipient) {
  std::vector<Trigger> triggers{{"p", "od", make_date(2022, 6, 15), ""}, {"p", "od", make_date(2022, 9, 15), ""}};
  auto rows = to_outbox_rows(plan({}, triggers));
  ASSERT_GT(rows.size(), 50u);
  std::set<std::string> keys;
  std::set<std::string> identities;
  for (const auto& row : rows) {
    keys.insert(row.key);
    identities.insert(row.plan + "|" + row.task + "|" + row.occurrence + "|" + row.unit + "|" + row.stage + "|" +
                      std::string(to_string(row.channel)) + "|" + row.recipient);
  }
  EXPECT_EQ(keys.size(), rows.size());
  EXPECT_EQ(identities.size(), rows.size());
}

TEST_F(PlannerTest, OutboxRowsCarryOneRowPerRecipientWithObligationOfTheRecipient) {
  auto reminders = of("1", "vp");
  auto rows = to_outbox_rows(reminders);
  ASSERT_EQ(rows.size(), reminders.size() * 2);
  const ReminderRow& row = rows.at(0);
  EXPECT_EQ(row.obligation, "p/1/2022-03-31/vp/email/vp@example.vn");
  EXPECT_EQ(row.role, Role::lead);
  EXPECT_EQ(row.channel, Channel::email);
  EXPECT_EQ(row.due, "2022-03-31");
  EXPECT_EQ(row.send_at,
            std::chrono::duration_cast<std::chrono::seconds>(utc(2022, 3, 17, 1).time_since_epoch()).count());
  EXPECT_EQ(rows.at(1).obligation, "p/1/2022-03-31/vp/webhook/https://hooks.example.vn/vp");
}

TEST_F(PlannerTest, TaskPolicyOverridesThePlanDefault) {
  auto reminders = of("short", "vp");
  EXPECT_EQ(stages_of(reminders), (std::vector<StageRow>{{"before-2", "2022-03-29", 2}}));
}

TEST_F(PlannerTest, OngoingTaskGetsMonthlyCheckInsOnTheFirstWorkingDayForLeadOnly) {
  auto reminders = of("ongoing");
  std::vector<std::string> days;
  for (const auto& reminder : reminders) {
    EXPECT_EQ(reminder.unit, "vp");
    EXPECT_EQ(reminder.stage, "checkin");
    EXPECT_EQ(stage_text(reminder), "kiểm tra định kỳ");
    days.push_back(to_iso(reminder.send_day));
  }
  EXPECT_EQ(days, (std::vector<std::string>{"2022-01-04", "2022-02-07", "2022-03-01", "2022-04-01", "2022-05-04",
                                            "2022-06-01", "2022-07-01", "2022-08-01", "2022-09-05", "2022-10-03",
                                            "2022-11-01", "2022-12-01"}));
  ASSERT_EQ(reminders.size(), 12u);
  EXPECT_EQ(reminders[1].occurrence, "2022-02-01");
  EXPECT_EQ(reminders[1].due, make_date(2022, 2, 28));
  EXPECT_TRUE(of("ongoing", "stp").empty());
}

TEST_F(PlannerTest, OnDemandTaskHasNoRemindersWithoutTriggers) {
  EXPECT_TRUE(of("od").empty());
}

TEST_F(PlannerTest, TriggerCreatesAnOccurrenceOfAnOnDemandTask) {
  auto reminders = of("od", "", {Trigger{"p", "od", make_date(2022, 6, 15), "Công văn 12"}});
  EXPECT_EQ(stages_of(reminders), (std::vector<StageRow>{
                                      {"before-10", "2022-06-01", 10},
                                      {"before-5", "2022-06-08", 5},
                                      {"before-1", "2022-06-14", 1},
                                      {"due", "2022-06-15", 0},
                                      {"overdue-1", "2022-06-17", -2},
                                      {"overdue-2", "2022-06-21", -4},
                                      {"overdue-3", "2022-06-23", -6},
                                  }));
  for (const auto& reminder : reminders) {
    EXPECT_EQ(reminder.occurrence, "2022-06-15");
    EXPECT_EQ(reminder.unit, "vp");
  }
}

TEST_F(PlannerTest, TriggerOnARestDayKeepsItsDateAsOccurrenceAndRollsTheDue) {
  auto reminders = of("od", "", {Trigger{"p", "od", make_date(2022, 6, 18), ""}});  // a Saturday
  ASSERT_FALSE(reminders.empty());
  for (const auto& reminder : reminders) {
    EXPECT_EQ(reminder.occurrence, "2022-06-18");
    EXPECT_EQ(reminder.due, make_date(2022, 6, 20));
  }
}

TEST_F(PlannerTest, TriggersOfUnknownPlansOrTasksAreIgnored) {
  auto reminders =
      plan({}, {Trigger{"nope", "od", make_date(2022, 6, 15), ""}, Trigger{"p", "nope", make_date(2022, 6, 15), ""}});
  EXPECT_EQ(reminders.size(), plan().size());
}

TEST_F(PlannerTest, FromAndToFilterOnTheSendDay) {
  ObligationFilter filter;
  filter.task = "1";
  filter.from = make_date(2022, 3, 24);
  filter.to = make_date(2022, 3, 31);
  std::multiset<std::string> got;
  for (const auto& reminder : plan(filter)) {
    got.insert(reminder.unit + " " + reminder.stage + " " + to_iso(reminder.send_day));
  }
  EXPECT_EQ(got, (std::multiset<std::string>{"stp before-5 2022-03-24", "vp before-5 2022-03-24",
                                             "vp before-1 2022-03-30", "vp due 2022-03-31"}));
}

TEST_F(PlannerTest, FromFilterKeepsOverdueStagesOfObligationsDueEarlier) {
  ObligationFilter filter;
  filter.task = "1";
  filter.from = make_date(2022, 4, 5);
  EXPECT_EQ(stages_of(plan(filter)), (std::vector<StageRow>{
                                         {"overdue-2", "2022-04-06", -4},
                                         {"overdue-3", "2022-04-08", -6},
                                     }));
}

TEST_F(PlannerTest, UnitFilterAppliesToObligationsTriggersAndCheckIns) {
  ObligationFilter filter;
  filter.unit = "stp";
  auto reminders = plan(filter, {Trigger{"p", "od", make_date(2022, 6, 15), ""}});
  ASSERT_FALSE(reminders.empty());
  for (const auto& reminder : reminders) {
    EXPECT_EQ(reminder.unit, "stp");
    EXPECT_EQ(reminder.role, Role::support);
  }
}

TEST_F(PlannerTest, PlanFilterOfAnotherPlanGivesNothing) {
  ObligationFilter filter;
  filter.plan = "other";
  EXPECT_TRUE(plan(filter, {Trigger{"p", "od", make_date(2022, 6, 15), ""}}).empty());
}

// planner.hpp: "sorted by send time, then task and unit". On Thu 24/03, task
// "1" (due 31/03, before-5) and task "3" (due 25/03, before-1) share a slot.
// Regression: the sort once compared send times only.
TEST_F(PlannerTest, RemindersAreSortedBySendTimeThenTaskThenUnit) {
  auto reminders = plan();
  ASSERT_FALSE(reminders.empty());
  auto order = [](const Reminder& r) { return std::tie(r.send_at, r.task, r.unit); };
  for (std::size_t i = 1; i < reminders.size(); ++i) {
    EXPECT_FALSE(order(reminders[i]) < order(reminders[i - 1]))
        << "position " << i << ": " << reminders[i].task << "/" << reminders[i].unit << " at "
        << to_iso(reminders[i].send_day) << " after " << reminders[i - 1].task << "/" << reminders[i - 1].unit;
  }
}

}  // namespace
}  // namespace deadlined
