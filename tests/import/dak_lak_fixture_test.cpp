// A real provincial plan as CSV: Phụ lục III "Kế hoạch điều hành tiến độ các
// bước theo từng dự án đầu tư công" of UBND tỉnh Đắk Lắk (8/2026), kept byte
// for byte as tests/import/data/dak-lak-2026-phu-luc-iii-dau-tu-cong.csv
// (source: public GitHub repository nvluu/TheoDoiNhiemVu, data.csv, commit
// 616ed8a31ba8063e60bd2d1dd3b57af66ad44edb; see tests/import/data/README.md).
// Its header names the columns as investment plans do ("Tên dự án", "Chủ đầu
// tư", "Thời gian thực hiện"), its sections are lettered (A, B), it has
// columns the task model has no place for (investment totals, 12 steps), and
// its numbering repeats "5" and "7".
#include "import/draft.hpp"
#include "import/names.hpp"
#include "import/table.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

namespace deadlined::import {
namespace {

const std::string k_fixture = DEADLINED_SOURCE_DIR "/tests/import/data/dak-lak-2026-phu-luc-iii-dau-tu-cong.csv";

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

Draft import_dak_lak() {
  std::string bytes = read_file(k_fixture);
  EXPECT_EQ(bytes.size(), 7138u) << "the fixture is the published file byte for byte";
  auto document = parse_table_bytes(SourceFormat::csv, bytes, ReadOptions{});
  EXPECT_TRUE(document.has_value()) << (document ? "" : document.error());
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

}  // namespace
}  // namespace deadlined::import
