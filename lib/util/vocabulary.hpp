#pragma once
// The words every layer shares: the channel a reminder goes by, a unit's role
// in a task, an acknowledgement's action, the reference to one obligation and
// an instant. Typed everywhere inside the program; text only at its edges
// (SQLite columns, JSON, the CLI, templates), through to_string and parse_*.
#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "util/keys.hpp"

namespace deadlined {

// A point in time, UTC, to the second.
using Instant = std::chrono::sys_seconds;

enum class Channel { email, webhook };
std::string_view to_string(Channel channel);  // "email" | "webhook"
std::optional<Channel> parse_channel(std::string_view text);

// A unit's part in a task: the lead unit answers for it, support units help.
enum class Role { lead, support };
std::string_view to_string(Role role);  // "lead" | "support"
std::optional<Role> parse_role(std::string_view text);
// The words readers see (emails, the ICS feed, pages): "chủ trì" | "phối hợp",
// and the same capitalised for the start of a line or a table cell.
std::string_view role_words(Role role);
std::string_view role_heading(Role role);

// An acknowledgement event: an obligation marked done, or a "done" undone.
enum class AckAction { done, undo };
std::string_view to_string(AckAction action);  // "done" | "undo"
std::optional<AckAction> parse_ack_action(std::string_view text);

// One obligation: a task's occurrence for one unit.
struct ObligationRef {
  std::string plan;
  std::string task;
  std::string occurrence;  // YYYY-MM-DD: the occurrence's nominal date (ReminderRow::occurrence)
  std::string unit;

  // "plan/task/occurrence/unit", as Reminder::obligation_key().
  std::string key() const { return obligation_key_of(plan, task, occurrence, unit); }
  friend bool operator==(const ObligationRef&, const ObligationRef&) = default;
  friend auto operator<=>(const ObligationRef&, const ObligationRef&) = default;
};

}  // namespace deadlined
