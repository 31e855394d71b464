#include "outbox/reader.hpp"

#include <string_view>
#include <unordered_map>

#include "outbox/database.hpp"
#include "outbox/schema.hpp"
#include "outbox/sqlite_statement.hpp"

namespace deadlined {

namespace {

using outbox_detail::DatabaseHandle;
using outbox_detail::Query;
using outbox_detail::StatementHandle;

// A write in progress (a reconcile step, a turn's commit) never blocks a WAL
// reader; only a checkpoint restarting the WAL can, briefly.
constexpr int k_busy_timeout_ms = 1000;

// Six rows and one seek (schema.cpp, versions 5 to 7); compacted rows stay counted.
constexpr std::string_view k_counts =
    "SELECT state, rows + compacted"
    " + CASE WHEN state = 'pending' THEN (SELECT COALESCE(MAX(rowid), 0) FROM reminders) ELSE 0 END"
    " FROM outbox_counts";
constexpr std::string_view k_compacted_counts = "SELECT state, compacted FROM outbox_counts";
// Each MIN() one index seek. Without INDEXED BY the planner takes the state
// index for the failed rows and reads every one of them.
constexpr std::string_view k_next_due =
    "SELECT MIN(t) FROM (SELECT MIN(send_at) AS t FROM reminders INDEXED BY reminders_state_send_at"
    " WHERE state = 'pending' UNION ALL"
    " SELECT MIN(next_attempt_at) FROM reminders INDEXED BY reminders_retry WHERE state = 'failed')";
// INDEXED BY: an error rather than a silent scan if the index were missing.
// The WHERE is the index's own (schema version 10), so that the planner may use it.
constexpr std::string_view k_deliveries =
    "SELECT key, plan, task, occurrence, unit, role, stage, channel, recipient, due, state, attempts,"
    " updated_at, sent_at, last_error FROM reminders INDEXED BY reminders_delivered"
    " WHERE state = 'sent' OR state = 'failed' OR state = 'dead' ORDER BY updated_at DESC, rowid DESC LIMIT ?1 OFFSET "
    "?2";

}  // namespace

struct OutboxReader::Impl {
  std::filesystem::path path;
  DatabaseHandle db;  // before the statements: they are finalized first
  std::unordered_map<const char*, StatementHandle> statements;

  std::string error(std::string_view what) const { return outbox_detail::database_error(path, db.get(), what); }

  tl::expected<Query, std::string> query(std::string_view sql) {
    auto found = statements.find(sql.data());
    if (found == statements.end()) {
      sqlite3_stmt* raw = nullptr;
      const int rc = sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                        &raw, nullptr);
      StatementHandle statement(raw);
      if (rc != SQLITE_OK) {
        return tl::unexpected(error("cannot prepare statement"));
      }
      found = statements.emplace(sql.data(), std::move(statement)).first;
    }
    return Query(found->second.get());
  }
};

OutboxReader::OutboxReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
OutboxReader::OutboxReader(OutboxReader&&) noexcept = default;
OutboxReader& OutboxReader::operator=(OutboxReader&&) noexcept = default;
OutboxReader::~OutboxReader() = default;

const std::filesystem::path& OutboxReader::path() const {
  return m_impl->path;
}

tl::expected<OutboxReader, std::string> OutboxReader::open(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  auto impl = std::make_unique<Impl>();
  impl->path = file;
  impl->db = DatabaseHandle(raw);
  if (rc != SQLITE_OK) {
    return tl::unexpected(impl->error("cannot open database"));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, k_busy_timeout_ms);
  auto version = impl->query("PRAGMA user_version");
  if (!version) {
    return tl::unexpected(std::move(version.error()));
  }
  if (version->step() != SQLITE_ROW) {
    return tl::unexpected(impl->error("cannot read schema header"));
  }
  const auto wanted = static_cast<std::int64_t>(outbox_migrations().size());
  if (version->int64(0) != wanted) {
    return tl::unexpected(file.string() + ": schema version " + std::to_string(version->int64(0)) + ", expected " +
                          std::to_string(wanted) + " (open it with the daemon first)");
  }
  return OutboxReader(std::move(impl));
}

tl::expected<std::map<OutboxState, std::int64_t>, std::string> OutboxReader::counts() {
  return per_state(k_counts);
}

tl::expected<std::map<OutboxState, std::int64_t>, std::string> OutboxReader::compacted_counts() {
  return per_state(k_compacted_counts);
}

tl::expected<std::map<OutboxState, std::int64_t>, std::string> OutboxReader::per_state(std::string_view sql) {
  std::map<OutboxState, std::int64_t> result;
  for (auto state : {OutboxState::pending, OutboxState::sending, OutboxState::sent, OutboxState::failed,
                     OutboxState::dead, OutboxState::skipped}) {
    result[state] = 0;
  }
  auto query = m_impl->query(sql);
  if (!query) {
    return tl::unexpected(std::move(query.error()));
  }
  for (;;) {
    const int rc = query->step();
    if (rc == SQLITE_DONE) {
      return result;
    }
    if (rc != SQLITE_ROW) {
      return tl::unexpected(m_impl->error("cannot count reminders"));
    }
    if (const auto state = parse_outbox_state(query->text(0))) {
      result[*state] = query->int64(1);
    }
  }
}

tl::expected<std::optional<std::int64_t>, std::string> OutboxReader::next_due() {
  auto query = m_impl->query(k_next_due);
  if (!query) {
    return tl::unexpected(std::move(query.error()));
  }
  if (query->step() != SQLITE_ROW) {
    return tl::unexpected(m_impl->error("cannot read next due time"));
  }
  if (query->is_null(0)) {
    return std::optional<std::int64_t>();
  }
  return std::optional<std::int64_t>(query->int64(0));
}

tl::expected<std::vector<ReminderRow>, std::string> OutboxReader::deliveries(std::int64_t offset, std::int64_t limit) {
  auto query = m_impl->query(k_deliveries);
  if (!query) {
    return tl::unexpected(std::move(query.error()));
  }
  query->bind(1, limit < 0 ? 0 : limit).bind(2, offset < 0 ? 0 : offset);
  std::vector<ReminderRow> rows;
  for (;;) {
    const int rc = query->step();
    if (rc == SQLITE_DONE) {
      return rows;
    }
    if (rc != SQLITE_ROW) {
      return tl::unexpected(m_impl->error("cannot read deliveries"));
    }
    ReminderRow row;
    row.key = query->text(0);
    row.plan = query->text(1);
    row.task = query->text(2);
    row.occurrence = query->text(3);
    row.unit = query->text(4);
    const std::string role = query->text(5);
    const auto parsed_role = parse_role(role);
    if (!parsed_role) {
      return tl::unexpected(m_impl->path.string() + ": reminder " + row.key + " has unknown role '" + role + "'");
    }
    row.role = *parsed_role;
    row.stage = query->text(6);
    const std::string channel = query->text(7);
    const auto parsed_channel = parse_channel(channel);
    if (!parsed_channel) {
      return tl::unexpected(m_impl->path.string() + ": reminder " + row.key + " has unknown channel '" + channel + "'");
    }
    row.channel = *parsed_channel;
    row.recipient = query->text(8);
    row.due = query->text(9);
    const auto state = parse_outbox_state(query->text(10));
    if (!state) {
      return tl::unexpected(m_impl->path.string() + ": reminder " + row.key + " has an unknown state");
    }
    row.state = *state;
    row.attempts = static_cast<int>(query->int64(11));
    row.updated_at = query->int64(12);
    row.sent_at = query->int64(13);
    row.last_error = query->text(14);
    rows.push_back(std::move(row));
  }
}

}  // namespace deadlined
