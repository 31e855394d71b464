// One official holiday notice (config/holidays/vn-YYYY.toml), then a calendar
// built from it.
#include "config/holiday_notices.hpp"
#include "calendar/working_calendar.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  deadlined::Diagnostics diagnostics;
  auto notice = deadlined::parse_year_notice(text, "/nonexistent/holidays/vn-2024.toml", diagnostics);
  if (notice) {
    std::vector<deadlined::YearNotice> notices{*notice};
    deadlined::WorkingCalendar calendar(deadlined::CalendarSettings{}, std::move(notices), 2024, 2024);
    (void)calendar.is_provisional(2024);
  }
  return 0;
}
