// Resolving lead and support cells to unit and group ids: pure, no files.
#include "import/names.hpp"

#include <gtest/gtest.h>

namespace deadlined::import {
namespace {

NameIndex index_2025() {
  return NameIndex({
      {"vp", {"Văn phòng UBND tỉnh"}},
      {"stp", {"Sở Tư pháp", "STP"}},
      {"stttt", {"Sở Thông tin và Truyền thông"}},
      {"so-nganh", {"Các sở, ban, ngành cấp tỉnh", "Các sở, ngành", "Các cơ quan chuyên môn thuộc UBND tỉnh"}},
      {"ubnd-xa", {"UBND cấp xã", "UBND xã, phường, đặc khu", "cấp xã"}},
      {"ttpvhcc", {"Trung tâm Phục vụ hành chính công tỉnh"}},
  });
}

TEST(ImportNames, LongestMatchFirstTwoGroupsNotFiveFragments) {
  Resolution r = index_2025().resolve("Các sở, ngành, UBND xã, phường, đặc khu");
  EXPECT_EQ(r.ids, (std::vector<std::string>{"so-nganh", "ubnd-xa"}));
  EXPECT_TRUE(r.unresolved.empty());
}

TEST(ImportNames, CaseDiacriticsPunctuationAndUyBanNhanDanIgnored) {
  Resolution r = index_2025().resolve("- VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH;\n- sở tu phap.");
  EXPECT_EQ(r.ids, (std::vector<std::string>{"vp", "stp"}));
  EXPECT_TRUE(r.unresolved.empty());
}

TEST(ImportNames, AliasesAndConnectives) {
  Resolution r = index_2025().resolve("Các cơ quan chuyên môn thuộc UBND tỉnh và STP; cấp xã");
  EXPECT_EQ(r.ids, (std::vector<std::string>{"so-nganh", "stp", "ubnd-xa"}));
}

TEST(ImportNames, UnknownFragmentsKeptAsWritten) {
  Resolution r = index_2025().resolve("Văn phòng UBND tỉnh; Công an tỉnh, Sở Tư pháp và Bưu điện tỉnh");
  EXPECT_EQ(r.ids, (std::vector<std::string>{"vp", "stp"}));
  EXPECT_EQ(r.unresolved, (std::vector<std::string>{"Công an tỉnh", "Bưu điện tỉnh"}));
}

TEST(ImportNames, DuplicatesOnceInFirstOrder) {
  Resolution r = index_2025().resolve("Sở Tư pháp, Văn phòng UBND tỉnh, Sở Tư pháp");
  EXPECT_EQ(r.ids, (std::vector<std::string>{"stp", "vp"}));
}

TEST(ImportNames, EmptyCell) {
  Resolution r = index_2025().resolve("  ");
  EXPECT_TRUE(r.ids.empty());
  EXPECT_TRUE(r.unresolved.empty());
}

TEST(ImportNames, MatchWords) {
  EXPECT_EQ(match_words("Ủy ban nhân dân các xã, phường"), (std::vector<std::string>{"ubnd", "xa", "phuong"}));
}

}  // namespace
}  // namespace deadlined::import
