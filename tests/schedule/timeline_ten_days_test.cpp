// Parts of a month ("thượng / trung / hạ tuần": days 1-10, 11-20, 21 to the
// end) with "trước" (by the day before the part), "đầu" and "cuối" (its first
// and last day); the days a count names ("trong hai ngày là 11 và 12/6"),
// read as without the count, and refused when not that many in a row.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>
#include <string>

namespace deadlined {
namespace {

using namespace timeline_testing;

constexpr int k_year = 2026;

TEST(TimelineTenDays, BeforeAPartIsTheDayBeforeItStarts) {
  const struct {
    const char* phrase;
    const char* due;
  } cases[]{
      {"trước trung tuần tháng 10", "2026-10-10"}, {"Trước thượng tuần tháng 10/2026", "2026-09-30"},
      {"trước hạ tuần tháng 2", "2026-02-20"},     {"hoàn thành trước trung tuần tháng 10 năm 2026", "2026-10-10"},
      {"trong trung tuần tháng 10", "2026-10-20"}, {"cuối trung tuần tháng 10", "2026-10-20"},
      {"đầu hạ tuần tháng 10", "2026-10-21"},      {"trước nửa cuối tháng 6", "2026-06-15"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.phrase);
    EXPECT_EQ(due_dates(parse_ok(c.phrase, k_year)), std::vector<std::string>{c.due});
  }
  EXPECT_EQ(labels(parse_ok("trước trung tuần tháng 10", k_year)),
            std::vector<std::string>{"Trước trung tuần tháng 10/2026"});
  EXPECT_EQ(dues_through(parse_ok("Trước trung tuần hằng tháng", k_year), k_year).front(), "2026-01-10");
  parse_error("giữa trung tuần tháng 10", k_year);
}

TEST(TimelineTenDays, TheDaysACountNamesReadAsWithoutIt) {
  // A list is each day, as "trong 2 ngày 11 và 12/6/2026" is.
  EXPECT_EQ(due_dates(parse_ok("trong hai ngày là 11 và 12-6-2026", k_year)),
            (std::vector<std::string>{"2026-06-11", "2026-06-12"}));
  EXPECT_EQ(due_dates(parse_ok("trong hai ngày là 11 và 12-6-2026", k_year)),
            due_dates(parse_ok("trong hai ngày 11 và 12-6-2026", k_year)));
  // A range is one window due on its last day.
  for (const char* phrase :
       {"Trong 2 ngày là 11-12/6/2026", "Trong 02 ngày, từ ngày 11 đến ngày 12/6/2026", "các ngày 11-12/6/2026"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, k_year);
    ASSERT_EQ(timeline.occurrences.size(), 1U);
    EXPECT_EQ(to_iso(timeline.occurrences.front().period_start), "2026-06-11");
    EXPECT_EQ(to_iso(timeline.occurrences.front().nominal_due), "2026-06-12");
  }
  // The count and the days disagree, or the days are not in a row.
  parse_error("trong hai ngày là 11, 12 và 13/6/2026", k_year);
  parse_error("trong hai ngày là 11 và 13/6/2026", k_year);
}

}  // namespace
}  // namespace deadlined
