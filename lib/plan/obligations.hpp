#pragma once
// Obligations: one per (task, occurrence, unit), with the unit's role and its
// due date on the working-day calendar. A pure function of the config and the
// calendar; group names expand to their member units.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calendar/working_calendar.hpp"
#include "config/config.hpp"
#include "util/vocabulary.hpp"

namespace deadlined {

struct Obligation {
  const Plan* plan = nullptr;
  const Task* task = nullptr;
  const Unit* unit = nullptr;
  std::size_t occurrence = 0;  // index into task->timeline.occurrences, unless generated
  Role role = Role::lead;
  Date nominal_due;  // before rolling
  Date due;          // after rolling to a working day
  // An occurrence of an open-ended recurrence, generated for the range asked.
  std::shared_ptr<const Occurrence> generated;

  const Occurrence& occurrence_info() const { return generated ? *generated : task->timeline.occurrences[occurrence]; }
  bool shifted() const { return due != nominal_due; }
};

struct ObligationFilter {
  std::optional<Date> from;  // inclusive, on the rolled due date
  std::optional<Date> to;    // inclusive
  std::string unit;          // unit id; empty: all
  std::string task;          // task id; empty: all
  std::string plan;          // plan id; empty: all
  // Open-ended phrases ("... và các năm tiếp theo") are generated through
  // `to`, else through this day, else through 31/12 of the plan's year + 4.
  std::optional<Date> horizon;
};

// How many years after a plan's last year open-ended phrases are listed when
// no range or horizon is given (`check`, `agenda` without --to, `when`).
inline constexpr int k_open_ended_years = 4;

// The nominal due date of one occurrence for a unit of a tier: per-tier report
// days for report series, the strict reading of "trước ngày D" when chosen.
Date nominal_due_for(const Plan& plan, const Task& task, const Occurrence& occurrence, Tier tier,
                     BeforeDateReading default_reading);

// The period a reader needs to tell one occurrence of `task` from its others
// ("Báo cáo Quý I/2022"), by the occurrence key (its nominal due date,
// YYYY-MM-DD): the label for report series and tasks with several occurrences,
// empty otherwise (one occurrence, on-demand or unknown keys).
std::string occurrence_label(const Task& task, std::string_view occurrence_key);

RollRule roll_rule_for(const Config& config, const Plan& plan, const Task& task);

// Units of a task with their role; a unit named both as lead and as support is lead.
std::vector<std::pair<std::size_t, Role>> task_units(const Config& config, const Task& task);

// Dated obligations matching the filter, sorted by due date, then plan, task,
// unit; never those due before their plan's tracking_from.
std::vector<Obligation> expand_obligations(const Config& config, const WorkingCalendar& calendar,
                                           const ObligationFilter& filter = {});

// An occurrence of an on-demand task created with `deadlined trigger`.
struct TriggeredOccurrence {
  std::string plan;
  std::string task;
  Date due;  // nominal
};

// Obligations of triggered occurrences matching the filter (as the planner
// expands them), sorted by due date. Unknown plans or tasks are skipped.
std::vector<Obligation> expand_triggered(const Config& config, const WorkingCalendar& calendar,
                                         const std::vector<TriggeredOccurrence>& triggered,
                                         const ObligationFilter& filter = {});

}  // namespace deadlined
