#pragma once
// Reminder planning: a pure function from obligations, policies and the
// working-day calendar to the reminders that should go out, each with a
// stable idempotency key. No clock: instants come from the calendar dates and
// the configured send time.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/zone.hpp"
#include "config/config.hpp"
#include "plan/obligations.hpp"
#include "util/vocabulary.hpp"

namespace deadlined {

struct Recipient {
  Channel channel = Channel::email;
  std::string address;  // email address or webhook URL
};

// An occurrence of an on-demand task created by hand (`deadlined trigger`).
struct Trigger {
  std::string plan;
  std::string task;
  Date due;
  std::string note;
};

struct Reminder {
  std::string plan;
  std::string task;
  std::string occurrence;  // YYYY-MM-DD, nominal due of the period (stable identity)
  std::string unit;
  Role role = Role::lead;
  Date due;
  Date send_day;
  Instant send_at;
  std::string stage;    // "before-10", "due", "overdue-1", "checkin"
  int stage_order = 0;  // increases with the stage's time within one obligation
  int days_left = 0;    // in the policy's unit; negative when overdue
  CountUnit count_unit = CountUnit::working_days;
  std::vector<Recipient> recipients;

  // "plan/task/occurrence/unit", identical for every stage of one obligation.
  std::string obligation_key() const;
  // Identity of one stage for one recipient: the outbox idempotency key.
  std::string key(const Recipient& recipient) const;
};

struct PlanRequest {
  const Config* config = nullptr;
  const WorkingCalendar* calendar = nullptr;
  const TimeZone* zone = nullptr;
  std::vector<Trigger> triggers;
  ObligationFilter filter;  // from/to apply to the send day
};

// Every reminder of every obligation (and of triggered occurrences and
// ongoing check-ins), sorted by send time, then task and unit.
std::vector<Reminder> plan_reminders(const PlanRequest& request);

// The same reminders, unsorted, handed one at a time to `sink`: the daemon
// streams them into the outbox without holding the whole plan in memory.
void for_each_reminder(const PlanRequest& request, const std::function<void(Reminder&&)>& sink);

// Vietnamese description of a stage for messages: "còn 5 ngày làm việc",
// "đến hạn hôm nay", "quá hạn 2 ngày làm việc", "kiểm tra định kỳ".
std::string stage_text(const Reminder& reminder);

// "Days left" has one definition, the planner's: a policy stage announces
// its own count in the policy's unit ("before-10": 10, "due": 0,
// "overdue-2" with overdue_every = 3: -6), whatever day it goes out on. The
// ICS feed (stage_text of a Reminder) and the messages (from an outbox row's
// stage) both use it. nullopt for a stage the role's stages do not have.
std::optional<int> stage_days_left(const RoleStages& stages, std::string_view stage);
// "còn 3 ngày làm việc", "đến hạn hôm nay", "quá hạn 2 ngày", "kiểm tra định kỳ".
std::string stage_text(std::string_view stage, int days_left, CountUnit unit);

}  // namespace deadlined
