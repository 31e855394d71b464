// Acknowledgements: done skips the obligation's unsent reminders, late flag,
// undo window, append-only audit, and no revival by reload or restart.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

// First: it names ::testing as `testing`, which deadlined::testing would hide.
#include "outbox/outbox_test_support.hpp"

#include "compliance/acks.hpp"
#include "compliance/compliance_fixture.hpp"
#include "support/dispatch.hpp"

namespace deadlined::testing {
namespace {

using outbox_test::RawDatabase;

class Acks : public ComplianceTest {
 protected:
  void start(Instant now) {
    Dispatcher dispatcher(*m_outbox, m_snapshot, *m_log);
    auto started = dispatcher.start(now);
    ASSERT_TRUE(started) << started.error();
  }
};

TEST_F(Acks, DoneSkipsEveryUnsentReminderOfTheObligationWithReasonDone) {
  start(hanoi(3, 1));
  auto before = rows_of("T1", "stp");
  ASSERT_EQ(before.size(), 6u);  // before-2, due, overdue-1, overdue-2, escalation (email, webhook)
  auto outcome = done("T1", "stp", hanoi(3, 14, 10));
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_FALSE(outcome->late);
  EXPECT_EQ(outcome->reminders_changed, 6u);
  for (const auto& row : rows_of("T1", "stp")) {
    EXPECT_EQ(row.state, OutboxState::skipped) << row.key;
    EXPECT_EQ(row.skip_reason, "done") << row.key;
  }
  // The other lead of the same task is untouched.
  for (const auto& row : rows_of("T1", "snv")) {
    EXPECT_EQ(row.state, OutboxState::pending) << row.key;
  }
  auto events = m_outbox->acks();
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, AckAction::done);
  EXPECT_EQ((*events)[0].by, "tester");
  EXPECT_EQ((*events)[0].how, "cli");
  EXPECT_EQ((*events)[0].note, "ghi chú");
  EXPECT_EQ((*events)[0].due, "2022-03-15");
  EXPECT_FALSE((*events)[0].late);
}

TEST_F(Acks, DoneOnTheDueDayIsOnTimeAndTheDayAfterIsLate) {
  auto on_time = done("T1", "stp", hanoi(3, 15, 23, 59));
  ASSERT_TRUE(on_time) << on_time.error().message;
  EXPECT_FALSE(on_time->late);
  auto late = done("T1", "snv", hanoi(3, 16, 0, 1));
  ASSERT_TRUE(late) << late.error().message;
  EXPECT_TRUE(late->late);
  EXPECT_TRUE(late->event.late);
}

TEST_F(Acks, DoneTwiceIsAConflictAndUndoOfNotDoneToo) {
  ASSERT_TRUE(done("T1", "stp", hanoi(3, 14)));
  auto again = done("T1", "stp", hanoi(3, 14, 9));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, AckError::Kind::conflict);
  EXPECT_NE(again.error().message.find("already done"), std::string::npos) << again.error().message;
  auto undone = undo("T1", "snv", hanoi(3, 14, 9));
  ASSERT_FALSE(undone);
  EXPECT_EQ(undone.error().kind, AckError::Kind::conflict);
}

// Several writers at once on one obligation (the CLI, the HTTP thread), each
// on its own connection to the same file: one records it, every other is
// told it is already done, none that it "changed while being updated".
TEST_F(Acks, DoneAtOnceFromManyConnectionsRecordsOnceAndTellsTheOthersItIsDone) {
  constexpr int k_writers = 8;
  const KnownObligation target = obligation("T1", "stp");
  for (int round = 0; round < 5; ++round) {
    std::vector<std::unique_ptr<Outbox>> connections;
    for (int i = 0; i < k_writers; ++i) {
      auto opened = Outbox::open(outbox_path(config()));
      ASSERT_TRUE(opened) << opened.error();
      connections.push_back(std::make_unique<Outbox>(std::move(*opened)));
    }
    std::vector<tl::expected<AckOutcome, AckError>> outcomes(k_writers, tl::unexpected(AckError{}));
    std::atomic<int> ready{0};
    std::vector<std::thread> writers;
    for (int i = 0; i < k_writers; ++i) {
      writers.emplace_back([&, i] {
        ++ready;
        while (ready.load() < k_writers) {
        }
        outcomes[static_cast<std::size_t>(i)] =
            mark_done(*connections[static_cast<std::size_t>(i)], target, AckRequest{"tester", AckHow::cli, ""},
                      m_snapshot->zone, hanoi(3, 14, 9, round));
      });
    }
    for (auto& writer : writers) {
      writer.join();
    }
    int recorded = 0;
    for (const auto& outcome : outcomes) {
      if (outcome) {
        ++recorded;
      } else {
        EXPECT_NE(outcome.error().message.find("is already done"), std::string::npos) << outcome.error().message;
      }
    }
    EXPECT_EQ(recorded, 1) << "round " << round;
    ASSERT_TRUE(undo("T1", "stp", hanoi(3, 14, 9, round)));  // the next round starts from not done
  }
  auto events = m_outbox->acks();
  ASSERT_TRUE(events) << events.error();
  EXPECT_EQ(events->size(), 10u);  // five done, five undo
}

TEST_F(Acks, UndoWithinTheWindowRestoresOnlyFutureRows) {
  start(hanoi(3, 1));
  ASSERT_TRUE(done("T1", "stp", hanoi(3, 16, 9)));
  auto undone = undo("T1", "stp", hanoi(3, 16, 9, 30));
  ASSERT_TRUE(undone) << undone.error().message;
  EXPECT_EQ(undone->reminders_changed, 4u);
  for (const auto& row : rows_of("T1", "stp")) {
    if (row.stage == "before-2" || row.stage == "due") {
      EXPECT_EQ(row.state, OutboxState::skipped) << row.key;  // their time had passed
      EXPECT_EQ(row.skip_reason, "done");
    } else {
      EXPECT_EQ(row.state, OutboxState::pending) << row.key;  // overdue-1, overdue-2, escalation
      EXPECT_GT(row.send_at, secs(hanoi(3, 16, 9, 30)));
    }
  }
  auto events = m_outbox->acks();
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].action, AckAction::undo);
  // Done again after the undo is fine.
  EXPECT_TRUE(done("T1", "stp", hanoi(3, 16, 10)));
}

TEST_F(Acks, UndoAfterTheWindowIsRefusedAndChangesNothing) {
  start(hanoi(3, 1));
  ASSERT_TRUE(done("T1", "stp", hanoi(3, 16, 9)));
  auto undone = undo("T1", "stp", hanoi(3, 16, 10, 1));  // window: 3600 s
  ASSERT_FALSE(undone);
  EXPECT_EQ(undone.error().kind, AckError::Kind::expired);
  EXPECT_NE(undone.error().message.find("undo_window"), std::string::npos) << undone.error().message;
  for (const auto& row : rows_of("T1", "stp")) {
    EXPECT_EQ(row.state, OutboxState::skipped) << row.key;
  }
  auto events = m_outbox->acks();
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 1u);
}

TEST_F(Acks, AuditRowsCannotBeUpdatedOrDeleted) {
  ASSERT_TRUE(done("T1", "stp", hanoi(3, 14)));
  RawDatabase raw(m_outbox->path());
  EXPECT_NE(raw.exec("UPDATE ack_events SET action = 'undo'"), SQLITE_OK);
  EXPECT_NE(raw.last_error().find("append-only"), std::string::npos) << raw.last_error();
  EXPECT_NE(raw.exec("DELETE FROM ack_events"), SQLITE_OK);
  EXPECT_NE(raw.last_error().find("append-only"), std::string::npos) << raw.last_error();
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM ack_events"), 1);
}

TEST_F(Acks, ReloadAndRestartDoNotReviveDoneObligations) {
  start(hanoi(3, 1));
  ASSERT_TRUE(done("T1", "stp", hanoi(3, 14)));
  {
    Dispatcher dispatcher(*m_outbox, m_snapshot, *m_log);
    ASSERT_TRUE(dispatcher.start(hanoi(3, 14, 9)));                                              // restart
    auto reloaded = dispatcher.reload(m_fixture.snapshot(k_compliance_body), hanoi(3, 14, 10));  // reload
    ASSERT_TRUE(reloaded) << reloaded.error();
    EXPECT_EQ(reloaded->revived, 0u);
    EXPECT_EQ(reloaded->inserted, 0u);
    // Nothing about T1/stp is ever handed out.
    for (Instant now : {hanoi(3, 15), hanoi(3, 17), hanoi(3, 18), hanoi(3, 21)}) {
      auto delivered = send_due(dispatcher, now);
      ASSERT_TRUE(delivered) << delivered.error();
      for (auto& delivery : *delivered) {
        for (const auto& row : delivery.rows) {
          EXPECT_FALSE(row.task == "T1" && row.unit == "stp") << row.key;
        }
      }
    }
  }
  for (const auto& row : rows_of("T1", "stp")) {
    EXPECT_EQ(row.state, OutboxState::skipped) << row.key;
    EXPECT_EQ(row.skip_reason, "done") << row.key;
  }
}

TEST_F(Acks, ResolveNeedsTheOccurrenceOnlyWhenThereAreSeveral) {
  auto ambiguous = resolve_obligation(config(), m_snapshot->calendar, {}, ObligationQuery{"", "T2", "stp", {}});
  ASSERT_FALSE(ambiguous);
  EXPECT_EQ(ambiguous.error().kind, AckError::Kind::ambiguous);
  EXPECT_NE(ambiguous.error().message.find("2022-03-31"), std::string::npos) << ambiguous.error().message;
  auto chosen =
      resolve_obligation(config(), m_snapshot->calendar, {}, ObligationQuery{"p", "T2", "stp", make_date(2022, 6, 30)});
  ASSERT_TRUE(chosen) << chosen.error().message;
  EXPECT_EQ(chosen->ref.key(), "p/T2/2022-06-30/stp");
  auto typo = resolve_obligation(config(), m_snapshot->calendar, {}, ObligationQuery{"", "T1", "stq", {}});
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().kind, AckError::Kind::not_found);
  EXPECT_NE(typo.error().message.find("did you mean \"stp\""), std::string::npos) << typo.error().message;
  auto unrelated = resolve_obligation(config(), m_snapshot->calendar, {}, ObligationQuery{"", "T1", "vp", {}});
  ASSERT_FALSE(unrelated);
  EXPECT_EQ(unrelated.error().kind, AckError::Kind::not_found);
}

}  // namespace
}  // namespace deadlined::testing
