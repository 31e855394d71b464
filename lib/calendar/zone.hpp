#pragma once
// A named IANA time zone (tzdata from the OS): local send times to instants
// and instants to ISO 8601 text with their offset.
#include <chrono>
#include <string>

#include <tl/expected.hpp>

#include "calendar/civil.hpp"
#include "util/vocabulary.hpp"

namespace date {
class time_zone;
}

namespace deadlined {

class TimeZone {
 public:
  static tl::expected<TimeZone, std::string> locate(const std::string& name);

  // The instant of a local wall-clock time on a civil date.
  Instant at(Date day, int minute_of_day) const;
  // The civil date at an instant.
  Date local_date(Instant instant) const;
  int offset_minutes(Instant instant) const;
  // "2022-03-18T08:00:00+07:00"
  std::string iso8601(Instant instant) const;
  const std::string& name() const { return m_name; }

 private:
  TimeZone(const date::time_zone* zone, std::string name) : m_zone(zone), m_name(std::move(name)) {}
  const date::time_zone* m_zone;
  std::string m_name;
};

// Parses "YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM)"; nullopt otherwise.
std::optional<Instant> parse_iso8601(std::string_view text);

}  // namespace deadlined
