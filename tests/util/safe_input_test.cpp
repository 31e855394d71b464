// Reading untrusted input: files that are not regular, bounded globs, TOML
// nesting, UTF-8.
#include "support/temp_dir.hpp"
#include "util/safe_input.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

namespace deadlined {
namespace {

using testing::TempDir;

std::string repeat(std::string_view part, int times, std::string_view separator) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += (i ? std::string(separator) : std::string()) + std::string(part);
  }
  return out;
}

TEST(ReadRegularFile, ReadsAFileAndRefusesEverythingElse) {
  TempDir dir;
  auto file = dir.write("a.toml", "x = 1\n");
  std::string content;
  std::string error;
  ASSERT_TRUE(read_regular_file(file, content, error)) << error;
  EXPECT_EQ(content, "x = 1\n");

  EXPECT_FALSE(read_regular_file(dir.path(), content, error));
  EXPECT_NE(error.find("directory"), std::string::npos) << error;

  auto fifo = dir.path() / "f.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  error.clear();
  EXPECT_FALSE(read_regular_file(fifo, content, error));  // and never blocks
  EXPECT_NE(error.find("FIFO"), std::string::npos) << error;

  std::filesystem::create_symlink("loop2", dir.path() / "loop1");
  std::filesystem::create_symlink("loop1", dir.path() / "loop2");
  error.clear();
  EXPECT_FALSE(read_regular_file(dir.path() / "loop1", content, error));
  EXPECT_NE(error.find("symbolic links"), std::string::npos) << error;

  error.clear();
  EXPECT_FALSE(read_regular_file(dir.path() / std::string(300, 'x'), content, error));
  EXPECT_NE(error.find("too long"), std::string::npos) << error;

  error.clear();
  EXPECT_FALSE(read_regular_file(file, content, error, 3));
  EXPECT_NE(error.find("larger than"), std::string::npos) << error;
}

TEST(BoundedGlob, MatchesSortedAndStopsAtItsBounds) {
  TempDir dir;
  dir.write("u/b.toml", "");
  dir.write("u/a.toml", "");
  dir.write("u/.hidden.toml", "");
  dir.write("u/c.txt", "");
  auto found = bounded_glob((dir.path() / "u" / "*.toml").string());
  EXPECT_EQ(found.error, "");
  ASSERT_EQ(found.matches.size(), 2u);
  EXPECT_EQ(found.matches[0].filename(), "a.toml");
  EXPECT_EQ(found.matches[1].filename(), "b.toml");

  auto literal = bounded_glob((dir.path() / "u" / "c.txt").string());
  ASSERT_EQ(literal.matches.size(), 1u);
  EXPECT_TRUE(bounded_glob((dir.path() / "nope" / "*.toml").string()).matches.empty());

  auto capped = bounded_glob((dir.path() / "u" / "*").string(), 1);
  EXPECT_NE(capped.error.find("more than 1 files"), std::string::npos) << capped.error;

  auto root = bounded_glob("/**/*", 10000, 1000);
  EXPECT_FALSE(root.error.empty());
}

TEST(TomlNesting, AcceptsOrdinaryConfigs) {
  EXPECT_FALSE(
      check_toml_nesting("[daemon]\ntimezone = \"Asia/Ho_Chi_Minh\" # a.b.c\n[[plan.task]]\n"
                         "schedule = { date = 2022-03-31 }\nx = [[1, 2], [3.5]]\n"
                         "s = \"\"\"a.b.c.d\n[x.y.z]\"\"\"\nt = 'q.q'\n\"a.b\".c = 1\n"));
  EXPECT_FALSE(check_toml_nesting("[" + repeat("a", 100, ".") + "]\n"));
  EXPECT_FALSE(check_toml_nesting("x = " + repeat("[", 99, "") + repeat("]", 99, "") + "\n"));
}

TEST(TomlNesting, LocatesDeepHeadersKeysInlineTablesAndArrays) {
  auto header = check_toml_nesting("x = 1\n\n[" + repeat("a", 100000, ".") + "]\n");
  ASSERT_TRUE(header);
  EXPECT_EQ(header->line, 3);
  EXPECT_EQ(header->column, 1);
  EXPECT_NE(header->message.find("at most 100"), std::string::npos) << header->message;

  auto key = check_toml_nesting("[a.b]\n  " + repeat("k", 99, ".") + " = 1\n");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->line, 2);
  EXPECT_EQ(key->column, 3);

  auto inline_table = check_toml_nesting("x = " + repeat("{a = ", 101, "") + "1" + repeat("}", 101, "") + "\n");
  ASSERT_TRUE(inline_table);
  EXPECT_EQ(inline_table->line, 1);

  auto arrays = check_toml_nesting("x = [\n" + repeat("[", 200, "") + "\n]");
  ASSERT_TRUE(arrays);
  EXPECT_EQ(arrays->line, 2);

  // Dots inside strings and comments do not count.
  EXPECT_FALSE(check_toml_nesting("x = \"" + repeat("a", 1000, ".") + "\" # " + repeat("b", 1000, ".") + "\n"));
}

TEST(TomlBareCharacters, VietnameseInStringsAndCommentsIsFine) {
  EXPECT_FALSE(
      check_toml_bare_characters("# Kế hoạch năm 2026\nname = \"Sở Tư pháp\" # chủ trì\n"
                                 "when = 'Quý I/2026'\nnote = \"\"\"\nHằng năm\n\"\"\"\n"
                                 "lit = '''\nThường xuyên ''' \nx = \"a \\\" ơ\"\n"));
  // A byte order mark at the start is not content.
  EXPECT_FALSE(check_toml_bare_characters("\xEF\xBB\xBFyear = 2026\n"));
  EXPECT_FALSE(check_toml_text("[[unit]]\nid = \"stp\"\nname = \"Sở Tư pháp\"\n"));
}

TEST(TomlBareCharacters, ACharacterOutsideQuotesIsLocated) {
  // What the fuzzer found: toml++ 3.3 reaches __builtin_unreachable() on it.
  auto problem = check_toml_bare_characters("[[day]]\ndate = 2025-Ã y 26/11/2024\"\n");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->line, 2);
  EXPECT_EQ(problem->column, 13);
  EXPECT_EQ(problem->message,
            "\"Ã\" outside quotes: text other than ASCII is allowed only inside a quoted string or a comment");
  // A bare key, and after a string that ended on the line.
  problem = check_toml_bare_characters("tên = 1\n");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->column, 2);
  problem = check_toml_bare_characters("a = \"x\" ơ\n");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->column, 9);
  // Invalid UTF-8 is named by its byte.
  problem = check_toml_bare_characters("a = 1\xC3\n");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->message.substr(0, 18), "the byte 0xC3 outs");
  // An unterminated string ends at its line: what follows is checked.
  problem = check_toml_bare_characters("a = \"open\nb = ư\n");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->line, 2);
}

TEST(TomlBareCharacters, AQuoteInsideABareTokenOpensNoString) {
  // The second fuzzer finding: toml++ reads a bare value up to its end, so a
  // quote inside it ("2022\x1anotice\"Cô") is no string and the "ô" reaches
  // the same __builtin_unreachable().
  auto problem = check_toml_bare_characters("# Civil-service\nyear = 2022\x1anoticwork\"C\xc3\xb4s\xe1");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->line, 2);
  EXPECT_EQ(problem->column, 24);
  ASSERT_TRUE(check_toml_bare_characters("a = 1x\"ơ\"\n"));
  // A NUL byte before the quote is content too (the third finding).
  ASSERT_TRUE(check_toml_bare_characters(std::string("date = 2025-04-26\x02\0\0\"Làm bù\"\n", 31)));
  // """ where a key begins is the empty key "" and a quote to toml++, not
  // a multi-line string (the fourth finding).
  ASSERT_TRUE(check_toml_bare_characters("# x\n\"\"\"\"\"1\"\"B\\\\ông\n"));
  EXPECT_FALSE(check_toml_bare_characters("note = \"\"\"\nHằng năm \"\" ơ\n\"\"\"\n"));
  // Where TOML lets a string begin, it is one.
  EXPECT_FALSE(check_toml_bare_characters(
      "\"khóa\" = 1\na.\"ơ\" = 2\nb = [\"ư\", \"ơ\",\n  \"â\"]\nc = { d = \"ê\" }\n[\"bảng\"]\n[[\"mục\"]]\n"));
}

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_FALSE(first_invalid_utf8("Khi có yêu cầu"));
  EXPECT_EQ(first_invalid_utf8("Khi có yêu cầu \xff"), std::optional<std::size_t>(19));
  EXPECT_EQ(first_invalid_utf8("\xc0\x80"), std::optional<std::size_t>(0));       // overlong
  EXPECT_EQ(first_invalid_utf8("a\xed\xa0\x80"), std::optional<std::size_t>(1));  // surrogate
  EXPECT_EQ(first_invalid_utf8("ab\xe1\xba"), std::optional<std::size_t>(2));     // truncated
  EXPECT_FALSE(first_invalid_utf8("\xf0\x9f\x98\x80"));
}

}  // namespace
}  // namespace deadlined
