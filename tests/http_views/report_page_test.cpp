// /report: the whole compliance report on the status server, opened by the
// admin token or by the signed link of a report email (that day and plan only).
#include <gtest/gtest.h>

#include "compliance/report_digest.hpp"
#include "http_views/http_fixture.hpp"
#include "http_views/site.hpp"

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;

class ReportPage : public deadlined::testing::SiteTest {
 protected:
  void SetUp() override {
    auto snapshot = std::make_shared<Snapshot>(*m_fixture.load());
    snapshot->config.http.base_url = "https://nhacviec.example.vn/";
    snapshot->ack_secret = "link-secret";
    open_site(snapshot);
    m_state.secrets = SiteSecrets{"admin-token", "feed-secret"};
  }

  SiteResponse get(const std::string& target, const std::string& authorization = "") {
    return handle_request(SiteRequest{"GET", target, authorization}, m_state, at("2022-04-20T10:00:00+07:00"));
  }

  // The path and query of the email's link to the report as of `day`.
  std::string link(const std::string& plan, Date day) const {
    const std::string url = report_link(m_snapshot->config.http.base_url, m_snapshot->ack_secret, plan, day);
    const std::string base = "https://nhacviec.example.vn";
    EXPECT_EQ(url.rfind(base + "/report?", 0), 0u) << url;
    return url.substr(base.size());
  }
};

TEST_F(ReportPage, TheEmailsSignedLinkOpensThatDaysReport) {
  const std::string target = link("", make_date(2022, 4, 4));
  EXPECT_EQ(target, "/report?as_of=2022-04-04&t=" + report_link_token("link-secret", "", make_date(2022, 4, 4)));
  auto response = get(target);
  ASSERT_EQ(response.status, 200u) << response.body;
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_NE(response.body.find("Báo cáo tình hình thực hiện nhiệm vụ đến ngày 04/04/2022"), std::string::npos);
  // The page's charts are SVG and its tables whole (no "rows left out" note).
  EXPECT_NE(response.body.find("<svg"), std::string::npos);
  EXPECT_NE(response.body.find("<tr data-unit=\"stp\""), std::string::npos);
  EXPECT_EQ(response.body.find("Thư này chỉ nêu"), std::string::npos);

  const std::string with_plan = link("kstthc-2022", make_date(2022, 4, 4));
  EXPECT_NE(with_plan.find("&plan=kstthc-2022&t="), std::string::npos) << with_plan;
  auto planned = get(with_plan);
  ASSERT_EQ(planned.status, 200u) << planned.body;
  EXPECT_NE(planned.body.find("3489/QĐ-UBND"), std::string::npos);
}

TEST_F(ReportPage, ALinkOpensNoOtherDayOrPlanAndATamperedOneNothing) {
  const std::string target = link("", make_date(2022, 4, 4));
  const std::string token = report_link_token("link-secret", "", make_date(2022, 4, 4));
  EXPECT_EQ(get("/report?as_of=2022-04-05&t=" + token).status, 403u);
  EXPECT_EQ(get("/report?as_of=2022-04-04&plan=kstthc-2022&t=" + token).status, 403u);
  std::string tampered = target;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(get(tampered).status, 403u);
  EXPECT_EQ(get("/report?as_of=2022-04-04&t=").status, 403u);
  // Without the link secret no link opens anything.
  auto unsigned_snapshot = std::make_shared<Snapshot>(*m_snapshot);
  unsigned_snapshot->ack_secret.clear();
  m_state.snapshot = unsigned_snapshot;
  EXPECT_EQ(get(target).status, 404u);
}

TEST_F(ReportPage, TheAdminTokenOpensAnyDay) {
  EXPECT_EQ(get("/report").status, 401u);
  EXPECT_EQ(get("/report?token=wrong").status, 403u);
  auto today = get("/report", "Bearer admin-token");
  ASSERT_EQ(today.status, 200u) << today.body;
  EXPECT_NE(today.body.find("đến ngày 20/04/2022"), std::string::npos);
  auto earlier = get("/report?token=admin-token&as_of=2022-03-01");
  ASSERT_EQ(earlier.status, 200u);
  EXPECT_NE(earlier.body.find("đến ngày 01/03/2022"), std::string::npos);
  EXPECT_EQ(get("/report?token=admin-token&as_of=1/3/2022").status, 400u);
  EXPECT_EQ(get("/report?token=admin-token&plan=nope").status, 404u);
  m_state.secrets.status_token.clear();
  EXPECT_EQ(get("/report?token=admin-token").status, 404u);
}

TEST_F(ReportPage, TheStatusPageLinksToIt) {
  auto by_query = get("/status?token=admin-token");
  ASSERT_EQ(by_query.status, 200u);
  EXPECT_NE(by_query.body.find("<a href=\"/report?token=admin-token\">Báo cáo đầy đủ</a>"), std::string::npos);
  auto by_header = get("/status", "Bearer admin-token");
  ASSERT_EQ(by_header.status, 200u);
  EXPECT_NE(by_header.body.find("<a href=\"/report\">Báo cáo đầy đủ</a>"), std::string::npos);
}

}  // namespace
}  // namespace deadlined::http_views
