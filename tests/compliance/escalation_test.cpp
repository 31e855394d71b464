// Escalation: after `escalate_after` working days overdue, the supervisor of
// each late lead unit gets one digest listing them; nothing for done ones.
// The Dispatcher is driven day by day with an injected clock.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compliance/ack_token.hpp"
#include "compliance/compliance_fixture.hpp"
#include "compliance/escalation.hpp"
#include "delivery/test_helpers.hpp"
#include "support/dispatch.hpp"

namespace deadlined::testing {
namespace {

struct Sent {
  Instant at;
  Delivery delivery;
};

class Escalation : public ComplianceTest {
 protected:
  // Runs the dispatcher at 08:00 on each day from `first` to `last` (March
  // 2022), delivering everything; returns what went out.
  std::vector<Sent> run_days(unsigned first, unsigned last) {
    Dispatcher dispatcher(*m_outbox, m_snapshot, *m_log);
    std::vector<Sent> sent;
    auto started = dispatcher.start(hanoi(3, first));
    EXPECT_TRUE(started) << started.error();
    for (unsigned day = first; day <= last; ++day) {
      Instant now = hanoi(3, day);
      auto delivered = send_due(dispatcher, now);
      EXPECT_TRUE(delivered) << delivered.error();
      for (auto& delivery : *delivered) {
        sent.push_back(Sent{now, delivery});
      }
    }
    return sent;
  }

  static std::vector<const Sent*> escalations_to(const std::vector<Sent>& sent, const std::string& recipient) {
    std::vector<const Sent*> result;
    for (const auto& item : sent) {
      bool has = std::any_of(item.delivery.rows.begin(), item.delivery.rows.end(),
                             [](const ReminderRow& row) { return row.stage == "escalation"; });
      if (has && item.delivery.recipient == recipient) {
        result.push_back(&item);
      }
    }
    return result;
  }
};

std::string email_text_part(const std::string& message) {
  const std::string marker = "Content-Transfer-Encoding: base64\r\n\r\n";
  auto start = message.find(marker);
  if (start == std::string::npos) {
    return {};
  }
  start += marker.size();
  auto end = message.find("\r\n--", start);
  return delivery::testing::base64_decode(message.substr(start, end - start));
}

TEST_F(Escalation, OrdinaryRemindersCarrySignedAckLinksAndEscalationsDoNot) {
  auto linked = std::make_shared<Snapshot>(*m_snapshot);
  linked->config.http.base_url = "https://nhacviec.example.vn";
  linked->ack_secret = "ack-secret";
  m_snapshot = linked;
  auto sent = run_days(1, 25);
  const std::string prefix = "Xác nhận đã hoàn thành: https://nhacviec.example.vn/ack?t=";
  std::size_t links = 0;
  for (const auto& item : sent) {
    if (item.delivery.channel != Channel::email) {
      continue;
    }
    const std::string text = email_text_part(item.delivery.payload);
    const bool escalation = !escalations_to({item}, item.delivery.recipient).empty();
    auto at = text.find(prefix);
    if (escalation) {
      EXPECT_EQ(at, std::string::npos) << text;
      continue;
    }
    ASSERT_NE(at, std::string::npos) << text;
    std::string token = text.substr(at + prefix.size(), text.find("\r\n", at) - at - prefix.size());
    auto claims = verify_ack_token("ack-secret", token, item.at);
    ASSERT_TRUE(claims) << token;
    const ReminderRow& row = item.delivery.rows.front();
    EXPECT_EQ(claims->ref, (ObligationRef{row.plan, row.task, row.occurrence, row.unit}));
    EXPECT_EQ(claims->expires_at, secs(item.at) + config().http.ack_link_ttl_s);
    ++links;
  }
  EXPECT_GT(links, 0u);
  ASSERT_EQ(escalations_to(sent, "vp@example.vn").size(), 1u);
}

TEST_F(Escalation, SupervisorGetsOneDigestOfItsLateUnitsAfterNWorkingDays) {
  auto sent = run_days(1, 25);
  auto hooks = escalations_to(sent, "https://hooks.example.vn/vp");
  ASSERT_EQ(hooks.size(), 1u);
  // Due Tuesday 15/3; 3 working days later is Friday 18/3.
  EXPECT_EQ(hooks[0]->at, hanoi(3, 18));
  auto payload = nlohmann::json::parse(hooks[0]->delivery.payload);
  EXPECT_EQ(payload["unit"]["id"], "vp");
  std::set<std::string> late_units;
  for (const auto& item : payload["items"]) {
    ASSERT_TRUE(item.contains("late_unit")) << item.dump();
    late_units.insert(item["late_unit"]["name"].get<std::string>());
    EXPECT_EQ(item["task_id"], "T1");
    EXPECT_EQ(item["due"], "2022-03-15");
    EXPECT_EQ(item["days_left"], -3);
    EXPECT_EQ(item["stage"], "escalation");
  }
  EXPECT_EQ(late_units, (std::set<std::string>{"Sở Tư pháp", "Sở Nội vụ"}));

  auto mails = escalations_to(sent, "vp@example.vn");
  ASSERT_EQ(mails.size(), 1u);
  std::string text = email_text_part(mails[0]->delivery.payload);
  EXPECT_NE(text.find("Kính gửi Văn phòng UBND tỉnh"), std::string::npos) << text;
  // Grouped by task: the title once, then the late units.
  EXPECT_NE(text.find("T1. Báo cáo"), std::string::npos) << text;
  EXPECT_EQ(text.find("T1. Báo cáo"), text.rfind("T1. Báo cáo")) << text;
  EXPECT_NE(text.find("  - Sở Tư pháp: hạn 15/03/2022, quá hạn 3 ngày làm việc"), std::string::npos) << text;
  EXPECT_NE(text.find("  - Sở Nội vụ: hạn 15/03/2022, quá hạn 3 ngày làm việc"), std::string::npos) << text;
  EXPECT_EQ(text.find("xin thông báo 0"), std::string::npos) << text;  // no empty own-items section
}

TEST_F(Escalation, NoneForDoneObligationsAndNoDuplicateAfterRestart) {
  auto outcome = done("T1", "snv", hanoi(3, 16, 14));
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_TRUE(outcome->late);
  auto sent = run_days(1, 18);
  auto hooks = escalations_to(sent, "https://hooks.example.vn/vp");
  ASSERT_EQ(hooks.size(), 1u);
  auto payload = nlohmann::json::parse(hooks[0]->delivery.payload);
  ASSERT_EQ(payload["items"].size(), 1u);
  EXPECT_EQ(payload["items"][0]["late_unit"]["id"], "stp");
  // A restart the same day, and the following days: sent rows are never re-sent.
  auto again = run_days(18, 25);
  EXPECT_TRUE(escalations_to(again, "https://hooks.example.vn/vp").empty());
}

TEST_F(Escalation, ZeroMeansNeverAndSupervisorsResolvePerUnitThenTier) {
  EXPECT_TRUE(escalation_enabled(config()));
  const Unit* stp = config().find_unit("stp");
  ASSERT_NE(stp, nullptr);
  ASSERT_NE(config().supervisor_of(*stp), nullptr);
  EXPECT_EQ(config().supervisor_of(*stp)->id, "vp");
  EXPECT_EQ(config().supervisor_of(*config().find_unit("vp")), nullptr);  // no province default

  std::string body = k_compliance_body;
  body.replace(body.find("escalate_after = 3"), 18, "escalate_after = 0");
  ConfigFixture fixture;
  auto snapshot = fixture.snapshot(body);
  EXPECT_FALSE(escalation_enabled(snapshot->config));
  auto obligations = known_obligations(snapshot->config, snapshot->calendar, {});
  EXPECT_TRUE(plan_escalations(snapshot->config, snapshot->calendar, snapshot->zone, obligations, {}).empty());
}

TEST_F(Escalation, UnknownSupervisorIsALocatedErrorWithASuggestion) {
  std::string body = k_compliance_body;
  body.replace(body.find("department = \"vp\""), 17, "department = \"vpp\"");
  body.replace(body.find("tier = \"department\""), 19, "tier = \"department\"\nsupervisor = \"snw\"");
  ConfigFixture fixture;
  LoadResult result = load_config(fixture.write(body));
  ASSERT_FALSE(result.config);
  std::string text = format_diagnostics(result.diagnostics);
  EXPECT_NE(text.find("unknown unit \"vpp\" in escalation.department; did you mean \"vp\"?"), std::string::npos)
      << text;
  EXPECT_NE(text.find("unknown unit \"snw\" in supervisor of unit \"stp\"; did you mean \"snv\"?"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace deadlined::testing
