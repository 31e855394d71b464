#pragma once
// The Vietnamese lunar calendar (âm lịch), computed astronomically from the new
// moons and the sun's longitude (Meeus), in a given time zone (UTC+7 for Vietnam).
#include <optional>

#include "calendar/civil.hpp"

namespace deadlined {

struct LunarDate {
  int day = 0;
  int month = 0;
  int year = 0;
  bool leap = false;  // tháng nhuận

  friend bool operator==(const LunarDate&, const LunarDate&) = default;
};

inline constexpr double k_vietnam_time_zone_hours = 7.0;

LunarDate solar_to_lunar(Date date, double time_zone_hours = k_vietnam_time_zone_hours);

// nullopt when the lunar date does not exist (a leap flag on a month that is not
// that year's leap month, or day 30 of a 29-day month).
std::optional<Date> lunar_to_solar(const LunarDate& lunar, double time_zone_hours = k_vietnam_time_zone_hours);

}  // namespace deadlined
