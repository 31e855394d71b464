#include "import/legacy_text.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>

namespace deadlined::import {

namespace {

// The Vietnamese vowels, lower case, each without a tone mark and with the
// grave, acute, hook above, tilde and dot below (Unicode's precomposed
// letters, NFC). A capital is its letter minus 0x20 in Latin-1 and ASCII,
// minus 1 elsewhere ("ế" U+1EBF, "Ế" U+1EBE).
constexpr int k_tones = 6;
constexpr int k_vowels = 12;
constexpr std::array<std::array<char32_t, k_tones>, k_vowels> k_vowel_letters = {{
    {0x61, 0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1},         // a
    {0x103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7},  // ă
    {0xE2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD},   // â
    {0x65, 0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9},       // e
    {0xEA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7},   // ê
    {0x69, 0xEC, 0xED, 0x1EC9, 0x129, 0x1ECB},        // i
    {0x6F, 0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD},         // o
    {0xF4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9},   // ô
    {0x1A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3},  // ơ
    {0x75, 0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5},        // u
    {0x1B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1},  // ư
    {0x79, 0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5},     // y
}};
constexpr char32_t k_small_d = 0x111;  // đ

// TCVN 5712:1993 VN3, the code table of the ABC fonts (.VnTime), as Unikey's
// and Vietkey's converters and glibc's TCVN5712-1 (VN1, whose lower case VN3
// keeps) give it: each vowel of k_vowel_letters by tone; ASCII stays ASCII.
// VN3 has no capitals with tone marks: the ".VnTimeH" fonts draw the small
// letters' codes as capitals. Codes not listed (0x80..0x9F, 0xB0..0xB4 and
// the gaps) are no letters and stay what they are.
constexpr std::array<std::array<std::uint8_t, k_tones>, k_vowels> k_tcvn3_vowels = {{
    {'a', 0xB5, 0xB8, 0xB6, 0xB7, 0xB9},   // a
    {0xA8, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6},  // ă
    {0xA9, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB},  // â
    {'e', 0xCC, 0xD0, 0xCE, 0xCF, 0xD1},   // e
    {0xAA, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6},  // ê
    {'i', 0xD7, 0xDD, 0xD8, 0xDC, 0xDE},   // i
    {'o', 0xDF, 0xE3, 0xE1, 0xE2, 0xE4},   // o
    {0xAB, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9},  // ô
    {0xAC, 0xEA, 0xED, 0xEB, 0xEC, 0xEE},  // ơ
    {'u', 0xEF, 0xF3, 0xF1, 0xF2, 0xF4},   // u
    {0xAD, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9},  // ư
    {'y', 0xFA, 0xFD, 0xFB, 0xFC, 0xFE},   // y
}};
constexpr std::uint8_t k_tcvn3_small_d = 0xAE;
// The capitals VN3 has: Ă Â Ê Ô Ơ Ư Đ.
constexpr std::array<std::pair<std::uint8_t, char32_t>, 7> k_tcvn3_capitals = {
    {{0xA1, 0x102}, {0xA2, 0xC2}, {0xA3, 0xCA}, {0xA4, 0xD4}, {0xA5, 0x1A0}, {0xA6, 0x1AF}, {0xA7, 0x110}}};

// VNI Windows, the encoding of the VNI fonts (VNI-Times), as VNI Software's
// keyboard and Unikey's converter give it: a vowel is its base letter followed
// by the character of its marks; "i" with a tone, "ơ", "ư", "ỵ" and "đ" are
// single characters. Capitals are the small letters' characters in capitals
// (Latin-1 minus 0x20: "Keá" / "KEÁ"). Each string is Latin-1, "\xE2" = "â".
constexpr std::array<std::array<const char*, k_tones>, k_vowels> k_vni_vowels = {{
    {"a", "a\xF8", "a\xF9", "a\xFB", "a\xF5", "a\xEF"},                    // a
    {"a\xEA", "a\xE8", "a\xE9", "a\xFA", "a\xFC", "a\xEB"},                // ă
    {"a\xE2", "a\xE0", "a\xE1", "a\xE5", "a\xE3", "a\xE4"},                // â
    {"e", "e\xF8", "e\xF9", "e\xFB", "e\xF5", "e\xEF"},                    // e
    {"e\xE2", "e\xE0", "e\xE1", "e\xE5", "e\xE3", "e\xE4"},                // ê
    {"i", "\xEC", "\xED", "\xE6", "\xF3", "\xF2"},                         // i
    {"o", "o\xF8", "o\xF9", "o\xFB", "o\xF5", "o\xEF"},                    // o
    {"o\xE2", "o\xE0", "o\xE1", "o\xE5", "o\xE3", "o\xE4"},                // ô
    {"\xF4", "\xF4\xF8", "\xF4\xF9", "\xF4\xFB", "\xF4\xF5", "\xF4\xEF"},  // ơ
    {"u", "u\xF8", "u\xF9", "u\xFB", "u\xF5", "u\xEF"},                    // u
    {"\xF6", "\xF6\xF8", "\xF6\xF9", "\xF6\xFB", "\xF6\xF5", "\xF6\xEF"},  // ư
    {"y", "y\xF8", "y\xF9", "y\xFB", "y\xF5", "\xEE"},                     // y
}};
constexpr const char* k_vni_small_d = "\xF1";

// VNI's tone characters (grave, acute, hook, tilde, dot below), which follow
// a vowel: what tells VNI text from any other.
constexpr std::array<std::uint8_t, 5> k_vni_tones = {0xF8, 0xF9, 0xFB, 0xF5, 0xEF};

char32_t capital(char32_t letter) {
  if (letter < 0x80) {
    return static_cast<char32_t>(std::toupper(static_cast<int>(letter)));
  }
  if (letter >= 0xE0 && letter <= 0xFE && letter != 0xF7) {
    return letter - 0x20;
  }
  for (const auto& vowel : k_vowel_letters) {
    for (const char32_t small : vowel) {
      if (small == letter && letter >= 0x100) {
        return letter - 1;
      }
    }
  }
  return letter == k_small_d ? letter - 1 : letter;
}

// Windows-1252's characters at 0x80..0x9F, as Word writes an 8-bit font's
// codes there.
constexpr std::array<char32_t, 32> k_cp1252_high = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                                    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// The 8-bit codes of text kept as Latin-1 characters; nullopt when a
// character is none (the text is Unicode).
std::optional<std::string> eight_bit_codes(std::string_view text) {
  std::string codes;
  codes.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    char32_t c = 0;
    std::size_t length = 1;
    if (lead < 0x80) {
      c = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      c = lead & 0x1F;
      length = 2;
    } else if ((lead & 0xF0) == 0xE0) {
      c = lead & 0x0F;
      length = 3;
    } else {
      return std::nullopt;
    }
    if (i + length > text.size()) {
      return std::nullopt;
    }
    for (std::size_t k = 1; k < length; ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    i += length;
    if (c <= 0xFF) {
      codes += static_cast<char>(c);
    } else if (c >= 0xF020 && c <= 0xF0FF) {
      codes += static_cast<char>(c - 0xF000);  // a symbol font's code
    } else if (const auto at = std::find(k_cp1252_high.begin(), k_cp1252_high.end(), c); at != k_cp1252_high.end()) {
      codes += static_cast<char>(0x80 + (at - k_cp1252_high.begin()));
    } else {
      return std::nullopt;
    }
  }
  return codes;
}

void append_latin1(std::string& out, std::string_view codes) {
  for (const char code : codes) {
    append_utf8(out, static_cast<char32_t>(static_cast<unsigned char>(code)));
  }
}

// The code points of UTF-8 text (invalid bytes as themselves).
std::u32string code_points(std::string_view text) {
  std::u32string points;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
    if (lead < 0x80 || i + length > text.size()) {
      points += static_cast<char32_t>(lead);
      ++i;
      continue;
    }
    char32_t c = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    points += c;
    i += length;
  }
  return points;
}

bool cased_letter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
}

bool capital_letter(char32_t c) {
  return cased_letter(c) && capital(c) == c;
}

// Capitals typed in .VnTime rather than .VnTimeH: VN3 has no capital with a
// tone mark, so typists put the small one in ("C\u00A4NG T\u00B8C" for
// "CÔNG TÁC", "KÕ HO¹CH"), which decodes as "CÔNG TáC". In a word whose
// other letters are capitals, at least two, or one beside such a word, those
// small letters are capitals too. `small_marked[i]`: letter i is such a
// small marked letter.
void capitalize_typed_capitals(std::u32string& letters, const std::vector<bool>& small_marked) {
  struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
    int capitals = 0;
    bool small_other = false;  // a small letter not marked: no word in capitals
    bool marked = false;
  };
  std::vector<Word> words;
  for (std::size_t i = 0; i < letters.size();) {
    if (!cased_letter(letters[i])) {
      ++i;
      continue;
    }
    Word word{i, i, 0, false, false};
    for (; i < letters.size() && cased_letter(letters[i]); ++i) {
      if (small_marked[i]) {
        word.marked = true;
      } else if (capital_letter(letters[i])) {
        ++word.capitals;
      } else {
        word.small_other = true;
      }
    }
    word.end = i;
    words.push_back(word);
  }
  // A neighbour in capitals with such small letters of its own ("HO¹CH"), not
  // an abbreviation ("Së KH&CN" is "Sở KH&CN").
  const auto in_capitals = [&words](std::size_t w) {
    return w < words.size() && !words[w].small_other && words[w].capitals >= 2 && words[w].marked;
  };
  for (std::size_t w = 0; w < words.size(); ++w) {
    const Word& word = words[w];
    if (!word.marked || word.small_other || word.capitals == 0) {
      continue;
    }
    if (word.capitals >= 2 || in_capitals(w + 1) || (w > 0 && in_capitals(w - 1))) {
      for (std::size_t i = word.begin; i < word.end; ++i) {
        letters[i] = capital(letters[i]);
      }
    }
  }
}

// Each VN3 code's letter (a code that is none stands for itself).
constexpr std::array<char32_t, 256> tcvn3_letters() {
  std::array<char32_t, 256> table{};
  for (std::size_t b = 0; b < table.size(); ++b) {
    table[b] = static_cast<char32_t>(b);
  }
  for (std::size_t v = 0; v < k_tcvn3_vowels.size(); ++v) {
    for (std::size_t t = 0; t < k_tcvn3_vowels[v].size(); ++t) {
      table[k_tcvn3_vowels[v][t]] = k_vowel_letters[v][t];
    }
  }
  table[k_tcvn3_small_d] = k_small_d;
  for (const auto& [code, letter] : k_tcvn3_capitals) {
    table[code] = letter;
  }
  return table;
}
constexpr std::array<char32_t, 256> k_tcvn3_letters = tcvn3_letters();

std::string tcvn3_decode(std::string_view codes, bool capitals) {
  const std::array<char32_t, 256>& table = k_tcvn3_letters;
  std::u32string letters;
  std::vector<bool> small_marked;
  letters.reserve(codes.size());
  small_marked.reserve(codes.size());
  for (const char code : codes) {
    const auto byte = static_cast<unsigned char>(code);
    const char32_t letter = table[byte];
    letters += capitals ? capital(letter) : letter;
    small_marked.push_back(byte >= 0x80 && letter != byte && capital(letter) != letter);
  }
  if (!capitals) {
    capitalize_typed_capitals(letters, small_marked);
  }
  std::string out;
  for (const char32_t letter : letters) {
    append_utf8(out, letter);
  }
  return out;
}

// The small form of a Latin-1 letter ("\xD9" "Ù" -> "\xF9" "ù").
unsigned char small_latin1(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ? static_cast<unsigned char>(c + 0x20) : c;
}

// The vowel (index in k_vowel_letters) and tone a VNI base letter and the
// character after it write, or nullopt. The marks' characters by tone, as in
// k_vni_vowels: alone for a tone, after "\xE2"-row for a circumflex and
// "\xEA"-row for a breve.
std::optional<std::pair<int, int>> vni_pair(unsigned char base, unsigned char mark) {
  constexpr std::string_view k_tone_marks("\xF8\xF9\xFB\xF5\xEF");      // grave, acute, hook, tilde, dot
  constexpr std::string_view k_circumflex("\xE2\xE0\xE1\xE5\xE3\xE4");  // none, then the tones
  constexpr std::string_view k_breve("\xEA\xE8\xE9\xFA\xFC\xEB");
  constexpr std::string_view k_bases("aeouy\xF4\xF6");
  constexpr std::array<int, 7> k_base_vowel = {0, 3, 6, 9, 11, 8, 10};  // a e o u y ơ ư
  const std::size_t b = k_bases.find(static_cast<char>(small_latin1(base)));
  const char m = static_cast<char>(small_latin1(mark));
  if (b == std::string_view::npos) {
    return std::nullopt;
  }
  if (const std::size_t tone = k_tone_marks.find(m); tone != std::string_view::npos) {
    return std::pair{k_base_vowel[b], static_cast<int>(tone) + 1};
  }
  if (const std::size_t tone = k_circumflex.find(m); tone != std::string_view::npos && b <= 2) {
    return std::pair{k_base_vowel[b] + 1 + (b == 0 ? 1 : 0), static_cast<int>(tone)};  // â ê ô
  }
  if (const std::size_t tone = k_breve.find(m); tone != std::string_view::npos && b == 0) {
    return std::pair{1, static_cast<int>(tone)};  // ă
  }
  return std::nullopt;
}

// A VNI character standing for a letter alone ("\xF4" ơ, "\xF1" đ), or 0.
char32_t vni_single(unsigned char code) {
  switch (small_latin1(code)) {
    case 0xEC:
      return k_vowel_letters[5][1];  // ì
    case 0xED:
      return k_vowel_letters[5][2];  // í
    case 0xE6:
      return k_vowel_letters[5][3];  // ỉ
    case 0xF3:
      return k_vowel_letters[5][4];  // ĩ
    case 0xF2:
      return k_vowel_letters[5][5];  // ị
    case 0xF4:
      return k_vowel_letters[8][0];  // ơ
    case 0xF6:
      return k_vowel_letters[10][0];  // ư
    case 0xEE:
      return k_vowel_letters[11][5];  // ỵ
    case 0xF1:
      return k_small_d;
    default:
      return 0;
  }
}

bool upper_latin1_letter(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

std::string vni_decode(std::string_view codes) {
  std::string out;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const auto c = static_cast<unsigned char>(codes[i]);
    const bool upper = upper_latin1_letter(c);
    if (i + 1 < codes.size()) {
      if (const auto pair = vni_pair(c, static_cast<unsigned char>(codes[i + 1]))) {
        const char32_t letter =
            k_vowel_letters[static_cast<std::size_t>(pair->first)][static_cast<std::size_t>(pair->second)];
        append_utf8(out, upper ? capital(letter) : letter);
        ++i;
        continue;
      }
    }
    if (const char32_t letter = vni_single(c); letter != 0) {
      append_utf8(out, upper ? capital(letter) : letter);
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

// A vowel and its tone, or nullopt: `upper` tells a capital.
struct VowelAt {
  int vowel = 0;
  int tone = 0;
  bool upper = false;
};

std::optional<VowelAt> vowel_of(char32_t c) {
  for (int v = 0; v < k_vowels; ++v) {
    for (int t = 0; t < k_tones; ++t) {
      const char32_t small = k_vowel_letters[static_cast<std::size_t>(v)][static_cast<std::size_t>(t)];
      if (c == small) {
        return VowelAt{v, t, false};
      }
      if (c == capital(small)) {
        return VowelAt{v, t, true};
      }
    }
  }
  return std::nullopt;
}

std::string upper_latin1(std::string_view codes) {
  std::string upper(codes);
  for (char& code : upper) {
    const auto c = static_cast<unsigned char>(code);
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7)) {
      code = static_cast<char>(c - 0x20);
    }
  }
  return upper;
}

bool is_vni_base(unsigned char c) {
  return std::string_view("aeouyAEOUY\xF4\xF6\xD4\xD6").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_vni_tone(unsigned char c) {
  return std::any_of(k_vni_tones.begin(), k_vni_tones.end(),
                     [c](std::uint8_t tone) { return c == tone || c == tone - 0x20; });
}

struct Evidence {
  std::size_t non_ascii = 0;
  std::size_t tcvn3_signs = 0;  // U+00A1..U+00BF
  std::size_t vni_tones = 0;    // a vowel and a VNI tone character
};

Evidence evidence_of(std::string_view codes) {
  Evidence found;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const auto c = static_cast<unsigned char>(codes[i]);
    if (c < 0x80) {
      continue;
    }
    ++found.non_ascii;
    found.tcvn3_signs += c >= 0xA1 && c <= 0xBF ? 1 : 0;
    found.vni_tones += i > 0 && is_vni_tone(c) && is_vni_base(static_cast<unsigned char>(codes[i - 1])) ? 1 : 0;
  }
  return found;
}

}  // namespace

std::string_view to_string(LegacyEncoding encoding) {
  switch (encoding) {
    case LegacyEncoding::tcvn3:
      return "TCVN3 (ABC)";
    case LegacyEncoding::vni:
      return "VNI";
    case LegacyEncoding::none:
      break;
  }
  return "Unicode";
}

LegacyEncoding encoding_of_font(std::string_view font) {
  std::string folded;
  for (const char c : font) {
    if (c != ' ' || !folded.empty()) {
      folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (folded.starts_with(".vn") && folded.size() > 3) {
    return LegacyEncoding::tcvn3;
  }
  if (folded.starts_with("vni-") || folded.starts_with("vni ") || folded.starts_with("vni_")) {
    return LegacyEncoding::vni;
  }
  return LegacyEncoding::none;
}

bool capitals_font(std::string_view font) {
  while (!font.empty() && font.back() == ' ') {
    font.remove_suffix(1);
  }
  return encoding_of_font(font) == LegacyEncoding::tcvn3 && font.ends_with('H');
}

std::optional<std::string> legacy_to_unicode(std::string_view text, LegacyEncoding encoding, bool capitals) {
  if (encoding == LegacyEncoding::none) {
    return std::string(text);
  }
  const std::optional<std::string> codes = eight_bit_codes(text);
  if (!codes) {
    return std::nullopt;
  }
  return encoding == LegacyEncoding::tcvn3 ? tcvn3_decode(*codes, capitals) : vni_decode(*codes);
}

std::optional<std::string> unicode_to_legacy(std::string_view text, LegacyEncoding encoding, bool capitals) {
  const std::string composed = compose_vietnamese(text);
  std::string out;
  for (const char32_t c : code_points(composed)) {
    std::string codes;
    if (c < 0x80 && (std::isalpha(static_cast<int>(c)) == 0 || vowel_of(c) == std::nullopt)) {
      codes = static_cast<char>(capitals && encoding == LegacyEncoding::tcvn3 ? std::tolower(static_cast<int>(c)) : c);
    } else if (const auto vowel = vowel_of(c)) {
      const auto v = static_cast<std::size_t>(vowel->vowel);
      const auto t = static_cast<std::size_t>(vowel->tone);
      if (encoding == LegacyEncoding::vni) {
        codes = k_vni_vowels[v][t];
        codes = vowel->upper ? upper_latin1(codes) : codes;
      } else if (!vowel->upper || capitals) {
        codes = static_cast<char>(k_tcvn3_vowels[v][t]);
      } else if (t == 0) {
        const char32_t letter = k_vowel_letters[v][0];
        const auto at = std::find_if(k_tcvn3_capitals.begin(), k_tcvn3_capitals.end(),
                                     [&](const auto& entry) { return entry.second == capital(letter); });
        if (letter < 0x80) {
          codes = static_cast<char>(capital(letter));
        } else if (at != k_tcvn3_capitals.end()) {
          codes = static_cast<char>(at->first);
        } else {
          return std::nullopt;
        }
      } else {
        return std::nullopt;  // VN3 has no capital with a tone mark
      }
    } else if (c == k_small_d || c == capital(k_small_d)) {
      const bool upper = c != k_small_d;
      if (encoding == LegacyEncoding::vni) {
        codes = upper ? upper_latin1(k_vni_small_d) : k_vni_small_d;
      } else {
        codes = static_cast<char>(upper && !capitals ? 0xA7 : k_tcvn3_small_d);
      }
    } else if (c < 0x80) {
      codes = static_cast<char>(capitals && encoding == LegacyEncoding::tcvn3 ? std::tolower(static_cast<int>(c)) : c);
    } else {
      return std::nullopt;
    }
    append_latin1(out, codes);
  }
  return out;
}

LegacyEncoding guess_legacy_encoding(const std::vector<std::string_view>& texts) {
  Evidence total;
  for (const std::string_view text : texts) {
    const std::optional<std::string> codes = eight_bit_codes(text);
    if (!codes) {
      continue;
    }
    const Evidence found = evidence_of(*codes);
    total.non_ascii += found.non_ascii;
    total.tcvn3_signs += found.tcvn3_signs;
    total.vni_tones += found.vni_tones;
  }
  // Vietnamese in Unicode has next to no signs, and never a tone character
  // after a vowel; in TCVN3 signs are about half of the marked letters, in VNI
  // tone characters about a third of its non-ASCII characters.
  if (total.tcvn3_signs >= 8 && total.tcvn3_signs * 4 >= total.non_ascii) {
    return LegacyEncoding::tcvn3;
  }
  if (total.vni_tones >= 8 && total.vni_tones * 5 >= total.non_ascii) {
    return LegacyEncoding::vni;
  }
  return LegacyEncoding::none;
}

bool shows_legacy_encoding(std::string_view text, LegacyEncoding encoding) {
  const std::optional<std::string> codes = eight_bit_codes(text);
  if (!codes) {
    return false;
  }
  const Evidence found = evidence_of(*codes);
  return encoding == LegacyEncoding::tcvn3 ? found.tcvn3_signs > 0
                                           : encoding == LegacyEncoding::vni && found.vni_tones > 0;
}

bool looks_like_tcvn3(const std::vector<Grid>& grids) {
  constexpr std::size_t k_rows_read = 60;  // a header is near the top
  std::vector<std::string_view> texts;
  for (const Grid& grid : grids) {
    for (std::size_t r = 0; r < grid.rows.size() && r < k_rows_read; ++r) {
      for (const GridCell& cell : grid.rows[r].cells) {
        texts.push_back(cell.text);
      }
    }
  }
  return guess_legacy_encoding(texts) == LegacyEncoding::tcvn3;
}

namespace {

// "2-6", "2, 4" for the numbers of a set.
std::string number_ranges(const std::set<int>& numbers) {
  std::string text;
  for (auto it = numbers.begin(); it != numbers.end();) {
    const int first = *it;
    int last = first;
    ++it;
    while (it != numbers.end() && *it == last + 1) {
      last = *it;
      ++it;
    }
    text += (text.empty() ? "" : ", ") + std::to_string(first) + (last == first ? "" : "-" + std::to_string(last));
  }
  return text;
}

}  // namespace

LegacyConversions::Group& LegacyConversions::group_of(LegacyEncoding encoding, const std::string& how) {
  // A file naming fonts by the thousand is told as a few, not in as many notices.
  constexpr std::size_t k_ways_told = 8;
  if (m_groups.size() >= k_ways_told && m_groups.count({encoding, how}) == 0) {
    return m_groups[{encoding, "by other fonts"}];
  }
  return m_groups[{encoding, how}];
}

void LegacyConversions::add_cell(LegacyEncoding encoding, const std::string& how, const std::string& where, int row,
                                 int column) {
  Group& group = group_of(encoding, how);
  ++group.cell_count;
  const auto at = group.cells.find(where);
  if (at != group.cells.end() && at->second.count(row) != 0) {
    at->second[row].insert(column);
  } else if (group.rows_named < k_rows_named) {
    // The rows named in the notice; past them only counted, so a table of a
    // million converted cells costs no more memory than a small one.
    if (at == group.cells.end()) {
      group.order.push_back(where);
    }
    group.cells[where][row].insert(column);
    ++group.rows_named;
  } else if (group.last_row_counted != std::pair{where, row}) {
    group.last_row_counted = {where, row};
    ++group.more_rows;
  }
}

void LegacyConversions::add_paragraph(LegacyEncoding encoding, const std::string& how) {
  ++group_of(encoding, how).paragraphs;
}

std::vector<std::string> LegacyConversions::notices() const {
  std::vector<std::string> notices;
  for (const auto& [key, group] : m_groups) {
    std::string places;
    const std::size_t more = group.more_rows;
    for (const std::string& where : group.order) {
      std::string rows;
      for (const auto& [row, columns] : group.cells.at(where)) {
        rows += (rows.empty() ? "" : ", ") + std::string("row ") + std::to_string(row) +
                (columns.size() == 1 ? " column " : " columns ") + number_ranges(columns);
      }
      if (!rows.empty()) {
        places += (places.empty() ? "" : "; ") + where + " " + rows;
      }
    }
    std::string what;
    if (group.cell_count > 0) {
      what = counted(group.cell_count, "cell", "cells") + " (" + places +
             (more > 0 ? " and " + counted(more, "more row", "more rows") : "") + ")";
    }
    if (group.paragraphs > 0) {
      what += (what.empty() ? "" : " and ") + counted(group.paragraphs, "paragraph", "paragraphs");
    }
    notices.push_back("converted from " + std::string(to_string(key.first)) + " to Unicode, " + key.second + ": " +
                      what + "; check the text of the draft");
  }
  return notices;
}

LegacyEncoding LegacyConversions::most_converted() const {
  std::map<LegacyEncoding, std::size_t> counts;
  for (const auto& [key, group] : m_groups) {
    counts[key.first] += group.cell_count + group.paragraphs;
  }
  LegacyEncoding most = LegacyEncoding::none;
  std::size_t most_count = 0;
  for (const auto& [encoding, count] : counts) {
    if (count > most_count) {
      most = encoding;
      most_count = count;
    }
  }
  return most;
}

void convert_unmarked_legacy_text(Document& document, LegacyEncoding known) {
  std::vector<std::string_view> texts;
  bool unicode_vietnamese = false;  // some text is Unicode past Latin-1 already
  const auto look = [&](const std::string& text) {
    texts.push_back(text);
    unicode_vietnamese = unicode_vietnamese || (!text.empty() && !legacy_to_unicode(text, LegacyEncoding::vni));
  };
  for (const std::vector<Grid>* grids : {&document.grids, &document.nested_grids}) {
    for (const Grid& grid : *grids) {
      for (const GridRow& row : grid.rows) {
        for (const GridCell& cell : row.cells) {
          look(cell.text);
        }
      }
    }
  }
  for (const std::string& paragraph : document.paragraphs) {
    look(paragraph);
  }
  const LegacyEncoding encoding = known != LegacyEncoding::none ? known : guess_legacy_encoding(texts);
  if (encoding == LegacyEncoding::none) {
    return;
  }
  // Text converted by its font is Unicode now and shows no old encoding.
  unicode_vietnamese = unicode_vietnamese || known != LegacyEncoding::none;
  // Beside Unicode Vietnamese, a text of Latin-1 letters alone ("Thái Bình")
  // may be Unicode too: only those showing the old encoding are converted.
  const auto convert = [&](std::string& text) {
    if (text.empty() || (unicode_vietnamese && !shows_legacy_encoding(text, encoding))) {
      return false;
    }
    std::optional<std::string> converted = legacy_to_unicode(text, encoding);
    if (!converted || *converted == text) {
      return false;
    }
    text = std::move(*converted);
    return true;
  };
  const std::string how = "as the text reads (no font names the encoding)";
  LegacyConversions conversions;
  for (std::vector<Grid>* grids : {&document.grids, &document.nested_grids}) {
    for (Grid& grid : *grids) {
      for (GridRow& row : grid.rows) {
        for (std::size_t c = 0; c < row.cells.size(); ++c) {
          if (convert(row.cells[c].text)) {
            conversions.add_cell(encoding, how, grid.name, row.line, static_cast<int>(c) + 1);
          }
        }
      }
    }
  }
  for (std::string& paragraph : document.paragraphs) {
    if (convert(paragraph)) {
      conversions.add_paragraph(encoding, how);
    }
  }
  for (std::string& notice : conversions.notices()) {
    document.notices.push_back(std::move(notice));
  }
}

}  // namespace deadlined::import
