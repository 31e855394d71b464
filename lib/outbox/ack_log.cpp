// The acknowledgement log: done/undo events (append-only) and their effect
// on the obligation's reminders, in one transaction.
#include <filesystem>
#include <functional>
#include <utility>

#include "outbox/database.hpp"
#include "util/expected.hpp"

namespace deadlined {
namespace {

using outbox_detail::Error;
using outbox_detail::Query;

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

tl::expected<std::vector<AckRow>, std::string> read_acks(Query& query, const std::filesystem::path& path,
                                                         const std::function<std::string()>& error) {
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
    const std::string action = query.text(5);
    const auto parsed = parse_ack_action(action);
    if (!parsed) {
      return Error(path.string() + ": acknowledgement " + std::to_string(row.id) + " has unknown action '" + action +
                   "'");
    }
    row.action = *parsed;
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
    insert.bind(5, to_string(ack.action))
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
    DEADLINED_TRY_ASSIGN(
        auto select, impl.query(ack.action == AckAction::done ? k_select_open_of_obligation : k_select_done_skipped));
    bind_obligation(select);
    if (ack.action == AckAction::undo) {
      select.bind(5, ack.at);
    }
    DEADLINED_TRY(impl.each_row(select, "cannot read reminders", [&](const Query& row) {
      const auto state = ack.action == AckAction::done ? parse_outbox_state(row.text(1)).value_or(OutboxState::pending)
                                                       : OutboxState::skipped;
      targets.emplace_back(row.text(0), state);
    }));
  }
  std::size_t changed = 0;
  const std::string who = ack.by.empty() ? ack.how : ack.by + " via " + ack.how;
  for (const auto& [key, from] : targets) {
    if (ack.action == AckAction::done) {
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
    impl.counts.moved(OutboxState::skipped, OutboxState::pending);
    DEADLINED_TRY(impl.record(key, ack.at, OutboxState::skipped, OutboxState::pending, "done undone by " + who));
  }
  DEADLINED_TRY(tx.commit());
  return std::optional<std::size_t>(changed);
}

tl::expected<std::vector<AckRow>, std::string> Outbox::acks() {
  DEADLINED_TRY_ASSIGN(auto stmt, m_impl->query(k_select_acks));
  return read_acks(stmt, m_impl->path, [this] { return m_impl->error("cannot read acknowledgements"); });
}

tl::expected<std::vector<AckRow>, std::string> Outbox::acks_of(std::string_view plan, std::string_view task,
                                                               std::string_view occurrence, std::string_view unit) {
  DEADLINED_TRY_ASSIGN(auto stmt, m_impl->query(k_select_acks_of));
  stmt.bind(1, plan).bind(2, task).bind(3, occurrence).bind(4, unit);
  return read_acks(stmt, m_impl->path, [this] { return m_impl->error("cannot read acknowledgements"); });
}

}  // namespace deadlined
