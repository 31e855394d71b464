#include "calendar/working_calendar.hpp"

#include <algorithm>
#include <utility>

#include "calendar/lunar.hpp"

namespace deadlined {

namespace {

using std::chrono::days;

// roll() and add_working_days() give up after this many days without a working
// day (only possible with a pathological configuration, e.g. seven rest days).
constexpr int k_max_search_days = 3660;

// Giỗ Tổ Hùng Vương: 10th day of the 3rd lunar month.
constexpr int k_hung_kings_lunar_day = 10;
constexpr int k_hung_kings_lunar_month = 3;

// The statutory Tết break computed for years without a notice: the last day of
// the lunar year through mùng 4 (Labour Code Art. 112(1)(b): 5 days).
// Offsets from mùng 1: -1 (29 or 30 Chạp) .. +3 (mùng 4).
constexpr int k_tet_first_offset = -1;
constexpr int k_tet_last_offset = 3;

// Priority when two sources name the same date: config beats official beats computed.
int priority(DaySource source) {
  switch (source) {
    case DaySource::computed:
      return 0;
    case DaySource::official:
      return 1;
    case DaySource::config:
      return 2;
  }
  return 0;
}

struct Entry {
  SpecialDay day;
  bool compensable = false;  // an Art. 112(1) holiday: a rest-day clash earns a day off (Art. 111(3))
};

using EntryMap = std::map<Date, Entry>;

// Inserts unless a source of higher (or equal, first wins) priority already holds the date.
void put(EntryMap& entries, SpecialDay day, bool compensable) {
  auto found = entries.find(day.date);
  if (found != entries.end() && priority(found->second.day.source) >= priority(day.source)) {
    return;
  }
  // An official entry replacing a computed statutory day keeps the right to
  // compensation that the statute gives the date.
  const bool keep_compensable = found != entries.end() && found->second.compensable;
  const Date date = day.date;
  entries[date] = Entry{std::move(day), compensable || keep_compensable};
}

SpecialDay holiday(Date date, std::string name, DaySource source = DaySource::computed) {
  return SpecialDay{date, false, std::move(name), source};
}

std::string tet_day_name(const LunarDate& lunar) {
  if (lunar.month == 1) {
    return "Tết Nguyên đán (mùng " + std::to_string(lunar.day) + ")";
  }
  return "Tết Nguyên đán (" + std::to_string(lunar.day) + " Tết)";
}

}  // namespace

std::string_view to_string(DaySource source) {
  switch (source) {
    case DaySource::official:
      return "official";
    case DaySource::computed:
      return "computed";
    case DaySource::config:
      return "config";
  }
  return "computed";
}

std::string_view to_string(RollRule rule) {
  switch (rule) {
    case RollRule::next:
      return "next";
    case RollRule::previous:
      return "previous";
    case RollRule::keep:
      return "keep";
  }
  return "next";
}

WorkingCalendar::WorkingCalendar(CalendarSettings settings, std::vector<YearNotice> notices, int first_year,
                                 int last_year)
    : m_settings(std::move(settings)), m_first_year(std::min(first_year, last_year)) {
  for (auto& notice : notices) {
    const int year = notice.year;
    m_notices.try_emplace(year, std::move(notice));
  }
  const int end_year = std::max(first_year, last_year);
  m_tables.reserve(static_cast<std::size_t>(end_year - m_first_year + 1));
  for (int year = m_first_year; year <= end_year; ++year) {
    m_tables.push_back(build_year(year));
  }
}

const WorkingCalendar::YearTable& WorkingCalendar::table_for(int year) const {
  const long index = static_cast<long>(year) - m_first_year;
  if (index >= 0 && index < static_cast<long>(m_tables.size())) {
    return m_tables[static_cast<std::size_t>(index)];
  }
  const std::lock_guard<std::mutex> lock(m_later->mutex);
  auto found = m_later->tables.find(year);
  if (found == m_later->tables.end()) {
    found = m_later->tables.emplace(year, build_year(year)).first;
  }
  return found->second;  // map nodes stay where they are as others are added
}

WorkingCalendar::YearTable WorkingCalendar::build_year(int year) const {
  const auto is_rest = [this](Date date) { return m_settings.rest_days[weekday_of(date)]; };

  EntryMap entries;
  // Fixed statutory holidays, Labour Code Art. 112(1) (a), (c), (d), (đ), (e).
  put(entries, holiday(make_date(year, 1, 1), "Tết Dương lịch"), true);
  if (auto hung_kings = lunar_to_solar({k_hung_kings_lunar_day, k_hung_kings_lunar_month, year, false})) {
    put(entries, holiday(*hung_kings, "Giỗ Tổ Hùng Vương"), true);
  }
  put(entries, holiday(make_date(year, 4, 30), "Ngày Chiến thắng"), true);
  put(entries, holiday(make_date(year, 5, 1), "Ngày Quốc tế Lao động"), true);
  put(entries, holiday(make_date(year, 9, 2), "Quốc khánh"), true);

  if (const YearNotice* notice = notice_for(year)) {
    // The notice already lists Tết compensation days, so its days earn none.
    for (const SpecialDay& day : notice->days) {
      if (year_of(day.date) == year) {
        put(entries, day, false);
      }
    }
  } else {
    // Provisional year: the Prime Minister has not (to our knowledge) fixed the
    // Tết days and the second Quốc khánh day, so use the usual pattern.
    if (auto tet = lunar_to_solar({1, 1, year, false})) {
      for (int offset = k_tet_first_offset; offset <= k_tet_last_offset; ++offset) {
        const Date date = *tet + days{offset};
        put(entries, holiday(date, tet_day_name(solar_to_lunar(date))), true);
      }
    }
    const Date first_september = make_date(year, 9, 1);
    const Date second_day = is_rest(first_september) ? make_date(year, 9, 3) : first_september;
    put(entries, holiday(second_day, "Quốc khánh (ngày liền kề)"), true);
  }

  // Art. 111(3): a holiday on a weekly rest day gives the next working day off.
  // Processing in date order makes compensations stack (Mon, then Tue, ...).
  std::vector<std::pair<Date, std::string>> owed;
  for (const auto& [date, entry] : entries) {
    if (entry.compensable && !entry.day.working && is_rest(date)) {
      std::string base = entry.day.name;
      if (base.starts_with("Tết Nguyên đán")) {
        base = "Tết Nguyên đán";  // not "Nghỉ bù Tết Nguyên đán (mùng 2)"
      } else if (base.starts_with("Quốc khánh")) {
        base = "Quốc khánh";
      }
      owed.emplace_back(date, "Nghỉ bù " + base);
    }
  }
  const Date last_day = make_date(year, 12, 31);
  for (const auto& [date, name] : owed) {
    Date candidate = date + days{1};
    while (candidate <= last_day &&
           (is_rest(candidate) || (entries.contains(candidate) && !entries.at(candidate).day.working))) {
      candidate += days{1};
    }
    // Compensation stays within the year: no fixed holiday falls near 31/12.
    if (candidate <= last_day) {
      put(entries, holiday(candidate, name), false);
    }
  }

  for (const SpecialDay& day : m_settings.config_days) {
    if (year_of(day.date) == year) {
      SpecialDay copy = day;
      copy.source = DaySource::config;
      put(entries, std::move(copy), false);
    }
  }

  YearTable table;
  table.year = year;
  const Date first_day = make_date(year, 1, 1);
  const int length = static_cast<int>((last_day - first_day).count()) + 1;
  for (int i = 0; i < length; ++i) {
    table.working[static_cast<std::size_t>(i)] = !is_rest(first_day + days{i});
  }
  for (auto& [date, entry] : entries) {
    const bool weekly_working = !is_rest(date);
    table.working[static_cast<std::size_t>((date - first_day).count())] = entry.day.working;
    if (!entry.day.working || entry.day.working != weekly_working) {
      table.special.push_back(std::move(entry.day));
    }
  }
  return table;
}

bool WorkingCalendar::is_working(Date date) const {
  const int year = year_of(date);
  const YearTable& table = table_for(year);
  return table.working[static_cast<std::size_t>((date - make_date(year, 1, 1)).count())];
}

std::vector<SpecialDay> WorkingCalendar::special_days(int year) const {
  return table_for(year).special;
}

bool WorkingCalendar::is_provisional(int year) const {
  return !m_notices.contains(year);
}

const YearNotice* WorkingCalendar::notice_for(int year) const {
  auto found = m_notices.find(year);
  return found == m_notices.end() ? nullptr : &found->second;
}

Date WorkingCalendar::roll(Date date, RollRule rule) const {
  if (rule == RollRule::keep) {
    return date;
  }
  const days step{rule == RollRule::next ? 1 : -1};
  // Walk day by day, fetching a year's table only when the year changes.
  int year = year_of(date);
  const YearTable* table = &table_for(year);
  Date candidate = date;
  for (int i = 0; i < k_max_search_days; ++i) {
    const int candidate_year = year_of(candidate);
    if (candidate_year != year) {
      year = candidate_year;
      table = &table_for(year);
    }
    if (table->working[static_cast<std::size_t>((candidate - make_date(year, 1, 1)).count())]) {
      return candidate;
    }
    candidate += step;
  }
  return date;  // no working day in ten years: a broken configuration; leave it
}

Date WorkingCalendar::add_working_days(Date date, int n) const {
  if (n == 0) {
    return date;
  }
  const days step{n > 0 ? 1 : -1};
  int remaining = n > 0 ? n : -n;
  int year = year_of(date);
  const YearTable* table = &table_for(year);
  Date candidate = date;
  int idle = 0;  // consecutive non-working days seen, to stop on a broken configuration
  while (remaining > 0 && idle < k_max_search_days) {
    candidate += step;
    const int candidate_year = year_of(candidate);
    if (candidate_year != year) {
      year = candidate_year;
      table = &table_for(year);
    }
    if (table->working[static_cast<std::size_t>((candidate - make_date(year, 1, 1)).count())]) {
      --remaining;
      idle = 0;
    } else {
      ++idle;
    }
  }
  return remaining == 0 ? candidate : date;
}

}  // namespace deadlined
