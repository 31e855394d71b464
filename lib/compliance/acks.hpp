#pragma once
// Acknowledgements: a unit marks one obligation (plan, task, occurrence, unit)
// done, or undoes that within a window. The log lives in the outbox database
// (table ack_events, append-only); marking done skips the obligation's unsent
// reminders in the same transaction, and the dispatcher plans nothing for a
// done obligation. Pure of clocks: every function takes `now`.
//
// Used by `deadlined done|undo` and by the HTTP surface (ack links, JSON API).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "calendar/zone.hpp"
#include "config/config.hpp"
#include "outbox/outbox.hpp"
#include "plan/obligations.hpp"
#include "util/keys.hpp"
#include "util/vocabulary.hpp"

namespace deadlined {

enum class AckHow { cli, link, api };
std::string_view to_string(AckHow how);

// An obligation the config implies: dated occurrences and on-demand
// occurrences created with `deadlined trigger`.
struct KnownObligation {
  ObligationRef ref;
  const Plan* plan = nullptr;
  const Task* task = nullptr;
  const Unit* unit = nullptr;
  Role role = Role::lead;
  Date due;  // rolled to a working day
};

// Every obligation of `plan_id` (all plans when empty), sorted by due date,
// plan, task, unit. `triggers` are the outbox's on-demand occurrences.
std::vector<KnownObligation> known_obligations(const Config& config, const WorkingCalendar& calendar,
                                               const std::vector<TriggerRow>& triggers,
                                               const std::string& plan_id = {});

// What a caller names; occurrence and plan may be left out when unambiguous.
struct ObligationQuery {
  std::string plan;  // empty: the plan that has the task (must be unique)
  std::string task;
  std::string unit;
  std::optional<Date> occurrence;  // the occurrence date or the due date; empty: the only one
};

struct AckError {
  enum class Kind {
    not_found,  // no such plan, task, unit or occurrence (HTTP 404)
    ambiguous,  // several match; name the plan or occurrence (HTTP 400)
    conflict,   // already done, not done, or changed concurrently (HTTP 409)
    expired,    // undo after the window (HTTP 409/410)
    storage,    // the database failed (HTTP 500)
  };
  Kind kind = Kind::storage;
  std::string message;  // English, one line, names the obligation
};

tl::expected<KnownObligation, AckError> resolve_obligation(const Config& config, const WorkingCalendar& calendar,
                                                           const std::vector<TriggerRow>& triggers,
                                                           const ObligationQuery& query);

// The current state of one obligation: its last event (nullopt: never acted on).
struct AckState {
  AckRow last;                 // last event
  std::optional<AckRow> done;  // the event that made it done, when the state is done
  bool is_done() const { return last.action == AckAction::done; }
};

// Last event per obligation key (ObligationRef::key()); only obligations with events.
tl::expected<std::map<std::string, AckState>, std::string> ack_states(Outbox& outbox);
// The obligation keys currently done.
tl::expected<std::vector<std::string>, std::string> done_obligations(Outbox& outbox);

struct AckRequest {
  std::string by;  // who
  AckHow how = AckHow::cli;
  std::string note;  // optional
};

struct AckOutcome {
  AckRow event;                       // as recorded
  std::size_t reminders_changed = 0;  // skipped (done) or restored (undo)
  bool late = false;                  // done after the due date (local date of `now` > due)
};

// Marks the obligation done at `now`. Done twice is a conflict that names when
// and by whom it was done. `zone` turns `now` into the local date compared
// with the due date.
tl::expected<AckOutcome, AckError> mark_done(Outbox& outbox, const KnownObligation& obligation,
                                             const AckRequest& request, const TimeZone& zone, Instant now);

// Undoes a done within `undo_window_s` seconds of it (Config::acks). Restores
// the obligation's reminders skipped as done whose send time is still ahead.
tl::expected<AckOutcome, AckError> undo_done(Outbox& outbox, const KnownObligation& obligation,
                                             const AckRequest& request, int undo_window_s, Instant now);

}  // namespace deadlined
