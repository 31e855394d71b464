// The report email at scale: every table cut to report.mail_rows rows, the
// ones needing action kept, the rest counted; totals always whole. A plan of
// 30 departments and 12 tasks, read through the real config loader, outbox
// and dispatcher.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compliance/compliance_fixture.hpp"
#include "compliance/report.hpp"
#include "compliance/report_digest.hpp"
#include "delivery/test_helpers.hpp"
#include "support/dispatch.hpp"

namespace deadlined::testing {
namespace {

constexpr int k_units = 30;
constexpr int k_tasks = 12;

std::string unit_id(int index) {
  return "u" + std::string(index < 10 ? "0" : "") + std::to_string(index);
}

// Task i (0-11) is led by units 3i-3i+2 (mod 30): tasks 0-5 fall due in
// February and March 2022 (overdue on the report day unless done), 6-11 in
// June (pending). Task 0 is due first, so its units are the most days late.
std::string large_plan(std::string_view report_keys) {
  std::string text = "[[policy]]\nid = \"default\"\n[policy.lead]\nbefore = [2]\ndue_day = true\n\n";
  text += unit_toml("vp", email_and_hook_toml("vp"));
  for (int u = 0; u < k_units; ++u) {
    text += "\n[[unit]]\nid = \"" + unit_id(u) + "\"\nname = \"Đơn vị " + unit_id(u) +
            "\"\ntier = \"department\"\nemail = [\"" + unit_id(u) + "@example.vn\"]\n";
  }
  text += "\n" + plan_toml(2022);
  for (int t = 0; t < k_tasks; ++t) {
    const int month = t < 6 ? 2 + t / 3 : 6;
    const int day = t < 6 ? 1 + (t % 3) * 7 : 10 + t;
    text += "\n[[plan.task]]\nid = \"T" + std::to_string(t) + "\"\ntitle = \"Nhiệm vụ " + std::to_string(t) +
            "\"\nlead = [\"" + unit_id(3 * t % k_units) + "\", \"" + unit_id((3 * t + 1) % k_units) + "\", \"" +
            unit_id((3 * t + 2) % k_units) + "\"]\nschedule = { date = 2022-" + (month < 10 ? "0" : "") +
            std::to_string(month) + "-" + (day < 10 ? "0" : "") + std::to_string(day) + " }\n";
  }
  return text + "\n[report]\nto = \"vp\"\nweekday = \"monday\"\n" + std::string(report_keys);
}

std::size_t count(const std::string& text, std::string_view needle) {
  std::size_t found = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) {
    ++found;
  }
  return found;
}

// The part of an HTML page between two markers.
std::string between(const std::string& html, std::string_view from, std::string_view to) {
  const auto start = html.find(from);
  if (start == std::string::npos) {
    return {};
  }
  return html.substr(start, html.find(to, start) - start);
}

class ReportExcerptTest : public ComplianceTest {
 protected:
  void SetUp() override {
    m_snapshot = m_fixture.snapshot(large_plan("mail_rows = 10\n"));
    auto opened = Outbox::open(outbox_path(m_snapshot->config));
    ASSERT_TRUE(opened) << opened.error();
    m_outbox = std::make_unique<Outbox>(std::move(*opened));
    m_log = std::make_shared<spdlog::logger>("excerpt-test", std::make_shared<spdlog::sinks::null_sink_st>());
    // u01 did task 0 on time: one of the 18 overdue-or-done obligations is not overdue.
    ASSERT_TRUE(done("T0", "u01", hanoi(1, 28, 9)));
  }

  ComplianceReport report(Date as_of) {
    auto acks = m_outbox->acks();
    EXPECT_TRUE(acks);
    return build_compliance_report(config(), m_snapshot->calendar, m_snapshot->zone, {}, *acks, as_of);
  }
};

TEST_F(ReportExcerptTest, TheConfigSetsTheRowsOfTheEmail) {
  EXPECT_EQ(config().report.mail_rows, 10);
  ConfigFixture defaults;
  EXPECT_EQ(defaults.snapshot(large_plan(""))->config.report.mail_rows, 200);
  auto refused = defaults.try_snapshot(large_plan("mail_rows = 5\n"));
  ASSERT_FALSE(refused);
  const std::string errors = format_diagnostics(refused.error());
  EXPECT_NE(errors.find("mail_rows"), std::string::npos) << errors;
}

TEST_F(ReportExcerptTest, KeepsWhatNeedsActionAndCountsTheRest) {
  const ComplianceReport whole = report(make_date(2022, 3, 21));
  ASSERT_EQ(whole.entries.size(), 36u);
  ASSERT_EQ(whole.by_unit.size(), 30u);
  ASSERT_EQ(whole.totals.overdue, 17);  // tasks 0-5, less u01's task 0

  const ReportExcerpt excerpt = report_excerpt(whole, 10);
  ASSERT_EQ(excerpt.units.size(), 10u);
  EXPECT_EQ(excerpt.more_units, 20u);
  ASSERT_EQ(excerpt.tasks.size(), 10u);
  EXPECT_EQ(excerpt.more_tasks, 2u);
  ASSERT_EQ(excerpt.entries.size(), 10u);
  EXPECT_EQ(excerpt.more_entries, 26u);
  EXPECT_TRUE(excerpt.untimed.empty());
  EXPECT_EQ(excerpt.more_untimed, 0u);

  // Units: worst first, every one listed has something overdue.
  std::vector<ComplianceGroup> worst = worst_first(whole.by_unit);
  worst.resize(10);
  EXPECT_EQ(excerpt.units, worst);
  for (const auto& unit : excerpt.units) {
    EXPECT_GT(unit.totals.overdue, 0) << unit.id;
  }
  // Entries: the ten most days overdue (tasks 0-3, u01's task 0 is done), in
  // the report's order (due date).
  std::set<std::string> tasks;
  for (std::size_t i = 0; i < excerpt.entries.size(); ++i) {
    EXPECT_EQ(excerpt.entries[i]->status, ComplianceStatus::overdue);
    tasks.insert(excerpt.entries[i]->obligation.ref.task);
    if (i > 0) {
      EXPECT_LE(excerpt.entries[i - 1]->obligation.due, excerpt.entries[i]->obligation.due);
    }
  }
  EXPECT_EQ(tasks, (std::set<std::string>{"T0", "T1", "T2", "T3"}));
  // The pending tasks of June are the ones left out of the task table.
  for (const auto& task : excerpt.tasks) {
    EXPECT_NE(task.id, "T10");
    EXPECT_NE(task.id, "T11");
  }

  // No limit: everything, in the report's order.
  const ReportExcerpt all = report_excerpt(whole);
  EXPECT_EQ(all.units.size(), 30u);
  EXPECT_EQ(all.tasks, whole.by_task);
  EXPECT_EQ(all.entries.size(), 36u);
  EXPECT_EQ(all.more_units + all.more_tasks + all.more_entries + all.more_untimed, 0u);
}

TEST_F(ReportExcerptTest, TheBoundedPageSaysWhatItLeftOut) {
  const ComplianceReport whole = report(make_date(2022, 3, 21));
  const std::string bounded =
      compliance_html(whole, config(), m_snapshot->zone, {}, ChartMedium::mail, config().report.mail_rows);
  EXPECT_EQ(count(between(bounded, "<table id=\"by-unit\"", "</table>"), "<tr data-unit="), 10u);
  EXPECT_EQ(count(between(bounded, "<table id=\"by-task\"", "</table>"), "<tr data-task="), 10u);
  EXPECT_EQ(count(between(bounded, "<table id=\"detail\"", "</table>"), "<td class=\"overdue\">"), 10u);
  EXPECT_NE(bounded.find("… và 20 đơn vị khác."), std::string::npos);
  EXPECT_NE(bounded.find("… và 2 nhiệm vụ khác."), std::string::npos);
  EXPECT_NE(bounded.find("… và 26 dòng khác."), std::string::npos);
  EXPECT_NE(bounded.find("Thư này chỉ nêu 10 dòng cần chú ý nhất"), std::string::npos);
  // The totals are the whole report's.
  EXPECT_NE(bounded.find("Tổng cộng 36 nhiệm vụ"), std::string::npos);
  EXPECT_NE(bounded.find("17 quá hạn"), std::string::npos);

  const std::string whole_page = compliance_html(whole, config(), m_snapshot->zone);
  EXPECT_EQ(count(between(whole_page, "<table id=\"by-unit\"", "</table>"), "<tr data-unit="), 30u);
  EXPECT_EQ(whole_page.find("khác."), std::string::npos);
  EXPECT_EQ(whole_page.find("Thư này chỉ nêu"), std::string::npos);
}

TEST_F(ReportExcerptTest, TheTextListsAtMostTheLimit) {
  const ComplianceReport whole = report(make_date(2022, 3, 21));
  const std::string text = compliance_text(whole, "Văn phòng", 10);
  EXPECT_EQ(count(text, "\n  - Đơn vị u"), 10u);
  EXPECT_NE(text.find("... và 7 đơn vị khác"), std::string::npos) << text;  // 17 units have one overdue
  const std::string all = compliance_text(whole, "Văn phòng");
  EXPECT_EQ(count(all, "\n  - Đơn vị u"), 17u);
  EXPECT_EQ(all.find("đơn vị khác"), std::string::npos);
}

TEST_F(ReportExcerptTest, TheSentEmailIsBoundedAndTheWebhookWhole) {
  Dispatcher dispatcher(*m_outbox, m_snapshot, *m_log);
  ASSERT_TRUE(dispatcher.start(hanoi(3, 21, 7)));
  auto sent = send_due(dispatcher, hanoi(3, 21));
  ASSERT_TRUE(sent) << sent.error();
  const Delivery* mail = nullptr;
  const Delivery* hook = nullptr;
  for (const auto& delivery : *sent) {
    if (delivery.rows.front().stage == k_stage_report) {
      (delivery.channel == Channel::email ? mail : hook) = &delivery;
    }
  }
  ASSERT_NE(mail, nullptr);
  ASSERT_NE(hook, nullptr);
  const auto payload = nlohmann::json::parse(hook->payload);
  EXPECT_EQ(payload["report"]["entries"].size(), 36u);
  EXPECT_EQ(payload["report"]["by_unit"].size(), 30u);

  // The HTML part (base64, the second part of the message).
  const std::string marker = "Content-Transfer-Encoding: base64\r\n\r\n";
  const auto text_at = mail->payload.find(marker);
  ASSERT_NE(text_at, std::string::npos);
  auto html_at = mail->payload.find(marker, text_at + marker.size());
  ASSERT_NE(html_at, std::string::npos);
  html_at += marker.size();
  const std::string html =
      delivery::testing::base64_decode(mail->payload.substr(html_at, mail->payload.find("\r\n--", html_at) - html_at));
  EXPECT_EQ(count(between(html, "<table id=\"by-unit\"", "</table>"), "<tr data-unit="), 10u) << html;
  EXPECT_NE(html.find("… và 20 đơn vị khác."), std::string::npos);
}

}  // namespace
}  // namespace deadlined::testing
