#include "outbox/outbox.hpp"

#include <array>
#include <vector>
#include <string>
#include <optional>
#include <cstring>
#include <cerrno>
#include <system_error>
#include <utility>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outbox/database.hpp"
#include "outbox/schema.hpp"
#include "util/expected.hpp"

namespace deadlined {
namespace {

using outbox_detail::clamp_limit;
using outbox_detail::Error;
using outbox_detail::exec;

constexpr std::array<std::string_view, 6> k_state_names = {"pending", "sending", "sent", "failed", "dead", "skipped"};

// The first rows of each state by the (state, send_at) index, merged: the
// same rows as ordering the whole table, without reading all of it (0.06 s
// instead of 0.2 s at 378k rows, growing with the limit, not the outbox).
#define DEADLINED_FIRST_IN(state)                   \
  "SELECT * FROM (SELECT " DEADLINED_OUTBOX_COLUMNS \
  " FROM reminders WHERE state = "                  \
  "'" state "' ORDER BY send_at, key LIMIT ?1) UNION ALL "
constexpr std::string_view k_select_all =
    DEADLINED_FIRST_IN("pending") DEADLINED_FIRST_IN("sending") DEADLINED_FIRST_IN("sent") DEADLINED_FIRST_IN("failed")
        DEADLINED_FIRST_IN("dead") "SELECT * FROM (SELECT " DEADLINED_OUTBOX_COLUMNS
                                   " FROM reminders WHERE state = 'skipped'"
                                   " ORDER BY send_at, key LIMIT ?1) ORDER BY send_at, key LIMIT ?1";
#undef DEADLINED_FIRST_IN
constexpr std::string_view k_select_in_state =
    "SELECT " DEADLINED_OUTBOX_COLUMNS " FROM reminders WHERE state = ?1 ORDER BY send_at, key LIMIT ?2";
// Kept since schema version 5 (see schema.cpp): six rows and one seek,
// whatever the size of the outbox; compacted rows stay counted (version 7).
constexpr std::string_view k_counts =
    "SELECT state, rows + compacted"
    " + CASE WHEN state = 'pending' THEN (SELECT COALESCE(MAX(rowid), 0) FROM reminders) ELSE 0 END"
    " FROM outbox_counts";
constexpr std::string_view k_select_events =
    "SELECT id, key, at, from_state, to_state, detail FROM events WHERE key = ?1 ORDER BY id";

}  // namespace

std::string_view to_string(OutboxState state) {
  return k_state_names.at(static_cast<std::size_t>(state));
}

std::optional<OutboxState> parse_outbox_state(std::string_view text) {
  for (std::size_t i = 0; i < k_state_names.size(); ++i) {
    if (k_state_names[i] == text) {
      return static_cast<OutboxState>(i);
    }
  }
  return std::nullopt;
}

Outbox::Outbox(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Outbox::Outbox(Outbox&&) noexcept = default;
Outbox& Outbox::operator=(Outbox&&) noexcept = default;
Outbox::~Outbox() = default;

int Outbox::schema_version() {
  return static_cast<int>(outbox_migrations().size());
}

void Outbox::checkpoint_elsewhere(std::function<void(int log_frames)> on_commit, int backstop_frames) {
  m_impl->wal_listener = std::move(on_commit);
  m_impl->wal_backstop_frames = backstop_frames;
  // SQLite calls it after each commit, the write lock released (the hook
  // may checkpoint); it replaces the automatic checkpoint.
  const auto on_wal_commit = [](void* context, sqlite3* db, const char* name, int log_frames) -> int {
    auto& impl = *static_cast<Impl*>(context);
    if (impl.wal_listener) {
      impl.wal_listener(log_frames);
    }
    if (log_frames >= impl.wal_backstop_frames) {
      sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
    return SQLITE_OK;
  };
  sqlite3_wal_hook(m_impl->db.get(), on_wal_commit, m_impl.get());
}

void Outbox::checkpoint_here() {
  constexpr int k_sqlite_default_frames = 1000;                           // SQLITE_DEFAULT_WAL_AUTOCHECKPOINT
  sqlite3_wal_autocheckpoint(m_impl->db.get(), k_sqlite_default_frames);  // replaces the hook
  m_impl->wal_listener = nullptr;
}

const std::filesystem::path& Outbox::path() const {
  return m_impl->path;
}

namespace {

// Whether `file` exists, or why it cannot be an outbox: not a regular file,
// or empty (what was sent is then unknown).
tl::expected<bool, std::string> usable_if_present(const std::filesystem::path& file) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Error(file.string() + ": cannot read: " + ec.message());
  }
  if (!std::filesystem::exists(status)) {
    return false;
  }
  if (!std::filesystem::is_regular_file(status)) {
    return Error(file.string() + ": not a regular file");
  }
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec && size == 0) {
    return Error(file.string() +
                 ": the outbox is empty (0 bytes), so what was already sent is unknown; restore outbox.sqlite "
                 "from a backup, or move it away to start a new outbox (reminders already sent would then be "
                 "sent again)");
  }
  return true;
}

}  // namespace

tl::expected<Outbox, std::string> Outbox::open_read_only(const std::filesystem::path& file) {
  DEADLINED_TRY_ASSIGN(const bool exists, usable_if_present(file));
  if (!exists) {
    return Error(file.string() + ": no outbox here yet (the daemon makes it at its first start)");
  }
  // Whether this connection is the one that makes the log's files: they
  // are removed again at its close unless another connection has them.
  std::error_code ec;
  const bool log_absent =
      !std::filesystem::exists(file.string() + "-wal", ec) && !std::filesystem::exists(file.string() + "-shm", ec);
  auto opened = open_database_read_only(file, false);
  if (!opened && opened.error().shared_memory_unavailable) {
    auto immutable = open_database_read_only(file, true);
    if (immutable && *immutable) {
      (*immutable)
          ->notices.push_back(
              (file.has_parent_path() ? file.parent_path().string() : std::string(".")) +
              " is not writable, so the outbox is read as it is on disk, without its write-ahead log: a running "
              "daemon's latest changes may not show");
      return Outbox(std::move(*immutable));
    }
  }
  if (!opened) {
    return Error(std::move(opened.error().message));
  }
  if (!*opened) {
    return open(file);  // migrated, or refused with the reason, as the daemon would
  }
  (*opened)->remember_identity();
  (*opened)->remove_log_on_close = log_absent;
  return Outbox(std::move(*opened));
}

tl::expected<Outbox, std::string> Outbox::open(const std::filesystem::path& file, Durability durability) {
  if (const auto parent = file.parent_path(); !parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Error(file.string() + ": cannot create directory " + parent.string() + ": " + ec.message());
    }
  }
  DEADLINED_TRY_ASSIGN(const bool exists, usable_if_present(file));
  std::error_code ec;
  if (exists) {
    DEADLINED_TRY_ASSIGN(auto impl, open_database(file, durability, false));
    impl->remember_identity();
    return Outbox(std::move(impl));
  }
  // A log without its database (outbox.sqlite deleted by hand, its -wal and
  // -shm left): SQLite would apply it to the new database and corrupt it
  // ("database disk image is malformed" at every start). It is moved aside.
  std::vector<std::string> notices;
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::filesystem::path log = file.string() + suffix;
    if (!std::filesystem::exists(log, ec)) {
      continue;
    }
    std::filesystem::path aside = log.string() + ".orphaned";
    for (int n = 2; std::filesystem::exists(aside, ec) && n < 1000; ++n) {
      aside = log.string() + ".orphaned." + std::to_string(n);
    }
    std::filesystem::rename(log, aside, ec);
    if (ec) {
      return Error(log.string() + ": a log left without its database, cannot be moved aside: " + ec.message() +
                   "; move it away, then start again");
    }
    notices.push_back(log.string() + " was left without its database (deleted by hand?): moved to " + aside.string() +
                      " so that the new outbox starts clean");
  }
  // A new outbox is made complete beside its final name and then linked into
  // place, so a crash during creation never leaves an empty outbox.sqlite
  // (which would be refused above), and two processes creating it at once
  // end with the one file.
  const std::filesystem::path staging = file.string() + ".new." + std::to_string(::getpid());
  std::filesystem::remove(staging, ec);
  auto created = Impl::create(staging, durability);
  if (!created) {
    std::filesystem::remove(staging, ec);
    return Error(std::move(created.error()));
  }
  for (std::string& notice : *created) {
    // Told of the file it became.
    for (auto at = notice.find(staging.string()); at != std::string::npos; at = notice.find(staging.string(), at)) {
      notice.replace(at, staging.string().size(), file.string());
      at += file.string().size();
    }
    notices.push_back(std::move(notice));
  }
  std::filesystem::create_hard_link(staging, file, ec);
  const std::error_code linked = ec;
  std::filesystem::remove(staging, ec);
  if (linked && linked != std::errc::file_exists) {
    return Error(file.string() + ": cannot create: " + linked.message());
  }
  DEADLINED_TRY_ASSIGN(auto impl, open_database(file, durability, false));
  impl->remember_identity();
  impl->notices = std::move(notices);
  return Outbox(std::move(impl));
}

void Outbox::Impl::remember_identity() {
  struct stat opened {};
  if (::stat(path.c_str(), &opened) == 0) {
    device = static_cast<std::uint64_t>(opened.st_dev);
    inode = static_cast<std::uint64_t>(opened.st_ino);
  }
}

const std::vector<std::string>& Outbox::notices() const {
  return m_impl->notices;
}

std::optional<std::string> Outbox::file_replaced() const {
  struct stat now {};
  if (::stat(m_impl->path.c_str(), &now) != 0) {
    return m_impl->path.string() + " is gone (" + std::strerror(errno) + "): deleted or moved while open";
  }
  if (m_impl->inode != 0 && (static_cast<std::uint64_t>(now.st_dev) != m_impl->device ||
                             static_cast<std::uint64_t>(now.st_ino) != m_impl->inode)) {
    return m_impl->path.string() + " is another file than the one open: replaced while open";
  }
  return std::nullopt;
}

Outbox::Batch::Batch(Impl* impl) : m_impl(impl) {}

Outbox::Batch::Batch(Batch&& other) noexcept : m_impl(std::exchange(other.m_impl, nullptr)) {}

Outbox::Batch::~Batch() {
  if (m_impl != nullptr && m_impl->in_batch) {
    m_impl->in_batch = false;
    m_impl->counts.discard();
    sqlite3_exec(m_impl->db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

tl::expected<void, std::string> Outbox::Batch::commit() {
  if (m_impl == nullptr || !m_impl->in_batch) {
    return Error(std::string("outbox batch already finished"));
  }
  m_impl->in_batch = false;
  auto committed = m_impl->counts.write(m_impl->path, m_impl->db.get()).and_then([&] {
    return exec(m_impl->path, m_impl->db.get(), "COMMIT", "cannot commit transaction");
  });
  if (!committed) {
    m_impl->counts.discard();
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

tl::expected<std::vector<ReminderRow>, std::string> Outbox::list(std::optional<OutboxState> state, std::size_t limit) {
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
