#pragma once
// The civil-service working-day calendar: weekly rest days, statutory holidays
// (Labour Code 2019 Art. 112, lunar ones computed), compensatory days
// (Art. 111(3), stacking), the official yearly notices (Tết days, the second
// Quốc khánh day, swapped days), and days the admin adds in config.
#include <array>
#include <bitset>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/civil.hpp"

namespace deadlined {

enum class RollRule { next, previous, keep };

// Where a day's status comes from: an official notice file, the statute
// (computed), or the admin's config.
enum class DaySource { official, computed, config };

std::string_view to_string(DaySource source);
std::string_view to_string(RollRule rule);

struct SpecialDay {
  Date date;
  bool working = false;  // false: a day off; true: a rest day worked (swap)
  std::string name;
  DaySource source = DaySource::computed;
};

// One year's official schedule, as published in a notice.
struct YearNotice {
  int year = 0;
  std::string notice;            // e.g. "Thông báo 119/TB-LĐTBXH; Công văn 245/VPCP-KGVX"
  std::string file;              // where it was loaded from
  std::vector<SpecialDay> days;  // source == official
};

struct CalendarSettings {
  // Indexed by weekday c_encoding (0 = Sunday).
  std::array<bool, 7> rest_days{true, false, false, false, false, false, true};
  std::vector<SpecialDay> config_days;  // source == config; they override everything
};

class WorkingCalendar {
 public:
  // Precomputes [first_year, last_year]; years outside are built on first use.
  WorkingCalendar(CalendarSettings settings, std::vector<YearNotice> notices, int first_year = 2020,
                  int last_year = 2030);

  bool is_working(Date date) const;

  // Every date of the year whose status differs from the plain weekly pattern,
  // and every holiday even when it falls on a rest day, sorted by date.
  std::vector<SpecialDay> special_days(int year) const;

  // True when no official notice file covers the year.
  bool is_provisional(int year) const;
  const YearNotice* notice_for(int year) const;

  // The date itself when it is a working day; otherwise the next (or previous)
  // working day; keep returns the date unchanged.
  Date roll(Date date, RollRule rule) const;
  // n working days after (n > 0) or before (n < 0) date; n == 0 returns date.
  Date add_working_days(Date date, int n) const;

 private:
  // One year's statuses, precomputed: bit i is day i of the year (0 = 1 January).
  struct YearTable {
    int year = 0;
    std::bitset<366> working;
    std::vector<SpecialDay> special;  // as returned by special_days()
  };

  const YearTable& table_for(int year) const;
  YearTable build_year(int year) const;

  // Years outside the precomputed range, built on first use and kept: a
  // report or a status page in 2035 asks for each day since 2022, and
  // building the year again each time made them take minutes. Shared by the
  // copies of a calendar (they have the same settings) and safe to use from
  // several threads; a table, once built, never moves or changes.
  struct LaterYears {
    std::mutex mutex;
    std::map<int, YearTable> tables;
  };

  CalendarSettings m_settings;
  std::map<int, YearNotice> m_notices;
  int m_first_year;
  std::vector<YearTable> m_tables;  // one per year in [m_first_year, ...]
  std::shared_ptr<LaterYears> m_later = std::make_shared<LaterYears>();
};

}  // namespace deadlined
