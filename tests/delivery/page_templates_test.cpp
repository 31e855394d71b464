// Page templates: the compiled-in defaults are the shipped files, an admin's
// directory replaces them, and a missing or broken one is a configuration
// error (`deadlined check` exits 78, the daemon does not start).
#include "delivery/page_templates.hpp"
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace deadlined::delivery {
namespace {

std::string shipped(const char* name) {
  std::ifstream in(std::string(DEADLINED_SOURCE_DIR) + "/config/templates/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_all(const testing::TempDir& dir) {
  dir.write(k_status_page_file, "S {{version}}");
  dir.write(k_report_page_file, "R {{title}}");
  dir.write(k_ack_page_file, "A {{title}}");
}

TEST(PageTemplates, DefaultsAreTheShippedFiles) {
  const PageTemplates& defaults = PageTemplates::defaults();
  EXPECT_EQ(defaults.status, shipped(k_status_page_file));
  EXPECT_EQ(defaults.report, shipped(k_report_page_file));
  EXPECT_EQ(defaults.ack, shipped(k_ack_page_file));
  EXPECT_TRUE(defaults.validate());
  // Charts are inserted unescaped (they are SVG deadlined escaped), every other value escaped.
  for (const std::string* text : {&defaults.status, &defaults.report}) {
    EXPECT_NE(text->find("{{{chart_units}}}"), std::string::npos);
    EXPECT_NE(text->find("{{{chart_tiers}}}"), std::string::npos);
    EXPECT_NE(text->find("{{{chart_heat_map}}}"), std::string::npos);
    EXPECT_NE(text->find("{{{chart_timeline}}}"), std::string::npos);
    EXPECT_NE(text->find("{{{chart_units_phone}}}"), std::string::npos);
    EXPECT_NE(text->find("{{{chart_tiers_phone}}}"), std::string::npos);
    std::size_t triple = 0;
    for (auto at = text->find("{{{"); at != std::string::npos; at = text->find("{{{", at + 1)) {
      ++triple;
    }
    EXPECT_EQ(triple, 6u);
    EXPECT_EQ(text->find("{{&"), std::string::npos);
  }
  EXPECT_EQ(defaults.ack.find("{{{"), std::string::npos);
}

TEST(PageTemplates, LoadsADirectory) {
  testing::TempDir dir;
  write_all(dir);
  auto pages = PageTemplates::load(dir.path());
  ASSERT_TRUE(pages) << pages.error();
  EXPECT_EQ(pages->status, "S {{version}}");
  EXPECT_EQ(pages->report, "R {{title}}");
  EXPECT_EQ(pages->ack, "A {{title}}");
}

TEST(PageTemplates, MissingBrokenOrNoDirectoryIsAnError) {
  testing::TempDir dir;
  dir.write(k_status_page_file, "S");
  dir.write(k_report_page_file, "R");
  auto missing = PageTemplates::load(dir.path());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("ack.html.mustache: page template missing"), std::string::npos) << missing.error();
  write_all(dir);
  dir.write(k_report_page_file, "{{#units}}unclosed");
  auto broken = PageTemplates::load(dir.path());
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().find("report.html.mustache: "), std::string::npos) << broken.error();
  EXPECT_FALSE(PageTemplates::load(dir.path() / "nope"));
}

TEST(PageTemplates, CheckRejectsABrokenPageTemplate) {
  testing::TempDir dir;
  write_all(dir);
  dir.write("templates/" + std::string(k_status_page_file), "{{/oops}}");
  dir.write("templates/" + std::string(k_report_page_file), "R");
  dir.write("templates/" + std::string(k_ack_page_file), "A");
  auto main = dir.write(
      "main.toml", "[daemon]\nstate_dir = \"" + (dir.path() / "state").string() +
                       "\"\n[calendar]\nholidays_dir = \"" DEADLINED_SOURCE_DIR
                       "/config/holidays\"\n[pages]\ntemplates_dir = \"templates\"\n"
                       "[[unit]]\nid = \"a\"\nname = \"A\"\ntier = \"department\"\nemail = [\"a@example.test\"]\n");
  auto bad = testing::run_deadlined("check --config " + main.string());
  EXPECT_EQ(bad.exit_code, 78) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("pages.templates_dir: "), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("status.html.mustache"), std::string::npos) << bad.err;
  dir.write("templates/" + std::string(k_status_page_file), "S");
  auto good = testing::run_deadlined("check --config " + main.string());
  EXPECT_EQ(good.exit_code, 0) << good.err;
  std::filesystem::remove(dir.path() / "templates" / k_ack_page_file);
  auto missing = testing::run_deadlined("check --config " + main.string());
  EXPECT_EQ(missing.exit_code, 78) << missing.err;
  EXPECT_NE(missing.err.find("ack.html.mustache: page template missing"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace deadlined::delivery
