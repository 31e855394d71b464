#include "outbox/schema.hpp"

#include <array>

namespace deadlined {
namespace {

// Version 1: reminders (one row per idempotency key) and the append-only audit.
// Times are unix seconds UTC; 0 means "not set". States are stored as their
// names so the file stays readable with the sqlite3 shell.
constexpr std::string_view k_v1 = R"sql(
CREATE TABLE reminders (
  key             TEXT    NOT NULL PRIMARY KEY,
  obligation      TEXT    NOT NULL,
  plan            TEXT    NOT NULL,
  task            TEXT    NOT NULL,
  occurrence      TEXT    NOT NULL,
  unit            TEXT    NOT NULL,
  role            TEXT    NOT NULL,
  stage           TEXT    NOT NULL,
  channel         TEXT    NOT NULL,
  recipient       TEXT    NOT NULL,
  due             TEXT    NOT NULL,
  stage_order     INTEGER NOT NULL,
  send_at         INTEGER NOT NULL,
  fingerprint     TEXT    NOT NULL,
  state           TEXT    NOT NULL
    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dead', 'skipped')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  updated_at      INTEGER NOT NULL,
  sent_at         INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT    NOT NULL DEFAULT '',
  skip_reason     TEXT    NOT NULL DEFAULT ''
);
-- claim_due / next_due / list by state, in send order.
CREATE INDEX reminders_state_send_at ON reminders (state, send_at);
-- Retries: only failed rows, so the index costs nothing on bulk inserts.
CREATE INDEX reminders_retry ON reminders (next_attempt_at) WHERE state = 'failed';
-- collapse_missed looks for later stages of the same obligation.
CREATE INDEX reminders_obligation ON reminders (obligation, stage_order);

-- id orders the events. Plain rowid, not AUTOINCREMENT: rows are never
-- deleted (see the triggers), so ids never repeat, and each insert skips a
-- write to sqlite_sequence.
CREATE TABLE events (
  id         INTEGER PRIMARY KEY,
  key        TEXT    NOT NULL REFERENCES reminders (key),
  at         INTEGER NOT NULL,
  from_state TEXT,
  to_state   TEXT    NOT NULL,
  detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX events_key ON events (key, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events is append-only'); END;

PRAGMA application_id = 1684828002;
)sql";

// Version 2: occurrences of on-demand tasks created with `deadlined trigger`.
constexpr std::string_view k_v2 = R"sql(
CREATE TABLE triggers (
  plan       TEXT    NOT NULL,
  task       TEXT    NOT NULL,
  due        TEXT    NOT NULL,
  note       TEXT    NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  PRIMARY KEY (plan, task, due)
);
)sql";

constexpr std::array<std::string_view, 2> k_migrations = {k_v1, k_v2};

}  // namespace

std::span<const std::string_view> outbox_migrations() { return k_migrations; }

}  // namespace deadlined
