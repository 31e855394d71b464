// End-to-end: `deadlined import` on each format, then `deadlined check` on a
// config that includes the written plan; exit codes and messages.
#include "support/office_files.hpp"
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

namespace deadlined {
namespace {

using testing::CommandResult;
using testing::TempDir;

const std::string k_data = std::string(DEADLINED_SOURCE_DIR) + "/tests/import/data/";
const std::string k_fixture_config = "--config " + k_data + "deadlined.toml";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A main config in `dir` with the fixture units and the written plan.
std::filesystem::path main_with_plan(const TempDir& dir) {
  dir.write("units.toml", read_file(k_data + "units.toml"));
  return dir.write("main.toml", "include = [\"units.toml\", \"plan.toml\"]\n[daemon]\nstate_dir = \"" +
                                    (dir.path() / "state").string() + "\"\n[calendar]\nholidays_dir = \"" +
                                    std::string(DEADLINED_SOURCE_DIR) + "/config/holidays\"\n");
}

class ImportEachFormat : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportEachFormat, WritesAPlanThatCheckAccepts) {
  TempDir dir;
  std::filesystem::path plan = dir.path() / "plan.toml";
  std::string extra = GetParam() == "plan-2025.xlsx" ? " --sheet 'Phụ lục'" : "";
  CommandResult r = testing::run_deadlined("import " + k_data + GetParam() + " " + k_fixture_config +
                                           " --plan-id qng-cchc-2025 --year 2025 --output " + plan.string() + extra);
  // "Báo Quảng Ngãi" is no unit of the config: written, with an open item.
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("7 tasks in 3 sections"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(task I.3): \"Báo Quảng Ngãi\" is not the name or alias of a unit or group"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("left to do: 1 unit name to resolve"), std::string::npos) << r.err;
  std::string written = read_file(plan);
  EXPECT_NE(written.find("# OPEN: row "), std::string::npos) << written;
  EXPECT_NE(written.find("id = \"II.2b\""), std::string::npos) << written;

  CommandResult check = testing::run_deadlined("check --config " + main_with_plan(dir).string());
  EXPECT_EQ(check.exit_code, 0) << check.err << check.out;
  EXPECT_NE(check.out.find("tasks:       7"), std::string::npos) << check.out;
}

std::string format_name(const ::testing::TestParamInfo<std::string>& param) {
  return param.param.substr(param.param.find('.') + 1);
}

INSTANTIATE_TEST_SUITE_P(Formats, ImportEachFormat,
                         ::testing::Values("plan-2025.docx", "plan-2025.xlsx", "plan-2025.csv", "plan-2025.txt"),
                         format_name);

TEST(CliImport, SeedToStandardOutputWithOpenItems) {
  CommandResult r =
      testing::run_deadlined("import " + std::string(DEADLINED_SOURCE_DIR) +
                             "/docs/sources/qd-3489-qd-ubnd-2021-ke-hoach-kiem-soat-tthc-2022.txt --config " +
                             std::string(DEADLINED_SOURCE_DIR) + "/config/deadlined.toml --plan-id seed-again");
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_NE(r.out.find("[[plan]]\nid = \"seed-again\""), std::string::npos);
  EXPECT_NE(r.out.find("id = \"II.3.1b\""), std::string::npos);
  EXPECT_NE(r.err.find("48 tasks in 8 sections"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(task VII.3): the lead cell is empty"), std::string::npos) << r.err;
}

// A LibreOffice spreadsheet (.ods) of two appendices, each on its sheet and
// numbered from "I", and a sheet of signatures: both appendices drafted
// (OpenDocument files were refused, and only the first sheet was drafted),
// the signatures named as left out, and `check` accepts the plan.
TEST(CliImport, AnOpenDocumentSpreadsheetOfTwoAppendices) {
  const auto cell = [](const std::string& text) {
    return "<table:table-cell office:value-type=\"string\"><text:p>" + testing::xml_text(text) +
           "</text:p></table:table-cell>";
  };
  const auto row = [&cell](const std::vector<std::string>& texts) {
    std::string cells;
    for (const auto& text : texts) {
      cells += cell(text);
    }
    return "<table:table-row>" + cells + "</table:table-row>";
  };
  const auto sheet = [](const std::string& name, const std::string& rows) {
    return "<table:table table:name=\"" + name + "\">" + rows +
           "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell "
           "table:number-columns-repeated=\"1024\"/></table:table-row></table:table>";
  };
  const std::string header = row({"STT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"});
  const std::string body =
      sheet("Phụ lục I", row({"Kế hoạch cải cách hành chính năm 2025"}) + header + row({"I", "CÔNG TÁC CHỈ ĐẠO"}) +
                             row({"1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2025"}) +
                             row({"2", "Kiểm tra", "Sở Nội vụ", "Quý II/2025"})) +
      sheet("Phụ lục II", header + row({"I", "THỦ TỤC HÀNH CHÍNH"}) +
                              row({"1", "Rà soát thủ tục", "Sở Tư pháp", "Quý III/2025"}) +
                              row({"2", "Số hóa hồ sơ", "Sở Tư pháp", "Quý IV/2025"})) +
      sheet("Ký duyệt", row({"Nơi nhận:", "KT. CHỦ TỊCH"}));
  TempDir dir;
  const std::filesystem::path file =
      dir.write("ke-hoach.ods", testing::odf_of(testing::k_ods_mimetype, testing::odf_content(true, body)));
  const std::filesystem::path plan = dir.path() / "plan.toml";
  CommandResult r = testing::run_deadlined("import " + file.string() + " " + k_fixture_config +
                                           " --plan-id cchc-2025 --output " + plan.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("(ods): the task tables are in sheet \"Phụ lục I\" (header at row 2) and sheet \"Phụ lục "
                       "II\" (header at row 1)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("left out, having no task header: sheet \"Ký duyệt\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("4 tasks in 2 sections"), std::string::npos) << r.err;
  const std::string written = read_file(plan);
  EXPECT_NE(written.find("id = \"P2.I.2\""), std::string::npos) << written;
  CommandResult check = testing::run_deadlined("check --config " + main_with_plan(dir).string());
  EXPECT_EQ(check.exit_code, 0) << check.err << check.out;
  EXPECT_NE(check.out.find("tasks:       4"), std::string::npos) << check.out;
}

// `deadlined import` of a plan of three tasks, one table of which repeats
// another: the table kept, the line naming the one left out, each task once.
void expect_drafted_once(const std::filesystem::path& file, const std::string& kept, const std::string& repeated) {
  CommandResult r = testing::run_deadlined("import " + file.string() + " " + k_fixture_config + " --plan-id p");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("the task table is in " + kept + "\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": repeated: " + repeated + "\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("import: 3 tasks in 0 sections"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("P2."), std::string::npos) << r.out;
}

// A summary sheet and a sheet for one unit repeating two of its tasks: each
// task drafted once, and the summary says which sheet was left out.
TEST(CliImport, ASheetRepeatingTheSummaryIsNamedAndLeftOut) {
  const testing::Rows header{{"STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"}};
  testing::Rows summary = header;
  summary.push_back({"1", "Ban hành kế hoạch", "Sở Tư pháp", "Quý I/2025"});
  summary.push_back({"2", "Kiểm tra", "Sở Tư pháp", "Quý II/2025"});
  summary.push_back({"3", "Tổng kết", "Sở Nội vụ", "Quý IV/2025"});
  testing::Rows unit = header;
  unit.push_back({"1", "Kiểm tra.", "Sở Tư pháp", "Quý II/2025"});
  unit.push_back({"2", "Ban hành kế hoạch", "Sở Tư pháp", "Quý I/2025"});
  TempDir dir;
  const std::filesystem::path file =
      dir.write("ke-hoach.xlsx", testing::workbook({{"Sở Tư pháp", unit}, {"Tổng hợp", summary}}));
  expect_drafted_once(file, "sheet \"Tổng hợp\", header at row 1",
                      "sheet \"Sở Tư pháp\" left out: its 2 tasks repeat those of sheet \"Tổng hợp\", kept and "
                      "drafted from there");
}

// A Word plan whose task table was pasted again after a page, the copy
// broken in two by a page: each task drafted once, and the summary names
// the copy with its rest and the table kept.
TEST(CliImport, AWordTablePastedAgainIsNamedWithItsRestAndLeftOut) {
  const testing::Rows tasks{{"STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"},
                            {"1", "Ban hành kế hoạch", "Sở Tư pháp", "Quý I/2025"},
                            {"2", "Kiểm tra", "Sở Tư pháp", "Quý II/2025"},
                            {"3", "Tổng kết", "Sở Nội vụ", "Quý IV/2025"}};
  const std::string page_break = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
  TempDir dir;
  const std::filesystem::path file = dir.write(
      "ke-hoach.docx", testing::docx_of(testing::word_paragraph("Kế hoạch năm 2025") + testing::word_table(tasks) +
                                        testing::word_paragraph("Bản sao") + testing::word_table({tasks[0], tasks[1]}) +
                                        page_break + testing::word_table({tasks[2], tasks[3]})));
  expect_drafted_once(file, "table 1, header at row 1",
                      "table 2 (with table 3, its rest after a page break) left out: its 3 tasks repeat those of "
                      "table 1, kept and drafted from there");
}

TEST(CliImport, NothingOpenExits0) {
  TempDir dir;
  std::filesystem::path file = dir.write("plan.csv",
                                         "STT,Nhiệm vụ,Chủ trì,Phối hợp,Sản phẩm,Thời hạn\n1,Một việc,Sở Tư "
                                         "pháp,Sở Nội vụ,Báo cáo,Quý I/2025\n");
  CommandResult r = testing::run_deadlined("import " + file.string() + " " + k_fixture_config);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("id = \"plan\""), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("nothing left open"), std::string::npos) << r.err;
}

// A timeline with a time for each level of government imports; a unit of a
// tier no part names is an open item of its row, as `check` would refuse it.
TEST(CliImport, ATimeForEachLevelImportsAndNamesAUnitItLeavesOut) {
  TempDir dir;
  std::filesystem::path file = dir.write(
      "plan.csv",
      "STT,Nhiệm vụ,Chủ trì,Phối hợp,Sản phẩm,Thời hạn\n"
      "1,Một việc,UBND thành phố Quảng Ngãi,,Báo cáo,\"Trước ngày 15/6/2025 đối với cấp huyện; trước ngày 30/6/2025 "
      "đối với cấp tỉnh\"\n"
      "2,Việc khác,Sở Tư pháp,UBND thị xã Đức Phổ,Báo cáo,\"Cấp xã: Quý II/2025\nCấp huyện: Quý III/2025\"\n");
  CommandResult r = testing::run_deadlined("import " + file.string() + " " + k_fixture_config);
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_NE(r.out.find("when = \"Cấp xã: Quý II/2025\\nCấp huyện: Quý III/2025\""), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("(task 2): unit \"so-tu-phap\" (tier department) has no time in the timeline, which gives one "
                       "only to tiers district, commune"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("task 1)"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("ubnd-tx-duc-pho\" (tier"), std::string::npos) << r.err;
}

TEST(CliImport, YearsWritesTheSpanAndCheckUsesIt) {
  TempDir dir;
  std::filesystem::path file = dir.write("plan.csv",
                                         "STT,Nhiệm vụ,Chủ trì,Phối hợp,Sản phẩm,Thời hạn\n1,Một việc,Sở Tư "
                                         "pháp,Sở Nội vụ,Báo cáo,Hằng năm\n2,Việc khác,Sở Nội vụ,,Báo cáo,Giai đoạn "
                                         "2026 - 2028\n");
  std::filesystem::path plan = dir.path() / "plan.toml";
  CommandResult r = testing::run_deadlined("import " + file.string() + " " + k_fixture_config +
                                           " --years 2026-2028 --output " + plan.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string written = read_file(plan);
  EXPECT_NE(written.find("\nfirst_year = 2026\nlast_year = 2028\n"), std::string::npos) << written;
  EXPECT_EQ(written.find("\nyear = "), std::string::npos) << written;

  // The span reaches check: "Hằng năm" is one obligation a year for 2026-2028.
  std::filesystem::path main = main_with_plan(dir);
  CommandResult agenda =
      testing::run_deadlined("agenda --config " + main.string() + " --from 2026-01-01 --to 2029-12-31 --task 1");
  EXPECT_EQ(agenda.exit_code, 0) << agenda.err;
  EXPECT_NE(agenda.out.find("2026-12-31"), std::string::npos) << agenda.out;
  EXPECT_NE(agenda.out.find("2028-12-31"), std::string::npos) << agenda.out;
  EXPECT_EQ(agenda.out.find("2029-12-31"), std::string::npos) << agenda.out;

  // One year: `year` as before.
  r = testing::run_deadlined("import " + file.string() + " " + k_fixture_config + " --year 2026");
  EXPECT_NE(r.out.find("\nyear = 2026\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("first_year"), std::string::npos) << r.out;
}

TEST(CliImport, UnreadableFileExits66) {
  CommandResult r = testing::run_deadlined("import /nonexistent/plan.docx " + k_fixture_config);
  EXPECT_EQ(r.exit_code, 66);
  EXPECT_NE(r.err.find("import: cannot read /nonexistent/plan.docx"), std::string::npos) << r.err;

  TempDir dir;
  std::filesystem::path broken = dir.write("broken.docx", "PK\x03\x04 this is not a zip archive");
  r = testing::run_deadlined("import " + broken.string() + " " + k_fixture_config);
  EXPECT_EQ(r.exit_code, 66);
  EXPECT_NE(r.err.find("as docx: not a valid Office file"), std::string::npos) << r.err;
}

TEST(CliImport, NoTableExits65AndSaysWhatItLooksFor) {
  TempDir dir;
  std::filesystem::path file = dir.write("letter.txt", "Kính gửi: các sở, ban, ngành\nKhông có bảng.\n");
  CommandResult r = testing::run_deadlined("import " + file.string() + " " + k_fixture_config);
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("no task table found"), std::string::npos) << r.err;
}

TEST(CliImport, UsageErrorsExit64) {
  CommandResult r = testing::run_deadlined("import " + k_fixture_config);
  EXPECT_EQ(r.exit_code, 64);
  r = testing::run_deadlined("import " + k_data + "plan-2025.csv " + k_fixture_config + " --years 2030-2026");
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--years: expected A-B"), std::string::npos) << r.err;
  r = testing::run_deadlined("import " + k_data + "plan-2025.csv " + k_fixture_config + " --plan-id 'a b'");
  EXPECT_EQ(r.exit_code, 64);
}

TEST(CliImport, HelpDescribesTheCommand) {
  CommandResult r = testing::run_deadlined("import --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--sheet"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(".odt, .ods"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("66 FILE cannot be read"), std::string::npos) << r.out;
}

// --output never destroys what it was not meant to: the file being imported
// (a CSV became TOML), a plan someone reviewed (replaced only with --force),
// and a missing directory is said before any work (exit 73, EX_CANTCREAT).
TEST(CliImport, OutputIsNeverTheInputNorAReviewedPlanWithoutForce) {
  TempDir dir;
  const std::string csv =
      "STT,Nhiệm vụ,Chủ trì,Phối hợp,Sản phẩm,Thời hạn\n1,Một việc,Sở Tư pháp,Sở Nội vụ,Báo cáo,Quý I/2025\n";
  std::filesystem::path file = dir.write("plan.csv", csv);
  CommandResult same = testing::run_deadlined("import " + file.string() + " " + k_fixture_config + " --output " +
                                              file.string() + " --force");
  EXPECT_EQ(same.exit_code, 73) << same.err;
  EXPECT_NE(same.err.find("is the file being imported"), std::string::npos) << same.err;
  EXPECT_EQ(read_file(file), csv);

  std::filesystem::path reviewed = dir.write("plan.toml", "# reviewed by hand\n");
  CommandResult exists =
      testing::run_deadlined("import " + file.string() + " " + k_fixture_config + " --output " + reviewed.string());
  EXPECT_EQ(exists.exit_code, 73) << exists.err;
  EXPECT_NE(exists.err.find("exists (a plan you may have reviewed): give --force to replace it"), std::string::npos)
      << exists.err;
  EXPECT_EQ(read_file(reviewed), "# reviewed by hand\n");

  CommandResult forced = testing::run_deadlined("import " + file.string() + " " + k_fixture_config + " --output " +
                                                reviewed.string() + " --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(read_file(reviewed).find("id = \"1\""), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "plan.toml.import-tmp"));

  CommandResult missing = testing::run_deadlined("import " + file.string() + " " + k_fixture_config + " --output " +
                                                 (dir.path() / "no-such-dir" / "plan.toml").string());
  EXPECT_EQ(missing.exit_code, 73) << missing.err;
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace deadlined
