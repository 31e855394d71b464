// Year ranges ("Giai đoạn 2026 - 2030"), weekly phrases ("thứ năm hằng tuần"),
// and recurring units ("Hằng năm", "Hằng quý", "định kỳ 6 tháng").
// Members of the timeline phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

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
  skip_time_of_day();
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
  repeat_weekly(day, make_date(m_span.first, 1, 1), make_date(m_span.bounded_last(), 12, 31), timeline.occurrences);
  return true;
}

void PhraseParser::push_cadence(Cadence cadence, int year, std::vector<Occurrence>& out) {
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
bool PhraseParser::parse_recurring_unit(std::vector<Occurrence>& out) {
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
}  // namespace deadlined::timeline_detail
