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
    // Decomposed input ("u" + U+0301): the mark carries no letter of its own.
    if (decoded.valid && is_combining_mark(decoded.code_point)) {
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

}  // namespace deadlined
