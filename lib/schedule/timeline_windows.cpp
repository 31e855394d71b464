// Windows: from one date to another ("Từ ngày 03/6/2024 đến ngày
// 28/6/2024") and from a period to one of another kind ("Từ tháng 12/2025
// đến quý I/2026"). Members of the timeline phrase parser
// (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

namespace deadlined::timeline_detail {

// "03/6/2024 đến ngày 28/6/2024", "03/6 - 28/6/2024" after "Từ (ngày)".
bool PhraseParser::parse_date_window(std::vector<Occurrence>& out) {
  {
    // "Từ ngày 15 đến ngày 20/6/2026", "15-20/6/2026": the days share the
    // month of the last.
    const std::size_t start = m_pos;
    if (const std::optional<SharedMonthDays> shared = accept_shared_month_days(); shared && shared->range) {
      std::vector<DateElement> last{shared->last};
      resolve_years_backwards(last, m_default_year);
      const DateElement& dated = last.front();
      if (!is_valid_date(*dated.year, dated.month, dated.day)) {
        return false;
      }
      out.push_back(date_window_occurrence(make_date(*dated.year, dated.month, shared->days.front()),
                                           make_date(*dated.year, dated.month, dated.day)));
      return true;
    }
    m_pos = start;
  }
  DateElement first;
  if (!parse_one_date(first)) {
    return false;
  }
  const bool first_year_written = first.year.has_value();
  if (!accept_range_separator()) {
    // "Bắt đầu từ ngày 06/9/2024; kết thúc trước ngày 18/01/2025" (a
    // school term): the end named in a clause of its own.
    accept(TokenType::semicolon) || accept(TokenType::comma) || accept(TokenType::dot);
    accept_word("va");
    if (!accept_words({"ket", "thuc"})) {
      return false;
    }
    accept_word("truoc") || accept_word("vao");
  }
  accept_word("het");
  if (peek_word("thang") || peek_word("quy")) {
    // "Từ 15/9 đến tháng 2/2027", "từ ngày 01/10 đến hết quý I năm sau": to
    // the end of that month or quarter.
    const Unit unit = peek_word("thang") ? Unit::month : Unit::quarter;
    ++m_pos;
    const std::optional<unsigned> number = accept_unit_number(unit);
    bool failed = false;
    const std::optional<int> year = number ? accept_year_suffix(failed) : std::nullopt;
    if (!number || failed) {
      return false;
    }
    const Date to = unit_end(unit, year.value_or(m_default_year), *number);
    const int first_year = first.year.value_or(year_of(to));
    if (!is_valid_date(first_year, first.month, first.day)) {
      return false;
    }
    Date from = make_date(first_year, first.month, first.day);
    if (to < from && !first_year_written && is_valid_date(first_year - 1, first.month, first.day)) {
      from = make_date(first_year - 1, first.month, first.day);  // over the new year, as below
    }
    if (to < from) {
      return false;
    }
    out.push_back(date_window_occurrence(from, to));
    return true;
  }
  // "đến 17 giờ 00, ngày 01/02/2026", "đến 05 giờ 00 ngày 14/3/2026".
  skip_time_before_date();
  accept_word("ngay");
  DateElement last;
  if (!parse_one_date(last)) {
    return false;
  }
  std::vector<DateElement> both{first, last};
  if (first.relative && last.relative && first.year == m_default_year - 1 && last.year == m_default_year + 1) {
    both[0].year = m_default_year;  // "từ 01/8 năm trước đến 31/7 năm sau": two consecutive years
  }
  resolve_years_backwards(both, m_default_year);
  if (!is_valid_date(*both[0].year, both[0].month, both[0].day) ||
      !is_valid_date(*both[1].year, both[1].month, both[1].day)) {
    return false;
  }
  Date from = make_date(*both[0].year, both[0].month, both[0].day);
  const Date to = make_date(*both[1].year, both[1].month, both[1].day);
  if (to < from && !first_year_written && !both[0].relative && both[0].month > both[1].month &&
      is_valid_date(*both[0].year - 1, both[0].month, both[0].day)) {
    // "17/12 - 12/01/2027", "từ 5/9 đến hết ngày 12/1/2027": a window over
    // the new year, its start in the year before ("22/4 - 04/4/2019", a
    // slip, is no such window).
    from = make_date(*both[0].year - 1, both[0].month, both[0].day);
  }
  if (to < from) {
    return false;
  }
  out.push_back(date_window_occurrence(from, to));
  return true;
}

// "đầu tháng 3 đến cuối tháng 5/2026", "giữa tháng 4 đến giữa tháng 5" after
// "Từ": from the day a position names to the end of what follows, one
// window. A start without a year takes the end's (the year before when it
// would fall after the end). False (nothing consumed) when it is not one.
bool PhraseParser::parse_position_window(std::vector<Occurrence>& out) {
  const std::size_t start = m_pos;
  if (!peek_word("dau") && !peek_word("giua")) {
    return false;
  }
  std::vector<Occurrence> from;
  std::vector<Occurrence> to;
  const bool first_read = parse_dated(from, false) && from.size() == 1 && from.front().period == PeriodKind::day;
  const std::size_t first_end = m_pos;
  if (!first_read || !accept_range_separator()) {
    m_pos = start;
    return false;
  }
  accept_word("het");
  if (!parse_dated(to, false) || to.size() != 1) {
    m_pos = start;
    return false;
  }
  const std::size_t end = m_pos;
  const bool first_year_written = std::any_of(m_tokens.begin() + static_cast<std::ptrdiff_t>(start),
                                              m_tokens.begin() + static_cast<std::ptrdiff_t>(first_end),
                                              [](const Token& token) { return is_year_token(&token); }) ||
                                  m_relative;
  const Date last = to.front().nominal_due;
  const auto first_in = [&](int year) {
    const int saved = m_default_year;
    m_default_year = year;
    m_pos = start;
    std::vector<Occurrence> again;
    const bool read = parse_dated(again, false) && again.size() == 1;
    m_default_year = saved;
    return read ? std::optional<Date>(again.front().nominal_due) : std::nullopt;
  };
  std::optional<Date> first = from.front().nominal_due;
  if (!first_year_written) {
    first = first_in(year_of(last));
    if (first && *first > last) {
      first = first_in(year_of(last) - 1);
    }
  }
  m_pos = end;
  if (!first || *first > last) {
    m_pos = start;
    return false;
  }
  out.push_back(date_window_occurrence(*first, last));
  return true;
}

// "tháng 12/2025 đến quý I/2026", "quý IV/2025 đến tháng 2/2026", "tháng
// 11/2025 đến hết năm 2026" after "Từ": periods of different kinds make ONE
// window from the first period's start, due at the end of the last. False
// (nothing consumed) for two periods of one kind, which parse_unit_list reads.
bool PhraseParser::parse_period_window(std::vector<Occurrence>& out) {
  struct Period {
    std::optional<Unit> unit;  // none: a year
    unsigned number = 0;
    std::optional<int> year;
  };
  const std::size_t start = m_pos;
  const auto read = [this](Period& period, bool year_allowed) {
    if (accept_word("thang")) {
      period.unit = Unit::month;
    } else if (accept_word("quy")) {
      period.unit = Unit::quarter;
    } else if (year_allowed && accept_word("nam")) {
      period.year = accept_year();
      return period.year.has_value();
    } else {
      return false;
    }
    const std::optional<unsigned> number = accept_unit_number(*period.unit);
    if (!number) {
      return false;
    }
    period.number = *number;
    bool failed = false;
    period.year = accept_year_suffix(failed);
    return !failed;
  };
  Period first;
  Period last;
  bool ok = read(first, false) && accept_range_separator();
  if (ok) {
    accept_word("het");
    skip_time_before_date();
    if (peek_word("ngay") || date_follows(0)) {
      // "Từ quý II đến ngày 30/9/2026", "từ tháng 3 đến hết ngày 15/5": from
      // the period's first day to that day.
      accept_word("ngay");
      DateElement day;
      if (parse_one_date(day) && window_from_period_to_day(first.unit.value(), first.number, first.year, day, out)) {
        return true;
      }
      m_pos = start;
      return false;
    }
    ok = read(last, true) && first.unit != last.unit;
  }
  if (!ok) {
    m_pos = start;
    return false;
  }
  const int last_year = last.year.value_or(first.year.value_or(m_default_year));
  int first_year = first.year.value_or(last_year);
  const Date to = last.unit ? unit_end(*last.unit, last_year, last.number) : make_date(last_year, 12, 31);
  Date from = unit_start(*first.unit, first_year, first.number);
  if (!first.year && to < from) {
    --first_year;  // "Từ tháng 11 đến quý I/2026": the November before
    from = unit_start(*first.unit, first_year, first.number);
  }
  if (to < from) {
    m_pos = start;
    return false;
  }
  Occurrence occurrence;
  occurrence.label = "Từ " + unit_label(*first.unit, first_year, first.number) + " đến " +
                     (last.unit ? unit_label(*last.unit, last_year, last.number) : "năm " + std::to_string(last_year));
  occurrence.period_start = from;
  occurrence.nominal_due = to;
  occurrence.period = PeriodKind::window;
  out.push_back(std::move(occurrence));
  return true;
}

bool PhraseParser::window_from_period_to_day(Unit unit, unsigned number, std::optional<int> first_year,
                                             DateElement last, std::vector<Occurrence>& out) const {
  const int last_year = last.year.value_or(first_year.value_or(m_default_year));
  if (!is_valid_date(last_year, last.month, last.day)) {
    return false;
  }
  const Date to = make_date(last_year, last.month, last.day);
  int year = first_year.value_or(last_year);
  Date from = unit_start(unit, year, number);
  if (!first_year && to < from) {
    from = unit_start(unit, --year, number);  // "Từ tháng 11 đến ngày 15/01/2027": the November before
  }
  if (to <= from) {
    return false;
  }
  Occurrence occurrence = date_window_occurrence(from, to);
  occurrence.label = "Từ " + unit_label(unit, year, number) + " đến " + date_label(to);
  out.push_back(std::move(occurrence));
  return true;
}

// "06-11/2026", "6 – 11/2026", "6 đến 11/2026": two month numbers and one
// year, without "tháng". A day range ("15-20/6/2026") has a month after its
// days, and a date ("06-11-2026") no slash: neither is read here.
bool PhraseParser::month_range_follows(std::size_t ahead) const {
  const auto month_number = [this](std::size_t at) {
    const Token* token = peek(at);
    return token != nullptr && token->type == TokenType::number && token->value >= 1 && token->value <= 12 &&
           token->text.size() <= 2;
  };
  if (!month_number(ahead)) {
    return false;
  }
  std::size_t at = ahead + 1;
  if (peek_type(TokenType::dash, at) || peek_word("den", at) || peek_word("toi", at)) {
    ++at;
  } else {
    return false;
  }
  if (peek_word("het", at)) {
    ++at;
  }
  return month_number(at) && month_year_follows(at);
}
}  // namespace deadlined::timeline_detail
