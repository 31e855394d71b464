#include "delivery/templates.hpp"

#include <gtest/gtest.h>

#include "delivery/email.hpp"
#include "delivery/test_helpers.hpp"
#include "support/process.hpp"

namespace deadlined::delivery {
namespace {

std::filesystem::path source_dir() {
#ifdef DEADLINED_SOURCE_DIR
  return DEADLINED_SOURCE_DIR;
#else
  return std::filesystem::current_path();  // the standalone build runs from the repo root
#endif
}

TEST(Templates, ShippedFilesEqualCompiledDefaults) {
  const auto dir = source_dir() / "config" / "templates";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  const Templates defaults = Templates::defaults();
  EXPECT_EQ(test::read_file(dir / k_subject_template_file), defaults.subject);
  EXPECT_EQ(test::read_file(dir / k_text_template_file), defaults.text);
  EXPECT_EQ(test::read_file(dir / k_html_template_file), defaults.html);
  EXPECT_TRUE(defaults.validate().has_value());
  const auto loaded = Templates::load(dir);
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  EXPECT_EQ(loaded->text, defaults.text);
}

TEST(Templates, LoadOverridesSomeFilesAndKeepsDefaultsForTheRest) {
  test::TempDir dir{"deadlined-templates"};
  test::write_file(dir.path() / k_subject_template_file, "Nhắc {{unit_name}} ({{overdue_count}} quá hạn)\n");
  const auto loaded = Templates::load(dir.path());
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  EXPECT_EQ(loaded->text, Templates::defaults().text);
  EXPECT_EQ(loaded->html, Templates::defaults().html);
  const auto rendered = render_digest(testing::sample_digest(), *loaded, 420);
  ASSERT_TRUE(rendered.has_value()) << rendered.error();
  EXPECT_EQ(rendered->subject, "Nhắc Sở Tài chính (1 quá hạn)");
}

TEST(Templates, SyntaxErrorNamesTheFile) {
  test::TempDir dir{"deadlined-templates"};
  test::write_file(dir.path() / k_text_template_file, "{{#items}}\n{{task_id}}\n");
  const auto loaded = Templates::load(dir.path());
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().find("body.txt.mustache"), std::string::npos) << loaded.error();
}

TEST(Templates, MissingDirectoryIsAnError) {
  test::TempDir dir{"deadlined-templates"};
  const auto loaded = Templates::load(dir.path() / "nope");
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().find("nope"), std::string::npos);
}

TEST(Templates, SubjectIsOneLine) {
  Templates templates = Templates::defaults();
  templates.subject = "  A\n\n  {{unit_name}}\t\r\n";
  const auto rendered = render_digest(testing::sample_digest(), templates, 420);
  ASSERT_TRUE(rendered.has_value());
  EXPECT_EQ(rendered->subject, "A Sở Tài chính");
}

}  // namespace
}  // namespace deadlined::delivery

namespace deadlined::delivery {
namespace {

TEST(Templates, SyntaxErrorIsLocatedByLineAndColumn) {
  test::TempDir dir{"deadlined-templates"};
  test::write_file(dir.path() / k_text_template_file, "Kính gửi {{unit_name}},\n{{#items}}\n{{task_id}}\n");
  const auto loaded = Templates::load(dir.path());
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error(), (dir.path() / k_text_template_file).string() + ":2:1: Unclosed section \"items\"");
}

TEST(Templates, DirectoryInPlaceOfATemplateIsAnError) {
  test::TempDir dir{"deadlined-templates"};
  std::filesystem::create_directories(dir.path() / k_html_template_file);
  const auto loaded = Templates::load(dir.path());
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().find("is a directory"), std::string::npos) << loaded.error();
}

}  // namespace
}  // namespace deadlined::delivery
