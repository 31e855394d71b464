#include "schedule/timeline.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>

// The phrase is folded (lower-case ASCII, no diacritics) line by line, cut
// into tokens by hand (no std::regex: this runs ~100k times in a benchmark)
// and read by a small recursive-descent parser. Every form is matched
// completely; anything left over makes the whole phrase an error, so a
// misread never becomes a silent, wrong due date.

namespace deadlined {

std::string_view to_string(TimelineKind kind) {
  switch (kind) {
  case TimelineKind::dated:
    return "dated";
  case TimelineKind::ongoing:
    return "ongoing";
  case TimelineKind::on_demand:
    return "on_demand";
  }
  return "?";
}

std::string_view to_string(PeriodKind kind) {
  switch (kind) {
  case PeriodKind::day:
    return "day";
  case PeriodKind::month:
    return "month";
  case PeriodKind::quarter:
    return "quarter";
  case PeriodKind::half:
    return "half";
  case PeriodKind::year:
    return "year";
  case PeriodKind::window:
    return "window";
  }
  return "?";
}

std::string_view understood_timeline_forms() {
  return "Quý I/2022 | Quý IV | quý 3 năm 2022 | Quý II, III | Quý II-III | Quý I và Quý III"
         " | Tháng 01/2022 | tháng 1 năm 2022 | Năm 2022 | Trong năm 2022 | Cuối năm 2022"
         " | 6 tháng đầu năm | 6 tháng cuối năm 2022 | 6 tháng đầu năm và cuối năm 2022"
         " | Trước ngày 15/8/2022 | Trước 31/12/2021 | trước ngày 20 tháng 01 năm 2022"
         " | chậm nhất (vào) ngày 20/01/2022 | Ngày 15/3/2022 | 15/3/2022"
         " | Hằng năm | Hằng quý | Hằng tháng | Thường xuyên (trong năm 2022)"
         " | Khi có yêu cầu ... | Theo yêu cầu ... | Theo Kế hoạch ... | Khi cần thiết | Đột xuất"
         " | Khi có thay đổi, thực hiện theo Quý (tháng, năm)"
         " | Báo cáo Quý I/2022; Báo cáo 6 tháng; Báo cáo Năm 2022 (items separated by ; or new "
         "lines)";
}

namespace {

constexpr int k_min_year = 1900;
constexpr int k_max_year = 2999;
constexpr int k_number_cap = 100000; // numbers are saturated here; no form needs more

enum class TokenType { word, number, slash, comma, semicolon, dash, bullet, dot, colon, other };

struct Token {
  TokenType type = TokenType::other;
  std::string_view text;
  int value = 0;           // numbers only
  bool line_start = false; // first token of a later line: may separate items
};

bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
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
      if (symbol == "\u2013" || symbol == "\u2014" || symbol == "\u2212") {
        token.type = TokenType::dash;
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
      default:
        token.type = TokenType::other;
        break;
      }
    }
    token.text = text.substr(start, pos - start);
    tokens.push_back(token);
  }
  return tokens;
}

// ---- occurrences and labels ------------------------------------------------

std::string two_digits(unsigned value) {
  std::string out;
  out.push_back(static_cast<char>('0' + (value / 10) % 10));
  out.push_back(static_cast<char>('0' + value % 10));
  return out;
}

std::string_view roman(unsigned quarter) {
  static constexpr std::array<std::string_view, 5> k_roman{"?", "I", "II", "III", "IV"};
  return quarter < k_roman.size() ? k_roman[quarter] : "?";
}

enum class Unit { month, quarter };

constexpr std::string_view unit_word(Unit unit) {
  return unit == Unit::month ? "thang" : "quy";
}
constexpr unsigned months_in(Unit unit) {
  return unit == Unit::month ? 1 : 3;
}
constexpr unsigned units_per_year(Unit unit) {
  return unit == Unit::month ? 12 : 4;
}

// A month or quarter counted from year 0, so consecutive units across a year
// boundary differ by one.
int absolute_unit(Unit unit, int year, unsigned number) {
  return year * static_cast<int>(units_per_year(unit)) + static_cast<int>(number) - 1;
}

int year_of_unit(Unit unit, int absolute) {
  return absolute / static_cast<int>(units_per_year(unit));
}
unsigned number_of_unit(Unit unit, int absolute) {
  return static_cast<unsigned>(absolute % static_cast<int>(units_per_year(unit))) + 1;
}

std::string unit_label(Unit unit, int year, unsigned number) {
  std::string label =
      unit == Unit::month ? "Tháng " + two_digits(number) : "Quý " + std::string(roman(number));
  return label + "/" + std::to_string(year);
}

Date unit_start(Unit unit, int year, unsigned number) {
  return make_date(year, (number - 1) * months_in(unit) + 1, 1);
}

Date unit_end(Unit unit, int year, unsigned number) {
  return last_day_of_month(year, number * months_in(unit));
}

Occurrence unit_occurrence(Unit unit, int year, unsigned number) {
  Occurrence occurrence;
  occurrence.label = unit_label(unit, year, number);
  occurrence.period_start = unit_start(unit, year, number);
  occurrence.nominal_due = unit_end(unit, year, number);
  occurrence.period = unit == Unit::month ? PeriodKind::month : PeriodKind::quarter;
  return occurrence;
}

// Consecutive units from first to last (absolute), as one window.
Occurrence window_occurrence(Unit unit, int first, int last) {
  const int first_year = year_of_unit(unit, first);
  const int last_year = year_of_unit(unit, last);
  const unsigned first_number = number_of_unit(unit, first);
  const unsigned last_number = number_of_unit(unit, last);
  Occurrence occurrence;
  if (first_year == last_year) {
    occurrence.label =
        unit == Unit::month
            ? "Tháng " + two_digits(first_number) + "-" + two_digits(last_number)
            : "Quý " + std::string(roman(first_number)) + "-" + std::string(roman(last_number));
    occurrence.label += "/" + std::to_string(first_year);
  } else {
    occurrence.label =
        unit_label(unit, first_year, first_number) + "-" + unit_label(unit, last_year, last_number);
  }
  occurrence.period_start = unit_start(unit, first_year, first_number);
  occurrence.nominal_due = unit_end(unit, last_year, last_number);
  occurrence.period = PeriodKind::window;
  return occurrence;
}

Occurrence year_occurrence(int year) {
  Occurrence occurrence;
  occurrence.label = "Năm " + std::to_string(year);
  occurrence.period_start = make_date(year, 1, 1);
  occurrence.nominal_due = make_date(year, 12, 31);
  occurrence.period = PeriodKind::year;
  return occurrence;
}

Occurrence half_occurrence(int year, unsigned half) {
  Occurrence occurrence;
  occurrence.label =
      std::string(half == 1 ? "6 tháng đầu năm " : "6 tháng cuối năm ") + std::to_string(year);
  occurrence.period_start = make_date(year, half == 1 ? 1 : 7, 1);
  occurrence.nominal_due = half == 1 ? make_date(year, 6, 30) : make_date(year, 12, 31);
  occurrence.period = PeriodKind::half;
  return occurrence;
}

Occurrence day_occurrence(Date date, DueAnchor anchor) {
  Occurrence occurrence;
  occurrence.label = two_digits(day_of(date)) + "/" + two_digits(month_of(date)) + "/" +
                     std::to_string(year_of(date));
  occurrence.period_start = date;
  occurrence.nominal_due = date;
  occurrence.anchor = anchor;
  occurrence.period = PeriodKind::day;
  return occurrence;
}

// Years missing inside one compound form ("Quý I và Quý III/2022", "6 tháng
// đầu năm và cuối năm 2022") come from the nearest year written after them,
// then from the default year.
template <typename Element>
void resolve_years_backwards(std::vector<Element>& elements, int default_year) {
  std::optional<int> carried;
  for (auto it = elements.rbegin(); it != elements.rend(); ++it) {
    if (it->year) {
      carried = it->year;
    } else {
      it->year = carried.value_or(default_year);
    }
  }
}

// ---- parser ----------------------------------------------------------------

class PhraseParser {
public:
  PhraseParser(const std::vector<Token>& tokens, int default_year)
      : m_tokens(tokens), m_default_year(default_year) {}

  std::optional<Timeline> parse() {
    m_bulleted = skip_bullets();
    if (at_end()) {
      return std::nullopt;
    }
    Timeline timeline;
    if (const auto whole = parse_whole_phrase_form(timeline)) {
      return *whole ? std::optional<Timeline>(std::move(timeline)) : std::nullopt;
    }
    if (!parse_item_list(timeline.occurrences)) {
      return std::nullopt;
    }
    return timeline;
  }

private:
  struct UnitElement {
    unsigned number = 0;
    std::optional<int> year;
    bool range_to_next = false; // "II-III", "II đến III"
  };

  struct HalfElement {
    unsigned half = 0; // 1 = first six months, 2 = last six months
    std::optional<int> year;
  };

  // -- token access --

  const Token* peek(std::size_t ahead = 0) const {
    return m_pos + ahead < m_tokens.size() ? &m_tokens[m_pos + ahead] : nullptr;
  }

  bool at_end() const { return m_pos >= m_tokens.size(); }

  bool peek_type(TokenType type, std::size_t ahead = 0) const {
    const Token* token = peek(ahead);
    return token != nullptr && token->type == type;
  }

  bool peek_word(std::string_view word, std::size_t ahead = 0) const {
    const Token* token = peek(ahead);
    return token != nullptr && token->type == TokenType::word && token->text == word;
  }

  bool accept(TokenType type) {
    if (peek_type(type)) {
      ++m_pos;
      return true;
    }
    return false;
  }

  bool accept_word(std::string_view word) {
    if (peek_word(word)) {
      ++m_pos;
      return true;
    }
    return false;
  }

  // All the words in order, or nothing consumed.
  bool accept_words(std::initializer_list<std::string_view> words) {
    std::size_t ahead = 0;
    for (std::string_view word : words) {
      if (!peek_word(word, ahead)) {
        return false;
      }
      ++ahead;
    }
    m_pos += ahead;
    return true;
  }

  // Like accept_words, with the words written as one space-separated string.
  bool accept_phrase(std::string_view words) {
    std::size_t ahead = 0;
    while (!words.empty()) {
      const std::size_t space = words.find(' ');
      if (!peek_word(words.substr(0, space), ahead)) {
        return false;
      }
      ++ahead;
      words = space == std::string_view::npos ? std::string_view{} : words.substr(space + 1);
    }
    m_pos += ahead;
    return true;
  }

  bool skip_bullets() {
    bool skipped = false;
    while (peek_type(TokenType::dash) || peek_type(TokenType::bullet)) {
      ++m_pos;
      skipped = true;
    }
    return skipped;
  }

  // True (and consumed) when only trailing punctuation remains.
  bool at_end_after_punctuation() {
    std::size_t ahead = 0;
    while (peek_type(TokenType::dot, ahead) || peek_type(TokenType::semicolon, ahead) ||
           peek_type(TokenType::comma, ahead) || peek_type(TokenType::colon, ahead)) {
      ++ahead;
    }
    if (m_pos + ahead < m_tokens.size()) {
      return false;
    }
    m_pos = m_tokens.size();
    return true;
  }

  // -- numbers --

  static bool is_year_token(const Token* token) {
    return token != nullptr && token->type == TokenType::number && token->text.size() == 4 &&
           token->value >= k_min_year && token->value <= k_max_year;
  }

  std::optional<int> accept_year() {
    if (is_year_token(peek())) {
      return m_tokens[m_pos++].value;
    }
    return std::nullopt;
  }

  // A day or month number: one or two digits within [1, max].
  std::optional<unsigned> accept_small_number(int max) {
    const Token* token = peek();
    if (token == nullptr || token->type != TokenType::number || token->text.size() > 2 ||
        token->value < 1 || token->value > max) {
      return std::nullopt;
    }
    ++m_pos;
    return static_cast<unsigned>(token->value);
  }

  std::optional<unsigned> accept_unit_number(Unit unit) {
    if (unit == Unit::month) {
      return accept_small_number(12);
    }
    const Token* token = peek();
    if (token != nullptr && token->type == TokenType::word) {
      static constexpr std::array<std::string_view, 4> k_numerals{"i", "ii", "iii", "iv"};
      for (unsigned i = 0; i < k_numerals.size(); ++i) {
        if (token->text == k_numerals[i]) {
          ++m_pos;
          return i + 1;
        }
      }
      return std::nullopt;
    }
    return accept_small_number(4);
  }

  // "/2022", "năm 2022", "-2022", or "trong năm 2022". nullopt with
  // failed == false: no suffix; failed == true: a suffix that is not a year.
  std::optional<int> accept_year_suffix(bool& failed) {
    failed = false;
    const std::size_t start = m_pos;
    if (accept(TokenType::slash)) {
      if (auto year = accept_year()) {
        return year;
      }
      failed = true;
      return std::nullopt;
    }
    if (peek_type(TokenType::dash) && is_year_token(peek(1))) {
      ++m_pos;
      return accept_year();
    }
    accept_word("trong");
    if (accept_word("nam")) {
      if (auto year = accept_year()) {
        return year;
      }
      failed = true;
      return std::nullopt;
    }
    m_pos = start;
    return std::nullopt;
  }

  // -- whole-phrase forms: ongoing, on demand, conditional --

  // nullopt: not such a form; true: parsed; false: such a form, but malformed.
  std::optional<bool> parse_whole_phrase_form(Timeline& timeline) {
    if (accept_words({"khi", "co", "thay", "doi"})) {
      accept(TokenType::comma);
      accept_word("thi");
      if (accept_words({"thuc", "hien", "theo"})) {
        timeline.kind = TimelineKind::dated;
        timeline.conditional = true;
        return parse_recurring_unit(timeline.occurrences) && at_end_after_punctuation();
      }
      // "Khi có thay đổi ..." without a cadence: an event triggers it.
      timeline.kind = TimelineKind::on_demand;
      m_pos = m_tokens.size();
      return true;
    }
    static constexpr std::array<std::string_view, 9> k_on_demand_openings{
        "khi co yeu cau", "theo yeu cau", "theo ke hoach", "khi can thiet",    "dot xuat",
        "khi co chi dao", "theo chi dao", "khi phat sinh", "khi co phat sinh",
    };
    for (std::string_view opening : k_on_demand_openings) {
      if (accept_phrase(opening)) {
        // The rest names who asks or whose plan; it carries no date.
        timeline.kind = TimelineKind::on_demand;
        m_pos = m_tokens.size();
        return true;
      }
    }
    // "Thường xuân" is a typo of "Thường xuyên" found in the seed plan.
    if (accept_words({"thuong", "xuyen"}) || accept_words({"thuong", "xuan"})) {
      timeline.kind = TimelineKind::ongoing;
      accept(TokenType::comma);
      accept_words({"lien", "tuc"});
      if (accept_word("trong")) {
        if (!accept_word("nam")) {
          return false;
        }
        if (!at_end_after_punctuation() && !accept_year()) {
          return false;
        }
      } else if (accept_word("nam")) {
        if (!accept_year()) {
          return false;
        }
      }
      return at_end_after_punctuation();
    }
    return std::nullopt;
  }

  // "quý" / "tháng" / "năm" after "hằng" or "theo": every such period of the year.
  bool parse_recurring_unit(std::vector<Occurrence>& out) {
    enum class Cadence { year, quarter, month };
    Cadence cadence{};
    if (accept_word("quy")) {
      cadence = Cadence::quarter;
    } else if (accept_word("thang")) {
      cadence = Cadence::month;
    } else if (accept_word("nam")) {
      cadence = Cadence::year;
    } else {
      return false;
    }
    bool failed = false;
    std::optional<int> year = cadence == Cadence::year ? accept_year() : std::nullopt;
    if (!year) {
      year = accept_year_suffix(failed);
    }
    if (failed) {
      return false;
    }
    const int resolved = year.value_or(m_default_year);
    switch (cadence) {
    case Cadence::year:
      out.push_back(year_occurrence(resolved));
      break;
    case Cadence::quarter:
      for (unsigned quarter = 1; quarter <= 4; ++quarter) {
        out.push_back(unit_occurrence(Unit::quarter, resolved, quarter));
      }
      break;
    case Cadence::month:
      for (unsigned month = 1; month <= 12; ++month) {
        out.push_back(unit_occurrence(Unit::month, resolved, month));
      }
      break;
    }
    return true;
  }

  // -- lists of dated items --

  bool parse_item_list(std::vector<Occurrence>& out) {
    bool report = false;
    if (!parse_item(out, false, report)) {
      return false;
    }
    while (!at_end_after_punctuation()) {
      // Items are separated by ';' (also ',', '.', "và"), by a new line, or,
      // in a bulleted list, by the next bullet.
      bool separated = peek()->line_start;
      bool dangling = false;   // a "và" or bullet needs an item after it
      bool strong = separated; // ';', '.', a bullet or a new line ends a "Báo cáo ..." list
      while (const Token* token = peek()) {
        const bool bullet = token->type == TokenType::bullet || token->type == TokenType::dash;
        if (token->type == TokenType::comma) {
          separated = true;
        } else if (token->type == TokenType::semicolon || token->type == TokenType::dot) {
          separated = true;
          strong = true;
        } else if (token->type == TokenType::word && token->text == "va") {
          separated = true;
          dangling = true;
        } else if (bullet && (m_bulleted || token->line_start)) {
          separated = true;
          dangling = true;
          strong = true;
        } else {
          break;
        }
        strong = strong || token->line_start;
        ++m_pos;
      }
      if (!separated || (at_end() && dangling)) {
        return false;
      }
      if (at_end()) {
        break;
      }
      // "Báo cáo quý I, II, III và năm 2022": the report word carries over
      // items joined by ',' or "và".
      if (!parse_item(out, report && !strong, report)) {
        return false;
      }
    }
    return !out.empty();
  }

  // inherited_report: the item continues a "Báo cáo ..." list. report is set
  // to whether this item is a report.
  bool parse_item(std::vector<Occurrence>& out, bool inherited_report, bool& report) {
    report = accept_words({"bao", "cao"}) || inherited_report;
    if (report) {
      accept_words({"dinh", "ky"});
    }
    const std::size_t first = out.size();
    if (!parse_dated(out, report)) {
      return false;
    }
    if (report) {
      for (std::size_t i = first; i < out.size(); ++i) {
        out[i].label = "Báo cáo " + out[i].label;
        // An explicit date stays as written; only a period of a report series
        // may take the per-tier report day.
        out[i].report = out[i].anchor == DueAnchor::period_end && out[i].period != PeriodKind::day;
      }
    }
    return true;
  }

  bool parse_dated(std::vector<Occurrence>& out, bool report) {
    const Token* token = peek();
    if (token == nullptr) {
      return false;
    }
    if (token->type == TokenType::number) {
      if (token->value == 6 && peek_word("thang", 1) &&
          (peek_word("dau", 2) || peek_word("cuoi", 2) || report)) {
        return parse_half_list(out, report);
      }
      return parse_date_item(out, DueAnchor::period_end);
    }
    if (token->type != TokenType::word) {
      return false;
    }
    if (accept_words({"dinh", "ky"})) {
      return accept_word("hang") && parse_recurring_unit(out);
    }
    if (accept_word("hang")) {
      return parse_recurring_unit(out);
    }
    if (accept_word("tu")) {
      // "Từ quý II đến quý III": only a range of months or quarters.
      if (accept_word("quy")) {
        return parse_unit_list(Unit::quarter, out, report);
      }
      return accept_word("thang") && parse_unit_list(Unit::month, out, report);
    }
    if (accept_word("trong") || accept_word("cuoi")) {
      // "Trong/Cuối năm [2022]", "Trong quý I", "Cuối tháng 12/2022".
      if (accept_word("nam")) {
        out.push_back(year_occurrence(accept_year().value_or(m_default_year)));
        return true;
      }
      if (peek_type(TokenType::number) && peek_word("thang", 1)) {
        return parse_half_list(out, report);
      }
      return parse_period_word(out, report);
    }
    if (accept_word("nam")) {
      // "Năm 2022"; a bare "năm" only as "Báo cáo năm".
      const std::optional<int> year = accept_year();
      if (!year && !report) {
        return false;
      }
      out.push_back(year_occurrence(year.value_or(m_default_year)));
      return true;
    }
    if (accept_word("truoc")) {
      accept_word("ngay");
      return parse_date_item(out, DueAnchor::before_date);
    }
    if (accept_words({"cham", "nhat"})) {
      accept_word("la");
      accept_word("vao");
      accept_word("ngay");
      return parse_date_item(out, DueAnchor::period_end);
    }
    if (accept_word("ngay")) {
      return parse_date_item(out, DueAnchor::period_end);
    }
    return parse_period_word(out, report);
  }

  bool parse_period_word(std::vector<Occurrence>& out, bool report) {
    if (accept_word("quy")) {
      return parse_unit_list(Unit::quarter, out, report);
    }
    if (accept_word("thang")) {
      return parse_unit_list(Unit::month, out, report);
    }
    return false;
  }

  // "I/2022", "II, III", "II-III", "I và quý III/2022", "3 năm 2022", after
  // "quý" or "tháng". Decision: consecutive units form ONE window occurrence
  // (the task spans them: "Quý II, III" runs from 01/04 to 30/09), whatever
  // the separator; non-adjacent units ("Quý I và Quý III") give one occurrence
  // each. A report lists separate reports, so its units are never merged.
  bool parse_unit_list(Unit unit, std::vector<Occurrence>& out, bool report) {
    std::vector<UnitElement> elements;
    while (true) {
      UnitElement element;
      const std::optional<unsigned> number = accept_unit_number(unit);
      if (!number) {
        return false;
      }
      element.number = *number;
      bool failed = false;
      element.year = accept_year_suffix(failed);
      if (failed) {
        return false;
      }
      elements.push_back(element);
      // A separator only counts when another unit number follows it.
      const std::size_t before_separator = m_pos;
      bool range = false;
      if (accept(TokenType::comma)) {
        accept_word("va");
      } else if (!accept_word("va")) {
        // A dash opening a new line, or a dash before "quý"/"tháng" in a
        // bulleted phrase, is the next bullet, not a range.
        const Token* dash = peek();
        const bool bullet = dash != nullptr && dash->type == TokenType::dash &&
                            (dash->line_start || (m_bulleted && peek_word(unit_word(unit), 1)));
        range = !bullet && (accept(TokenType::dash) || accept_word("den") || accept_word("toi"));
        if (!range) {
          break;
        }
      }
      accept_word(unit_word(unit));
      const std::size_t before_number = m_pos;
      if (!accept_unit_number(unit)) {
        m_pos = before_separator;
        break;
      }
      m_pos = before_number;
      elements.back().range_to_next = range;
    }
    resolve_years_backwards(elements, m_default_year);

    std::vector<int> units;
    for (std::size_t i = 0; i < elements.size(); ++i) {
      const int absolute = absolute_unit(unit, *elements[i].year, elements[i].number);
      if (!units.empty() && absolute <= units.back()) {
        return false; // out of order or repeated: not something to guess about
      }
      if (i > 0 && elements[i - 1].range_to_next) {
        for (int between = units.back() + 1; between < absolute; ++between) {
          units.push_back(between);
        }
      }
      units.push_back(absolute);
    }
    std::size_t run_start = 0;
    for (std::size_t i = 1; i <= units.size(); ++i) {
      const bool run_ends = i == units.size() || units[i] != units[i - 1] + 1 || report;
      if (!run_ends) {
        continue;
      }
      if (i - run_start == 1) {
        const int absolute = units[run_start];
        out.push_back(
            unit_occurrence(unit, year_of_unit(unit, absolute), number_of_unit(unit, absolute)));
      } else {
        out.push_back(window_occurrence(unit, units[run_start], units[i - 1]));
      }
      run_start = i;
    }
    return true;
  }

  // "6 tháng đầu năm [2022]", "6 tháng cuối năm 2022", "6 tháng đầu năm và
  // (6 tháng) cuối năm 2022": one occurrence per half. In a report, a bare
  // "6 tháng" is the mid-year report (first half).
  bool parse_half_list(std::vector<Occurrence>& out, bool report) {
    std::vector<HalfElement> elements;
    bool first = true;
    while (true) {
      const bool has_count =
          peek_type(TokenType::number) && peek()->value == 6 && peek_word("thang", 1);
      if (has_count) {
        m_pos += 2;
      } else if (first) {
        return false;
      }
      HalfElement element;
      if (accept_word("dau")) {
        element.half = 1;
      } else if (accept_word("cuoi")) {
        element.half = 2;
      } else if (report && has_count && first) {
        element.half = 1;
      } else {
        return false;
      }
      if (accept_word("nam")) {
        element.year = accept_year();
      } else if (accept(TokenType::slash)) {
        element.year = accept_year();
        if (!element.year) {
          return false;
        }
      } else {
        element.year = accept_year(); // "Báo cáo 6 tháng 2022"
      }
      elements.push_back(element);
      first = false;
      const std::size_t before_separator = m_pos;
      if (!accept_word("va") && !accept(TokenType::comma)) {
        break;
      }
      if (!(peek_type(TokenType::number) && peek_word("thang", 1)) && !peek_word("dau") &&
          !peek_word("cuoi")) {
        m_pos = before_separator;
        break;
      }
    }
    resolve_years_backwards(elements, m_default_year);
    int previous = -1;
    for (const HalfElement& element : elements) {
      const int absolute = *element.year * 2 + static_cast<int>(element.half) - 1;
      if (absolute <= previous) {
        return false;
      }
      previous = absolute;
      out.push_back(half_occurrence(*element.year, element.half));
    }
    return true;
  }

  struct DateElement {
    unsigned day = 0;
    unsigned month = 0;
    std::optional<int> year;
  };

  // "15/8/2022", "15-8-2022", "15.8.2022", "15/8" (year filled in later),
  // "20 tháng 01 năm 2022".
  bool parse_one_date(DateElement& element) {
    const std::optional<unsigned> day = accept_small_number(31);
    const Token* separator = peek();
    if (!day || separator == nullptr) {
      return false;
    }
    element.day = *day;
    std::optional<unsigned> month;
    if (separator->type == TokenType::slash || separator->type == TokenType::dash ||
        separator->type == TokenType::dot) {
      const TokenType separator_type = separator->type;
      ++m_pos;
      month = accept_small_number(12);
      if (month && peek_type(separator_type) && peek_type(TokenType::number, 1)) {
        ++m_pos;
        element.year = accept_year();
        if (!element.year) {
          return false;
        }
      } else if (separator_type != TokenType::slash) {
        return false; // "6-01", "6.01" without a year are not read as dates
      }
    } else if (accept_word("thang")) {
      month = accept_small_number(12);
    }
    if (!month) {
      return false;
    }
    element.month = *month;
    if (!element.year && accept_word("nam")) {
      element.year = accept_year();
      if (!element.year) {
        return false;
      }
    }
    return true;
  }

  bool date_follows(std::size_t ahead) const {
    const Token* next = peek(ahead + 1);
    return peek_type(TokenType::number, ahead) && next != nullptr &&
           (next->type == TokenType::slash || next->type == TokenType::dash ||
            next->type == TokenType::dot ||
            (next->type == TokenType::word && next->text == "thang"));
  }

  // One date or a list ("Trước ngày 15/8 và 15/9/2022"): the words before the
  // first date (its anchor) and a year written after the last apply to all.
  // An impossible day is an error, never clamped.
  bool parse_date_item(std::vector<Occurrence>& out, DueAnchor anchor) {
    std::vector<DateElement> elements;
    while (true) {
      DateElement element;
      if (!parse_one_date(element)) {
        return false;
      }
      elements.push_back(element);
      const std::size_t before_separator = m_pos;
      if (!accept(TokenType::comma) && !accept_word("va")) {
        break;
      }
      accept_word("va");
      accept_word("ngay");
      if (!date_follows(0)) {
        m_pos = before_separator;
        break;
      }
    }
    resolve_years_backwards(elements, m_default_year);
    for (const DateElement& element : elements) {
      if (!is_valid_date(*element.year, element.month, element.day)) {
        return false;
      }
      out.push_back(day_occurrence(make_date(*element.year, element.month, element.day), anchor));
    }
    return true;
  }

  const std::vector<Token>& m_tokens;
  int m_default_year;
  bool m_bulleted = false; // the phrase starts with a bullet: later dashes may be bullets too
  std::size_t m_pos = 0;
};

// Folds line by line so that line breaks survive as item separators.
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

// The phrase as quoted in the error: on one line, since the config loader
// prefixes "file:line:col:" and expects one line per diagnostic.
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

} // namespace

tl::expected<Timeline, PhraseError> parse_timeline(std::string_view phrase, int default_year) {
  const std::string folded = fold_lines(phrase);
  const std::vector<Token> tokens = tokenize(folded);
  PhraseParser parser(tokens, default_year);
  if (std::optional<Timeline> timeline = parser.parse()) {
    return std::move(*timeline);
  }
  std::string message = "cannot understand timeline \"";
  message += one_line(phrase);
  message += "\"; understood forms: ";
  message += understood_timeline_forms();
  return tl::make_unexpected(PhraseError{std::move(message)});
}

} // namespace deadlined
