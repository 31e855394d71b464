#include "plan/obligations.hpp"

#include <algorithm>
#include <cstdio>

namespace deadlined {

Date nominal_due_for(const Plan& plan, const Task& task, const Occurrence& occurrence, Tier tier,
                     BeforeDateReading default_reading) {
  if (occurrence.anchor == DueAnchor::before_date) {
    BeforeDateReading reading = task.before_date.value_or(plan.before_date.value_or(default_reading));
    return reading == BeforeDateReading::strict ? occurrence.nominal_due - std::chrono::days{1}
                                                : occurrence.nominal_due;
  }
  if (occurrence.report) {
    const ReportDays& days = task.report_days ? *task.report_days : plan.report_days;
    int day = days[static_cast<std::size_t>(tier)];
    if (day > 0) {
      Date end = occurrence.nominal_due;
      return clamped_date(year_of(end), month_of(end), static_cast<unsigned>(day));
    }
  }
  return occurrence.nominal_due;
}

std::string occurrence_label(const Task& task, std::string_view occurrence_key) {
  const auto& occurrences = task.timeline.occurrences;
  for (const auto& occurrence : occurrences) {
    if (to_iso(occurrence.nominal_due) == occurrence_key) {
      return occurrences.size() > 1 || occurrence.report ? occurrence.label : std::string();
    }
  }
  return {};
}

RollRule roll_rule_for(const Config& config, const Plan& plan, const Task& task) {
  return task.roll.value_or(plan.roll.value_or(config.calendar.roll));
}

std::vector<std::pair<std::size_t, Role>> task_units(const Config& config, const Task& task) {
  std::vector<std::pair<std::size_t, Role>> result;
  auto add = [&](const std::vector<std::string>& ids, Role role) {
    for (const auto& id : ids) {
      for (std::size_t index : config.expand(id)) {
        bool seen = std::any_of(result.begin(), result.end(), [&](const auto& entry) { return entry.first == index; });
        if (!seen) {
          result.emplace_back(index, role);
        }
      }
    }
  };
  add(task.lead, Role::lead);
  add(task.support, Role::support);
  return result;
}

std::vector<Obligation> expand_obligations(const Config& config, const WorkingCalendar& calendar,
                                           const ObligationFilter& filter) {
  std::vector<Obligation> unsorted;
  std::optional<std::size_t> only_unit;
  if (!filter.unit.empty()) {
    const Unit* unit = config.find_unit(filter.unit);
    if (unit == nullptr) {
      return unsorted;
    }
    only_unit = static_cast<std::size_t>(unit - config.units.data());
  }
  struct TaskUnits {
    const Plan* plan;
    const Task* task;
    std::vector<std::pair<std::size_t, Role>> units;
  };
  // First the units of every task, to size the result once: a year of 100k
  // tasks is millions of obligations, and regrowing the vector dominates.
  std::vector<TaskUnits> work;
  std::size_t estimate = 0;
  for (const auto& plan : config.plans) {
    if (!filter.plan.empty() && plan.id != filter.plan) {
      continue;
    }
    for (const auto& task : plan.tasks) {
      if (!filter.task.empty() && task.id != filter.task) {
        continue;
      }
      const Timeline& timeline = task.timeline;
      if (timeline.kind == TimelineKind::on_demand || timeline.kind == TimelineKind::none ||
          (timeline.occurrences.empty() && timeline.open_ended.empty())) {
        continue;
      }
      auto units = task_units(config, task);
      if (only_unit) {
        std::erase_if(units, [&](const auto& entry) { return entry.first != *only_unit; });
      }
      estimate += units.size() * task.timeline.occurrences.size();
      work.push_back(TaskUnits{&plan, &task, std::move(units)});
    }
  }
  unsorted.reserve(estimate);
  for (const auto& [plan, task, units] : work) {
    RollRule rule = roll_rule_for(config, *plan, *task);
    // Open-ended recurrences: only the occurrences near the range asked. A
    // report day or a roll moves a due date by at most a few weeks.
    std::vector<std::shared_ptr<const Occurrence>> generated;
    if (task->timeline.is_open_ended()) {
      const Date from = filter.from ? *filter.from - std::chrono::days{62} : make_date(plan->year, 1, 1);
      const Date to = filter.to        ? *filter.to + std::chrono::days{62}
                      : filter.horizon ? *filter.horizon
                                       : make_date(plan->span_last() + k_open_ended_years, 12, 31);
      for (const auto& recurrence : task->timeline.open_ended) {
        for (auto& occurrence : generate_occurrences(recurrence, from, to)) {
          generated.push_back(std::make_shared<const Occurrence>(std::move(occurrence)));
        }
      }
    }
    const std::size_t explicit_count = task->timeline.occurrences.size();
    for (std::size_t o = 0; o < explicit_count + generated.size(); ++o) {
      const bool is_generated = o >= explicit_count;
      const Occurrence& occurrence = is_generated ? *generated[o - explicit_count] : task->timeline.occurrences[o];
      // Due dates depend only on (occurrence, tier): compute each once.
      std::array<std::optional<std::pair<Date, Date>>, k_tier_count> by_tier{};
      for (const auto& [unit_index, role] : units) {
        const Unit& unit = config.units[unit_index];
        // "Quý II đối với cấp tỉnh; Quý III đối với cấp xã": each unit its own level's.
        if (!is_for_tier(occurrence.tiers, unit.tier)) {
          continue;
        }
        auto& cached = by_tier[static_cast<std::size_t>(unit.tier)];
        if (!cached) {
          Date nominal = nominal_due_for(*plan, *task, occurrence, unit.tier, config.calendar.before_date);
          cached.emplace(nominal, working_due_day(occurrence, nominal, calendar, rule));
        }
        const auto& [nominal, due] = *cached;
        if ((filter.from && due < *filter.from) || (filter.to && due > *filter.to) ||
            (plan->tracking_from && due < *plan->tracking_from)) {
          continue;
        }
        unsorted.push_back(Obligation{plan, task, &unit, is_generated ? 0 : o, role, nominal, due,
                                      is_generated ? generated[o - explicit_count] : nullptr});
      }
    }
  }
  if (unsorted.empty()) {
    return unsorted;
  }
  // Stable counting sort on the due day: linear, and keeps config order
  // (plan, task, unit) among obligations due the same day.
  auto [lowest, highest] = std::minmax_element(unsorted.begin(), unsorted.end(),
                                               [](const Obligation& a, const Obligation& b) { return a.due < b.due; });
  const Date first = lowest->due;
  const auto span = static_cast<std::size_t>((highest->due - first).count()) + 1;
  std::vector<std::size_t> starts(span + 1, 0);
  for (const auto& obligation : unsorted) {
    ++starts[static_cast<std::size_t>((obligation.due - first).count()) + 1];
  }
  for (std::size_t i = 1; i <= span; ++i) {
    starts[i] += starts[i - 1];
  }
  std::vector<Obligation> sorted(unsorted.size());
  for (const auto& obligation : unsorted) {
    sorted[starts[static_cast<std::size_t>((obligation.due - first).count())]++] = obligation;
  }
  return sorted;
}

std::vector<Obligation> expand_triggered(const Config& config, const WorkingCalendar& calendar,
                                         const std::vector<TriggeredOccurrence>& triggered,
                                         const ObligationFilter& filter) {
  std::vector<Obligation> result;
  for (const auto& trigger : triggered) {
    const Plan* plan = config.find_plan(trigger.plan);
    if (plan == nullptr || (!filter.plan.empty() && plan->id != filter.plan) ||
        (!filter.task.empty() && trigger.task != filter.task)) {
      continue;
    }
    auto task =
        std::find_if(plan->tasks.begin(), plan->tasks.end(), [&](const Task& t) { return t.id == trigger.task; });
    if (task == plan->tasks.end()) {
      continue;
    }
    const Date due = calendar.roll(trigger.due, roll_rule_for(config, *plan, *task));
    if ((filter.from && due < *filter.from) || (filter.to && due > *filter.to) ||
        (plan->tracking_from && due < *plan->tracking_from)) {
      continue;
    }
    Occurrence occurrence;
    // dd/mm/yyyy: the label is read by people (agenda, plan, reports).
    char day[16];
    std::snprintf(day, sizeof day, "%02u/%02u/%04d", day_of(trigger.due), month_of(trigger.due), year_of(trigger.due));
    occurrence.label = std::string("Theo yêu cầu ") + day;
    occurrence.period_start = trigger.due;
    occurrence.nominal_due = trigger.due;
    auto shared = std::make_shared<const Occurrence>(std::move(occurrence));
    for (const auto& [unit_index, role] : task_units(config, *task)) {
      const Unit& unit = config.units[unit_index];
      if (!filter.unit.empty() && unit.id != filter.unit) {
        continue;
      }
      result.push_back(Obligation{plan, &*task, &unit, 0, role, trigger.due, due, shared});
    }
  }
  std::stable_sort(result.begin(), result.end(),
                   [](const Obligation& a, const Obligation& b) { return a.due < b.due; });
  return result;
}

}  // namespace deadlined
