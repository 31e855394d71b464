#include "calendar/lunar.hpp"

#include <array>
#include <cmath>
#include <numbers>

// The Vietnamese lunar calendar, computed from first principles:
// - a lunar month starts on the local day of a true new moon (Meeus's series from
//   "Astronomical Formulae for Calculators", lunations counted from January 1900);
// - the month containing the winter solstice is month 11;
// - in a 13-month year the first month without a major solar term (trung khí) is
//   the leap month and repeats the number of the month before it.
// Written from the published astronomical formulas, not from any existing
// lunar-calendar implementation.
namespace deadlined {

namespace {

constexpr double k_degree = std::numbers::pi / 180.0;
constexpr double k_synodic_month = 29.530588853;
// Julian Day Number of 1970-01-01, the epoch of std::chrono::sys_days.
constexpr long k_unix_epoch_jdn = 2440588;
// Approximate JD of the first new moon of 1900 (lunation k = 0).
constexpr double k_new_moon_1900 = 2415021.076998695;

long to_jdn(Date date) {
  return static_cast<long>(date.time_since_epoch().count()) + k_unix_epoch_jdn;
}

Date from_jdn(long jdn) {
  return Date{std::chrono::days{jdn - k_unix_epoch_jdn}};
}

double sin_deg(double degrees) {
  return std::sin(degrees * k_degree);
}

// ΔT = TT − UT in days, from the Espenak–Meeus polynomial fits (NASA eclipse
// site). The series below gives the new moon in dynamical time; the calendar
// needs civil (universal) time.
double delta_t_days(double jd) {
  const double y = 2000.0 + (jd - 2451544.5) / 365.2425;
  double seconds = 0.0;
  if (y < 1800.0) {
    const double u = (y - 1820.0) / 100.0;
    seconds = -20.0 + 32.0 * u * u;
  } else if (y < 1860.0) {
    const double t = y - 1800.0;
    seconds = 13.72 - 0.332447 * t + 0.0068612 * t * t + 0.0041116 * std::pow(t, 3) - 0.00037436 * std::pow(t, 4) +
              0.0000121272 * std::pow(t, 5) - 0.0000001699 * std::pow(t, 6) + 0.000000000875 * std::pow(t, 7);
  } else if (y < 1900.0) {
    const double t = y - 1860.0;
    seconds = 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * std::pow(t, 3) - 0.0004473624 * std::pow(t, 4) +
              std::pow(t, 5) / 233174.0;
  } else if (y < 1920.0) {
    const double t = y - 1900.0;
    seconds = -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * std::pow(t, 3) - 0.000197 * std::pow(t, 4);
  } else if (y < 1941.0) {
    const double t = y - 1920.0;
    seconds = 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * std::pow(t, 3);
  } else if (y < 1961.0) {
    const double t = y - 1950.0;
    seconds = 29.07 + 0.407 * t - t * t / 233.0 + std::pow(t, 3) / 2547.0;
  } else if (y < 1986.0) {
    const double t = y - 1975.0;
    seconds = 45.45 + 1.067 * t - t * t / 260.0 - std::pow(t, 3) / 718.0;
  } else if (y < 2005.0) {
    const double t = y - 2000.0;
    seconds = 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * std::pow(t, 3) + 0.000651814 * std::pow(t, 4) +
              0.00002373599 * std::pow(t, 5);
  } else if (y < 2050.0) {
    const double t = y - 2000.0;
    seconds = 62.92 + 0.32217 * t + 0.005589 * t * t;
  } else if (y < 2150.0) {
    const double u = (y - 1820.0) / 100.0;
    seconds = -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - y);
  } else {
    const double u = (y - 1820.0) / 100.0;
    seconds = -20.0 + 32.0 * u * u;
  }
  return seconds / 86400.0;
}

// Julian Day Number of the local day on which new moon number k (k = 0 is the
// new moon of January 1900) falls.
long new_moon_day(long k, double time_zone_hours) {
  const double kd = static_cast<double>(k);
  const double t = kd / 1236.85;  // Julian centuries since 1900
  const double t2 = t * t;
  const double t3 = t2 * t;
  double jde = 2415020.75933 + 29.53058868 * kd + 0.0001178 * t2 - 0.000000155 * t3 +
               0.00033 * sin_deg(166.56 + 132.87 * t - 0.009173 * t2);
  const double sun_anomaly = 359.2242 + 29.10535608 * kd - 0.0000333 * t2 - 0.00000347 * t3;
  const double moon_anomaly = 306.0253 + 385.81691806 * kd + 0.0107306 * t2 + 0.00001236 * t3;
  const double latitude = 21.2964 + 390.67050646 * kd - 0.0016528 * t2 - 0.00000239 * t3;
  // Periodic terms for the true (not mean) new moon.
  jde += (0.1734 - 0.000393 * t) * sin_deg(sun_anomaly) + 0.0021 * sin_deg(2 * sun_anomaly) -
         0.4068 * sin_deg(moon_anomaly) + 0.0161 * sin_deg(2 * moon_anomaly) - 0.0004 * sin_deg(3 * moon_anomaly) +
         0.0104 * sin_deg(2 * latitude) - 0.0051 * sin_deg(sun_anomaly + moon_anomaly) -
         0.0074 * sin_deg(sun_anomaly - moon_anomaly) + 0.0004 * sin_deg(2 * latitude + sun_anomaly) -
         0.0004 * sin_deg(2 * latitude - sun_anomaly) - 0.0006 * sin_deg(2 * latitude + moon_anomaly) +
         0.0010 * sin_deg(2 * latitude - moon_anomaly) + 0.0005 * sin_deg(sun_anomaly + 2 * moon_anomaly);
  const double jd_ut = jde - delta_t_days(jde);
  return static_cast<long>(std::floor(jd_ut + 0.5 + time_zone_hours / 24.0));
}

// Which 30° sector (0..11) of ecliptic longitude the sun is in at the local
// midnight that starts day jdn. Sector 9 starts at the winter solstice (270°).
int sun_sector(long jdn, double time_zone_hours) {
  const double jd = static_cast<double>(jdn) - 0.5 - time_zone_hours / 24.0;
  const double t = (jd - 2451545.0) / 36525.0;  // Julian centuries since J2000.0
  const double t2 = t * t;
  const double mean_anomaly = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const double mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const double centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin_deg(mean_anomaly) +
                        (0.019993 - 0.000101 * t) * sin_deg(2 * mean_anomaly) + 0.000290 * sin_deg(3 * mean_anomaly);
  double longitude = std::fmod(mean_longitude + centre, 360.0);
  if (longitude < 0) {
    longitude += 360.0;
  }
  return static_cast<int>(std::floor(longitude / 30.0)) % 12;
}

long lunation_before(long jdn) {
  return static_cast<long>(std::floor((static_cast<double>(jdn) - k_new_moon_1900) / k_synodic_month));
}

long nearest_lunation(long jdn) {
  return static_cast<long>(std::floor((static_cast<double>(jdn) - k_new_moon_1900) / k_synodic_month + 0.5));
}

// First day of lunar month 11 (the month with the winter solstice) that begins
// in Gregorian year `year`.
long month11_start(int year, double time_zone_hours) {
  const long dec31 = to_jdn(make_date(year, 12, 31));
  const long k = lunation_before(dec31);
  long start = new_moon_day(k, time_zone_hours);
  // A new moon on or after the solstice starts month 12 (or later): step back.
  if (sun_sector(start, time_zone_hours) >= 9) {
    start = new_moon_day(k - 1, time_zone_hours);
  }
  return start;
}

// The months from month 11 of Gregorian year `year - 1` up to (not including)
// month 11 of `year`: months 11 and 12 of lunar year `year - 1`, then months
// 1..10 of lunar year `year`, with one leap month when there are 13.
struct LunarSpan {
  int year = 0;
  std::array<long, 14> starts{};  // starts[count] is the next month 11
  int count = 0;                  // 12 or 13
  int leap_index = -1;            // index of the leap month, -1 when none

  int month_number(int index) const {
    const int ordinal = (leap_index >= 0 && index >= leap_index) ? index - 1 : index;
    return (ordinal + 10) % 12 + 1;  // ordinal 0 -> 11, 1 -> 12, 2 -> 1 ...
  }
  int lunar_year(int index) const {
    const int ordinal = (leap_index >= 0 && index >= leap_index) ? index - 1 : index;
    return ordinal < 2 ? year - 1 : year;
  }
};

LunarSpan lunar_span(int year, double time_zone_hours) {
  LunarSpan span;
  span.year = year;
  const long begin = month11_start(year - 1, time_zone_hours);
  const long end = month11_start(year, time_zone_hours);
  span.count = static_cast<int>(std::lround(static_cast<double>(end - begin) / k_synodic_month));
  if (span.count < 12) {
    span.count = 12;
  } else if (span.count > 13) {
    span.count = 13;
  }
  const long k = nearest_lunation(begin);
  for (int i = 0; i < span.count; ++i) {
    span.starts[static_cast<std::size_t>(i)] = new_moon_day(k + i, time_zone_hours);
  }
  span.starts[0] = begin;
  span.starts[static_cast<std::size_t>(span.count)] = end;
  if (span.count == 13) {
    // The leap month is the first one after month 11 in which the sun enters no
    // new sector, i.e. it starts and ends in the same sector (no major term).
    span.leap_index = 12;  // fallback; pigeonhole guarantees an earlier hit in practice
    for (int i = 1; i < span.count; ++i) {
      const auto index = static_cast<std::size_t>(i);
      if (sun_sector(span.starts[index], time_zone_hours) == sun_sector(span.starts[index + 1], time_zone_hours)) {
        span.leap_index = i;
        break;
      }
    }
  }
  return span;
}

}  // namespace

LunarDate solar_to_lunar(Date date, double time_zone_hours) {
  const long jdn = to_jdn(date);
  int year = year_of(date);
  // Dates on or after this year's month 11 belong to next year's span.
  if (jdn >= month11_start(year, time_zone_hours)) {
    ++year;
  }
  const LunarSpan span = lunar_span(year, time_zone_hours);
  int index = 0;
  while (index + 1 < span.count && span.starts[static_cast<std::size_t>(index + 1)] <= jdn) {
    ++index;
  }
  LunarDate lunar;
  lunar.day = static_cast<int>(jdn - span.starts[static_cast<std::size_t>(index)]) + 1;
  lunar.month = span.month_number(index);
  lunar.year = span.lunar_year(index);
  lunar.leap = index == span.leap_index;
  return lunar;
}

std::optional<Date> lunar_to_solar(const LunarDate& lunar, double time_zone_hours) {
  if (lunar.month < 1 || lunar.month > 12 || lunar.day < 1 || lunar.day > 30) {
    return std::nullopt;
  }
  // Months 11 and 12 of lunar year Y lie in the span that ends in Gregorian Y+1.
  const int span_year = lunar.month >= 11 ? lunar.year + 1 : lunar.year;
  const LunarSpan span = lunar_span(span_year, time_zone_hours);
  for (int i = 0; i < span.count; ++i) {
    const bool leap = i == span.leap_index;
    if (leap != lunar.leap || span.month_number(i) != lunar.month) {
      continue;
    }
    const auto index = static_cast<std::size_t>(i);
    const long length = span.starts[index + 1] - span.starts[index];
    if (lunar.day > length) {
      return std::nullopt;
    }
    return from_jdn(span.starts[index] + lunar.day - 1);
  }
  return std::nullopt;  // e.g. a leap flag on a month that is not leap this year
}

}  // namespace deadlined
