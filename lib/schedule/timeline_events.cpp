// Phrases about events rather than dates: "Báo cáo ngay (khi có ...)",
// immediately on an event; "(Theo) định kỳ (theo quy định)", a period the
// cell does not state; "Bắt đầu ngay sau khi ...; hoàn thành trước ...", a
// start on an event and a dated deadline. Members of the timeline phrase
// parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <array>
#include <chrono>

namespace deadlined::timeline_detail {

namespace {

// What is done "ngay" (immediately): "Báo cáo ngay", "Thực hiện ngay ...".
constexpr std::array<std::string_view, 14> k_immediate_verbs{
    "bao cao", "thuc hien", "trien khai", "xu ly",     "gui",     "thong bao", "cung cap",
    "to chuc", "tham muu",  "cap nhat",   "khac phuc", "ung pho", "kiem tra",  "bao"};

}  // namespace

// "Báo cáo ngay", "Báo cáo ngay khi có sự cố", "Báo cáo ngay cho UBND
// tỉnh", "Xử lý ngay sau khi phát hiện", "Thực hiện ngay lập tức", "Báo cáo
// kịp thời": on the event, like "Khi có yêu cầu". "ngay" folds like "ngày":
// one before a number ("Báo cáo ngày 15/3/2026") is a day, never this form,
// and a rest that names a time ("ngay từ đầu năm 2026") is not either.
bool PhraseParser::accept_immediate(Timeline& timeline) {
  const std::size_t start = m_pos;
  bool verb = false;
  for (std::string_view words : k_immediate_verbs) {
    if (accept_phrase(words)) {
      verb = true;
      break;
    }
  }
  // "Báo cáo UBND tỉnh ngay khi ...": a few words may name to whom.
  const std::size_t after_verb = m_pos;
  for (int words = 0; verb && words < 6 && peek_type(TokenType::word) && !peek_word("ngay") &&
                      !(peek_word("kip") && peek_word("thoi", 1));
       ++words) {
    ++m_pos;
  }
  if (!peek_word("ngay") && !(peek_word("kip") && peek_word("thoi", 1))) {
    m_pos = after_verb;
  }
  bool immediate = false;
  if (accept_words({"kip", "thoi"})) {
    immediate = verb;  // "kịp thời" alone is an adverb, not a time
  } else if (accept_word("ngay")) {
    static constexpr std::array<std::string_view, 10> k_after{"khi",  "sau", "lap", "cho", "ve",
                                                              "bang", "len", "voi", "tai", "de"};
    immediate = at_end_after_punctuation() || (peek_word("trong") && peek_word("ngay", 1));
    for (std::string_view word : k_after) {
      immediate = immediate || peek_word(word);
    }
    immediate = immediate && !(peek_word("sau") && peek_type(TokenType::number, 1));
  }
  if (!immediate || clause_names_time(limit()) || clause_names_numbered_period(limit())) {
    m_pos = start;
    return false;
  }
  timeline.kind = TimelineKind::on_demand;
  timeline.lag = find_lag();
  m_pos = m_tokens.size();
  return true;
}

// "Theo định kỳ", "Định kỳ", "Định kỳ theo quy định", "Báo cáo định kỳ
// theo quy định", "Định kỳ và đột xuất": periodic, with the period left to
// a document. No period is invented: like "Theo quy định", the document sets
// the time, so the cell is on demand. A period named ("Định kỳ hằng quý",
// "định kỳ 6 tháng", "theo quý") is the recurring form instead.
bool PhraseParser::accept_unstated_period(Timeline& timeline) {
  const std::size_t start = m_pos;
  accept_words({"bao", "cao"}) || accept_words({"thuc", "hien"}) || accept_words({"trien", "khai"});
  accept_word("theo");
  if (!accept_words({"dinh", "ky"})) {
    m_pos = start;
    return false;
  }
  bool unstated = at_end_after_punctuation();
  if (!unstated && peek_word("theo")) {
    // "theo quý" is a cadence; "theo quy định (quy chế, quy trình)" is not.
    const bool quarter = peek_word("quy", 1) && !peek_word("dinh", 2) && !peek_word("che", 2) &&
                         !peek_word("trinh", 2) && !peek_word("hoach", 2);
    unstated =
        !(quarter || peek_word("thang", 1) || peek_word("nam", 1) || peek_word("tuan", 1) || peek_word("ngay", 1));
  } else if (!unstated && (peek_word("hoac") || peek_word("va") || peek_type(TokenType::comma))) {
    const std::size_t at = peek_type(TokenType::comma) && (peek_word("hoac", 1) || peek_word("va", 1)) ? 2 : 1;
    unstated = (peek_word("dot", at) && peek_word("xuat", at + 1)) || peek_word("khi", at) || peek_word("theo", at);
  }
  if (!unstated || clause_names_time(limit()) || clause_names_numbered_period(limit()) ||
      clause_has_half_year(limit())) {
    m_pos = start;
    return false;
  }
  timeline.kind = TimelineKind::on_demand;
  timeline.lag = find_lag();
  m_pos = m_tokens.size();
  return true;
}

// The deadline clause after a start: its items, finished; nullopt (the open
// recurrences it began dropped) when it names none.
std::optional<Timeline> PhraseParser::parse_deadline_clause() {
  Timeline deadline;
  if (!parse_item_list(deadline) || deadline.occurrences.empty()) {
    m_open.clear();
    return std::nullopt;
  }
  finish(deadline);
  return deadline;
}

std::optional<bool> PhraseParser::parse_deadline_after_condition(Timeline& timeline, std::size_t start) {
  const std::size_t after_words = m_pos;
  // "Theo kế hoạch" and on the next line "Quý IV/2025": the line is the clause.
  std::size_t end = !at_end() && peek()->line_start ? m_pos : clause_end();
  std::optional<std::size_t> close;  // the deadline's closing parenthesis
  for (std::size_t at = m_pos; at < end; ++at) {
    const TokenType type = m_tokens[at].type;
    if (type != TokenType::comma && type != TokenType::open_paren) {
      continue;
    }
    PhraseParser probe(m_tokens, m_span);
    probe.m_pos = at + 1;
    probe.accept_words({"hoan", "thanh"}) || probe.accept_words({"ket", "thuc"});
    // After a comma a bare date could be a cited document's own date
    // ("Theo Kế hoạch số 45/KH-UBND, ngày 10/3/2026"): a deadline word must open it.
    const bool bare_date = probe.peek_word("ngay") || probe.date_follows(0);
    if (!probe.starts_time_expression() || (type == TokenType::comma && bare_date)) {
      continue;
    }
    if (type == TokenType::open_paren) {
      std::size_t depth = 0;
      for (std::size_t inner = at; inner < m_tokens.size(); ++inner) {
        depth += m_tokens[inner].type == TokenType::open_paren ? 1 : 0;
        if (m_tokens[inner].type == TokenType::close_paren && --depth == 0) {
          close = inner;
          break;
        }
      }
      if (!close) {
        continue;
      }
    }
    end = at;
    break;
  }
  if (end >= limit()) {
    return std::nullopt;
  }
  std::optional<Timeline> read;
  if (close) {
    PhraseParser inside(m_tokens, m_span);
    inside.m_pos = end + 1;
    inside.m_end = *close;
    read = inside.parse_deadline_clause();
    if (read && !inside.at_end()) {
      read.reset();
    }
    m_pos = *close + 1;
  } else {
    m_pos = end;
    while (peek_type(TokenType::semicolon) || peek_type(TokenType::dot) || peek_type(TokenType::comma)) {
      ++m_pos;
    }
    read = at_end() ? std::nullopt : parse_deadline_clause();
  }
  if (!read || !at_end_after_punctuation()) {
    m_pos = after_words;
    return std::nullopt;
  }
  adopt_deadline(timeline, start, end, std::move(*read));
  m_pos = m_tokens.size();
  return true;
}

void PhraseParser::adopt_deadline(Timeline& timeline, std::size_t note_start, std::size_t note_end,
                                  Timeline&& deadline) {
  append_note(timeline, note_start, note_end);
  if (!deadline.note.empty()) {
    timeline.note += "; " + deadline.note;
  }
  timeline.occurrences = std::move(deadline.occurrences);
  timeline.open_ended = std::move(deadline.open_ended);
  timeline.conditional = deadline.conditional;
}

// "Bắt đầu ngay sau khi kết thúc học kỳ I; hoàn thành trước 30/6/2026",
// "Sau khi có hướng dẫn của Bộ, hoàn thành trong Quý III/2026": a start on
// an event, then the deadline. The deadline clause gives the obligations;
// the start clause is a note. nullopt (nothing consumed): not this form.
std::optional<bool> PhraseParser::parse_event_start(Timeline& timeline) {
  const std::size_t start = m_pos;
  const bool begins = accept_words({"bat", "dau"}) || accept_words({"khoi", "cong"});
  begins || accept_words({"trien", "khai"}) || accept_words({"thuc", "hien"}) || accept_words({"to", "chuc"});
  accept_word("ngay");
  accept_word("ke");
  if (!accept_words({"sau", "khi"}) && !accept_words({"tu", "khi"}) && !accept_word("khi")) {
    m_pos = start;
    return std::nullopt;
  }
  // The start clause ends at a sentence break, or at a comma before the deadline.
  std::size_t end = clause_end();
  for (std::size_t at = m_pos; at < end; ++at) {
    if (m_tokens[at].type != TokenType::comma) {
      continue;
    }
    PhraseParser probe(m_tokens, m_span);
    probe.m_pos = at + 1;
    if (probe.accept_lag()) {
      break;  // "Sau khi ..., trong vòng 30 ngày": the event's lag
    }
    probe.m_pos = at + 1;
    probe.accept_words({"hoan", "thanh"}) || probe.accept_words({"ket", "thuc"});
    if (probe.starts_time_expression()) {
      end = at;
      break;
    }
  }
  if (clause_names_time(end) || clause_names_numbered_period(end)) {
    m_pos = start;
    return std::nullopt;
  }
  if (end >= limit()) {
    if (!begins) {
      m_pos = start;
      return std::nullopt;  // "Sau khi ...", "Khi có thay đổi, ...": the whole-phrase forms
    }
    // "Bắt đầu ngay sau khi kết thúc học kỳ I": a start on an event and no
    // deadline, so on demand, as "Sau khi ...".
    timeline.kind = TimelineKind::on_demand;
    timeline.lag = find_lag();
    m_pos = m_tokens.size();
    return true;
  }
  m_pos = end;
  while (peek_type(TokenType::semicolon) || peek_type(TokenType::dot) || peek_type(TokenType::comma)) {
    ++m_pos;
  }
  accept_word("va");
  if (at_end()) {
    m_pos = start;
    return std::nullopt;
  }
  std::optional<Timeline> read = parse_deadline_clause();
  if (!read) {
    m_pos = start;
    return std::nullopt;
  }
  adopt_deadline(timeline, start, end, std::move(*read));
  return true;
}

// "Triển khai từ tháng 9/2026 và hoàn thành trước ngày 15/10/2026", "Bắt
// đầu từ Quý II/2026, kết thúc trong Quý IV/2026": a dated start, then the
// deadline. The start is no deadline of its own: one deadline becomes a
// window from the start's first day, due as the deadline says; several keep
// their own periods, the start a note. nullopt (nothing consumed): not this
// form.
std::optional<bool> PhraseParser::parse_dated_start(Timeline& timeline) {
  const std::size_t start = m_pos;
  accept_start_verbs();
  // "Thực hiện trong 4 tháng, bắt đầu từ tháng 9/2025", "trong 04 ngày: dự
  // kiến từ ngày 07/9/2024 ...": how long, then the start.
  std::optional<Duration> lasting = accept_duration();
  if (lasting) {
    accept_start_verbs();
  }
  (accept_words({"bat", "dau"}) || accept_words({"khoi", "cong"})) && accept_work_verbs();
  accept_word("ke");
  if (!accept_word("tu") || peek_word("khi") || peek_word("nay")) {
    m_pos = start;
    return std::nullopt;
  }
  std::vector<Occurrence> begun;
  if (!parse_dated(begun, false) || begun.size() != 1) {
    m_pos = start;
    return std::nullopt;
  }
  const std::size_t start_end = m_pos;
  if (!lasting) {
    // "Bắt đầu từ ngày 26/4/2010, trong vòng 30 ngày": the start, then how long.
    accept(TokenType::comma);
    lasting = accept_duration();
    if (!lasting) {
      m_pos = start_end;
    }
  }
  // "trong vòng 30 ngày bắt đầu từ ngày 26/4/2010": a start and how long it
  // lasts make one window, its last day the deadline (a period counted from
  // its first day, as the words say "bắt đầu từ"). A window already written
  // ("từ ngày 07/9 đến ngày 10/9/2024") stands as written.
  if (lasting && at_end_after_punctuation()) {
    const Occurrence& first = begun.front();
    if (first.period == PeriodKind::window) {
      timeline.occurrences.push_back(first);
      return true;
    }
    const Date from = first.period_start;
    const Date to = lasting->days ? from + std::chrono::days{lasting->count - 1}
                                  : add_months(from, lasting->count) - std::chrono::days{1};
    timeline.occurrences.push_back(date_window_occurrence(from, to));
    return true;
  }
  if (lasting) {
    m_pos = start_end;
  }
  while (peek_type(TokenType::semicolon) || peek_type(TokenType::dot) || peek_type(TokenType::comma)) {
    ++m_pos;
  }
  accept_word("va");
  if (!accept_words({"hoan", "thanh"}) && !accept_words({"ket", "thuc"})) {
    m_pos = start;
    return std::nullopt;
  }
  std::optional<Timeline> read = parse_deadline_clause();
  if (!read) {
    m_pos = start;
    return false;  // "Từ tháng 9/2026, hoàn thành ...": the deadline must be read
  }
  Timeline& deadline = *read;
  const Date from = begun.front().period_start;
  if (deadline.occurrences.size() == 1 && deadline.open_ended.empty() && !deadline.occurrences.front().recurring) {
    const Occurrence& due = deadline.occurrences.front();
    if (due.nominal_due < from) {
      return false;  // the work ends before it starts
    }
    Occurrence window = date_window_occurrence(from, due.nominal_due);
    window.anchor = due.anchor;
    timeline.occurrences.push_back(std::move(window));
  } else {
    append_note(timeline, start, start_end);
    timeline.occurrences = std::move(deadline.occurrences);
    timeline.open_ended = std::move(deadline.open_ended);
  }
  if (!deadline.note.empty()) {
    timeline.note += timeline.note.empty() ? deadline.note : "; " + deadline.note;
  }
  timeline.conditional = deadline.conditional;
  return true;
}

}  // namespace deadlined::timeline_detail
