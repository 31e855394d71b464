// Positions in a period (Civil Code Art. 146(2)-(3): "đầu tháng" the 1st,
// "giữa tháng" the 15th, "cuối tháng" the last day; "đầu năm" 01/01, "giữa
// năm" 30/06, "cuối năm" 31/12; "đầu quý" its first day) and weeks inside a
// month (week N: days 7N-6..7N; the last week: the last 7 days; due on the
// week's last day), once or in every period of a cadence. Members of the
// timeline phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include "calendar/lunar.hpp"

namespace deadlined::timeline_detail {

std::optional<Position> PhraseParser::accept_position_word() {
  if (accept_word("dau")) {
    return Position::start;
  }
  if (accept_word("giua")) {
    return Position::middle;
  }
  if (accept_word("cuoi")) {
    return Position::end;
  }
  return std::nullopt;
}

namespace {

bool is_period_word(const Token* token) {
  return token != nullptr && token->type == TokenType::word &&
         (token->text == "thang" || token->text == "quy" || token->text == "nam");
}

// "Trung tuần tháng 10/2026" after a word: "trung tuần ..." (the ten days'
// names begin with an ASCII letter).
std::string lower_first(std::string label) {
  if (!label.empty() && label[0] >= 'A' && label[0] <= 'Z') {
    label[0] = static_cast<char>(label[0] - 'A' + 'a');
  }
  return label;
}

bool is_every_word(const Token* token) {
  return token != nullptr && token->type == TokenType::word &&
         (token->text == "moi" || token->text == "hang" || token->text == "cac");
}

}  // namespace

std::optional<bool> PhraseParser::parse_position(std::vector<Occurrence>& out) {
  const std::size_t start = m_pos;
  accept_word("vao") || accept_word("trong");
  // "ngay cuối năm 2023", "Ngay đầu năm 2026": right at that position.
  if (peek_word("ngay") && (peek_word("dau", 1) || peek_word("cuoi", 1) || peek_word("giua", 1)) &&
      (peek_word("nam", 2) || peek_word("thang", 2) || peek_word("quy", 2))) {
    ++m_pos;
  }
  // "trước trung tuần tháng 10": by the day before the part (the 10th);
  // "đầu / cuối trung tuần tháng 10": its first or last day.
  // What is said of the part: nothing, "trước", "đầu", "giữa" or "cuối".
  enum class PartEdge { none, before, first_day, middle, last_day };
  const std::size_t at_edge = m_pos;
  PartEdge edge = PartEdge::none;
  if (accept_word("truoc")) {
    edge = PartEdge::before;
  } else if (const std::optional<Position> said = accept_position_word()) {
    edge = *said == Position::start    ? PartEdge::first_day
           : *said == Position::middle ? PartEdge::middle
                                       : PartEdge::last_day;
  }
  if (edge != PartEdge::none && !starts_ten_days()) {
    m_pos = at_edge;
    edge = PartEdge::none;
  }
  if (peek_word("tuan") || starts_ten_days()) {
    const std::size_t first = out.size();
    const std::optional<bool> week = parse_week_of_month(out);
    if (!week) {
      m_pos = start;
      return std::nullopt;
    }
    if (!*week || edge == PartEdge::none) {
      return week;
    }
    if (edge == PartEdge::middle) {
      return false;  // "giữa trung tuần": no such day
    }
    for (std::size_t i = first; i < out.size(); ++i) {
      const Occurrence part = out[i];
      if (edge == PartEdge::last_day) {
        out[i].label = "Cuối " + lower_first(part.label);  // the part's last day, its due day already
        continue;
      }
      const bool before = edge == PartEdge::before;
      out[i] =
          day_occurrence(before ? part.period_start - std::chrono::days{1} : part.period_start, DueAnchor::period_end);
      out[i].label = (before ? "Trước " : "Đầu ") + lower_first(part.label);
      out[i].recurring = part.recurring;
    }
    return true;
  }
  const std::size_t at_position = m_pos;
  const std::optional<Position> position = accept_position_word();
  if (!position) {
    m_pos = start;
    return std::nullopt;
  }
  accept_word("cua");
  const std::size_t first = out.size();
  // "giữa mỗi tháng", "cuối các quý", "đầu hằng năm": every such period.
  if (is_every_word(peek()) && is_period_word(peek(1))) {
    ++m_pos;
    return parse_recurring_unit(out) && place_position(*position, out, first);
  }
  // "giữa tháng hằng tháng", "cuối quý mỗi quý", "đầu năm hằng năm".
  if (is_period_word(peek()) && (peek_word("hang", 1) || peek_word("moi", 1))) {
    const std::string_view unit = peek()->text;
    m_pos += 2;
    if (!peek_word(unit)) {
      return false;  // "đầu tháng hằng năm": which month is not said
    }
    return parse_recurring_unit(out) && place_position(*position, out, first);
  }
  if (*position == Position::end) {
    m_pos = at_position;  // "cuối năm 2026", "cuối tháng 12": the period itself
    return std::nullopt;
  }
  std::optional<Occurrence> period;
  bool failed = false;
  if (const std::optional<NumberedUnit> numbered = accept_numbered_unit(failed)) {
    period = unit_occurrence(numbered->unit, numbered->year, numbered->number);
  } else if (failed) {
    return false;  // "đầu tháng" alone: which month is not said
  } else if (const std::optional<int> relative = accept_relative_year()) {
    period = year_occurrence(*relative);  // "đầu năm sau"
  } else if (accept_word("nam")) {
    period = year_occurrence(accept_year().value_or(m_default_year));
  } else {
    return false;
  }
  const std::optional<Occurrence> placed = position_occurrence(*period, *position);
  if (!placed) {
    return false;  // "giữa quý II"
  }
  out.push_back(*placed);
  return true;
}

// "Thượng tuần", "trung tuần", "hạ tuần": the first, middle and last ten
// days of a month (1-10, 11-20, 21 to the end).
bool PhraseParser::starts_ten_days() const {
  // "nửa đầu / nửa cuối / nửa sau (của) tháng 6": the first or second half of a month.
  const bool half_month = peek_word("nua") && (peek_word("dau", 1) || peek_word("cuoi", 1) || peek_word("sau", 1)) &&
                          (peek_word("thang", 2) || (peek_word("cua", 2) && peek_word("thang", 3)));
  return half_month || ((peek_word("thuong") || peek_word("trung") || peek_word("ha")) && peek_word("tuan", 1));
}

std::optional<bool> PhraseParser::parse_week_of_month(std::vector<Occurrence>& out) {
  const std::size_t start = m_pos;
  // 1, 2, 3: "thượng", "trung", "hạ tuần"; 4, 5: "nửa đầu", "nửa cuối"; 0: a week
  unsigned ten_days = 0;
  if (starts_ten_days()) {
    ten_days = peek_word("thuong") ? 1 : peek_word("trung") ? 2 : peek_word("ha") ? 3 : peek_word("dau", 1) ? 4 : 5;
    m_pos += 2;
  } else if (!accept_word("tuan")) {
    return std::nullopt;
  }
  const auto part_of = [&](int year, unsigned month, unsigned week) {
    return ten_days > 3    ? half_month_occurrence(year, month, ten_days - 3)
           : ten_days != 0 ? ten_days_occurrence(year, month, ten_days)
                           : *month_week_occurrence(year, month, week);
  };
  unsigned week = 0;
  if (ten_days != 0) {
    // The part is named: the month follows.
  } else if (accept_word("dau")) {
    accept_word("tien");
    week = 1;
  } else if (accept_word("cuoi")) {
    accept_word("cung");
    week = 0;
  } else {
    const bool ordinal = accept_word("thu");
    static constexpr std::array<std::string_view, 5> k_ordinals{"nhat", "hai", "ba", "tu", "nam"};
    const Token* token = peek();
    if (token != nullptr && token->type == TokenType::number && token->text.size() <= 2 && token->value >= 1) {
      week = static_cast<unsigned>(token->value);
    } else if (ordinal && token != nullptr && token->type == TokenType::word) {
      for (unsigned i = 0; i < k_ordinals.size(); ++i) {
        week = token->text == k_ordinals[i] ? i + 1 : week;
      }
    }
    if (week == 0) {
      m_pos = start;
      return std::nullopt;
    }
    ++m_pos;
    if (week > 4) {
      return false;  // a fifth week is not a whole week of every month: not guessed
    }
  }
  accept_word("cua") || accept_word("trong");
  const std::size_t first = out.size();
  bool recurring = false;
  if (is_every_word(peek()) && peek_word("thang", 1)) {
    ++m_pos;  // "tuần đầu mỗi tháng", "tuần cuối các tháng"
    recurring = true;
  } else if (accept_word("thang")) {
    if (accept_word("hang") || accept_word("moi")) {
      if (!peek_word("thang")) {
        return false;  // "tuần đầu tháng hằng năm": which month is not said
      }
      recurring = true;  // "tuần đầu tháng hằng tháng"
    } else {
      const std::optional<unsigned> month = accept_small_number(12);
      bool failed = false;
      const std::optional<int> year = month ? accept_year_suffix(failed) : std::nullopt;
      if (!month || failed) {
        return false;
      }
      out.push_back(part_of(year.value_or(m_default_year), *month, week));
      return true;
    }
  } else {
    return false;  // "tuần đầu năm", "tuần đầu quý": weeks are read inside a month only
  }
  if (!recurring || !parse_recurring_unit(out)) {
    return false;
  }
  for (std::size_t i = first; i < out.size(); ++i) {
    if (out[i].period != PeriodKind::month) {
      return false;  // a stated day besides the week
    }
    out[i] = part_of(year_of(out[i].period_start), month_of(out[i].period_start), week);
  }
  return true;
}

bool PhraseParser::place_position(Position position, std::vector<Occurrence>& out, std::size_t first) {
  for (std::size_t i = first; i < out.size(); ++i) {
    if (out[i].period == PeriodKind::day) {
      return false;  // "giữa mỗi tháng, trước ngày 25": two days for one period
    }
    const std::optional<Occurrence> placed = position_occurrence(out[i], position);
    if (!placed) {
      return false;
    }
    out[i] = *placed;
  }
  return true;
}

std::optional<bool> PhraseParser::accept_position_of_cadence(Cadence cadence, std::vector<Occurrence>& out,
                                                             std::size_t first) {
  const std::size_t start = m_pos;
  accept(TokenType::comma) || accept(TokenType::colon);
  const bool paren = accept(TokenType::open_paren);
  accept_word("vao") || accept_word("trong");
  const std::optional<Position> position = accept_position_word();
  const std::string_view unit = cadence == Cadence::month     ? "thang"
                                : cadence == Cadence::quarter ? "quy"
                                : cadence == Cadence::year    ? "nam"
                                                              : "";
  // "Hằng tháng, vào giữa tháng", "Hằng quý (đầu quý)"; not "Hằng năm, cuối
  // tháng 12" (a period of its own, read as a date of each year).
  if (!position || unit.empty() || !accept_word(unit) || peek_type(TokenType::number) ||
      (paren && !accept(TokenType::close_paren))) {
    m_pos = start;
    return std::nullopt;
  }
  return place_position(*position, out, first);
}

bool PhraseParser::clause_has_position(std::size_t end) const {
  for (std::size_t at = m_pos; at + 1 < end; ++at) {
    const Token& token = m_tokens[at];
    if (token.type != TokenType::word) {
      continue;
    }
    const Token* next = &m_tokens[at + 1];
    if (token.text == "tuan" && next->type == TokenType::word &&
        (next->text == "dau" || next->text == "cuoi" || next->text == "thu")) {
      return true;
    }
    if ((token.text == "thuong" || token.text == "trung" || token.text == "ha") && next->type == TokenType::word &&
        next->text == "tuan") {
      return true;
    }
    // "cuối mỗi quý" is the period's end, the cadence's own day.
    if (token.text == "dau" || token.text == "giua") {
      const Token* after = at + 2 < end ? &m_tokens[at + 2] : nullptr;
      if (is_every_word(next) || (is_period_word(next) && after != nullptr && after->type == TokenType::word &&
                                  (after->text == "hang" || after->text == "moi"))) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace deadlined::timeline_detail

namespace deadlined::timeline_detail {

// "(Chậm nhất vào) Ngày làm việc cuối cùng của tháng" (every month), "... của mỗi quý",
// "... hằng tháng", "... của tháng 6/2026", "... của năm 2026": the period's
// last day, due on the last working day on or before it.
std::optional<bool> PhraseParser::parse_last_working_day(std::vector<Occurrence>& out) {
  const std::size_t start = m_pos;
  // "chậm nhất (là) (vào) ngày làm việc cuối cùng ...", "vào ngày làm việc
  // cuối cùng ...": the same day, said as a deadline.
  if (accept_words({"cham", "nhat"})) {
    accept_word("la");
  }
  accept_word("vao");
  if (!accept_words({"ngay", "lam", "viec", "cuoi"})) {
    m_pos = start;
    return std::nullopt;
  }
  accept_word("cung");
  accept_word("cua") || accept_word("trong");
  const std::size_t first = out.size();
  if (is_every_word(peek()) && is_period_word(peek(1))) {
    ++m_pos;  // "của mỗi tháng", "hằng quý"
  } else if (is_period_word(peek()) && (peek_word("hang", 1) || peek_word("moi", 1))) {
    m_pos += 2;  // "của tháng hằng tháng"
    if (!is_period_word(peek())) {
      return false;
    }
  }
  if (is_period_word(peek()) && !starts_time_expression()) {
    if (!parse_recurring_unit(out)) {  // "của tháng", "của quý": every one of the span
      return false;
    }
  } else if (!parse_dated(out, false)) {
    return false;
  }
  if (out.size() == first) {
    return false;
  }
  for (std::size_t i = first; i < out.size(); ++i) {
    Occurrence& occurrence = out[i];
    if (occurrence.period == PeriodKind::day || occurrence.period == PeriodKind::week ||
        occurrence.anchor != DueAnchor::period_end) {
      return false;  // "ngày làm việc cuối cùng của ngày ...": no period to end
    }
    occurrence.last_working_day = true;
  }
  return true;
}

// "Trước Tết Nguyên đán 2026", "trước Tết Nguyên đán Bính Ngọ năm 2026",
// "trước Tết âm lịch", "Trước Tết Nguyên đán hằng năm": the eve of the lunar
// new year falling in the year named (else the plan's year; every year of the
// span after "hằng năm"), due on the last working day before Tết.
std::optional<bool> PhraseParser::parse_before_tet(std::vector<Occurrence>& out) {
  if (!(peek_word("truoc") && peek_word("tet", 1))) {
    return std::nullopt;
  }
  ++m_pos;
  const std::optional<Tet> tet = accept_tet();
  if (!tet) {
    return false;
  }
  const std::optional<int> year = tet->year_written ? std::optional<int>(tet->year) : std::nullopt;
  const bool yearly = accept_words({"hang", "nam"}) || accept_words({"moi", "nam"});
  if (yearly && year) {
    return false;  // "Trước Tết Nguyên đán 2026 hằng năm": which years is not clear
  }
  // Repeating a day by whole years ("... và các năm tiếp theo", "(hằng năm)"
  // after the year) would keep the solar date; Tết moves. Only "Trước Tết
  // Nguyên đán hằng năm" repeats it, each year's own.
  for (std::size_t at = m_pos; at + 1 < limit(); ++at) {
    const std::string_view word = m_tokens[at].text;
    const std::string_view next = m_tokens[at + 1].text;
    if ((word == "hang" || word == "moi" || word == "cac" || word == "nhung") && next == "nam") {
      return false;
    }
  }
  const int first_year = yearly ? m_span.first : year.value_or(m_default_year);
  const int last_year = yearly ? m_span.bounded_last() : first_year;
  for (int y = first_year; y <= last_year; ++y) {
    const std::optional<Date> first_day = lunar_to_solar(LunarDate{1, 1, y, false});
    if (!first_day) {
      return false;
    }
    Occurrence occurrence = day_occurrence(*first_day - std::chrono::days{1}, DueAnchor::period_end);
    occurrence.label = "Trước Tết Nguyên đán " + std::to_string(y);
    occurrence.last_working_day = true;
    occurrence.recurring = yearly;
    out.push_back(std::move(occurrence));
  }
  return true;
}

}  // namespace deadlined::timeline_detail
