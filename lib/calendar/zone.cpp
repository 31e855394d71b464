#include "calendar/zone.hpp"

#include <cstdio>

#include <date/tz.h>

namespace deadlined {

namespace {

Date to_civil_date(date::local_seconds local) {
  return Date{std::chrono::floor<std::chrono::days>(local.time_since_epoch())};
}

}  // namespace

tl::expected<TimeZone, std::string> TimeZone::locate(const std::string& name) {
  try {
    return TimeZone(date::locate_zone(name), name);
  } catch (const std::exception& error) {
    return tl::unexpected("unknown time zone \"" + name + "\": " + error.what());
  }
}

Instant TimeZone::at(Date day, int minute_of_day) const {
  auto local = date::local_seconds{day.time_since_epoch()} + std::chrono::minutes{minute_of_day};
  // A local time skipped or repeated by a DST change resolves to the earliest.
  return m_zone->to_sys(local, date::choose::earliest);
}

Date TimeZone::local_date(Instant instant) const {
  return to_civil_date(m_zone->to_local(instant));
}

int TimeZone::offset_minutes(Instant instant) const {
  auto info = m_zone->get_info(instant);
  return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(info.offset).count());
}

std::string TimeZone::iso8601(Instant instant) const {
  int offset = offset_minutes(instant);
  auto local = instant + std::chrono::minutes{offset};
  Date day = std::chrono::floor<std::chrono::days>(local);
  auto seconds = (local - day).count();
  char buffer[40];
  int absolute = offset < 0 ? -offset : offset;
  std::snprintf(buffer, sizeof buffer, "%sT%02lld:%02lld:%02lld%c%02d:%02d", to_iso(day).c_str(),
                static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
                static_cast<long long>(seconds % 60), offset < 0 ? '-' : '+', absolute / 60, absolute % 60);
  return buffer;
}

std::optional<Instant> parse_iso8601(std::string_view text) {
  if (text.size() < 16 || text[10] != 'T') {
    return std::nullopt;
  }
  auto day = parse_iso_date(text.substr(0, 10));
  if (!day) {
    return std::nullopt;
  }
  auto two = [&](std::size_t at) -> int {
    if (at + 2 > text.size() || text[at] < '0' || text[at] > '9' || text[at + 1] < '0' || text[at + 1] > '9') {
      return -1;
    }
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
  };
  int hour = two(11);
  int minute = text[13] == ':' ? two(14) : -1;
  std::size_t at = 16;
  int second = 0;
  if (at < text.size() && text[at] == ':') {
    second = two(at + 1);
    at += 3;
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  int offset = 0;
  if (at < text.size() && text[at] == 'Z' && at + 1 == text.size()) {
    offset = 0;
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
    int oh = two(at + 1);
    int om = two(at + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) {  // RFC 3339's time-numoffset
      return std::nullopt;
    }
    offset = (oh * 60 + om) * (text[at] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  return Instant{day->time_since_epoch()} + std::chrono::hours{hour} + std::chrono::minutes{minute - offset} +
         std::chrono::seconds{second};
}

}  // namespace deadlined
