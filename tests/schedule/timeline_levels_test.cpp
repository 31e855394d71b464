// A cell that gives each level of government its own time: every way of
// naming the levels, before or after the time, each part any form already
// understood; each occurrence marked with the tiers of the units it is for.
#include "schedule/timeline_test_support.hpp"

#include <utility>

namespace deadlined {
namespace {

using namespace timeline_testing;

// (due date, tiers) of every occurrence, in order.
std::vector<std::pair<std::string, TierMask>> dues_and_tiers(const Timeline& timeline) {
  std::vector<std::pair<std::string, TierMask>> out;
  for (const Occurrence& occurrence : timeline.occurrences) {
    out.emplace_back(to_iso(occurrence.nominal_due), occurrence.tiers);
  }
  return out;
}

constexpr TierMask k_province_level = k_tier_province | k_tier_department;

TEST(TimelineLevels, TheTimeFirstThenItsLevel) {
  const std::vector<std::pair<std::string, TierMask>> expected{{"2026-06-15", k_tier_district},
                                                               {"2026-06-30", k_province_level}};
  for (const char* phrase : {"Trước ngày 15/6 đối với cấp huyện; trước ngày 30/6 đối với cấp tỉnh",
                             "Trước ngày 15/6 (đối với cấp huyện); trước ngày 30/6 (đối với cấp tỉnh)",
                             "Trước ngày 15/6 (cấp huyện); trước ngày 30/6 (cấp tỉnh).",
                             "Trước ngày 15/6 đối với cấp huyện, trước ngày 30/6 đối với cấp tỉnh",
                             "Trước ngày 15/6 đối với cấp huyện và trước ngày 30/6 đối với cấp tỉnh",
                             "Trước ngày 15/6 đối với cấp huyện\ntrước ngày 30/6 đối với cấp tỉnh",
                             "Trước 15/6 cấp huyện, trước 30/6 cấp tỉnh",
                             "Trước ngày 30/6 đối với cấp tỉnh; trước ngày 15/6 đối với cấp huyện"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2026);
    EXPECT_EQ(timeline.kind, TimelineKind::dated);
    EXPECT_EQ(dues_and_tiers(timeline), expected);
    EXPECT_EQ(timeline.tiers_named(), k_province_level | k_tier_district);
  }
}

constexpr const char* k_by_committees =
    "Cấp tỉnh: trước 30/6; UBND các huyện, thị xã, thành phố và UBND các xã, phường, thị trấn: trước 31/7";

TEST(TimelineLevels, TheLevelFirstThenItsTime) {
  const std::vector<std::pair<std::string, TierMask>> expected{{"2026-06-30", k_province_level},
                                                               {"2026-07-31", k_tier_district | k_tier_commune}};
  for (const char* phrase :
       {"Cấp tỉnh: trước 30/6; cấp huyện, cấp xã: trước 31/7", "Cấp tỉnh: trước 30/6\nCấp huyện, cấp xã: trước 31/7",
        "Đối với cấp tỉnh: trước ngày 30/6; đối với cấp huyện và cấp xã: trước ngày 31/7",
        "Cấp tỉnh - trước 30/6; cấp huyện, xã - trước 31/7",
        "Cấp tỉnh hoàn thành trước ngày 30/6, cấp huyện và cấp xã hoàn thành trước ngày 31/7", k_by_committees}) {
    SCOPED_TRACE(phrase);
    EXPECT_EQ(dues_and_tiers(parse_ok(phrase, 2026)), expected);
  }
}

// A year written on the later level's day runs on into the next year: the
// earlier level's day that would fall after it is of the year before.
TEST(TimelineLevels, AYearCarriedBackKeepsTheDaysInOrder) {
  EXPECT_EQ(
      dues_and_tiers(parse_ok("Cấp xã: trước 20/12; cấp huyện: trước 15/01/2027", 2026)),
      (std::vector<std::pair<std::string, TierMask>>{{"2026-12-20", k_tier_commune}, {"2027-01-15", k_tier_district}}));
  EXPECT_EQ(
      dues_and_tiers(parse_ok("Trước ngày 20/12 đối với cấp xã; trước ngày 10/01/2027 đối với cấp huyện", 2026)),
      (std::vector<std::pair<std::string, TierMask>>{{"2026-12-20", k_tier_commune}, {"2027-01-10", k_tier_district}}));
  EXPECT_EQ(
      dues_and_tiers(parse_ok("Tháng 12 (cấp xã); tháng 01/2027 (cấp huyện)", 2026)),
      (std::vector<std::pair<std::string, TierMask>>{{"2026-12-31", k_tier_commune}, {"2027-01-31", k_tier_district}}));
  // Within the year written, the carried year stays.
  EXPECT_EQ(dues_and_tiers(parse_ok("Trước ngày 15/6 đối với cấp huyện; trước ngày 30/6/2027 đối với cấp tỉnh", 2026)),
            (std::vector<std::pair<std::string, TierMask>>{{"2027-06-15", k_tier_district},
                                                           {"2027-06-30", k_province_level}}));
}

// Every way a plan names a level.
TEST(TimelineLevels, EveryNameOfALevel) {
  const auto tiers_of_first = [](const std::string& level, const std::string& other = "cấp tỉnh") {
    const Timeline timeline = parse_ok(level + ": Quý I/2026; " + other + ": Quý IV/2026", 2026);
    return timeline.occurrences.empty() ? TierMask{0} : timeline.occurrences.front().tiers;
  };
  for (const char* district : {"Cấp huyện", "Cấp quận, huyện", "UBND cấp huyện", "Ủy ban nhân dân cấp huyện",
                               "UBND các huyện, thị xã, thành phố", "Các quận, huyện", "Cấp huyện và tương đương",
                               "UBND các huyện, thành phố thuộc tỉnh"}) {
    SCOPED_TRACE(district);
    EXPECT_EQ(tiers_of_first(district), k_tier_district);
  }
  for (const char* commune : {"Cấp xã", "Cấp cơ sở", "UBND cấp xã", "UBND các xã, phường, thị trấn", "Đặc khu",
                              "Các xã, phường, đặc khu", "Cấp phường, xã"}) {
    SCOPED_TRACE(commune);
    EXPECT_EQ(tiers_of_first(commune), k_tier_commune);
  }
  EXPECT_EQ(tiers_of_first("Các sở, ban, ngành", "cấp xã"), k_tier_department);
  EXPECT_EQ(tiers_of_first("Cấp huyện, cấp xã"), k_tier_district | k_tier_commune);
}

// Each part may be any form already understood: periods, days, windows,
// recurring forms (then each level recurs its own way).
TEST(TimelineLevels, EachPartIsAnyForm) {
  EXPECT_EQ(dues_and_tiers(parse_ok("Quý II đối với cấp tỉnh; Quý III đối với cấp xã", 2026)),
            (std::vector<std::pair<std::string, TierMask>>{{"2026-06-30", k_province_level},
                                                           {"2026-09-30", k_tier_commune}}));
  EXPECT_EQ(
      dues_and_tiers(parse_ok("Từ tháng 3 đến tháng 5/2026 (cấp xã); tháng 6/2026 (cấp huyện)", 2026)),
      (std::vector<std::pair<std::string, TierMask>>{{"2026-05-31", k_tier_commune}, {"2026-06-30", k_tier_district}}));
  const Timeline monthly =
      parse_ok("Trước ngày 15 hằng tháng đối với cấp xã; trước ngày 20 hằng tháng đối với cấp huyện", 2026);
  ASSERT_EQ(monthly.occurrences.size(), 24U);
  for (const Occurrence& occurrence : monthly.occurrences) {
    EXPECT_EQ(occurrence.tiers, day_of(occurrence.nominal_due) == 15U ? k_tier_commune : k_tier_district);
  }
  const Timeline cadences = parse_ok("Hằng quý đối với cấp xã; hằng năm đối với cấp tỉnh", 2026);
  EXPECT_EQ(cadences.occurrences.size(), 5U);
  // Open-ended: what a recurrence generates carries its tiers.
  const Timeline open =
      parse_ok("Cấp tỉnh: Quý II/2026 và các năm tiếp theo; cấp xã: Quý III/2026 và các năm tiếp theo", 2026);
  ASSERT_TRUE(open.is_open_ended());
  for (const Occurrence& occurrence : occurrences_between(open, make_date(2027, 1, 1), make_date(2027, 12, 31))) {
    EXPECT_EQ(occurrence.tiers, month_of(occurrence.nominal_due) == 6U ? k_province_level : k_tier_commune);
  }
}

// A year written in a later part is an earlier part's too, as in one list;
// a yearly part keeps the plan's years.
TEST(TimelineLevels, AYearWrittenLaterCarriesBack) {
  EXPECT_EQ(dues_and_tiers(parse_ok("Trước ngày 15/6 đối với cấp huyện; trước ngày 30/6/2027 đối với cấp tỉnh",
                                    PlanSpan{2026, 2028})),
            (std::vector<std::pair<std::string, TierMask>>{{"2027-06-15", k_tier_district},
                                                           {"2027-06-30", k_province_level}}));
  const Timeline yearly = parse_ok("Trước ngày 15/6 hằng năm đối với cấp huyện; trước ngày 30/6/2027 đối với cấp tỉnh",
                                   PlanSpan{2026, 2028});
  EXPECT_EQ(due_dates(yearly).front(), "2026-06-15");
}

// "riêng X": the exception; the other part is everyone else's, units of the
// tier "other" included, as is a part said to be ("các đơn vị còn lại").
TEST(TimelineLevels, AnExceptionAndEveryoneElse) {
  for (const char* phrase :
       {"Trước ngày 15/12; riêng cấp xã trước ngày 10/12", "Trước ngày 15/12, riêng cấp xã trước ngày 10/12",
        "Riêng cấp xã trước ngày 10/12; các đơn vị còn lại trước ngày 15/12",
        "Cấp xã: trước ngày 10/12; các cơ quan, đơn vị khác: trước ngày 15/12",
        "Trước ngày 10/12 (cấp xã); trước ngày 15/12 (các đơn vị còn lại)"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2026);
    EXPECT_EQ(dues_and_tiers(timeline), (std::vector<std::pair<std::string, TierMask>>{
                                            {"2026-12-10", k_tier_commune},
                                            {"2026-12-15", static_cast<TierMask>(k_every_tier & ~k_tier_commune)}}));
    EXPECT_EQ(timeline.tiers_named(), k_every_tier);
  }
}

// Levels with the same days read as one deadline for everyone, as before.
TEST(TimelineLevels, TheSameDaysForEveryLevelAreOneDeadline) {
  const Timeline same = parse_ok("Cấp huyện: Quý II/2026; cấp xã: Quý II/2026", 2026);
  EXPECT_EQ(due_dates(same), std::vector<std::string>{"2026-06-30"});
  EXPECT_EQ(same.tiers_named(), 0);
}

TEST(TimelineLevels, WhatIsStillRefused) {
  // A part that is not understood, or names no deadline: said with its level.
  std::string message = parse_error("Cấp tỉnh: abc xyz; cấp xã: Quý II/2026", 2026);
  EXPECT_NE(message.find("the time for cấp tỉnh, \"abc xyz\", is not understood"), std::string::npos) << message;
  message = parse_error("Cấp tỉnh: Thường xuyên; cấp xã: Quý II/2026", 2026);
  EXPECT_NE(message.find("gives cấp tỉnh \"Thường xuyên\", which names no deadline"), std::string::npos) << message;
  // Where one level's time ends is not said.
  message = parse_error("Cấp tỉnh: Quý II, Quý III (cấp xã)", 2026);
  EXPECT_NE(message.find("not where one level's time ends"), std::string::npos) << message;
  // Bodies that are no level, and a subset of a level.
  for (const char* phrase : {"UBND cấp huyện báo cáo trước ngày 10/12, Sở Nội vụ tổng hợp trước ngày 20/12",
                             "Trước ngày 15/12/2026; riêng các huyện miền núi trước ngày 25/12/2026"}) {
    SCOPED_TRACE(phrase);
    EXPECT_NE(parse_error(phrase, 2026).find("gives different bodies their own deadlines"), std::string::npos);
  }
  // Whom the work goes to is no level it is for.
  const Timeline reported =
      parse_ok("Cấp xã hoàn thành trước ngày 15/3/2026; báo cáo UBND cấp huyện trước ngày 20/3/2026", 2026);
  EXPECT_EQ(reported.tiers_named(), 0);
}

}  // namespace
}  // namespace deadlined

namespace deadlined {
namespace {

using namespace timeline_testing;

// "Năm 2026: cấp tỉnh hoàn thành; năm 2027: cấp huyện hoàn thành": the time,
// then the level that finishes by it; each level its own year.
TEST(TimelineLevels, AYearThenTheLevelThatFinishesInIt) {
  for (const char* phrase :
       {"Năm 2026: cấp tỉnh hoàn thành; năm 2027: cấp huyện hoàn thành", "Năm 2026: cấp tỉnh; năm 2027: cấp huyện",
        "năm 2026: Cấp tỉnh hoàn thành.\nnăm 2027: Cấp huyện hoàn thành.",
        "Cấp tỉnh hoàn thành trong năm 2026; cấp huyện hoàn thành trong năm 2027",
        "Cấp tỉnh hoàn thành trong năm 2026, cấp huyện hoàn thành trong năm 2027"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, PlanSpan{2026, 2027});
    ASSERT_EQ(timeline.occurrences.size(), 2U);
    EXPECT_EQ(due_dates(timeline), (std::vector<std::string>{"2026-12-31", "2027-12-31"}));
    EXPECT_EQ(timeline.occurrences[0].tiers, k_tier_province | k_tier_department);
    EXPECT_EQ(timeline.occurrences[1].tiers, k_tier_district);
  }
  const Timeline three =
      parse_ok("Năm 2026: cấp tỉnh hoàn thành; năm 2027: cấp huyện, cấp xã hoàn thành", PlanSpan{2026, 2027});
  EXPECT_EQ(three.occurrences.back().tiers, k_tier_district | k_tier_commune);
}

// "Năm 2026: cấp tỉnh hoàn thành trước 30/6": a label before the level is
// read with the level's time, and the time is that level's only, in every
// ordering and also for the parts after it that write no year of their own.
TEST(TimelineLevels, ALabelThenTheLevelAndItsTime) {
  constexpr TierMask province = k_tier_province | k_tier_department;
  for (const char* phrase :
       {"Năm 2026: cấp tỉnh hoàn thành trước 30/6", "Năm 2026: Cấp tỉnh trước ngày 30/6",
        "năm 2026:\ncấp tỉnh hoàn thành trước 30/6", "Năm 2026: hoàn thành trước 30/6 đối với cấp tỉnh",
        "Cấp tỉnh: năm 2026 hoàn thành trước 30/6", "Năm 2026: UBND cấp tỉnh hoàn thành trước ngày 30/6/2026",
        "Năm 2026, cấp tỉnh hoàn thành trước 30/6", "Năm 2026 cấp tỉnh hoàn thành trước 30/6",
        "Năm 2026 - cấp tỉnh hoàn thành trước 30/6", "Trong năm 2026, cấp tỉnh hoàn thành trước 30/6"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, PlanSpan{2026, 2027});
    EXPECT_EQ(dues_and_tiers(timeline), (std::vector<std::pair<std::string, TierMask>>{{"2026-06-30", province}}));
  }
  const Timeline period = parse_ok("Giai đoạn 2026-2027: cấp xã hoàn thành trước 30/6/2027", PlanSpan{2026, 2027});
  EXPECT_EQ(dues_and_tiers(period), (std::vector<std::pair<std::string, TierMask>>{{"2027-06-30", k_tier_commune}}));
  EXPECT_EQ(dues_and_tiers(parse_ok("Năm 2027: cấp tỉnh hoàn thành trước 30/6", PlanSpan{2026, 2027})),
            (std::vector<std::pair<std::string, TierMask>>{{"2027-06-30", province}}));
  EXPECT_EQ(dues_and_tiers(parse_ok("Năm 2026: cấp tỉnh hoàn thành trước 30/6; năm 2027: cấp xã hoàn thành trước 30/6",
                                    PlanSpan{2026, 2027})),
            (std::vector<std::pair<std::string, TierMask>>{{"2026-06-30", province}, {"2027-06-30", k_tier_commune}}));
  EXPECT_EQ(dues_and_tiers(parse_ok("Năm 2027: cấp tỉnh trước 30/6, cấp xã trước 30/9", PlanSpan{2026, 2027})),
            (std::vector<std::pair<std::string, TierMask>>{{"2027-06-30", province}, {"2027-09-30", k_tier_commune}}));
  EXPECT_EQ(dues_and_tiers(parse_ok("Năm 2026: Quý II đối với cấp tỉnh; Quý III đối với cấp xã", PlanSpan{2026, 2027})),
            (std::vector<std::pair<std::string, TierMask>>{{"2026-06-30", province}, {"2026-09-30", k_tier_commune}}));
  EXPECT_EQ(dues_and_tiers(parse_ok("Năm 2026, cấp tỉnh trước 30/6, cấp xã trước 30/9; năm 2027, cấp huyện trước 30/6",
                                    PlanSpan{2026, 2027})),
            (std::vector<std::pair<std::string, TierMask>>{
                {"2026-06-30", province}, {"2026-09-30", k_tier_commune}, {"2027-06-30", k_tier_district}}));
}

// One part that names its levels is their time only; a unit of another tier
// has none (check fails for it), as with several parts.
TEST(TimelineLevels, OnePartNamingItsLevelsIsTheirsOnly) {
  for (const char* phrase :
       {"Cấp huyện, cấp xã: trước ngày 31/3/2026", "Cấp huyện, cấp xã - trước ngày 31/3/2026",
        "Trước ngày 31/3/2026 đối với cấp huyện, cấp xã", "Trước ngày 31/3/2026 (cấp huyện, cấp xã)",
        "Đối với cấp huyện, cấp xã: trước ngày 31/3/2026", "UBND cấp huyện, cấp xã hoàn thành trước ngày 31/3/2026",
        "Trước ngày 31/3/2026 đối với các đơn vị cấp huyện, cấp xã"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2026);
    EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2026-03-31"});
    EXPECT_EQ(timeline.tiers_named(), k_tier_district | k_tier_commune);
  }
  // A refusal with its reason stands; more clauses after the level's are not
  // said to be the level's.
  EXPECT_NE(parse_error("UBND cấp huyện báo cáo trước ngày 10/12, Sở Nội vụ tổng hợp trước ngày 20/12", 2026)
                .find("gives different bodies their own deadlines"),
            std::string::npos);
  EXPECT_EQ(parse_ok("Cấp cơ sở: Hoàn thành trước ngày 05-12-2022; tổng hợp báo cáo về Ban Tổ chức Tỉnh ủy trước "
                     "ngày 25-12-2022",
                     2022)
                .tiers_named(),
            0);
  // Whom it is sent to is no level it is for.
  EXPECT_EQ(parse_ok("Báo cáo UBND cấp huyện trước ngày 31/3/2026", 2026).tiers_named(), 0);
}

// "Cấp tỉnh trước 30/6; cấp huyện 31/7": a later part that writes only its
// day keeps the "trước" before it; the same day in two parts is one.
TEST(TimelineLevels, BeforeCarriesToALaterPartThatWritesOnlyItsDay) {
  for (const char* phrase : {"Cấp tỉnh trước 30/6; cấp huyện 31/7", "Cấp tỉnh: trước ngày 30/6; cấp huyện: ngày 31/7",
                             "Cấp tỉnh trước ngày 30/6/2026, cấp huyện 31/7/2026"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2026);
    ASSERT_EQ(timeline.occurrences.size(), 2U);
    EXPECT_EQ(timeline.occurrences[1].anchor, DueAnchor::before_date);
    EXPECT_EQ(timeline.occurrences[1].tiers, k_tier_district);
  }
  // "chậm nhất" before is no "trước"; a day with its own words keeps them.
  EXPECT_EQ(parse_ok("Cấp tỉnh chậm nhất ngày 30/6; cấp huyện 31/7", 2026).occurrences[1].anchor,
            DueAnchor::period_end);
  EXPECT_EQ(parse_ok("Cấp tỉnh trước 30/6; cấp huyện chậm nhất ngày 31/7", 2026).occurrences[1].anchor,
            DueAnchor::period_end);
}

// Parts that all give the same days are one deadline for every unit, in
// every form, also when the cell read whole is not understood.
TEST(TimelineLevels, TheSameDaysInEveryPartAreOneDeadlineForAll) {
  for (const char* phrase :
       {"Cấp tỉnh trước 30/6; cấp huyện 30/6", "Trước ngày 30/6 đối với cấp tỉnh; trước ngày 30/6/2026 đối với cấp xã",
        "Quý II/2026 đối với cấp tỉnh; tháng 6/2026 đối với cấp xã", "Cấp huyện: Quý II/2026; cấp xã: Quý II/2026"}) {
    SCOPED_TRACE(phrase);
    const Timeline timeline = parse_ok(phrase, 2026);
    ASSERT_EQ(timeline.occurrences.size(), 1U);
    EXPECT_EQ(due_dates(timeline), std::vector<std::string>{"2026-06-30"});
    EXPECT_EQ(timeline.tiers_named(), 0);
  }
}

}  // namespace
}  // namespace deadlined
