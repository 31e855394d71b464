// Claims and outcomes: what is due (due, next_due), the claims of a turn
// (claim_seen), the outcome of each transfer (mark_sent/failed/dead), and the
// claims given back unsent (release, requeue_in_flight).
#include <algorithm>
#include <array>
#include <iterator>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "outbox/database.hpp"
#include "util/expected.hpp"
#include "util/json_text.hpp"

namespace deadlined {
namespace {

using outbox_detail::clamp_limit;
using outbox_detail::Error;
using outbox_detail::exec;
using outbox_detail::Query;

// What is due, in (send_at, rowid) order, with the rowid last: pending rows
// straight from the state index (no sort, so reading a page of a large
// burst costs the page), failed rows through the retry index; due() merges
// the two.
constexpr std::string_view k_select_due_pending =
    "SELECT " DEADLINED_OUTBOX_COLUMNS
    ", rowid FROM reminders"
    " WHERE state = 'pending' AND send_at <= ?1 ORDER BY send_at, rowid LIMIT ?2";
constexpr std::string_view k_select_due_failed =
    "SELECT " DEADLINED_OUTBOX_COLUMNS
    ", rowid FROM reminders"
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
constexpr std::string_view k_pending_due_between =
    "SELECT 1 FROM reminders WHERE state = 'pending' AND send_at > ?1 AND send_at <= ?2 LIMIT 1";
// Due rows by rowid: ?2 is a JSON array of rowids. Due is checked again: the
// statements of one read are not one snapshot (another process may have
// acknowledged a row in between).
constexpr std::string_view k_select_by_rowids =
    "SELECT " DEADLINED_OUTBOX_COLUMNS
    ", rowid FROM reminders"
    " WHERE rowid IN (SELECT value FROM json_each(?2)) AND " DEADLINED_DUE_NOW " ORDER BY send_at, rowid";
#undef DEADLINED_DUE_NOW
// The statements that move rows say OR FAIL: a multi-row statement that may
// abort gets a statement journal of its own from SQLite (spilled to a file in
// /var/tmp past 64 KiB) so that it can undo itself, but every caller here
// rolls the whole transaction back on any error, so there is nothing for it to
// undo alone (outbox_bench: claims -9%, outcomes -10%; docs/performance.md).
// The events' inserts keep theirs, for the foreign-key check.
// Claims a row only if it is still as the caller last read it, and due. The
// state it leaves is kept in claimed_from (SET reads the old values), for a
// release; a claim is no audit event of its own (schema version 8: the
// outcome is, with the attempt counted on the row).
constexpr std::string_view k_claim_seen =
    "UPDATE OR FAIL reminders SET state = 'sending', claimed_from = state, attempts = attempts + 1, updated_at = ?2"
    " WHERE key = ?1 AND state = ?3 AND attempts = ?4 AND state IN ('pending', 'failed')"
    " AND (CASE state WHEN 'pending' THEN send_at ELSE next_attempt_at END) <= ?2";
// Claims many single-row digests read in state ?3 at once: ?1 is a JSON array
// of keys; returns each key claimed. "+state" keeps the planner on the key
// index. Unlike k_claim_seen it does not compare attempts: only the daemon
// that holds the state directory's lock claims, and between its read and
// this statement it cannot have claimed the row itself (a claim moves it out
// of ?3); the other writers (acknowledgements, triggers, a reload) change
// the state, which is compared.
constexpr std::string_view k_claim_seen_set =
    "UPDATE OR FAIL reminders SET state = 'sending', claimed_from = state, attempts = attempts + 1, updated_at = ?2"
    " WHERE key IN (SELECT value FROM json_each(?1)) AND +state = ?3 AND +state IN ('pending', 'failed')"
    " AND (CASE state WHEN 'pending' THEN send_at ELSE next_attempt_at END) <= ?2"
    " RETURNING key";
// Every way out of sending clears claimed_from, so a claim that did not set
// it (a version-7 binary still running beside a migrated file) is told apart.
constexpr std::string_view k_mark_sent =
    "UPDATE OR FAIL reminders SET state = 'sent', claimed_from = '', sent_at = ?2, updated_at = ?2"
    " WHERE key = ?1 AND state = 'sending'";
// mark_sent for a whole batch: one statement moves the rows, one records
// their events (a burst is nearly all successes). "+state" keeps the planner
// on the key index: through the state index it would visit every row in
// sending for each batch.
constexpr std::string_view k_mark_sent_set =
    "UPDATE OR FAIL reminders SET state = 'sent', claimed_from = '', sent_at = ?2, updated_at = ?2"
    " WHERE key IN (SELECT value FROM json_each(?1)) AND +state = 'sending' RETURNING key";
constexpr std::string_view k_insert_events_set =
    "INSERT OR FAIL INTO events (key, at, from_state, to_state, detail)"
    " SELECT value, ?2, ?3, ?4, ?5 FROM json_each(?1)";
constexpr std::string_view k_mark_failed =
    "UPDATE reminders SET state = 'failed', claimed_from = '', last_error = ?3, next_attempt_at = ?4, updated_at = ?2"
    " WHERE key = ?1 AND state = 'sending'";
constexpr std::string_view k_mark_dead =
    "UPDATE reminders SET state = 'dead', claimed_from = '', last_error = ?3, updated_at = ?2"
    " WHERE key = ?1 AND state = 'sending'";
// A row in sending goes back to the state its claim took it from; a claim
// that did not say (claimed_from empty: made by a version-7 binary) said it
// in its audit event.
constexpr std::string_view k_release =
    "UPDATE reminders SET state = CASE claimed_from WHEN 'failed' THEN 'failed' WHEN 'pending' THEN 'pending'"
    " ELSE COALESCE((SELECT CASE from_state WHEN 'failed' THEN 'failed' ELSE 'pending' END FROM events"
    " WHERE events.key = ?1 AND to_state = 'sending' ORDER BY id DESC LIMIT 1), 'pending') END,"
    " claimed_from = '', attempts = MAX(attempts - 1, 0), updated_at = ?2 WHERE key = ?1 AND state = 'sending'"
    " RETURNING state";
constexpr std::string_view k_select_sending = "SELECT key FROM reminders WHERE state = 'sending' ORDER BY key";
// The indexes are named: left to itself the planner reads every failed row
// for the second minimum (measured: 24,084 steps against 204).
constexpr std::string_view k_next_due =
    "SELECT MIN(t) FROM (SELECT MIN(send_at) AS t FROM reminders INDEXED BY reminders_state_send_at"
    " WHERE state = 'pending' UNION ALL"
    " SELECT MIN(next_attempt_at) FROM reminders INDEXED BY reminders_retry WHERE state = 'failed')";

// The JSON arrays the set statements read with json_each(). A key is nearly
// always printable ASCII with nothing to escape, so it is copied whole; only
// other keys go through append_json_string, which builds byte by byte (with
// JsonText the keys of a burst took 3% of the event loop's thread).
class JsonKeys {
 public:
  explicit JsonKeys(std::size_t elements) {
    m_text.reserve(elements * 96 + 2);
    m_text.push_back('[');
  }
  void key(std::string_view key) {
    separate();
    append_string(key);
  }
  bool empty() const { return m_text.size() == 1; }
  // The array, closed; call once, after the last element.
  const std::string& finish() {
    m_text.push_back(']');
    return m_text;
  }

 private:
  void separate() {
    if (m_text.size() > 1) {
      m_text.push_back(',');
    }
  }
  void append_string(std::string_view text) {
    const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
      const auto byte = static_cast<unsigned char>(c);
      return byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\';
    });
    if (!plain) {
      append_json_string(m_text, text);
      return;
    }
    m_text.push_back('"');
    m_text.append(text);
    m_text.push_back('"');
  }

  std::string m_text;
};

}  // namespace

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
  std::set<std::pair<Channel, std::string>> recipients;
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
    wanted_recipients.begin_array().value(to_string(channel)).value(recipient).end_array();
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
  // were read in. Their keys go through JSON, which
  // only carries valid UTF-8; any other key takes the row-by-row path below.
  std::vector<bool> set_based(groups.size(), false);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    set_based[g] = groups[g].size() == 1 && is_valid_utf8(groups[g].front().key);
  }
  {
    std::unordered_map<std::string_view, std::size_t> index;
    for (const OutboxState from : {OutboxState::pending, OutboxState::failed}) {
      JsonKeys keys(groups.size());
      for (std::size_t g = 0; g < groups.size(); ++g) {
        if (set_based[g] && groups[g].front().state == from) {
          keys.key(groups[g].front().key);
          index.emplace(groups[g].front().key, g);
        }
      }
      if (keys.empty()) {
        continue;
      }
      DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_claim_seen_set));
      stmt.bind(1, keys.finish()).bind(2, now).bind(3, to_string(from));
      DEADLINED_TRY(impl.each_row(stmt, "cannot claim reminders", [&](const Query& row) {
        impl.counts.moved(from, OutboxState::sending);
        const auto found = index.find(row.text(0));
        if (found == index.end()) {
          return;
        }
        result[found->second] = true;
      }));
    }
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& rows = groups[g];
    if (rows.empty() || set_based[g]) {
      continue;  // claimed above (or nothing to claim)
    }
    // A digest of several rows is claimed entirely or not at all.
    DEADLINED_TRY(exec(impl.path, impl.db.get(), "SAVEPOINT digest", "cannot claim digest"));
    bool claimed = true;
    std::array<std::int64_t, 2> claimed_from{};  // rows claimed from pending, from failed
    for (const SeenRow& row : rows) {
      DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_claim_seen));
      stmt.bind(1, row.key).bind(2, now).bind(3, to_string(row.state)).bind(4, std::int64_t{row.attempts});
      DEADLINED_TRY(impl.run(stmt, "cannot claim reminder"));
      if (sqlite3_changes(impl.db.get()) == 0) {
        claimed = false;
        break;
      }
      ++claimed_from.at(row.state == OutboxState::pending ? 0 : 1);
    }
    const char* end = claimed ? "RELEASE digest" : "ROLLBACK TO digest; RELEASE digest";
    DEADLINED_TRY(exec(impl.path, impl.db.get(), end, "cannot claim digest"));
    if (claimed) {  // counted only once the whole digest stays claimed
      impl.counts.moved(OutboxState::pending, OutboxState::sending, claimed_from[0]);
      impl.counts.moved(OutboxState::failed, OutboxState::sending, claimed_from[1]);
    }
    result[g] = claimed;
  }
  DEADLINED_TRY(tx.commit());
  return result;
}

tl::expected<std::size_t, std::string> Outbox::mark_sent(const std::vector<std::string>& keys, std::int64_t now) {
  // The set form passes keys through JSON, which only carries valid UTF-8.
  if (keys.size() < 2 ||
      !std::all_of(keys.begin(), keys.end(), [](const std::string& key) { return is_valid_utf8(key); })) {
    return m_impl->finish(keys, now, k_mark_sent, OutboxState::sent, "delivered", [](Query&) {});
  }
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto tx, impl.begin());
  JsonKeys moved(keys.size());
  std::size_t moved_count = 0;
  {
    DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_mark_sent_set));
    JsonKeys wanted(keys.size());
    for (const std::string& key : keys) {
      wanted.key(key);
    }
    stmt.bind(1, wanted.finish()).bind(2, now);
    DEADLINED_TRY(impl.each_row(stmt, "cannot update reminders", [&](const Query& row) {
      moved.key(row.text(0));
      ++moved_count;
    }));
  }
  impl.counts.moved(OutboxState::sending, OutboxState::sent, static_cast<std::int64_t>(moved_count));
  if (moved_count > 0) {
    DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_insert_events_set));
    stmt.bind(1, moved.finish())
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
                                                           std::string_view error, std::int64_t next_attempt_at) {
  const std::string detail = std::string(error) + " (retry at " + std::to_string(next_attempt_at) + ")";
  return m_impl->finish(keys, now, k_mark_failed, OutboxState::failed, detail,
                        [&](Query& query) { query.bind(3, error).bind(4, next_attempt_at); });
}

tl::expected<std::size_t, std::string> Outbox::mark_dead(const std::vector<std::string>& keys, std::int64_t now,
                                                         std::string_view error) {
  return m_impl->finish(keys, now, k_mark_dead, OutboxState::dead, error, [&](Query& query) { query.bind(3, error); });
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
    impl.counts.moved(OutboxState::sending, *to);
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
    DEADLINED_TRY(
        m_impl->each_row(stmt, "cannot read reminders", [&](const Query& row) { in_flight.push_back(row.text(0)); }));
  }
  if (in_flight.empty()) {
    return 0;
  }
  return release(in_flight, now,
                 "requeued at start-up: the previous run stopped while sending; "
                 "it may have been delivered already (possible duplicate)");
}

tl::expected<bool, std::string> Outbox::pending_due_between(std::int64_t after, std::int64_t upto) {
  DEADLINED_TRY_ASSIGN(auto stmt, m_impl->query(k_pending_due_between));
  stmt.bind(1, after).bind(2, upto);
  const int step = stmt.step();
  if (step != SQLITE_ROW && step != SQLITE_DONE) {
    return Error(m_impl->error("cannot read reminders"));
  }
  return step == SQLITE_ROW;
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

}  // namespace deadlined
