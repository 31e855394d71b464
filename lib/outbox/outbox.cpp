#include "outbox/outbox.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <set>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <sqlite3.h>
#include <unistd.h>

#include "outbox/schema.hpp"
#include "outbox/sqlite_statement.hpp"
#include "util/expected.hpp"
#include "util/json_text.hpp"

namespace deadlined {
namespace {

using outbox_detail::DatabaseHandle;
using outbox_detail::Query;
using outbox_detail::StatementHandle;
using Error = tl::unexpected<std::string>;

constexpr std::array<std::string_view, 6> k_state_names = {"pending", "sending", "sent",
                                                          "failed",  "dead",    "skipped"};

// A reload or a status command may hold the write lock briefly; wait rather
// than fail a delivery transaction.
constexpr int k_busy_timeout_ms = 5000;

// Column list shared by every statement that reads whole rows; read_row()
// depends on this order. A macro so statements stay single string literals,
// which key the statement cache.
#define DEADLINED_OUTBOX_COLUMNS                                                                 \
  "key, obligation, plan, task, occurrence, unit, role, stage, channel, recipient, due, "        \
  "stage_order, send_at, fingerprint, state, attempts, next_attempt_at, updated_at, sent_at, " \
  "last_error, skip_reason"

// The number of columns in DEADLINED_OUTBOX_COLUMNS.
constexpr int k_outbox_column_count = 21;

constexpr std::string_view k_select_by_key =
    "SELECT " DEADLINED_OUTBOX_COLUMNS " FROM reminders WHERE key = ?1";
// What is due, in (send_at, rowid) order, with the rowid last: pending rows
// straight from the state index (no sort, so reading a page of a large
// burst costs the page), failed rows through the retry index; due() merges
// the two.
constexpr std::string_view k_select_due_pending =
    "SELECT " DEADLINED_OUTBOX_COLUMNS ", rowid FROM reminders"
    " WHERE state = 'pending' AND send_at <= ?1 ORDER BY send_at, rowid LIMIT ?2";
constexpr std::string_view k_select_due_failed =
    "SELECT " DEADLINED_OUTBOX_COLUMNS ", rowid FROM reminders"
    " WHERE state = 'failed' AND next_attempt_at <= ?1 ORDER BY send_at, rowid LIMIT ?2";
// The due rows of some recipients, by rowid: ?2 is a JSON array of
// [channel, recipient], each looked up through the recipient index (which
// holds only pending and failed rows, so a recipient's history costs nothing).
#define DEADLINED_DUE_NOW                                                                   \
  "((state = 'pending' AND send_at <= ?1) OR (state = 'failed' AND next_attempt_at <= ?1))" \
  " AND state IN ('pending', 'failed')"
constexpr std::string_view k_select_due_of =
    "SELECT r.rowid FROM json_each(?2) AS j CROSS JOIN reminders AS r"
    " ON r.recipient = j.value ->> 1 AND r.channel = j.value ->> 0 WHERE " DEADLINED_DUE_NOW;
// Due rows by rowid: ?2 is a JSON array of rowids. Due is checked again: the
// statements of one read are not one snapshot (another process may have
// acknowledged a row in between).
constexpr std::string_view k_select_by_rowids =
    "SELECT " DEADLINED_OUTBOX_COLUMNS ", rowid FROM reminders"
    " WHERE rowid IN (SELECT value FROM json_each(?2)) AND " DEADLINED_DUE_NOW " ORDER BY send_at, rowid";
#undef DEADLINED_DUE_NOW
constexpr std::string_view k_select_all =
    "SELECT " DEADLINED_OUTBOX_COLUMNS " FROM reminders ORDER BY send_at, key LIMIT ?1";
constexpr std::string_view k_select_in_state =
    "SELECT " DEADLINED_OUTBOX_COLUMNS " FROM reminders WHERE state = ?1 ORDER BY send_at, key LIMIT ?2";
constexpr std::string_view k_insert =
    "INSERT INTO reminders (key, obligation, plan, task, occurrence, unit, role, stage, channel,"
    " recipient, due, stage_order, send_at, fingerprint, state, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'pending', ?15)";
#undef DEADLINED_OUTBOX_COLUMNS

// Rewrites the planned content and makes the row pending: used for rows that
// were never delivered (pending, failed, or skipped by a reconcile).
constexpr std::string_view k_replan =
    "UPDATE reminders SET obligation = ?2, plan = ?3, task = ?4, occurrence = ?5, unit = ?6,"
    " role = ?7, stage = ?8, channel = ?9, recipient = ?10, due = ?11, stage_order = ?12,"
    " send_at = ?13, fingerprint = ?14, state = 'pending', next_attempt_at = 0, skip_reason = '',"
    " updated_at = ?15 WHERE key = ?1";
constexpr std::string_view k_select_stale =
    "SELECT key FROM reminders WHERE state = 'pending' AND send_at < ?1 ORDER BY key";
constexpr std::string_view k_next_pending_after =
    "SELECT MIN(send_at) FROM reminders WHERE state = 'pending' AND send_at > ?1";
constexpr std::string_view k_defer_missed =
    "UPDATE reminders SET send_at = ?2, updated_at = ?1 WHERE state = 'pending' AND send_at <= ?1";
constexpr std::string_view k_insert_trigger =
    "INSERT OR IGNORE INTO triggers (plan, task, due, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view k_select_triggers =
    "SELECT plan, task, due, note, created_at FROM triggers ORDER BY due, plan, task";
constexpr std::string_view k_select_open =
    "SELECT key, plan, task, state FROM reminders WHERE state IN ('pending', 'failed') ORDER BY key";
constexpr std::string_view k_skip =
    "UPDATE reminders SET state = 'skipped', skip_reason = ?2, updated_at = ?3"
    " WHERE key = ?1 AND state IN ('pending', 'failed')";
// A row is superseded when a later stage of its obligation is due and alive.
constexpr std::string_view k_select_superseded =
    "SELECT r.key, r.state FROM reminders AS r"
    " WHERE ((r.state = 'pending' AND r.send_at <= ?2) OR r.state = 'failed')"
    " AND EXISTS (SELECT 1 FROM reminders AS s WHERE s.obligation = r.obligation"
    " AND s.stage_order > r.stage_order AND s.send_at <= ?1 AND s.state <> 'skipped')"
    " ORDER BY r.key";
// Claims a row only if it is still as the caller last read it, and due.
constexpr std::string_view k_claim_seen =
    "UPDATE reminders SET state = 'sending', attempts = attempts + 1, updated_at = ?2"
    " WHERE key = ?1 AND state = ?3 AND attempts = ?4 AND state IN ('pending', 'failed')"
    " AND (CASE state WHEN 'pending' THEN send_at ELSE next_attempt_at END) <= ?2";
// Claims many single-row digests read in state ?3 at once: ?1 is a JSON array
// of keys; returns each key claimed with its attempt number. "+state" keeps
// the planner on the key index.
constexpr std::string_view k_claim_seen_set =
    "UPDATE reminders SET state = 'sending', attempts = attempts + 1, updated_at = ?2"
    " WHERE key IN (SELECT value FROM json_each(?1)) AND +state = ?3 AND +state IN ('pending', 'failed')"
    " AND (CASE state WHEN 'pending' THEN send_at ELSE next_attempt_at END) <= ?2"
    " RETURNING key, attempts";
// Their events: ?1 is a JSON array of [key, from state, attempt].
constexpr std::string_view k_insert_claim_events_set =
    "INSERT INTO events (key, at, from_state, to_state, detail)"
    " SELECT value ->> 0, ?2, value ->> 1, 'sending', 'attempt ' || (value ->> 2) FROM json_each(?1)";
constexpr std::string_view k_mark_sent =
    "UPDATE reminders SET state = 'sent', sent_at = ?2, updated_at = ?2"
    " WHERE key = ?1 AND state = 'sending'";
// mark_sent for a whole batch: one statement moves the rows, one records
// their events (a burst is nearly all successes). "+state" keeps the planner
// on the key index: through the state index it would visit every row in
// sending for each batch.
constexpr std::string_view k_mark_sent_set =
    "UPDATE reminders SET state = 'sent', sent_at = ?2, updated_at = ?2"
    " WHERE key IN (SELECT value FROM json_each(?1)) AND +state = 'sending' RETURNING key";
constexpr std::string_view k_insert_events_set =
    "INSERT INTO events (key, at, from_state, to_state, detail)"
    " SELECT value, ?2, ?3, ?4, ?5 FROM json_each(?1)";
constexpr std::string_view k_mark_failed =
    "UPDATE reminders SET state = 'failed', last_error = ?3, next_attempt_at = ?4, updated_at = ?2"
    " WHERE key = ?1 AND state = 'sending'";
constexpr std::string_view k_mark_dead =
    "UPDATE reminders SET state = 'dead', last_error = ?3, updated_at = ?2"
    " WHERE key = ?1 AND state = 'sending'";
// A row in sending was last audited by its claim ("pending -> sending" or
// "failed -> sending"): it goes back to the state that claim took it from.
constexpr std::string_view k_release =
    "UPDATE reminders SET state = COALESCE((SELECT from_state FROM events WHERE events.key = ?1"
    " AND to_state = 'sending' ORDER BY id DESC LIMIT 1), 'pending'),"
    " attempts = MAX(attempts - 1, 0), updated_at = ?2 WHERE key = ?1 AND state = 'sending'"
    " RETURNING state";
constexpr std::string_view k_select_sending = "SELECT key FROM reminders WHERE state = 'sending' ORDER BY key";
constexpr std::string_view k_next_due =
    "SELECT MIN(t) FROM (SELECT MIN(send_at) AS t FROM reminders WHERE state = 'pending'"
    " UNION ALL SELECT MIN(next_attempt_at) FROM reminders WHERE state = 'failed')";
constexpr std::string_view k_counts = "SELECT state, COUNT(*) FROM reminders GROUP BY state";
constexpr std::string_view k_insert_event =
    "INSERT INTO events (key, at, from_state, to_state, detail) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view k_select_events =
    "SELECT id, key, at, from_state, to_state, detail FROM events WHERE key = ?1 ORDER BY id";

constexpr std::string_view k_insert_ack =
    "INSERT INTO ack_events (plan, task, occurrence, unit, action, at, actor, how, note, due, late)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr std::string_view k_select_acks =
    "SELECT id, plan, task, occurrence, unit, action, at, actor, how, note, due, late FROM ack_events ORDER BY id";
constexpr std::string_view k_select_acks_of =
    "SELECT id, plan, task, occurrence, unit, action, at, actor, how, note, due, late FROM ack_events"
    " WHERE plan = ?1 AND task = ?2 AND occurrence = ?3 AND unit = ?4 ORDER BY id";
constexpr std::string_view k_last_ack_id =
    "SELECT COALESCE(MAX(id), 0) FROM ack_events WHERE plan = ?1 AND task = ?2 AND occurrence = ?3 AND unit = ?4";
constexpr std::string_view k_select_open_of_obligation =
    "SELECT key, state FROM reminders WHERE plan = ?1 AND task = ?2 AND occurrence = ?3 AND unit = ?4"
    " AND state IN ('pending', 'failed') ORDER BY key";
constexpr std::string_view k_select_done_skipped =
    "SELECT key FROM reminders WHERE plan = ?1 AND task = ?2 AND occurrence = ?3 AND unit = ?4"
    " AND state = 'skipped' AND skip_reason = 'done' AND send_at > ?5 ORDER BY key";
constexpr std::string_view k_restore =
    "UPDATE reminders SET state = 'pending', skip_reason = '', next_attempt_at = 0, updated_at = ?2"
    " WHERE key = ?1 AND state = 'skipped'";

std::string database_error(const std::filesystem::path& path, sqlite3* db, std::string_view what) {
  std::string message = path.string();
  message += ": ";
  message += what;
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  return message;
}

tl::expected<void, std::string> exec(const std::filesystem::path& path, sqlite3* db, const char* sql,
                                     std::string_view what) {
  char* raw_message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &raw_message);
  // sqlite3_exec's message can be more specific than errmsg (e.g. from RAISE).
  const std::string detail = raw_message != nullptr ? raw_message : sqlite3_errstr(rc);
  sqlite3_free(raw_message);
  if (rc != SQLITE_OK) {
    return Error(path.string() + ": " + std::string(what) + ": " + detail);
  }
  return {};
}

// BEGIN IMMEDIATE takes the write lock up front, so a transaction never fails
// half-way with SQLITE_BUSY when upgrading from a read. Rolls back unless
// committed (also after errors where SQLite already rolled back by itself).
class Transaction {
 public:
  static tl::expected<Transaction, std::string> begin(const std::filesystem::path& path, sqlite3* db) {
    return begin(path, db, false);
  }
  // Inside an Outbox::Batch the work joins the batch's transaction: commit()
  // does nothing and the batch commits or rolls back everything.
  static tl::expected<Transaction, std::string> begin(const std::filesystem::path& path, sqlite3* db,
                                                      bool joined) {
    if (joined) {
      return Transaction(path, nullptr);
    }
    DEADLINED_TRY(exec(path, db, "BEGIN IMMEDIATE", "cannot begin transaction"));
    return Transaction(path, db);
  }

  Transaction(Transaction&& other) noexcept : m_path(other.m_path), m_db(std::exchange(other.m_db, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  ~Transaction() {
    if (m_db != nullptr && sqlite3_get_autocommit(m_db) == 0) {
      sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  tl::expected<void, std::string> commit() {
    if (m_db == nullptr) {
      return {};
    }
    auto committed = exec(*m_path, m_db, "COMMIT", "cannot commit transaction");
    if (committed) {
      m_db = nullptr;
    }
    return committed;
  }

 private:
  Transaction(const std::filesystem::path& path, sqlite3* db) : m_path(&path), m_db(db) {}

  const std::filesystem::path* m_path;
  sqlite3* m_db;
};

void bind_planned(Query& query, const ReminderRow& row, std::int64_t now) {
  query.bind(1, row.key)
      .bind(2, row.obligation)
      .bind(3, row.plan)
      .bind(4, row.task)
      .bind(5, row.occurrence)
      .bind(6, row.unit)
      .bind(7, row.role)
      .bind(8, row.stage)
      .bind(9, row.channel)
      .bind(10, row.recipient)
      .bind(11, row.due)
      .bind(12, std::int64_t{row.stage_order})
      .bind(13, row.send_at)
      .bind(14, row.fingerprint)
      .bind(15, now);
}

bool same_plan(const ReminderRow& stored, const ReminderRow& planned) {
  return stored.obligation == planned.obligation && stored.plan == planned.plan &&
         stored.task == planned.task && stored.occurrence == planned.occurrence &&
         stored.unit == planned.unit && stored.role == planned.role && stored.stage == planned.stage &&
         stored.channel == planned.channel && stored.recipient == planned.recipient &&
         stored.due == planned.due && stored.stage_order == planned.stage_order &&
         stored.send_at == planned.send_at && stored.fingerprint == planned.fingerprint;
}

// Audit detail of an in-place update: what the config changed.
std::string describe_changes(const ReminderRow& stored, const ReminderRow& planned) {
  std::string detail = "replanned:";
  const auto add = [&detail](std::string_view what) {
    detail += ' ';
    detail += what;
    detail += ';';
  };
  if (stored.send_at != planned.send_at) {
    add("send_at " + std::to_string(stored.send_at) + " -> " + std::to_string(planned.send_at));
  }
  if (stored.due != planned.due) {
    add("due " + stored.due + " -> " + planned.due);
  }
  if (stored.fingerprint != planned.fingerprint) {
    add("content changed");
  }
  if (stored.stage_order != planned.stage_order) {
    add("stage order " + std::to_string(stored.stage_order) + " -> " + std::to_string(planned.stage_order));
  }
  if (stored.role != planned.role) {
    add("role " + stored.role + " -> " + planned.role);
  }
  if (stored.obligation != planned.obligation) {
    add("obligation changed");
  }
  detail.pop_back();
  return detail;
}

std::int64_t clamp_limit(std::size_t limit) {
  constexpr auto k_max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(std::min(limit, k_max));
}

}  // namespace

std::string_view to_string(OutboxState state) { return k_state_names.at(static_cast<std::size_t>(state)); }

std::optional<OutboxState> parse_outbox_state(std::string_view text) {
  for (std::size_t i = 0; i < k_state_names.size(); ++i) {
    if (k_state_names[i] == text) {
      return static_cast<OutboxState>(i);
    }
  }
  return std::nullopt;
}

struct Outbox::Impl {
  Outbox::Durability durability = Outbox::Durability::full;
  bool created = false;  // this connection made the file (only then is version 0 a new outbox)
  // Declared before the statements: members die in reverse order, so every
  // statement is finalized before the connection closes.
  std::filesystem::path path;
  DatabaseHandle db;
  // Prepared on first use, kept for the connection. Keyed by the address of
  // the SQL literal: every statement is a constant, and hashing the address
  // instead of the text matters in a 100k-row reconcile.
  std::unordered_map<const char*, StatementHandle> statements;

  std::string error(std::string_view what) const { return database_error(path, db.get(), what); }

  tl::expected<Query, std::string> query(std::string_view sql) {
    auto found = statements.find(sql.data());
    if (found == statements.end()) {
      sqlite3_stmt* raw = nullptr;
      const int rc = sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
      StatementHandle statement(raw);
      if (rc != SQLITE_OK) {
        return Error(error("cannot prepare statement"));
      }
      found = statements.emplace(sql.data(), std::move(statement)).first;
    }
    return Query(found->second.get());
  }

  bool in_batch = false;  // an Outbox::Batch is open: begin() joins it

  tl::expected<Transaction, std::string> begin() { return Transaction::begin(path, db.get(), in_batch); }

  // Runs a statement that returns no rows.
  tl::expected<void, std::string> run(Query& query, std::string_view what) {
    if (query.step() != SQLITE_DONE) {
      return Error(error(what));
    }
    return {};
  }

  tl::expected<std::int64_t, std::string> pragma_int(std::string_view sql) {
    DEADLINED_TRY_ASSIGN(auto stmt, this->query(sql));
    if (stmt.step() != SQLITE_ROW) {
      return Error(error("cannot read schema header"));
    }
    return stmt.int64(0);
  }

  tl::expected<void, std::string> record(std::string_view key, std::int64_t at, std::optional<OutboxState> from,
                                         OutboxState to, std::string_view detail) {
    DEADLINED_TRY_ASSIGN(auto stmt, query(k_insert_event));
    stmt.bind(1, key).bind(2, at).bind(4, to_string(to)).bind(5, detail);
    if (from) {
      stmt.bind(3, to_string(*from));
    } else {
      stmt.bind_null(3);
    }
    return run(stmt, "cannot write audit event");
  }

  tl::expected<ReminderRow, std::string> read_row(const Query& query) const {
    ReminderRow row;
    row.key = query.text(0);
    row.obligation = query.text(1);
    row.plan = query.text(2);
    row.task = query.text(3);
    row.occurrence = query.text(4);
    row.unit = query.text(5);
    row.role = query.text(6);
    row.stage = query.text(7);
    row.channel = query.text(8);
    row.recipient = query.text(9);
    row.due = query.text(10);
    row.stage_order = static_cast<int>(query.int64(11));
    row.send_at = query.int64(12);
    row.fingerprint = query.text(13);
    const std::string state = query.text(14);
    const auto parsed = parse_outbox_state(state);
    if (!parsed) {
      return Error(path.string() + ": reminder " + row.key + " has unknown state '" + state + "'");
    }
    row.state = *parsed;
    row.attempts = static_cast<int>(query.int64(15));
    row.next_attempt_at = query.int64(16);
    row.updated_at = query.int64(17);
    row.sent_at = query.int64(18);
    row.last_error = query.text(19);
    row.skip_reason = query.text(20);
    return row;
  }

  // Steps `query` to its end, handing each row to `on_row`; `what` names the
  // read in the error message.
  template <typename OnRow>
  tl::expected<void, std::string> each_row(Query& query, std::string_view what, OnRow&& on_row) {
    for (;;) {
      const int rc = query.step();
      if (rc == SQLITE_DONE) {
        return {};
      }
      if (rc != SQLITE_ROW) {
        return Error(error(what));
      }
      on_row(query);
    }
  }

  // Steps a SELECT of whole rows to the end; `make` turns the row just read
  // and the statement into an element.
  template <typename Element, typename Make>
  tl::expected<std::vector<Element>, std::string> collect_rows(Query& query, Make make) {
    std::vector<Element> rows;
    for (;;) {
      const int rc = query.step();
      if (rc == SQLITE_DONE) {
        return rows;
      }
      if (rc != SQLITE_ROW) {
        return Error(error("cannot read reminders"));
      }
      DEADLINED_TRY_ASSIGN(auto row, read_row(query));
      rows.push_back(make(std::move(row), query));
    }
  }

  tl::expected<std::vector<ReminderRow>, std::string> read_rows(Query& query) {
    return collect_rows<ReminderRow>(query, [](ReminderRow&& row, const Query&) { return std::move(row); });
  }

  // A due row and its rowid, ordered as the due statements order them.
  struct DueRow {
    ReminderRow row;
    std::int64_t rowid = 0;
    friend bool operator<(const DueRow& a, const DueRow& b) {
      return std::tie(a.row.send_at, a.rowid) < std::tie(b.row.send_at, b.rowid);
    }
  };

  // Rows of a statement selecting the outbox columns and then the rowid.
  tl::expected<std::vector<DueRow>, std::string> read_due_rows(Query& query) {
    return collect_rows<DueRow>(query, [](ReminderRow&& row, const Query& statement) {
      return DueRow{std::move(row), statement.int64(k_outbox_column_count)};
    });
  }

  tl::expected<std::vector<DueRow>, std::string> read_due_rows(std::string_view sql, std::int64_t now,
                                                               std::int64_t limit) {
    DEADLINED_TRY_ASSIGN(auto stmt, query(sql));
    stmt.bind(1, now).bind(2, limit);
    return read_due_rows(stmt);
  }

  tl::expected<std::optional<ReminderRow>, std::string> find(std::string_view key) {
    DEADLINED_TRY_ASSIGN(auto stmt, query(k_select_by_key));
    stmt.bind(1, key);
    const int rc = stmt.step();
    if (rc == SQLITE_DONE) {
      return std::optional<ReminderRow>();
    }
    if (rc != SQLITE_ROW) {
      return Error(error("cannot read reminder"));
    }
    DEADLINED_TRY_ASSIGN(auto row, read_row(stmt));
    return std::optional<ReminderRow>(std::move(row));
  }

  // Moves one row to skipped with an audit event; false when it was not
  // pending or failed any more.
  tl::expected<bool, std::string> skip(const std::string& key, OutboxState from, std::string_view reason,
                                       std::int64_t now) {
    DEADLINED_TRY_ASSIGN(auto stmt, query(k_skip));
    stmt.bind(1, key).bind(2, reason).bind(3, now);
    DEADLINED_TRY(run(stmt, "cannot skip reminder"));
    if (sqlite3_changes(db.get()) == 0) {
      return false;
    }
    DEADLINED_TRY(record(key, now, from, OutboxState::skipped, reason));
    return true;
  }

  // The common shape of mark_sent / mark_failed / mark_dead: one transaction,
  // one guarded UPDATE per key, an event for each row that really moved.
  template <typename Bind>
  tl::expected<std::size_t, std::string> finish(const std::vector<std::string>& keys, std::int64_t now,
                                                std::string_view sql, OutboxState to, std::string_view detail,
                                                Bind bind_extra) {
    DEADLINED_TRY_ASSIGN(auto tx, begin());
    std::size_t changed = 0;
    for (const std::string& key : keys) {
      DEADLINED_TRY_ASSIGN(auto stmt, query(sql));
      stmt.bind(1, key).bind(2, now);
      bind_extra(stmt);
      DEADLINED_TRY(run(stmt, "cannot update reminder"));
      if (sqlite3_changes(db.get()) == 0) {
        continue;  // not in sending: already finished, requeued, or unknown
      }
      ++changed;
      DEADLINED_TRY(record(key, now, OutboxState::sending, to, detail));
    }
    DEADLINED_TRY(tx.commit());
    return changed;
  }

  tl::expected<void, std::string> configure() {
    sqlite3_extended_result_codes(db.get(), 1);
    sqlite3_busy_timeout(db.get(), k_busy_timeout_ms);
    // WAL: readers (a status command) never block the daemon's writes, and a
    // commit is one sequential append.
    {
      DEADLINED_TRY_ASSIGN(auto stmt, query("PRAGMA journal_mode = WAL"));
      if (stmt.step() != SQLITE_ROW) {
        return Error(error("cannot set journal mode"));
      }
      if (const std::string mode = stmt.text(0); mode != "wal") {
        return Error(path.string() + ": cannot use write-ahead logging (journal mode is " + mode + ")");
      }
    }
    // FULL by default: under WAL, NORMAL may lose the last commits on power
    // loss, and a lost mark_sent re-sends a reminder. The daemon may choose
    // NORMAL (delivery.synchronous) for bursts: one fsync per checkpoint
    // instead of per commit.
    const char* synchronous =
        durability == Durability::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
    DEADLINED_TRY(exec(path, db.get(), synchronous, "cannot set synchronous mode"));
    // 4 MiB of page cache: the daemon's memory budget is small (50 MB with
    // 100k rows); a large reconcile spills to the WAL instead.
    DEADLINED_TRY(exec(path, db.get(), "PRAGMA cache_size = -4096", "cannot set cache size"));
    return exec(path, db.get(), "PRAGMA foreign_keys = ON", "cannot enable foreign keys");
  }

  tl::expected<void, std::string> migrate() {
    const auto migrations = outbox_migrations();
    const auto latest = static_cast<std::int64_t>(migrations.size());
    for (;;) {
      // Read the version under the write lock, so two processes opening the
      // same new file cannot both apply a step.
      DEADLINED_TRY_ASSIGN(auto tx, begin());
      DEADLINED_TRY_ASSIGN(auto version, pragma_int("PRAGMA user_version"));
      DEADLINED_TRY_ASSIGN(auto application_id, pragma_int("PRAGMA application_id"));
      if (application_id != 0 && application_id != k_outbox_application_id) {
        return Error(path.string() + ": not a deadlined outbox (application_id " +
                     std::to_string(application_id) + ")");
      }
      if (version > latest) {
        return Error(path.string() + ": schema version " + std::to_string(version) +
                     " is newer than this deadlined supports (" + std::to_string(latest) + ")");
      }
      if (version == latest) {
        return {};  // the guard ends the read-only transaction
      }
      if (version == 0 && !created) {
        // An existing file without our schema (emptied, replaced, restored
        // wrong): starting afresh would send every reminder again.
        return Error(path.string() +
                     ": not a deadlined outbox (no schema); restore outbox.sqlite from a backup, or move it "
                     "away to start a new outbox (reminders already sent would then be sent again)");
      }
      const std::string step(migrations[static_cast<std::size_t>(version)]);
      const std::string what = "cannot migrate schema to version " + std::to_string(version + 1);
      DEADLINED_TRY(exec(path, db.get(), step.c_str(), what));
      const std::string bump = "PRAGMA user_version = " + std::to_string(version + 1);
      DEADLINED_TRY(exec(path, db.get(), bump.c_str(), what));
      DEADLINED_TRY(tx.commit());
    }
  }
};

Outbox::Outbox(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Outbox::Outbox(Outbox&&) noexcept = default;
Outbox& Outbox::operator=(Outbox&&) noexcept = default;
Outbox::~Outbox() = default;

int Outbox::schema_version() { return static_cast<int>(outbox_migrations().size()); }

const std::filesystem::path& Outbox::path() const { return m_impl->path; }

tl::expected<Outbox, std::string> Outbox::open(const std::filesystem::path& file,
                                               Durability durability) {
  if (const auto parent = file.parent_path(); !parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Error(file.string() + ": cannot create directory " + parent.string() + ": " +
                   ec.message());
    }
  }
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Error(file.string() + ": cannot read: " + ec.message());
  }
  if (std::filesystem::exists(status)) {
    if (!std::filesystem::is_regular_file(status)) {
      return Error(file.string() + ": not a regular file");
    }
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && size == 0) {
      return Error(file.string() + ": the outbox is empty (0 bytes), so what was already sent is "
                                   "unknown; restore outbox.sqlite "
                                   "from a backup, or move it away to start a new outbox "
                                   "(reminders already sent would then be "
                                   "sent again)");
    }
    DEADLINED_TRY_ASSIGN(auto impl, open_database(file, durability, false));
    return Outbox(std::move(impl));
  }
  // A new outbox is made complete beside its final name and then linked into
  // place, so a crash during creation never leaves an empty outbox.sqlite
  // (which would be refused above), and two processes creating it at once
  // end with the one file.
  const std::filesystem::path staging = file.string() + ".new." + std::to_string(::getpid());
  std::filesystem::remove(staging, ec);
  {
    auto created = open_database(staging, durability, true);
    if (!created) {
      std::filesystem::remove(staging, ec);
      return Error(std::move(created.error()));
    }
  }
  std::filesystem::create_hard_link(staging, file, ec);
  const std::error_code linked = ec;
  std::filesystem::remove(staging, ec);
  if (linked && linked != std::errc::file_exists) {
    return Error(file.string() + ": cannot create: " + linked.message());
  }
  DEADLINED_TRY_ASSIGN(auto impl, open_database(file, durability, false));
  return Outbox(std::move(impl));
}

tl::expected<std::unique_ptr<Outbox::Impl>, std::string>
Outbox::open_database(const std::filesystem::path& file, Durability durability, bool create) {
  sqlite3* raw = nullptr;
  // NOMUTEX: one thread at a time uses a connection (see Outbox), so SQLite's
  // per-call locking is pure cost.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  DatabaseHandle db(raw); // closed on every path below, even when open failed
  if (rc != SQLITE_OK) {
    return Error(database_error(file, db.get(), "cannot open database"));
  }
  auto impl = std::make_unique<Impl>();
  impl->path = file;
  impl->db = std::move(db);
  impl->durability = durability;
  impl->created = create;
  DEADLINED_TRY(impl->configure());
  DEADLINED_TRY(impl->migrate());
  return impl;
}

// One streamed reconcile: rows are applied as they come inside one
// transaction; finish() skips what was not planned and commits. Destroyed
// without finish() (an error), the transaction rolls back and nothing changes.
struct Outbox::Reconciliation::State {
  Impl& impl;
  std::optional<Transaction> tx;  // replaced after each committed step
  std::int64_t now;
  std::optional<std::int64_t> late_cutoff;
  std::size_t step_rows = 0;  // 0: one transaction
  std::size_t written_since_commit = 0;
  // 64-bit hashes of the planned keys, not the keys: with 100k rows this is
  // a few MB instead of tens (a collision, about 1 in 10^9 at that size, would
  // only leave one dropped row pending).
  std::unordered_set<std::size_t> planned_keys;
  std::set<std::pair<std::string, std::string>> planned_tasks;
  ReconcileResult result;

  static std::size_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
};

Outbox::Reconciliation::Reconciliation(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Outbox::Reconciliation::Reconciliation(Reconciliation&&) noexcept = default;
Outbox::Reconciliation::~Reconciliation() = default;

tl::expected<Outbox::Reconciliation, std::string> Outbox::begin_reconcile(std::int64_t now,
                                                                          std::optional<std::int64_t> late_cutoff,
                                                                          std::size_t step_rows) {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto tx, impl.begin());
  auto state = std::unique_ptr<Reconciliation::State>(
      new Reconciliation::State{impl, std::move(tx), now, late_cutoff, step_rows, 0, {}, {}, {}});
  return Reconciliation(std::move(state));
}

tl::expected<void, std::string> Outbox::Reconciliation::wrote_row() {
  State& st = *m_state;
  if (st.step_rows == 0 || ++st.written_since_commit < st.step_rows) {
    return {};
  }
  // A committed step: what is planned so far survives a crash, so a start
  // killed part-way resumes instead of starting over.
  DEADLINED_TRY(st.tx->commit());
  st.tx.reset();
  DEADLINED_TRY_ASSIGN(auto tx, st.impl.begin());
  st.tx.emplace(std::move(tx));
  st.written_since_commit = 0;
  return {};
}

tl::expected<void, std::string> Outbox::Reconciliation::add(const ReminderRow& row) {
  State& st = *m_state;
  Impl& impl = st.impl;
  const std::int64_t now = st.now;
  ReconcileResult& result = st.result;
  if (row.key.empty()) {
    return Error(impl.path.string() + ": reconcile: a planned reminder has an empty key");
  }
  if (!st.planned_keys.insert(State::hash(row.key)).second) {
    return Error(impl.path.string() + ": reconcile: key planned twice: " + row.key);
  }
  st.planned_tasks.emplace(row.plan, row.task);
  DEADLINED_TRY_ASSIGN(auto stored, impl.find(row.key));
  std::optional<OutboxState> from;
  std::string detail;
  if (!stored) {
    DEADLINED_TRY_ASSIGN(auto insert, impl.query(k_insert));
    bind_planned(insert, row, now);
    DEADLINED_TRY(impl.run(insert, "cannot insert reminder"));
    ++result.inserted;
    detail = "planned";
  } else {
    const ReminderRow& old = *stored;
    const bool open = old.state == OutboxState::pending || old.state == OutboxState::failed;
    // Only rows skipped by a reconcile come back; rows skipped by the
    // catch-up stay skipped, or every reload would flood missed stages.
    const bool revivable = old.state == OutboxState::skipped &&
                           (old.skip_reason == k_skip_config_changed || old.skip_reason == k_skip_task_removed);
    if ((open && same_plan(old, row)) || (!open && !revivable)) {
      ++result.unchanged;
      return {};
    }
    DEADLINED_TRY_ASSIGN(auto replan, impl.query(k_replan));
    bind_planned(replan, row, now);
    DEADLINED_TRY(impl.run(replan, "cannot update reminder"));
    from = old.state;
    if (revivable) {
      ++result.revived;
      detail = "planned again";
      if (!same_plan(old, row)) {
        detail += "; " + describe_changes(old, row);
      }
    } else {
      ++result.updated;
      detail = describe_changes(old, row);
    }
  }
  DEADLINED_TRY(impl.record(row.key, now, from, OutboxState::pending, detail));
  if (st.late_cutoff && row.send_at <= *st.late_cutoff) {
    DEADLINED_TRY_ASSIGN(auto skipped, impl.skip(row.key, OutboxState::pending, k_skip_late_change, now));
    result.skipped += skipped ? 1 : 0;
  }
  return wrote_row();
}

tl::expected<ReconcileResult, std::string> Outbox::Reconciliation::finish() {
  State& st = *m_state;
  Impl& impl = st.impl;
  // Rows still waiting that the config no longer asks for. Collected first:
  // updating rows under an open SELECT on the same index is unsafe.
  struct Dropped {
    std::string key;
    OutboxState from;
    bool task_planned;
  };
  std::vector<Dropped> dropped;
  {
    DEADLINED_TRY_ASSIGN(auto open_rows, impl.query(k_select_open));
    for (;;) {
      const int rc = open_rows.step();
      if (rc == SQLITE_DONE) {
        break;
      }
      if (rc != SQLITE_ROW) {
        return Error(impl.error("cannot read reminders"));
      }
      std::string key = open_rows.text(0);
      if (st.planned_keys.contains(State::hash(key))) {
        continue;
      }
      const bool task_planned = st.planned_tasks.contains({open_rows.text(1), open_rows.text(2)});
      const auto from = parse_outbox_state(open_rows.text(3)).value_or(OutboxState::pending);
      dropped.push_back({std::move(key), from, task_planned});
    }
  }
  for (const Dropped& row : dropped) {
    const auto reason = row.task_planned ? k_skip_config_changed : k_skip_task_removed;
    DEADLINED_TRY_ASSIGN(auto skipped, impl.skip(row.key, row.from, reason, st.now));
    st.result.skipped += skipped ? 1 : 0;
  }
  DEADLINED_TRY(st.tx->commit());
  return st.result;
}

tl::expected<ReconcileResult, std::string> Outbox::reconcile(const std::vector<ReminderRow>& planned,
                                                             std::int64_t now,
                                                             std::optional<std::int64_t> late_cutoff) {
  // Validate before touching anything: a planner bug must not half-apply
  // (the transaction would roll back anyway; this keeps the error cheap).
  std::unordered_set<std::string_view> keys;
  keys.reserve(planned.size());
  for (const ReminderRow& row : planned) {
    if (row.key.empty()) {
      return Error(m_impl->path.string() + ": reconcile: a planned reminder has an empty key");
    }
    if (!keys.insert(row.key).second) {
      return Error(m_impl->path.string() + ": reconcile: key planned twice: " + row.key);
    }
  }
  DEADLINED_TRY_ASSIGN(auto reconciliation, begin_reconcile(now, late_cutoff));
  for (const ReminderRow& row : planned) {
    DEADLINED_TRY(reconciliation.add(row));
  }
  return reconciliation.finish();
}

tl::expected<std::size_t, std::string> Outbox::collapse_missed(std::int64_t now, std::int64_t grace_seconds) {
  Impl& impl = *m_impl;
  const std::int64_t cutoff = now - std::max<std::int64_t>(grace_seconds, 0);
  DEADLINED_TRY_ASSIGN(auto tx, impl.begin());
  // The latest due stage of an obligation is never selected (nothing later
  // supersedes it), so it survives even though the selection is computed once.
  std::vector<std::pair<std::string, OutboxState>> superseded;
  {
    DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_select_superseded));
    stmt.bind(1, now).bind(2, cutoff);
    DEADLINED_TRY(impl.each_row(stmt, "cannot read reminders", [&](const Query& row) {
      superseded.emplace_back(row.text(0),
                              parse_outbox_state(row.text(1)).value_or(OutboxState::pending));
    }));
  }
  std::size_t skipped = 0;
  for (const auto& [key, from] : superseded) {
    const auto reason = from == OutboxState::failed ? k_skip_superseded : k_skip_missed;
    DEADLINED_TRY_ASSIGN(auto done, impl.skip(key, from, reason, now));
    skipped += done ? 1 : 0;
  }
  DEADLINED_TRY(tx.commit());
  return skipped;
}

tl::expected<std::size_t, std::string> Outbox::skip_stale(std::int64_t now, std::int64_t older_than) {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto tx, impl.begin());
  std::vector<std::string> keys;
  {
    DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_select_stale));
    stmt.bind(1, older_than);
    DEADLINED_TRY(impl.each_row(stmt, "cannot read reminders", [&](const Query& row) {
      keys.push_back(row.text(0));
    }));
  }
  std::size_t skipped = 0;
  for (const auto& key : keys) {
    DEADLINED_TRY_ASSIGN(auto done, impl.skip(key, OutboxState::pending, k_skip_stale, now));
    skipped += done ? 1 : 0;
  }
  DEADLINED_TRY(tx.commit());
  return skipped;
}

tl::expected<std::size_t, std::string> Outbox::defer_missed(std::int64_t now, std::int64_t window) {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto tx, impl.begin());
  std::optional<std::int64_t> next;
  {
    DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_next_pending_after));
    stmt.bind(1, now);
    if (stmt.step() != SQLITE_ROW) {
      return Error(impl.error("cannot read next send time"));
    }
    if (!stmt.is_null(0)) {
      next = stmt.int64(0);
    }
  }
  if (!next || *next - now > window) {
    return std::size_t{0};
  }
  DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_defer_missed));
  stmt.bind(1, now).bind(2, *next);
  DEADLINED_TRY(impl.run(stmt, "cannot defer missed reminders"));
  auto deferred = static_cast<std::size_t>(sqlite3_changes(impl.db.get()));
  DEADLINED_TRY(tx.commit());
  return deferred;
}

tl::expected<bool, std::string> Outbox::add_trigger(const TriggerRow& trigger) {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_insert_trigger));
  stmt.bind(1, trigger.plan).bind(2, trigger.task).bind(3, trigger.due).bind(4, trigger.note).bind(5, trigger.created_at);
  DEADLINED_TRY(impl.run(stmt, "cannot add trigger"));
  return sqlite3_changes(impl.db.get()) > 0;
}

tl::expected<std::vector<TriggerRow>, std::string> Outbox::triggers() {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_select_triggers));
  std::vector<TriggerRow> result;
  DEADLINED_TRY(impl.each_row(stmt, "cannot read triggers", [&](const Query& row) {
    result.push_back(TriggerRow{row.text(0), row.text(1), row.text(2), row.text(3),
                                row.int64(4)});
  }));
  return result;
}

tl::expected<std::vector<ReminderRow>, std::string> Outbox::due(std::int64_t now, std::size_t limit) {
  Impl& impl = *m_impl;
  if (limit == 0) {
    return std::vector<ReminderRow>();
  }
  // One row more than asked tells whether the limit cut through what is due.
  const std::int64_t wanted = clamp_limit(limit == std::numeric_limits<std::size_t>::max() ? limit : limit + 1);
  DEADLINED_TRY_ASSIGN(auto pending, impl.read_due_rows(k_select_due_pending, now, wanted));
  DEADLINED_TRY_ASSIGN(auto failed, impl.read_due_rows(k_select_due_failed, now, wanted));
  std::vector<Impl::DueRow> merged;
  merged.reserve(pending.size() + failed.size());
  std::merge(std::make_move_iterator(pending.begin()), std::make_move_iterator(pending.end()),
             std::make_move_iterator(failed.begin()), std::make_move_iterator(failed.end()),
             std::back_inserter(merged));
  const bool cut = merged.size() > limit;
  if (cut) {
    merged.resize(limit);
  }
  std::vector<ReminderRow> rows;
  rows.reserve(merged.size());
  std::unordered_set<std::int64_t> have;
  std::set<std::pair<std::string, std::string>> recipients;
  for (Impl::DueRow& due_row : merged) {
    if (cut) {
      have.insert(due_row.rowid);
      recipients.emplace(due_row.row.channel, due_row.row.recipient);
    }
    rows.push_back(std::move(due_row.row));
  }
  if (!cut) {
    return rows;
  }
  // The limit cut through what is due: add the other due rows of the
  // recipients reached, so no recipient's digest is split between two reads
  // (two messages in one slot). Only a burst larger than `limit` gets here.
  JsonText wanted_recipients;
  wanted_recipients.begin_array();
  for (const auto& [channel, recipient] : recipients) {
    wanted_recipients.begin_array().value(channel).value(recipient).end_array();
  }
  wanted_recipients.end_array();
  DEADLINED_TRY_ASSIGN(auto rest_query, impl.query(k_select_due_of));
  rest_query.bind(1, now).bind(2, wanted_recipients.text());
  // Rowids first: usually every due row of these recipients is in the page.
  JsonText missing;
  missing.begin_array();
  bool any_missing = false;
  DEADLINED_TRY(impl.each_row(rest_query, "cannot read reminders", [&](const Query& row) {
    if (const std::int64_t rowid = row.int64(0); !have.contains(rowid)) {
      missing.value(rowid);
      any_missing = true;
    }
  }));
  if (!any_missing) {
    return rows;
  }
  missing.end_array();
  DEADLINED_TRY_ASSIGN(auto missing_query, impl.query(k_select_by_rowids));
  missing_query.bind(1, now).bind(2, missing.text());
  DEADLINED_TRY_ASSIGN(auto rest, impl.read_due_rows(missing_query));
  for (Impl::DueRow& due_row : rest) {
    rows.push_back(std::move(due_row.row));
  }
  return rows;
}

tl::expected<std::vector<bool>, std::string> Outbox::claim_seen(const std::vector<std::vector<SeenRow>>& groups,
                                                                std::int64_t now) {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto tx, impl.begin());
  std::vector<bool> result(groups.size(), false);
  // Single-row digests (nearly all of a burst): one statement per state they
  // were read in, one for all their events. Their keys go through JSON, which
  // only carries valid UTF-8; any other key takes the row-by-row path below.
  const auto set_based = [](const std::vector<SeenRow>& rows) {
    return rows.size() == 1 && is_valid_utf8(rows.front().key);
  };
  {
    std::unordered_map<std::string_view, std::size_t> index;
    JsonText claimed_events;
    claimed_events.begin_array();
    bool any_claimed = false;
    for (const OutboxState from : {OutboxState::pending, OutboxState::failed}) {
      JsonText keys;
      keys.begin_array();
      bool any = false;
      for (std::size_t g = 0; g < groups.size(); ++g) {
        if (set_based(groups[g]) && groups[g].front().state == from) {
          keys.value(groups[g].front().key);
          index.emplace(groups[g].front().key, g);
          any = true;
        }
      }
      keys.end_array();
      if (!any) {
        continue;
      }
      DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_claim_seen_set));
      stmt.bind(1, keys.text()).bind(2, now).bind(3, to_string(from));
      DEADLINED_TRY(impl.each_row(stmt, "cannot claim reminders", [&](const Query& row) {
        const auto found = index.find(row.text(0));
        if (found == index.end()) {
          return;
        }
        result[found->second] = true;
        claimed_events.begin_array()
            .value(groups[found->second].front().key)
            .value(to_string(from))
            .value(row.int64(1))
            .end_array();
        any_claimed = true;
      }));
    }
    claimed_events.end_array();
    if (any_claimed) {
      DEADLINED_TRY_ASSIGN(auto events, impl.query(k_insert_claim_events_set));
      events.bind(1, claimed_events.text()).bind(2, now);
      DEADLINED_TRY(impl.run(events, "cannot record events"));
    }
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& rows = groups[g];
    if (rows.empty() || set_based(rows)) {
      continue;  // claimed above (or nothing to claim)
    }
    // A digest of several rows is claimed entirely or not at all.
    DEADLINED_TRY(exec(impl.path, impl.db.get(), "SAVEPOINT digest", "cannot claim digest"));
    bool claimed = true;
    for (const SeenRow& row : rows) {
      DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_claim_seen));
      stmt.bind(1, row.key).bind(2, now).bind(3, to_string(row.state)).bind(4, std::int64_t{row.attempts});
      DEADLINED_TRY(impl.run(stmt, "cannot claim reminder"));
      if (sqlite3_changes(impl.db.get()) == 0) {
        claimed = false;
        break;
      }
      DEADLINED_TRY(impl.record(row.key, now, row.state, OutboxState::sending, "attempt " + std::to_string(row.attempts + 1)));
    }
    const char* end = claimed ? "RELEASE digest" : "ROLLBACK TO digest; RELEASE digest";
    DEADLINED_TRY(exec(impl.path, impl.db.get(), end, "cannot claim digest"));
    result[g] = claimed;
  }
  DEADLINED_TRY(tx.commit());
  return result;
}

tl::expected<std::size_t, std::string> Outbox::mark_sent(const std::vector<std::string>& keys, std::int64_t now) {
  // The set form passes keys through JSON, which only carries valid UTF-8.
  if (keys.size() < 2 || !std::all_of(keys.begin(), keys.end(), [](const std::string& key) { return is_valid_utf8(key); })) {
    return m_impl->finish(keys, now, k_mark_sent, OutboxState::sent, "delivered", [](Query&) {});
  }
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto tx, impl.begin());
  JsonText moved;
  moved.begin_array();
  std::size_t moved_count = 0;
  {
    DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_mark_sent_set));
    JsonText wanted;
    wanted.begin_array();
    for (const std::string& key : keys) {
      wanted.value(key);
    }
    wanted.end_array();
    stmt.bind(1, wanted.text()).bind(2, now);
    DEADLINED_TRY(impl.each_row(stmt, "cannot update reminders", [&](const Query& row) {
      moved.value(row.text(0));
      ++moved_count;
    }));
  }
  moved.end_array();
  if (moved_count > 0) {
    DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_insert_events_set));
    stmt.bind(1, moved.text())
        .bind(2, now)
        .bind(3, to_string(OutboxState::sending))
        .bind(4, to_string(OutboxState::sent))
        .bind(5, std::string_view{"delivered"});
    DEADLINED_TRY(impl.run(stmt, "cannot record events"));
  }
  DEADLINED_TRY(tx.commit());
  return moved_count;
}

tl::expected<std::size_t, std::string> Outbox::mark_failed(const std::vector<std::string>& keys, std::int64_t now,
                                                           std::string_view error,
                                                           std::int64_t next_attempt_at) {
  const std::string detail = std::string(error) + " (retry at " + std::to_string(next_attempt_at) + ")";
  return m_impl->finish(keys, now, k_mark_failed, OutboxState::failed, detail,
                        [&](Query& query) { query.bind(3, error).bind(4, next_attempt_at); });
}

tl::expected<std::size_t, std::string> Outbox::mark_dead(const std::vector<std::string>& keys, std::int64_t now,
                                                         std::string_view error) {
  return m_impl->finish(keys, now, k_mark_dead, OutboxState::dead, error,
                        [&](Query& query) { query.bind(3, error); });
}

Outbox::Batch::Batch(Impl* impl) : m_impl(impl) {}

Outbox::Batch::Batch(Batch&& other) noexcept : m_impl(std::exchange(other.m_impl, nullptr)) {}

Outbox::Batch::~Batch() {
  if (m_impl != nullptr && m_impl->in_batch) {
    m_impl->in_batch = false;
    sqlite3_exec(m_impl->db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

tl::expected<void, std::string> Outbox::Batch::commit() {
  if (m_impl == nullptr || !m_impl->in_batch) {
    return Error(std::string("outbox batch already finished"));
  }
  m_impl->in_batch = false;
  auto committed = exec(m_impl->path, m_impl->db.get(), "COMMIT", "cannot commit transaction");
  if (!committed) {
    sqlite3_exec(m_impl->db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  return committed;
}

tl::expected<Outbox::Batch, std::string> Outbox::begin_batch() {
  Impl& impl = *m_impl;
  if (impl.in_batch) {
    return Error(std::string("an outbox batch is already open"));
  }
  DEADLINED_TRY(exec(impl.path, impl.db.get(), "BEGIN IMMEDIATE", "cannot begin transaction"));
  impl.in_batch = true;
  return Batch(&impl);
}

tl::expected<std::size_t, std::string> Outbox::release(const std::vector<std::string>& keys, std::int64_t now,
                                                       std::string_view why) {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto tx, impl.begin());
  std::size_t released = 0;
  for (const std::string& key : keys) {
    DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_release));
    stmt.bind(1, key).bind(2, now);
    std::optional<OutboxState> to;
    DEADLINED_TRY(impl.each_row(stmt, "cannot release reminder",
                              [&](const Query& row) { to = parse_outbox_state(row.text(0)); }));
    if (!to) {
      continue;  // not in sending: finished meanwhile, or unknown
    }
    ++released;
    DEADLINED_TRY(impl.record(key, now, OutboxState::sending, *to, why));
  }
  DEADLINED_TRY(tx.commit());
  return released;
}

tl::expected<std::size_t, std::string> Outbox::requeue_in_flight(std::int64_t now) {
  // A release with its own audit text: each row goes back to the state its
  // claim took it from, and the claim's attempt is given back (it may never
  // have reached a server: queued for a worker, or cut by the crash), so a
  // crash loop cannot use up the retry budget.
  std::vector<std::string> in_flight;
  {
    DEADLINED_TRY_ASSIGN(auto stmt, m_impl->query(k_select_sending));
    DEADLINED_TRY(m_impl->each_row(stmt, "cannot read reminders",
                                 [&](const Query& row) { in_flight.push_back(row.text(0)); }));
  }
  if (in_flight.empty()) {
    return 0;
  }
  return release(in_flight, now,
                 "requeued at start-up: the previous run stopped while sending; "
                 "it may have been delivered already (possible duplicate)");
}

tl::expected<std::optional<std::int64_t>, std::string> Outbox::next_due() {
  DEADLINED_TRY_ASSIGN(auto stmt, m_impl->query(k_next_due));
  if (stmt.step() != SQLITE_ROW) {
    return Error(m_impl->error("cannot read next due time"));
  }
  if (stmt.is_null(0)) {
    return std::optional<std::int64_t>();
  }
  return std::optional<std::int64_t>(stmt.int64(0));
}

tl::expected<std::map<OutboxState, std::int64_t>, std::string> Outbox::counts() {
  std::map<OutboxState, std::int64_t> result;
  for (std::size_t i = 0; i < k_state_names.size(); ++i) {
    result[static_cast<OutboxState>(i)] = 0;
  }
  DEADLINED_TRY_ASSIGN(auto stmt, m_impl->query(k_counts));
  for (;;) {
    const int rc = stmt.step();
    if (rc == SQLITE_DONE) {
      return result;
    }
    if (rc != SQLITE_ROW) {
      return Error(m_impl->error("cannot count reminders"));
    }
    if (const auto state = parse_outbox_state(stmt.text(0))) {
      result[*state] = stmt.int64(1);
    }
  }
}

tl::expected<std::vector<ReminderRow>, std::string> Outbox::list(std::optional<OutboxState> state,
                                                                 std::size_t limit) {
  DEADLINED_TRY_ASSIGN(auto stmt, m_impl->query(state ? k_select_in_state : k_select_all));
  if (state) {
    stmt.bind(1, to_string(*state)).bind(2, clamp_limit(limit));
  } else {
    stmt.bind(1, clamp_limit(limit));
  }
  return m_impl->read_rows(stmt);
}

tl::expected<std::optional<ReminderRow>, std::string> Outbox::find(std::string_view key) {
  return m_impl->find(key);
}

namespace {

tl::expected<std::vector<AckRow>, std::string> read_acks(Query& query, const std::function<std::string()>& error) {
  std::vector<AckRow> rows;
  for (;;) {
    const int rc = query.step();
    if (rc == SQLITE_DONE) {
      return rows;
    }
    if (rc != SQLITE_ROW) {
      return Error(error());
    }
    AckRow row;
    row.id = query.int64(0);
    row.plan = query.text(1);
    row.task = query.text(2);
    row.occurrence = query.text(3);
    row.unit = query.text(4);
    row.action = query.text(5);
    row.at = query.int64(6);
    row.by = query.text(7);
    row.how = query.text(8);
    row.note = query.text(9);
    row.due = query.text(10);
    row.late = query.int64(11) != 0;
    rows.push_back(std::move(row));
  }
}

}  // namespace

tl::expected<std::optional<std::size_t>, std::string> Outbox::record_ack(const AckRow& ack,
                                                                          std::int64_t expected_last_id) {
  Impl& impl = *m_impl;
  if (ack.action != "done" && ack.action != "undo") {
    return Error(impl.path.string() + ": record_ack: unknown action \"" + ack.action + "\"");
  }
  DEADLINED_TRY_ASSIGN(auto tx, impl.begin());
  const auto bind_obligation = [&ack](Query& query) {
    query.bind(1, ack.plan).bind(2, ack.task).bind(3, ack.occurrence).bind(4, ack.unit);
  };
  {
    DEADLINED_TRY_ASSIGN(auto last, impl.query(k_last_ack_id));
    bind_obligation(last);
    if (last.step() != SQLITE_ROW) {
      return Error(impl.error("cannot read acknowledgements"));
    }
    if (last.int64(0) != expected_last_id) {
      return std::optional<std::size_t>();  // someone else acted first; the caller re-reads
    }
  }
  {
    DEADLINED_TRY_ASSIGN(auto insert, impl.query(k_insert_ack));
    bind_obligation(insert);
    insert.bind(5, ack.action)
        .bind(6, ack.at)
        .bind(7, ack.by)
        .bind(8, ack.how)
        .bind(9, ack.note)
        .bind(10, ack.due)
        .bind(11, std::int64_t{ack.late ? 1 : 0});
    DEADLINED_TRY(impl.run(insert, "cannot record acknowledgement"));
  }
  // Collected first: updating rows under an open SELECT on the same index is unsafe.
  std::vector<std::pair<std::string, OutboxState>> targets;
  {
    DEADLINED_TRY_ASSIGN(auto select, impl.query(ack.action == "done" ? k_select_open_of_obligation : k_select_done_skipped));
    bind_obligation(select);
    if (ack.action == "undo") {
      select.bind(5, ack.at);
    }
    DEADLINED_TRY(impl.each_row(select, "cannot read reminders", [&](const Query& row) {
      const auto state = ack.action == "done"
                             ? parse_outbox_state(row.text(1)).value_or(OutboxState::pending)
                             : OutboxState::skipped;
      targets.emplace_back(row.text(0), state);
    }));
  }
  std::size_t changed = 0;
  const std::string who = ack.by.empty() ? ack.how : ack.by + " via " + ack.how;
  for (const auto& [key, from] : targets) {
    if (ack.action == "done") {
      DEADLINED_TRY_ASSIGN(auto skipped, impl.skip(key, from, k_skip_done, ack.at));
      changed += skipped ? 1 : 0;
      continue;
    }
    DEADLINED_TRY_ASSIGN(auto restore, impl.query(k_restore));
    restore.bind(1, key).bind(2, ack.at);
    DEADLINED_TRY(impl.run(restore, "cannot restore reminder"));
    if (sqlite3_changes(impl.db.get()) == 0) {
      continue;
    }
    ++changed;
    DEADLINED_TRY(impl.record(key, ack.at, OutboxState::skipped, OutboxState::pending, "done undone by " + who));
  }
  DEADLINED_TRY(tx.commit());
  return std::optional<std::size_t>(changed);
}

tl::expected<std::vector<AckRow>, std::string> Outbox::acks() {
  DEADLINED_TRY_ASSIGN(auto stmt, m_impl->query(k_select_acks));
  return read_acks(stmt, [this] { return m_impl->error("cannot read acknowledgements"); });
}

tl::expected<std::vector<AckRow>, std::string> Outbox::acks_of(std::string_view plan, std::string_view task,
                                                                std::string_view occurrence, std::string_view unit) {
  DEADLINED_TRY_ASSIGN(auto stmt, m_impl->query(k_select_acks_of));
  stmt.bind(1, plan).bind(2, task).bind(3, occurrence).bind(4, unit);
  return read_acks(stmt, [this] { return m_impl->error("cannot read acknowledgements"); });
}

tl::expected<std::vector<OutboxEvent>, std::string> Outbox::events(std::string_view key) {
  DEADLINED_TRY_ASSIGN(auto stmt, m_impl->query(k_select_events));
  stmt.bind(1, key);
  std::vector<OutboxEvent> events;
  for (;;) {
    const int rc = stmt.step();
    if (rc == SQLITE_DONE) {
      return events;
    }
    if (rc != SQLITE_ROW) {
      return Error(m_impl->error("cannot read audit events"));
    }
    OutboxEvent event;
    event.id = stmt.int64(0);
    event.key = stmt.text(1);
    event.at = stmt.int64(2);
    if (!stmt.is_null(3)) {
      event.from = parse_outbox_state(stmt.text(3));
    }
    event.to = parse_outbox_state(stmt.text(4)).value_or(OutboxState::pending);
    event.detail = stmt.text(5);
    events.push_back(std::move(event));
  }
}

}  // namespace deadlined
