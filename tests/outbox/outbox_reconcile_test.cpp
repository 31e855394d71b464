// reconcile: what a start-up or a config reload does to the stored rows.

#include <gtest/gtest.h>

#include "outbox/outbox.hpp"
#include "outbox_test_support.hpp"

namespace deadlined::outbox_test {
namespace {

class OutboxReconcile : public ::testing::Test {
 protected:
  TempDir m_dir;
  Outbox m_outbox = open_outbox(m_dir.path() / "outbox.sqlite3");

  ReminderRow row(std::string_view key) { return value_of(m_outbox.find(key)).value(); }
};

TEST_F(OutboxReconcile, InsertsNewKeysAsPendingThenIsIdempotent) {
  const std::vector<ReminderRow> plan = {planned("p", "1", "before-3", 1, k_t0),
                                         planned("p", "1", "due", 2, k_t0 + 3 * k_day),
                                         planned("p", "2", "due", 1, k_t0 + k_day)};
  EXPECT_EQ(value_of(m_outbox.reconcile(plan, k_t0 - 10)), (ReconcileResult{.inserted = 3}));
  EXPECT_EQ(value_of(m_outbox.reconcile(plan, k_t0 - 5)), (ReconcileResult{.unchanged = 3}));

  const ReminderRow stored = row(plan[1].key);
  ReminderRow expected = plan[1];
  expected.updated_at = k_t0 - 10;  // the second reconcile changed nothing
  EXPECT_EQ(stored, expected);
  const auto events = value_of(m_outbox.events(plan[1].key));
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].from, std::nullopt);
  EXPECT_EQ(events[0].to, OutboxState::pending);
  EXPECT_EQ(events[0].at, k_t0 - 10);
  EXPECT_EQ(events[0].detail, "planned");
}

TEST_F(OutboxReconcile, UnplannedRowsAreSkippedWithTheRightReason) {
  const auto keep = planned("p", "1", "due", 2, k_t0);
  const auto stage_dropped = planned("p", "1", "before-3", 1, k_t0 - 3 * k_day);           // same task still planned
  const auto recipient_dropped = planned("p", "1", "due", 2, k_t0, "old@stp.example.vn");  // same task
  const auto task_gone = planned("p", "2", "due", 1, k_t0);                                // no row of p/2 left
  value_of(m_outbox.reconcile({keep, stage_dropped, recipient_dropped, task_gone}, k_t0 - 10 * k_day));

  const auto result = value_of(m_outbox.reconcile({keep}, k_t0 - 9 * k_day));
  EXPECT_EQ(result, (ReconcileResult{.skipped = 3, .unchanged = 1}));
  EXPECT_EQ(row(keep.key).state, OutboxState::pending);
  for (const auto* dropped : {&stage_dropped, &recipient_dropped}) {
    const ReminderRow stored = row(dropped->key);
    EXPECT_EQ(stored.state, OutboxState::skipped);
    EXPECT_EQ(stored.skip_reason, "config changed");
    EXPECT_EQ(stored.updated_at, k_t0 - 9 * k_day);
  }
  EXPECT_EQ(row(task_gone.key).state, OutboxState::skipped);
  EXPECT_EQ(row(task_gone.key).skip_reason, "task removed");
  const auto events = value_of(m_outbox.events(task_gone.key));
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[1].from, OutboxState::pending);
  EXPECT_EQ(events[1].to, OutboxState::skipped);
  EXPECT_EQ(events[1].detail, "task removed");

  // Planning nothing at all removes every task.
  const auto other = planned("q", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({other}, k_t0 - 8 * k_day));
  EXPECT_EQ(value_of(m_outbox.reconcile({}, k_t0 - 7 * k_day)), (ReconcileResult{.skipped = 1}));
  EXPECT_EQ(row(other.key).skip_reason, "task removed");
}

TEST_F(OutboxReconcile, ChangedPendingRowIsUpdatedInPlace) {
  const auto original = planned("p", "1", "before-3", 1, k_t0);
  value_of(m_outbox.reconcile({original}, k_t0 - 10 * k_day));

  auto moved = original;  // the deadline moved a day later and the text changed
  moved.send_at = k_t0 + k_day;
  moved.due = "2024-01-01";
  moved.fingerprint = "fp2";
  EXPECT_EQ(value_of(m_outbox.reconcile({moved}, k_t0 - 5 * k_day)), (ReconcileResult{.updated = 1}));
  const ReminderRow stored = row(original.key);
  EXPECT_EQ(stored.state, OutboxState::pending);
  EXPECT_EQ(stored.send_at, k_t0 + k_day);
  EXPECT_EQ(stored.due, "2024-01-01");
  EXPECT_EQ(stored.fingerprint, "fp2");
  const auto events = value_of(m_outbox.events(original.key));
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[1].from, OutboxState::pending);
  EXPECT_EQ(events[1].to, OutboxState::pending);
  EXPECT_EQ(events[1].detail, "replanned: send_at " + std::to_string(k_t0) + " -> " + std::to_string(k_t0 + k_day) +
                                  "; due 2023-12-31 -> 2024-01-01; content changed");
  // Not due at the old time any more.
  EXPECT_TRUE(value_of(claim_due(m_outbox, k_t0, 10)).empty());
  EXPECT_EQ(value_of(claim_due(m_outbox, k_t0 + k_day, 10)).size(), 1U);
}

TEST_F(OutboxReconcile, ChangedFailedRowIsPendingAgainAtTheNewTime) {
  const auto original = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({original}, k_t0 - k_day));
  value_of(claim_due(m_outbox, k_t0, 10));
  value_of(m_outbox.mark_failed({original.key}, k_t0 + 1, "smtp: 451 try later", k_t0 + 60));

  auto moved = original;
  moved.send_at = k_t0 + 7 * k_day;
  EXPECT_EQ(value_of(m_outbox.reconcile({moved}, k_t0 + 2)), (ReconcileResult{.updated = 1}));
  const ReminderRow stored = row(original.key);
  EXPECT_EQ(stored.state, OutboxState::pending);
  EXPECT_EQ(stored.attempts, 1);  // history is kept
  EXPECT_EQ(stored.next_attempt_at, 0);
  EXPECT_EQ(stored.last_error, "smtp: 451 try later");
  EXPECT_TRUE(value_of(claim_due(m_outbox, k_t0 + 60, 10)).empty());  // the old retry is gone
  EXPECT_EQ(value_of(claim_due(m_outbox, k_t0 + 7 * k_day, 10)).size(), 1U);
}

TEST_F(OutboxReconcile, SentRowsAreNeverResentByAReloadOrARestart) {
  const auto file = m_outbox.path();
  auto reminder = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({reminder}, k_t0 - k_day));
  ASSERT_EQ(value_of(claim_due(m_outbox, k_t0, 10)).size(), 1U);
  ASSERT_EQ(value_of(m_outbox.mark_sent({reminder.key}, k_t0 + 1)), 1U);

  // A reload that changes the content and the time: still sent, nothing due.
  reminder.fingerprint = "fp-changed";
  reminder.send_at = k_t0 + k_day;
  EXPECT_EQ(value_of(m_outbox.reconcile({reminder}, k_t0 + 2)), (ReconcileResult{.unchanged = 1}));
  // A reload that drops it: still sent.
  EXPECT_EQ(value_of(m_outbox.reconcile({}, k_t0 + 3)), (ReconcileResult{}));
  EXPECT_EQ(row(reminder.key).state, OutboxState::sent);

  // A restart: the daemon's start-up sequence, then the delivery loop.
  m_outbox = open_outbox(file);
  EXPECT_EQ(value_of(m_outbox.requeue_in_flight(k_t0 + 100)), 0U);
  EXPECT_EQ(value_of(m_outbox.reconcile({reminder}, k_t0 + 100)), (ReconcileResult{.unchanged = 1}));
  EXPECT_EQ(value_of(m_outbox.collapse_missed(k_t0 + 100, 3600)), 0U);
  EXPECT_TRUE(value_of(claim_due(m_outbox, k_t0 + 30 * k_day, 10)).empty());
  EXPECT_EQ(value_of(m_outbox.next_due()), std::nullopt);
  const ReminderRow stored = row(reminder.key);
  EXPECT_EQ(stored.state, OutboxState::sent);
  EXPECT_EQ(stored.fingerprint, "fp1");  // records what was actually sent
  EXPECT_EQ(stored.sent_at, k_t0 + 1);
}

TEST_F(OutboxReconcile, DeadAndSendingRowsAreLeftAlone) {
  const auto dead = planned("p", "1", "due", 1, k_t0);
  const auto in_flight = planned("p", "2", "due", 1, k_t0 + 10);
  value_of(m_outbox.reconcile({dead, in_flight}, k_t0 - k_day));
  value_of(claim_due(m_outbox, k_t0 + 10, 10));
  value_of(m_outbox.mark_dead({dead.key}, k_t0 + 20, "550 no such user"));

  auto changed = in_flight;
  changed.fingerprint = "fp2";
  EXPECT_EQ(value_of(m_outbox.reconcile({dead, changed}, k_t0 + 30)), (ReconcileResult{.unchanged = 2}));
  EXPECT_EQ(value_of(m_outbox.reconcile({}, k_t0 + 40)), (ReconcileResult{}));
  EXPECT_EQ(row(dead.key).state, OutboxState::dead);
  EXPECT_EQ(row(in_flight.key).state, OutboxState::sending);
  EXPECT_EQ(row(in_flight.key).fingerprint, "fp1");
}

TEST_F(OutboxReconcile, RowSkippedByAReloadComesBackWhenPlannedAgain) {
  const auto reminder = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({reminder}, k_t0 - 3 * k_day));
  value_of(m_outbox.reconcile({}, k_t0 - 2 * k_day));  // task removed by mistake
  ASSERT_EQ(row(reminder.key).state, OutboxState::skipped);

  EXPECT_EQ(value_of(m_outbox.reconcile({reminder}, k_t0 - k_day)), (ReconcileResult{.revived = 1}));
  const ReminderRow stored = row(reminder.key);
  EXPECT_EQ(stored.state, OutboxState::pending);
  EXPECT_EQ(stored.skip_reason, "");
  const auto events = value_of(m_outbox.events(reminder.key));
  ASSERT_EQ(events.size(), 3U);
  EXPECT_EQ(events[2].from, OutboxState::skipped);
  EXPECT_EQ(events[2].to, OutboxState::pending);
  EXPECT_EQ(events[2].detail, "planned again");
}

TEST_F(OutboxReconcile, RowSkippedByTheCatchUpStaysSkipped) {
  const auto early = planned("p", "1", "before-3", 1, k_t0 - 3 * k_day);
  const auto due = planned("p", "1", "due", 2, k_t0);
  value_of(m_outbox.reconcile({early, due}, k_t0 - 10 * k_day));
  ASSERT_EQ(value_of(m_outbox.collapse_missed(k_t0, 3600)), 1U);
  EXPECT_EQ(value_of(m_outbox.reconcile({early, due}, k_t0)), (ReconcileResult{.unchanged = 2}));
  EXPECT_EQ(row(early.key).state, OutboxState::skipped);
  EXPECT_EQ(row(early.key).skip_reason, "missed while down");
}

// A start under a clock a year ahead skips every stage as missed; once the
// clock is right again, the stages still ahead are sent after all (those
// truly past stay skipped, as above).
TEST_F(OutboxReconcile, RowsSkippedAsMissedUnderAClockAheadComeBackWhenTheirSendTimeIsAheadAgain) {
  const auto past = planned("p", "1", "before-3", 1, k_t0 - 3 * k_day);
  const auto early = planned("p", "1", "before-1", 2, k_t0 - k_day);
  const auto due = planned("p", "1", "due", 3, k_t0);
  const auto late = planned("p", "1", "overdue-1", 4, k_t0 + k_day);
  value_of(m_outbox.reconcile({past, early, due, late}, k_t0 - 10 * k_day));
  const std::int64_t ahead = k_t0 + 365 * k_day;
  ASSERT_EQ(value_of(m_outbox.collapse_missed(ahead, 0)), 3U);  // overdue-1 is the latest: it stays
  ASSERT_EQ(value_of(m_outbox.skip_stale(ahead, ahead - 3 * k_day)), 1U);
  for (const auto* reminder : {&past, &early, &due, &late}) {
    ASSERT_EQ(row(reminder->key).state, OutboxState::skipped) << reminder->key;
  }

  const std::int64_t right = k_t0 - 2 * k_day;  // the clock set right: before-3 is past, the rest ahead
  EXPECT_EQ(value_of(m_outbox.reconcile({past, early, due, late}, right)),
            (ReconcileResult{.revived = 3, .unchanged = 1}));
  EXPECT_EQ(row(past.key).state, OutboxState::skipped);
  EXPECT_EQ(row(past.key).skip_reason, "missed while down");
  for (const auto* reminder : {&early, &due, &late}) {
    EXPECT_EQ(row(reminder->key).state, OutboxState::pending) << reminder->key;
    EXPECT_EQ(row(reminder->key).send_at, reminder->send_at) << reminder->key;
  }
}

TEST_F(OutboxReconcile, DuplicateOrEmptyKeysChangeNothing) {
  const auto reminder = planned("p", "1", "due", 1, k_t0);
  const auto duplicate = m_outbox.reconcile({reminder, reminder}, k_t0);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error(), m_outbox.path().string() + ": reconcile: key planned twice: " + reminder.key);
  auto empty = reminder;
  empty.key.clear();
  EXPECT_FALSE(m_outbox.reconcile({empty}, k_t0));
  EXPECT_TRUE(value_of(m_outbox.list(std::nullopt)).empty());
}

// A start planning a large config commits in steps: killed part-way (the
// reconciliation dropped without finish), it keeps what it planned, and the
// next start completes it without planning anything twice.
TEST_F(OutboxReconcile, SteppedReconcileKeepsItsProgressWhenInterrupted) {
  std::vector<ReminderRow> rows;
  for (int i = 0; i < 7; ++i) {
    rows.push_back(planned("p", std::to_string(i), "due", 1, k_t0 + i));
  }
  {
    auto interrupted = value_of(m_outbox.begin_reconcile(k_t0 - 10, std::nullopt, 3));
    for (const auto& row : rows) {
      ASSERT_TRUE(interrupted.add(row));
    }
  }  // dropped: the process died before finish()
  const auto file = m_outbox.path();
  m_outbox = open_outbox(file);
  EXPECT_EQ(value_of(m_outbox.list(std::nullopt)).size(), 6U) << "two committed steps of three rows";

  auto resumed = value_of(m_outbox.begin_reconcile(k_t0 - 5, std::nullopt, 3));
  for (const auto& row : rows) {
    ASSERT_TRUE(resumed.add(row));
  }
  const ReconcileResult result = value_of(resumed.finish());
  EXPECT_EQ(result.inserted, 1U);
  EXPECT_EQ(result.unchanged, 6U);
  EXPECT_EQ(value_of(m_outbox.list(OutboxState::pending)).size(), 7U);

  // Unstepped, an interrupted reconcile changes nothing.
  {
    auto atomic = value_of(m_outbox.begin_reconcile(k_t0, std::nullopt));
    ASSERT_TRUE(atomic.add(planned("p", "new", "due", 1, k_t0)));
  }
  EXPECT_EQ(value_of(m_outbox.list(std::nullopt)).size(), 7U);
}

// A start that goes ready before writing the whole year: limit_to() writes
// what can come due before the window's end and leaves the rest to a full
// reconcile, which then agrees with one that never had a window.
TEST_F(OutboxReconcile, AWindowedReconcileBringsUpToDateWhatIsDueBeforeItsEndAndOnlyThat) {
  const std::int64_t end = k_t0 + 2 * k_day;
  const auto near_new = planned("p", "1", "due", 1, k_t0 + k_day);
  const auto far_new = planned("p", "2", "due", 1, k_t0 + 10 * k_day);
  const auto moved_out = planned("p", "3", "due", 1, k_t0 + k_day);      // stored near, now planned far
  const auto far_gone = planned("p", "4", "due", 1, k_t0 + 20 * k_day);  // stored far, no longer planned
  const auto near_gone = planned("p", "5", "due", 1, k_t0 + k_day);      // stored near, no longer planned
  const auto failed_far = planned("p", "6", "due", 1, k_t0 - k_day);     // failed, planned again far
  value_of(m_outbox.reconcile({moved_out, far_gone, near_gone, failed_far}, k_t0 - 100));
  ASSERT_EQ(value_of(claim_keys(m_outbox, {failed_far.key}, k_t0 - 50)), true);
  value_of(m_outbox.mark_failed({failed_far.key}, k_t0 - 50, "timeout", k_t0 + 30 * k_day));

  ReminderRow moved_far = moved_out;
  moved_far.send_at = k_t0 + 5 * k_day;
  ReminderRow failed_later = failed_far;
  failed_later.send_at = k_t0 + 15 * k_day;
  const std::vector<ReminderRow> plan = {near_new, far_new, moved_far, failed_later};
  auto windowed = value_of(m_outbox.begin_reconcile(k_t0, std::nullopt, 100));
  ASSERT_TRUE(windowed.limit_to(end));
  for (const auto& row : plan) {
    ASSERT_TRUE(windowed.add(row));
  }
  EXPECT_EQ(windowed.beyond_window(), 1U);  // far_new: nothing stored for it is due before the end
  const ReconcileResult result = value_of(windowed.finish());
  EXPECT_EQ(result.inserted, 1U);
  EXPECT_EQ(result.updated, 2U);  // moved_out and the failed row, both planned later now
  EXPECT_EQ(result.skipped, 1U);  // near_gone
  EXPECT_EQ(row(near_new.key).state, OutboxState::pending);
  EXPECT_EQ(value_of(m_outbox.find(far_new.key)), std::nullopt) << "written by the full reconcile, not here";
  EXPECT_EQ(row(moved_out.key).send_at, moved_far.send_at) << "not sent at its old time";
  EXPECT_EQ(row(failed_far.key).state, OutboxState::pending);
  EXPECT_EQ(row(failed_far.key).send_at, failed_later.send_at);
  EXPECT_EQ(row(near_gone.key).skip_reason, k_skip_task_removed);
  EXPECT_EQ(row(far_gone.key).state, OutboxState::pending) << "beyond the window: the full reconcile decides";
  // Nothing stored is due before the window's end that the plan does not
  // say: what due() hands out up to it is exactly the near plan.
  std::vector<std::string> due_keys;
  for (const auto& due : value_of(m_outbox.due(end - 1, 100))) {
    due_keys.push_back(due.key);
  }
  EXPECT_EQ(due_keys, std::vector<std::string>{near_new.key});

  // The full reconcile after it: as if there had been no window.
  auto full = value_of(m_outbox.begin_reconcile(k_t0 + 60));
  for (const auto& row : plan) {
    ASSERT_TRUE(full.add(row));
  }
  const ReconcileResult rest = value_of(full.finish());
  EXPECT_EQ(rest, (ReconcileResult{.inserted = 1, .skipped = 1, .unchanged = 3}));
  EXPECT_EQ(row(far_new.key).state, OutboxState::pending);
  EXPECT_EQ(row(far_gone.key).skip_reason, k_skip_task_removed);
}

// Speed is measured by the benchmarks (docs/performance.md), never here; this
// checks that a large reconcile is exact in every direction.
TEST_F(OutboxReconcile, LargeReconcileInsertsKeepsAndSkipsExactly) {
  std::vector<ReminderRow> plan;
  plan.reserve(20'000);
  for (int task = 0; task < 2'000; ++task) {
    for (int stage = 0; stage < 10; ++stage) {
      plan.push_back(planned("plan-2024", "task-" + std::to_string(task), "stage-" + std::to_string(stage), stage,
                             k_t0 + stage * k_day + task));
    }
  }
  EXPECT_EQ(value_of(m_outbox.reconcile(plan, k_t0)).inserted, 20'000U);
  EXPECT_EQ(value_of(m_outbox.reconcile(plan, k_t0)).unchanged, 20'000U);
  plan.resize(10'000);
  EXPECT_EQ(value_of(m_outbox.reconcile(plan, k_t0)).skipped, 10'000U);
  EXPECT_EQ(value_of(m_outbox.counts()).at(OutboxState::pending), 10'000);
  EXPECT_EQ(value_of(m_outbox.counts()).at(OutboxState::skipped), 10'000);
}

}  // namespace
}  // namespace deadlined::outbox_test
