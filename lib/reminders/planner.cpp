#include "reminders/planner.hpp"

#include <algorithm>
#include <tuple>

#include "util/keys.hpp"

namespace deadlined {

std::string Reminder::obligation_key() const {
  return obligation_key_of(plan, task, occurrence, unit);
}

std::string Reminder::key(const Recipient& recipient) const {
  return obligation_key() + "/" + stage + "/" + std::string(to_string(recipient.channel)) + "/" + recipient.address;
}

std::string stage_text(std::string_view stage, int days_left, CountUnit count_unit) {
  const std::string unit = count_unit == CountUnit::working_days ? " ngày làm việc" : " ngày";
  if (stage == "checkin") {
    return "kiểm tra định kỳ";
  }
  if (days_left > 0) {
    return "còn " + std::to_string(days_left) + unit;
  }
  if (days_left == 0) {
    return "đến hạn hôm nay";
  }
  return "quá hạn " + std::to_string(-days_left) + unit;
}

std::string stage_text(const Reminder& reminder) {
  return stage_text(reminder.stage, reminder.days_left, reminder.count_unit);
}

namespace {

// The number after `prefix` in a stage name ("before-10" -> 10).
std::optional<int> stage_number(std::string_view stage, std::string_view prefix) {
  if (!stage.starts_with(prefix) || stage.size() == prefix.size()) {
    return std::nullopt;
  }
  int value = 0;
  for (const char c : stage.substr(prefix.size())) {
    if (c < '0' || c > '9' || value > 100000) {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<int> stage_days_left(const RoleStages& stages, std::string_view stage) {
  if (stage == "due") {
    return stages.due_day ? std::optional<int>(0) : std::nullopt;
  }
  if (const auto n = stage_number(stage, "before-")) {
    const bool planned = std::find(stages.before.begin(), stages.before.end(), *n) != stages.before.end();
    return planned ? std::optional<int>(*n) : std::nullopt;
  }
  if (const auto k = stage_number(stage, "overdue-")) {
    if (stages.overdue_every > 0 && *k >= 1 && *k <= stages.overdue_max) {
      return -*k * stages.overdue_every;
    }
  }
  return std::nullopt;
}

namespace {

std::vector<Recipient> recipients_of(const Unit& unit) {
  std::vector<Recipient> result;
  for (const auto& address : unit.emails) {
    result.push_back(Recipient{Channel::email, address});
  }
  for (const auto& hook : unit.webhooks) {
    result.push_back(Recipient{Channel::webhook, hook.url});
  }
  return result;
}

struct StageDay {
  std::string stage;
  Date day;
  int days_left;
};

// The send days of every stage of one obligation due on `due`. Advance stages
// on a non-working day go out the working day before, overdue ones after.
std::vector<StageDay> stage_days(const RoleStages& stages, CountUnit unit, Date due, const WorkingCalendar& calendar) {
  std::vector<StageDay> result;
  for (int n : stages.before) {
    Date day = unit == CountUnit::working_days ? calendar.add_working_days(due, -n)
                                               : calendar.roll(due - std::chrono::days{n}, RollRule::previous);
    result.push_back({"before-" + std::to_string(n), day, n});
  }
  if (stages.due_day) {
    result.push_back({"due", calendar.roll(due, RollRule::previous), 0});
  }
  if (stages.overdue_every > 0) {
    for (int k = 1; k <= stages.overdue_max; ++k) {
      int n = k * stages.overdue_every;
      Date day = unit == CountUnit::working_days ? calendar.add_working_days(due, n)
                                                 : calendar.roll(due + std::chrono::days{n}, RollRule::next);
      result.push_back({"overdue-" + std::to_string(k), day, -n});
    }
  }
  return result;
}

class Planner {
 public:
  Planner(const PlanRequest& request, const std::function<void(Reminder&&)>& sink) : m_request(request), m_sink(sink) {}

  void add_obligation(const Plan& plan, const Task& task, const Unit& unit, Role role, const std::string& occurrence,
                      Date due) {
    const Policy& policy = m_request.config->policy_for(plan, task);
    const RoleStages& stages = role == Role::lead ? policy.lead : policy.support;
    int order = 0;
    for (const auto& stage : stage_days(stages, policy.unit, due, *m_request.calendar)) {
      Reminder reminder;
      reminder.plan = plan.id;
      reminder.task = task.id;
      reminder.occurrence = occurrence;
      reminder.unit = unit.id;
      reminder.role = role;
      reminder.due = due;
      reminder.stage = stage.stage;
      reminder.stage_order = order++;
      reminder.days_left = stage.days_left;
      reminder.count_unit = policy.unit;
      reminder.send_day = stage.day;
      push(std::move(reminder), unit);
    }
  }

  void add_checkins(const Plan& plan, const Task& task) {
    const Policy& policy = m_request.config->policy_for(plan, task);
    if (policy.ongoing_checkin == CheckIn::none) {
      return;
    }
    unsigned step = policy.ongoing_checkin == CheckIn::monthly ? 1 : 3;
    for (const auto& [unit_index, role] : task_units(*m_request.config, task)) {
      if (role != Role::lead) {
        continue;
      }
      const Unit& unit = m_request.config->units[unit_index];
      for (unsigned month = 1; month <= 12; month += step) {
        Date first = make_date(plan.year, month, 1);
        Reminder reminder;
        reminder.plan = plan.id;
        reminder.task = task.id;
        reminder.occurrence = to_iso(first);
        reminder.unit = unit.id;
        reminder.role = role;
        reminder.due = last_day_of_month(plan.year, month + step - 1);
        reminder.stage = "checkin";
        reminder.count_unit = policy.unit;
        reminder.send_day = m_request.calendar->roll(first, RollRule::next);
        push(std::move(reminder), unit);
      }
    }
  }

 private:
  void push(Reminder reminder, const Unit& unit) {
    const ObligationFilter& filter = m_request.filter;
    if ((filter.from && reminder.send_day < *filter.from) || (filter.to && reminder.send_day > *filter.to)) {
      return;
    }
    reminder.send_at = m_request.zone->at(reminder.send_day, m_request.config->daemon.send_minute_of_day);
    reminder.recipients = recipients_of(unit);
    if (!m_request.filter.unit.empty() && reminder.unit != m_request.filter.unit) {
      return;
    }
    m_sink(std::move(reminder));
  }

  const PlanRequest& m_request;
  const std::function<void(Reminder&&)>& m_sink;
};

}  // namespace

std::vector<Reminder> plan_reminders(const PlanRequest& request) {
  std::vector<Reminder> result;
  for_each_reminder(request, [&](Reminder&& reminder) { result.push_back(std::move(reminder)); });
  std::stable_sort(result.begin(), result.end(), [](const Reminder& a, const Reminder& b) {
    return std::tie(a.send_at, a.plan, a.task, a.unit, a.stage_order) <
           std::tie(b.send_at, b.plan, b.task, b.unit, b.stage_order);
  });
  return result;
}

void for_each_reminder(const PlanRequest& request, const std::function<void(Reminder&&)>& sink) {
  const Config& config = *request.config;
  Planner planner(request, sink);
  ObligationFilter obligation_filter = request.filter;
  // Stages start before the due date and end after it: filter on send days.
  obligation_filter.from.reset();
  obligation_filter.to.reset();
  for (const auto& obligation : expand_obligations(config, *request.calendar, obligation_filter)) {
    planner.add_obligation(*obligation.plan, *obligation.task, *obligation.unit, obligation.role,
                           to_iso(obligation.occurrence_info().nominal_due), obligation.due);
  }
  for (const auto& trigger : request.triggers) {
    const Plan* plan = config.find_plan(trigger.plan);
    if (plan == nullptr || (!request.filter.plan.empty() && plan->id != request.filter.plan)) {
      continue;
    }
    auto task =
        std::find_if(plan->tasks.begin(), plan->tasks.end(), [&](const Task& t) { return t.id == trigger.task; });
    if (task == plan->tasks.end() || (!request.filter.task.empty() && task->id != request.filter.task)) {
      continue;
    }
    Date due = request.calendar->roll(trigger.due, roll_rule_for(config, *plan, *task));
    if (plan->tracking_from && due < *plan->tracking_from) {
      continue;  // not tracked, as expand_obligations() leaves out dated ones
    }
    for (const auto& [unit_index, role] : task_units(config, *task)) {
      const Unit& unit = config.units[unit_index];
      if (!request.filter.unit.empty() && unit.id != request.filter.unit) {
        continue;
      }
      planner.add_obligation(*plan, *task, unit, role, to_iso(trigger.due), due);
    }
  }
  for (const auto& plan : config.plans) {
    if (!request.filter.plan.empty() && plan.id != request.filter.plan) {
      continue;
    }
    for (const auto& task : plan.tasks) {
      if (task.timeline.kind == TimelineKind::ongoing &&
          (request.filter.task.empty() || task.id == request.filter.task)) {
        planner.add_checkins(plan, task);
      }
    }
  }
}

}  // namespace deadlined
