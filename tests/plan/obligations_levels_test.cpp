// A task whose `when` gives each level of government its own time: each unit
// is due on its own tier's days, and a unit of a tier no part names is an
// error of the configuration (never silently reminded of another's day).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "config/config.hpp"
#include "plan/obligations.hpp"
#include "support/config_fixture.hpp"

namespace deadlined {
namespace {

using testing::format_diagnostics;

std::string config_with(const std::string& when, const std::string& lead) {
  return R"([[unit]]
id = "so-noi-vu"
email = ["so-noi-vu@example.test"]
name = "Sở Nội vụ"
tier = "department"

[[unit]]
id = "ubnd-huyen"
email = ["ubnd-huyen@example.test"]
name = "UBND huyện Phú Vang"
tier = "district"

[[unit]]
id = "ubnd-xa"
email = ["ubnd-xa@example.test"]
name = "UBND xã Phú Thuận"
tier = "commune"

[[unit]]
id = "trung-tam"
email = ["trung-tam@example.test"]
name = "Trung tâm Phục vụ hành chính công"
tier = "other"

[[group]]
id = "dia-phuong"
name = "Các địa phương"
members = ["ubnd-huyen", "ubnd-xa"]

[[plan]]
id = "cchc-2026"
title = "Kế hoạch cải cách hành chính năm 2026"
year = 2026

[[plan.task]]
id = "1"
title = "Rà soát thủ tục hành chính"
lead = )" +
         lead +
         R"(
when = ")" +
         when + R"("
)";
}

LoadResult load(const std::string& when, const std::string& lead) {
  return load_config_from_text(config_with(when, lead), "/nonexistent/deadlined.toml",
                               LoadOptions{std::filesystem::path()});
}

// Unit id -> its nominal due dates.
std::map<std::string, std::set<std::string>> dues_by_unit(const Config& config) {
  const WorkingCalendar calendar = make_calendar(config);
  std::map<std::string, std::set<std::string>> dues;
  for (const Obligation& obligation : expand_obligations(config, calendar)) {
    dues[obligation.unit->id].insert(to_iso(obligation.nominal_due));
  }
  return dues;
}

TEST(ObligationsLevels, EachUnitIsDueOnItsOwnTiersDays) {
  const LoadResult result =
      load("Trước ngày 10/12 đối với cấp xã; trước ngày 15/12 đối với cấp huyện", R"(["dia-phuong"])");
  ASSERT_TRUE(result.config) << format_diagnostics(result.diagnostics);
  EXPECT_EQ(dues_by_unit(*result.config), (std::map<std::string, std::set<std::string>>{{"ubnd-huyen", {"2026-12-15"}},
                                                                                        {"ubnd-xa", {"2026-12-10"}}}));
}

TEST(ObligationsLevels, TheProvinceLevelIsTheProvinceAndItsDepartments) {
  const LoadResult result =
      load("Cấp tỉnh: Quý II/2026; cấp huyện, cấp xã: Quý III/2026", R"(["so-noi-vu", "ubnd-huyen", "ubnd-xa"])");
  ASSERT_TRUE(result.config) << format_diagnostics(result.diagnostics);
  EXPECT_EQ(dues_by_unit(*result.config),
            (std::map<std::string, std::set<std::string>>{
                {"so-noi-vu", {"2026-06-30"}}, {"ubnd-huyen", {"2026-09-30"}}, {"ubnd-xa", {"2026-09-30"}}}));
}

// Recurring parts: each unit its own level's series; open-ended ones too.
TEST(ObligationsLevels, RecurringPartsGiveEachUnitItsOwnSeries) {
  const LoadResult result = load(
      "Cấp xã: Quý II/2026 và các năm tiếp theo; cấp huyện: Quý IV/2026 và các năm tiếp theo", R"(["dia-phuong"])");
  ASSERT_TRUE(result.config) << format_diagnostics(result.diagnostics);
  const auto dues = dues_by_unit(*result.config);
  ASSERT_EQ(dues.size(), 2U);
  for (const std::string& day : dues.at("ubnd-xa")) {
    EXPECT_EQ(day.substr(5), "06-30") << day;
  }
  for (const std::string& day : dues.at("ubnd-huyen")) {
    EXPECT_EQ(day.substr(5), "12-31") << day;
  }
  EXPECT_GE(dues.at("ubnd-xa").size(), 2U);
}

// "riêng cấp xã": the exception; the other part is everyone else's, a unit
// of the tier "other" included.
TEST(ObligationsLevels, AnExceptionLeavesTheRestToEveryoneElse) {
  const LoadResult result =
      load("Trước ngày 15/12; riêng cấp xã trước ngày 10/12", R"(["so-noi-vu", "ubnd-huyen", "ubnd-xa", "trung-tam"])");
  ASSERT_TRUE(result.config) << format_diagnostics(result.diagnostics);
  EXPECT_EQ(dues_by_unit(*result.config), (std::map<std::string, std::set<std::string>>{{"so-noi-vu", {"2026-12-15"}},
                                                                                        {"trung-tam", {"2026-12-15"}},
                                                                                        {"ubnd-huyen", {"2026-12-15"}},
                                                                                        {"ubnd-xa", {"2026-12-10"}}}));
}

// A unit of a tier no part names: the configuration is refused, naming the
// task, the unit, its tier and the tiers given.
TEST(ObligationsLevels, AUnitOfATierNoPartNamesIsAnError) {
  const LoadResult result =
      load("Trước ngày 10/12 đối với cấp xã; trước ngày 15/12 đối với cấp huyện", R"(["so-noi-vu"])");
  EXPECT_FALSE(result.config);
  const std::string text = format_diagnostics(result.diagnostics);
  EXPECT_NE(text.find("plan \"cchc-2026\" task \"1\": unit \"so-noi-vu\" (tier department) has no time in `when`, "
                      "which gives one only to tiers district, commune"),
            std::string::npos)
      << text;
  // Located at the task's `when`.
  EXPECT_NE(text.find("/nonexistent/deadlined.toml:"), std::string::npos) << text;
  // A support unit counts as much as a lead; a group's members are each checked.
  const LoadResult support = load("Cấp tỉnh: Quý II/2026; cấp huyện: Quý III/2026", R"(["so-noi-vu", "dia-phuong"])");
  EXPECT_FALSE(support.config);
  EXPECT_NE(format_diagnostics(support.diagnostics).find("unit \"ubnd-xa\" (tier commune)"), std::string::npos)
      << format_diagnostics(support.diagnostics);
}

// Many units of tiers no part names: one error for the task, naming how many
// and a few of each tier, not one error per unit.
TEST(ObligationsLevels, ManyUnitsWithoutATimeAreOneErrorNamingAFewOfEachTier) {
  const LoadResult result = load("Trước ngày 15/6 đối với cấp huyện", R"(["so-noi-vu", "dia-phuong", "trung-tam"])");
  EXPECT_FALSE(result.config);
  const std::string text = format_diagnostics(result.diagnostics);
  EXPECT_NE(text.find("task \"1\": 3 units have no time in `when`, which gives one only to tiers district "
                      "(department: \"so-noi-vu\"; commune: \"ubnd-xa\"; other: \"trung-tam\"): add a part"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("no time", text.find("no time") + 1), std::string::npos) << text;
}

TEST(ObligationsLevels, UnitsWithoutATimeBeyondThreeOfATierAreCounted) {
  Config config;
  const auto add_unit = [&config](const char* id, Tier tier) {
    Unit unit;
    unit.id = id;
    unit.tier = tier;
    config.units.push_back(unit);
  };
  for (const char* id : {"xa-1", "xa-2", "xa-3", "xa-4", "xa-5"}) {
    add_unit(id, Tier::commune);
  }
  add_unit("huyen", Tier::district);
  config.build_indexes();
  const auto without =
      config.units_without_time({"huyen", "xa-1"}, {"xa-2", "xa-3", "xa-4", "xa-5", "xa-1"}, k_tier_district);
  ASSERT_TRUE(without);
  EXPECT_EQ(without->subject, "5 units have");
  EXPECT_EQ(without->listing, " (commune: \"xa-1\", \"xa-2\", \"xa-3\" and 2 more)");
  EXPECT_FALSE(config.units_without_time({"huyen"}, {}, k_tier_district));
  EXPECT_FALSE(config.units_without_time({"huyen", "xa-1"}, {}, 0));
}

}  // namespace
}  // namespace deadlined
