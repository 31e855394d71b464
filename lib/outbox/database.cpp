// The connection behind an Outbox: pragmas, schema migrations, the statement
// cache, and what every part of the outbox shares (reading a row, the audit
// event, skipping a row).
#include "outbox/database.hpp"

#include <algorithm>
#include <cerrno>
#include <utility>

#include <sys/statvfs.h>

#include "outbox/schema.hpp"
#include "util/expected.hpp"

namespace deadlined {
namespace outbox_detail {

std::string database_error(const std::filesystem::path& path, sqlite3* db, std::string_view what) {
  std::string message = path.string();
  message += ": ";
  message += what;
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  if (db == nullptr) {
    return message;
  }
  // SQLite's "unable to open database file" or "disk I/O error" hides why:
  // its -wal and -shm files live beside the outbox and are written even to
  // read it.
  const std::string directory = path.has_parent_path() ? path.parent_path().string() : std::string(".");
  const int code = sqlite3_extended_errcode(db) & 0xff;  // the primary code
  if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY && code != SQLITE_IOERR && code != SQLITE_FULL &&
      code != SQLITE_PERM) {
    return message;
  }
  const int system_error = sqlite3_system_errno(db);
  struct statvfs stats {};
  const bool examined = ::statvfs(directory.c_str(), &stats) == 0;
  if (system_error == EROFS || (examined && (stats.f_flag & ST_RDONLY) != 0)) {
    message += " (" + directory +
               " is on a read-only file system; SQLite writes the outbox's -wal and -shm files beside it, even to "
               "read it)";
  } else if (system_error == ENOSPC || system_error == EDQUOT || code == SQLITE_FULL ||
             (examined && stats.f_bfree == 0)) {
    message += " (no space left on the file system of " + directory + ")";
  } else if (system_error == EACCES || system_error == EPERM) {
    message += " (permission denied in " + directory +
               "; the outbox, its -wal and -shm files and the directory must be writable by this user)";
  }
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

namespace {

// All six rows at once: they share one page, and one statement per commit
// is cheaper than choosing which to touch.
constexpr std::string_view k_add_counts =
    "UPDATE outbox_counts SET rows = rows + CASE state WHEN 'pending' THEN ?1 WHEN 'sending' THEN ?2"
    " WHEN 'sent' THEN ?3 WHEN 'failed' THEN ?4 WHEN 'dead' THEN ?5 WHEN 'skipped' THEN ?6 ELSE 0 END";

}  // namespace

tl::expected<void, std::string> CountJournal::write(const std::filesystem::path& path, sqlite3* db) {
  if (std::all_of(m_rows.begin(), m_rows.end(), [](std::int64_t rows) { return rows == 0; })) {
    return {};
  }
  if (!m_update) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db, k_add_counts.data(), static_cast<int>(k_add_counts.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    m_update.reset(raw);
    if (rc != SQLITE_OK) {
      return Error(database_error(path, db, "cannot prepare statement"));
    }
  }
  Query update(m_update.get());
  for (std::size_t i = 0; i < m_rows.size(); ++i) {
    update.bind(static_cast<int>(i + 1), m_rows[i]);
  }
  if (update.step() != SQLITE_DONE) {
    return Error(database_error(path, db, "cannot count reminders"));
  }
  discard();
  return {};
}

}  // namespace outbox_detail

namespace {

using outbox_detail::database_error;
using outbox_detail::DatabaseHandle;
using outbox_detail::Error;
using outbox_detail::exec;
using outbox_detail::Query;
using outbox_detail::StatementHandle;

// A reload or a status command may hold the write lock briefly; wait rather
// than fail a delivery transaction.
constexpr int k_busy_timeout_ms = 5000;

constexpr std::string_view k_select_by_key = "SELECT " DEADLINED_OUTBOX_COLUMNS " FROM reminders WHERE key = ?1";
constexpr std::string_view k_insert_event =
    "INSERT INTO events (key, at, from_state, to_state, detail) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view k_skip =
    "UPDATE reminders SET state = 'skipped', skip_reason = ?2, updated_at = ?3"
    " WHERE key = ?1 AND state = ?4 AND state IN ('pending', 'failed')";

}  // namespace

Outbox::Impl::~Impl() {
  statements.clear();
  db.reset();
  if (remove_log_on_close) {
    close_log_as_last_connection(path);
  }
}

tl::expected<Query, std::string> Outbox::Impl::query(std::string_view sql) {
  auto found = statements.find(sql.data());
  if (found == statements.end()) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &raw, nullptr);
    StatementHandle statement(raw);
    if (rc != SQLITE_OK) {
      return Error(error("cannot prepare statement"));
    }
    found = statements.emplace(sql.data(), std::move(statement)).first;
  }
  return Query(found->second.get());
}

tl::expected<std::int64_t, std::string> Outbox::Impl::pragma_int(std::string_view sql) {
  DEADLINED_TRY_ASSIGN(auto stmt, this->query(sql));
  if (stmt.step() != SQLITE_ROW) {
    return Error(error("cannot read schema header"));
  }
  return stmt.int64(0);
}

tl::expected<void, std::string> Outbox::Impl::record(std::string_view key, std::int64_t at,
                                                     std::optional<OutboxState> from, OutboxState to,
                                                     std::string_view detail) {
  DEADLINED_TRY_ASSIGN(auto stmt, query(k_insert_event));
  stmt.bind(1, key).bind(2, at).bind(4, to_string(to)).bind(5, detail);
  if (from) {
    stmt.bind(3, to_string(*from));
  } else {
    stmt.bind_null(3);
  }
  return run(stmt, "cannot write audit event");
}

tl::expected<ReminderRow, std::string> Outbox::Impl::read_row(const Query& query) const {
  ReminderRow row;
  row.key = query.text(0);
  row.obligation = query.text(1);
  row.plan = query.text(2);
  row.task = query.text(3);
  row.occurrence = query.text(4);
  row.unit = query.text(5);
  const std::string role = query.text(6);
  const auto parsed_role = parse_role(role);
  if (!parsed_role) {
    return Error(path.string() + ": reminder " + row.key + " has unknown role '" + role + "'");
  }
  row.role = *parsed_role;
  row.stage = query.text(7);
  const std::string channel = query.text(8);
  const auto parsed_channel = parse_channel(channel);
  if (!parsed_channel) {
    return Error(path.string() + ": reminder " + row.key + " has unknown channel '" + channel + "'");
  }
  row.channel = *parsed_channel;
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
  row.planned_send_at = query.int64(21);
  return row;
}

tl::expected<std::optional<ReminderRow>, std::string> Outbox::Impl::find(std::string_view key) {
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
tl::expected<bool, std::string> Outbox::Impl::skip(const std::string& key, OutboxState from, std::string_view reason,
                                                   std::int64_t now) {
  DEADLINED_TRY_ASSIGN(auto stmt, query(k_skip));
  stmt.bind(1, key).bind(2, reason).bind(3, now).bind(4, to_string(from));
  DEADLINED_TRY(run(stmt, "cannot skip reminder"));
  if (sqlite3_changes(db.get()) == 0) {
    return false;
  }
  counts.moved(from, OutboxState::skipped);
  DEADLINED_TRY(record(key, now, from, OutboxState::skipped, reason));
  return true;
}

tl::expected<void, std::string> Outbox::Impl::configure() {
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
  // FULL unless asked (the CLI's one-off commits); the daemon asks for NORMAL
  // by default (delivery.synchronous): under WAL it may lose the last commits
  // on a power loss, not on a crash (a lost mark_sent re-sends a reminder,
  // with its idempotency key), for one fsync per checkpoint instead of one
  // per commit.
  const char* synchronous =
      durability == Durability::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
  DEADLINED_TRY(exec(path, db.get(), synchronous, "cannot set synchronous mode"));
  // 4 MiB of page cache: the daemon's memory budget is small (50 MB with
  // 100k rows); a large reconcile spills to the WAL instead.
  DEADLINED_TRY(exec(path, db.get(), "PRAGMA cache_size = -4096", "cannot set cache size"));
  return exec(path, db.get(), "PRAGMA foreign_keys = ON", "cannot enable foreign keys");
}

namespace outbox_detail {

tl::expected<std::optional<std::string>, std::string> edit_table_text(const std::filesystem::path& path, sqlite3* db,
                                                                      std::string_view edit) {
  // Under a savepoint: where SQLite refuses (a build that keeps the schema
  // read-only however asked), the tables keep their text and the migration
  // goes on, since the edit only makes writes cheaper.
  DEADLINED_TRY(exec(path, db, "SAVEPOINT table_text", "cannot edit the schema"));
  int defensive = 0;
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 0, nullptr);
  const auto edited = [&]() -> tl::expected<void, std::string> {
    DEADLINED_TRY(exec(path, db, "PRAGMA writable_schema = ON", "cannot edit the schema"));
    DEADLINED_TRY(exec(path, db, std::string(edit).c_str(), "cannot edit the schema"));
    // One more than before, as SQLite's procedure asks: a changed cookie
    // makes every connection, this one too, read the edited text again.
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA schema_version", -1, &raw, nullptr) != SQLITE_OK) {
      return Error(database_error(path, db, "cannot edit the schema"));
    }
    const StatementHandle version(raw);
    if (sqlite3_step(version.get()) != SQLITE_ROW) {
      return Error(database_error(path, db, "cannot edit the schema"));
    }
    const std::string cookie = "PRAGMA schema_version = " + std::to_string(sqlite3_column_int64(version.get(), 0) + 1);
    return exec(path, db, cookie.c_str(), "cannot edit the schema");
  }();
  const auto restored = exec(path, db, "PRAGMA writable_schema = OFF", "cannot edit the schema");
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, defensive, nullptr);
  if (edited && restored) {
    DEADLINED_TRY(exec(path, db, "RELEASE table_text", "cannot edit the schema"));
    return std::nullopt;
  }
  DEADLINED_TRY(exec(path, db, "ROLLBACK TO table_text; RELEASE table_text", "cannot edit the schema"));
  // Worth an operator's notice: the file keeps working, with the slower
  // conditions, and a copy of SQLite that allows the edit would not redo it.
  return (edited ? restored : edited).error() +
         "; the edit was rolled back: the tables keep their conditions as they were (correct, but each write "
         "of a reminder's state costs more)";
}

}  // namespace outbox_detail

tl::expected<void, std::string> Outbox::Impl::migrate() {
  const auto migrations = outbox_migrations();
  const auto latest = static_cast<std::int64_t>(migrations.size());
  for (;;) {
    // Read the version under the write lock, so two processes opening the
    // same new file cannot both apply a step.
    DEADLINED_TRY_ASSIGN(auto tx, begin());
    DEADLINED_TRY_ASSIGN(auto version, pragma_int("PRAGMA user_version"));
    DEADLINED_TRY_ASSIGN(auto application_id, pragma_int("PRAGMA application_id"));
    if (application_id != 0 && application_id != k_outbox_application_id) {
      return Error(path.string() + ": not a deadlined outbox (application_id " + std::to_string(application_id) + ")");
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
    if (const std::string_view edit = migration_table_text_edit(static_cast<std::size_t>(version)); !edit.empty()) {
      DEADLINED_TRY_ASSIGN(auto warning, outbox_detail::edit_table_text(path, db.get(), edit));
      if (warning) {
        notices.push_back(std::move(*warning));
      }
    }
    const std::string bump = "PRAGMA user_version = " + std::to_string(version + 1);
    DEADLINED_TRY(exec(path, db.get(), bump.c_str(), what));
    DEADLINED_TRY(tx.commit());
  }
}

tl::expected<std::unique_ptr<Outbox::Impl>, std::string> Outbox::open_database(const std::filesystem::path& file,
                                                                               Durability durability, bool create) {
  sqlite3* raw = nullptr;
  // NOMUTEX: one thread at a time uses a connection (see Outbox), so SQLite's
  // per-call locking is pure cost.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  DatabaseHandle db(raw);  // closed on every path below, even when open failed
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

namespace {

// A path as the file part of an SQLite URI: "%", "?" and "#" escaped.
std::string uri_path(const std::filesystem::path& file) {
  std::string uri;
  for (const char c : file.string()) {
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char k_hex[] = "0123456789ABCDEF";
      const auto byte = static_cast<unsigned char>(c);
      uri += '%';
      uri += k_hex[byte >> 4];
      uri += k_hex[byte & 0x0f];
    } else {
      uri += c;
    }
  }
  return uri;
}

}  // namespace

void Outbox::Impl::close_log_as_last_connection(const std::filesystem::path& file) {
  // SQLite removes the -wal and -shm when the last connection that may write
  // closes, and only once it holds the file's exclusive lock: with a daemon
  // (or any other connection) still reading or writing, both stay. Nothing
  // is written but what a checkpoint of the log would write.
  sqlite3* raw = nullptr;
  const std::string uri = "file:" + uri_path(file);
  if (sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr) ==
      SQLITE_OK) {
    // A read opens the log, so that the close sees it.
    sqlite3_exec(raw, "PRAGMA user_version", nullptr, nullptr, nullptr);
  }
  sqlite3_close_v2(raw);
}

tl::expected<std::unique_ptr<Outbox::Impl>, Outbox::ReadOnlyFailure> Outbox::open_database_read_only(
    const std::filesystem::path& file, bool immutable) {
  const std::string uri = "file:" + uri_path(file) + (immutable ? "?immutable=1" : "?mode=ro");
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  DatabaseHandle db(raw);
  // SQLITE_CANTOPEN: no -shm and no right to make one; SQLITE_READONLY_*: one
  // that cannot be used read-only (a log left to recover).
  const auto shared_memory_unavailable = [](sqlite3* connection, int code) {
    const int primary = (connection != nullptr ? sqlite3_extended_errcode(connection) : code) & 0xff;
    return primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY;
  };
  if (rc != SQLITE_OK) {
    return tl::unexpected(ReadOnlyFailure{database_error(file, db.get(), "cannot open database"),
                                          shared_memory_unavailable(db.get(), rc)});
  }
  auto impl = std::make_unique<Impl>();
  impl->path = file;
  impl->db = std::move(db);
  sqlite3_extended_result_codes(impl->db.get(), 1);
  sqlite3_busy_timeout(impl->db.get(), k_busy_timeout_ms);
  auto version = impl->pragma_int("PRAGMA user_version");
  if (!version) {
    return tl::unexpected(
        ReadOnlyFailure{std::move(version.error()), shared_memory_unavailable(impl->db.get(), SQLITE_OK)});
  }
  auto application_id = impl->pragma_int("PRAGMA application_id");
  if (!application_id) {
    return tl::unexpected(ReadOnlyFailure{std::move(application_id.error())});
  }
  if (*version != static_cast<std::int64_t>(outbox_migrations().size()) ||
      (*application_id != 0 && *application_id != k_outbox_application_id)) {
    return nullptr;
  }
  if (auto guarded = exec(file, impl->db.get(), "PRAGMA query_only = ON", "cannot open for reading"); !guarded) {
    return tl::unexpected(ReadOnlyFailure{std::move(guarded.error())});
  }
  return impl;
}

tl::expected<std::vector<std::string>, std::string> Outbox::Impl::create(const std::filesystem::path& file,
                                                                         Outbox::Durability durability) {
  DEADLINED_TRY_ASSIGN(auto made, Outbox::open_database(file, durability, true));
  return std::move(made->notices);
}

}  // namespace deadlined
