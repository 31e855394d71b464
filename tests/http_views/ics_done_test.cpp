// The ICS feed after "done" and for report series (issue 13): a done
// obligation keeps its event but loses its alarms and says it is done; each
// event of a series names its period.
#include <gtest/gtest.h>

#include <algorithm>

#include "http_views/http_fixture.hpp"
#include "http_views/ics.hpp"

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;
using deadlined::testing::unfolded_ics_lines;

// The lines of the VEVENT whose SUMMARY contains `needle`.
std::vector<std::string> event_with(const std::vector<std::string>& lines, const std::string& needle) {
  std::vector<std::string> event;
  bool inside = false;
  for (const auto& line : lines) {
    if (line == "BEGIN:VEVENT") {
      inside = true;
      event.clear();
    }
    if (inside) {
      event.push_back(line);
    }
    if (line == "END:VEVENT") {
      inside = false;
      for (const auto& l : event) {
        if (l.starts_with("SUMMARY:") && l.find(needle) != std::string::npos) {
          return event;
        }
      }
    }
  }
  return {};
}

const char* k_series =
    "[[plan]]\nid = \"bc\"\ntitle = \"Báo cáo định kỳ\"\nyear = 2022\n\n"
    "[[plan.task]]\nid = \"VIII.1\"\ntitle = \"Báo cáo kết quả kiểm soát thủ tục hành chính\"\nlead = [\"stp\"]\n"
    "when = \"Báo cáo Quý I/2022; Báo cáo 6 tháng/2022\"\n\n";

TEST(IcsDone, DoneObligationKeepsItsEventWithoutAlarms) {
  deadlined::testing::HttpFixture fixture;
  auto snapshot = fixture.load();
  FeedRequest request{&snapshot->config, &snapshot->calendar, &snapshot->zone, "stp", {}, "9.9"};
  auto before = event_with(unfolded_ics_lines(render_unit_feed(request, at("2022-03-20T10:00:00+07:00"))), "I.1");
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(std::count(before.begin(), before.end(), "BEGIN:VALARM"), 4);

  request.done = {"kstthc-2022/I.1/2022-03-31/stp"};
  auto after = event_with(unfolded_ics_lines(render_unit_feed(request, at("2022-03-20T10:00:00+07:00"))), "I.1");
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(std::count(after.begin(), after.end(), "BEGIN:VALARM"), 0);
  EXPECT_NE(std::find_if(after.begin(), after.end(),
                         [](const std::string& l) { return l.starts_with("SUMMARY:[Đã hoàn thành] I.1 "); }),
            after.end());
  bool described = std::any_of(after.begin(), after.end(), [](const std::string& l) {
    return l.starts_with("DESCRIPTION:") && l.find("Trạng thái: đã hoàn thành") != std::string::npos &&
           l.find("Hạn: 31/03/2022") != std::string::npos;
  });
  EXPECT_TRUE(described);
}

TEST(IcsDone, EventsOfASeriesNameTheirPeriod) {
  deadlined::testing::HttpFixture fixture;
  auto snapshot = fixture.load(k_series);
  FeedRequest request{&snapshot->config, &snapshot->calendar, &snapshot->zone, "stp", {}, "9.9"};
  auto lines = unfolded_ics_lines(render_unit_feed(request, at("2022-03-01T10:00:00+07:00")));
  EXPECT_EQ(std::count(lines.begin(), lines.end(),
                       "SUMMARY:VIII.1 Báo cáo Quý I/2022: Báo cáo kết quả kiểm soát thủ tục hành chính"),
            1);
  EXPECT_EQ(std::count(lines.begin(), lines.end(),
                       "SUMMARY:VIII.1 Báo cáo 6 tháng đầu năm 2022: Báo cáo kết quả kiểm soát thủ tục hành chính"),
            1);
  // A task with one occurrence keeps its plain summary.
  EXPECT_FALSE(event_with(lines, "I.1 Báo cáo kết quả kiểm soát TTHC").empty());
}

}  // namespace
}  // namespace deadlined::http_views
