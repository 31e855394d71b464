// Timeline phrases ("Quý I/2022", "Trước ngày 15/8/2022", ...) and the
// `when` command on them, text and JSON (invalid UTF-8 must not abort).
#include "schedule/timeline.hpp"

#include "app/commands.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view phrase(reinterpret_cast<const char*>(data), size);
  auto timeline = deadlined::parse_timeline(phrase, 2022);
  (void)timeline;
  // A multi-year plan from September to May reaches the readings a span and
  // a start give ("Trước ngày 18/1" in the second year).
  auto school = deadlined::parse_timeline(
      phrase, deadlined::PlanSpan{2022, 2023, deadlined::make_date(2022, 9, 1), deadlined::make_date(2023, 5, 31)});
  (void)school;
  for (const char* format : {"text", "json"}) {
    std::ostringstream out;
    std::ostringstream err;
    deadlined::WhenOptions options;
    options.phrase = std::string(phrase);
    options.format = format;
    deadlined::run_when(options, deadlined::make_date(2022, 3, 17), out, err);
  }
  return 0;
}
