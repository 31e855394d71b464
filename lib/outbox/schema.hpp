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

// Whether step `step` (0-based) rewrites table definitions in sqlite_schema
// directly, after which the schema version must be bumped by hand so that
// every connection, this one included, parses the schema again.
bool migration_edits_schema_text(std::size_t step);

}  // namespace deadlined
