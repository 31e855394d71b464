// The ack pages and JSON API as pure views over a real outbox: GET never
// changes state, POST marks done (how = link), undo, refused tokens, API auth.
#include <gtest/gtest.h>

#include "compliance/ack_token.hpp"
#include "compliance/acks.hpp"
#include "http_views/ack_pages.hpp"
#include "http_views/http_fixture.hpp"
#include "http_views/site.hpp"

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;

constexpr const char* k_ack_secret = "ack-secret-for-tests";
const ObligationRef k_stp{"kstthc-2022", "I.1", "2022-03-31", "stp"};

class AckPages : public deadlined::testing::SiteTest {
 protected:
  void SetUp() override {
    open_site(m_fixture.load("[http]\nbase_url = \"https://nhacviec.example.vn\"\nack_secret_env = \"ACK\"\n\n",
                             [](const std::string& name) {
                               return name == "ACK" ? std::optional<std::string>(k_ack_secret) : std::nullopt;
                             }));
    m_state.secrets.api_token = "api-token";
  }

  Instant now() const { return at("2022-03-20T10:00:00+07:00"); }

  std::string token(const ObligationRef& ref = k_stp) const {
    return make_ack_token(k_ack_secret, ref, now().time_since_epoch().count() + 3600);
  }

  SiteResponse send(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& type = "application/x-www-form-urlencoded",
                    const std::string& authorization = "") {
    SiteRequest request{method, target, authorization, type, body};
    return handle_request(request, m_state, now());
  }

  std::size_t events() const {
    auto rows = m_outbox->acks();
    return rows ? rows->size() : 0;
  }
};

TEST_F(AckPages, GetShowsTheObligationAndNeverChangesState) {
  for (int i = 0; i < 3; ++i) {
    auto response = send("GET", "/ack?t=" + token());
    EXPECT_EQ(response.status, 200u);
    EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
    EXPECT_NE(response.body.find("I.1. Báo cáo kết quả kiểm soát TTHC quý I"), std::string::npos);
    EXPECT_NE(response.body.find("Sở Tư pháp"), std::string::npos);
    EXPECT_NE(response.body.find("31/03/2022"), std::string::npos);
    EXPECT_NE(response.body.find("<form method=\"post\" action=\"https://nhacviec.example.vn/ack\">"),
              std::string::npos);
    EXPECT_NE(response.body.find("name=\"note\""), std::string::npos);
  }
  EXPECT_EQ(send("HEAD", "/ack?t=" + token()).status, 200u);
  EXPECT_EQ(events(), 0u);
}

TEST_F(AckPages, PostMarksDoneByLinkThenAlreadyDoneThenUndo) {
  auto done = send("POST", "/ack", "t=" + token() + "&note=%C4%90%C3%A3+n%E1%BB%99p");
  EXPECT_EQ(done.status, 200u) << done.body;
  EXPECT_NE(done.body.find("Đã ghi nhận hoàn thành đúng hạn"), std::string::npos);
  EXPECT_NE(done.body.find("action=\"https://nhacviec.example.vn/ack/undo\""), std::string::npos);
  auto rows = m_outbox->acks();
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().action, AckAction::done);
  EXPECT_EQ(rows->front().how, "link");
  EXPECT_EQ(rows->front().note, "Đã nộp");
  EXPECT_EQ(rows->front().unit, "stp");

  auto again = send("POST", "/ack", "t=" + token());
  EXPECT_EQ(again.status, 200u);
  EXPECT_NE(again.body.find("đã được xác nhận trước đó"), std::string::npos);
  EXPECT_EQ(events(), 1u);
  auto shown = send("GET", "/ack?t=" + token());
  EXPECT_NE(shown.body.find("Nhiệm vụ đã được xác nhận hoàn thành lúc"), std::string::npos);

  auto undone = send("POST", "/ack/undo", "t=" + token());
  EXPECT_EQ(undone.status, 200u) << undone.body;
  EXPECT_EQ(events(), 2u);
  EXPECT_EQ(send("POST", "/ack/undo", "t=" + token()).status, 409u);
  EXPECT_EQ(send("GET", "/ack/undo?t=" + token()).status, 405u);
}

TEST_F(AckPages, PostSaysTheNoteBackEscaped) {
  auto done = send("POST", "/ack",
                   "t=" + token() + "&note=%C4%90%C3%A3+n%E1%BB%99p+b%C3%A1o+c%C3%A1o+s%E1%BB%91+12%2FBC+%3Cb%3E");
  EXPECT_EQ(done.status, 200u) << done.body;
  EXPECT_NE(done.body.find("<p>Ghi chú đã lưu: Đã nộp báo cáo số 12/BC &lt;b&gt;</p>"), std::string::npos) << done.body;
  // Without a note, no such line.
  auto undone = send("POST", "/ack/undo", "t=" + token());
  EXPECT_EQ(undone.status, 200u) << undone.body;
  auto again = send("POST", "/ack", "t=" + token());
  EXPECT_EQ(again.body.find("Ghi chú đã lưu"), std::string::npos) << again.body;
}

TEST_F(AckPages, BadTokensAre403AndChangeNothing) {
  std::string good = token();
  std::string tampered = good;
  tampered[2] = tampered[2] == 'A' ? 'B' : 'A';
  std::string expired = make_ack_token(k_ack_secret, k_stp, now().time_since_epoch().count());
  std::string forged = make_ack_token("not-the-secret", k_stp, now().time_since_epoch().count() + 3600);
  ObligationRef snv = k_stp;
  snv.unit = "snv";
  std::string other = token(snv);
  std::string cross = other.substr(0, other.find('.')) + good.substr(good.find('.'));
  for (const std::string& bad : {tampered, expired, forged, cross, std::string("garbage")}) {
    EXPECT_EQ(send("GET", "/ack?t=" + bad).status, 403u) << bad;
    EXPECT_EQ(send("POST", "/ack", "t=" + bad).status, 403u) << bad;
    EXPECT_EQ(send("POST", "/ack/undo", "t=" + bad).status, 403u) << bad;
  }
  EXPECT_NE(send("GET", "/ack?t=" + expired).body.find("hết hạn"), std::string::npos);
  EXPECT_EQ(send("GET", "/ack").status, 400u);
  EXPECT_EQ(send("POST", "/ack", "t=" + good, "text/plain").status, 415u);
  EXPECT_EQ(send("POST", "/ack", "t=%zz").status, 400u);
  EXPECT_EQ(events(), 0u);
  // A token for an obligation the config does not have.
  ObligationRef gone = k_stp;
  gone.task = "IX.9";
  EXPECT_EQ(send("GET", "/ack?t=" + token(gone)).status, 404u);
}

TEST_F(AckPages, ControlCharactersAndBadUtf8AreRefusedNotStored) {
  EXPECT_EQ(send("POST", "/ack", "t=" + token() + "&note=a%00b").status, 400u);
  EXPECT_EQ(send("POST", "/ack", "t=" + token() + "&note=%1B%5B31m").status, 400u);
  EXPECT_EQ(send("POST", "/ack", "t=" + token() + "&note=%FF%FE").status, 400u);
  for (const char* body :
       {R"({"task":"I.1","unit":"snv","by":"a\u0000b"})", R"({"task":"I.1","unit":"snv","note":"\u001b[2J"})",
        R"({"task":"I.1\u0007","unit":"snv"})"}) {
    auto refused = send("POST", "/api/v1/done", body, "application/json", "Bearer api-token");
    EXPECT_EQ(refused.status, 400u) << body;
    EXPECT_NE(refused.body.find("control character"), std::string::npos) << refused.body;
  }
  EXPECT_EQ(events(), 0u);
  // Line breaks and tabs are a note's own.
  auto done = send("POST", "/ack", "t=" + token() + "&note=d%C3%B2ng+1%0D%0Ad%C3%B2ng+2%09x");
  EXPECT_EQ(done.status, 200u) << done.body;
  EXPECT_EQ(events(), 1u);
}

TEST_F(AckPages, JsonApiNeedsTheBearerToken) {
  const std::string body = R"({"task":"I.1","unit":"snv","note":"xong","by":"hệ thống một cửa"})";
  EXPECT_EQ(send("POST", "/api/v1/done", body, "application/json").status, 401u);
  EXPECT_EQ(send("POST", "/api/v1/done", body, "application/json", "Bearer wrong").status, 403u);
  EXPECT_EQ(events(), 0u);
  auto done = send("POST", "/api/v1/done", body, "application/json", "Bearer api-token");
  EXPECT_EQ(done.status, 200u) << done.body;
  EXPECT_EQ(done.content_type, "application/json");
  EXPECT_NE(done.body.find("\"ok\":true,\"action\":\"done\",\"plan\":\"kstthc-2022\",\"task\":\"I.1\","
                           "\"occurrence\":\"2022-03-31\",\"unit\":\"snv\",\"due\":\"2022-03-31\",\"late\":false"),
            std::string::npos)
      << done.body;
  auto rows = m_outbox->acks();
  ASSERT_TRUE(rows && rows->size() == 1u);
  EXPECT_EQ(rows->front().how, "api");
  EXPECT_EQ(rows->front().by, "hệ thống một cửa");
  EXPECT_EQ(send("POST", "/api/v1/done", body, "application/json", "Bearer api-token").status, 409u);
  EXPECT_EQ(send("POST", "/api/v1/undo", body, "application/json", "Bearer api-token").status, 200u);
  EXPECT_EQ(send("POST", "/api/v1/undo", body, "application/json", "Bearer api-token").status, 409u);
  EXPECT_EQ(send("POST", "/api/v1/done", "{", "application/json", "Bearer api-token").status, 400u);
  EXPECT_EQ(send("POST", "/api/v1/done", R"({"task":1,"unit":"stp"})", "application/json", "Bearer api-token").status,
            400u);
  EXPECT_EQ(send("POST", "/api/v1/done", R"({"unit":"stp"})", "application/json", "Bearer api-token").status, 400u);
  EXPECT_EQ(
      send("POST", "/api/v1/done", R"({"task":"I.1","unit":"nobody"})", "application/json", "Bearer api-token").status,
      404u);
  EXPECT_EQ(send("GET", "/api/v1/done").status, 405u);
  m_state.secrets.api_token.clear();
  EXPECT_EQ(send("POST", "/api/v1/done", body, "application/json", "Bearer api-token").status, 404u);
}

// A report series: the email names the period ("Kỳ: Báo cáo Quý II/2022"), so must the page the link opens,
// or the unit cannot tell which quarter it is confirming.
class AckPagesOfASeries : public deadlined::testing::SiteTest {
 protected:
  void SetUp() override {
    const std::string http = "[http]\nbase_url = \"https://nhacviec.example.vn\"\nack_secret_env = \"ACK\"\n\n";
    const std::string series =
        "\n[[plan.task]]\nid = \"VIII.1\"\ntitle = \"Báo cáo kết quả kiểm soát thủ tục hành chính\"\n"
        "lead = [\"stp\"]\nwhen = \"Báo cáo Quý I/2022; Báo cáo Quý II/2022; Báo cáo Năm 2022\"\n";
    open_site(m_fixture.load_text(deadlined::testing::http_test_config(m_fixture.state_dir(), http) + series,
                                  [](const std::string& name) {
                                    return name == "ACK" ? std::optional<std::string>(k_ack_secret) : std::nullopt;
                                  }));
  }
};

TEST_F(AckPagesOfASeries, ConfirmationPageNamesThePeriod) {
  const Instant now = at("2022-03-20T10:00:00+07:00");
  auto obligations = known_obligations(m_snapshot->config, m_snapshot->calendar, {});
  int pages = 0;
  for (const auto& obligation : obligations) {
    if (obligation.task->id != "VIII.1") {
      continue;
    }
    const std::string label = occurrence_label(*obligation.task, obligation.ref.occurrence);
    ASSERT_FALSE(label.empty()) << obligation.ref.key();
    const std::string token = make_ack_token(k_ack_secret, obligation.ref, now.time_since_epoch().count() + 3600);
    SiteRequest request{"GET", "/ack?t=" + token, "", "", ""};
    auto response = handle_request(request, m_state, now);
    EXPECT_EQ(response.status, 200u);
    EXPECT_NE(response.body.find("<tr><th>Kỳ</th><td><strong>" + label + "</strong></td></tr>"), std::string::npos)
        << response.body;
    ++pages;
  }
  EXPECT_EQ(pages, 3);
  // A task with one occurrence has no period row.
  SiteRequest single{"GET", "/ack?t=" + make_ack_token(k_ack_secret, k_stp, now.time_since_epoch().count() + 3600), "",
                     "", ""};
  EXPECT_EQ(handle_request(single, m_state, now).body.find("<th>Kỳ</th>"), std::string::npos);
}

TEST(AckForm, ParsesUrlEncodedBodies) {
  auto form = parse_form("t=abc.def&note=a+b%21&t=second&&empty=");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->at("t"), "abc.def");
  EXPECT_EQ(form->at("note"), "a b!");
  EXPECT_EQ(form->at("empty"), "");
  EXPECT_FALSE(parse_form("t=%4"));
}

}  // namespace
}  // namespace deadlined::http_views

namespace deadlined::http_views {
namespace {

// The ack pages come from the page template: an admin's ack.html.mustache replaces them.
TEST(AckPageTemplate, ReplacedByPagesTemplatesDir) {
  deadlined::testing::HttpFixture fixture;
  fixture.dir().write("pages/status.html.mustache", "S");
  fixture.dir().write("pages/report.html.mustache", "R");
  fixture.dir().write("pages/ack.html.mustache",
                      "[{{title}}|{{task_id}}|{{due_date}}|{{#messages}}{{text}};{{/messages}}"
                      "{{#has_done_form}}form:{{done_action}}:{{token}}{{/has_done_form}}]");
  auto snapshot = fixture.load(
      "[pages]\ntemplates_dir = \"" + (fixture.dir().path() / "pages").string() +
          "\"\n\n[http]\nbase_url = \"https://x.example\"\nack_secret_env = \"ACK\"\n\n",
      [](const std::string& name) { return name == "ACK" ? std::optional<std::string>("s") : std::nullopt; });
  auto outbox = Outbox::open(fixture.dir().path() / "state" / "outbox.sqlite");
  ASSERT_TRUE(outbox) << outbox.error();
  SiteState state;
  state.snapshot = snapshot;
  state.outbox = &*outbox;
  const Instant now = at("2022-03-20T10:00:00+07:00");
  const std::string token = make_ack_token("s", k_stp, now.time_since_epoch().count() + 3600);
  auto page = handle_request(SiteRequest{"GET", "/ack?t=" + token, ""}, state, now);
  EXPECT_EQ(page.status, 200u);
  EXPECT_EQ(page.body.rfind("[Xác nhận hoàn thành nhiệm vụ|I.1|31/03/2022|Đơn vị bấm nút", 0), 0u) << page.body;
  EXPECT_NE(page.body.find("form:https://x.example/ack:" + token + "]"), std::string::npos) << page.body;
  auto refused = handle_request(SiteRequest{"GET", "/ack?t=forged", ""}, state, now);
  EXPECT_EQ(refused.status, 403u);
  EXPECT_EQ(refused.body.rfind("[Liên kết không hợp lệ|||", 0), 0u) << refused.body;
}

}  // namespace
}  // namespace deadlined::http_views
