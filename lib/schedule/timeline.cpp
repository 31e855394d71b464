#include "schedule/timeline.hpp"

#include "schedule/timeline_detail.hpp"

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
  case TimelineKind::none:
    return "none";
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
  case PeriodKind::week:
    return "week";
  }
  return "?";
}

std::string_view understood_timeline_forms() {
  return "Quý I/2022 | Quý IV | quý 3 năm 2022 | Quý II, III | Quý II-III | Quý I và Quý III"
         " | Tháng 01/2022 | tháng 1 năm 2022 | 6/2022 | Năm 2022 | Trong năm 2022 | Cuối năm 2022"
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

using namespace timeline_detail;

// ---- parser ----------------------------------------------------------------

class PhraseParser {
public:
  PhraseParser(const std::vector<Token>& tokens, PlanSpan span)
      : m_tokens(tokens), m_default_year(span.first), m_span(span) {}

  std::optional<Timeline> parse() {
    m_bulleted = skip_bullets();
    Timeline timeline;
    if (at_end_after_punctuation() || parse_no_timeline()) {
      timeline.kind = TimelineKind::none;
      return timeline;
    }
    if (const auto whole = parse_whole_phrase_form(timeline)) {
      return *whole ? std::optional<Timeline>(std::move(timeline)) : std::nullopt;
    }
    if (!parse_item_list(timeline)) {
      return std::nullopt;
    }
    finish(timeline);
    return timeline;
  }

private:
  struct DateElement {
    unsigned day = 0;
    unsigned month = 0;
    std::optional<int> year;
  };

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

  std::size_t limit() const { return std::min(m_tokens.size(), m_end); }

  const Token* peek(std::size_t ahead = 0) const {
    return m_pos + ahead < limit() ? &m_tokens[m_pos + ahead] : nullptr;
  }

  bool at_end() const { return m_pos >= limit(); }

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
    if (m_pos + ahead < limit()) {
      return false;
    }
    m_pos = limit();
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

  // -- whole-phrase forms: no timeline, ongoing, on demand, conditional --

  // "Không", "Không xác định", "Chưa xác định (thời gian)": the row states no timeline.
  bool parse_no_timeline() {
    const std::size_t start = m_pos;
    if (accept_phrase("khong xac dinh") || accept_phrase("chua xac dinh") ||
        accept_phrase("khong quy dinh") || accept_phrase("khong co thoi han") ||
        accept_phrase("khong thoi han") || accept_word("khong")) {
      accept_words({"thoi", "gian"});
      accept_words({"thoi", "han"});
      if (at_end_after_punctuation()) {
        return true;
      }
    }
    m_pos = start;
    return false;
  }

  // "trong vòng 30 ngày (làm việc) kể từ ...", "chậm nhất 15 ngày sau khi ...",
  // "sau 10 ngày kể từ ...": from the current position.
  std::optional<Lag> accept_lag() {
    const std::size_t start = m_pos;
    accept_words({"trong", "vong"}) || accept_words({"trong", "thoi", "han"}) ||
        accept_words({"cham", "nhat"}) || accept_words({"trong", "pham", "vi"}) ||
        accept_word("trong") || accept_word("sau");
    accept_words({"qua"});
    const Token* number = peek();
    if (number != nullptr && number->type == TokenType::number && number->value > 0 &&
        number->value <= 366 && peek_word("ngay", 1)) {
      m_pos += 2;
      Lag lag{number->value, accept_words({"lam", "viec"})};
      if (accept_words({"ke", "tu"}) || accept_words({"tinh", "tu"}) || accept_word("sau") ||
          accept_words({"ke", "ngay"})) {
        return lag;
      }
    }
    m_pos = start;
    return std::nullopt;
  }

  // A lag anywhere in the rest of an event-triggered phrase.
  std::optional<Lag> find_lag() {
    for (std::size_t at = m_pos; at < m_tokens.size(); ++at) {
      m_pos = at;
      if (auto lag = accept_lag()) {
        return lag;
      }
    }
    return std::nullopt;
  }

  // nullopt: not such a form; true: parsed; false: such a form, but malformed.
  std::optional<bool> parse_whole_phrase_form(Timeline& timeline) {
    const std::size_t start = m_pos;
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
      timeline.lag = find_lag();
      m_pos = m_tokens.size();
      return true;
    }
    m_pos = start;
    // Event-triggered: on demand (`deadlined trigger`), with an optional lag.
    if (auto lag = accept_lag()) {
      timeline.kind = TimelineKind::on_demand;
      timeline.lag = lag;
      m_pos = m_tokens.size();
      return true;
    }
    static constexpr std::array<std::string_view, 34> k_on_demand_openings{
        "khi co yeu cau",  "theo yeu cau",      "theo ke hoach",     "khi can thiet",
        "dot xuat",        "khi co chi dao",    "theo chi dao",      "khi phat sinh",
        "khi co phat sinh", "sau khi",          "ngay sau khi",      "thuc hien sau khi",
        "trien khai sau khi", "ngay khi",       "khi",               "theo tien do",
        "theo lo trinh",   "theo huong dan",    "theo quy dinh",     "theo thoi gian",
        "theo thoi han",   "theo lich",         "theo chuong trinh", "theo van ban",
        "theo de nghi",    "theo thong bao",    "can cu",            "tuy theo",
        "tuy thuoc",       "phu hop voi tien do", "sau khi co",      "sau khi duoc",
        "ngay sau",        "theo muc tieu",
    };
    for (std::string_view opening : k_on_demand_openings) {
      if (accept_phrase(opening)) {
        // The rest names who asks, the event or the plan; it carries no date
        // except a lag ("trong vòng 30 ngày kể từ ngày ... ban hành").
        timeline.kind = TimelineKind::on_demand;
        timeline.lag = find_lag();
        m_pos = m_tokens.size();
        return true;
      }
    }
    // "Thường xuân" is a typo of "Thường xuyên" found in the seed plan.
    // "Nhiệm vụ thường xuyên", "Là nhiệm vụ thường xuyên" (NQ 03/NQ-CP 2025)
    // name the same ongoing work.
    const std::size_t before_task_word = m_pos;
    accept_word("la");
    if (!accept_words({"nhiem", "vu"})) {
      m_pos = before_task_word;
    }
    if (!peek_word("thuong")) {
      m_pos = before_task_word;
    }
    if (accept_words({"thuong", "xuyen"}) || accept_words({"thuong", "xuan"})) {
      timeline.kind = TimelineKind::ongoing;
      accept(TokenType::comma);
      accept_words({"lien", "tuc"});
      accept_word("hang") && (accept_word("nam") || accept_word("ngay"));
      if (accept_word("trong")) {
        if (accept_words({"giai", "doan"})) {
          if (!accept_year_range()) {
            return false;
          }
        } else if (!accept_word("nam")) {
          return false;
        } else if (!at_end_after_punctuation() && !accept_year()) {
          return false;
        }
      } else if (accept_word("nam")) {
        if (!accept_year()) {
          return false;
        }
      } else if (accept_words({"giai", "doan"})) {
        if (!accept_year_range()) {
          return false;
        }
      }
      if (at_end_after_punctuation()) {
        return true;
      }
      // "Thường xuyên; định kỳ 6 tháng báo cáo UBND tỉnh", "Thường xuyên,
      // định kỳ hằng quý báo cáo ...": ongoing work with a report each period.
      const bool after_comma = m_pos > 0 && m_tokens[m_pos - 1].type == TokenType::comma;
      if (!accept_clause_separator(true) && !after_comma) {
        return false;
      }
      const bool ok = parse_trailing_clauses(timeline, true);
      finish(timeline);
      return ok;
    }
    // "Hằng tuần", "thứ năm hằng tuần", "trước 16h00 thứ hai hàng tuần".
    if (parse_weekly(timeline)) {
      if (at_end_after_punctuation() ||
          (accept_clause_separator(true) && parse_trailing_clauses(timeline, false))) {
        finish(timeline);
        return true;
      }
      return false;
    }
    m_pos = start;
    return std::nullopt;
  }

  // A year range after "giai đoạn" / "từ năm": "2026-2030", "2026 - 2030",
  // "2026 đến năm 2030"; the years are kept in m_range.
  bool accept_year_range() {
    const std::size_t start = m_pos;
    accept_word("tu");
    accept_word("nam");
    const std::optional<int> first = accept_year();
    if (first && accept_range_separator()) {
      accept_word("nam");
      const std::optional<int> last = accept_year();
      if (last && *last > *first) {
        m_range = {*first, *last};
        return true;
      }
    }
    m_pos = start;
    return false;
  }

  bool accept_range_separator() {
    return accept(TokenType::dash) || accept_word("den") || accept_word("toi");
  }

  // -- weekly --

  std::optional<unsigned> accept_weekday() {
    const std::size_t start = m_pos;
    if (accept_words({"chu", "nhat"})) {
      return 0U;
    }
    if (!accept_word("thu")) {
      return std::nullopt;
    }
    static constexpr std::array<std::string_view, 6> k_names{"hai", "ba", "tu", "nam", "sau", "bay"};
    for (unsigned i = 0; i < k_names.size(); ++i) {
      if (accept_word(k_names[i])) {
        return i + 1;
      }
    }
    if (const auto number = accept_small_number(7); number && *number >= 2) {
      return *number - 1;
    }
    m_pos = start;
    return std::nullopt;
  }

  // "16h00", "16 giờ 30", "16:00", "16h": a time of day, skipped.
  void skip_time_of_day() {
    const std::size_t start = m_pos;
    accept_word("luc");
    if (peek_type(TokenType::number) && peek()->value <= 24) {
      ++m_pos;
      if (accept_word("h") || accept_word("gio")) {
        if (peek_type(TokenType::number)) {
          ++m_pos;
          accept_word("phut");
        }
        return;
      }
      if (accept(TokenType::colon) && peek_type(TokenType::number)) {
        ++m_pos;
        return;
      }
    }
    m_pos = start;
  }

  bool parse_weekly(Timeline& timeline) {
    const std::size_t start = m_pos;
    std::optional<unsigned> weekday;
    bool weekly = false;
    accept_words({"dinh", "ky"});
    if (accept_word("hang") || accept_word("moi")) {
      if (!accept_word("tuan")) {
        m_pos = start;
        return false;
      }
      weekly = true;
      accept(TokenType::comma);
    }
    accept_word("vao") || accept_word("truoc") || accept_words({"cham", "nhat"});
    accept_word("ngay");
    skip_time_of_day();
    accept_word("ngay");
    weekday = accept_weekday();
    if (!weekly) {
      if (!weekday) {
        m_pos = start;
        return false;
      }
      accept(TokenType::comma);
      if (!((accept_word("hang") || accept_word("moi") || accept_word("cac")) && accept_word("tuan"))) {
        m_pos = start;
        return false;
      }
    }
    // Without a weekday, the end of the working week: Friday.
    const unsigned day = weekday.value_or(5);
    repeat_weekly(day, make_date(m_span.first, 1, 1), make_date(m_span.bounded_last(), 12, 31),
                  timeline.occurrences);
    return true;
  }

  enum class Cadence { year, half, quarter, month };

  static void push_cadence(Cadence cadence, int year, std::vector<Occurrence>& out) {
    switch (cadence) {
    case Cadence::year:
      out.push_back(year_occurrence(year));
      break;
    case Cadence::half:
      out.push_back(half_occurrence(year, 1));
      out.push_back(half_occurrence(year, 2));
      break;
    case Cadence::quarter:
      for (unsigned quarter = 1; quarter <= 4; ++quarter) {
        out.push_back(unit_occurrence(Unit::quarter, year, quarter));
      }
      break;
    case Cadence::month:
      for (unsigned month = 1; month <= 12; ++month) {
        out.push_back(unit_occurrence(Unit::month, year, month));
      }
      break;
    }
  }

  // "quý" / "tháng" / "năm" / "6 tháng" after "hằng", "định kỳ" or "theo":
  // every such period of the year written, else of the plan's whole span.
  bool parse_recurring_unit(std::vector<Occurrence>& out) {
    Cadence cadence{};
    if (accept_word("quy")) {
      cadence = Cadence::quarter;
    } else if (peek_type(TokenType::number) && peek()->value == 6 && peek_word("thang", 1)) {
      m_pos += 2;
      cadence = Cadence::half;
      if (accept(TokenType::slash)) {
        accept_word("lan");
      }
      accept_words({"mot", "lan"});
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
    const int first = year.value_or(m_span.first);
    const int last = year.value_or(m_span.bounded_last());
    for (int y = first; y <= last; ++y) {
      push_cadence(cadence, y, out);
    }
    return true;
  }

  // -- lists of dated items --

  // Items separated by ';', ',', '.', "và", new lines or bullets; after a
  // sentence break, clauses that are not items are a compound cell's
  // recurring, ongoing or conditional clauses, or notes.
  bool parse_item_list(Timeline& timeline) {
    std::vector<Occurrence>& out = timeline.occurrences;
    bool report = false;
    if (!parse_item(timeline, false, report)) {
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
      const std::size_t before_item = m_pos;
      const std::size_t count = out.size();
      const auto open_count = m_open.size();
      if (!parse_item(timeline, report && !strong, report)) {
        // A compound cell: "Hoàn thành ... trong năm 2024. Hằng năm cập nhật
        // ... (nếu có)", "... quý II năm 2024 và cập nhật trong các năm tiếp theo".
        m_pos = before_item;
        out.resize(count);
        m_open.resize(open_count);
        return parse_trailing_clauses(timeline, false);
      }
    }
    return !out.empty() || !m_open.empty();
  }

  // inherited_report: the item continues a "Báo cáo ..." list. report is set
  // to whether this item is a report.
  bool parse_item(Timeline& timeline, bool inherited_report, bool& report) {
    std::vector<Occurrence>& out = timeline.occurrences;
    skip_activity();
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
    parse_item_suffix(timeline, first);
    return true;
  }

  // After an item: "(và) hằng năm" repeats it over the plan's span, "và các
  // năm tiếp theo" every following year (to the plan's stated last year, else
  // without end); "(nếu có)" makes the cell conditional.
  void parse_item_suffix(Timeline& timeline, std::size_t first) {
    std::vector<Occurrence>& out = timeline.occurrences;
    while (true) {
      const std::size_t start = m_pos;
      accept(TokenType::comma);
      const bool joined = accept_word("va");
      accept_word("cap") && accept_word("nhat");
      accept_word("trong");
      if (accept_words({"hang", "nam"}) || accept_words({"moi", "nam"})) {
        if (accept_words({"tiep", "theo"})) {
          repeat_following_years(out, first, m_span.last);
        } else {
          repeat_following_years(out, first, m_span.bounded_last());
        }
        continue;
      }
      if ((accept_word("cac") || accept_word("nhung")) && accept_word("nam") &&
          (accept_words({"tiep", "theo"}) || accept_word("sau") || accept_words({"ke", "tiep"}))) {
        repeat_following_years(out, first, m_span.last);
        continue;
      }
      m_pos = start;
      if (accept_conditional_mark()) {
        timeline.conditional = true;
        continue;
      }
      (void)joined;
      m_pos = start;
      return;
    }
  }

  // "(nếu có)", "nếu có", "(nếu cần)".
  bool accept_conditional_mark() {
    const std::size_t start = m_pos;
    const bool paren = accept(TokenType::open_paren);
    if ((accept_word("neu") || accept_word("khi")) &&
        (accept_word("co") || accept_word("can") || accept_words({"phat", "sinh"}))) {
      if (paren) {
        // Words inside the parentheses ("nếu có thay đổi") are part of the mark.
        while (!at_end() && !peek_type(TokenType::close_paren) && peek_type(TokenType::word)) {
          ++m_pos;
        }
        if (!accept(TokenType::close_paren)) {
          m_pos = start;
          return false;
        }
      }
      return true;
    }
    m_pos = start;
    return false;
  }

  // The occurrences out[first..] are one year's pattern; append the same
  // periods of each following year through `last` (inclusive), or, without a
  // last year, keep them as an open-ended recurrence generated on request.
  void repeat_following_years(std::vector<Occurrence>& out, std::size_t first, std::optional<int> last) {
    if (first >= out.size()) {
      return;
    }
    std::vector<Occurrence> pattern(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
    const int base = year_of(pattern.front().period_start);
    int pattern_last = base;
    for (const Occurrence& occurrence : pattern) {
      pattern_last = std::max(pattern_last, year_of(occurrence.nominal_due));
    }
    // Only one year's occurrences repeat; a multi-year window repeats after its end.
    const int step_from = pattern_last + 1;
    if (last) {
      repeat_yearly(pattern, base, base + (step_from - base), *last, out);
    } else {
      Recurrence recurrence;
      recurrence.pattern = std::move(pattern);
      recurrence.base_year = base;
      recurrence.from_year = step_from;
      m_open.push_back(std::move(recurrence));
    }
  }

  // "Hoàn thành <việc> trong năm 2024": the words between "Hoàn thành" (or
  // "thực hiện", "triển khai", ...) and the time expression are the activity.
  void skip_activity() {
    const std::size_t start = m_pos;
    if (!(accept_words({"hoan", "thanh"}) || accept_words({"thuc", "hien"}) ||
          accept_words({"trien", "khai"}) || accept_words({"to", "chuc"}) ||
          accept_words({"ban", "hanh"}) || accept_words({"xay", "dung"}) ||
          accept_words({"cap", "nhat"}) || accept_words({"du", "kien"}))) {
      return;
    }
    for (int words = 0; words < 40 && !at_end(); ++words) {
      if (starts_time_expression()) {
        return;
      }
      if (!peek_type(TokenType::word) && !peek_type(TokenType::comma)) {
        break;
      }
      ++m_pos;
    }
    if (!starts_time_expression()) {
      m_pos = start;
    }
  }

  bool starts_time_expression() const {
    const Token* token = peek();
    if (token == nullptr) {
      return false;
    }
    if (token->type == TokenType::number) {
      return is_year_token(token) || date_follows(0) ||
             (token->value == 6 && peek_word("thang", 1));
    }
    if (token->type != TokenType::word) {
      return false;
    }
    static constexpr std::array<std::string_view, 12> k_starts{
        "trong", "truoc", "nam", "quy", "thang", "ngay", "giai", "tu", "den", "cuoi", "hang", "vao"};
    for (std::string_view word : k_starts) {
      if (token->text == word) {
        // "trong" / "vào" / "đến" must lead to time, not to more activity words.
        if (word == "trong" || word == "vao" || word == "den") {
          return peek_word("nam", 1) || peek_word("quy", 1) || peek_word("thang", 1) ||
                 peek_word("ngay", 1) || peek_word("giai", 1) || peek_word("het", 1) ||
                 peek_type(TokenType::number, 1);
        }
        if (word == "nam") {
          return is_year_token(peek(1));
        }
        if (word == "tu") {
          return peek_word("nam", 1) || peek_word("ngay", 1) || peek_word("quy", 1) ||
                 peek_word("thang", 1) || date_follows(1);
        }
        if (word == "hang") {
          return peek_word("nam", 1) || peek_word("quy", 1) || peek_word("thang", 1);
        }
        if (word == "giai") {
          return peek_word("doan", 1);
        }
        if (word == "cuoi") {
          return peek_word("nam", 1) || peek_word("quy", 1) || peek_word("thang", 1);
        }
        if (word == "quy" || word == "thang") {
          const Token* next = peek(1);
          return next != nullptr && (next->type == TokenType::number ||
                                     (next->type == TokenType::word &&
                                      (next->text == "i" || next->text == "ii" ||
                                       next->text == "iii" || next->text == "iv")));
        }
        if (word == "ngay") {
          return date_follows(1);
        }
        return true;
      }
    }
    return false;
  }

  // -- compound cells --

  // A sentence break between clauses: ';', '.', a new line, and for ongoing
  // work also ',' ("Thường xuyên, định kỳ hằng quý báo cáo ...").
  bool accept_clause_separator(bool comma_too) {
    bool any = !at_end() && peek()->line_start;
    while (peek_type(TokenType::semicolon) || peek_type(TokenType::dot) ||
           (comma_too && peek_type(TokenType::comma)) || peek_type(TokenType::dash) ||
           peek_type(TokenType::bullet)) {
      ++m_pos;
      any = true;
    }
    return any;
  }

  // The end (exclusive) of the clause starting at m_pos: the next ';', a '.'
  // not inside a date, or a new line.
  std::size_t clause_end() const {
    for (std::size_t at = m_pos; at < m_tokens.size(); ++at) {
      const Token& token = m_tokens[at];
      if (at > m_pos && token.line_start) {
        return at;
      }
      if (token.type == TokenType::semicolon) {
        return at;
      }
      if (token.type == TokenType::dot) {
        const bool inside_number = at > 0 && m_tokens[at - 1].type == TokenType::number &&
                                   at + 1 < m_tokens.size() &&
                                   m_tokens[at + 1].type == TokenType::number;
        if (!inside_number) {
          return at;
        }
      }
    }
    return m_tokens.size();
  }

  bool clause_has(std::size_t end, std::string_view phrase) const {
    PhraseParser probe(m_tokens, m_span);
    for (std::size_t at = m_pos; at < end; ++at) {
      probe.m_pos = at;
      if (probe.accept_phrase(phrase) && probe.m_pos <= end) {
        return true;
      }
    }
    return false;
  }

  // "6 tháng" (a half year) inside the clause.
  bool clause_has_half_year(std::size_t end) const {
    for (std::size_t at = m_pos; at + 1 < end; ++at) {
      if (m_tokens[at].type == TokenType::number && m_tokens[at].value == 6 &&
          m_tokens[at + 1].type == TokenType::word && m_tokens[at + 1].text == "thang") {
        return true;
      }
    }
    return false;
  }

  // Clauses after the deadline clause: a recurring clause adds its
  // occurrences ("Hằng năm cập nhật ... (nếu có)", "định kỳ 6 tháng báo cáo",
  // "cập nhật trong các năm tiếp theo"); another clause that still names a
  // date is read as dated items, or refused; the rest are notes.
  bool parse_trailing_clauses(Timeline& timeline, bool ongoing) {
    std::vector<Occurrence>& out = timeline.occurrences;
    while (!at_end_after_punctuation()) {
      accept_clause_separator(false);
      if (at_end()) {
        break;
      }
      const std::size_t end = clause_end();
      const bool report = clause_has(end, "bao cao");
      const bool conditional = clause_has(end, "neu co") || clause_has(end, "neu can");
      std::optional<Cadence> cadence;
      if (clause_has(end, "hang quy") || clause_has(end, "moi quy") || clause_has(end, "theo quy") ||
          clause_has(end, "dinh ky quy")) {
        cadence = Cadence::quarter;
      } else if (clause_has_half_year(end)) {
        cadence = Cadence::half;
      } else if (clause_has(end, "hang thang") || clause_has(end, "moi thang") ||
                 clause_has(end, "theo thang")) {
        cadence = Cadence::month;
      } else if (clause_has(end, "hang nam") || clause_has(end, "moi nam") ||
                 clause_has(end, "dinh ky nam")) {
        cadence = Cadence::year;
      }
      const bool following = clause_has(end, "cac nam tiep theo") ||
                              clause_has(end, "nhung nam tiep theo") || clause_has(end, "cac nam sau");
      if (clause_has(end, "hang tuan")) {
        const std::size_t before = m_pos;
        // "Báo cáo thứ sáu hằng tuần": find the weekly phrase inside.
        bool found = false;
        for (std::size_t at = before; at < end && !found; ++at) {
          m_pos = at;
          Timeline weekly;
          if (parse_weekly(weekly)) {
            out.insert(out.end(), weekly.occurrences.begin(), weekly.occurrences.end());
            found = true;
          }
        }
        if (!found) {
          return false;
        }
      } else if (cadence || following) {
        const std::size_t first = out.size();
        if (following && !out.empty() && !cadence) {
          // The deadline clause's periods of its first year again each following year.
          const int base = year_of(out.front().period_start);
          std::vector<Occurrence> pattern;
          for (const Occurrence& occurrence : out) {
            if (year_of(occurrence.period_start) == base && year_of(occurrence.nominal_due) == base) {
              pattern.push_back(occurrence);
            }
          }
          if (pattern.empty()) {
            return false;
          }
          const std::size_t pattern_start = out.size();
          out.insert(out.end(), pattern.begin(), pattern.end());
          repeat_following_years(out, pattern_start, m_span.last);
          out.erase(out.begin() + static_cast<std::ptrdiff_t>(pattern_start),
                    out.begin() + static_cast<std::ptrdiff_t>(pattern_start + pattern.size()));
          for (Recurrence& recurrence : m_open) {
            recurrence.conditional = recurrence.conditional || conditional;
          }
        } else if (cadence) {
          // Ongoing work reports over the whole span; after a deadline, a
          // yearly update comes in the years after it.
          int from = m_span.first;
          if (!ongoing && !out.empty() && *cadence == Cadence::year) {
            int last_due = m_span.first;
            for (const Occurrence& occurrence : out) {
              last_due = std::max(last_due, year_of(occurrence.nominal_due));
            }
            from = last_due + 1;
          }
          const std::optional<int> to =
              following ? m_span.last : std::optional<int>(m_span.bounded_last());
          if (to) {
            for (int y = from; y <= *to; ++y) {
              push_cadence(*cadence, y, out);
            }
          } else {
            std::vector<Occurrence> pattern;
            push_cadence(*cadence, from, pattern);
            Recurrence recurrence;
            recurrence.pattern = std::move(pattern);
            recurrence.base_year = from;
            recurrence.from_year = from;
            recurrence.conditional = conditional;
            m_open.push_back(std::move(recurrence));
          }
        }
        for (std::size_t i = first; i < out.size(); ++i) {
          if (report && !out[i].report && out[i].period != PeriodKind::day) {
            out[i].label = "Báo cáo " + out[i].label;
            out[i].report = true;
          }
        }
        if (conditional) {
          timeline.conditional = true;
        }
      } else if (clause_names_time(end)) {
        // "Giai đoạn 2024 - 2025. Tổ chức sơ kết vào năm 2025": a clause that
        // names a date must be understood as dated items, never skipped.
        Timeline part;
        PhraseParser sub(m_tokens, m_span);
        sub.m_pos = m_pos;
        sub.m_end = end;
        bool report_flag = false;
        if (!sub.parse_item(part, false, report_flag) || sub.m_pos != end) {
          return false;
        }
        out.insert(out.end(), part.occurrences.begin(), part.occurrences.end());
      } else {
        if (!timeline.note.empty()) {
          timeline.note += "; ";
        }
        for (std::size_t at = m_pos; at < end; ++at) {
          if (at > m_pos && m_tokens[at].type == TokenType::word) {
            timeline.note += ' ';
          }
          timeline.note += m_tokens[at].text;
        }
        if (conditional) {
          timeline.conditional = true;
        }
      }
      m_pos = end;
    }
    return true;
  }

  // A clause names a time when it holds a year or a date.
  bool clause_names_time(std::size_t end) const {
    for (std::size_t at = m_pos; at < end; ++at) {
      const Token& token = m_tokens[at];
      if (token.type != TokenType::number) {
        continue;
      }
      if (is_year_token(&token)) {
        return true;
      }
      if (at + 2 < end && m_tokens[at + 1].type == TokenType::slash &&
          m_tokens[at + 2].type == TokenType::number) {
        return true;
      }
    }
    return false;
  }

  // Occurrences generated as the timeline closes: open-ended recurrences.
  void finish(Timeline& timeline) {
    for (Recurrence& recurrence : m_open) {
      recurrence.conditional = recurrence.conditional || timeline.conditional;
      timeline.open_ended.push_back(std::move(recurrence));
    }
    m_open.clear();
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
      if (is_year_token(token) && (!date_follows(0) || is_year_token(peek(2)))) {
        // "2024", "2023-2024", "2026 - 2030": a bare year is "Năm 2024".
        return parse_years(out, "Năm ");
      }
      if (month_year_follows(0)) {
        // "6/2025", "06/2025", "12/2028": a month and a year without "Tháng"
        // is "Tháng 6/2025" (never a day: a day's month is at most 12).
        return parse_unit_list(Unit::month, out, report);
      }
      return parse_date_item(out, DueAnchor::period_end);
    }
    if (token->type != TokenType::word) {
      return false;
    }
    if (accept_words({"dinh", "ky"})) {
      accept_word("hang");
      return parse_recurring_unit(out);
    }
    if (accept_word("hang")) {
      if (peek_word("tuan")) {
        return false;
      }
      // "Hằng năm, trước ngày 15/12", "Hằng năm (trước ngày 15/12)": that
      // date every year of the plan's span.
      const std::size_t start = m_pos;
      if (accept_word("nam")) {
        accept(TokenType::comma);
        const bool paren = accept(TokenType::open_paren);
        accept_word("vao");
        const std::size_t first = out.size();
        if (starts_time_expression() && !peek_word("nam") && parse_dated(out, report) &&
            (!paren || accept(TokenType::close_paren))) {
          repeat_following_years(out, first, m_span.bounded_last());
          return true;
        }
        out.resize(first);
        m_pos = start;
      }
      return parse_recurring_unit(out);
    }
    if (accept_words({"giai", "doan"})) {
      return parse_years(out, "Giai đoạn ");
    }
    if (accept_word("tu")) {
      // "Từ năm 2024 đến năm 2026": a year window.
      if (peek_word("nam")) {
        return parse_years(out, "Năm ");
      }
      // "Từ ngày 03/6/2024 đến ngày 28/6/2024": due on the last day.
      if (accept_word("ngay") || date_follows(0)) {
        return parse_date_window(out);
      }
      // "Từ quý II đến quý III": a range of months or quarters.
      if (accept_word("quy")) {
        return parse_unit_list(Unit::quarter, out, report);
      }
      return accept_word("thang") && parse_unit_list(Unit::month, out, report);
    }
    if (accept_word("den")) {
      // "Đến năm 2030", "đến hết năm 2026", "đến ngày 30/6/2026".
      accept_word("het");
      if (peek_word("tu")) {
        return false;
      }
      return parse_dated(out, report);
    }
    if (accept_word("trong") || accept_word("cuoi") || accept_word("vao")) {
      // "Trong/Cuối năm [2022]", "Trong quý I", "Cuối tháng 12/2022",
      // "trong giai đoạn 2026-2030".
      if (accept_words({"giai", "doan"})) {
        return parse_years(out, "Giai đoạn ");
      }
      if (accept_word("nam")) {
        if (is_year_token(peek())) {
          --m_pos;
          return parse_years(out, "Năm ");
        }
        out.push_back(year_occurrence(m_default_year));
        return true;
      }
      if (peek_type(TokenType::number) && peek_word("thang", 1)) {
        return parse_half_list(out, report);
      }
      if (accept_word("ngay")) {
        return parse_date_item(out, DueAnchor::period_end);
      }
      if (is_year_token(peek())) {
        return parse_years(out, "Năm ");
      }
      return parse_period_word(out, report);
    }
    if (peek_word("nam") && (is_year_token(peek(1)) || !report)) {
      // "Năm 2022", "Năm 2025-2030", "năm 2024 - năm 2025".
      return parse_years(out, "Năm ");
    }
    if (accept_word("nam")) {
      // A bare "năm" only as "Báo cáo năm".
      out.push_back(year_occurrence(m_default_year));
      return true;
    }
    if (accept_word("truoc")) {
      // "Trước năm 2028": due 31/12/2027; "trước tháng 6/2026": 31/05/2026;
      // "trước quý III/2026": 30/06/2026.
      if (accept_word("nam")) {
        const std::optional<int> year = accept_year();
        if (!year) {
          return false;
        }
        Occurrence occurrence = year_occurrence(*year - 1);
        occurrence.label = "Trước năm " + std::to_string(*year);
        out.push_back(std::move(occurrence));
        return true;
      }
      if (peek_word("thang") || peek_word("quy")) {
        const Unit unit = peek_word("thang") ? Unit::month : Unit::quarter;
        ++m_pos;
        const std::optional<unsigned> number = accept_unit_number(unit);
        bool failed = false;
        const std::optional<int> year = number ? accept_year_suffix(failed) : std::nullopt;
        if (!number || failed) {
          return false;
        }
        const int absolute = absolute_unit(unit, year.value_or(m_default_year), *number) - 1;
        Occurrence occurrence =
            unit_occurrence(unit, year_of_unit(unit, absolute), number_of_unit(unit, absolute));
        occurrence.label = "Trước " + unit_label(unit, year.value_or(m_default_year), *number);
        out.push_back(std::move(occurrence));
        return true;
      }
      accept_word("ngay");
      return parse_date_item(out, DueAnchor::before_date);
    }
    if (accept_words({"cham", "nhat"})) {
      accept_word("la");
      accept_word("vao");
      accept_word("trong");
      if (peek_word("nam") || peek_word("quy") || peek_word("thang")) {
        return parse_dated(out, report);
      }
      accept_word("ngay");
      return parse_date_item(out, DueAnchor::period_end);
    }
    if (accept_word("ngay")) {
      return parse_date_item(out, DueAnchor::period_end);
    }
    return parse_period_word(out, report);
  }

  // "[Năm] 2024", "[năm] 2024-2028", "2024 - năm 2025", "[từ] năm 2024 đến
  // năm 2026", after "giai đoạn" too: one year, or ONE window due at the end
  // of the last year.
  bool parse_years(std::vector<Occurrence>& out, std::string_view prefix) {
    accept_word("tu");
    accept_word("nam");
    const std::optional<int> first = accept_year();
    if (!first) {
      return false;
    }
    const std::size_t after_first = m_pos;
    if (accept_range_separator()) {
      accept_word("het");
      accept_word("nam");
      const std::optional<int> last = accept_year();
      if (last && *last > *first) {
        out.push_back(years_occurrence(*first, *last, prefix));
        return true;
      }
      if (last) {
        return false; // "2026-2024": not something to guess about
      }
      m_pos = after_first;
    }
    if (prefix == "Giai đoạn ") {
      return false;
    }
    out.push_back(year_occurrence(*first));
    return true;
  }

  // "03/6/2024 đến ngày 28/6/2024", "03/6 - 28/6/2024" after "Từ (ngày)".
  bool parse_date_window(std::vector<Occurrence>& out) {
    DateElement first;
    if (!parse_one_date(first)) {
      return false;
    }
    if (!accept_range_separator()) {
      return false;
    }
    accept_word("het");
    accept_word("ngay");
    DateElement last;
    if (!parse_one_date(last)) {
      return false;
    }
    std::vector<DateElement> both{first, last};
    resolve_years_backwards(both, m_default_year);
    if (!is_valid_date(*both[0].year, both[0].month, both[0].day) ||
        !is_valid_date(*both[1].year, both[1].month, both[1].day)) {
      return false;
    }
    const Date from = make_date(*both[0].year, both[0].month, both[0].day);
    const Date to = make_date(*both[1].year, both[1].month, both[1].day);
    if (to < from) {
      return false;
    }
    out.push_back(date_window_occurrence(from, to));
    return true;
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

  // "6/2025": a month number, '/', a year, and no further "/" or "-" (a date
  // "15/8/2022" has its year third).
  bool month_year_follows(std::size_t ahead) const {
    const Token* month = peek(ahead);
    const Token* separator = peek(ahead + 1);
    const Token* after = peek(ahead + 3);
    return month != nullptr && month->type == TokenType::number && month->value >= 1 &&
           month->value <= 12 && month->text.size() <= 2 && separator != nullptr &&
           separator->type == TokenType::slash && is_year_token(peek(ahead + 2)) &&
           (after == nullptr || (after->type != TokenType::slash && after->type != TokenType::dash &&
                                 after->type != TokenType::number));
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
  PlanSpan m_span;
  std::pair<int, int> m_range{0, 0};   // the last year range read by accept_year_range
  std::vector<Recurrence> m_open;      // open-ended recurrences read so far
  std::size_t m_end = static_cast<std::size_t>(-1); // a sub-parser stops here
  bool m_bulleted = false; // the phrase starts with a bullet: later dashes may be bullets too
  std::size_t m_pos = 0;
};

// Folds line by line so that line breaks survive as item separators.
} // namespace

tl::expected<Timeline, PhraseError> parse_timeline(std::string_view phrase, PlanSpan span) {
  const std::string folded = fold_lines(phrase);
  const std::vector<Token> tokens = tokenize(folded);
  PhraseParser parser(tokens, span);
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

