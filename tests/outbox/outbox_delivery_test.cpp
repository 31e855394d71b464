// The delivery path: claim, mark, retry, crash recovery, catch-up after
// downtime, and the read-only views (next_due, counts, list, events).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "outbox/outbox.hpp"
#include "outbox/retry.hpp"
#include "outbox_test_support.hpp"

namespace deadlined::outbox_test {
namespace {

class OutboxDelivery : public ::testing::Test {
 protected:
  TempDir m_dir;
  Outbox m_outbox = open_outbox(m_dir.path() / "outbox.sqlite3");

  ReminderRow row(std::string_view key) { return value_of(m_outbox.find(key)).value(); }

  std::vector<std::pair<std::optional<OutboxState>, OutboxState>> transitions(std::string_view key) {
    std::vector<std::pair<std::optional<OutboxState>, OutboxState>> result;
    for (const auto& event : value_of(m_outbox.events(key))) {
      EXPECT_EQ(event.key, key);
      result.emplace_back(event.from, event.to);
    }
    return result;
  }
};

std::vector<std::string> keys_of(const std::vector<ReminderRow>& rows) {
  std::vector<std::string> keys;
  for (const auto& row : rows) {
    keys.push_back(row.key);
  }
  return keys;
}

TEST_F(OutboxDelivery, ClaimTakesDueRowsInSendOrderThenMarkSent) {
  // One recipient each: a limit never takes more than it says.
  const auto late = planned("p", "1", "due", 2, k_t0 + 50, "a@stp.example.vn");
  const auto early = planned("p", "2", "due", 1, k_t0 + 10, "b@stp.example.vn");
  const auto tie = planned("p", "3", "due", 1, k_t0 + 10, "c@stp.example.vn");  // same send_at: in planning order
  const auto future = planned("p", "4", "due", 1, k_t0 + k_day, "d@stp.example.vn");
  value_of(m_outbox.reconcile({late, early, tie, future}, k_t0));

  EXPECT_TRUE(value_of(claim_due(m_outbox, k_t0 + 9, 10)).empty());
  EXPECT_TRUE(value_of(claim_due(m_outbox, k_t0 + 100, 0)).empty());
  const auto first = value_of(claim_due(m_outbox, k_t0 + 100, 2));
  EXPECT_EQ(keys_of(first), (std::vector<std::string>{early.key, tie.key}));
  for (const auto& claimed : first) {
    EXPECT_EQ(claimed.state, OutboxState::sending);
    EXPECT_EQ(claimed.attempts, 1);
    EXPECT_EQ(claimed.updated_at, k_t0 + 100);
    EXPECT_EQ(claimed, row(claimed.key));  // what is returned is what is stored
  }
  const auto second = value_of(claim_due(m_outbox, k_t0 + 100, 10));
  EXPECT_EQ(keys_of(second), (std::vector<std::string>{late.key}));  // claimed rows are not claimed twice

  EXPECT_EQ(value_of(m_outbox.mark_sent(keys_of(first), k_t0 + 101)), 2U);
  EXPECT_EQ(row(early.key).state, OutboxState::sent);
  EXPECT_EQ(row(early.key).sent_at, k_t0 + 101);
  EXPECT_TRUE(value_of(claim_due(m_outbox, k_t0 + 1000, 10)).empty());
  EXPECT_EQ(keys_of(value_of(claim_due(m_outbox, k_t0 + k_day, 10))), (std::vector<std::string>{future.key}));
}

// A burst larger than one read: the limit never splits a recipient's rows
// between two reads (which would send two digests in one slot).
TEST_F(OutboxDelivery, LimitTakesEveryDueRowOfTheRecipientsItReaches) {
  const auto first_a = planned("p", "1", "due", 1, k_t0, "a@stp.example.vn");
  const auto first_b = planned("p", "2", "due", 1, k_t0 + 1, "b@stp.example.vn");
  const auto later_a = planned("p", "3", "due", 1, k_t0 + 2, "a@stp.example.vn");
  const auto later_b = planned("p", "4", "due", 1, k_t0 + 3, "b@stp.example.vn");
  const auto only_c = planned("p", "5", "due", 1, k_t0 + 4, "c@stp.example.vn");
  const auto future_a = planned("p", "6", "due", 1, k_t0 + k_day, "a@stp.example.vn");
  value_of(m_outbox.reconcile({first_a, first_b, later_a, later_b, only_c, future_a}, k_t0 - 10));

  auto read = keys_of(value_of(m_outbox.due(k_t0 + 100, 1)));
  EXPECT_EQ(read, (std::vector<std::string>{first_a.key, later_a.key})) << "all of a's due rows, not a's future one";
  const auto claimed = value_of(claim_due(m_outbox, k_t0 + 100, 2));
  std::set<std::string> keys;
  for (const auto& row : claimed) {
    keys.insert(row.key);
  }
  EXPECT_EQ(keys, (std::set<std::string>{first_a.key, first_b.key, later_a.key, later_b.key}));
  EXPECT_EQ(keys_of(value_of(claim_due(m_outbox, k_t0 + 100, 2))), (std::vector<std::string>{only_c.key}));
  EXPECT_EQ(row(future_a.key).state, OutboxState::pending);
}

// Retries and first attempts come in one send order; a limit counts both.
TEST_F(OutboxDelivery, DueMergesRetriesWithPendingRowsInSendOrder) {
  const auto retried = planned("p", "1", "due", 1, k_t0 + 10, "a@stp.example.vn");
  const auto second = planned("p", "2", "due", 1, k_t0 + 20, "b@stp.example.vn");
  const auto third = planned("p", "3", "due", 1, k_t0 + 30, "c@stp.example.vn");
  value_of(m_outbox.reconcile({third, second, retried}, k_t0));  // planned in another order
  EXPECT_EQ(keys_of(value_of(claim_due(m_outbox, k_t0 + 15, 10))), (std::vector<std::string>{retried.key}));
  EXPECT_EQ(value_of(m_outbox.mark_failed({retried.key}, k_t0 + 16, "451 try later", k_t0 + 40)), 1U);

  EXPECT_EQ(keys_of(value_of(m_outbox.due(k_t0 + 35, 10))), (std::vector<std::string>{second.key, third.key}))
      << "the failed row waits for its retry";
  EXPECT_EQ(keys_of(value_of(m_outbox.due(k_t0 + 50, 10))),
            (std::vector<std::string>{retried.key, second.key, third.key}));
  EXPECT_EQ(keys_of(value_of(m_outbox.due(k_t0 + 50, 1))), (std::vector<std::string>{retried.key}));
  EXPECT_EQ(keys_of(value_of(m_outbox.due(k_t0 + 50, 2))), (std::vector<std::string>{retried.key, second.key}));
}

// The event loop reads a large burst a page at a time, claiming each page
// before reading the next: every due row comes exactly once, and all of a
// recipient's rows come in the same page, wherever they are in send order.
TEST_F(OutboxDelivery, PagesOfABurstReadEveryRowOnceWithTheirRecipients) {
  std::vector<ReminderRow> rows;
  for (int i = 0; i < 12; ++i) {
    // Recipient r0 has rows 0, 4, 8; r1 has 1, 5, 9; ... (r3 only 3, 7, 11).
    rows.push_back(
        planned("p", std::to_string(100 + i), "due", 1, k_t0 + i, "r" + std::to_string(i % 4) + "@stp.example.vn"));
  }
  // A retried row of r2 joins its recipient's page.
  rows.push_back(planned("p", "200", "due", 1, k_t0 - 100, "r2@stp.example.vn"));
  value_of(m_outbox.reconcile(rows, k_t0 - 200));
  ASSERT_EQ(value_of(claim_due(m_outbox, k_t0 - 100, 1)).size(), 1U);
  ASSERT_EQ(value_of(m_outbox.mark_failed({rows.back().key}, k_t0 - 99, "451", k_t0 - 50)), 1U);

  std::map<std::string, int> seen;
  std::map<std::string, int> page_of_recipient;
  std::vector<std::size_t> page_sizes;
  for (int page = 0; page < 20; ++page) {
    const auto read = value_of(m_outbox.due(k_t0 + 100, 2));
    if (read.empty()) {
      break;
    }
    page_sizes.push_back(read.size());
    for (const auto& row : read) {
      ++seen[row.key];
      auto [it, inserted] = page_of_recipient.emplace(row.recipient, page);
      EXPECT_EQ(it->second, page) << row.recipient << " split between pages";
      EXPECT_TRUE(value_of(claim_keys(m_outbox, {row.key}, k_t0 + 100)));
    }
  }
  EXPECT_EQ(seen.size(), rows.size());
  for (const auto& [key, times] : seen) {
    EXPECT_EQ(times, 1) << key;
  }
  EXPECT_EQ(page_of_recipient.size(), 4U);
  // Page 1: the retry (r2) and row 0 (r0), with the rest of r2 and r0;
  // page 2: rows 1 (r1) and 3 (r3) with the rest of theirs.
  EXPECT_EQ(page_sizes, (std::vector<std::size_t>{7, 6}));
}

// A row acknowledged (skipped) after it was read is not claimed from the
// stale read.
TEST_F(OutboxDelivery, ClaimSeenRefusesARowThatIsNoLongerPendingOrFailed) {
  const auto reminder = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({reminder}, k_t0 - 10));
  const auto read = value_of(m_outbox.due(k_t0, 10));
  ASSERT_EQ(read.size(), 1U);
  value_of(m_outbox.reconcile({}, k_t0));  // no longer planned: skipped
  ASSERT_EQ(row(reminder.key).state, OutboxState::skipped);
  const std::vector<std::vector<Outbox::SeenRow>> as_skipped{{{reminder.key, OutboxState::skipped, 0}}};
  EXPECT_EQ(value_of(m_outbox.claim_seen(as_skipped, k_t0)), std::vector<bool>{false});
  const std::vector<std::vector<Outbox::SeenRow>> as_read{{{reminder.key, read.front().state, read.front().attempts}}};
  EXPECT_EQ(value_of(m_outbox.claim_seen(as_read, k_t0)), std::vector<bool>{false});
  EXPECT_EQ(row(reminder.key).state, OutboxState::skipped);
}

TEST_F(OutboxDelivery, MarksApplyOnlyToSendingRows) {
  const auto reminder = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({reminder}, k_t0 - 10));
  EXPECT_EQ(value_of(m_outbox.mark_sent({reminder.key}, k_t0)), 0U);  // still pending
  EXPECT_EQ(value_of(m_outbox.mark_sent({"no/such/key"}, k_t0)), 0U);
  EXPECT_EQ(row(reminder.key).state, OutboxState::pending);

  value_of(claim_due(m_outbox, k_t0, 10));
  EXPECT_EQ(value_of(m_outbox.mark_sent({reminder.key, reminder.key}, k_t0 + 1)), 1U);
  EXPECT_EQ(value_of(m_outbox.mark_failed({reminder.key}, k_t0 + 2, "late error", k_t0 + 60)), 0U);
  EXPECT_EQ(value_of(m_outbox.mark_dead({reminder.key}, k_t0 + 3, "late error")), 0U);
  EXPECT_EQ(row(reminder.key).state, OutboxState::sent);
  EXPECT_EQ(transitions(reminder.key).size(), 2U);  // planned, sent: no events for the ignored marks
}

TEST_F(OutboxDelivery, CrashWhileSendingIsRequeuedAndClaimedAgain) {
  const auto file = m_outbox.path();
  const auto reminder = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({reminder}, k_t0 - 10));
  ASSERT_EQ(value_of(claim_due(m_outbox, k_t0, 10)).size(), 1U);
  // Crash: the process dies after delivering, before mark_sent.
  m_outbox = open_outbox(file);
  EXPECT_TRUE(value_of(claim_due(m_outbox, k_t0 + 60, 10)).empty());  // sending is not due
  EXPECT_EQ(value_of(m_outbox.requeue_in_flight(k_t0 + 60)), 1U);
  EXPECT_EQ(row(reminder.key).state, OutboxState::pending);
  EXPECT_EQ(value_of(m_outbox.requeue_in_flight(k_t0 + 61)), 0U);

  const auto again = value_of(claim_due(m_outbox, k_t0 + 62, 10));
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(again[0].attempts, 1) << "the attempt cut by the crash is not counted";
  const auto events = value_of(m_outbox.events(reminder.key));
  ASSERT_EQ(events.size(), 2U);  // planned, requeued (claims are counted on the row)
  EXPECT_EQ(events[1].from, OutboxState::sending);
  EXPECT_EQ(events[1].to, OutboxState::pending);
  EXPECT_NE(events[1].detail.find("possible duplicate"), std::string::npos);

  // A retry interrupted by a crash goes back to failed, due at once, with
  // only the real failed transfer counted.
  EXPECT_EQ(value_of(m_outbox.mark_failed({reminder.key}, k_t0 + 63, "connection refused", k_t0 + 90)), 1U);
  ASSERT_EQ(value_of(claim_due(m_outbox, k_t0 + 90, 10)).size(), 1U);
  m_outbox = open_outbox(file);
  EXPECT_EQ(value_of(m_outbox.requeue_in_flight(k_t0 + 100)), 1U);
  const ReminderRow stored = row(reminder.key);
  EXPECT_EQ(stored.state, OutboxState::failed);
  EXPECT_EQ(stored.attempts, 1);
  EXPECT_LE(stored.next_attempt_at, k_t0 + 100);
  EXPECT_EQ(value_of(claim_due(m_outbox, k_t0 + 100, 10)).size(), 1U);
}

// A crash loop (claim, die, requeue) never uses up attempts: after any number
// of crashes the row is still a first attempt, due at once.
TEST_F(OutboxDelivery, CrashLoopDoesNotConsumeAttempts) {
  const auto file = m_outbox.path();
  const auto reminder = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({reminder}, k_t0 - 10));
  for (int crash = 0; crash < 20; ++crash) {
    const auto claimed = value_of(claim_due(m_outbox, k_t0 + crash, 10));
    ASSERT_EQ(claimed.size(), 1U) << "crash " << crash;
    EXPECT_EQ(claimed[0].attempts, 1) << "crash " << crash;
    m_outbox = open_outbox(file);
    ASSERT_EQ(value_of(m_outbox.requeue_in_flight(k_t0 + crash)), 1U);
  }
  const ReminderRow stored = row(reminder.key);
  EXPECT_EQ(stored.state, OutboxState::pending);
  EXPECT_EQ(stored.attempts, 0);
}

TEST_F(OutboxDelivery, FailedRowIsRetriedWithBackoff) {
  const auto reminder = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({reminder}, k_t0 - 10));
  const RetrySettings settings;
  std::int64_t now = k_t0;
  std::int64_t previous_delay = 0;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    const auto claimed = value_of(claim_due(m_outbox, now, 10));
    ASSERT_EQ(claimed.size(), 1U) << "attempt " << attempt;
    ASSERT_EQ(claimed[0].attempts, attempt);
    const std::int64_t retry_at = next_attempt_at(claimed[0].attempts, now, reminder.key, settings);
    EXPECT_EQ(value_of(m_outbox.mark_failed({reminder.key}, now, "connection refused", retry_at)), 1U);
    const std::int64_t delay = retry_at - now;
    EXPECT_GT(delay, previous_delay);  // factor 2 outgrows +-20% jitter
    previous_delay = delay;
    EXPECT_EQ(value_of(m_outbox.next_due()), retry_at);
    EXPECT_TRUE(value_of(claim_due(m_outbox, retry_at - 1, 10)).empty());
    now = retry_at;
  }
  const ReminderRow stored = row(reminder.key);
  EXPECT_EQ(stored.state, OutboxState::failed);
  EXPECT_EQ(stored.last_error, "connection refused");
  EXPECT_EQ(stored.attempts, 5);
  const auto events = value_of(m_outbox.events(reminder.key));
  EXPECT_EQ(events.back().detail, "connection refused (retry at " + std::to_string(now) + ")");
}

TEST_F(OutboxDelivery, DeadRowsAreNeverClaimed) {
  const auto reminder = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({reminder}, k_t0 - 10));
  value_of(claim_due(m_outbox, k_t0, 10));
  EXPECT_EQ(value_of(m_outbox.mark_dead({reminder.key}, k_t0 + 1, "550 mailbox unavailable")), 1U);
  EXPECT_TRUE(value_of(claim_due(m_outbox, k_t0 + 365 * k_day, 10)).empty());
  EXPECT_EQ(value_of(m_outbox.requeue_in_flight(k_t0 + 2)), 0U);
  EXPECT_EQ(value_of(m_outbox.collapse_missed(k_t0 + 365 * k_day, 0)), 0U);
  EXPECT_EQ(value_of(m_outbox.next_due()), std::nullopt);
  EXPECT_EQ(row(reminder.key).state, OutboxState::dead);
  EXPECT_EQ(row(reminder.key).last_error, "550 mailbox unavailable");
}

TEST_F(OutboxDelivery, CatchUpKeepsOnlyTheLatestMissedStage) {
  // Obligation A: four stages; the daemon was down from before-10 until after "due".
  const auto a10 = planned("p", "1", "before-10", 1, k_t0 - 10 * k_day);
  const auto a3 = planned("p", "1", "before-3", 2, k_t0 - 3 * k_day);
  const auto a_due = planned("p", "1", "due", 3, k_t0);
  const auto a_over = planned("p", "1", "overdue-1", 4, k_t0 + k_day);
  // Obligation B (other recipient, same task): only one missed stage.
  const auto b3 = planned("p", "1", "before-3", 2, k_t0 - 3 * k_day, "other@example.vn");
  // Obligation C: a stage that is due but inside the grace period, and a later one not due yet.
  const auto c_due = planned("p", "2", "due", 1, k_t0 + 2 * k_day - 60);
  const auto c_over = planned("p", "2", "overdue-1", 2, k_t0 + 3 * k_day);
  value_of(m_outbox.reconcile({a10, a3, a_due, a_over, b3, c_due, c_over}, k_t0 - 20 * k_day));

  const std::int64_t now = k_t0 + 2 * k_day;  // back up two days after A's due date
  EXPECT_EQ(value_of(m_outbox.collapse_missed(now, 3600)), 3U);
  EXPECT_EQ(row(a10.key).skip_reason, "missed while down");
  EXPECT_EQ(row(a3.key).skip_reason, "missed while down");
  EXPECT_EQ(row(a_due.key).skip_reason, "missed while down");  // overdue-1 is due too and later
  EXPECT_EQ(row(a_over.key).state, OutboxState::pending);
  EXPECT_EQ(row(b3.key).state, OutboxState::pending);
  EXPECT_EQ(row(c_due.key).state, OutboxState::pending);
  EXPECT_EQ(row(c_over.key).state, OutboxState::pending);
  EXPECT_EQ(value_of(m_outbox.collapse_missed(now, 3600)), 0U);  // idempotent

  const auto claimed = value_of(claim_due(m_outbox, now, 10));
  EXPECT_EQ(keys_of(claimed), (std::vector<std::string>{b3.key, a_over.key, c_due.key}));
  EXPECT_EQ(transitions(a3.key),
            (std::vector<std::pair<std::optional<OutboxState>, OutboxState>>{
                {std::nullopt, OutboxState::pending}, {OutboxState::pending, OutboxState::skipped}}));
}

TEST_F(OutboxDelivery, CatchUpIgnoresLaterStagesThatWereSkipped) {
  const auto before = planned("p", "1", "before-3", 1, k_t0 - 3 * k_day);
  const auto due = planned("p", "1", "due", 2, k_t0);
  value_of(m_outbox.reconcile({before, due}, k_t0 - 10 * k_day));
  value_of(m_outbox.reconcile({before}, k_t0 - 9 * k_day));  // the "due" stage was removed from config
  EXPECT_EQ(value_of(m_outbox.collapse_missed(k_t0 + k_day, 3600)), 0U);
  EXPECT_EQ(row(before.key).state, OutboxState::pending);
}

TEST_F(OutboxDelivery, FailedRowIsSupersededByALaterDueStage) {
  const auto before = planned("p", "1", "before-1", 1, k_t0 - k_day);
  const auto due = planned("p", "1", "due", 2, k_t0);
  value_of(m_outbox.reconcile({before, due}, k_t0 - 10 * k_day));
  value_of(claim_due(m_outbox, k_t0 - k_day, 10));
  value_of(m_outbox.mark_failed({before.key}, k_t0 - k_day, "timeout", k_t0 + 600));

  EXPECT_EQ(value_of(m_outbox.collapse_missed(k_t0 - 1, 3600)), 0U);  // "due" is not due yet
  EXPECT_EQ(value_of(m_outbox.collapse_missed(k_t0, 3600)), 1U);
  const ReminderRow stored = row(before.key);
  EXPECT_EQ(stored.state, OutboxState::skipped);
  EXPECT_EQ(stored.skip_reason, "superseded by a later stage");
  EXPECT_EQ(keys_of(value_of(claim_due(m_outbox, k_t0 + 600, 10))), (std::vector<std::string>{due.key}));
}

TEST_F(OutboxDelivery, EveryOutcomeIsAuditedAndEveryAttemptCounted) {
  const auto reminder = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({reminder}, k_t0 - 10));
  value_of(claim_due(m_outbox, k_t0, 10));
  value_of(m_outbox.mark_failed({reminder.key}, k_t0 + 1, "503", k_t0 + 60));
  value_of(claim_due(m_outbox, k_t0 + 60, 10));
  value_of(m_outbox.mark_sent({reminder.key}, k_t0 + 61));

  using S = OutboxState;
  EXPECT_EQ(transitions(reminder.key),
            (std::vector<std::pair<std::optional<S>, S>>{
                {std::nullopt, S::pending}, {S::sending, S::failed}, {S::sending, S::sent}}));
  const auto events = value_of(m_outbox.events(reminder.key));
  EXPECT_EQ(events[1].detail, "503 (retry at " + std::to_string(k_t0 + 60) + ")");
  EXPECT_EQ(events[1].at, k_t0 + 1);
  EXPECT_EQ(events[2].detail, "delivered");
  EXPECT_EQ(events[2].at, k_t0 + 61);
  EXPECT_EQ(row(reminder.key).attempts, 2);
  for (std::size_t i = 1; i < events.size(); ++i) {
    EXPECT_LT(events[i - 1].id, events[i].id);
  }
  EXPECT_TRUE(value_of(m_outbox.events("no/such/key")).empty());
}

// Whether a pending row became due in a window: what lets the dispatcher skip
// the scan for superseded stages when nothing new is due.
TEST_F(OutboxDelivery, PendingDueBetweenLooksAtPendingSendTimesInTheWindow) {
  const auto a = planned("p", "1", "due", 1, k_t0 + 100);
  const auto b = planned("p", "2", "due", 1, k_t0 + 200);
  value_of(m_outbox.reconcile({a, b}, k_t0));
  EXPECT_TRUE(value_of(m_outbox.pending_due_between(k_t0 + 99, k_t0 + 100)));
  EXPECT_FALSE(value_of(m_outbox.pending_due_between(k_t0 + 100, k_t0 + 199))) << "the window excludes its start";
  EXPECT_TRUE(value_of(m_outbox.pending_due_between(k_t0 + 150, k_t0 + 1000)));
  EXPECT_FALSE(value_of(m_outbox.pending_due_between(k_t0 + 200, k_t0 + 1000)));
  value_of(claim_due(m_outbox, k_t0 + 200, 10));  // a, b: sending
  EXPECT_FALSE(value_of(m_outbox.pending_due_between(k_t0, k_t0 + 1000))) << "only pending rows count";
}

TEST_F(OutboxDelivery, NextDueCountsAndList) {
  EXPECT_EQ(value_of(m_outbox.next_due()), std::nullopt);
  const auto a = planned("p", "1", "due", 1, k_t0 + 100);
  const auto b = planned("p", "2", "due", 1, k_t0 + 200);
  const auto c = planned("p", "3", "due", 1, k_t0 + 300);
  const auto d = planned("p", "4", "due", 1, k_t0 + 400);
  value_of(m_outbox.reconcile({d, c, b, a}, k_t0));
  EXPECT_EQ(value_of(m_outbox.next_due()), k_t0 + 100);

  value_of(claim_due(m_outbox, k_t0 + 200, 10));         // a, b
  EXPECT_EQ(value_of(m_outbox.next_due()), k_t0 + 300);  // sending rows are not due
  value_of(m_outbox.mark_failed({a.key}, k_t0 + 201, "503", k_t0 + 250));
  value_of(m_outbox.mark_sent({b.key}, k_t0 + 201));
  EXPECT_EQ(value_of(m_outbox.next_due()), k_t0 + 250);  // a failed retry counts
  value_of(m_outbox.reconcile({a, b, c}, k_t0 + 202));   // d dropped

  const auto counts = value_of(m_outbox.counts());
  EXPECT_EQ(counts, (std::map<OutboxState, std::int64_t>{{OutboxState::pending, 1},
                                                         {OutboxState::sending, 0},
                                                         {OutboxState::sent, 1},
                                                         {OutboxState::failed, 1},
                                                         {OutboxState::dead, 0},
                                                         {OutboxState::skipped, 1}}));
  EXPECT_EQ(keys_of(value_of(m_outbox.list(std::nullopt))), (std::vector<std::string>{a.key, b.key, c.key, d.key}));
  EXPECT_EQ(keys_of(value_of(m_outbox.list(std::nullopt, 2))), (std::vector<std::string>{a.key, b.key}));
  EXPECT_EQ(keys_of(value_of(m_outbox.list(OutboxState::skipped))), (std::vector<std::string>{d.key}));
  EXPECT_TRUE(value_of(m_outbox.list(OutboxState::dead)).empty());
  EXPECT_EQ(value_of(m_outbox.find("no/such/key")), std::nullopt);
}

}  // namespace
}  // namespace deadlined::outbox_test
