#pragma once
// The dispatcher and outbox state machine with an injected clock: days pass
// in microseconds, a real outbox on a temp SQLite file, a scripted transport.
// Plan: tasks due Thu 31/03/2022; with the default policy the lead unit is
// reminded 17/03, 24/03, 30/03, 31/03, 04/04, 06/04, 08/04 and the support
// unit 24/03, always at 08:00 Asia/Ho_Chi_Minh. Shared by dispatcher_test.cpp
// and reload_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "service/dispatcher.hpp"
#include "support/config_fixture.hpp"
#include "support/dispatch.hpp"
#include "support/fake_transport.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined::dispatcher_test {

using testing::claim_due;
using testing::ConfigFixture;
using testing::FakeTransport;
using testing::plan_toml;
using testing::record_outcomes;
using testing::unit_toml;
using Kind = delivery::DeliveryResult::Kind;

// The shared units (snv has a webhook only) and the head of plan p.
inline const std::string k_units =
    "\n" + unit_toml("vp") + "\n" + unit_toml("stp") + "\n" +
    unit_toml("snv", "webhook = [{ url = \"https://hooks.example.vn/snv?x=1\", secret_env = \"SNV_HOOK_SECRET\" }]\n") +
    "\n" + plan_toml(2022);

inline std::string task(const std::string& id, const std::string& due, const std::string& lead,
                        const std::string& support = "") {
  std::string text =
      "\n[[plan.task]]\nid = \"" + id + "\"\ntitle = \"Nhiệm vụ " + id + "\"\nlead = [\"" + lead + "\"]\n";
  if (!support.empty()) {
    text += "support = [\"" + support + "\"]\n";
  }
  text += "product = \"Báo cáo " + id + "\"\nschedule = { date = " + due + " }\n";
  return text;
}

// Tasks 1 and 2 due 31/03, both led by vp; stp supports task 1.
inline const std::string k_plan_a = task("1", "2022-03-31", "vp", "stp") + task("2", "2022-03-31", "vp");
// A task with no dates of its own: its occurrences come from `trigger`.
inline const std::string k_on_demand_task =
    "\n[[plan.task]]\nid = \"od\"\ntitle = \"Khi có yêu cầu\"\nlead = [\"vp\"]\nschedule = { kind = \"on_demand\" }\n";

inline std::int64_t seconds_of(Instant instant) {
  return instant.time_since_epoch().count();
}
inline Instant instant_of(std::int64_t seconds) {
  return Instant{std::chrono::seconds{seconds}};
}

template <typename T>
inline T must(tl::expected<T, std::string> result) {
  if (!result) {
    ADD_FAILURE() << result.error();
    throw std::runtime_error(result.error());
  }
  return std::move(*result);
}

inline void must(const tl::expected<void, std::string>& result) {
  if (!result) {
    ADD_FAILURE() << result.error();
    throw std::runtime_error(result.error());
  }
}

inline std::string key(const std::string& task_id, const std::string& unit, const std::string& stage,
                       const std::string& occurrence = "2022-03-31") {
  return "p/" + task_id + "/" + occurrence + "/" + unit + "/" + stage + "/email/" + unit + "@example.vn";
}

inline std::vector<std::string> sorted(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  return values;
}

class DispatcherFlow : public ::testing::Test {
 protected:
  void SetUp() override {
    auto zone = TimeZone::locate("Asia/Ho_Chi_Minh");
    ASSERT_TRUE(zone) << zone.error();
    m_zone = std::make_unique<TimeZone>(std::move(*zone));
    m_log = std::make_shared<spdlog::logger>("dispatcher-test", std::make_shared<spdlog::sinks::null_sink_st>());
  }

  std::shared_ptr<const Snapshot> snapshot(const std::string& tasks, const std::string& extra = "") const {
    return m_config.snapshot(std::string(k_units) + tasks + extra,
                             testing::fake_environment({{"SNV_HOOK_SECRET", "s3cret"}}));
  }

  // Local wall-clock time in 2022.
  Instant at(unsigned month, unsigned day, int hour = 8, int minute = 0) const {
    return m_zone->at(make_date(2022, month, day), hour * 60 + minute);
  }

  std::filesystem::path outbox_file() const { return m_config.state_dir() / "outbox.sqlite"; }

  // A new process: opens the outbox (if closed) and starts a dispatcher.
  StartReport start(std::shared_ptr<const Snapshot> snapshot, Instant now) {
    m_dispatcher.reset();
    if (!m_outbox) {
      m_outbox = std::make_unique<Outbox>(must(Outbox::open(outbox_file())));
    }
    m_dispatcher = std::make_unique<Dispatcher>(*m_outbox, std::move(snapshot), *m_log);
    return must(m_dispatcher->start(now));
  }

  // The process ends (cleanly or not): nothing is completed, everything is closed.
  void stop() {
    m_dispatcher.reset();
    m_outbox.reset();
  }

  // The daemon's path: prepare_due, then claim all of it in one commit_turn.
  std::vector<Delivery> take(Instant now) { return must(claim_due(*m_dispatcher, now)); }

  // take, then each delivery through the transport, and the results recorded
  // in the next commit_turn.
  std::vector<Delivery> run(Instant now) {
    auto deliveries = take(now);
    must(record_outcomes(*m_dispatcher, deliveries, now,
                         [&](const Delivery& delivery) { return m_transport.deliver(delivery, now); }));
    return deliveries;
  }

  // Records one outcome, as the event loop's next turn does.
  void record(const Delivery& delivery, const delivery::DeliveryResult& result, Instant now) {
    must(m_dispatcher->commit_turn({{&delivery, result}}, {}, now));
  }

  ReminderRow row(const std::string& row_key) {
    auto found = must(m_outbox->find(row_key));
    if (!found) {
      ADD_FAILURE() << "no row " << row_key;
      throw std::runtime_error("no row " + row_key);
    }
    return *found;
  }

  std::vector<ReminderRow> rows_in(OutboxState state) { return must(m_outbox->list(state)); }

  // The daemon's reload of `tasks` at `at`, begun: its inputs, the planner's
  // copy of the plan, and the application that writes its rows.
  struct ReloadBegun {
    PlanningInputs inputs;
    ReloadPlan planning;
    std::unique_ptr<ReloadApplication> application;
  };
  ReloadBegun begin_reload_of(const std::string& tasks, Instant at) {
    ReloadBegun begun;
    begun.inputs = must(m_dispatcher->planning_inputs());
    ReloadPlan plan = prepare_reload(snapshot(tasks), begun.inputs, at);
    begun.planning = plan;  // the worker's copy: the snapshot is shared
    begun.application = must(m_dispatcher->begin_reload(std::move(plan), at));
    return begun;
  }

  std::optional<Instant> next_due() { return must(m_dispatcher->next_due()); }

  static const Delivery* to(const std::vector<Delivery>& deliveries, const std::string& recipient) {
    for (const auto& delivery : deliveries) {
      if (delivery.recipient == recipient) {
        return &delivery;
      }
    }
    return nullptr;
  }

  ConfigFixture m_config;
  std::unique_ptr<TimeZone> m_zone;
  std::shared_ptr<spdlog::logger> m_log;
  FakeTransport m_transport;
  std::unique_ptr<Outbox> m_outbox;
  std::unique_ptr<Dispatcher> m_dispatcher;
};

}  // namespace deadlined::dispatcher_test
