// parse_timeline, the entry: restatements dropped and kept as notes, the
// parser and its second reading, then what a reading may not be (a deadline
// per level or body, a lunar day repeated as a solar one), duplicates merged;
// when nothing reads, the "đối với" and labelled fallbacks, and the refusal.
#include "schedule/timeline.hpp"

#include "schedule/timeline_parser.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace deadlined {

using namespace timeline_detail;

namespace {

// "Quý I, 6 tháng, Quý III và cả năm", "Quý III và năm": a list of report
// periods written without "Báo cáo". Next to a quarter, "6 tháng", "9 tháng"
// and "(cả) năm" are the mid-year, nine-month and year reports, as after
// "Báo cáo"; read alone, "6 tháng" would be both halves and "năm" a note.
bool lists_report_periods(const std::vector<Token>& tokens) {
  const auto word = [&tokens](std::size_t at, std::string_view text) {
    return at < tokens.size() && tokens[at].type == TokenType::word && tokens[at].text == text;
  };
  const auto year = [&tokens](std::size_t at) {
    return at < tokens.size() && tokens[at].type == TokenType::number && tokens[at].value >= 1900 &&
           tokens[at].value <= 2200;
  };
  int quarters = 0;
  int reports = 0;
  std::size_t at = 0;
  while (true) {
    if (word(at, "quy") && at + 1 < tokens.size() &&
        ((tokens[at + 1].type == TokenType::word && (tokens[at + 1].text == "i" || tokens[at + 1].text == "ii" ||
                                                     tokens[at + 1].text == "iii" || tokens[at + 1].text == "iv")) ||
         (tokens[at + 1].type == TokenType::number && tokens[at + 1].value >= 1 && tokens[at + 1].value <= 4))) {
      at += 2;
      ++quarters;
    } else if (at + 1 < tokens.size() && tokens[at].type == TokenType::number &&
               (tokens[at].value == 6 || tokens[at].value == 9) && word(at + 1, "thang")) {
      at += 2;
      ++reports;
    } else if (word(at, "ca") && word(at + 1, "nam")) {
      at += 2;
      ++reports;
    } else if (word(at, "nam")) {
      at += 1;
      ++reports;
    } else {
      return false;
    }
    // "Quý I/2026", "Quý I năm 2026", "năm 2026": the item's year.
    if ((at < tokens.size() && tokens[at].type == TokenType::slash && year(at + 1)) ||
        (word(at, "nam") && year(at + 1))) {
      at += 2;
    } else if (year(at)) {
      at += 1;
    }
    if (at == tokens.size()) {
      break;
    }
    if (tokens[at].type != TokenType::comma && !word(at, "va")) {
      return false;
    }
    ++at;
    if (word(at, "va")) {
      ++at;  // ", và"
    }
  }
  return quarters >= 1 && reports >= 1;
}

// "thứ 5 của tuần báo cáo tháng 3", "thứ Sáu trong tuần tháng 6": a weekday
// of a week known only by the month (quarter, year) it falls in. Which week
// is not said, so no day can be named; reading the period alone would put
// the deadline at its end, after the real one.
// "trong 30 ngày ...; báo cáo kết quả trong 45 ngày ...", "Sau khi ...: cấp
// tỉnh trong 30 ngày; cấp xã trong 60 ngày": two different counts of days or
// months after a word that bounds them. One event-triggered task has one
// lag, so reading one of them would lose the other deadline.
bool names_two_lags(const std::vector<Token>& tokens) {
  std::optional<std::pair<int, bool>> first;
  for (std::size_t at = 1; at + 1 < tokens.size(); ++at) {
    const Token& before = tokens[at - 1];
    const Token& count = tokens[at];
    const Token& unit = tokens[at + 1];
    const bool bounded = before.type == TokenType::word &&
                         (before.text == "trong" || before.text == "vong" || before.text == "han" ||
                          before.text == "nhat" || before.text == "qua" || before.text == "sau" || before.text == "la");
    if (!bounded || count.type != TokenType::number || unit.type != TokenType::word ||
        (unit.text != "ngay" && unit.text != "thang")) {
      continue;
    }
    const std::pair<int, bool> lag{count.value, unit.text == "thang"};
    if (first && *first != lag) {
      return true;
    }
    first = lag;
  }
  return false;
}

bool names_weekday_of_undated_week(const std::vector<Token>& tokens) {
  const auto word = [&tokens](std::size_t at, std::string_view text) {
    return at < tokens.size() && tokens[at].type == TokenType::word && tokens[at].text == text;
  };
  static constexpr std::array<std::string_view, 6> k_weekday_names{"hai", "ba", "tu", "nam", "sau", "bay"};
  for (std::size_t at = 0; at + 1 < tokens.size(); ++at) {
    std::size_t after = 0;
    if (word(at, "thu") &&
        ((tokens[at + 1].type == TokenType::number && tokens[at + 1].value >= 2 && tokens[at + 1].value <= 7 &&
          tokens[at + 1].text.size() == 1) ||
         (tokens[at + 1].type == TokenType::word &&
          std::find(k_weekday_names.begin(), k_weekday_names.end(), tokens[at + 1].text) != k_weekday_names.end()))) {
      after = at + 2;
    } else if (word(at, "chu") && word(at + 1, "nhat")) {
      after = at + 2;
    } else {
      continue;
    }
    if (!word(after, "cua") && !word(after, "trong")) {
      continue;
    }
    std::size_t next = after + 1;
    if (!word(next, "tuan")) {
      continue;
    }
    ++next;
    if ((word(next, "bao") && word(next + 1, "cao")) || (word(next, "lam") && word(next + 1, "viec"))) {
      next += 2;
    }
    if (word(next, "thang") || word(next, "quy") || word(next, "nam")) {
      return true;
    }
  }
  return false;
}

// Slips of the pen inside "hàng năm" that leave one reading only: a comma
// between its words ("Trước ngày 15/02 hàng, năm"; "hàng" names no time
// without its unit), and a year word with no year before it ("trước ngày 01
// tháng 3 năm hàng năm", a form's blank left empty). Dropped, so the cell
// reads as written without them.
void drop_slips_in_cadence(std::vector<Token>& tokens) {
  const auto word = [&tokens](std::size_t at, std::string_view text) {
    return at < tokens.size() && tokens[at].type == TokenType::word && tokens[at].text == text;
  };
  const auto unit = [&word](std::size_t at) {
    return word(at, "nam") || word(at, "quy") || word(at, "thang") || word(at, "tuan") || word(at, "ngay");
  };
  for (std::size_t at = 0; at + 2 < tokens.size(); ++at) {
    if (word(at, "hang") && tokens[at + 1].type == TokenType::comma && unit(at + 2) &&
        (at + 3 == tokens.size() || tokens[at + 3].type != TokenType::comma)) {
      tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(at) + 1);
    } else if (at > 0 && tokens[at - 1].type == TokenType::number && word(at, "nam") && word(at + 1, "hang") &&
               word(at + 2, "nam")) {
      tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(at));
    }
  }
}

std::optional<Timeline> parse_solar_after_lunar(std::string_view phrase, const std::string& folded, PlanSpan span);
std::optional<std::string> first_impossible_date(std::string_view phrase, int default_year);
std::optional<Timeline> parse_after_subject(std::string_view phrase, const std::string& folded,
                                            const std::vector<Token>& tokens, PlanSpan span);

// "10 ngày trước ngày bầu cử", "trước 45 ngày ... khai mạc đại hội": a count
// back from an event, no date written.
bool counts_back_from_event(const std::vector<Token>& tokens);

tl::expected<Timeline, PhraseError> parse_whole(std::string_view phrase, PlanSpan span);

}  // namespace

tl::expected<Timeline, PhraseError> parse_timeline(std::string_view phrase, PlanSpan span) {
  // "sáu tháng đầu năm", "trong vòng mười lăm ngày": read as the digits would
  // be; a refusal quotes the phrase as written.
  if (const std::string digits = spelled_counts_as_digits(phrase); digits != phrase) {
    if (auto timeline = parse_timeline(digits, span)) {
      return timeline;
    }
  }
  const std::string folded = fold_lines(phrase);
  std::vector<Token> tokens = tokenize(folded);
  while (!tokens.empty() && (tokens.back().type == TokenType::semicolon || tokens.back().type == TokenType::comma ||
                             tokens.back().type == TokenType::dot)) {
    tokens.pop_back();
  }
  // "Trước ngày 15/6 đối với cấp huyện; trước ngày 30/6 đối với cấp tỉnh":
  // each unit is due on its own level's day.
  std::optional<PerLevelReading> per_level = parse_per_level(phrase, folded, tokens, span);
  if (per_level && !per_level->single_part &&
      ((per_level->timeline && !per_level->same_for_all) || per_level->refuse_whole)) {
    return std::move(per_level->timeline);
  }
  auto whole = parse_whole(phrase, span);
  if (per_level && per_level->single_part && per_level->timeline && (whole || whole.error().unknown_form)) {
    // "UBND cấp huyện báo cáo trước ngày 10/12, Sở Nội vụ tổng hợp trước
    // ngày 20/12": a refusal with its reason stands.
    return std::move(per_level->timeline);
  }
  if (whole || !per_level || per_level->single_part) {
    return whole;
  }
  // Levels with the same days that the cell read whole does not take, or
  // why a level's part is refused (rather than the refusal of the whole).
  return std::move(per_level->timeline);
}

namespace {

tl::expected<Timeline, PhraseError> parse_whole(std::string_view phrase, PlanSpan span) {
  const std::string folded = fold_lines(phrase);
  const std::vector<Token> written = tokenize(folded);
  // "(tức ngày 16 tháng Giêng năm Bính Ngọ)": the same time said again, in
  // the lunar calendar or in other words; read without it, kept as a note.
  std::vector<std::pair<std::size_t, std::size_t>> restated;
  std::vector<Token> tokens = without_restatements(written, restated);
  // "(ngày 10/3 âm lịch)" alone restates nothing: read it as written (and
  // refuse it if it cannot be), never as a cell without a time.
  if (tokens.empty()) {
    tokens = written;
    restated.clear();
  }
  drop_slips_in_cadence(tokens);
  // The ';', ',' or '.' that ends a list item on the page says nothing
  // about time: a cell reads the same with or without it.
  while (!tokens.empty() && (tokens.back().type == TokenType::semicolon || tokens.back().type == TokenType::comma ||
                             tokens.back().type == TokenType::dot)) {
    tokens.pop_back();
  }
  if (lists_report_periods(tokens)) {
    return parse_timeline("bao cao " + folded, span);
  }
  if (names_weekday_of_undated_week(tokens)) {
    return tl::make_unexpected(PhraseError{
        "timeline \"" + one_line(phrase) +
        "\" names a weekday of a week it does not date (which week of the month or quarter is not said): write the "
        "day, or the weekday with its week (\"thứ Năm tuần thứ 2 tháng 3\", \"thứ Năm hằng tuần\")"});
  }
  PhraseParser parser(tokens, span);
  PhraseParser::Original original{phrase, folded, fold_origins(phrase, folded)};
  if (!original.origins.empty()) {
    parser.keep_original(&original);
  }
  std::optional<Timeline> read = parser.parse();
  int unit_subjects = parser.unit_subjects();
  if (!read) {
    PhraseParser again(tokens, span);
    if (!original.origins.empty()) {
      again.keep_original(&original);
    }
    again.expect_work_before_cadence();
    read = again.parse();
    unit_subjects = again.unit_subjects();
  }
  if (read && read->kind == TimelineKind::on_demand && read->lag && names_two_lags(tokens)) {
    return tl::make_unexpected(PhraseError{
        "timeline \"" + one_line(phrase) +
        "\" names two different times after its event (one task is due once after it): make a task for each"});
  }
  // "Cấp cơ sở vào đầu quý I/2025; cấp huyện trước tháng 5/2025", "Cấp xã:
  // ...; cấp tỉnh: ...", "UBND cấp huyện báo cáo trước ngày 10/12, Sở Nội vụ
  // tổng hợp trước ngày 20/12", "...; riêng cấp xã trước ngày 10/12": a
  // deadline for each level or body, which one task cannot hold (each unit
  // would be reminded of every one's).
  if (read && distinct_dues(*read) >= 2) {
    const std::string levels = levels_with_own_deadlines(tokens);
    if (!levels.empty()) {
      return tl::make_unexpected(PhraseError{"timeline \"" + one_line(phrase) + "\" gives each level of government (" +
                                             levels +
                                             ") its own deadline: make a task for each level, or write a `schedule`"});
    }
    if (unit_subjects >= 2 || names_an_exception_for_some(tokens)) {
      return tl::make_unexpected(
          PhraseError{"timeline \"" + one_line(phrase) +
                      "\" gives different bodies their own deadlines: make a task for each, or write a `schedule`"});
    }
  }
  // "Hàng năm vào ngày 5/9 (tức 1/8 âm lịch)": the solar day of a lunar date
  // is another each year, so repeating the solar one would be wrong from the
  // second year on (as "Trước Tết ... hằng năm" is refused in a solar form).
  if (read && restates_a_lunar_day(written, restated)) {
    const bool repeats = read->is_open_ended() ||
                         std::any_of(read->occurrences.begin(), read->occurrences.end(), [&read](const Occurrence& o) {
                           return month_of(o.nominal_due) == month_of(read->occurrences.front().nominal_due) &&
                                  day_of(o.nominal_due) == day_of(read->occurrences.front().nominal_due) &&
                                  year_of(o.nominal_due) != year_of(read->occurrences.front().nominal_due);
                         });
    if (repeats) {
      return tl::make_unexpected(PhraseError{
          "timeline \"" + one_line(phrase) +
          "\" repeats a day it also names in the lunar calendar: its solar date changes every year, so write each "
          "year's date (a `schedule`), or the solar date alone"});
    }
  }
  if (read) {
    if (!restated.empty()) {
      PhraseParser notes(written, span);
      if (!original.origins.empty()) {
        notes.keep_original(&original);
      }
      for (const auto& [from, end] : restated) {
        notes.add_note(*read, from, end);
      }
    }
    name_the_year_after_the_start(*read, tokens, span, original.origins.empty() ? nullptr : &original);
    join_opening_and_closing(*read, tokens);
    // An occurrence is known by its nominal due date (its key in obligations,
    // reminders and acknowledgements): two clauses naming the same day ("Năm
    // 2026. Hằng năm", "Năm 2026, hằng quý báo cáo") make one occurrence, the
    // first written.
    std::vector<Occurrence>& list = read->occurrences;
    // A plan shorter than its years keeps what a cadence made within its period.
    std::erase_if(list, [&span](const Occurrence& occurrence) {
      return occurrence.recurring && ((span.start && occurrence.nominal_due < *span.start) ||
                                      (span.end && occurrence.period_start > *span.end));
    });
    std::vector<Occurrence> unique;
    unique.reserve(list.size());
    for (Occurrence& occurrence : list) {
      const bool seen = std::any_of(unique.begin(), unique.end(),
                                    [&](const Occurrence& kept) { return kept.nominal_due == occurrence.nominal_due; });
      if (!seen) {
        unique.push_back(std::move(occurrence));
      }
    }
    list = std::move(unique);
    return std::move(*read);
  }
  // "Chậm nhất ngày 25 tháng 11 đối với báo cáo định kỳ hằng năm": the rule
  // for one report of a list, its cadence last; read as "Hằng năm, chậm nhất
  // ngày 25 tháng 11" (in folded words).
  // Only a phrase with one "đối với": each reading parses again, once.
  if (const std::size_t at = folded.find(" doi voi ");
      at != std::string::npos && at > 0 && folded.rfind(" doi voi ") == at) {
    std::string_view report = std::string_view(folded).substr(at + 9);
    while (!report.empty() &&
           (report.back() == ';' || report.back() == ',' || report.back() == '.' || report.back() == ' ')) {
      report.remove_suffix(1);
    }
    for (const std::string_view lead : {"bao cao ", "dinh ky "}) {
      if (report.starts_with(lead)) {
        report.remove_prefix(lead.size());
      }
    }
    if (!report.empty()) {
      std::string rewritten(report);
      rewritten += ", ";
      rewritten += folded.substr(0, at);
      if (auto timeline = parse_timeline(rewritten, span)) {
        return timeline;
      }
      // "... đối với báo cáo định kỳ 6 tháng": the mid-year report, every
      // year, due on the day named.
      if (report.find_first_of("0123456789") == 0) {
        rewritten = "bao cao ";
        rewritten += report;
        rewritten += " hang nam, ";
        rewritten += folded.substr(0, at);
        if (auto timeline = parse_timeline(rewritten, span)) {
          return timeline;
        }
      }
    }
    // "Quý II/2026 đối với cấp xã", "Trước ngày 15/12 đối với báo cáo năm":
    // whom or which report the deadline is for, naming no number or cadence,
    // is a note.
    // One clause of words only: no number, separator, period or cadence
    // word ("báo cáo năm" names a report, not a year).
    const std::string_view whom = std::string_view(folded).substr(at + 1);
    bool names_time = whom.find_first_of("0123456789;.,:\n()") != std::string_view::npos;
    std::string_view previous;
    for (std::size_t from = 0; from < whom.size() && !names_time;) {
      const std::size_t space = std::min(whom.find(' ', from), whom.size());
      const std::string_view word = whom.substr(from, space - from);
      static constexpr std::array<std::string_view, 12> k_time_words{"quy",  "thang", "ngay", "tuan", "hang", "moi",
                                                                     "dinh", "truoc", "den",  "tu",   "sau",  "khi"};
      names_time = std::find(k_time_words.begin(), k_time_words.end(), word) != k_time_words.end() ||
                   (word == "nam" && previous != "cao");
      previous = word;
      from = space + 1;
    }
    if (!names_time) {
      const std::vector<std::size_t> origins = fold_origins(phrase, folded);
      const std::size_t cut = origins.size() > at ? origins[at] : std::string_view::npos;
      if (cut != std::string_view::npos && cut < phrase.size()) {
        if (auto timeline = parse_timeline(phrase.substr(0, cut), span); timeline && !timeline->occurrences.empty()) {
          const std::string note = one_line(phrase.substr(cut));
          const std::size_t first = note.find_first_not_of(' ');
          timeline->note += (timeline->note.empty() ? "" : "; ") + note.substr(first == std::string::npos ? 0 : first);
          return timeline;
        }
      }
    }
  }
  // "Hội nghị sơ kết (tháng 7/2026)", "Đợt 2 (tháng 6/2026)", "Tuần I (Từ
  // ngày 31/10 - 4/11/2026)": what is done, then its time in parentheses
  // that end the cell. The words before are a note when they name no time.
  if (std::optional<Timeline> labelled = parse_labelled_time(phrase, folded, span)) {
    return std::move(*labelled);
  }
  if (std::optional<Timeline> labelled = parse_labelled_list(phrase, folded, span)) {
    return std::move(*labelled);
  }
  if (std::optional<Timeline> work = parse_work_then_time(phrase, folded, span)) {
    return std::move(*work);
  }
  // "từ ngày 1 - 10 tháng 3 (âm lịch) tức là từ ngày 9/4 đến 18/4": a lunar
  // time, then the same time in the solar calendar after "tức (là)". The
  // solar one is read, the lunar words its note; not when a cadence repeats
  // the lunar day (its solar date moves each year).
  if (const std::optional<Timeline> solar = parse_solar_after_lunar(phrase, folded, span)) {
    return *solar;
  }
  if (std::optional<Timeline> after = parse_after_subject(phrase, folded, tokens, span)) {
    return std::move(*after);
  }
  // "Sau Tết Nguyên đán": when the work starts, not when it is due.
  if (folded.find("sau tet") != std::string::npos) {
    return tl::make_unexpected(PhraseError{
        "timeline \"" + one_line(phrase) +
        "\" says the work starts after Tết, not when it is due: write the day (\"Trước ngày 15/3/2026\") or the "
        "period (\"Tháng 3/2026\", \"Quý I/2026\")"});
  }
  // "ngày 10/3 âm lịch", "(từ 22 tháng Chạp đến mùng 4 tháng Giêng)": the
  // solar day of a lunar one is not computed from the words (the lunar year
  // a plan's month belongs to is not said); say so, not "cannot understand".
  for (const std::string_view lunar : {"am lich", "thang gieng", "thang chap"}) {
    if (folded.find(lunar) != std::string::npos) {
      return tl::make_unexpected(
          PhraseError{"timeline \"" + one_line(phrase) +
                      "\" names a day of the lunar calendar, which deadlined does not turn into a solar date: write "
                      "the solar date (for several years, a `schedule` with each year's date)"});
    }
  }
  // "Trước ngày 31/6/2026": a typo in the date, not an unknown form.
  if (const std::optional<std::string> impossible = first_impossible_date(phrase, span.first)) {
    return tl::make_unexpected(PhraseError{"timeline \"" + one_line(phrase) + "\": " + *impossible});
  }
  // "Chậm nhất 10 ngày": a bound that names no event, so neither before
  // nor after which day; say what to write.
  if (PhraseParser bare(tokens, span); bare.names_bound_without_event()) {
    return tl::make_unexpected(PhraseError{
        "timeline \"" + one_line(phrase) +
        "\" gives a number of days but no event, so not whether it is before or after one: write \"" +
        one_line(phrase) + " trước ngày <sự kiện>\" (due that long before the event), \"" + one_line(phrase) +
        " kể từ ngày <sự kiện>\" (after it; `deadlined trigger --event D` gives the day either way), or the date"});
  }
  // "Trước 10 ngày", "10 ngày trước ngày": a count back the count-back form
  // does not read (no event named, words it does not know); say so, not
  // "cannot understand".
  if (counts_back_from_event(tokens)) {
    return tl::make_unexpected(PhraseError{
        "timeline \"" + one_line(phrase) +
        "\" counts days back from an event in a form deadlined does not read: "
        "write the date (\"Trước ngày 15/3/2026\"), or the count with its event (\"10 ngày trước ngày bầu cử\", "
        "then `deadlined trigger --event D`)"});
  }
  // "Học kỳ I năm học 2024-2025", "Cuối năm học": the Ministry of Education
  // sets a school year's and its terms' dates anew each year; say so.
  for (const std::string_view school : {"nam hoc", "hoc ky", "hoc ki"}) {
    if (folded.find(school) != std::string::npos) {
      return tl::make_unexpected(PhraseError{
          "timeline \"" + one_line(phrase) +
          "\" names a school year or term, whose dates the Ministry of Education sets anew each year: write the "
          "date (\"Trước ngày 31/5/2025\"), or for several years a `schedule` with each year's date"});
    }
  }
  return tl::make_unexpected(PhraseError{"cannot understand timeline \"" + one_line(phrase) + "\"", true});
}

bool counts_back_from_event(const std::vector<Token>& tokens) {
  const auto word = [&tokens](std::size_t at, std::string_view text) {
    return at < tokens.size() && tokens[at].type == TokenType::word && tokens[at].text == text;
  };
  const auto count_at = [&](std::size_t at) {
    return at < tokens.size() && tokens[at].type == TokenType::number &&
           (word(at + 1, "ngay") || word(at + 1, "tuan") || word(at + 1, "thang"));
  };
  bool back = false;
  bool before = false;  // "Trước ngày khai mạc kỳ họp ít nhất 15 ngày"
  for (std::size_t at = 0; at < tokens.size(); ++at) {
    if (tokens[at].type == TokenType::slash || tokens[at].type == TokenType::dot) {
      return false;  // a date is written: another form reads or refuses it
    }
    const std::size_t after_count = word(at + 2, "lam") && word(at + 3, "viec") ? at + 4 : at + 2;
    back = back || (word(at, "truoc") && count_at(at + 1)) || (count_at(at) && word(after_count, "truoc")) ||
           (before && word(at, "it") && word(at + 1, "nhat") && count_at(at + 2));
    before = before || word(at, "truoc");
  }
  return back;
}

std::optional<Timeline> parse_solar_after_lunar(std::string_view phrase, const std::string& folded, PlanSpan span) {
  for (const std::string_view that_is : {" tuc la ", " tuc "}) {
    const std::size_t at = folded.find(that_is);
    if (at == std::string::npos) {
      continue;
    }
    const std::string_view lunar = std::string_view(folded).substr(0, at);
    const bool names_lunar = lunar.find("am lich") != std::string_view::npos ||
                             lunar.find("thang gieng") != std::string_view::npos ||
                             lunar.find("thang chap") != std::string_view::npos;
    const std::string words = " " + folded + " ";
    const bool repeats = words.find(" hang ") != std::string::npos || words.find(" moi ") != std::string::npos ||
                         words.find(" dinh ky ") != std::string::npos;
    const std::vector<std::size_t> origins = fold_origins(phrase, folded);
    const std::size_t from = at + that_is.size();
    if (!names_lunar || repeats || origins.size() <= from || origins[from] >= phrase.size()) {
      return std::nullopt;
    }
    auto timeline = parse_timeline(phrase.substr(origins[from]), span);
    if (!timeline || timeline->kind != TimelineKind::dated || timeline->occurrences.empty() ||
        timeline->is_open_ended() ||
        std::any_of(timeline->occurrences.begin(), timeline->occurrences.end(),
                    [](const Occurrence& occurrence) { return occurrence.recurring; })) {
      return std::nullopt;
    }
    std::string note = one_line(phrase.substr(0, origins[at]));
    while (!note.empty() && (note.back() == ' ' || note.back() == ',' || note.back() == ';' || note.back() == ':')) {
      note.pop_back();
    }
    timeline->note = timeline->note.empty() ? note : note + "; " + timeline->note;
    return std::move(*timeline);
  }
  return std::nullopt;
}

// "Cuộc thi chính thức bắt đầu từ ngày ban hành kế hoạch đến hết ngày
// 30/6/2022", "gửi Sở Tài chính sau 30 ngày, kể từ ngày được giao": what
// starts or is sent, in a few words that name no time, before a start, a
// happening or a lag that reads alone. The words are the note.
std::optional<Timeline> parse_after_subject(std::string_view phrase, const std::string& folded,
                                            const std::vector<Token>& tokens, PlanSpan span) {
  static constexpr std::size_t k_most_words = 6;
  static constexpr std::array<std::string_view, 17> k_time_words{"quy",  "thang", "ngay", "tuan", "hang", "moi",
                                                                 "dinh", "truoc", "den",  "tu",   "sau",  "khi",
                                                                 "nam",  "trong", "vao",  "cham", "theo"};
  const auto word = [&tokens](std::size_t at, std::string_view text) {
    return at < tokens.size() && tokens[at].type == TokenType::word && tokens[at].text == text;
  };
  const auto opens = [&](std::size_t at) {
    return (word(at, "bat") && word(at + 1, "dau")) || (word(at, "chinh") && word(at + 1, "thuc")) ||
           (word(at, "dien") && word(at + 1, "ra")) || (word(at, "du") && word(at + 1, "kien")) ||
           (at > 0 && word(at, "co") && word(at + 1, "hieu") && word(at + 2, "luc")) ||
           (word(at, "sau") && at + 1 < tokens.size() && tokens[at + 1].type == TokenType::number) ||
           (word(at, "trong") && (word(at + 1, "vong") || (word(at + 1, "thoi") && word(at + 2, "han"))));
  };
  // "Thi tốt nghiệp THPT năm 2025 dự kiến diễn ra ...": a year in the name
  // of what happens; the time after it must then fall in that year.
  std::optional<int> named_year;
  std::size_t at = 0;
  while (at < tokens.size() && at < k_most_words + (named_year ? 2 : 0) && !opens(at)) {
    // "Quyết định này có hiệu lực ...", "Nghị định ...": a document, not "định kỳ".
    if ((word(at, "quyet") || word(at, "nghi")) && word(at + 1, "dinh")) {
      at += 2;
      continue;
    }
    if (!named_year && word(at, "nam") && at + 1 < tokens.size() && tokens[at + 1].type == TokenType::number &&
        tokens[at + 1].value >= 1900 && tokens[at + 1].value <= 2200 && at > 0) {
      named_year = tokens[at + 1].value;
      at += 2;
      continue;
    }
    if (tokens[at].type != TokenType::word ||
        std::find(k_time_words.begin(), k_time_words.end(), tokens[at].text) != k_time_words.end()) {
      break;
    }
    ++at;
  }
  // "(Cuộc thi) chính thức bắt đầu từ ...": "officially" says nothing of time.
  const bool officially = word(at, "chinh") && word(at + 1, "thuc");
  if (officially) {
    at += 2;
  }
  if ((at == 0 && !officially) || !opens(at)) {
    return std::nullopt;
  }
  const char* const begin = folded.data();
  const char* const word_at = tokens[at].text.data();
  if (word_at < begin || word_at >= begin + folded.size()) {
    return std::nullopt;
  }
  const std::vector<std::size_t> origins = fold_origins(phrase, folded);
  const auto cut = static_cast<std::size_t>(word_at - begin);
  if (origins.size() <= cut || origins[cut] >= phrase.size()) {
    return std::nullopt;
  }
  auto timeline = parse_timeline(phrase.substr(origins[cut]), span);
  if (!timeline || timeline->kind == TimelineKind::none) {
    return std::nullopt;
  }
  if (named_year &&
      (timeline->kind != TimelineKind::dated || timeline->occurrences.empty() ||
       std::any_of(timeline->occurrences.begin(), timeline->occurrences.end(),
                   [&](const Occurrence& occurrence) { return year_of(occurrence.nominal_due) != *named_year; }))) {
    return std::nullopt;
  }
  std::string subject = one_line(phrase.substr(0, origins[cut]));
  while (!subject.empty() && (subject.back() == ' ' || subject.back() == ',' || subject.back() == ':')) {
    subject.pop_back();
  }
  timeline->note = timeline->note.empty() ? subject : subject + "; " + timeline->note;
  return std::move(*timeline);
}

}  // namespace

namespace {

// A number of one to four digits at `at`, or nullopt; `at` moves past it.
std::optional<unsigned> number_at(std::string_view text, std::size_t& at, std::size_t& digits) {
  digits = 0;
  unsigned value = 0;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9' && digits < 5) {
    value = value * 10 + static_cast<unsigned>(text[at] - '0');
    ++at;
    ++digits;
  }
  if (digits == 0 || digits > 4) {
    return std::nullopt;
  }
  return value;
}

constexpr std::array<std::string_view, 12> k_month_names{"January",   "February", "March",    "April",
                                                         "May",       "June",     "July",     "August",
                                                         "September", "October",  "November", "December"};

// The first day/month[/year] written with one separator ("/", "-" or ".")
// that is no date: day 0 or past the month's end, month 0 or past 12. A
// month and a year ("6/2026", "Quý 3/2026") and a number of a document
// ("12/2022/TT-BTC") are not taken for one. A year left out is the plan's.
std::optional<std::string> first_impossible_date(std::string_view phrase, int default_year) {
  for (std::size_t start = 0; start < phrase.size(); ++start) {
    const bool at_number_start = phrase[start] >= '0' && phrase[start] <= '9' &&
                                 (start == 0 || !(phrase[start - 1] >= '0' && phrase[start - 1] <= '9'));
    if (!at_number_start) {
      continue;
    }
    std::size_t at = start;
    std::size_t day_digits = 0;
    const auto day = number_at(phrase, at, day_digits);
    if (!day || day_digits > 2 || at + 1 >= phrase.size()) {
      continue;
    }
    const char separator = phrase[at];
    if (separator != '/' && separator != '-' && separator != '.') {
      continue;
    }
    ++at;
    std::size_t month_digits = 0;
    const auto month = number_at(phrase, at, month_digits);
    if (!month || month_digits > 2) {
      continue;
    }
    int year = default_year;
    bool year_written = false;
    if (at + 1 < phrase.size() && phrase[at] == separator && phrase[at + 1] >= '0' && phrase[at + 1] <= '9') {
      std::size_t year_at = at + 1;
      std::size_t year_digits = 0;
      const auto written = number_at(phrase, year_at, year_digits);
      if (!written || year_digits != 4) {
        continue;
      }
      if (year_at < phrase.size() && (phrase[year_at] == separator || phrase[year_at] == '/')) {
        continue;  // "12/2022/TT-BTC": a document's number
      }
      year = static_cast<int>(*written);
      year_written = true;
      at = year_at;
    }
    // Without a year only "day/month" is taken for a date: "15-30/6" is a
    // range of days, "31.6 triệu" an amount.
    if (!year_written && (separator != '/' || *month == 0 || *month > 12)) {
      continue;
    }
    const std::string written(phrase.substr(start, at - start));
    if (*month == 0 || *month > 12) {
      return written + " is not a date: there is no month " + std::to_string(*month);
    }
    if (*day == 0 || !is_valid_date(year, *month, *day)) {
      const auto last = static_cast<unsigned>(std::chrono::year_month_day{last_day_of_month(year, *month)}.day());
      std::string month_name(k_month_names.at(*month - 1));
      return written + " is not a date: " + month_name +
             (year_written || *month == 2 ? " " + std::to_string(year) : "") + " has " + std::to_string(last) + " days";
    }
  }
  return std::nullopt;
}

}  // namespace

}  // namespace deadlined
