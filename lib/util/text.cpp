#include "util/text.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace deadlined {

namespace {

// Base letter of the Vietnamese letters in U+00C0..U+00FF ('.' = not a
// Vietnamese letter, passes through). Generated from the Unicode NFD of the
// 12 vowels x 6 tones in both cases.
constexpr std::string_view k_latin1_map =
    "aaaa....eee.ii....oooo...uu..y.."   // U+00C0..U+00DF
    "aaaa....eee.ii....oooo...uu..y..";  // U+00E0..U+00FF

// The block U+1EA0..U+1EF9 (Latin Extended Additional, Vietnamese part):
// every code point there is a Vietnamese letter.
constexpr std::string_view k_vietnamese_block_map =
    "aaaaaaaaaaaaaaaaaaaaaaaa"  // Ạ..ặ
    "eeeeeeeeeeeeeeee"          // Ẹ..ệ
    "iiii"                      // Ỉ..ị
    "oooooooooooooooooooooooo"  // Ọ..ợ
    "uuuuuuuuuuuuuu"            // Ụ..ự
    "yyyyyyyy";                 // Ỳ..ỹ

struct Decoded {
  char32_t code_point;
  std::size_t length;  // bytes consumed; 1 for an invalid byte
  bool valid;
};

Decoded decode_utf8(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) {
    return {lead, 1, true};
  }
  std::size_t length = 0;
  char32_t code_point = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2;
    code_point = lead & 0x1FU;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3;
    code_point = lead & 0x0FU;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4;
    code_point = lead & 0x07U;
  } else {
    return {lead, 1, false};
  }
  if (pos + length > text.size()) {
    return {lead, 1, false};
  }
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char next = byte(pos + i);
    if ((next & 0xC0U) != 0x80U) {
      return {lead, 1, false};
    }
    code_point = (code_point << 6U) | (next & 0x3FU);
  }
  // Reject overlong forms and surrogates so they are treated as raw bytes.
  static constexpr char32_t k_min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < k_min_for_length[length] || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return {lead, 1, false};
  }
  return {code_point, length, true};
}

// Base ASCII letter of a Vietnamese letter, or 0.
char vietnamese_base(char32_t code_point) {
  switch (code_point) {
    // Listed explicitly: the letters outside the two dense ranges below.
    case 0x0102:
    case 0x0103:
      return 'a';  // Ă ă
    case 0x0110:
    case 0x0111:
      return 'd';  // Đ đ
    case 0x0128:
    case 0x0129:
      return 'i';  // Ĩ ĩ
    case 0x0168:
    case 0x0169:
      return 'u';  // Ũ ũ
    case 0x01A0:
    case 0x01A1:
      return 'o';  // Ơ ơ
    case 0x01AF:
    case 0x01B0:
      return 'u';  // Ư ư
    default:
      break;
  }
  if (code_point >= 0xC0 && code_point <= 0xFF) {
    const char base = k_latin1_map[code_point - 0xC0];
    return base == '.' ? '\0' : base;
  }
  if (code_point >= 0x1EA0 && code_point <= 0x1EF9) {
    return k_vietnamese_block_map[code_point - 0x1EA0];
  }
  return '\0';
}

bool is_combining_mark(char32_t code_point) {
  return (code_point >= 0x0300 && code_point <= 0x036F) ||  // combining diacritical marks
         (code_point >= 0x1AB0 && code_point <= 0x1AFF) || (code_point >= 0x1DC0 && code_point <= 0x1DFF) ||
         (code_point >= 0x20D0 && code_point <= 0x20FF) || (code_point >= 0xFE20 && code_point <= 0xFE2F);
}

// Unicode spaces that office documents put in table cells (no-break space,
// thin spaces, ideographic space): folded like ASCII whitespace.
bool is_space(char32_t code_point) {
  return code_point == ' ' || code_point == '\t' || code_point == '\n' || code_point == '\r' || code_point == '\v' ||
         code_point == '\f' || code_point == 0xA0 || (code_point >= 0x2000 && code_point <= 0x200A) ||
         code_point == 0x202F || code_point == 0x205F || code_point == 0x3000;
}

bool is_zero_width(char32_t code_point) {
  return is_combining_mark(code_point) || (code_point >= 0x200B && code_point <= 0x200F) || code_point == 0xFEFF ||
         code_point < 0x20 || (code_point >= 0x7F && code_point < 0xA0);
}

// East Asian Wide and Fullwidth ranges (the ones wcwidth implementations use).
bool is_wide(char32_t code_point) {
  return (code_point >= 0x1100 && code_point <= 0x115F) || (code_point >= 0x2E80 && code_point <= 0x303E) ||
         (code_point >= 0x3041 && code_point <= 0x33FF) || (code_point >= 0x3400 && code_point <= 0x4DBF) ||
         (code_point >= 0x4E00 && code_point <= 0x9FFF) || (code_point >= 0xA000 && code_point <= 0xA4CF) ||
         (code_point >= 0xAC00 && code_point <= 0xD7A3) || (code_point >= 0xF900 && code_point <= 0xFAFF) ||
         (code_point >= 0xFE30 && code_point <= 0xFE4F) || (code_point >= 0xFF00 && code_point <= 0xFF60) ||
         (code_point >= 0xFFE0 && code_point <= 0xFFE6) || (code_point >= 0x1F300 && code_point <= 0x1F64F) ||
         (code_point >= 0x1F900 && code_point <= 0x1F9FF) || (code_point >= 0x20000 && code_point <= 0x3FFFD);
}

}  // namespace

namespace {

// Characters that show nothing and join nothing a reader sees: the soft
// hyphen, zero-width space and joiners, word joiner, byte order mark. Text
// copied from Word and web pages carries them inside names and dates.
bool is_invisible_format(char32_t code_point) {
  return code_point == 0x00AD || (code_point >= 0x200B && code_point <= 0x200D) || code_point == 0x2060 ||
         code_point == 0xFEFF;
}

// A Latin letter and one combining mark -> the precomposed letter, for the
// letters Vietnamese writes (generated from Unicode's canonical
// decompositions of U+00C0..U+01B0 and U+1EA0..U+1EF9), sorted.
struct Composition {
  char32_t base;
  char32_t mark;
  char32_t composed;
};
constexpr Composition k_compositions[] = {
    {0x0041, 0x0300, 0x00C0}, {0x0041, 0x0301, 0x00C1}, {0x0041, 0x0302, 0x00C2}, {0x0041, 0x0303, 0x00C3},
    {0x0041, 0x0306, 0x0102}, {0x0041, 0x0309, 0x1EA2}, {0x0041, 0x0323, 0x1EA0}, {0x0043, 0x0301, 0x0106},
    {0x0043, 0x0302, 0x0108}, {0x0045, 0x0300, 0x00C8}, {0x0045, 0x0301, 0x00C9}, {0x0045, 0x0302, 0x00CA},
    {0x0045, 0x0303, 0x1EBC}, {0x0045, 0x0306, 0x0114}, {0x0045, 0x0309, 0x1EBA}, {0x0045, 0x0323, 0x1EB8},
    {0x0047, 0x0302, 0x011C}, {0x0047, 0x0306, 0x011E}, {0x0048, 0x0302, 0x0124}, {0x0049, 0x0300, 0x00CC},
    {0x0049, 0x0301, 0x00CD}, {0x0049, 0x0302, 0x00CE}, {0x0049, 0x0303, 0x0128}, {0x0049, 0x0306, 0x012C},
    {0x0049, 0x0309, 0x1EC8}, {0x0049, 0x0323, 0x1ECA}, {0x004A, 0x0302, 0x0134}, {0x004C, 0x0301, 0x0139},
    {0x004E, 0x0301, 0x0143}, {0x004E, 0x0303, 0x00D1}, {0x004F, 0x0300, 0x00D2}, {0x004F, 0x0301, 0x00D3},
    {0x004F, 0x0302, 0x00D4}, {0x004F, 0x0303, 0x00D5}, {0x004F, 0x0306, 0x014E}, {0x004F, 0x0309, 0x1ECE},
    {0x004F, 0x031B, 0x01A0}, {0x004F, 0x0323, 0x1ECC}, {0x0052, 0x0301, 0x0154}, {0x0053, 0x0301, 0x015A},
    {0x0053, 0x0302, 0x015C}, {0x0055, 0x0300, 0x00D9}, {0x0055, 0x0301, 0x00DA}, {0x0055, 0x0302, 0x00DB},
    {0x0055, 0x0303, 0x0168}, {0x0055, 0x0306, 0x016C}, {0x0055, 0x0309, 0x1EE6}, {0x0055, 0x031B, 0x01AF},
    {0x0055, 0x0323, 0x1EE4}, {0x0057, 0x0302, 0x0174}, {0x0059, 0x0300, 0x1EF2}, {0x0059, 0x0301, 0x00DD},
    {0x0059, 0x0302, 0x0176}, {0x0059, 0x0303, 0x1EF8}, {0x0059, 0x0309, 0x1EF6}, {0x0059, 0x0323, 0x1EF4},
    {0x005A, 0x0301, 0x0179}, {0x0061, 0x0300, 0x00E0}, {0x0061, 0x0301, 0x00E1}, {0x0061, 0x0302, 0x00E2},
    {0x0061, 0x0303, 0x00E3}, {0x0061, 0x0306, 0x0103}, {0x0061, 0x0309, 0x1EA3}, {0x0061, 0x0323, 0x1EA1},
    {0x0063, 0x0301, 0x0107}, {0x0063, 0x0302, 0x0109}, {0x0065, 0x0300, 0x00E8}, {0x0065, 0x0301, 0x00E9},
    {0x0065, 0x0302, 0x00EA}, {0x0065, 0x0303, 0x1EBD}, {0x0065, 0x0306, 0x0115}, {0x0065, 0x0309, 0x1EBB},
    {0x0065, 0x0323, 0x1EB9}, {0x0067, 0x0302, 0x011D}, {0x0067, 0x0306, 0x011F}, {0x0068, 0x0302, 0x0125},
    {0x0069, 0x0300, 0x00EC}, {0x0069, 0x0301, 0x00ED}, {0x0069, 0x0302, 0x00EE}, {0x0069, 0x0303, 0x0129},
    {0x0069, 0x0306, 0x012D}, {0x0069, 0x0309, 0x1EC9}, {0x0069, 0x0323, 0x1ECB}, {0x006A, 0x0302, 0x0135},
    {0x006C, 0x0301, 0x013A}, {0x006E, 0x0301, 0x0144}, {0x006E, 0x0303, 0x00F1}, {0x006F, 0x0300, 0x00F2},
    {0x006F, 0x0301, 0x00F3}, {0x006F, 0x0302, 0x00F4}, {0x006F, 0x0303, 0x00F5}, {0x006F, 0x0306, 0x014F},
    {0x006F, 0x0309, 0x1ECF}, {0x006F, 0x031B, 0x01A1}, {0x006F, 0x0323, 0x1ECD}, {0x0072, 0x0301, 0x0155},
    {0x0073, 0x0301, 0x015B}, {0x0073, 0x0302, 0x015D}, {0x0075, 0x0300, 0x00F9}, {0x0075, 0x0301, 0x00FA},
    {0x0075, 0x0302, 0x00FB}, {0x0075, 0x0303, 0x0169}, {0x0075, 0x0306, 0x016D}, {0x0075, 0x0309, 0x1EE7},
    {0x0075, 0x031B, 0x01B0}, {0x0075, 0x0323, 0x1EE5}, {0x0077, 0x0302, 0x0175}, {0x0079, 0x0300, 0x1EF3},
    {0x0079, 0x0301, 0x00FD}, {0x0079, 0x0302, 0x0177}, {0x0079, 0x0303, 0x1EF9}, {0x0079, 0x0309, 0x1EF7},
    {0x0079, 0x0323, 0x1EF5}, {0x007A, 0x0301, 0x017A}, {0x00C2, 0x0300, 0x1EA6}, {0x00C2, 0x0301, 0x1EA4},
    {0x00C2, 0x0303, 0x1EAA}, {0x00C2, 0x0309, 0x1EA8}, {0x00CA, 0x0300, 0x1EC0}, {0x00CA, 0x0301, 0x1EBE},
    {0x00CA, 0x0303, 0x1EC4}, {0x00CA, 0x0309, 0x1EC2}, {0x00D4, 0x0300, 0x1ED2}, {0x00D4, 0x0301, 0x1ED0},
    {0x00D4, 0x0303, 0x1ED6}, {0x00D4, 0x0309, 0x1ED4}, {0x00E2, 0x0300, 0x1EA7}, {0x00E2, 0x0301, 0x1EA5},
    {0x00E2, 0x0303, 0x1EAB}, {0x00E2, 0x0309, 0x1EA9}, {0x00EA, 0x0300, 0x1EC1}, {0x00EA, 0x0301, 0x1EBF},
    {0x00EA, 0x0303, 0x1EC5}, {0x00EA, 0x0309, 0x1EC3}, {0x00F4, 0x0300, 0x1ED3}, {0x00F4, 0x0301, 0x1ED1},
    {0x00F4, 0x0303, 0x1ED7}, {0x00F4, 0x0309, 0x1ED5}, {0x0102, 0x0300, 0x1EB0}, {0x0102, 0x0301, 0x1EAE},
    {0x0102, 0x0303, 0x1EB4}, {0x0102, 0x0309, 0x1EB2}, {0x0103, 0x0300, 0x1EB1}, {0x0103, 0x0301, 0x1EAF},
    {0x0103, 0x0303, 0x1EB5}, {0x0103, 0x0309, 0x1EB3}, {0x01A0, 0x0300, 0x1EDC}, {0x01A0, 0x0301, 0x1EDA},
    {0x01A0, 0x0303, 0x1EE0}, {0x01A0, 0x0309, 0x1EDE}, {0x01A0, 0x0323, 0x1EE2}, {0x01A1, 0x0300, 0x1EDD},
    {0x01A1, 0x0301, 0x1EDB}, {0x01A1, 0x0303, 0x1EE1}, {0x01A1, 0x0309, 0x1EDF}, {0x01A1, 0x0323, 0x1EE3},
    {0x01AF, 0x0300, 0x1EEA}, {0x01AF, 0x0301, 0x1EE8}, {0x01AF, 0x0303, 0x1EEE}, {0x01AF, 0x0309, 0x1EEC},
    {0x01AF, 0x0323, 0x1EF0}, {0x01B0, 0x0300, 0x1EEB}, {0x01B0, 0x0301, 0x1EE9}, {0x01B0, 0x0303, 0x1EEF},
    {0x01B0, 0x0309, 0x1EED}, {0x01B0, 0x0323, 0x1EF1}, {0x1EA0, 0x0302, 0x1EAC}, {0x1EA0, 0x0306, 0x1EB6},
    {0x1EA1, 0x0302, 0x1EAD}, {0x1EA1, 0x0306, 0x1EB7}, {0x1EB8, 0x0302, 0x1EC6}, {0x1EB9, 0x0302, 0x1EC7},
    {0x1ECC, 0x0302, 0x1ED8}, {0x1ECD, 0x0302, 0x1ED9},
};

// The precomposed letter of `base` and `mark`, or 0.
char32_t compose_pair(char32_t base, char32_t mark) {
  const Composition key{base, mark, 0};
  const auto* found = std::lower_bound(
      std::begin(k_compositions), std::end(k_compositions), key,
      [](const Composition& a, const Composition& b) { return a.base != b.base ? a.base < b.base : a.mark < b.mark; });
  return found != std::end(k_compositions) && found->base == base && found->mark == mark ? found->composed : 0;
}

}  // namespace

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0U | (code_point >> 6U)));
    out.push_back(static_cast<char>(0x80U | (code_point & 0x3FU)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0U | (code_point >> 12U)));
    out.push_back(static_cast<char>(0x80U | ((code_point >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (code_point & 0x3FU)));
  } else {
    out.push_back(static_cast<char>(0xF0U | (code_point >> 18U)));
    out.push_back(static_cast<char>(0x80U | ((code_point >> 12U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | ((code_point >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (code_point & 0x3FU)));
  }
}

std::string compose_vietnamese(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  char32_t last = 0;        // the last letter written, while a mark may still join it
  std::size_t last_at = 0;  // where it starts in `out`
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const Decoded decoded = decode_utf8(utf8, pos);
    const std::string_view raw = utf8.substr(pos, decoded.length);
    pos += decoded.length;
    if (decoded.valid && is_invisible_format(decoded.code_point)) {
      continue;
    }
    if (decoded.valid && last != 0 && is_combining_mark(decoded.code_point)) {
      char32_t composed = compose_pair(last, decoded.code_point);
      // Marks in typing order ("ê" + dot below, as "Unicode tổ hợp" input
      // writes "ệ"): the tone joins the bare letter, then the first mark.
      if (composed == 0) {
        for (const Composition& entry : k_compositions) {
          if (entry.composed == last) {
            if (const char32_t inner = compose_pair(entry.base, decoded.code_point); inner != 0) {
              composed = compose_pair(inner, entry.mark);
            }
            break;
          }
        }
      }
      if (composed != 0) {
        out.resize(last_at);
        append_utf8(out, composed);
        last = composed;
        continue;
      }
    }
    last = decoded.valid && !is_combining_mark(decoded.code_point) ? decoded.code_point : 0;
    last_at = out.size();
    out.append(raw);
  }
  return out;
}

std::string fold_vietnamese(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const Decoded decoded = decode_utf8(utf8, pos);
    const std::string_view raw = utf8.substr(pos, decoded.length);
    pos += decoded.length;
    if (decoded.valid && is_space(decoded.code_point)) {
      pending_space = !out.empty();
      continue;
    }
    // Decomposed input ("u" + U+0301): the mark carries no letter of its own;
    // a soft hyphen or zero-width space inside a word is no part of it.
    if (decoded.valid && (is_combining_mark(decoded.code_point) || is_invisible_format(decoded.code_point))) {
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    if (!decoded.valid) {
      out.append(raw);
    } else if (decoded.code_point < 0x80) {
      char c = static_cast<char>(decoded.code_point);
      if (c >= 'A' && c <= 'Z') {
        c = static_cast<char>(c - 'A' + 'a');
      }
      out.push_back(c);
    } else if (const char base = vietnamese_base(decoded.code_point); base != '\0') {
      out.push_back(base);
    } else {
      out.append(raw);
    }
  }
  return out;
}

std::size_t display_width(std::string_view utf8) {
  std::size_t width = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const Decoded decoded = decode_utf8(utf8, pos);
    pos += decoded.length;
    if (!decoded.valid) {
      ++width;  // a terminal shows U+FFFD, one column
    } else if (is_zero_width(decoded.code_point)) {
      continue;
    } else {
      width += is_wide(decoded.code_point) ? 2 : 1;
    }
  }
  return width;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) {
    std::swap(a, b);  // keep the row as short as possible
  }
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    // The distance is at least the difference in length: skipping those keeps
    // a megabyte-long word linear instead of quadratic.
    std::size_t length_gap =
        word.size() > candidate.size() ? word.size() - candidate.size() : candidate.size() - word.size();
    if (length_gap >= best_distance) {
      continue;
    }
    std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string counted(std::size_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

std::string grouped_number(long long number) {
  const bool negative = number < 0;
  // Through unsigned, so the most negative value has a magnitude too.
  unsigned long long magnitude =
      negative ? 0ULL - static_cast<unsigned long long>(number) : static_cast<unsigned long long>(number);
  std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += '.';
    }
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

}  // namespace deadlined
