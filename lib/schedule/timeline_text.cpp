#include "schedule/timeline_detail.hpp"
#include "util/text.hpp"

// The phrase is folded (lower-case ASCII, no diacritics) line by line and cut
// into tokens by hand (no std::regex: this runs ~100k times in a benchmark).

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace deadlined::timeline_detail {

// The value of a number spelled in words, 1 to 99 ("sáu", "mười một", "hai
// mươi lăm"), or nullopt for any other words ("năm sau" is no number).
std::optional<int> spelled_number(const std::vector<std::string_view>& words) {
  const auto digit = [](std::string_view word, bool after_tens) -> int {
    static constexpr std::array<std::pair<std::string_view, int>, 9> k_digits{
        {{"mot", 1}, {"hai", 2}, {"ba", 3}, {"bon", 4}, {"nam", 5}, {"sau", 6}, {"bay", 7}, {"tam", 8}, {"chin", 9}}};
    for (const auto& [name, value] : k_digits) {
      if (word == name) {
        return value;
      }
    }
    // After "mươi": "lăm" / "nhăm" for 5, "tư" for 4.
    if (after_tens && (word == "lam" || word == "nham")) {
      return 5;
    }
    if (after_tens && word == "tu") {
      return 4;
    }
    return 0;
  };
  switch (words.size()) {
    case 1:
      return words[0] == "muoi"           ? 10
             : digit(words[0], false) > 0 ? std::optional<int>(digit(words[0], false))
                                          : std::nullopt;
    case 2:
      if (words[0] == "muoi" && digit(words[1], true) > 0) {
        return 10 + digit(words[1], true);  // "mười một", "mười lăm"
      }
      if (digit(words[0], false) >= 2 && words[1] == "muoi") {
        return 10 * digit(words[0], false);  // "hai mươi"
      }
      return std::nullopt;
    case 3:
      if (digit(words[0], false) >= 2 && words[1] == "muoi" && digit(words[2], true) > 0) {
        return 10 * digit(words[0], false) + digit(words[2], true);  // "hai mươi lăm"
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

namespace {

bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "ngày 06 (sáu)", "ngày 25 (hai mươi lăm) tháng 11 (mười một)": legal texts
// spell a number again in words after it; when the words are that number,
// the parenthesis adds nothing and goes. Any other parenthesis stays.
void drop_spelled_numbers(std::vector<Token>& tokens) {
  std::vector<Token> kept;
  kept.reserve(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    kept.push_back(tokens[i]);
    if (tokens[i].type != TokenType::number || i + 2 >= tokens.size() || tokens[i + 1].type != TokenType::open_paren) {
      continue;
    }
    std::vector<std::string_view> words;
    std::size_t close = i + 2;
    while (close < tokens.size() && tokens[close].type == TokenType::word && words.size() < 4) {
      words.push_back(tokens[close].text);
      ++close;
    }
    if (close < tokens.size() && tokens[close].type == TokenType::close_paren &&
        spelled_number(words) == tokens[i].value) {
      i = close;
    }
  }
  tokens = std::move(kept);
}

// "tháng ba", "tháng tư hằng năm", "tháng mười hai": a month named in
// words, as "tháng 3". Only names that read no other way: not "tháng năm"
// (a year word) nor "tháng sáu" ("tháng sau", the next month, folds alike);
// never before a count's noun ("mỗi tháng hai lần") or a number, and "tư"
// (it folds as "từ") only after a day, "của" or "vào" ("hằng tháng từ ngày
// 1" is a start).
void read_spelled_months(std::vector<Token>& tokens) {
  static constexpr std::string_view k_two_digits = "0102030405060708091011";
  static constexpr std::array<std::pair<std::string_view, int>, 7> k_months{
      {{"mot", 1}, {"hai", 2}, {"ba", 3}, {"bay", 7}, {"tam", 8}, {"chin", 9}, {"tu", 4}}};
  const auto word = [&tokens](std::size_t at, std::string_view text) {
    return at < tokens.size() && tokens[at].type == TokenType::word && tokens[at].text == text;
  };
  const auto counted = [&tokens, &word](std::size_t at) {
    return at < tokens.size() && (tokens[at].type == TokenType::number || word(at, "lan") || word(at, "dot") ||
                                  word(at, "ky") || word(at, "buoi") || word(at, "ngay") || word(at, "tuan"));
  };
  std::vector<Token> out;
  out.reserve(tokens.size());
  for (std::size_t at = 0; at < tokens.size(); ++at) {
    out.push_back(tokens[at]);
    if (!word(at, "thang") || at + 1 >= tokens.size()) {
      continue;
    }
    int month = 0;
    std::size_t used = 1;
    if (word(at + 1, "muoi")) {
      month = word(at + 2, "mot") ? 11 : word(at + 2, "hai") ? 12 : 10;
      used = month == 10 ? 1 : 2;
    } else {
      for (const auto& [name, value] : k_months) {
        if (word(at + 1, name)) {
          month = value;
        }
      }
    }
    const bool after_day_or_of =
        at > 0 && (tokens[at - 1].type == TokenType::number || word(at - 1, "cua") || word(at - 1, "vao"));
    if (month == 0 || counted(at + 1 + used) || (month == 4 && !after_day_or_of)) {
      continue;
    }
    const auto index = static_cast<std::size_t>(month - 1) * 2;
    out.push_back(Token{TokenType::number, k_two_digits.substr(index, 2), month, false});
    at += used;
  }
  tokens = std::move(out);
}

// Ordinal days as tax and accounting laws write them, said the way the
// parser reads days, in passes (each reads what the one before wrote):
//   "tháng đầu tiên của năm (dương lịch) (hoặc năm tài chính)" -> "tháng 1
//     hằng năm";
//   "ngày thứ hai mươi" -> "ngày thứ 20" (a spelled ordinal from 8: "thứ
//     hai" alone is Monday);
//   "ngày thứ 20 (của) tháng 3/2025" -> "ngày 20 tháng 3/2025" (a month by
//     its number), "ngày thứ 30 của quý sau" -> "ngày 30 của tháng đầu quý
//     sau";
//   "ngày 20 tháng 3/2025" -> "ngày 20/3/2025".
void read_ordinal_days(std::vector<Token>& tokens) {
  static constexpr std::string_view k_two_digits =
      "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849505152535455"
      "5657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
  static constexpr std::string_view k_month = "thang";
  static constexpr std::string_view k_first = "dau";
  static constexpr std::string_view k_every = "hang";
  const auto word = [&tokens](std::size_t at, std::string_view text) {
    return at < tokens.size() && tokens[at].type == TokenType::word && tokens[at].text == text;
  };
  const auto number = [&tokens](std::size_t at, int low, int high) {
    return at < tokens.size() && tokens[at].type == TokenType::number && tokens[at].value >= low &&
           tokens[at].value <= high;
  };
  // A number token as the parser reads a day: one or two digits.
  const auto digits = [](int value) {
    return Token{TokenType::number,
                 k_two_digits.substr(static_cast<std::size_t>(value) * 2 + (value < 10 ? 1 : 0), value < 10 ? 1 : 2),
                 value, false};
  };
  std::vector<Token> out;
  const auto next_pass = [&tokens, &out] {
    tokens = std::move(out);
    out.clear();
  };

  for (std::size_t at = 0; at < tokens.size(); ++at) {
    if (word(at, "thang") && word(at + 1, "dau") && word(at + 2, "tien") && word(at + 3, "cua") &&
        word(at + 4, "nam") && !number(at + 5, 1, 9999) && !word(at + 5, "sau") && !word(at + 5, "tiep")) {
      out.push_back(tokens[at]);
      out.push_back(digits(1));
      out.push_back(Token{TokenType::word, k_every, 0, false});
      out.push_back(tokens[at + 4]);
      at += word(at + 5, "duong") && word(at + 6, "lich") ? 6 : 4;
      // "... của năm dương lịch hoặc năm tài chính": either is the year.
      if (word(at + 1, "hoac") && word(at + 2, "nam") &&
          ((word(at + 3, "tai") && word(at + 4, "chinh")) || word(at + 3, "tc"))) {
        at += word(at + 3, "tc") ? 3 : 4;
      }
      continue;
    }
    out.push_back(tokens[at]);
  }
  next_pass();

  for (std::size_t at = 0; at < tokens.size(); ++at) {
    out.push_back(tokens[at]);
    if (!word(at, "ngay") || !word(at + 1, "thu")) {
      continue;
    }
    // The longest run of words (up to three) that spells 8 to 99.
    for (std::size_t length = 3; length >= 1; --length) {
      std::vector<std::string_view> words;
      for (std::size_t k = 0; k < length && at + 2 + k < tokens.size() && tokens[at + 2 + k].type == TokenType::word;
           ++k) {
        words.push_back(tokens[at + 2 + k].text);
      }
      const std::optional<int> value = words.size() == length ? spelled_number(words) : std::nullopt;
      if (value && *value >= 8) {
        out.push_back(tokens[at + 1]);
        out.push_back(digits(*value));
        at += 1 + length;
        break;
      }
    }
  }
  next_pass();

  for (std::size_t at = 0; at < tokens.size(); ++at) {
    if (word(at, "ngay") && (number(at + 1, 1, 31) || (word(at + 1, "thu") && number(at + 2, 8, 31)))) {
      const std::size_t day = word(at + 1, "thu") ? at + 2 : at + 1;
      const std::size_t after = word(day + 1, "cua") ? day + 2 : day + 1;
      if (word(after, "thang") && number(after + 1, 1, 12) && after > at + 2) {
        out.push_back(tokens[at]);
        out.push_back(tokens[day]);
        at = after - 1;
        continue;
      }
      if (after == day + 2 && word(after, "quy") && !number(after + 1, 1, 4)) {
        out.push_back(tokens[at]);
        out.push_back(tokens[day]);
        out.push_back(tokens[day + 1]);
        out.push_back(Token{TokenType::word, k_month, 0, false});
        out.push_back(Token{TokenType::word, k_first, 0, false});
        at = after - 1;
        continue;
      }
    }
    out.push_back(tokens[at]);
  }
  next_pass();

  for (std::size_t at = 0; at < tokens.size(); ++at) {
    if (word(at, "ngay") && number(at + 1, 1, 31) && word(at + 2, "thang") && number(at + 3, 1, 12) &&
        at + 5 < tokens.size() && tokens[at + 4].type == TokenType::slash && number(at + 5, 1000, 9999)) {
      for (const std::size_t k : {at, at + 1, at + 4, at + 3, at + 4, at + 5}) {
        out.push_back(tokens[k]);
      }
      at += 5;
      continue;
    }
    out.push_back(tokens[at]);
  }
  next_pass();
}

}  // namespace

// Folding makes "quý" (quarter) and the "quy" of "quy định" (rule),
// "quy trình", "quy chế", "quy hoạch" one word; so does the honorific "Quý
// cơ quan". Before such a word "quy" is no quarter: it becomes an unknown
// token, so that no form reads it ("Tháng 6/2026, theo quy định" is not
// "theo quý") and a note keeps it.
void mark_words_that_are_not_quarters(std::vector<Token>& tokens) {
  static constexpr std::array<std::string_view, 20> k_compounds{
      "dinh", "trinh", "che",   "hoach", "mo",    "pham", "tac", "uoc",  "doi", "chuan",
      "luat", "cach",  "trach", "ket",   "khach", "bau",  "vi",  "hiem", "toc", "nap"};
  for (std::size_t at = 0; at + 1 < tokens.size(); ++at) {
    if (tokens[at].type == TokenType::word && tokens[at].text == "quy" && tokens[at + 1].type == TokenType::word &&
        std::find(k_compounds.begin(), k_compounds.end(), tokens[at + 1].text) != k_compounds.end()) {
      tokens[at].type = TokenType::other;
    }
  }
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(16);
  bool line_start = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == ' ') {
      ++pos;
      continue;
    }
    if (c == '\n') {
      line_start = true;
      ++pos;
      continue;
    }
    Token token;
    token.line_start = line_start;
    line_start = false;
    const std::size_t start = pos;
    if (is_lower(c)) {
      while (pos < text.size() && is_lower(text[pos])) {
        ++pos;
      }
      token.type = TokenType::word;
    } else if (is_digit(c)) {
      int value = 0;
      while (pos < text.size() && is_digit(text[pos])) {
        value = std::min(k_number_cap, value * 10 + (text[pos] - '0'));
        ++pos;
      }
      token.type = TokenType::number;
      token.value = value;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      // A non-ASCII character left by folding: a few dashes and bullets are
      // understood, anything else is an unknown token (and an error).
      ++pos;
      while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0U) == 0x80U) {
        ++pos;
      }
      const std::string_view symbol = text.substr(start, pos - start);
      if (symbol == "\u2018" || symbol == "\u2019" || symbol == "\u201C" || symbol == "\u201D") {
        line_start = token.line_start;  // curly quotes ("8h30’", “Tháng hành động”) say nothing of time
        continue;
      }
      if (symbol == "\u2013" || symbol == "\u2014" || symbol == "\u2212") {
        token.type = TokenType::dash;
      } else if (symbol == "\u2026") {
        token.type = TokenType::dot;  // "…", one character for "..."
      } else if (symbol == "\u2022" || symbol == "\u25CF" || symbol == "\u00B7") {
        token.type = TokenType::bullet;
      } else {
        token.type = TokenType::other;
      }
    } else {
      ++pos;
      switch (c) {
        case '/':
          token.type = TokenType::slash;
          break;
        case ',':
          token.type = TokenType::comma;
          break;
        case ';':
          token.type = TokenType::semicolon;
          break;
        case '-':
          token.type = TokenType::dash;
          break;
        case '+':
        case '*':
          token.type = TokenType::bullet;
          break;
        case '.':
          token.type = TokenType::dot;
          break;
        case ':':
          token.type = TokenType::colon;
          break;
        case '(':
        case '[':
          token.type = TokenType::open_paren;
          break;
        case ')':
        case ']':
          token.type = TokenType::close_paren;
          break;
        default:
          token.type = TokenType::other;
          break;
      }
    }
    token.text = text.substr(start, pos - start);
    if (token.type == TokenType::word && token.text == "qui") {
      token.text = "quy";  // "Quí", the older spelling of "Quý"
    }
    if (token.type == TokenType::word && token.text == "q" && pos < text.size() && is_digit(text[pos])) {
      token.text = "quy";  // "Q1/2026", "Q4.2026": the abbreviation of "Quý"
    }
    if (token.type == TokenType::word && token.text == "t" && pos < text.size() && is_digit(text[pos])) {
      // "T6/2026", "T12/2026": "Tháng", only before a month and its year
      // (elsewhere "T2" is "thứ Hai").
      std::size_t end = pos;
      while (end < text.size() && is_digit(text[end])) {
        ++end;
      }
      if (end - pos <= 2 && end < text.size() && text[end] == '/') {
        token.text = "thang";
      }
    }
    tokens.push_back(token);
  }
  drop_spelled_numbers(tokens);
  read_spelled_months(tokens);
  read_ordinal_days(tokens);
  mark_words_that_are_not_quarters(tokens);
  return tokens;
}

std::string fold_lines(std::string_view phrase) {
  if (phrase.find_first_of("\r\n") == std::string_view::npos) {
    return fold_vietnamese(phrase);
  }
  std::string folded;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= phrase.size(); ++i) {
    if (i == phrase.size() || phrase[i] == '\n' || phrase[i] == '\r') {
      const std::string line = fold_vietnamese(phrase.substr(start, i - start));
      if (!line.empty()) {
        if (!folded.empty()) {
          folded.push_back('\n');
        }
        folded += line;
      }
      start = i + 1;
    }
  }
  return folded;
}

std::string one_line(std::string_view phrase) {
  std::string out;
  out.reserve(phrase.size());
  for (char c : phrase) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') {
        out.push_back(' ');
      }
    } else if (c == ' ' && !out.empty() && out.back() == ' ') {
      continue;
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  const std::size_t first = out.find_first_not_of(' ');
  return first == std::string::npos ? std::string{} : out.substr(first);
}

// For each byte of `folded` (fold_lines(phrase)), the offset in `phrase` of
// the character it came from, and phrase.size() at the end; empty when the
// two cannot be matched (a phrase fold_vietnamese reads another way), and
// then notes are given folded.
std::vector<std::size_t> fold_origins(std::string_view phrase, std::string_view folded) {
  std::vector<std::size_t> origins;
  if (phrase.size() > 65536) {
    return origins;  // notes of such a text are not worth the work
  }
  origins.reserve(folded.size() + 1);
  std::size_t at = 0;   // in folded
  std::size_t pos = 0;  // in phrase
  while (pos < phrase.size()) {
    const auto lead = static_cast<unsigned char>(phrase[pos]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xe  ? 3
                         : (lead >> 3) == 0x1e ? 4
                                               : 1;
    length = std::min(length, phrase.size() - pos);
    const std::string piece = fold_vietnamese(phrase.substr(pos, length));
    if (!piece.empty()) {
      // The separators fold_lines put before it (one space, or a line break).
      while (at < folded.size() && (folded[at] == ' ' || folded[at] == '\n')) {
        origins.push_back(pos);
        ++at;
      }
      if (folded.compare(at, piece.size(), piece) != 0) {
        return {};
      }
      origins.insert(origins.end(), piece.size(), pos);
      at += piece.size();
    }
    pos += length;
  }
  if (at != folded.size()) {
    return {};
  }
  origins.push_back(phrase.size());
  return origins;
}

namespace {

// A word of the phrase as written, its first letter lower-cased (the
// number words all begin with an ASCII letter).
std::string lowered(std::string_view word) {
  std::string text(word);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

// The folded spelling of a number word written with its diacritics, or "".
std::string_view number_word(std::string_view word) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> k_words{{{"một", "mot"},
                                                                                          {"hai", "hai"},
                                                                                          {"ba", "ba"},
                                                                                          {"bốn", "bon"},
                                                                                          {"tư", "tu"},
                                                                                          {"năm", "nam"},
                                                                                          {"lăm", "lam"},
                                                                                          {"nhăm", "nham"},
                                                                                          {"sáu", "sau"},
                                                                                          {"bảy", "bay"},
                                                                                          {"tám", "tam"},
                                                                                          {"chín", "chin"},
                                                                                          {"mười", "muoi"},
                                                                                          {"mươi", "muoi"},
                                                                                          {"mốt", "mot"}}};
  for (const auto& [written, folded] : k_words) {
    if (word == written) {
      return folded;
    }
  }
  return {};
}

}  // namespace

std::string spelled_counts_as_digits(std::string_view phrase) {
  // The words, each with the text before it (spaces, or nothing).
  std::vector<std::pair<std::size_t, std::size_t>> words;  // [start, end) in phrase
  for (std::size_t at = 0; at < phrase.size();) {
    while (at < phrase.size() && (phrase[at] == ' ' || phrase[at] == '\t')) {
      ++at;
    }
    const std::size_t start = at;
    while (at < phrase.size() && phrase[at] != ' ' && phrase[at] != '\t') {
      ++at;
    }
    if (at > start) {
      words.emplace_back(start, at);
    }
  }
  const auto word = [&](std::size_t i) {
    return lowered(phrase.substr(words[i].first, words[i].second - words[i].first));
  };
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (number_word(word(i)).empty() || (i > 0 && !number_word(word(i - 1)).empty())) {
      continue;
    }
    static constexpr std::array<std::string_view, 10> k_names_before{"tháng", "ngày", "thứ",  "tuần", "lần",
                                                                     "số",    "mùng", "mồng", "kỳ",   "khóa"};
    if (i > 0 && std::find(k_names_before.begin(), k_names_before.end(), word(i - 1)) != k_names_before.end()) {
      continue;
    }
    for (std::size_t length = 3; length >= 1; --length) {
      if (i + length >= words.size()) {
        continue;
      }
      std::vector<std::string> folded;
      for (std::size_t k = i; k < i + length; ++k) {
        folded.emplace_back(number_word(word(k)));
      }
      const std::vector<std::string_view> views(folded.begin(), folded.end());
      const std::optional<int> value = spelled_number(views);
      const std::string unit = word(i + length);
      const bool five_alone = length == 1 && folded[0] == "nam";
      if (!value || (unit != "ngày" && unit != "tuần" && unit != "tháng" && unit != "năm") ||
          (five_alone && (unit == "tháng" || unit == "năm"))) {
        continue;
      }
      out.append(phrase.substr(copied, words[i].first - copied));
      out += std::to_string(*value);
      copied = words[i + length - 1].second;
      break;
    }
  }
  out.append(phrase.substr(copied));
  return out;
}

}  // namespace deadlined::timeline_detail
