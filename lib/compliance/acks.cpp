#include "compliance/acks.hpp"

#include <algorithm>
#include <tuple>

#include "util/text.hpp"

namespace deadlined {

namespace {

std::int64_t seconds(Instant instant) {
  return instant.time_since_epoch().count();
}

AckError error(AckError::Kind kind, std::string message) {
  return AckError{kind, std::move(message)};
}

std::string list_occurrences(const std::vector<const KnownObligation*>& matches) {
  std::string text;
  constexpr std::size_t k_shown = 12;
  for (std::size_t i = 0; i < matches.size() && i < k_shown; ++i) {
    text += (i ? ", " : "") + matches[i]->ref.occurrence;
    if (to_iso(matches[i]->due) != matches[i]->ref.occurrence) {
      text += " (due " + to_iso(matches[i]->due) + ")";
    }
  }
  if (matches.size() > k_shown) {
    text += ", ...";
  }
  return text;
}

}  // namespace

std::string_view to_string(AckHow how) {
  switch (how) {
    case AckHow::link:
      return "link";
    case AckHow::api:
      return "api";
    case AckHow::cli:
      break;
  }
  return "cli";
}

std::vector<KnownObligation> known_obligations(const Config& config, const WorkingCalendar& calendar,
                                               const std::vector<TriggerRow>& triggers, const std::string& plan_id) {
  std::vector<KnownObligation> result;
  ObligationFilter filter;
  filter.plan = plan_id;
  for (const auto& obligation : expand_obligations(config, calendar, filter)) {
    KnownObligation known;
    known.ref = ObligationRef{obligation.plan->id, obligation.task->id,
                              to_iso(obligation.occurrence_info().nominal_due), obligation.unit->id};
    known.plan = obligation.plan;
    known.task = obligation.task;
    known.unit = obligation.unit;
    known.role = obligation.role;
    known.due = obligation.due;
    result.push_back(std::move(known));
  }
  // On-demand occurrences, exactly as the planner expands them.
  for (const auto& trigger : triggers) {
    const Plan* plan = config.find_plan(trigger.plan);
    auto nominal = parse_iso_date(trigger.due);
    if (plan == nullptr || !nominal || (!plan_id.empty() && plan->id != plan_id)) {
      continue;
    }
    auto task =
        std::find_if(plan->tasks.begin(), plan->tasks.end(), [&](const Task& t) { return t.id == trigger.task; });
    if (task == plan->tasks.end()) {
      continue;
    }
    Date due = calendar.roll(*nominal, roll_rule_for(config, *plan, *task));
    if (plan->tracking_from && due < *plan->tracking_from) {
      continue;  // not tracked, as expand_obligations() leaves out dated ones
    }
    for (const auto& [unit_index, role] : task_units(config, *task)) {
      const Unit& unit = config.units[unit_index];
      result.push_back(KnownObligation{ObligationRef{plan->id, task->id, to_iso(*nominal), unit.id}, plan, &*task,
                                       &unit, role, due});
    }
  }
  std::stable_sort(result.begin(), result.end(), [](const KnownObligation& a, const KnownObligation& b) {
    return std::tie(a.due, a.ref.plan, a.ref.task, a.ref.unit) < std::tie(b.due, b.ref.plan, b.ref.task, b.ref.unit);
  });
  return result;
}

tl::expected<KnownObligation, AckError> resolve_obligation(const Config& config, const WorkingCalendar& calendar,
                                                           const std::vector<TriggerRow>& triggers,
                                                           const ObligationQuery& query) {
  using Kind = AckError::Kind;
  if (!query.plan.empty() && config.find_plan(query.plan) == nullptr) {
    std::vector<std::string> ids;
    for (const auto& plan : config.plans) {
      ids.push_back(plan.id);
    }
    std::string suggestion = closest(query.plan, ids);
    return tl::unexpected(
        error(Kind::not_found,
              "no plan \"" + query.plan + "\"" + (suggestion.empty() ? "" : "; did you mean \"" + suggestion + "\"?")));
  }
  const Unit* unit = config.find_unit(query.unit);
  if (unit == nullptr) {
    std::vector<std::string> ids;
    for (const auto& candidate : config.units) {
      ids.push_back(candidate.id);
    }
    std::string suggestion = closest(query.unit, ids);
    return tl::unexpected(error(
        Kind::not_found,
        "unknown unit \"" + query.unit + "\"" + (suggestion.empty() ? "" : "; did you mean \"" + suggestion + "\"?")));
  }
  std::vector<const Plan*> plans_with_task;
  std::vector<std::string> task_ids;
  for (const auto& plan : config.plans) {
    if (!query.plan.empty() && plan.id != query.plan) {
      continue;
    }
    for (const auto& task : plan.tasks) {
      task_ids.push_back(task.id);
      if (task.id == query.task) {
        plans_with_task.push_back(&plan);
      }
    }
  }
  if (plans_with_task.empty()) {
    std::string suggestion = closest(query.task, task_ids);
    return tl::unexpected(
        error(Kind::not_found, "no task \"" + query.task + "\"" +
                                   (query.plan.empty() ? "" : " in plan \"" + query.plan + "\"") +
                                   (suggestion.empty() ? "" : "; did you mean \"" + suggestion + "\"?")));
  }
  if (plans_with_task.size() > 1) {
    return tl::unexpected(
        error(Kind::ambiguous, "task \"" + query.task + "\" exists in several plans; name one with --plan"));
  }
  const Plan& plan = *plans_with_task.front();
  auto all = known_obligations(config, calendar, triggers, plan.id);
  std::vector<const KnownObligation*> of_unit;
  for (const auto& known : all) {
    if (known.ref.task == query.task && known.ref.unit == unit->id) {
      of_unit.push_back(&known);
    }
  }
  const std::string label = "task \"" + query.task + "\" of plan \"" + plan.id + "\"";
  if (of_unit.empty()) {
    return tl::unexpected(error(Kind::not_found, "unit \"" + unit->id + "\" has no dated obligation in " + label +
                                                     " (not a lead or support unit, or the task has no due dates)"));
  }
  std::vector<const KnownObligation*> matches;
  if (query.occurrence) {
    const std::string wanted = to_iso(*query.occurrence);
    for (const KnownObligation* known : of_unit) {
      if (known->ref.occurrence == wanted) {
        matches.push_back(known);
      }
    }
    if (matches.empty()) {  // the due date names it too, when unique
      for (const KnownObligation* known : of_unit) {
        if (known->due == *query.occurrence) {
          matches.push_back(known);
        }
      }
    }
    if (matches.empty()) {
      return tl::unexpected(error(Kind::not_found, "no occurrence " + wanted + " of " + label + " for unit \"" +
                                                       unit->id + "\"; occurrences: " + list_occurrences(of_unit)));
    }
  } else {
    matches = of_unit;
  }
  if (matches.size() > 1) {
    return tl::unexpected(error(Kind::ambiguous, label + " has " + std::to_string(matches.size()) +
                                                     " occurrences for unit \"" + unit->id +
                                                     "\"; name one with --occurrence: " + list_occurrences(matches)));
  }
  return *matches.front();
}

tl::expected<std::map<std::string, AckState>, std::string> ack_states(Outbox& outbox) {
  auto events = outbox.acks();
  if (!events) {
    return tl::unexpected(events.error());
  }
  std::map<std::string, AckState> states;
  for (auto& event : *events) {
    AckState& state = states[event.obligation_key()];
    if (event.action == AckAction::done) {
      state.done = event;
    } else {
      state.done.reset();
    }
    state.last = std::move(event);
  }
  return states;
}

tl::expected<std::vector<std::string>, std::string> done_obligations(Outbox& outbox) {
  auto states = ack_states(outbox);
  if (!states) {
    return tl::unexpected(states.error());
  }
  std::vector<std::string> keys;
  for (const auto& [key, state] : *states) {
    if (state.is_done()) {
      keys.push_back(key);
    }
  }
  return keys;
}

namespace {

tl::expected<std::optional<AckRow>, AckError> last_event(Outbox& outbox, const ObligationRef& ref) {
  auto events = outbox.acks_of(ref.plan, ref.task, ref.occurrence, ref.unit);
  if (!events) {
    return tl::unexpected(error(AckError::Kind::storage, events.error()));
  }
  if (events->empty()) {
    return std::optional<AckRow>();
  }
  return std::optional<AckRow>(events->back());
}

tl::expected<AckOutcome, AckError> record(Outbox& outbox, AckRow row, std::int64_t expected_last_id) {
  auto recorded = outbox.record_ack(row, expected_last_id);
  if (!recorded) {
    return tl::unexpected(error(AckError::Kind::storage, recorded.error()));
  }
  if (!*recorded) {
    return tl::unexpected(
        error(AckError::Kind::conflict, row.obligation_key() + " changed while being updated; look again and retry"));
  }
  AckOutcome outcome;
  outcome.late = row.late;
  outcome.reminders_changed = **recorded;
  outcome.event = std::move(row);
  return outcome;
}

std::string when_text(std::int64_t at) {
  return std::to_string(at);
}

}  // namespace

namespace {

// Reads the obligation's last acknowledgement, lets `decide` turn it into the
// row to record (or refuse), and records it only if it is still the last.
// Another writer (the HTTP thread, a second `done`) may record in between:
// then the decision is made again on what it wrote, so a second "done" says
// "already done", not "changed while being updated".
template <typename Decide>
tl::expected<AckOutcome, AckError> decide_and_record(Outbox& outbox, const ObligationRef& ref, Decide decide) {
  constexpr int k_tries = 3;
  for (int attempt = 1;; ++attempt) {
    auto last = last_event(outbox, ref);
    if (!last) {
      return tl::unexpected(last.error());
    }
    tl::expected<AckRow, AckError> row = decide(*last);
    if (!row) {
      return tl::unexpected(row.error());
    }
    auto outcome = record(outbox, std::move(*row), *last ? (*last)->id : 0);
    if (outcome || outcome.error().kind != AckError::Kind::conflict || attempt == k_tries) {
      return outcome;
    }
  }
}

AckRow ack_row(const KnownObligation& obligation, const AckRequest& request, AckAction action, Instant now) {
  AckRow row;
  row.plan = obligation.ref.plan;
  row.task = obligation.ref.task;
  row.occurrence = obligation.ref.occurrence;
  row.unit = obligation.ref.unit;
  row.action = action;
  row.at = seconds(now);
  row.by = request.by;
  row.how = std::string(to_string(request.how));
  row.note = request.note;
  row.due = to_iso(obligation.due);
  return row;
}

}  // namespace

tl::expected<AckOutcome, AckError> mark_done(Outbox& outbox, const KnownObligation& obligation,
                                             const AckRequest& request, const TimeZone& zone, Instant now) {
  return decide_and_record(
      outbox, obligation.ref, [&](const std::optional<AckRow>& last) -> tl::expected<AckRow, AckError> {
        if (last && last->action == AckAction::done) {
          return tl::unexpected(error(AckError::Kind::conflict,
                                      obligation.ref.key() + " is already done (" +
                                          zone.iso8601(Instant{std::chrono::seconds{last->at}}) +
                                          (last->by.empty() ? "" : ", by " + last->by) + ", via " + last->how + ")"));
        }
        AckRow row = ack_row(obligation, request, AckAction::done, now);
        // Late is judged on the local calendar day: done on the due day is on time.
        row.late = zone.local_date(now) > obligation.due;
        return row;
      });
}

tl::expected<AckOutcome, AckError> undo_done(Outbox& outbox, const KnownObligation& obligation,
                                             const AckRequest& request, int undo_window_s, Instant now) {
  return decide_and_record(
      outbox, obligation.ref, [&](const std::optional<AckRow>& last) -> tl::expected<AckRow, AckError> {
        if (!last || last->action != AckAction::done) {
          return tl::unexpected(error(AckError::Kind::conflict, obligation.ref.key() + " is not marked done"));
        }
        if (seconds(now) - last->at > undo_window_s) {
          return tl::unexpected(
              error(AckError::Kind::expired, obligation.ref.key() + " was marked done " +
                                                 std::to_string(seconds(now) - last->at) + " s ago (at unix time " +
                                                 when_text(last->at) + "); it can be undone only within " +
                                                 std::to_string(undo_window_s) + " s ([acks] undo_window)"));
        }
        return ack_row(obligation, request, AckAction::undo, now);
      });
}

}  // namespace deadlined
