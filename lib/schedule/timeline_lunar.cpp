// Days of the lunar calendar (computed, UTC+7: calendar/lunar.hpp): Tết
// Nguyên đán named as the day counted back from ("10 ngày trước Tết Nguyên
// đán", "Trước Tết Nguyên đán 10 ngày"), the Tết season ("dịp Tết Nguyên đán
// Bính Ngọ 2026": the eve to mùng 4, the statutory break), and a full moon
// ("Rằm tháng Giêng", "Rằm tháng 7 âm lịch năm 2026"). Without a year, the
// one that falls in the plan's year. Members of the timeline phrase parser
// (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include "calendar/lunar.hpp"

#include <string>

namespace deadlined::timeline_detail {

namespace {

// The solar day of lunar day/month falling in `year` (lunar month 12 of the
// year before falls in January or February), else of lunar year `year`.
std::optional<Date> lunar_day_in(int year, unsigned month, unsigned day) {
  for (const int lunar_year : {year, year - 1}) {
    const std::optional<Date> solar =
        lunar_to_solar(LunarDate{static_cast<int>(day), static_cast<int>(month), lunar_year, false});
    if (solar && year_of(*solar) == year) {
      return solar;
    }
  }
  return lunar_to_solar(LunarDate{static_cast<int>(day), static_cast<int>(month), year, false});
}

}  // namespace

std::optional<PhraseParser::Tet> PhraseParser::accept_tet() {
  const std::size_t start = m_pos;
  if (!accept_word("tet")) {
    return std::nullopt;
  }
  accept_words({"nguyen", "dan"}) || accept_words({"am", "lich"}) || accept_words({"co", "truyen"});
  accept_word("nam");
  // The year's name in the sexagenary cycle ("Bính Ngọ", "Quý Mão"): skipped.
  static constexpr std::array<std::string_view, 10> k_stems{"giap", "at",   "binh", "dinh", "mau",
                                                            "ky",   "canh", "tan",  "nham", "quy"};
  static constexpr std::array<std::string_view, 11> k_branches{"ty",  "suu",  "dan", "mao",  "thin", "ngo",
                                                               "mui", "than", "dau", "tuat", "hoi"};
  const Token* stem = peek();
  const Token* branch = peek(1);
  if (stem != nullptr && branch != nullptr && (stem->type == TokenType::word || stem->type == TokenType::other) &&
      branch->type == TokenType::word && std::find(k_stems.begin(), k_stems.end(), stem->text) != k_stems.end() &&
      std::find(k_branches.begin(), k_branches.end(), branch->text) != k_branches.end()) {
    m_pos += 2;
  }
  accept_word("nam");
  const std::optional<int> written = accept_year();
  Tet tet;
  tet.year = written.value_or(m_default_year);
  tet.year_written = written.has_value();
  const std::optional<Date> first_day = lunar_to_solar(LunarDate{1, 1, tet.year, false});
  if (!first_day) {
    m_pos = start;
    return std::nullopt;
  }
  tet.first_day = *first_day;
  return tet;
}

std::string PhraseParser::tet_note(const Tet& tet) {
  return "Tết Nguyên đán " + std::to_string(tet.year) + " (mùng 1: " + date_label(tet.first_day) + ", " +
         (tet.year_written ? "the year written" : "the plan's year") + ")";
}

std::optional<bool> PhraseParser::parse_tet_season(std::vector<Occurrence>& out) {
  const std::size_t start = m_pos;
  accept_word("trong") || accept_word("vao");
  if (!(accept_word("dip") && peek_word("tet"))) {
    m_pos = start;
    return std::nullopt;
  }
  const std::optional<Tet> tet = accept_tet();
  if (!tet) {
    return false;
  }
  // The statutory break (Labour Code Art. 112(1)(b)) as the working calendar
  // computes it: the last day of the lunar year through mùng 4.
  Occurrence season =
      date_window_occurrence(tet->first_day - std::chrono::days{1}, tet->first_day + std::chrono::days{3});
  season.label = "Dịp Tết Nguyên đán " + std::to_string(tet->year) + " (" + date_label(season.period_start) + " - " +
                 date_label(season.nominal_due) + ")";
  out.push_back(std::move(season));
  return true;
}

std::optional<bool> PhraseParser::parse_full_moon(std::vector<Occurrence>& out) {
  const std::size_t start = m_pos;
  const bool before = accept_word("truoc");
  before || accept_word("vao") || accept_word("dip") || accept_word("trong");
  if (!(accept_word("ram") && accept_word("thang"))) {
    m_pos = start;
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 12> k_months{"gieng", "hai", "ba",   "tu",   "nam", "sau",
                                                             "bay",   "tam", "chin", "muoi", "mot", "chap"};
  unsigned month = 0;
  if (const std::optional<unsigned> number = accept_small_number(12)) {
    month = *number;
  } else if (accept_words({"muoi", "mot"})) {
    month = 11;
  } else if (const Token* word = peek(); word != nullptr && word->type == TokenType::word) {
    for (unsigned i = 0; i < k_months.size(); ++i) {
      month = word->text == k_months[i] ? i + 1 : month;
    }
    m_pos += month != 0 ? 1 : 0;
  }
  if (month == 0) {
    return false;  // "Rằm tháng" alone: which month is not said
  }
  accept_words({"am", "lich"});
  std::optional<int> year;
  if (accept_word("nam")) {
    year = accept_year();
    if (!year) {
      return false;
    }
  } else if (accept(TokenType::slash)) {
    year = accept_year();
    if (!year) {
      return false;
    }
  }
  const std::optional<Date> day = lunar_day_in(year.value_or(m_default_year), month, 15);
  if (!day) {
    return false;
  }
  // "Trước Rằm tháng Giêng" reads as "Trước ngày D".
  Occurrence full_moon = day_occurrence(*day, before ? DueAnchor::before_date : DueAnchor::period_end);
  full_moon.label = "Rằm tháng " + std::to_string(month) + " âm lịch (" + date_label(*day) + ")";
  out.push_back(std::move(full_moon));
  return true;
}

}  // namespace deadlined::timeline_detail
