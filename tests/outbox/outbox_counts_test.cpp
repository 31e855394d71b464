// The rows per state that /healthz, /metrics and /status read (Outbox::counts,
// table outbox_counts, kept by the outbox's own transactions since schema
// version 6) stay exactly what a full count of the file says, through every
// move a row can make, the event loop's turns (outcomes and claims in one
// transaction, digests claimed whole or not at all), rollbacks, a crash, a
// reopen and the migration of files written before.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "outbox/outbox.hpp"
#include "outbox/schema.hpp"
#include "outbox_test_support.hpp"

namespace deadlined::outbox_test {
namespace {

// What a full scan of the file says, every state present.
std::map<OutboxState, std::int64_t> counted(const std::filesystem::path& file) {
  RawDatabase raw(file);
  std::map<OutboxState, std::int64_t> result;
  for (auto state : {OutboxState::pending, OutboxState::sending, OutboxState::sent, OutboxState::failed,
                     OutboxState::dead, OutboxState::skipped}) {
    result[state] = raw.integer("SELECT COUNT(*) FROM reminders WHERE state = '" + std::string(to_string(state)) + "'");
  }
  return result;
}

class OutboxCounts : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return m_dir.path() / "outbox.sqlite3"; }

  // counts() agrees with a full count, and with what the test expects.
  void expect_counts(Outbox& outbox, std::map<OutboxState, std::int64_t> expected, const char* step) {
    SCOPED_TRACE(step);
    for (auto state : {OutboxState::pending, OutboxState::sending, OutboxState::sent, OutboxState::failed,
                       OutboxState::dead, OutboxState::skipped}) {
      expected.try_emplace(state, 0);
    }
    auto maintained = value_of(outbox.counts());
    EXPECT_EQ(maintained, counted(file()));
    EXPECT_EQ(maintained, expected);
  }

  std::vector<ReminderRow> plan_of(int tasks) const {
    std::vector<ReminderRow> rows;
    for (int i = 0; i < tasks; ++i) {
      // One recipient each: a claim takes exactly the rows asked for.
      rows.push_back(
          planned("p", "t" + std::to_string(i), "due", 1, k_t0 - 60 + i, "r" + std::to_string(i) + "@stp.example.vn"));
    }
    return rows;
  }

 private:
  TempDir m_dir;
};

TEST_F(OutboxCounts, ExactThroughEveryMoveOfARow) {
  using S = OutboxState;
  Outbox outbox = open_outbox(file());
  expect_counts(outbox, {}, "empty");

  auto plan = plan_of(8);
  value_of(outbox.reconcile(plan, k_t0));
  expect_counts(outbox, {{S::pending, 8}}, "reconcile inserts");

  auto claimed = value_of(claim_due(outbox, k_t0, 5));
  ASSERT_EQ(claimed.size(), 5u);
  expect_counts(outbox, {{S::pending, 3}, {S::sending, 5}}, "claim");

  EXPECT_EQ(value_of(outbox.mark_sent({claimed[0].key, claimed[1].key}, k_t0)), 2u);
  expect_counts(outbox, {{S::pending, 3}, {S::sending, 3}, {S::sent, 2}}, "deliver");

  EXPECT_EQ(value_of(outbox.mark_failed({claimed[2].key}, k_t0, "timeout", k_t0 + 60)), 1u);
  expect_counts(outbox, {{S::pending, 3}, {S::sending, 2}, {S::sent, 2}, {S::failed, 1}}, "fail");

  EXPECT_EQ(value_of(outbox.mark_dead({claimed[3].key}, k_t0, "550 no such user")), 1u);
  expect_counts(outbox, {{S::pending, 3}, {S::sending, 1}, {S::sent, 2}, {S::failed, 1}, {S::dead, 1}}, "dead");

  EXPECT_EQ(value_of(outbox.release({claimed[4].key}, k_t0, "stopping")), 1u);
  expect_counts(outbox, {{S::pending, 4}, {S::sent, 2}, {S::failed, 1}, {S::dead, 1}}, "release");

  // A state written twice (sent again is refused) changes nothing.
  EXPECT_EQ(value_of(outbox.mark_sent({claimed[0].key}, k_t0)), 0u);
  expect_counts(outbox, {{S::pending, 4}, {S::sent, 2}, {S::failed, 1}, {S::dead, 1}}, "no-op");

  // A reload drops two pending tasks and one failed: skipped; sent and dead stay.
  std::vector<ReminderRow> fewer;
  for (const auto& row : plan) {
    if (row.task != "t2" && row.task != "t5" && row.task != "t6") {
      fewer.push_back(row);
    }
  }
  auto result = value_of(outbox.reconcile(fewer, k_t0 + 1));
  EXPECT_EQ(result.skipped, 3u);
  expect_counts(outbox, {{S::pending, 2}, {S::sent, 2}, {S::dead, 1}, {S::skipped, 3}}, "reconcile skips");

  // Planned again: revived.
  value_of(outbox.reconcile(plan, k_t0 + 2));
  expect_counts(outbox, {{S::pending, 5}, {S::sent, 2}, {S::dead, 1}}, "reconcile revives");

  // Done skips every pending row of the obligation; undo brings back the
  // stages still ahead.
  ReminderRow later = planned("p", "t7", "overdue-1", 2, k_t0 + 10 * k_day, "r7@stp.example.vn");
  plan.push_back(later);
  value_of(outbox.reconcile(plan, k_t0 + 3));
  expect_counts(outbox, {{S::pending, 6}, {S::sent, 2}, {S::dead, 1}}, "a later stage");
  AckRow done;
  done.plan = "p";
  done.task = "t7";
  done.occurrence = "2023-12-31";
  done.unit = "so-tu-phap";
  done.action = AckAction::done;
  done.at = k_t0 + 4;
  done.how = "cli";
  auto changed = value_of(outbox.record_ack(done, 0));
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, 2u);
  expect_counts(outbox, {{S::pending, 4}, {S::sent, 2}, {S::dead, 1}, {S::skipped, 2}}, "done");
  AckRow undo = done;
  undo.action = AckAction::undo;
  undo.at = k_t0 + 5;
  auto last = value_of(outbox.acks());
  ASSERT_FALSE(last.empty());
  ASSERT_TRUE(value_of(outbox.record_ack(undo, last.back().id)));
  expect_counts(outbox, {{S::pending, 5}, {S::sent, 2}, {S::dead, 1}, {S::skipped, 1}}, "undo");

  // A batch rolled back leaves the counters as they were.
  {
    auto batch = value_of(outbox.begin_batch());
    ASSERT_FALSE(value_of(claim_due(outbox, k_t0 + 6, 100)).empty());
  }
  expect_counts(outbox, {{S::pending, 5}, {S::sent, 2}, {S::dead, 1}, {S::skipped, 1}}, "rolled back");
}

TEST_F(OutboxCounts, ExactAfterACrashWhileSendingAndTheRequeue) {
  using S = OutboxState;
  {
    Outbox outbox = open_outbox(file());
    value_of(outbox.reconcile(plan_of(6), k_t0));
    auto first = value_of(claim_due(outbox, k_t0, 2));
    ASSERT_EQ(first.size(), 2u);
    value_of(outbox.mark_failed({first[0].key}, k_t0, "timeout", k_t0));
    value_of(outbox.mark_sent({first[1].key}, k_t0));
    value_of(claim_due(outbox, k_t0 + 1, 3));  // a retry and two first attempts
    expect_counts(outbox, {{S::pending, 2}, {S::sending, 3}, {S::sent, 1}}, "before the crash");
  }  // the process dies with three rows in sending
  Outbox reopened = open_outbox(file());
  expect_counts(reopened, {{S::pending, 2}, {S::sending, 3}, {S::sent, 1}}, "reopened");
  EXPECT_EQ(value_of(reopened.requeue_in_flight(k_t0 + 100)), 3u);
  expect_counts(reopened, {{S::pending, 4}, {S::sent, 1}, {S::failed, 1}}, "requeued");
  // Catch-up: stale and superseded rows are skipped.
  EXPECT_EQ(value_of(reopened.skip_stale(k_t0 + 100, k_t0 + 100)), 4u);
  expect_counts(reopened, {{S::sent, 1}, {S::failed, 1}, {S::skipped, 4}}, "stale");
}

TEST_F(OutboxCounts, StreamedReconcileCommittedInStepsKeepsThemExact) {
  Outbox outbox = open_outbox(file());
  {
    auto streamed = value_of(outbox.begin_reconcile(k_t0, std::nullopt, 3));
    for (const auto& row : plan_of(10)) {
      ASSERT_TRUE(streamed.add(row));
    }
  }  // killed before finish(): the committed steps stay, and so do their counts
  auto kept = counted(file())[OutboxState::pending];
  EXPECT_GE(kept, 9);
  expect_counts(outbox, {{OutboxState::pending, kept}}, "steps kept");
}

// No code deletes reminders today; a later compaction may. A delete keeps the
// counts exact, including one of the highest rowid (pending is counted from
// MAX(rowid)) followed by new inserts that take its rowid again.
TEST_F(OutboxCounts, ExactAcrossDeletesOfAnyRow) {
  using S = OutboxState;
  auto plan = plan_of(6);
  {
    Outbox outbox = open_outbox(file());
    value_of(outbox.reconcile(plan, k_t0));
    auto claimed = value_of(claim_due(outbox, k_t0, 2));
    value_of(outbox.mark_sent({claimed[0].key, claimed[1].key}, k_t0));
    expect_counts(outbox, {{S::pending, 4}, {S::sent, 2}}, "before");
  }
  {
    RawDatabase raw(file());
    ASSERT_EQ(raw.exec("DELETE FROM events"), SQLITE_CONSTRAINT) << "the audit stays append-only";
    ASSERT_EQ(raw.exec("PRAGMA foreign_keys = OFF; DELETE FROM reminders WHERE rowid = (SELECT MAX(rowid) FROM "
                       "reminders); DELETE FROM reminders WHERE state = 'sent' AND rowid = (SELECT MIN(rowid) FROM "
                       "reminders)"),
              SQLITE_OK)
        << raw.last_error();
  }
  Outbox outbox = open_outbox(file());
  expect_counts(outbox, {{S::pending, 3}, {S::sent, 1}}, "two deleted");
  plan.push_back(planned("p", "new1", "due", 1, k_t0 + k_day, "n1@stp.example.vn"));
  plan.push_back(planned("p", "new2", "due", 1, k_t0 + k_day, "n2@stp.example.vn"));
  // Both deleted rows are planned again, as pending, with the two new ones.
  value_of(outbox.reconcile(plan, k_t0 + 1));
  expect_counts(outbox, {{S::pending, 7}, {S::sent, 1}}, "inserted again");
}

// A file written before the counters existed (schema version 4) is counted
// once by the migration and kept exact from then on.
TEST_F(OutboxCounts, MigrationCountsTheRowsOfAnOlderFile) {
  {
    RawDatabase raw(file());
    ASSERT_EQ(raw.migrate_to(4), SQLITE_OK) << raw.last_error();
    const char* states[] = {"sent", "sent", "pending", "dead", "skipped"};
    int i = 0;
    for (const char* state : states) {
      ASSERT_EQ(raw.exec("INSERT INTO reminders (key, obligation, plan, task, occurrence, unit, role, stage, channel,"
                         " recipient, due, stage_order, send_at, fingerprint, state, updated_at) VALUES ('k" +
                         std::to_string(i++) +
                         "', 'o', 'p', '1', '2022-03-31', 'vp', 'lead', 'due', 'email', 'vp@example.vn',"
                         " '2022-03-31', 0, 1648688400, 'fp', '" +
                         state + "', 1648688400)"),
                SQLITE_OK)
          << raw.last_error();
    }
  }
  Outbox outbox = open_outbox(file());
  using S = OutboxState;
  expect_counts(outbox, {{S::sent, 2}, {S::pending, 1}, {S::dead, 1}, {S::skipped, 1}}, "migrated");
  value_of(claim_due(outbox, 1648688400, 10));
  expect_counts(outbox, {{S::sent, 2}, {S::sending, 1}, {S::dead, 1}, {S::skipped, 1}}, "after a claim");
}

// The event loop's shape: each turn one batch with the outcomes of the last
// claims (sent, failed, dead; single keys and sets) and the next claims,
// among them digests of several rows, one of which cannot be claimed whole.
TEST_F(OutboxCounts, ExactThroughTurnsOfOutcomesAndClaims) {
  using S = OutboxState;
  Outbox outbox = open_outbox(file());
  auto plan = plan_of(6);
  // A digest of three rows for one recipient, and one of two.
  for (int i = 0; i < 3; ++i) {
    plan.push_back(planned("d", "t" + std::to_string(i), "due", 1, k_t0 - 30, "digest@stp.example.vn"));
  }
  for (int i = 0; i < 2; ++i) {
    plan.push_back(planned("e", "t" + std::to_string(i), "due", 1, k_t0 - 30, "pair@stp.example.vn"));
  }
  value_of(outbox.reconcile(plan, k_t0));
  expect_counts(outbox, {{S::pending, 11}}, "planned");
  // Someone else claims one row of the pair first: that digest is not
  // claimed at all (rolled back to its savepoint), the others are.
  ASSERT_TRUE(value_of(claim_keys(outbox, {"e/t1/2023-12-31/so-tu-phap/due/email/pair@stp.example.vn"}, k_t0)));
  expect_counts(outbox, {{S::pending, 10}, {S::sending, 1}}, "one row of the pair");
  auto rows = value_of(outbox.due(k_t0, 100));
  ASSERT_EQ(rows.size(), 10u);
  std::map<std::string, std::vector<Outbox::SeenRow>> by_recipient;
  for (const ReminderRow& row : rows) {
    by_recipient[row.recipient].push_back({row.key, row.state, row.attempts});
  }
  // The pair as read before the other claim: both rows pending.
  by_recipient["pair@stp.example.vn"].push_back(
      {"e/t1/2023-12-31/so-tu-phap/due/email/pair@stp.example.vn", S::pending, 0});
  std::vector<std::vector<Outbox::SeenRow>> groups;
  for (auto& [recipient, group] : by_recipient) {
    groups.push_back(group);
  }
  std::vector<std::string> digest_keys;
  std::vector<std::string> single_keys;
  {
    auto batch = value_of(outbox.begin_batch());
    auto claimed = value_of(outbox.claim_seen(groups, k_t0));
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const bool pair = groups[g].size() == 2;
      EXPECT_EQ(claimed[g], !pair) << g;
      for (const auto& seen : groups[g]) {
        if (claimed[g]) {
          (groups[g].size() == 3 ? digest_keys : single_keys).emplace_back(seen.key);
        }
      }
    }
    ASSERT_TRUE(batch.commit());
  }
  ASSERT_EQ(digest_keys.size(), 3u);
  ASSERT_EQ(single_keys.size(), 6u);
  expect_counts(outbox, {{S::pending, 1}, {S::sending, 10}}, "claimed in one batch");
  // The next turn: outcomes (a set of sent keys, one sent alone, a digest
  // failed, one dead) and nothing left to claim but the pair's other row.
  {
    auto batch = value_of(outbox.begin_batch());
    EXPECT_EQ(value_of(outbox.mark_sent({single_keys[0], single_keys[1], single_keys[2]}, k_t0 + 1)), 3u);
    EXPECT_EQ(value_of(outbox.mark_sent({single_keys[3]}, k_t0 + 1)), 1u);
    EXPECT_EQ(value_of(outbox.mark_failed(digest_keys, k_t0 + 1, "timeout", k_t0 + 60)), 3u);
    EXPECT_EQ(value_of(outbox.mark_dead({single_keys[4]}, k_t0 + 1, "550")), 1u);
    // Recorded twice in the same turn: counted once.
    EXPECT_EQ(value_of(outbox.mark_sent({single_keys[0], single_keys[1]}, k_t0 + 1)), 0u);
    ASSERT_TRUE(batch.commit());
  }
  expect_counts(outbox, {{S::pending, 1}, {S::sending, 2}, {S::sent, 4}, {S::failed, 3}, {S::dead, 1}}, "outcomes");
  // A turn that fails half-way is rolled back with its counts; the retry of
  // the digest and the pair's last row are claimed in the turn after.
  {
    auto batch = value_of(outbox.begin_batch());
    EXPECT_EQ(value_of(outbox.mark_sent({single_keys[5]}, k_t0 + 2)), 1u);
    EXPECT_EQ(value_of(claim_due(outbox, k_t0 + 60, 100)).size(), 4u);
  }  // dropped without commit
  expect_counts(outbox, {{S::pending, 1}, {S::sending, 2}, {S::sent, 4}, {S::failed, 3}, {S::dead, 1}},
                "rolled back turn");
  {
    auto batch = value_of(outbox.begin_batch());
    EXPECT_EQ(value_of(outbox.mark_sent({single_keys[5]}, k_t0 + 2)), 1u);
    EXPECT_EQ(value_of(claim_due(outbox, k_t0 + 60, 100)).size(), 4u);
    ASSERT_TRUE(batch.commit());
  }
  expect_counts(outbox, {{S::sending, 5}, {S::sent, 5}, {S::dead, 1}}, "retries claimed");
  // Stopping: the claims go back where they came from.
  std::vector<std::string> in_flight;
  for (const auto& row : value_of(outbox.list(S::sending))) {
    in_flight.push_back(row.key);
  }
  EXPECT_EQ(value_of(outbox.release(in_flight, k_t0 + 61, "stopping")), 5u);
  expect_counts(outbox, {{S::pending, 2}, {S::sent, 5}, {S::failed, 3}, {S::dead, 1}}, "released");
  // Catch-up: a later stage of a failed row's obligation is due, so the
  // failed row is superseded; a reload skips a row late.
  for (int i = 0; i < 3; ++i) {
    plan.push_back(planned("d", "t" + std::to_string(i), "overdue-1", 2, k_t0 + 70, "digest@stp.example.vn"));
  }
  value_of(outbox.reconcile(plan, k_t0 + 62, k_t0 + 100));
  expect_counts(outbox, {{S::pending, 2}, {S::sent, 5}, {S::failed, 3}, {S::dead, 1}, {S::skipped, 3}},
                "late stages skipped by the reload");
  plan.push_back(planned("f", "t0", "due", 1, k_t0 + 150));
  plan.push_back(planned("f", "t0", "overdue-1", 2, k_t0 + 200));
  value_of(outbox.reconcile(plan, k_t0 + 63));
  EXPECT_EQ(value_of(outbox.collapse_missed(k_t0 + 300, 0)), 1u);
  expect_counts(outbox, {{S::pending, 3}, {S::sent, 5}, {S::failed, 3}, {S::dead, 1}, {S::skipped, 4}}, "collapsed");
}

// Schema version 5 counted state changes with a trigger. Version 6 drops it
// and counts the rows again, so a file whose counts were wrong (changed by
// hand while the trigger was missing) is exact after the migration, and
// stays exact without the trigger.
TEST_F(OutboxCounts, MigrationFromTriggersRecountsAndDropsThem) {
  using S = OutboxState;
  {
    RawDatabase raw(file());
    std::string steps = "BEGIN;";
    for (std::size_t i = 0; i < 5; ++i) {
      steps += std::string(outbox_migrations()[i]);
    }
    steps += " PRAGMA user_version = 5; COMMIT;";
    ASSERT_EQ(raw.exec(steps), SQLITE_OK) << raw.last_error();
    const char* states[] = {"sent", "sending", "pending", "failed", "pending"};
    int i = 0;
    for (const char* state : states) {
      ASSERT_EQ(raw.exec("INSERT INTO reminders (key, obligation, plan, task, occurrence, unit, role, stage, channel,"
                         " recipient, due, stage_order, send_at, fingerprint, state, updated_at) VALUES ('k" +
                         std::to_string(i) + "', 'o" + std::to_string(i) +
                         "', 'p', '1', '2022-03-31', 'vp', 'lead', 'due', 'email', 'vp" + std::to_string(i) +
                         "@example.vn', '2022-03-31', 0, 1648688400, 'fp', '" + state + "', 1648688400)"),
                SQLITE_OK)
          << raw.last_error();
      ++i;
    }
    // Counts that drifted: a state changed with the trigger gone.
    ASSERT_EQ(raw.exec("UPDATE outbox_counts SET rows = rows + 7 WHERE state = 'dead'"), SQLITE_OK);
  }
  Outbox outbox = open_outbox(file());
  EXPECT_EQ(RawDatabase(file()).integer("SELECT COUNT(*) FROM sqlite_master WHERE name = 'outbox_counts_update'"), 0);
  EXPECT_EQ(RawDatabase(file()).integer("PRAGMA user_version"), Outbox::schema_version());
  expect_counts(outbox, {{S::sent, 1}, {S::sending, 1}, {S::pending, 2}, {S::failed, 1}}, "migrated");
  EXPECT_EQ(value_of(outbox.requeue_in_flight(1648688400)), 1u);
  // The pending rows and the failed one (its retry time, 0, has passed).
  EXPECT_EQ(value_of(claim_due(outbox, 1648688400, 10)).size(), 4u);
  expect_counts(outbox, {{S::sent, 1}, {S::sending, 4}}, "after a requeue and claims");
}

}  // namespace
}  // namespace deadlined::outbox_test
