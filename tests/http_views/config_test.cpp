// The [http] table of the configuration.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "http_views/http_fixture.hpp"

namespace deadlined {
namespace {

LoadResult load_with(const testing::TempDir& dir, const std::string& http) {
  return load_config(dir.write("main.toml", testing::http_test_config(dir.path() / "state", http)));
}

TEST(HttpConfigTest, OffWithoutTheTable) {
  testing::TempDir dir;
  auto result = load_with(dir, "");
  ASSERT_TRUE(result.config) << testing::format_diagnostics(result.diagnostics);
  EXPECT_FALSE(result.config->http.enabled);
  EXPECT_EQ(result.config->http.listen, "127.0.0.1:8787");
}

TEST(HttpConfigTest, OnWithTheTable) {
  testing::TempDir dir;
  auto result = load_with(dir,
                          "[http]\nlisten = \"[::1]:9000\"\nbase_url = \"https://x.example.vn/\"\ntimeout = 5\n"
                          "status_token_env = \"T\"\nfeed_secret_credential = \"feed\"\n\n");
  ASSERT_TRUE(result.config) << testing::format_diagnostics(result.diagnostics);
  const HttpConfig& http = result.config->http;
  EXPECT_TRUE(http.enabled);
  EXPECT_EQ(http.host, "::1");
  EXPECT_EQ(http.port, 9000);
  EXPECT_EQ(http.base_url, "https://x.example.vn");
  EXPECT_EQ(http.timeout_s, 5);
  EXPECT_EQ(http.status_token_env, "T");
  EXPECT_EQ(http.feed_secret_credential, "feed");
  EXPECT_EQ(http.ack_link_ttl_s, 30 * 86400);
  auto acks = load_with(dir,
                        "[http]\nack_secret_file = \"/etc/deadlined/ack\"\nack_link_ttl = 3600\n"
                        "api_token_credential = \"api\"\n\n");
  ASSERT_TRUE(acks.config) << testing::format_diagnostics(acks.diagnostics);
  EXPECT_EQ(acks.config->http.ack_secret_file, "/etc/deadlined/ack");
  EXPECT_EQ(acks.config->http.ack_link_ttl_s, 3600);
  EXPECT_EQ(acks.config->http.api_token_credential, "api");
  auto off = load_with(dir, "[http]\nenabled = false\n\n");
  ASSERT_TRUE(off.config) << testing::format_diagnostics(off.diagnostics);
  EXPECT_FALSE(off.config->http.enabled);
}

TEST(HttpConfigTest, BadValuesUnknownKeysAndInlineSecretsAreErrors) {
  testing::TempDir dir;
  for (const char* body : {"listen = \"localhost:8787\"", "listen = \"127.0.0.1\"", "listen = \"127.0.0.1:0\"",
                           "listen = \"127.0.0.1:70000\"", "base_url = \"ftp://x\"", "status_token = \"abc\"",
                           "feed_secret = \"abc\"", "lisen = \"127.0.0.1:1\"", "ack_secret = \"abc\"",
                           "api_token = \"abc\"", "ack_link_ttl = 10", "ack_link_ttl = \"30d\""}) {
    auto result = load_with(dir, std::string("[http]\n") + body + "\n\n");
    EXPECT_FALSE(result.config) << body;
    EXPECT_NE(testing::format_diagnostics(result.diagnostics).find("main.toml"), std::string::npos) << body;
  }
}

}  // namespace
}  // namespace deadlined
