// Item lists ("Báo cáo Quý I/2022; ..."), compound cells ("Hoàn thành ... trong
// năm 2024. Hằng năm cập nhật ..."), "... và các năm tiếp theo", trailing clauses.
// Members of the timeline phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <cstddef>

namespace deadlined::timeline_detail {

// Items separated by ';', ',', '.', "và", new lines or bullets; after a
// sentence break, clauses that are not items are a compound cell's
// recurring, ongoing or conditional clauses, or notes.
bool PhraseParser::parse_item_list(Timeline& timeline) {
  std::vector<Occurrence>& out = timeline.occurrences;
  bool report = false;
  if (!parse_item(timeline, false, report)) {
    return false;
  }
  while (!at_end_after_punctuation()) {
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
      return parse_trailing_clauses(timeline, false);
    }
  }
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
  skip_activity();
  report = accept_words({"bao", "cao"}) || inherited_report;
  if (report) {
    accept_words({"dinh", "ky"});
  }
  const std::size_t first = out.size();
  if (!parse_dated(out, report)) {
    return false;
  }
  if (report) {
    for (std::size_t i = first; i < out.size(); ++i) {
      out[i].label = "Báo cáo " + out[i].label;
      // An explicit date stays as written; only a period of a report series
      // may take the per-tier report day.
      out[i].report = out[i].anchor == DueAnchor::period_end && out[i].period != PeriodKind::day;
    }
  }
  parse_item_suffix(timeline, first);
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
      if (paren && !accept(TokenType::close_paren)) {
        m_pos = start;
        return;
      }
      repeat_following_years(out, first, following ? m_span.last : std::optional<int>(m_span.bounded_last()));
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
    // các năm tiếp theo". Only after a year: "từ quý II/2026 trở đi" could
    // mean each quarter or each second quarter, and is not guessed.
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
    // "Quý I/2026 (hoàn thành)", "Tháng 11/2025 (sau khi ... ban hành Hướng dẫn)": words in
    // parentheses that name no time and no cadence are a note.
    if (accept(TokenType::open_paren)) {
      std::size_t close = m_pos;
      bool words_only = true;
      while (close < limit() && m_tokens[close].type != TokenType::close_paren) {
        const Token& token = m_tokens[close];
        // Any text but a number, a nested parenthesis or a cadence or day
        // word ("(hằng tuần)", "(ngày 15)" name time and are refused).
        words_only = words_only && token.type != TokenType::number && token.type != TokenType::open_paren &&
                     token.text != "hang" && token.text != "moi" && token.text != "dinh" && token.text != "ngay";
        ++close;
      }
      if (words_only && close < limit() && close > m_pos) {
        append_note(timeline, m_pos, close);
        m_pos = close + 1;
        continue;
      }
      m_pos = start;
    }
    return;
  }
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

// The occurrences out[first..] are one year's pattern; append the same
// periods of each following year through `last` (inclusive), or, without a
// last year, keep them as an open-ended recurrence generated on request.
void PhraseParser::repeat_following_years(std::vector<Occurrence>& out, std::size_t first, std::optional<int> last) {
  if (first >= out.size()) {
    return;
  }
  std::vector<Occurrence> pattern(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  const int base = year_of(pattern.front().period_start);
  int pattern_last = base;
  for (const Occurrence& occurrence : pattern) {
    pattern_last = std::max(pattern_last, year_of(occurrence.nominal_due));
  }
  // Only one year's occurrences repeat; a multi-year window repeats after its end.
  const int step_from = pattern_last + 1;
  if (last) {
    repeat_yearly(pattern, base, base + (step_from - base), *last, out);
  } else {
    Recurrence recurrence;
    recurrence.pattern = std::move(pattern);
    recurrence.base_year = base;
    recurrence.from_year = step_from;
    m_open.push_back(std::move(recurrence));
  }
}

// "Hoàn thành <việc> trong năm 2024": the words between "Hoàn thành" (or
// "thực hiện", "triển khai", ...) and the time expression are the activity.
void PhraseParser::skip_activity() {
  const std::size_t start = m_pos;
  static constexpr std::array<std::string_view, 16> k_activity_verbs{
      "hoan thanh", "thuc hien", "trien khai", "to chuc", "ban hanh", "xay dung", "cap nhat",   "du kien",
      "so ket",     "tong ket",  "danh gia",   "ra soat", "kiem tra", "duy tri",  "hoan thien", "trinh"};
  const bool verb = std::any_of(k_activity_verbs.begin(), k_activity_verbs.end(),
                                [this](std::string_view words) { return accept_phrase(words); });
  if (!verb) {
    return;
  }
  for (int words = 0; words < 40 && !at_end(); ++words) {
    if (starts_time_expression()) {
      return;
    }
    if (!peek_type(TokenType::word) && !peek_type(TokenType::comma)) {
      break;
    }
    ++m_pos;
  }
  if (!starts_time_expression()) {
    m_pos = start;
  }
}

bool PhraseParser::starts_time_expression() const {
  const Token* token = peek();
  if (token == nullptr) {
    return false;
  }
  if (token->type == TokenType::number) {
    return is_year_token(token) || date_follows(0) || (token->value == 6 && peek_word("thang", 1));
  }
  if (token->type != TokenType::word) {
    return false;
  }
  static constexpr std::array<std::string_view, 12> k_starts{"trong", "truoc", "nam", "quy",  "thang", "ngay",
                                                             "giai",  "tu",    "den", "cuoi", "hang",  "vao"};
  for (std::string_view word : k_starts) {
    if (token->text == word) {
      // "trong" / "vào" / "đến" must lead to time, not to more activity words.
      if (word == "trong" && (peek_word("khoang", 1) || (peek_word("thoi", 1) && peek_word("gian", 2)))) {
        return true;  // "trong (khoảng) thời gian từ ngày ... đến ngày ..."
      }
      if (word == "trong" || word == "vao" || word == "den") {
        return peek_word("nam", 1) || peek_word("quy", 1) || peek_word("thang", 1) || peek_word("ngay", 1) ||
               peek_word("giai", 1) || peek_word("het", 1) || peek_type(TokenType::number, 1);
      }
      if (word == "nam") {
        return is_year_token(peek(1));
      }
      if (word == "tu") {
        return peek_word("nam", 1) || peek_word("ngay", 1) || peek_word("quy", 1) || peek_word("thang", 1) ||
               date_follows(1);
      }
      if (word == "hang") {
        return peek_word("nam", 1) || peek_word("quy", 1) || peek_word("thang", 1);
      }
      if (word == "giai") {
        return peek_word("doan", 1);
      }
      if (word == "cuoi") {
        return peek_word("nam", 1) || peek_word("quy", 1) || peek_word("thang", 1);
      }
      if (word == "quy" || word == "thang") {
        const Token* next = peek(1);
        return next != nullptr && (next->type == TokenType::number ||
                                   (next->type == TokenType::word && (next->text == "i" || next->text == "ii" ||
                                                                      next->text == "iii" || next->text == "iv")));
      }
      if (word == "ngay") {
        return date_follows(1);
      }
      return true;
    }
  }
  return false;
}

// A sentence break between clauses: ';', '.', a new line, and for ongoing
// work also ',' ("Thường xuyên, định kỳ hằng quý báo cáo ...").
bool PhraseParser::accept_clause_separator(bool comma_too) {
  bool any = !at_end() && peek()->line_start;
  while (peek_type(TokenType::semicolon) || peek_type(TokenType::dot) || (comma_too && peek_type(TokenType::comma)) ||
         peek_type(TokenType::dash) || peek_type(TokenType::bullet)) {
    ++m_pos;
    any = true;
  }
  return any;
}

// The end (exclusive) of the clause starting at m_pos: the next ';', a '.'
// not inside a date, or a new line.
std::size_t PhraseParser::clause_end() const {
  for (std::size_t at = m_pos; at < m_tokens.size(); ++at) {
    const Token& token = m_tokens[at];
    if (at > m_pos && token.line_start) {
      return at;
    }
    if (token.type == TokenType::semicolon) {
      return at;
    }
    if (token.type == TokenType::dot) {
      const bool inside_number = at > 0 && m_tokens[at - 1].type == TokenType::number && at + 1 < m_tokens.size() &&
                                 m_tokens[at + 1].type == TokenType::number;
      if (!inside_number) {
        return at;
      }
    }
  }
  return m_tokens.size();
}

bool PhraseParser::clause_has(std::size_t end, std::string_view phrase) const {
  PhraseParser probe(m_tokens, m_span);
  for (std::size_t at = m_pos; at < end; ++at) {
    probe.m_pos = at;
    if (probe.accept_phrase(phrase) && probe.m_pos <= end) {
      return true;
    }
  }
  return false;
}

// "6 tháng" (a half year) inside the clause.
bool PhraseParser::clause_has_half_year(std::size_t end) const {
  for (std::size_t at = m_pos; at + 1 < end; ++at) {
    if (m_tokens[at].type == TokenType::number && m_tokens[at].value == 6 && m_tokens[at + 1].type == TokenType::word &&
        m_tokens[at + 1].text == "thang") {
      return true;
    }
  }
  return false;
}

// Clauses after the deadline clause: a recurring clause adds its
// occurrences ("Hằng năm cập nhật ... (nếu có)", "định kỳ 6 tháng báo cáo",
// "cập nhật trong các năm tiếp theo"); another clause that still names a
// date is read as dated items, or refused; the rest are notes.
bool PhraseParser::parse_trailing_clauses(Timeline& timeline, bool ongoing) {
  std::vector<Occurrence>& out = timeline.occurrences;
  while (!at_end_after_punctuation()) {
    accept_clause_separator(false);
    if (at_end()) {
      break;
    }
    const std::size_t end = clause_end();
    const bool report = clause_has(end, "bao cao");
    const bool conditional = clause_has(end, "neu co") || clause_has(end, "neu can");
    std::optional<Cadence> cadence;
    if (clause_has(end, "hang quy") || clause_has(end, "moi quy") || clause_has(end, "theo quy") ||
        clause_has(end, "dinh ky quy")) {
      cadence = Cadence::quarter;
    } else if (clause_has_half_year(end)) {
      cadence = Cadence::half;
    } else if (clause_has(end, "hang thang") || clause_has(end, "moi thang") || clause_has(end, "theo thang")) {
      cadence = Cadence::month;
    } else if (clause_has(end, "hang nam") || clause_has(end, "moi nam") || clause_has(end, "dinh ky nam")) {
      cadence = Cadence::year;
    }
    const bool following = clause_has(end, "cac nam tiep theo") || clause_has(end, "nhung nam tiep theo") ||
                           clause_has(end, "cac nam sau");
    if (clause_has(end, "hang tuan")) {
      const std::size_t before = m_pos;
      // "Báo cáo thứ sáu hằng tuần": find the weekly phrase inside.
      bool found = false;
      for (std::size_t at = before; at < end && !found; ++at) {
        m_pos = at;
        Timeline weekly;
        if (parse_weekly(weekly)) {
          out.insert(out.end(), weekly.occurrences.begin(), weekly.occurrences.end());
          found = true;
        }
      }
      if (!found) {
        return false;
      }
    } else if (cadence || following) {
      const std::size_t first = out.size();
      if (following && !out.empty() && !cadence) {
        // The deadline clause's periods of its first year again each following year.
        const int base = year_of(out.front().period_start);
        std::vector<Occurrence> pattern;
        for (const Occurrence& occurrence : out) {
          if (year_of(occurrence.period_start) == base && year_of(occurrence.nominal_due) == base) {
            pattern.push_back(occurrence);
          }
        }
        if (pattern.empty()) {
          return false;
        }
        const std::size_t pattern_start = out.size();
        out.insert(out.end(), pattern.begin(), pattern.end());
        repeat_following_years(out, pattern_start, m_span.last);
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(pattern_start),
                  out.begin() + static_cast<std::ptrdiff_t>(pattern_start + pattern.size()));
        for (Recurrence& recurrence : m_open) {
          recurrence.conditional = recurrence.conditional || conditional;
        }
      } else if (cadence) {
        // Ongoing work reports over the whole span; after a deadline, a
        // yearly update comes in the years after it.
        int from = m_span.first;
        if (!ongoing && !out.empty() && *cadence == Cadence::year) {
          int last_due = m_span.first;
          for (const Occurrence& occurrence : out) {
            last_due = std::max(last_due, year_of(occurrence.nominal_due));
          }
          from = last_due + 1;
        }
        const std::optional<int> to = following ? m_span.last : std::optional<int>(m_span.bounded_last());
        // "báo cáo hằng quý trước ngày 15 của tháng cuối quý": a stated day
        // of each period moves its due date; one not understood is refused.
        std::optional<DayRule> rule;
        for (std::size_t at = m_pos; at + 1 < end; ++at) {
          if (m_tokens[at].type == TokenType::word && m_tokens[at].text == "ngay" &&
              m_tokens[at + 1].type == TokenType::number) {
            const std::size_t saved = m_pos;
            m_pos = at > saved && m_tokens[at - 1].text == "truoc" ? at - 1 : at;
            rule = accept_day_rule();
            m_pos = saved;
            if (!rule) {
              return false;
            }
            break;
          }
        }
        if (to) {
          for (int y = from; y <= *to; ++y) {
            push_cadence(*cadence, y, out);
          }
          if (rule && !apply_day_rule(*rule, *cadence, out, first)) {
            return false;
          }
        } else {
          std::vector<Occurrence> pattern;
          push_cadence(*cadence, from, pattern);
          if (rule && !apply_day_rule(*rule, *cadence, pattern, 0)) {
            return false;
          }
          Recurrence recurrence;
          recurrence.pattern = std::move(pattern);
          recurrence.base_year = from;
          recurrence.from_year = from;
          recurrence.conditional = conditional;
          m_open.push_back(std::move(recurrence));
        }
      }
      for (std::size_t i = first; i < out.size(); ++i) {
        if (report && !out[i].report && out[i].period != PeriodKind::day) {
          out[i].label = "Báo cáo " + out[i].label;
          out[i].report = true;
        }
      }
      if (conditional) {
        timeline.conditional = true;
      }
    } else if (clause_names_time(end)) {
      // "Giai đoạn 2024 - 2025. Tổ chức sơ kết vào năm 2025": a clause that
      // names a date must be understood as dated items, never skipped.
      Timeline part;
      PhraseParser sub(m_tokens, m_span);
      sub.m_pos = m_pos;
      sub.m_end = end;
      bool report_flag = false;
      if (!sub.parse_item(part, false, report_flag) || sub.m_pos != end) {
        return false;
      }
      out.insert(out.end(), part.occurrences.begin(), part.occurrences.end());
    } else {
      append_note(timeline, m_pos, end);
      if (conditional) {
        timeline.conditional = true;
      }
    }
    m_pos = end;
  }
  return true;
}

void PhraseParser::append_note(Timeline& timeline, std::size_t from, std::size_t end) const {
  if (!timeline.note.empty()) {
    timeline.note += "; ";
  }
  for (std::size_t at = from; at < end; ++at) {
    if (at > from && m_tokens[at].type == TokenType::word) {
      timeline.note += ' ';
    }
    timeline.note += m_tokens[at].text;
  }
}

// A clause names a time when it holds a year, a date or a day ("trước ngày
// 20 của tháng cuối quý"): such a clause is read, or refused, never a note.
bool PhraseParser::clause_names_time(std::size_t end) const {
  for (std::size_t at = m_pos; at < end; ++at) {
    const Token& token = m_tokens[at];
    if (token.type == TokenType::word && token.text == "ngay" && at + 1 < end &&
        m_tokens[at + 1].type == TokenType::number) {
      return true;
    }
    if (token.type != TokenType::number) {
      continue;
    }
    if (is_year_token(&token)) {
      return true;
    }
    if (at + 2 < end && m_tokens[at + 1].type == TokenType::slash && m_tokens[at + 2].type == TokenType::number) {
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
}  // namespace deadlined::timeline_detail
