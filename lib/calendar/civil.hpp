#pragma once
// Civil (calendar) dates. All deadline arithmetic happens on these, never on
// seconds, so time zones and DST cannot shift a due date.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace deadlined {

using Date = std::chrono::sys_days;

Date make_date(int year, unsigned month, unsigned day);
// True when (year, month, day) names a real day of the Gregorian calendar.
bool is_valid_date(int year, unsigned month, unsigned day);

int year_of(Date date);
unsigned month_of(Date date);
unsigned day_of(Date date);

// 0 = Sunday ... 6 = Saturday, as std::chrono::weekday::c_encoding().
unsigned weekday_of(Date date);

Date last_day_of_month(int year, unsigned month);
// Clamps day to the month's length (Civil Code Art. 148(3)).
Date clamped_date(int year, unsigned month, unsigned day);

// `months` calendar months after `from`: the same day of the month, or the
// month's last day when it has no such day (a period in months, Civil Code
// Art. 147-148).
Date add_months(Date from, int months);

// "YYYY-MM-DD".
std::string to_iso(Date date);
// Accepts exactly "YYYY-MM-DD"; nullopt for anything else or an impossible day.
std::optional<Date> parse_iso_date(std::string_view text);
// A date as people type it: "YYYY-MM-DD", or day first as Vietnamese write it,
// "31/03/2022" ("D/M/YYYY"; '.' or '-' between the parts also). nullopt for
// anything else or an impossible day.
std::optional<Date> parse_written_date(std::string_view text);

// Vietnamese weekday abbreviation used in tables: "T2".."T7", "CN".
std::string_view vietnamese_weekday(Date date);

}  // namespace deadlined
