// What `check` must catch for an admin (issue 13): a unit that would never be
// reminded, and relative secret paths that follow the config file, not the
// working directory.
#include "config/config.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace deadlined {
namespace {

using testing::TempDir;

std::string diagnostics_text(const LoadResult& result) {
  std::string text;
  for (const auto& d : result.diagnostics) {
    text += d.format() + "\n";
  }
  return text;
}

LoadResult load_with(const TempDir& dir, std::string_view body) {
  dir.write("holidays/.keep", "");
  std::filesystem::path main = dir.write("etc/main.toml", body);
  LoadOptions options;
  options.default_holidays_dir = dir.path() / "holidays";
  return load_config(main, options);
}

TEST(UnitChannels, UnitWithoutEmailOrWebhookIsALocatedError) {
  TempDir dir;
  LoadResult result = load_with(dir,
                                "[[unit]]\nid = \"vp\"\nname = \"VP\"\ntier = \"province\"\nemail = [\"vp@x.vn\"]\n\n"
                                "[[unit]]\nid = \"stp\"\nname = \"Sở Tư pháp\"\ntier = \"department\"\n");
  ASSERT_FALSE(result.config) << diagnostics_text(result);
  std::string text = diagnostics_text(result);
  EXPECT_NE(text.find((dir.path() / "etc/main.toml").string() +
                      ":7:1: unit \"stp\" has no email and no webhook, so it would never be reminded"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("channels = []"), std::string::npos) << text;
}

TEST(UnitChannels, EmptyEmailListIsStillNoChannel) {
  TempDir dir;
  LoadResult result = load_with(dir, "[[unit]]\nid = \"stp\"\nname = \"STP\"\ntier = \"department\"\nemail = []\n");
  ASSERT_FALSE(result.config);
  EXPECT_NE(diagnostics_text(result).find("has no email and no webhook"), std::string::npos);
}

TEST(UnitChannels, ExplicitOptOutIsAcceptedAndRecorded) {
  TempDir dir;
  LoadResult result = load_with(dir,
                                "[[unit]]\nid = \"stp\"\nname = \"STP\"\ntier = \"department\"\nchannels = []\n\n"
                                "[[unit]]\nid = \"hook\"\nname = \"H\"\ntier = \"other\"\nwebhook = [{ url = "
                                "\"http://127.0.0.1:9/h\" }]\n");
  ASSERT_TRUE(result.config) << diagnostics_text(result);
  EXPECT_TRUE(result.config->find_unit("stp")->no_channels);
  EXPECT_FALSE(result.config->find_unit("hook")->no_channels);
}

TEST(UnitChannels, OptOutWithAChannelOrNonEmptyListIsAnError) {
  TempDir dir;
  LoadResult result =
      load_with(dir,
                "[[unit]]\nid = \"a\"\nname = \"A\"\ntier = \"other\"\nemail = [\"a@x.vn\"]\nchannels = "
                "[]\n\n"
                "[[unit]]\nid = \"b\"\nname = \"B\"\ntier = \"other\"\nchannels = [\"email\"]\n");
  ASSERT_FALSE(result.config);
  std::string text = diagnostics_text(result);
  EXPECT_NE(text.find(":6:12: unit.channels: `channels = []` opts unit \"a\" out"), std::string::npos) << text;
  EXPECT_NE(text.find(":12:12: unit.channels: only `channels = []` is accepted"), std::string::npos) << text;
}

TEST(SecretPaths, RelativeHttpSecretFilesResolveAgainstTheConfigFile) {
  TempDir dir;
  LoadResult result = load_with(dir,
                                "[[unit]]\nid = \"a\"\nname = \"A\"\ntier = \"other\"\nemail = [\"a@x.vn\"]\n\n"
                                "[http]\nstatus_token_file = \"secrets/status\"\nfeed_secret_file = \"secrets/feed\"\n"
                                "ack_secret_file = \"secrets/ack\"\napi_token_file = \"/abs/api\"\n");
  ASSERT_TRUE(result.config) << diagnostics_text(result);
  const HttpConfig& http = result.config->http;
  std::filesystem::path secrets = dir.path() / "etc" / "secrets";
  EXPECT_EQ(http.status_token_file, (secrets / "status").string());
  EXPECT_EQ(http.feed_secret_file, (secrets / "feed").string());
  EXPECT_EQ(http.ack_secret_file, (secrets / "ack").string());
  EXPECT_EQ(http.api_token_file, "/abs/api");
}

}  // namespace
}  // namespace deadlined
