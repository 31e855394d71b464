// Vietnamese typed in the old fonts' encodings, TCVN3 (ABC: .VnTime,
// .VnTimeH) and VNI (VNI-Times): every letter with every tone through the
// tables, and plans typed so in Word and Excel files built here, read into the
// same draft as the plan typed in Unicode.
#include "import/draft.hpp"
#include "import/legacy_text.hpp"
#include "import/table.hpp"
#include "support/import_cases.hpp"
#include "support/office_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iconv.h>
#include <string>
#include <vector>

namespace deadlined::import {
namespace {

using testing::Texts;

// Every Vietnamese vowel with each tone (none, grave, acute, hook, tilde,
// dot below), then "đ".
const std::vector<std::string> k_small_letters = {
    "a", "à", "á", "ả", "ã", "ạ", "ă", "ằ", "ắ", "ẳ", "ẵ", "ặ", "â", "ầ", "ấ", "ẩ", "ẫ", "ậ", "e",
    "è", "é", "ẻ", "ẽ", "ẹ", "ê", "ề", "ế", "ể", "ễ", "ệ", "i", "ì", "í", "ỉ", "ĩ", "ị", "o", "ò",
    "ó", "ỏ", "õ", "ọ", "ô", "ồ", "ố", "ổ", "ỗ", "ộ", "ơ", "ờ", "ớ", "ở", "ỡ", "ợ", "u", "ù", "ú",
    "ủ", "ũ", "ụ", "ư", "ừ", "ứ", "ử", "ữ", "ự", "y", "ỳ", "ý", "ỷ", "ỹ", "ỵ", "đ"};
const std::vector<std::string> k_capital_letters = {
    "A", "À", "Á", "Ả", "Ã", "Ạ", "Ă", "Ằ", "Ắ", "Ẳ", "Ẵ", "Ặ", "Â", "Ầ", "Ấ", "Ẩ", "Ẫ", "Ậ", "E",
    "È", "É", "Ẻ", "Ẽ", "Ẹ", "Ê", "Ề", "Ế", "Ể", "Ễ", "Ệ", "I", "Ì", "Í", "Ỉ", "Ĩ", "Ị", "O", "Ò",
    "Ó", "Ỏ", "Õ", "Ọ", "Ô", "Ồ", "Ố", "Ổ", "Ỗ", "Ộ", "Ơ", "Ờ", "Ớ", "Ở", "Ỡ", "Ợ", "U", "Ù", "Ú",
    "Ủ", "Ũ", "Ụ", "Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự", "Y", "Ỳ", "Ý", "Ỷ", "Ỹ", "Ỵ", "Đ"};

// Latin-1 characters (as an old file holds them, UTF-8 here) as bytes.
std::string latin1_bytes(const std::string& text) {
  std::string bytes;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xC2 || c == 0xC3) {
      bytes += static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(text[++i]) & 0x3F));
    } else {
      bytes += static_cast<char>(c);
    }
  }
  return bytes;
}

// glibc's TCVN5712-1 (VN1), whose small letters and toneless capitals are
// VN3's: a table written apart from ours.
std::string glibc_tcvn(const std::string& bytes) {
  iconv_t converter = iconv_open("UTF-8", "TCVN5712-1");
  EXPECT_NE(converter, reinterpret_cast<iconv_t>(-1));
  std::string in = bytes;
  std::string out(bytes.size() * 4 + 8, '\0');
  char* in_at = in.data();
  char* out_at = out.data();
  std::size_t in_left = in.size();
  std::size_t out_left = out.size();
  iconv(converter, &in_at, &in_left, &out_at, &out_left);
  iconv(converter, nullptr, nullptr, &out_at, &out_left);  // the last letter, held for a combining mark
  iconv_close(converter);
  out.resize(out.size() - out_left);
  return out;
}

TEST(ImportLegacyText, EveryTcvn3LetterWithEachToneRoundTrips) {
  for (const std::string& letter : k_small_letters) {
    SCOPED_TRACE(letter);
    const auto encoded = unicode_to_legacy(letter, LegacyEncoding::tcvn3);
    ASSERT_TRUE(encoded.has_value());
    EXPECT_EQ(legacy_to_unicode(*encoded, LegacyEncoding::tcvn3), letter);
    EXPECT_EQ(glibc_tcvn(latin1_bytes(*encoded)), letter);
  }
  for (std::size_t i = 0; i < k_capital_letters.size(); ++i) {
    const std::string& letter = k_capital_letters[i];
    SCOPED_TRACE(letter);
    // The .VnTimeH fonts draw the small letters' codes as capitals.
    const auto in_capitals = unicode_to_legacy(letter, LegacyEncoding::tcvn3, true);
    ASSERT_TRUE(in_capitals.has_value());
    EXPECT_EQ(*in_capitals, *unicode_to_legacy(k_small_letters[i], LegacyEncoding::tcvn3));
    EXPECT_EQ(legacy_to_unicode(*in_capitals, LegacyEncoding::tcvn3, true), letter);
    // .VnTime has the capitals without a tone mark only (Ă Â Ê Ô Ơ Ư Đ).
    const auto plain = unicode_to_legacy(letter, LegacyEncoding::tcvn3);
    const bool toneless = i % 6 == 0 || letter == "Đ";
    ASSERT_EQ(plain.has_value(), toneless);
    if (plain) {
      EXPECT_EQ(legacy_to_unicode(*plain, LegacyEncoding::tcvn3), letter);
      EXPECT_EQ(glibc_tcvn(latin1_bytes(*plain)), letter);
    }
  }
  // Words as the .VnTime files hold them.
  EXPECT_EQ(unicode_to_legacy("Kế hoạch", LegacyEncoding::tcvn3), "KÕ ho¹ch");
  EXPECT_EQ(unicode_to_legacy("Nội dung", LegacyEncoding::tcvn3), "Néi dung");
  EXPECT_EQ(legacy_to_unicode("B¶o Th¾ng", LegacyEncoding::tcvn3), "Bảo Thắng");
  EXPECT_EQ(legacy_to_unicode("M\u00ADêng Kh\u00AD¬ng", LegacyEncoding::tcvn3), "Mường Khương");
  EXPECT_EQ(legacy_to_unicode("§¨ng ký", LegacyEncoding::tcvn3), "Đăng ký");
  EXPECT_EQ(legacy_to_unicode("kÕ ho¹ch n¨m 2026", LegacyEncoding::tcvn3, true), "KẾ HOẠCH NĂM 2026");
}

// Capitals typed in .VnTime, which has none with a tone mark: the small
// marked letter in a word of capitals is a capital ("C¤NG T¸C" is "CÔNG TÁC");
// a word of one capital is one beside such a word, not beside an
// abbreviation.
TEST(ImportLegacyText, CapitalsTypedInTcvn3WithoutCapitalFontsAreCapitals) {
  EXPECT_EQ(legacy_to_unicode("KÕ HO¹CH C¶I C¸CH HµNH CHÝNH N¡M 2026", LegacyEncoding::tcvn3),
            "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026");
  EXPECT_EQ(legacy_to_unicode("I. C¤NG T¸C CHØ §¹O, §IÒU HµNH", LegacyEncoding::tcvn3),
            "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH");
  EXPECT_EQ(legacy_to_unicode("KÕ ho¹ch", LegacyEncoding::tcvn3), "Kế hoạch");
  EXPECT_EQ(legacy_to_unicode("Së Néi vô", LegacyEncoding::tcvn3), "Sở Nội vụ");
  EXPECT_EQ(legacy_to_unicode("Së KH&CN, Së GD§T", LegacyEncoding::tcvn3), "Sở KH&CN, Sở GDĐT");
  EXPECT_EQ(legacy_to_unicode("§Ò ¸n 06 cña UBND tØnh", LegacyEncoding::tcvn3), "Đề án 06 của UBND tỉnh");
}

TEST(ImportLegacyText, EveryVniLetterWithEachToneRoundTrips) {
  for (const std::vector<std::string>* letters : {&k_small_letters, &k_capital_letters}) {
    for (const std::string& letter : *letters) {
      SCOPED_TRACE(letter);
      const auto encoded = unicode_to_legacy(letter, LegacyEncoding::vni);
      ASSERT_TRUE(encoded.has_value());
      EXPECT_EQ(legacy_to_unicode(*encoded, LegacyEncoding::vni), letter);
      // After a consonant and before one, as in words.
      EXPECT_EQ(legacy_to_unicode("th" + *encoded + "ng", LegacyEncoding::vni), "th" + letter + "ng");
    }
  }
  EXPECT_EQ(unicode_to_legacy("Kế hoạch", LegacyEncoding::vni), "Keá hoaïch");
  EXPECT_EQ(unicode_to_legacy("Nội dung", LegacyEncoding::vni), "Noäi dung");
  EXPECT_EQ(unicode_to_legacy("Xin chào các bạn", LegacyEncoding::vni), "Xin chaøo caùc baïn");
  EXPECT_EQ(legacy_to_unicode("ñöôïc", LegacyEncoding::vni), "được");
  EXPECT_EQ(legacy_to_unicode("ÑÖÔÏC", LegacyEncoding::vni), "ĐƯỢC");
  EXPECT_EQ(legacy_to_unicode("Sôû Tö phaùp", LegacyEncoding::vni), "Sở Tư pháp");
}

// A sentence with every letter, in each encoding, and text no 8-bit font has.
TEST(ImportLegacyText, SentencesRoundTripAndUnicodeIsLeftAlone) {
  std::string every_small;
  std::string every_capital;
  for (std::size_t i = 0; i < k_small_letters.size(); ++i) {
    every_small += "t" + k_small_letters[i] + "n ";
    every_capital += "T" + k_capital_letters[i] + "N ";
  }
  for (const LegacyEncoding encoding : {LegacyEncoding::tcvn3, LegacyEncoding::vni}) {
    EXPECT_EQ(legacy_to_unicode(*unicode_to_legacy(every_small, encoding), encoding), every_small);
  }
  EXPECT_EQ(legacy_to_unicode(*unicode_to_legacy(every_capital, LegacyEncoding::vni), LegacyEncoding::vni),
            every_capital);
  EXPECT_EQ(
      legacy_to_unicode(*unicode_to_legacy(every_capital, LegacyEncoding::tcvn3, true), LegacyEncoding::tcvn3, true),
      every_capital);
  // Text past Latin-1 is Unicode already, whatever its font.
  EXPECT_FALSE(legacy_to_unicode("Sở Nội vụ", LegacyEncoding::tcvn3).has_value());
  EXPECT_FALSE(legacy_to_unicode("Sở Nội vụ", LegacyEncoding::vni).has_value());
  EXPECT_EQ(legacy_to_unicode("TT 2026 (1)", LegacyEncoding::vni), "TT 2026 (1)");
}

TEST(ImportLegacyText, FontsNameTheirEncoding) {
  for (const char* font : {".VnTime", ".VnTimeH", ".VnArial", ".VnArialH", ".VnCentury Schoolbook", " .vntime"}) {
    EXPECT_EQ(encoding_of_font(font), LegacyEncoding::tcvn3) << font;
  }
  for (const char* font : {"VNI-Times", "VNI-Helve", "VNI Times", "vni-aptima"}) {
    EXPECT_EQ(encoding_of_font(font), LegacyEncoding::vni) << font;
  }
  for (const char* font : {"Times New Roman", "Arial", "", ".Vn", "VNI", "Vnitimes", "Calibri"}) {
    EXPECT_EQ(encoding_of_font(font), LegacyEncoding::none) << font;
  }
  EXPECT_TRUE(capitals_font(".VnTimeH"));
  EXPECT_TRUE(capitals_font(".VnArialH"));
  EXPECT_FALSE(capitals_font(".VnTime"));
  EXPECT_FALSE(capitals_font("VNI-Helve"));
}

// Without a font, the text tells: TCVN3 and VNI plans are found; Unicode
// Vietnamese (some of whose words are all Latin-1: "Thái Bình", "hoá"),
// ASCII, and French are not.
TEST(ImportLegacyText, TextWithoutFontsIsToldByHowItReads) {
  const Texts plan = {"Nội dung công việc",         "Cơ quan chủ trì", "Thời gian hoàn thành", "Sở Tư pháp",
                      "Ban hành kế hoạch năm 2026", "Quý II/2026",     "Kiểm tra, đôn đốc",    "Văn phòng UBND tỉnh"};
  for (const LegacyEncoding encoding : {LegacyEncoding::tcvn3, LegacyEncoding::vni}) {
    Texts typed;
    for (const std::string& text : plan) {
      typed.push_back(*unicode_to_legacy(text, encoding));
    }
    EXPECT_EQ(guess_legacy_encoding({typed.begin(), typed.end()}), encoding);
  }
  EXPECT_EQ(guess_legacy_encoding({plan.begin(), plan.end()}), LegacyEncoding::none);
  const Texts latin1_words = {"Thái Bình", "hoá đơn", "Khoá học", "Tháng 3", "hoà giải", "Toà án",    "xoá",
                              "Hà Tĩnh",   "Cà Mau",  "quý",      "tháng",   "Bà Rịa",   "Bình Dương"};
  EXPECT_EQ(guess_legacy_encoding({latin1_words.begin(), latin1_words.end()}), LegacyEncoding::none);
  const Texts other = {"Réunion où nous étions à côté",
                       "Ça coûte 3 €",
                       "naïve crème brûlée",
                       "Müller, Straße",
                       "TT",
                       "1.1",
                       "Quarter 2/2026",
                       "déjà vu, où êtes-vous? à bientôt"};
  EXPECT_EQ(guess_legacy_encoding({other.begin(), other.end()}), LegacyEncoding::none);
}

// The notices name a dozen rows and count the rest, and tell at most a few
// fonts apart: a file of a million converted cells or a thousand fonts is
// told in a few lines (and held in little memory).
TEST(ImportLegacyText, NoticesNameAFewRowsAndFonts) {
  LegacyConversions conversions;
  for (int row = 1; row <= 30; ++row) {
    for (int column = 1; column <= 3; ++column) {
      conversions.add_cell(LegacyEncoding::tcvn3, "by the font .VnTime of the text", "table 1", row, column);
    }
  }
  conversions.add_paragraph(LegacyEncoding::tcvn3, "by the font .VnTime of the text");
  ASSERT_EQ(conversions.notices().size(), 1U);
  EXPECT_EQ(conversions.notices()[0],
            "converted from TCVN3 (ABC) to Unicode, by the font .VnTime of the text: 90 cells (table 1 row 1 columns "
            "1-3, row 2 columns 1-3, row 3 columns 1-3, row 4 columns 1-3, row 5 columns 1-3, row 6 columns 1-3, row "
            "7 columns 1-3, row 8 columns 1-3, row 9 columns 1-3, row 10 columns 1-3, row 11 columns 1-3, row 12 "
            "columns 1-3 and 18 more rows) and 1 paragraph; check the text of the draft");
  for (int font = 0; font < 1000; ++font) {
    conversions.add_cell(LegacyEncoding::vni, "by the font VNI-" + std::to_string(font) + " of the text", "table 2", 1,
                         1);
  }
  const auto notices = conversions.notices();
  EXPECT_EQ(notices.size(), 9U);
  EXPECT_NE(std::find(notices.begin(), notices.end(),
                      "converted from VNI to Unicode, by other fonts: 993 cells (table 2 row 1 column 1); check the "
                      "text of the draft"),
            notices.end());
}

// --- Whole imports --------------------------------------------------------

struct PlanRow {
  Texts cells;  // TT, task, lead, support, timeline; a section: TT and its title
};

const Texts k_header = {"TT", "NỘI DUNG", "CƠ QUAN CHỦ TRÌ", "CƠ QUAN PHỐI HỢP", "THỜI GIAN HOÀN THÀNH"};
const std::vector<PlanRow> k_plan = {
    {{"I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"}},
    {{"1", "Ban hành kế hoạch cải cách hành chính năm 2026", "Sở Nội vụ", "Sở Tư pháp", "Tháng 01/2026"}},
    {{"2", "Kiểm tra, đôn đốc việc thực hiện ở các xã, phường", "Văn phòng UBND tỉnh", "Sở Nội vụ", "Quý II/2026"}},
    {{"II", "XÂY DỰNG VÀ THI HÀNH PHÁP LUẬT"}},
    {{"1", "Rà soát văn bản quy phạm pháp luật đã ban hành", "Sở Tư pháp", "Sở Nội vụ", "Tháng 6/2026"}},
    {{"2", "Tuyên truyền, phổ biến giáo dục pháp luật", "Sở Tư pháp", "Văn phòng UBND tỉnh", "Quý IV/2026"}},
};
const std::string k_title = "Kế hoạch cải cách hành chính năm 2026";

// A cell's w:p elements for its text: `paragraph(row, column, text)`.
using CellParagraphs = std::function<std::string(std::size_t, std::size_t, const std::string&)>;

std::string word_cell(const std::string& paragraphs, int span = 1) {
  return "<w:tc><w:tcPr>" + (span > 1 ? "<w:gridSpan w:val=\"" + std::to_string(span) + "\"/>" : std::string()) +
         "</w:tcPr>" + paragraphs + "</w:tc>";
}

// The plan as a Word table (rows numbered from 0, the header's), its title
// above, each cell's paragraphs as `paragraph` writes them.
std::string plan_docx_body(const CellParagraphs& paragraph, const std::string& title_paragraph) {
  std::string table = "<w:tbl><w:tblGrid>";
  for (int c = 0; c < 5; ++c) {
    table += "<w:gridCol w:w=\"1800\"/>";
  }
  table += "</w:tblGrid><w:tr>";
  for (std::size_t c = 0; c < k_header.size(); ++c) {
    table += word_cell(paragraph(0, c, k_header[c]));
  }
  table += "</w:tr>";
  for (std::size_t r = 0; r < k_plan.size(); ++r) {
    table += "<w:tr>";
    const Texts& cells = k_plan[r].cells;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      table += word_cell(paragraph(r + 1, c, cells[c]), cells.size() == 2 && c == 1 ? 4 : 1);
    }
    table += "</w:tr>";
  }
  table += "</w:tbl>";
  return title_paragraph + table;
}

std::string unicode_plan_docx() {
  return testing::docx_of(
      plan_docx_body([](std::size_t, std::size_t, const std::string& text) { return testing::word_paragraph(text); },
                     testing::word_paragraph(k_title)));
}

std::string rendered(const tl::expected<Document, std::string>& document) {
  const Draft draft = testing::draft_with_fixture_units(document, "legacy", "plan");
  DraftOptions options;
  options.plan_id = "legacy";
  options.source = "plan";
  options.config = "deadlined.toml";
  return render_plan(draft, options);
}

std::string notices_of(const Document& document) {
  std::string all;
  for (const std::string& notice : document.notices) {
    all += notice + "\n";
  }
  return all;
}

bool section_row(std::size_t row) {
  return row > 0 && k_plan[row - 1].cells.size() == 2;
}

// A plan typed in TCVN3, its fonts named every way Word names them: the
// header and sections in .VnTimeH (capitals), a task's cells by their runs'
// w:rFonts, another's by the paragraph style, a third's by a character
// style, the rest by the document defaults; one lead typed later in Unicode
// in a run left in .VnTime. It read as Latin-1 letters and no table was found.
// The notices name the cells whose text changed ("Quý" is the same in both).
TEST(ImportLegacyText, AWordPlanTypedInTcvn3ReadsAsTypedInUnicode) {
  const std::string styles =
      "<w:docDefaults><w:rPrDefault><w:rPr>" + testing::word_font(".VnTime") +
      "</w:rPr></w:rPrDefault></w:docDefaults>"
      "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"Bang\"><w:basedOn w:val=\"Normal\"/><w:rPr>" +
      testing::word_font(".VnArial") +
      "</w:rPr></w:style>"
      "<w:style w:type=\"character\" w:styleId=\"Chu\"><w:rPr>" +
      testing::word_font(".VnCentury Schoolbook") + "</w:rPr></w:style>";
  const auto paragraph = [](std::size_t row, std::size_t column, const std::string& text) {
    if (row == 0 || section_row(row)) {
      return testing::word_paragraph(*unicode_to_legacy(text, LegacyEncoding::tcvn3, true),
                                     testing::word_font(".VnTimeH"));
    }
    if (row == 3 && column == 2) {
      return testing::word_paragraph(text, testing::word_font(".VnTime"));  // Unicode in a .VnTime run
    }
    const std::string typed = *unicode_to_legacy(text, LegacyEncoding::tcvn3);
    if (row == 2) {
      return testing::word_paragraph(typed, testing::word_font(".VnTime"));
    }
    if (row == 3) {
      return testing::word_paragraph(typed, "", "<w:pStyle w:val=\"Bang\"/>");
    }
    if (row == 5) {
      return testing::word_paragraph(typed, "<w:rStyle w:val=\"Chu\"/>");
    }
    return testing::word_paragraph(typed);  // the document's default font
  };
  const std::string bytes = testing::docx_of(
      plan_docx_body(paragraph, testing::word_paragraph(*unicode_to_legacy(k_title, LegacyEncoding::tcvn3))), styles);
  const auto document = parse_table_bytes(SourceFormat::docx, bytes);
  ASSERT_TRUE(document.has_value()) << document.error();
  EXPECT_EQ(rendered(document), rendered(parse_table_bytes(SourceFormat::docx, unicode_plan_docx())));
  const std::string notices = notices_of(*document);
  EXPECT_NE(notices.find("converted from TCVN3 (ABC) to Unicode, by the font .VnTimeH of the text: 9 cells (table "
                         "1 row 1 columns 1-5, row 2 columns 1-2, row 5 columns 1-2)"),
            std::string::npos)
      << notices;
  EXPECT_NE(notices.find("by the font .VnTime of the text: 7 cells (table 1 row 3 columns 2-5, row 7 columns 2-4) "
                         "and 1 paragraph"),
            std::string::npos)
      << notices;
  EXPECT_NE(notices.find("by the font .VnArial of the text: 2 cells (table 1 row 4 columns 2, 4)"), std::string::npos)
      << notices;
  EXPECT_NE(notices.find("by the font .VnCentury Schoolbook of the text: 4 cells (table 1 row 6 columns 2-5)"),
            std::string::npos)
      << notices;
}

// A plan typed in VNI-Times, a letter's marks in a run of their own (Word
// splits runs where an edit was made): the letter and its marks are one.
TEST(ImportLegacyText, AWordPlanTypedInVniReadsAsTypedInUnicode) {
  const auto paragraph = [](std::size_t row, std::size_t column, const std::string& text) {
    const std::string typed = *unicode_to_legacy(text, LegacyEncoding::vni);
    if (row == 2 && column == 1) {
      // "Ban haønh": the run ends after "Ban ha", the next opens with "øn".
      const std::size_t split = typed.find("ha") + 2;
      return "<w:p><w:r><w:rPr>" + testing::word_font("VNI-Times") + "</w:rPr><w:t xml:space=\"preserve\">" +
             testing::xml_text(typed.substr(0, split)) + "</w:t></w:r><w:r><w:rPr>" + testing::word_font("VNI-Times") +
             "</w:rPr><w:t xml:space=\"preserve\">" + testing::xml_text(typed.substr(split)) + "</w:t></w:r></w:p>";
    }
    return testing::word_paragraph(typed, testing::word_font("VNI-Times"));
  };
  const std::string bytes = testing::docx_of(plan_docx_body(
      paragraph,
      testing::word_paragraph(*unicode_to_legacy(k_title, LegacyEncoding::vni), testing::word_font("VNI-Helve"))));
  const auto document = parse_table_bytes(SourceFormat::docx, bytes);
  ASSERT_TRUE(document.has_value()) << document.error();
  EXPECT_EQ(rendered(document), rendered(parse_table_bytes(SourceFormat::docx, unicode_plan_docx())));
  const std::string notices = notices_of(*document);
  EXPECT_NE(notices.find("converted from VNI to Unicode, by the font VNI-Times of the text: 22 cells (table 1 row 1 "
                         "columns 2-5, row 2 column 2, row 3 columns 2-5"),
            std::string::npos)
      << notices;
  EXPECT_NE(notices.find("converted from VNI to Unicode, by the font VNI-Helve of the text: 1 paragraph"),
            std::string::npos)
      << notices;
}

// A table whose style names .VnTime (w:tblStyle), its cells' runs naming no
// font: its text was left in TCVN3 and the title, in Unicode, beside it.
TEST(ImportLegacyText, ATableStyleNamesTheFontOfItsCells) {
  const std::string styles =
      "<w:style w:type=\"table\" w:styleId=\"BangCu\"><w:rPr>" + testing::word_font(".VnTime") + "</w:rPr></w:style>";
  const auto paragraph = [](std::size_t row, std::size_t, const std::string& text) {
    return testing::word_paragraph(*unicode_to_legacy(text, LegacyEncoding::tcvn3, row == 0 || section_row(row)),
                                   row == 0 || section_row(row) ? testing::word_font(".VnTimeH") : "");
  };
  std::string body = plan_docx_body(paragraph, testing::word_paragraph(k_title));
  body.replace(body.find("<w:tbl>"), 7, "<w:tbl><w:tblPr><w:tblStyle w:val=\"BangCu\"/></w:tblPr>");
  const auto document = parse_table_bytes(SourceFormat::docx, testing::docx_of(body, styles));
  ASSERT_TRUE(document.has_value()) << document.error();
  EXPECT_EQ(rendered(document), rendered(parse_table_bytes(SourceFormat::docx, unicode_plan_docx())));
  EXPECT_NE(notices_of(*document).find("by the font .VnTime of the text: 14 cells"), std::string::npos)
      << notices_of(*document);
}

// A theme (word/theme/theme1.xml) whose fonts are .VnTime and .VnTimeH,
// the document's defaults and headings naming them by the theme
// (w:asciiTheme="minorHAnsi"): the text was left in TCVN3. So too a theme's
// Vietnamese face (a:font script="Viet") in a document whose language is
// Vietnamese, and fonts named for East Asian text (w:eastAsia), as WPS and
// Word in an Asian locale write them: with the run's hint, or where no Latin
// font is named.
TEST(ImportLegacyText, ThemeAndEastAsianFontsNameTheEncoding) {
  // A theme's major and minor fonts: Latin faces, then the Vietnamese ones.
  const auto theme = [](const Texts& faces) {
    const auto scheme = [](const std::string& element, const std::string& latin, const std::string& viet) {
      return "<a:" + element + "><a:latin typeface=\"" + latin +
             "\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/><a:font script=\"Jpan\" typeface=\"MS Mincho\"/>" +
             (viet.empty() ? std::string() : "<a:font script=\"Viet\" typeface=\"" + viet + "\"/>") + "</a:" + element +
             ">";
    };
    return testing::Parts{
        {"word/theme/theme1.xml",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a:theme "
         "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"Office\"><a:themeElements>"
         "<a:fontScheme name=\"Office\">" +
             scheme("majorFont", faces[0], faces.size() > 2 ? faces[2] : "") +
             scheme("minorFont", faces[1], faces.size() > 2 ? faces[3] : "") +
             "</a:fontScheme></a:themeElements></a:theme>"},
        {"word/settings.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:settings " + testing::k_word_namespace +
                                  "><w:themeFontLang w:val=\"vi-VN\" w:eastAsia=\"zh-CN\"/></w:settings>"}};
  };
  const std::string styles =
      "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme=\"minorHAnsi\" w:eastAsiaTheme=\"minorEastAsia\" "
      "w:hAnsiTheme=\"minorHAnsi\" w:cstheme=\"minorBidi\"/></w:rPr></w:rPrDefault></w:docDefaults>";
  const std::string headings = "<w:rFonts w:asciiTheme=\"majorHAnsi\" w:hAnsiTheme=\"majorHAnsi\"/>";
  const auto paragraph = [&headings](std::size_t row, std::size_t, const std::string& text) {
    const bool capitals = row == 0 || section_row(row);
    return testing::word_paragraph(*unicode_to_legacy(text, LegacyEncoding::tcvn3, capitals), capitals ? headings : "");
  };
  const std::string body =
      plan_docx_body(paragraph, testing::word_paragraph(*unicode_to_legacy(k_title, LegacyEncoding::tcvn3)));
  const std::string unicode = rendered(parse_table_bytes(SourceFormat::docx, unicode_plan_docx()));
  for (const auto& [what, faces] :
       {std::pair{"the theme's fonts", Texts{".VnTimeH", ".VnTime"}},
        std::pair{"the theme's Vietnamese faces", Texts{"Cambria", "Calibri", ".VnTimeH", ".VnTime"}}}) {
    SCOPED_TRACE(what);
    const std::string bytes = testing::docx_of(body, styles, theme(faces));
    const auto document = parse_table_bytes(SourceFormat::docx, bytes);
    ASSERT_TRUE(document.has_value()) << document.error();
    EXPECT_EQ(rendered(document), unicode);
    EXPECT_NE(notices_of(*document).find("converted from TCVN3 (ABC) to Unicode, by the font .VnTime of the text"),
              std::string::npos)
        << notices_of(*document);
  }
  // East Asian fonts: hinted, or the only ones a run names.
  const auto east_asian = [](std::size_t row, std::size_t column, const std::string& text) {
    const std::string typed = *unicode_to_legacy(text, LegacyEncoding::vni);
    return testing::word_paragraph(typed, (row + column) % 2 == 0
                                              ? "<w:rFonts w:hint=\"eastAsia\" w:ascii=\"Times New Roman\" "
                                                "w:hAnsi=\"Times New Roman\" w:eastAsia=\"VNI-Times\"/>"
                                              : "<w:rFonts w:eastAsia=\"VNI-Times\" w:cs=\"VNI-Times\"/>");
  };
  const auto document = parse_table_bytes(
      SourceFormat::docx, testing::docx_of(plan_docx_body(east_asian, testing::word_paragraph(k_title)), styles,
                                           theme({"Cambria", "Calibri"})));
  ASSERT_TRUE(document.has_value()) << document.error();
  EXPECT_EQ(rendered(document), unicode);
  EXPECT_NE(notices_of(*document).find("converted from VNI to Unicode, by the font VNI-Times of the text: 22 cells"),
            std::string::npos)
      << notices_of(*document);
  // An East Asian font beside a Latin one names no encoding: Word shows the
  // letters in the Latin font ("Tháng 01/2026" stays).
  const auto unhinted = [](std::size_t, std::size_t, const std::string& text) {
    return testing::word_paragraph(
        text, "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\".VnTime\"/>");
  };
  const auto latin = parse_table_bytes(
      SourceFormat::docx, testing::docx_of(plan_docx_body(unhinted, testing::word_paragraph(k_title)), styles));
  ASSERT_TRUE(latin.has_value()) << latin.error();
  EXPECT_EQ(rendered(latin), unicode);
  EXPECT_EQ(notices_of(*latin).find("converted"), std::string::npos) << notices_of(*latin);
}

// A template whose default font is still .VnTime, the plan typed in it in
// Unicode: "Tháng 01/2026" (all Latin-1) read as TCVN3 "Thỏng 01/2026". The
// font holds Unicode far more often than TCVN3: it is no encoding of the text.
TEST(ImportLegacyText, AnOldFontLeftOnUnicodeTextIsNoEncoding) {
  const std::string styles = "<w:docDefaults><w:rPrDefault><w:rPr>" + testing::word_font(".VnTime") +
                             "</w:rPr></w:rPrDefault></w:docDefaults>";
  const std::string bytes = testing::docx_of(
      plan_docx_body([](std::size_t, std::size_t, const std::string& text) { return testing::word_paragraph(text); },
                     testing::word_paragraph(k_title)),
      styles);
  const auto document = parse_table_bytes(SourceFormat::docx, bytes);
  ASSERT_TRUE(document.has_value()) << document.error();
  EXPECT_EQ(rendered(document), rendered(parse_table_bytes(SourceFormat::docx, unicode_plan_docx())));
  EXPECT_NE(notices_of(*document).find("the font .VnTime holds text typed in Unicode ("), std::string::npos)
      << notices_of(*document);
  EXPECT_EQ(notices_of(*document).find("converted from"), std::string::npos) << notices_of(*document);
}

// Old files converted without their fonts (a .doc saved by another program):
// the text reads as TCVN3 or VNI and is converted, and the notice says so.
TEST(ImportLegacyText, AWordPlanWithoutFontsIsConvertedByHowItReads) {
  for (const LegacyEncoding encoding : {LegacyEncoding::tcvn3, LegacyEncoding::vni}) {
    SCOPED_TRACE(std::string(to_string(encoding)));
    const auto paragraph = [encoding](std::size_t row, std::size_t, const std::string& text) {
      return testing::word_paragraph(
          *unicode_to_legacy(text, encoding, encoding == LegacyEncoding::tcvn3 && (row == 0 || section_row(row))));
    };
    const std::string bytes =
        testing::docx_of(plan_docx_body(paragraph, testing::word_paragraph(*unicode_to_legacy(k_title, encoding))));
    const auto document = parse_table_bytes(SourceFormat::docx, bytes);
    ASSERT_TRUE(document.has_value()) << document.error();
    const std::string notices = notices_of(*document);
    EXPECT_NE(notices.find("converted from " + std::string(to_string(encoding)) +
                           " to Unicode, as the text reads (no font names the encoding): "),
              std::string::npos)
        << notices;
    if (encoding == LegacyEncoding::vni) {
      EXPECT_EQ(rendered(document), rendered(parse_table_bytes(SourceFormat::docx, unicode_plan_docx())));
    } else {
      // Without .VnTimeH, the header and sections stay in small letters.
      const Draft draft = testing::draft_with_fixture_units(document, "legacy");
      ASSERT_EQ(draft.tasks.size(), 4U);
      EXPECT_EQ(draft.tasks[0].title, "Ban hành kế hoạch cải cách hành chính năm 2026");
      EXPECT_EQ(draft.tasks[3].lead, (Texts{"so-tu-phap"}));
      EXPECT_EQ(draft.headers[1], "nội dung");
    }
  }
}

// The same plan in a workbook: cells styled with a .VnTime, .VnTimeH or
// VNI-Times font (styles.xml), a rich-text string whose run names its own
// font, an inline string.
std::string plan_xlsx(LegacyEncoding encoding, bool with_fonts, const std::string& other_styles = "") {
  const std::string styles =
      !other_styles.empty()
          ? other_styles
          : "<fonts count=\"4\"><font><name val=\"Times New Roman\"/></font><font><name val=\".VnTime\"/></font>"
            "<font><name val=\".VnTimeH\"/></font><font><name val=\"VNI-Times\"/></font></fonts>"
            "<cellXfs count=\"4\"><xf fontId=\"0\"/><xf fontId=\"1\"/><xf fontId=\"2\"/><xf fontId=\"3\"/></cellXfs>";
  std::string shared;
  int count = 0;
  std::string data;
  std::string merges;
  const auto cell = [&](std::size_t row, std::size_t column, const std::string& text, bool capitals) {
    const std::string ref = testing::column_letter(column) + std::to_string(row);
    if (encoding == LegacyEncoding::none) {
      shared += "<si><t>" + testing::xml_text(text) + "</t></si>";
      return "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(count++) + "</v></c>";
    }
    const bool tcvn3 = encoding == LegacyEncoding::tcvn3;
    const std::string typed = *unicode_to_legacy(text, encoding, tcvn3 && capitals);
    const std::string style = !with_fonts ? "0" : (tcvn3 ? (capitals ? "2" : "1") : "3");
    if (row == 5 && column == 1 && with_fonts) {
      // Rich text in a cell of Times New Roman: the run names the font.
      shared += "<si><r><rPr><rFont val=\"" + std::string(tcvn3 ? ".VnTime" : "VNI-Times") + "\"/></rPr><t>" +
                testing::xml_text(typed) + "</t></r></si>";
      return "<c r=\"" + ref + "\" s=\"0\" t=\"s\"><v>" + std::to_string(count++) + "</v></c>";
    }
    if (row == 6 && column == 1) {
      return "<c r=\"" + ref + "\" s=\"" + style + "\" t=\"inlineStr\"><is><t>" + testing::xml_text(typed) +
             "</t></is></c>";
    }
    shared += "<si><t>" + testing::xml_text(typed) + "</t></si>";
    return "<c r=\"" + ref + "\" s=\"" + style + "\" t=\"s\"><v>" + std::to_string(count++) + "</v></c>";
  };
  data += "<row r=\"1\">" + cell(1, 0, k_title, false) + "</row><row r=\"3\">";
  for (std::size_t c = 0; c < k_header.size(); ++c) {
    data += cell(3, c, k_header[c], true);
  }
  data += "</row>";
  for (std::size_t r = 0; r < k_plan.size(); ++r) {
    const std::size_t row = r + 4;
    data += "<row r=\"" + std::to_string(row) + "\">";
    const Texts& cells = k_plan[r].cells;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      data += cell(row, c, cells[c], cells.size() == 2);
    }
    data += "</row>";
    if (cells.size() == 2) {
      merges += "<mergeCell ref=\"B" + std::to_string(row) + ":E" + std::to_string(row) + "\"/>";
    }
  }
  return testing::xlsx_of(data, shared, styles, "<mergeCells>" + merges + "</mergeCells>");
}

TEST(ImportLegacyText, AnExcelPlanTypedInTcvn3OrVniReadsAsTypedInUnicode) {
  const std::string unicode = rendered(parse_table_bytes(SourceFormat::xlsx, plan_xlsx(LegacyEncoding::none, true)));
  for (const LegacyEncoding encoding : {LegacyEncoding::tcvn3, LegacyEncoding::vni}) {
    SCOPED_TRACE(std::string(to_string(encoding)));
    const auto document = parse_table_bytes(SourceFormat::xlsx, plan_xlsx(encoding, true));
    ASSERT_TRUE(document.has_value()) << document.error();
    EXPECT_EQ(rendered(document), unicode);
    const std::string notices = notices_of(*document);
    if (encoding == LegacyEncoding::tcvn3) {
      EXPECT_NE(notices.find("converted from TCVN3 (ABC) to Unicode, by the font .VnTimeH of the text: 9 cells "
                             "(sheet \"KH\" row 3 columns 1-5, row 4 columns 1-2, row 7 columns 1-2)"),
                std::string::npos)
          << notices;
      EXPECT_NE(notices.find("by the font .VnTime of the text: 15 cells (sheet \"KH\" row 1 column 1, row 5 columns "
                             "2-5, row 6 columns 2-4, row 8 columns 2-5, row 9 columns 2-4)"),
                std::string::npos)
          << notices;
    } else {
      EXPECT_NE(notices.find("converted from VNI to Unicode, by the font VNI-Times of the text: "), std::string::npos)
          << notices;
    }
    // Without fonts, by how the text reads.
    const auto unmarked = parse_table_bytes(SourceFormat::xlsx, plan_xlsx(encoding, false));
    ASSERT_TRUE(unmarked.has_value()) << unmarked.error();
    EXPECT_NE(notices_of(*unmarked).find("as the text reads (no font names the encoding)"), std::string::npos)
        << notices_of(*unmarked);
    const Draft draft = testing::draft_with_fixture_units(unmarked, "legacy");
    ASSERT_EQ(draft.tasks.size(), 4U);
    EXPECT_EQ(draft.tasks[1].title, "Kiểm tra, đôn đốc việc thực hiện ở các xã, phường");
    EXPECT_EQ(draft.tasks[1].lead, (Texts{"vp-ubnd-tinh"}));
  }
}

// A workbook whose default font (the first cell format's) is .VnTime, its
// cells naming no style: they are in .VnTime, as Excel shows them. They were
// left in TCVN3 but where the text showed it.
TEST(ImportLegacyText, CellsWithoutAStyleAreInTheWorkbooksDefaultFont) {
  std::string data;
  std::string shared;
  int count = 0;
  const auto add_row = [&](int number, const Texts& cells, bool capitals) {
    data += "<row r=\"" + std::to_string(number) + "\">";
    for (std::size_t c = 0; c < cells.size(); ++c) {
      shared +=
          "<si><t>" + testing::xml_text(*unicode_to_legacy(cells[c], LegacyEncoding::tcvn3, capitals)) + "</t></si>";
      data += "<c r=\"" + testing::column_letter(c) + std::to_string(number) + "\" t=\"s\"><v>" +
              std::to_string(count++) + "</v></c>";
    }
    data += "</row>";
  };
  add_row(1, {"TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"}, false);
  add_row(2, {"1", "Ban hành kế hoạch năm 2026", "Sở Nội vụ", "Sở Tư pháp", "Tháng 01/2026"}, false);
  add_row(3, {"2", "Kiểm tra công tác", "Sở Tư pháp", "Sở Nội vụ", "Quý II/2026"}, false);
  const std::string styles =
      "<fonts count=\"1\"><font><name val=\".VnTime\"/></font></fonts><cellXfs count=\"1\"><xf "
      "fontId=\"0\"/></cellXfs>";
  const auto document = parse_table_bytes(SourceFormat::xlsx, testing::xlsx_of(data, shared, styles));
  ASSERT_TRUE(document.has_value()) << document.error();
  EXPECT_NE(notices_of(*document).find("by the font .VnTime of the text: 11 cells"), std::string::npos)
      << notices_of(*document);
  const Draft draft = testing::draft_with_fixture_units(document, "legacy");
  ASSERT_EQ(draft.tasks.size(), 2U);
  EXPECT_EQ(draft.tasks[0].lead, (Texts{"so-noi-vu"}));
  EXPECT_EQ(draft.tasks[1].support, (Texts{"so-noi-vu"}));
}

// CSV: VNI as its bytes (not UTF-8: read as VNI, not as Windows-1258), and
// TCVN3 saved as "CSV UTF-8" from a .VnTime workbook (Latin-1 letters).
TEST(ImportLegacyText, CsvTypedInVniOrTcvn3IsConverted) {
  const Texts lines = {"TT,Nội dung,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành",
                       "1,Ban hành kế hoạch cải cách hành chính năm 2026,Sở Nội vụ,Sở Tư pháp,Tháng 01/2026",
                       "2,Kiểm tra công tác cải cách hành chính,Văn phòng UBND tỉnh,Sở Nội vụ,Quý II/2026"};
  std::string unicode;
  std::string vni;
  std::string tcvn3;
  for (const std::string& line : lines) {
    unicode += line + "\n";
    vni += latin1_bytes(*unicode_to_legacy(line, LegacyEncoding::vni)) + "\r\n";
    tcvn3 += *unicode_to_legacy(line, LegacyEncoding::tcvn3) + "\n";
  }
  const std::string expected = rendered(parse_table_bytes(SourceFormat::csv, unicode));
  const auto from_vni = parse_table_bytes(SourceFormat::csv, vni);
  ASSERT_TRUE(from_vni.has_value()) << from_vni.error();
  EXPECT_EQ(rendered(from_vni), expected);
  EXPECT_NE(notices_of(*from_vni).find("the file is not UTF-8; its bytes read as Vietnamese typed in VNI"),
            std::string::npos)
      << notices_of(*from_vni);
  EXPECT_NE(notices_of(*from_vni).find("converted from VNI to Unicode, as the text reads"), std::string::npos);
  const auto from_tcvn3 = parse_table_bytes(SourceFormat::csv, tcvn3);
  ASSERT_TRUE(from_tcvn3.has_value()) << from_tcvn3.error();
  EXPECT_EQ(rendered(from_tcvn3), expected);
  EXPECT_NE(notices_of(*from_tcvn3).find("converted from TCVN3 (ABC) to Unicode, as the text reads"),
            std::string::npos);
}

// The same in a workbook whose default font is still .VnTime: its Unicode
// strings are read as they are ("Tháng 01/2026" was "Thỏng 01/2026").
TEST(ImportLegacyText, AnOldFontLeftOnUnicodeCellsIsNoEncoding) {
  const std::string unicode = rendered(parse_table_bytes(SourceFormat::xlsx, plan_xlsx(LegacyEncoding::none, true)));
  // The cells in Unicode name no style: the first format's font is theirs.
  const auto document =
      parse_table_bytes(SourceFormat::xlsx, plan_xlsx(LegacyEncoding::none, true,
                                                      "<fonts count=\"1\"><font><name val=\".VnTime\"/></font></fonts>"
                                                      "<cellXfs count=\"1\"><xf fontId=\"0\"/></cellXfs>"));
  ASSERT_TRUE(document.has_value()) << document.error();
  EXPECT_EQ(rendered(document), unicode);
  EXPECT_NE(notices_of(*document).find("the font .VnTime holds text typed in Unicode ("), std::string::npos)
      << notices_of(*document);
  EXPECT_EQ(notices_of(*document).find("converted from"), std::string::npos) << notices_of(*document);
}

// Every fixture typed in Unicode (or Windows-1258) reads without a
// conversion: the guess finds no old encoding in real plans.
TEST(ImportLegacyText, NoFixtureInUnicodeIsConverted) {
  int files = 0;
  std::vector<std::string> names;
  for (const std::string folder : {"", "cases/"}) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::k_import_data + folder)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && !name.ends_with(".md") && !name.ends_with(".py") && !name.ends_with(".toml") &&
          !name.starts_with("c03_tcvn3") && !name.starts_with("c09_vntime")) {
        names.push_back(folder + name);
      }
    }
  }
  for (const std::string& name : names) {
    const std::string bytes = testing::read_import_data(name);
    const auto document = parse_table_bytes(detect_format(name, bytes), bytes);
    if (!document) {
      continue;
    }
    ++files;
    for (const std::string& notice : document->notices) {
      EXPECT_EQ(notice.find("converted from"), std::string::npos) << name << ": " << notice;
    }
  }
  EXPECT_GT(files, 60);
}

}  // namespace
}  // namespace deadlined::import
