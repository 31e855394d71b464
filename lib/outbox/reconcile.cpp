// Reconcile: the stored rows made to agree with what the config plans
// (Reconciliation, reconcile), and the catch-up after downtime
// (collapse_missed, skip_stale, defer_missed).
#include <algorithm>
#include <cstdint>
#include <functional>
#include <set>
#include <unordered_set>
#include <utility>

#include "outbox/database.hpp"
#include "util/keys.hpp"
#include "util/expected.hpp"

namespace deadlined {
namespace {

using outbox_detail::Error;
using outbox_detail::Query;
using outbox_detail::Transaction;

constexpr std::string_view k_insert =
    "INSERT INTO reminders (key, obligation, plan, task, occurrence, unit, role, stage, channel,"
    " recipient, due, stage_order, send_at, fingerprint, state, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'pending', ?15)";
// Rewrites the planned content and makes the row pending: used for rows that
// were never delivered (pending, failed, or skipped by a reconcile).
constexpr std::string_view k_replan =
    "UPDATE reminders SET obligation = ?2, plan = ?3, task = ?4, occurrence = ?5, unit = ?6,"
    " role = ?7, stage = ?8, channel = ?9, recipient = ?10, due = ?11, stage_order = ?12,"
    " send_at = ?13, planned_send_at = 0, fingerprint = ?14, state = 'pending', next_attempt_at = 0, skip_reason = '',"
    " updated_at = ?15 WHERE key = ?1";
constexpr std::string_view k_select_watermark = "SELECT through, through_day FROM outbox_compaction";
// Acknowledgements recorded since the last step: the done set is read inside
// each step's transaction, so a "done" or "undo" made while a plan is being
// written in steps (by the daemon or another process) is never overwritten.
constexpr std::string_view k_select_acks_after =
    "SELECT id, plan, task, occurrence, unit, action FROM ack_events WHERE id > ?1 ORDER BY id";
constexpr std::string_view k_select_open =
    "SELECT key, plan, task, state FROM reminders WHERE state IN ('pending', 'failed') ORDER BY key";
// The open rows a windowed reconcile answers for: due before the window's end
// (failed rows wait for a retry, whatever their send time).
constexpr std::string_view k_select_open_before =
    "SELECT key, plan, task, state FROM reminders WHERE state = 'failed' OR (state = 'pending' AND send_at < ?1)"
    " ORDER BY key";
// A row is superseded when a later stage of its obligation is due and alive.
constexpr std::string_view k_select_superseded =
    "SELECT r.key, r.state FROM reminders AS r"
    " WHERE ((r.state = 'pending' AND r.send_at <= ?2) OR r.state = 'failed')"
    " AND EXISTS (SELECT 1 FROM reminders AS s WHERE s.obligation = r.obligation"
    " AND s.stage_order > r.stage_order AND s.send_at <= ?1 AND s.state <> 'skipped')"
    " ORDER BY r.key";
constexpr std::string_view k_select_stale =
    "SELECT key FROM reminders WHERE state = 'pending' AND send_at < ?1 ORDER BY key";
constexpr std::string_view k_next_pending_after =
    "SELECT MIN(send_at) FROM reminders WHERE state = 'pending' AND send_at > ?1";
constexpr std::string_view k_defer_missed =
    "UPDATE reminders SET planned_send_at = CASE planned_send_at WHEN 0 THEN send_at ELSE planned_send_at END,"
    " send_at = ?2, updated_at = ?1 WHERE state = 'pending' AND send_at <= ?1";

void bind_planned(Query& query, const ReminderRow& row, std::int64_t now) {
  query.bind(1, row.key)
      .bind(2, row.obligation)
      .bind(3, row.plan)
      .bind(4, row.task)
      .bind(5, row.occurrence)
      .bind(6, row.unit)
      .bind(7, to_string(row.role))
      .bind(8, row.stage)
      .bind(9, to_string(row.channel))
      .bind(10, row.recipient)
      .bind(11, row.due)
      .bind(12, std::int64_t{row.stage_order})
      .bind(13, row.send_at)
      .bind(14, row.fingerprint)
      .bind(15, now);
}

bool same_plan_but_send_at(const ReminderRow& stored, const ReminderRow& planned) {
  return stored.obligation == planned.obligation && stored.plan == planned.plan && stored.task == planned.task &&
         stored.occurrence == planned.occurrence && stored.unit == planned.unit && stored.role == planned.role &&
         stored.stage == planned.stage && stored.channel == planned.channel && stored.recipient == planned.recipient &&
         stored.due == planned.due && stored.stage_order == planned.stage_order &&
         stored.fingerprint == planned.fingerprint;
}

// The plan's send time of a stored row is its own, or the one it had before
// the catch-up held it for a later slot.
bool same_plan(const ReminderRow& stored, const ReminderRow& planned) {
  const std::int64_t planned_at = stored.planned_send_at != 0 ? stored.planned_send_at : stored.send_at;
  return same_plan_but_send_at(stored, planned) && planned_at == planned.send_at;
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
    add("role " + std::string(to_string(stored.role)) + " -> " + std::string(to_string(planned.role)));
  }
  if (stored.obligation != planned.obligation) {
    add("obligation changed");
  }
  detail.pop_back();
  return detail;
}

}  // namespace

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
  // 128-bit digests of the planned keys, not the keys: with 100k rows this
  // is a few MB instead of tens. Two keys sharing a digest would refuse the
  // reconcile ("planned twice") at every start; at 128 bits that takes about
  // 10^19 keys, where 64 bits would leave it at 1 in 10^9 for 10^5 keys.
  struct KeyDigest {
    std::uint64_t first = 0;
    std::uint64_t second = 0;
    bool operator==(const KeyDigest&) const = default;
  };
  struct DigestHash {
    std::size_t operator()(const KeyDigest& digest) const { return digest.first; }
  };
  std::unordered_set<KeyDigest, DigestHash> planned_keys;
  std::set<std::pair<std::string, std::string>> planned_tasks;
  ReconcileResult result;
  // The compaction watermark (outbox_compaction): a planned row that is not
  // stored and lies behind it was compacted, i.e. is done.
  std::int64_t compacted_through = 0;
  std::string compacted_through_day;

  bool compacted(const ReminderRow& row) const {
    return row.send_at < compacted_through && row.due < compacted_through_day;
  }
  // limit_to(): rows planned at or after window_end are only noted, unless
  // their key is among stored_in_window (open rows due before window_end,
  // which must be brought up to date now).
  std::optional<std::int64_t> window_end;
  std::unordered_set<KeyDigest, DigestHash> stored_in_window;
  std::size_t beyond_window = 0;
  // settled_before(): stored rows planned before it stay as they are.
  std::optional<std::int64_t> settled_before;
  // Obligations whose last acknowledgement is "done", as of the open step,
  // and the last acknowledgement read.
  std::unordered_set<std::string> done;
  std::int64_t acks_through = 0;

  bool is_done(const ReminderRow& row) const {
    return !done.empty() && done.contains(obligation_key_of(row.plan, row.task, row.occurrence, row.unit));
  }
  // Begins a step's transaction and brings `done` up to date inside it.
  tl::expected<void, std::string> begin_step();

  // libstdc++'s string hash (Murmur-based) and FNV-1a: independent 64-bit halves.
  static KeyDigest hash(std::string_view key) {
    std::uint64_t fnv = 14695981039346656037ULL;
    for (const char c : key) {
      fnv = (fnv ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    return KeyDigest{std::hash<std::string_view>{}(key), fnv};
  }
};

tl::expected<void, std::string> Outbox::Reconciliation::State::begin_step() {
  DEADLINED_TRY_ASSIGN(auto begun, impl.begin());
  tx.emplace(std::move(begun));
  DEADLINED_TRY_ASSIGN(auto acks, impl.query(k_select_acks_after));
  acks.bind(1, acks_through);
  return impl.each_row(acks, "cannot read acknowledgements", [this](const Query& row) {
    acks_through = row.int64(0);
    std::string key = obligation_key_of(row.text(1), row.text(2), row.text(3), row.text(4));
    if (parse_ack_action(row.text(5)) == AckAction::done) {
      done.insert(std::move(key));
    } else {
      done.erase(key);
    }
  });
}

Outbox::Reconciliation::Reconciliation(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Outbox::Reconciliation::Reconciliation(Reconciliation&&) noexcept = default;
Outbox::Reconciliation::~Reconciliation() = default;

tl::expected<Outbox::Reconciliation, std::string> Outbox::begin_reconcile(std::int64_t now,
                                                                          std::optional<std::int64_t> late_cutoff,
                                                                          std::size_t step_rows) {
  Impl& impl = *m_impl;
  auto state = std::unique_ptr<Reconciliation::State>(new Reconciliation::State{
      impl, std::nullopt, now, late_cutoff, step_rows, 0, {}, {}, {}, 0, {}, {}, {}, 0, {}, {}, 0});
  DEADLINED_TRY(state->begin_step());
  {
    DEADLINED_TRY_ASSIGN(auto watermark, impl.query(k_select_watermark));
    if (watermark.step() != SQLITE_ROW) {
      return Error(impl.error("cannot read the compaction watermark"));
    }
    state->compacted_through = watermark.int64(0);
    state->compacted_through_day = watermark.text(1);
  }
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
  DEADLINED_TRY(st.begin_step());
  st.written_since_commit = 0;
  return {};
}

tl::expected<void, std::string> Outbox::Reconciliation::resume() {
  State& st = *m_state;
  if (!st.tx) {
    DEADLINED_TRY(st.begin_step());
  }
  return {};
}

tl::expected<void, std::string> Outbox::Reconciliation::pause() {
  State& st = *m_state;
  if (st.tx) {
    DEADLINED_TRY(st.tx->commit());
    st.tx.reset();
  }
  st.written_since_commit = 0;
  return {};
}

void Outbox::Reconciliation::abandon_step() {
  m_state->tx.reset();
  m_state->written_since_commit = 0;
}

tl::expected<void, std::string> Outbox::Reconciliation::limit_to(std::int64_t window_end) {
  DEADLINED_TRY(resume());
  State& st = *m_state;
  DEADLINED_TRY_ASSIGN(auto stored, st.impl.query(k_select_open_before));
  stored.bind(1, window_end);
  DEADLINED_TRY(st.impl.each_row(stored, "cannot read reminders",
                                 [&](const Query& row) { st.stored_in_window.insert(State::hash(row.text(0))); }));
  st.window_end = window_end;
  return {};
}

void Outbox::Reconciliation::settled_before(std::int64_t window_end) {
  m_state->settled_before = window_end;
}

std::size_t Outbox::Reconciliation::beyond_window() const {
  return m_state->beyond_window;
}

tl::expected<void, std::string> Outbox::Reconciliation::add(const ReminderRow& row) {
  DEADLINED_TRY(resume());
  State& st = *m_state;
  Impl& impl = st.impl;
  const std::int64_t now = st.now;
  ReconcileResult& result = st.result;
  if (row.key.empty()) {
    return Error(impl.path.string() + ": reconcile: a planned reminder has an empty key");
  }
  const State::KeyDigest hash = State::hash(row.key);
  if (!st.planned_keys.insert(hash).second) {
    return Error(impl.path.string() + ": reconcile: key planned twice: " + row.key);
  }
  st.planned_tasks.emplace(row.plan, row.task);
  if (st.window_end && row.send_at >= *st.window_end && !st.stored_in_window.contains(hash)) {
    ++st.beyond_window;  // planned later (a full reconcile); nothing stored here is due before the window's end
    return {};
  }
  DEADLINED_TRY_ASSIGN(auto stored, impl.find(row.key));
  if (stored && st.settled_before && row.send_at < *st.settled_before) {
    ++result.unchanged;  // the start's window decided it, and the catch-up may have moved it since
    return {};
  }
  std::optional<OutboxState> from;
  std::string detail;
  if (!stored && st.compacted(row)) {
    ++result.compacted;  // sent (or skipped) long ago and folded into the summary: never again
    return {};
  }
  if (st.is_done(row)) {
    return add_done(row, stored);
  }
  if (!stored) {
    DEADLINED_TRY_ASSIGN(auto insert, impl.query(k_insert));
    bind_planned(insert, row, now);
    DEADLINED_TRY(impl.run(insert, "cannot insert reminder"));
    ++result.inserted;
    detail = "planned";
  } else {
    const ReminderRow& old = *stored;
    const bool open = old.state == OutboxState::pending || old.state == OutboxState::failed;
    // Rows skipped by a reconcile come back; rows skipped by the catch-up
    // stay skipped, or every reload would flood missed stages. Unless their
    // send time is still ahead: they were "missed" only by a clock that ran
    // ahead (a wrong clock at one start, set right since), and would
    // otherwise never be sent. A row a reload skipped as changed after its
    // send time stays: the reload decided that, not the clock.
    const bool skipped_as_past =
        old.skip_reason == k_skip_missed || old.skip_reason == k_skip_stale || old.skip_reason == k_skip_superseded;
    const bool revivable = old.state == OutboxState::skipped &&
                           (old.skip_reason == k_skip_config_changed || old.skip_reason == k_skip_task_removed ||
                            (skipped_as_past && row.send_at > st.now));
    if ((open && same_plan(old, row)) || (!open && !revivable)) {
      ++result.unchanged;
      return {};
    }
    DEADLINED_TRY_ASSIGN(auto replan, impl.query(k_replan));
    bind_planned(replan, row, now);
    DEADLINED_TRY(impl.run(replan, "cannot update reminder"));
    from = old.state;
    impl.counts.moved(old.state, OutboxState::pending);
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

// A row of an obligation acknowledged done: stored as skipped ("done"), so
// that an "undo" brings it back like the rows skipped when the unit acted,
// and never sent while the obligation stays done.
tl::expected<void, std::string> Outbox::Reconciliation::add_done(const ReminderRow& row,
                                                                 const std::optional<ReminderRow>& stored) {
  State& st = *m_state;
  Impl& impl = st.impl;
  if (stored) {
    const bool open = stored->state == OutboxState::pending || stored->state == OutboxState::failed;
    if (!open) {
      ++st.result.unchanged;
      return {};
    }
    DEADLINED_TRY_ASSIGN(auto skipped, impl.skip(row.key, stored->state, k_skip_done, st.now));
    st.result.skipped += skipped ? 1 : 0;
    return wrote_row();
  }
  DEADLINED_TRY_ASSIGN(auto insert, impl.query(k_insert));
  bind_planned(insert, row, st.now);
  DEADLINED_TRY(impl.run(insert, "cannot insert reminder"));
  ++st.result.inserted;
  DEADLINED_TRY(impl.record(row.key, st.now, std::nullopt, OutboxState::pending, "planned"));
  DEADLINED_TRY_ASSIGN(auto skipped, impl.skip(row.key, OutboxState::pending, k_skip_done, st.now));
  st.result.skipped += skipped ? 1 : 0;
  return wrote_row();
}

tl::expected<ReconcileResult, std::string> Outbox::Reconciliation::finish() {
  DEADLINED_TRY(resume());
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
    DEADLINED_TRY_ASSIGN(auto open_rows, impl.query(st.window_end ? k_select_open_before : k_select_open));
    if (st.window_end) {
      open_rows.bind(1, *st.window_end);
    }
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

tl::expected<ReconcileResult, std::string> Outbox::reconcile(const std::vector<ReminderRow>& planned, std::int64_t now,
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

tl::expected<std::size_t, std::string> Outbox::collapse_missed(std::int64_t now, std::int64_t grace_seconds,
                                                               std::string_view missed_reason) {
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
      superseded.emplace_back(row.text(0), parse_outbox_state(row.text(1)).value_or(OutboxState::pending));
    }));
  }
  std::size_t skipped = 0;
  for (const auto& [key, from] : superseded) {
    const auto reason = from == OutboxState::failed ? k_skip_superseded : missed_reason;
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
    DEADLINED_TRY(impl.each_row(stmt, "cannot read reminders", [&](const Query& row) { keys.push_back(row.text(0)); }));
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

}  // namespace deadlined
