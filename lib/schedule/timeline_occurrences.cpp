#include "schedule/timeline_detail.hpp"

#include <algorithm>
#include <array>

namespace deadlined::timeline_detail {

std::string two_digits(unsigned value) {
  std::string out;
  out.push_back(static_cast<char>('0' + (value / 10) % 10));
  out.push_back(static_cast<char>('0' + value % 10));
  return out;
}

std::string_view roman(unsigned quarter) {
  static constexpr std::array<std::string_view, 5> k_roman{"?", "I", "II", "III", "IV"};
  return quarter < k_roman.size() ? k_roman[quarter] : "?";
}

// A month or quarter counted from year 0, so consecutive units across a year
// boundary differ by one.
int absolute_unit(Unit unit, int year, unsigned number) {
  return year * static_cast<int>(units_per_year(unit)) + static_cast<int>(number) - 1;
}

int year_of_unit(Unit unit, int absolute) {
  return absolute / static_cast<int>(units_per_year(unit));
}
unsigned number_of_unit(Unit unit, int absolute) {
  return static_cast<unsigned>(absolute % static_cast<int>(units_per_year(unit))) + 1;
}

std::string unit_label(Unit unit, int year, unsigned number) {
  std::string label = unit == Unit::month ? "Tháng " + two_digits(number) : "Quý " + std::string(roman(number));
  return label + "/" + std::to_string(year);
}

Date unit_start(Unit unit, int year, unsigned number) {
  return make_date(year, (number - 1) * months_in(unit) + 1, 1);
}

Date unit_end(Unit unit, int year, unsigned number) {
  return last_day_of_month(year, number * months_in(unit));
}

Occurrence unit_occurrence(Unit unit, int year, unsigned number) {
  Occurrence occurrence;
  occurrence.label = unit_label(unit, year, number);
  occurrence.period_start = unit_start(unit, year, number);
  occurrence.nominal_due = unit_end(unit, year, number);
  occurrence.period = unit == Unit::month ? PeriodKind::month : PeriodKind::quarter;
  return occurrence;
}

// Consecutive units from first to last (absolute), as one window.
Occurrence window_occurrence(Unit unit, int first, int last) {
  const int first_year = year_of_unit(unit, first);
  const int last_year = year_of_unit(unit, last);
  const unsigned first_number = number_of_unit(unit, first);
  const unsigned last_number = number_of_unit(unit, last);
  Occurrence occurrence;
  if (first_year == last_year) {
    occurrence.label = unit == Unit::month
                           ? "Tháng " + two_digits(first_number) + "-" + two_digits(last_number)
                           : "Quý " + std::string(roman(first_number)) + "-" + std::string(roman(last_number));
    occurrence.label += "/" + std::to_string(first_year);
  } else {
    occurrence.label = unit_label(unit, first_year, first_number) + "-" + unit_label(unit, last_year, last_number);
  }
  occurrence.period_start = unit_start(unit, first_year, first_number);
  occurrence.nominal_due = unit_end(unit, last_year, last_number);
  occurrence.period = PeriodKind::window;
  return occurrence;
}

Occurrence year_occurrence(int year) {
  Occurrence occurrence;
  occurrence.label = "Năm " + std::to_string(year);
  occurrence.period_start = make_date(year, 1, 1);
  occurrence.nominal_due = make_date(year, 12, 31);
  occurrence.period = PeriodKind::year;
  return occurrence;
}

Occurrence half_occurrence(int year, unsigned half) {
  Occurrence occurrence;
  occurrence.label = std::string(half == 1 ? "6 tháng đầu năm " : "6 tháng cuối năm ") + std::to_string(year);
  occurrence.period_start = make_date(year, half == 1 ? 1 : 7, 1);
  occurrence.nominal_due = half == 1 ? make_date(year, 6, 30) : make_date(year, 12, 31);
  occurrence.period = PeriodKind::half;
  return occurrence;
}

Occurrence day_occurrence(Date date, DueAnchor anchor) {
  Occurrence occurrence;
  occurrence.label = two_digits(day_of(date)) + "/" + two_digits(month_of(date)) + "/" + std::to_string(year_of(date));
  occurrence.period_start = date;
  occurrence.nominal_due = date;
  occurrence.anchor = anchor;
  occurrence.period = PeriodKind::day;
  return occurrence;
}

Occurrence years_occurrence(int first, int last, std::string_view prefix) {
  Occurrence occurrence;
  occurrence.label = std::string(prefix) + std::to_string(first) + "-" + std::to_string(last);
  occurrence.period_start = make_date(first, 1, 1);
  occurrence.nominal_due = make_date(last, 12, 31);
  occurrence.period = PeriodKind::window;
  return occurrence;
}

namespace {
std::string date_label(Date date) {
  return two_digits(day_of(date)) + "/" + two_digits(month_of(date)) + "/" + std::to_string(year_of(date));
}
}  // namespace

Occurrence date_window_occurrence(Date first, Date last) {
  Occurrence occurrence;
  occurrence.label = "Từ " + date_label(first) + " đến " + date_label(last);
  occurrence.period_start = first;
  occurrence.nominal_due = last;
  occurrence.period = PeriodKind::window;
  return occurrence;
}

Occurrence week_occurrence(Date due) {
  Occurrence occurrence;
  occurrence.label = std::string(vietnamese_weekday(due)) + " " + date_label(due);
  occurrence.period_start = due - std::chrono::days{6};
  occurrence.nominal_due = due;
  occurrence.period = PeriodKind::week;
  return occurrence;
}

namespace {

Date shift_date(Date date, int years) {
  return clamped_date(year_of(date) + years, month_of(date), day_of(date));
}

// The years written in a label move with the occurrence ("Quý II/2024" ->
// "Quý II/2025"); only four-digit numbers equal to `year` are replaced.
std::string shift_label(const std::string& label, int year, int years) {
  const std::string from = std::to_string(year);
  const std::string to = std::to_string(year + years);
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t found = label.find(from, pos);
    if (found == std::string::npos) {
      out += label.substr(pos);
      return out;
    }
    const bool digit_before = found > 0 && label[found - 1] >= '0' && label[found - 1] <= '9';
    const std::size_t after = found + from.size();
    const bool digit_after = after < label.size() && label[after] >= '0' && label[after] <= '9';
    out += label.substr(pos, found - pos);
    out += digit_before || digit_after ? from : to;
    pos = after;
  }
}

}  // namespace

Occurrence shift_years(const Occurrence& occurrence, int years) {
  if (years == 0) {
    return occurrence;
  }
  Occurrence shifted = occurrence;
  const bool month_end =
      occurrence.nominal_due == last_day_of_month(year_of(occurrence.nominal_due), month_of(occurrence.nominal_due));
  shifted.period_start = shift_date(occurrence.period_start, years);
  shifted.nominal_due = shift_date(occurrence.nominal_due, years);
  if (month_end && occurrence.anchor == DueAnchor::period_end && occurrence.period != PeriodKind::day) {
    shifted.nominal_due = last_day_of_month(year_of(shifted.nominal_due), month_of(shifted.nominal_due));
  }
  std::string label = shift_label(occurrence.label, year_of(occurrence.period_start), years);
  if (year_of(occurrence.nominal_due) != year_of(occurrence.period_start)) {
    label = shift_label(label, year_of(occurrence.nominal_due), years);
  }
  shifted.label = std::move(label);
  return shifted;
}

void repeat_yearly(const std::vector<Occurrence>& pattern, int base_year, int first_year, int last_year,
                   std::vector<Occurrence>& out) {
  for (int year = first_year; year <= last_year; ++year) {
    for (const Occurrence& occurrence : pattern) {
      out.push_back(shift_years(occurrence, year - base_year));
    }
  }
}

void repeat_weekly(unsigned weekday, Date first, Date last, std::vector<Occurrence>& out) {
  const int offset = (static_cast<int>(weekday) - static_cast<int>(weekday_of(first)) + 7) % 7;
  for (Date day = first + std::chrono::days{offset}; day <= last; day += std::chrono::days{7}) {
    out.push_back(week_occurrence(day));
  }
}

}  // namespace deadlined::timeline_detail

namespace deadlined {

using namespace timeline_detail;

std::vector<Occurrence> generate_occurrences(const Recurrence& recurrence, Date from, Date to) {
  std::vector<Occurrence> out;
  if (to < from) {
    return out;
  }
  const int first_year = std::max(recurrence.from_year, year_of(from) - 1);
  const int last_year = year_of(to) + 1;
  if (first_year > last_year) {
    return out;
  }
  if (recurrence.weekday) {
    repeat_weekly(*recurrence.weekday, std::max(from, make_date(recurrence.from_year, 1, 1)), to, out);
  } else {
    repeat_yearly(recurrence.pattern, recurrence.base_year, first_year, last_year, out);
  }
  std::erase_if(out, [&](const Occurrence& o) { return o.nominal_due < from || o.nominal_due > to; });
  std::stable_sort(out.begin(), out.end(),
                   [](const Occurrence& a, const Occurrence& b) { return a.nominal_due < b.nominal_due; });
  return out;
}

std::vector<Occurrence> occurrences_between(const Timeline& timeline, Date from, Date to) {
  std::vector<Occurrence> out;
  for (const Occurrence& occurrence : timeline.occurrences) {
    if (occurrence.nominal_due >= from && occurrence.nominal_due <= to) {
      out.push_back(occurrence);
    }
  }
  for (const Recurrence& recurrence : timeline.open_ended) {
    auto more = generate_occurrences(recurrence, from, to);
    out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Occurrence& a, const Occurrence& b) { return a.nominal_due < b.nominal_due; });
  return out;
}

}  // namespace deadlined
