// Phrases about events, not dates: "Báo cáo ngay (khi có ...)" (immediately
// on an event) and "(Theo) định kỳ (theo quy định)" (a period left to a
// document) are on demand, like "Khi có yêu cầu" and "Theo quy định"; a
// start on an event before a deadline ("Bắt đầu ngay sau khi kết thúc học kỳ
// I; hoàn thành trước 30/6/2026") is due on the deadline.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

constexpr int k_year = 2026;

TEST(TimelineEvents, ImmediatelyOnAnEventIsOnDemand) {
  for (const char* phrase :
       {"báo cáo ngay", "Báo cáo ngay.", "BÁO CÁO NGAY", "Bao cao ngay", "Báo cáo ngay khi có sự cố",
        "Báo cáo ngay khi có phát sinh", "Báo cáo ngay sau khi kết thúc", "Báo cáo ngay cho UBND tỉnh",
        "Báo cáo UBND tỉnh ngay khi xảy ra", "Báo cáo ngay trong ngày", "Báo cáo kịp thời", "Thực hiện ngay",
        "Ngay lập tức", "Ngay sau khi có quyết định", "Triển khai ngay sau khi có hướng dẫn",
        "Xử lý ngay khi phát hiện"}) {
    const Timeline timeline = parse_ok(phrase, k_year);
    EXPECT_EQ(timeline.kind, TimelineKind::on_demand) << phrase;
    EXPECT_TRUE(timeline.occurrences.empty()) << phrase;
  }
  // The same kind as "Khi có yêu cầu".
  EXPECT_EQ(parse_ok("Khi có yêu cầu", k_year).kind, TimelineKind::on_demand);
}

TEST(TimelineEvents, ImmediatelyKeepsALag) {
  const Timeline timeline = parse_ok("Báo cáo ngay sau khi có quyết định, trong vòng 05 ngày làm việc", k_year);
  EXPECT_EQ(timeline.kind, TimelineKind::on_demand);
  ASSERT_TRUE(timeline.lag.has_value());
  EXPECT_EQ(timeline.lag->count, 5);
  EXPECT_TRUE(timeline.lag->working_days);
}

TEST(TimelineEvents, NgayBeforeADayOrATimeIsNotImmediate) {
  // "ngày" folds like "ngay": a day stays a day.
  EXPECT_EQ(parsed("Báo cáo ngày 15/3/2026", k_year), "dated [Báo cáo 15/03/2026 2026-03-15..2026-03-15 day]");
  // "Ngay từ đầu năm 2026" ("right from the start of 2026"): work from then on.
  EXPECT_EQ(parse_ok("Ngay từ đầu năm 2026", k_year).kind, TimelineKind::ongoing);
  // "ngay trong tháng 6" ("right within June") or "ngày trong tháng 6" ("a day
  // in June"): either way due by the end of June, never immediately.
  EXPECT_EQ(parsed("Báo cáo ngay trong tháng 6", k_year), parsed("Báo cáo trong tháng 6", k_year));
}

TEST(TimelineEvents, APeriodLeftToADocumentIsOnDemand) {
  // "Theo quy định" is on demand; "Thường xuyên" is ongoing work, not a period.
  EXPECT_EQ(parse_ok("Theo quy định", k_year).kind, TimelineKind::on_demand);
  for (const char* phrase :
       {"Theo định kỳ", "Định kỳ", "Định kỳ theo quy định", "Báo cáo định kỳ theo quy định", "Định kỳ theo Quy chế",
        "Theo định kỳ hoặc khi có yêu cầu", "Định kỳ theo quy định và đột xuất", "Báo cáo định kỳ, đột xuất",
        "Dinh ky theo quy dinh"}) {
    const Timeline timeline = parse_ok(phrase, k_year);
    EXPECT_EQ(timeline.kind, TimelineKind::on_demand) << phrase;
    EXPECT_TRUE(timeline.occurrences.empty()) << phrase;
  }
}

TEST(TimelineEvents, APeriodNamedIsStillThatPeriod) {
  EXPECT_EQ(due_dates(parse_ok("Định kỳ hằng quý", k_year)),
            (std::vector<std::string>{"2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"}));
  EXPECT_EQ(due_dates(parse_ok("Định kỳ 6 tháng", k_year)), (std::vector<std::string>{"2026-06-30", "2026-12-31"}));
  // A period written after "theo quy định" is not guessed about.
  parse_error("Định kỳ theo quy định (6 tháng)", k_year);
}

// "chậm nhất là ngày thứ mười, kể từ ngày phát sinh nghĩa vụ thuế": the
// 10th day from the event, as tax law counts it: a lag of 10 days.
TEST(TimelineEvents, TheNthDayFromAnEvent) {
  for (const char* phrase : {"chậm nhất là ngày thứ mười, kể từ ngày phát sinh nghĩa vụ thuế",
                             "Chậm nhất là ngày thứ 10 kể từ ngày phát sinh nghĩa vụ thuế.",
                             "CHẬM NHẤT NGÀY THỨ MƯỜI KỂ TỪ NGÀY PHÁT SINH NGHĨA VỤ THUẾ"}) {
    const Timeline timeline = parse_ok(phrase, 2012);
    EXPECT_EQ(timeline.kind, TimelineKind::on_demand) << phrase;
    ASSERT_TRUE(timeline.lag.has_value()) << phrase;
    EXPECT_EQ(timeline.lag->count, 10) << phrase;
    EXPECT_FALSE(timeline.lag->working_days) << phrase;
  }
  // "ngày thứ 2" may be a Monday, and the Nth day needs what it counts from.
  parse_error("chậm nhất ngày thứ 2 kể từ ngày phát sinh", 2012);
  parse_error("chậm nhất là ngày thứ mười", 2012);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// "trong thời hạn không quá N ngày (làm việc) kể từ ...", as public-service
// procedures write their steps: "trong thời hạn" and "không quá" together
// are the one bound, as each is alone.
TEST(TimelineEvents, WithinAndNoMoreThanTogetherAreOneLag) {
  for (const char* phrase : {"trong thời hạn không quá 03 ngày làm việc kể từ ngày nhận được hồ sơ",
                             "Trong thời hạn không vượt quá 03 ngày làm việc kể từ ngày nhận được hồ sơ",
                             "Trong vòng không quá 03 ngày làm việc, kể từ ngày nhận được hồ sơ",
                             "trong thời hạn 03 ngày làm việc kể từ ngày nhận được hồ sơ"}) {
    const Timeline timeline = parse_ok(phrase, 2025);
    EXPECT_EQ(timeline.kind, TimelineKind::on_demand) << phrase;
    ASSERT_TRUE(timeline.lag.has_value()) << phrase;
    EXPECT_EQ(timeline.lag->count, 3) << phrase;
    EXPECT_TRUE(timeline.lag->working_days) << phrase;
  }
  EXPECT_EQ(parse_ok("trong thời hạn không quá 30 ngày kể từ ngày ban hành", 2025).lag->count, 30);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// Two different times after the event are two deadlines; one event-triggered
// task has one lag, so reading either would lose the other: refused, saying so.
TEST(TimelineEvents, TwoDifferentLagsAfterTheEventAreRefused) {
  for (const char* phrase :
       {"Sau khi Đề án được phê duyệt: cấp tỉnh hoàn thành trong 30 ngày; cấp xã trong 60 ngày",
        "Sau khi Đề án được phê duyệt, hoàn thành trong 30 ngày; báo cáo trong 60 ngày",
        "trong vòng 30 ngày kể từ ngày ban hành; báo cáo kết quả trong vòng 45 ngày kể từ ngày ban hành",
        "Chậm nhất 15 ngày kể từ ngày nhận được hồ sơ; trả kết quả trong thời hạn 03 tháng"}) {
    EXPECT_NE(parse_error(phrase, 2026).find("names two different times after its event"), std::string::npos) << phrase;
  }
  // The same lag said twice is one.
  EXPECT_EQ(parse_ok("Trong vòng 30 ngày kể từ ngày ban hành; báo cáo trong 30 ngày", 2026).lag->count, 30);
}

}  // namespace
}  // namespace deadlined
