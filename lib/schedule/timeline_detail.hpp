#pragma once
// Internals of the timeline parser shared by its source files: the folded
// phrase's tokens and the builders of occurrences and their labels.
#include "schedule/timeline.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined::timeline_detail {

constexpr int k_min_year = 1900;
constexpr int k_max_year = 2999;
constexpr int k_number_cap = 100000;  // numbers are saturated here; no form needs more

enum class TokenType {
  word,
  number,
  slash,
  comma,
  semicolon,
  dash,
  bullet,
  dot,
  colon,
  open_paren,
  close_paren,
  other
};

struct Token {
  TokenType type = TokenType::other;
  std::string_view text;
  int value = 0;            // numbers only
  bool line_start = false;  // first token of a later line: may separate items
};

std::vector<Token> tokenize(std::string_view text);

// Folds line by line so that line breaks survive as item separators.
std::string fold_lines(std::string_view phrase);

// For each byte of fold_lines(phrase), the offset in phrase it came from
// (plus phrase.size() at the end); empty when they cannot be matched.
std::vector<std::size_t> fold_origins(std::string_view phrase, std::string_view folded);

// The phrase as quoted in the error: on one line, since the config loader
// prefixes "file:line:col:" and expects one line per diagnostic.
std::string one_line(std::string_view phrase);
// The value of a number spelled in words, 1 to 99 ("sáu", "mười một", "hai
// mươi lăm"), or nullopt for any other words ("năm sau" is no number).
std::optional<int> spelled_number(const std::vector<std::string_view>& words);
// The phrase with each count written out before its unit in digits ("sáu
// tháng đầu năm" -> "6 tháng đầu năm", "trong vòng mười lăm ngày" -> "trong
// vòng 15 ngày", "hai tuần"), read with diacritics: "sau tháng 6" (after
// June) is no count, nor a month or weekday's name ("tháng hai", "thứ
// ba tuần sau"), nor "năm" before "tháng" or "năm" (five, or a year?).
std::string spelled_counts_as_digits(std::string_view phrase);

std::string two_digits(unsigned value);
std::string_view roman(unsigned quarter);

enum class Unit { month, quarter };

constexpr std::string_view unit_word(Unit unit) {
  return unit == Unit::month ? "thang" : "quy";
}
constexpr unsigned months_in(Unit unit) {
  return unit == Unit::month ? 1 : 3;
}
constexpr unsigned units_per_year(Unit unit) {
  return unit == Unit::month ? 12 : 4;
}

std::string unit_label(Unit unit, int year, unsigned number);
std::string date_label(Date date);  // "05/09/2026"
Date unit_start(Unit unit, int year, unsigned number);
Date unit_end(Unit unit, int year, unsigned number);
int absolute_unit(Unit unit, int year, unsigned number);
int year_of_unit(Unit unit, int absolute);
unsigned number_of_unit(Unit unit, int absolute);
Occurrence unit_occurrence(Unit unit, int year, unsigned number);
Occurrence window_occurrence(Unit unit, int first, int last);
Occurrence year_occurrence(int year);
Occurrence years_occurrence(int first, int last, std::string_view prefix);
Occurrence half_occurrence(int year, unsigned half);
Occurrence nine_months_occurrence(int year);
Occurrence day_occurrence(Date date, DueAnchor anchor);

// "đầu / giữa / cuối" of a period (Civil Code Art. 146(2)-(3)).
enum class Position { start, middle, end };

// The day of `period` (a month, quarter, half or year occurrence) at
// `position`, as a day occurrence labelled "Đầu tháng 03/2026", "Giữa năm
// 2026"; the end is the period itself. nullopt: no such day ("giữa quý").
std::optional<Occurrence> position_occurrence(const Occurrence& period, Position position);

// Week `week` (1-4; 0: the last) of a month: days 7N-6..7N, or the last 7
// days; due on its last day. nullopt for a week past the fourth.
std::optional<Occurrence> month_week_occurrence(int year, unsigned month, unsigned week);
// The first (1), middle (2) or last (3) ten days of a month ("thượng / trung /
// hạ tuần"): days 1-10, 11-20, 21 to the end, due on the last of them.
Occurrence ten_days_occurrence(int year, unsigned month, unsigned part);
// The first (1: days 1-15) or second (2: 16 to the end) half of a month
// ("nửa đầu / nửa cuối tháng"), due on its last day.
Occurrence half_month_occurrence(int year, unsigned month, unsigned half);
Occurrence date_window_occurrence(Date first, Date last);
Occurrence week_occurrence(Date due);

// The pattern of one year moved by whole years (day clamped to the month).
Occurrence shift_years(const Occurrence& occurrence, int years);

// Every occurrence of `pattern` (a year's occurrences) for the years
// [first_year, last_year], appended to out.
void repeat_yearly(const std::vector<Occurrence>& pattern, int base_year, int first_year, int last_year,
                   std::vector<Occurrence>& out);

// Every `weekday` (0 = Sunday) in [first, last], appended to out.
void repeat_weekly(unsigned weekday, Date first, Date last, std::vector<Occurrence>& out);

// Years missing inside one compound form ("Quý I và Quý III/2022", "6 tháng
// đầu năm và cuối năm 2022") come from the nearest year written after them,
// then from the default year. A relative year ("Quý IV và Quý I năm sau") is
// not carried back: the periods before it are the default year's.
template <typename Element>
void resolve_years_backwards(std::vector<Element>& elements, int default_year) {
  int carried = default_year;
  for (auto it = elements.rbegin(); it != elements.rend(); ++it) {
    if (it->year) {
      carried = it->relative ? default_year : *it->year;
    } else {
      it->year = carried;
    }
  }
}

}  // namespace deadlined::timeline_detail
