// parse_toml_text keeps toml++ 3.3 away from its unreachable whitespace test:
// no code point U+00A1-U+0499 reaches it, and everything read comes back as
// written.
#include "config/toml_reader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace deadlined {
namespace {

TEST(TomlText, VietnameseKeysStringsAndArraysComeBackAsWritten) {
  auto table = parse_toml_text(
      "tên = 1\n\"đơn vị\" = \"Sở Tư pháp, Bộ Nội vụ\"\nlist = [\"ơ\", \"ư\", \"Quốc khánh\"]\n"
      "[\"bảng ô\"]\nghi_chu = '''\nThường xuyên ă đ\n'''\n",
      "t.toml");
  // A bare key with "ê" is not TOML 1.0: toml++ refuses it, with the text as written.
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().description.find("\xEF\x83"), std::string::npos) << table.error().description;
  EXPECT_EQ(table.error().source.begin.line, 1U);

  table = parse_toml_text(
      "\"đơn vị\" = \"Sở Tư pháp, Bộ Nội vụ\"\nlist = [\"ơ\", \"ư\", \"Quốc khánh\"]\n"
      "[\"bảng ô\"]\nghi_chu = '''\nThường xuyên ă đ'''\n",
      "t.toml");
  ASSERT_TRUE(table) << table.error().description;
  EXPECT_EQ((*table)["đơn vị"].value<std::string>(), "Sở Tư pháp, Bộ Nội vụ");
  EXPECT_EQ((*table)["list"][1].value<std::string>(), "ư");
  EXPECT_EQ((*table)["list"][2].value<std::string>(), "Quốc khánh");
  EXPECT_EQ((*table)["bảng ô"]["ghi_chu"].value<std::string>(), "Thường xuyên ă đ");
  EXPECT_EQ((*table)["bảng ô"].node()->source().begin.line, 3U);
}

TEST(TomlText, WhatCrashedToml3IsAnErrorWithTheTextAsWritten) {
  // Each was a fuzzer finding: a letter U+00A1-U+0499 where toml++ asks
  // whether a character is whitespace.
  for (const std::string& text :
       {std::string("date = 2025-Ã\n"), std::string("year = 2022\x1anotice\"Côs\xe1"),
        std::string("date = 2025-04-26\x02\0\0\"Làm bù\"\n", 31), std::string("\"\"\"\"\"1\"\"B\\\\ông\n")}) {
    SCOPED_TRACE(text);
    auto table = parse_toml_text(text, "h.toml");
    EXPECT_FALSE(table);
  }
  auto table = parse_toml_text("date = 2025-Ã\n", "h.toml");
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().description.find("\xEF\x83"), std::string::npos) << table.error().description;
}

TEST(TomlText, PrivateUseCharactersOfTheMovedRangeAreRefused) {
  auto table = parse_toml_text("a = \"\xEF\x83\xB4\"\n", "p.toml");  // U+F0F4
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().description.find("private-use"), std::string::npos);
}

}  // namespace
}  // namespace deadlined
