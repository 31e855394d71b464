// /status shows its tables a page at a time (units, deliveries, feeds) with
// links to the neighbouring pages; the totals and the charts always cover
// everything. Real outbox file, real requests through handle_request.
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "http_views/http_fixture.hpp"
#include "http_views/site.hpp"

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;

// The fixture's config with five more lead units of I.1 (seven units, six rated).
std::string config_text(const std::filesystem::path& state) {
  std::string units;
  std::string leads = "lead = [\"stp\"";
  for (int i = 1; i <= 5; ++i) {
    const std::string id = "u" + std::to_string(i);
    units += "[[unit]]\nid = \"" + id + "\"\nname = \"Đơn vị " + std::to_string(i) +
             "\"\ntier = \"department\"\nchannels = []\n\n";
    leads += ", \"" + id + "\"";
  }
  std::string text = deadlined::testing::http_test_config(state, units);
  const std::string old_leads = "lead = [\"stp\"";
  text.replace(text.find(old_leads), old_leads.size(), leads);
  return text;
}

class StatusPaging : public deadlined::testing::SiteTest {
 protected:
  void SetUp() override {
    open_site(m_fixture.load_text(config_text(m_fixture.state_dir())));
    m_state.secrets = SiteSecrets{"admin-token", "feed-secret"};
  }

  // `rows` deliveries, the k-th one finished at base + k seconds (k from 0):
  // every seventh dead, every fifth failed, the others sent.
  void deliver(int rows) {
    std::vector<ReminderRow> planned;
    for (int i = 0; i < rows; ++i) {
      planned.push_back(deadlined::testing::email_row("T" + std::to_string(i), k_base - 100));
    }
    ASSERT_TRUE(m_outbox->reconcile(planned, k_base - 100));
    for (int i = 0; i < rows; ++i) {
      const std::string key = planned[static_cast<std::size_t>(i)].key;
      auto claimed = m_outbox->claim_seen({{Outbox::SeenRow{key, OutboxState::pending, 0}}}, k_base + i);
      ASSERT_TRUE(claimed && claimed->front()) << (claimed ? "not claimed" : claimed.error());
      if (i % 7 == 0) {
        ASSERT_EQ(*m_outbox->mark_dead({key}, k_base + i, "550 no such user"), 1u);
      } else if (i % 5 == 0) {
        ASSERT_EQ(*m_outbox->mark_failed({key}, k_base + i, "timeout", k_base + 10'000), 1u);
      } else {
        ASSERT_EQ(*m_outbox->mark_sent({key}, k_base + i), 1u);
      }
    }
  }

  SiteResponse get(const std::string& target, const std::string& authorization = "") {
    return handle_request(SiteRequest{"GET", target, authorization}, m_state, at("2022-04-01T10:00:00+07:00"));
  }

  // Task ids of the deliveries table, top to bottom.
  static std::vector<std::string> delivered_tasks(const std::string& html) {
    std::vector<std::string> tasks;
    const auto table = html.find("<table id=\"recent\">");
    if (table == std::string::npos) {
      return tasks;
    }
    const std::string body = html.substr(table, html.find("</table>", table) - table);
    std::regex cell("<tr><td class=\"date\">[^<]*</td><td>([^<]*)</td>");
    for (auto it = std::sregex_iterator(body.begin(), body.end(), cell); it != std::sregex_iterator(); ++it) {
      tasks.push_back((*it)[1].str());
    }
    return tasks;
  }

  static std::vector<std::string> unit_rows(const std::string& html) {
    std::vector<std::string> units;
    const auto table = html.find("<table id=\"by-unit\">");
    if (table == std::string::npos) {
      return units;
    }
    const std::string body = html.substr(table, html.find("</table>", table) - table);
    std::regex row("<tr data-unit=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(body.begin(), body.end(), row); it != std::sregex_iterator(); ++it) {
      units.push_back((*it)[1].str());
    }
    return units;
  }

  static constexpr std::int64_t k_base = 1'648'000'000;
};

TEST_F(StatusPaging, DeliveriesNewestFirstAPageAtATime) {
  deliver(120);
  auto first = get("/status?token=admin-token");
  ASSERT_EQ(first.status, 200u) << first.body;
  auto tasks = delivered_tasks(first.body);
  ASSERT_EQ(tasks.size(), 50u);
  EXPECT_EQ(tasks.front(), "T119");
  EXPECT_EQ(tasks.back(), "T70");
  EXPECT_NE(first.body.find("Lần gửi 1–50 trong 120 · trang 1/3"), std::string::npos) << first.body;
  EXPECT_NE(first.body.find("href=\"/status?token=admin-token&amp;page=1&amp;recent_page=2\" rel=\"next\""),
            std::string::npos);
  EXPECT_EQ(first.body.find("rel=\"prev\""), std::string::npos);
  // The outbox table counts every row, whatever the page.
  EXPECT_NE(first.body.find("<td>Gửi thất bại <span class=\"muted\">(dead)</span></td><td class=\"n\">18</td>"),
            std::string::npos);

  auto last = get("/status?token=admin-token&recent_page=3");
  ASSERT_EQ(last.status, 200u);
  tasks = delivered_tasks(last.body);
  ASSERT_EQ(tasks.size(), 20u);
  EXPECT_EQ(tasks.front(), "T19");
  EXPECT_EQ(tasks.back(), "T0");
  EXPECT_NE(last.body.find("Lần gửi 101–120 trong 120 · trang 3/3"), std::string::npos);
  EXPECT_NE(last.body.find("href=\"/status?token=admin-token&amp;page=1&amp;recent_page=2\" rel=\"prev\""),
            std::string::npos);
  EXPECT_EQ(last.body.find("rel=\"next\""), std::string::npos);
  // Past the end: the last page.
  EXPECT_EQ(delivered_tasks(get("/status?token=admin-token&recent_page=99").body), tasks);
  // Also a page number too large for any integer.
  auto huge = get("/status?token=admin-token&recent_page=999999999999999999999999&page=99999999999999999999999");
  ASSERT_EQ(huge.status, 200u) << huge.body;
  EXPECT_EQ(delivered_tasks(huge.body), tasks);
  // With the token in a header, links do not carry it.
  auto bearer = get("/status", "Bearer admin-token");
  EXPECT_NE(bearer.body.find("href=\"/status?page=1&amp;recent_page=2\""), std::string::npos) << bearer.body;
  EXPECT_EQ(bearer.body.find("admin-token"), std::string::npos);
}

TEST_F(StatusPaging, UnitsAndFeedsPagedTotalsAndChartsWhole) {
  m_state.page_size = 4;
  auto first = get("/status?token=admin-token");
  ASSERT_EQ(first.status, 200u) << first.body;
  auto page1 = unit_rows(first.body);
  ASSERT_EQ(page1.size(), 4u);
  EXPECT_NE(first.body.find("Đơn vị 1–4 trong 6 · trang 1/2"), std::string::npos) << first.body;
  auto second = get("/status?token=admin-token&page=2");
  auto page2 = unit_rows(second.body);
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_NE(second.body.find("Đơn vị 5–6 trong 6 · trang 2/2"), std::string::npos);
  for (const auto& unit : page2) {
    EXPECT_EQ(std::find(page1.begin(), page1.end(), unit), page1.end()) << unit;
  }
  for (const auto* html : {&first.body, &second.body}) {
    // Totals over all six rated units (I.1 due 31/03 is overdue on 01/04).
    EXPECT_NE(html->find("Tổng cộng 6 nhiệm vụ chủ trì"), std::string::npos);
    EXPECT_NE(html->find("6 quá hạn</span>"), std::string::npos);
    // The chart has a bar for each of the six units on every page (and its
    // table for a phone a row for each).
    const auto chart = html->find("id=\"chart-units\"");
    ASSERT_NE(chart, std::string::npos);
    const std::string figure = html->substr(chart, html->find("</figure>", chart) - chart);
    for (const std::string row : {"<g class=\"row\" data-id=", "<tr class=\"row\" data-id="}) {
      std::size_t bars = 0;
      for (auto at = figure.find(row); at != std::string::npos; at = figure.find(row, at + 1)) {
        ++bars;
      }
      EXPECT_EQ(bars, 6u) << row;
    }
  }
  // Feeds: seven units, four per page.
  EXPECT_NE(first.body.find("id=\"feeds-pager\">Đơn vị 1–4 trong 7 · trang 1/2"), std::string::npos);
  EXPECT_NE(second.body.find("id=\"feeds-pager\">Đơn vị 5–7 trong 7 · trang 2/2"), std::string::npos);
}

TEST_F(StatusPaging, AMalformedPageIsABadRequest) {
  for (const char* target : {"/status?token=admin-token&page=0", "/status?token=admin-token&page=x",
                             "/status?token=admin-token&recent_page=-1", "/status?token=admin-token&page=2a"}) {
    auto response = get(target);
    EXPECT_EQ(response.status, 400u) << target;
  }
}

}  // namespace
}  // namespace deadlined::http_views
