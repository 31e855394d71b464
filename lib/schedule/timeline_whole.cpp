// Readings of a whole cell around the phrase parser: a time said again in
// parentheses or the period a report covers (read without them), a label
// with its time in parentheses, a list of such, an opening and a closing
// day, a day without its year in a plan that starts after January.
// Called by parse_timeline (timeline.cpp).
#include "schedule/timeline.hpp"
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace deadlined::timeline_detail {

// "khai mạc ngày 20/10 và (dự kiến) bế mạc ngày 12/12": the opening and the
// closing day of one event are its span, one window due on the closing day.
void join_opening_and_closing(Timeline& timeline, const std::vector<Token>& tokens) {
  const auto at = [&tokens](std::string_view first, std::string_view second) {
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (tokens[i].text == first && tokens[i + 1].text == second) {
        return i;
      }
    }
    return tokens.size();
  };
  const std::size_t opening = at("khai", "mac");
  const std::size_t closing = at("be", "mac");
  std::vector<Occurrence>& days = timeline.occurrences;
  // "Tổ chức từ ngày 19/5/2022 đến ngày 28/6/2022. Khai mạc ngày 19/5/2022.
  // Bế mạc ngày 28/6/2022": the opening and closing days say the window's
  // ends again; the window alone is the deadline.
  const auto window = std::find_if(days.begin(), days.end(), [](const Occurrence& occurrence) {
    return occurrence.period == PeriodKind::window && !occurrence.recurring;
  });
  if (opening < closing && closing < tokens.size() && window != days.end()) {
    const Date first = window->period_start;
    const Date last = window->nominal_due;
    std::erase_if(days, [&](const Occurrence& occurrence) {
      return occurrence.period == PeriodKind::day && !occurrence.recurring &&
             (occurrence.nominal_due == first || occurrence.nominal_due == last);
    });
    return;
  }
  if (opening >= closing || closing == tokens.size() || days.size() != 2 || days[0].period != PeriodKind::day ||
      days[1].period != PeriodKind::day || days[0].recurring || days[1].recurring ||
      days[1].nominal_due <= days[0].nominal_due) {
    return;
  }
  days = {date_window_occurrence(days[0].nominal_due, days[1].nominal_due)};
}

// A plan that starts after 1 January (a school year from 01/09/2025 to
// 31/05/2026): a day or period the cell names without any year ("trước ngày
// 18/1", "Tháng 01") is read in the plan's first year, which puts it before
// the start; it is the one in the following year, when that is not after the
// plan's end.
void name_the_year_after_the_start(Timeline& timeline, const std::vector<Token>& tokens, const PlanSpan& span,
                                   const PhraseParser::Original* original) {
  if (!span.start || timeline.occurrences.empty() ||
      std::any_of(tokens.begin(), tokens.end(),
                  [](const Token& token) { return PhraseParser::is_year_token(&token); }) ||
      std::none_of(timeline.occurrences.begin(), timeline.occurrences.end(), [&span](const Occurrence& occurrence) {
        return !occurrence.recurring && occurrence.nominal_due < *span.start;
      })) {
    return;
  }
  PhraseParser next_year(tokens, span);
  next_year.set_default_year(span.first + 1);
  if (original != nullptr) {
    next_year.keep_original(original);
  }
  const std::optional<Timeline> shifted = next_year.parse();
  if (!shifted || shifted->occurrences.size() != timeline.occurrences.size()) {
    return;
  }
  for (std::size_t i = 0; i < timeline.occurrences.size(); ++i) {
    const Occurrence& as_read = timeline.occurrences[i];
    const Occurrence& after = shifted->occurrences[i];
    if (!as_read.recurring && as_read.nominal_due < *span.start && after.nominal_due >= *span.start &&
        (!span.end || after.nominal_due <= *span.end)) {
      timeline.occurrences[i] = after;
    }
  }
}

// The label before a parenthesized time, in words only: no number but a
// stage's ("Đợt 2", "Giai đoạn 1", "Tuần I"), no period, cadence or deadline
// word. Then the time in parentheses, the label its note; nullopt otherwise.
std::optional<Timeline> parse_labelled_time(std::string_view phrase, const std::string& folded, PlanSpan span) {
  const std::size_t open = folded.find('(');
  std::size_t end = folded.find_last_not_of(" .;,");
  if (open == std::string::npos || open == 0 || end == std::string::npos || folded[end] != ')' ||
      folded.find_first_of("()", open + 1) != end || folded.find('\n') != std::string::npos) {
    return std::nullopt;
  }
  const std::string_view label = std::string_view(folded).substr(0, open);
  static constexpr std::array<std::string_view, 16> k_time_words{"quy", "thang", "ngay",  "nam",  "tuan", "hang",
                                                                 "moi", "dinh",  "truoc", "den",  "tu",   "sau",
                                                                 "khi", "cham",  "han",   "trong"};
  static constexpr std::array<std::string_view, 6> k_stage_words{"dot", "doan", "lan", "buoc", "phan", "tuan"};
  std::string_view previous;
  std::string_view before_previous;
  bool any_word = false;
  // "trong 30 ngày (từ 25/7 đến 25/8)", "trong hai tuần (...)": how long,
  // then the days themselves.
  static constexpr std::array<std::string_view, 5> k_counts{"hai", "ba", "bon", "nam", "muoi"};
  const std::string_view duration = label.substr(0, label.find_last_not_of(' ') + 1);
  if (duration.starts_with("trong ")) {
    const std::string_view rest = duration.substr(6);
    const std::size_t space = rest.find(' ');
    const std::string_view count = rest.substr(0, space);
    const std::string_view unit = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    const bool number = !count.empty() && (count.find_first_not_of("0123456789") == std::string_view::npos ||
                                           std::find(k_counts.begin(), k_counts.end(), count) != k_counts.end());
    if (number && (unit == "ngay" || unit == "tuan" || unit == "thang" || unit == "ngay lam viec")) {
      any_word = true;
      previous = unit;
    }
  }
  const bool duration_label = any_word;
  // "Kỷ niệm 70 năm Ngày chiến thắng Điện Biên Phủ (7/5/1954-7/5/2024)": an
  // anniversary; its count of years, "Ngày" and "Tháng Tám" name the
  // occasion, not a time.
  const bool anniversary = label.starts_with("ky niem ");
  // "Ngày Dân số Việt Nam (26/12)", "Ngày Pháp luật (09/11 hằng năm)": a day
  // by its name, then its date; only days may follow.
  const bool named_day = label.starts_with("ngay ") && label.size() > 5 && label[5] >= 'a' && label[5] <= 'z';
  for (std::size_t from = any_word ? label.size() : 0; from < label.size();) {
    const std::size_t space = std::min(label.find(' ', from), label.size());
    const std::string_view word = label.substr(from, space - from);
    from = space + 1;
    if (word.empty()) {
      continue;
    }
    // "Đợt 2", "Giai đoạn II", "Giai đoạn thứ 2": a stage's number, in
    // digits or Roman, right after its word or after "thứ".
    const auto is_stage_word = [](std::string_view text) {
      return std::find(k_stage_words.begin(), k_stage_words.end(), text) != k_stage_words.end();
    };
    const bool stage_number = (is_stage_word(previous) || (previous == "thu" && is_stage_word(before_previous))) &&
                              (word.size() <= 2 || word.find_first_not_of("ivx") == std::string_view::npos);
    const bool stage_word = word == "tuan" && from < label.size();  // "Tuần I": checked by its number
    // "Việt Nam" names the country, not a year.
    const bool country = word == "nam" && previous == "viet";
    const bool occasion = (anniversary && (word.find_first_not_of("0123456789") == std::string_view::npos ||
                                           word == "nam" || word == "ngay" || word == "thang")) ||
                          (named_day && word == "ngay" && previous.empty());
    if (!stage_number && !stage_word && !country && !occasion &&
        (word.find_first_of("0123456789/-:") != std::string_view::npos ||
         std::find(k_time_words.begin(), k_time_words.end(), word) != k_time_words.end())) {
      return std::nullopt;
    }
    if (stage_word) {
      const std::size_t next_end = std::min(label.find(' ', from), label.size());
      const std::string_view next = label.substr(from, next_end - from);
      if (next.empty() || next.find_first_not_of("ivx0123456789") != std::string_view::npos) {
        return std::nullopt;  // "Tuần đầu (tháng 6)": a week of the month, not a label
      }
    }
    any_word = true;
    before_previous = previous;
    previous = word;
  }
  const std::vector<std::size_t> origins = fold_origins(phrase, folded);
  // The parenthesis read again must be a strictly shorter part of the phrase
  // that opens it (bytes that fold to nothing may shift the origins), so the
  // reading ends.
  if (!any_word || origins.size() <= end || origins[open] == 0 || origins[open] >= phrase.size() ||
      phrase[origins[open]] != '(' || origins[end] < origins[open]) {
    return std::nullopt;
  }
  auto timeline = parse_timeline(phrase.substr(origins[open], origins[end] + 1 - origins[open]), span);
  // After a duration only the days themselves: "(kể từ ngày ký)" is its event.
  if (!timeline || timeline->kind == TimelineKind::none || (duration_label && timeline->kind != TimelineKind::dated)) {
    return std::nullopt;
  }
  if (named_day && (timeline->occurrences.empty() ||
                    std::any_of(timeline->occurrences.begin(), timeline->occurrences.end(),
                                [](const Occurrence& occurrence) { return occurrence.period != PeriodKind::day; }))) {
    return std::nullopt;  // "Ngày hội (tháng 10/2026)": a named day is a day
  }
  // "(19/8/1945-19/8/2024)" after the occasion: the same day decades apart
  // is the anniversary, that day of the last year.
  if (timeline->occurrences.size() == 1) {
    Occurrence& only = timeline->occurrences.front();
    const Date from = only.period_start;
    const Date to = only.nominal_due;
    if (only.period == PeriodKind::window && day_of(from) == day_of(to) && month_of(from) == month_of(to) &&
        year_of(to) - year_of(from) >= 10) {
      only = day_occurrence(to, only.anchor);
    }
  }
  std::string note = one_line(phrase.substr(0, origins[open]));
  while (!note.empty() && (note.back() == ' ' || note.back() == ':')) {
    note.pop_back();
  }
  timeline->note = timeline->note.empty() ? note : note + "; " + timeline->note;
  return std::move(*timeline);
}

std::optional<Timeline> parse_work_then_time(std::string_view phrase, const std::string& folded, PlanSpan span) {
  const std::size_t colon = folded.find(':');
  if (colon == std::string::npos || colon == 0 || folded.find(':', colon + 1) != std::string::npos ||
      folded.find('\n') != std::string::npos || folded.find_first_of("0123456789()") < colon) {
    return std::nullopt;
  }
  // The work names no time: no period, position, cadence or deadline word
  // ("quy" of "quy hoạch", "Việt Nam" are no time).
  std::vector<std::string_view> words;
  for (std::size_t from = 0; from < colon;) {
    const std::size_t end = std::min(folded.find_first_of(" ,;", from), colon);
    if (end > from) {
      words.push_back(std::string_view(folded).substr(from, end - from));
    }
    from = end + 1;
  }
  static constexpr std::array<std::string_view, 5> k_periods{"nam", "quy", "thang", "tuan", "ngay"};
  const auto is_period = [](std::string_view word) {
    return std::find(k_periods.begin(), k_periods.end(), word) != k_periods.end();
  };
  static constexpr std::array<std::string_view, 8> k_not_quarter{"hoach", "dinh", "che",   "trinh",
                                                                 "mo",    "pham", "khach", "chuan"};
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view next = i + 1 < words.size() ? words[i + 1] : std::string_view();
    const bool quarter =
        words[i] == "quy" && std::find(k_not_quarter.begin(), k_not_quarter.end(), next) == k_not_quarter.end();
    const bool year = words[i] == "nam" && (i == 0 || words[i - 1] != "viet");
    const bool cadence = (words[i] == "hang" || words[i] == "moi" || words[i] == "cac") && is_period(next);
    if (quarter || year || cadence || words[i] == "thang" || words[i] == "ngay" || words[i] == "tuan" ||
        words[i] == "truoc" || words[i] == "khi" || (words[i] == "dinh" && next == "ky") ||
        (words[i] == "cham" && next == "nhat") || (words[i] == "thuong" && next == "xuyen")) {
      return std::nullopt;
    }
    // "Thời gian bắt đầu: 20/01/2026", "Khởi công: tháng 3/2026": when work
    // starts is no deadline (refused); "Thời gian ...:" is a column's label.
    if ((words[i] == "bat" && next == "dau") || (words[i] == "khoi" && (next == "cong" || next == "dong")) ||
        (words[i] == "thoi" && (next == "gian" || next == "han")) || (words[i] == "tien" && next == "do")) {
      return std::nullopt;
    }
  }
  const std::vector<std::size_t> origins = fold_origins(phrase, folded);
  if (words.empty() || origins.size() != folded.size() + 1 || origins[colon] + 1 >= phrase.size()) {
    return std::nullopt;
  }
  auto timeline = parse_timeline(phrase.substr(origins[colon] + 1), span);
  if (!timeline || timeline->kind != TimelineKind::dated || timeline->occurrences.empty()) {
    return std::nullopt;
  }
  const std::string work = one_line(phrase.substr(0, origins[colon]));
  timeline->note = timeline->note.empty() ? work : work + "; " + timeline->note;
  return std::move(*timeline);
}

// "Giai đoạn 1 (từ ngày 5/1 đến hết ngày 31/3/2026) và Giai đoạn 2 (từ ngày
// 1/4 đến hết ngày 31/8/2026)", "Đợt 1 (tháng 6/2026); đợt 2 (tháng 12/2026)":
// several labelled times, each read as parse_labelled_time reads one. Cut
// after each ')' that a "và", ';' or ',' follows; every part must be read.
std::optional<Timeline> parse_labelled_list(std::string_view phrase, const std::string& folded, PlanSpan span) {
  std::vector<std::size_t> cuts;  // in folded: where each part after the first starts
  for (std::size_t close = folded.find(')'); close != std::string::npos; close = folded.find(')', close + 1)) {
    std::size_t next = folded.find_first_not_of(' ', close + 1);
    if (next == std::string::npos) {
      break;
    }
    if (folded.compare(next, 3, "va ") == 0) {
      next += 3;
    } else if (folded[next] == ';' || folded[next] == ',') {
      ++next;
    } else {
      continue;
    }
    next = folded.find_first_not_of(' ', next);
    if (next != std::string::npos) {
      cuts.push_back(next);
    }
  }
  if (cuts.empty() || folded.find('\n') != std::string::npos) {
    return std::nullopt;
  }
  const std::vector<std::size_t> origins = fold_origins(phrase, folded);
  if (origins.size() <= folded.size()) {
    return std::nullopt;
  }
  Timeline merged;
  merged.kind = TimelineKind::dated;
  std::size_t from = 0;
  cuts.push_back(folded.size());
  for (const std::size_t cut : cuts) {
    // The part ends at its ')', before the separator.
    const std::size_t close = folded.rfind(')', cut - 1);
    if (close == std::string::npos || close < from || origins[from] >= origins[close + 1] ||
        (cut == folded.size() && folded.find_first_not_of(" .;,", close + 1) != std::string::npos)) {
      return std::nullopt;  // words after the last ')' would be dropped
    }
    const std::string_view part = phrase.substr(origins[from], origins[close + 1] - origins[from]);
    const std::string part_folded = fold_lines(part);
    std::optional<Timeline> read = parse_labelled_time(part, part_folded, span);
    if (!read || read->kind != TimelineKind::dated || read->occurrences.empty()) {
      return std::nullopt;
    }
    for (Occurrence& occurrence : read->occurrences) {
      const bool seen = std::any_of(merged.occurrences.begin(), merged.occurrences.end(),
                                    [&](const Occurrence& kept) { return kept.nominal_due == occurrence.nominal_due; });
      if (!seen) {
        merged.occurrences.push_back(std::move(occurrence));
      }
    }
    if (!read->note.empty()) {
      merged.note += (merged.note.empty() ? "" : "; ") + read->note;
    }
    from = cut;
  }
  std::stable_sort(merged.occurrences.begin(), merged.occurrences.end(),
                   [](const Occurrence& a, const Occurrence& b) { return a.nominal_due < b.nominal_due; });
  return merged;
}

namespace {

// A parenthesis [at, close) that names no time of its own: the occasion the
// work marks ("(chào mừng Ngày Quốc tế lao động)", "(lấy sự kiện ngày Thể
// thao Việt Nam 27/3)", "(kỷ niệm Giỗ tổ Hùng Vương)"), a commemorated day
// by its name ("(Ngày sinh nhật Bác)", "(Ngày gia đình Việt Nam)"), or, right
// after a date, how many days the window it closes lasts ("từ ngày
// 3-5/11/2022 (3 ngày)").
bool occasion_or_length(const std::vector<Token>& tokens, std::size_t at, std::size_t close) {
  const auto word = [&](std::size_t i, std::string_view text) {
    return i < close && tokens[i].type == TokenType::word && tokens[i].text == text;
  };
  const std::size_t first = at + 1;
  if ((word(first, "chao") && word(first + 1, "mung")) || (word(first, "ky") && word(first + 1, "niem")) ||
      (word(first, "huong") && word(first + 1, "ung")) || (word(first, "nhan") && word(first + 1, "dip")) ||
      (word(first, "lay") && word(first + 1, "su") && word(first + 2, "kien"))) {
    return true;
  }
  // "(Ngày <name>)": words only, none of which reads as time.
  if (word(first, "ngay") && first + 1 < close && tokens[first + 1].type == TokenType::word) {
    static constexpr std::array<std::string_view, 20> k_time_words{
        "thu", "dau", "cuoi", "giua", "lam",  "nghi", "hom",  "mai", "nay",  "truoc",
        "sau", "ke",  "tu",   "den",  "hang", "moi",  "tiep", "het", "hieu", "ky"};
    for (std::size_t i = first + 1; i < close; ++i) {
      if (tokens[i].type != TokenType::word ||
          std::find(k_time_words.begin(), k_time_words.end(), tokens[i].text) != k_time_words.end()) {
        return false;
      }
    }
    return true;
  }
  // "(3 ngày)", "(02 ngày làm việc)" after a date.
  return at > 0 && tokens[at - 1].type == TokenType::number && close >= first + 2 &&
         tokens[first].type == TokenType::number && word(first + 1, "ngay") &&
         (close == first + 2 || (close == first + 4 && word(first + 2, "lam") && word(first + 3, "viec")));
}

}  // namespace

// Parentheses that say the time again: opened by "tức" ("that is"), or
// naming a lunar month or the lunar calendar ("tháng Giêng", "tháng Chạp",
// "âm lịch"); and those that say which period a report covers ("kỳ báo cáo
// tính từ ...", "số liệu ..."), the occasion the work marks, a day by its
// name or a window's length (occasion_or_length). Returns the tokens without
// them; `restated` gets each one's words, [from, end) in `tokens`.
std::vector<Token> without_restatements(const std::vector<Token>& tokens,
                                        std::vector<std::pair<std::size_t, std::size_t>>& restated) {
  std::vector<Token> kept;
  kept.reserve(tokens.size());
  bool line_start = false;  // a line break inside a dropped parenthesis starts the next kept token's line
  for (std::size_t at = 0; at < tokens.size(); ++at) {
    if (tokens[at].type == TokenType::open_paren && at + 1 < tokens.size()) {
      std::size_t close = at + 1;
      while (close < tokens.size() && tokens[close].type != TokenType::close_paren &&
             tokens[close].type != TokenType::open_paren) {
        ++close;
      }
      const auto word = [&](std::size_t i, std::string_view text) {
        return i < close && tokens[i].type == TokenType::word && tokens[i].text == text;
      };
      // "(kỳ báo cáo tính từ ngày 01/01 đến ngày 31/12)", "(số liệu tính từ
      // ...)": the period a report covers, not when it is due.
      const bool covered = (word(at + 1, "ky") && word(at + 2, "bao") && word(at + 3, "cao")) ||
                           (word(at + 1, "so") && word(at + 2, "lieu")) || (word(at + 1, "tinh") && word(at + 2, "tu"));
      bool lunar = word(at + 1, "tuc");
      for (std::size_t i = at + 1; !lunar && i < close; ++i) {
        lunar = (word(i, "thang") && (word(i + 1, "gieng") || word(i + 1, "chap"))) ||
                (word(i, "am") && word(i + 1, "lich"));
      }
      if ((lunar || covered || occasion_or_length(tokens, at, close)) && close < tokens.size() &&
          tokens[close].type == TokenType::close_paren && close > at + 1) {
        restated.emplace_back(at + 1, close);
        line_start = line_start || tokens[at].line_start;
        at = close;
        continue;
      }
    }
    kept.push_back(tokens[at]);
    kept.back().line_start = kept.back().line_start || line_start;
    line_start = false;
  }
  return kept;
}

std::string levels_with_own_deadlines(const std::vector<Token>& tokens) {
  static constexpr std::array<std::string_view, 8> k_levels{"xa",    "huyen", "tinh",   "co",
                                                            "trung", "bo",    "phuong", "thon"};
  // Each mention: where it stands and which level. "cấp có thẩm quyền" names
  // no level ("có" folds as "cơ" of "cơ sở" does).
  std::vector<std::pair<std::size_t, std::string_view>> mentions;
  for (std::size_t at = 0; at + 1 < tokens.size(); ++at) {
    const Token& before = at > 0 ? tokens[at - 1] : tokens[at];
    // At the start of a clause or parenthesis, or after "đối với": whom the
    // time is for (not "báo cáo UBND cấp huyện", whom it goes to).
    const bool opens = at == 0 || tokens[at].line_start || before.type == TokenType::semicolon ||
                       before.type == TokenType::dot || before.type == TokenType::comma ||
                       before.type == TokenType::open_paren ||
                       (before.type == TokenType::word && (before.text == "voi" || before.text == "rieng"));
    const std::string_view level = tokens[at + 1].text;
    if (!opens || tokens[at].type != TokenType::word || tokens[at].text != "cap" ||
        tokens[at + 1].type != TokenType::word ||
        std::find(k_levels.begin(), k_levels.end(), level) == k_levels.end() ||
        (level == "co" && !(at + 2 < tokens.size() && tokens[at + 2].text == "so"))) {
      continue;
    }
    mentions.emplace_back(at, level);
  }
  // Two levels, each with a time of its own: a number or a period between
  // them ("Hằng quý (cấp huyện, cấp xã)" lists whom, with one time).
  std::vector<std::string_view> named;
  for (std::size_t i = 0; i + 1 < mentions.size(); ++i) {
    if (mentions[i].second == mentions[i + 1].second) {
      continue;
    }
    bool time_between = false;
    for (std::size_t at = mentions[i].first + 2; at < mentions[i + 1].first && !time_between; ++at) {
      time_between = tokens[at].type == TokenType::number ||
                     (tokens[at].type == TokenType::word &&
                      (tokens[at].text == "quy" || tokens[at].text == "thang" || tokens[at].text == "nam"));
    }
    if (!time_between) {
      continue;
    }
    for (const std::string_view level : {mentions[i].second, mentions[i + 1].second}) {
      if (std::find(named.begin(), named.end(), level) == named.end()) {
        named.push_back(level);
      }
    }
  }
  if (named.size() < 2) {
    return {};
  }
  std::string levels;
  for (const std::string_view level : named) {
    levels += (levels.empty() ? "cấp " : ", cấp ") + std::string(level == "xa"       ? "xã"
                                                                 : level == "huyen"  ? "huyện"
                                                                 : level == "tinh"   ? "tỉnh"
                                                                 : level == "co"     ? "cơ sở"
                                                                 : level == "trung"  ? "trung ương"
                                                                 : level == "bo"     ? "bộ"
                                                                 : level == "phuong" ? "phường"
                                                                                     : "thôn");
  }
  return levels;
}

bool names_an_exception_for_some(const std::vector<Token>& tokens) {
  for (std::size_t at = 1; at < tokens.size(); ++at) {
    const TokenType before = tokens[at - 1].type;
    if (tokens[at].text == "rieng" && (before == TokenType::semicolon || before == TokenType::comma ||
                                       before == TokenType::dot || tokens[at].line_start)) {
      return true;  // "...; riêng cấp xã trước ngày 10/12"
    }
  }
  return false;
}

std::size_t distinct_dues(const Timeline& timeline) {
  std::vector<Date> dues;
  for (const Occurrence& occurrence : timeline.occurrences) {
    if (std::find(dues.begin(), dues.end(), occurrence.nominal_due) == dues.end()) {
      dues.push_back(occurrence.nominal_due);
    }
  }
  return dues.size() + (timeline.is_open_ended() ? 1 : 0);
}

bool restates_a_lunar_day(const std::vector<Token>& tokens,
                          const std::vector<std::pair<std::size_t, std::size_t>>& restated) {
  for (const auto& [from, end] : restated) {
    for (std::size_t at = from; at < end && at < tokens.size(); ++at) {
      const std::string_view word = tokens[at].text;
      const bool next_lich = at + 1 < end && tokens[at + 1].text == "lich";
      if ((word == "am" && next_lich) || word == "gieng" || word == "chap" || word == "tet" || word == "mung") {
        return true;
      }
    }
  }
  return false;
}

}  // namespace deadlined::timeline_detail
