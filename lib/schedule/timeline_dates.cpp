// One dated expression: quarters, months, halves, years, year ranges and
// where a date window or a day begins ("Quý I/2022", "Tháng 01/2022", "6
// tháng đầu năm", "Từ ngày 03/6/2024 đến ngày 28/6/2024", "Trước ngày
// 15/8/2022"); the days themselves are read in timeline_days.cpp.
// Members of the timeline phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>

namespace deadlined::timeline_detail {

// "6 tháng/lần", "01 lần/quý", "Quý/lần", "một lần/năm": how often, as a
// cadence; nothing consumed otherwise.
std::optional<PhraseParser::Cadence> PhraseParser::accept_frequency() {
  const std::size_t start = m_pos;
  // "ít nhất 1 lần/năm", "tối thiểu 01 lần/quý": at least once, so once.
  if (!(accept_words({"it", "nhat"}) || accept_words({"toi", "thieu"}))) {
    m_pos = start;
  }
  const std::size_t at_count = m_pos;
  const Token* number = peek();
  // "sáu tháng/lần", "ba tháng/lần": the count in words.
  int months = number != nullptr && number->type == TokenType::number ? number->value : 0;
  if (number != nullptr && number->type == TokenType::word) {
    months = number->text == "mot" ? 1 : number->text == "ba" ? 3 : number->text == "sau" ? 6 : 0;
  }
  if (months > 0 && peek_word("thang", 1) && peek_type(TokenType::slash, 2) && peek_word("lan", 3)) {
    m_pos += 4;
    switch (months) {
      case 1:
        return Cadence::month;
      case 3:
        return Cadence::quarter;
      case 6:
        return Cadence::half;
      case 12:
        return Cadence::year;
      default:
        m_pos = start;
        return std::nullopt;
    }
  }
  m_pos = at_count;
  if ((number != nullptr && number->type == TokenType::number && number->value == 1 && number->text.size() <= 2) ||
      peek_word("mot")) {
    ++m_pos;
    if (accept_word("lan") && accept(TokenType::slash)) {
      // "01 lần/01 năm": one period after the slash.
      if (peek_type(TokenType::number) && peek()->value == 1 && peek()->text.size() <= 2) {
        ++m_pos;
      }
      if (const std::optional<Cadence> cadence = accept_cadence_word()) {
        if (*cadence != Cadence::half) {
          return cadence;
        }
      }
    }
    m_pos = start;
    return std::nullopt;
  }
  if (const std::optional<Cadence> cadence = accept_cadence_word()) {
    if (accept(TokenType::slash) && accept_word("lan")) {
      return cadence;
    }
  }
  m_pos = start;
  return std::nullopt;
}

bool PhraseParser::parse_dated(std::vector<Occurrence>& out, bool report) {
  const Token* token = peek();
  if (token == nullptr) {
    return false;
  }
  {
    const std::size_t start = m_pos;
    accept_words({"dinh", "ky"});
    if (const std::optional<Cadence> cadence = accept_frequency()) {
      for (int year = m_span.first; year <= m_span.bounded_last(); ++year) {
        push_cadence(*cadence, year, out);
      }
      return true;
    }
    m_pos = start;
  }
  // "17 giờ 00 ngày 25/01/2026", "sáng ngày 6/4/2026": the day, whatever the hour.
  if (skip_time_before_date()) {
    accept_word("ngay");
    return parse_date_item(out, DueAnchor::period_end);
  }
  if (token->type == TokenType::number) {
    // "6 tháng năm 2026" names the first half as a report would ("Báo cáo 6
    // tháng năm 2026"); "6 tháng" alone could be a lag and stays refused.
    const bool of_named_year = peek_word("nam", 2) && is_year_token(peek(3));
    if ((token->value == 6 || token->value == 9) && peek_word("thang", 1) &&
        (peek_word("dau", 2) || peek_word("cuoi", 2) || report || of_named_year)) {
      return parse_half_list(out, report || of_named_year);
    }
    if (is_year_token(token) && (!date_follows(0) || is_year_token(peek(2)))) {
      // "2024", "2023-2024", "2026 - 2030": a bare year is "Năm 2024".
      return parse_years(out, "Năm ");
    }
    if (date_follows(0)) {
      // "01/01/2026 - 31/12/2026": a date window written without "Từ".
      const std::size_t start = m_pos;
      if (parse_date_window(out)) {
        return true;
      }
      m_pos = start;
    }
    if (month_year_follows(0) || month_range_follows(0)) {
      // "6/2025", "06/2025", "12/2028": a month and a year without "Tháng"
      // is "Tháng 6/2025" (never a day: a day's month is at most 12);
      // "06-11/2026" is "Tháng 6-11/2026".
      return parse_unit_list(Unit::month, out, report);
    }
    return parse_date_item(out, DueAnchor::period_end);
  }
  if (token->type != TokenType::word) {
    return false;
  }
  // "Trước ngày 25 hằng tháng", "trước ngày 20 của tháng cuối quý": that day
  // of every such period of the plan's span.
  {
    const std::size_t start = m_pos;
    accept_words({"dinh", "ky"});  // "Định kỳ từ ngày 1 đến ngày 5 hằng tháng"
    if (const std::optional<DayRule> rule = accept_day_rule(); rule && (rule->cadence || rule->implied)) {
      const Cadence cadence = rule->cadence ? *rule->cadence : *rule->implied;
      const std::size_t first = out.size();
      for (int year = m_span.first; year <= m_span.bounded_last(); ++year) {
        push_cadence(cadence, year, out);
      }
      return apply_day_rule(*rule, cadence, out, first);
    }
    m_pos = start;
  }
  if (const std::optional<bool> counted = parse_counted_days(out)) {
    return *counted;
  }
  // "ngay trong tháng 3" ("right within March"): the adverb, then the time.
  if (peek_word("ngay") && peek_word("trong", 1) &&
      (peek_word("thang", 2) || peek_word("quy", 2) || peek_word("nam", 2) || peek_word("tuan", 2))) {
    ++m_pos;
    return parse_dated(out, report);
  }
  // "Ngày làm việc cuối cùng của tháng", "Trước Tết Nguyên đán 2026".
  if (const std::optional<bool> working = parse_last_working_day(out)) {
    return *working;
  }
  if (const std::optional<bool> tet = parse_before_tet(out)) {
    return *tet;
  }
  if (const std::optional<bool> season = parse_tet_season(out)) {
    return *season;
  }
  if (const std::optional<bool> full_moon = parse_full_moon(out)) {
    return *full_moon;
  }
  // "Nửa đầu năm 2026", "nửa cuối năm": the first or last six months.
  if (peek_word("nua") && (peek_word("dau", 1) || peek_word("cuoi", 1) || peek_word("sau", 1)) && peek_word("nam", 2)) {
    const unsigned half = peek_word("dau", 1) ? 1 : 2;
    m_pos += 2;
    // "năm 2026", "năm sau", or "năm" alone (the plan's year).
    std::optional<int> year;
    if (relative_year_follows()) {
      year = accept_relative_year();
    } else if (accept_word("nam")) {
      year = accept_year();
    }
    out.push_back(half_occurrence(year.value_or(m_default_year), half));
    return true;
  }
  // "Đầu năm 2026", "giữa tháng 5/2026", "cuối mỗi quý", "tuần đầu tháng 3".
  if (const std::optional<bool> position = parse_position(out)) {
    return *position;
  }
  const bool periodic = accept_words({"dinh", "ky"});
  if (periodic && (peek_word("truoc") || peek_word("vao") || (peek_word("ngay") && date_follows(1)) ||
                   (peek_word("cham") && peek_word("nhat", 1)))) {
    // "Định kỳ trước ngày 15/6 và 15/12": those days each year of the span,
    // unless they name their year; parse_item repeats this item and the
    // list's next ones.
    m_periodic_days = true;
    m_relative = false;
    if (!parse_dated(out, report)) {
      return false;
    }
    return true;
  }
  if (accept_word("hang") || (periodic && !peek_word("tuan"))) {
    if (peek_word("tuan")) {
      return false;
    }
    // "Hằng năm, trước ngày 15/12", "Hằng năm (trước ngày 15/12)": that
    // date every year of the plan's span.
    const std::size_t start = m_pos;
    if (accept_word("nam")) {
      // "Hằng năm đến 2030", "hằng năm đến hết năm 2030": each year of the
      // span through that one, not one obligation in 2030.
      const std::size_t before_until = m_pos;
      accept(TokenType::comma);
      const std::optional<int> until = accept_until_year();
      if (!until) {
        m_pos = before_until;
      } else {
        if (*until < m_span.first) {
          return false;
        }
        for (int year = m_span.first; year <= *until; ++year) {
          out.push_back(year_occurrence(year));
        }
        return true;
      }
      accept(TokenType::comma) || accept(TokenType::colon);  // "Hằng năm: trước ngày 15/12"
      const bool paren = accept(TokenType::open_paren);
      accept_word("vao");
      // "Hằng năm báo cáo kết quả trước ngày 15/12": what is due, then when.
      if (peek_word("bao") && peek_word("cao", 1)) {
        const std::size_t before_report = m_pos;
        m_pos += 2;
        if (!skip_words_to_time() && !starts_time_expression()) {
          m_pos = before_report;
        }
      } else {
        // "Hằng năm, gửi Sở Nội vụ chậm nhất ngày 15/12": to whom, then when.
        skip_subject_before_deadline_word();
      }
      const std::size_t first = out.size();
      m_relative = false;
      if (starts_time_expression() && !peek_word("nam") && parse_dated(out, report) &&
          (!paren || accept(TokenType::close_paren))) {
        const Occurrence& written = out.back();
        if (out.size() == first + 1 && written.period == PeriodKind::window &&
            written.period_start == make_date(year_of(written.period_start), 1, 1) &&
            written.nominal_due == make_date(year_of(written.nominal_due), 12, 31)) {
          // "Hằng năm, giai đoạn 2026-2030": each year of the window.
          const int last = year_of(written.nominal_due);
          const int first_year = year_of(written.period_start);
          out.pop_back();
          for (int year = first_year; year <= last; ++year) {
            out.push_back(year_occurrence(year));
          }
          return true;
        }
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
  if (peek_word("cac") && peek_word("nam", 1) && is_year_token(peek(2))) {
    ++m_pos;  // "Các năm 2026, 2027": the years listed
    return parse_years(out, "Năm ");
  }
  if (peek_word("cac") && (peek_word("thang", 1) || peek_word("quy", 1))) {
    ++m_pos;  // "Các tháng 3, 6, 9, 12", "các quý II, IV": the periods listed
    return parse_period_word(out, report);
  }
  {
    // "Mỗi quý (một lần)", "Theo quý", "theo năm": every such period.
    const std::size_t start = m_pos;
    if ((accept_word("moi") || accept_word("theo")) && parse_recurring_unit(out)) {
      if (!accept_words({"mot", "lan"}) && peek_type(TokenType::number) && peek()->value == 1 && peek_word("lan", 1)) {
        m_pos += 2;  // "mỗi quý 1 lần"
      }
      return true;
    }
    m_pos = start;
  }
  if (peek_word("tu") && peek_word("nay", 1) && peek_word("den", 2)) {
    m_pos += 2;  // "Từ nay đến năm 2030": the same as "Đến năm 2030"
  }
  if (peek_word("bat") && peek_word("dau", 1) && peek_word("tu", 2)) {
    m_pos += 2;  // "Bắt đầu từ năm 2026": the same as "Từ năm 2026"
  } else if (peek_word("bat") && peek_word("dau", 1) && peek_word("tu", 4) &&
             ((peek_word("thuc", 2) && peek_word("hien", 3)) || (peek_word("trien", 2) && peek_word("khai", 3)))) {
    m_pos += 4;  // "Bắt đầu thực hiện từ ngày 04/5/2026 đến ngày 11/7/2026"
  }
  if (peek_word("ngay") && peek_word("tu", 1) && !date_follows(1)) {
    ++m_pos;  // "Ngay từ tháng 1/2026": right from then, as "Từ tháng 1/2026"
  }
  if (accept_word("tu")) {
    // "Từ ngày ban hành đến hết năm 2026", "Từ khi ký đến ngày 31/12/2026":
    // from an event to a time; due at that time.
    if ((peek_word("ngay") && peek_type(TokenType::word, 1)) || peek_word("khi")) {
      const std::size_t event = m_pos;
      std::size_t at = m_pos + 1;
      while (at < limit() && at < event + 12 && m_tokens[at].type == TokenType::word && m_tokens[at].text != "den") {
        ++at;
      }
      m_pos = at;
      std::vector<Occurrence> until;
      if (accept_word("den")) {
        accept_word("het");
        if (parse_dated(until, report) && until.size() == 1) {
          out.push_back(until.front());
          return true;
        }
      }
      m_pos = event;
    }
    // "Từ năm 2024 đến năm 2026", "Từ 2024 đến 2026": a year window.
    if (peek_word("nam") || is_year_token(peek())) {
      return parse_years(out, "Năm ");
    }
    // "Từ 01/2026 đến 12/2026": months written without "tháng".
    if (month_year_follows(0) || month_range_follows(0)) {
      return parse_unit_list(Unit::month, out, report);
    }
    // "Từ ngày 03/6/2024 đến ngày 28/6/2024": due on the last day.
    skip_time_before_date();
    if (accept_word("ngay") || date_follows(0) || bare_day_follows()) {
      return parse_date_window(out);
    }
    // "Từ đầu tháng 3 đến cuối tháng 5/2026": from a position in a period.
    if (parse_position_window(out)) {
      return true;
    }
    // "Từ tháng 12/2025 đến quý I/2026": periods of different kinds.
    if (parse_period_window(out)) {
      return true;
    }
    // "Từ quý II đến quý III": a range of months or quarters.
    if (accept_word("quy")) {
      return parse_unit_list(Unit::quarter, out, report);
    }
    return accept_word("thang") && parse_unit_list(Unit::month, out, report);
  }
  if (peek_word("het") && (peek_word("nam", 1) || peek_word("thang", 1) || peek_word("quy", 1))) {
    ++m_pos;  // "Hết năm 2026", "hết tháng 6/2026": the period itself
    return parse_dated(out, report);
  }
  if (accept_word("den")) {
    // "Đến năm 2030", "đến hết năm 2026", "đến ngày 30/6/2026".
    accept_word("het");
    if (peek_word("tu")) {
      return false;
    }
    return parse_dated(out, report);
  }
  if (peek_word("trong") || peek_word("khoang") || peek_word("thoi")) {
    // "Trong khoảng thời gian từ ngày 01/12/2025 đến ngày 14/12/2025",
    // "(Thời gian từ ngày 04/2 đến ngày 08/2/2026)": the window that follows.
    const std::size_t start = m_pos;
    accept_word("trong");
    accept_word("khoang");
    if (accept_words({"thoi", "gian"}) && peek_word("tu")) {
      return parse_dated(out, report);
    }
    m_pos = start;
  }
  if (accept_word("trong") || accept_word("cuoi") || accept_word("vao")) {
    // "Trong/Cuối năm [2022]", "Trong quý I", "Cuối tháng 12/2022",
    // "trong giai đoạn 2026-2030".
    if (peek_word("nua") && m_tokens[m_pos - 1].text != "cuoi") {
      return parse_dated(out, report);  // "trong nửa đầu năm 2027", "vào nửa cuối tháng 6"
    }
    if (m_tokens[m_pos - 1].text == "vao" && skip_time_before_date()) {
      accept_word("ngay");  // "vào Chủ nhật ngày 15/3/2026", "vào 8 giờ ngày 15/3/2026"
      return parse_date_item(out, DueAnchor::period_end);
    }
    if (accept_words({"giai", "doan"})) {
      return parse_years(out, "Giai đoạn ");
    }
    // "Trong các năm 2026-2027", "Trong 02 năm 2026 - 2027": the window; a
    // count must be the window's own number of years.
    if (peek_word("cac") && peek_word("nam", 1) && is_year_token(peek(2))) {
      m_pos += 2;
      return parse_years(out, "Năm ");
    }
    if (const Token* count = peek(); count != nullptr && count->type == TokenType::number && !is_year_token(count) &&
                                     peek_word("nam", 1) && is_year_token(peek(2))) {
      m_pos += 2;
      const std::size_t first = out.size();
      if (!parse_years(out, "Năm ") || out.size() != first + 1) {
        return false;
      }
      const Occurrence& window = out.back();
      return year_of(window.nominal_due) - year_of(window.period_start) + 1 == count->value;
    }
    if (relative_year_follows()) {
      return parse_dated(out, report);
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
    if (month_year_follows(0) || month_range_follows(0)) {
      return parse_unit_list(Unit::month, out, report);  // "trong 6-11/2026"
    }
    if (peek_word("cac") && peek_word("ngay", 1)) {
      ++m_pos;  // "vào các ngày 26, 27/6/2026"
    }
    if (accept_word("ngay") || (date_follows(0) && !is_year_token(peek()))) {
      return parse_date_item(out, DueAnchor::period_end);  // "vào 31/12/2026"
    }
    if (is_year_token(peek())) {
      return parse_years(out, "Năm ");
    }
    return parse_period_word(out, report);
  }
  if (const std::optional<int> relative = accept_relative_year()) {
    // "Năm sau (liền kề)", "Năm tiếp theo", "Trong năm sau".
    out.push_back(year_occurrence(*relative));
    return true;
  }
  if (report && peek_word("ca") && peek_word("nam", 1)) {
    ++m_pos;  // "Báo cáo cả năm": the year's report
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
  // "Trước hoặc vào ngày 15/12", "trước hoặc trong ngày 15/12": the day
  // itself is in time, as after "chậm nhất".
  const bool on_or_before = accept_words({"truoc", "hoac", "vao"}) || accept_words({"truoc", "hoac", "trong"});
  if (on_or_before && !peek_word("ngay") && !peek_type(TokenType::number)) {
    return false;
  }
  if (!on_or_before && accept_word("truoc")) {
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
    bool failed = false;
    std::optional<NumberedUnit> period;
    if (month_year_follows(0)) {
      // "trước 7/2026": before the month, as "trước tháng 7/2026".
      const auto month = static_cast<unsigned>(peek()->value);
      m_pos += 2;
      period = NumberedUnit{Unit::month, month, *accept_year()};
    } else {
      period = accept_numbered_unit(failed);
    }
    if (period) {
      const Unit unit = period->unit;
      const int absolute = absolute_unit(unit, period->year, period->number) - 1;
      Occurrence occurrence = unit_occurrence(unit, year_of_unit(unit, absolute), number_of_unit(unit, absolute));
      occurrence.label = "Trước " + unit_label(unit, period->year, period->number);
      out.push_back(std::move(occurrence));
      return true;
    }
    if (failed) {
      return false;
    }
    skip_time_before_date();
    accept_word("ngay");
    return parse_date_item(out, DueAnchor::before_date);
  }
  if (accept_words({"han", "chot"}) || accept_words({"thoi", "han"})) {
    // "Hạn chót: 30/6/2026", "Thời hạn hoàn thành: Quý II/2026".
    accept_words({"hoan", "thanh"});
    accept(TokenType::colon);
    accept_word("la");
    return !at_end() && parse_dated(out, report);
  }
  // "Chậm nhất", and its synonyms "muộn nhất", "không quá", "không muộn
  // (chậm) hơn": the day or period that follows is the deadline.
  if (accept_words({"cham", "nhat"}) || accept_words({"muon", "nhat"}) || accept_words({"khong", "qua"}) ||
      accept_words({"khong", "muon", "hon"}) || accept_words({"khong", "cham", "hon"}) ||
      accept_words({"khong", "muon", "qua"}) || accept_words({"khong", "cham", "qua"}) || on_or_before ||
      accept_words({"han", "cuoi"})) {
    if (peek_word("truoc") || peek_word("den")) {
      // "Chậm nhất trước ngày 15/12/2026", "chậm nhất đến hết năm 2027".
      return parse_dated(out, report);
    }
    accept(TokenType::colon);  // "Hạn cuối: ngày 30/6/2026"
    accept_word("la");
    accept_word("vao");
    accept_word("trong");
    if (peek_word("nam") || peek_word("quy") || peek_word("thang")) {
      return parse_dated(out, report);
    }
    // "chậm nhất là 17 giờ 00 ngày 01 tháng 2 năm 2026".
    skip_time_before_date();
    accept_word("ngay");
    return parse_date_item(out, DueAnchor::period_end);
  }
  if (peek_word("cac") && peek_word("ngay", 1) && peek_type(TokenType::number, 2)) {
    ++m_pos;  // "Các ngày 5 và 6/3/2026": the days listed
  }
  if (accept_word("ngay")) {
    // "ngày Tháng 11/2025": the day left blank, as in a form; the month is
    // the period.
    if (accept_word("thang")) {
      return parse_unit_list(Unit::month, out, report);
    }
    return parse_date_item(out, DueAnchor::period_end);
  }
  if (report && (peek_word("quy") || peek_word("thang"))) {
    // "Báo cáo quý (trước ngày 20 tháng cuối quý)", "Báo cáo tháng": no
    // period named, so every such period, as "Báo cáo hằng quý".
    const Token* number = peek(1);
    const bool numbered =
        number != nullptr && (number->type == TokenType::number ||
                              (number->type == TokenType::word && (number->text == "i" || number->text == "ii" ||
                                                                   number->text == "iii" || number->text == "iv")));
    if (!numbered) {
      return parse_recurring_unit(out);
    }
  }
  return parse_period_word(out, report);
}

// "[Năm] 2024", "[năm] 2024-2028", "2024 - năm 2025", "[từ] năm 2024 đến
// năm 2026", after "giai đoạn" too: one year, or ONE window due at the end
// of the last year.
bool PhraseParser::parse_years(std::vector<Occurrence>& out, std::string_view prefix) {
  std::string phase;
  if (prefix == "Giai đoạn " && !is_year_token(peek())) {
    // "Giai đoạn I (2026-2027)", "Giai đoạn 1: 2026-2027", "giai đoạn II, từ
    // năm 2028 đến năm 2030": a numbered phase of a plan and its years.
    const Token* number = peek();
    const bool roman_numeral = number != nullptr && number->type == TokenType::word &&
                               (number->text == "i" || number->text == "ii" || number->text == "iii" ||
                                number->text == "iv" || number->text == "v");
    const bool arabic = number != nullptr && number->type == TokenType::number && number->value >= 1 &&
                        number->value <= 9 && number->text.size() <= 2;
    if (roman_numeral || arabic) {
      phase = std::string(number->text);
      ++m_pos;
      const bool paren = accept(TokenType::open_paren);
      if (!paren) {
        accept(TokenType::colon) || accept(TokenType::comma) || accept(TokenType::dash);
      }
      if (!accept_year_range() || (paren && !accept(TokenType::close_paren))) {
        return false;
      }
      Occurrence window = years_occurrence(m_range.first, m_range.second, "Giai đoạn ");
      for (char& c : phase) {
        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
      }
      window.label =
          "Giai đoạn " + phase + " (" + std::to_string(m_range.first) + "-" + std::to_string(m_range.second) + ")";
      out.push_back(std::move(window));
      return true;
    }
  }
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
      return false;  // "2026-2024": not something to guess about
    }
    m_pos = after_first;
  }
  if (prefix == "Giai đoạn ") {
    return false;
  }
  out.push_back(year_occurrence(*first));
  return true;
}

std::optional<PhraseParser::NumberedUnit> PhraseParser::accept_numbered_unit(bool& failed) {
  failed = false;
  if (!peek_word("thang") && !peek_word("quy")) {
    return std::nullopt;
  }
  const Unit unit = peek_word("thang") ? Unit::month : Unit::quarter;
  ++m_pos;
  const std::optional<unsigned> number = accept_unit_number(unit);
  const std::optional<int> year = number ? accept_year_suffix(failed) : std::nullopt;
  if (!number || failed) {
    failed = true;
    return std::nullopt;
  }
  return NumberedUnit{unit, *number, year.value_or(m_default_year)};
}

bool PhraseParser::parse_period_word(std::vector<Occurrence>& out, bool report) {
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
bool PhraseParser::parse_unit_list(Unit unit, std::vector<Occurrence>& out, bool report) {
  std::vector<UnitElement> elements;
  bool alternatives = false;  // one of the units: one window to the last, whatever lies between
  while (true) {
    UnitElement element;
    const std::optional<unsigned> number = accept_unit_number(unit);
    if (!number) {
      return false;
    }
    element.number = *number;
    bool failed = false;
    element.relative = relative_year_follows();
    element.year = accept_year_suffix(failed);
    if (failed) {
      return false;
    }
    elements.push_back(element);
    // A separator only counts when another unit number follows it.
    const std::size_t before_separator = m_pos;
    bool range = false;
    bool one_of = false;  // "tháng 2 hoặc tháng 3"
    if (accept(TokenType::comma)) {
      one_of = !accept_word("va") && accept_word("hoac");
    } else if (accept_word("hoac")) {
      one_of = true;
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
      accept_word("het");  // "tháng 6 đến hết tháng 11/2026"
    }
    accept_word(unit_word(unit));
    const std::size_t before_number = m_pos;
    if (!accept_unit_number(unit)) {
      m_pos = before_separator;
      break;
    }
    m_pos = before_number;
    elements.back().range_to_next = range || one_of;
    alternatives = alternatives || one_of;
  }
  if (alternatives && report) {
    return false;  // a report of one period or another names no period
  }
  // "Từ tháng 8 năm trước đến tháng 7 năm sau": the earlier and the later of
  // two consecutive years (a school year), not three years apart.
  for (std::size_t i = 0; i + 1 < elements.size(); ++i) {
    UnitElement& first = elements[i];
    const UnitElement& next = elements[i + 1];
    if (first.range_to_next && first.relative && next.relative && first.year && next.year &&
        *first.year == m_default_year - 1 && *next.year == m_default_year + 1) {
      first.year = *next.year - 1;
    }
  }
  resolve_years_backwards(elements, m_default_year);

  std::vector<int> units;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const int absolute = absolute_unit(unit, *elements[i].year, elements[i].number);
    if (!units.empty() && absolute <= units.back()) {
      return false;  // out of order or repeated: not something to guess about
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
    const bool run_ends = i == units.size() || ((units[i] != units[i - 1] + 1 || report) && !alternatives);
    if (!run_ends) {
      continue;
    }
    if (i - run_start == 1) {
      const int absolute = units[run_start];
      out.push_back(unit_occurrence(unit, year_of_unit(unit, absolute), number_of_unit(unit, absolute)));
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
bool PhraseParser::parse_half_list(std::vector<Occurrence>& out, bool report) {
  std::vector<HalfElement> elements;
  bool first = true;
  const auto count_follows = [this] {
    return peek_type(TokenType::number) && (peek()->value == 6 || peek()->value == 9) && peek_word("thang", 1);
  };
  while (true) {
    const bool has_count = count_follows();
    HalfElement element;
    if (has_count) {
      element.months = static_cast<unsigned>(peek()->value);
      m_pos += 2;
    } else if (first) {
      return false;
    }
    if (accept_word("dau")) {
      element.half = 1;
    } else if (element.months == 9) {
      if (!report || peek_word("cuoi")) {
        return false;  // "9 tháng cuối năm" is no report period
      }
      element.half = 1;  // "Báo cáo 6 tháng, 9 tháng và năm"
    } else if (accept_word("cuoi")) {
      element.half = 2;
    } else if (report && has_count && first) {
      element.half = 1;
    } else {
      return false;
    }
    element.relative = relative_year_follows();
    if (element.relative) {
      element.year = accept_relative_year();
    } else if (accept_word("nam")) {
      element.year = accept_year();
    } else if (accept(TokenType::slash)) {
      element.year = accept_year();
      if (!element.year) {
        return false;
      }
    } else {
      element.year = accept_year();  // "Báo cáo 6 tháng 2022"
    }
    elements.push_back(element);
    first = false;
    const std::size_t before_separator = m_pos;
    if (!accept_word("va") && !accept(TokenType::comma)) {
      break;
    }
    if (!count_follows() && !peek_word("dau") && !peek_word("cuoi")) {
      m_pos = before_separator;
      break;
    }
  }
  resolve_years_backwards(elements, m_default_year);
  std::optional<Date> previous;
  for (const HalfElement& element : elements) {
    Occurrence occurrence =
        element.months == 9 ? nine_months_occurrence(*element.year) : half_occurrence(*element.year, element.half);
    if (previous && occurrence.nominal_due <= *previous) {
      return false;
    }
    previous = occurrence.nominal_due;
    out.push_back(std::move(occurrence));
  }
  return true;
}
}  // namespace deadlined::timeline_detail
