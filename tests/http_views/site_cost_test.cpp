// /healthz, /metrics and the first page of /status must cost the same
// whatever the size of the outbox: they read maintained counters, indexed
// minimums and one page of deliveries, never scan the rows.
// Measured without a clock: SQLite counts the virtual-machine steps of every
// statement the outbox's connection runs (a scan of N rows takes at least N
// steps), hooked into each new connection with sqlite3_auto_extension.
#include <atomic>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "http_views/http_fixture.hpp"
#include "http_views/site.hpp"
#include "outbox/outbox_test_support.hpp"

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;

std::atomic<std::int64_t> g_steps{0};

int on_statement_done(unsigned type, void*, void* statement, void*) {
  if (type == SQLITE_TRACE_PROFILE) {
    g_steps += sqlite3_stmt_status(static_cast<sqlite3_stmt*>(statement), SQLITE_STMTSTATUS_VM_STEP, 1);
  }
  return 0;
}

int count_steps_of(sqlite3* db, const char**, const sqlite3_api_routines*) {
  sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, &on_statement_done, nullptr);
  return SQLITE_OK;
}

// void(*)(void) is SQLite's (and GCC's) generic function pointer type.
auto hook() {
  return reinterpret_cast<void (*)()>(&count_steps_of);
}

class SiteCost : public deadlined::testing::SiteTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_auto_extension(hook()), SQLITE_OK);
    open_site(m_fixture.load());
    m_state.secrets.status_token = "admin-token";
  }
  void TearDown() override { sqlite3_cancel_auto_extension(hook()); }

  // Rows in every state: pending, sent, failed (retry due), dead, skipped.
  void grow_to(int rows) {
    std::vector<ReminderRow> planned;
    for (int i = 0; i < rows; ++i) {
      planned.push_back(deadlined::testing::email_row("t" + std::to_string(i), 1'647'000'000 + i));
    }
    auto reconciled = m_outbox->reconcile(planned, 1'647'000'000);
    ASSERT_TRUE(reconciled) << reconciled.error();
    auto claimed = outbox_test::claim_due(*m_outbox, 1'648'000'000, static_cast<std::size_t>(rows / 2));
    ASSERT_TRUE(claimed) << claimed.error();
    std::vector<std::string> sent, failed, dead;
    for (std::size_t i = 0; i < claimed->size(); ++i) {
      (i % 5 == 0 ? failed : i % 7 == 0 ? dead : sent).push_back((*claimed)[i].key);
    }
    ASSERT_TRUE(m_outbox->mark_sent(sent, 1'648'000'000));
    ASSERT_TRUE(m_outbox->mark_failed(failed, 1'648'000'000, "timeout", 1'648'000'600));
    ASSERT_TRUE(m_outbox->mark_dead(dead, 1'648'000'000, "550"));
  }

  std::int64_t steps_of(const std::string& target) {
    g_steps = 0;
    auto response = handle_request(SiteRequest{"GET", target, ""}, m_state, at("2022-03-20T10:00:00+07:00"));
    EXPECT_EQ(response.status, 200u) << response.body;
    return g_steps.load();
  }
};

TEST_F(SiteCost, HealthzMetricsAndStatusDoNotGrowWithTheOutbox) {
  grow_to(100);
  ASSERT_EQ(m_outbox->counts()->at(OutboxState::sent) + m_outbox->counts()->at(OutboxState::pending) +
                m_outbox->counts()->at(OutboxState::failed) + m_outbox->counts()->at(OutboxState::dead),
            100);
  const std::int64_t healthz_small = steps_of("/healthz");
  const std::int64_t metrics_small = steps_of("/metrics");
  const std::int64_t status_small = steps_of("/status?token=admin-token");
  EXPECT_GT(healthz_small, 0) << "the step counter is not hooked in";
  grow_to(20'000);  // 100 rows become 20,100
  const std::int64_t healthz_large = steps_of("/healthz");
  const std::int64_t metrics_large = steps_of("/metrics");
  const std::int64_t status_large = steps_of("/status?token=admin-token");
  // Not a scan: a scan of 20,000 rows takes at least 20,000 steps.
  EXPECT_EQ(healthz_large, healthz_small);
  EXPECT_EQ(metrics_large, metrics_small);
  EXPECT_LT(healthz_large, 200);
  EXPECT_LT(metrics_large, 1'000);
  // /status reads one page of deliveries (50 rows) at either size.
  EXPECT_EQ(status_large, status_small);
  EXPECT_LT(status_large, 5'000);
}

}  // namespace
}  // namespace deadlined::http_views
