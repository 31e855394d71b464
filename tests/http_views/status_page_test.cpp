#include <gtest/gtest.h>

#include "http_views/http_fixture.hpp"
#include "http_views/status_page.hpp"

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;

// The fixture's snapshot and a page input over it for one day.
class StatusPage : public ::testing::Test {
 protected:
  void SetUp() override { m_snapshot = m_fixture.load(); }

  StatusInput input_on(Date today) const {
    StatusInput input;
    input.config = &m_snapshot->config;
    input.zone = &m_snapshot->zone;
    input.today = today;
    return input;
  }

  deadlined::testing::HttpFixture m_fixture;
  std::shared_ptr<const Snapshot> m_snapshot;
};

TEST_F(StatusPage, ManyPlansAreTenTitlesAndACount) {
  std::string text = deadlined::testing::http_test_config(m_fixture.state_dir());
  for (int year = 2023; year <= 2033; ++year) {
    const std::string y = std::to_string(year);
    text += "\n[[plan]]\nid = \"kstthc-" + y + "\"\ntitle = \"Kế hoạch kiểm soát thủ tục hành chính năm " + y +
            "\"\nyear = " + y + "\n\n[[plan.task]]\nid = \"I.1\"\ntitle = \"Rà soát\"\nlead = [\"stp\"]\n" +
            "schedule = { date = " + y + "-03-31 }\n";
  }
  auto snapshot = m_fixture.load_text(text);
  ASSERT_EQ(snapshot->config.plans.size(), 12u);
  StatusInput input = input_on(make_date(2022, 4, 1));
  input.config = &snapshot->config;
  const std::string html = render_status_page(input, at("2022-04-01T09:30:00+07:00"));
  EXPECT_NE(html.find("(kstthc-2031)</span><br>… và 2 kế hoạch khác</p>"), std::string::npos) << html;
  EXPECT_EQ(html.find("kstthc-2032"), std::string::npos);
  EXPECT_EQ(html.find("kế hoạch khác"), html.rfind("kế hoạch khác"));

  const std::string one_plan = render_status_page(input_on(make_date(2022, 4, 1)), at("2022-04-01T09:30:00+07:00"));
  EXPECT_EQ(one_plan.find("kế hoạch khác"), std::string::npos);
}

TEST_F(StatusPage, EscapesHtml) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST_F(StatusPage, ShowsObligationsOutboxAndRecentDeliveries) {
  StatusInput input = input_on(make_date(2022, 4, 1));
  input.version = "9.9";
  ComplianceReport report =
      build_compliance_report(m_snapshot->config, m_snapshot->calendar, m_snapshot->zone, {}, {}, input.today);
  input.report = &report;
  input.outbox_counts = std::map<OutboxState, std::int64_t>{{OutboxState::pending, 3}, {OutboxState::dead, 1}};
  ReminderRow row;
  row.task = "I.1";
  row.unit = "snv";
  row.stage = "before-5";
  row.channel = Channel::email;
  row.recipient = "<script>@x";
  row.state = OutboxState::dead;
  row.updated_at = at("2022-03-24T08:00:00+07:00").time_since_epoch().count();
  row.last_error = "550 <no such user>";
  input.recent = {row};
  input.feed_urls["stp"] = "http://127.0.0.1:8787/ics/stp.ics?token=abc&x=1";
  std::string html = render_status_page(input, at("2022-04-01T09:30:00+07:00"));
  EXPECT_NE(html.find("<html lang=\"vi\">"), std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("Cập nhật lúc 09:30 01/04/2022"), std::string::npos);
  EXPECT_NE(html.find("Kế hoạch kiểm soát thủ tục hành chính năm 2022"), std::string::npos);
  EXPECT_NE(html.find("Sở Tư pháp"), std::string::npos);
  // Only the lead unit is rated: stp is overdue, snv (support) is not counted.
  EXPECT_NE(html.find("1 quá hạn"), std::string::npos) << html;
  EXPECT_NE(html.find("data-unit=\"stp\" data-on-time=\"0\" data-late=\"0\" data-pending=\"0\" data-overdue=\"1\""),
            std::string::npos);
  EXPECT_NE(html.find("<td>I.1</td>"), std::string::npos);  // overdue tasks by id
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("Gửi thất bại"), std::string::npos);
  EXPECT_NE(html.find("Chờ gửi"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;@x"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("550 &lt;no such user&gt;"), std::string::npos);
  EXPECT_NE(html.find("Sở Nội vụ; &quot;phòng&quot; &lt;b&gt;, số 1"), std::string::npos);  // recent deliveries
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("trước hạn 5 ngày"), std::string::npos);  // stage in Vietnamese
  EXPECT_NE(html.find("ics/stp.ics?token=abc&amp;x=1"), std::string::npos);
}

TEST_F(StatusPage, UnreadableOutboxAndNoDeliveries) {
  StatusInput input = input_on(make_date(2022, 3, 1));
  input.outbox_error = "database is locked";
  std::string html = render_status_page(input, at("2022-03-01T08:00:00+07:00"));
  EXPECT_NE(html.find("Không đọc được hộp thư đi: database is locked"), std::string::npos);
  EXPECT_NE(html.find("Chưa có lần gửi nào."), std::string::npos);
  EXPECT_EQ(html.find("Lịch ICS"), std::string::npos);
  EXPECT_NE(html.find("Không có nhiệm vụ có hạn."), std::string::npos);
}

TEST_F(StatusPage, UnitsWorstFirstWithChartsAndNoScript) {
  StatusInput input = input_on(make_date(2022, 4, 5));
  ComplianceReport report =
      build_compliance_report(m_snapshot->config, m_snapshot->calendar, m_snapshot->zone, {}, {}, input.today);
  input.report = &report;
  std::string html = render_status_page(input, at("2022-04-05T08:00:00+07:00"));
  for (const char* id : {"chart-units", "chart-tiers", "chart-heat-map", "chart-timeline"}) {
    EXPECT_NE(html.find(std::string("<figure id=\"") + id + "\">"), std::string::npos) << id;
  }
  EXPECT_NE(html.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_NE(html.find("data-task=\"I.1\" data-due=\"2022-03-31\" data-status=\"overdue\" data-count=\"1\""),
            std::string::npos);
  EXPECT_NE(html.find("data-unit=\"stp\" data-month=\"2022-03\" data-overdue=\"1\""), std::string::npos);
  EXPECT_NE(html.find("<tr data-unit=\"stp\" class=\"has-overdue\">"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  // Nothing fetched from the network: no external resource of any kind.
  for (const char* fetch : {" src=", "url(", "<link", "@import", "<script", "<iframe", "<img"}) {
    EXPECT_EQ(html.find(fetch), std::string::npos) << fetch;
  }
}

// A plan's second year runs beside its first, with the same task ids: the
// unit's overdue tasks say which plan each id belongs to, and both are listed.
TEST_F(StatusPage, OverdueTasksOfSeveralPlansNameTheirPlan) {
  const std::string second_year =
      "\n[[plan]]\nid = \"kstthc-2023\"\ntitle = \"Kế hoạch kiểm soát thủ tục hành chính năm 2023\"\nyear = 2023\n\n"
      "[[plan.task]]\nid = \"I.1\"\ntitle = \"Báo cáo kết quả kiểm soát TTHC quý I, năm 2023\"\nlead = [\"stp\"]\n"
      "schedule = { date = 2023-03-31 }\n";
  auto snapshot = m_fixture.load_text(deadlined::testing::http_test_config(m_fixture.state_dir()) + second_year);
  StatusInput input;
  input.config = &snapshot->config;
  input.zone = &snapshot->zone;
  input.today = make_date(2023, 4, 5);
  ComplianceReport report =
      build_compliance_report(snapshot->config, snapshot->calendar, snapshot->zone, {}, {}, input.today);
  input.report = &report;
  std::string html = render_status_page(input, at("2023-04-05T08:00:00+07:00"));
  EXPECT_NE(html.find("<td>kstthc-2022: I.1; kstthc-2023: I.1</td>"), std::string::npos) << html;
}

TEST_F(StatusPage, ReplaceableTemplate) {
  StatusInput input = input_on(make_date(2022, 4, 5));
  ComplianceReport report =
      build_compliance_report(m_snapshot->config, m_snapshot->calendar, m_snapshot->zone, {}, {}, input.today);
  input.report = &report;
  input.page_template = "<p>{{#units}}{{id}}={{overdue}};{{/units}}</p>";
  EXPECT_EQ(render_status_page(input, at("2022-04-05T08:00:00+07:00")), "<p>stp=1;</p>");
}

TEST_F(StatusPage, StageLabels) {
  EXPECT_EQ(stage_label("before-10"), "trước hạn 10 ngày");
  EXPECT_EQ(stage_label("due"), "ngày đến hạn");
  EXPECT_EQ(stage_label("overdue-2"), "quá hạn, lần 2");
  EXPECT_EQ(stage_label("before-x"), "before-x");
}

}  // namespace
}  // namespace deadlined::http_views
