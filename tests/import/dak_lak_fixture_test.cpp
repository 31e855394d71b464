// A real provincial plan as CSV: Phụ lục III "Kế hoạch điều hành tiến độ các
// bước theo từng dự án đầu tư công" of UBND tỉnh Đắk Lắk (8/2026), kept byte
// for byte as tests/import/data/dak-lak-2026-phu-luc-iii-dau-tu-cong.csv
// (source: public GitHub repository nvluu/TheoDoiNhiemVu, data.csv, commit
// 616ed8a31ba8063e60bd2d1dd3b57af66ad44edb; see tests/import/data/README.md).
// Its header names the columns as investment plans do ("Tên dự án", "Chủ đầu
// tư", "Thời gian thực hiện"), its sections are lettered (A, B), it has
// columns the task model has no place for (investment totals, 12 steps), and
// its numbering repeats "5" and "7". The same table as the Word document and
// the workbook it was laid out in (the .docx and .xlsx beside it, written by
// make_fixtures.py from the CSV's cells): title paragraphs or title rows merged
// across, section rows spanning the columns, and the "Ghi chú các bước" cell
// merged down over every project row.
#include "import/draft.hpp"
#include "import/names.hpp"
#include "import/table.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

namespace deadlined::import {
namespace {

const std::string k_data = DEADLINED_SOURCE_DIR "/tests/import/data/";
const std::string k_name = "dak-lak-2026-phu-luc-iii-dau-tu-cong";
const std::string k_fixture = k_data + k_name + ".csv";
const std::string k_docx = k_data + k_name + ".docx";  // laid out from the CSV by make_fixtures.py
const std::string k_xlsx = k_data + k_name + ".xlsx";

// The investors of the table, by the names its cells write (the shipped
// example, config/examples/dak-lak-dau-tu-cong-2026-2028/units.toml, has the
// same ids; tests/app/multi_year_cli_test.cpp imports against it).
NameIndex investors() {
  return NameIndex({
      {"so-khcn", {"Sở Khoa học và Công nghệ"}},
      {"chi-cuc-kiem-lam", {"Chi cục Kiểm lâm tỉnh Đắk Lắk"}},
      {"bql-khu-nnudcnc-phu-yen", {"BQL khu nông nghiệp ứng dụng công nghệ cao Phú Yên"}},
      {"vp-tinh-uy", {"Văn phòng Tỉnh Ủy"}},
      {"cong-an-tinh", {"Công an tỉnh"}},
      {"so-tu-phap", {"Sở Tư pháp"}},
      {"so-xay-dung", {"Sở Xây dựng"}},
      {"so-gddt", {"Sở Giáo dục và Đào tạo"}},
      {"so-nnmt", {"Sở Nông nghiệp và Môi trường"}},
      {"bch-bdbp-tinh", {"Ban Chỉ huy BĐBP tỉnh Đắk Lắk"}},
  });
}

using Ids = std::vector<std::string>;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

Draft import_dak_lak(const std::string& path = k_fixture) {
  std::string bytes = read_file(path);
  const SourceFormat format = detect_format(path, bytes);
  if (format == SourceFormat::csv) {
    EXPECT_EQ(bytes.size(), 7138u) << "the fixture is the published file byte for byte";
  }
  auto document = parse_table_bytes(format, bytes, ReadOptions{});
  EXPECT_TRUE(document.has_value()) << path << ": " << (document ? "" : document.error());
  if (!document) {
    return {};
  }
  DraftOptions options;
  options.plan_id = "dak-lak-dau-tu-cong-2026-2028";
  options.year = 2025;
  options.last_year = 2028;
  auto draft = build_draft(*document, investors(), options);
  EXPECT_TRUE(draft.has_value()) << (draft ? "" : draft.error());
  return draft ? *draft : Draft{};
}

TEST(ImportDakLak, InvestmentHeaderNamesTheColumns) {
  Draft draft = import_dak_lak();
  EXPECT_EQ(draft.headers[static_cast<int>(Column::number)], "STT");
  EXPECT_EQ(draft.headers[static_cast<int>(Column::title)], "Tên dự án");
  EXPECT_EQ(draft.headers[static_cast<int>(Column::lead)], "Chủ đầu tư");
  EXPECT_EQ(draft.headers[static_cast<int>(Column::when)], "Thời gian thực hiện");
  EXPECT_EQ(draft.title,
            "KẾ HOẠCH ĐIỀU HÀNH TIẾN ĐỘ CÁC BƯỚC THEO TỪNG DỰ ÁN ĐẦU TƯ CÔNG TỚI THỜI ĐIỂM HIỆN TẠI (CẬP NHẬT "
            "NGÀY 14/8/2026)");
}

TEST(ImportDakLak, LetteredSectionsGiveTheIdPrefixAndRepeatedNumbersStayApart) {
  Draft draft = import_dak_lak();
  EXPECT_EQ(draft.sections, 2);
  Ids ids;
  for (const auto& task : draft.tasks) {
    ids.push_back(task.id);
  }
  EXPECT_EQ(ids, (Ids{"A.1",  "B.2",  "B.3",  "B.4",  "B.5",  "B.5-2", "B.7",  "B.6",  "B.7-2", "B.8", "B.9",
                      "B.10", "B.11", "B.12", "B.13", "B.14", "B.15",  "B.16", "B.17", "B.18",  "B.19"}));
  // Every repeated number is an open item at its row; the closing
  // recommendation (no number, no lead, no timeline) is a comment and one too.
  std::vector<std::string> messages;
  for (const auto& item : draft.all_open()) {
    messages.push_back(item.message);
  }
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_NE(messages[0].find("Đề xuất kiến nghị"), std::string::npos) << messages[0];
  EXPECT_EQ(messages[1], "the id \"B.5\" is used by an earlier row; this row is \"B.5-2\"");
  EXPECT_EQ(messages[2], "the id \"B.7\" is used by an earlier row; this row is \"B.7-2\"");
  EXPECT_NE(draft.trailing_heading.find("# Đề xuất kiến nghị: Các đơn vị (Chủ đầu tư)"), std::string::npos);
}

TEST(ImportDakLak, CellsAreCopiedVerbatimAndInvestorsResolved) {
  Draft draft = import_dak_lak();
  ASSERT_EQ(draft.tasks.size(), 21u);
  const auto& wan = draft.tasks[0];
  EXPECT_EQ(wan.title, "Dự án Xây dựng mạng WAN tỉnh Đắk Lắk");
  EXPECT_EQ(wan.lead, (Ids{"so-khcn"}));  // "Sở Khoa học và Công nghệ " with its trailing space
  EXPECT_TRUE(wan.support.empty());
  EXPECT_TRUE(wan.product.empty()) << "the steps and totals have no column in a task";
  EXPECT_EQ(wan.when, "2025-2026");
  EXPECT_EQ(draft.tasks[1].title,
            "Ứng dụng công nghệ cao trong công tác quản lý, giám sát tài nguyên rừng tỉnh Đắk Lắk");
  EXPECT_EQ(draft.tasks[1].lead, (Ids{"chi-cuc-kiem-lam"}));  // " Chi cục Kiểm lâm ..." with its leading space
  EXPECT_EQ(draft.tasks[2].lead, (Ids{"bql-khu-nnudcnc-phu-yen"}));
  EXPECT_EQ(draft.tasks[2].when, "2016-2025");
  EXPECT_EQ(draft.tasks[3].lead, (Ids{"vp-tinh-uy"}));
  EXPECT_EQ(draft.tasks[3].when, "2026");
  EXPECT_EQ(draft.tasks[4].lead, (Ids{"vp-tinh-uy"}));
  EXPECT_EQ(draft.tasks[4].when, "2026-2027");
  EXPECT_EQ(draft.tasks[5].title,
            "Xây dựng nền tảng dữ liệu số phục vụ công tác chỉ huy - điều hành an ninh trật tự Công an tỉnh Đắk Lắk");
  EXPECT_EQ(draft.tasks[5].lead, (Ids{"cong-an-tinh"}));
  EXPECT_EQ(draft.tasks[6].lead, (Ids{"so-tu-phap"}));
  EXPECT_EQ(draft.tasks[8].title, "Triển khai hệ thống Họp không giấy tờ");
  EXPECT_EQ(draft.tasks[8].when, "2026-2028");
  EXPECT_EQ(draft.tasks[11].lead, (Ids{"so-xay-dung"}));
  EXPECT_EQ(draft.tasks[13].lead, (Ids{"so-gddt"}));
  EXPECT_EQ(draft.tasks[18].lead, (Ids{"so-nnmt"}));
  const auto& border = draft.tasks[20];
  // The source's typos are kept: "chuyển đỗi", "Đắk Låk".
  EXPECT_EQ(border.title,
            "Mua sắm trang bị và đầu tư mạng LAN nội bộ thực hiện chuyển đỗi số và cải cách hành chính trong công "
            "tác quản lý, bảo vệ chủ quyền an ninh biên giới quốc gia của BĐBP tỉnh Đắk Låk");
  EXPECT_EQ(border.lead, (Ids{"bch-bdbp-tinh"}));
  EXPECT_EQ(border.when, "2026");
  for (const auto& task : draft.tasks) {
    EXPECT_EQ(task.lead.size(), 1u) << task.id;
    for (const auto& item : task.open) {
      EXPECT_NE(item.kind, OpenKind::timeline) << task.id << ": " << item.message;
      EXPECT_NE(item.kind, OpenKind::unit) << task.id << ": " << item.message;
    }
  }
}

// The same table as Word and Excel gives the same plan as the CSV: the same
// tasks cell for cell and the same open items; only where the rows are (a
// table row, a sheet row, a line of the CSV) differs.
class ImportDakLakLaidOut : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportDakLakLaidOut, GivesTheTasksAndOpenItemsOfTheCsv) {
  const Draft csv = import_dak_lak();
  const Draft laid_out = import_dak_lak(k_data + GetParam());
  ASSERT_EQ(csv.tasks.size(), 21u);
  ASSERT_EQ(laid_out.tasks.size(), csv.tasks.size());
  for (std::size_t i = 0; i < csv.tasks.size(); ++i) {
    const DraftTask& want = csv.tasks[i];
    const DraftTask& got = laid_out.tasks[i];
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(got.title, want.title) << want.id;
    EXPECT_EQ(got.when, want.when) << want.id;
    EXPECT_EQ(got.lead, want.lead) << want.id;
    EXPECT_EQ(got.support, want.support) << want.id;
    EXPECT_EQ(got.product, want.product) << want.id;
    EXPECT_EQ(got.heading, want.heading) << want.id;
    EXPECT_EQ(got.notes, want.notes) << want.id;
  }
  EXPECT_EQ(laid_out.title, csv.title);
  EXPECT_EQ(laid_out.headers, csv.headers);
  EXPECT_EQ(laid_out.sections, csv.sections);
  EXPECT_EQ(laid_out.split_rows, 0);
  EXPECT_EQ(laid_out.trailing_heading, csv.trailing_heading);
  const std::vector<OpenItem> want = csv.all_open();
  const std::vector<OpenItem> got = laid_out.all_open();
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].kind, want[i].kind) << want[i].message;
    EXPECT_EQ(got[i].task, want[i].task) << want[i].message;
    EXPECT_EQ(got[i].column, want[i].column) << want[i].message;
    EXPECT_EQ(got[i].message, want[i].message);
  }
  // The written plans differ only in their comments (where each row is).
  DraftOptions options;
  auto without_comments = [](const std::string& plan) {
    std::string out;
    std::size_t start = 0;
    while (start < plan.size()) {
      std::size_t end = std::min(plan.find('\n', start), plan.size());
      if (plan.compare(start, 1, "#") != 0) {
        out.append(plan, start, end - start).push_back('\n');
      }
      start = end + 1;
    }
    return out;
  };
  EXPECT_EQ(without_comments(render_plan(laid_out, options)), without_comments(render_plan(csv, options)));
}

INSTANTIATE_TEST_SUITE_P(WordAndExcel, ImportDakLakLaidOut, ::testing::Values(k_name + ".docx", k_name + ".xlsx"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param.substr(param.param.rfind('.') + 1);
                         });

// Where each open item is: the row of the Word table or of the sheet.
std::vector<int> open_item_rows(const Draft& draft) {
  std::vector<int> rows;
  for (const auto& item : draft.all_open()) {
    rows.push_back(item.line);
  }
  return rows;
}

TEST(ImportDakLak, OpenItemsAreAtTheirTableOrSheetRows) {
  Draft word = import_dak_lak(k_docx);
  EXPECT_EQ(word.grid_name, "table 1");
  EXPECT_EQ(word.header_line, 1);
  // The closing recommendation (table row 25), then B.5-2 and B.7-2.
  EXPECT_EQ(open_item_rows(word), (std::vector<int>{25, 9, 12}));
  Draft excel = import_dak_lak(k_xlsx);
  EXPECT_EQ(excel.grid_name, "sheet \"Phụ lục III\"");
  EXPECT_EQ(excel.header_line, 4);
  EXPECT_EQ(open_item_rows(excel), (std::vector<int>{28, 12, 15}));
}

// The "Ghi chú các bước" cell, written once in the CSV (at project 1), is one
// cell merged down to the last project in Word (w:vMerge) and Excel (a merged
// range): every row under it, the section row B included, reads its text and
// is marked as continuing it.
TEST(ImportDakLak, TheStepsCellMergedDownIsInheritedByEveryProjectRow) {
  const std::string steps = "Bước 1: Lập & Phê duyệt Chủ trương đầu tư (15 - 30 ngày)";
  for (const std::string& path : {k_docx, k_xlsx}) {
    std::string bytes = read_file(path);
    auto document = parse_table_bytes(detect_format(path, bytes), bytes, ReadOptions{});
    ASSERT_TRUE(document.has_value()) << path << ": " << document.error();
    ASSERT_EQ(document->grids.size(), 1u) << path;
    const Grid& grid = document->grids.front();
    std::vector<std::string> merged_rows;  // the number cell of each row continuing the steps cell
    std::string first;
    for (const GridRow& row : grid.rows) {
      ASSERT_EQ(row.cells.size(), 19u) << path << " row " << row.line;
      const GridCell& notes = row.cells.back();
      if (notes.text.starts_with(steps) && !notes.merged_above) {
        first = row.cells.front().text;
      }
      if (notes.merged_above) {
        EXPECT_TRUE(notes.text.starts_with(steps)) << path << " row " << row.line;
        EXPECT_NE(notes.text.find("\nBước 12: Chuyển giao Bảo hành & Bảo trì (5 - 7 ngày)"), std::string::npos);
        merged_rows.push_back(row.cells.front().text);
      }
    }
    EXPECT_EQ(first, "1") << path;
    EXPECT_EQ(merged_rows, (Ids{"B",  "2",  "3",  "4",  "5",  "5",  "7",  "6",  "7",  "8", "9",
                                "10", "11", "12", "13", "14", "15", "16", "17", "18", "19"}))
        << path;
    // The section row B spans the columns up to the steps cell; the closing
    // recommendation spans them all.
    const GridRow& section_b = grid.rows[grid.rows.size() - 22];
    EXPECT_EQ(section_b.cells[1].text, "NGUỒN ĐỊA PHƯƠNG THEO NGHỊ QUYẾT 55") << path;
    for (std::size_t c = 2; c < 18; ++c) {
      EXPECT_TRUE(section_b.cells[c].merged_left) << path << " column " << c;
    }
    EXPECT_FALSE(section_b.cells[18].merged_left) << path;
    const GridRow& closing = grid.rows.back();
    EXPECT_TRUE(closing.cells[18].merged_left) << path;
    EXPECT_FALSE(closing.cells[18].merged_above) << path;
  }
}

}  // namespace
}  // namespace deadlined::import
