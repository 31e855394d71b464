// The reference docs match the binary (issue 13): the man page names every
// subcommand `--help` lists and every configuration section docs/config.md
// documents, and the loader knows each of those sections.
#include "config/config.hpp"
#include "support/config_fixture.hpp"
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>

namespace deadlined {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string man_page() {
  return read_text(std::filesystem::path(DEADLINED_SOURCE_DIR) / "docs/deadlined.8");
}

// roff writes '-' as "\-".
std::string roff(std::string text) {
  std::string out;
  for (char c : text) {
    out += c == '-' ? std::string("\\-") : std::string(1, c);
  }
  return out;
}

std::string section_of(const std::string& page, const std::string& name) {
  auto start = page.find("\n.SH " + name + "\n");
  EXPECT_NE(start, std::string::npos) << name;
  auto end = page.find("\n.SH ", start + 1);
  return page.substr(start, end - start);
}

// Subcommand names from `deadlined --help` (CLI11: a "SUBCOMMANDS:" block of
// indented "name  description" lines).
std::vector<std::string> subcommands() {
  auto result = testing::run_deadlined("--help");
  std::vector<std::string> names;
  std::istringstream lines(result.out);
  std::string line;
  bool in_block = false;
  while (std::getline(lines, line)) {
    if (line.starts_with("SUBCOMMANDS") || line.starts_with("Subcommands")) {
      in_block = true;
      continue;
    }
    if (!in_block) {
      continue;
    }
    std::smatch match;
    if (std::regex_search(line, match, std::regex("^\\s+([a-z][a-z-]*)\\s"))) {
      names.push_back(match[1]);
    } else if (!line.empty() && line[0] != ' ') {
      break;
    }
  }
  return names;
}

// Configuration sections: the first component of every key in the tables of
// docs/config.md ("| `http.listen` |" gives "http") and of every table header
// in its TOML examples ("[http]", "[[unit]]", "[policy.lead]").
std::set<std::string> config_sections() {
  std::string text = read_text(std::filesystem::path(DEADLINED_SOURCE_DIR) / "docs/config.md");
  std::set<std::string> sections;
  std::istringstream lines(text);
  std::string line;
  std::regex key_cell("^\\| `([a-z_]+)\\.[a-z_]+`");
  std::regex header("^\\[\\[?([a-z_]+)[.\\]]");
  while (std::getline(lines, line)) {
    std::smatch match;
    if (std::regex_search(line, match, key_cell) || std::regex_search(line, match, header)) {
      sections.insert(match[1]);
    }
  }
  return sections;
}

TEST(Docs, ManPageNamesEverySubcommandInSynopsisAndCommands) {
  auto names = subcommands();
  ASSERT_GE(names.size(), 12u) << "could not read the subcommands of --help";
  std::string page = man_page();
  std::string synopsis = section_of(page, "SYNOPSIS");
  std::string commands = section_of(page, "COMMANDS");
  for (const auto& name : names) {
    EXPECT_NE(synopsis.find("\n.B deadlined " + roff(name) + "\n"), std::string::npos) << name << " in SYNOPSIS";
    EXPECT_NE(commands.find("\n.TP\n.B " + roff(name) + "\n"), std::string::npos) << name << " in COMMANDS";
  }
}

TEST(Docs, ManPageNamesEveryConfigSectionOfTheReference) {
  auto sections = config_sections();
  for (const char* expected : {"daemon", "calendar", "email", "smtp", "webhooks", "delivery", "policy", "http",
                               "escalation", "acks", "report", "unit", "group", "plan", "task"}) {
    EXPECT_TRUE(sections.contains(expected)) << expected << " not found in docs/config.md";
  }
  std::string configuration = section_of(man_page(), "CONFIGURATION");
  for (const auto& section : sections) {
    bool named = configuration.find(section + ".") != std::string::npos ||
                 configuration.find("[" + section + "]") != std::string::npos ||
                 configuration.find("." + section + "]]") != std::string::npos ||
                 configuration.find(".BR " + section + " (") != std::string::npos ||
                 configuration.find(", " + section + " (") != std::string::npos;
    EXPECT_TRUE(named) << "[" << section << "] is in docs/config.md but not in the man page";
  }
}

// Each table section of docs/config.md is one the loader reads: an unknown key
// in it is reported as "unknown key ... in [section]", not as an unknown table.
TEST(Docs, LoaderKnowsEveryTableSectionOfTheReference) {
  const std::set<std::string> arrays = {"unit", "group", "plan", "task", "policy", "schedule"};
  for (const auto& section : config_sections()) {
    if (arrays.contains(section)) {
      continue;
    }
    testing::TempDir dir;
    LoadResult result = testing::load_in(dir, "[" + section + "]\nno_such_key_zz = 1\n");
    std::string text = testing::format_diagnostics(result.diagnostics);
    EXPECT_NE(text.find("unknown key \"no_such_key_zz\" in [" + section + "]"), std::string::npos) << section << ":\n"
                                                                                                   << text;
  }
}

TEST(Docs, ManPageOutboxOrderIsTheBinarys) {
  std::string commands = section_of(man_page(), "COMMANDS");
  EXPECT_EQ(commands.find("newest first"), std::string::npos);
  EXPECT_NE(commands.find("earliest first"), std::string::npos);
}

}  // namespace
}  // namespace deadlined
