#include <gtest/gtest.h>

#include "http_views/http_fixture.hpp"
#include "http_views/ics.hpp"

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;
using deadlined::testing::unfolded_ics_lines;

int count(const std::vector<std::string>& lines, const std::string& line) {
  return static_cast<int>(std::count(lines.begin(), lines.end(), line));
}

TEST(Ics, EscapesText) {
  EXPECT_EQ(escape_ics_text("a;b,c\\d\ne\r\nf"), "a\\;b\\,c\\\\d\\ne\\nf");
}

TEST(Ics, FoldsAt75OctetsWithoutSplittingUtf8) {
  std::string line = "SUMMARY:";
  for (int i = 0; i < 60; ++i) {
    line += "ệ";  // 3 octets
  }
  std::string folded = fold_ics_line(line);
  std::size_t start = 0;
  std::string joined;
  while (start < folded.size()) {
    auto end = folded.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    std::string physical = folded.substr(start, end - start);
    EXPECT_LE(physical.size(), 75u);
    if (start > 0) {
      ASSERT_EQ(physical[0], ' ');
      // A continuation never starts inside a UTF-8 sequence.
      EXPECT_NE(static_cast<unsigned char>(physical[1]) & 0xC0, 0x80);
      physical.erase(0, 1);
    }
    joined += physical;
    start = end + 2;
  }
  EXPECT_EQ(joined, line);
  EXPECT_EQ(fold_ics_line("A:b"), "A:b\r\n");
}

TEST(Ics, UtcStamp) {
  EXPECT_EQ(ics_utc(at("2022-03-17T08:00:00+07:00")), "20220317T010000Z");
}

TEST(Ics, LeadUnitFeedHasTheDueDateAndOneAlarmPerStageUpToTheDueDay) {
  deadlined::testing::HttpFixture fixture;
  auto snapshot = fixture.load();
  FeedRequest request{&snapshot->config, &snapshot->calendar, &snapshot->zone, "stp", {}, "9.9"};
  std::string text = render_unit_feed(request, at("2022-03-20T10:00:00+07:00"));
  auto lines = unfolded_ics_lines(text);
  EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
  EXPECT_EQ(lines.back(), "END:VCALENDAR");
  EXPECT_EQ(count(lines, "VERSION:2.0"), 1);
  EXPECT_EQ(count(lines, "BEGIN:VEVENT"), 1);
  EXPECT_EQ(count(lines, "UID:kstthc-2022/I.1/2022-03-31/stp@ubnd.example.test"), 1);
  EXPECT_EQ(count(lines, "DTSTAMP:20220320T030000Z"), 1);
  EXPECT_EQ(count(lines, "DTSTART;VALUE=DATE:20220331"), 1);
  EXPECT_EQ(count(lines, "DTEND;VALUE=DATE:20220401"), 1);
  EXPECT_EQ(count(lines, "SUMMARY:I.1 Báo cáo kết quả kiểm soát TTHC quý I\\, năm 2022\\; gửi Văn phòng UBND tỉnh"), 1);
  // Lead stages of the default policy: 10, 5 and 1 working days before, and the due day, at 08:00 +07.
  EXPECT_EQ(count(lines, "TRIGGER;VALUE=DATE-TIME:20220317T010000Z"), 1);
  EXPECT_EQ(count(lines, "TRIGGER;VALUE=DATE-TIME:20220324T010000Z"), 1);
  EXPECT_EQ(count(lines, "TRIGGER;VALUE=DATE-TIME:20220330T010000Z"), 1);
  EXPECT_EQ(count(lines, "TRIGGER;VALUE=DATE-TIME:20220331T010000Z"), 1);
  EXPECT_EQ(count(lines, "BEGIN:VALARM"), 4);
  bool described = false;
  for (const auto& line : lines) {
    if (line.starts_with("DESCRIPTION:Kế hoạch: ")) {
      described = true;
      EXPECT_NE(line.find("Vai trò: chủ trì"), std::string::npos);
      EXPECT_NE(line.find("Thời gian thực hiện: Trước ngày 31/3/2022"), std::string::npos);
      EXPECT_NE(line.find("\\nSản phẩm: Báo cáo"), std::string::npos);
    }
  }
  EXPECT_TRUE(described);
}

// A task whose timeline gives each level of government its own day: each
// unit's feed holds its own tier's day only.
TEST(Ics, EachUnitsFeedHasItsOwnLevelsDay) {
  deadlined::testing::HttpFixture fixture;
  auto snapshot = fixture.load_text(
      deadlined::testing::daemon_calendar_toml(fixture.state_dir()) +
      "[email]\nmessage_id_domain = \"ubnd.example.test\"\n\n"
      "[[unit]]\nid = \"huyen\"\nname = \"UBND huyện Phú Vang\"\ntier = \"district\"\nemail = [\"h@example.test\"]\n\n"
      "[[unit]]\nid = \"xa\"\nname = \"UBND xã Phú Thuận\"\ntier = \"commune\"\nemail = [\"x@example.test\"]\n\n"
      "[[plan]]\nid = \"cchc-2022\"\ntitle = \"Kế hoạch cải cách hành chính năm 2022\"\nyear = 2022\n\n"
      "[[plan.task]]\nid = \"1\"\ntitle = \"Rà soát thủ tục\"\nlead = [\"huyen\", \"xa\"]\n"
      "when = \"Trước ngày 25/3/2022 đối với cấp xã; trước ngày 31/3/2022 đối với cấp huyện\"\n");
  const auto feed_of = [&snapshot](const std::string& unit) {
    FeedRequest request{&snapshot->config, &snapshot->calendar, &snapshot->zone, unit, {}, "9.9"};
    return unfolded_ics_lines(render_unit_feed(request, at("2022-03-20T10:00:00+07:00")));
  };
  const auto district = feed_of("huyen");
  EXPECT_EQ(count(district, "BEGIN:VEVENT"), 1);
  EXPECT_EQ(count(district, "DTSTART;VALUE=DATE:20220331"), 1);
  const auto commune = feed_of("xa");
  EXPECT_EQ(count(commune, "BEGIN:VEVENT"), 1);
  EXPECT_EQ(count(commune, "DTSTART;VALUE=DATE:20220325"), 1);
}

TEST(Ics, SupportUnitGetsItsOwnStages) {
  deadlined::testing::HttpFixture fixture;
  auto snapshot = fixture.load();
  FeedRequest request{&snapshot->config, &snapshot->calendar, &snapshot->zone, "snv", {}, "9.9"};
  auto lines = unfolded_ics_lines(render_unit_feed(request, at("2022-03-20T10:00:00+07:00")));
  EXPECT_EQ(count(lines, "BEGIN:VALARM"), 1);
  EXPECT_EQ(count(lines, "TRIGGER;VALUE=DATE-TIME:20220324T010000Z"), 1);
  EXPECT_EQ(count(lines, "X-WR-CALNAME:Nhắc việc: Sở Nội vụ\\; \"phòng\" <b>\\, số 1"), 1);
}

TEST(Ics, OnDemandOccurrencesAreIncluded) {
  deadlined::testing::HttpFixture fixture;
  auto snapshot = fixture.load();
  std::vector<Trigger> triggers{Trigger{"kstthc-2022", "I.1", make_date(2022, 6, 15), "thêm"}};
  FeedRequest request{&snapshot->config, &snapshot->calendar, &snapshot->zone, "stp", triggers, "9.9"};
  auto lines = unfolded_ics_lines(render_unit_feed(request, at("2022-03-20T10:00:00+07:00")));
  EXPECT_EQ(count(lines, "BEGIN:VEVENT"), 2);
  EXPECT_EQ(count(lines, "DTSTART;VALUE=DATE:20220615"), 1);
}

}  // namespace
}  // namespace deadlined::http_views
