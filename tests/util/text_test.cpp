#include "util/text.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace deadlined {
namespace {

struct FoldCase {
  std::string input;
  std::string expected;
};

// Each of the 12 Vietnamese vowels in its bare form and with the 5 tones
// (huyền, sắc, hỏi, ngã, nặng), lower and upper case.
TEST(FoldVietnamese, FoldsEveryVowelWithEveryToneInBothCases) {
  const std::vector<FoldCase> cases{
      {"aàáảãạ", "aaaaaa"}, {"AÀÁẢÃẠ", "aaaaaa"}, {"ăằắẳẵặ", "aaaaaa"}, {"ĂẰẮẲẴẶ", "aaaaaa"}, {"âầấẩẫậ", "aaaaaa"},
      {"ÂẦẤẨẪẬ", "aaaaaa"}, {"eèéẻẽẹ", "eeeeee"}, {"EÈÉẺẼẸ", "eeeeee"}, {"êềếểễệ", "eeeeee"}, {"ÊỀẾỂỄỆ", "eeeeee"},
      {"iìíỉĩị", "iiiiii"}, {"IÌÍỈĨỊ", "iiiiii"}, {"oòóỏõọ", "oooooo"}, {"OÒÓỎÕỌ", "oooooo"}, {"ôồốổỗộ", "oooooo"},
      {"ÔỒỐỔỖỘ", "oooooo"}, {"ơờớởỡợ", "oooooo"}, {"ƠỜỚỞỠỢ", "oooooo"}, {"uùúủũụ", "uuuuuu"}, {"UÙÚỦŨỤ", "uuuuuu"},
      {"ưừứửữự", "uuuuuu"}, {"ƯỪỨỬỮỰ", "uuuuuu"}, {"yỳýỷỹỵ", "yyyyyy"}, {"YỲÝỶỸỴ", "yyyyyy"}, {"đĐ", "dd"},
  };
  for (const FoldCase& c : cases) {
    EXPECT_EQ(fold_vietnamese(c.input), c.expected) << c.input;
  }
}

TEST(FoldVietnamese, FoldsSingleLettersNamedInTheSpec) {
  EXPECT_EQ(fold_vietnamese("ỹ"), "y");
  EXPECT_EQ(fold_vietnamese("Ự"), "u");
  EXPECT_EQ(fold_vietnamese("Đ"), "d");
  EXPECT_EQ(fold_vietnamese("đ"), "d");
}

TEST(FoldVietnamese, FoldsWholePhrasesToLowerCaseAscii) {
  EXPECT_EQ(fold_vietnamese("Quý I/2022"), "quy i/2022");
  EXPECT_EQ(fold_vietnamese("Thường xuyên trong năm 2022"), "thuong xuyen trong nam 2022");
  EXPECT_EQ(fold_vietnamese("Khi có yêu cầu của Sở Thông tin và Truyền thông"),
            "khi co yeu cau cua so thong tin va truyen thong");
  EXPECT_EQ(fold_vietnamese("ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ"), "uy ban nhan dan tinh thua thien hue");
}

TEST(FoldVietnamese, FoldsDecomposedCombiningMarks) {
  // NFD: base letter followed by U+0300..U+0323 marks (horn, breve, tones...).
  EXPECT_EQ(fold_vietnamese("Quy\u0301 I/2022"), "quy i/2022");
  EXPECT_EQ(fold_vietnamese("Tru\u031Bo\u031B\u0301c nga\u0300y"), "truoc ngay");
  EXPECT_EQ(fold_vietnamese("U\u031B\u0323"), "u");
  EXPECT_EQ(fold_vietnamese("y\u0303"), "y");
  EXPECT_EQ(fold_vietnamese("A\u0306\u0323 E\u0302\u0309 O\u0302\u0300"), "a e o");
}

TEST(FoldVietnamese, CollapsesAndTrimsWhitespaceIncludingNoBreakSpace) {
  EXPECT_EQ(fold_vietnamese("  Quý \t  I\n/2022  "), "quy i /2022");
  EXPECT_EQ(fold_vietnamese("Năm\u00A02022"), "nam 2022");
  EXPECT_EQ(fold_vietnamese(" \t\n "), "");
  EXPECT_EQ(fold_vietnamese(""), "");
}

TEST(FoldVietnamese, PassesOtherCharactersThrough) {
  EXPECT_EQ(fold_vietnamese("Müller"), "müller");  // not a Vietnamese letter
  EXPECT_EQ(fold_vietnamese("中文"), "中文");
  EXPECT_EQ(fold_vietnamese("a – b • c"), "a – b • c");
  EXPECT_EQ(fold_vietnamese("(1); x/y: 2."), "(1); x/y: 2.");
  EXPECT_EQ(fold_vietnamese("ÄÇÑ×"), "ÄÇÑ×");
}

TEST(FoldVietnamese, KeepsInvalidUtf8BytesUnchanged) {
  EXPECT_EQ(fold_vietnamese("A\xFF"
                            "B"),
            "a\xFF"
            "b");
  EXPECT_EQ(fold_vietnamese("\xC3"), "\xC3");          // truncated sequence
  EXPECT_EQ(fold_vietnamese("\xC0\xAF"), "\xC0\xAF");  // overlong '/'
}

TEST(DisplayWidth, CountsCodePointsNotBytes) {
  EXPECT_EQ(display_width(""), 0U);
  EXPECT_EQ(display_width("abc"), 3U);
  EXPECT_EQ(display_width("Quý"), 3U);
  EXPECT_EQ(display_width("Thường xuyên"), 12U);
  EXPECT_EQ(display_width("Đ"), 1U);
}

TEST(DisplayWidth, CombiningMarksTakeNoColumn) {
  EXPECT_EQ(display_width("Quy\u0301"), 3U);
  EXPECT_EQ(display_width("Tru\u031Bo\u031B\u0301c"), 5U);
}

TEST(DisplayWidth, EastAsianWideCharactersTakeTwoColumns) {
  EXPECT_EQ(display_width("中文"), 4U);
  EXPECT_EQ(display_width("a中b"), 4U);
  EXPECT_EQ(display_width("한"), 2U);
  EXPECT_EQ(display_width("ＡＢ"), 4U);  // fullwidth forms
}

TEST(DisplayWidth, InvalidByteCountsAsOneColumn) {
  EXPECT_EQ(display_width("a\xFF"), 2U);
}

TEST(EditDistance, ComputesLevenshteinDistance) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2U);
  EXPECT_EQ(edit_distance("roll", "rol"), 1U);
  EXPECT_EQ(edit_distance("abc", "abc"), 0U);
}

TEST(EditDistance, HandlesEmptyStrings) {
  EXPECT_EQ(edit_distance("", ""), 0U);
  EXPECT_EQ(edit_distance("", "abc"), 3U);
  EXPECT_EQ(edit_distance("abcd", ""), 4U);
}

TEST(EditDistance, IsSymmetric) {
  EXPECT_EQ(edit_distance("before_date", "befor_dat"), edit_distance("befor_dat", "before_date"));
  EXPECT_EQ(edit_distance("report_days", "reprot_day"), 3U);
}

TEST(EditDistance, WorksOnBytes) {
  // "é" is two bytes: one substitution and one deletion away from "e".
  EXPECT_EQ(edit_distance("é", "e"), 2U);
}

TEST(Closest, SuggestsTheNearestCandidateWithinAThirdOfTheLength) {
  const std::vector<std::string> units{"so-tu-phap", "so-noi-vu", "ubnd-tinh"};
  EXPECT_EQ(closest("so-tu-phep", units), "so-tu-phap");
  EXPECT_EQ(closest("so-noi-vuu", units), "so-noi-vu");
  // Too far from every candidate: no suggestion rather than a wild guess.
  EXPECT_EQ(closest("cong-an", units), "");
  EXPECT_EQ(closest("x", {}), "");
}

TEST(Closest, StaysLinearOnAMegabyteLongWord) {
  // Candidates far shorter than the word are skipped before any distance is
  // computed; a quadratic comparison would take minutes here.
  const std::string huge(1 << 20, 'a');
  EXPECT_EQ(closest(huge, {"so-tu-phap", "ubnd-tinh"}), "");
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

// Decomposed Vietnamese (a base letter and its marks, as a Mac or a web form
// writes it) is composed; marks in canonical order compose one at a time
// ("a" + dot below + breve -> "ặ"); the soft hyphen and zero-width
// characters go; everything else is left as it was.
TEST(ComposeVietnamese, ComposesDecomposedLettersAndDropsInvisibleOnes) {
  EXPECT_EQ(compose_vietnamese("Vie\u0302\u0323t Nam"), "Việt Nam");
  EXPECT_EQ(compose_vietnamese("so\u031B\u0309 ho\u031B\u0301"), "sở hớ");
  EXPECT_EQ(compose_vietnamese("a\u0323\u0306"), "ặ");
  EXPECT_EQ(compose_vietnamese("D\u0110 \u00AD hành\u200Bchính\uFEFF"), "DĐ  hànhchính");
  EXPECT_EQ(compose_vietnamese("Quý II/2026 – 中文 \u0301x"), "Quý II/2026 – 中文 \u0301x");
  EXPECT_EQ(compose_vietnamese(std::string("\xFF\xC3", 2)), std::string("\xFF\xC3", 2));
  EXPECT_EQ(fold_vietnamese("Sở Nội\u00AD vụ"), fold_vietnamese("Sở Nội vụ"));
  EXPECT_EQ(fold_vietnamese("danh\u200Bmục"), "danhmuc");
}

}  // namespace
TEST(GroupedNumber, ThousandsAreGroupedWithDotsAsVietnameseWriteThem) {
  EXPECT_EQ(grouped_number(0), "0");
  EXPECT_EQ(grouped_number(999), "999");
  EXPECT_EQ(grouped_number(1000), "1.000");
  EXPECT_EQ(grouped_number(1401), "1.401");
  EXPECT_EQ(grouped_number(113408), "113.408");
  EXPECT_EQ(grouped_number(1234567), "1.234.567");
  EXPECT_EQ(grouped_number(-2500), "-2.500");
  EXPECT_EQ(grouped_number(std::numeric_limits<long long>::min()), "-9.223.372.036.854.775.808");
}

}  // namespace deadlined
