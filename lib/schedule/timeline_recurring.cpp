// Year ranges ("Giai đoạn 2026 - 2030"), weekly phrases ("thứ năm hằng tuần"),
// and recurring units ("Hằng năm", "Hằng quý", "định kỳ 6 tháng").
// Members of the timeline phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <array>

namespace deadlined::timeline_detail {

// A year range after "giai đoạn" / "từ năm": "2026-2030", "2026 - 2030",
// "2026 đến năm 2030"; the years are kept in m_range.
bool PhraseParser::accept_year_range() {
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

bool PhraseParser::accept_range_separator() {
  return accept(TokenType::dash) || accept_word("den") || accept_word("toi");
}

std::optional<unsigned> PhraseParser::accept_weekday() {
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
void PhraseParser::skip_time_of_day() {
  const std::size_t start = m_pos;
  // "sáng ngày 6/4/2026", "chiều 28/9", "(vào) buổi sáng ngày 01": the part
  // of the day, then a date (skip_time_before_date keeps it only when one follows).
  // "Cả ngày 14/10": the whole day.
  if (peek_word("ca") && peek_word("ngay", 1)) {
    ++m_pos;
    return;
  }
  const bool part_word = accept_word("buoi");
  if (accept_word("sang") || accept_word("chieu") || accept_word("trua") || accept_word("toi")) {
    return;
  }
  if (part_word) {
    m_pos = start;
    return;
  }
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

// A time of day before a date ("17 giờ 00, ngày 01/02/2026", "05 giờ 00
// ngày 14/3/2026", "17h00 15/3/2026"): skipped, the date is the due day.
// False (nothing consumed) when no date follows the time.
bool PhraseParser::skip_time_before_date() {
  const std::size_t start = m_pos;
  // "(Từ) 7h15 - 8h00 ngày 5/9/2025", "từ 8 giờ đến 17 giờ ngày ...": hours
  // of one day; the day is due.
  // "Từ 7 giờ ngày 19/02 đến 10 giờ ngày 22/02" is a window of days: "từ"
  // is taken only with two times.
  const bool from = accept_word("tu");
  const std::size_t at_time = m_pos;
  skip_time_of_day();
  bool hours = false;
  if (m_pos > at_time) {
    const std::size_t before_end = m_pos;
    if (accept(TokenType::dash) || accept_word("den")) {
      const std::size_t at_end = m_pos;
      skip_time_of_day();
      hours = m_pos > at_end;
      if (!hours) {
        m_pos = before_end;
      }
    }
  }
  if (from && !hours) {
    m_pos = start;
    return false;
  }
  // "vào Chủ nhật ngày 15/3/2026", "Thứ Tư, ngày 05/3/2026", "8 giờ, thứ
  // Ba, ngày 24/02/2026": the date's weekday.
  const std::size_t after_time = m_pos;
  if (m_pos > at_time) {
    accept(TokenType::comma);
  }
  if (!accept_weekday()) {
    m_pos = after_time;
  } else {
    accept(TokenType::comma);
    if (!((peek_word("ngay") && date_follows(1)) || date_follows(0))) {
      m_pos = after_time;
    }
  }
  if (m_pos == start) {
    return false;
  }
  accept(TokenType::comma);
  if (peek_word("ngay") || date_follows(0)) {
    return true;
  }
  m_pos = start;
  return false;
}

bool PhraseParser::parse_weekly(Timeline& timeline) {
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
    accept_words({"bao", "cao"});  // "Hằng tuần, báo cáo trước 16h00 thứ Năm"
  }
  // "hằng tuần (thứ Sáu)"
  const bool paren = weekly && accept(TokenType::open_paren);
  accept_word("vao") || accept_word("truoc") || (accept_words({"cham", "nhat"}) && accept_word("la")) ||
      accept_words({"cham", "nhat"});
  accept_word("ngay");
  skip_time_of_day();
  accept_word("ngay");
  // "sáng / chiều / tối thứ Hai": the day, whatever the hour.
  accept_word("sang") || accept_word("chieu") || accept_word("toi");
  weekday = accept_weekday();
  // "Thứ Ba và Thứ Sáu hàng tuần", "thứ 3, thứ 6 hằng tuần": each of them.
  std::vector<unsigned> more_days;
  while (weekday) {
    const std::size_t before_next = m_pos;
    accept(TokenType::comma);
    accept_word("va");
    // "sáng Thứ Ba và sáng Thứ Sáu": the day, whatever the hour.
    accept_word("sang") || accept_word("chieu") || accept_word("toi");
    if (const std::optional<unsigned> next = accept_weekday(); next && m_pos > before_next + 1) {
      more_days.push_back(*next);
      continue;
    }
    m_pos = before_next;
    break;
  }
  if (paren && !(weekday && accept(TokenType::close_paren))) {
    m_pos = start;
    return false;
  }
  weekly = weekly || (weekday && accept_each_week());
  if (!weekly) {
    if (!weekday) {
      m_pos = start;
      return false;
    }
    // "Thứ Sáu tuần cuối tháng", "thứ Hai của tuần đầu tiên hằng tháng".
    const std::optional<bool> monthly =
        more_days.empty() ? parse_weekday_of_month_week(*weekday, timeline.occurrences) : std::nullopt;
    if (monthly) {
      if (!*monthly) {
        m_pos = start;
      }
      return *monthly;
    }
    accept(TokenType::comma);
    if (!((accept_word("hang") || accept_word("moi") || accept_word("cac")) && accept_word("tuan"))) {
      m_pos = start;
      return false;
    }
    // "Thứ Năm hằng tuần (trước 16h00)": a time of day, skipped.
    const std::size_t before_time = m_pos;
    if (accept(TokenType::open_paren)) {
      accept_word("truoc") || accept_word("vao");
      const std::size_t at = m_pos;
      skip_time_of_day();
      if (m_pos == at || !accept(TokenType::close_paren)) {
        m_pos = before_time;
      }
    }
  }
  // Without a weekday, the end of the working week: Friday.
  more_days.insert(more_days.begin(), weekday.value_or(5));
  const std::size_t first = timeline.occurrences.size();
  for (const unsigned day : more_days) {
    repeat_weekly(day, make_date(m_span.first, 1, 1), make_date(m_span.bounded_last(), 12, 31), timeline.occurrences);
  }
  for (std::size_t i = first; i < timeline.occurrences.size(); ++i) {
    timeline.occurrences[i].recurring = true;
  }
  std::stable_sort(timeline.occurrences.begin() + static_cast<std::ptrdiff_t>(first), timeline.occurrences.end(),
                   [](const Occurrence& a, const Occurrence& b) { return a.nominal_due < b.nominal_due; });
  return true;
}

// After a weekday: "(của) tuần đầu (tiên) / thứ N / cuối (cùng) (của) (mỗi |
// hằng) tháng [M/YYYY]". That weekday inside the week of the month
// (month_week_occurrence: days 7N-6..7N, or the last seven), of the month
// named or else of every month of the plan's span. nullopt: no week follows
// (nothing consumed); false: a week that is not understood ("tuần thứ 5").
std::optional<bool> PhraseParser::parse_weekday_of_month_week(unsigned weekday, std::vector<Occurrence>& out) {
  const std::size_t start = m_pos;
  accept_word("cua");
  unsigned week = 0;
  if (!accept_word("tuan")) {
    // "Thứ Hai đầu tiên của tháng", "thứ Sáu cuối cùng hằng tháng": the
    // first or last such weekday, the one in the month's first or last seven days.
    if (accept_words({"dau", "tien"})) {
      week = 1;
    } else if (!accept_words({"cuoi", "cung"})) {
      m_pos = start;
      return std::nullopt;
    }
  } else if (accept_word("dau")) {
    accept_word("tien");
    week = 1;
  } else if (accept_word("cuoi")) {
    accept_word("cung");
  } else if (accept_word("thu")) {
    const std::optional<unsigned> number = accept_small_number(5);
    if (!number || *number > 4) {
      return false;
    }
    week = *number;
  } else {
    m_pos = start;
    return std::nullopt;
  }
  accept_word("cua") || accept_word("trong");
  const bool every = accept_word("hang") || accept_word("moi") || accept_word("cac");
  if (!accept_word("thang")) {
    return false;
  }
  std::vector<std::pair<int, unsigned>> months;
  if (const std::optional<unsigned> named = every ? std::nullopt : accept_small_number(12)) {
    bool failed = false;
    const std::optional<int> named_year = accept_year_suffix(failed);
    if (failed) {
      return false;
    }
    months.emplace_back(named_year.value_or(m_default_year), *named);
  } else {
    accept_word("hang") || accept_word("moi");  // "tuần cuối tháng hằng tháng"
    for (int year = m_span.first; year <= m_span.bounded_last(); ++year) {
      for (unsigned month = 1; month <= 12; ++month) {
        months.emplace_back(year, month);
      }
    }
  }
  for (const auto& [year, month] : months) {
    const std::optional<Occurrence> week_of_month = month_week_occurrence(year, month, week);
    if (!week_of_month) {
      return false;
    }
    const Date first_day = week_of_month->period_start;
    const int offset = (static_cast<int>(weekday) - static_cast<int>(weekday_of(first_day)) + 7) % 7;
    Occurrence occurrence = day_occurrence(first_day + std::chrono::days{offset}, DueAnchor::period_end);
    occurrence.label = std::string(vietnamese_weekday(occurrence.nominal_due)) + " " + week_of_month->label;
    occurrence.recurring = months.size() > 1;
    out.push_back(std::move(occurrence));
  }
  return true;
}

void PhraseParser::push_cadence(Cadence cadence, int year, std::vector<Occurrence>& out) {
  const std::size_t first = out.size();
  push_cadence_periods(cadence, year, out);
  for (std::size_t i = first; i < out.size(); ++i) {
    out[i].recurring = true;
  }
}

void PhraseParser::push_cadence_periods(Cadence cadence, int year, std::vector<Occurrence>& out) {
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

// "quý" / "tháng" / "năm" / "6 tháng" (after "hằng", "định kỳ", "mỗi").
std::optional<PhraseParser::Cadence> PhraseParser::accept_cadence_word() {
  if (accept_word("quy")) {
    return Cadence::quarter;
  }
  if (peek_type(TokenType::number) && peek()->value == 6 && peek_word("thang", 1)) {
    m_pos += 2;
    if (accept(TokenType::slash)) {
      accept_word("lan");
    }
    accept_words({"mot", "lan"});
    return Cadence::half;
  }
  // "định kỳ 03 tháng" (a quarter), "01 tháng", "12 tháng", "01 năm".
  if (const Token* count = peek(); count != nullptr && count->type == TokenType::number && count->text.size() <= 2) {
    if (peek_word("thang", 1) && (count->value == 1 || count->value == 3 || count->value == 12)) {
      m_pos += 2;
      return count->value == 1 ? Cadence::month : count->value == 3 ? Cadence::quarter : Cadence::year;
    }
    if (peek_word("nam", 1) && count->value == 1) {
      m_pos += 2;
      return Cadence::year;
    }
  }
  if (accept_word("thang")) {
    return Cadence::month;
  }
  if (accept_word("nam")) {
    return Cadence::year;
  }
  return std::nullopt;
}

// "quý" / "tháng" / "năm" / "6 tháng" after "hằng", "định kỳ" or "theo":
// every such period of the year written, of a range written after it
// ("Hằng quý giai đoạn 2026-2030"), else of the plan's whole span; a stated
// day of each period may follow ("Hằng tháng, trước ngày 25").
bool PhraseParser::parse_recurring_unit(std::vector<Occurrence>& out) {
  const std::optional<Cadence> cadence = accept_cadence_word();
  if (!cadence) {
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
  int first = year.value_or(m_span.first);
  int last = year.value_or(m_span.bounded_last());
  if (!year) {
    // "Hằng quý giai đoạn 2026-2030", "Hằng năm (2026-2030)", "hằng tháng từ
    // năm 2026 đến năm 2027": the periods of those years.
    const std::size_t before_range = m_pos;
    accept(TokenType::comma);
    const bool paren = accept(TokenType::open_paren);
    accept_word("trong");
    accept_words({"giai", "doan"});
    if (accept_year_range() && (!paren || accept(TokenType::close_paren))) {
      first = m_range.first;
      last = m_range.second;
    } else {
      m_pos = before_range;
    }
  }
  const std::size_t first_occurrence = out.size();
  for (int y = first; y <= last; ++y) {
    push_cadence(*cadence, y, out);
  }
  // "Hằng tháng, trước ngày 25", "Hằng quý (trước ngày 20 của tháng cuối quý)".
  const std::size_t before_rule = m_pos;
  accept(TokenType::comma) || accept(TokenType::colon);
  const bool paren = accept(TokenType::open_paren);
  const std::size_t after_punctuation = m_pos;
  if (const std::optional<DayRule> rule = accept_day_rule()) {
    return (!paren || accept(TokenType::close_paren)) && apply_day_rule(*rule, *cadence, out, first_occurrence);
  }
  if (!paren) {
    m_pos = after_punctuation;
    if (const std::optional<bool> applied = accept_day_rule_after_subject(*cadence, out, first_occurrence)) {
      return *applied;
    }
  }
  m_pos = before_rule;
  if (const std::optional<bool> dated = accept_dates_of_cadence(*cadence, out, first_occurrence)) {
    return *dated;
  }
  // "Hằng tháng, vào giữa tháng", "Hằng quý (đầu quý)".
  return accept_position_of_cadence(*cadence, out, first_occurrence).value_or(true);
}

// "Định kỳ 6 tháng (trước ngày 15/6 và 15/12)", "Hằng quý, chậm nhất các
// ngày 20/3, 20/6, 20/9 và 20/12": a day and month for each period of a year,
// in order; every year's periods are due on them. A day before its period's
// start is in the next year ("15/01" for the second half); each day falls
// before the end of the period after its own, and the days keep the
// periods' order. nullopt: no such list
// (nothing consumed); false: a list that does not fit the periods.
std::optional<bool> PhraseParser::accept_dates_of_cadence(Cadence cadence, std::vector<Occurrence>& out,
                                                          std::size_t first) {
  if (cadence != Cadence::half && cadence != Cadence::quarter) {
    return std::nullopt;  // a year's one day is a stated day; a month's a day rule
  }
  const std::size_t start = m_pos;
  accept(TokenType::comma) || accept(TokenType::colon);
  const bool paren = accept(TokenType::open_paren);
  accept_words({"bao", "cao"}) || accept_word("gui") || accept_word("nop");
  DueAnchor anchor = DueAnchor::period_end;
  if (const std::optional<DueAnchor> written = accept_deadline_word()) {
    anchor = *written;
    accept_word("vao");
  } else {
    accept_word("vao");
  }
  accept_word("cac");
  accept_word("ngay");
  std::vector<DateElement> elements;
  while (date_follows(0)) {
    DateElement element;
    if (!parse_one_date(element) || element.year || element.relative) {
      break;
    }
    elements.push_back(element);
    if (!accept_separator_before_date()) {
      break;
    }
  }
  if (elements.size() < 2 || (paren && !accept(TokenType::close_paren))) {
    m_pos = start;
    return std::nullopt;
  }
  const unsigned months_per_period = cadence == Cadence::half ? 6 : 3;
  if (elements.size() != 12 / months_per_period) {
    return false;  // "Hằng quý (trước 15/6 và 15/12)": which quarter is which is not said
  }
  std::optional<Date> previous_due;  // the periods' days stay in their order
  for (std::size_t i = first; i < out.size(); ++i) {
    Occurrence& occurrence = out[i];
    const int year = year_of(occurrence.period_start);
    const unsigned index = (month_of(occurrence.period_start) - 1) / months_per_period;
    const DateElement& element = elements[index];
    const int due_year = element.month < month_of(occurrence.period_start) ? year + 1 : year;
    if (!is_valid_date(due_year, element.month, element.day)) {
      return false;
    }
    const Date due = make_date(due_year, element.month, element.day);
    const int months_after_end = (due_year - year_of(occurrence.nominal_due)) * 12 + static_cast<int>(element.month) -
                                 static_cast<int>(month_of(occurrence.nominal_due));
    if (months_after_end >= static_cast<int>(months_per_period) || (previous_due && due <= *previous_due)) {
      return false;
    }
    previous_due = due;
    occurrence.nominal_due = due;
    occurrence.anchor = anchor;
  }
  return true;
}

// "[trước | chậm nhất | vào] ngày N [của] [tháng cuối quý | tháng đầu quý
// sau | tháng sau | hằng tháng]"; never a date ("ngày 15/8", "ngày 20 tháng 12").
std::optional<PhraseParser::DayRule> PhraseParser::accept_day_rule() {
  const std::size_t start = m_pos;
  DayRule rule;
  if (accept_word("tu")) {
    // "từ ngày 1 đến (hết) ngày 5 hằng tháng": days of each period, due on the last.
    rule.from_day = accept_word("ngay") ? accept_small_number(31) : std::nullopt;
    if (!rule.from_day || !accept_range_separator()) {
      m_pos = start;
      return std::nullopt;
    }
    accept_word("het");
  } else if (const std::optional<DueAnchor> anchor = accept_deadline_word()) {
    rule.anchor = *anchor;
    accept_word("vao");
  } else if (accept_word("trong")) {
    accept_word("cung");  // "trong (cùng) ngày 01 hàng tháng": on that day
  } else {
    accept_word("vao") || accept_words({"han", "chot"});
  }
  accept_word("la");  // "chậm nhất là ngày 20 hằng tháng"
  if (const std::size_t before_time = m_pos; !peek_word("ngay")) {
    skip_time_of_day();  // "Trước 17h00 ngày 25 hằng tháng": the day, whatever the hour
    if (!peek_word("ngay")) {
      m_pos = before_time;
    }
  }
  const bool day_word = accept_word("ngay");
  // "ngày thứ 20 của tháng tiếp theo": an ordinal day, never a weekday ("thứ 2" .. "thứ 7").
  if (day_word && peek_word("thu") && peek_type(TokenType::number, 1) && peek(1)->value > 7) {
    ++m_pos;
  }
  // "ngày cuối cùng của tháng ...": the month's last day (clamped below).
  const bool last_day = day_word && !rule.from_day && accept_words({"cuoi", "cung"});
  const std::optional<unsigned> day = last_day   ? std::optional<unsigned>(31)
                                      : day_word ? accept_small_number(31)
                                                 : std::nullopt;
  // "ngày 15/8", "ngày 15-8", "ngày 15.8": a date, not a day of every period.
  if (!day || peek_type(TokenType::slash) ||
      ((peek_type(TokenType::dash) || peek_type(TokenType::dot)) && peek_type(TokenType::number, 1))) {
    m_pos = start;
    return std::nullopt;
  }
  rule.day = *day;
  if (rule.from_day && *rule.from_day >= rule.day) {
    m_pos = start;
    return std::nullopt;
  }
  // "ngày 15 và 30", "ngày 10, 20 và 30": more days of the same month, never
  // the days of a date ("ngày 11 và 12/6": the month follows the last day).
  for (unsigned previous = rule.day; !rule.from_day && !last_day;) {
    const std::size_t before_separator = m_pos;
    if (!(accept(TokenType::comma) || peek_word("va"))) {
      break;
    }
    accept_word("va");
    accept_word("ngay");
    const std::optional<unsigned> more = accept_small_number(31);
    if (!more || peek_type(TokenType::slash) || peek_type(TokenType::dash) || peek_type(TokenType::dot)) {
      m_pos = before_separator;
      break;
    }
    if (*more <= previous) {
      m_pos = start;  // "ngày 30 và 15": not a month's days in order
      return std::nullopt;
    }
    rule.later_days.push_back(*more);
    previous = *more;
  }
  accept_word("cua") || accept_word("trong");
  accept_word("cac");
  const auto accept_quarter_words = [this] {
    // "quý", "của quý", "mỗi quý", "của mỗi quý", "hằng quý"
    const std::size_t at = m_pos;
    accept_word("cua");
    accept_word("moi") || accept_word("hang");
    if (accept_word("quy")) {
      return true;
    }
    m_pos = at;
    return false;
  };
  if (const auto next = accept_month_of_next_period()) {
    rule.month = DayMonth::after_period;
    rule.months_after = next->first;
    rule.cadence = next->second;
  } else if (accept_words({"thang", "cuoi"})) {
    // "tháng cuối quý", "tháng cuối của (mỗi) quý", "tháng cuối kỳ (báo cáo)"
    if (accept_quarter_words()) {
      rule.cadence = Cadence::quarter;
      // "tháng cuối quý thuộc (của) kỳ báo cáo", "tháng cuối quý báo cáo".
      const std::size_t before_tail = m_pos;
      if (!((accept_word("thuoc") || accept_word("cua")) && accept_words({"ky", "bao", "cao"}))) {
        m_pos = before_tail;
        accept_words({"bao", "cao"});
      }
    } else {
      if (peek_word("cua") && peek_word("ky", 1)) {
        ++m_pos;  // "tháng cuối (của) kỳ báo cáo"
      }
      if (!accept_word("ky")) {
        m_pos = start;
        return std::nullopt;
      }
      accept_words({"bao", "cao"});
    }
    rule.month = DayMonth::last_of_period;
  } else if (peek_word("thang") && peek_word("dau", 1)) {
    m_pos = start;  // "tháng đầu quý" of the same period: which report it closes is not said
    return std::nullopt;
  } else if (accept_words({"thang", "sau"}) || accept_words({"thang", "tiep", "theo"}) ||
             accept_words({"thang", "ke", "tiep"})) {
    rule.month = DayMonth::after_period;
    rule.implied = Cadence::month;  // "trước ngày 05 tháng sau": of each month
    // "Ngày 12 tháng sau tháng báo cáo", "... tháng tiếp theo liền kề kỳ báo cáo".
    skip_period_reported_on("thang");
  } else if (accept_word("hang") || accept_word("moi")) {
    if (!accept_word("thang")) {
      m_pos = start;
      return std::nullopt;
    }
    rule.cadence = Cadence::month;
  } else if (peek_word("thang") && !peek_type(TokenType::number, 1)) {
    ++m_pos;  // "trước ngày 25 của tháng", "... của tháng báo cáo"
    accept_words({"bao", "cao"});
    rule.cadence = Cadence::month;
  }
  // The cadence may be said once more after the day: "... tháng cuối quý hằng quý".
  const std::size_t before_repeat = m_pos;
  accept(TokenType::comma);
  if (accept_word("hang") || accept_word("moi") || accept_words({"dinh", "ky"})) {
    const std::optional<Cadence> again = accept_cadence_word();
    if (again && (!rule.cadence || rule.cadence == again)) {
      rule.cadence = again;
    } else {
      m_pos = before_repeat;
    }
  } else {
    m_pos = before_repeat;
  }
  return rule;
}

std::optional<std::pair<unsigned, std::optional<PhraseParser::Cadence>>> PhraseParser::accept_month_of_next_period() {
  const std::size_t start = m_pos;
  if (!accept_word("thang")) {
    return std::nullopt;
  }
  unsigned month = 0;
  if (accept_word("dau")) {
    accept_word("tien");
    month = 1;
  } else if (accept_word("giua")) {
    month = 2;
  } else if (accept_word("cuoi")) {
    month = 3;
  } else if (accept_word("thu")) {
    // "tháng thứ hai": the second month (never a weekday here: "quý sau" must follow).
    if (accept_word("hai") || (peek_type(TokenType::number) && peek()->value == 2 && accept_small_number(2))) {
      month = 2;
    } else if (accept_word("ba") || (peek_type(TokenType::number) && peek()->value == 3 && accept_small_number(3))) {
      month = 3;
    }
  }
  accept_word("cua");
  std::optional<Cadence> cadence;
  if (accept_word("quy")) {
    cadence = Cadence::quarter;
  } else if (!accept_word("ky")) {
    month = 0;
  }
  if (month == 0 ||
      !(accept_word("sau") || accept_words({"tiep", "theo"}) || accept_words({"ke", "tiep"}) || accept_word("ke"))) {
    m_pos = start;
    return std::nullopt;
  }
  skip_period_reported_on("quy");  // "Ngày 12 tháng cuối quý sau quý báo cáo"
  return std::make_pair(month, cadence);
}

void PhraseParser::skip_period_reported_on(std::string_view period_word) {
  const std::size_t start = m_pos;
  accept_word("sau");  // "ngày 3 của tháng kế tiếp sau kỳ báo cáo"
  accept_words({"lien", "ke"});
  if (!(accept_word(period_word) || accept_word("ky"))) {
    m_pos = start;
  } else if (accept_words({"phat", "sinh"})) {
    while (peek_type(TokenType::word)) {  // the rest of the words name the obligation
      ++m_pos;
    }
  } else if (!accept_words({"bao", "cao"})) {
    m_pos = start;
  }
}

// Moves the due dates of out[first..] (periods of `cadence`) to the rule's
// day; false when the rule does not fit the cadence ("Hằng quý, trước ngày
// 20" does not say which month: not guessed).
bool PhraseParser::apply_day_rule(const DayRule& rule, Cadence cadence, std::vector<Occurrence>& out,
                                  std::size_t first) {
  if (rule.cadence && *rule.cadence != cadence) {
    return false;
  }
  if ((rule.month == DayMonth::same && cadence != Cadence::month) ||
      (rule.month == DayMonth::last_of_period && cadence == Cadence::month)) {
    return false;
  }
  // "tháng thứ hai kỳ sau" of a monthly report: the next period has one month.
  if (rule.month == DayMonth::after_period && rule.months_after > 1 && cadence == Cadence::month) {
    return false;
  }
  if (!rule.later_days.empty()) {
    // Several days of every month: each day is an occurrence of its own.
    if (cadence != Cadence::month || rule.month != DayMonth::same) {
      return false;
    }
    const std::vector<Occurrence> months(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
    out.resize(first);
    for (const Occurrence& month : months) {
      const int year = year_of(month.nominal_due);
      const unsigned number = month_of(month.nominal_due);
      std::optional<Date> previous;
      std::vector<unsigned> days{rule.day};
      days.insert(days.end(), rule.later_days.begin(), rule.later_days.end());
      for (const unsigned day : days) {
        // Clamped to the month, once: "ngày 15 và 30" in February is the 15th and the 28th.
        const Date due = clamped_date(year, number, day);
        if (previous == due) {
          continue;
        }
        previous = due;
        Occurrence occurrence = day_occurrence(due, rule.anchor);
        occurrence.recurring = month.recurring;
        out.push_back(std::move(occurrence));
      }
    }
    return true;
  }
  for (std::size_t i = first; i < out.size(); ++i) {
    Occurrence& occurrence = out[i];
    int year = year_of(occurrence.nominal_due);
    unsigned month = month_of(occurrence.nominal_due);
    if (rule.month == DayMonth::after_period) {
      const unsigned months = month - 1 + rule.months_after;
      year += static_cast<int>(months / 12);
      month = months % 12 + 1;
    }
    // A period's day is clamped to its month ("ngày 30 hằng tháng" in February).
    occurrence.nominal_due = clamped_date(year, month, rule.day);
    occurrence.anchor = rule.anchor;
    occurrence.period = PeriodKind::day;
    if (rule.from_day) {
      occurrence.period_start = clamped_date(year, month, *rule.from_day);
      occurrence.period = PeriodKind::window;
    }
    occurrence.report = false;
  }
  return true;
}

// After a window of whole years ("Năm 2026 - 2030", "Giai đoạn 2026-2030"):
// ", hằng năm", "(hằng quý)" make it every such period of those years.
bool PhraseParser::accept_cadence_over_window(std::vector<Occurrence>& out, std::size_t first) {
  if (out.size() != first + 1) {
    return false;
  }
  const Occurrence window = out[first];
  const int first_year = year_of(window.period_start);
  const int last_year = year_of(window.nominal_due);
  if (window.period != PeriodKind::window || first_year == last_year ||
      window.period_start != make_date(first_year, 1, 1) || window.nominal_due != make_date(last_year, 12, 31)) {
    return false;
  }
  const std::size_t start = m_pos;
  accept(TokenType::comma);
  const bool paren = accept(TokenType::open_paren);
  if (!(accept_word("hang") || accept_word("moi") || accept_words({"dinh", "ky"}))) {
    m_pos = start;
    return false;
  }
  accept_word("hang");
  const std::optional<Cadence> cadence = accept_cadence_word();
  if (!cadence || (paren && !accept(TokenType::close_paren))) {
    m_pos = start;
    return false;
  }
  out.pop_back();
  for (int year = first_year; year <= last_year; ++year) {
    push_cadence(*cadence, year, out);
  }
  return true;
}

}  // namespace deadlined::timeline_detail
