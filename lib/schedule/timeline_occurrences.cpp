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

Occurrence nine_months_occurrence(int year) {
  Occurrence occurrence;
  occurrence.label = "9 tháng đầu năm " + std::to_string(year);
  occurrence.period_start = make_date(year, 1, 1);
  occurrence.nominal_due = make_date(year, 9, 30);
  occurrence.period = PeriodKind::nine_months;
  return occurrence;
}

// Civil Code Art. 146(2)-(3): the first day, the 15th or the last day of a
// month; 01/01, 30/06 or 31/12 of a year; by the same reading the first and
// last day of a quarter. A quarter has no middle day.
std::optional<Occurrence> position_occurrence(const Occurrence& period, Position position) {
  const bool month = period.period == PeriodKind::month;
  const bool year = period.period == PeriodKind::year;
  if (position == Position::end) {
    return period;
  }
  if (!month && !year && !(period.period == PeriodKind::quarter && position == Position::start)) {
    return std::nullopt;
  }
  Occurrence occurrence = period;
  if (position == Position::start) {
    occurrence.nominal_due = period.period_start;
  } else {
    occurrence.nominal_due =
        make_date(year_of(period.period_start), month ? month_of(period.period_start) : 6, month ? 15 : 30);
  }
  std::string label = period.label;
  if (!label.empty() && label[0] >= 'A' && label[0] <= 'Z') {
    label[0] = static_cast<char>(label[0] - 'A' + 'a');
  }
  occurrence.label = std::string(position == Position::start ? "Đầu " : "Giữa ") + label;
  occurrence.period_start = occurrence.nominal_due;
  occurrence.period = PeriodKind::day;
  occurrence.anchor = DueAnchor::period_end;
  occurrence.report = false;
  return occurrence;
}

// Weeks inside a month: week N is days 7N-6..7N, the last week the last 7
// days; due on the week's last day.
std::optional<Occurrence> month_week_occurrence(int year, unsigned month, unsigned week) {
  if (week > 4) {
    return std::nullopt;
  }
  Occurrence occurrence;
  const std::string month_label = "tháng " + two_digits(month) + "/" + std::to_string(year);
  if (week == 0) {
    occurrence.nominal_due = last_day_of_month(year, month);
    occurrence.period_start = occurrence.nominal_due - std::chrono::days{6};
    occurrence.label = "Tuần cuối " + month_label;
  } else {
    occurrence.period_start = make_date(year, month, week * 7 - 6);
    occurrence.nominal_due = make_date(year, month, week * 7);
    occurrence.label = (week == 1 ? std::string("Tuần đầu ") : "Tuần thứ " + std::to_string(week) + " ") + month_label;
  }
  occurrence.period = PeriodKind::week;
  return occurrence;
}

Occurrence ten_days_occurrence(int year, unsigned month, unsigned part) {
  static constexpr std::array<std::string_view, 3> k_names{"Thượng tuần ", "Trung tuần ", "Hạ tuần "};
  Occurrence occurrence;
  occurrence.period_start = make_date(year, month, part * 10 - 9);
  occurrence.nominal_due = part == 3 ? last_day_of_month(year, month) : make_date(year, month, part * 10);
  occurrence.label = std::string(k_names.at(part - 1)) + "tháng " + two_digits(month) + "/" + std::to_string(year);
  occurrence.period = PeriodKind::window;
  return occurrence;
}

Occurrence half_month_occurrence(int year, unsigned month, unsigned half) {
  Occurrence occurrence;
  occurrence.period_start = make_date(year, month, half == 1 ? 1 : 16);
  occurrence.nominal_due = half == 1 ? make_date(year, month, 15) : last_day_of_month(year, month);
  occurrence.label =
      std::string(half == 1 ? "Nửa đầu " : "Nửa cuối ") + "tháng " + two_digits(month) + "/" + std::to_string(year);
  occurrence.period = PeriodKind::window;
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

std::string date_label(Date date) {
  return two_digits(day_of(date)) + "/" + two_digits(month_of(date)) + "/" + std::to_string(year_of(date));
}

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
// "Quý II/2025", "Quý IV/2026-Quý I/2027" -> "Quý IV/2027-Quý I/2028"): each
// four-digit number equal to one of `years_written` moves by `years`, all in
// one pass, so that a year moved onto another written year is not moved twice.
std::string shift_label(const std::string& label, int first_year, int last_year, int years) {
  std::string out;
  std::size_t pos = 0;
  while (pos < label.size()) {
    if (label[pos] < '0' || label[pos] > '9') {
      out.push_back(label[pos++]);
      continue;
    }
    std::size_t end = pos;
    while (end < label.size() && label[end] >= '0' && label[end] <= '9') {
      ++end;
    }
    const std::string digits = label.substr(pos, end - pos);
    const int value = digits.size() == 4 ? std::stoi(digits) : -1;
    out += value == first_year || value == last_year ? std::to_string(value + years) : digits;
    pos = end;
  }
  return out;
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
  // A week of a month ends on the month's last day only when it is the last
  // week: the fourth week of February 2026 (22-28) is not the last of
  // February 2028 (23-29). Their dates alone cannot tell; the label can.
  const bool week = occurrence.period == PeriodKind::week;
  const bool last_week = week && occurrence.label.find("Tuần cuối") != std::string::npos;
  if (month_end && occurrence.anchor == DueAnchor::period_end && occurrence.period != PeriodKind::day &&
      (!week || last_week)) {
    shifted.nominal_due = last_day_of_month(year_of(shifted.nominal_due), month_of(shifted.nominal_due));
  }
  if (month_end && last_week) {
    shifted.period_start = shifted.nominal_due - std::chrono::days{6};  // the last 7 days
  }
  shifted.label =
      shift_label(occurrence.label, year_of(occurrence.period_start), year_of(occurrence.nominal_due), years);
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
  for (Occurrence& occurrence : out) {
    occurrence.tiers = recurrence.tiers;
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Occurrence& a, const Occurrence& b) { return a.nominal_due < b.nominal_due; });
  return out;
}

TierMask Timeline::tiers_named() const {
  TierMask named = 0;
  for (const Occurrence& occurrence : occurrences) {
    named |= occurrence.tiers;
  }
  for (const Recurrence& recurrence : open_ended) {
    named |= recurrence.tiers;
  }
  return named;
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

Date working_due_day(const Occurrence& occurrence, Date nominal, const WorkingCalendar& calendar, RollRule roll) {
  if (occurrence.working_days_before > 0) {
    return calendar.add_working_days(nominal, -occurrence.working_days_before);
  }
  if (occurrence.last_working_day) {
    return calendar.roll(nominal, RollRule::previous);
  }
  // Rolled forward, a day counted back would fall less than the count before the day written.
  if (occurrence.counted_back && roll != RollRule::keep) {
    return calendar.roll(nominal, RollRule::previous);
  }
  return calendar.roll(nominal, roll);
}

}  // namespace deadlined
