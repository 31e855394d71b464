// The calls the event loop makes once per turn: claim_seen (claims of rows it
// has read), the set form of mark_sent, release (claimed but never sent), and
// a Batch making several of them one transaction.
#include <gtest/gtest.h>

#include "outbox/outbox.hpp"
#include "outbox_test_support.hpp"

namespace deadlined::outbox_test {
namespace {

class OutboxBatch : public ::testing::Test {
 protected:
  TempDir m_dir;
  Outbox m_outbox = open_outbox(m_dir.path() / "outbox.sqlite3");

  ReminderRow row(std::string_view key) { return value_of(m_outbox.find(key)).value(); }

  std::vector<std::string> details(std::string_view key) {
    std::vector<std::string> result;
    for (const auto& event : value_of(m_outbox.events(key))) {
      result.push_back(std::string(to_string(event.from.value_or(OutboxState::pending))) + ">" +
                       std::string(to_string(event.to)) + ":" + event.detail);
    }
    return result;
  }

  static Outbox::SeenRow seen(const ReminderRow& stored) { return {stored.key, stored.state, stored.attempts}; }
};

TEST_F(OutboxBatch, ClaimSeenClaimsRowsStillAsReadAndDueOnly) {
  const auto a = planned("p", "1", "due", 1, k_t0);
  const auto b = planned("p", "2", "due", 1, k_t0);
  const auto later = planned("p", "3", "due", 1, k_t0 + k_day);
  value_of(m_outbox.reconcile({a, b, later}, k_t0 - 10));
  const auto read_a = row(a.key);
  const auto read_b = row(b.key);
  // b is claimed by someone else after it was read: its claim must fail.
  ASSERT_TRUE(value_of(claim_keys(m_outbox, {b.key}, k_t0)));

  const auto claimed = value_of(m_outbox.claim_seen({{seen(read_a)}, {seen(read_b)}, {seen(row(later.key))}}, k_t0));
  EXPECT_EQ(claimed, (std::vector<bool>{true, false, false}));
  EXPECT_EQ(row(a.key).state, OutboxState::sending);
  EXPECT_EQ(row(a.key).attempts, 1);
  EXPECT_EQ(row(b.key).attempts, 1) << "claimed once, by the first claim only";
  EXPECT_EQ(row(later.key).state, OutboxState::pending) << "not due yet";
  // A claim is counted on the row, not audited: its outcome will be.
  EXPECT_EQ(details(a.key), (std::vector<std::string>{"pending>pending:planned"}));
}

TEST_F(OutboxBatch, ClaimSeenTakesASeveralRowDigestWholeOrNotAtAll) {
  const auto a = planned("p", "1", "due", 1, k_t0);
  const auto b = planned("p", "2", "due", 1, k_t0);
  const auto c = planned("p", "3", "due", 1, k_t0);
  const auto d = planned("p", "4", "due", 1, k_t0);
  value_of(m_outbox.reconcile({a, b, c, d}, k_t0 - 10));
  const auto read_c = row(c.key);
  const auto read_d = row(d.key);
  ASSERT_EQ(value_of(m_outbox.mark_sent({}, k_t0)), 0U);
  ASSERT_TRUE(value_of(claim_keys(m_outbox, {d.key}, k_t0)));  // d changed since it was read

  const auto claimed =
      value_of(m_outbox.claim_seen({{seen(row(a.key)), seen(row(b.key))}, {seen(read_c), seen(read_d)}}, k_t0));
  EXPECT_EQ(claimed, (std::vector<bool>{true, false}));
  EXPECT_EQ(row(a.key).state, OutboxState::sending);
  EXPECT_EQ(row(b.key).state, OutboxState::sending);
  EXPECT_EQ(row(c.key).state, OutboxState::pending) << "rolled back with its digest";
  EXPECT_EQ(row(c.key).attempts, 0);
}

TEST_F(OutboxBatch, ClaimSeenRetriesFailedRowsOnlyOnceTheirRetryIsDue) {
  const auto a = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({a}, k_t0 - 10));
  ASSERT_TRUE(value_of(claim_keys(m_outbox, {a.key}, k_t0)));
  ASSERT_EQ(value_of(m_outbox.mark_failed({a.key}, k_t0 + 1, "HTTP 503", k_t0 + 60)), 1U);
  const auto failed = row(a.key);
  EXPECT_EQ(value_of(m_outbox.claim_seen({{seen(failed)}}, k_t0 + 59)), (std::vector<bool>{false}));
  EXPECT_EQ(value_of(m_outbox.claim_seen({{seen(failed)}}, k_t0 + 60)), (std::vector<bool>{true}));
  EXPECT_EQ(row(a.key).attempts, 2);
  EXPECT_EQ(row(a.key).state, OutboxState::sending);
  EXPECT_EQ(details(a.key).back(), "sending>failed:HTTP 503 (retry at " + std::to_string(k_t0 + 60) + ")");
}

TEST_F(OutboxBatch, MarkSentOfManyMovesOnlySendingRowsAndAuditsEach) {
  const auto a = planned("p", "1", "due", 1, k_t0);
  const auto b = planned("p", "2", "due", 1, k_t0);
  const auto c = planned("p", "3", "due", 1, k_t0);
  value_of(m_outbox.reconcile({a, b, c}, k_t0 - 10));
  ASSERT_TRUE(value_of(claim_keys(m_outbox, {a.key}, k_t0)));
  ASSERT_TRUE(value_of(claim_keys(m_outbox, {b.key}, k_t0)));
  EXPECT_EQ(value_of(m_outbox.mark_sent({a.key, b.key, c.key, "unknown"}, k_t0 + 5)), 2U);
  EXPECT_EQ(row(a.key).state, OutboxState::sent);
  EXPECT_EQ(row(a.key).sent_at, k_t0 + 5);
  EXPECT_EQ(row(b.key).state, OutboxState::sent);
  EXPECT_EQ(row(c.key).state, OutboxState::pending) << "never claimed: not sent";
  EXPECT_EQ(details(a.key).back(), "sending>sent:delivered");
  EXPECT_EQ(details(c.key).size(), 1U);
  EXPECT_EQ(value_of(m_outbox.mark_sent({a.key, b.key}, k_t0 + 6)), 0U) << "already sent";
}

TEST_F(OutboxBatch, ReleaseReturnsUnsentClaimsWithoutCountingTheAttempt) {
  const auto first = planned("p", "1", "due", 1, k_t0);
  const auto retry = planned("p", "2", "due", 1, k_t0);
  const auto done = planned("p", "3", "due", 1, k_t0);
  value_of(m_outbox.reconcile({first, retry, done}, k_t0 - 10));
  ASSERT_TRUE(value_of(claim_keys(m_outbox, {retry.key}, k_t0)));
  ASSERT_EQ(value_of(m_outbox.mark_failed({retry.key}, k_t0, "HTTP 503", k_t0 + 30)), 1U);
  ASSERT_TRUE(value_of(claim_keys(m_outbox, {first.key}, k_t0 + 30)));
  ASSERT_TRUE(value_of(claim_keys(m_outbox, {retry.key}, k_t0 + 30)));
  ASSERT_TRUE(value_of(claim_keys(m_outbox, {done.key}, k_t0 + 30)));
  ASSERT_EQ(value_of(m_outbox.mark_sent({done.key}, k_t0 + 31)), 1U);

  EXPECT_EQ(value_of(m_outbox.release({first.key, retry.key, done.key}, k_t0 + 32, "released: stopping")), 2U);
  EXPECT_EQ(row(first.key).state, OutboxState::pending);
  EXPECT_EQ(row(first.key).attempts, 0);
  EXPECT_EQ(row(retry.key).state, OutboxState::failed);
  EXPECT_EQ(row(retry.key).attempts, 1);
  EXPECT_LE(row(retry.key).next_attempt_at, k_t0 + 32) << "still due";
  EXPECT_EQ(row(done.key).state, OutboxState::sent) << "sent rows are never released";
  EXPECT_EQ(details(first.key).back(), "sending>pending:released: stopping");
  EXPECT_EQ(details(retry.key).back(), "sending>failed:released: stopping");
  // Released rows are due again at once.
  EXPECT_EQ(value_of(m_outbox.due(k_t0 + 32, 10)).size(), 2U);
}

// A first attempt requeued after a crash is pending with its unfinished
// attempt not counted; claimed again and released, it is pending again, not a retry.
TEST_F(OutboxBatch, ReleaseRestoresTheStateTheClaimTookTheRowFrom) {
  const auto a = planned("p", "1", "due", 1, k_t0);
  value_of(m_outbox.reconcile({a}, k_t0 - 10));
  ASSERT_TRUE(value_of(claim_keys(m_outbox, {a.key}, k_t0)));
  ASSERT_EQ(value_of(m_outbox.requeue_in_flight(k_t0 + 1)), 1U);  // the process died while sending
  ASSERT_EQ(row(a.key).state, OutboxState::pending);
  ASSERT_EQ(row(a.key).attempts, 0);
  ASSERT_EQ(value_of(m_outbox.claim_seen({{seen(row(a.key))}}, k_t0 + 2)), (std::vector<bool>{true}));
  ASSERT_EQ(row(a.key).attempts, 1);
  EXPECT_EQ(value_of(m_outbox.release({a.key}, k_t0 + 3, "released unsent: the daemon stopped")), 1U);
  EXPECT_EQ(row(a.key).state, OutboxState::pending);
  EXPECT_EQ(row(a.key).attempts, 0);
  EXPECT_EQ(details(a.key).back(), "sending>pending:released unsent: the daemon stopped");
}

// Keys travel through JSON in the set statements; a key that is not valid
// UTF-8 (which JSON would alter) takes the row-by-row path and still works.
TEST_F(OutboxBatch, KeysThatAreNotValidUtf8AreClaimedAndMarkedToo) {
  const auto plain = planned("p", "1", "due", 1, k_t0);
  const auto odd = planned("p", "2", "due", 1, k_t0,
                           "h\xE1\xBB"
                           "a@stp.example.vn");
  value_of(m_outbox.reconcile({plain, odd}, k_t0 - 10));
  EXPECT_EQ(value_of(m_outbox.claim_seen({{seen(row(plain.key))}, {seen(row(odd.key))}}, k_t0)),
            (std::vector<bool>{true, true}));
  EXPECT_EQ(row(odd.key).state, OutboxState::sending);
  EXPECT_EQ(value_of(m_outbox.mark_sent({plain.key, odd.key}, k_t0 + 1)), 2U);
  EXPECT_EQ(row(odd.key).state, OutboxState::sent);
  EXPECT_EQ(details(odd.key).back(), "sending>sent:delivered");
}

// The set statements copy plain keys into their JSON whole and escape the
// rest: a quote, a backslash, a control character and non-ASCII text all
// reach the right rows, with their events.
TEST_F(OutboxBatch, KeysThatNeedEscapingInJsonAreClaimedAndMarked) {
  const auto plain = planned("p", "1", "due", 1, k_t0);
  const auto quoted = planned("p", "2", "due", 1, k_t0, "\"vanthu\"\\x@stp.example.vn");
  const auto control = planned("p", "3", "due", 1, k_t0, "tab\there@stp.example.vn");
  const auto vietnamese = planned("p", "4", "due", 1, k_t0, "văn-thư@stp.example.vn");
  const std::vector<ReminderRow> rows = {plain, quoted, control, vietnamese};
  value_of(m_outbox.reconcile(rows, k_t0 - 10));
  std::vector<ReminderRow> stored;  // the SeenRows point into these
  std::vector<std::string> keys;
  for (const auto& planned_row : rows) {
    stored.push_back(row(planned_row.key));
    keys.push_back(planned_row.key);
  }
  std::vector<std::vector<Outbox::SeenRow>> groups;
  for (const auto& stored_row : stored) {
    groups.push_back({seen(stored_row)});
  }
  EXPECT_EQ(value_of(m_outbox.claim_seen(groups, k_t0)), (std::vector<bool>{true, true, true, true}));
  EXPECT_EQ(value_of(m_outbox.mark_sent(keys, k_t0 + 1)), 4U);
  for (const auto& key : keys) {
    EXPECT_EQ(row(key).state, OutboxState::sent) << key;
    EXPECT_EQ(details(key), (std::vector<std::string>{"pending>pending:planned", "sending>sent:delivered"})) << key;
  }
}

TEST_F(OutboxBatch, BatchCommitsEverythingOrNothing) {
  const auto a = planned("p", "1", "due", 1, k_t0);
  const auto b = planned("p", "2", "due", 1, k_t0);
  value_of(m_outbox.reconcile({a, b}, k_t0 - 10));
  ASSERT_TRUE(value_of(claim_keys(m_outbox, {a.key}, k_t0)));
  {
    auto batch = value_of(m_outbox.begin_batch());
    EXPECT_FALSE(m_outbox.begin_batch()) << "batches do not nest";
    EXPECT_EQ(value_of(m_outbox.mark_sent({a.key}, k_t0 + 1)), 1U);
    EXPECT_EQ(value_of(m_outbox.claim_seen({{seen(row(b.key))}}, k_t0 + 1)), (std::vector<bool>{true}));
    // Not committed: destroying the batch rolls back both.
  }
  EXPECT_EQ(row(a.key).state, OutboxState::sending);
  EXPECT_EQ(row(b.key).state, OutboxState::pending);
  EXPECT_EQ(details(a.key).size(), 1U) << "the outcome's event is rolled back with it";
  {
    auto batch = value_of(m_outbox.begin_batch());
    EXPECT_EQ(value_of(m_outbox.mark_sent({a.key}, k_t0 + 1)), 1U);
    EXPECT_EQ(value_of(m_outbox.claim_seen({{seen(row(b.key))}}, k_t0 + 1)), (std::vector<bool>{true}));
    ASSERT_TRUE(batch.commit());
    EXPECT_FALSE(batch.commit()) << "a batch commits once";
  }
  EXPECT_EQ(row(a.key).state, OutboxState::sent);
  EXPECT_EQ(row(b.key).state, OutboxState::sending);
  // Calls after a batch have their own transactions again.
  EXPECT_EQ(value_of(m_outbox.mark_sent({b.key}, k_t0 + 2)), 1U);
  EXPECT_EQ(row(b.key).state, OutboxState::sent);
}

TEST_F(OutboxBatch, BatchSurvivesReopeningOnlyOnceCommitted) {
  const auto path = m_dir.path() / "other.sqlite3";
  const auto a = planned("p", "1", "due", 1, k_t0);
  {
    Outbox outbox = open_outbox(path);
    value_of(outbox.reconcile({a}, k_t0 - 10));
    auto batch = value_of(outbox.begin_batch());
    EXPECT_EQ(value_of(outbox.claim_seen({{{a.key, OutboxState::pending, 0}}}, k_t0)), (std::vector<bool>{true}));
    ASSERT_TRUE(batch.commit());
  }
  Outbox reopened = open_outbox(path);
  EXPECT_EQ(value_of(reopened.find(a.key)).value().state, OutboxState::sending);
}

}  // namespace
}  // namespace deadlined::outbox_test
