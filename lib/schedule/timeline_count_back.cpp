// A count back from an event: "10 ngày trước ngày bầu cử", "chậm nhất 15
// ngày trước ngày tổ chức Hội nghị", "ít nhất trước 45 ngày làm việc đến
// ngày khai mạc kỳ họp", "trước 07 ngày làm việc so với ngày diễn ra kỳ
// họp", "Trước ngày khai mạc kỳ họp ít nhất 15 ngày". The event has no date
// in the cell, so the task is on demand; `deadlined trigger --event D` makes
// it due on D less the count. Also the bare bounds with no event named
// ("Không quá 10 ngày", "Chậm nhất 10 ngày"). Members of the timeline phrase
// parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined::timeline_detail {

namespace {

// Words that open a time of their own: the activity before a count back
// names none of them.
constexpr std::array<std::string_view, 20> k_time_words{"quy",  "thang", "nam", "ngay", "tuan", "hang", "moi",
                                                        "dinh", "tu",    "den", "sau",  "khi",  "vao",  "trong",
                                                        "theo", "truoc", "han", "cham", "it",   "som"};

}  // namespace

// "chậm nhất", "ít nhất", "sớm nhất", "tối thiểu", "không muộn hơn": how the
// count bounds the day. "sớm nhất" (at the earliest) names the first day the
// work may be done; it is taken as the due day, so reminders come before it.
bool PhraseParser::accept_count_bound() {
  const bool bound = accept_words({"cham", "nhat"}) || accept_words({"it", "nhat"}) || accept_words({"som", "nhat"}) ||
                     accept_words({"toi", "thieu"}) || accept_words({"khong", "muon", "hon"});
  if (bound) {
    accept_word("la");
  }
  return bound;
}

// "10 ngày", "07 ngày làm việc", "mười ngày", "hai mươi ngày", "01 tuần" (7
// days), "02 tháng", "01 năm" (12 months): how far back; nullopt (nothing consumed) when no count is here.
std::optional<Lag> PhraseParser::accept_count_back_amount() {
  const std::size_t start = m_pos;
  const Token* count = peek();
  if (count == nullptr) {
    return std::nullopt;
  }
  int value = 0;
  std::size_t length = 1;
  if (count->type == TokenType::number && count->value > 0) {
    value = count->value;
  } else {
    // "mười", "mười lăm", "hai mươi": the longest run of words that spells a
    // number and is followed by its unit.
    for (std::size_t words = 3; words >= 1 && value == 0; --words) {
      std::vector<std::string_view> spelled;
      for (std::size_t at = 0; at < words && peek_type(TokenType::word, at); ++at) {
        spelled.push_back(peek(at)->text);
      }
      const std::optional<int> number = spelled.size() == words ? spelled_number(spelled) : std::nullopt;
      if (number && (peek_word("ngay", words) || peek_word("tuan", words) || peek_word("thang", words))) {
        value = *number;
        length = words;
      }
    }
  }
  // A number glued to a separator ("15/3", "15-3") is a date, not a count.
  if (value == 0 || peek_type(TokenType::slash, 1) || peek_type(TokenType::dash, 1)) {
    return std::nullopt;
  }
  m_pos += length;
  Lag lag;
  lag.before = true;
  if (accept_word("ngay")) {
    lag.count = value;
    lag.working_days = accept_words({"lam", "viec"});
  } else if (accept_word("tuan") && !peek_word("lam")) {
    lag.count = value * 7;
  } else if (accept_word("thang")) {
    lag.count = value;
    lag.months = true;
  } else if (peek_word("nam") && !is_year_token(peek(1))) {
    ++m_pos;  // "01 năm trước ngày ...": 12 months
    lag.count = value * 12;
    lag.months = true;
  }
  if (lag.count == 0 || lag.count > (lag.months ? 36 : 366)) {
    m_pos = start;
    return std::nullopt;
  }
  return lag;
}

// The end of the cell, before its trailing punctuation.
std::size_t PhraseParser::end_before_punctuation() const {
  std::size_t end = limit();
  while (end > m_pos && (m_tokens[end - 1].type == TokenType::dot || m_tokens[end - 1].type == TokenType::semicolon ||
                         m_tokens[end - 1].type == TokenType::comma)) {
    --end;
  }
  return end;
}

// Whether [from, end) names the event of a count back: words, and numbers
// that are no date and no count ("kỳ họp thứ 5", "năm 2026"); not "ngày"
// alone.
bool PhraseParser::names_count_back_event(std::size_t from, std::size_t end) const {
  bool named = false;
  for (std::size_t at = from; at < end; ++at) {
    const Token& token = m_tokens[at];
    const bool unit =
        at + 1 < end && m_tokens[at + 1].type == TokenType::word &&
        (m_tokens[at + 1].text == "ngay" || m_tokens[at + 1].text == "tuan" || m_tokens[at + 1].text == "thang");
    if (token.type == TokenType::word) {
      named = named || token.text != "ngay";
    } else if (!(token.type == TokenType::number && !unit && at > from) && token.type != TokenType::open_paren &&
               token.type != TokenType::close_paren) {
      return false;
    }
  }
  return named;
}

// nullopt (nothing consumed): not a count back from an event; true: read.
std::optional<bool> PhraseParser::parse_count_back(Timeline& timeline) {
  const std::size_t start = m_pos;
  // "Gửi hồ sơ chậm nhất 15 ngày trước ...": what is done, in a few words
  // that name no time.
  const auto count_at = [this, start](std::size_t words) {
    m_pos = start + words;
    const bool count = accept_count_back_amount().has_value();
    m_pos = start;
    return count;
  };
  std::size_t words = 0;
  while (words < 8 && peek_type(TokenType::word, words) && !count_at(words) &&
         std::find(k_time_words.begin(), k_time_words.end(), peek(words)->text) == k_time_words.end() &&
         !(peek_word("khong", words) && peek_word("muon", words + 1)) &&
         !(peek_word("toi", words) && peek_word("thieu", words + 1))) {
    ++words;
  }
  m_pos += words;
  const bool leading_bound = accept_count_bound();
  const bool before_first = accept_word("truoc");
  const bool inner_bound = before_first && !leading_bound && accept_count_bound();
  std::optional<Lag> lag = accept_count_back_amount();
  std::size_t event_start = 0;
  std::size_t event_end = 0;
  if (lag && before_first) {
    // "trước 07 ngày làm việc so với ngày diễn ra kỳ họp", "trước 45 ngày
    // (tính) đến ngày khai mạc", "trước ít nhất 15 ngày trước ngày họp".
    if (!(accept_words({"so", "voi"}) || accept_words({"tinh", "den"}) || accept_words({"ke", "den"}) ||
          accept_word("den") || accept_word("truoc"))) {
      m_pos = start;
      return std::nullopt;
    }
  } else if (lag) {
    // "10 ngày trước ngày bầu cử", "chậm nhất là 05 ngày làm việc trước khi họp".
    if (!accept_word("truoc")) {
      m_pos = start;
      return std::nullopt;
    }
    accept_words({"so", "voi"});
  } else if (before_first && !inner_bound) {
    // "Trước ngày khai mạc kỳ họp ít nhất 15 ngày", "sớm nhất là trước lễ
    // khai giảng 1 tuần": the event, then the count.
    event_start = m_pos;
    for (std::size_t at = m_pos; at < limit() && lag == std::nullopt; ++at) {
      if ((m_tokens[at].type != TokenType::word && m_tokens[at].type != TokenType::number) || at == event_start) {
        continue;
      }
      m_pos = at;
      const bool bound = accept_count_bound();
      if (std::optional<Lag> found = accept_count_back_amount(); found && at_end_after_punctuation()) {
        lag = found;
        event_end = at;
      } else if (bound) {
        break;
      }
    }
    if (!lag) {
      m_pos = start;
      return std::nullopt;
    }
    if (count_back_from_day(timeline, *lag, event_start, event_end)) {
      return true;
    }
    if (!names_count_back_event(event_start, event_end)) {
      m_pos = start;
      return std::nullopt;
    }
  } else {
    m_pos = start;
    return std::nullopt;
  }
  if (event_end == 0) {
    event_start = m_pos;
    event_end = end_before_punctuation();
    if (count_back_from_day(timeline, *lag, event_start, event_end)) {
      return true;
    }
    if (!names_count_back_event(event_start, event_end)) {
      m_pos = start;
      return std::nullopt;
    }
  }
  timeline.kind = TimelineKind::on_demand;
  timeline.lag = lag;
  append_note(timeline, event_start, event_end);
  m_pos = m_tokens.size();
  return true;
}

// "ngày 15/3/2026", "15/3", "ngày 01 tháng 7 năm 2026": the day counted
// back from, alone in [from, end); a day without its year is the plan's.
bool PhraseParser::count_back_from_day(Timeline& timeline, const Lag& lag, std::size_t from, std::size_t end) {
  // "Báo cáo 9 tháng trước ngày 15/10": the nine-month report, due by that
  // day; not nine months before it.
  for (std::size_t at = 0; lag.months && at + 1 < from; ++at) {
    if (m_tokens[at].text == "bao" && m_tokens[at + 1].text == "cao") {
      return false;
    }
  }
  const std::size_t start = m_pos;
  m_pos = from;
  accept_word("ngay");
  // "10 ngày trước Tết Nguyên đán": from mùng 1 Tết (the plan's year unless written).
  std::optional<Tet> tet = accept_tet();
  DateElement element;
  const bool read = (tet || parse_one_date(element)) && m_pos == end;
  m_pos = start;
  if (!read) {
    return false;
  }
  const int year = element.year.value_or(m_default_year);
  if (!tet && !is_valid_date(year, element.month, element.day)) {
    return false;
  }
  const Date written = tet ? tet->first_day : make_date(year, element.month, element.day);
  Occurrence occurrence;
  if (lag.working_days) {
    occurrence = day_occurrence(written, DueAnchor::period_end);
    occurrence.working_days_before = lag.count;
  } else {
    occurrence = day_occurrence(lag.months ? add_months(written, -lag.count) : written - std::chrono::days{lag.count},
                                DueAnchor::period_end);
    occurrence.counted_back = true;
  }
  occurrence.label = std::to_string(lag.count) +
                     (lag.working_days ? " ngày làm việc"
                      : lag.months     ? " tháng"
                                       : " ngày") +
                     " trước " + (tet ? "Tết Nguyên đán " + std::to_string(tet->year) + " (" : "") +
                     date_label(written) + (tet ? ")" : "");
  if (tet) {
    timeline.note = tet_note(*tet);
  }
  timeline.occurrences.push_back(std::move(occurrence));
  m_pos = m_tokens.size();
  return true;
}

// "Chậm nhất 10 ngày", "chậm nhất là 05 ngày làm việc": a bound with no
// event, which may be before the event as well as after it (the law writes
// "chậm nhất 10 ngày trước ngày bầu cử" and "chậm nhất 10 ngày kể từ ngày
// nhận"). True when the whole cell is such a bound.
bool PhraseParser::names_bound_without_event() {
  const std::size_t start = m_pos;
  const bool bound = accept_words({"cham", "nhat"}) || accept_words({"som", "nhat"}) || accept_words({"it", "nhat"});
  accept_word("la");
  const bool read = bound && accept_count_back_amount() && at_end_after_punctuation();
  m_pos = start;
  return read;
}

}  // namespace deadlined::timeline_detail
