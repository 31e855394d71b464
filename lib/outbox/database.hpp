#pragma once
// Internal to lib/outbox: the connection behind an Outbox (Outbox::Impl) and
// what the outbox's parts share. outbox.hpp is the API; its implementation is
// split by responsibility, each part with its own SQL beside its code:
//   database.cpp     connection, pragmas, migrations, statement cache, audit events
//   outbox.cpp       opening, batches, reading (counts, list, find, events)
//   reconcile.cpp    reconcile and the catch-up after downtime
//   claims.cpp       what is due, claims, outcomes, releases
//   ack_log.cpp      acknowledgement events and their effect on reminders
//   trigger_log.cpp  on-demand occurrences
#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sqlite3.h>
#include <tl/expected.hpp>

#include "outbox/outbox.hpp"
#include "outbox/sqlite_statement.hpp"
#include "util/expected.hpp"

// Column list shared by every statement that reads whole rows; read_row()
// depends on this order. A macro so statements stay single string literals,
// which key the statement cache.
#define DEADLINED_OUTBOX_COLUMNS                                                               \
  "key, obligation, plan, task, occurrence, unit, role, stage, channel, recipient, due, "      \
  "stage_order, send_at, fingerprint, state, attempts, next_attempt_at, updated_at, sent_at, " \
  "last_error, skip_reason, planned_send_at"

namespace deadlined {
namespace outbox_detail {

using Error = tl::unexpected<std::string>;

// The number of columns in DEADLINED_OUTBOX_COLUMNS.
inline constexpr int k_outbox_column_count = 22;

// "<file>: <what>: <SQLite's message>".
std::string database_error(const std::filesystem::path& path, sqlite3* db, std::string_view what);

// Runs SQL that returns no rows (sqlite3_exec).
tl::expected<void, std::string> exec(const std::filesystem::path& path, sqlite3* db, const char* sql,
                                     std::string_view what);

// Runs a migration's edit of table definitions (schema.hpp,
// migration_table_text_edit) inside the open transaction. Best effort: where
// SQLite refuses it, it is rolled back and the returned warning says why.
tl::expected<std::optional<std::string>, std::string> edit_table_text(const std::filesystem::path& path, sqlite3* db,
                                                                      std::string_view edit);

// Rows moved between states by the open transaction, not yet in
// outbox_counts (schema version 6: the outbox keeps the counts itself, see
// schema.cpp). Every statement that changes a row's state reports what it
// moved here; the transaction's commit adds it all to outbox_counts with one
// statement just before COMMIT, and a rollback drops it.
class CountJournal {
 public:
  void moved(OutboxState from, OutboxState to, std::int64_t rows = 1) {
    m_rows.at(static_cast<std::size_t>(from)) -= rows;
    m_rows.at(static_cast<std::size_t>(to)) += rows;
  }
  // Writes the moves into outbox_counts (nothing when there are none) and
  // forgets them.
  tl::expected<void, std::string> write(const std::filesystem::path& path, sqlite3* db);
  void discard() { m_rows.fill(0); }

 private:
  std::array<std::int64_t, 6> m_rows{};  // by OutboxState
  StatementHandle m_update;              // prepared on first use
};

// BEGIN IMMEDIATE takes the write lock up front, so a transaction never fails
// half-way with SQLITE_BUSY when upgrading from a read. Rolls back unless
// committed (also after errors where SQLite already rolled back by itself).
class Transaction {
 public:
  // Inside an Outbox::Batch the work joins the batch's transaction: commit()
  // does nothing and the batch commits or rolls back everything (the counts
  // in `journal` included).
  static tl::expected<Transaction, std::string> begin(const std::filesystem::path& path, sqlite3* db,
                                                      CountJournal& journal, bool joined) {
    if (joined) {
      return Transaction(path, nullptr, journal);
    }
    DEADLINED_TRY(exec(path, db, "BEGIN IMMEDIATE", "cannot begin transaction"));
    return Transaction(path, db, journal);
  }

  Transaction(Transaction&& other) noexcept
      : m_path(other.m_path), m_db(std::exchange(other.m_db, nullptr)), m_journal(other.m_journal) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  ~Transaction() {
    if (m_db == nullptr) {
      return;
    }
    m_journal->discard();
    if (sqlite3_get_autocommit(m_db) == 0) {
      sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  tl::expected<void, std::string> commit() {
    if (m_db == nullptr) {
      return {};
    }
    DEADLINED_TRY(m_journal->write(*m_path, m_db));
    auto committed = exec(*m_path, m_db, "COMMIT", "cannot commit transaction");
    if (committed) {
      m_db = nullptr;
    }
    return committed;
  }

 private:
  Transaction(const std::filesystem::path& path, sqlite3* db, CountJournal& journal)
      : m_path(&path), m_db(db), m_journal(&journal) {}

  const std::filesystem::path* m_path;
  sqlite3* m_db;
  CountJournal* m_journal;
};

// A LIMIT for SQLite (int64) from a size_t.
inline std::int64_t clamp_limit(std::size_t limit) {
  constexpr auto k_max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(std::min(limit, k_max));
}

}  // namespace outbox_detail

struct Outbox::Impl {
  using Query = outbox_detail::Query;
  using Transaction = outbox_detail::Transaction;

  Outbox::Durability durability = Outbox::Durability::full;
  bool created = false;  // this connection made the file (only then is version 0 a new outbox)
  // Declared before the statements: members die in reverse order, so every
  // statement is finalized before the connection closes.
  std::filesystem::path path;
  outbox_detail::DatabaseHandle db;
  // Prepared on first use, kept for the connection. Keyed by the address of
  // the SQL literal: every statement is a constant, and hashing the address
  // instead of the text matters in a 100k-row reconcile.
  std::unordered_map<const char*, outbox_detail::StatementHandle> statements;
  // State changes of the open transaction (or batch), for outbox_counts.
  outbox_detail::CountJournal counts;
  // What Outbox::open did that the admin should know (a log set aside).
  std::vector<std::string> notices;
  // The file opened (device, inode): file_replaced() compares the path with it.
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  void remember_identity();
  // A read-only connection opened where no -wal or -shm lay beside the file:
  // it makes both, and only a writer's close removes them, so the
  // destructor closes the log as SQLite's last writer would.
  bool remove_log_on_close = false;
  static void close_log_as_last_connection(const std::filesystem::path& file);

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  // Out of line: finalizes the statements, then closes the connection.
  ~Impl();

  std::string error(std::string_view what) const { return outbox_detail::database_error(path, db.get(), what); }

  // The cached statement for `sql`, a string literal (prepared on first use).
  tl::expected<Query, std::string> query(std::string_view sql);

  bool in_batch = false;  // an Outbox::Batch is open: begin() joins it

  // Outbox::checkpoint_elsewhere(): told the log's size after each commit.
  std::function<void(int)> wal_listener;
  int wal_backstop_frames = 0;

  tl::expected<Transaction, std::string> begin() { return Transaction::begin(path, db.get(), counts, in_batch); }

  // Runs a statement that returns no rows.
  tl::expected<void, std::string> run(Query& query, std::string_view what) {
    if (query.step() != SQLITE_DONE) {
      return outbox_detail::Error(error(what));
    }
    return {};
  }

  // A PRAGMA that returns one integer.
  tl::expected<std::int64_t, std::string> pragma_int(std::string_view sql);

  // Appends an audit event.
  tl::expected<void, std::string> record(std::string_view key, std::int64_t at, std::optional<OutboxState> from,
                                         OutboxState to, std::string_view detail);

  // The row under a statement selecting DEADLINED_OUTBOX_COLUMNS.
  tl::expected<ReminderRow, std::string> read_row(const Query& query) const;

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
        return outbox_detail::Error(error(what));
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
        return outbox_detail::Error(error("cannot read reminders"));
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
      return DueRow{std::move(row), statement.int64(outbox_detail::k_outbox_column_count)};
    });
  }

  // The same for `sql` with ?1 = now and ?2 = limit.
  tl::expected<std::vector<DueRow>, std::string> read_due_rows(std::string_view sql, std::int64_t now,
                                                               std::int64_t limit) {
    DEADLINED_TRY_ASSIGN(auto stmt, query(sql));
    stmt.bind(1, now).bind(2, limit);
    return read_due_rows(stmt);
  }

  tl::expected<std::optional<ReminderRow>, std::string> find(std::string_view key);

  // Moves one row to skipped with an audit event; false when it was not
  // pending or failed any more.
  tl::expected<bool, std::string> skip(const std::string& key, OutboxState from, std::string_view reason,
                                       std::int64_t now);

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
      counts.moved(OutboxState::sending, to);
      DEADLINED_TRY(record(key, now, OutboxState::sending, to, detail));
    }
    DEADLINED_TRY(tx.commit());
    return changed;
  }

  // Makes a new outbox file with the current schema and closes it again:
  // what making it did that the admin should know.
  static tl::expected<std::vector<std::string>, std::string> create(const std::filesystem::path& file,
                                                                    Outbox::Durability durability);

  // Pragmas of the connection (WAL, synchronous, cache).
  tl::expected<void, std::string> configure();

  // Applies the pending schema migrations, one transaction each.
  tl::expected<void, std::string> migrate();
};

}  // namespace deadlined
