// Item lists ("Báo cáo Quý I/2022; ..."), a period's stated day ("Báo cáo 6
// tháng (trước ngày 15/6)"), "... và các năm tiếp theo", "(nếu có)"; the
// clauses of compound cells are in timeline_clauses.cpp, labels, activities
// and notes around a time in timeline_labels.cpp.
// Members of the timeline phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace deadlined::timeline_detail {

// Items separated by ';', ',', '.', "và", new lines or bullets; after a
// sentence break, clauses that are not items are a compound cell's
// recurring, ongoing or conditional clauses, or notes.
bool PhraseParser::parse_item_list(Timeline& timeline) {
  std::vector<Occurrence>& out = timeline.occurrences;
  bool report = false;
  // Items with a relative year that did not recur (m_relative_once) are made
  // yearly at the end when another item recurs yearly.
  const std::size_t relative_from = m_relative_once.size();
  const int repeats_from = m_yearly_repeats;
  const auto note_item = [&](std::size_t count, int repeats) {
    if (m_yearly_repeats == repeats && m_relative && out.size() > count) {
      m_relative_once.emplace_back(count, out.size());
    }
  };
  const auto repeat_relative = [&] {
    if (m_yearly_repeats != repeats_from) {
      repeat_relative_items(
          out, std::vector<std::pair<std::size_t, std::size_t>>(
                   m_relative_once.begin() + static_cast<std::ptrdiff_t>(relative_from), m_relative_once.end()));
    }
    m_relative_once.resize(relative_from);
  };
  const std::size_t before_first = out.size();
  if (!parse_item(timeline, false, report)) {
    m_relative_once.resize(relative_from);
    return false;
  }
  note_item(before_first, repeats_from);
  while (!at_end_after_punctuation()) {
    if (accept_item_note(timeline)) {
      continue;
    }
    // Items are separated by ';' (also ',', '.', "và"), by a new line, or,
    // in a bulleted list, by the next bullet.
    bool separated = peek()->line_start;
    bool dangling = false;    // a "và" or bullet needs an item after it
    bool strong = separated;  // ';', '.', a bullet or a new line ends a "Báo cáo ..." list
    while (const Token* token = peek()) {
      const bool bullet = token->type == TokenType::bullet || token->type == TokenType::dash;
      if (token->type == TokenType::comma) {
        separated = true;
      } else if (token->type == TokenType::semicolon || token->type == TokenType::dot) {
        separated = true;
        strong = true;
      } else if (token->type == TokenType::word && token->text == "va") {
        separated = true;
        dangling = true;
      } else if (bullet && (m_bulleted || token->line_start)) {
        separated = true;
        dangling = true;
        strong = true;
      } else {
        break;
      }
      strong = strong || token->line_start;
      ++m_pos;
    }
    if (!separated || (at_end() && dangling)) {
      return false;
    }
    if (at_end()) {
      break;
    }
    // "Báo cáo quý I, II, III và năm 2022": the report word carries over
    // items joined by ',' or "và".
    const std::size_t before_item = m_pos;
    const std::size_t count = out.size();
    const auto open_count = m_open.size();
    const bool saved_report = report;
    const int repeats = m_yearly_repeats;
    // An item is whole when a separator or the end follows it: "Năm 2026.
    // Hằng năm cập nhật (nếu có)" reads "Hằng năm" as an item with words
    // after it, which makes the rest a clause, not an item.
    if (!parse_item(timeline, report && !strong, report) || !item_ends_here()) {
      // A compound cell: "Hoàn thành ... trong năm 2024. Hằng năm cập nhật
      // ... (nếu có)", "... quý II năm 2024 và cập nhật trong các năm tiếp theo".
      m_pos = before_item;
      out.resize(count);
      m_open.resize(open_count);
      report = saved_report;
      m_yearly_repeats = repeats;
      const bool read = parse_trailing_clauses(timeline, false);
      repeat_relative();
      return read;
    }
    note_item(count, repeats);
  }
  repeat_relative();
  return !out.empty() || !m_open.empty();
}

// Whether the item just read is followed by the end, a separator (',', ';',
// '.', "và", a bullet) or a new line, as an item of a list must be.
bool PhraseParser::item_ends_here() const {
  const Token* token = peek();
  if (token == nullptr || token->line_start) {
    return true;
  }
  switch (token->type) {
    case TokenType::comma:
    case TokenType::semicolon:
    case TokenType::dot:
    case TokenType::colon:
    case TokenType::bullet:
    case TokenType::dash:
      return true;
    case TokenType::word:
      return token->text == "va";
    default:
      return false;
  }
}

// inherited_report: the item continues a "Báo cáo ..." list. report is set
// to whether this item is a report.
bool PhraseParser::parse_item(Timeline& timeline, bool inherited_report, bool& report) {
  std::vector<Occurrence>& out = timeline.occurrences;
  m_relative = false;
  accept_item_label(timeline);
  skip_activity();
  const bool own_report = accept_words({"bao", "cao"});
  report = own_report || inherited_report;
  if (!report) {
    m_periodic_report = false;
  } else if (accept_words({"dinh", "ky"})) {
    m_periodic_report = true;
  } else if (own_report && !inherited_report) {
    // "Báo cáo định kỳ 6 tháng trước ngày 10/6, báo cáo năm trước ngày
    // 10/12": a report of the same list stays periodic; a new list does not.
    m_periodic_report = false;
  }
  if (own_report) {
    skip_words_to_time();  // "Báo cáo kết quả (về UBND tỉnh) trước ngày 15/12/2026"
  }
  const std::size_t start = m_pos;
  const std::size_t first = out.size();
  if (!parse_dated(out, report)) {
    return false;
  }
  if (m_periodic_days) {
    // "Định kỳ trước ngày 15/6 (...) và 15/12 (...)": each day every year.
    const bool year_written = std::any_of(m_tokens.begin() + static_cast<std::ptrdiff_t>(start),
                                          m_tokens.begin() + static_cast<std::ptrdiff_t>(m_pos),
                                          [](const Token& token) { return is_year_token(&token); });
    const bool one_year = out.size() > first &&
                          std::all_of(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                                      [this](const Occurrence& o) { return year_of(o.nominal_due) == m_default_year; });
    if (!year_written && one_year) {
      repeat_following_years(out, first, m_span.bounded_last());
    }
  }
  // "Báo cáo 6 tháng (trước ngày 15/6)": the period's stated day. A report's
  // day may follow a comma, and its yearly cadence may come before it ("Báo
  // cáo 6 tháng hằng năm, chậm nhất ngày 06 tháng 06"): one report, not two.
  bool yearly_before_day = false;
  if (out.size() == first + 1) {
    const std::size_t before_yearly = m_pos;
    yearly_before_day =
        report && (accept_words({"hang", "nam"}) || accept_words({"moi", "nam"})) && peek_type(TokenType::comma);
    const std::optional<bool> stated = accept_stated_day(out[first], report);
    if (stated && !*stated) {
      return false;
    }
    if (!stated) {
      m_pos = before_yearly;
      yearly_before_day = false;
    }
  }
  if (report) {
    for (std::size_t i = first; i < out.size(); ++i) {
      out[i].label = "Báo cáo " + out[i].label;
      // An explicit date stays as written; only a period of a report series
      // may take the per-tier report day.
      out[i].report = out[i].anchor == DueAnchor::period_end && out[i].period != PeriodKind::day;
    }
    // "Báo cáo định kỳ 6 tháng, năm" names no year: every year of the span.
    const bool year_written = std::any_of(m_tokens.begin() + static_cast<std::ptrdiff_t>(start),
                                          m_tokens.begin() + static_cast<std::ptrdiff_t>(m_pos),
                                          [](const Token& token) { return is_year_token(&token); });
    const bool one_year =
        std::all_of(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                    [this](const Occurrence& o) { return year_of(o.period_start) == m_default_year; });
    if ((m_periodic_report || yearly_before_day) && !year_written && one_year && out.size() > first) {
      repeat_following_years(out, first, m_span.bounded_last());
    }
  }
  parse_item_suffix(timeline, first);
  return true;
}

// "(trước ngày 15/6)", "trước ngày 15/12", "(chậm nhất ngày 20/01 năm sau)"
// after one month, quarter, half or year: the period's due date is that day
// (its year the period's, "năm sau" the one after). nullopt: none follows;
// false: one follows but is not a day of or after the period.
std::optional<bool> PhraseParser::accept_stated_day(Occurrence& occurrence, bool after_comma) {
  if (occurrence.period != PeriodKind::month && occurrence.period != PeriodKind::quarter &&
      occurrence.period != PeriodKind::half && occurrence.period != PeriodKind::nine_months &&
      occurrence.period != PeriodKind::year && occurrence.period != PeriodKind::window) {
    return std::nullopt;
  }
  const std::size_t start = m_pos;
  const bool paren = accept(TokenType::open_paren);
  if (!paren) {
    accept(TokenType::colon) || (after_comma && accept(TokenType::comma));
  }
  // "Báo cáo 6 tháng gửi trước ngày 10/7", "Báo cáo năm gửi về Sở Tư pháp
  // trước ngày 15/12", "Báo cáo năm được thực hiện trước ngày 15 tháng 01
  // ...", "Năm 2026 (báo cáo trước ngày 15/12/2026)", "(gửi báo cáo chậm
  // nhất ngày 20/12)": words that name no time, before the day, name what
  // is due on it.
  {
    static constexpr std::array<std::string_view, 21> k_time_words{
        "truoc", "cham",  "ngay", "vao", "thang", "quy", "nam",  "tuan", "hang", "moi", "tu",
        "den",   "trong", "dinh", "sau", "cuoi",  "dau", "giua", "khi",  "theo", "han"};
    const std::size_t most = paren ? 4 : 6;
    std::size_t words = 0;
    // "Sở Tư pháp": "tư" folds as "từ" does.
    const auto names_no_time = [this, &words] {
      return std::find(k_time_words.begin(), k_time_words.end(), peek(words)->text) == k_time_words.end() ||
             (peek_word("tu", words) && peek_word("phap", words + 1));
    };
    while (words < most && peek_type(TokenType::word, words) && names_no_time()) {
      ++words;
    }
    if (words > 0 && (peek_word("truoc", words) || (peek_word("cham", words) && peek_word("nhat", words + 1)))) {
      m_pos += words;
    }
  }
  DueAnchor anchor = DueAnchor::period_end;
  if (accept_words({"cham", "nhat"})) {
    anchor = accept_word("truoc") ? DueAnchor::before_date : DueAnchor::period_end;
  } else if (accept_word("truoc")) {
    anchor = DueAnchor::before_date;
  } else if (!paren || !(accept_word("vao") || peek_word("ngay"))) {
    m_pos = start;
    return std::nullopt;
  }
  accept_word("la");
  accept_word("vao");
  if (!accept_word("ngay") && !date_follows(0)) {
    m_pos = start;
    return std::nullopt;
  }
  // "Báo cáo năm trước, trước ngày 31/01 hằng năm": a period named as a
  // year before the plan's is reported on in the plan's year, so a day
  // without a year is of that year, not of the period's.
  const int day_year = m_relative && year_of(occurrence.period_start) < m_default_year
                           ? m_default_year
                           : year_of(occurrence.period_start);
  const int saved_year = m_default_year;
  m_default_year = day_year;
  DateElement element;
  const bool read = parse_one_date(element);
  m_default_year = saved_year;
  if (!read) {
    return false;
  }
  const int year = element.year.value_or(day_year);
  if (!is_valid_date(year, element.month, element.day) || (paren && !accept(TokenType::close_paren))) {
    return false;
  }
  const Date due = make_date(year, element.month, element.day);
  if (due < occurrence.period_start) {
    return false;
  }
  occurrence.nominal_due = due;
  occurrence.anchor = anchor;
  return true;
}

// After an item: "(và) hằng năm" repeats it over the plan's span, "và các
// năm tiếp theo" every following year (to the plan's stated last year, else
// without end); "(nếu có)" makes the cell conditional.
void PhraseParser::parse_item_suffix(Timeline& timeline, std::size_t first) {
  std::vector<Occurrence>& out = timeline.occurrences;
  // "Năm 2026 - 2030 (hằng năm)", "Giai đoạn 2026-2030, hằng quý".
  accept_cadence_over_window(out, first);
  while (true) {
    const std::size_t start = m_pos;
    accept(TokenType::comma);
    const bool joined = accept_word("va");
    const bool paren = accept(TokenType::open_paren);
    // "và cập nhật", ", duy trì", "tiếp tục thực hiện" (trong) các năm tiếp theo.
    accept_word("tiep") && accept_word("tuc");
    (accept_word("cap") && accept_word("nhat")) || (accept_word("duy") && accept_word("tri")) ||
        (accept_word("thuc") && accept_word("hien")) || (accept_word("trien") && accept_word("khai"));
    accept_word("trong");
    if (accept_words({"hang", "nam"}) || accept_words({"moi", "nam"})) {
      const bool following = accept_words({"tiep", "theo"});
      // "Năm 2026 và hằng năm đến 2030": each year through the one named.
      const std::optional<int> until = accept_until_year();
      if (paren && !accept(TokenType::close_paren)) {
        m_pos = start;
        return;
      }
      repeat_following_years(out, first,
                             until       ? until
                             : following ? m_span.last
                                         : std::optional<int>(m_span.bounded_last()));
      continue;
    }
    if ((accept_word("cac") || accept_word("nhung")) && accept_word("nam") &&
        (accept_words({"tiep", "theo"}) || accept_word("sau") || accept_words({"ke", "tiep"}))) {
      repeat_following_years(out, first, m_span.last);
      continue;
    }
    m_pos = start;
    accept(TokenType::comma);
    accept_word("va");
    // "(Từ) năm 2026 trở đi": the year and every following one, as "... và
    // các năm tiếp theo". Only after a year: "từ quý II/2026 trở đi" names
    // no cadence, so it is ongoing work (accept_period_onward).
    if (accept_words({"tro", "di"})) {
      const bool years_only =
          out.size() > first && std::all_of(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                                            [](const Occurrence& o) { return o.period == PeriodKind::year; });
      if (years_only) {
        repeat_following_years(out, first, m_span.last);
        continue;
      }
      m_pos = start;
      return;
    }
    m_pos = start;
    if (accept_conditional_mark()) {
      timeline.conditional = true;
      continue;
    }
    if (accept_exception_or_place(timeline)) {
      continue;
    }
    // "trước ngày 15/4/2023 để tập hợp báo cáo Thủ tướng", "trước ngày 30/6
    // để đến ngày 1/7, các xã được vận hành ...": what the day is for, a note
    // to the clause's end, or to a comma before the next time ("..., trước
    // ngày 15/12 để báo cáo năm"). A time inside it is the purpose's, not
    // this task's deadline. "bằng văn bản", "bằng hình thức ...": how.
    if ((peek_word("de") || peek_word("bang")) && !peek_type(TokenType::number, 1)) {
      std::size_t end = clause_end();
      ++m_pos;
      // It ends at a comma, "và" or "hoặc" before the next time ("... để báo
      // cáo 6 tháng và trước ngày 10/12 để báo cáo năm"); "đồng thời" or "sau
      // đó" and a deadline in it is a second obligation: not a note.
      bool second_deadline = false;
      for (std::size_t at = m_pos; at < end; ++at) {
        const Token& token = m_tokens[at];
        const bool joins = token.type == TokenType::comma ||
                           (token.type == TokenType::word && (token.text == "va" || token.text == "hoac"));
        if ((token.text == "dong" && at + 1 < end && m_tokens[at + 1].text == "thoi") ||
            (token.text == "sau" && at + 1 < end && m_tokens[at + 1].text == "do")) {
          for (std::size_t later = at; later < end; ++later) {
            second_deadline = second_deadline || m_tokens[later].text == "truoc" ||
                              (m_tokens[later].text == "cham" && later + 1 < end && m_tokens[later + 1].text == "nhat");
          }
        }
        if (!joins) {
          continue;
        }
        const std::size_t saved = m_pos;
        m_pos = at + 1;
        const bool time_follows = starts_time_expression();
        m_pos = saved;
        if (time_follows) {
          end = at;
          break;
        }
      }
      if (end > m_pos && !second_deadline) {
        append_note(timeline, start, end);
        m_pos = end;
        continue;
      }
      m_pos = start;
    }
    // "kết thúc vào ngày 10/3/2026 thay vì cuối tháng 3/2026": the time it
    // replaced, a note to the clause's end.
    if (peek_word("thay") && peek_word("vi", 1)) {
      const std::size_t end = clause_end();
      if (end > m_pos + 2) {
        append_note(timeline, start, end);
        m_pos = end;
        continue;
      }
    }
    // "(thay vì cuối tháng 3/2026)": the same in parentheses.
    if (peek_type(TokenType::open_paren) && peek_word("thay", 1) && peek_word("vi", 2)) {
      std::size_t close = m_pos + 3;
      while (close < limit() && m_tokens[close].type != TokenType::close_paren &&
             m_tokens[close].type != TokenType::open_paren) {
        ++close;
      }
      if (close < limit() && close > m_pos + 3 && m_tokens[close].type == TokenType::close_paren) {
        append_note(timeline, m_pos + 1, close);
        m_pos = close + 1;
        continue;
      }
    }
    // "Vào ngày 1 và 2/6 tới đây", "Dự kiến vào tháng 9 tới": the coming one.
    if (accept_word("toi")) {
      accept_word("day");
      if (at_end() || peek_type(TokenType::semicolon) || peek_type(TokenType::dot) || peek_type(TokenType::comma) ||
          peek()->line_start) {
        continue;
      }
      m_pos = start;
    }
    // "trước ngày 25/06 đối với báo cáo 06 tháng": which report the day is
    // for, a note (a day per kind of unit, "đối với cấp huyện", is not). A
    // periodic report ("đối với báo cáo định kỳ 06 tháng") recurs: the report forms read it.
    if (peek_word("doi") && peek_word("voi", 1) && peek_word("bao", 2) && peek_word("cao", 3) &&
        !(peek_word("dinh", 4) && peek_word("ky", 5))) {
      std::size_t end = m_pos + 4;
      while (end < limit() && !m_tokens[end].line_start &&
             (m_tokens[end].type == TokenType::word || m_tokens[end].type == TokenType::number) &&
             m_tokens[end].text != "truoc" && m_tokens[end].text != "ngay" && m_tokens[end].text != "cham" &&
             m_tokens[end].text != "han" && m_tokens[end].text != "hang" && m_tokens[end].text != "moi" &&
             !is_year_token(&m_tokens[end])) {
        ++end;
      }
      const Token* next = end < limit() ? &m_tokens[end] : nullptr;
      if (next == nullptr || next->line_start || next->type == TokenType::semicolon || next->type == TokenType::comma ||
          next->type == TokenType::dot || next->type == TokenType::close_paren) {
        append_note(timeline, m_pos, end);
        m_pos = end;
        continue;
      }
    }
    // "Định kỳ hằng năm hoặc đột xuất", "Hằng quý hoặc khi có yêu cầu": the
    // periods stand; an extra occurrence on request is `deadlined trigger`'s.
    accept(TokenType::comma);
    if (accept_word("hoac") && (peek_word("dot") || peek_word("khi") || peek_word("theo"))) {
      const std::size_t end = clause_end();
      append_note(timeline, start, end);
      m_pos = end;
      continue;
    }
    (void)joined;
    m_pos = start;
    // "chậm nhất là ngày 4 tháng 3 năm 2021 (80 ngày trước ngày bầu cử)": how
    // the written day was counted from an event. The day stands; the count is
    // a note.
    if (out.size() == first + 1 && out[first].period == PeriodKind::day && accept(TokenType::open_paren)) {
      const std::size_t inside = m_pos;
      const Token* count = peek();
      if (count != nullptr && count->type == TokenType::number && count->value > 0 &&
          (peek_word("ngay", 1) || peek_word("thang", 1) || peek_word("tuan", 1))) {
        m_pos += 2;
        accept_words({"lam", "viec"});
        if ((accept_word("truoc") || accept_word("sau") || accept_words({"ke", "tu"})) && accept_word("ngay")) {
          std::size_t close = m_pos;
          while (close < limit() && m_tokens[close].type == TokenType::word) {
            ++close;
          }
          if (close > m_pos && close < limit() && m_tokens[close].type == TokenType::close_paren) {
            append_note(timeline, inside, close);
            m_pos = close + 1;
            continue;
          }
        }
      }
      m_pos = start;
    }
    // "Năm 2026 (quý IV)", "Năm 2026 (tháng 12)": that period of the year; so
    // is "Năm 2026: Quý II" ending the cell (a level's part "Năm 2026: Quý II
    // đối với cấp tỉnh").
    if (out.size() == first + 1 && out[first].period == PeriodKind::year &&
        (peek_type(TokenType::open_paren) || peek_type(TokenType::colon))) {
      const bool in_parens = accept(TokenType::open_paren) || !accept(TokenType::colon);
      bool failed = false;
      const int saved_year = m_default_year;
      m_default_year = year_of(out[first].period_start);
      const std::optional<NumberedUnit> unit = accept_numbered_unit(failed);
      m_default_year = saved_year;
      if (unit && unit->year == year_of(out[first].period_start) &&
          (in_parens ? accept(TokenType::close_paren) : at_end_after_punctuation())) {
        const bool recurring = out[first].recurring;
        out[first] = unit_occurrence(unit->unit, unit->year, unit->number);
        out[first].recurring = recurring;
        continue;
      }
      m_pos = start;
    }
    // "Quý I/2026 (hoàn thành)", "Tháng 11/2025 (sau khi ... ban hành Hướng dẫn)": words in
    // parentheses that name no time and no cadence are a note.
    if (accept(TokenType::open_paren)) {
      // "(đối với cấp huyện)" in a phrase that says "đối với" twice: a
      // deadline for each kind of unit, which one task cannot hold.
      if (peek_word("doi") && peek_word("voi", 1) && said_twice("doi", "voi")) {
        m_pos = start;
        return;
      }
      // "(nếu trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo)": what
      // the working-day calendar does anyway; a note.
      // "(nếu ngày này trùng vào ngày nghỉ, ngày lễ thì ...)" too.
      if (peek_word("neu") && (peek_word("trung", 1) || peek_word("trung", 2) || peek_word("trung", 3))) {
        std::size_t close = m_pos;
        while (close < limit() &&
               (m_tokens[close].type == TokenType::word || m_tokens[close].type == TokenType::comma)) {
          ++close;
        }
        if (close < limit() && m_tokens[close].type == TokenType::close_paren) {
          append_note(timeline, m_pos, close);
          m_pos = close + 1;
          continue;
        }
      }
      // "(sau khi Chính phủ ban hành Nghị định thay thế Nghị định số
      // 34/2014/NĐ-CP", "(sau khi kết thúc kỳ tuyển sinh năm học 2026 – 2027)":
      // a precondition may hold numbers (a document's, a school year) and may
      // be left unclosed at the cell's end; a lag in it is still time.
      const bool precondition = peek_word("sau") && peek_word("khi", 1);
      // "(báo cáo 6 tháng)", "(báo cáo 9 tháng)": which report, not when.
      const bool report_label = peek_word("bao") && peek_word("cao", 1);
      // "(báo cáo năm 2025)", "(tổng kết năm 2025)", "(sơ kết quý II/2026)":
      // which period's report, not when; numbers are then its year or
      // quarter, unless a word in it names a day or a deadline.
      const bool period_label =
          (report_label || (peek_word("tong") && peek_word("ket", 1)) || (peek_word("so") && peek_word("ket", 1))) &&
          paren_names_period_only(m_pos);
      std::size_t close = m_pos;
      bool words_only = true;
      bool lag = false;
      while (close < limit() && m_tokens[close].type != TokenType::close_paren) {
        // "(giải phóng mặt bằng 57ha theo QĐ 525/QĐ-UBND)", "(theo Quyết
        // định số 1234/QĐ-TTg ngày 12/5/2025)": quantities and citations.
        if (const std::size_t length = non_time_length(close, limit())) {
          close += length;
          continue;
        }
        const Token& token = m_tokens[close];
        // Any text but a number, a nested parenthesis or a cadence or day
        // word ("(hằng tuần)", "(ngày 15)" name time and are refused).
        int offset = 0;
        const std::size_t saved = m_pos;
        m_pos = close;
        // "(năm sau)": a relative year is time, not a note.
        const bool relative = relative_year_length(0, offset) > 0;
        lag = lag || accept_lag().has_value();
        m_pos = saved;
        // "(quý IV)", "(tháng 12)": a numbered period is time.
        const bool numbered_period =
            !period_label && (token.text == "quy" || token.text == "thang") && close + 1 < limit() &&
            (m_tokens[close + 1].type == TokenType::number || m_tokens[close + 1].text == "i" ||
             m_tokens[close + 1].text == "ii" || m_tokens[close + 1].text == "iii" || m_tokens[close + 1].text == "iv");
        const bool period_word =
            numbered_period || token.text == "hang" || token.text == "moi" || token.text == "ngay" ||
            (token.text == "dinh" && close + 1 < limit() && m_tokens[close + 1].text == "ky");  // not "Nghị định"
        // "(Giai đoạn 1)", "(đợt 2)", "(bước 3)": which stage, not when.
        const bool stage_number = token.type == TokenType::number && token.text.size() <= 2 && close > m_pos &&
                                  (m_tokens[close - 1].text == "doan" || m_tokens[close - 1].text == "dot" ||
                                   m_tokens[close - 1].text == "lan" || m_tokens[close - 1].text == "buoc" ||
                                   m_tokens[close - 1].text == "phan");
        words_only = words_only && token.type != TokenType::open_paren && (!relative || period_label) && !period_word &&
                     (token.type != TokenType::number || precondition || stage_number || period_label ||
                      (report_label && (token.value == 6 || token.value == 9) && close + 1 < limit() &&
                       m_tokens[close + 1].text == "thang"));
        ++close;
      }
      const bool closed = close < limit();
      if (words_only && !lag && close > m_pos && (closed || precondition)) {
        append_note(timeline, m_pos, close);
        m_pos = closed ? close + 1 : close;
        continue;
      }
      m_pos = start;
    }
    return;
  }
}

// From `at` to the closing parenthesis: only words, the period words "năm",
// "quý", "tháng", a year, quarter numbers, '/' and '-' ("báo cáo năm 2025",
// "tổng kết quý II/2026"); no day, deadline or cadence word. Without a year
// ("sơ kết 6 tháng") the label may name when, so it is not one.
bool PhraseParser::paren_names_period_only(std::size_t at) const {
  bool period = false;
  bool year = false;
  for (; at < limit() && m_tokens[at].type != TokenType::close_paren; ++at) {
    const Token& token = m_tokens[at];
    year = year || is_year_token(&token);
    // "(báo cáo năm trước)", "(báo cáo năm trước liền kề)": the year reported
    // on, named relative to the year the report is due.
    if (token.text == "nam" && at + 1 < limit() && m_tokens[at + 1].text == "truoc" &&
        (at + 2 >= limit() || m_tokens[at + 2].type == TokenType::close_paren ||
         (m_tokens[at + 2].text == "lien" && at + 3 < limit() && m_tokens[at + 3].text == "ke"))) {
      year = true;
      period = true;
      at += m_tokens[at + 2].text == "lien" ? 3 : 1;
      continue;
    }
    if (token.type == TokenType::word) {
      static constexpr std::array<std::string_view, 12> k_time_words{"ngay", "truoc", "cham", "han", "hang", "moi",
                                                                     "dinh", "sau",   "tu",   "den", "tiep", "vao"};
      if (std::find(k_time_words.begin(), k_time_words.end(), token.text) != k_time_words.end()) {
        return false;
      }
      period = period || token.text == "nam" || token.text == "quy" || token.text == "thang";
    } else if (token.type != TokenType::number && token.type != TokenType::slash && token.type != TokenType::dash) {
      return false;
    }
  }
  return period && year && at < limit();
}

// "đến (hết) (năm) 2030" after a cadence: its last year; nothing consumed
// when it does not follow.
std::optional<int> PhraseParser::accept_until_year() {
  const std::size_t start = m_pos;
  if (accept_word("den")) {
    accept_word("het");
    accept_word("nam");
    if (const std::optional<int> year = accept_year()) {
      return year;
    }
  }
  m_pos = start;
  return std::nullopt;
}

// "(nếu có)", "nếu có", "(nếu cần)".
bool PhraseParser::accept_conditional_mark() {
  const std::size_t start = m_pos;
  const bool paren = accept(TokenType::open_paren);
  if ((accept_word("neu") || accept_word("khi")) &&
      (accept_word("co") || accept_word("can") || accept_words({"phat", "sinh"}))) {
    if (paren) {
      // Words inside the parentheses ("nếu có thay đổi") are part of the mark.
      while (!at_end() && !peek_type(TokenType::close_paren) && peek_type(TokenType::word)) {
        ++m_pos;
      }
      if (!accept(TokenType::close_paren)) {
        m_pos = start;
        return false;
      }
    }
    return true;
  }
  m_pos = start;
  return false;
}

bool PhraseParser::starts_time_expression() const {
  const Token* token = peek();
  if (token == nullptr) {
    return false;
  }
  if (token->type == TokenType::number) {
    return is_year_token(token) || date_follows(0) ||
           ((token->value == 6 || token->value == 9) && peek_word("thang", 1));
  }
  if (token->type != TokenType::word) {
    return false;
  }
  if (starts_ten_days()) {
    return true;  // "thượng tuần tháng 9", "nửa đầu tháng 6"
  }
  if (peek_word("nua") && (peek_word("dau", 1) || peek_word("cuoi", 1) || peek_word("sau", 1)) && peek_word("nam", 2)) {
    return true;  // "nửa đầu năm 2026"
  }
  static constexpr std::array<std::string_view, 20> k_starts{"han",  "thoi", "trong", "truoc", "nam",  "quy",  "thang",
                                                             "ngay", "giai", "tu",    "den",   "cuoi", "hang", "vao",
                                                             "cham", "dau",  "giua",  "tuan",  "muon", "khong"};
  for (std::string_view word : k_starts) {
    if (token->text == word) {
      // "trong" / "vào" / "đến" must lead to time, not to more activity words.
      if (word == "trong" && (peek_word("khoang", 1) || (peek_word("thoi", 1) && peek_word("gian", 2)))) {
        return true;  // "trong (khoảng) thời gian từ ngày ... đến ngày ..."
      }
      if (word == "trong" || word == "vao" || word == "den") {
        return peek_word("nam", 1) || peek_word("quy", 1) || peek_word("thang", 1) || peek_word("ngay", 1) ||
               peek_word("giai", 1) || peek_word("het", 1) || peek_type(TokenType::number, 1) || peek_word("dau", 1) ||
               (peek_word("nua", 1) && (peek_word("dau", 2) || peek_word("cuoi", 2) || peek_word("sau", 2))) ||
               peek_word("giua", 1) || peek_word("cuoi", 1) ||
               (peek_word("tuan", 1) && (peek_word("dau", 2) || peek_word("cuoi", 2) || peek_word("thu", 2))) ||
               ((peek_word("thuong", 1) || peek_word("trung", 1) || peek_word("ha", 1)) && peek_word("tuan", 2));
      }
      if (word == "tuan") {
        return peek_word("dau", 1) || peek_word("cuoi", 1) || peek_word("thu", 1);
      }
      if (word == "cham" || word == "muon") {
        return peek_word("nhat", 1);  // "chậm nhất (trước) ngày ...", "muộn nhất"
      }
      if (word == "khong") {
        // "không quá ngày 30/6/2026", "không muộn hơn quý II/2026".
        return peek_word("qua", 1) ||
               ((peek_word("muon", 1) || peek_word("cham", 1)) && (peek_word("hon", 2) || peek_word("qua", 2)));
      }
      if (word == "han" || word == "thoi") {
        // "hạn chót", "hạn cuối", "thời hạn"
        return word == "han" ? peek_word("chot", 1) || peek_word("cuoi", 1) : peek_word("han", 1);
      }
      if (word == "nam") {
        // "các năm tiếp theo" is every following year (parse_item_suffix),
        // not "năm tiếp theo", the one year after.
        const bool plural = m_pos > 0 && m_tokens[m_pos - 1].type == TokenType::word &&
                            (m_tokens[m_pos - 1].text == "cac" || m_tokens[m_pos - 1].text == "nhung");
        return is_year_token(peek(1)) || (!plural && relative_year_follows());
      }
      if (word == "tu") {
        return (peek_word("nay", 1) && peek_word("den", 2)) || peek_word("nam", 1) || peek_word("ngay", 1) ||
               peek_word("quy", 1) || peek_word("thang", 1) || date_follows(1);
      }
      if (word == "hang") {
        return peek_word("nam", 1) || peek_word("quy", 1) || peek_word("thang", 1);
      }
      if (word == "giai") {
        return peek_word("doan", 1);
      }
      if (word == "cuoi" || word == "dau" || word == "giua") {
        // "cuối năm", "đầu mỗi quý"; not "đầu mối", "đầu tư".
        const std::size_t unit = peek_word("moi", 1) || peek_word("hang", 1) || peek_word("cac", 1) ? 2 : 1;
        return peek_word("nam", unit) || peek_word("quy", unit) || peek_word("thang", unit);
      }
      if (word == "quy" || word == "thang") {
        const Token* next = peek(1);
        return next != nullptr && (next->type == TokenType::number ||
                                   (next->type == TokenType::word && (next->text == "i" || next->text == "ii" ||
                                                                      next->text == "iii" || next->text == "iv")));
      }
      if (word == "ngay") {
        // "ngày 15/3/2026"; "ngày 12 của tháng cuối quý": a day of each period.
        const Token* day = peek(1);
        return date_follows(1) || (day != nullptr && day->type == TokenType::number && day->text.size() <= 2 &&
                                   day->value >= 1 && day->value <= 31);
      }
      return true;
    }
  }
  return false;
}

// Occurrences generated as the timeline closes: open-ended recurrences.
void PhraseParser::finish(Timeline& timeline) {
  for (Recurrence& recurrence : m_open) {
    recurrence.conditional = recurrence.conditional || timeline.conditional;
    timeline.open_ended.push_back(std::move(recurrence));
  }
  m_open.clear();
}
// After a time: "(,) trong trường hợp công dân đăng ký sau ngày 15 thì chuyển
// sang tháng kế tiếp", "(nếu trùng vào ngày Lễ, Tết thì ...)": an exception,
// whatever time it names, to the clause's end or its closing parenthesis;
// "tại Phòng tiếp công dân của UBND xã": where, naming no time. Notes.
bool PhraseParser::accept_exception_or_place(Timeline& timeline) {
  const std::size_t start = m_pos;
  accept(TokenType::comma) || accept(TokenType::semicolon);
  const bool paren = accept(TokenType::open_paren);
  const std::size_t from = m_pos;
  // A holiday rule that names its own day ("nếu trùng ngày nghỉ thì ngày
  // 26") moves the deadline: not a note.
  const bool holiday_rule = peek_word("neu") && peek_word("trung", 1);
  const bool exception = accept_words({"trong", "truong", "hop"}) || accept_words({"truong", "hop"}) || holiday_rule;
  // "tại Hội trường ...", "trên phạm vi toàn quốc", "trên địa bàn tỉnh": where.
  const bool place =
      !exception &&
      (accept_word("tai") || accept_words({"tren", "pham", "vi"}) || accept_words({"tren", "dia", "ban"})) &&
      peek_type(TokenType::word) && !starts_time_expression();
  if (!exception && !place) {
    m_pos = start;
    return false;
  }
  std::size_t end = paren ? from : clause_end();
  if (paren) {
    while (end < limit() && m_tokens[end].type != TokenType::close_paren) {
      ++end;
    }
    if (end >= limit()) {
      m_pos = start;
      return false;
    }
  }
  m_pos = from;
  if (end <= from || ((place || holiday_rule) && (clause_names_time(end) || clause_names_numbered_period(end)))) {
    m_pos = start;
    return false;
  }
  append_note(timeline, from, end);
  m_pos = paren ? end + 1 : end;
  return true;
}

}  // namespace deadlined::timeline_detail
