// email.contact and plan.contact: one line naming the office to call, shown
// in every email's footer and on the status page; a line break, another
// control character or an essay is a located error.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "support/config_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined {
namespace {

using testing::daemon_calendar_toml;
using testing::format_diagnostics;
using testing::load_in;
using testing::plan_toml;
using testing::TempDir;
using testing::unit_toml;

constexpr const char* k_office = "Văn phòng UBND tỉnh Thừa Thiên Huế, ĐT 0234 3822 123, email vp@thuathienhue.gov.vn";

// [email] with `email_keys`, the unit stp, plan "p" with `plan_keys` and a task.
std::string config_text(const TempDir& dir, const std::string& email_keys, const std::string& plan_keys) {
  return daemon_calendar_toml(dir.path() / "state") + "[email]\nfrom = \"nhacviec@example.vn\"\n" + email_keys + "\n" +
         unit_toml("stp") + "\n" + plan_toml(2022) + plan_keys +
         "\n[[plan.task]]\nid = \"I.1\"\ntitle = \"Báo cáo\"\nlead = [\"stp\"]\nwhen = \"Trước ngày 31/3/2022\"\n";
}

TEST(ContactConfig, AbsentMeansNoContact) {
  TempDir dir;
  const auto result = load_in(dir, config_text(dir, "", ""));
  ASSERT_TRUE(result.config) << format_diagnostics(result.diagnostics);
  EXPECT_EQ(result.config->email.contact, "");
  EXPECT_EQ(result.config->contact_for("p"), "");
}

TEST(ContactConfig, APlanContactOverridesTheEmailOne) {
  TempDir dir;
  auto result = load_in(dir, config_text(dir, "contact = \"" + std::string(k_office) + "\"\n", ""));
  ASSERT_TRUE(result.config) << format_diagnostics(result.diagnostics);
  EXPECT_EQ(result.config->email.contact, k_office);
  EXPECT_EQ(result.config->contact_for("p"), k_office);
  EXPECT_EQ(result.config->contact_for(""), k_office);
  EXPECT_EQ(result.config->contact_for("no-such-plan"), k_office);

  result = load_in(dir, config_text(dir, "contact = \"" + std::string(k_office) + "\"\n",
                                    "contact = \"Sở Tư pháp, ĐT 0234 3821 000\"\n"));
  ASSERT_TRUE(result.config) << format_diagnostics(result.diagnostics);
  EXPECT_EQ(result.config->contact_for("p"), "Sở Tư pháp, ĐT 0234 3821 000");
  EXPECT_EQ(result.config->contact_for(""), k_office);
}

TEST(ContactConfig, ALineBreakOrControlCharacterIsALocatedError) {
  TempDir dir;
  auto result = load_in(dir, config_text(dir, "contact = \"Văn phòng\\nĐT 0234\"\n", ""));
  EXPECT_FALSE(result.config);
  // [daemon] 4 lines, blank, [calendar] 2, blank, [email] and from: contact is line 11.
  EXPECT_NE(format_diagnostics(result.diagnostics)
                .find("main.toml:11:11: email.contact: one line without control characters, got a control character "
                      "at byte 12"),
            std::string::npos)
      << format_diagnostics(result.diagnostics);

  result = load_in(dir, config_text(dir, "", "contact = \"Sở Tư pháp\\u0007\"\n"));
  EXPECT_FALSE(result.config);
  EXPECT_NE(format_diagnostics(result.diagnostics).find(": [[plan]] contact: one line without control characters"),
            std::string::npos)
      << format_diagnostics(result.diagnostics);
}

TEST(ContactConfig, MoreThanThreeHundredCharactersIsALocatedError) {
  TempDir dir;
  std::string long_line;
  for (int i = 0; i < 301; ++i) {
    long_line += "ạ";  // 301 characters, 903 bytes: counted in characters
  }
  auto result = load_in(dir, config_text(dir, "contact = \"" + long_line + "\"\n", ""));
  EXPECT_FALSE(result.config);
  EXPECT_NE(
      format_diagnostics(result.diagnostics).find("main.toml:11:11: email.contact: at most 300 characters, got 301"),
      std::string::npos)
      << format_diagnostics(result.diagnostics);
  long_line.resize(long_line.size() - std::string("ạ").size());
  result = load_in(dir, config_text(dir, "contact = \"" + long_line + "\"\n", ""));
  EXPECT_TRUE(result.config) << format_diagnostics(result.diagnostics);
}

}  // namespace
}  // namespace deadlined
