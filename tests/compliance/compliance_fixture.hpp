#pragma once
// A small plan for the compliance tests: two departments lead T1 (due Tuesday
// 2022-03-15), one leads T2 (two occurrences) with the province office as
// support; the province office supervises departments (escalate after 3
// working days). Real SQLite outbox in a temp dir; time is injected.
#include <memory>
#include <string>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "calendar/zone.hpp"
#include "compliance/acks.hpp"
#include "outbox/outbox.hpp"
#include "service/dispatcher.hpp"
#include "support/config_fixture.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined::testing {

inline const std::string k_compliance_body = R"toml(
[acks]
undo_window = 3600

[escalation]
department = "vp"

[[policy]]
id = "default"
escalate_after = 3

[policy.lead]
before = [2]
due_day = true
overdue_every = 2
overdue_max = 2

[policy.support]
before = [1]
due_day = false

)toml" + unit_toml("vp", email_and_hook_toml("vp")) +
                                             "\n" + unit_toml("stp") + "\n" + unit_toml("snv") + "\n" +
                                             plan_toml(2022) +
                                             R"toml(
[[plan.task]]
id = "T1"
title = "Báo cáo \"quý\" <một>, hai & ba"
lead = ["stp", "snv"]
schedule = { date = 2022-03-15 }

[[plan.task]]
id = "T2"
title = "Nhiệm vụ hai"
lead = ["stp"]
support = ["vp"]
schedule = { dates = [2022-03-31, 2022-06-30] }
)toml";

// 08:00 in Hà Nội on a day of 2022.
inline Instant hanoi(unsigned month, unsigned day, int hour = 8, int minute = 0) {
  return Instant{std::chrono::sys_days{make_date(2022, month, day)}.time_since_epoch()} + std::chrono::hours{hour - 7} +
         std::chrono::minutes{minute};
}

inline std::int64_t secs(Instant instant) {
  return instant.time_since_epoch().count();
}

class ComplianceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_snapshot = m_fixture.snapshot(k_compliance_body);
    auto opened = Outbox::open(outbox_path(m_snapshot->config));
    ASSERT_TRUE(opened) << opened.error();
    m_outbox = std::make_unique<Outbox>(std::move(*opened));
    m_log = std::make_shared<spdlog::logger>("compliance-test", std::make_shared<spdlog::sinks::null_sink_st>());
  }

  const Config& config() const { return m_snapshot->config; }

  KnownObligation obligation(const std::string& task, const std::string& unit,
                             std::optional<Date> occurrence = std::nullopt) {
    auto resolved = resolve_obligation(config(), m_snapshot->calendar, {}, ObligationQuery{"", task, unit, occurrence});
    if (!resolved) {
      ADD_FAILURE() << resolved.error().message;
      throw std::runtime_error("no such obligation");
    }
    return *resolved;
  }

  tl::expected<AckOutcome, AckError> done(const std::string& task, const std::string& unit, Instant now,
                                          std::optional<Date> occurrence = std::nullopt) {
    return mark_done(*m_outbox, obligation(task, unit, occurrence), AckRequest{"tester", AckHow::cli, "ghi chú"},
                     m_snapshot->zone, now);
  }

  tl::expected<AckOutcome, AckError> undo(const std::string& task, const std::string& unit, Instant now,
                                          std::optional<Date> occurrence = std::nullopt) {
    return undo_done(*m_outbox, obligation(task, unit, occurrence), AckRequest{"tester", AckHow::cli, ""},
                     config().acks.undo_window_s, now);
  }

  std::vector<ReminderRow> rows_of(const std::string& task, const std::string& unit) {
    auto all = m_outbox->list(std::nullopt);
    EXPECT_TRUE(all) << all.error();
    std::vector<ReminderRow> result;
    for (auto& row : *all) {
      if (row.task == task && row.unit == unit) {
        result.push_back(row);
      }
    }
    return result;
  }

  ConfigFixture m_fixture;
  std::shared_ptr<const Snapshot> m_snapshot;
  std::unique_ptr<Outbox> m_outbox;
  std::shared_ptr<spdlog::logger> m_log;
};

}  // namespace deadlined::testing
