#include <gtest/gtest.h>

#include "http_views/http_fixture.hpp"
#include "http_views/status_page.hpp"

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;

TEST(StatusPage, EscapesHtml) { EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"); }

TEST(StatusPage, ShowsObligationsOutboxAndRecentDeliveries) {
  deadlined::testing::HttpFixture fixture;
  auto snapshot = fixture.load();
  StatusInput input;
  input.config = &snapshot->config;
  input.zone = &snapshot->zone;
  input.version = "9.9";
  input.today = make_date(2022, 4, 1);
  input.tallies = tally_obligations(snapshot->config, snapshot->calendar, input.today);
  input.outbox_counts = std::map<OutboxState, std::int64_t>{{OutboxState::pending, 3}, {OutboxState::dead, 1}};
  ReminderRow row;
  row.task = "I.1";
  row.unit = "snv";
  row.stage = "before-5";
  row.channel = "email";
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
  EXPECT_NE(html.find("2 quá hạn"), std::string::npos);
  EXPECT_NE(html.find("Gửi thất bại"), std::string::npos);
  EXPECT_NE(html.find("Chờ gửi"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;@x"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("550 &lt;no such user&gt;"), std::string::npos);
  EXPECT_NE(html.find("Sở Nội vụ; &quot;phòng&quot; &lt;b&gt;, số 1"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("ics/stp.ics?token=abc&amp;x=1"), std::string::npos);
}

TEST(StatusPage, UnreadableOutboxAndNoDeliveries) {
  deadlined::testing::HttpFixture fixture;
  auto snapshot = fixture.load();
  StatusInput input;
  input.config = &snapshot->config;
  input.zone = &snapshot->zone;
  input.today = make_date(2022, 3, 1);
  input.outbox_error = "database is locked";
  std::string html = render_status_page(input, at("2022-03-01T08:00:00+07:00"));
  EXPECT_NE(html.find("Không đọc được hộp thư đi: database is locked"), std::string::npos);
  EXPECT_NE(html.find("Chưa có lần gửi nào."), std::string::npos);
  EXPECT_EQ(html.find("Lịch ICS"), std::string::npos);
}

}  // namespace
}  // namespace deadlined::http_views
