#include <gtest/gtest.h>

#include "http_views/metrics.hpp"
#include "http_views/http_fixture.hpp"

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;

TEST(Metrics, EscapesLabelValues) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(escape_label_value("Sở Tư pháp"), "Sở Tư pháp");
}

TEST(Metrics, TalliesObligationsByDueDate) {
  deadlined::testing::HttpFixture fixture;
  auto snapshot = fixture.load();
  auto before = tally_obligations(snapshot->config, snapshot->calendar, make_date(2022, 3, 31));
  ASSERT_EQ(before.size(), 1u);  // lead units only, as in the report: snv only supports I.1
  EXPECT_EQ(before[0].unit, "stp");
  EXPECT_EQ(before[0].pending, 1);
  EXPECT_EQ(before[0].overdue, 0);
  EXPECT_EQ(before[0].next_due, make_date(2022, 3, 31));
  auto after = tally_obligations(snapshot->config, snapshot->calendar, make_date(2022, 4, 1));
  EXPECT_EQ(after[0].pending, 0);
  EXPECT_EQ(after[0].overdue, 1);
  EXPECT_EQ(after[0].oldest_overdue, make_date(2022, 3, 31));
}

TEST(Metrics, AcknowledgedObligationsAreDoneNotOverdue) {
  deadlined::testing::HttpFixture fixture;
  auto snapshot = fixture.load();
  const auto& plan = snapshot->config.plans.at(0);
  std::set<std::string> done{plan.id + "/" + plan.tasks.at(0).id + "/2022-03-31/stp"};
  auto after = tally_obligations(snapshot->config, snapshot->calendar, make_date(2022, 4, 1), done);
  ASSERT_EQ(after[0].unit, "stp");
  EXPECT_EQ(after[0].done, 1);
  EXPECT_EQ(after[0].overdue, 0);
  EXPECT_EQ(after.size(), 1u);  // the supporting unit is not rated
}

TEST(Metrics, RendersEveryFamilyWithHelpAndType) {
  DaemonCounters counters;
  counters.started = at("2022-03-17T08:00:00+07:00");
  counters.reminders_sent[Channel::email] = 3;
  counters.reminders_failed[Channel::webhook] = 2;
  counters.messages[{Channel::email, "sent"}] = 1;
  counters.last_success = at("2022-03-17T08:00:05+07:00");
  counters.reloads_succeeded = 1;
  counters.reloads_failed = 2;
  MetricsInput input;
  input.version = "1.2.3";
  input.counters = &counters;
  input.outbox_counts = std::map<OutboxState, std::int64_t>{{OutboxState::pending, 4}, {OutboxState::sent, 3}};
  input.tallies = {ObligationTally{"p\"1", "stp", 2, 1, {}, {}}, ObligationTally{"p\"1", "snv", 1, 0, {}, {}}};
  input.plans = {"p\"1", "empty"};
  input.next_send = at("2022-03-24T08:00:00+07:00");
  std::string text = render_metrics(input);
  EXPECT_NE(text.find("# HELP deadlined_reminders_sent_total "), std::string::npos);
  EXPECT_NE(text.find("# TYPE deadlined_reminders_sent_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_build_info{version=\"1.2.3\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_reminders_sent_total{channel=\"email\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_reminders_sent_total{channel=\"webhook\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_reminders_failed_total{channel=\"webhook\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_messages_total{channel=\"email\",outcome=\"sent\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_outbox_rows{state=\"pending\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_obligations{plan=\"p\\\"1\",state=\"pending\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_obligations{plan=\"p\\\"1\",state=\"overdue\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_obligations{plan=\"empty\",state=\"pending\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_next_send_time_seconds 1648083600\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_last_delivery_success_time_seconds 1647478805\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_config_reloads_total{result=\"success\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_config_reloads_total{result=\"failure\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_outbox_up 1\n"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

TEST(Metrics, UnreadableOutboxAndNothingScheduled) {
  MetricsInput input;
  std::string text = render_metrics(input);
  EXPECT_NE(text.find("deadlined_outbox_up 0\n"), std::string::npos);
  EXPECT_EQ(text.find("deadlined_outbox_rows"), std::string::npos);
  EXPECT_NE(text.find("deadlined_next_send_time_seconds 0\n"), std::string::npos);
  EXPECT_NE(text.find("deadlined_last_delivery_success_time_seconds 0\n"), std::string::npos);
}

}  // namespace
}  // namespace deadlined::http_views
