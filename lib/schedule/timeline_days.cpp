// Days: one date ("15/8/2022", "20 tháng 01 năm 2022"), lists of them
// ("ngày 11 và 12/6/2026", "26, 27, 28/6"), one of them ("ngày 5 hoặc
// 6/3/2026"), and a window from one day to another ("Ngày 21/2 - 17/3").
// Members of the timeline phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <utility>

namespace deadlined::timeline_detail {

// "15/8/2022", "15-8-2022", "15.8.2022", "15/8" (year filled in later),
// "20 tháng 01 năm 2022".
bool PhraseParser::parse_one_date(DateElement& element) {
  // "ngày 25-10", "từ 22-3", "đến (hết) 15-5", "trước 31-5", "ngày 10.3",
  // "tối 21-8": after a word that opens a day (or a part of one), a dash or dot
  // joins a day and its month, though no year follows; so does the second
  // date of such a range ("12.3-30.4").
  const auto word_before = [this](std::size_t back) {
    if (m_pos < back || m_tokens[m_pos - back].type != TokenType::word) {
      return false;
    }
    const std::string_view word = m_tokens[m_pos - back].text;
    return word == "ngay" || word == "tu" || word == "den" || word == "truoc" || word == "toi" || word == "sang" ||
           word == "chieu" || word == "trua" || word == "het";
  };
  const bool second_of_range =
      m_pos >= 3 && m_tokens[m_pos - 1].type == TokenType::dash && m_tokens[m_pos - 2].type == TokenType::number &&
      (m_tokens[m_pos - 3].type == TokenType::dot || m_tokens[m_pos - 3].type == TokenType::dash);
  // "Ngày 9 và 10-5", "ngày 9, 10-5", "ngày 9-5 và 10-5": a later day of a
  // list opened by such a word (days and months only: "đến 2030, 6-11" is no
  // list of days).
  const auto listed_after_day_word = [this, &word_before] {
    std::size_t back = 1;
    const auto in_list = [](const Token& token) {
      switch (token.type) {
        case TokenType::comma:
        case TokenType::slash:
        case TokenType::dash:
        case TokenType::dot:
          return true;
        case TokenType::number:
          return token.text.size() <= 2 && token.value >= 1 && token.value <= 31;
        case TokenType::word:
          return token.text == "va" || token.text == "hoac";
        default:
          return false;
      }
    };
    while (m_pos > back && in_list(m_tokens[m_pos - back])) {
      ++back;
    }
    return back > 1 && m_tokens[m_pos - back + 1].type == TokenType::number && word_before(back);
  };
  const bool after_ngay = word_before(1) || second_of_range || listed_after_day_word();
  const std::optional<unsigned> day = accept_small_number(31);
  const Token* separator = peek();
  if (!day || separator == nullptr) {
    return false;
  }
  element.day = *day;
  std::optional<unsigned> month;
  if (separator->type == TokenType::slash || separator->type == TokenType::dash || separator->type == TokenType::dot) {
    const TokenType separator_type = separator->type;
    ++m_pos;
    month = accept_small_number(12);
    if (month && peek_type(separator_type) && peek_type(TokenType::number, 1)) {
      ++m_pos;
      element.year = accept_year();
      if (!element.year) {
        return false;
      }
    } else if (separator_type != TokenType::slash && !relative_year_follows() && !yearly_cadence_follows() &&
               !(after_ngay && !peek_type(TokenType::number) && !peek_type(TokenType::slash) &&
                 (!peek_type(TokenType::dash) || (peek_type(TokenType::number, 1) && peek_type(separator_type, 2) &&
                                                  !peek_type(TokenType::slash, 4))))) {
      return false;  // "6-01", "6.01" without a year are not read as dates ("31-01 năm sau", "ngày 25-10" are)
    }
  } else if (accept_word("thang")) {
    month = accept_small_number(12);
    // "19 tháng 11/2023": the year after the month's number.
    if (month && peek_type(TokenType::slash) && is_year_token(peek(1))) {
      ++m_pos;
      element.year = accept_year();
    }
  }
  if (!month) {
    return false;
  }
  element.month = *month;
  if (!element.year) {
    element.relative = relative_year_follows();
    element.year = accept_relative_year();
  }
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
bool PhraseParser::month_year_follows(std::size_t ahead) const {
  const Token* month = peek(ahead);
  const Token* separator = peek(ahead + 1);
  const Token* after = peek(ahead + 3);
  return month != nullptr && month->type == TokenType::number && month->value >= 1 && month->value <= 12 &&
         month->text.size() <= 2 && separator != nullptr && separator->type == TokenType::slash &&
         is_year_token(peek(ahead + 2)) &&
         (after == nullptr ||
          (after->type != TokenType::slash && after->type != TokenType::dash && after->type != TokenType::number) ||
          // "06/2026 - 12/2026": a range of months written the same way.
          (after->type == TokenType::dash && month_year_follows(ahead + 4)));
}

bool PhraseParser::date_follows(std::size_t ahead) const {
  const Token* next = peek(ahead + 1);
  return peek_type(TokenType::number, ahead) && next != nullptr &&
         (next->type == TokenType::slash || next->type == TokenType::dash || next->type == TokenType::dot ||
          (next->type == TokenType::word && next->text == "thang"));
}

// One date or a list ("Trước ngày 15/8 và 15/9/2022"): the words before the
// first date (its anchor) and a year written after the last apply to all.
// An impossible day is an error, never clamped.
// A day number whose month comes with a later date: "15" in "15-20/6/2026",
// "từ 15 đến 20/6", "11 và 12/6/2026", "26, 27, 28/6". Not the day of a date
// of its own ("15-6-2026", "25-10", "15/6").
bool PhraseParser::bare_day_follows() const {
  const Token* day = peek();
  if (day == nullptr || day->type != TokenType::number || day->value < 1 || day->value > 31 || day->text.size() > 2) {
    return false;
  }
  if (peek_word("den", 1) || peek_word("toi", 1) || peek_word("va", 1) || peek_word("hoac", 1) ||
      peek_type(TokenType::comma, 1)) {
    return peek_type(TokenType::number, 2) || peek_word("ngay", 2) || peek_word("het", 2);
  }
  // "15-20/6": a dash, then a day with its month.
  // "5 - 24.1.2026": a dot joins the last day's month as a slash does.
  // "18-19 tháng 11 năm 2023": the month in words.
  return peek_type(TokenType::dash, 1) &&
         ((peek_type(TokenType::number, 2) &&
           (peek_type(TokenType::slash, 3) || peek_type(TokenType::dot, 3) || peek_word("thang", 3))) ||
          peek_word("ngay", 2));
}

std::optional<PhraseParser::SharedMonthDays> PhraseParser::accept_shared_month_days() {
  const std::size_t start = m_pos;
  SharedMonthDays shared;
  while (bare_day_follows()) {
    shared.days.push_back(static_cast<unsigned>(peek()->value));
    ++m_pos;
    if (accept_range_separator()) {
      if (shared.range || shared.days.size() > 1) {
        break;  // "1 - 5 - 9/6" is no range
      }
      shared.range = true;
      accept_word("het");
    } else {
      accept(TokenType::comma);
      if (!accept_word("va") && accept_word("hoac")) {
        shared.alternative = true;
      }
      if (shared.range) {
        break;
      }
    }
    accept_word("ngay");
  }
  if (shared.days.empty() || (shared.range && shared.days.size() != 1) || !date_follows(0) ||
      !parse_one_date(shared.last)) {
    m_pos = start;
    return std::nullopt;
  }
  for (const unsigned day : shared.days) {
    if (shared.range ? day >= shared.last.day : day >= shared.last.day || day == 0) {
      m_pos = start;
      return std::nullopt;  // "20-15/6": the days must come before the dated one
    }
  }
  return shared;
}

bool PhraseParser::parse_date_item(std::vector<Occurrence>& out, DueAnchor anchor) {
  // "ngày 29 (của) các tháng 3, 6, 9, 11": that day of each month listed.
  if (const Token* day = peek(); day != nullptr && day->type == TokenType::number && day->value >= 1 &&
                                 day->value <= 31 && day->text.size() <= 2) {
    const std::size_t list = peek_word("cua", 1) ? 2 : 1;
    if (peek_word("cac", list) && peek_word("thang", list + 1)) {
      const std::size_t start = m_pos;
      m_pos += list + 1;
      std::vector<Occurrence> months;
      if (!parse_period_word(months, false) || months.empty() ||
          std::any_of(months.begin(), months.end(),
                      [](const Occurrence& month) { return month.period != PeriodKind::month; })) {
        m_pos = start;
        return false;
      }
      for (const Occurrence& month : months) {
        const int year = year_of(month.nominal_due);
        const unsigned number = month_of(month.nominal_due);
        const auto day_number = static_cast<unsigned>(day->value);
        if (!is_valid_date(year, number, day_number)) {
          return false;  // "ngày 31 các tháng 2, 4": no such day, never clamped
        }
        Occurrence due = day_occurrence(make_date(year, number, day_number), anchor);
        due.recurring = month.recurring;
        out.push_back(std::move(due));
      }
      return true;
    }
  }
  if (const std::optional<SharedMonthDays> shared = accept_shared_month_days()) {
    // "Ngày 15-20/6/2026": one window; "ngày 11 và 12/6/2026": each day.
    std::vector<DateElement> last{shared->last};
    resolve_years_backwards(last, m_default_year);
    const DateElement& dated = last.front();
    if (!is_valid_date(*dated.year, dated.month, dated.day)) {
      return false;
    }
    const Date to = make_date(*dated.year, dated.month, dated.day);
    if (shared->range || shared->alternative) {
      // "ngày 5 hoặc 6/3/2026": one of the days, so the last is the deadline.
      out.push_back(date_window_occurrence(make_date(*dated.year, dated.month, shared->days.front()), to));
      return true;
    }
    for (const unsigned day : shared->days) {
      out.push_back(day_occurrence(make_date(*dated.year, dated.month, day), anchor));
    }
    out.push_back(day_occurrence(to, anchor));
    return true;
  }
  std::vector<DateElement> elements;
  bool alternative = false;  // "ngày 15/3 hoặc 20/3/2026": one of the days
  while (true) {
    DateElement element;
    if (!parse_one_date(element)) {
      return false;
    }
    elements.push_back(element);
    if (accept_separator_before_date()) {
      continue;
    }
    const std::size_t before_or = m_pos;
    accept(TokenType::comma);
    if (accept_word("hoac")) {
      accept_word("ngay");
      if (date_follows(0)) {
        alternative = true;
        continue;
      }
    }
    m_pos = before_or;
    break;
  }
  if (alternative) {
    resolve_years_backwards(elements, m_default_year);
    std::vector<Date> days;
    for (const DateElement& element : elements) {
      if (!is_valid_date(*element.year, element.month, element.day)) {
        return false;
      }
      days.push_back(make_date(*element.year, element.month, element.day));
    }
    if (!std::is_sorted(days.begin(), days.end()) || days.front() == days.back()) {
      return false;  // alternatives out of order: not something to guess about
    }
    out.push_back(date_window_occurrence(days.front(), days.back()));
    return true;
  }
  // "Ngày 21/2 - 17/3", "ngày 21/2 đến 17/3": a window from one day to another.
  if (elements.size() == 1 && (peek_type(TokenType::dash) || peek_word("den")) && date_follows(1)) {
    const std::size_t before_end = m_pos;
    ++m_pos;
    DateElement last;
    if (parse_one_date(last)) {
      std::vector<DateElement> ends{elements.front(), last};
      resolve_years_backwards(ends, m_default_year);
      if (!is_valid_date(*ends[0].year, ends[0].month, ends[0].day) ||
          !is_valid_date(*ends[1].year, ends[1].month, ends[1].day)) {
        return false;
      }
      const Date from = make_date(*ends[0].year, ends[0].month, ends[0].day);
      const Date to = make_date(*ends[1].year, ends[1].month, ends[1].day);
      if (to <= from) {
        return false;
      }
      out.push_back(date_window_occurrence(from, to));
      return true;
    }
    m_pos = before_end;
  }
  std::vector<bool> year_written;
  for (const DateElement& element : elements) {
    year_written.push_back(element.year.has_value());
  }
  resolve_years_backwards(elements, m_default_year);
  // A list runs forward in time: a day without a year that falls after the
  // day written next is of the year before it ("20/12 và 15/01/2027":
  // 20/12/2026), unless that day's year is relative ("15/12 và 15/01 năm sau").
  for (std::size_t index = elements.size() - 1; index-- > 0;) {
    const DateElement& next = elements[index + 1];
    DateElement& element = elements[index];
    if (!year_written[index] && !next.relative && *element.year == *next.year &&
        std::pair(element.month, element.day) > std::pair(next.month, next.day)) {
      element.year = *next.year - 1;
    }
  }
  for (const DateElement& element : elements) {
    if (!is_valid_date(*element.year, element.month, element.day)) {
      return false;
    }
    out.push_back(day_occurrence(make_date(*element.year, element.month, element.day), anchor));
  }
  return true;
}
// "trong hai ngày là 11 và 12-6-2026", "Trong 03 ngày, từ ngày 11 đến ngày
// 13/6/2026": the days the count names, read as without it (a list each day,
// as "trong 2 ngày 11 và 12/6/2026" is; a range one window due on its last
// day). Days that are not that many in a row are refused.
std::optional<bool> PhraseParser::parse_counted_days(std::vector<Occurrence>& out) {
  const Token* count = peek(1);
  if (!(peek_word("trong") && count != nullptr && count->type == TokenType::number && peek_word("ngay", 2) &&
        count->value >= 2 && count->value <= 31)) {
    return std::nullopt;
  }
  const std::size_t start = m_pos;
  m_pos += 3;
  accept_word("la") || accept_word("gom") || accept(TokenType::colon) || accept(TokenType::comma);
  accept_word("cac");
  const bool from = accept_word("tu");
  accept_word("ngay");
  if (!date_follows(0) && !bare_day_follows()) {
    m_pos = start;
    return std::nullopt;
  }
  std::vector<Occurrence> days;
  if (!(from ? parse_date_window(days) : parse_date_item(days, DueAnchor::period_end)) || days.empty()) {
    m_pos = start;
    return std::nullopt;
  }
  const Date first = days.front().period_start;
  const Date last = days.back().nominal_due;
  for (std::size_t i = 1; i < days.size(); ++i) {
    if (days[i].period_start != days[i - 1].nominal_due + std::chrono::days{1}) {
      return false;  // "trong 2 ngày 11 và 13/6": not days in a row
    }
  }
  if ((last - first).count() + 1 != count->value) {
    return false;  // "trong 2 ngày là 11, 12 và 13/6": the count and the days disagree
  }
  out.insert(out.end(), days.begin(), days.end());
  return true;
}

}  // namespace deadlined::timeline_detail
