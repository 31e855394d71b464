// Compaction (schema version 7): final rows of periods long over are folded
// into the summary a bounded step per transaction; counts, the summary, the
// acknowledgement log and the audit of what is left stay exact; a compacted
// key is never planned again; a file of version 5 is migrated.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "outbox/outbox.hpp"
#include "outbox/schema.hpp"
#include "outbox_test_support.hpp"

namespace deadlined::outbox_test {
namespace {

using S = OutboxState;

constexpr std::int64_t k_old = k_t0 - 700 * k_day;  // December 2021
// What outbox.keep_final_days = 400 gives at k_t0 (compaction_cutoff, tested in tests/service).
const CompactionCutoff k_cutoff{k_t0 - 400 * k_day, "2022-10-10"};

ReminderRow old_row(const std::string& task, const std::string& recipient = "vanthu@stp.example.vn",
                    std::int64_t send_at = k_old, const std::string& due = "2022-01-31") {
  ReminderRow row = planned("p", task, "due", 1, send_at, recipient);
  row.occurrence = due;
  row.due = due;
  row.obligation = row.plan + "/" + row.task + "/" + row.occurrence + "/" + row.unit + "/email/" + row.recipient;
  row.key = row.plan + "/" + row.task + "/" + row.occurrence + "/" + row.unit + "/due/email/" + row.recipient;
  return row;
}

class OutboxCompaction : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return m_dir.path() / "outbox.sqlite3"; }

  // sent (two recipients of one task: one summary row), sent, skipped by
  // "done", dead, and what must stay: an old pending and failed row, a
  // recent sent row, and an old stage of an obligation not yet due.
  std::vector<ReminderRow> plan() const {
    return {old_row("t0", "a@stp.example.vn"),
            old_row("t0", "b@stp.example.vn"),
            old_row("t1"),
            old_row("t2"),
            old_row("t3"),
            old_row("t4"),
            old_row("t5"),
            old_row("recent", "vanthu@stp.example.vn", k_t0 - 10 * k_day, "2023-11-30"),
            old_row("long", "vanthu@stp.example.vn", k_old, "2023-12-31")};
  }

  std::string key_of(const std::string& task, const std::string& recipient = "vanthu@stp.example.vn") const {
    for (const auto& row : plan()) {
      if (row.task == task && row.recipient == recipient) {
        return row.key;
      }
    }
    ADD_FAILURE() << "no planned row " << task;
    return {};
  }

  // Brings every row of plan() to its state.
  void fill(Outbox& outbox) {
    value_of(outbox.reconcile(plan(), k_old - k_day));
    for (const std::string& key : {key_of("t0", "a@stp.example.vn"), key_of("t0", "b@stp.example.vn"), key_of("t1"),
                                   key_of("recent"), key_of("long")}) {
      ASSERT_TRUE(value_of(claim_keys(outbox, {key}, k_t0)));
      ASSERT_EQ(value_of(outbox.mark_sent({key}, k_t0)), 1u);
    }
    ASSERT_TRUE(value_of(claim_keys(outbox, {key_of("t3")}, k_t0)));
    ASSERT_EQ(value_of(outbox.mark_dead({key_of("t3")}, k_t0, "550 no such user")), 1u);
    ASSERT_TRUE(value_of(claim_keys(outbox, {key_of("t5")}, k_t0)));
    ASSERT_EQ(value_of(outbox.mark_failed({key_of("t5")}, k_t0, "timeout", k_t0 + 60)), 1u);
    AckRow done;
    done.plan = "p";
    done.task = "t2";
    done.occurrence = "2022-01-31";
    done.unit = "so-tu-phap";
    done.action = AckAction::done;
    done.at = k_old + 60;
    done.how = "cli";
    done.due = "2022-01-31";
    ASSERT_TRUE(value_of(outbox.record_ack(done, 0)));
  }

  TempDir m_dir;
};

TEST_F(OutboxCompaction, FoldsFinalRowsOfPeriodsOverAndKeepsCountsAcksAndTheRest) {
  Outbox outbox = open_outbox(file());
  fill(outbox);
  const auto counts_before = value_of(outbox.counts());
  const auto acks_before = value_of(outbox.acks());
  RawDatabase raw(file());
  const std::string folded_keys = "('" + key_of("t0", "a@stp.example.vn") + "', '" + key_of("t0", "b@stp.example.vn") +
                                  "', '" + key_of("t1") + "', '" + key_of("t2") + "', '" + key_of("t3") + "')";
  const std::int64_t folded_events = raw.integer("SELECT COUNT(*) FROM events WHERE key IN " + folded_keys);
  const std::int64_t all_events = raw.integer("SELECT COUNT(*) FROM events");
  EXPECT_EQ(folded_events, 2 + 2 + 2 + 2 + 2);  // planned, outcome; planned, done

  // The dry run counts it all and changes nothing.
  CompactionResult expected;
  expected.reminders = {{S::sent, 3}, {S::dead, 1}, {S::skipped, 1}};
  expected.events = folded_events;
  EXPECT_EQ(value_of(outbox.compactable(k_cutoff)), expected);
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM reminders"), 9);

  // Bounded steps, each committed: 2 + 2 + 1 rows.
  std::int64_t rows = 0;
  std::int64_t events = 0;
  int steps = 0;
  for (bool more = true; more; ++steps) {
    const auto step = value_of(outbox.compact(k_cutoff, k_t0 + 1, 2));
    EXPECT_LE(step.total(), 2);
    rows += step.total();
    events += step.events;
    more = step.more;
  }
  EXPECT_EQ(rows, 5);
  EXPECT_EQ(events, folded_events);
  EXPECT_EQ(steps, 3);
  EXPECT_EQ(value_of(outbox.compact(k_cutoff, k_t0 + 2, 2)).total(), 0) << "nothing left to fold";

  // The rows and their audit are gone; everything else is as it was.
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM reminders WHERE key IN " + folded_keys), 0);
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM events WHERE key IN " + folded_keys), 0);
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM events"), all_events - folded_events);
  EXPECT_EQ(value_of(outbox.find(key_of("t4")))->state, S::pending);
  EXPECT_EQ(value_of(outbox.find(key_of("t5")))->state, S::failed);
  EXPECT_EQ(value_of(outbox.find(key_of("recent")))->state, S::sent);
  EXPECT_EQ(value_of(outbox.find(key_of("long")))->state, S::sent) << "its obligation is not due yet";
  EXPECT_EQ(value_of(outbox.events(key_of("long"))).size(), 2u);
  EXPECT_EQ(value_of(outbox.acks()), acks_before) << "acknowledgements are never compacted";

  // Counts are those of before; the compacted part is told apart.
  EXPECT_EQ(value_of(outbox.counts()), counts_before);
  const std::map<S, std::int64_t> compacted = {{S::pending, 0}, {S::sending, 0}, {S::sent, 3},
                                               {S::failed, 0},  {S::dead, 1},    {S::skipped, 1}};
  EXPECT_EQ(value_of(outbox.compacted_counts()), compacted);
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM reminders WHERE state = 'sent'") + 3, counts_before.at(S::sent));

  // The summary: the two recipients of t0 are one row (folded in two steps).
  const auto summary = value_of(outbox.compacted());
  ASSERT_EQ(summary.size(), 4u);
  const CompactedRow& t0 = summary[0];
  EXPECT_EQ(t0.task, "t0");
  EXPECT_EQ(t0.unit, "so-tu-phap");
  EXPECT_EQ(t0.month, "2022-01");
  EXPECT_EQ(t0.stage, "due");
  EXPECT_EQ(t0.channel, Channel::email);
  EXPECT_EQ(t0.state, S::sent);
  EXPECT_EQ(t0.reminders, 2);
  EXPECT_EQ(t0.attempts, 2);
  EXPECT_EQ(t0.events, 4);
  EXPECT_EQ(t0.first_send_at, k_old);
  EXPECT_EQ(t0.last_updated_at, k_t0);
  EXPECT_EQ(summary[2].task, "t2");
  EXPECT_EQ(summary[2].state, S::skipped);
  EXPECT_EQ(summary[2].reason, "done");
  EXPECT_EQ(summary[3].state, S::dead);

  const auto status = value_of(outbox.compaction_status());
  EXPECT_EQ(status.through, k_cutoff.send_before);
  EXPECT_EQ(status.through_day, k_cutoff.due_before);
  EXPECT_EQ(status.reminders, 5);
  EXPECT_EQ(status.events, folded_events);
  EXPECT_EQ(status.last_run_at, k_t0 + 2);

  // Outside a compaction the audit stays append-only.
  EXPECT_EQ(raw.exec("DELETE FROM events"), SQLITE_CONSTRAINT);
  EXPECT_EQ(raw.integer("SELECT deleting FROM outbox_compaction"), 0);
}

// The same plan planned again (a restart, a reload) finds the compacted keys
// gone and does not insert them: they are done. Nothing is due again.
TEST_F(OutboxCompaction, ACompactedKeyIsNeverPlannedAgain) {
  Outbox outbox = open_outbox(file());
  fill(outbox);
  value_of(outbox.compact(k_cutoff, k_t0, 100));
  const auto counts = value_of(outbox.counts());
  const auto result = value_of(outbox.reconcile(plan(), k_t0 + 5));
  EXPECT_EQ(result.compacted, 5u);
  EXPECT_EQ(result.inserted, 0u);
  EXPECT_EQ(result.skipped, 0u);
  EXPECT_EQ(value_of(outbox.counts()), counts);
  for (const auto& row : value_of(outbox.due(k_t0 + 10 * k_day, 100))) {
    EXPECT_TRUE(row.task == "t4" || row.task == "t5") << row.key << " is due again";
  }
  // Streamed in committed steps, as a start plans: the same.
  auto streamed = value_of(outbox.begin_reconcile(k_t0 + 6, std::nullopt, 2));
  for (const auto& row : plan()) {
    ASSERT_TRUE(streamed.add(row));
  }
  EXPECT_EQ(value_of(streamed.finish()).compacted, 5u);
  EXPECT_EQ(value_of(outbox.counts()), counts);
  // After a reopen too (the watermark is in the file).
  Outbox reopened = open_outbox(file());
  EXPECT_EQ(value_of(reopened.reconcile(plan(), k_t0 + 7)).compacted, 5u);
  // A new key behind the watermark is not planned either (far too old to send);
  // one ahead of it is.
  auto more = plan();
  more.push_back(old_row("new-old"));
  more.push_back(old_row("new-late", "vanthu@stp.example.vn", k_t0 + k_day, "2023-12-31"));
  const auto added = value_of(reopened.reconcile(more, k_t0 + 8));
  EXPECT_EQ(added.compacted, 6u);
  EXPECT_EQ(added.inserted, 1u);
  EXPECT_FALSE(value_of(reopened.find(old_row("new-old").key)).has_value());
}

// A file of schema version 5, with rows and their audit as the daemon wrote
// them, is migrated through versions 6 and 7 on a real file and compacts.
TEST_F(OutboxCompaction, MigratesAFileOfVersion5) {
  {
    RawDatabase raw(file());
    ASSERT_EQ(raw.migrate_to(5), SQLITE_OK) << raw.last_error();
  }
  {
    // Rows and events as version 5 wrote them (its triggers keep its counters).
    RawDatabase raw(file());
    int i = 0;
    for (const char* state : {"sent", "sent", "pending", "dead", "skipped"}) {
      const std::string key = "k" + std::to_string(i++);
      ASSERT_EQ(raw.exec("INSERT INTO reminders (key, obligation, plan, task, occurrence, unit, role, stage, channel,"
                         " recipient, due, stage_order, send_at, fingerprint, state, updated_at) VALUES ('" +
                         key +
                         "', 'o', 'p', '1', '2022-03-31', 'vp', 'lead', 'due', 'email', 'vp@example.vn',"
                         " '2022-03-31', 0, 1648688400, 'fp', 'pending', 1648688400);"
                         "INSERT INTO events (key, at, from_state, to_state) VALUES ('" +
                         key + "', 1648688400, NULL, 'pending');" +
                         (std::string(state) == "pending"
                              ? std::string()
                              : "UPDATE reminders SET state = '" + std::string(state) + "' WHERE key = '" + key +
                                    "'; INSERT INTO events (key, at, from_state, to_state) VALUES ('" + key +
                                    "', 1648688500, 'pending', '" + state + "');")),
                SQLITE_OK)
          << raw.last_error();
    }
    EXPECT_EQ(raw.integer("PRAGMA user_version"), 5);
  }
  Outbox outbox = open_outbox(file());
  RawDatabase raw(file());
  EXPECT_EQ(raw.integer("PRAGMA user_version"), Outbox::schema_version());
  const std::map<S, std::int64_t> before = {{S::pending, 1}, {S::sending, 0}, {S::sent, 2},
                                            {S::failed, 0},  {S::dead, 1},    {S::skipped, 1}};
  EXPECT_EQ(value_of(outbox.counts()), before);
  EXPECT_EQ(value_of(outbox.compaction_status()), CompactionStatus{});
  const auto folded = value_of(outbox.compact(CompactionCutoff{1700000000, "2023-01-01"}, 1700000000, 100));
  EXPECT_EQ(folded.total(), 4);
  EXPECT_EQ(folded.events, 8);
  EXPECT_EQ(value_of(outbox.counts()), before);
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM reminders"), 1);
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM events"), 1);
  EXPECT_EQ(raw.integer("SELECT SUM(reminders) FROM reminders_compacted"), 4);
  EXPECT_EQ(raw.exec("DELETE FROM events"), SQLITE_CONSTRAINT);
}

}  // namespace
}  // namespace deadlined::outbox_test
