// The retention and the daily time of compaction (pure, `now` given), and the
// dispatcher over a compacted outbox: a start that plans the same plan year
// again sends nothing, at any time of that year.
#include <gtest/gtest.h>

#include "dispatcher_fixture.hpp"
#include "service/compaction.hpp"

namespace deadlined::dispatcher_test {
namespace {

class CompactionTiming : public ::testing::Test {
 protected:
  void SetUp() override {
    auto zone = TimeZone::locate("Asia/Ho_Chi_Minh");
    ASSERT_TRUE(zone) << zone.error();
    m_zone = std::make_unique<TimeZone>(std::move(*zone));
  }
  Instant local(int year, unsigned month, unsigned day, int hour, int minute = 0) const {
    return m_zone->at(make_date(year, month, day), hour * 60 + minute);
  }
  std::unique_ptr<TimeZone> m_zone;
};

TEST_F(CompactionTiming, TheCutoffIsTheRetentionInLocalDaysAndBeforeOnlyNarrowsIt) {
  OutboxConfig config;  // 400 days
  // 2024-02-04 local is 2024-02-03 17:00 UTC: the local day counts.
  const Instant now = local(2024, 2, 4, 0, 30);
  const CompactionCutoff cutoff = compaction_cutoff(config, *m_zone, now);
  EXPECT_EQ(cutoff.due_before, "2022-12-31");
  EXPECT_EQ(cutoff.send_before, seconds_of(local(2022, 12, 31, 0)));
  EXPECT_EQ(compaction_cutoff(config, *m_zone, now, make_date(2022, 7, 1)).due_before, "2022-07-01");
  EXPECT_EQ(compaction_cutoff(config, *m_zone, now, make_date(2023, 7, 1)), cutoff) << "never past the retention";
  config.keep_final_days = 31;
  EXPECT_EQ(compaction_cutoff(config, *m_zone, now).due_before, "2024-01-04");
}

TEST_F(CompactionTiming, OnceADayAtTheLocalTimeAndNeverWhenOff) {
  OutboxConfig config;  // 02:30
  using std::chrono::seconds;
  // Before 02:30: wait for it; after it: due until done that day, then tomorrow.
  EXPECT_EQ(until_compaction(config, *m_zone, local(2024, 3, 5, 1, 0), std::nullopt), seconds{90 * 60});
  EXPECT_EQ(until_compaction(config, *m_zone, local(2024, 3, 5, 2, 30), std::nullopt), seconds{0});
  EXPECT_EQ(until_compaction(config, *m_zone, local(2024, 3, 5, 14, 0), make_date(2024, 3, 4)), seconds{0});
  EXPECT_EQ(until_compaction(config, *m_zone, local(2024, 3, 5, 14, 0), make_date(2024, 3, 5)),
            seconds{12 * 3600 + 30 * 60});
  EXPECT_EQ(until_compaction(config, *m_zone, local(2024, 3, 5, 1, 0), make_date(2024, 3, 5)),
            seconds{25 * 3600 + 30 * 60});
  config.compact_minute_of_day.reset();
  EXPECT_EQ(until_compaction(config, *m_zone, local(2024, 3, 5, 14, 0), std::nullopt), std::nullopt);
}

// A year of reminders sent, then compacted a year and a half later: the same
// plan year started again (at each of its send times) sends nothing.
TEST_F(DispatcherFlow, ACompactedYearIsNeverSentAgainWhenItsPlanIsStartedAgain) {
  auto config = snapshot(k_plan_a);
  start(config, at(3, 17));
  std::vector<Instant> sends = {at(3, 17), at(3, 24), at(3, 30), at(3, 31), at(4, 4), at(4, 6), at(4, 8)};
  std::size_t delivered = 0;
  for (const Instant when : sends) {
    delivered += run(when).size();
  }
  ASSERT_GT(delivered, 0u);
  const std::size_t sent_rows = rows_in(OutboxState::sent).size();
  ASSERT_GT(sent_rows, 0u);
  const auto counts = must(m_outbox->counts());

  const Instant later = m_zone->at(make_date(2023, 6, 1), 2 * 60 + 30);
  const CompactionCutoff cutoff = compaction_cutoff(config->config.outbox, *m_zone, later);
  const auto folded = must(m_outbox->compact(cutoff, seconds_of(later), 1000));
  EXPECT_GE(folded.total(), static_cast<std::int64_t>(sent_rows));  // and stages skipped on the way
  EXPECT_TRUE(rows_in(OutboxState::sent).empty());
  EXPECT_EQ(must(m_outbox->counts()), counts);

  // A restart in March 2022 plans the whole year again.
  stop();
  const auto report = start(config, at(3, 17));
  EXPECT_EQ(static_cast<std::int64_t>(report.reconcile.compacted), folded.total());
  EXPECT_EQ(report.reconcile.inserted, 0u);
  const std::size_t mails = m_transport.delivered().size();
  for (const Instant when : sends) {
    EXPECT_TRUE(run(when).empty()) << "sent again at " << m_zone->iso8601(when);
  }
  EXPECT_EQ(m_transport.delivered().size(), mails);
  // A reload of the same configuration neither.
  const auto reloaded = must(m_dispatcher->reload(config, at(4, 8, 9)));
  EXPECT_EQ(static_cast<std::int64_t>(reloaded.compacted), folded.total());
  EXPECT_EQ(reloaded.inserted, 0u);
  EXPECT_EQ(must(m_outbox->counts()), counts);
}

}  // namespace
}  // namespace deadlined::dispatcher_test
