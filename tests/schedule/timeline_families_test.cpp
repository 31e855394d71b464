// Timeline families met in plans issued since 2024, by family: months
// without "Tháng", year ranges, ongoing work with a cadence, compound cells,
// "trở đi", windows with a time of day, periods of different kinds, notes.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

// NQ 03/NQ-CP (2025), Phụ lục II writes months without "Tháng": "6/2025",
// "01/2025", "12/2028". The whole family reads as "Tháng M/YYYY".
TEST(TimelinePeriods, MonthAndYearWithoutThangIsThatMonth) {
  EXPECT_EQ(parsed("6/2025", 2025), parsed("Tháng 6/2025", 2025));
  EXPECT_EQ(parsed("06/2025", 2025), parsed("Tháng 06/2025", 2025));
  EXPECT_EQ(due_dates(parse_ok("2/2025", 2025)), (std::vector<std::string>{"2025-02-28"}));
  EXPECT_EQ(due_dates(parse_ok("12/2028", 2025)), (std::vector<std::string>{"2028-12-31"}));
  EXPECT_EQ(due_dates(parse_ok("Hoàn thành 9/2026", 2025)), (std::vector<std::string>{"2026-09-30"}));
  EXPECT_EQ(due_dates(parse_ok("3/2025 và 9/2025", 2025)), (std::vector<std::string>{"2025-03-31", "2025-09-30"}));
  // Still dates: a day and a month, with or without the year.
  EXPECT_EQ(due_dates(parse_ok("15/8/2022")), (std::vector<std::string>{"2022-08-15"}));
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 15/8")), (std::vector<std::string>{"2022-08-15"}));
  // No thirteenth month.
  parse_error("13/2025");
}

TEST(TimelineOngoing, NhiemVuThuongXuyenIsOngoing) {
  for (const char* phrase : {"Nhiệm vụ thường xuyên", "Là nhiệm vụ thường xuyên", "nhiem vu thuong xuyen"}) {
    const Timeline timeline = parse_ok(phrase, 2025);
    EXPECT_EQ(timeline.kind, TimelineKind::ongoing) << phrase;
    EXPECT_TRUE(timeline.occurrences.empty()) << phrase;
  }
  // "Nhiệm vụ" alone names no time.
  parse_error("Nhiệm vụ");
}

// "Từ năm 2026 đến năm 2030" with or without "năm", any dash, case,
// diacritics and final period: one window due at the end of the last year.
TEST(TimelineYearRanges, TuDenWithOrWithoutNamIsOneWindow) {
  const PlanSpan span{2026, 2030};
  for (const char* phrase :
       {"Từ năm 2026 đến năm 2030", "Từ 2026 đến 2030", "từ 2026 đến năm 2030", "Từ năm 2026 - 2030",
        "TỪ 2026 ĐẾN 2030.", "tu 2026 den 2030", "Từ 2026 – 2030", "Từ  2026  đến  2030"}) {
    auto result = parse_timeline(phrase, span);
    ASSERT_TRUE(result) << phrase << ": " << result.error().message;
    EXPECT_EQ(describe(*result), "dated [Năm 2026-2030 2026-01-01..2030-12-31 window]") << phrase;
  }
  // A backwards range is refused, not guessed.
  EXPECT_FALSE(parse_timeline("Từ 2030 đến 2026", span));
}

// "Thường xuyên, hằng quý": ongoing work with a check each quarter of the
// span, like "Thường xuyên, định kỳ hằng quý báo cáo". "Thường xuyên hằng
// năm" stays the ongoing work itself.
TEST(TimelineOngoing, ThuongXuyenWithACadenceClause) {
  const PlanSpan span{2026, 2026};
  for (const char* phrase :
       {"Thường xuyên, hằng quý", "Thường xuyên; hằng quý", "thuong xuyen, hang quy.", "THƯỜNG XUYÊN, HÀNG QUÝ"}) {
    auto result = parse_timeline(phrase, span);
    ASSERT_TRUE(result) << phrase << ": " << result.error().message;
    EXPECT_EQ(result->kind, TimelineKind::ongoing) << phrase;
    EXPECT_EQ(due_dates(*result), (std::vector<std::string>{"2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"}))
        << phrase;
  }
  for (const char* phrase : {"Thường xuyên từ năm 2026", "thường xuyên từ 2026 trở đi.",
                             "Thường xuyên từ năm 2026 đến năm 2030", "THUONG XUYEN TU 2026 - 2030"}) {
    auto result = parse_timeline(phrase, span);
    ASSERT_TRUE(result) << phrase << ": " << result.error().message;
    EXPECT_EQ(describe(*result), "ongoing") << phrase;
  }
  EXPECT_FALSE(parse_timeline("Thường xuyên từ quý II", span));
  auto monthly = parse_timeline("Thường xuyên, hằng tháng", span);
  ASSERT_TRUE(monthly) << monthly.error().message;
  EXPECT_EQ(monthly->occurrences.size(), 12U);
  for (const char* phrase : {"Thường xuyên hằng năm", "Thường xuyên, hằng năm", "Thường xuyên, hàng ngày"}) {
    auto result = parse_timeline(phrase, span);
    ASSERT_TRUE(result) << phrase << ": " << result.error().message;
    EXPECT_EQ(describe(*result), "ongoing") << phrase;
  }
}

// A deadline, then a yearly update written as a sentence of its own: the
// first due date as written, then each following year of the span.
TEST(TimelineCompound, DeadlineThenAYearlyUpdateSentence) {
  const PlanSpan span{2026, 2028};
  const std::vector<std::string> yearly{"2026-12-31", "2027-12-31", "2028-12-31"};
  for (const char* phrase : {"Hoàn thành trong năm 2026. Hằng năm cập nhật (nếu có)",
                             "Năm 2026. Hằng năm cập nhật (nếu có)", "NĂM 2026. HẰNG NĂM CẬP NHẬT (NẾU CÓ)",
                             "Nam 2026. Hang nam cap nhat (neu co)", "năm 2026; hàng năm cập nhật (nếu có)."}) {
    auto result = parse_timeline(phrase, span);
    ASSERT_TRUE(result) << phrase << ": " << result.error().message;
    EXPECT_EQ(result->kind, TimelineKind::dated) << phrase;
    EXPECT_TRUE(result->conditional) << phrase;
    EXPECT_EQ(due_dates(*result), yearly) << phrase;
  }
  auto plain = parse_timeline("Năm 2026. Hằng năm cập nhật", span);
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_FALSE(plain->conditional);
  EXPECT_EQ(due_dates(*plain), yearly);
  // A quarter first: the quarter, then the later years.
  auto quarter = parse_timeline("Quý II/2026. Hằng năm cập nhật", span);
  ASSERT_TRUE(quarter) << quarter.error().message;
  EXPECT_EQ(due_dates(*quarter), (std::vector<std::string>{"2026-06-30", "2027-12-31", "2028-12-31"}));
}

// Occurrences are known by their nominal due date: two clauses naming the same
// day make one occurrence (the first written), never two with one key.
TEST(TimelineCompound, OneOccurrencePerDueDate) {
  const PlanSpan span{2026, 2027};
  auto yearly = parse_timeline("Năm 2026. Hằng năm", span);
  ASSERT_TRUE(yearly) << yearly.error().message;
  EXPECT_EQ(due_dates(*yearly), (std::vector<std::string>{"2026-12-31", "2027-12-31"}));
  EXPECT_EQ(yearly->occurrences.front().label, "Năm 2026");
  auto quarterly = parse_timeline("Năm 2026, hằng quý báo cáo", span);
  ASSERT_TRUE(quarterly) << quarterly.error().message;
  auto dues = due_dates(*quarterly);
  std::sort(dues.begin(), dues.end());
  EXPECT_EQ(std::adjacent_find(dues.begin(), dues.end()), dues.end()) << describe(*quarterly);
  EXPECT_EQ(dues.size(), 8U) << describe(*quarterly);  // the quarters of 2026 and 2027
}

// "(Từ) năm 2026 trở đi" is "Năm 2026 và các năm tiếp theo": open-ended,
// yearly. After a quarter, month or day it names no cadence: ongoing work
// from then on, with no due date guessed (TimelineOngoing.WorkFromAPeriodOnward).
TEST(TimelineOpenEnded, TroDiAfterAYearRunsOnEveryYear) {
  const PlanSpan open{2026, std::nullopt};
  const PlanSpan bounded{2026, 2028};
  for (const char* phrase : {"Năm 2026 trở đi", "Từ năm 2026 trở đi", "từ 2026 trở đi.", "TỪ NĂM 2026 TRỞ ĐI",
                             "Tu nam 2026 tro di", "Năm 2026 và trở đi"}) {
    auto result = parse_timeline(phrase, open);
    ASSERT_TRUE(result) << phrase << ": " << result.error().message;
    EXPECT_TRUE(result->is_open_ended()) << phrase;
    auto same = parse_timeline("Năm 2026 và các năm tiếp theo", open);
    ASSERT_TRUE(same);
    EXPECT_EQ(describe(*result), describe(*same)) << phrase;
    auto within = parse_timeline(phrase, bounded);
    ASSERT_TRUE(within) << phrase;
    EXPECT_FALSE(within->is_open_ended()) << phrase;
    EXPECT_EQ(due_dates(*within), (std::vector<std::string>{"2026-12-31", "2027-12-31", "2028-12-31"})) << phrase;
  }
  EXPECT_FALSE(parse_timeline("Năm 2026 - 2027 trở đi", open));
}

TEST(TimelineToString, NamesKindsAndPeriods) {
  EXPECT_EQ(to_string(TimelineKind::dated), "dated");
  EXPECT_EQ(to_string(TimelineKind::ongoing), "ongoing");
  EXPECT_EQ(to_string(TimelineKind::on_demand), "on_demand");
  EXPECT_EQ(to_string(PeriodKind::day), "day");
  EXPECT_EQ(to_string(PeriodKind::month), "month");
  EXPECT_EQ(to_string(PeriodKind::quarter), "quarter");
  EXPECT_EQ(to_string(PeriodKind::half), "half");
  EXPECT_EQ(to_string(PeriodKind::year), "year");
  EXPECT_EQ(to_string(PeriodKind::window), "window");
}

// ---- phrasings of the post-2025 two-tier map (election plans of communes,
// wards and the Quảng Ninh Fatherland Front, Nov-Dec 2025; more in the corpus)

Timeline parse_span(std::string_view phrase) {
  PlanSpan span;
  span.first = 2025;
  span.last = 2026;
  auto result = parse_timeline(phrase, span);
  EXPECT_TRUE(result.has_value()) << "phrase: " << phrase << "\n" << (result ? std::string{} : result.error().message);
  return result ? *result : Timeline{};
}

TEST(TimelineWindows, KhoangThoiGianAndThoiGianIntroduceADateWindow) {
  for (const std::string phrase :
       {"Trong khoảng thời gian từ ngày 01/12/2025 đến ngày 14/12/2025.",
        "trong thời gian từ ngày 01/12/2025 đến ngày 14/12/2025", "Khoảng thời gian từ 01/12/2025 đến 14/12/2025",
        "Từ ngày 01/12 đến ngày 14/12/2025"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_span(phrase);
    ASSERT_EQ(timeline.occurrences.size(), 1U);
    EXPECT_EQ(to_iso(timeline.occurrences[0].period_start), "2025-12-01");
    EXPECT_EQ(to_iso(timeline.occurrences[0].nominal_due), "2025-12-14");
    EXPECT_EQ(timeline.occurrences[0].period, PeriodKind::window);
  }
  // "Thời gian" without "từ" is no window.
  EXPECT_FALSE(parse_timeline("Trong thời gian 14/12/2025", 2025).has_value());
}

TEST(TimelineWindows, WholePhraseInParenthesesIsReadInside) {
  EXPECT_EQ(due_dates(parse_span("(Từ ngày 02/2 đến ngày 03/2/2026)")), std::vector<std::string>{"2026-02-03"});
  EXPECT_EQ(due_dates(parse_span("(Thời gian từ ngày 04/2 đến ngày 08/2/2026).")),
            std::vector<std::string>{"2026-02-08"});
  // Two groups are not one enclosing pair.
  EXPECT_FALSE(parse_timeline("(Quý I/2026) và (Quý III/2026)", 2026).has_value());
}

TEST(TimelineDays, TimeOfDayBeforeTheDateIsSkipped) {
  EXPECT_EQ(due_dates(parse_span("Trong khoảng thời gian từ ngày 17/12/2025 đến 17 giờ 00, ngày 01/02/2026.")),
            std::vector<std::string>{"2026-02-01"});
  EXPECT_EQ(due_dates(parse_span("từ ngày 26/02/2026 đến 05 giờ 00 ngày 14/3/2026")),
            std::vector<std::string>{"2026-03-14"});
  EXPECT_EQ(due_dates(parse_span("chậm nhất 17 giờ 00 ngày 25/01/2026")), std::vector<std::string>{"2026-01-25"});
  EXPECT_EQ(due_dates(parse_span("Chậm nhất là 17 giờ 00 ngày 01 tháng 2 năm 2026")),
            std::vector<std::string>{"2026-02-01"});
  EXPECT_EQ(due_dates(parse_span("trước 17h00 ngày 20/3/2026")), std::vector<std::string>{"2026-03-20"});
  EXPECT_EQ(due_dates(parse_span("16h30 15/3/2026")), std::vector<std::string>{"2026-03-15"});
  // A time with no date after it is still refused.
  EXPECT_FALSE(parse_timeline("chậm nhất 17 giờ 00", 2026).has_value());
}

TEST(TimelineWindows, PeriodsOfDifferentKindsMakeOneWindow) {
  Timeline timeline = parse_span("Từ tháng 12/2025 đến quý I/2026.");
  ASSERT_EQ(timeline.occurrences.size(), 1U);
  EXPECT_EQ(to_iso(timeline.occurrences[0].period_start), "2025-12-01");
  EXPECT_EQ(to_iso(timeline.occurrences[0].nominal_due), "2026-03-31");
  EXPECT_EQ(timeline.occurrences[0].period, PeriodKind::window);
  EXPECT_EQ(due_dates(parse_span("từ quý IV/2025 đến tháng 2/2026")), std::vector<std::string>{"2026-02-28"});
  EXPECT_EQ(due_dates(parse_span("Từ tháng 11/2025 đến hết năm 2026")), std::vector<std::string>{"2026-12-31"});
  // A first period without a year is the one before the last.
  timeline = parse_span("Từ tháng 11 đến quý I/2026");
  ASSERT_EQ(timeline.occurrences.size(), 1U);
  EXPECT_EQ(to_iso(timeline.occurrences[0].period_start), "2025-11-01");
  // Periods of one kind keep their reading (a range of months).
  EXPECT_EQ(parsed("Từ tháng 11/2025 đến tháng 4/2026", 2025), parsed("tháng 11/2025 đến tháng 4/2026", 2025));
  // The end before the start is refused, never reordered.
  EXPECT_FALSE(parse_timeline("Từ quý II/2026 đến tháng 1/2026", 2026).has_value());
}

TEST(TimelineOnDemand, WindowBetweenTwoEventsIsOnDemand) {
  for (const std::string phrase :
       {"Từ khi thành lập đến khi kết thúc nhiệm vụ của Ủy ban bầu cử và các tổ chức phụ trách bầu cử của phường.",
        "Từ khi triển khai, tổ chức bầu cử đến khi kết thúc cuộc bầu cử.",
        "Từ ngày thành lập Uỷ ban bầu cử đến ngày kết thúc cuộc bầu cử."}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_span(phrase);
    EXPECT_EQ(timeline.kind, TimelineKind::on_demand);
    EXPECT_TRUE(timeline.occurrences.empty());
  }
  // A date at either end is not this form.
  for (const std::string phrase : {"Từ ngày 15/3/2026 đến ngày bầu cử", "Từ tháng 01 đến ngày bầu cử 15/3/2026"}) {
    SCOPED_TRACE(phrase);
    EXPECT_FALSE(parse_timeline(phrase, 2026).has_value());
  }
}

// Work that begins with an event and runs on ("from the day the plan is
// issued onward"): ongoing, no due date, never a guessed one.
TEST(TimelineOngoing, WorkFromAnEventOnwardIsOngoing) {
  for (const std::string phrase :
       {"Từ ngày ban hành Kế hoạch trở đi", "Từ ngày ban hành Kế hoạch trở đi.", "từ ngày ban hành kế hoạch",
        "Kể từ ngày ký", "Kể từ ngày Kế hoạch được ban hành", "Từ khi thành lập", "Từ ngày ký ban hành",
        "TU NGAY BAN HANH KE HOACH TRO DI", "Kể từ khi Luật có hiệu lực"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_span(phrase);
    EXPECT_EQ(timeline.kind, TimelineKind::ongoing);
    EXPECT_TRUE(timeline.occurrences.empty());
  }
  // A date, a closing event or a lag is another form; alone it names no event.
  EXPECT_FALSE(parse_timeline("Kể từ ngày 01/01/2026 trở đi đến", 2026).has_value());
  EXPECT_EQ(parse_span("Trong vòng 30 ngày kể từ ngày ban hành Kế hoạch").kind, TimelineKind::on_demand);
  EXPECT_FALSE(parse_timeline("Kể từ", 2026).has_value());
  EXPECT_FALSE(parse_timeline("Từ ngày", 2026).has_value());
}

// A decision's effective-date clause ("có hiệu lực (thi hành) kể từ ...")
// said of the work: the plan's day of signing or taking effect is no part of
// its configuration, so from that event on the work is ongoing; from a date,
// ongoing from it; with a lag, due that long after the event (`trigger`).
TEST(TimelineOngoing, WorkInForceFromAnEventOrADay) {
  for (const std::string phrase :
       {"có hiệu lực thi hành kể từ ngày 05/11/2026", "Có hiệu lực kể từ ngày ký",
        "có hiệu lực thi hành kể từ ngày ký ban hành", "Thi hành kể từ ngày Quyết định có hiệu lực",
        "Có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026", "Áp dụng kể từ ngày ký",
        "Được áp dụng kể từ ngày 25/8/2026", "kể từ ngày Quyết định có hiệu lực",
        "Kể từ ngày Kế hoạch có hiệu lực thi hành"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_span(phrase);
    EXPECT_EQ(timeline.kind, TimelineKind::ongoing);
    EXPECT_TRUE(timeline.occurrences.empty());
  }
  const Timeline lagged = parse_span("Trong thời hạn 30 ngày kể từ ngày Quyết định này có hiệu lực thi hành");
  EXPECT_EQ(lagged.kind, TimelineKind::on_demand);
  ASSERT_TRUE(lagged.lag.has_value());
  EXPECT_EQ(*lagged.lag, (Lag{30, false, false}));
  // The document that takes effect named first is a note; "sau N ngày" a lag.
  for (const std::string phrase :
       {"Quyết định này có hiệu lực kể từ ngày ký", "Quyết định này có hiệu lực thi hành kể từ ngày 06/02/2026",
        "Kế hoạch này có hiệu lực kể từ ngày ký ban hành"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_span(phrase).kind, TimelineKind::ongoing);
  }
  for (const std::string phrase :
       {"có hiệu lực sau 10 ngày, kể từ ngày ký", "Quyết định này có hiệu lực sau 10 ngày, kể từ ngày ký"}) {
    SCOPED_TRACE(phrase);
    const Timeline after = parse_span(phrase);
    EXPECT_EQ(after.kind, TimelineKind::on_demand);
    ASSERT_TRUE(after.lag.has_value());
    EXPECT_EQ(after.lag->count, 10);
  }
  // An end named after it is the deadline.
  EXPECT_EQ(due_dates(parse_span("Từ ngày Quyết định có hiệu lực đến hết năm 2026")),
            std::vector<std::string>{"2026-12-31"});
}

// "Thời hạn <what it is for> là <time>" or "...: <time>": a label in words,
// then the time; "(trong thời gian) sớm nhất (trước ngày 1/5)": as soon as
// possible, and the latest day in the parentheses.
TEST(TimelineLabels, ADeadlineSaidForWhatIsDueThenItsTime) {
  for (const std::string phrase :
       {"Thời hạn cuối cùng để gửi báo cáo là ngày 30/9/2025", "Thời hạn nộp báo cáo: ngày 30/9/2025",
        "Thời hạn gửi hồ sơ về Sở Nội vụ là trước ngày 30/9/2025", "Trong thời gian sớm nhất (trước ngày 30/9/2025)",
        "sớm nhất (trước ngày 30/9/2025)"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_span(phrase)), std::vector<std::string>{"2025-09-30"});
  }
  // A length after "là" is still a lag; "as soon as possible" alone names no day.
  EXPECT_EQ(parse_span("Thời hạn nhận hồ sơ là 30 ngày kể từ ngày thông báo").kind, TimelineKind::on_demand);
  EXPECT_FALSE(parse_timeline("Trong thời gian sớm nhất", 2026).has_value());
}

// "Không quá 3 ngày, bắt đầu từ tháng 6/2025, hoàn thành trước ngày
// 25/8/2025": how long a meeting lasts, then when it is held; "Cả ngày 14/10
// và buổi sáng 15/10": the days.
TEST(TimelineNotes, HowLongAMeetingLastsThenItsTime) {
  EXPECT_EQ(due_dates(parse_span("không quá 1 ngày; hoàn thành trước ngày 28/02/2026")),
            std::vector<std::string>{"2026-02-28"});
  EXPECT_EQ(due_dates(parse_span("không quá 2 ngày, bắt đầu từ tháng 4/2026, hoàn thành trước ngày 30/6/2026")),
            std::vector<std::string>{"2026-06-30"});
  EXPECT_EQ(due_dates(parse_span("Không quá 4 ngày, tổ chức trước ngày 31/10/2026")),
            std::vector<std::string>{"2026-10-31"});
  EXPECT_EQ(due_dates(parse_span("Không quá 3 ngày làm việc, hoàn thành trước ngày 25/8/2026")),
            std::vector<std::string>{"2026-08-25"});
  EXPECT_EQ(due_dates(parse_span("Cả ngày 14/10 và buổi sáng 15/10/2026")),
            (std::vector<std::string>{"2026-10-14", "2026-10-15"}));
  // Before "kể từ" it stays the lag.
  EXPECT_EQ(parse_span("Không quá 10 ngày, kể từ ngày nhận hồ sơ").lag->count, 10);
}

// "vào ngày 29 của các tháng 3, 6, 9, 11": that day of each month listed;
// "ngày 3 của tháng kế tiếp sau kỳ báo cáo": of each month, in the next;
// "Hiệu lực: 26/04/2026": in force from that day, never due on it.
TEST(TimelineFamilies, ADayOfMonthsListedAndADayInForce) {
  EXPECT_EQ(due_dates(parse_span("vào ngày 29 của các tháng 3, 6, 9, 11 trong năm báo cáo")),
            (std::vector<std::string>{"2025-03-29", "2025-06-29", "2025-09-29", "2025-11-29"}));
  EXPECT_EQ(due_dates(parse_span("Trước ngày 20 các tháng 3, 6, 9, 12")),
            (std::vector<std::string>{"2025-03-20", "2025-06-20", "2025-09-20", "2025-12-20"}));
  EXPECT_FALSE(parse_timeline("ngày 31 các tháng 2, 4", 2026).has_value());
  const std::vector<std::string> next_month = due_dates(parse_span("ngày 3 của tháng kế tiếp sau kỳ báo cáo"));
  ASSERT_GE(next_month.size(), 2U);
  EXPECT_EQ(next_month[0], "2025-02-03");
  EXPECT_EQ(next_month[1], "2025-03-03");
  // "ngay" (right at) before a position: the position.
  EXPECT_EQ(due_dates(parse_span("ngay cuối năm 2025")), std::vector<std::string>{"2025-12-31"});
  EXPECT_EQ(due_dates(parse_span("Ngay đầu năm 2026")), std::vector<std::string>{"2026-01-01"});
  for (const std::string phrase : {"Hiệu lực: 26/04/2026", "Ngày có hiệu lực: 01/7/2026"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_span(phrase);
    EXPECT_EQ(timeline.kind, TimelineKind::ongoing);
    EXPECT_TRUE(timeline.occurrences.empty());
  }
}

// A plan's schedule written as "<the work>: Hoàn thành trước ngày D": the
// work, however long, is the note; a cadence or a period before the colon
// is no work.
TEST(TimelineLabels, TheWorkThenAColonThenItsTime) {
  for (const std::string phrase :
       {"Tổ chức lựa chọn nhà thầu tư vấn lập điều chỉnh Quy hoạch tỉnh: Hoàn thành trước ngày 30/10/2025.",
        "Thu thập dữ liệu; lập báo cáo điều chỉnh quy hoạch tỉnh và xin ý kiến các cơ quan, ban ngành tại địa "
        "phương: Hoàn thành trước ngày 30/10/2025."}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_span(phrase);
    EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2025-10-30"});
    EXPECT_FALSE(timeline.note.empty());
  }
  const Timeline yearly = parse_span("Hằng năm: trước ngày 15/12");
  EXPECT_EQ(due_dates(yearly), (std::vector<std::string>{"2025-12-15", "2026-12-15"}));
  EXPECT_TRUE(yearly.note.empty());
  EXPECT_FALSE(parse_timeline("Báo cáo: Thường xuyên; ngày 15", 2026).has_value());
}

// "Trước 10 ngày": a count back that names no event is refused saying why;
// the forms with an event are read (timeline_count_back_test.cpp).
TEST(TimelineEvents, ACountBackWithNoEventIsRefusedSayingWhy) {
  for (const char* phrase : {"Trước 10 ngày", "10 ngày trước ngày"}) {
    SCOPED_TRACE(phrase);
    EXPECT_NE(parse_error(phrase, 2026).find("counts days back from an event"), std::string::npos);
  }
}

// "Theo <a document>": the document sets the time; on demand, as "Theo văn bản".
TEST(TimelineOnDemand, FollowingADocumentIsOnDemand) {
  for (const std::string phrase :
       {"Theo Thông tư mới", "Theo Nghị định số 30/2020/NĐ-CP", "theo quyết định của UBND tỉnh",
        "Theo Nghị quyết của HĐND", "Theo Chỉ thị 05", "Theo kết luận của Tỉnh ủy",
        "Theo Luật Ngân sách nhà nước sửa đổi", "Theo công văn hướng dẫn"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_span(phrase).kind, TimelineKind::on_demand);
  }
}

// A note is shown to the admin (`when`), so it keeps the letters, marks and
// capitals as typed, also from decomposed input and across line breaks.
TEST(TimelineCompound, ANoteKeepsTheWordsAsWritten) {
  EXPECT_EQ(parse_ok("Trước ngày 10/12/2022 (Báo cáo năm)").note, "Báo cáo năm");
  EXPECT_EQ(parse_ok("Thường xuyên; Báo cáo kết quả về Sở Nội vụ").note, "Báo cáo kết quả về Sở Nội vụ");
  // White space runs are one space; each line is its own item.
  EXPECT_EQ(parse_ok("Quý II/2022\nGhi chú:  Sở \t Tư pháp\r\ntổng hợp").note, "Ghi chú: Sở Tư pháp; tổng hợp");
  // "dự kiến" with its marks as combining characters (NFD), as some editors save it.
  EXPECT_EQ(parse_ok("Quý I/2022 (du\u0323\u031b kie\u0302\u0301n)").note, "du\u0323\u031b kie\u0302\u0301n");
}

// Found by fuzz_timeline: a note ending in a word the tokenizer respells
// ("QuI" is read as "quy") has no place in the folded text; it stays folded.
TEST(TimelineCompound, ANoteEndingInARespelledWordStaysFolded) {
  EXPECT_EQ(parse_ok("Quý II,III, QuI").note, "quy");
}

TEST(TimelineCompound, ParenthesisWithoutNumbersIsANote) {
  const Timeline timeline =
      parse_span("Tháng 11/2025 (sau khi Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh ban hành Hướng dẫn).");
  EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2025-11-30"});
  EXPECT_NE(timeline.note.find("sau khi"), std::string::npos) << timeline.note;
  EXPECT_EQ(due_dates(parse_span("Dự kiến tháng 11/2025 (sau khi tỉnh ban hành Hướng dẫn).")),
            std::vector<std::string>{"2025-11-30"});
  EXPECT_EQ(parse_ok("Quý I/2022 (dự kiến)").note, "dự kiến");
  // A parenthesis that names a number must be understood, and is not here.
  for (const std::string phrase : {"Dự kiến ngày 05/12/2025 (Chậm nhất ngày 10/12/2025 - 95 ngày trước bầu cử).",
                                   "Quý I/2022 (dự kiến tháng 2)", "Quý I/2022 ()"}) {
    SCOPED_TRACE(phrase);
    EXPECT_FALSE(parse_timeline(phrase, 2025).has_value());
  }
}

TEST(TimelinePeriods, DayLeftBlankBeforeAMonthIsThatMonth) {
  EXPECT_EQ(parsed("ngày Tháng 11/2025", 2025), parsed("Tháng 11/2025", 2025));
  EXPECT_EQ(due_dates(parse_span("ngày Tháng 11/2025 (sau khi Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh ban hành "
                                 "Hướng dẫn);")),
            std::vector<std::string>{"2025-11-30"});
  EXPECT_FALSE(parse_timeline("ngày tháng năm", 2025).has_value());
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// A list of days runs forward in time: a year written only on the last day
// makes a day that falls after the next one a day of the year before.
TEST(TimelineDayLists, AYearWrittenOnTheLastDayKeepsTheListInOrder) {
  for (const char* phrase : {"Trước 20/12, 15/01/2027", "20/12 và 15/01/2027", "Trước ngày 20/12 và ngày 15/01/2027"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2026)), (std::vector<std::string>{"2026-12-20", "2027-01-15"}));
  }

  EXPECT_EQ(due_dates(parse_ok("Ngày 20/12, 15/01 và 10/02/2027", 2026)),
            (std::vector<std::string>{"2026-12-20", "2027-01-15", "2027-02-10"}));
  // In order already, or the later day relative ("năm sau"): as before.
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 15/8 và 15/9/2022", 2022)),
            (std::vector<std::string>{"2022-08-15", "2022-09-15"}));
  EXPECT_EQ(due_dates(parse_ok("Trước ngày 15/12 và 15/01 năm sau", 2026)),
            (std::vector<std::string>{"2026-12-15", "2027-01-15"}));
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// What is due and to whom, in a few words, between a cadence and its day:
// one deadline a period, on the day, as without the words.
TEST(TimelineCadenceDays, WordsBeforeTheDayOfACadenceAreNoSecondDeadline) {
  EXPECT_EQ(due_dates(parse_ok("Hằng quý, báo cáo UBND tỉnh trước ngày 20 tháng cuối quý", 2026)),
            due_dates(parse_ok("Hằng quý, trước ngày 20 tháng cuối quý", 2026)));
  EXPECT_EQ(due_dates(parse_ok("Hằng quý, báo cáo UBND tỉnh trước ngày 20 tháng cuối quý", 2026)),
            (std::vector<std::string>{"2026-03-20", "2026-06-20", "2026-09-20", "2026-12-20"}));
  EXPECT_EQ(due_dates(parse_ok("Hằng tháng, gửi báo cáo Sở Nội vụ trước ngày 25", 2026)).size(), 12U);
  EXPECT_EQ(due_dates(parse_ok("Hằng tháng, gửi báo cáo Sở Nội vụ trước ngày 25", 2026)).front(), "2026-01-25");
}

}  // namespace
}  // namespace deadlined
