// What `check` must catch for an admin (issue 13): a unit that would never be
// reminded, and relative secret paths that follow the config file, not the
// working directory.
#include "config/config.hpp"
#include "support/config_fixture.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace deadlined {
namespace {

using testing::format_diagnostics;
using testing::load_in;
using testing::TempDir;

// The config in etc/, a directory of its own, to tell relative paths apart.
LoadResult load_in_etc(const TempDir& dir, std::string_view body) {
  return load_in(dir, body, "etc/main.toml");
}

TEST(UnitChannels, UnitWithoutEmailOrWebhookIsALocatedError) {
  TempDir dir;
  LoadResult result = load_in_etc(dir,
                                  "[[unit]]\nid = \"vp\"\nname = \"VP\"\ntier = \"province\"\nemail = [\"vp@x.vn\"]\n\n"
                                  "[[unit]]\nid = \"stp\"\nname = \"Sở Tư pháp\"\ntier = \"department\"\n");
  ASSERT_FALSE(result.config) << format_diagnostics(result.diagnostics);
  std::string text = format_diagnostics(result.diagnostics);
  EXPECT_NE(text.find((dir.path() / "etc/main.toml").string() +
                      ":7:1: unit \"stp\" has no email and no webhook, so it would never be reminded"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("channels = []"), std::string::npos) << text;
}

TEST(UnitChannels, EmptyEmailListIsStillNoChannel) {
  TempDir dir;
  LoadResult result = load_in_etc(dir, "[[unit]]\nid = \"stp\"\nname = \"STP\"\ntier = \"department\"\nemail = []\n");
  ASSERT_FALSE(result.config);
  EXPECT_NE(format_diagnostics(result.diagnostics).find("has no email and no webhook"), std::string::npos);
}

TEST(UnitChannels, ExplicitOptOutIsAcceptedAndRecorded) {
  TempDir dir;
  LoadResult result = load_in_etc(dir,
                                  "[[unit]]\nid = \"stp\"\nname = \"STP\"\ntier = \"department\"\nchannels = []\n\n"
                                  "[[unit]]\nid = \"hook\"\nname = \"H\"\ntier = \"other\"\nwebhook = [{ url = "
                                  "\"http://127.0.0.1:9/h\" }]\n");
  ASSERT_TRUE(result.config) << format_diagnostics(result.diagnostics);
  EXPECT_TRUE(result.config->find_unit("stp")->no_channels);
  EXPECT_FALSE(result.config->find_unit("hook")->no_channels);
}

TEST(UnitChannels, OptOutWithAChannelOrNonEmptyListIsAnError) {
  TempDir dir;
  LoadResult result =
      load_in_etc(dir,
                  "[[unit]]\nid = \"a\"\nname = \"A\"\ntier = \"other\"\nemail = [\"a@x.vn\"]\nchannels = "
                  "[]\n\n"
                  "[[unit]]\nid = \"b\"\nname = \"B\"\ntier = \"other\"\nchannels = [\"email\"]\n");
  ASSERT_FALSE(result.config);
  std::string text = format_diagnostics(result.diagnostics);
  EXPECT_NE(text.find(":6:12: unit.channels: `channels = []` opts unit \"a\" out"), std::string::npos) << text;
  EXPECT_NE(text.find(":12:12: unit.channels: only `channels = []` is accepted"), std::string::npos) << text;
}

TEST(SecretPaths, RelativeHttpSecretFilesResolveAgainstTheConfigFile) {
  TempDir dir;
  LoadResult result =
      load_in_etc(dir,
                  "[[unit]]\nid = \"a\"\nname = \"A\"\ntier = \"other\"\nemail = [\"a@x.vn\"]\n\n"
                  "[http]\nstatus_token_file = \"secrets/status\"\nfeed_secret_file = \"secrets/feed\"\n"
                  "ack_secret_file = \"secrets/ack\"\napi_token_file = \"/abs/api\"\n");
  ASSERT_TRUE(result.config) << format_diagnostics(result.diagnostics);
  const HttpConfig& http = result.config->http;
  std::filesystem::path secrets = dir.path() / "etc" / "secrets";
  EXPECT_EQ(http.status_token_file, (secrets / "status").string());
  EXPECT_EQ(http.feed_secret_file, (secrets / "feed").string());
  EXPECT_EQ(http.ack_secret_file, (secrets / "ack").string());
  EXPECT_EQ(http.api_token_file, "/abs/api");
}

}  // namespace
}  // namespace deadlined
