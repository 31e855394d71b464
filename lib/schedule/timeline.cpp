#include "schedule/timeline.hpp"

#include "schedule/timeline_parser.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
    case PeriodKind::nine_months:
      return "nine_months";
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
         " | Tháng 01/2022 | tháng 1 năm 2022 | 6/2022 | 06-11/2026 | Tháng 6-11/2026 | Năm 2022 | Trong năm 2022 | "
         "Cuối năm 2022"
         " | 6 tháng đầu năm | 6 tháng cuối năm 2022 | 6 tháng đầu năm và cuối năm 2022 | Báo cáo 9 tháng"
         " | Đầu năm 2026 | Giữa tháng 5/2026 | Đầu quý II | Cuối mỗi quý | Giữa tháng hằng tháng"
         " | Tuần đầu tháng 3/2026 | Tuần thứ 2 của tháng 4 | Tuần cuối mỗi tháng"
         " | Trước ngày 15/8/2022 | Trước 31/12/2021 | trước ngày 20 tháng 01 năm 2022"
         " | chậm nhất (vào) ngày 20/01/2022 | Không quá ngày 30/6/2026 | Ngày 15/3/2022 | 15/3/2022"
         " | Từ ngày 03/6/2024 đến ngày 28/6/2024 | 01/01/2026 - 31/12/2026 | Từ nay đến năm 2030"
         " | Hằng năm | Hằng quý | Hằng tháng | Trước ngày 25 hằng tháng | Trước ngày 20 của tháng cuối quý"
         " | Trước ngày 15/12 hằng năm | Hằng năm, trước ngày 31/01 năm sau | Quý I năm sau | Năm sau liền kề"
         " | Báo cáo 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12) | Định kỳ 6 tháng (trước ngày 15/6 và 15/12)"
         " | Ngày 15 và 30 hằng tháng | Từ ngày 1 đến ngày 5 hằng tháng | hằng tuần (thứ Sáu) | Thứ Sáu tuần cuối tháng"
         " | Hằng năm, giai đoạn 2022-2025 | Thường xuyên (trong năm 2022) | Từ ngày ban hành Kế hoạch trở đi"
         " | Từ quý II/2026 trở đi | Năm 2026 và các năm tiếp theo | Tháng 6/2026: trình UBND tỉnh"
         " | Thời gian hoàn thành: Quý II/2026"
         " | Khi có yêu cầu ... | Báo cáo ngay (khi có ...) | Định kỳ theo quy định | Theo yêu cầu ... | Theo Kế hoạch "
         "... | Theo Thông tư ... | Khi cần thiết | Đột xuất"
         " | Khi có thay đổi, thực hiện theo Quý (tháng, năm)"
         " | Báo cáo Quý I/2022; Báo cáo 6 tháng; Báo cáo Năm 2022 (items separated by ; or new "
         "lines)";
}

}  // namespace deadlined

namespace deadlined::timeline_detail {

std::optional<Timeline> PhraseParser::parse() {
  m_bulleted = skip_bullets();
  skip_column_label();
  enter_enclosing_parentheses();
  Timeline timeline;
  // "Số liệu tính từ ngày 01/01/2026 đến 30/6/2026, gửi trước ngày 10/7/2026",
  // "Thời gian chốt số liệu từ ... đến ...; gửi báo cáo trước ...": the period
  // a report covers, then its deadline. The period is a note; alone it is no
  // deadline (refused).
  {
    std::size_t words = 0;
    while (words < 4 && (peek_word("thoi", words) || peek_word("gian", words) || peek_word("ky", words) ||
                         peek_word("chot", words) || peek_word("lay", words))) {
      ++words;
    }
    const bool covered = (peek_word("so", words) && peek_word("lieu", words + 1)) ||
                         (peek_word("ky", words) && peek_word("bao", words + 1) && peek_word("cao", words + 2)) ||
                         (words > 0 && peek_word("bao", words) && peek_word("cao", words + 1) &&
                          m_tokens[m_pos + words - 1].text == "ky");
    std::size_t separator = m_pos;
    bool from = false;  // "(tính) từ ... đến ...": a period, not a report's kind ("Kỳ báo cáo 6 tháng:")
    // "chốt số liệu ngày 25 tháng báo cáo", "Số liệu tính đến ngày 25 hằng
    // tháng": the day the data stop, no deadline either.
    bool cutoff = false;
    while (covered && separator < limit() && m_tokens[separator].type != TokenType::comma &&
           m_tokens[separator].type != TokenType::semicolon && !(separator > m_pos && m_tokens[separator].line_start)) {
      from = from || m_tokens[separator].text == "tu";
      cutoff = cutoff || m_tokens[separator].text == "chot" ||
               (m_tokens[separator].text == "tinh" && separator + 1 < limit() && m_tokens[separator + 1].text == "den");
      ++separator;
    }
    if (covered && (from || cutoff)) {
      if (separator + 1 >= limit()) {
        return std::nullopt;
      }
      append_note(timeline, m_pos, separator);
      m_pos = m_tokens[separator].line_start ? separator : separator + 1;
    }
  }
  // "Rút ngắn thời gian thu thập tại địa bàn 20 ngày, kết thúc vào ngày
  // 10/3/2026 ...": by how much a time was shortened or lengthened, in words
  // and a count only, then a comma and the time: a note.
  if ((peek_word("rut") && peek_word("ngan", 1)) || (peek_word("keo") && peek_word("dai", 1))) {
    std::size_t comma = m_pos + 2;
    bool count = false;
    while (comma < limit() && (m_tokens[comma].type == TokenType::word || m_tokens[comma].type == TokenType::number)) {
      count = count || (m_tokens[comma].type == TokenType::number && comma + 1 < limit() &&
                        (m_tokens[comma + 1].text == "ngay" || m_tokens[comma + 1].text == "tuan" ||
                         m_tokens[comma + 1].text == "thang"));
      ++comma;
    }
    if (count && comma + 1 < limit() && m_tokens[comma].type == TokenType::comma) {
      append_note(timeline, m_pos, comma);
      m_pos = comma + 1;
    }
  }
  // "Không quá 3 ngày, bắt đầu từ tháng 6/2025, hoàn thành trước ngày
  // 25/8/2025": how long the meeting lasts at most, then when it is held: a
  // note. Alone, or before "kể từ ...", it is a lag (accept_lag).
  if (peek_word("khong") && peek_word("qua", 1) && peek_type(TokenType::number, 2) && peek_word("ngay", 3)) {
    std::size_t after = m_pos + 4;
    if (after + 1 < limit() && m_tokens[after].text == "lam" && m_tokens[after + 1].text == "viec") {
      after += 2;
    }
    static constexpr std::array<std::string_view, 8> k_held{"hoan", "bat",  "to",   "truoc",
                                                            "cham", "tien", "dien", "ket"};
    if (after + 1 < limit() &&
        (m_tokens[after].type == TokenType::comma || m_tokens[after].type == TokenType::semicolon) &&
        std::find(k_held.begin(), k_held.end(), m_tokens[after + 1].text) != k_held.end()) {
      append_note(timeline, m_pos, after);
      m_pos = after + 1;
    }
  }
  // "Tiếp công dân định kỳ vào ngày 20 hàng tháng", "Giao ban hằng tuần vào
  // thứ Hai": the work, in a few words naming no time, before its cadence.
  // Not "Báo cáo định kỳ ...", read as a report.
  // Tried only when the cell is not read otherwise (parse_timeline): "Sáng
  // thứ Hai hằng tuần", "Giữa mỗi tháng" name no work.
  // Nor "Thường xuyên (liên tục) hằng quý", "Đột xuất ...", "Đang ...":
  // ongoing or on demand, refused with a cadence.
  if (m_work_before_cadence && !peek_word("bao") && !peek_word("thuong") && !peek_word("lien") && !peek_word("dot") &&
      !peek_word("dang")) {
    static constexpr std::array<std::string_view, 21> k_time_words{
        "hang",  "moi", "dinh", "ngay", "thang", "quy",  "nam", "tuan", "truoc", "tu", "den",
        "trong", "khi", "theo", "giua", "dau",   "cuoi", "sau", "vao",  "cac",   "nua"};
    std::size_t words = 0;
    while (words < 5 && peek_type(TokenType::word, words) &&
           std::find(k_time_words.begin(), k_time_words.end(), peek(words)->text) == k_time_words.end()) {
      ++words;
    }
    const bool cadence_follows = (peek_word("dinh", words) && peek_word("ky", words + 1)) ||
                                 ((peek_word("hang", words) || peek_word("moi", words)) &&
                                  (peek_word("tuan", words + 1) || peek_word("thang", words + 1) ||
                                   peek_word("quy", words + 1) || peek_word("nam", words + 1)));
    if (words > 0 && cadence_follows) {
      append_note(timeline, m_pos, m_pos + words);
      m_pos += words;
    }
  }
  // "(tổ chức giữa hội nghị hiệp thương lần thứ nhất và lần thứ hai), từ
  // ngày 17/12/2025 ...", "(...) được thực hiện trong khoảng thời gian từ
  // ngày 4/2/2026 ...": words alone in parentheses, then (a comma or a colon
  // and) the time, are its note.
  if (peek_type(TokenType::open_paren)) {
    std::size_t close = m_pos + 1;
    while (close < limit() && (m_tokens[close].type == TokenType::word || m_tokens[close].type == TokenType::comma)) {
      ++close;
    }
    // Without the comma, words that may name a time or cadence ("(hằng năm)
    // trước ngày 15/12", "(thường xuyên) ...") are not taken for a note.
    static constexpr std::array<std::string_view, 12> k_time_words{"hang", "moi",  "dinh", "nam",   "thang", "quy",
                                                                   "tuan", "ngay", "dot",  "truoc", "cham",  "han"};
    const auto names_no_time = [&] {
      for (std::size_t at = m_pos + 1; at < close; ++at) {
        const std::string_view word = m_tokens[at].text;
        const std::string_view next = at + 1 < close ? std::string_view(m_tokens[at + 1].text) : std::string_view();
        if (std::find(k_time_words.begin(), k_time_words.end(), word) != k_time_words.end() ||
            (word == "thuong" && next == "xuyen") || (word == "lien" && next == "tuc")) {
          return false;
        }
      }
      return true;
    };
    if (close > m_pos + 1 && close + 2 < limit() && m_tokens[close].type == TokenType::close_paren) {
      const bool punctuated =
          m_tokens[close + 1].type == TokenType::comma || m_tokens[close + 1].type == TokenType::colon;
      if (punctuated || names_no_time()) {
        append_note(timeline, m_pos + 1, close);
        m_pos = punctuated ? close + 2 : close + 1;
      }
    }
  }
  if (at_end_after_punctuation() || parse_no_timeline()) {
    timeline.kind = TimelineKind::none;
    return timeline;
  }
  if (parse_count_back(timeline)) {
    return timeline;
  }
  if (const auto started = parse_event_start(timeline)) {
    return *started ? std::optional<Timeline>(std::move(timeline)) : std::nullopt;
  }
  if (const auto started = parse_dated_start(timeline)) {
    return *started ? std::optional<Timeline>(std::move(timeline)) : std::nullopt;
  }
  if (accept_immediate(timeline) || accept_unstated_period(timeline)) {
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

// "(Từ ngày 17/12/2025 đến ngày 25/01/2026)": a phrase wholly inside one
// pair of parentheses is read inside them.
void PhraseParser::enter_enclosing_parentheses() {
  std::size_t last = m_tokens.size();
  while (last > m_pos + 1 &&
         (m_tokens[last - 1].type == TokenType::dot || m_tokens[last - 1].type == TokenType::semicolon ||
          m_tokens[last - 1].type == TokenType::comma)) {
    --last;
  }
  if (last < m_pos + 2 || m_tokens[m_pos].type != TokenType::open_paren ||
      m_tokens[last - 1].type != TokenType::close_paren) {
    return;
  }
  int depth = 0;
  for (std::size_t at = m_pos; at + 1 < last; ++at) {
    depth += m_tokens[at].type == TokenType::open_paren ? 1 : 0;
    depth -= m_tokens[at].type == TokenType::close_paren ? 1 : 0;
    if (depth == 0) {
      return;  // "(a) ... (b)": two groups, not one enclosing pair
    }
  }
  ++m_pos;
  m_end = last - 1;
}

// "Thời gian hoàn thành: Quý II/2026", "Tiến độ: Thường xuyên": the
// column's own name copied into the cell, followed by a colon, is not time.
void PhraseParser::skip_column_label() {
  const std::size_t start = m_pos;
  // "Trong thời gian sớm nhất (trước ngày 1/5)": as soon as possible, and
  // the latest day in the parentheses.
  if ((accept_phrase("trong thoi gian som nhat") || accept_phrase("som nhat") || accept_phrase("cang som cang tot")) &&
      peek_type(TokenType::open_paren)) {
    return;
  }
  m_pos = start;
  static constexpr std::array<std::string_view, 7> k_labels{"thoi gian", "thoi han", "tien do",      "han chot",
                                                            "han cuoi",  "han",      "moc thoi gian"};
  for (std::string_view label : k_labels) {
    if (accept_phrase(label)) {
      const bool named = accept_words({"hoan", "thanh"}) || accept_words({"thuc", "hien"}) ||
                         accept_words({"du", "kien"}) || accept_words({"trien", "khai"}) ||
                         accept_words({"gui", "bao", "cao"}) || accept_words({"nop", "bao", "cao"});
      if (accept(TokenType::colon)) {
        return;
      }
      // "Thời gian bắt đầu: Từ ngày 20/01/2026": when the work starts, read
      // only as a start ("từ"), never as a deadline.
      if (accept_words({"bat", "dau"})) {
        if (accept(TokenType::colon) && peek_word("tu")) {
          return;
        }
        break;
      }
      // "Thời gian thực hiện trong năm 2026", "Thời hạn hoàn thành trước ngày
      // 30/6/2026": without a colon, only a named label before a word that
      // opens a time ("Tiến độ Tháng 6" stays refused).
      const auto opens_time = [this] {
        return peek_word("trong") || peek_word("tu") || peek_word("truoc") || peek_word("den") || peek_word("vao") ||
               (peek_word("cham") && peek_word("nhat", 1));
      };
      if (named && opens_time()) {
        return;
      }
      // "Thời gian lập danh sách đơn vị điều tra thực hiện từ ngày ...": what
      // the time is for, in words naming no time, then a word opening it.
      if (!named) {
        const std::size_t words_from = m_pos;
        // Not "Thời gian chốt số liệu từ ...": the period a report covers.
        while (m_pos < words_from + 14 && peek_type(TokenType::word) && !opens_time() && !peek_word("ngay") &&
               !peek_word("chot") && !(peek_word("so") && peek_word("lieu", 1)) && !peek_word("thang") &&
               !peek_word("quy") && !peek_word("nam") && !peek_word("hang") && !peek_word("moi") && !peek_word("khi") &&
               !peek_word("sau")) {
          ++m_pos;
        }
        if (m_pos > words_from && opens_time() && starts_time_expression()) {
          return;
        }
        // "Thời hạn nhận hồ sơ là 30 ngày kể từ ngày thông báo", "Thời hạn
        // thanh tra 70 ngày làm việc, kể từ ...": a lag.
        accept_word("la");
        if (m_pos > words_from && peek_type(TokenType::number) && peek_word("ngay", 1)) {
          return;
        }
        // "Thời hạn cuối cùng để gửi báo cáo là ngày 30/9/2025", "Thời hạn
        // nộp báo cáo: ngày 30/9/2025": what the time is for, then "là" or a
        // colon and the time.
        const bool is = m_pos > words_from + 1 && m_tokens[m_pos - 1].text == "la";
        if ((is || (m_pos > words_from && accept(TokenType::colon))) && starts_time_expression()) {
          return;
        }
      }
      break;
    }
  }
  m_pos = start;
}

// "Không", "Không xác định", "Chưa xác định (thời gian)": the row states no timeline.
bool PhraseParser::parse_no_timeline() {
  const std::size_t start = m_pos;
  if (accept_phrase("khong xac dinh") || accept_phrase("chua xac dinh") || accept_phrase("khong quy dinh") ||
      accept_phrase("khong co thoi han") || accept_phrase("khong thoi han") || accept_phrase("chua de xuat") ||
      accept_phrase("chua co thoi han") || accept_phrase("chua co thoi gian") || accept_word("khong")) {
    // "Chưa xác định thời gian (xử lý, hoàn thành)": what is not yet set
    // may be named, in words only.
    if (accept_words({"thoi", "gian"}) || accept_words({"thoi", "han"})) {
      while (peek_type(TokenType::word)) {
        ++m_pos;
      }
    }
    if (at_end_after_punctuation()) {
      return true;
    }
  }
  m_pos = start;
  return false;
}

// "trong vòng 30 ngày (làm việc) kể từ ...", "chậm nhất 15 ngày sau khi ...",
// "sau 10 ngày kể từ ...": from the current position.
std::optional<Lag> PhraseParser::accept_lag() {
  const std::size_t start = m_pos;
  // "Trong vòng 10 ngày" and "Không quá 10 ngày" alone bound how long the
  // work takes from the event that starts it (a request, a file received);
  // "Chậm nhất 10 ngày" alone may as well be before it ("chậm nhất 10 ngày
  // trước ngày bầu cử"), so it needs "kể từ" or "sau" (names_bound_without_event).
  const bool within = accept_words({"trong", "vong"}) || accept_words({"trong", "thoi", "han"}) ||
                      accept_words({"trong", "thoi", "gian"}) || accept_words({"trong", "pham", "vi"}) ||
                      accept_word("trong");
  if (within) {
    // "trong thời hạn không quá 03 ngày làm việc kể từ ...": the same bound.
    accept_words({"khong", "qua"}) || accept_words({"khong", "vuot", "qua"});
  }
  // "không vượt quá" reads as "không quá".
  const bool at_most = !within && (accept_words({"khong", "qua"}) || accept_words({"khong", "vuot", "qua"}));
  const bool bound = at_most || (!within && accept_words({"cham", "nhat"}));
  // "chậm nhất trong thời gian 10 ngày làm việc": within, at the latest.
  bool latest_within = false;
  if (bound) {
    accept_word("la");               // "chậm nhất là 5 ngày làm việc"
    accept_words({"khong", "qua"});  // "chậm nhất không quá 45 ngày kể từ ..."
    latest_within = !at_most && (accept_words({"trong", "thoi", "gian"}) || accept_words({"trong", "vong"}) ||
                                 accept_words({"trong", "thoi", "han"}));
  }
  const bool after = !within && !bound && accept_word("sau");  // "Sau 6 tháng"
  accept_word("sau");                                          // "chậm nhất sau 30 ngày kể từ ..."
  accept_words({"qua"});
  // "chậm nhất là ngày thứ 10 (mười), kể từ ngày phát sinh ...": the 10th
  // day, as 10 days (a count above 7, never a weekday); only with "kể từ".
  const bool ordinal =
      bound && peek_word("ngay") && peek_word("thu", 1) && peek_type(TokenType::number, 2) && peek(2)->value > 7;
  if (ordinal) {
    m_pos += 2;
  }
  const Token* number = peek();
  const bool days = ordinal || peek_word("ngay", 1);
  // "02 tuần" is 14 days; "01 năm" 12 months ("năm 2026" after it is a year).
  const bool weeks = !ordinal && peek_word("tuan", 1) && !peek_word("lam", 2);
  const bool years = !ordinal && peek_word("nam", 1) && !is_year_token(peek(2));
  const bool months = !ordinal && (peek_word("thang", 1) || years);
  const int scale = weeks ? 7 : years ? 12 : 1;
  if (number != nullptr && number->type == TokenType::number && number->value > 0 &&
      number->value * scale <= (months ? 36 : 366) && (days || months || weeks)) {
    m_pos += ordinal ? 1 : 2;
    // "30 ngày đêm": calendar days; "70 ngày làm việc thực tế": working days.
    const bool nights = days && accept_word("dem");
    Lag lag{number->value * scale, days && !nights && accept_words({"lam", "viec"}), months};
    if (lag.working_days) {
      accept_words({"thuc", "te"});
    }
    // "trong thời hạn 60 ngày, kể từ ngày ...": the comma of legal style.
    if (peek_type(TokenType::comma) && (peek_word("ke", 1) || peek_word("tinh", 1)) && peek_word("tu", 2)) {
      accept(TokenType::comma);
    }
    // "2 ngày khi nhận được tờ trình": from when it happens.
    if (accept_words({"ke", "tu"}) || accept_words({"tinh", "tu"}) || accept_word("sau") ||
        accept_words({"ke", "ngay"}) || (accept_word("khi") && peek_type(TokenType::word))) {
      return lag;
    }
    // "Trong vòng 10 ngày làm việc": from the event `deadlined trigger` is given.
    if ((within || after || at_most || latest_within) && !ordinal && at_end_after_punctuation()) {
      return lag;
    }
  }
  m_pos = start;
  return std::nullopt;
}

// A lag anywhere in the rest of an event-triggered phrase.
std::optional<Lag> PhraseParser::find_lag() {
  for (std::size_t at = m_pos; at < m_tokens.size(); ++at) {
    m_pos = at;
    if (auto lag = accept_lag()) {
      return lag;
    }
  }
  return std::nullopt;
}

// "Từ khi thành lập đến khi kết thúc nhiệm vụ ...", "Từ ngày thành lập Ủy
// ban bầu cử đến ngày kết thúc cuộc bầu cử": a window opened and closed by
// events. It names no date, so it is event-triggered: the closing event is
// the due day, given by `deadlined trigger`. A window with a date at either
// end ("Từ ngày 15/3/2026 đến ngày bầu cử") is not this form.
bool PhraseParser::accept_event_window() {
  const std::size_t start = m_pos;
  const bool opened = accept_words({"tu", "khi"}) || (accept_words({"tu", "ngay"}) && peek_type(TokenType::word));
  bool closed = false;
  for (std::size_t at = m_pos; opened && at < limit(); ++at) {
    const Token& token = m_tokens[at];
    if (token.type == TokenType::number) {
      m_pos = start;
      return false;
    }
    if (token.type == TokenType::word && token.text == "den" && at + 1 < limit() &&
        m_tokens[at + 1].type == TokenType::word &&
        (m_tokens[at + 1].text == "khi" || m_tokens[at + 1].text == "ngay" || m_tokens[at + 1].text == "het")) {
      closed = true;
    }
  }
  if (!opened || !closed) {
    m_pos = start;
    return false;
  }
  m_pos = limit();
  return true;
}

// "Từ ngày ban hành Kế hoạch trở đi", "Kể từ ngày ký", "Từ khi Luật có hiệu
// lực", "Có hiệu lực thi hành kể từ ngày ký ban hành": work that begins with
// an event and runs on, no end and no date named. It is ongoing work (no
// single due date): a plan's day of signing or taking effect is no part of
// its configuration. A lag ("trong vòng 30 ngày kể từ ...") or a closing
// event ("... đến khi ...") is another form.
bool PhraseParser::accept_event_onward() {
  const std::size_t start = m_pos;
  accept_work_verbs();
  accept_word("ke");
  const bool opened = accept_words({"tu", "khi"}) || (accept_words({"tu", "ngay"}) && peek_type(TokenType::word));
  for (std::size_t at = m_pos; opened && at < limit(); ++at) {
    const Token& token = m_tokens[at];
    if (token.type == TokenType::number || (token.type == TokenType::word && token.text == "den")) {
      m_pos = start;
      return false;
    }
  }
  if (!opened) {
    m_pos = start;
    return false;
  }
  m_pos = limit();
  return true;
}

// nullopt: not such a form; true: parsed; false: such a form, but malformed.
std::optional<bool> PhraseParser::parse_whole_phrase_form(Timeline& timeline) {
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
  if (accept_event_window()) {
    timeline.kind = TimelineKind::on_demand;
    return true;
  }
  if (accept_event_onward() || accept_period_onward(timeline)) {
    timeline.kind = TimelineKind::ongoing;
    return true;
  }
  if (const auto after_end = parse_lag_after_period_end(timeline)) {
    return *after_end;
  }
  // Event-triggered: on demand (`deadlined trigger`), with an optional lag.
  if (auto lag = accept_lag()) {
    timeline.kind = TimelineKind::on_demand;
    timeline.lag = lag;
    m_pos = m_tokens.size();
    return true;
  }
  // "Theo <a document>" ("Theo Thông tư mới", "Theo Nghị định số ..."): the
  // document sets the time, so it names no date here.
  static constexpr std::array<std::string_view, 53> k_on_demand_openings{
      "dinh ky hoac dot xuat",
      "dinh ky va dot xuat",
      "khi co yeu cau",
      "theo yeu cau",
      "theo ke hoach",
      "khi can thiet",
      "dot xuat",
      "khi co chi dao",
      "theo chi dao",
      "khi phat sinh",
      "khi co phat sinh",
      "sau khi",
      "ngay sau khi",
      "thuc hien sau khi",
      "trien khai sau khi",
      "ngay khi",
      "khi",
      "theo tien do",
      "theo lo trinh",
      "theo huong dan",
      "theo quy dinh",
      "theo thoi gian",
      "theo thoi han",
      "theo lich",
      "theo chuong trinh",
      "theo van ban",
      "theo de nghi",
      "theo thong bao",
      // "Sẽ thông báo vào thời điểm thích hợp", "Sẽ có thông báo cụ thể": the
      // time is announced later.
      "se thong bao",
      "se co thong bao",
      "can cu",
      "tuy theo",
      "tuy thuoc",
      "phu hop voi tien do",
      "sau khi co",
      "sau khi duoc",
      "ngay sau",
      "theo muc tieu",
      "theo thong tu",
      "theo nghi dinh",
      "theo nghi quyet",
      "theo quyet dinh",
      "theo chi thi",
      "theo cong van",
      "theo luat",
      "theo ket luan",
      "theo phat sinh",
      // "Trước kỳ họp cuối năm 2026 (của HĐND tỉnh)", "Tại phiên họp tháng 3":
      // the session's day is set by its convener.
      "truoc ky hop",
      "tai ky hop",
      "truoc phien hop",
      "tai phien hop",
      "truoc hoi nghi",
      "tai hoi nghi",
  };
  // "Thực hiện (triển khai) theo quy định ...": the same as "Theo quy
  // định ...", whatever cadence the document's name carries ("... các văn
  // bản hướng dẫn hằng năm" is no yearly deadline).
  const std::size_t before_openings = m_pos;
  for (const bool after_verb : {false, true}) {
    m_pos = before_openings;
    if (after_verb && !accept_words({"thuc", "hien"}) && !accept_words({"trien", "khai"})) {
      break;
    }
    for (std::string_view opening : k_on_demand_openings) {
      if (after_verb && !opening.starts_with("theo ")) {
        continue;
      }
      if (accept_phrase(opening)) {
        // "Theo kế hoạch; trước ngày 15/12/2025", "Đột xuất (trước ngày
        // 15/12)": a deadline after the words is read, the words its note.
        if (const std::optional<bool> dated = parse_deadline_after_condition(timeline, before_openings)) {
          return *dated;
        }
        // The rest names who asks, the event or the plan; it carries no date
        // except a lag ("trong vòng 30 ngày kể từ ngày ... ban hành").
        timeline.kind = TimelineKind::on_demand;
        timeline.lag = find_lag();
        m_pos = m_tokens.size();
        return true;
      }
    }
  }
  // "trình Chính phủ để báo cáo Quốc hội tại kỳ họp đầu tiên trong năm",
  // "gửi Bộ Nội vụ để tổng hợp, báo cáo Chính phủ tại phiên họp thường kỳ":
  // what is done, in words only, then the session it is done at.
  for (std::size_t at = before_openings; at < limit(); ++at) {
    const Token& token = m_tokens[at];
    if (token.type != TokenType::word && token.type != TokenType::comma) {
      break;
    }
    m_pos = at;
    if (at > before_openings && (accept_word("tai") || accept_word("truoc")) &&
        (accept_words({"ky", "hop"}) || accept_words({"phien", "hop"}))) {
      timeline.kind = TimelineKind::on_demand;
      m_pos = m_tokens.size();
      return true;
    }
  }
  m_pos = before_openings;
  // "Đã hoàn thành" in the time column: the task is done, so there is no
  // deadline to remind of. "Đang thực hiện (triển khai)": work under way.
  if (accept_words({"da", "hoan", "thanh"}) && at_end_after_punctuation()) {
    timeline.kind = TimelineKind::none;
    return true;
  }
  m_pos = start;
  if (accept_word("dang") && (accept_words({"thuc", "hien"}) || accept_words({"trien", "khai"})) &&
      at_end_after_punctuation()) {
    timeline.kind = TimelineKind::ongoing;
    return true;
  }
  m_pos = start;
  // "Cả năm (2026)", "Suốt năm 2026", "Quanh năm": work through the year.
  if ((accept_words({"ca", "nam"}) || accept_words({"suot", "nam"}) || accept_words({"quanh", "nam"}))) {
    accept_year();
    if (at_end_after_punctuation()) {
      timeline.kind = TimelineKind::ongoing;
      return true;
    }
  }
  m_pos = start;
  if (accept_working_hours()) {
    timeline.kind = TimelineKind::ongoing;
    return true;
  }
  m_pos = start;
  // "Thường xuân" is a typo of "Thường xuyên" found in the seed plan.
  // "Nhiệm vụ thường xuyên", "Là nhiệm vụ thường xuyên" (NQ 03/NQ-CP 2025)
  // name the same ongoing work.
  // "Thực hiện (triển khai) thường xuyên", "Hằng ngày": the same.
  const std::size_t before_task_word = m_pos;
  accept_word("la");
  if (!accept_words({"nhiem", "vu"}) && !accept_work_verbs()) {
    m_pos = before_task_word;
  }
  if (!peek_word("thuong") && !(peek_word("hang") && peek_word("ngay", 1))) {
    m_pos = before_task_word;
  }
  if (accept_words({"thuong", "xuyen"}) || accept_words({"thuong", "xuan"}) ||
      (m_pos == before_task_word && accept_words({"lien", "tuc"})) || accept_words({"hang", "ngay"})) {
    timeline.kind = TimelineKind::ongoing;
    accept(TokenType::comma);
    accept_words({"lien", "tuc"}) || accept_words({"thuong", "xuyen"});
    // "Thường xuyên hằng năm (hằng ngày)": the ongoing work itself. Any other
    // cadence ("Thường xuyên, hằng quý") is a clause of its own, below.
    const std::size_t before_cadence = m_pos;
    if ((accept_words({"hang", "nam"}) || accept_words({"hang", "ngay"})) && peek_word("bao") && peek_word("cao", 1)) {
      m_pos = before_cadence;  // "Thường xuyên, hằng năm báo cáo ...": a clause of its own
    }
    std::vector<Occurrence> bounds;  // a period or end the work keeps to: no due date
    if (accept_word("trong")) {
      if (accept_words({"giai", "doan"})) {
        if (!accept_year_range()) {
          return false;
        }
      } else if (peek_word("quy") || peek_word("thang") || month_year_follows(0)) {
        // "Thường xuyên trong Quý IV/2026", "trong tháng 6/2026".
        if (!parse_dated(bounds, false)) {
          return false;
        }
      } else if (!accept_word("nam")) {
        return false;
      } else if (!at_end_after_punctuation() && !accept_year()) {
        return false;
      }
    } else if (peek_word("den") || (peek_word("cho") && peek_word("den", 1))) {
      // "Thường xuyên đến năm 2030", "thường xuyên đến hết tháng 6/2026",
      // "Thường xuyên cho đến khi kết thúc dự án": ongoing up to a time or
      // an event.
      accept_word("cho");
      const std::size_t until = m_pos;
      if (!parse_dated(bounds, false)) {
        m_pos = until + 1;  // "đến"
        if (!accept_word("khi") && !peek_word("ket") && !peek_word("het")) {
          return false;
        }
        while (peek_type(TokenType::word)) {
          ++m_pos;
        }
      }
    } else if (accept_word("nam")) {
      if (!accept_year()) {
        return false;
      }
    } else if (accept_words({"giai", "doan"})) {
      if (!accept_year_range()) {
        return false;
      }
    } else if (accept_word("tu")) {
      // "Thường xuyên từ năm 2026 (trở đi)", "thường xuyên từ 2026 đến 2030".
      if (!accept_year_range()) {
        accept_word("nam");
        if (!accept_year()) {
          return false;
        }
        accept_words({"tro", "di"});
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
    while (accept_exception_or_place(timeline)) {
    }
    if (at_end_after_punctuation() || (accept_clause_separator(true) && parse_trailing_clauses(timeline, false))) {
      finish(timeline);
      return true;
    }
    return false;
  }
  m_pos = start;
  return std::nullopt;
}
}  // namespace deadlined::timeline_detail
