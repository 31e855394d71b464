// More variants of the families, as real cells write them (continues
// timeline_variants_test.cpp): a dashed day and month before "hằng năm" or
// later in a list opened by "ngày", a duration then its days without a comma,
// a data cut-off before the deadline, a time "thay vì" the one it replaced,
// words in parentheses opening the cell, a day of the year after beside
// yearly days, report periods listed without "Báo cáo", a verb or a length
// around a dated start, and the occasion, a named day or a length in
// parentheses.
#include "schedule/timeline.hpp"
#include "schedule/timeline_test_support.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace deadlined {
namespace {

using namespace timeline_testing;

// "18-11 hàng năm": before a yearly cadence a dash or dot joins a day and its
// month as a slash does, "ngày" or not.
TEST(TimelineVariants, ADashedDayAndMonthBeforeAYearlyCadence) {
  for (const std::string phrase : {"18-11 hàng năm", "18-11 hằng năm", "18.11 hàng năm", "18 - 11 hàng năm",
                                   "ngày 18-11 hàng năm", "18/11 hàng năm", "18-11 mỗi năm", "18-11 HÀNG NĂM."}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, PlanSpan{2025, 2027})),
              (std::vector<std::string>{"2025-11-18", "2026-11-18", "2027-11-18"}));
  }
  // Elsewhere "6-11" without "ngày" stays a range of months, never a day.
  EXPECT_EQ(due_dates(parse_ok("6-11/2026", 2026)), std::vector<std::string>{"2026-11-30"});
  parse_error("18-11 hàng tuần", 2025);
}

// "Ngày 9 và 10-5": a list opened by "ngày" joins the last day's month with a
// dash, as with a slash.
TEST(TimelineVariants, DaysSharingADashedMonth) {
  for (const std::string phrase : {"Ngày 9 và 10-5", "ngày 9 và 10/5", "ngày 9, 10-5", "ngày 9 và ngày 10-5",
                                   "Ngày 9 và 10.5", "ngày 9-5 và 10-5", "NGÀY 9 VÀ 10-5.", "ngày 9 và 10-5-2022"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2022)), (std::vector<std::string>{"2022-05-09", "2022-05-10"}));
  }
  EXPECT_EQ(due_dates(parse_ok("ngày 9, 10 và 11-5", 2022)),
            (std::vector<std::string>{"2022-05-09", "2022-05-10", "2022-05-11"}));
  // Without "ngày" a bare "9 và 10-5" names no day; after a year "6-11" is
  // still no day of a list.
  parse_error("9 và 10-5", 2022);
  EXPECT_EQ(due_dates(parse_ok("đến 2030, 6-11", 2026)), std::vector<std::string>{"2030-12-31"});
}

// "trong 2 ngày 11 và 12/6/2026": a duration, then the days it spans, with no
// comma or parenthesis between.
TEST(TimelineVariants, ADurationThenItsDaysWithoutAComma) {
  for (const std::string phrase :
       {"trong 2 ngày 11 và 12/6/2026", "trong 2 ngày (11 và 12/6/2026)", "trong hai ngày 11 và 12/6/2026",
        "Trong thời gian 2 ngày 11 và 12-6-2026", "chỉ trong 2 ngày 11, 12.6.2026", "trong 2 ngày 11 và 12/6"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2026)), (std::vector<std::string>{"2026-06-11", "2026-06-12"}));
  }
  EXPECT_EQ(due_dates(parse_ok("trong 2 ngày 11 và 12-9-2025", 2025)),
            (std::vector<std::string>{"2025-09-11", "2025-09-12"}));
  EXPECT_EQ(parsed("trong 5 ngày từ 5-9/1", 2026), parsed("từ 5-9/1", 2026));
  // Before an event the duration is a lag.
  EXPECT_EQ(parse_ok("trong 5 ngày kể từ ngày nhận hồ sơ", 2026).kind, TimelineKind::on_demand);
  parse_error("trong 15 ngày từ ngày nhận hồ sơ", 2026);
}

// "thời gian chốt số liệu ngày 25 tháng báo cáo, gửi ... trước ngày 28 hàng
// tháng": the day the data stop is a note, as a period covered is.
TEST(TimelineVariants, ADataCutOffDayBeforeTheDeadline) {
  std::vector<std::string> monthly;
  for (int month = 1; month <= 12; ++month) {
    monthly.push_back(std::string("2010-") + (month < 10 ? "0" : "") + std::to_string(month) + "-28");
  }
  for (const std::string phrase :
       {"thời gian chốt số liệu ngày 25 tháng báo cáo, gửi về Bảo hiểm xã hội Việt Nam trước ngày 28 hàng tháng.",
        "chốt số liệu ngày 25, gửi báo cáo trước ngày 28 hàng tháng",
        "Chốt số liệu đến ngày 25 hằng tháng; gửi trước ngày 28 hàng tháng",
        "Số liệu tính đến ngày 25 hằng tháng, gửi trước ngày 28 hàng tháng"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2010)), monthly);
  }
  // The cut-off alone is no deadline.
  parse_error("chốt số liệu ngày 25 tháng báo cáo", 2010);
  parse_error("Số liệu tính đến ngày 25 hằng tháng", 2010);
}

// "kết thúc vào ngày 10/3/2026 thay vì cuối tháng 3/2026": the time written
// first is the deadline; the one it replaced is a note.
TEST(TimelineVariants, ATimeInsteadOfAnother) {
  for (const std::string phrase :
       {"kết thúc vào ngày 10/3/2026 thay vì cuối tháng 3/2026", "ngày 10/3/2026 thay vì ngày 31/3/2026.",
        "Trước ngày 10-3-2026 (thay vì cuối tháng 3/2026)", "KẾT THÚC VÀO NGÀY 10/3/2026 THAY VÌ THÁNG 4/2026",
        // By how much it was shortened, before a comma: a note too.
        "Rút ngắn thời gian thu thập tại địa bàn 20 ngày, kết thúc vào ngày 10/3/2026 thay vì cuối tháng 3/2026.",
        "Kéo dài thêm 10 ngày, kết thúc vào ngày 10/3/2026 thay vì ngày 28/2/2026"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2026)), std::vector<std::string>{"2026-03-10"});
  }
  EXPECT_EQ(parse_ok("ngày 10/3/2026 thay vì cuối tháng 3/2026", 2026).note, "thay vì cuối tháng 3/2026");
  // "thay vì" with nothing after it says nothing; a shortening alone is no time.
  parse_error("ngày 10/3/2026 thay vì", 2026);
  parse_error("Rút ngắn thời gian thu thập 20 ngày", 2026);
}

// "(tổ chức giữa hai hội nghị) được thực hiện từ ngày ...": words alone in
// parentheses opening the cell are its note, with or without a comma.
TEST(TimelineVariants, WordsInParenthesesOpeningTheCell) {
  for (const std::string phrase :
       {"(tổ chức giữa hội nghị hiệp thương lần thứ hai và lần thứ ba) được thực hiện trong khoảng thời gian từ "
        "ngày 4/2/2026 đến ngày 8/2/2026",
        "(tổ chức giữa hai hội nghị), từ ngày 4/2/2026 đến ngày 8/2/2026",
        "(tổ chức giữa hai hội nghị) từ ngày 4-2 đến ngày 8-2-2026", "(giữa hai hội nghị) từ 4/2 - 8/2/2026"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2026)), std::vector<std::string>{"2026-02-08"});
  }
  // The parentheses alone, or before words naming no time, are refused.
  parse_error("(tổ chức giữa hai hội nghị) được thực hiện", 2026);
  // Without a comma, a cadence or time word inside is never dropped as a note.
  parse_error("(hằng năm) trước ngày 15/12", 2026);
  parse_error("(thường xuyên) trong năm 2026", 2026);
}

// "ngày 31/12 hàng năm; ngày 31/3 năm sau": beside yearly days, a day of the
// year after recurs too, one for each year reported on.
TEST(TimelineVariants, ADayOfTheYearAfterRecursWithYearlyDays) {
  for (const std::string phrase :
       {"ngày 31/12 hàng năm; ngày 31/3 năm sau", "ngày 31-12 hằng năm; ngày 31-3 của năm sau.",
        "trước ngày 31/12 hàng năm, trước ngày 31/3 năm tiếp theo",
        "ngày 31 tháng 12 hàng năm. Việc giao nhận phải hoàn thành chậm nhất vào ngày 31 tháng 03 của năm sau."}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(
        dues_through(parse_ok(phrase, PlanSpan{2025, 2027}), 2030),
        (std::vector<std::string>{"2025-12-31", "2026-03-31", "2026-12-31", "2027-03-31", "2027-12-31", "2028-03-31"}));
  }
  EXPECT_EQ(
      dues_through(parse_ok("Thời gian kê khai chậm nhất là ngày 30 tháng 11 hàng năm; việc kê khai tài sản, thu "
                            "nhập phải hoàn thành chậm nhất là ngày 31 tháng 12 hàng năm. Việc giao nhận Bản kê "
                            "khai phải hoàn thành chậm nhất vào ngày 31 tháng 03 của năm sau.",
                            PlanSpan{2025, 2026}),
                   2030),
      (std::vector<std::string>{"2025-11-30", "2025-12-31", "2026-03-31", "2026-11-30", "2026-12-31", "2027-03-31"}));
  // Without a yearly item the day of the year after stays one day.
  EXPECT_EQ(dues_through(parse_ok("ngày 31/12/2025; ngày 31/3 năm sau", PlanSpan{2025, 2027}), 2030),
            (std::vector<std::string>{"2025-12-31", "2026-03-31"}));
}

// "Quý I, 6 tháng, Quý III và cả năm": report periods listed without "Báo
// cáo" read as after it. "6 tháng" is the mid-year report, never both halves,
// and no period of the list is lost or kept as a note.
TEST(TimelineVariants, ReportPeriodsListedWithoutBaoCao) {
  for (const std::string phrase :
       {"Quý I, 6 tháng, Quý III và cả năm", "quý I, 6 tháng, quý III, năm", "Quý 1, 6 tháng, Quý 3 và cả năm.",
        "QUÝ I, 6 THÁNG, QUÝ III VÀ CẢ NĂM", "Quý I, 6 tháng, 9 tháng và năm",
        "Quý I/2023, 6 tháng, Quý III/2023 và năm 2023", "Quý I, 6 tháng, Quý III, và cả năm"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(due_dates(parse_ok(phrase, 2023)),
              (std::vector<std::string>{"2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"}));
  }
  EXPECT_EQ(parsed("Quý I, 6 tháng, Quý III và cả năm", 2023),
            parsed("Báo cáo Quý I, 6 tháng, Quý III và cả năm", 2023));
  EXPECT_EQ(due_dates(parse_ok("Quý III và năm", 2025)), (std::vector<std::string>{"2025-09-30", "2025-12-31"}));
  EXPECT_EQ(due_dates(parse_ok("Quý I, 6 tháng", 2025)), (std::vector<std::string>{"2025-03-31", "2025-06-30"}));
  // Quarters alone keep their reading; without a quarter the list stays refused.
  EXPECT_EQ(due_dates(parse_ok("Quý I và Quý III", 2023)), (std::vector<std::string>{"2023-03-31", "2023-09-30"}));
  parse_error("6 tháng, 9 tháng và cả năm", 2023);
}

// "diễn ra từ tháng 1-2017 và kết thúc trong tháng 3-2017": how the work is
// said to happen ("diễn ra", "dự kiến", "kéo dài") before a dated start and
// its end makes one window, as "Thực hiện từ ... và kết thúc ..." does.
TEST(TimelineVariants, AVerbBeforeADatedStartAndItsEnd) {
  for (const std::string phrase :
       {"diễn ra từ tháng 1-2017 và kết thúc trong tháng 3-2017",
        "Diễn ra từ tháng 1/2017 và kết thúc trong tháng 3/2017", "DIỄN RA TỪ THÁNG 1 VÀ KẾT THÚC TRONG THÁNG 3/2017",
        "dự kiến từ tháng 01.2017, kết thúc tháng 3.2017", "Kéo dài từ tháng 1/2017 và kết thúc vào tháng 3/2017",
        "Dự kiến sẽ được tổ chức từ tháng 1/2017 và kết thúc trong tháng 3/2017"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2017);
    EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2017-03-31"});
    EXPECT_EQ(labels(timeline), std::vector<std::string>{"Từ 01/01/2017 đến 31/03/2017"});
  }
  EXPECT_EQ(parsed("diễn ra từ ngày 5/1/2017, kết thúc ngày 20/3/2017", 2017),
            parsed("Thực hiện từ ngày 5/1/2017, kết thúc ngày 20/3/2017", 2017));
  // A start on an event stays refused.
  parse_error("diễn ra từ khi có hướng dẫn", 2017);
}

// "trong vòng 30 ngày bắt đầu từ ngày 26/4/2010", "Thực hiện trong 4 tháng,
// bắt đầu từ tháng 9/2025": a start and how long the work lasts make one
// window from the start's first day, due on its last day.
TEST(TimelineVariants, AStartAndHowLongItLasts) {
  for (const std::string phrase :
       {"trong vòng 30 ngày bắt đầu từ ngày 26/4/2010", "Trong vòng 30 ngày, bắt đầu từ 26-4-2010.",
        "bắt đầu từ ngày 26/4/2010, trong vòng 30 ngày", "trong thời gian 30 ngày kể từ ngày 26.4.2010",
        "TRONG VÒNG 30 NGÀY BẮT ĐẦU TỪ NGÀY 26/4/2010"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2010);
    EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2010-05-25"});
    EXPECT_EQ(labels(timeline), std::vector<std::string>{"Từ 26/04/2010 đến 25/05/2010"});
  }
  EXPECT_EQ(due_dates(parse_ok("trong 2 tuần bắt đầu từ ngày 26/4/2010", 2010)),
            std::vector<std::string>{"2010-05-09"});
  for (const std::string phrase : {"Thực hiện trong 4 tháng, bắt đầu từ tháng 9/2025; kết thúc vào 31/12/2025",
                                   "Thực hiện trong 4 tháng, bắt đầu từ tháng 9/2025",
                                   "trong 4 tháng kể từ tháng 9/2025", "trong 04 tháng: từ tháng 09/2025"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(labels(parse_ok(phrase, 2025)), std::vector<std::string>{"Từ 01/09/2025 đến 31/12/2025"});
  }
  // A window written with its length stands as written, a colon as a comma.
  EXPECT_EQ(parsed("trong 04 ngày: dự kiến từ ngày 07/9/2024 đến ngày 10/9/2024", 2024),
            parsed("từ ngày 07/9/2024 đến ngày 10/9/2024", 2024));
  EXPECT_EQ(parsed("Trong 4 ngày: từ 07/9 - 10/9/2024", 2024), parsed("từ 07/9 - 10/9/2024", 2024));
  // From an event it is still a lag, never a window.
  EXPECT_EQ(parse_ok("trong 30 ngày kể từ ngày ký", 2025).kind, TimelineKind::on_demand);
}

// "(chào mừng Ngày Quốc tế lao động)", "(lấy sự kiện ngày thành lập ...)",
// "(Ngày gia đình Việt Nam)", "... 3-5/11/2022 (3 ngày)": the occasion, a day
// by its name, or a window's length in parentheses is a note, wherever it
// stands; the time outside is read.
TEST(TimelineVariants, TheOccasionANamedDayOrALengthInParentheses) {
  const std::string real_cell =
      "Tổ chức từ ngày 01/4/2022 đến ngày 30/4/2022 (kỷ niệm Giỗ tổ Hùng Vương, chào mừng Ngày giải phóng miền Nam "
      "thống nhất đất nước, Ngày quốc tế lao động)";
  for (const std::string& phrase :
       std::vector<std::string>{real_cell, "từ ngày 01/4 đến ngày 30/4/2022 (Kỷ niệm Ngày Giải phóng miền Nam 30/4)",
                                "từ ngày 01/4/2022 (hưởng ứng Ngày Sách Việt Nam) đến ngày 30/4/2022",
                                "Từ 01/4 - 30/4/2022 (nhân dịp Ngày Quốc tế lao động 1/5)",
                                "từ ngày 01/4/2022 đến ngày 30/4/2022 (Ngày Sách và Văn hóa đọc Việt Nam)"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(labels(parse_ok(phrase, 2022)), std::vector<std::string>{"Từ 01/04/2022 đến 30/04/2022"});
  }
  EXPECT_EQ(due_dates(parse_ok("Tổ chức từ ngày 01/12/2021 (lấy sự kiện ngày thành lập Quân đội nhân dân Việt "
                               "Nam) đến ngày 31/3/2022 (lấy sự kiện ngày Thể thao Việt Nam 27/3)",
                               PlanSpan{2021, 2022})),
            std::vector<std::string>{"2022-03-31"});
  for (const std::string phrase :
       {"dự kiến sẽ được tổ chức từ ngày 3-5/11/2022 (3 ngày)", "từ ngày 3-5/11/2022 (3 ngày)",
        "Từ ngày 03/11/2022 đến ngày 05/11/2022 (03 ngày làm việc)"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(labels(parse_ok(phrase, 2022)), std::vector<std::string>{"Từ 03/11/2022 đến 05/11/2022"});
  }
  // A day, a working day or a length with no date before it still names time.
  parse_error("Hoàn thành trước ngày 30/4 (ngày làm việc)", 2022);
  parse_error("Quý II/2022 (ngày 15)", 2022);
  parse_error("Hằng tháng (3 ngày)", 2022);
}

// "Kỷ niệm 70 năm Ngày chiến thắng Điện Biên Phủ (7/5/1954-7/5/2024)": an
// anniversary named before its days is due on the day of the last year; its
// count of years, "Ngày" and "Việt Nam" name the occasion, not a time.
TEST(TimelineVariants, AnAnniversaryBeforeItsDays) {
  for (const std::string phrase : {"Kỷ niệm 70 năm Ngày chiến thắng Điện Biên Phủ (7/5/1954-7/5/2024)",
                                   "kỷ niệm 70 năm Ngày chiến thắng Điện Biên Phủ (07.5.1954 - 07.5.2024)",
                                   "KỶ NIỆM 70 NĂM NGÀY CHIẾN THẮNG ĐIỆN BIÊN PHỦ (7-5-1954 - 7-5-2024).",
                                   "Kỷ niệm 70 năm Chiến thắng Điện Biên Phủ (07/5/1954 – 07/5/2024)"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2024);
    EXPECT_EQ(labels(timeline), std::vector<std::string>{"07/05/2024"});
  }
  EXPECT_EQ(due_dates(parse_ok("Kỷ niệm 79 năm Ngày Cách mạng Tháng Tám thành công (19/8/1945-19/8/2024) và Quốc "
                               "khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam (2/9/1945-2/9/2024)",
                               2024)),
            (std::vector<std::string>{"2024-08-19", "2024-09-02"}));
  // A plan's own window keeps its start; a time word in the words still refuses.
  EXPECT_EQ(labels(parse_ok("Giai đoạn 1 (01/01/2020 - 01/01/2024)", 2024)),
            std::vector<std::string>{"Từ 01/01/2020 đến 01/01/2024"});
  parse_error("Kỷ niệm trước ngày 30/4 (7/5/1954-7/5/2024)", 2024);
}

// "chậm nhất là 14 giờ ngày thứ 5 của tuần báo cáo": a weekday "of the
// (report) week" is that weekday every week, as with "hằng tuần".
TEST(TimelineVariants, AWeekdayOfTheReportWeek) {
  const std::string weekly = parsed("thứ Năm hằng tuần", 2019);
  for (const std::string phrase :
       {"chậm nhất là 14 giờ ngày thứ 5 của tuần báo cáo", "ngày thứ 5 của tuần", "Thứ Năm của tuần báo cáo.",
        "thứ 5 trong tuần", "CHẬM NHẤT LÀ 14 GIỜ NGÀY THỨ 5 CỦA TUẦN BÁO CÁO",
        "chậm nhất là 14 giờ ngày thứ 5 hằng tuần"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parsed(phrase, 2019), weekly);
  }
  // A numbered week of the month is still read only as one of the month.
  parse_error("thứ 5 của tuần thứ 2", 2019);
}

// "thứ 5 của tuần báo cáo tháng 3": a weekday of a week said only by the
// month it falls in. Which week is not said: refused with that reason,
// never read as the month (due at its end, after the real day).
TEST(TimelineVariants, AWeekdayOfAnUndatedWeekIsRefused) {
  for (const std::string phrase :
       {"thứ 5 của tuần báo cáo tháng 3", "ngày thứ 5 của tuần báo cáo tháng 3/2024", "Thứ Sáu trong tuần tháng 6",
        "THỨ NĂM CỦA TUẦN LÀM VIỆC QUÝ II", "chủ nhật của tuần tháng 12.", "thu hai cua tuan nam 2024"}) {
    SCOPED_TRACE(phrase);
    const std::string error = parse_error(phrase, 2024);
    EXPECT_NE(error.find("names a weekday of a week it does not date"), std::string::npos) << error;
  }
  // A week that is said still reads.
  EXPECT_EQ(due_dates(parse_ok("thứ 5 của tuần thứ 2 tháng 3", 2024)), std::vector<std::string>{"2024-03-14"});
  EXPECT_EQ(due_dates(parse_ok("thứ Năm tuần thứ 2 tháng 3", 2024)), std::vector<std::string>{"2024-03-14"});
  EXPECT_EQ(parse_ok("chậm nhất là 14 giờ ngày thứ 5 của tuần báo cáo", 2019).occurrences.size(),
            parse_ok("thứ Năm hằng tuần", 2019).occurrences.size());
}

// "từ ngày 1 - 10 tháng 3 (âm lịch) tức là từ ngày 9/4 đến 18/4": a lunar
// time, then the same in the solar calendar after "tức (là)": the solar one
// is read, the lunar words its note.
TEST(TimelineVariants, TheSolarTimeAfterALunarOne) {
  for (const std::string phrase : {"từ ngày 1 - 10 tháng 3 (âm lịch) tức là từ ngày 9/4 đến 18/4",
                                   "từ ngày 1-10 tháng 3 âm lịch, tức từ ngày 9/4 đến ngày 18/4/2024",
                                   "TỪ NGÀY 1 - 10 THÁNG 3 (ÂM LỊCH) TỨC LÀ TỪ NGÀY 9-4 ĐẾN 18-4."}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2024);
    EXPECT_EQ(labels(timeline), std::vector<std::string>{"Từ 09/04/2024 đến 18/04/2024"});
  }
  EXPECT_EQ(due_dates(parse_ok("ngày 10 tháng 3 âm lịch tức ngày 18/4/2024", 2024)),
            std::vector<std::string>{"2024-04-18"});
  EXPECT_EQ(due_dates(parse_ok("mùng 1 tháng Giêng tức ngày 10/2/2024", 2024)), std::vector<std::string>{"2024-02-10"});
  // A repeated lunar day moves in the solar calendar; a lunar day alone is
  // never turned into a solar one.
  parse_error("Hằng năm ngày 10/3 âm lịch tức ngày 18/4", 2024);
  parse_error("ngày 10/3 âm lịch tức hằng năm ngày 18/4", 2024);
  parse_error("ngày 10/3 âm lịch", 2024);
}

// "vào cuối tuần từ 18-20/8": the weekend the days fall on, said before them.
TEST(TimelineVariants, TheWeekendBeforeItsDays) {
  for (const std::string phrase : {"vào cuối tuần từ 18-20/8", "Vào cuối tuần, từ ngày 18/8 đến 20/8/2023",
                                   "VÀO CUỐI TUẦN TỪ 18 - 20/8.", "cuối tuần từ 18.8 - 20.8"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(labels(parse_ok(phrase, 2023)), std::vector<std::string>{"Từ 18/08/2023 đến 20/08/2023"});
  }
  EXPECT_EQ(due_dates(parse_ok("cuối tuần ngày 19/8", 2023)), std::vector<std::string>{"2023-08-19"});
  // Without days the weekend names no deadline.
  parse_error("vào cuối tuần", 2023);
  parse_error("cuối tuần hằng tháng", 2023);
}

// "Từ ngày 19/5 đến ngày 28/6/2022. Khai mạc ngày 19/5/2022. Bế mạc ngày
// 28/6/2022": opening and closing days on a window's ends say them again.
TEST(TimelineVariants, OpeningAndClosingOnAWindowsEnds) {
  for (const std::string phrase :
       {"Tổ chức từ ngày 19/5/2022 đến ngày 28/6/2022. Khai mạc ngày 19/5/2022 (Ngày sinh nhật Bác). Bế mạc ngày "
        "28/6/2022 (Ngày gia đình Việt Nam)",
        "Từ ngày 19-5 đến 28-6-2022; khai mạc ngày 19-5, bế mạc ngày 28-6",
        "TỪ NGÀY 19.5 ĐẾN 28.6.2022. KHAI MẠC NGÀY 19.5. BẾ MẠC NGÀY 28.6."}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(labels(parse_ok(phrase, 2022)), std::vector<std::string>{"Từ 19/05/2022 đến 28/06/2022"});
  }
  // An opening on another day is a day of its own.
  EXPECT_EQ(labels(parse_ok("Từ ngày 19/5 đến 28/6/2022. Khai mạc ngày 20/5/2022. Bế mạc ngày 28/6/2022", 2022)),
            (std::vector<std::string>{"Từ 19/05/2022 đến 28/06/2022", "20/05/2022"}));
}

// What starts, happens or is sent, in a few words naming no time, before a
// start, a happening or a lag that reads alone: the words are the note.
TEST(TimelineVariants, WhatStartsOrIsSentBeforeTheTime) {
  const Timeline contest =
      parse_ok("Cuộc thi chính thức bắt đầu từ ngày ban hành kế hoạch đến hết ngày 30/6/2022.", 2022);
  EXPECT_EQ(due_dates(contest), std::vector<std::string>{"2022-06-30"});
  EXPECT_EQ(contest.note, "Cuộc thi chính thức");
  EXPECT_EQ(parse_ok("chính thức bắt đầu từ ngày 5/1/2026", 2026).kind, TimelineKind::ongoing);
  EXPECT_EQ(parse_ok("Tổng điều tra CHÍNH THỨC BẮT ĐẦU TỪ NGÀY 5/1/2026", 2026).kind, TimelineKind::ongoing);
  const Timeline sent = parse_ok("gửi Sở Tài chính sau 30 ngày, kể từ ngày được cấp có thẩm quyền giao", 2006);
  EXPECT_EQ(sent.kind, TimelineKind::on_demand);
  ASSERT_TRUE(sent.lag.has_value());
  EXPECT_EQ(sent.lag->count, 30);
  EXPECT_EQ(sent.note, "gửi Sở Tài chính");
  EXPECT_EQ(parse_ok("Hồ sơ gửi về trong vòng 15 ngày kể từ ngày nhận thông báo", 2026).kind, TimelineKind::on_demand);
  EXPECT_EQ(due_dates(parse_ok("Lễ hội diễn ra từ ngày 10/2 đến 12/2/2026", 2026)),
            std::vector<std::string>{"2026-02-12"});
  // "được công bố" after what is published, however long its name.
  EXPECT_EQ(due_dates(parse_ok("kết quả điều tra toàn bộ được công bố vào quý II/2020", 2019)),
            std::vector<std::string>{"2020-06-30"});
  // A year in the name of what happens: the time must fall in it.
  const Timeline exam =
      parse_ok("Thi tốt nghiệp THPT năm 2025 dự kiến diễn ra trong ngày 26 và ngày 27/6/2025.", PlanSpan{2024, 2025});
  EXPECT_EQ(due_dates(exam), (std::vector<std::string>{"2025-06-26", "2025-06-27"}));
  EXPECT_EQ(exam.note, "Thi tốt nghiệp THPT năm 2025");
  parse_error("Thi tốt nghiệp THPT năm 2025 dự kiến diễn ra trong ngày 26 và ngày 27/6/2026", PlanSpan{2024, 2026});
  // Words alone, or words naming a time of their own, are no subject.
  parse_error("Cuộc thi chính thức", 2026);
  parse_error("Báo cáo đủ 12 tháng trong năm.", 2026);
}

// "từ 13 đến hết 15-2": a dashed day and month after "hết" as after "đến";
// "ngày 18-19 tháng 11 năm 2023": days sharing a month written in words.
TEST(TimelineVariants, DashedDaysAfterHetAndDaysBeforeAWordMonth) {
  for (const std::string phrase : {"từ 13 đến hết 15-2", "diễn ra trong 3 ngày: từ 13 đến hết 15-2.",
                                   "Từ ngày 13 đến hết 15.2", "TỪ NGÀY 13 ĐẾN HẾT NGÀY 15-2"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(labels(parse_ok(phrase, 2025)), std::vector<std::string>{"Từ 13/02/2025 đến 15/02/2025"});
  }
  EXPECT_EQ(due_dates(parse_ok("đến hết 15-2", 2025)), std::vector<std::string>{"2025-02-15"});
  for (const std::string phrase : {"vào ngày 18-19 tháng 11 năm 2023", "ngày 18 - 19 tháng 11 năm 2023",
                                   "Ngày 18-19 tháng 11", "ngày 18-19 tháng 11/2023"}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(labels(parse_ok(phrase, 2023)), std::vector<std::string>{"Từ 18/11/2023 đến 19/11/2023"});
  }
  EXPECT_EQ(due_dates(parse_ok("ngày 18 và 19 tháng 11/2023", 2023)),
            (std::vector<std::string>{"2023-11-18", "2023-11-19"}));
  // The days must come before the dated one, and be days of its month.
  parse_error("Ngày 20-19 tháng 11 năm 2023", 2023);
  parse_error("ngày 30-31 tháng 2 năm 2023", 2023);
}

// "Giai đoạn thứ 2 (từ năm 2026 đến năm 2030)": a stage's number after
// "thứ" is its label, as "Giai đoạn thứ hai" is; "thứ 2" alone stays Monday.
TEST(TimelineVariants, AStagesNumberAfterThu) {
  const PlanSpan span{2026, 2030};
  for (const std::string phrase : {"Giai đoạn thứ 2 (từ năm 2026 đến năm 2030)", "GIAI ĐOẠN THỨ 2 (2026 - 2030).",
                                   "Giai đoạn thứ II (từ năm 2026 đến năm 2030)"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, span);
    EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2030-12-31"});
  }
  EXPECT_EQ(parse_ok("Giai đoạn thứ 2 (từ năm 2026 đến năm 2030)", span).note, "Giai đoạn thứ 2");
  EXPECT_EQ(due_dates(parse_ok("Đợt thứ 3 (tháng 10/2026)", 2026)), std::vector<std::string>{"2026-10-31"});
  parse_error("Họp thứ 2 (tháng 10/2026)", 2026);
  parse_error("thứ 2 (tháng 10/2026)", 2026);
}

// "Ngày Dân số Việt Nam (26/12)": a day by its name, then its date.
TEST(TimelineVariants, ADayByItsNameThenItsDate) {
  for (const std::string phrase : {"Ngày Dân số Việt Nam (26/12)", "NGÀY DÂN SỐ VIỆT NAM (NGÀY 26-12)",
                                   "Ngày Dân số Việt Nam (ngày 26/12/2025)."}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2025);
    EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2025-12-26"});
  }
  EXPECT_EQ(parse_ok("Ngày Dân số Việt Nam (26/12)", 2025).note, "Ngày Dân số Việt Nam");
  EXPECT_EQ(due_dates(parse_ok("Ngày Pháp luật (09/11 hằng năm)", PlanSpan{2025, 2026})),
            (std::vector<std::string>{"2025-11-09", "2026-11-09"}));
  // A named day is a day; the name alone names none.
  parse_error("Ngày hội (tháng 10/2026)", 2026);
  parse_error("Ngày Dân số Việt Nam", 2025);
}

// "diễn ra từ ngày 15-4 đến 15-5 trên phạm vi toàn quốc": where, after
// the time, is a note; never words that name a time.
TEST(TimelineVariants, WhereAfterTheTime) {
  for (const std::string phrase :
       {"diễn ra từ ngày 15-4 đến 15-5 trên phạm vi toàn quốc",
        "Từ ngày 15/4 đến ngày 15/5/2024, trên phạm vi cả nước.", "DIỄN RA TỪ NGÀY 15-4 ĐẾN 15-5 TRÊN ĐỊA BÀN TỈNH"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2024);
    EXPECT_EQ(labels(timeline), std::vector<std::string>{"Từ 15/04/2024 đến 15/05/2024"});
    EXPECT_TRUE(timeline.note.starts_with("trên ") || timeline.note.starts_with("TRÊN ")) << timeline.note;
  }
  EXPECT_EQ(due_dates(parse_ok("Quý II/2026 trên địa bàn tỉnh", 2026)), std::vector<std::string>{"2026-06-30"});
  parse_error("trước ngày 15/12 trên địa bàn tháng 6", 2024);
}

// "Sẽ thông báo vào thời điểm thích hợp": the time is announced later, so
// the cell is on demand, as "Theo thông báo" is.
TEST(TimelineVariants, AnnouncedLaterIsOnDemand) {
  for (const std::string phrase :
       {"Sẽ thông báo vào thời điểm thích hợp", "Sẽ có thông báo cụ thể", "SẼ THÔNG BÁO SAU."}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(parse_ok(phrase, 2026).kind, TimelineKind::on_demand);
  }
  EXPECT_EQ(due_dates(parse_ok("Sẽ thông báo; trước ngày 15/12/2026", 2026)), std::vector<std::string>{"2026-12-15"});
}

}  // namespace
}  // namespace deadlined
