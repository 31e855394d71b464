// Reloads planned aside and written in chunks, and a start's progress
// (DispatcherFlow, dispatcher_fixture.hpp).
#include <algorithm>
#include <string>
#include <vector>

#include "outbox/outbox_test_support.hpp"
#include "service/dispatcher_fixture.hpp"

namespace deadlined::dispatcher_test {
namespace {

TEST_F(DispatcherFlow, ReloadSkipsRemovedTasksAndPastStagesAndNeverResends) {
  start(snapshot(k_plan_a), at(3, 1));
  ASSERT_EQ(run(at(3, 17)).size(), 1u);

  // Task 2 removed; task 3 added, due Fri 25/03: its before-10 (11/03) and
  // before-5 (18/03) are already past at the reload on 20/03.
  const std::string plan_b = task("1", "2022-03-31", "vp", "stp") + task("3", "2022-03-25", "vp");
  const Instant reload_at = at(3, 20, 9);
  ReconcileResult result = must(m_dispatcher->reload(snapshot(plan_b), reload_at));
  EXPECT_EQ(result.inserted, 7u);
  EXPECT_EQ(result.skipped, 8u);    // 6 open stages of task 2 + 2 late stages of task 3
  EXPECT_EQ(result.unchanged, 8u);  // task 1
  EXPECT_EQ(result.updated, 0u);
  EXPECT_EQ(row(key("2", "vp", "before-10")).state, OutboxState::sent);
  EXPECT_EQ(row(key("2", "vp", "before-5")).skip_reason, k_skip_task_removed);
  EXPECT_EQ(row(key("2", "vp", "overdue-3")).skip_reason, k_skip_task_removed);
  for (const auto& stage : {"before-10", "before-5"}) {
    ReminderRow late = row(key("3", "vp", stage, "2022-03-25"));
    EXPECT_EQ(late.state, OutboxState::skipped) << stage;
    EXPECT_EQ(late.skip_reason, k_skip_late_change) << stage;
  }
  EXPECT_EQ(row(key("3", "vp", "before-1", "2022-03-25")).state, OutboxState::pending);
  EXPECT_TRUE(take(reload_at).empty());  // a reload never fires a stage at once

  auto deliveries = run(at(3, 24));
  ASSERT_EQ(deliveries.size(), 2u);
  ASSERT_NE(to(deliveries, "vp@example.vn"), nullptr);
  EXPECT_EQ(to(deliveries, "vp@example.vn")->keys,
            sorted({key("1", "vp", "before-5"), key("3", "vp", "before-1", "2022-03-25")}));
  EXPECT_EQ(m_transport.times_delivered(key("1", "vp", "before-10")), 1u);
  EXPECT_EQ(m_transport.times_delivered(key("2", "vp", "before-10")), 1u);
  EXPECT_EQ(m_transport.times_delivered(key("3", "vp", "before-10", "2022-03-25")), 0u);
}

TEST_F(DispatcherFlow, AReloadPlannedAsideAndWrittenInChunksMatchesAReloadWithTurnsInBetween) {
  auto old_snapshot = snapshot(k_plan_a);
  start(old_snapshot, at(3, 1));
  ASSERT_EQ(run(at(3, 17)).size(), 1u);
  const std::string plan_b = task("1", "2022-03-31", "vp", "stp") + task("3", "2022-03-25", "vp");
  const Instant reload_at = at(3, 20, 9);
  // The daemon's reload: inputs on the loop thread, planning anywhere, its
  // rows handed over in chunks of 4, a turn of the loop after every chunk.
  const PlanningInputs inputs = must(m_dispatcher->planning_inputs());
  ReloadPlan plan = prepare_reload(snapshot(plan_b), inputs, reload_at);
  const ReloadPlan planning = plan;  // the worker's copy: the snapshot is shared
  auto application = must(m_dispatcher->begin_reload(std::move(plan), reload_at));
  std::size_t chunks = 0;
  std::vector<ReminderRow> chunk;
  const auto write_chunk = [&] {
    must(application->write(chunk));
    chunk.clear();
    ++chunks;
    EXPECT_TRUE(take(reload_at).empty());               // a turn on the same connection, between chunks
    EXPECT_EQ(m_dispatcher->snapshot(), old_snapshot);  // the old one until finish_reload
  };
  EXPECT_TRUE(plan_reload_rows(planning, inputs, [&](ReminderRow&& row) {
    chunk.push_back(std::move(row));
    if (chunk.size() == 4) {
      write_chunk();
    }
    return true;
  }));
  write_chunk();
  EXPECT_EQ(application->rows_written(), 15u);
  EXPECT_EQ(chunks, 4u);
  ReconcileResult result = must(m_dispatcher->finish_reload(*application));
  EXPECT_NE(m_dispatcher->snapshot(), old_snapshot);
  EXPECT_EQ(result.inserted, 7u);
  EXPECT_EQ(result.skipped, 8u);
  EXPECT_EQ(result.unchanged, 8u);
  EXPECT_EQ(row(key("2", "vp", "before-5")).skip_reason, k_skip_task_removed);
  EXPECT_EQ(row(key("3", "vp", "before-10", "2022-03-25")).skip_reason, k_skip_late_change);
  auto deliveries = run(at(3, 24));
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_EQ(to(deliveries, "vp@example.vn")->keys,
            sorted({key("1", "vp", "before-5"), key("3", "vp", "before-1", "2022-03-25")}));
}

TEST_F(DispatcherFlow, AStartReportsEveryStepOfItsPlanningAndARestartEstimatesTheTotal) {
  const auto start_with_progress = [&](std::vector<std::string>& statuses) {
    stop();
    m_outbox = std::make_unique<Outbox>(must(Outbox::open(outbox_file())));
    m_dispatcher = std::make_unique<Dispatcher>(*m_outbox, snapshot(k_plan_a), *m_log);
    return must(m_dispatcher->start(
        at(3, 1),
        [&](const std::string& status) {
          statuses.push_back(status);
          return true;
        },
        4));
  };
  std::vector<std::string> first;
  const std::size_t rows = start_with_progress(first).reconcile.inserted;
  ASSERT_GE(rows, 8u);
  std::vector<std::string> expected;
  for (std::size_t step = 4; step <= rows; step += 4) {
    expected.push_back("planning: " + std::to_string(step) + " reminders");  // nothing to estimate from
  }
  const std::string finishing =
      "planned " + std::to_string(rows) + " reminders; dropping what the configuration no longer plans";
  expected.push_back(finishing);
  expected.push_back("catching up on missed reminders");
  EXPECT_EQ(first, expected);

  std::vector<std::string> again;
  EXPECT_EQ(start_with_progress(again).reconcile.unchanged, rows);
  ASSERT_EQ(again.size(), expected.size());
  EXPECT_EQ(again[0], "planning: 4 of ~" + std::to_string(rows) + " reminders");  // what the outbox held
  EXPECT_EQ(again[again.size() - 2], finishing);
}

// A SIGTERM during a long start: the daemon's progress callback answers
// false; the committed step stays, nothing is dropped or caught up, and the
// next start plans the rest.
TEST_F(DispatcherFlow, AStartStoppedAfterAStepKeepsItAndTheNextStartPlansTheRest) {
  const auto open = [&] {
    stop();
    m_outbox = std::make_unique<Outbox>(must(Outbox::open(outbox_file())));
    m_dispatcher = std::make_unique<Dispatcher>(*m_outbox, snapshot(k_plan_a), *m_log);
  };
  open();
  std::vector<std::string> statuses;
  StartReport stopped = must(m_dispatcher->start(
      at(3, 1),
      [&](const std::string& status) {
        statuses.push_back(status);
        return false;
      },
      4));
  EXPECT_TRUE(stopped.stopped);
  EXPECT_EQ(statuses, std::vector<std::string>{"planning: 4 reminders"});
  const auto kept = must(m_outbox->list(std::nullopt));
  EXPECT_EQ(kept.size(), 4u);  // the committed step, no more
  EXPECT_EQ(must(m_outbox->counts())[OutboxState::pending], 4);
  EXPECT_TRUE(
      std::all_of(kept.begin(), kept.end(), [](const ReminderRow& r) { return r.state == OutboxState::pending; }));

  open();
  StartReport finished = must(m_dispatcher->start(
      at(3, 1), [](const std::string&) { return true; }, 4));
  EXPECT_FALSE(finished.stopped);
  EXPECT_EQ(finished.reconcile.unchanged, 4u);
  EXPECT_GE(finished.reconcile.inserted, 4u);
  EXPECT_EQ(finished.reconcile.skipped, 0u);
  EXPECT_EQ(must(m_outbox->list(std::nullopt)).size(), finished.reconcile.unchanged + finished.reconcile.inserted);
}

TEST_F(DispatcherFlow, AReloadStoppedPartWayKeepsItsChunksAndTheOldSnapshot) {
  auto old_snapshot = snapshot(k_plan_a);
  start(old_snapshot, at(3, 1));
  auto [inputs, planning, application] =
      begin_reload_of(task("3", "2022-03-25", "vp") + task("1", "2022-03-31", "vp", "stp"), at(3, 2));
  // The sink refuses the 6th row (a stop): planning ends there.
  std::vector<ReminderRow> handed;
  EXPECT_FALSE(plan_reload_rows(planning, inputs, [&](ReminderRow&& row) {
    if (handed.size() == 5) {
      return false;
    }
    handed.push_back(std::move(row));
    return true;
  }));
  ASSERT_EQ(handed.size(), 5u);
  must(application->write(handed));
  application.reset();  // the daemon stopped: never finished
  EXPECT_EQ(m_dispatcher->snapshot(), old_snapshot);
  for (const auto& written : handed) {
    EXPECT_EQ(written.task, "3");                                            // new rows, planned first
    EXPECT_EQ(row(written.key).state, OutboxState::pending) << written.key;  // inserted and kept
  }
  // Nothing the old config planned was dropped: only finish() skips.
  EXPECT_EQ(row(key("2", "vp", "before-5")).state, OutboxState::pending);
}

using outbox_test::RefusedWrites;

TEST_F(DispatcherFlow, AReloadChunkTheOutboxRefusedRollsBackAtOnceSoTurnsGoOn) {
  start(snapshot(k_plan_a), at(3, 1));
  auto [inputs, planning, application] =
      begin_reload_of(task("3", "2022-03-25", "vp") + task("1", "2022-03-31", "vp", "stp"), at(3, 2));
  std::vector<ReminderRow> rows;
  ASSERT_TRUE(plan_reload_rows(planning, inputs, [&](ReminderRow&& row) {
    rows.push_back(std::move(row));
    return true;
  }));
  {
    const RefusedWrites refused(outbox_file(), "INSERT");
    auto written = application->write(rows);
    ASSERT_FALSE(written);
    EXPECT_NE(written.error().find("database or disk is full"), std::string::npos) << written.error();
  }
  // The application is still held (the daemon reports the failure a turn
  // later), and the loop's turns must be able to begin their transactions.
  auto batch = m_outbox->begin_batch();
  ASSERT_TRUE(batch) << batch.error();
  EXPECT_TRUE(batch->commit());
  EXPECT_EQ(row(key("2", "vp", "before-5")).state, OutboxState::pending);
  EXPECT_FALSE(m_outbox->find(key("3", "vp", "before-5", "2022-03-25")).value().has_value());
}

TEST_F(DispatcherFlow, ANewOccurrenceTheOutboxRefusedIsPlannedAtTheNextTry) {
  const std::string plan = k_plan_a + k_on_demand_task;
  const Instant now = at(3, 1);
  start(snapshot(plan), now);
  ASSERT_TRUE(must(m_outbox->add_trigger(TriggerRow{"p", "od", "2022-03-18", "Công văn 1", seconds_of(now)})));
  ASSERT_TRUE(must(m_dispatcher->triggers_changed()));
  {
    const RefusedWrites refused(outbox_file(), "INSERT");
    EXPECT_FALSE(m_dispatcher->replan(now));
  }
  // Not taken for planned: the next wake finds the occurrence still new.
  EXPECT_TRUE(must(m_dispatcher->triggers_changed()));
  EXPECT_EQ(must(m_dispatcher->replan(now)).inserted, 7u);
  EXPECT_FALSE(must(m_dispatcher->triggers_changed()));
}

// Claimed and never started (a stop, a reload), refused by the outbox: kept,
// and given back with the next call, not left "sending" until a restart.
TEST_F(DispatcherFlow, AReleaseTheOutboxRefusedIsGivenBackWithTheNextCall) {
  start(snapshot(k_plan_a), at(3, 1));
  const Instant now = at(3, 17);
  auto claimed = take(now);
  ASSERT_EQ(claimed.size(), 1u);
  const std::string row_key = key("1", "vp", "before-10");
  {
    const RefusedWrites refused(outbox_file(), "UPDATE OF state");
    auto released = m_dispatcher->release({&claimed[0]}, now, "released unsent: the configuration was reloaded");
    ASSERT_FALSE(released);
    EXPECT_NE(released.error().find("database or disk is full"), std::string::npos) << released.error();
    EXPECT_EQ(m_dispatcher->unreleased(), 2u);
    EXPECT_EQ(row(row_key).state, OutboxState::sending);
    EXPECT_FALSE(m_dispatcher->release({}, now, {}));  // still refused: still kept
    EXPECT_EQ(m_dispatcher->unreleased(), 2u);
  }
  EXPECT_EQ(must(m_dispatcher->release({}, now + std::chrono::seconds{5}, {})), 2u);
  EXPECT_EQ(m_dispatcher->unreleased(), 0u);
  EXPECT_EQ(row(row_key).state, OutboxState::pending);
  EXPECT_EQ(must(m_outbox->events(row_key)).back().detail, "released unsent: the configuration was reloaded");
  auto again = run(now + std::chrono::seconds{5});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].idempotency_key, claimed[0].idempotency_key);
  EXPECT_EQ(m_transport.calls().size(), 1u);
}

TEST_F(DispatcherFlow, AReloadTakesTheNewRetrySettings) {
  start(snapshot(k_plan_a), at(3, 1));
  // One failed attempt at 17/03 08:00; with retry_base = 600 s the next is
  // about ten minutes later (± the 20 % jitter), not the default minute.
  auto reloaded = snapshot(k_plan_a);
  auto changed = std::make_shared<Snapshot>(*reloaded);
  changed->config.delivery.retry_base_s = 600;
  must(m_dispatcher->reload(changed, at(3, 2)));
  m_transport.then(Kind::transient, "connection refused");
  const Instant sent_at = at(3, 17);
  ASSERT_EQ(run(sent_at).size(), 1u);
  const ReminderRow failed = row(key("1", "vp", "before-10"));
  ASSERT_EQ(failed.state, OutboxState::failed);
  EXPECT_GE(failed.next_attempt_at, seconds_of(sent_at) + 480);
  EXPECT_LE(failed.next_attempt_at, seconds_of(sent_at) + 720);
}

TEST_F(DispatcherFlow, ReloadOfTheSameConfigChangesNothingAndResendsNothing) {
  start(snapshot(k_plan_a), at(3, 1));
  ASSERT_EQ(run(at(3, 17)).size(), 1u);
  ReconcileResult result = must(m_dispatcher->reload(snapshot(k_plan_a), at(3, 17, 12)));
  EXPECT_EQ(result, (ReconcileResult{0, 0, 0, 0, 15}));
  EXPECT_TRUE(take(at(3, 17, 12)).empty());
  EXPECT_EQ(m_transport.calls().size(), 1u);
}

TEST_F(DispatcherFlow, ReloadRestoringARemovedTaskRevivesOnlyItsFutureStages) {
  start(snapshot(k_plan_a), at(3, 1));
  const std::string plan_without_2 = task("1", "2022-03-31", "vp", "stp");
  must(m_dispatcher->reload(snapshot(plan_without_2), at(3, 10)));
  ASSERT_EQ(row(key("2", "vp", "before-10")).skip_reason, k_skip_task_removed);
  ReconcileResult result = must(m_dispatcher->reload(snapshot(k_plan_a), at(3, 20)));
  EXPECT_EQ(result.revived, 7u);
  EXPECT_EQ(result.skipped, 1u);  // before-10 of 17/03, revived after its send time
  EXPECT_EQ(row(key("2", "vp", "before-10")).skip_reason, k_skip_late_change);
  EXPECT_EQ(row(key("2", "vp", "before-5")).state, OutboxState::pending);
  // Only task 1's before-10, pending since 17/03 and never touched, is due.
  auto deliveries = take(at(3, 20));
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].keys, std::vector<std::string>{key("1", "vp", "before-10")});
}

}  // namespace
}  // namespace deadlined::dispatcher_test
