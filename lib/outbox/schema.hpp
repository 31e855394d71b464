#pragma once
// The outbox schema as numbered migrations. Step i (0-based) takes a database
// from user_version i to i + 1 and runs in its own transaction together with
// the user_version bump. Never edit a released step: append a new one.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace deadlined {

// PRAGMA application_id of an outbox file ("dlob"), so another program's
// SQLite file given as state is refused instead of being migrated into.
inline constexpr std::int32_t k_outbox_application_id = 0x646c6f62;

std::span<const std::string_view> outbox_migrations();

// What step `step` (0-based) rewrites in the text of table definitions
// (sqlite_schema), after the step's SQL and in its transaction; empty for
// most steps. Only a change that leaves the stored rows valid as they are (an
// equivalent CHECK) is made this way; it only makes writes cheaper, so the
// migration goes on without it where SQLite refuses the edit.
std::string_view migration_table_text_edit(std::size_t step);

}  // namespace deadlined
