#include <gtest/gtest.h>
#include <sqlite3.h>

#include "http_views/http_fixture.hpp"
#include "http_views/ics.hpp"
#include "http_views/request.hpp"
#include "http_views/site.hpp"

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;

class Site : public deadlined::testing::SiteTest {
 protected:
  void SetUp() override {
    open_site(m_fixture.load());
    m_state.secrets = SiteSecrets{"admin-token", "feed-secret"};
  }

  SiteResponse get(const std::string& target, const std::string& method = "GET",
                   const std::string& authorization = "") {
    return handle_request(SiteRequest{method, target, authorization}, m_state, at("2022-03-20T10:00:00+07:00"));
  }
};

TEST_F(Site, Healthz) {
  auto response = get("/healthz");
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, "{\"status\":\"ok\",\"version\":\"9.9\",\"outbox\":true}\n");
}

TEST_F(Site, HealthzFailsWhileTheOutboxRefusesWrites) {
  DaemonCounters counters;
  counters.outbox_refusal = "database or disk is full";
  counters.outbox_refusing_since = at("2022-03-20T09:59:30+07:00");
  m_state.counters = &counters;
  auto response = get("/healthz");
  EXPECT_EQ(response.status, 503u);
  EXPECT_EQ(response.body,
            "{\"status\":\"failing\",\"version\":\"9.9\",\"outbox\":false,\"reason\":\"the outbox refuses to "
            "record deliveries: database or disk is full (for 30 s)\"}\n");
  EXPECT_NE(get("/metrics").body.find("deadlined_outbox_refusing 1\n"), std::string::npos);
  counters.outbox_refusal.reset();
  counters.outbox_refusing_since.reset();
  EXPECT_EQ(get("/healthz").status, 200u) << "recovers once a write is recorded";
  EXPECT_NE(get("/metrics").body.find("deadlined_outbox_refusing 0\n"), std::string::npos);
}

TEST_F(Site, HealthzIsDegradedWithoutRoomForTheOutbox) {
  m_state.outbox_space_available = 12 * 1024;
  auto response = get("/healthz");
  EXPECT_EQ(response.status, 503u);
  EXPECT_NE(response.body.find("\"status\":\"degraded\""), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("12 KiB free on the file system of the outbox"), std::string::npos) << response.body;
  m_state.outbox_space_available = k_outbox_space_minimum;
  EXPECT_EQ(get("/healthz").status, 200u);
}

TEST_F(Site, HealthzSaysWhyTheLastReloadWasRefusedAndStaysOk) {
  DaemonCounters counters;
  counters.config_loaded = at("2022-03-20T08:00:00+07:00");
  counters.last_reload = DaemonCounters::Reload{at("2022-03-20T09:00:00+07:00"),
                                                "reload failed: a.toml:3:1: \"x\"; keeping the running configuration"};
  m_state.counters = &counters;
  auto response = get("/healthz");
  EXPECT_EQ(response.status, 200u) << "the previous configuration runs";
  EXPECT_EQ(response.body,
            "{\"status\":\"ok\",\"version\":\"9.9\",\"outbox\":true,\"last_reload\":{\"time\":\"2022-03-20T09:00:00+07:"
            "00\",\"result\":\"failed\",\"error\":\"reload failed: a.toml:3:1: \\\"x\\\"; keeping the running "
            "configuration\"}}\n");
  const std::string failed = get("/metrics").body;
  EXPECT_NE(failed.find("deadlined_config_last_reload_successful 0\n"), std::string::npos) << failed;
  EXPECT_NE(failed.find("deadlined_config_last_reload_success_timestamp_seconds 1647738000\n"), std::string::npos);
  counters.last_reload = DaemonCounters::Reload{at("2022-03-20T09:30:00+07:00"), ""};
  EXPECT_NE(get("/healthz").body.find("\"last_reload\":{\"time\":\"2022-03-20T09:30:00+07:00\",\"result\":\"ok\"}}"),
            std::string::npos);
  EXPECT_NE(get("/metrics").body.find("deadlined_config_last_reload_successful 1\n"), std::string::npos);
}

TEST_F(Site, Metrics) {
  auto response = get("/metrics");
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.content_type, k_metrics_content_type);
  EXPECT_NE(response.body.find("deadlined_obligations{plan=\"kstthc-2022\",state=\"pending\"} 1\n"), std::string::npos);
}

TEST_F(Site, UnknownPathsAndTraversalAre404) {
  for (const char* target : {"/", "/nope", "/healthz/", "/HEALTHZ", "/metrics/../healthz", "/ics/../../etc/passwd",
                             "/ics/..%2f..%2fetc%2fpasswd.ics", "/ics/.ics", "/ics/stp", "/ics/nope.ics",
                             "/ics/stp/../snv.ics", "/status/x", "//healthz"}) {
    EXPECT_EQ(get(std::string(target) + "?token=" + feed_token("feed-secret", "stp")).status, 404u) << target;
  }
}

TEST_F(Site, MalformedTargetIs400) {
  EXPECT_EQ(get("healthz").status, 400u);
}

TEST_F(Site, WrongMethodIs405) {
  auto response = get("/healthz", "POST");
  EXPECT_EQ(response.status, 405u);
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0], (std::pair<std::string, std::string>{"Allow", "GET, HEAD"}));
  EXPECT_EQ(get("/metrics", "DELETE").status, 405u);
  EXPECT_EQ(get("/healthz", "HEAD").status, 200u);
}

TEST_F(Site, IcsNeedsTheUnitsToken) {
  EXPECT_EQ(get("/ics/stp.ics").status, 401u);
  EXPECT_EQ(get("/ics/stp.ics?token=").status, 401u);
  EXPECT_EQ(get("/ics/stp.ics?token=00").status, 403u);
  EXPECT_EQ(get("/ics/stp.ics?token=" + feed_token("feed-secret", "snv")).status, 403u);
  EXPECT_EQ(get("/ics/stp.ics?token=" + feed_token("other-secret", "stp")).status, 403u);
  auto response = get("/ics/stp.ics?token=" + feed_token("feed-secret", "stp"));
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.content_type, k_ics_content_type);
  EXPECT_TRUE(response.body.starts_with("BEGIN:VCALENDAR\r\n"));
}

TEST_F(Site, IcsOffWithoutASecret) {
  m_state.secrets.feed_secret.clear();
  EXPECT_EQ(get("/ics/stp.ics?token=" + feed_token("", "stp")).status, 404u);
}

TEST_F(Site, StatusNeedsTheAdminToken) {
  auto missing = get("/status");
  EXPECT_EQ(missing.status, 401u);
  EXPECT_EQ(get("/status?token=wrong").status, 403u);
  EXPECT_EQ(get("/status", "GET", "Bearer wrong").status, 403u);
  EXPECT_EQ(get("/status?token=admin-token").status, 200u);
  auto response = get("/status", "GET", "Bearer admin-token");
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_NE(response.body.find("/ics/stp.ics?token=" + feed_token("feed-secret", "stp")), std::string::npos);
  m_state.secrets.status_token.clear();
  EXPECT_EQ(get("/status?token=").status, 404u);
}

// Renames a table of the outbox through a connection of its own.
void rename_table(const std::filesystem::path& file, const std::string& from, const std::string& to) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  const std::string sql = "ALTER TABLE " + from + " RENAME TO " + to;
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

// Without the acknowledgements or the trigger log every done obligation
// would show as pending or overdue: the views that count them say they
// cannot, and the scraper or calendar keeps its last good copy.
TEST_F(Site, ViewsThatCountDoneWorkAnswer503WhenTheOutboxCannotBeRead) {
  const std::string feed = "/ics/stp.ics?token=" + feed_token("feed-secret", "stp");
  for (const std::string table : {"ack_events", "triggers"}) {
    rename_table(m_outbox->path(), table, table + "_away");
    for (const std::string& target : {std::string("/metrics"), feed, std::string("/status?token=admin-token")}) {
      auto response = get(target);
      EXPECT_EQ(response.status, 503u) << table << " " << target;
      EXPECT_NE(response.body.find("the outbox cannot be read"), std::string::npos) << response.body;
    }
    rename_table(m_outbox->path(), table + "_away", table);
    for (const std::string& target : {std::string("/metrics"), feed, std::string("/status?token=admin-token")}) {
      EXPECT_EQ(get(target).status, 200u) << table << " " << target;
    }
  }
}

TEST(SiteSecretsTest, ResolvedFromTheEnvironment) {
  HttpConfig http;
  http.status_token_env = "TOKEN";
  http.feed_secret_env = "FEED";
  auto environment = [](const std::string& name) -> std::optional<std::string> {
    if (name == "TOKEN") {
      return "t";
    }
    return std::nullopt;
  };
  auto missing = resolve_site_secrets(http, environment);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("FEED"), std::string::npos);
  http.feed_secret_env.clear();
  auto resolved = resolve_site_secrets(http, environment);
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->status_token, "t");
  EXPECT_EQ(resolved->feed_secret, "");
}

TEST(SiteBaseUrl, DefaultsToTheListenAddress) {
  HttpConfig http;
  EXPECT_EQ(base_url(http), "http://127.0.0.1:8787");
  http.base_url = "https://nhacviec.example.vn";
  EXPECT_EQ(base_url(http), "https://nhacviec.example.vn");
}

}  // namespace
}  // namespace deadlined::http_views
