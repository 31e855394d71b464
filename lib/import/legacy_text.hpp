#pragma once
// Text typed before Unicode: Vietnamese in the 8-bit encodings of the old
// fonts, still in old offices' files. TCVN3 (ABC, TCVN 5712:1993 VN3) is the
// encoding of the ".Vn" fonts (.VnTime, .VnArial; the ".VnTimeH" fonts show
// every letter in capitals), VNI that of the "VNI-" fonts (VNI-Times), which
// writes a letter's marks as characters after it. Word and Excel keep such
// text as Latin-1 letters ("KÕ ho¹ch", "Keá hoaïch" for "Kế hoạch"), a CSV
// file as its bytes: the readers convert it to Unicode by the text's font,
// or, where no font says it, by what the text looks like.
#include "import/table.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deadlined::import {

enum class LegacyEncoding { none, tcvn3, vni };

// "TCVN3 (ABC)", "VNI".
std::string_view to_string(LegacyEncoding encoding);

// The encoding a font's name says (".VnTime", ".VnArialH": TCVN3; "VNI-Times",
// "VNI Helve": VNI); none for any other font.
LegacyEncoding encoding_of_font(std::string_view font);

// A TCVN3 font drawing every letter as a capital (".VnTimeH", ".VnArialH").
bool capitals_font(std::string_view font);

// Text of `encoding`, as Word and Excel keep it (each 8-bit code a Latin-1
// character, or U+F0xx for a symbol font's), as Unicode NFC; in capitals
// for a capitals font. Nullopt when the text holds a character no 8-bit font
// has (it is Unicode already).
std::optional<std::string> legacy_to_unicode(std::string_view text, LegacyEncoding encoding, bool capitals = false);

// Unicode Vietnamese as an old file holds it in `encoding` (each 8-bit code as
// a Latin-1 character); with `capitals`, as typed for a capitals font. Nullopt
// when `encoding` cannot write some letter (TCVN3 has no capitals with tone
// marks but in a capitals font).
std::optional<std::string> unicode_to_legacy(std::string_view text, LegacyEncoding encoding, bool capitals = false);

// Which encoding texts read without a font (cells of a workbook whose fonts
// say nothing, a CSV file's bytes as Latin-1) are typed in: TCVN3 when many of
// their marked letters are the Latin-1 signs U+00A1..U+00BF ("¸", "¹", "ª",
// "®") Vietnamese in Unicode does not use; VNI when many vowels are followed
// by VNI's tone characters ("aù", "oø", "eû", "uï"), which no Vietnamese or
// Western word writes. Texts holding characters past Latin-1 are not counted.
LegacyEncoding guess_legacy_encoding(const std::vector<std::string_view>& texts);

// Whether the text itself shows `encoding` (a sign of TCVN3, a vowel and a
// tone character of VNI): in a document that also holds Unicode Vietnamese,
// only such texts are converted.
bool shows_legacy_encoding(std::string_view text, LegacyEncoding encoding);

// Whether the tables' text reads as TCVN3 rather than Vietnamese.
bool looks_like_tcvn3(const std::vector<Grid>& grids);

// The cells and paragraphs converted from an old encoding, for the notices.
class LegacyConversions {
 public:
  // `how`: "by the font .VnTime", "by what the text looks like".
  void add_cell(LegacyEncoding encoding, const std::string& how, const std::string& where, int row, int column);
  void add_paragraph(LegacyEncoding encoding, const std::string& how);
  bool empty() const { return m_groups.empty(); }
  // The encoding of most cells and paragraphs converted (none: none).
  LegacyEncoding most_converted() const;
  // One notice per encoding and way: "converted from TCVN3 (ABC) to Unicode,
  // by the font .VnTime: 12 cells (table 1 row 1 columns 1-6, row 2 column 2)
  // and 3 paragraphs; check the names in the draft".
  std::vector<std::string> notices() const;

 private:
  static constexpr std::size_t k_rows_named = 12;  // then "and N more rows"
  struct Group {
    std::map<std::string, std::map<int, std::set<int>>> cells;  // where -> row -> columns (1-based), named rows
    std::vector<std::string> order;                             // `where`s as first met
    std::size_t rows_named = 0;
    std::size_t more_rows = 0;  // rows past those named
    std::pair<std::string, int> last_row_counted;
    std::size_t cell_count = 0;
    std::size_t paragraphs = 0;
  };
  Group& group_of(LegacyEncoding encoding, const std::string& how);
  std::map<std::pair<LegacyEncoding, std::string>, Group> m_groups;
};

// Converts, where no font said anything, a document typed in an old encoding
// as guess_legacy_encoding finds it: every text that is not Unicode already
// (only those showing the encoding when others are Unicode Vietnamese), with
// a notice. Nothing when the document holds no such text. With `known` (the
// encoding the fonts of other text named), the texts showing it that no
// font named (a title typed before its font was set) are converted.
void convert_unmarked_legacy_text(Document& document, LegacyEncoding known = LegacyEncoding::none);

}  // namespace deadlined::import
