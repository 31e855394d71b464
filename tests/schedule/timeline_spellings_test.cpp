// Every spelling of the position, week-of-month, nine-month and next-year
// families reads as the phrase as written in the plan: lower and upper case,
// without diacritics, decomposed Unicode (NFD), a final period, extra
// spaces, an en dash for a hyphen, "hàng" for "hằng". The readings of the
// phrases themselves are checked in timeline_positions_test.cpp and
// timeline_nine_months_test.cpp. Generated from a list of phrases with
// Python's unicodedata (NFD, upper case, marks stripped).
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"
#include "util/text.hpp"

#include <gtest/gtest.h>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

struct SpellingCase {
  const char* spelling;
  int first_year;
  int last_year;  // 0: a single-year plan
  const char* as_written;
};

// The test's name in ctest: the spelling, folded to letters, digits and '_'.
void PrintTo(const SpellingCase& c, std::ostream* os) {
  for (const char letter : fold_vietnamese(c.spelling)) {
    const bool plain = (letter >= 'a' && letter <= 'z') || (letter >= '0' && letter <= '9');
    *os << (plain ? letter : '_');
  }
}

PlanSpan span_of(const SpellingCase& c) {
  return PlanSpan{c.first_year, c.last_year == 0 ? std::nullopt : std::optional<int>(c.last_year)};
}

class TimelineSpellings : public ::testing::TestWithParam<SpellingCase> {};

TEST_P(TimelineSpellings, ReadAsWritten) {
  const SpellingCase& c = GetParam();
  auto written = parse_timeline(c.as_written, span_of(c));
  ASSERT_TRUE(written) << written.error().message;
  auto spelled = parse_timeline(c.spelling, span_of(c));
  ASSERT_TRUE(spelled) << c.spelling << ": " << spelled.error().message;
  EXPECT_EQ(describe(*spelled), describe(*written)) << c.spelling;
}

const std::vector<SpellingCase> k_positions{
    {"Đầu năm 2026", 2026, 0, "Đầu năm 2026"},
    {"đầu năm 2026", 2026, 0, "Đầu năm 2026"},
    {"ĐẦU NĂM 2026", 2026, 0, "Đầu năm 2026"},
    {"Dau nam 2026", 2026, 0, "Đầu năm 2026"},
    {"DAU NAM 2026", 2026, 0, "Đầu năm 2026"},
    {"Đa\u0302\u0300u na\u0306m 2026", 2026, 0, "Đầu năm 2026"},
    {"Đầu năm 2026.", 2026, 0, "Đầu năm 2026"},
    {"  Đầu  năm  2026 ", 2026, 0, "Đầu năm 2026"},
    {"Giữa năm 2026", 2026, 0, "Giữa năm 2026"},
    {"giữa năm 2026", 2026, 0, "Giữa năm 2026"},
    {"GIỮA NĂM 2026", 2026, 0, "Giữa năm 2026"},
    {"Giua nam 2026", 2026, 0, "Giữa năm 2026"},
    {"GIUA NAM 2026", 2026, 0, "Giữa năm 2026"},
    {"Giu\u031b\u0303a na\u0306m 2026", 2026, 0, "Giữa năm 2026"},
    {"Giữa năm 2026.", 2026, 0, "Giữa năm 2026"},
    {"  Giữa  năm  2026 ", 2026, 0, "Giữa năm 2026"},
    {"Cuối năm 2026", 2026, 0, "Cuối năm 2026"},
    {"cuối năm 2026", 2026, 0, "Cuối năm 2026"},
    {"CUỐI NĂM 2026", 2026, 0, "Cuối năm 2026"},
    {"Cuoi nam 2026", 2026, 0, "Cuối năm 2026"},
    {"CUOI NAM 2026", 2026, 0, "Cuối năm 2026"},
    {"Cuo\u0302\u0301i na\u0306m 2026", 2026, 0, "Cuối năm 2026"},
    {"Cuối năm 2026.", 2026, 0, "Cuối năm 2026"},
    {"  Cuối  năm  2026 ", 2026, 0, "Cuối năm 2026"},
    {"Đầu tháng 3/2026", 2026, 0, "Đầu tháng 3/2026"},
    {"đầu tháng 3/2026", 2026, 0, "Đầu tháng 3/2026"},
    {"ĐẦU THÁNG 3/2026", 2026, 0, "Đầu tháng 3/2026"},
    {"Dau thang 3/2026", 2026, 0, "Đầu tháng 3/2026"},
    {"DAU THANG 3/2026", 2026, 0, "Đầu tháng 3/2026"},
    {"Đa\u0302\u0300u tha\u0301ng 3/2026", 2026, 0, "Đầu tháng 3/2026"},
    {"Đầu tháng 3/2026.", 2026, 0, "Đầu tháng 3/2026"},
    {"  Đầu  tháng  3/2026 ", 2026, 0, "Đầu tháng 3/2026"},
    {"Đầu tháng 3-2026", 2026, 0, "Đầu tháng 3-2026"},
    {"đầu tháng 3-2026", 2026, 0, "Đầu tháng 3-2026"},
    {"ĐẦU THÁNG 3-2026", 2026, 0, "Đầu tháng 3-2026"},
    {"Dau thang 3-2026", 2026, 0, "Đầu tháng 3-2026"},
    {"DAU THANG 3-2026", 2026, 0, "Đầu tháng 3-2026"},
    {"Đa\u0302\u0300u tha\u0301ng 3-2026", 2026, 0, "Đầu tháng 3-2026"},
    {"Đầu tháng 3-2026.", 2026, 0, "Đầu tháng 3-2026"},
    {"  Đầu  tháng  3-2026 ", 2026, 0, "Đầu tháng 3-2026"},
    {"Đầu tháng 3–2026", 2026, 0, "Đầu tháng 3-2026"},
    {"Giữa tháng 5 năm 2026", 2026, 0, "Giữa tháng 5 năm 2026"},
    {"giữa tháng 5 năm 2026", 2026, 0, "Giữa tháng 5 năm 2026"},
    {"GIỮA THÁNG 5 NĂM 2026", 2026, 0, "Giữa tháng 5 năm 2026"},
    {"Giua thang 5 nam 2026", 2026, 0, "Giữa tháng 5 năm 2026"},
    {"GIUA THANG 5 NAM 2026", 2026, 0, "Giữa tháng 5 năm 2026"},
    {"Giu\u031b\u0303a tha\u0301ng 5 na\u0306m 2026", 2026, 0, "Giữa tháng 5 năm 2026"},
    {"Giữa tháng 5 năm 2026.", 2026, 0, "Giữa tháng 5 năm 2026"},
    {"  Giữa  tháng  5  năm  2026 ", 2026, 0, "Giữa tháng 5 năm 2026"},
    {"Cuối tháng 12", 2026, 0, "Cuối tháng 12"},
    {"cuối tháng 12", 2026, 0, "Cuối tháng 12"},
    {"CUỐI THÁNG 12", 2026, 0, "Cuối tháng 12"},
    {"Cuoi thang 12", 2026, 0, "Cuối tháng 12"},
    {"CUOI THANG 12", 2026, 0, "Cuối tháng 12"},
    {"Cuo\u0302\u0301i tha\u0301ng 12", 2026, 0, "Cuối tháng 12"},
    {"Cuối tháng 12.", 2026, 0, "Cuối tháng 12"},
    {"  Cuối  tháng  12 ", 2026, 0, "Cuối tháng 12"},
    {"Cuối quý I/2026", 2026, 0, "Cuối quý I/2026"},
    {"cuối quý i/2026", 2026, 0, "Cuối quý I/2026"},
    {"CUỐI QUÝ I/2026", 2026, 0, "Cuối quý I/2026"},
    {"Cuoi quy I/2026", 2026, 0, "Cuối quý I/2026"},
    {"CUOI QUY I/2026", 2026, 0, "Cuối quý I/2026"},
    {"Cuo\u0302\u0301i quy\u0301 I/2026", 2026, 0, "Cuối quý I/2026"},
    {"Cuối quý I/2026.", 2026, 0, "Cuối quý I/2026"},
    {"  Cuối  quý  I/2026 ", 2026, 0, "Cuối quý I/2026"},
    {"Đầu quý II/2026", 2026, 0, "Đầu quý II/2026"},
    {"đầu quý ii/2026", 2026, 0, "Đầu quý II/2026"},
    {"ĐẦU QUÝ II/2026", 2026, 0, "Đầu quý II/2026"},
    {"Dau quy II/2026", 2026, 0, "Đầu quý II/2026"},
    {"DAU QUY II/2026", 2026, 0, "Đầu quý II/2026"},
    {"Đa\u0302\u0300u quy\u0301 II/2026", 2026, 0, "Đầu quý II/2026"},
    {"Đầu quý II/2026.", 2026, 0, "Đầu quý II/2026"},
    {"  Đầu  quý  II/2026 ", 2026, 0, "Đầu quý II/2026"},
    {"Vào đầu năm sau", 2026, 0, "Vào đầu năm sau"},
    {"vào đầu năm sau", 2026, 0, "Vào đầu năm sau"},
    {"VÀO ĐẦU NĂM SAU", 2026, 0, "Vào đầu năm sau"},
    {"Vao dau nam sau", 2026, 0, "Vào đầu năm sau"},
    {"VAO DAU NAM SAU", 2026, 0, "Vào đầu năm sau"},
    {"Va\u0300o đa\u0302\u0300u na\u0306m sau", 2026, 0, "Vào đầu năm sau"},
    {"Vào đầu năm sau.", 2026, 0, "Vào đầu năm sau"},
    {"  Vào  đầu  năm  sau ", 2026, 0, "Vào đầu năm sau"},
    {"Giữa tháng hằng tháng", 2026, 0, "Giữa tháng hằng tháng"},
    {"giữa tháng hằng tháng", 2026, 0, "Giữa tháng hằng tháng"},
    {"GIỮA THÁNG HẰNG THÁNG", 2026, 0, "Giữa tháng hằng tháng"},
    {"Giua thang hang thang", 2026, 0, "Giữa tháng hằng tháng"},
    {"GIUA THANG HANG THANG", 2026, 0, "Giữa tháng hằng tháng"},
    {"Giu\u031b\u0303a tha\u0301ng ha\u0306\u0300ng tha\u0301ng", 2026, 0, "Giữa tháng hằng tháng"},
    {"Giữa tháng hằng tháng.", 2026, 0, "Giữa tháng hằng tháng"},
    {"  Giữa  tháng  hằng  tháng ", 2026, 0, "Giữa tháng hằng tháng"},
    {"Giữa tháng hàng tháng", 2026, 0, "Giữa tháng hằng tháng"},
    {"Cuối mỗi quý", 2026, 2027, "Cuối mỗi quý"},
    {"cuối mỗi quý", 2026, 2027, "Cuối mỗi quý"},
    {"CUỐI MỖI QUÝ", 2026, 2027, "Cuối mỗi quý"},
    {"Cuoi moi quy", 2026, 2027, "Cuối mỗi quý"},
    {"CUOI MOI QUY", 2026, 2027, "Cuối mỗi quý"},
    {"Cuo\u0302\u0301i mo\u0302\u0303i quy\u0301", 2026, 2027, "Cuối mỗi quý"},
    {"Cuối mỗi quý.", 2026, 2027, "Cuối mỗi quý"},
    {"  Cuối  mỗi  quý ", 2026, 2027, "Cuối mỗi quý"},
    {"Đầu mỗi năm", 2026, 2028, "Đầu mỗi năm"},
    {"đầu mỗi năm", 2026, 2028, "Đầu mỗi năm"},
    {"ĐẦU MỖI NĂM", 2026, 2028, "Đầu mỗi năm"},
    {"Dau moi nam", 2026, 2028, "Đầu mỗi năm"},
    {"DAU MOI NAM", 2026, 2028, "Đầu mỗi năm"},
    {"Đa\u0302\u0300u mo\u0302\u0303i na\u0306m", 2026, 2028, "Đầu mỗi năm"},
    {"Đầu mỗi năm.", 2026, 2028, "Đầu mỗi năm"},
    {"  Đầu  mỗi  năm ", 2026, 2028, "Đầu mỗi năm"},
    {"Hằng tháng, vào giữa tháng", 2026, 0, "Hằng tháng, vào giữa tháng"},
    {"hằng tháng, vào giữa tháng", 2026, 0, "Hằng tháng, vào giữa tháng"},
    {"HẰNG THÁNG, VÀO GIỮA THÁNG", 2026, 0, "Hằng tháng, vào giữa tháng"},
    {"Hang thang, vao giua thang", 2026, 0, "Hằng tháng, vào giữa tháng"},
    {"HANG THANG, VAO GIUA THANG", 2026, 0, "Hằng tháng, vào giữa tháng"},
    {"Ha\u0306\u0300ng tha\u0301ng, va\u0300o giu\u031b\u0303a tha\u0301ng", 2026, 0, "Hằng tháng, vào giữa tháng"},
    {"Hằng tháng, vào giữa tháng.", 2026, 0, "Hằng tháng, vào giữa tháng"},
    {"  Hằng  tháng,  vào  giữa  tháng ", 2026, 0, "Hằng tháng, vào giữa tháng"},
    {"Hàng tháng, vào giữa tháng", 2026, 0, "Hằng tháng, vào giữa tháng"},
    {"Đầu quý hằng quý", 2026, 0, "Đầu quý hằng quý"},
    {"đầu quý hằng quý", 2026, 0, "Đầu quý hằng quý"},
    {"ĐẦU QUÝ HẰNG QUÝ", 2026, 0, "Đầu quý hằng quý"},
    {"Dau quy hang quy", 2026, 0, "Đầu quý hằng quý"},
    {"DAU QUY HANG QUY", 2026, 0, "Đầu quý hằng quý"},
    {"Đa\u0302\u0300u quy\u0301 ha\u0306\u0300ng quy\u0301", 2026, 0, "Đầu quý hằng quý"},
    {"Đầu quý hằng quý.", 2026, 0, "Đầu quý hằng quý"},
    {"  Đầu  quý  hằng  quý ", 2026, 0, "Đầu quý hằng quý"},
    {"Đầu quý hàng quý", 2026, 0, "Đầu quý hằng quý"},
};

const std::vector<SpellingCase> k_weeks{
    {"Tuần đầu tiên của tháng 3/2026", 2026, 0, "Tuần đầu tiên của tháng 3/2026"},
    {"tuần đầu tiên của tháng 3/2026", 2026, 0, "Tuần đầu tiên của tháng 3/2026"},
    {"TUẦN ĐẦU TIÊN CỦA THÁNG 3/2026", 2026, 0, "Tuần đầu tiên của tháng 3/2026"},
    {"Tuan dau tien cua thang 3/2026", 2026, 0, "Tuần đầu tiên của tháng 3/2026"},
    {"TUAN DAU TIEN CUA THANG 3/2026", 2026, 0, "Tuần đầu tiên của tháng 3/2026"},
    {"Tua\u0302\u0300n đa\u0302\u0300u tie\u0302n cu\u0309a tha\u0301ng 3/2026", 2026, 0,
     "Tuần đầu tiên của tháng 3/2026"},
    {"Tuần đầu tiên của tháng 3/2026.", 2026, 0, "Tuần đầu tiên của tháng 3/2026"},
    {"  Tuần  đầu  tiên  của  tháng  3/2026 ", 2026, 0, "Tuần đầu tiên của tháng 3/2026"},
    {"Tuần cuối của tháng 12", 2026, 0, "Tuần cuối của tháng 12"},
    {"tuần cuối của tháng 12", 2026, 0, "Tuần cuối của tháng 12"},
    {"TUẦN CUỐI CỦA THÁNG 12", 2026, 0, "Tuần cuối của tháng 12"},
    {"Tuan cuoi cua thang 12", 2026, 0, "Tuần cuối của tháng 12"},
    {"TUAN CUOI CUA THANG 12", 2026, 0, "Tuần cuối của tháng 12"},
    {"Tua\u0302\u0300n cuo\u0302\u0301i cu\u0309a tha\u0301ng 12", 2026, 0, "Tuần cuối của tháng 12"},
    {"Tuần cuối của tháng 12.", 2026, 0, "Tuần cuối của tháng 12"},
    {"  Tuần  cuối  của  tháng  12 ", 2026, 0, "Tuần cuối của tháng 12"},
    {"Tuần cuối cùng tháng 2/2028", 2026, 0, "Tuần cuối cùng tháng 2/2028"},
    {"tuần cuối cùng tháng 2/2028", 2026, 0, "Tuần cuối cùng tháng 2/2028"},
    {"TUẦN CUỐI CÙNG THÁNG 2/2028", 2026, 0, "Tuần cuối cùng tháng 2/2028"},
    {"Tuan cuoi cung thang 2/2028", 2026, 0, "Tuần cuối cùng tháng 2/2028"},
    {"TUAN CUOI CUNG THANG 2/2028", 2026, 0, "Tuần cuối cùng tháng 2/2028"},
    {"Tua\u0302\u0300n cuo\u0302\u0301i cu\u0300ng tha\u0301ng 2/2028", 2026, 0, "Tuần cuối cùng tháng 2/2028"},
    {"Tuần cuối cùng tháng 2/2028.", 2026, 0, "Tuần cuối cùng tháng 2/2028"},
    {"  Tuần  cuối  cùng  tháng  2/2028 ", 2026, 0, "Tuần cuối cùng tháng 2/2028"},
    {"Tuần thứ 2 của tháng 4", 2026, 0, "Tuần thứ 2 của tháng 4"},
    {"tuần thứ 2 của tháng 4", 2026, 0, "Tuần thứ 2 của tháng 4"},
    {"TUẦN THỨ 2 CỦA THÁNG 4", 2026, 0, "Tuần thứ 2 của tháng 4"},
    {"Tuan thu 2 cua thang 4", 2026, 0, "Tuần thứ 2 của tháng 4"},
    {"TUAN THU 2 CUA THANG 4", 2026, 0, "Tuần thứ 2 của tháng 4"},
    {"Tua\u0302\u0300n thu\u031b\u0301 2 cu\u0309a tha\u0301ng 4", 2026, 0, "Tuần thứ 2 của tháng 4"},
    {"Tuần thứ 2 của tháng 4.", 2026, 0, "Tuần thứ 2 của tháng 4"},
    {"  Tuần  thứ  2  của  tháng  4 ", 2026, 0, "Tuần thứ 2 của tháng 4"},
    {"Tuần thứ hai tháng 4-2026", 2026, 0, "Tuần thứ hai tháng 4-2026"},
    {"tuần thứ hai tháng 4-2026", 2026, 0, "Tuần thứ hai tháng 4-2026"},
    {"TUẦN THỨ HAI THÁNG 4-2026", 2026, 0, "Tuần thứ hai tháng 4-2026"},
    {"Tuan thu hai thang 4-2026", 2026, 0, "Tuần thứ hai tháng 4-2026"},
    {"TUAN THU HAI THANG 4-2026", 2026, 0, "Tuần thứ hai tháng 4-2026"},
    {"Tua\u0302\u0300n thu\u031b\u0301 hai tha\u0301ng 4-2026", 2026, 0, "Tuần thứ hai tháng 4-2026"},
    {"Tuần thứ hai tháng 4-2026.", 2026, 0, "Tuần thứ hai tháng 4-2026"},
    {"  Tuần  thứ  hai  tháng  4-2026 ", 2026, 0, "Tuần thứ hai tháng 4-2026"},
    {"Tuần thứ hai tháng 4–2026", 2026, 0, "Tuần thứ hai tháng 4-2026"},
    {"Trong tuần đầu tháng 01 hằng năm", 2026, 2028, "Trong tuần đầu tháng 01 hằng năm"},
    {"trong tuần đầu tháng 01 hằng năm", 2026, 2028, "Trong tuần đầu tháng 01 hằng năm"},
    {"TRONG TUẦN ĐẦU THÁNG 01 HẰNG NĂM", 2026, 2028, "Trong tuần đầu tháng 01 hằng năm"},
    {"Trong tuan dau thang 01 hang nam", 2026, 2028, "Trong tuần đầu tháng 01 hằng năm"},
    {"TRONG TUAN DAU THANG 01 HANG NAM", 2026, 2028, "Trong tuần đầu tháng 01 hằng năm"},
    {"Trong tua\u0302\u0300n đa\u0302\u0300u tha\u0301ng 01 ha\u0306\u0300ng na\u0306m", 2026, 2028,
     "Trong tuần đầu tháng 01 hằng năm"},
    {"Trong tuần đầu tháng 01 hằng năm.", 2026, 2028, "Trong tuần đầu tháng 01 hằng năm"},
    {"  Trong  tuần  đầu  tháng  01  hằng  năm ", 2026, 2028, "Trong tuần đầu tháng 01 hằng năm"},
    {"Trong tuần đầu tháng 01 hàng năm", 2026, 2028, "Trong tuần đầu tháng 01 hằng năm"},
    {"Tuần đầu mỗi tháng", 2026, 0, "Tuần đầu mỗi tháng"},
    {"tuần đầu mỗi tháng", 2026, 0, "Tuần đầu mỗi tháng"},
    {"TUẦN ĐẦU MỖI THÁNG", 2026, 0, "Tuần đầu mỗi tháng"},
    {"Tuan dau moi thang", 2026, 0, "Tuần đầu mỗi tháng"},
    {"TUAN DAU MOI THANG", 2026, 0, "Tuần đầu mỗi tháng"},
    {"Tua\u0302\u0300n đa\u0302\u0300u mo\u0302\u0303i tha\u0301ng", 2026, 0, "Tuần đầu mỗi tháng"},
    {"Tuần đầu mỗi tháng.", 2026, 0, "Tuần đầu mỗi tháng"},
    {"  Tuần  đầu  mỗi  tháng ", 2026, 0, "Tuần đầu mỗi tháng"},
    {"Tuần cuối tháng hằng tháng", 2026, 0, "Tuần cuối tháng hằng tháng"},
    {"tuần cuối tháng hằng tháng", 2026, 0, "Tuần cuối tháng hằng tháng"},
    {"TUẦN CUỐI THÁNG HẰNG THÁNG", 2026, 0, "Tuần cuối tháng hằng tháng"},
    {"Tuan cuoi thang hang thang", 2026, 0, "Tuần cuối tháng hằng tháng"},
    {"TUAN CUOI THANG HANG THANG", 2026, 0, "Tuần cuối tháng hằng tháng"},
    {"Tua\u0302\u0300n cuo\u0302\u0301i tha\u0301ng ha\u0306\u0300ng tha\u0301ng", 2026, 0,
     "Tuần cuối tháng hằng tháng"},
    {"Tuần cuối tháng hằng tháng.", 2026, 0, "Tuần cuối tháng hằng tháng"},
    {"  Tuần  cuối  tháng  hằng  tháng ", 2026, 0, "Tuần cuối tháng hằng tháng"},
    {"Tuần cuối tháng hàng tháng", 2026, 0, "Tuần cuối tháng hằng tháng"},
};

const std::vector<SpellingCase> k_nine_months{
    {"Báo cáo 9 tháng", 2026, 0, "Báo cáo 9 tháng"},
    {"báo cáo 9 tháng", 2026, 0, "Báo cáo 9 tháng"},
    {"BÁO CÁO 9 THÁNG", 2026, 0, "Báo cáo 9 tháng"},
    {"Bao cao 9 thang", 2026, 0, "Báo cáo 9 tháng"},
    {"BAO CAO 9 THANG", 2026, 0, "Báo cáo 9 tháng"},
    {"Ba\u0301o ca\u0301o 9 tha\u0301ng", 2026, 0, "Báo cáo 9 tháng"},
    {"Báo cáo 9 tháng.", 2026, 0, "Báo cáo 9 tháng"},
    {"  Báo  cáo  9  tháng ", 2026, 0, "Báo cáo 9 tháng"},
    {"9 tháng đầu năm 2026", 2026, 0, "9 tháng đầu năm 2026"},
    {"9 THÁNG ĐẦU NĂM 2026", 2026, 0, "9 tháng đầu năm 2026"},
    {"9 thang dau nam 2026", 2026, 0, "9 tháng đầu năm 2026"},
    {"9 THANG DAU NAM 2026", 2026, 0, "9 tháng đầu năm 2026"},
    {"9 tha\u0301ng đa\u0302\u0300u na\u0306m 2026", 2026, 0, "9 tháng đầu năm 2026"},
    {"9 tháng đầu năm 2026.", 2026, 0, "9 tháng đầu năm 2026"},
    {"  9  tháng  đầu  năm  2026 ", 2026, 0, "9 tháng đầu năm 2026"},
    {"Trong 9 tháng đầu năm 2026", 2026, 0, "Trong 9 tháng đầu năm 2026"},
    {"trong 9 tháng đầu năm 2026", 2026, 0, "Trong 9 tháng đầu năm 2026"},
    {"TRONG 9 THÁNG ĐẦU NĂM 2026", 2026, 0, "Trong 9 tháng đầu năm 2026"},
    {"Trong 9 thang dau nam 2026", 2026, 0, "Trong 9 tháng đầu năm 2026"},
    {"TRONG 9 THANG DAU NAM 2026", 2026, 0, "Trong 9 tháng đầu năm 2026"},
    {"Trong 9 tha\u0301ng đa\u0302\u0300u na\u0306m 2026", 2026, 0, "Trong 9 tháng đầu năm 2026"},
    {"Trong 9 tháng đầu năm 2026.", 2026, 0, "Trong 9 tháng đầu năm 2026"},
    {"  Trong  9  tháng  đầu  năm  2026 ", 2026, 0, "Trong 9 tháng đầu năm 2026"},
    {"Báo cáo 6 tháng, 9 tháng và năm", 2026, 0, "Báo cáo 6 tháng, 9 tháng và năm"},
    {"báo cáo 6 tháng, 9 tháng và năm", 2026, 0, "Báo cáo 6 tháng, 9 tháng và năm"},
    {"BÁO CÁO 6 THÁNG, 9 THÁNG VÀ NĂM", 2026, 0, "Báo cáo 6 tháng, 9 tháng và năm"},
    {"Bao cao 6 thang, 9 thang va nam", 2026, 0, "Báo cáo 6 tháng, 9 tháng và năm"},
    {"BAO CAO 6 THANG, 9 THANG VA NAM", 2026, 0, "Báo cáo 6 tháng, 9 tháng và năm"},
    {"Ba\u0301o ca\u0301o 6 tha\u0301ng, 9 tha\u0301ng va\u0300 na\u0306m", 2026, 0, "Báo cáo 6 tháng, 9 tháng và năm"},
    {"Báo cáo 6 tháng, 9 tháng và năm.", 2026, 0, "Báo cáo 6 tháng, 9 tháng và năm"},
    {"  Báo  cáo  6  tháng,  9  tháng  và  năm ", 2026, 0, "Báo cáo 6 tháng, 9 tháng và năm"},
    {"Báo cáo định kỳ 6 tháng, 9 tháng và năm", 2026, 2027, "Báo cáo định kỳ 6 tháng, 9 tháng và năm"},
    {"báo cáo định kỳ 6 tháng, 9 tháng và năm", 2026, 2027, "Báo cáo định kỳ 6 tháng, 9 tháng và năm"},
    {"BÁO CÁO ĐỊNH KỲ 6 THÁNG, 9 THÁNG VÀ NĂM", 2026, 2027, "Báo cáo định kỳ 6 tháng, 9 tháng và năm"},
    {"Bao cao dinh ky 6 thang, 9 thang va nam", 2026, 2027, "Báo cáo định kỳ 6 tháng, 9 tháng và năm"},
    {"BAO CAO DINH KY 6 THANG, 9 THANG VA NAM", 2026, 2027, "Báo cáo định kỳ 6 tháng, 9 tháng và năm"},
    {"Ba\u0301o ca\u0301o đi\u0323nh ky\u0300 6 tha\u0301ng, 9 tha\u0301ng va\u0300 na\u0306m", 2026, 2027,
     "Báo cáo định kỳ 6 tháng, 9 tháng và năm"},
    {"Báo cáo định kỳ 6 tháng, 9 tháng và năm.", 2026, 2027, "Báo cáo định kỳ 6 tháng, 9 tháng và năm"},
    {"  Báo  cáo  định  kỳ  6  tháng,  9  tháng  và  năm ", 2026, 2027, "Báo cáo định kỳ 6 tháng, 9 tháng và năm"},
    {"Báo cáo 9 tháng (trước ngày 20/9)", 2026, 0, "Báo cáo 9 tháng (trước ngày 20/9)"},
    {"báo cáo 9 tháng (trước ngày 20/9)", 2026, 0, "Báo cáo 9 tháng (trước ngày 20/9)"},
    {"BÁO CÁO 9 THÁNG (TRƯỚC NGÀY 20/9)", 2026, 0, "Báo cáo 9 tháng (trước ngày 20/9)"},
    {"Bao cao 9 thang (truoc ngay 20/9)", 2026, 0, "Báo cáo 9 tháng (trước ngày 20/9)"},
    {"BAO CAO 9 THANG (TRUOC NGAY 20/9)", 2026, 0, "Báo cáo 9 tháng (trước ngày 20/9)"},
    {"Ba\u0301o ca\u0301o 9 tha\u0301ng (tru\u031bo\u031b\u0301c nga\u0300y 20/9)", 2026, 0,
     "Báo cáo 9 tháng (trước ngày 20/9)"},
    {"Báo cáo 9 tháng (trước ngày 20/9).", 2026, 0, "Báo cáo 9 tháng (trước ngày 20/9)"},
    {"  Báo  cáo  9  tháng  (trước  ngày  20/9) ", 2026, 0, "Báo cáo 9 tháng (trước ngày 20/9)"},
    {"9 tháng đầu năm, hằng năm", 2026, 2028, "9 tháng đầu năm, hằng năm"},
    {"9 THÁNG ĐẦU NĂM, HẰNG NĂM", 2026, 2028, "9 tháng đầu năm, hằng năm"},
    {"9 thang dau nam, hang nam", 2026, 2028, "9 tháng đầu năm, hằng năm"},
    {"9 THANG DAU NAM, HANG NAM", 2026, 2028, "9 tháng đầu năm, hằng năm"},
    {"9 tha\u0301ng đa\u0302\u0300u na\u0306m, ha\u0306\u0300ng na\u0306m", 2026, 2028, "9 tháng đầu năm, hằng năm"},
    {"9 tháng đầu năm, hằng năm.", 2026, 2028, "9 tháng đầu năm, hằng năm"},
    {"  9  tháng  đầu  năm,  hằng  năm ", 2026, 2028, "9 tháng đầu năm, hằng năm"},
    {"9 tháng đầu năm, hàng năm", 2026, 2028, "9 tháng đầu năm, hằng năm"},
    {"Báo cáo Quý I, 6 tháng, 9 tháng và năm 2026", 2026, 0, "Báo cáo Quý I, 6 tháng, 9 tháng và năm 2026"},
    {"báo cáo quý i, 6 tháng, 9 tháng và năm 2026", 2026, 0, "Báo cáo Quý I, 6 tháng, 9 tháng và năm 2026"},
    {"BÁO CÁO QUÝ I, 6 THÁNG, 9 THÁNG VÀ NĂM 2026", 2026, 0, "Báo cáo Quý I, 6 tháng, 9 tháng và năm 2026"},
    {"Bao cao Quy I, 6 thang, 9 thang va nam 2026", 2026, 0, "Báo cáo Quý I, 6 tháng, 9 tháng và năm 2026"},
    {"BAO CAO QUY I, 6 THANG, 9 THANG VA NAM 2026", 2026, 0, "Báo cáo Quý I, 6 tháng, 9 tháng và năm 2026"},
    {"Ba\u0301o ca\u0301o Quy\u0301 I, 6 tha\u0301ng, 9 tha\u0301ng va\u0300 na\u0306m 2026", 2026, 0,
     "Báo cáo Quý I, 6 tháng, 9 tháng và năm 2026"},
    {"Báo cáo Quý I, 6 tháng, 9 tháng và năm 2026.", 2026, 0, "Báo cáo Quý I, 6 tháng, 9 tháng và năm 2026"},
    {"  Báo  cáo  Quý  I,  6  tháng,  9  tháng  và  năm  2026 ", 2026, 0,
     "Báo cáo Quý I, 6 tháng, 9 tháng và năm 2026"},
};

const std::vector<SpellingCase> k_next_year_labels{
    {"Hằng năm, trước ngày 31/01 năm sau", 2026, 2029, "Hằng năm, trước ngày 31/01 năm sau"},
    {"hằng năm, trước ngày 31/01 năm sau", 2026, 2029, "Hằng năm, trước ngày 31/01 năm sau"},
    {"HẰNG NĂM, TRƯỚC NGÀY 31/01 NĂM SAU", 2026, 2029, "Hằng năm, trước ngày 31/01 năm sau"},
    {"Hang nam, truoc ngay 31/01 nam sau", 2026, 2029, "Hằng năm, trước ngày 31/01 năm sau"},
    {"HANG NAM, TRUOC NGAY 31/01 NAM SAU", 2026, 2029, "Hằng năm, trước ngày 31/01 năm sau"},
    {"Ha\u0306\u0300ng na\u0306m, tru\u031bo\u031b\u0301c nga\u0300y 31/01 na\u0306m sau", 2026, 2029,
     "Hằng năm, trước ngày 31/01 năm sau"},
    {"Hằng năm, trước ngày 31/01 năm sau.", 2026, 2029, "Hằng năm, trước ngày 31/01 năm sau"},
    {"  Hằng  năm,  trước  ngày  31/01  năm  sau ", 2026, 2029, "Hằng năm, trước ngày 31/01 năm sau"},
    {"Hàng năm, trước ngày 31/01 năm sau", 2026, 2029, "Hằng năm, trước ngày 31/01 năm sau"},
    {"Trước ngày 31/01 năm sau, hằng năm", 2026, 2029, "Trước ngày 31/01 năm sau, hằng năm"},
    {"trước ngày 31/01 năm sau, hằng năm", 2026, 2029, "Trước ngày 31/01 năm sau, hằng năm"},
    {"TRƯỚC NGÀY 31/01 NĂM SAU, HẰNG NĂM", 2026, 2029, "Trước ngày 31/01 năm sau, hằng năm"},
    {"Truoc ngay 31/01 nam sau, hang nam", 2026, 2029, "Trước ngày 31/01 năm sau, hằng năm"},
    {"TRUOC NGAY 31/01 NAM SAU, HANG NAM", 2026, 2029, "Trước ngày 31/01 năm sau, hằng năm"},
    {"Tru\u031bo\u031b\u0301c nga\u0300y 31/01 na\u0306m sau, ha\u0306\u0300ng na\u0306m", 2026, 2029,
     "Trước ngày 31/01 năm sau, hằng năm"},
    {"Trước ngày 31/01 năm sau, hằng năm.", 2026, 2029, "Trước ngày 31/01 năm sau, hằng năm"},
    {"  Trước  ngày  31/01  năm  sau,  hằng  năm ", 2026, 2029, "Trước ngày 31/01 năm sau, hằng năm"},
    {"Trước ngày 31/01 năm sau, hàng năm", 2026, 2029, "Trước ngày 31/01 năm sau, hằng năm"},
};

INSTANTIATE_TEST_SUITE_P(Positions, TimelineSpellings, ::testing::ValuesIn(k_positions));
INSTANTIATE_TEST_SUITE_P(WeeksOfAMonth, TimelineSpellings, ::testing::ValuesIn(k_weeks));
INSTANTIATE_TEST_SUITE_P(NineMonths, TimelineSpellings, ::testing::ValuesIn(k_nine_months));
INSTANTIATE_TEST_SUITE_P(NextYearLabels, TimelineSpellings, ::testing::ValuesIn(k_next_year_labels));

// A slip inside "hàng năm": a comma between its words, a year word with no
// year right before it. Only one reading exists, so it is read.
TEST(TimelineSpellings, ASlipInsideHangNam) {
  const std::string yearly = parsed("Trước ngày 15/02 hàng năm", 2025);
  for (const std::string phrase : {"Trước ngày 15/02 hàng, năm", "Trước ngày 15/02 hằng, năm.",
                                   "TRƯỚC NGÀY 15/02 HÀNG , NĂM", "trước ngày 15 tháng 02 năm hàng năm"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parsed(phrase, 2025), yearly);
  }
  EXPECT_EQ(due_dates(parse_ok("gửi Sở Tài chính trước ngày 01 tháng 3 năm hàng năm", 2006)),
            std::vector<std::string>{"2006-03-01"});
  EXPECT_EQ(parsed("trước ngày 20 hàng, tháng", 2025), parsed("trước ngày 20 hàng tháng", 2025));
  // A list after "hàng," and a year word with its year are not slips.
  parse_error("Báo cáo hàng, tháng, quý", 2025);
  EXPECT_EQ(due_dates(parse_ok("trước ngày 01 tháng 3 năm 2025", 2025)), std::vector<std::string>{"2025-03-01"});
}

}  // namespace
}  // namespace deadlined
