#pragma once
// Helpers for the outbox tests: a temporary directory (support/temp_dir.hpp, never
// inside the repository), planned rows, and raw SQLite access to inspect or
// tamper with a closed outbox file.
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>
#include <vector>
#include <stdexcept>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "outbox/outbox.hpp"
#include "outbox/schema.hpp"
#include "support/temp_dir.hpp"

namespace deadlined::outbox_test {

using TempDir = deadlined::testing::TempDir;

inline constexpr std::int64_t k_day = 86400;
inline constexpr std::int64_t k_t0 = 1'700'000'000;  // 2023-11-14, an arbitrary "now"

// A planned reminder; key and obligation are built as the planner does.
inline ReminderRow planned(std::string plan, std::string task, std::string stage, int stage_order, std::int64_t send_at,
                           std::string recipient = "vanthu@stp.example.vn", std::string fingerprint = "fp1") {
  ReminderRow row;
  row.plan = std::move(plan);
  row.task = std::move(task);
  row.occurrence = "2023-12-31";
  row.unit = "so-tu-phap";
  row.role = Role::lead;
  row.stage = std::move(stage);
  row.channel = Channel::email;
  row.recipient = std::move(recipient);
  row.due = "2023-12-31";
  row.stage_order = stage_order;
  row.send_at = send_at;
  row.fingerprint = std::move(fingerprint);
  row.obligation = row.plan + "/" + row.task + "/" + row.occurrence + "/" + row.unit + "/email/" + row.recipient;
  row.key =
      row.plan + "/" + row.task + "/" + row.occurrence + "/" + row.unit + "/" + row.stage + "/email/" + row.recipient;
  return row;
}

// The value of a result that must succeed; otherwise the test fails with the
// message (gtest catches the exception and reports it).
template <typename T>
T value_of(tl::expected<T, std::string> result) {
  if (!result) {
    ADD_FAILURE() << result.error();
    throw std::runtime_error(result.error());
  }
  return std::move(*result);
}

inline Outbox open_outbox(const std::filesystem::path& file) {
  return value_of(Outbox::open(file));
}

// The daemon's claim path, for tests: due() reads what is due and
// claim_seen() claims it, one group per recipient as the dispatcher groups
// its digests. Returns the rows claimed, as they now are (sending, the
// attempt counted).
inline tl::expected<std::vector<ReminderRow>, std::string> claim_due(Outbox& outbox, std::int64_t now,
                                                                     std::size_t limit) {
  auto read = outbox.due(now, limit);
  if (!read) {
    return tl::unexpected(read.error());
  }
  std::map<std::pair<Channel, std::string>, std::vector<Outbox::SeenRow>> by_recipient;
  for (const ReminderRow& row : *read) {
    by_recipient[{row.channel, row.recipient}].push_back({row.key, row.state, row.attempts});
  }
  std::vector<std::vector<Outbox::SeenRow>> groups;
  for (auto& [recipient, group] : by_recipient) {
    groups.push_back(std::move(group));
  }
  auto claimed = outbox.claim_seen(groups, now);
  if (!claimed) {
    return tl::unexpected(claimed.error());
  }
  std::set<std::string_view> taken;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (const auto& seen : groups[g]) {
      if ((*claimed)[g]) {
        taken.insert(seen.key);
      }
    }
  }
  std::vector<ReminderRow> rows;
  for (const ReminderRow& row : *read) {  // in the order due() gave them
    if (!taken.contains(row.key)) {
      continue;
    }
    auto now_row = outbox.find(row.key);
    if (!now_row || !*now_row) {
      return tl::unexpected(now_row ? "claimed row vanished: " + row.key : now_row.error());
    }
    rows.push_back(std::move(**now_row));
  }
  return rows;
}

// Claims the rows of `keys` as one digest (all or none) through claim_seen,
// as read now; false when any is not due (or unknown).
inline tl::expected<bool, std::string> claim_keys(Outbox& outbox, const std::vector<std::string>& keys,
                                                  std::int64_t now) {
  std::vector<ReminderRow> rows;
  for (const std::string& key : keys) {
    auto found = outbox.find(key);
    if (!found) {
      return tl::unexpected(found.error());
    }
    if (!*found) {
      return false;
    }
    rows.push_back(std::move(**found));
  }
  std::vector<Outbox::SeenRow> group;
  for (const ReminderRow& row : rows) {
    group.push_back({row.key, row.state, row.attempts});
  }
  auto claimed = outbox.claim_seen({group}, now);
  if (!claimed) {
    return tl::unexpected(claimed.error());
  }
  return claimed->front();
}

// Raw access to an outbox file that no Outbox has open.
class RawDatabase {
 public:
  explicit RawDatabase(const std::filesystem::path& file) {
    EXPECT_EQ(sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr), SQLITE_OK);
  }
  ~RawDatabase() { sqlite3_close_v2(m_db); }
  sqlite3* handle() const { return m_db; }
  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;

  // SQLITE_OK or the error code; the message goes to last_error().
  int exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message);
    m_last_error = message != nullptr ? message : "";
    sqlite3_free(message);
    return rc;
  }

  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string result;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
      if (const unsigned char* value = sqlite3_column_text(stmt, 0); value != nullptr) {
        result = reinterpret_cast<const char*>(value);
      }
    }
    sqlite3_finalize(stmt);
    return result;
  }

  std::int64_t integer(const std::string& sql) { return std::stoll(text(sql)); }

  // How often `opcode` occurs in the program SQLite compiles `sql` to
  // (EXPLAIN); -1 if it does not compile.
  int opcodes(const std::string& sql, std::string_view opcode) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, ("EXPLAIN " + sql).c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      m_last_error = sqlite3_errmsg(m_db);
      return -1;
    }
    int count = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
      count += name != nullptr && opcode == name ? 1 : 0;
    }
    sqlite3_finalize(stmt);
    return count;
  }

  const std::string& last_error() const { return m_last_error; }

  // Makes the empty file an outbox of schema `version`, as an older deadlined
  // left it (the first `version` migrations, one transaction); SQLITE_OK or the error.
  int migrate_to(std::size_t version) {
    std::string steps = "BEGIN;";
    for (std::size_t i = 0; i < version; ++i) {
      steps += std::string(outbox_migrations()[i]);
    }
    steps += " PRAGMA user_version = " + std::to_string(version) + "; COMMIT;";
    return exec(steps);
  }

 private:
  sqlite3* m_db = nullptr;
  std::string m_last_error;
};

// The outbox refusing some writes to reminders, as a full disk would: a
// trigger installed through a connection of its own, dropped by the
// destructor. `event` is the trigger's event ("INSERT", "UPDATE OF state").
class RefusedWrites {
 public:
  RefusedWrites(const std::filesystem::path& file, const std::string& event) : m_db(file) {
    EXPECT_EQ(m_db.exec("CREATE TRIGGER refuse_writes BEFORE " + event +
                        " ON reminders BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;"),
              SQLITE_OK)
        << m_db.last_error();
  }
  ~RefusedWrites() { EXPECT_EQ(m_db.exec("DROP TRIGGER refuse_writes"), SQLITE_OK) << m_db.last_error(); }
  RefusedWrites(const RefusedWrites&) = delete;
  RefusedWrites& operator=(const RefusedWrites&) = delete;

 private:
  outbox_test::RawDatabase m_db;
};

}  // namespace deadlined::outbox_test
