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

// Version 3: acknowledgements. An append-only log of "done" and "undo" per
// obligation (plan, task, occurrence, unit); the current state is the last
// event. `due` and `late` are recorded as they were when the unit acted, so a
// later config change does not rewrite history.
constexpr std::string_view k_v3 = R"sql(
CREATE TABLE ack_events (
  id         INTEGER PRIMARY KEY,
  plan       TEXT    NOT NULL,
  task       TEXT    NOT NULL,
  occurrence TEXT    NOT NULL,
  unit       TEXT    NOT NULL,
  action     TEXT    NOT NULL CHECK (action IN ('done', 'undo')),
  at         INTEGER NOT NULL,
  actor      TEXT    NOT NULL DEFAULT '',
  how        TEXT    NOT NULL CHECK (how IN ('cli', 'link', 'api')),
  note       TEXT    NOT NULL DEFAULT '',
  due        TEXT    NOT NULL DEFAULT '',
  late       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ack_events_obligation ON ack_events (plan, task, occurrence, unit, id);
CREATE TRIGGER ack_events_no_update BEFORE UPDATE ON ack_events
  BEGIN SELECT RAISE(ABORT, 'ack_events is append-only'); END;
CREATE TRIGGER ack_events_no_delete BEFORE DELETE ON ack_events
  BEGIN SELECT RAISE(ABORT, 'ack_events is append-only'); END;
-- Marking done skips every row of one obligation, whatever its channel.
CREATE INDEX reminders_by_obligation_id ON reminders (plan, task, occurrence, unit);
)sql";

// Version 4: the due rows of given recipients. A burst is read a page at a
// time; each page takes every due row of the recipients it reaches, looked
// up here instead of scanning everything due. Partial: a recipient's sent and
// skipped history stays out of it, and moving a row between sending, sent
// and skipped does not touch it.
constexpr std::string_view k_v4 = R"sql(
CREATE INDEX reminders_recipient ON reminders (recipient, channel) WHERE state IN ('pending', 'failed');
)sql";

// Version 5: rows per state, kept in the same transaction as every change of
// reminders, so /healthz, /metrics and /status read six rows instead of
// counting the whole outbox on each request (their cost must not grow with
// the outbox). Read by Outbox::counts() and OutboxReader (reader.hpp) as
//   rows + (state = 'pending' ? MAX(rowid) of reminders : 0).
// Rows are inserted pending only (the one INSERT, in outbox.cpp) and their
// rowids are 1..N while none is deleted, so MAX(rowid) counts the inserts and
// no trigger runs per insert: an AFTER INSERT trigger doubled the cost of
// planning a large config. State changes were counted by a trigger until
// version 6 (below) moved that into the outbox's own transactions. A delete
// (none today) takes its row away and, when it removes the highest rowid,
// gives back to pending the drop of MAX(rowid). VACUUM keeps rowids.
constexpr std::string_view k_v5 = R"sql(
CREATE TABLE outbox_counts (
  state TEXT    NOT NULL PRIMARY KEY
    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dead', 'skipped')),
  rows  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO outbox_counts (state, rows)
  SELECT s.state, (SELECT COUNT(*) FROM reminders r WHERE r.state = s.state)
                  - CASE WHEN s.state = 'pending' THEN (SELECT COALESCE(MAX(rowid), 0) FROM reminders) ELSE 0 END
  FROM (SELECT 'pending' AS state UNION ALL SELECT 'sending' UNION ALL SELECT 'sent'
        UNION ALL SELECT 'failed' UNION ALL SELECT 'dead' UNION ALL SELECT 'skipped') s;
CREATE TRIGGER outbox_counts_update AFTER UPDATE OF state ON reminders WHEN old.state <> new.state
  BEGIN
    UPDATE outbox_counts SET rows = rows - 1 WHERE state = old.state;
    UPDATE outbox_counts SET rows = rows + 1 WHERE state = new.state;
  END;
CREATE TRIGGER outbox_counts_delete AFTER DELETE ON reminders
  BEGIN
    UPDATE outbox_counts SET rows = rows - 1 WHERE state = old.state;
    UPDATE outbox_counts SET rows = rows + MAX(0, old.rowid - (SELECT COALESCE(MAX(rowid), 0) FROM reminders))
      WHERE state = 'pending';
  END;
-- The status page's deliveries, newest first, a page at a time. Partial:
-- planning and claiming never touch it; a row enters it when its attempt ends.
CREATE INDEX reminders_delivered ON reminders (updated_at) WHERE state IN ('sent', 'failed', 'dead');
)sql";

// Version 6: the outbox keeps outbox_counts itself instead of the trigger.
// The trigger ran two one-row updates per state change, a claim and an
// outcome each paying them for every message; now every statement that moves
// rows between states reports how many (Impl::counts, database.hpp) and the
// commit of its transaction adds them up with one statement (a turn of the
// event loop claims and records a few hundred messages at once). Counting
// is recomputed here from the rows, so a file whose counts drifted is exact
// again after the migration. The delete trigger stays: it counts the rows
// compaction (version 7) deletes, and a deletion by hand. A state changed by hand
// (the sqlite3 shell) is no longer counted.
constexpr std::string_view k_v6 = R"sql(
DROP TRIGGER outbox_counts_update;
UPDATE outbox_counts SET rows =
  (SELECT COUNT(*) FROM reminders r WHERE r.state = outbox_counts.state)
  - CASE WHEN state = 'pending' THEN (SELECT COALESCE(MAX(rowid), 0) FROM reminders) ELSE 0 END;
)sql";

// Version 7: compaction. Rows in a final state (sent, dead, skipped) whose
// obligation period is over and whose send time is older than the retention
// are folded into reminders_compacted, one row per plan, task, unit, month of
// the due date, stage, channel, state and skip reason, with their counts and
// first/last times; their audit events are deleted with them and counted
// there. outbox_counts keeps the rows folded per state (compacted), so the
// counts read by `outbox`, /metrics and /status do not change. The
// acknowledgement log (ack_events) and the triggers are never compacted.
// outbox_compaction holds the watermark: a planned row that is not stored and
// whose send_at < through and due < through_day was compacted, and reconcile
// never plans it again. events stays append-only except inside a compaction
// (deleting = 1 only within its transaction).
constexpr std::string_view k_v7 = R"sql(
ALTER TABLE outbox_counts ADD COLUMN compacted INTEGER NOT NULL DEFAULT 0;
CREATE TABLE reminders_compacted (
  plan            TEXT    NOT NULL,
  task            TEXT    NOT NULL,
  unit            TEXT    NOT NULL,
  month           TEXT    NOT NULL,
  stage           TEXT    NOT NULL,
  channel         TEXT    NOT NULL,
  state           TEXT    NOT NULL CHECK (state IN ('sent', 'dead', 'skipped')),
  reason          TEXT    NOT NULL,
  reminders       INTEGER NOT NULL,
  attempts        INTEGER NOT NULL,
  events          INTEGER NOT NULL,
  first_send_at   INTEGER NOT NULL,
  last_send_at    INTEGER NOT NULL,
  last_updated_at INTEGER NOT NULL,
  PRIMARY KEY (plan, task, unit, month, stage, channel, state, reason)
) WITHOUT ROWID;
CREATE TABLE outbox_compaction (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  through     INTEGER NOT NULL DEFAULT 0,
  through_day TEXT    NOT NULL DEFAULT '',
  reminders   INTEGER NOT NULL DEFAULT 0,
  events      INTEGER NOT NULL DEFAULT 0,
  last_run_at INTEGER NOT NULL DEFAULT 0,
  deleting    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outbox_compaction (id) VALUES (1);
DROP TRIGGER events_no_delete;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  WHEN (SELECT deleting FROM outbox_compaction) = 0
  BEGIN SELECT RAISE(ABORT, 'events is append-only'); END;
)sql";

// Version 8: a claim is no longer an audit event. It was one of the two
// events of every message (pending -> sending, then sending -> sent), and
// its insert about a fifth of the outbox's work in a burst (outbox_bench,
// docs/performance.md). What a release needs from it, the state the claim
// took the row from, is kept on the row; the attempt is counted on the row
// (attempts) and each outcome stays an event. Rows in sending at the
// migration take it from their claim's event.
constexpr std::string_view k_v8 = R"sql(
ALTER TABLE reminders ADD COLUMN claimed_from TEXT NOT NULL DEFAULT ''
  CHECK (claimed_from IN ('', 'pending', 'failed'));
UPDATE reminders SET claimed_from = COALESCE(
    (SELECT CASE from_state WHEN 'failed' THEN 'failed' ELSE 'pending' END FROM events
     WHERE events.key = reminders.key AND to_state = 'sending' ORDER BY id DESC LIMIT 1), 'pending')
  WHERE state = 'sending';
)sql";

// Version 9: the send time the plan gave a row the catch-up held for a later
// send slot (0: send_at is the plan's). A reload compares the plan with it,
// so that a row the daemon held is not taken for one the config changed after
// its send time (and skipped, never sent).
constexpr std::string_view k_v9 = R"sql(
ALTER TABLE reminders ADD COLUMN planned_send_at INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 10: no list of constants in a CHECK or an index's WHERE. SQLite
// (3.40) evaluates `x IN ('a', 'b', 'c')` there by building a temporary
// b-tree of the list for every row it checks: four per row of every claim and
// outcome (the two CHECKs of reminders, the delivered index's WHERE on the
// old and the new row), a quarter of the outbox's CPU in a burst
// (docs/performance.md). The same conditions spelled with OR are compared in
// place. The delivered index is built again here; the CHECKs, which cannot be
// altered, are rewritten in the schema's text by k_v10_checks.
constexpr std::string_view k_v10 = R"sql(
DROP INDEX reminders_delivered;
CREATE INDEX reminders_delivered ON reminders (updated_at)
  WHERE state = 'sent' OR state = 'failed' OR state = 'dead';
)sql";

// SQLite's documented way for a change that leaves the stored rows as they
// are (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
// run by Outbox::Impl::migrate under writable_schema, with the schema version
// bumped after it. A replace() that does not find its text leaves it as it is.
constexpr std::string_view k_v10_checks = R"sql(
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'CHECK (state IN (''pending'', ''sending'', ''sent'', ''failed'', ''dead'', ''skipped''))',
    'CHECK (state = ''pending'' OR state = ''sending'' OR state = ''sent'' OR state = ''failed'''
      || ' OR state = ''dead'' OR state = ''skipped'')'),
    'CHECK (claimed_from IN ('''', ''pending'', ''failed''))',
    'CHECK (claimed_from = '''' OR claimed_from = ''pending'' OR claimed_from = ''failed'')')
  WHERE type = 'table' AND name IN ('reminders', 'outbox_counts');
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (state IN (''sent'', ''dead'', ''skipped''))',
    'CHECK (state = ''sent'' OR state = ''dead'' OR state = ''skipped'')')
  WHERE type = 'table' AND name = 'reminders_compacted';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (how IN (''cli'', ''link'', ''api''))',
    'CHECK (how = ''cli'' OR how = ''link'' OR how = ''api'')')
  WHERE type = 'table' AND name = 'ack_events';
)sql";

constexpr std::array<std::string_view, 10> k_migrations = {k_v1, k_v2, k_v3, k_v4, k_v5, k_v6, k_v7, k_v8, k_v9, k_v10};

}  // namespace

std::span<const std::string_view> outbox_migrations() {
  return k_migrations;
}

std::string_view migration_table_text_edit(std::size_t step) {
  return step == 9 ? k_v10_checks : std::string_view();
}

}  // namespace deadlined
