// The periodic compliance report: planned as outbox rows (stage "report") and
// rendered when sent, from the acknowledgements as they are then.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compliance/compliance_fixture.hpp"
#include "compliance/report_digest.hpp"
#include "delivery/encoding.hpp"
#include "delivery/test_helpers.hpp"
#include "support/dispatch.hpp"

namespace deadlined::testing {
namespace {

class ReportDigest : public ComplianceTest {
 protected:
  void SetUp() override {
    m_snapshot = m_fixture.snapshot(std::string(k_compliance_body) + "\n[report]\nto = \"vp\"\nweekday = \"monday\"\n");
    auto opened = Outbox::open(outbox_path(m_snapshot->config));
    ASSERT_TRUE(opened) << opened.error();
    m_outbox = std::make_unique<Outbox>(std::move(*opened));
    m_log = std::make_shared<spdlog::logger>("report-test", std::make_shared<spdlog::sinks::null_sink_st>());
  }

  std::vector<std::pair<Instant, Delivery>> run_days(unsigned first, unsigned last) {
    Dispatcher dispatcher(*m_outbox, m_snapshot, *m_log);
    EXPECT_TRUE(dispatcher.start(hanoi(3, first)));
    std::vector<std::pair<Instant, Delivery>> sent;
    for (unsigned day = first; day <= last; ++day) {
      Instant now = hanoi(3, day);
      auto delivered = send_due(dispatcher, now);
      EXPECT_TRUE(delivered) << delivered.error();
      for (auto& delivery : *delivered) {
        if (delivery.rows.front().stage == "report") {
          sent.emplace_back(now, delivery);
        }
      }
    }
    return sent;
  }
};

TEST_F(ReportDigest, RowsOnEveryReportDayRolledPastHolidays) {
  auto rows = plan_report_rows(config(), m_snapshot->calendar, m_snapshot->zone);
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) {
    EXPECT_EQ(row.stage, "report");
    EXPECT_EQ(row.unit, "vp");
  }
  // Monday 2 May 2022 is a compensatory day off: that report goes out on the next working day.
  bool found = false;
  for (const auto& row : rows) {
    if (row.occurrence == "2022-05-02" && row.channel == Channel::email) {
      found = true;
      EXPECT_NE(row.due, "2022-05-02");
      EXPECT_TRUE(m_snapshot->calendar.is_working(*parse_iso_date(row.due)));
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ReportDigest, CoordinatorReceivesTheReportOnReportDaysOnlyOnce) {
  ASSERT_TRUE(done("T1", "stp", hanoi(3, 14, 10)));
  auto sent = run_days(14, 21);
  // Monday 14/3 and Monday 21/3, by email and webhook.
  ASSERT_EQ(sent.size(), 4u);
  const Delivery* hook = nullptr;
  const Delivery* mail = nullptr;
  for (const auto& [at, delivery] : sent) {
    if (at == hanoi(3, 21)) {
      (delivery.channel == Channel::webhook ? hook : mail) = &delivery;
    }
  }
  ASSERT_NE(hook, nullptr);
  ASSERT_NE(mail, nullptr);
  auto payload = nlohmann::json::parse(hook->payload);
  EXPECT_EQ(payload["type"], "deadlined.report");
  EXPECT_EQ(payload["unit"]["id"], "vp");
  EXPECT_EQ(payload["report"]["as_of"], "2022-03-21");
  EXPECT_EQ(payload["report"]["totals"]["on_time"], 1);
  EXPECT_EQ(payload["report"]["totals"]["overdue"], 1);
  EXPECT_EQ(payload["report"]["totals"]["pending"], 2);

  const std::string marker = "Content-Transfer-Encoding: base64\r\n\r\n";
  auto start = mail->payload.find(marker);
  ASSERT_NE(start, std::string::npos);
  start += marker.size();
  std::string text =
      delivery::testing::base64_decode(mail->payload.substr(start, mail->payload.find("\r\n--", start) - start));
  EXPECT_NE(text.find("Kính gửi Văn phòng UBND tỉnh"), std::string::npos) << text;
  EXPECT_NE(text.find("Tỷ lệ đúng hạn: 50,0 %"), std::string::npos) << text;
  EXPECT_NE(text.find("Sở Nội vụ: 1 nhiệm vụ, 4 ngày làm việc"), std::string::npos) << text;

  // A restart the same day sends nothing again.
  EXPECT_TRUE(run_days(21, 21).empty());
}

// The report email of one plan: on that plan's list (List-Id), and both parts
// end with the plan's office to contact.
TEST(ReportMailFooter, TheReportedPlansListAndContact) {
  ConfigFixture fixture;
  std::string body = k_compliance_body;
  body.insert(body.find("year = 2022\n") + 12, "contact = \"Sở Tư pháp <KSTTHC>, ĐT 0234 3821 000\"\n");
  const auto snapshot = fixture.snapshot(
      "[email]\nfrom = \"nhacviec@thuathienhue.example.vn\"\ncontact = \"Văn phòng UBND tỉnh, ĐT 0234 3822 123\"\n" +
      body + "\n[report]\nto = \"vp\"\nweekday = \"monday\"\nplan = \"p\"\n");
  std::vector<ReminderRow> rows;
  for (auto& row : plan_report_rows(snapshot->config, snapshot->calendar, snapshot->zone)) {
    if (row.occurrence == "2022-03-21" && row.channel == Channel::email) {
      rows.push_back(row);
    }
  }
  ASSERT_EQ(rows.size(), 1u);
  const auto deliveries = build_report_deliveries(rows, *snapshot, {}, {}, hanoi(3, 21));
  ASSERT_EQ(deliveries.size(), 1u);
  const std::string& message = deliveries.front().payload;
  ASSERT_FALSE(message.empty()) << deliveries.front().render_error.value_or("");
  const std::size_t list = message.find("\r\nList-Id: ");
  ASSERT_NE(list, std::string::npos);
  const std::size_t end = message.find("\r\n", message.find('<', list));
  EXPECT_EQ(message.substr(list, end - list), "\r\nList-Id: =?UTF-8?B?" + delivery::base64_encode("Kế hoạch thử") +
                                                  "?=\r\n <p.deadlined.thuathienhue.example.vn>");
  const std::string marker = "Content-Transfer-Encoding: base64\r\n\r\n";
  std::vector<std::string> parts;
  for (std::size_t at = message.find(marker); at != std::string::npos; at = message.find(marker, at + 1)) {
    const std::size_t start = at + marker.size();
    parts.push_back(delivery::testing::base64_decode(message.substr(start, message.find("\r\n--", start) - start)));
  }
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_NE(parts[0].find("Liên hệ: Sở Tư pháp <KSTTHC>, ĐT 0234 3821 000\r\n"), std::string::npos) << parts[0];
  EXPECT_NE(parts[1].find("<p class=\"contact\">Liên hệ: Sở Tư pháp &lt;KSTTHC&gt;, ĐT 0234 3821 000</p>"),
            std::string::npos);
}

// A province plan in its second year: thousands of overdue working days are
// written as Vietnamese read them, "113.408", not "113408".
TEST(ComplianceText, LargeCountsAreGroupedTheVietnameseWay) {
  ComplianceReport report;
  report.as_of = make_date(2023, 3, 20);
  report.totals.overdue = 1735;
  report.totals.overdue_days = 113408;
  report.totals.pending = 264;
  ComplianceGroup unit;
  unit.id = "vp";
  unit.name = "Văn phòng UBND tỉnh";
  unit.totals.overdue = 1018;
  unit.totals.overdue_days = 2988;
  report.by_unit.push_back(unit);
  const std::string text = compliance_text(report, "Văn phòng UBND tỉnh");
  EXPECT_NE(text.find("Quá hạn: 1.735 (tổng 113.408 ngày làm việc)"), std::string::npos) << text;
  EXPECT_NE(text.find("Chưa đến hạn: 264\n"), std::string::npos) << text;
  EXPECT_NE(text.find("- Văn phòng UBND tỉnh: 1.018 nhiệm vụ, 2.988 ngày làm việc"), std::string::npos) << text;
}

}  // namespace
}  // namespace deadlined::testing
