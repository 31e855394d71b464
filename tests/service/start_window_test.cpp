// A start with a ready window (DispatcherFlow, dispatcher_fixture.hpp): the
// rows due within the window are planned first, delivered before the rest is
// planned, and the rest is written afterwards as the daemon writes it (a
// chunk at a time between turns); nothing is handed out past the frontier
// before it is, nothing is lost or sent twice, and a stop part-way keeps what
// is written for the next start to complete.
#include <functional>
#include <algorithm>
#include <string>
#include <vector>

#include "compliance/acks.hpp"
#include "service/dispatcher_fixture.hpp"

namespace deadlined::dispatcher_test {
namespace {

constexpr std::chrono::seconds k_two_days{2 * 86400};

class StartWindow : public DispatcherFlow {
 protected:
  // A new process starting with a ready window of two days.
  StartReport start_windowed(std::shared_ptr<const Snapshot> snapshot, Instant now) {
    stop();
    m_outbox = std::make_unique<Outbox>(must(Outbox::open(outbox_file())));
    m_dispatcher = std::make_unique<Dispatcher>(*m_outbox, std::move(snapshot), *m_log);
    return must(m_dispatcher->start(now, {}, Dispatcher::k_start_step_rows, k_two_days));
  }

  // The daemon's background part: the whole plan, handed over in chunks of
  // `chunk_rows` and written one chunk per transaction with a turn of the
  // loop at `turn_at` after each; `chunks` of them (all when 0), then
  // finish_reload. Returns its result, or nullopt when stopped part-way.
  std::optional<ReconcileResult> plan_rest(Instant now, Instant turn_at, std::size_t chunk_rows, std::size_t chunks = 0,
                                           const std::function<void(std::size_t)>& after_chunk = {}) {
    const PlanningInputs inputs = must(m_dispatcher->planning_inputs());
    ReloadPlan plan = prepare_reload(m_dispatcher->snapshot(), inputs, now);
    const ReloadPlan planning = plan;
    auto application = must(m_dispatcher->begin_rest(std::move(plan), now));
    std::vector<ReminderRow> chunk;
    std::size_t written = 0;
    const auto write = [&] {
      must(application->write(chunk));
      chunk.clear();
      ++written;
      m_between_chunks.push_back(run(turn_at));
      if (after_chunk) {
        after_chunk(written);
      }
    };
    const bool complete = plan_reload_rows(planning, inputs, [&](ReminderRow&& row) {
      chunk.push_back(std::move(row));
      if (chunk.size() == chunk_rows) {
        write();
      }
      return chunks == 0 || written < chunks;
    });
    if (!complete) {
      return std::nullopt;  // the daemon stopped: the application is dropped unfinished
    }
    if (!chunk.empty()) {
      write();
    }
    return must(m_dispatcher->finish_reload(*application));
  }

  // An acknowledgement recorded the way `deadlined done` / `undo` records
  // it: by another process, on its own connection to the outbox file.
  void acknowledge(AckAction action, const std::string& task_id, const std::string& unit, Instant now) {
    Outbox other = must(Outbox::open(outbox_file()));
    const Snapshot& current = *m_dispatcher->snapshot();
    auto obligation =
        resolve_obligation(current.config, current.calendar, {}, ObligationQuery{"", task_id, unit, std::nullopt});
    ASSERT_TRUE(obligation) << obligation.error().message;
    const AckRequest request{"tester", AckHow::cli, ""};
    auto outcome = action == AckAction::done
                       ? mark_done(other, *obligation, request, current.zone, now)
                       : undo_done(other, *obligation, request, current.config.acks.undo_window_s, now);
    ASSERT_TRUE(outcome) << outcome.error().message;
  }

  std::vector<ReminderRow> rows_of(const std::string& task_id, const std::string& unit) {
    std::vector<ReminderRow> rows;
    for (auto& stored : must(m_outbox->list(std::nullopt))) {
      if (stored.task == task_id && stored.unit == unit) {
        rows.push_back(std::move(stored));
      }
    }
    return rows;
  }

  // Every send day of the fixture's plan after 17/03.
  void run_through_april() {
    for (Instant day : {at(3, 24), at(3, 30), at(3, 31), at(4, 4), at(4, 6), at(4, 8)}) {
      run(day);
    }
  }

  std::vector<std::vector<Delivery>> m_between_chunks;
};

std::vector<std::string> keys_of(const std::vector<ReminderRow>& rows) {
  std::vector<std::string> keys;
  for (const auto& row : rows) {
    keys.push_back(row.key);
  }
  return sorted(keys);
}

TEST_F(StartWindow, TheNearWindowIsPlannedAndDeliveredFirstAndTheRestLater) {
  // Wed 16/03 09:00: the window ends Fri 18/03 09:00, so of the 15 rows only
  // the two before-10 stages of 17/03 are due within it.
  const Instant started_at = at(3, 16, 9);
  StartReport report = start_windowed(snapshot(k_plan_a), started_at);
  EXPECT_EQ(report.frontier, at(3, 18, 9));
  EXPECT_EQ(m_dispatcher->frontier(), at(3, 18, 9));
  EXPECT_EQ(report.reconcile.inserted, 2u);
  EXPECT_EQ(report.beyond, 13u);
  EXPECT_EQ(keys_of(must(m_outbox->list(std::nullopt))),
            sorted({key("1", "vp", "before-10"), key("2", "vp", "before-10")}));
  EXPECT_EQ(next_due(), at(3, 17));

  // Delivery works before the rest is planned.
  auto first = run(at(3, 17));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].keys, sorted({key("1", "vp", "before-10"), key("2", "vp", "before-10")}));
  EXPECT_EQ(next_due(), std::nullopt) << "nothing planned before the frontier is left";

  // The rest, 4 rows a chunk with a turn after each.
  auto rest = plan_rest(at(3, 17, 9), at(3, 17, 9), 4);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->inserted, 13u);
  EXPECT_EQ(rest->unchanged, 2u);
  EXPECT_EQ(rest->skipped, 0u);
  EXPECT_EQ(m_between_chunks.size(), 4u);
  for (const auto& turn : m_between_chunks) {
    EXPECT_TRUE(turn.empty());
  }
  EXPECT_EQ(m_dispatcher->frontier(), std::nullopt);
  EXPECT_EQ(must(m_outbox->list(std::nullopt)).size(), 15u);
  EXPECT_EQ(next_due(), at(3, 24));

  auto second = run(at(3, 24));
  EXPECT_EQ(second.size(), 2u);  // vp's before-5 digest and stp's
  for (const char* stage : {"before-10", "before-5"}) {
    EXPECT_EQ(m_transport.times_delivered(key("1", "vp", stage)), 1u) << stage;
    EXPECT_EQ(m_transport.times_delivered(key("2", "vp", stage)), 1u) << stage;
  }
}

TEST_F(StartWindow, NothingAtOrPastTheFrontierIsHandedOutBeforeTheRestIsPlanned) {
  // A first start plans everything; the next one (a configuration without
  // task 2) goes ready with a window that ends before task 2's 24/03 stage.
  start(snapshot(k_plan_a), at(3, 1));
  StartReport report = start_windowed(snapshot(task("1", "2022-03-31", "vp", "stp")), at(3, 16, 9));
  EXPECT_EQ(report.reconcile.skipped, 1u);  // task 2's 17/03 stage, within the window
  EXPECT_EQ(row(key("2", "vp", "before-10")).skip_reason, k_skip_task_removed);
  EXPECT_EQ(row(key("2", "vp", "before-5")).state, OutboxState::pending) << "past the window: not decided yet";

  // The rest is late (the clock is already past the frontier): only what is
  // due before it goes out, not task 2's stale row due on 24/03.
  auto early = run(at(3, 24, 9));
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0].keys, std::vector<std::string>{key("1", "vp", "before-10")});
  EXPECT_EQ(next_due(), std::nullopt);

  auto rest = plan_rest(at(3, 24, 9), at(3, 24, 9), 100);
  ASSERT_TRUE(rest);
  EXPECT_EQ(row(key("2", "vp", "before-5")).skip_reason, k_skip_task_removed);
  // Task 1's 24/03 stages were held back, not lost: sent now, once.
  auto late = run(at(3, 24, 9));
  EXPECT_EQ(late.size(), 2u);
  EXPECT_EQ(m_transport.times_delivered(key("1", "vp", "before-5")), 1u);
  EXPECT_EQ(m_transport.times_delivered(key("1", "stp", "before-5")), 1u);
  EXPECT_EQ(m_transport.times_delivered(key("2", "vp", "before-5")), 0u);
  EXPECT_EQ(m_transport.times_delivered(key("1", "vp", "before-10")), 1u);
}

TEST_F(StartWindow, AStopWhileTheRestIsPlannedKeepsItsChunksAndTheNextStartCompletesIt) {
  StartReport report = start_windowed(snapshot(k_plan_a), at(3, 16, 9));
  ASSERT_EQ(report.reconcile.inserted, 2u);
  ASSERT_EQ(run(at(3, 17)).size(), 1u);
  // Two chunks of 4 written, then the daemon stops.
  EXPECT_FALSE(plan_rest(at(3, 17, 9), at(3, 17, 9), 4, 2));
  const std::size_t kept = must(m_outbox->list(std::nullopt)).size();
  EXPECT_GE(kept, 2u + 4u);  // the near rows and at least one chunk of new rows
  EXPECT_LT(kept, 15u);

  // The next start: ready again with its window, then the rest completes.
  StartReport again = start_windowed(snapshot(k_plan_a), at(3, 17, 10));
  EXPECT_EQ(again.reconcile.inserted, 0u);
  auto rest = plan_rest(at(3, 17, 10), at(3, 17, 10), 4);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->inserted, 15u - kept);
  EXPECT_EQ(rest->skipped, 0u);

  // The same outbox as a start that planned everything at once.
  ConfigFixture other;
  Outbox whole = must(Outbox::open(other.state_dir() / "outbox.sqlite"));
  Dispatcher full(whole, snapshot(k_plan_a), *m_log);
  must(full.start(at(3, 16, 9)));
  EXPECT_EQ(keys_of(must(m_outbox->list(std::nullopt))), keys_of(must(whole.list(std::nullopt))));
  EXPECT_EQ(row(key("1", "vp", "before-10")).state, OutboxState::sent);
  EXPECT_EQ(must(m_outbox->counts())[OutboxState::pending], 13);
}

// Issue 13 with a window: a missed row the catch-up deferred to the next send
// slot keeps that slot when the rest is planned (one message, not two).
TEST_F(StartWindow, TheRestKeepsAMissedRowDeferredToTheNextSendSlot) {
  auto config = snapshot(k_plan_a + task("3", "2022-03-23", "vp"));
  start(config, at(3, 1));
  stop();  // down until Thursday 24/03 07:50: task 3's due-day stage (23/03) was missed
  StartReport report = start_windowed(config, at(3, 24, 7, 50));
  EXPECT_GE(report.deferred, 1u);
  const ReminderRow deferred = row(key("3", "vp", "due", "2022-03-23"));
  EXPECT_EQ(deferred.state, OutboxState::pending);

  auto rest = plan_rest(at(3, 24, 7, 50), at(3, 24, 7, 50), 100);
  ASSERT_TRUE(rest);
  EXPECT_EQ(row(key("3", "vp", "due", "2022-03-23")).send_at, deferred.send_at);
  EXPECT_TRUE(take(at(3, 24, 7, 51)).empty());
  auto deliveries = run(at(3, 24, 8, 0));
  const Delivery* vp = to(deliveries, "vp@example.vn");
  ASSERT_NE(vp, nullptr);
  EXPECT_EQ(vp->keys,
            sorted({key("1", "vp", "before-5"), key("2", "vp", "before-5"), key("3", "vp", "due", "2022-03-23")}));
  EXPECT_EQ(m_transport.times_delivered(key("3", "vp", "due", "2022-03-23")), 1u);
}

// A reload, even of the same config, leaves a missed row the catch-up held
// for the next send slot alone: it was marked skipped ("changed by a reload
// after its send time") and never sent.
TEST_F(StartWindow, AReloadKeepsAMissedRowHeldForTheNextSendSlot) {
  auto config = snapshot(k_plan_a + task("3", "2022-03-23", "vp"));
  start(config, at(3, 1));
  stop();
  StartReport report = start_windowed(config, at(3, 24, 7, 50));
  EXPECT_GE(report.deferred, 1u);
  ASSERT_TRUE(plan_rest(at(3, 24, 7, 50), at(3, 24, 7, 50), 100));
  const ReminderRow held = row(key("3", "vp", "due", "2022-03-23"));
  ASSERT_EQ(held.state, OutboxState::pending);

  ReconcileResult result = must(m_dispatcher->reload(config, at(3, 24, 7, 55)));
  EXPECT_EQ(result.skipped, 0u);
  EXPECT_EQ(result.updated, 0u);
  EXPECT_EQ(row(key("3", "vp", "due", "2022-03-23")).state, OutboxState::pending);
  EXPECT_EQ(row(key("3", "vp", "due", "2022-03-23")).send_at, held.send_at);
  auto deliveries = run(at(3, 24, 8, 0));
  const Delivery* vp = to(deliveries, "vp@example.vn");
  ASSERT_NE(vp, nullptr);
  EXPECT_NE(std::find(vp->keys.begin(), vp->keys.end(), key("3", "vp", "due", "2022-03-23")), vp->keys.end());
  EXPECT_EQ(m_transport.times_delivered(key("3", "vp", "due", "2022-03-23")), 1u);
}

// A "done" recorded while the rest is written: the rows the rest writes after
// it are stored skipped ("done"), never pending, so nothing reaches a unit
// that has already acted.
TEST_F(StartWindow, ADoneRecordedWhileTheRestIsPlannedHoldsForEveryRowWrittenAfterIt) {
  start_windowed(snapshot(k_plan_a), at(3, 16, 9));
  ASSERT_EQ(run(at(3, 17)).size(), 1u);
  auto rest = plan_rest(at(3, 17, 9), at(3, 17, 9), 4, 0, [this](std::size_t written) {
    if (written == 1) {
      acknowledge(AckAction::done, "2", "vp", at(3, 17, 9, 5));
    }
  });
  ASSERT_TRUE(rest);
  const auto rows = rows_of("2", "vp");
  ASSERT_EQ(rows.size(), 7u);  // 17/03 (sent), 24/03, 30/03, 31/03 and three after the due date
  for (const auto& stored : rows) {
    if (stored.stage != "before-10") {
      EXPECT_EQ(stored.state, OutboxState::skipped) << stored.key;
      EXPECT_EQ(stored.skip_reason, k_skip_done) << stored.key;
    }
  }
  run_through_april();
  for (const auto& stored : rows) {
    EXPECT_EQ(m_transport.times_delivered(stored.key), stored.stage == "before-10" ? 1u : 0u) << stored.key;
  }
  EXPECT_EQ(m_transport.times_delivered(key("1", "vp", "before-5")), 1u) << "other obligations go on";
}

// An "undo" recorded while the rest is written: the obligation's reminders
// come back, those the rest had already written as done included, and none
// is dropped as "no longer planned" when the rest finishes.
TEST_F(StartWindow, AnUndoRecordedWhileTheRestIsPlannedBringsEveryReminderBack) {
  start_windowed(snapshot(k_plan_a), at(3, 16, 9));
  acknowledge(AckAction::done, "2", "vp", at(3, 16, 9, 30));  // before its rows past the window are planned
  ASSERT_EQ(run(at(3, 17)).size(), 1u);                       // task 1's before-10 only
  EXPECT_EQ(m_transport.times_delivered(key("2", "vp", "before-10")), 0u);
  auto rest = plan_rest(at(3, 17, 9), at(3, 17, 9), 4, 0, [this](std::size_t written) {
    if (written == 2) {
      acknowledge(AckAction::undo, "2", "vp", at(3, 17, 9, 5));
    }
  });
  ASSERT_TRUE(rest);
  const auto rows = rows_of("2", "vp");
  ASSERT_EQ(rows.size(), 7u);
  for (const auto& stored : rows) {
    if (stored.stage != "before-10") {
      EXPECT_EQ(stored.state, OutboxState::pending) << stored.key << " " << stored.skip_reason;
    }
  }
  run_through_april();
  for (const auto& stored : rows) {
    EXPECT_EQ(m_transport.times_delivered(stored.key), stored.stage == "before-10" ? 0u : 1u) << stored.key;
  }
}

}  // namespace
}  // namespace deadlined::dispatcher_test
