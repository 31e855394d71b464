// Work with no single due date, said by its start or its hours: "Từ ngày
// 01/7/2026", "Từ quý II/2026 trở đi", "Ngay từ đầu năm 2026", "từ 7 - 22
// giờ hằng ngày", "Từ thứ 2 đến thứ 6 hàng tuần". Members of the timeline
// phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace deadlined::timeline_detail {

// "Từ ngày 01/7/2026", "Kể từ 01/7/2026 trở đi", "Từ tháng 6/2026 (trở
// đi)", "Bắt đầu từ quý III/2026", "Từ năm 2026": work that begins on a day
// or in a period and runs on with no end named, so ongoing, as a day's start
// is. A year said onward ("Từ năm 2026 trở đi") is the yearly recurrence
// instead (parse_item_list).
bool PhraseParser::accept_period_onward(Timeline& timeline) {
  const std::size_t start = m_pos;
  // "Thực hiện từ ngày 01/7/2026", "Triển khai từ tháng 7/2026 trở đi",
  // "Diễn ra từ tháng 1/2017": the work named before the start is the same
  // work.
  // "Hiệu lực: 26/04/2021", "Ngày có hiệu lực: 01/7/2026": in force from
  // that day, as "có hiệu lực từ ngày ..." (never due on it).
  accept_word("ngay");
  accept_word("co");
  const bool in_force = accept_words({"hieu", "luc"}) && accept(TokenType::colon);
  if (!in_force) {
    m_pos = start;
  }
  accept_start_verbs();
  accept_words({"bat", "dau"});
  accept_word("ke");
  if (peek_word("ngay") && peek_word("tu", 1)) {
    ++m_pos;  // "Ngay từ đầu năm 2026": right from then
  }
  if (!accept_word("tu") && !in_force) {
    m_pos = start;
    return false;
  }
  // "Từ năm 2026", "Từ 2026": a year alone; onward or in a range it is read
  // elsewhere.
  const bool year = peek_word("nam") || is_year_token(peek());
  // "từ 20 giờ (tối) (ngày) 21-8": from a time of that day.
  if (const std::size_t at_time = m_pos; (skip_time_of_day(), m_pos > at_time)) {
    accept_word("sang") || accept_word("chieu") || accept_word("trua") || accept_word("toi");
    accept(TokenType::comma);
  }
  std::vector<Occurrence> scratch;
  const bool day = accept_word("ngay") || date_follows(0);
  bool parsed = false;
  if (day) {
    parsed = parse_date_item(scratch, DueAnchor::period_end);
  } else if (year) {
    parsed = parse_dated(scratch, false) && scratch.size() == 1 && scratch.front().period == PeriodKind::year;
  } else if (peek_word("thang") || peek_word("quy") || peek_word("dau")) {
    parsed = parse_dated(scratch, false);  // "Từ đầu năm 2026", "từ đầu quý II": its first day
  }
  const bool onward = accept_words({"tro", "di"}) || accept_words({"tro", "ve", "sau"});
  // A window ("Từ ngày 15 đến ngày 20/6/2026", "từ tháng 6 đến tháng
  // 11/2026") has its end: not onward. One day, month or quarter is the
  // start of the work; a year only when not said onward.
  const bool one_period = scratch.size() == 1 && scratch.front().period != PeriodKind::window && (!year || !onward);
  // "Từ ngày 01/3/2026 (sau khi có kế hoạch)": words alone in parentheses
  // after the start are a note.
  std::size_t note_from = 0;
  std::size_t note_to = 0;
  if (peek_type(TokenType::open_paren)) {
    std::size_t close = m_pos + 1;
    while (close < limit() && (m_tokens[close].type == TokenType::word || m_tokens[close].type == TokenType::comma)) {
      ++close;
    }
    if (close > m_pos + 1 && close < limit() && m_tokens[close].type == TokenType::close_paren) {
      note_from = m_pos + 1;
      note_to = close;
      m_pos = close + 1;
    }
  }
  // "từ ngày 1/7/2025 vận hành bộ máy mới": after the start, what is done,
  // in words that name no time, ends the cell as a note (not "hoàn thành",
  // "kết thúc": an end would be a window).
  std::size_t work_from = 0;
  std::size_t work_to = 0;
  if (parsed && one_period && note_to == note_from && !at_end_after_punctuation()) {
    // Not "moi": "mỗi" folds as "mới" (new) does, and a cadence word needs
    // its unit anyway.
    static constexpr std::array<std::string_view, 23> k_time_words{
        "ngay",  "thang", "quy",  "nam", "tuan", "hang", "dinh", "truoc", "den", "tu",  "sau", "khi",
        "trong", "vao",   "cham", "han", "het",  "hoan", "ket",  "xong",  "tro", "toi", "lan"};
    std::size_t at = m_pos;
    while (at < limit() && m_tokens[at].type == TokenType::word &&
           std::find(k_time_words.begin(), k_time_words.end(), m_tokens[at].text) == k_time_words.end()) {
      ++at;
    }
    const std::size_t before_work = m_pos;
    m_pos = at;
    if (at > before_work && at_end_after_punctuation()) {
      work_from = before_work;
      work_to = at;
    } else {
      m_pos = before_work;
    }
  }
  if (!parsed || !one_period || !at_end_after_punctuation()) {
    m_pos = start;
    return false;
  }
  if (note_to > note_from) {
    append_note(timeline, note_from, note_to);
  }
  if (work_to > work_from) {
    append_note(timeline, work_from, work_to);
  }
  return true;
}

// Opening hours, not a deadline: "từ 7 - 22 giờ hằng ngày", "07 giờ 00 đến
// 08 giờ 00 tất cả các ngày làm việc trong tuần", "Từ thứ 2 đến thứ 6 và sáng
// thứ 7 hàng tuần (trừ các ngày nghỉ lễ)": work every day or week, ongoing.
// Nothing consumed unless the whole cell is one.
bool PhraseParser::accept_working_hours() {
  const std::size_t start = m_pos;
  const auto accept_day_part = [this] {
    return accept_word("sang") || accept_word("chieu") || accept_word("trua") || accept_word("toi");
  };
  const auto accept_hour = [this, &accept_day_part] {
    const Token* number = peek();
    if (number == nullptr || number->type != TokenType::number || number->value > 24 || number->text.size() > 2) {
      return false;
    }
    ++m_pos;
    if (accept_word("gio") || accept_word("h")) {
      if (peek_type(TokenType::number) && peek()->text.size() == 2) {
        ++m_pos;
        accept_word("phut");
      }
    } else if (accept(TokenType::colon)) {
      if (!peek_type(TokenType::number)) {
        return false;
      }
      ++m_pos;
    } else if (!peek_type(TokenType::dash) && !peek_word("den")) {
      return false;  // "7 - 22 giờ": the first hour's word is the second's
    }
    accept_day_part();
    return true;
  };
  accept_word("tu");
  bool hours = false;
  if (peek_type(TokenType::number)) {
    // Hours: "7 - 22 giờ", "07 giờ 00 đến 08 giờ 00", "8:00 - 17:00".
    hours = accept_hour() && accept_range_separator() && accept_hour();
    if (!hours || !(peek_type(TokenType::number) || peek_word("gio") || peek_word("hang") || peek_word("moi") ||
                    peek_word("tat") || peek_word("cac") || peek_word("vao"))) {
      m_pos = start;
      return false;
    }
    accept_word("gio");
  } else {
    // Days of the week: "thứ 2 đến thứ 6 (và sáng thứ 7)".
    if (!accept_weekday() || !accept_range_separator() || !accept_weekday()) {
      m_pos = start;
      return false;
    }
    if (accept_word("va")) {
      accept_day_part();
      if (!accept_weekday()) {
        m_pos = start;
        return false;
      }
    }
  }
  accept_word("vao");
  accept_word("tat") && accept_word("ca");
  bool every = false;
  if (accept_word("hang") || accept_word("moi")) {
    every = hours ? accept_word("ngay") || accept_word("tuan") : accept_word("tuan");
  } else if (hours && accept_word("cac") && accept_word("ngay")) {
    accept_words({"lam", "viec"});
    accept_word("trong") && accept_word("tuan");
    every = true;
  }
  // "(trừ các ngày nghỉ lễ theo quy định)": a note.
  if (every && peek_type(TokenType::open_paren) && peek_word("tru", 1)) {
    while (m_pos < limit() && !peek_type(TokenType::close_paren)) {
      ++m_pos;
    }
    accept(TokenType::close_paren);
  }
  if (!every || !at_end_after_punctuation()) {
    m_pos = start;
    return false;
  }
  return true;
}

// "Thực hiện", "Triển khai", "Tổ chức (thực hiện)", "Áp dụng", "Có hiệu
// lực (thi hành)", "Triển khai thực hiện": the work itself, before when it is
// done; at most two.
bool PhraseParser::accept_work_verbs() {
  bool any = false;
  for (int verbs = 0; verbs < 2; ++verbs) {
    if (!accept_words({"thuc", "hien"}) && !accept_words({"trien", "khai"}) && !accept_words({"to", "chuc"}) &&
        !accept_words({"ap", "dung"}) && !accept_words({"co", "hieu", "luc"}) && !accept_words({"thi", "hanh"})) {
      break;
    }
    any = true;
  }
  return any;
}

// Before a dated start ("Diễn ra từ tháng 1/2017 và kết thúc ...", "Dự kiến
// (sẽ được) tổ chức từ ..."): the work verbs, or how the work is said to
// happen.
bool PhraseParser::accept_start_verbs() {
  bool any = false;
  for (int words = 0; words < 4; ++words) {
    if (!accept_work_verbs() && !accept_words({"dien", "ra"}) && !accept_words({"du", "kien"}) &&
        !accept_words({"keo", "dai"}) && !accept_words({"tien", "hanh"}) && !accept_word("se") &&
        !accept_word("duoc")) {
      break;
    }
    any = true;
  }
  return any;
}

// "trong 4 tháng", "trong vòng 30 ngày", "trong thời gian 2 tuần", "(Thời
// gian thu thập thông tin) là 25 ngày", then an optional ',' or ':': how
// long the work lasts, before its start.
std::optional<PhraseParser::Duration> PhraseParser::accept_duration() {
  const std::size_t start = m_pos;
  const bool after_is = m_pos > 0 && m_tokens[m_pos - 1].type == TokenType::word && m_tokens[m_pos - 1].text == "la";
  if (!accept_word("trong") && !accept_word("la") && !after_is) {
    return std::nullopt;
  }
  accept_word("vong") || accept_words({"thoi", "gian"});
  const Token* count = peek();
  if (count == nullptr || count->type != TokenType::number || count->value < 1 || count->value > 366) {
    m_pos = start;
    return std::nullopt;
  }
  ++m_pos;
  Duration duration{count->value, false};
  if (accept_word("ngay")) {
    duration.days = true;
  } else if (accept_word("tuan")) {
    duration.days = true;
    duration.count *= 7;
  } else if (!accept_word("thang")) {
    m_pos = start;
    return std::nullopt;
  }
  accept(TokenType::comma) || accept(TokenType::colon);
  return duration;
}

// After a weekday, "(ngày) thứ 5 của tuần báo cáo", "thứ Năm trong tuần":
// the weekday of every week, as "hằng tuần" says; only at the phrase's end
// (nothing consumed otherwise).
bool PhraseParser::accept_each_week() {
  const std::size_t start = m_pos;
  if ((accept_word("cua") || accept_word("trong")) && accept_word("tuan")) {
    accept_words({"bao", "cao"}) || accept_words({"lam", "viec"});
    if (at_end_after_punctuation()) {
      return true;
    }
  }
  m_pos = start;
  return false;
}

}  // namespace deadlined::timeline_detail
