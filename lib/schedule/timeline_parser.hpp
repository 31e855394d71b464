#pragma once
// The timeline phrase parser (internal to lib/schedule): a recursive-descent
// reader over the folded phrase's tokens. Its members are defined by phrase
// family: timeline.cpp (the entry point; whole-phrase forms: no timeline,
// ongoing, on demand, event-triggered with a lag, conditional),
// timeline_recurring.cpp (year ranges, weekly phrases, "Hằng năm / quý /
// tháng"), timeline_items.cpp (item lists, a period's stated day, "... và
// các năm tiếp theo"), timeline_clauses.cpp (the trailing clauses of compound
// cells), timeline_dates.cpp (one dated expression: quarters, months, halves,
// years, days), timeline_windows.cpp (date and period windows) and
// timeline_relative.cpp ("năm sau", "năm trước"), timeline_positions.cpp
// ("đầu / giữa / cuối" of a period, weeks inside a month) and
// timeline_numbers.cpp (quantities and cited documents: numbers not time),
// timeline_events.cpp ("Báo cáo ngay", "Định kỳ theo quy định", a start on
// an event before the deadline), timeline_count_back.cpp (a count back from
// an event or a written day, "10 ngày trước ngày bầu cử", "10 ngày trước
// ngày 15/3/2026"), timeline_lunar.cpp (Tết counted back from, "dịp Tết",
// "Rằm tháng Giêng"), timeline_levels.cpp (a time for each level of
// government).
#include "schedule/timeline_detail.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deadlined::timeline_detail {

class PhraseParser {
 public:
  PhraseParser(const std::vector<Token>& tokens, PlanSpan span)
      : m_tokens(tokens), m_default_year(span.first), m_span(span) {}
  // The year given to what the phrase names without one (the plan's first
  // year unless set).
  void set_default_year(int year) { m_default_year = year; }
  static bool is_year_token(const Token* token) {
    return token != nullptr && token->type == TokenType::number && token->text.size() == 4 &&
           token->value >= k_min_year && token->value <= k_max_year;
  }

  // The phrase as written, so that notes keep its letters and marks: the
  // tokens point into `folded`, whose byte i came from `original` at
  // origins[i] (origins has folded.size() + 1 entries). Without it notes are
  // the folded words.
  struct Original {
    std::string_view original;
    std::string_view folded;
    std::vector<std::size_t> origins;
  };
  void keep_original(const Original* original) { m_original = original; }
  // "Tiếp công dân định kỳ ...": a few words of work before a cadence are
  // skipped (a second reading of a cell not read otherwise).
  void expect_work_before_cadence() { m_work_before_cadence = true; }
  // Items whose time follows a body that it is for ("UBND cấp huyện báo cáo
  // trước ...", "cơ quan tài chính trước ..."), as read.
  int unit_subjects() const { return m_unit_subjects; }

  std::optional<Timeline> parse();
  // Adds the words of tokens [from, end) to the timeline's note, as written.
  void add_note(Timeline& timeline, std::size_t from, std::size_t end) const { append_note(timeline, from, end); }

 private:
  struct DateElement {
    unsigned day = 0;
    unsigned month = 0;
    std::optional<int> year;
    bool relative = false;  // "năm sau": the year after the default year
  };

  struct UnitElement {
    unsigned number = 0;
    std::optional<int> year;
    bool relative = false;
    bool range_to_next = false;  // "II-III", "II đến III"
  };

  struct HalfElement {
    unsigned months = 6;  // 6, or 9: the first nine months ("9 tháng đầu năm")
    unsigned half = 0;    // 1 = first six months, 2 = last six months
    std::optional<int> year;
    bool relative = false;
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

  // A folded word is the word asked for; "gởi" is the southern spelling of
  // "gửi" (to send).
  static bool same_word(std::string_view text, std::string_view word) {
    return text == word || (word == "gui" && text == "goi");
  }

  bool peek_word(std::string_view word, std::size_t ahead = 0) const {
    const Token* token = peek(ahead);
    return token != nullptr && token->type == TokenType::word && same_word(token->text, word);
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
  // A word marked as no time word (the "quy" of "quy định", see
  // mark_words_that_are_not_quarters) matches only with the word after it
  // in the phrase: "theo quy định" matches, "theo quy" does not.
  bool accept_phrase(std::string_view words) {
    std::size_t ahead = 0;
    while (!words.empty()) {
      const std::size_t space = words.find(' ');
      const Token* token = peek(ahead);
      const bool compound = space != std::string_view::npos && token != nullptr && token->type == TokenType::other;
      if (token == nullptr || (token->type != TokenType::word && !compound) ||
          !same_word(token->text, words.substr(0, space))) {
        return false;
      }
      ++ahead;
      words = space == std::string_view::npos ? std::string_view{} : words.substr(space + 1);
    }
    m_pos += ahead;
    return true;
  }

  // Whether the two words follow each other at least twice in the phrase.
  bool said_twice(std::string_view first, std::string_view second) const {
    int count = 0;
    for (std::size_t at = 0; at + 1 < m_tokens.size(); ++at) {
      count += m_tokens[at].text == first && m_tokens[at + 1].text == second ? 1 : 0;
    }
    return count >= 2;
  }

  bool skip_bullets() {
    bool skipped = false;
    while (peek_type(TokenType::dash) || peek_type(TokenType::bullet)) {
      ++m_pos;
      skipped = true;
    }
    return skipped;
  }

  // "(Từ ngày 17/12/2025 đến ngày 25/01/2026)": a phrase wholly inside one
  // pair of parentheses is read inside them.
  void enter_enclosing_parentheses();

  // "Thời gian hoàn thành:", "Tiến độ:" before the time itself.
  void skip_column_label();

  // After an item: ": <words>" or "- <words>" naming no time is its note.
  bool accept_item_note(Timeline& timeline);
  void accept_item_label(Timeline& timeline);
  bool peek_activity_after_item() const;

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

  // Whether the token at `at` and the next one touch in the folded text (no space between).
  bool adjacent(std::size_t at) const {
    return at + 1 < m_tokens.size() &&
           m_tokens[at].text.data() + m_tokens[at].text.size() == m_tokens[at + 1].text.data();
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
    if (token == nullptr || token->type != TokenType::number || token->text.size() > 2 || token->value < 1 ||
        token->value > max) {
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

  // "[của | trong] năm sau / năm tiếp theo / năm kế tiếp / năm tới [liền kề]", "năm nay",
  // "năm trước [liền kề]": the number of tokens of a year relative to the
  // default year at `ahead` (0: none) and its offset (+1 or -1). Not "năm
  // sau khi ..." (an event) nor "năm trước ngày / tháng ..." (a date follows).
  std::size_t relative_year_length(std::size_t ahead, int& offset) const;

  bool relative_year_follows() const {
    int offset = 0;
    return relative_year_length(0, offset) > 0;
  }

  // "hằng năm", "mỗi năm": a day and month before it need no year ("18-11
  // hàng năm").
  bool yearly_cadence_follows() const { return (peek_word("hang") || peek_word("moi")) && peek_word("nam", 1); }

  // A relative year, consumed: the default year + offset. Sets m_relative,
  // so that a yearly cadence repeats it from the year reported on.
  std::optional<int> accept_relative_year();

  // "/2022", "năm 2022", "-2022", "trong năm 2022", or a relative year ("năm
  // sau"). nullopt with failed == false: no suffix; failed == true: a suffix
  // that is not a year.
  std::optional<int> accept_year_suffix(bool& failed) {
    failed = false;
    const std::size_t start = m_pos;
    if (auto relative = accept_relative_year()) {
      return relative;
    }
    if (accept(TokenType::slash)) {
      accept_word("nam");  // "Quý II/năm 2026"
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
    // "Quý II.2026" (the dot against both), "Quý IV 2026".
    if (peek_type(TokenType::dot) && is_year_token(peek(1)) && adjacent(m_pos - 1) && adjacent(m_pos)) {
      ++m_pos;
      return accept_year();
    }
    if (is_year_token(peek()) && !peek_type(TokenType::slash, 1) && !peek_type(TokenType::dash, 1)) {
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
  bool parse_no_timeline();

  // "trong vòng 30 ngày (làm việc) kể từ ...", "chậm nhất 15 ngày sau khi ...",
  // "sau 10 ngày kể từ ...": from the current position.
  std::optional<int> accept_until_year();
  bool clause_names_numbered_period(std::size_t end) const;
  bool parse_item_in_clause(Timeline& timeline, std::size_t end);
  bool skip_words_to_time();
  std::optional<Lag> accept_lag();

  // A lag anywhere in the rest of an event-triggered phrase.
  std::optional<Lag> find_lag();

  // nullopt: not such a form; true: parsed; false: such a form, but malformed.
  std::optional<bool> parse_whole_phrase_form(Timeline& timeline);

  // A count back from an event (timeline_count_back.cpp): "10 ngày trước
  // ngày bầu cử", "ít nhất trước 45 ngày làm việc đến ngày khai mạc", "Trước
  // ngày khai mạc kỳ họp ít nhất 15 ngày": on demand, due = event - count.
  // nullopt (nothing consumed): not this form.
  std::optional<bool> parse_count_back(Timeline& timeline);
  bool accept_count_bound();
  std::optional<Lag> accept_count_back_amount();
  std::size_t end_before_punctuation() const;
  bool names_count_back_event(std::size_t from, std::size_t end) const;
  // "10 ngày trước ngày 15/3/2026", "10 ngày trước Tết Nguyên đán": the event
  // is a written day or Tết, [from, end); the timeline's occurrence is the day
  // counted back (all consumed). False (nothing consumed): no such day there.
  bool count_back_from_day(Timeline& timeline, const Lag& lag, std::size_t from, std::size_t end);

 public:
  // "Chậm nhất 10 ngày" alone: a bound with no event, before or after it.
  bool names_bound_without_event();

 private:
  // "Từ khi thành lập đến khi kết thúc nhiệm vụ ...", "Từ ngày thành lập Ủy
  // ban bầu cử đến ngày kết thúc cuộc bầu cử": a window opened and closed by
  // events, with no date in it. True (the whole phrase consumed) when it is one.
  bool accept_event_window();
  bool accept_period_onward(Timeline& timeline);
  bool accept_exception_or_place(Timeline& timeline);
  void count_unit_subject(std::size_t from, std::size_t end);
  bool accept_working_hours();
  bool accept_work_verbs();
  bool accept_start_verbs();
  bool accept_each_week();
  // How long work lasts: `count` days (weeks counted in days) or months.
  struct Duration {
    int count = 0;
    bool days = false;
  };
  std::optional<Duration> accept_duration();
  bool paren_names_period_only(std::size_t at) const;
  bool accept_event_onward();

  // A year range after "giai đoạn" / "từ năm": "2026-2030", "2026 - 2030",
  // "2026 đến năm 2030"; the years are kept in m_range.
  bool accept_year_range();

  bool accept_range_separator();

  // -- weekly --

  std::optional<unsigned> accept_weekday();

  // "16h00", "16 giờ 30", "16:00", "16h": a time of day, skipped.
  void skip_time_of_day();

  // A time of day before a date ("17 giờ 00, ngày 01/02/2026", "05 giờ 00
  // ngày 14/3/2026", "17h00 15/3/2026"): skipped, the date is the due day.
  // False (nothing consumed) when no date follows the time.
  bool skip_time_before_date();

  bool parse_weekly(Timeline& timeline);
  std::optional<bool> parse_weekday_of_month_week(unsigned weekday, std::vector<Occurrence>& out);

  enum class Cadence { year, half, quarter, month };

  static void push_cadence(Cadence cadence, int year, std::vector<Occurrence>& out);
  static void push_cadence_periods(Cadence cadence, int year, std::vector<Occurrence>& out);

  // "quý" / "tháng" / "năm" / "6 tháng" (after "hằng", "định kỳ", "mỗi").
  std::optional<Cadence> accept_cadence_word();
  std::optional<Cadence> accept_frequency();

  // "quý" / "tháng" / "năm" / "6 tháng" after "hằng", "định kỳ" or "theo":
  // every such period of the year written, of a range written after it
  // ("Hằng quý giai đoạn 2026-2030"), else of the plan's whole span; a stated
  // day of each period may follow ("Hằng tháng, trước ngày 25").
  bool parse_recurring_unit(std::vector<Occurrence>& out);

  // Where the stated day of a recurring period falls: in that month ("trước
  // ngày 25 hằng tháng"), in the period's last month ("trước ngày 20 của
  // tháng cuối quý"), or in a month of the period after it ("trước ngày 10
  // của tháng đầu quý sau", "ngày 12 tháng cuối quý sau quý báo cáo").
  enum class DayMonth { same, last_of_period, after_period };
  struct DayRule {
    unsigned day = 0;
    std::vector<unsigned> later_days;  // "ngày 15 và 30 hằng tháng": each a due day too
    std::optional<unsigned> from_day;  // "từ ngày 1 đến ngày 5 hằng tháng": the window's first day
    DayMonth month = DayMonth::same;
    unsigned months_after = 1;  // after_period: the month that many after the period's last
    DueAnchor anchor = DueAnchor::period_end;
    std::optional<Cadence> cadence;  // the period the words name ("tháng cuối quý": a quarter)
    std::optional<Cadence> implied;  // without another cadence ("ngày 05 tháng sau": a month)
  };

  // "[trước | chậm nhất | vào] ngày N [của] [tháng cuối quý | tháng đầu quý
  // sau | tháng sau | hằng tháng]"; never a date ("ngày 15/8", "ngày 20 tháng 12").
  // "ngày cuối cùng" is the month's last day.
  std::optional<DayRule> accept_day_rule();
  // "trước" (before_date), "chậm nhất", "không quá", "trước hoặc vào", "hạn
  // cuối" ... (period_end: the day itself is in time); nothing consumed if none.
  std::optional<DueAnchor> accept_deadline_word();
  bool deadline_word_follows(std::size_t ahead);
  // A few words naming no time ("gửi Sở Nội vụ") right before a deadline
  // word: skipped (true), else nothing consumed.
  bool skip_subject_before_deadline_word();
  // After a cadence: a few words naming the report and its recipient, then a
  // deadline word and a day rule (or the days of the periods). nullopt: no
  // such words (nothing consumed).
  std::optional<bool> accept_day_rule_after_subject(Cadence cadence, std::vector<Occurrence>& out,
                                                    std::size_t first_occurrence);
  // After "tháng" in a day rule: "đầu (tiên)", "thứ hai | thứ 2 | giữa",
  // "thứ ba | thứ 3 | cuối" followed by "(của) quý | kỳ" and "sau | tiếp
  // theo | kế tiếp", then the period reported on ("quý báo cáo", "quý phát
  // sinh nghĩa vụ thuế"): the month of the next period, 1 to 3.
  std::optional<std::pair<unsigned, std::optional<Cadence>>> accept_month_of_next_period();
  // After a day of the next period, the period reported on: "(liền kề)
  // tháng | quý | kỳ báo cáo", "... phát sinh nghĩa vụ thuế" (to the end of
  // the words); nothing else.
  void skip_period_reported_on(std::string_view period_word);
  std::optional<bool> accept_dates_of_cadence(Cadence cadence, std::vector<Occurrence>& out, std::size_t first);

  // Moves the due dates of out[first..] (periods of `cadence`) to the rule's
  // day; false when the rule does not fit the cadence ("Hằng quý, trước ngày
  // 20" does not say which month: not guessed).
  static bool apply_day_rule(const DayRule& rule, Cadence cadence, std::vector<Occurrence>& out, std::size_t first);

  // After a window of whole years ("Năm 2026 - 2030", "Giai đoạn 2026-2030"):
  // ", hằng năm", "(hằng quý)" make it every such period of those years.
  bool accept_cadence_over_window(std::vector<Occurrence>& out, std::size_t first);

  // -- positions in a period and weeks of a month (timeline_positions.cpp) --

  std::optional<Position> accept_position_word();  // "đầu", "giữa", "cuối"

  // "Đầu năm 2026", "giữa tháng 5/2026", "đầu quý I", "giữa năm sau", "cuối
  // mỗi quý", "giữa tháng hằng tháng", "(trong) tuần đầu tháng 3/2026".
  // nullopt: not such a form (a "vào" / "trong" before "cuối" + a numbered
  // or bare period may be consumed: that is the period itself, read by
  // parse_dated); true: read; false: such a form, not understood.
  std::optional<bool> parse_position(std::vector<Occurrence>& out);

  // "tuần đầu (tiên) / cuối (cùng) / thứ N (của) tháng 3/2026", "... mỗi tháng".
  std::optional<bool> parse_week_of_month(std::vector<Occurrence>& out);
  std::optional<bool> parse_last_working_day(std::vector<Occurrence>& out);
  std::optional<bool> parse_before_tet(std::vector<Occurrence>& out);
  // -- days of the lunar calendar (timeline_lunar.cpp) --
  // "Tết (Nguyên đán | âm lịch | cổ truyền) (Bính Ngọ) (năm) (2026)": mùng 1
  // of the year written, else of the plan's year; nullopt: nothing consumed.
  struct Tet {
    Date first_day;
    int year = 0;
    bool year_written = false;
  };
  std::optional<Tet> accept_tet();
  static std::string tet_note(const Tet& tet);
  // "(trong) dịp Tết Nguyên đán (Bính Ngọ 2026)": the eve to mùng 4.
  std::optional<bool> parse_tet_season(std::vector<Occurrence>& out);
  // "(trước) Rằm tháng Giêng", "Rằm tháng 7 (âm lịch) (năm 2026)": lunar day 15.
  std::optional<bool> parse_full_moon(std::vector<Occurrence>& out);
  bool starts_ten_days() const;

  // out[first..] (periods of one cadence) moved to the position of each;
  // false when a period has no such day or already has a stated day.
  static bool place_position(Position position, std::vector<Occurrence>& out, std::size_t first);

  // After a cadence: ", vào giữa tháng", "(đầu quý)": that day of each period.
  // nullopt: none follows (nothing consumed).
  std::optional<bool> accept_position_of_cadence(Cadence cadence, std::vector<Occurrence>& out, std::size_t first);

  // A clause of a compound cell that puts its cadence at a position ("giữa
  // mỗi tháng", "tuần đầu tháng hằng tháng"): read whole, or refused.
  bool clause_has_position(std::size_t end) const;

  // -- lists of dated items --

  // Items separated by ';', ',', '.', "và", new lines or bullets; after a
  // sentence break, clauses that are not items are a compound cell's
  // recurring, ongoing or conditional clauses, or notes.
  bool parse_item_list(Timeline& timeline);
  bool item_ends_here() const;

  // inherited_report: the item continues a "Báo cáo ..." list. report is set
  // to whether this item is a report.
  bool parse_item(Timeline& timeline, bool inherited_report, bool& report);

  // "(trước ngày 15/6)", "trước ngày 15/12", "(chậm nhất ngày 20/01 năm
  // sau)" after one month, quarter, half or year: the period's due date is
  // that day; after_comma: also ", chậm nhất ngày ..." (a report's day).
  // nullopt: none follows; false: one follows, not understood.
  std::optional<bool> accept_stated_day(Occurrence& occurrence, bool after_comma = false);

  // After an item: "(và) hằng năm" repeats it over the plan's span, "và các
  // năm tiếp theo" every following year (to the plan's stated last year, else
  // without end); "(nếu có)" makes the cell conditional.
  void parse_item_suffix(Timeline& timeline, std::size_t first);

  // "(nếu có)", "nếu có", "(nếu cần)".
  bool accept_conditional_mark();

  // The occurrences out[first..] are one year's pattern; append the same
  // periods of each following year through `last` (inclusive), or, without a
  // last year, keep them as an open-ended recurrence generated on request.
  void repeat_relative_items(std::vector<Occurrence>& out,
                             const std::vector<std::pair<std::size_t, std::size_t>>& items);
  void repeat_following_years(std::vector<Occurrence>& out, std::size_t first, std::optional<int> last);

  // "Hoàn thành <việc> trong năm 2024": the words between "Hoàn thành" (or
  // "thực hiện", "triển khai", ...) and the time expression are the activity.
  void skip_activity();

  bool starts_time_expression() const;

  // -- events (timeline_events.cpp) --

  // "Báo cáo ngay", "Báo cáo ngay khi có ...": on demand. True when read (the whole phrase).
  bool accept_immediate(Timeline& timeline);

  // "Theo định kỳ", "Định kỳ theo quy định": no period stated, on demand.
  bool accept_unstated_period(Timeline& timeline);

  // "Bắt đầu ngay sau khi ...; hoàn thành trước 30/6/2026": the deadline
  // clause after a start on an event. nullopt: not this form.
  std::optional<bool> parse_event_start(Timeline& timeline);
  std::optional<bool> parse_dated_start(Timeline& timeline);
  std::optional<Timeline> parse_deadline_clause();
  // After the words of an on-demand form ("Theo kế hoạch", "Đột xuất",
  // "Theo Thông tư 02"): a deadline in a clause of its own (after ';', '.',
  // a new line, or a comma before "trước / chậm nhất / trong ...") or in
  // parentheses ("(hoàn thành trong tháng 10)") is the timeline, the words
  // from `start` its note. nullopt (nothing consumed): no such deadline.
  std::optional<bool> parse_deadline_after_condition(Timeline& timeline, std::size_t start);
  // The deadline clause's obligations become the timeline's; the words from
  // note_start to note_end (the condition or start) its note, before the
  // deadline's own.
  void adopt_deadline(Timeline& timeline, std::size_t note_start, std::size_t note_end, Timeline&& deadline);
  std::optional<bool> parse_lag_after_period_end(Timeline& timeline);

  // -- numbers that are not time (timeline_numbers.cpp) --

  // The tokens from `at` (before `end`) of a cited document's number and its
  // own date ("525/QĐ-UBND", "1234/QĐ-TTg ngày 12/5/2025"), of a quantity
  // ("57ha", "100%", "120 hồ sơ"), or 0: neither is ever a deadline.
  std::size_t document_number_length(std::size_t at, std::size_t end) const;
  std::size_t quantity_length(std::size_t at, std::size_t end) const;
  std::size_t non_time_length(std::size_t at, std::size_t end) const;
  // "lớp 10", "đợt 2", "kỳ họp thứ 10", "Điều 70": a noun numbering a thing
  // (a grade, a round, a session, an article), its number not a time.
  std::size_t numbered_thing_length(std::size_t at, std::size_t end) const;

  // "GPMB 75ha trước 31/12/2026", "Đạt 90% trước tháng 9/2026": words with
  // a quantity before the time are the activity. Nothing consumed unless
  // a quantity was skipped and a time expression follows.
  bool skip_quantity_words();

  // -- compound cells --

  // A sentence break between clauses: ';', '.', a new line, and for ongoing
  // work also ',' ("Thường xuyên, định kỳ hằng quý báo cáo ...").
  bool accept_clause_separator(bool comma_too);

  // The end (exclusive) of the clause starting at m_pos: the next ';', a '.'
  // not inside a date, or a new line.
  std::size_t clause_end() const;

  bool clause_has(std::size_t end, std::string_view phrase) const;

  // "6 tháng" (a half year) inside the clause.
  bool clause_has_half_year(std::size_t end) const;

  // Clauses after the deadline clause: a recurring clause adds its
  // occurrences ("Hằng năm cập nhật ... (nếu có)", "định kỳ 6 tháng báo cáo",
  // "cập nhật trong các năm tiếp theo"); another clause that still names a
  // date is read as dated items, or refused; the rest are notes.
  bool parse_trailing_clauses(Timeline& timeline, bool ongoing);

  // The clause [m_pos, end) as one dated item ("Tổ chức sơ kết vào năm
  // 2025", "báo cáo trước ngày 15/12 hằng năm"); false when it is not one.
  bool parse_dated_clause(Timeline& timeline, std::size_t end);

  // A clause names a time when it holds a year, a date or a day.
  bool clause_names_time(std::size_t end) const;

  // The tokens [from, end) as a note of the timeline.
  void append_note(Timeline& timeline, std::size_t from, std::size_t end) const;

  // Occurrences generated as the timeline closes: open-ended recurrences.
  void finish(Timeline& timeline);

  bool parse_dated(std::vector<Occurrence>& out, bool report);

  // "[Năm] 2024", "[năm] 2024-2028", "2024 - năm 2025", "[từ] năm 2024 đến
  // năm 2026", after "giai đoạn" too: one year, or ONE window due at the end
  // of the last year.
  bool parse_years(std::vector<Occurrence>& out, std::string_view prefix);

  // "03/6/2024 đến ngày 28/6/2024", "03/6 - 28/6/2024" after "Từ (ngày)".
  bool parse_date_window(std::vector<Occurrence>& out);

  // "tháng 12/2025 đến quý I/2026", "quý IV/2025 đến tháng 2/2026", "tháng
  // 11/2025 đến hết năm 2026" after "Từ": periods of different kinds make ONE
  // window from the first period's start, due at the end of the last. False
  // (nothing consumed) for two periods of one kind, which parse_unit_list reads.
  bool parse_period_window(std::vector<Occurrence>& out);
  bool parse_position_window(std::vector<Occurrence>& out);

  bool parse_period_word(std::vector<Occurrence>& out, bool report);

  // "tháng 3/2026", "quý II năm 2026", "tháng 12" (the default year): one
  // numbered month or quarter. nullopt with failed == false: no "tháng" /
  // "quý" here (nothing consumed); failed == true: one without its number
  // or with a malformed year.
  struct NumberedUnit {
    Unit unit = Unit::month;
    unsigned number = 0;
    int year = 0;
  };
  std::optional<NumberedUnit> accept_numbered_unit(bool& failed);

  // "I/2022", "II, III", "II-III", "I và quý III/2022", "3 năm 2022", after
  // "quý" or "tháng". Decision: consecutive units form ONE window occurrence
  // (the task spans them: "Quý II, III" runs from 01/04 to 30/09), whatever
  // the separator; non-adjacent units ("Quý I và Quý III") give one occurrence
  // each. A report lists separate reports, so its units are never merged.
  bool parse_unit_list(Unit unit, std::vector<Occurrence>& out, bool report);

  // "6 tháng đầu năm [2022]", "6 tháng cuối năm 2022", "6 tháng đầu năm và
  // (6 tháng) cuối năm 2022", "9 tháng đầu năm 2026": one occurrence per
  // half or nine months. In a report, a bare "6 tháng" is the mid-year
  // report (first half), a bare "9 tháng" the nine-month one.
  bool parse_half_list(std::vector<Occurrence>& out, bool report);

  // "15/8/2022", "15-8-2022", "15.8.2022", "15/8" (year filled in later),
  // "20 tháng 01 năm 2022".
  bool parse_one_date(DateElement& element);
  // "Từ quý II đến ngày 30/9/2026": one window from the period's first day to
  // that day (a first period without a year is the one before the day).
  bool window_from_period_to_day(Unit unit, unsigned number, std::optional<int> first_year, DateElement last,
                                 std::vector<Occurrence>& out) const;
  // Days that share the month and year of the date after them.
  struct SharedMonthDays {
    std::vector<unsigned> days;  // before the dated one
    DateElement last;
    bool range = false;        // "15-20/6", "từ 15 đến 20/6"; else a list, "11 và 12/6"
    bool alternative = false;  // "5 hoặc 6/3": one of the days
  };
  bool bare_day_follows() const;
  // "trong hai ngày là 11 và 12/6/2026": the days counted, that many in a row.
  std::optional<bool> parse_counted_days(std::vector<Occurrence>& out);
  std::optional<SharedMonthDays> accept_shared_month_days();

  // "6/2025": a month number, '/', a year, and no further "/" or "-" (a date
  // "15/8/2022" has its year third).
  bool month_year_follows(std::size_t ahead) const;

  bool date_follows(std::size_t ahead) const;

  // ", " or " và " (then "ngày") before the next date of a list; nothing
  // consumed unless a date follows.
  bool accept_separator_before_date() {
    const std::size_t start = m_pos;
    if (accept(TokenType::comma) || peek_word("va")) {
      accept_word("va");
      skip_time_before_date();  // "14/10 và (buổi) sáng 15/10/2026": the day's year is the list's
      accept_word("ngay");
      if (date_follows(0)) {
        return true;
      }
    }
    m_pos = start;
    return false;
  }

  // "06-11/2026", "6 – 11/2026", "6 đến 11/2026": two month numbers and one
  // year, without "tháng" (never a day range: "15-20/6/2026" has a month
  // after its days, not a year).
  bool month_range_follows(std::size_t ahead) const;

  // One date or a list ("Trước ngày 15/8 và 15/9/2022"): the words before the
  // first date (its anchor) and a year written after the last apply to all.
  // An impossible day is an error, never clamped.
  bool parse_date_item(std::vector<Occurrence>& out, DueAnchor anchor);

  const std::vector<Token>& m_tokens;
  bool m_periodic_days = false;  // "Định kỳ trước ngày 15/6 và 15/12": every item's days each year
  const Original* m_original = nullptr;
  int m_default_year;
  PlanSpan m_span;
  std::pair<int, int> m_range{0, 0};                 // the last year range read by accept_year_range
  std::vector<Recurrence> m_open;                    // open-ended recurrences read so far
  std::size_t m_end = static_cast<std::size_t>(-1);  // a sub-parser stops here
  bool m_bulleted = false;                           // the phrase starts with a bullet: later dashes may be bullets too
  // A relative year ("năm sau") was read in the current item: its yearly
  // repetition counts from the default year (the year reported on), not from
  // the year the occurrence falls in.
  bool m_relative = false;
  // How many times a pattern was made to recur yearly (repeat_following_years):
  // an item that recurs shows as a change of it.
  int m_yearly_repeats = 0;
  // Items of a relative year that did not recur: [first, end) of the
  // occurrences (parse_item_list).
  std::vector<std::pair<std::size_t, std::size_t>> m_relative_once;
  // The report list being read says "định kỳ" ("Báo cáo định kỳ 6 tháng, năm").
  bool m_periodic_report = false;
  bool m_work_before_cadence = false;
  int m_unit_subjects = 0;
  std::size_t m_pos = 0;
};

// Readings of a whole cell around the parser (timeline_whole.cpp).
// "khai mạc ngày X ... bế mạc ngày Y": one window from X to Y.
void join_opening_and_closing(Timeline& timeline, const std::vector<Token>& tokens);
// A day or month without its year, in a plan that starts after January and
// runs into the next year, that falls before the start: the next year's.
void name_the_year_after_the_start(Timeline& timeline, const std::vector<Token>& tokens, const PlanSpan& span,
                                   const PhraseParser::Original* original);
// "Hội nghị sơ kết (tháng 7/2026)": a label, then its time in parentheses.
std::optional<Timeline> parse_labelled_time(std::string_view phrase, const std::string& folded, PlanSpan span);
// "Giai đoạn 1 (...) và Giai đoạn 2 (...)": a list of labelled times.
std::optional<Timeline> parse_labelled_list(std::string_view phrase, const std::string& folded, PlanSpan span);
// "Tổ chức lựa chọn nhà thầu tư vấn: Hoàn thành trước ngày 30/10/2025": the
// work in words naming no time, a colon, then a dated time; the work its note.
std::optional<Timeline> parse_work_then_time(std::string_view phrase, const std::string& folded, PlanSpan span);
// "cấp xã, cấp huyện" when two clauses of the cell open with a level of
// government (or name one after "đối với"), each with its own time; empty
// otherwise.
std::string levels_with_own_deadlines(const std::vector<Token>& tokens);
// "...; riêng cấp xã trước ngày 10/12": a clause opening with "riêng" (only
// for) gives some units a time of their own.
bool names_an_exception_for_some(const std::vector<Token>& tokens);
// A cell that gives each level of government its own time
// (timeline_levels.cpp): its parts' occurrences, each marked with the tiers of
// the units it is for, or why such a cell is refused. `same_for_all`: every
// part reads the same days ("Cấp huyện: Quý II; cấp xã: Quý II"), so the cell
// is one deadline for everyone when read whole.
struct PerLevelReading {
  tl::expected<Timeline, PhraseError> timeline;
  bool same_for_all = false;
  // Refused whatever the cell read whole gives: its levels' times are not
  // told apart, and one reading for all would remind some of another's day.
  bool refuse_whole = false;
  // One part names its levels ("Cấp huyện, cấp xã: trước ngày 31/3/2026"):
  // theirs only, unless the cell read whole is refused for a reason.
  bool single_part = false;
};
// nullopt: the cell is no list of levels, each with its time.
std::optional<PerLevelReading> parse_per_level(std::string_view phrase, std::string_view folded,
                                               const std::vector<Token>& tokens, PlanSpan span);
// The timeline's different nominal due dates (an open recurrence counts one more).
std::size_t distinct_dues(const Timeline& timeline);
// Whether one of the restated parentheses names a lunar day ("tức 1/8 âm
// lịch", "tháng Giêng", "mùng 3 Tết").
bool restates_a_lunar_day(const std::vector<Token>& tokens,
                          const std::vector<std::pair<std::size_t, std::size_t>>& restated);
// The tokens without parentheses that restate the time, name the period a
// report covers, the occasion, a day by its name or a window's length;
// `restated` gets each one's words, [from, end) in `tokens`.
std::vector<Token> without_restatements(const std::vector<Token>& tokens,
                                        std::vector<std::pair<std::size_t, std::size_t>>& restated);

}  // namespace deadlined::timeline_detail
