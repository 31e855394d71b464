// A count back from an event ("10 ngày trước ngày bầu cử", "ít nhất trước 45
// ngày làm việc đến ngày khai mạc kỳ họp") is on demand with a lag before the
// event: `deadlined trigger --event D` makes it due on D less the count. A
// bound with no event: "Không quá 10 ngày" counts from the event that starts
// the work, "Chậm nhất 10 ngày" is refused saying what to write.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>
#include <string>

namespace deadlined {
namespace {

using namespace timeline_testing;

constexpr int k_year = 2026;

Lag before(int count, bool working_days = false, bool months = false) {
  Lag lag{count, working_days, months};
  lag.before = true;
  return lag;
}

TEST(TimelineCountBack, EveryPhrasingOfTheFamilyIsALagBeforeTheEvent) {
  const struct {
    const char* phrase;
    Lag lag;
  } cases[]{
      {"10 ngày trước ngày bầu cử", before(10)},
      {"Chậm nhất 10 ngày trước ngày khai mạc kỳ họp", before(10)},
      {"chậm nhất 15 ngày trước ngày tổ chức Hội nghị", before(15)},
      {"Chậm nhất là 05 ngày làm việc trước ngày họp.", before(5, true)},
      {"ít nhất trước 45 ngày làm việc đến ngày khai mạc kỳ họp", before(45, true)},
      {"ít nhất trước 45 ngày làm việc đến thời điểm dự kiến khai mạc đại hội đảng bộ cấp dưới", before(45, true)},
      {"trước 07 ngày làm việc so với ngày diễn ra kỳ họp", before(7, true)},
      {"Trước 10 ngày tính đến ngày khai mạc", before(10)},
      {"sớm nhất trước 1 tuần so với ngày tổ chức khai giảng", before(7)},
      {"Trước ít nhất 15 ngày so với ngày tổ chức", before(15)},
      {"Trước ngày khai mạc kỳ họp ít nhất 15 ngày", before(15)},
      {"Trước kỳ họp thứ 5 của HĐND tỉnh 10 ngày", before(10)},
      {"Gửi hồ sơ chậm nhất 20 ngày trước ngày họp", before(20)},
      {"mười ngày trước ngày bầu cử", before(10)},
      {"Tối thiểu 02 tháng trước ngày hết hạn", before(2, false, true)},
      {"Chậm nhất 03 ngày trước khi tổ chức hội nghị;", before(3)},
      {"CHẬM NHẤT 10 NGÀY TRƯỚC NGÀY BẦU CỬ", before(10)},
      {"Chậm nhất 10 ngày trước ngày bầu cử đại biểu Quốc hội khóa XVI", before(10)},
  };
  for (const auto& expected : cases) {
    SCOPED_TRACE(expected.phrase);
    const Timeline timeline = parse_ok(expected.phrase, k_year);
    EXPECT_EQ(timeline.kind, TimelineKind::on_demand);
    EXPECT_TRUE(timeline.occurrences.empty());
    ASSERT_TRUE(timeline.lag.has_value());
    EXPECT_EQ(*timeline.lag, expected.lag);
  }
}

// The event is the note: the admin sees which day `trigger --event` wants.
TEST(TimelineCountBack, TheEventIsTheNote) {
  EXPECT_EQ(parse_ok("10 ngày trước ngày bầu cử", k_year).note, "ngày bầu cử");
  EXPECT_EQ(parse_ok("Trước ngày khai mạc kỳ họp ít nhất 15 ngày", k_year).note, "ngày khai mạc kỳ họp");
  EXPECT_EQ(parse_ok("trước 07 ngày làm việc so với ngày diễn ra kỳ họp", k_year).note, "ngày diễn ra kỳ họp");
}

// A lag after an event is unchanged: "before" is only for a count back.
TEST(TimelineCountBack, ALagAfterTheEventIsNotBefore) {
  for (const char* phrase : {"Trong vòng 30 ngày kể từ ngày ban hành", "chậm nhất 15 ngày sau khi kết thúc",
                             "Sau khi có hướng dẫn, trong vòng 10 ngày làm việc"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, k_year);
    ASSERT_TRUE(timeline.lag.has_value());
    EXPECT_FALSE(timeline.lag->before);
  }
}

// Not a count back: a date written ("Trước ngày 15/8/2026"), a session with
// no count ("Trước kỳ họp cuối năm 2026"), a count with no event.
TEST(TimelineCountBack, OtherFormsAreNotTakenForIt) {
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 15/8/2026", k_year)), std::vector<std::string>{"2026-08-15"});
  const Timeline session = parse_ok("Trước kỳ họp cuối năm 2026", k_year);
  EXPECT_EQ(session.kind, TimelineKind::on_demand);
  EXPECT_FALSE(session.lag.has_value());
  parse_error("Trước 10 ngày", k_year);
  parse_error("10 ngày trước ngày", k_year);
}

// "Không quá 10 ngày", "không quá 05 ngày làm việc", "Trong vòng 7 ngày"
// alone, and "2 ngày khi nhận được tờ trình": how long the work may take
// from the event that starts it (a request, a file received); the event is
// the one given to `trigger`.
TEST(TimelineCountBack, AnUpperBoundAloneCountsFromTheStartingEvent) {
  const struct {
    const char* phrase;
    Lag lag;
  } cases[]{
      {"Không quá 10 ngày", Lag{10, false, false}},         {"không quá 05 ngày làm việc", Lag{5, true, false}},
      {"Không vượt quá 15 ngày.", Lag{15, false, false}},   {"Trong vòng 7 ngày", Lag{7, false, false}},
      {"trong vòng 03 ngày làm việc", Lag{3, true, false}}, {"2 ngày khi nhận được tờ trình", Lag{2, false, false}}};
  for (const auto& expected : cases) {
    SCOPED_TRACE(expected.phrase);
    const Timeline timeline = parse_ok(expected.phrase, k_year);
    EXPECT_EQ(timeline.kind, TimelineKind::on_demand);
    ASSERT_TRUE(timeline.lag.has_value());
    EXPECT_EQ(*timeline.lag, expected.lag);
  }
}

// "Chậm nhất 10 ngày" alone: the law writes it before an event as well as
// after one, so it is refused with what to write instead.
TEST(TimelineCountBack, ALatestBoundAloneIsRefusedWithWhatToWrite) {
  for (const char* phrase : {"Chậm nhất 10 ngày", "chậm nhất là 05 ngày làm việc", "Sớm nhất 7 ngày."}) {
    SCOPED_TRACE(phrase);
    const std::string message = parse_error(phrase, k_year);
    EXPECT_NE(message.find("gives a number of days but no event"), std::string::npos) << message;
    EXPECT_NE(message.find("trước ngày <sự kiện>"), std::string::npos) << message;
    EXPECT_NE(message.find("kể từ ngày <sự kiện>"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace deadlined
