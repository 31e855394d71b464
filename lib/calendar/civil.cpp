#include "calendar/civil.hpp"

#include <array>
#include <charconv>
#include <cstdio>

namespace deadlined {

using namespace std::chrono;

Date make_date(int year, unsigned month, unsigned day) {
  return sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
}

bool is_valid_date(int year, unsigned month, unsigned day) {
  return year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}}.ok();
}

int year_of(Date date) {
  return static_cast<int>(year_month_day{date}.year());
}
unsigned month_of(Date date) {
  return static_cast<unsigned>(year_month_day{date}.month());
}
unsigned day_of(Date date) {
  return static_cast<unsigned>(year_month_day{date}.day());
}

unsigned weekday_of(Date date) {
  return weekday{date}.c_encoding();
}

Date last_day_of_month(int year, unsigned month) {
  return sys_days{year_month_day_last{std::chrono::year{year}, month_day_last{std::chrono::month{month}}}};
}

Date clamped_date(int year, unsigned month, unsigned day) {
  Date last = last_day_of_month(year, month);
  if (day >= day_of(last)) {
    return last;
  }
  return make_date(year, month, day);
}

std::string to_iso(Date date) {
  year_month_day ymd{date};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  auto number = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int value = 0;
    auto [end, error] = std::from_chars(text.data() + pos, text.data() + pos + len, value);
    if (error != std::errc{} || end != text.data() + pos + len) {
      return std::nullopt;
    }
    return value;
  };
  auto y = number(0, 4);
  auto m = number(5, 2);
  auto d = number(8, 2);
  if (!y || !m || !d || *m < 1 || *d < 1 || !is_valid_date(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d))) {
    return std::nullopt;
  }
  return make_date(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

std::optional<Date> parse_written_date(std::string_view text) {
  if (auto iso = parse_iso_date(text)) {
    return iso;
  }
  // Day, month (one or two digits each) and a four-digit year, one separator kind.
  std::array<int, 3> parts{};
  std::size_t pos = 0;
  char separator = 0;
  for (std::size_t part = 0; part < parts.size(); ++part) {
    const std::size_t width = part == 2 ? 4 : 2;
    const std::size_t begin = pos;
    while (pos < text.size() && pos - begin < width && text[pos] >= '0' && text[pos] <= '9') {
      parts[part] = parts[part] * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == begin || (part == 2 && pos - begin != 4)) {
      return std::nullopt;
    }
    if (part < 2) {
      if (pos >= text.size() || (text[pos] != '/' && text[pos] != '.' && text[pos] != '-') ||
          (separator != 0 && text[pos] != separator)) {
        return std::nullopt;
      }
      separator = text[pos++];
    }
  }
  const int day = parts[0];
  const int month = parts[1];
  const int year = parts[2];
  if (pos != text.size() || month < 1 || day < 1 ||
      !is_valid_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) {
    return std::nullopt;
  }
  return make_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::string_view vietnamese_weekday(Date date) {
  static constexpr std::array<std::string_view, 7> k_names{"CN", "T2", "T3", "T4", "T5", "T6", "T7"};
  return k_names[weekday_of(date)];
}

Date add_months(Date from, int months) {
  const int index = year_of(from) * 12 + static_cast<int>(month_of(from)) - 1 + months;
  const int year = index >= 0 ? index / 12 : (index - 11) / 12;
  const auto month = static_cast<unsigned>(index - year * 12 + 1);
  return clamped_date(year, month, day_of(from));
}

}  // namespace deadlined
