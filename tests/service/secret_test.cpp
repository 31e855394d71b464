// Secrets: read_secret from a file, a systemd credential or an environment
// variable (a fake Environment, never the process's), and load_snapshot
// refusing a config whose secret cannot be read.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include "http_views/site.hpp"
#include "service/snapshot.hpp"
#include "support/config_fixture.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined {
namespace {

using testing::ConfigFixture;
using testing::email_and_hook_toml;
using testing::fake_environment;
using testing::format_diagnostics;
using testing::TempDir;
using testing::unit_toml;

// "FILE:LINE:COL" of the first `key =` written in `path` (1-based).
std::string key_position(const std::filesystem::path& path, std::string_view key) {
  std::ifstream in(path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (const auto column = line.find(std::string(key) + " ="); column != std::string::npos) {
      return path.string() + ":" + std::to_string(number) + ":" + std::to_string(column + 1);
    }
  }
  ADD_FAILURE() << key << " not in " << path;
  return {};
}

// Unit vp with a webhook whose secret is in the file `path`.
std::string unit_with_hook(const std::string& path) {
  return "\n" + unit_toml("vp", email_and_hook_toml("vp", ", secret_file = \"" + path + "\""));
}

TEST(SecretRead, FileContentWithoutTrailingNewlines) {
  TempDir dir;
  auto file = dir.write("hook.secret", "s3cr3t value\r\n\n");
  auto secret = read_secret(file.string(), "", "", fake_environment());
  ASSERT_TRUE(secret) << secret.error();
  EXPECT_EQ(*secret, "s3cr3t value");
}

TEST(SecretRead, FileKeepsInnerNewlinesAndLeadingSpace) {
  TempDir dir;
  auto file = dir.write("hook.secret", " a\nb\n");
  auto secret = read_secret(file.string(), "", "", fake_environment());
  ASSERT_TRUE(secret) << secret.error();
  EXPECT_EQ(*secret, " a\nb");
}

TEST(SecretRead, CredentialFromCredentialsDirectory) {
  TempDir dir;
  dir.write("creds/smtp-password", "from-systemd\n");
  auto secret = read_secret("", "smtp-password", "",
                            fake_environment({{"CREDENTIALS_DIRECTORY", (dir.path() / "creds").string()}}));
  ASSERT_TRUE(secret) << secret.error();
  EXPECT_EQ(*secret, "from-systemd");
}

TEST(SecretRead, CredentialWithoutCredentialsDirectoryIsAnError) {
  auto secret = read_secret("", "smtp-password", "", fake_environment());
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error(), "credential \"smtp-password\": $CREDENTIALS_DIRECTORY is not set");
  auto empty = read_secret("", "smtp-password", "", fake_environment({{"CREDENTIALS_DIRECTORY", ""}}));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error(), "credential \"smtp-password\": $CREDENTIALS_DIRECTORY is not set");
}

TEST(SecretRead, MissingCredentialFileNamesThePath) {
  TempDir dir;
  auto secret = read_secret("", "absent", "", fake_environment({{"CREDENTIALS_DIRECTORY", dir.path().string()}}));
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error(),
            "cannot read secret file " + (dir.path() / "absent").string() +
                ": No such file or directory (credential \"absent\": add `LoadCredential=absent:deadlined.absent` to "
                "the service "
                "unit (systemctl edit deadlined) and put the secret in /etc/credstore/deadlined.absent)");
}

TEST(SecretRead, EnvironmentVariableIsUsedAsIs) {
  auto secret = read_secret("", "", "HOOK_SECRET", fake_environment({{"HOOK_SECRET", "from-env"}}));
  ASSERT_TRUE(secret) << secret.error();
  EXPECT_EQ(*secret, "from-env");
}

// Every secret source drops trailing newlines, so a webhook is signed with the
// key the receiver expects whatever the source.
TEST(SecretRead, EnvironmentVariableLosesTrailingNewlines) {
  auto secret = read_secret("", "", "HOOK_SECRET", fake_environment({{"HOOK_SECRET", "from-env\n"}}));
  ASSERT_TRUE(secret) << secret.error();
  EXPECT_EQ(*secret, "from-env");
}

TEST(SecretRead, MissingEnvironmentVariableIsAnError) {
  auto secret = read_secret("", "", "HOOK_SECRET", fake_environment({{"OTHER", "x"}}));
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error(), "environment variable HOOK_SECRET is not set");
}

TEST(SecretRead, MissingFileIsAnError) {
  TempDir dir;
  const auto path = dir.path() / "nope.secret";
  auto secret = read_secret(path.string(), "", "", fake_environment());
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error(), "cannot read secret file " + path.string() + ": No such file or directory");
}

// Why a file cannot be used is said: a directory, an empty file (which would
// turn its page or signature off without a word), a file the user may not read.
TEST(SecretRead, AnUnusableFileSaysWhy) {
  TempDir dir;
  auto empty = dir.write("empty.secret", "\n");
  auto secret = read_secret(empty.string(), "", "", fake_environment());
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error(), "cannot read secret file " + empty.string() + ": it is empty");
  auto directory = read_secret(dir.path().string(), "", "", fake_environment());
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error(), "cannot read secret file " + dir.path().string() + ": it is a directory");
  if (geteuid() != 0) {  // root reads any file
    auto locked = dir.write("locked.secret", "x");
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    auto denied = read_secret(locked.string(), "", "", fake_environment());
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error(), "cannot read secret file " + locked.string() + ": Permission denied");
  }
}

TEST(SecretRead, FileWinsOverCredentialAndEnvironment) {
  TempDir dir;
  auto file = dir.write("a.secret", "file");
  dir.write("creds/c", "credential");
  auto secret =
      read_secret(file.string(), "c", "E",
                  fake_environment({{"CREDENTIALS_DIRECTORY", (dir.path() / "creds").string()}, {"E", "env"}}));
  ASSERT_TRUE(secret) << secret.error();
  EXPECT_EQ(*secret, "file");
}

TEST(SecretRead, NoSourceGivesAnEmptySecret) {
  auto secret = read_secret("", "", "", fake_environment());
  ASSERT_TRUE(secret) << secret.error();
  EXPECT_TRUE(secret->empty());
}

TEST(SecretSnapshot, WebhookSecretFileIsLoaded) {
  ConfigFixture fixture;
  auto file = fixture.dir().write("secrets/vp.secret", "hook-secret\n");
  auto snapshot = fixture.try_snapshot(unit_with_hook(file.string()));
  ASSERT_TRUE(snapshot) << format_diagnostics(snapshot.error());
  EXPECT_EQ((*snapshot)->webhook_secrets.at("https://hooks.example.vn/vp"), "hook-secret");
}

TEST(SecretSnapshot, MissingWebhookSecretFileIsRefusedWithADiagnostic) {
  ConfigFixture fixture;
  const auto missing = fixture.dir().path() / "secrets" / "absent.secret";
  auto snapshot = fixture.try_snapshot(unit_with_hook(missing.string()));
  ASSERT_FALSE(snapshot);
  ASSERT_EQ(snapshot.error().size(), 1u) << format_diagnostics(snapshot.error());
  EXPECT_EQ(snapshot.error()[0].message, "webhook secret of unit \"vp\": cannot read secret file " + missing.string() +
                                             ": No such file or directory");
  EXPECT_EQ(snapshot.error()[0].file, (fixture.dir().path() / "main.toml").string());
}

// Like every other configuration error, a secret that cannot be read names
// the key that names it: file:line:col, for the file, credential or env key.
TEST(SecretSnapshot, UnreadableSecretsAreLocatedAtTheKeyThatNamesThem) {
  ConfigFixture fixture;
  const auto absent = (fixture.dir().path() / "absent").string();
  auto snapshot = fixture.try_snapshot(unit_with_hook(absent) +
                                       "\n[smtp]\nurl = \"smtps://mail.example.vn\"\nusername = \"u\"\n"
                                       "password_credential = \"smtp-password\"\n"
                                       "\n[http]\nack_secret_env = \"ACK_SECRET\"\n");
  ASSERT_FALSE(snapshot);
  const auto main = fixture.dir().path() / "main.toml";
  const std::string text = format_diagnostics(snapshot.error());
  EXPECT_NE(text.find(key_position(main, "password_credential") + ": smtp password: credential \"smtp-password\""),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(key_position(main, "secret_file") + ": webhook secret of unit \"vp\": cannot read secret file " +
                      absent),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find(key_position(main, "ack_secret_env") + ": http ack secret: environment variable ACK_SECRET is not set"),
      std::string::npos)
      << text;
}

TEST(SecretSite, UnreadableHttpSecretsAreLocatedAtTheirKey) {
  ConfigFixture fixture;
  const auto absent = (fixture.dir().path() / "absent").string();
  for (std::string_view key : {"status_token_file", "feed_secret_file", "api_token_file"}) {
    const auto main = fixture.write("[http]\n" + std::string(key) + " = \"" + absent + "\"\n");
    LoadResult loaded = load_config(main);
    ASSERT_TRUE(loaded.config) << format_diagnostics(loaded.diagnostics);
    auto secrets = http_views::resolve_site_secrets(loaded.config->http, fake_environment());
    ASSERT_FALSE(secrets) << key;
    EXPECT_TRUE(secrets.error().starts_with(key_position(main, key) + ": http ")) << secrets.error();
    EXPECT_NE(secrets.error().find("cannot read secret file " + absent), std::string::npos) << secrets.error();
  }
}

TEST(SecretSnapshot, MissingSmtpPasswordFileIsRefusedWithADiagnostic) {
  ConfigFixture fixture;
  const auto missing = fixture.dir().path() / "smtp.password";
  auto snapshot =
      fixture.try_snapshot("[smtp]\nurl = \"smtp://mail.example.vn:587\"\nusername = \"nhacviec\"\npassword_file = \"" +
                           missing.string() + "\"\n");
  ASSERT_FALSE(snapshot);
  EXPECT_EQ(format_diagnostics(snapshot.error()), key_position(fixture.dir().path() / "main.toml", "password_file") +
                                                      ": smtp password: cannot read secret file " + missing.string() +
                                                      ": No such file or directory\n");
}

TEST(SecretSnapshot, SmtpPasswordFromCredentialIsLoaded) {
  ConfigFixture fixture;
  fixture.dir().write("creds/smtp-password", "pw\n");
  auto snapshot = fixture.try_snapshot(
      "[smtp]\nurl = \"smtp://mail.example.vn:587\"\nusername = \"nhacviec\"\npassword_credential = "
      "\"smtp-password\"\n",
      fake_environment({{"CREDENTIALS_DIRECTORY", (fixture.dir().path() / "creds").string()}}));
  ASSERT_TRUE(snapshot) << format_diagnostics(snapshot.error());
  EXPECT_EQ((*snapshot)->smtp_password, "pw");
}

TEST(SecretSnapshot, UnsetSmtpPasswordEnvironmentVariableIsRefused) {
  ConfigFixture fixture;
  auto snapshot = fixture.try_snapshot(
      "[smtp]\nurl = \"smtp://mail.example.vn:587\"\nusername = \"nhacviec\"\npassword_env = \"SMTP_PASSWORD\"\n");
  ASSERT_FALSE(snapshot);
  ASSERT_EQ(snapshot.error().size(), 1u);
  EXPECT_EQ(snapshot.error()[0].message, "smtp password: environment variable SMTP_PASSWORD is not set");
}

// docs/config.md: "Relative paths are relative to the file that names them",
// secrets included (not the process's working directory).
TEST(SecretSnapshot, RelativeSecretFileIsRelativeToTheConfigFile) {
  ConfigFixture fixture;
  fixture.dir().write("secrets/vp.secret", "relative\n");
  TempDir elsewhere;
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(elsewhere.path());
  auto snapshot = fixture.try_snapshot(unit_with_hook("secrets/vp.secret"));
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(snapshot) << format_diagnostics(snapshot.error());
  EXPECT_EQ((*snapshot)->webhook_secrets.at("https://hooks.example.vn/vp"), "relative");
}

}  // namespace
}  // namespace deadlined
