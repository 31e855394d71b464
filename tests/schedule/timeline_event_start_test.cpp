// A start on an event, then the deadline: "Bắt đầu ngay sau khi kết thúc
// học kỳ I; hoàn thành trước 30/6/2026". The deadline clause gives the due
// date; the start clause is a note and never makes the cell fail.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

constexpr int k_year = 2026;

TEST(TimelineEventStart, TheDeadlineClauseGivesTheDueDate) {
  const std::string day = "dated [30/06/2026 2026-06-30..2026-06-30 day before]";
  for (const char* phrase : {"Bắt đầu ngay sau khi kết thúc học kỳ I; hoàn thành trước 30/6/2026",
                             "Bắt đầu ngay sau khi kết thúc học kỳ I, hoàn thành trước 30/6/2026.",
                             "Bat dau ngay sau khi ket thuc hoc ky I; hoan thanh truoc 30/6/2026",
                             "Bắt đầu sau khi kết thúc học kỳ I. Kết thúc trước ngày 30/6/2026",
                             "Bắt đầu sau khi có kết quả thi\nHoàn thành trước ngày 30/6/2026",
                             "Bắt đầu từ khi có quyết định; hoàn thành trước 30/6/2026",
                             "Triển khai ngay khi có hướng dẫn; hoàn thành trước 30/6/2026"}) {
    EXPECT_EQ(parsed(phrase, k_year), day) << phrase;
  }
  const Timeline timeline = parse_ok("Bắt đầu ngay sau khi kết thúc học kỳ I; hoàn thành trước 30/6/2026", k_year);
  EXPECT_EQ(timeline.note, "Bắt đầu ngay sau khi kết thúc học kỳ I");
}

TEST(TimelineEventStart, AnyDeadlineFormMayFollow) {
  EXPECT_EQ(parsed("Sau khi có hướng dẫn của Bộ; hoàn thành trong Quý III/2026", k_year),
            "dated [Quý III/2026 2026-07-01..2026-09-30 quarter]");
  EXPECT_EQ(parsed("Sau khi có hướng dẫn của Bộ, trong Quý III/2026", k_year),
            "dated [Quý III/2026 2026-07-01..2026-09-30 quarter]");
  EXPECT_EQ(parsed("Triển khai ngay sau khi có hướng dẫn, hoàn thành 06–11/2026", k_year),
            "dated [Tháng 06-11/2026 2026-06-01..2026-11-30 window]");
  const Timeline conditional = parse_ok("Bắt đầu khi có quyết định; hoàn thành trước 31/12/2026 (nếu có)", k_year);
  EXPECT_TRUE(conditional.conditional);
  EXPECT_EQ(due_dates(conditional), (std::vector<std::string>{"2026-12-31"}));
}

TEST(TimelineEventStart, WithoutADeadlineTheEventStaysOnDemand) {
  for (const char* phrase : {"Sau khi Nghị định ... ban hành.", "Bắt đầu ngay sau khi kết thúc học kỳ I",
                             "Thực hiện sau khi ... được phê duyệt"}) {
    EXPECT_EQ(parse_ok(phrase, k_year).kind, TimelineKind::on_demand) << phrase;
  }
  const Timeline lag = parse_ok("Sau khi Nghị định ban hành, trong vòng 30 ngày", k_year);
  EXPECT_EQ(lag.kind, TimelineKind::on_demand);
  ASSERT_TRUE(lag.lag.has_value());
  EXPECT_EQ(lag.lag->count, 30);
}

TEST(TimelineEventStart, ADeadlineNotUnderstoodIsRefused) {
  EXPECT_EQ(parse_error("Bắt đầu sau khi kết thúc học kỳ I; hoàn thành trước 31/6/2026", k_year),
            "timeline \"Bắt đầu sau khi kết thúc học kỳ I; hoàn thành trước 31/6/2026\": 31/6/2026 is not a date: "
            "June 2026 has 30 days");
}

// A school year's dates are set each year: the refusal says so.
TEST(TimelineEventStart, ASchoolYearOrTermIsRefusedSayingWhy) {
  for (const char* phrase : {"Học kỳ I năm học 2024-2025", "Cuối năm học 2024 - 2025", "Năm học 2025-2026",
                             "Đầu năm học 2026", "hết học kì II", "Trong NĂM HỌC 2025-2026"}) {
    const std::string error = parse_error(phrase, k_year);
    EXPECT_NE(error.find("names a school year or term, whose dates the Ministry of Education sets anew each year"),
              std::string::npos)
        << phrase << ": " << error;
  }
}

// A date that is no date is named, not "cannot understand": the typo is
// found at once. Amounts, ranges of days, months of a year and numbers of
// documents are not taken for dates.
TEST(TimelineEventStart, ADateThatIsNoDateIsNamed) {
  const std::pair<const char*, const char*> cases[] = {
      {"Trước ngày 31/6/2026", "31/6/2026 is not a date: June 2026 has 30 days"},
      {"Hoàn thành trước 30/2", "30/2 is not a date: February 2026 has 28 days"},
      {"chậm nhất ngày 29-02-2025", "29-02-2025 is not a date: February 2025 has 28 days"},
      {"Trước ngày 32/1/2026", "32/1/2026 is not a date: January 2026 has 31 days"},
      {"Trước ngày 15.13.2026", "15.13.2026 is not a date: there is no month 13"},
      {"Trước ngày 0/5/2026", "0/5/2026 is not a date: May 2026 has 31 days"},
  };
  for (const auto& [phrase, says] : cases) {
    const std::string error = parse_error(phrase, k_year);
    EXPECT_NE(error.find(says), std::string::npos) << phrase << ": " << error;
  }
  for (const char* phrase : {"Kinh phí 31.6 triệu đồng theo Thông tư 12/2022/TT-BTC", "Từ 15-30/6 xyz",
                             "Quý 3/2026 xyz abc", "khoảng 45/60 đơn vị"}) {
    EXPECT_EQ(parse_error(phrase, k_year).find("is not a date"), std::string::npos) << phrase;
  }
}

// "Thời gian thu thập thông tin ... là 25 ngày, bắt đầu từ ngày 1/4/2019":
// how long, after "là", then the start: one window from the start.
TEST(TimelineEventStart, HowLongAfterLaThenTheStart) {
  for (const char* phrase :
       {"Thời gian thu thập thông tin của cuộc Tổng điều tra là 25 ngày, bắt đầu từ ngày 1/4/2019.",
        "là 25 ngày, bắt đầu từ ngày 1/4/2019", "THỜI GIAN LÀ 25 NGÀY, BẮT ĐẦU TỪ NGÀY 01/04/2019"}) {
    EXPECT_EQ(labels(parse_ok(phrase, 2019)), std::vector<std::string>{"Từ 01/04/2019 đến 25/04/2019"}) << phrase;
  }
  // Without a start it names no time; from an event it is a lag.
  parse_error("là 25 ngày", 2019);
  EXPECT_EQ(parse_ok("Thời hạn nhận hồ sơ là 30 ngày kể từ ngày thông báo", 2019).kind, TimelineKind::on_demand);
}

}  // namespace
}  // namespace deadlined
