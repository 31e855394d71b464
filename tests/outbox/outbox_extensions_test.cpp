// The newer outbox methods: reconcile with a late cutoff (reloads),
// skip_stale (long downtime), on-demand triggers, and the migration of a
// version-1 file to version 2.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <string>
#include <vector>

#include "outbox/outbox.hpp"
#include "outbox/schema.hpp"
#include "outbox_test_support.hpp"

namespace deadlined {
namespace {

using outbox_test::claim_due;
using outbox_test::k_day;
using outbox_test::k_t0;
using outbox_test::open_outbox;
using outbox_test::planned;
using outbox_test::RawDatabase;
using outbox_test::TempDir;
using outbox_test::value_of;

class OutboxExt : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return m_dir.path() / "outbox.sqlite"; }

  Outbox& outbox() {
    if (!m_outbox) {
      m_outbox = std::make_unique<Outbox>(open_outbox(file()));
    }
    return *m_outbox;
  }

  ReminderRow row(const std::string& key) {
    auto found = value_of(outbox().find(key));
    if (!found) {
      ADD_FAILURE() << "no row " << key;
      throw std::runtime_error("no row " + key);
    }
    return *found;
  }

  TempDir m_dir;
  std::unique_ptr<Outbox> m_outbox;
};

TEST_F(OutboxExt, LateCutoffSkipsNewRowsAtOrBeforeTheCutoff) {
  const std::int64_t now = k_t0;
  auto before = planned("p", "1", "before-5", 0, now - k_day);
  auto at_cutoff = planned("p", "1", "before-1", 1, now);
  auto after = planned("p", "1", "due", 2, now + 1);
  ReconcileResult result = value_of(outbox().reconcile({before, at_cutoff, after}, now, now));
  EXPECT_EQ(result.inserted, 3u);
  EXPECT_EQ(result.skipped, 2u);
  EXPECT_EQ(row(before.key).state, OutboxState::skipped);
  EXPECT_EQ(row(before.key).skip_reason, k_skip_late_change);
  EXPECT_EQ(row(at_cutoff.key).state, OutboxState::skipped);
  EXPECT_EQ(row(after.key).state, OutboxState::pending);
  // The insertion is audited, then the skip.
  auto events = value_of(outbox().events(before.key));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].from, std::nullopt);
  EXPECT_EQ(events[0].to, OutboxState::pending);
  EXPECT_EQ(events[1].from, OutboxState::pending);
  EXPECT_EQ(events[1].to, OutboxState::skipped);
  EXPECT_EQ(events[1].detail, k_skip_late_change);
  EXPECT_TRUE(value_of(claim_due(outbox(), now + k_day, 10)).size() == 1u);
}

TEST_F(OutboxExt, LateCutoffLeavesUnchangedRowsAlone) {
  const std::int64_t now = k_t0;
  auto due_now = planned("p", "1", "due", 0, now - 60);
  value_of(outbox().reconcile({due_now}, now - k_day));
  ReconcileResult result = value_of(outbox().reconcile({due_now}, now, now));
  EXPECT_EQ(result, (ReconcileResult{0, 0, 0, 0, 1}));
  EXPECT_EQ(row(due_now.key).state, OutboxState::pending);
  auto claimed = value_of(claim_due(outbox(), now, 10));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].key, due_now.key);
}

TEST_F(OutboxExt, LateCutoffSkipsUpdatedRowsWhoseNewSendTimeHasPassed) {
  const std::int64_t now = k_t0;
  auto original = planned("p", "1", "due", 0, now + k_day);
  auto moved_earlier = planned("p", "1", "due", 0, now - k_day);
  auto content_changed = planned("p", "2", "due", 0, now - 60);
  auto content_changed_new = planned("p", "2", "due", 0, now - 60, "vanthu@stp.example.vn", "fp2");
  auto future_changed = planned("p", "3", "due", 0, now + k_day);
  auto future_changed_new = planned("p", "3", "due", 0, now + k_day, "vanthu@stp.example.vn", "fp2");
  value_of(outbox().reconcile({original, content_changed, future_changed}, now - 2 * k_day));
  ReconcileResult result =
      value_of(outbox().reconcile({moved_earlier, content_changed_new, future_changed_new}, now, now));
  EXPECT_EQ(result.updated, 3u);
  EXPECT_EQ(result.skipped, 2u);
  EXPECT_EQ(row(original.key).state, OutboxState::skipped);
  EXPECT_EQ(row(original.key).skip_reason, k_skip_late_change);
  EXPECT_EQ(row(original.key).send_at, now - k_day);
  EXPECT_EQ(row(content_changed.key).skip_reason, k_skip_late_change);
  EXPECT_EQ(row(future_changed.key).state, OutboxState::pending);
  EXPECT_EQ(row(future_changed.key).fingerprint, "fp2");
}

TEST_F(OutboxExt, LateCutoffSkipsRevivedRowsWhoseSendTimeHasPassed) {
  const std::int64_t now = k_t0;
  auto past = planned("p", "1", "before-1", 0, now - k_day);
  auto future = planned("p", "1", "due", 1, now + k_day);
  auto other = planned("p", "2", "due", 0, now + k_day);
  value_of(outbox().reconcile({past, future, other}, now - 3 * k_day));
  value_of(outbox().reconcile({other}, now - 2 * k_day));  // task 1 removed
  ASSERT_EQ(row(past.key).skip_reason, k_skip_task_removed);
  ReconcileResult result = value_of(outbox().reconcile({past, future, other}, now, now));
  EXPECT_EQ(result.revived, 2u);
  EXPECT_EQ(result.skipped, 1u);
  EXPECT_EQ(result.unchanged, 1u);
  EXPECT_EQ(row(past.key).skip_reason, k_skip_late_change);
  EXPECT_EQ(row(future.key).state, OutboxState::pending);
}

TEST_F(OutboxExt, LateCutoffNeverTouchesSentRows) {
  const std::int64_t now = k_t0;
  auto sent = planned("p", "1", "due", 0, now - k_day);
  value_of(outbox().reconcile({sent}, now - 2 * k_day));
  ASSERT_EQ(value_of(claim_due(outbox(), now - k_day, 10)).size(), 1u);
  ASSERT_EQ(value_of(outbox().mark_sent({sent.key}, now - k_day)), 1u);
  auto changed = planned("p", "1", "due", 0, now - k_day, "vanthu@stp.example.vn", "fp2");
  ReconcileResult result = value_of(outbox().reconcile({changed}, now, now));
  EXPECT_EQ(result, (ReconcileResult{0, 0, 0, 0, 1}));
  EXPECT_EQ(row(sent.key).state, OutboxState::sent);
  EXPECT_EQ(row(sent.key).fingerprint, "fp1");
}

TEST_F(OutboxExt, WithoutLateCutoffPastRowsArePending) {
  const std::int64_t now = k_t0;
  auto past = planned("p", "1", "due", 0, now - k_day);
  ReconcileResult result = value_of(outbox().reconcile({past}, now));
  EXPECT_EQ(result.skipped, 0u);
  EXPECT_EQ(row(past.key).state, OutboxState::pending);
}

TEST_F(OutboxExt, SkipStaleSkipsOnlyPendingRowsStrictlyOlderThanTheLimit) {
  const std::int64_t now = k_t0;
  const std::int64_t limit = now - 3 * k_day;
  auto old = planned("p", "1", "due", 0, limit - 1);
  auto at_limit = planned("p", "2", "due", 0, limit);
  auto recent = planned("p", "3", "due", 0, now - 60);
  auto old_failed = planned("p", "4", "due", 0, limit - k_day);
  auto old_sent = planned("p", "5", "due", 0, limit - k_day);
  value_of(outbox().reconcile({old, at_limit, recent, old_failed, old_sent}, limit - 2 * k_day));
  // Rows 4 and 5 were attempted back then.
  auto claimed = value_of(claim_due(outbox(), limit - k_day, 10));
  ASSERT_EQ(claimed.size(), 2u);
  ASSERT_EQ(value_of(outbox().mark_failed({old_failed.key}, limit - k_day, "timeout", now + 60)), 1u);
  ASSERT_EQ(value_of(outbox().mark_sent({old_sent.key}, limit - k_day)), 1u);

  EXPECT_EQ(value_of(outbox().skip_stale(now, limit)), 1u);
  EXPECT_EQ(row(old.key).state, OutboxState::skipped);
  EXPECT_EQ(row(old.key).skip_reason, k_skip_stale);
  EXPECT_EQ(row(old.key).updated_at, now);
  EXPECT_EQ(row(at_limit.key).state, OutboxState::pending);
  EXPECT_EQ(row(recent.key).state, OutboxState::pending);
  EXPECT_EQ(row(old_failed.key).state, OutboxState::failed);
  EXPECT_EQ(row(old_sent.key).state, OutboxState::sent);
  auto events = value_of(outbox().events(old.key));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().to, OutboxState::skipped);
  EXPECT_EQ(events.back().detail, k_skip_stale);
  // Idempotent: nothing left to skip.
  EXPECT_EQ(value_of(outbox().skip_stale(now, limit)), 0u);
}

TEST_F(OutboxExt, SkippedStaleRowsStaySkippedOnTheNextReconcile) {
  const std::int64_t now = k_t0;
  auto old = planned("p", "1", "due", 0, now - 10 * k_day);
  value_of(outbox().reconcile({old}, now - 11 * k_day));
  ASSERT_EQ(value_of(outbox().skip_stale(now, now - 3 * k_day)), 1u);
  ReconcileResult result = value_of(outbox().reconcile({old}, now));
  EXPECT_EQ(result, (ReconcileResult{0, 0, 0, 0, 1}));
  EXPECT_EQ(row(old.key).skip_reason, k_skip_stale);
}

TEST_F(OutboxExt, AddTriggerIsIdempotent) {
  TriggerRow trigger{"p", "od", "2022-06-15", "Công văn 12", k_t0};
  EXPECT_TRUE(value_of(outbox().add_trigger(trigger)));
  TriggerRow again = trigger;
  again.note = "a different note";
  again.created_at = k_t0 + 100;
  EXPECT_FALSE(value_of(outbox().add_trigger(again)));
  auto stored = value_of(outbox().triggers());
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0], trigger);  // the first one is kept as it was
}

TEST_F(OutboxExt, TriggersAreOrderedByDueThenPlanThenTask) {
  const std::vector<TriggerRow> added = {
      {"q", "a", "2022-07-01", "", k_t0},     {"p", "b", "2022-06-15", "", k_t0 + 1},
      {"p", "a", "2022-06-15", "", k_t0 + 2}, {"a", "z", "2022-06-15", "", k_t0 + 3},
      {"p", "a", "2022-01-31", "", k_t0 + 4},
  };
  for (const auto& trigger : added) {
    ASSERT_TRUE(value_of(outbox().add_trigger(trigger)));
  }
  std::vector<std::string> order;
  for (const auto& trigger : value_of(outbox().triggers())) {
    order.push_back(trigger.due + " " + trigger.plan + "/" + trigger.task);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"2022-01-31 p/a", "2022-06-15 a/z", "2022-06-15 p/a", "2022-06-15 p/b",
                                             "2022-07-01 q/a"}));
}

TEST_F(OutboxExt, TriggersSurviveReopening) {
  ASSERT_TRUE(value_of(outbox().add_trigger({"p", "od", "2022-06-15", "n", k_t0})));
  m_outbox.reset();
  auto stored = value_of(outbox().triggers());
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].note, "n");
  EXPECT_EQ(stored[0].created_at, k_t0);
}

// Version 2 added triggers; later steps (3: acknowledgements) may follow, so
// the migration tests expect the latest version, which is at least 2.
TEST_F(OutboxExt, SchemaVersionIncludesTheTriggersStep) {
  EXPECT_GE(Outbox::schema_version(), 2);
  EXPECT_EQ(outbox_migrations().size(), static_cast<std::size_t>(Outbox::schema_version()));
  EXPECT_NE(outbox_migrations()[1].find("CREATE TABLE triggers"), std::string_view::npos);
}

TEST_F(OutboxExt, VersionOneFileIsMigratedPastTheTriggersStepKeepingItsRows) {
  {
    RawDatabase raw(file());
    const std::string v1(outbox_migrations()[0]);
    ASSERT_EQ(raw.exec("BEGIN; " + v1 + " PRAGMA user_version = 1; COMMIT;"), SQLITE_OK) << raw.last_error();
    ASSERT_EQ(raw.exec("INSERT INTO reminders (key, obligation, plan, task, occurrence, unit, role, stage, channel,"
                       " recipient, due, stage_order, send_at, fingerprint, state, updated_at) VALUES"
                       " ('k1', 'o', 'p', '1', '2022-03-31', 'vp', 'lead', 'due', 'email', 'vp@example.vn',"
                       " '2022-03-31', 0, 1648688400, 'fp', 'sent', 1648688400)"),
              SQLITE_OK)
        << raw.last_error();
    EXPECT_EQ(raw.integer("PRAGMA user_version"), 1);
    EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'triggers'"), 0);
  }
  {
    Outbox migrated = open_outbox(file());
    auto kept = value_of(migrated.find("k1"));
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->state, OutboxState::sent);
    EXPECT_TRUE(value_of(migrated.add_trigger({"p", "od", "2022-06-15", "", k_t0})));
    EXPECT_EQ(value_of(migrated.triggers()).size(), 1u);
  }
  RawDatabase raw(file());
  EXPECT_EQ(raw.integer("PRAGMA user_version"), Outbox::schema_version());
  EXPECT_GE(raw.integer("PRAGMA user_version"), 2);
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'triggers'"), 1);
  EXPECT_EQ(raw.integer("PRAGMA application_id"), k_outbox_application_id);
}

TEST_F(OutboxExt, MigratingTwiceIsANoOp) {
  { open_outbox(file()); }
  { open_outbox(file()); }
  RawDatabase raw(file());
  EXPECT_EQ(raw.integer("PRAGMA user_version"), Outbox::schema_version());
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'triggers'"), 1);
}

}  // namespace
}  // namespace deadlined
