// Compound cells: the clauses after the deadline clause ("Thường xuyên;
// định kỳ 6 tháng báo cáo UBND tỉnh", "Giai đoạn 2024 - 2025. Tổ chức sơ kết
// ...") are recurring, dated, or notes. Members of the timeline phrase parser
// (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <cstddef>
#include <functional>

namespace deadlined::timeline_detail {

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
    // "Năm 2026 - 2027; các năm tiếp theo thực hiện thường xuyên": ongoing
    // after the deadline, with no cadence: a note.
    const bool ongoing_after = !cadence && clause_has(end, "thuong xuyen") && !clause_names_time(end);
    // "Năm 2026; các năm tiếp theo theo yêu cầu", "... khi có yêu cầu": after
    // the deadline, only on request, so nothing is scheduled for those years
    // (`deadlined trigger`). "theo yêu cầu của UBND tỉnh" is "as the province
    // requires", and a cadence named ("hằng quý theo yêu cầu") stands.
    const bool on_request = !cadence &&
                            (clause_has(end, "khi co yeu cau") ||
                             (clause_has(end, "theo yeu cau") && !clause_has(end, "theo yeu cau cua"))) &&
                            !clause_names_time(end) && !clause_names_numbered_period(end);
    if (ongoing_after || on_request) {
      append_note(timeline, m_pos, end);
    } else if (cadence == Cadence::year && clause_names_numbered_period(end) && parse_item_in_clause(timeline, end)) {
      // "các năm tiếp theo thực hiện trong Quý I hằng năm": that quarter each
      // year, not the year's end.
    } else if (clause_has_position(end)) {
      // "Năm 2026. Báo cáo giữa mỗi tháng": the position moves each period's
      // day, so the clause is read whole, never as its bare cadence.
      if (!parse_dated_clause(timeline, end)) {
        return false;
      }
    } else if (clause_has(end, "hang tuan")) {
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
        if (pattern.empty() && out.front().period == PeriodKind::window) {
          // "Giai đoạn 2026-2027, cập nhật trong các năm tiếp theo": each
          // year after the window (repeat_following_years makes it yearly).
          pattern.push_back(out.front());
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
        bool dated = false;
        for (std::size_t at = m_pos; at + 1 < end; ++at) {
          if (m_tokens[at].type == TokenType::word && m_tokens[at].text == "ngay" &&
              m_tokens[at + 1].type == TokenType::number) {
            const std::size_t saved = m_pos;
            m_pos = at > saved && m_tokens[at - 1].text == "truoc" ? at - 1 : at;
            rule = accept_day_rule();
            m_pos = saved;
            if (!rule) {
              // "báo cáo trước ngày 15/12 hằng năm": a date, each year; read
              // as dated items, or refused.
              if (!parse_dated_clause(timeline, end)) {
                return false;
              }
              dated = true;
            }
            break;
          }
        }
        if (dated) {
          // read by parse_dated_clause
        } else if (to) {
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
      if (!parse_dated_clause(timeline, end)) {
        return false;
      }
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
  if (from >= end) {
    return;
  }
  if (!timeline.note.empty()) {
    timeline.note += "; ";
  }
  // A token the tokenizer spelled itself ("Quí" is read as "quy") is not in
  // the folded text: such a note stays folded.
  const auto inside = [&](const Token& token) {
    const std::less_equal<const char*> not_after;
    const char* first = m_original->folded.data();
    const char* last = first + m_original->folded.size();
    return not_after(first, token.text.data()) && not_after(token.text.data() + token.text.size(), last);
  };
  if (m_original && inside(m_tokens[from]) && inside(m_tokens[end - 1])) {
    // The words as written: from the first token's first letter to the
    // last token's end, its runs of white space (line breaks too) one space.
    const auto offset = [&](const Token& token) {
      return static_cast<std::size_t>(token.text.data() - m_original->folded.data());
    };
    const std::size_t begin = m_original->origins[offset(m_tokens[from])];
    const std::size_t stop = m_original->origins[offset(m_tokens[end - 1]) + m_tokens[end - 1].text.size()];
    bool space = false;
    for (const char c : m_original->original.substr(begin, stop - begin)) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        space = true;
        continue;
      }
      if (space && timeline.note.size() > 0 && timeline.note.back() != ' ') {
        timeline.note += ' ';
      }
      space = false;
      timeline.note += c;
    }
    return;
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
    if (const std::size_t length = non_time_length(at, end)) {
      at += length - 1;  // "theo QĐ 1234/QĐ-TTg ngày 12/5/2025": a citation's date is no time
      continue;
    }
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

// "quý I", "tháng 3" inside the clause.
bool PhraseParser::clause_names_numbered_period(std::size_t end) const {
  for (std::size_t at = m_pos; at + 1 < end; ++at) {
    const Token& next = m_tokens[at + 1];
    const bool numbered = next.type == TokenType::number ||
                          (next.type == TokenType::word &&
                           (next.text == "i" || next.text == "ii" || next.text == "iii" || next.text == "iv"));
    if (m_tokens[at].type == TokenType::word && (m_tokens[at].text == "quy" || m_tokens[at].text == "thang") &&
        numbered) {
      return true;
    }
  }
  return false;
}

// An item that ends the clause [m_pos, end), after words that lead to it
// ("các năm tiếp theo thực hiện trong Quý I hằng năm"); its occurrences are
// appended. False, nothing appended, when there is none.
bool PhraseParser::parse_item_in_clause(Timeline& timeline, std::size_t end) {
  for (std::size_t at = m_pos; at < end; ++at) {
    if (!m_tokens[at].line_start && at > m_pos && m_tokens[at - 1].type != TokenType::word) {
      continue;  // an item starts after a word, not inside a number
    }
    Timeline part;
    PhraseParser sub(m_tokens, m_span);
    sub.m_pos = at;
    sub.m_end = end;
    bool report_flag = false;
    if (sub.parse_item(part, false, report_flag) && sub.m_pos == end && sub.m_open.empty()) {
      timeline.occurrences.insert(timeline.occurrences.end(), part.occurrences.begin(), part.occurrences.end());
      return true;
    }
  }
  return false;
}

// The clause [m_pos, end) as one dated item, its occurrences appended; false
// when it is not one, whole.
bool PhraseParser::parse_dated_clause(Timeline& timeline, std::size_t end) {
  Timeline part;
  PhraseParser sub(m_tokens, m_span);
  sub.m_pos = m_pos;
  sub.m_end = end;
  sub.m_original = m_original;
  bool report_flag = false;
  if (!sub.parse_item(part, false, report_flag)) {
    return false;
  }
  sub.accept_item_note(part);  // "năm 2027: triển khai"
  if (sub.m_pos != end || !sub.m_open.empty()) {
    return false;
  }
  // A yearly clause, or a clause of the year after that did not recur: seen
  // by the item list, which repeats the latter when the former is there.
  m_yearly_repeats += sub.m_yearly_repeats;
  if (sub.m_yearly_repeats == 0 && sub.m_relative && !part.occurrences.empty()) {
    m_relative_once.emplace_back(timeline.occurrences.size(), timeline.occurrences.size() + part.occurrences.size());
  }
  timeline.occurrences.insert(timeline.occurrences.end(), part.occurrences.begin(), part.occurrences.end());
  if (!part.note.empty()) {
    timeline.note += timeline.note.empty() ? "" : "; ";
    timeline.note += part.note;
  }
  return true;
}

}  // namespace deadlined::timeline_detail
