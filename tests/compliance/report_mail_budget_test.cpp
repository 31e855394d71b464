// The report email under its size budget at any scale: Gmail clips a message
// past about 102 KB, hiding its end. The budget is the whole raw message as
// sent (headers, both parts base64 encoded). 300 communes with long
// names, two monthly tasks over two years (14,424 obligations with the
// province office's, every one overdue): the page with report.mail_rows rows per table is several times
// the budget, so the email lists fewer rows, then only the totals per tier.
#include <gtest/gtest.h>

#include "compliance/compliance_fixture.hpp"
#include "compliance/report.hpp"
#include "compliance/report_digest.hpp"
#include "delivery/email.hpp"

#include <algorithm>
#include <chrono>

namespace deadlined::testing {
namespace {

constexpr int k_communes = 300;

std::string commune_id(int index) {
  return "xa-" + std::to_string(index);
}

std::string large_two_year_plan() {
  std::string text = "[[policy]]\nid = \"default\"\n[policy.lead]\nbefore = [2]\ndue_day = true\n\n";
  text += unit_toml("vp", email_and_hook_toml("vp"));
  std::string leads;
  for (int u = 0; u < k_communes; ++u) {
    text += "\n[[unit]]\nid = \"" + commune_id(u) + "\"\nname = \"Ủy ban nhân dân xã Quảng Thành số " +
            std::to_string(u) + ", huyện Quảng Điền, tỉnh Thừa Thiên Huế\"\ntier = \"commune\"\nemail = [\"" +
            commune_id(u) + "@example.vn\"]\n";
    leads += std::string(u ? ", " : "") + "\"" + commune_id(u) + "\"";
  }
  text += "\n" + multi_year_plan_toml(2022, 2023);
  for (const char* id : {"VIII.1", "VIII.2"}) {
    text += "\n[[plan.task]]\nid = \"" + std::string(id) +
            "\"\ntitle = \"Báo cáo tình hình, kết quả thực hiện kiểm soát thủ tục hành chính, thực hiện cơ chế một "
            "cửa, một cửa liên thông hằng tháng\"\nlead = [" +
            (std::string(id) == "VIII.2" ? "\"vp\", " : "") + leads + "]\nwhen = \"Hằng tháng, trước ngày 25\"\n";
  }
  return text + "\n[report]\nto = \"vp\"\nweekday = \"monday\"\n";
}

class ReportMailBudget : public ComplianceTest {
 protected:
  void SetUp() override { m_snapshot = m_fixture.snapshot(large_two_year_plan()); }

  ComplianceReport report() const {
    return build_compliance_report(config(), m_snapshot->calendar, m_snapshot->zone, {}, {}, make_date(2023, 12, 4));
  }
};

constexpr const char* k_link = "https://nhacviec.example.vn/report?as_of=2023-12-04&t=abc";

TEST_F(ReportMailBudget, AHugeReportIsSummarisedUnderTheBudget) {
  const ComplianceReport whole = report();
  ASSERT_EQ(whole.by_unit.size(), 1u + k_communes);
  ASSERT_EQ(whole.by_tier.size(), 2u);
  ASSERT_GT(whole.totals.overdue, 13000);
  // What the email was before the budget: far past Gmail's clipping point.
  const std::string unbounded = compliance_html(whole, config(), m_snapshot->zone, {}, ChartMedium::mail,
                                                static_cast<std::size_t>(config().report.mail_rows));
  ASSERT_GT(unbounded.size(), 3 * k_report_mail_budget);

  const ReportMail mail = compliance_mail_html(whole, config(), m_snapshot->zone, {},
                                               static_cast<std::size_t>(config().report.mail_rows), k_link);
  // The message as the daemon sends it, to an addressee with a long name.
  delivery::RenderedDigest content;
  content.subject = "[Báo cáo] Tình hình thực hiện nhiệm vụ đến ngày 04/12/2023";
  const std::string name = "Văn phòng Ủy ban nhân dân tỉnh Thừa Thiên Huế, Phòng Kiểm soát thủ tục hành chính";
  content.text =
      compliance_text(whole, name, std::max(mail.rows, k_report_mail_min_rows), k_link, config().contact_for(""));
  content.html = mail.html;
  const auto message =
      delivery::render_message(content, name, "vanthu@vp.example.vn", "deadlined-0123456789abcdef",
                               delivery::EmailSettings{"Hệ thống nhắc việc", "nhacviec@example.vn", "example.vn"},
                               delivery::MailingList{"p", "Kế hoạch thử"}, std::chrono::sys_seconds{}, 420);
  ASSERT_TRUE(message.has_value()) << message.error();
  EXPECT_LE(message->size(), k_report_mail_budget);
  // Gmail's clipping point, with room to spare: the parts are a third larger encoded.
  EXPECT_LT(message->size(), std::size_t{100 * 1000});
  EXPECT_GT(message->size(), k_report_mail_budget * 8 / 10) << "the budget is used, not wasted";
  EXPECT_GE(mail.rows, k_report_mail_min_rows);
  EXPECT_LT(mail.rows, static_cast<std::size_t>(config().report.mail_rows));
  // It says what it left out, where the rest is, and keeps the totals whole.
  EXPECT_NE(mail.html.find("Thư này chỉ nêu " + std::to_string(mail.rows) + " dòng"), std::string::npos);
  EXPECT_NE(mail.html.find("<a href=\"https://nhacviec.example.vn/report?as_of=2023-12-04&amp;t=abc\">Xem báo cáo đầy "
                           "đủ</a>"),
            std::string::npos);
  EXPECT_NE(mail.html.find("Tổng cộng 14.424 nhiệm vụ"), std::string::npos);
  EXPECT_NE(mail.html.find("<tr data-tier=\"commune\""), std::string::npos);
  EXPECT_NE(mail.html.find("đơn vị khác."), std::string::npos);
  EXPECT_EQ(mail.html.find("<svg"), std::string::npos);
  EXPECT_NE(mail.html.rfind("</html>"), std::string::npos);
}

TEST_F(ReportMailBudget, PastTheFewestRowsTheTotalsPerTierAreLeft) {
  const ComplianceReport whole = report();
  constexpr std::size_t k_tight = 6 * 1024;
  const ReportMail mail = compliance_mail_html(whole, config(), m_snapshot->zone, {}, 200, k_link, k_tight);
  EXPECT_EQ(mail.rows, 0u);
  EXPECT_LE(mail.html.size(), k_tight);
  EXPECT_NE(mail.html.find("Tổng cộng 14.424 nhiệm vụ"), std::string::npos);
  EXPECT_NE(mail.html.find("<tr data-tier=\"commune\"><td>Cấp xã</td>"), std::string::npos) << mail.html;
  EXPECT_NE(mail.html.find("href=\"https://nhacviec.example.vn/report?as_of=2023-12-04&amp;t=abc\""),
            std::string::npos);
  // Without a link the reader is told where the whole report is.
  const ReportMail unlinked = compliance_mail_html(whole, config(), m_snapshot->zone, {}, 200, "", k_tight);
  EXPECT_NE(unlinked.html.find("deadlined report --format html"), std::string::npos);
}

TEST_F(ReportMailBudget, TheTextPartNamesTheTiersAndTheLink) {
  const std::string text = compliance_text(report(), "Văn phòng UBND tỉnh", 10, k_link);
  EXPECT_NE(text.find("Báo cáo đầy đủ (theo đơn vị, nhiệm vụ và chi tiết): " + std::string(k_link)), std::string::npos)
      << text;
  EXPECT_NE(text.find("Theo cấp:\n  - Cấp tỉnh: 0 đúng hạn, 0 trễ hạn, 23 quá hạn, 1 chưa đến hạn; tỷ lệ đúng hạn 0,0 "
                      "%\n  - Cấp xã: 0 đúng hạn, 0 trễ hạn, 13.800 quá hạn"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("... và 291 đơn vị khác"), std::string::npos) << text;
  EXPECT_LT(text.size(), std::size_t{8 * 1024});
}

TEST(ReportLink, SignedPerDayAndPlanAndOffWithoutASecretOrAddress) {
  const Date day = make_date(2022, 3, 21);
  EXPECT_EQ(report_link("https://a.example/", "s", "", day),
            "https://a.example/report?as_of=2022-03-21&t=" + report_link_token("s", "", day));
  EXPECT_EQ(report_link("https://a.example", "s", "kế hoạch", day),
            "https://a.example/report?as_of=2022-03-21&plan=k%E1%BA%BF%20ho%E1%BA%A1ch&t=" +
                report_link_token("s", "kế hoạch", day));
  EXPECT_NE(report_link_token("s", "", day), report_link_token("s", "", make_date(2022, 3, 28)));
  EXPECT_NE(report_link_token("s", "", day), report_link_token("s", "p", day));
  EXPECT_NE(report_link_token("s", "", day), report_link_token("t", "", day));
  EXPECT_EQ(report_link_token("", "", day), "");
  EXPECT_EQ(report_link("", "s", "", day), "");
  EXPECT_EQ(report_link("https://a.example", "", "", day), "");
}

}  // namespace
}  // namespace deadlined::testing
