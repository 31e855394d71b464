// Compaction: final rows of periods long over folded into the summary table
// (reminders_compacted, schema version 7), a bounded step per transaction,
// with the watermark that keeps reconcile from planning them again.
#include <array>

#include "outbox/database.hpp"
#include "util/expected.hpp"
#include "util/json_text.hpp"

namespace deadlined {
namespace {

using outbox_detail::clamp_limit;
using outbox_detail::Error;
using outbox_detail::Query;

// The rows a cutoff selects, through the state index (one range per state).
#define DEADLINED_COMPACTABLE "state IN ('sent', 'dead', 'skipped') AND send_at < ?1 AND due < ?2"
constexpr std::string_view k_select_step = "SELECT rowid FROM reminders WHERE " DEADLINED_COMPACTABLE " LIMIT ?3";
constexpr std::string_view k_count_compactable =
    "SELECT r.state, COUNT(*), SUM((SELECT COUNT(*) FROM events AS e WHERE e.key = r.key)) FROM reminders AS r"
    " WHERE " DEADLINED_COMPACTABLE " GROUP BY r.state";
#undef DEADLINED_COMPACTABLE
// The rows of one step are named by ?1, a JSON array of rowids.
#define DEADLINED_STEP_ROWS "rowid IN (SELECT value FROM json_each(?1))"
constexpr std::string_view k_count_step =
    "SELECT r.state, COUNT(*), SUM((SELECT COUNT(*) FROM events AS e WHERE e.key = r.key)) FROM reminders AS r"
    " WHERE r." DEADLINED_STEP_ROWS " GROUP BY r.state";
constexpr std::string_view k_fold_step =
    "INSERT INTO reminders_compacted (plan, task, unit, month, stage, channel, state, reason, reminders, attempts,"
    " events, first_send_at, last_send_at, last_updated_at)"
    " SELECT r.plan, r.task, r.unit, substr(r.due, 1, 7), r.stage, r.channel, r.state,"
    " CASE WHEN r.state = 'skipped' THEN r.skip_reason ELSE '' END, COUNT(*), SUM(r.attempts),"
    " SUM((SELECT COUNT(*) FROM events AS e WHERE e.key = r.key)), MIN(r.send_at), MAX(r.send_at), MAX(r.updated_at)"
    " FROM reminders AS r WHERE r." DEADLINED_STEP_ROWS
    " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
    " ON CONFLICT (plan, task, unit, month, stage, channel, state, reason) DO UPDATE SET"
    " reminders = reminders + excluded.reminders, attempts = attempts + excluded.attempts,"
    " events = events + excluded.events, first_send_at = MIN(first_send_at, excluded.first_send_at),"
    " last_send_at = MAX(last_send_at, excluded.last_send_at),"
    " last_updated_at = MAX(last_updated_at, excluded.last_updated_at)";
constexpr std::string_view k_count_folded =
    "UPDATE outbox_counts SET compacted = compacted + (SELECT COUNT(*) FROM reminders AS r"
    " WHERE r." DEADLINED_STEP_ROWS " AND r.state = outbox_counts.state)";
constexpr std::string_view k_allow_delete = "UPDATE outbox_compaction SET deleting = 1";
constexpr std::string_view k_delete_events =
    "DELETE FROM events WHERE key IN (SELECT key FROM reminders WHERE " DEADLINED_STEP_ROWS ")";
constexpr std::string_view k_delete_rows = "DELETE FROM reminders WHERE " DEADLINED_STEP_ROWS;
#undef DEADLINED_STEP_ROWS
constexpr std::string_view k_record_step =
    "UPDATE outbox_compaction SET deleting = 0, through = MAX(through, ?1), through_day = MAX(through_day, ?2),"
    " reminders = reminders + ?3, events = events + ?4, last_run_at = ?5";
constexpr std::string_view k_record_run = "UPDATE outbox_compaction SET last_run_at = ?1";
constexpr std::string_view k_select_status =
    "SELECT through, through_day, reminders, events, last_run_at FROM outbox_compaction";
constexpr std::string_view k_compacted_counts = "SELECT state, compacted FROM outbox_counts";
constexpr std::string_view k_select_compacted =
    "SELECT plan, task, unit, month, stage, channel, state, reason, reminders, attempts, events, first_send_at,"
    " last_send_at, last_updated_at FROM reminders_compacted ORDER BY plan, task, unit, month, stage, channel,"
    " state, reason LIMIT ?1";

// Every final state present, with 0.
CompactionResult empty_result() {
  CompactionResult result;
  for (const OutboxState state : {OutboxState::sent, OutboxState::dead, OutboxState::skipped}) {
    result.reminders[state] = 0;
  }
  return result;
}

// Reads (state, rows, events) groups into a result. A template: Outbox::Impl
// is private to Outbox, its type is deduced here, not named.
template <typename Impl>
tl::expected<CompactionResult, std::string> read_groups(Impl& impl, Query& query) {
  CompactionResult result = empty_result();
  DEADLINED_TRY(impl.each_row(query, "cannot count compactable reminders", [&](const Query& row) {
    if (const auto state = parse_outbox_state(row.text(0))) {
      result.reminders[*state] += row.int64(1);
    }
    result.events += row.int64(2);
  }));
  return result;
}

}  // namespace

tl::expected<CompactionResult, std::string> Outbox::compact(const CompactionCutoff& cutoff, std::int64_t now,
                                                            std::size_t max_rows) {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto tx, impl.begin());
  JsonText rowids;
  rowids.begin_array();
  std::size_t selected = 0;
  {
    DEADLINED_TRY_ASSIGN(auto select, impl.query(k_select_step));
    select.bind(1, cutoff.send_before).bind(2, cutoff.due_before).bind(3, clamp_limit(max_rows));
    DEADLINED_TRY(impl.each_row(select, "cannot read compactable reminders", [&](const Query& row) {
      rowids.value(row.int64(0));
      ++selected;
    }));
  }
  rowids.end_array();
  if (selected == 0) {
    DEADLINED_TRY_ASSIGN(auto record, impl.query(k_record_run));
    record.bind(1, now);
    DEADLINED_TRY(impl.run(record, "cannot record the compaction"));
    DEADLINED_TRY(tx.commit());
    return empty_result();
  }
  const std::string& ids = rowids.text();
  CompactionResult result;
  {
    DEADLINED_TRY_ASSIGN(auto count, impl.query(k_count_step));
    count.bind(1, ids);
    DEADLINED_TRY_ASSIGN(result, read_groups(impl, count));
  }
  result.more = selected >= max_rows;
  // The summary and the counters first, while the rows are still there.
  for (const std::string_view sql : {k_fold_step, k_count_folded, k_allow_delete, k_delete_events, k_delete_rows}) {
    DEADLINED_TRY_ASSIGN(auto step, impl.query(sql));
    if (sql != k_allow_delete) {
      step.bind(1, ids);
    }
    DEADLINED_TRY(impl.run(step, "cannot compact reminders"));
  }
  {
    DEADLINED_TRY_ASSIGN(auto record, impl.query(k_record_step));
    record.bind(1, cutoff.send_before)
        .bind(2, cutoff.due_before)
        .bind(3, result.total())
        .bind(4, result.events)
        .bind(5, now);
    DEADLINED_TRY(impl.run(record, "cannot record the compaction"));
  }
  DEADLINED_TRY(tx.commit());
  return result;
}

tl::expected<CompactionResult, std::string> Outbox::compactable(const CompactionCutoff& cutoff) {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto count, impl.query(k_count_compactable));
  count.bind(1, cutoff.send_before).bind(2, cutoff.due_before);
  return read_groups(impl, count);
}

tl::expected<CompactionStatus, std::string> Outbox::compaction_status() {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_select_status));
  if (stmt.step() != SQLITE_ROW) {
    return Error(impl.error("cannot read the compaction status"));
  }
  return CompactionStatus{stmt.int64(0), stmt.text(1), stmt.int64(2), stmt.int64(3), stmt.int64(4)};
}

tl::expected<std::map<OutboxState, std::int64_t>, std::string> Outbox::compacted_counts() {
  Impl& impl = *m_impl;
  std::map<OutboxState, std::int64_t> result;
  for (std::size_t i = 0; i <= static_cast<std::size_t>(OutboxState::skipped); ++i) {
    result[static_cast<OutboxState>(i)] = 0;
  }
  DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_compacted_counts));
  DEADLINED_TRY(impl.each_row(stmt, "cannot count compacted reminders", [&](const Query& row) {
    if (const auto state = parse_outbox_state(row.text(0))) {
      result[*state] = row.int64(1);
    }
  }));
  return result;
}

tl::expected<std::vector<CompactedRow>, std::string> Outbox::compacted(std::size_t limit) {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_select_compacted));
  stmt.bind(1, clamp_limit(limit));
  std::vector<CompactedRow> rows;
  std::string bad;
  DEADLINED_TRY(impl.each_row(stmt, "cannot read compacted reminders", [&](const Query& row) {
    CompactedRow summary;
    summary.plan = row.text(0);
    summary.task = row.text(1);
    summary.unit = row.text(2);
    summary.month = row.text(3);
    summary.stage = row.text(4);
    const auto channel = parse_channel(row.text(5));
    const auto state = parse_outbox_state(row.text(6));
    if (!channel || !state) {
      bad = row.text(5) + "/" + row.text(6);
      return;
    }
    summary.channel = *channel;
    summary.state = *state;
    summary.reason = row.text(7);
    summary.reminders = row.int64(8);
    summary.attempts = row.int64(9);
    summary.events = row.int64(10);
    summary.first_send_at = row.int64(11);
    summary.last_send_at = row.int64(12);
    summary.last_updated_at = row.int64(13);
    rows.push_back(std::move(summary));
  }));
  if (!bad.empty()) {
    return Error(impl.path.string() + ": a compacted summary row has an unknown channel or state: " + bad);
  }
  return rows;
}

}  // namespace deadlined
