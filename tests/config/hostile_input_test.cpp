// Configs from the reliability trial that crashed or hung `check`: each is a
// located error now (tests/integration/test_bad_config.py runs them through
// the binary and SIGHUP).
#include "config/holiday_notices.hpp"
#include "calendar/working_calendar.hpp"
#include "config/config.hpp"
#include "support/config_fixture.hpp"
#include "support/temp_dir.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <sys/stat.h>

namespace deadlined {
namespace {

using testing::format_diagnostics;
using testing::load_in;
using testing::TempDir;

TEST(HostileConfig, LongTimeZoneIsALocatedError) {
  TempDir dir;
  auto result = load_in(dir, "[daemon]\ntimezone = \"" + std::string(300, 'x') + "\"\n");
  EXPECT_FALSE(result.config);
  EXPECT_NE(format_diagnostics(result.diagnostics).find("main.toml:2:12: daemon.timezone: unknown time zone"),
            std::string::npos)
      << format_diagnostics(result.diagnostics);
}

TEST(HostileConfig, LongOrLoopingHolidaysDirIsALocatedError) {
  TempDir dir;
  auto result = load_in(dir, "[calendar]\nholidays_dir = \"" + std::string(1000, 'y') + "\"\n");
  EXPECT_FALSE(result.config);
  EXPECT_NE(format_diagnostics(result.diagnostics).find("main.toml:2:16: calendar.holidays_dir: no such directory"),
            std::string::npos)
      << format_diagnostics(result.diagnostics);

  std::filesystem::create_symlink("b", dir.path() / "a");
  std::filesystem::create_symlink("a", dir.path() / "b");
  result = load_in(dir, "[calendar]\nholidays_dir = \"a\"\n");
  EXPECT_FALSE(result.config);
  EXPECT_NE(format_diagnostics(result.diagnostics).find("symbolic links"), std::string::npos)
      << format_diagnostics(result.diagnostics);
}

// Every directory a config names, the email and page templates' too: an
// error stat() gives (a name too long, a symbolic link loop) is a located
// error, not an exception that ends the load unlocated.
TEST(HostileConfig, LongOrLoopingTemplatesDirsAreLocatedErrors) {
  for (const std::string table : {"email", "pages"}) {
    TempDir dir;
    auto result = load_in(dir, "[" + table + "]\ntemplates_dir = \"" + std::string(5000, 'y') + "\"\n");
    EXPECT_FALSE(result.config);
    EXPECT_NE(
        format_diagnostics(result.diagnostics).find("main.toml:2:17: " + table + ".templates_dir: no such directory"),
        std::string::npos)
        << format_diagnostics(result.diagnostics);

    std::filesystem::create_symlink("b", dir.path() / "a");
    std::filesystem::create_symlink("a", dir.path() / "b");
    result = load_in(dir, "[" + table + "]\ntemplates_dir = \"a\"\n");
    EXPECT_FALSE(result.config);
    EXPECT_NE(format_diagnostics(result.diagnostics).find("main.toml:2:17: " + table + ".templates_dir"),
              std::string::npos)
        << format_diagnostics(result.diagnostics);
  }
}

TEST(HostileConfig, IncludeOfASymlinkLoopOrAFifoIsALocatedError) {
  TempDir dir;
  dir.write("units/u.toml", "[[unit]]\nid = \"u1\"\nname = \"U\"\ntier = \"department\"\n");
  std::filesystem::create_symlink("loop2.toml", dir.path() / "units" / "loop1.toml");
  std::filesystem::create_symlink("loop1.toml", dir.path() / "units" / "loop2.toml");
  ASSERT_EQ(::mkfifo((dir.path() / "units" / "f.toml").c_str(), 0600), 0);
  auto result = load_in(dir, "include = [\"units/*.toml\"]\n");
  EXPECT_FALSE(result.config);
  std::string text = format_diagnostics(result.diagnostics);
  EXPECT_NE(text.find("main.toml:1:12: include \"units/*.toml\": \"" + (dir.path() / "units/f.toml").string() +
                      "\" is a FIFO, not a regular file"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("loop1.toml\": Too many levels of symbolic links"), std::string::npos) << text;
}

TEST(HostileConfig, IncludeOfTheWholeFileSystemStops) {
  TempDir dir;
  auto started = std::chrono::steady_clock::now();
  auto result = load_in(dir, "include = [\"/**/*\"]\n");
  EXPECT_FALSE(result.config);
  EXPECT_NE(format_diagnostics(result.diagnostics).find("main.toml:1:12: include \"/**/*\""), std::string::npos)
      << format_diagnostics(result.diagnostics);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(120));  // a hang guard
}

TEST(HostileConfig, DeepTableHeaderIsALocatedError) {
  TempDir dir;
  std::string header = "[a";
  for (int i = 1; i < 100000; ++i) {
    header += ".a";
  }
  auto result = load_in(dir, "x = 1\n" + header + "]\ny = 2\n");
  EXPECT_FALSE(result.config);
  EXPECT_NE(
      format_diagnostics(result.diagnostics).find("main.toml:2:1: keys, tables or arrays nested 101 levels deep here"),
      std::string::npos)
      << format_diagnostics(result.diagnostics);
}

TEST(HostileConfig, DirectoryOrEmptyFileAsMainConfigIsAnError) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "conf.toml");
  auto result = load_config(dir.path() / "conf.toml");
  EXPECT_FALSE(result.config);
  EXPECT_NE(
      format_diagnostics(result.diagnostics).find("conf.toml: cannot read the configuration file: is a directory"),
      std::string::npos)
      << format_diagnostics(result.diagnostics);

  result = load_in(dir, "\n  \n");
  EXPECT_FALSE(result.config);
  EXPECT_NE(format_diagnostics(result.diagnostics).find("main.toml:1:1: the configuration file is empty"),
            std::string::npos)
      << format_diagnostics(result.diagnostics);
}

// The suggestion search skips candidates whose length alone rules them out,
// so a megabyte-long reference costs one pass, not a megabyte squared.
TEST(HostileConfig, MegabyteReferenceIsAnErrorWithoutSuggestion) {
  TempDir dir;
  std::string id(1000000, 'q');
  auto started = std::chrono::steady_clock::now();
  auto result = load_in(
      dir, "[escalation]\nother = \"" + id + "\"\n[[unit]]\nid = \"qq\"\nname = \"U\"\ntier = \"department\"\n");
  EXPECT_FALSE(result.config);
  const auto text = format_diagnostics(result.diagnostics);
  EXPECT_NE(text.find("unknown unit"), std::string::npos);
  EXPECT_EQ(text.find("did you mean"), std::string::npos);
  // A guard against a hang, not a speed target (the quadratic search took
  // hours): generous enough for a sanitizer build on a loaded machine.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(120));
}

TEST(HostileConfig, TextEntryPointReadsNoInclude) {
  auto result =
      load_config_from_text("include = [\"/**/*\"]\n", "/nonexistent/main.toml", LoadOptions{std::filesystem::path()});
  EXPECT_FALSE(result.config);
  EXPECT_NE(format_diagnostics(result.diagnostics)
                .find("/nonexistent/main.toml:1:12: include \"/**/*\": includes are not read"),
            std::string::npos)
      << format_diagnostics(result.diagnostics);
}

// Found by fuzz_holidays: toml++ 3.3.0 reaches __builtin_unreachable for a
// C1 control character where whitespace may stand (see fuzz/CMakeLists.txt);
// the Debian library answers with a located error, and so must we.
TEST(HostileConfig, C1ControlCharacterIsALocatedError) {
  TempDir dir;
  auto result = load_in(dir, "x = 1\xc2\x80\n");
  EXPECT_FALSE(result.config);
  EXPECT_NE(format_diagnostics(result.diagnostics).find("main.toml:1:6: "), std::string::npos)
      << format_diagnostics(result.diagnostics);
  result = load_in(dir, "\xc2\x80x = 1\n");
  EXPECT_FALSE(result.config);
  EXPECT_NE(format_diagnostics(result.diagnostics).find("main.toml:1:1: "), std::string::npos)
      << format_diagnostics(result.diagnostics);
}

TEST(HolidayNotice, ALetterOutsideQuotesIsALocatedErrorNotUndefinedBehaviour) {
  // Found by fuzz_holidays: toml++ 3.3 classifies "Ã" after "2025-" as white
  // space through __builtin_unreachable(); the text is refused before parsing.
  Diagnostics diagnostics;
  auto notice = parse_year_notice("year = 2025\nnotice = \"x\"\n[[day]]\ndate = 2025-Ã y 26/11/2024\"\n",
                                  "holidays/vn-2025.toml", diagnostics);
  EXPECT_FALSE(notice);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].format(),
            "holidays/vn-2025.toml:4:13: \"Ã\" outside quotes: text other than ASCII is allowed only inside a "
            "quoted string or a comment");
}

TEST(HolidayNotice, MissingKeysAreLocated) {
  Diagnostics diagnostics;
  auto notice = parse_year_notice("[[day]]\ndate = 2024-01-01\nname = \"x\"\n", "holidays/vn-2024.toml", diagnostics);
  EXPECT_FALSE(notice);
  ASSERT_GE(diagnostics.size(), 2u);
  EXPECT_EQ(diagnostics[0].format(), "holidays/vn-2024.toml:1:1: missing key 'year'");
  EXPECT_EQ(diagnostics[1].format(), "holidays/vn-2024.toml:1:1: missing key 'notice'");
}

}  // namespace
}  // namespace deadlined
