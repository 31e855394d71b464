// The compliance report on a small plan: statuses, overdue days, rates, and
// the four output formats.
#include <algorithm>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compliance/compliance_fixture.hpp"
#include "compliance/report.hpp"

namespace deadlined::testing {
namespace {

class Report : public ComplianceTest {
 protected:
  void SetUp() override {
    ComplianceTest::SetUp();
    ASSERT_TRUE(done("T1", "stp", hanoi(3, 14, 16)));                        // on time
    ASSERT_TRUE(done("T1", "snv", hanoi(3, 17, 9)));                         // 2 working days late
    ASSERT_TRUE(done("T2", "stp", hanoi(4, 6, 9), make_date(2022, 3, 31)));  // after the report day
  }

  ComplianceReport report(Date as_of) {
    auto acks = m_outbox->acks();
    EXPECT_TRUE(acks);
    return build_compliance_report(config(), m_snapshot->calendar, m_snapshot->zone, {}, *acks, as_of, "p");
  }

  static const ComplianceGroup* group(const std::vector<ComplianceGroup>& groups, const std::string& id) {
    for (const auto& g : groups) {
      if (g.id == id) {
        return &g;
      }
    }
    return nullptr;
  }
};

TEST_F(Report, CountsStatusesOverdueDaysAndRates) {
  ComplianceReport r = report(make_date(2022, 4, 5));
  ASSERT_EQ(r.entries.size(), 4u);  // lead obligations only: vp supports T2
  EXPECT_EQ(r.totals.on_time, 1);
  EXPECT_EQ(r.totals.late, 1);
  EXPECT_EQ(r.totals.pending, 1);
  EXPECT_EQ(r.totals.overdue, 1);
  EXPECT_EQ(r.totals.overdue_days, 3);  // due Thu 31/3: Fri 1/4, Mon 4/4, Tue 5/4
  ASSERT_TRUE(r.totals.on_time_rate());
  EXPECT_NEAR(*r.totals.on_time_rate(), 1.0 / 3.0, 1e-9);

  const ComplianceGroup* stp = group(r.by_unit, "stp");
  const ComplianceGroup* snv = group(r.by_unit, "snv");
  ASSERT_NE(stp, nullptr);
  ASSERT_NE(snv, nullptr);
  EXPECT_EQ(group(r.by_unit, "vp"), nullptr);
  EXPECT_EQ(stp->totals.on_time, 1);
  EXPECT_EQ(stp->totals.overdue, 1);
  EXPECT_EQ(stp->totals.pending, 1);
  EXPECT_NEAR(*stp->totals.on_time_rate(), 0.5, 1e-9);
  EXPECT_EQ(snv->totals.late, 1);
  EXPECT_NEAR(*snv->totals.on_time_rate(), 0.0, 1e-9);

  ASSERT_EQ(r.by_tier.size(), 1u);
  EXPECT_EQ(r.by_tier[0].id, "department");
  EXPECT_EQ(r.by_tier[0].totals.total(), 4);

  const ComplianceGroup* t1 = group(r.by_task, "T1");
  const ComplianceGroup* t2 = group(r.by_task, "T2");
  ASSERT_NE(t1, nullptr);
  ASSERT_NE(t2, nullptr);
  EXPECT_NEAR(*t1->totals.on_time_rate(), 0.5, 1e-9);
  EXPECT_EQ(t2->totals.overdue, 1);
  EXPECT_EQ(t2->totals.pending, 1);

  for (const auto& entry : r.entries) {
    if (entry.obligation.ref.unit == "snv") {
      EXPECT_EQ(entry.status, ComplianceStatus::late);
      EXPECT_EQ(entry.days_late, 2);
    }
  }
  // Later, the T2 ack counts: done late by 4 working days.
  ComplianceReport later = report(make_date(2022, 4, 6));
  EXPECT_EQ(later.totals.overdue, 0);
  EXPECT_EQ(later.totals.late, 2);
  // Before anything was due, nothing has a rate.
  ComplianceReport early = report(make_date(2022, 3, 1));
  EXPECT_EQ(early.totals.pending, 4);
  EXPECT_FALSE(early.totals.on_time_rate());
  EXPECT_EQ(rate_text(early.totals.on_time_rate()), "—");
  EXPECT_EQ(rate_text(1.0 / 3.0), "33,3 %");
}

TEST_F(Report, JsonParsesWithTotalsGroupsAndEntries) {
  auto json = nlohmann::json::parse(compliance_json(report(make_date(2022, 4, 5)), m_snapshot->zone));
  EXPECT_EQ(json["as_of"], "2022-04-05");
  EXPECT_EQ(json["plan"], "p");
  EXPECT_EQ(json["totals"]["on_time"], 1);
  EXPECT_EQ(json["totals"]["overdue_days"], 3);
  EXPECT_NEAR(json["totals"]["on_time_rate"].get<double>(), 1.0 / 3.0, 1e-9);
  EXPECT_EQ(json["by_unit"].size(), 2u);
  EXPECT_EQ(json["by_tier"][0]["id"], "department");
  ASSERT_EQ(json["entries"].size(), 4u);
  EXPECT_EQ(json["entries"][0]["task_title"], "Báo cáo \"quý\" <một>, hai & ba");
  EXPECT_EQ(json["entries"][0]["done_by"], "tester");
}

TEST_F(Report, CsvHasBomCrlfAndRfc4180Quoting) {
  std::string csv = compliance_csv(report(make_date(2022, 4, 5)), m_snapshot->zone);
  ASSERT_GE(csv.size(), 3u);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.substr(3, 10), "plan,task,");
  EXPECT_NE(csv.find("\r\n"), std::string::npos);
  EXPECT_NE(csv.find(",\"Báo cáo \"\"quý\"\" <một>, hai & ba\","), std::string::npos) << csv;
  EXPECT_NE(csv.find("unit,stp,Sở Tư pháp,1,0,1,1,3,3,0.5000\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("all,,Tổng cộng,1,1,1,1,3,4,0.3333\r\n"), std::string::npos) << csv;
  EXPECT_EQ(csv_field("a\nb"), "\"a\nb\"");
  EXPECT_EQ(csv_field("plain"), "plain");
}

// A note typed on the acknowledgement page cannot become a spreadsheet formula.
TEST_F(Report, CsvNeutralisesCellsASpreadsheetWouldReadAsFormulas) {
  const std::string formula = "=HYPERLINK(\"http://evil.example/x\",\"bấm\")";
  const ComplianceReport before = report(make_date(2022, 12, 31));
  const auto open = std::find_if(before.entries.begin(), before.entries.end(),
                                 [](const ComplianceEntry& entry) { return !entry.done; });
  ASSERT_NE(open, before.entries.end());
  const KnownObligation& target = open->obligation;
  const auto marked =
      mark_done(*m_outbox, obligation(target.ref.task, target.ref.unit, parse_iso_date(target.ref.occurrence)),
                AckRequest{"văn thư", AckHow::link, formula}, m_snapshot->zone, hanoi(4, 7, 9));
  ASSERT_TRUE(marked) << marked.error().message;
  const std::string csv = compliance_csv(report(make_date(2022, 12, 31)), m_snapshot->zone);
  EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"http://evil.example/x\"\",\"\"bấm\"\")\"\r\n"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",\"=HYPERLINK"), std::string::npos) << csv;
  for (const char* cell : {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"}) {
    EXPECT_EQ(csv_field(cell).find_first_of("=+-@\t\r"), csv_field(cell).find('\'') + 1) << cell;
    EXPECT_EQ(csv_field(cell).rfind("'", 0) == 0 || csv_field(cell).rfind("\"'", 0) == 0, true) << cell;
  }
  EXPECT_EQ(csv_field("a=b"), "a=b");
}

TEST_F(Report, HtmlIsAStandaloneVietnamesePageWithEscapedText) {
  std::string html = compliance_html(report(make_date(2022, 4, 5)), config(), m_snapshot->zone);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<html lang=\"vi\">"), std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"UTF-8\">"), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("<table id=\"by-unit\">"), std::string::npos);
  EXPECT_NE(html.find("Báo cáo &quot;quý&quot; &lt;một&gt;, hai &amp; ba"), std::string::npos);
  EXPECT_EQ(html.find("<một>"), std::string::npos);
  EXPECT_NE(html.find("33,3 %"), std::string::npos);
  EXPECT_NE(html.find("Sở Nội vụ"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST(ClassifyObligation, OneDefinitionOfOverdue) {
  const Date due = make_date(2022, 3, 31);
  EXPECT_EQ(classify_obligation(due, std::nullopt, make_date(2022, 3, 31)), ComplianceStatus::pending);  // due today
  EXPECT_EQ(classify_obligation(due, std::nullopt, make_date(2022, 4, 1)), ComplianceStatus::overdue);
  EXPECT_EQ(classify_obligation(due, make_date(2022, 3, 31), make_date(2022, 4, 9)), ComplianceStatus::on_time);
  EXPECT_EQ(classify_obligation(due, make_date(2022, 4, 1), make_date(2022, 4, 9)), ComplianceStatus::late);
  EXPECT_TRUE(rated_role(Role::lead));
  EXPECT_FALSE(rated_role(Role::support));
}

TEST_F(Report, HtmlHasChartsTaskIdsAndUnitsWorstFirst) {
  ComplianceReport r = report(make_date(2022, 4, 5));
  std::string html = compliance_html(r, config(), m_snapshot->zone);
  EXPECT_NE(html.find("đến ngày 05/04/2022"), std::string::npos);
  for (const char* id : {"chart-units", "chart-tiers", "chart-heat-map", "chart-timeline"}) {
    EXPECT_NE(html.find(std::string("<figure id=\"") + id + "\">"), std::string::npos) << id;
  }
  EXPECT_EQ(html.find("<script"), std::string::npos);
  // Units worst first: stp (1 overdue) before snv (none), in the table and in the chart.
  EXPECT_LT(html.find("<tr data-unit=\"stp\" class=\"has-overdue\">"), html.find("<tr data-unit=\"snv\">"));
  EXPECT_LT(html.find("data-unit=\"stp\" data-on-time"), html.find("data-unit=\"snv\" data-on-time"));
  EXPECT_NE(html.find("data-unit=\"stp\" data-on-time=\"1\" data-late=\"0\" data-pending=\"1\" data-overdue=\"1\" "
                      "data-total=\"3\" data-rate=\"0.500000\""),
            std::string::npos);
  EXPECT_NE(html.find("data-tier=\"department\""), std::string::npos);
  EXPECT_NE(html.find("data-unit=\"stp\" data-month=\"2022-03\" data-overdue=\"1\""), std::string::npos);
  // The by-task table shows task ids.
  EXPECT_NE(html.find("<tr data-task=\"T1\"><td class=\"id\">T1</td><td>Báo cáo &quot;quý&quot;"), std::string::npos)
      << html;
  EXPECT_NE(html.find("data-task=\"T2\" data-due=\"2022-03-31\" data-status=\"overdue\""), std::string::npos);
  EXPECT_NE(html.find("data-task=\"T2\" data-due=\"2022-06-30\" data-status=\"pending\""), std::string::npos);
  EXPECT_NE(html.find("data-task=\"T1\" data-due=\"2022-03-15\" data-status=\"late\" data-count=\"2\""),
            std::string::npos);
  EXPECT_NE(html.find(std::string(k_overdue_definition)), std::string::npos);
}

TEST_F(Report, HtmlFromAReplacedTemplate) {
  std::string html =
      compliance_html(report(make_date(2022, 4, 5)), config(), m_snapshot->zone,
                      "{{#totals}}{{overdue}}/{{total}}{{/totals}} {{#tasks}}{{id}} {{/tasks}}{{title}}");
  EXPECT_EQ(html, "1/4 T1 T2 Báo cáo tình hình thực hiện nhiệm vụ đến ngày 05/04/2022");
}

}  // namespace
}  // namespace deadlined::testing
