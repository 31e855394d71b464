// End-to-end: a multi-year plan of a two-tier province (province, then xã /
// phường / đặc khu) written with the timeline families of real plans.
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace deadlined {
namespace {

using testing::CommandResult;

const char* const k_main = R"(include = ["units.toml", "plan.toml"]
[daemon]
state_dir = "state"
[calendar]
holidays_dir = ")" DEADLINED_SOURCE_DIR R"(/config/holidays"
)";

const char* const k_units = R"(
[[unit]]
id = "so-noi-vu"
name = "Sở Nội vụ"
tier = "department"
email = ["snv@example.vn"]

[[unit]]
id = "xa-a"
name = "UBND xã A"
tier = "commune"
email = ["xa-a@example.vn"]

[[unit]]
id = "phuong-b"
name = "UBND phường B"
tier = "commune"
email = ["phuong-b@example.vn"]

[[unit]]
id = "dac-khu-c"
name = "UBND đặc khu C"
tier = "commune"
email = ["dk-c@example.vn"]

[[group]]
id = "ubnd-cap-xa"
name = "UBND các xã, phường, đặc khu"
members = ["xa-a", "phuong-b", "dac-khu-c"]
)";

const char* const k_plan = R"(
[[plan]]
id = "ke-hoach-2026-2030"
title = "Kế hoạch giai đoạn 2026 - 2030"
first_year = 2026
last_year = 2030

[[plan.task]]
id = "1"
title = "Tổng kết"
lead = ["so-noi-vu"]
when = "Giai đoạn 2026 - 2030"

[[plan.task]]
id = "2"
title = "Báo cáo hằng năm"
lead = ["ubnd-cap-xa"]
when = "Năm 2026 và các năm tiếp theo."

[[plan.task]]
id = "3"
title = "Theo dõi"
lead = ["so-noi-vu"]
when = "Thường xuyên, định kỳ hằng quý báo cáo UBND tỉnh"

[[plan.task]]
id = "4"
title = "Hướng dẫn"
lead = ["so-noi-vu"]
when = "Sau khi Nghị định ... ban hành."

[[plan.task]]
id = "5"
title = "Không nêu thời gian"
lead = ["so-noi-vu"]
when = ""

[[plan.task]]
id = "6"
title = "Không có đơn vị chủ trì"
support = ["ubnd-cap-xa"]
when = "Khi có yêu cầu"

[[plan.task]]
id = "7"
title = "Sửa đổi quy định"
lead = ["so-noi-vu"]
when = "Sau khi Chính phủ ban hành Nghị định. Thời gian hoàn thành trong 6 tháng sau khi Chính phủ ban hành Nghị định"

[[plan.task]]
id = "8"
title = "Niêm yết danh sách cử tri"
lead = ["so-noi-vu"]
when = "10 ngày trước ngày bầu cử"

[[plan.task]]
id = "9"
title = "Gửi tài liệu kỳ họp"
lead = ["so-noi-vu"]
when = "trước 07 ngày làm việc so với ngày diễn ra kỳ họp"
)";

struct Fixture {
  testing::TempDir dir;
  std::string config;
  Fixture() {
    dir.write("units.toml", k_units);
    dir.write("plan.toml", k_plan);
    config = "--config " + dir.write("deadlined.toml", k_main).string();
  }
};

TEST(CliMultiYear, CheckListsEveryProvisionalYearAndWarnsOfNoLead) {
  Fixture f;
  CommandResult r = testing::run_deadlined("check " + f.config);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("no deadline 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("provisional years: 2027, 2028, 2029, 2030"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("task \"6\": no lead unit; nobody would be reminded"), std::string::npos) << r.err;
}

TEST(CliMultiYear, AgendaShowsEachYearOfAnOpenEndedTaskAndMarksProvisionalDays) {
  Fixture f;
  CommandResult r = testing::run_deadlined("agenda " + f.config +
                                           " --from 2026-01-01 --to 2030-12-31 --task 2 --unit xa-a --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = nlohmann::json::parse(r.out);
  std::vector<std::string> nominal;
  for (const auto& row : rows) {
    nominal.push_back(row["nominal_due"]);
  }
  EXPECT_EQ(nominal, (std::vector<std::string>{"2026-12-31", "2027-12-31", "2028-12-31", "2029-12-31", "2030-12-31"}));
  ASSERT_EQ(rows.size(), 5U);
  EXPECT_FALSE(rows[0]["provisional"].get<bool>());  // rolled into 2027? the flag follows the due year
  EXPECT_TRUE(rows[2]["provisional"].get<bool>());
  // Ongoing work reports each quarter of the span: 20 quarters.
  CommandResult ongoing = testing::run_deadlined("agenda " + f.config + " --task 3 --format json");
  ASSERT_EQ(ongoing.exit_code, 0) << ongoing.err;
  EXPECT_EQ(nlohmann::json::parse(ongoing.out).size(), 20U);
  // The no-deadline row is listed, never dated.
  CommandResult undated = testing::run_deadlined("agenda " + f.config + " --task 5");
  EXPECT_NE(undated.out.find("no deadline stated"), std::string::npos) << undated.out;
}

TEST(CliMultiYear, TriggeredOccurrencesAppearInAgendaAndNoLeadTriggerExits65) {
  Fixture f;
  CommandResult none = testing::run_deadlined("trigger " + f.config + " --task 6 --due 2026-03-16");
  EXPECT_EQ(none.exit_code, 65) << none.out << none.err;
  EXPECT_NE(none.err.find("nobody would be reminded"), std::string::npos) << none.err;
  CommandResult added = testing::run_deadlined("trigger " + f.config + " --task 4 --due 2026-03-16");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  CommandResult agenda = testing::run_deadlined("agenda " + f.config + " --task 4 --from 2026-03-01 --to 2026-03-31");
  ASSERT_EQ(agenda.exit_code, 0) << agenda.err;
  EXPECT_NE(agenda.out.find("2026-03-16"), std::string::npos) << agenda.out;
  EXPECT_NE(agenda.out.find("1 obligations"), std::string::npos) << agenda.out;
}

// A due date before the plan or more than a year past its last year is a
// typo: refused, nothing stored. The year after the plan still counts.
TEST(CliMultiYear, ATriggerDueFarOutsideThePlanIsRefused) {
  Fixture f;
  for (const char* due : {"1999-01-01", "2025-12-31", "2032-01-01", "2040-02-01"}) {
    CommandResult r = testing::run_deadlined("trigger " + f.config + " --task 4 --due " + due);
    EXPECT_EQ(r.exit_code, 64) << due << r.out << r.err;
    EXPECT_NE(r.err.find(std::string("--due ") + due + " is "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("2026-01-01 to 2030-12-31"), std::string::npos) << r.err;
  }
  CommandResult agenda = testing::run_deadlined("agenda " + f.config + " --task 4 --from 1990-01-01 --to 2060-12-31");
  EXPECT_NE(agenda.out.find("no obligations due"), std::string::npos) << agenda.out << agenda.err;
  for (const char* due : {"2026-01-01", "2031-12-31"}) {
    CommandResult r = testing::run_deadlined("trigger " + f.config + " --task 4 --due " + due);
    EXPECT_EQ(r.exit_code, 0) << due << r.out << r.err;
  }
}

// A lag in months runs to the same day of the month, or the month's last
// day when it has none (31/8 + 6 months: 28/02). The event is years ahead:
// a due date already past is refused.
TEST(CliMultiYear, ALagInMonthsSetsTheTriggeredDueDate) {
  Fixture f;
  CommandResult when =
      testing::run_deadlined("when \"Trong vòng 6 tháng kể từ ngày Nghị định có hiệu lực\" --year 2026 --format json");
  ASSERT_EQ(when.exit_code, 0) << when.err;
  EXPECT_EQ(nlohmann::json::parse(when.out)["lag"], (nlohmann::json{{"count", 6}, {"unit", "months"}}));
  CommandResult added = testing::run_deadlined("trigger " + f.config + " --task 7 --event 2029-08-31");
  ASSERT_EQ(added.exit_code, 0) << added.out << added.err;
  CommandResult agenda =
      testing::run_deadlined("agenda " + f.config + " --task 7 --from 2030-01-01 --to 2030-03-31 --format json");
  ASSERT_EQ(agenda.exit_code, 0) << agenda.err;
  auto rows = nlohmann::json::parse(agenda.out);
  ASSERT_EQ(rows.size(), 1U) << agenda.out;
  EXPECT_EQ(rows[0]["nominal_due"], "2030-02-28") << agenda.out;
}

// The nominal due day of a task's one triggered occurrence.
std::string triggered_due(const Fixture& f, const std::string& task) {
  CommandResult agenda = testing::run_deadlined("agenda " + f.config + " --task " + task +
                                                " --from 2026-01-01 --to 2031-12-31 --format json");
  EXPECT_EQ(agenda.exit_code, 0) << agenda.err;
  auto rows = nlohmann::json::parse(agenda.out);
  EXPECT_EQ(rows.size(), 1U) << agenda.out;
  return rows.empty() ? std::string() : rows[0]["nominal_due"].get<std::string>();
}

// "10 ngày trước ngày bầu cử": 20/03/2030 less 10 days is Sunday 10/03,
// moved to Friday 08/03, never after (Monday would be 9 days before).
TEST(CliMultiYear, ATriggeredEventLessItsCountInDaysIsTheDueDate) {
  Fixture f;
  CommandResult when = testing::run_deadlined("when \"10 ngày trước ngày bầu cử\" --year 2030");
  ASSERT_EQ(when.exit_code, 0) << when.err;
  EXPECT_NE(when.out.find("due 10 days before the event (trigger --event D)"), std::string::npos) << when.out;
  CommandResult added = testing::run_deadlined("trigger " + f.config + " --task 8 --event 2030-03-20");
  ASSERT_EQ(added.exit_code, 0) << added.out << added.err;
  EXPECT_NE(added.out.find("due 2030-03-08"), std::string::npos) << added.out;
  EXPECT_EQ(triggered_due(f, "8"), "2030-03-08");
}

// "trước 07 ngày làm việc so với ngày diễn ra kỳ họp": Wednesday 12/06/2030
// less 7 working days is Monday 03/06.
TEST(CliMultiYear, WorkingDaysAreCountedBackOnTheWorkingDayCalendar) {
  Fixture f;
  CommandResult added = testing::run_deadlined("trigger " + f.config + " --task 9 --event 2030-06-12");
  ASSERT_EQ(added.exit_code, 0) << added.out << added.err;
  EXPECT_EQ(triggered_due(f, "9"), "2030-06-03");
}

TEST(CliMultiYear, ATriggeredDueDateAlreadyPastIsRefusedSayingSo) {
  Fixture f;
  CommandResult past = testing::run_deadlined("trigger " + f.config + " --task 8 --event 2026-03-15");
  EXPECT_EQ(past.exit_code, 64) << past.out << past.err;
  EXPECT_NE(past.err.find("the event on 2026-03-15 less 10 days is due 2026-03-05, already past"), std::string::npos)
      << past.err;
  CommandResult agenda =
      testing::run_deadlined("agenda " + f.config + " --task 8 --from 2026-01-01 --to 2031-12-31 --format json");
  ASSERT_EQ(agenda.exit_code, 0) << agenda.err;
  EXPECT_TRUE(nlohmann::json::parse(agenda.out).empty()) << agenda.out;
  // --due records it as given.
  CommandResult recorded = testing::run_deadlined("trigger " + f.config + " --task 8 --due 2026-03-05");
  EXPECT_EQ(recorded.exit_code, 0) << recorded.out << recorded.err;
}

TEST(CliMultiYear, WhenListsOpenEndedOccurrencesThroughYearPlusFour) {
  CommandResult r = testing::run_deadlined("when \"Năm 2026 và các năm tiếp theo.\" --year 2026 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["kind"], "dated");
  EXPECT_TRUE(json["open_ended"].get<bool>());
  EXPECT_EQ(json["due"].size(), 5U);
  EXPECT_EQ(json["due"].back(), "2030-12-31");
  EXPECT_EQ(json["occurrences"].size(), 5U);
}

// A day of every year, a report due in the year after the one reported on,
// and reports with stated days, over a 2026-2029 plan: one occurrence per year.
const char* const k_yearly_plan = R"toml(
[[plan]]
id = "ke-hoach-2026-2029"
title = "Kế hoạch 2026 - 2029"
first_year = 2026
last_year = 2029

[[plan.task]]
id = "1"
title = "Đánh giá"
lead = ["so-noi-vu"]
when = "Trước ngày 15/12 hằng năm"

[[plan.task]]
id = "2"
title = "Báo cáo năm"
lead = ["so-noi-vu"]
when = "Hằng năm, trước ngày 31/01 năm sau"

[[plan.task]]
id = "3"
title = "Báo cáo định kỳ"
lead = ["so-noi-vu"]
when = "Báo cáo định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)"
)toml";

std::vector<std::string> agenda_nominal(const std::string& config, const std::string& task) {
  CommandResult r =
      testing::run_deadlined("agenda " + config + " --from 2026-01-01 --to 2030-12-31 --format json --task " + task);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> nominal;
  for (const auto& row : nlohmann::json::parse(r.out)) {
    nominal.push_back(row["nominal_due"]);
  }
  return nominal;
}

TEST(CliMultiYear, AgendaShowsADayOfEveryYearAndNextYearsReports) {
  testing::TempDir dir;
  dir.write("units.toml", k_units);
  dir.write("plan.toml", k_yearly_plan);
  const std::string config = "--config " + dir.write("deadlined.toml", k_main).string();
  EXPECT_EQ(agenda_nominal(config, "1"),
            (std::vector<std::string>{"2026-12-15", "2027-12-15", "2028-12-15", "2029-12-15"}));
  // The report on 2029 is due in 2030, after the plan's last year.
  EXPECT_EQ(agenda_nominal(config, "2"),
            (std::vector<std::string>{"2027-01-31", "2028-01-31", "2029-01-31", "2030-01-31"}));
  EXPECT_EQ(agenda_nominal(config, "3"),
            (std::vector<std::string>{"2026-06-15", "2026-12-15", "2027-06-15", "2027-12-15", "2028-06-15",
                                      "2028-12-15", "2029-06-15", "2029-12-15"}));
}

// The second shipped example: a real plan of the two-tier map spanning 2025
// and 2026 (config/examples/luong-minh-bau-cu-2025-2026), cells verbatim.
const std::string k_example_config =
    std::string("--config ") + DEADLINED_SOURCE_DIR + "/config/examples/luong-minh-bau-cu-2025-2026/deadlined.toml";

TEST(CliExamples, TwoTierElectionPlanPassesCheckAcrossTwoYears) {
  CommandResult r = testing::run_deadlined("check " + k_example_config);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("tasks:       15 (dated 15, ongoing 0, on demand 0)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("obligations: 60 (2025: 20, 2026: 40)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("provisional years: none"), std::string::npos) << r.out;
}

TEST(CliExamples, TwoTierElectionPlanDueDatesRollOverWeekendsAndHolidays) {
  CommandResult r = testing::run_deadlined(
      "agenda " + k_example_config + " --unit pct-thuong-truc-mttq-xa --from 2025-11-01 --to 2026-05-31 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::pair<std::string, std::string>> due;  // task -> (nominal, due)
  for (const auto& row : nlohmann::json::parse(r.out)) {
    EXPECT_EQ(row["role"], "lead");
    due[row["task"].get<std::string>()] = {row["nominal_due"].get<std::string>(), row["due"].get<std::string>()};
  }
  EXPECT_EQ(due.size(), 15U) << r.out;
  // "Dự kiến tháng 11/2025 (sau khi ...)": 30/11/2025 is a Sunday.
  EXPECT_EQ(due["1.1"], std::make_pair(std::string("2025-11-30"), std::string("2025-12-01")));
  // "ngày Tháng 11/2025 (...)", the day left blank: the month.
  EXPECT_EQ(due["1.2"], due["1.1"]);
  // "Quý IV/2025 và Quý I/2026": consecutive quarters, one window.
  EXPECT_EQ(due["2.1"], std::make_pair(std::string("2026-03-31"), std::string("2026-03-31")));
  // "Từ tháng 12/2025 đến quý I/2026": a month to a quarter.
  EXPECT_EQ(due["3"], std::make_pair(std::string("2026-03-31"), std::string("2026-03-31")));
  EXPECT_EQ(due["4.1"], std::make_pair(std::string("2025-12-31"), std::string("2025-12-31")));
  // "Từ tháng 11/2025 đến tháng 4/2026": 30/4 and 1/5 are holidays, then a weekend.
  EXPECT_EQ(due["6.1"], std::make_pair(std::string("2026-04-30"), std::string("2026-05-04")));
  EXPECT_EQ(due["7.2"], due["6.1"]);
}

// The third shipped example: a real provincial plan of the two-tier map
// (config/examples/dak-lak-dau-tu-cong-2026-2028), public investment projects
// of UBND tỉnh Đắk Lắk with periods from "2016-2025" to "2026-2028", drafted
// by `deadlined import` from tests/import/data/dak-lak-2026-phu-luc-iii-dau-tu-cong.csv.
const std::string k_dak_lak_dir = std::string(DEADLINED_SOURCE_DIR) + "/config/examples/dak-lak-dau-tu-cong-2026-2028";
const std::string k_dak_lak_config = "--config " + k_dak_lak_dir + "/deadlined.toml";

TEST(CliExamples, ProvincialInvestmentPlanPassesCheckWithOnlyProvisionalYearWarnings) {
  CommandResult r = testing::run_deadlined("check " + k_dak_lak_config);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("units:       11"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tasks:       21 (dated 21, ongoing 0, on demand 0)"), std::string::npos) << r.out;
  // By due year: the 2026-2028 projects are due 31/12/2028, a Sunday before
  // the New Year holiday, so 02/01/2029.
  EXPECT_NE(r.out.find("obligations: 21 (2025: 1, 2026: 6, 2027: 3, 2029: 11)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("provisional years: 2027, 2028, 2029"), std::string::npos) << r.out;
  // The only warnings: the years without an official holiday notice.
  const std::string provisional = "warning: no official holiday notice for ";
  std::size_t warnings = 0;
  for (std::size_t at = r.err.find("warning:"); at != std::string::npos; at = r.err.find("warning:", at + 1)) {
    ++warnings;
    EXPECT_EQ(r.err.compare(at, provisional.size(), provisional), 0) << r.err.substr(at, 120);
  }
  EXPECT_EQ(warnings, 3U) << r.err;
}

TEST(CliExamples, ProvincialInvestmentPlanAgendaListsEachProjectInTheYearItsPeriodEnds) {
  CommandResult r =
      testing::run_deadlined("agenda " + k_dak_lak_config + " --from 2026-01-01 --to 2029-01-31 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::vector<std::string>> by_year;  // nominal year -> tasks
  std::map<std::string, std::pair<std::string, std::string>> due;
  for (const auto& row : nlohmann::json::parse(r.out)) {
    EXPECT_EQ(row["role"], "lead");
    const std::string nominal = row["nominal_due"];
    by_year[nominal.substr(0, 4)].push_back(row["task"]);
    due[row["task"].get<std::string>()] = {nominal, row["due"].get<std::string>()};
  }
  EXPECT_EQ(by_year["2026"], (std::vector<std::string>{"A.1", "B.2", "B.4", "B.7", "B.9", "B.19"}));
  EXPECT_EQ(by_year["2027"], (std::vector<std::string>{"B.5", "B.5-2", "B.8"}));
  EXPECT_EQ(by_year["2028"].size(), 11U);
  EXPECT_EQ(by_year.count("2025"), 0U) << "B.3 (2016-2025) is due before the range";
  EXPECT_EQ(due["A.1"], std::make_pair(std::string("2026-12-31"), std::string("2026-12-31")));
  EXPECT_EQ(due["B.5-2"], std::make_pair(std::string("2027-12-31"), std::string("2027-12-31")));
  EXPECT_EQ(due["B.7-2"], std::make_pair(std::string("2028-12-31"), std::string("2029-01-02")));
  // One investor's projects across the three years.
  CommandResult khcn = testing::run_deadlined("agenda " + k_dak_lak_config +
                                              " --from 2025-01-01 --to 2029-01-31 --unit so-khcn --format json");
  ASSERT_EQ(khcn.exit_code, 0) << khcn.err;
  std::vector<std::string> tasks;
  for (const auto& row : nlohmann::json::parse(khcn.out)) {
    tasks.push_back(row["task"]);
  }
  EXPECT_EQ(tasks, (std::vector<std::string>{"A.1", "B.9", "B.8", "B.6", "B.7-2"}));
  CommandResult earlier = testing::run_deadlined("agenda " + k_dak_lak_config + " --task B.3 --format json");
  ASSERT_EQ(earlier.exit_code, 0) << earlier.err;
  EXPECT_EQ(nlohmann::json::parse(earlier.out).at(0)["due"], "2025-12-31");
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The lines `import` writes for each task (and the plan's id and title).
std::vector<std::string> task_lines(const std::string& plan) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < plan.size()) {
    std::size_t end = plan.find('\n', start);
    end = end == std::string::npos ? plan.size() : end;
    std::string line = plan.substr(start, end - start);
    for (const char* key : {"id = ", "title = ", "lead = ", "support = ", "product = ", "when = "}) {
      if (line.starts_with(key)) {
        lines.push_back(line);
      }
    }
    start = end + 1;
  }
  return lines;
}

// `import` of the published table (`extension`: the CSV, or the Word document
// and workbook laid out from it) drafts the shipped plan's tasks.
void expect_import_drafts_the_shipped_plan(const std::string& extension) {
  SCOPED_TRACE(extension);
  testing::TempDir dir;
  const std::string drafted = (dir.path() / "plan.toml").string();
  CommandResult r = testing::run_deadlined(
      "import " + std::string(DEADLINED_SOURCE_DIR) + "/tests/import/data/dak-lak-2026-phu-luc-iii-dau-tu-cong." +
      extension + " " + k_dak_lak_config + " --plan-id dak-lak-dau-tu-cong-2026-2028 --years 2025-2028 --output " +
      drafted);
  // Open: the three rows the review settled, and the plan id the config
  // already has (this very plan).
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_NE(r.err.find("21 tasks in 2 sections"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("4 open items"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the config already has a plan \"dak-lak-dau-tu-cong-2026-2028\""), std::string::npos) << r.err;
  const std::string shipped = read_text(k_dak_lak_dir + "/plan.toml");
  const std::vector<std::string> expected = task_lines(shipped);
  ASSERT_EQ(expected.size(), 2U + 21U * 5U);
  EXPECT_EQ(task_lines(read_text(drafted)), expected);
  EXPECT_NE(shipped.find("id = \"B.7-2\"\ntitle = \"Triển khai hệ thống Họp không giấy tờ\"\nlead = [\"so-khcn\"]\n"
                         "support = []\nwhen = \"2026-2028\"\n"),
            std::string::npos);
  EXPECT_EQ(shipped.find("\n# OPEN:"), std::string::npos) << "every flagged row is reviewed";
}

TEST(CliExamples, ProvincialInvestmentPlanIsWhatImportDraftsFromThePublishedTable) {
  expect_import_drafts_the_shipped_plan("csv");
}

// The same table as Word (title paragraphs, w:gridSpan section rows, the steps
// cell in w:vMerge) and Excel (merged ranges): the same draft.
TEST(CliExamples, ProvincialInvestmentPlanIsWhatImportDraftsFromItsWordAndExcelLayout) {
  expect_import_drafts_the_shipped_plan("docx");
  expect_import_drafts_the_shipped_plan("xlsx");
}

}  // namespace
}  // namespace deadlined
