// The table model to a draft plan: header finding, ids, sub-rows, page-break
// continuations, merged cells, open items and the TOML written. Pure: documents
// are built in memory (text and csv from strings, grids by hand).
#include "import/draft.hpp"
#include "import/table.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace deadlined::import {
namespace {

NameIndex names() {
  return NameIndex({
      {"vp", {"Văn phòng UBND tỉnh"}},
      {"stp", {"Sở Tư pháp"}},
      {"so-nganh", {"Các sở, ban, ngành cấp tỉnh", "Các sở, ngành"}},
      {"ubnd-huyen", {"UBND cấp huyện"}},
  });
}

DraftOptions options() {
  DraftOptions o;
  o.plan_id = "test";
  o.source = "test.txt";
  o.config = "main.toml";
  return o;
}

Draft draft_of_text(std::string_view text) {
  auto document = read_text(text);
  EXPECT_TRUE(document.has_value());
  auto draft = build_draft(*document, names(), options());
  EXPECT_TRUE(draft.has_value()) << (draft ? "" : draft.error());
  return draft ? *draft : Draft{};
}

const DraftTask* find(const Draft& draft, std::string_view id) {
  for (const auto& task : draft.tasks) {
    if (task.id == id) {
      return &task;
    }
  }
  return nullptr;
}

TEST(ImportHeader, AnyCaseDiacriticsLineBreaksAndOrder) {
  GridRow row;
  for (const char* text : {"THỜI HẠN\nHOÀN THÀNH", "stt", "Đơn vị\nchủ trì", "Nhiệm vụ", "Ket qua", "Phối hợp"}) {
    row.cells.push_back(GridCell{text});
  }
  auto columns = header_columns(row);
  ASSERT_EQ(columns.size(), 6u);
  EXPECT_EQ(columns[static_cast<int>(Column::number)], 1);
  EXPECT_EQ(columns[static_cast<int>(Column::title)], 3);
  EXPECT_EQ(columns[static_cast<int>(Column::lead)], 2);
  EXPECT_EQ(columns[static_cast<int>(Column::support)], 5);
  EXPECT_EQ(columns[static_cast<int>(Column::product)], 4);
  EXPECT_EQ(columns[static_cast<int>(Column::when)], 0);
  GridRow prose;
  prose.cells.push_back(GridCell{"Nội dung nhiệm vụ của các cơ quan chủ trì"});
  EXPECT_TRUE(header_columns(prose).empty());
}

// The names real plans give their columns: investment plans ("Tên dự án",
// "Chủ đầu tư"), task lists ("Tên nhiệm vụ", "Đơn vị thực hiện"), work plans
// ("Nội dung công việc", "Cơ quan thực hiện"). "Thời gian thực hiện" is the
// timeline even though it says "thực hiện"; columns without a place in a task
// (totals, steps, "Đơn vị tính") are ignored.
TEST(ImportHeader, VariantsOfTheTaskAndLeadColumns) {
  struct Case {
    std::vector<const char*> cells;
    int title;
    int lead;
    int when;
  };
  const std::vector<Case> cases = {
      {{"STT", "Tên dự án", "Tổng mức đầu tư (Triệu đồng)", "Chủ đầu tư", "Thời gian thực hiện", "Bước 1"}, 1, 3, 4},
      {{"TT", "Dự án", "Đơn vị tính", "Chủ đầu tư", "Thời gian thực hiện"}, 1, 3, 4},
      {{"STT", "Tên nhiệm vụ", "Đơn vị thực hiện", "Thời gian thực hiện"}, 1, 2, 3},
      {{"STT", "Nội dung công việc", "Thời gian thực hiện", "Cơ quan thực hiện"}, 1, 3, 2},
      {{"Số TT", "Tên đề án", "Đơn vị chủ trì", "Thời hạn"}, 1, 2, 3},
      {{"STT", "Hoạt động", "Bộ phận thực hiện", "Tiến độ"}, 1, 2, 3},
      {{"STT", "Nhiệm vụ", "Đơn vị phụ trách", "Thời gian"}, 1, 2, 3},
      {{"STT", "Công việc", "Người/đơn vị thực hiện", "Thời hạn"}, 1, 2, 3},
      {{"TT", "Nội dung", "Phân công", "Thời gian", "Ghi chú"}, 1, 2, 3},
      {{"TT", "Nội dung", "Phân công thực hiện", "Thời gian hoàn thành"}, 1, 2, 3},
      {{"STT", "Nội dung", "Trách nhiệm", "Thời gian", "Đơn vị tính"}, 1, 2, 3},
      {{"STT", "Nhiệm vụ", "Thời hạn", "Đơn vị đầu mối"}, 1, 3, 2},
      {{"STT", "Nhiệm vụ", "Cơ quan được giao", "Tiến độ"}, 1, 2, 3},
      {{"STT", "Nội dung", "Cá nhân, đơn vị thực hiện", "Thời gian"}, 1, 2, 3},
  };
  for (const auto& c : cases) {
    GridRow row;
    for (const char* text : c.cells) {
      row.cells.push_back(GridCell{text});
    }
    auto columns = header_columns(row);
    ASSERT_EQ(columns.size(), 6u) << c.cells[1];
    EXPECT_EQ(columns[static_cast<int>(Column::number)], 0) << c.cells[1];
    EXPECT_EQ(columns[static_cast<int>(Column::title)], c.title) << c.cells[1];
    EXPECT_EQ(columns[static_cast<int>(Column::lead)], c.lead) << c.cells[1];
    EXPECT_EQ(columns[static_cast<int>(Column::when)], c.when) << c.cells[1];
    EXPECT_EQ(columns[static_cast<int>(Column::support)], -1) << c.cells[1];
  }
  // "Đơn vị tính" (a unit of measure) alone names no lead.
  GridRow measure;
  for (const char* text : {"STT", "Tên dự án", "Đơn vị tính", "Thời gian thực hiện"}) {
    measure.cells.push_back(GridCell{text});
  }
  EXPECT_TRUE(header_columns(measure).empty());
  // Neither do "Kết quả thực hiện" (a product) nor "Nội dung thực hiện" (the task).
  GridRow results;
  for (const char* text : {"STT", "Nội dung thực hiện", "Kết quả thực hiện", "Thời gian"}) {
    results.cells.push_back(GridCell{text});
  }
  EXPECT_TRUE(header_columns(results).empty());
}

// Lettered sections (A, B, C) give the id prefix as Roman ones do, and sit
// above them: "A.I.1". A letter that follows the current one is a letter even
// where it could be read as a Roman number ("I" after "H").
TEST(ImportDraft, LetteredSectionsAboveRomanOnes) {
  auto draft = draft_of_text(
      "STT\tTên dự án\tChủ đầu tư\tThời gian thực hiện\n"
      "A\tNGUỒN TRUNG ƯƠNG\t\t\n"
      "1\tMột\tSở Tư pháp\t2026\n"
      "B\tNGUỒN ĐỊA PHƯƠNG\t\t\n"
      "I\tLĩnh vực một\t\t\n"
      "1\tHai\tVăn phòng UBND tỉnh\t2026-2027\n"
      "II\tLĩnh vực hai\t\t\n"
      "1\tBa\tSở Tư pháp\t2026\n"
      "C. Dự án chuyển tiếp\t\t\t\n"
      "1\tBốn\tSở Tư pháp\t2026\n");
  std::vector<std::string> ids;
  for (const auto& task : draft.tasks) {
    ids.push_back(task.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"A.1", "B.I.1", "B.II.1", "C.1"}));
  EXPECT_EQ(draft.sections, 5);
  EXPECT_EQ(draft.open_count(), 0u);
  EXPECT_NE(render_plan(draft, options()).find("# B.II. Lĩnh vực hai\n"), std::string::npos);

  std::string long_list = "STT\tDự án\tChủ đầu tư\tThời gian thực hiện\n";
  for (char letter = 'A'; letter <= 'I'; ++letter) {
    long_list += std::string(1, letter) + "\tNhóm\t\t\n1\tViệc\tSở Tư pháp\t2026\n";
  }
  auto lettered = draft_of_text(long_list);
  ASSERT_EQ(lettered.tasks.size(), 9u);
  EXPECT_EQ(lettered.tasks[7].id, "H.1");
  EXPECT_EQ(lettered.tasks[8].id, "I.1");
}

// A row without a number and with no cell but its text, below the tasks (a
// closing recommendation), is kept as a comment and listed, not made a sub-row
// of the last task.
TEST(ImportDraft, ATextRowBelowTheTasksIsACommentAndAnOpenItem) {
  auto draft = draft_of_text(
      "STT\tTên dự án\tChủ đầu tư\tThời gian thực hiện\n"
      "1\tMột\tSở Tư pháp\t2026\n"
      "\tĐề xuất kiến nghị: các chủ đầu tư gửi tiến độ\t\t\n");
  ASSERT_EQ(draft.tasks.size(), 1u);
  EXPECT_EQ(draft.tasks[0].id, "1");
  ASSERT_EQ(draft.open_count(), 1u);
  EXPECT_NE(draft.all_open()[0].message.find("kept as a comment"), std::string::npos);
  EXPECT_NE(render_plan(draft, options()).find("# Đề xuất kiến nghị: các chủ đầu tư gửi tiến độ\n"), std::string::npos);
}

// A cell that gives each level of government its own day is a timeline
// the draft keeps as written, with no open item (pasted text, and CSV with
// the levels on lines of their own).
TEST(ImportDraft, ACellWithADayForEachLevelImports) {
  const Draft pasted = draft_of_text(
      "STT\tNội dung\tĐơn vị chủ trì\tThời gian thực hiện\n"
      "1\tRà soát thủ tục\tUBND cấp huyện\tTrước ngày 15/6 đối với cấp huyện; trước ngày 30/6 đối với cấp tỉnh\n");
  ASSERT_EQ(pasted.tasks.size(), 1u);
  EXPECT_EQ(pasted.tasks[0].when, "Trước ngày 15/6 đối với cấp huyện; trước ngày 30/6 đối với cấp tỉnh");
  const auto timeline_items = [](const Draft& draft) {
    const auto open = draft.all_open();
    return std::count_if(open.begin(), open.end(),
                         [](const OpenItem& item) { return item.kind == OpenKind::timeline; });
  };
  EXPECT_EQ(timeline_items(pasted), 0);
  auto csv = read_csv(
      "STT,Nội dung,Đơn vị chủ trì,Thời gian thực hiện\n"
      "1,Rà soát thủ tục,UBND cấp huyện,\"Cấp tỉnh: Quý II/2022\nCấp huyện, cấp xã: Quý III/2022\"\n");
  ASSERT_TRUE(csv.has_value());
  auto draft = build_draft(*csv, names(), options());
  ASSERT_TRUE(draft.has_value()) << draft.error();
  ASSERT_EQ(draft->tasks.size(), 1u);
  EXPECT_EQ(timeline_items(*draft), 0) << draft->tasks[0].when;
  EXPECT_NE(render_plan(*draft, options()).find("Cấp huyện, cấp xã: Quý III/2022"), std::string::npos);
}

constexpr std::string_view k_pasted =
    "KẾ HOẠCH\n"
    "Kiểm soát thủ tục hành chính năm 2022\n"
    "Text around the table is ignored.\n"
    "\n"
    "Số TT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tCơ quan, đơn vị phối hợp\tSản phẩm\tThời gian thực "
    "hiện\n"
    "I\tXây dựng văn bản\t\t\t\t\n"
    "1\tXây dựng dự thảo Quyết định\tVăn phòng UBND tỉnh\tCác sở, ban, ngành cấp tỉnh; UBND cấp "
    "huyện\tQuyết định\tQuý I/2022\n"
    "2\tTask split by a\tSở Tư\tCông an tỉnh\t\tThường\n"
    "\n"
    "\tpage break\tpháp\t\t\txuyên trong năm 2022\n"
    "II Kiểm soát\t\t\t\t\t\n"
    "1 Sub-heading without cells\t\t\t\t\t\n"
    "1.1\tRow split in two\tCác sở, ngành\tVăn phòng UBND tỉnh\tĐăng ký\tTháng 12/2021\n"
    "\t\tVăn phòng UBND tỉnh\t\tTổng hợp\tTrước 31/12/2021\n"
    "1.2\tNo lead\t\t\t\tMùa xuân năm sau\n"
    "ỦY BAN NHÂN DÂN TỈNH\n";

TEST(ImportDraft, PastedTextSectionsNumbersSubRowsAndPageBreaks) {
  Draft draft = draft_of_text(k_pasted);
  EXPECT_EQ(draft.title, "Kế hoạch kiểm soát thủ tục hành chính năm 2022");
  EXPECT_EQ(draft.year, 2022);
  EXPECT_EQ(draft.header_line, 5);
  EXPECT_EQ(draft.sections, 2);
  ASSERT_EQ(draft.tasks.size(), 5u);

  const DraftTask* i1 = find(draft, "I.1");
  ASSERT_NE(i1, nullptr);
  EXPECT_EQ(i1->lead, (std::vector<std::string>{"vp"}));
  EXPECT_EQ(i1->support, (std::vector<std::string>{"so-nganh", "ubnd-huyen"}));
  EXPECT_EQ(i1->when, "Quý I/2022");
  EXPECT_TRUE(i1->open.empty());

  const DraftTask* i2 = find(draft, "I.2");
  ASSERT_NE(i2, nullptr);
  EXPECT_EQ(i2->title, "Task split by a page break");
  EXPECT_EQ(i2->lead, (std::vector<std::string>{"stp"}));
  EXPECT_EQ(i2->when, "Thường xuyên trong năm 2022");
  ASSERT_EQ(i2->open.size(), 1u);
  EXPECT_EQ(i2->open[0].line, 8);
  EXPECT_EQ(i2->open[0].column, "Cơ quan, đơn vị phối hợp");
  EXPECT_NE(i2->open[0].message.find("\"Công an tỉnh\""), std::string::npos);

  const DraftTask* a = find(draft, "II.1.1a");
  const DraftTask* b = find(draft, "II.1.1b");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->title, "Row split in two");
  EXPECT_EQ(a->lead, (std::vector<std::string>{"so-nganh"}));
  EXPECT_EQ(b->lead, (std::vector<std::string>{"vp"}));
  EXPECT_TRUE(b->support.empty());
  EXPECT_EQ(b->when, "Trước 31/12/2021");
  EXPECT_EQ(draft.split_rows, 1);

  const DraftTask* no_lead = find(draft, "II.1.2");
  ASSERT_NE(no_lead, nullptr);
  ASSERT_EQ(no_lead->open.size(), 2u);  // empty lead, timeline not understood
  EXPECT_NE(no_lead->open[1].message.find("\"Mùa xuân năm sau\" is not a timeline"), std::string::npos);
}

TEST(ImportDraft, RenderedPlanHasOpenCommentsAndEscapes) {
  Draft draft = draft_of_text(k_pasted);
  std::string toml = render_plan(draft, options());
  EXPECT_NE(toml.find("[[plan]]\nid = \"test\"\ntitle = \"Kế hoạch kiểm soát thủ tục hành chính "
                      "năm 2022\"\nyear = 2022\n"),
            std::string::npos)
      << toml;
  EXPECT_NE(toml.find("# OPEN: row 8, \"Cơ quan, đơn vị phối hợp\": \"Công an tỉnh\""), std::string::npos) << toml;
  EXPECT_NE(toml.find("id = \"II.1.1b\"\ntitle = \"Row split in two\"\nlead = [\"vp\"]\nsupport = []\n"),
            std::string::npos)
      << toml;
  EXPECT_EQ(toml_string("a \"b\" \\ c\nd\x01"), "\"a \\\"b\\\" \\\\ c\\nd\\u0001\"");
}

TEST(ImportDraft, WordStyleMergedCells) {
  // As the docx reader gives them: a section row with gridSpan, a lead cell
  // merged over two numbered rows (vMerge), a number cell merged over two rows.
  Document document;
  document.format = SourceFormat::docx;
  Grid grid;
  grid.name = "table 1";
  auto row = [&](int line, std::vector<GridCell> cells) {
    GridRow r;
    r.line = line;
    r.cells = std::move(cells);
    grid.rows.push_back(std::move(r));
  };
  row(1, {{"TT"}, {"Nhiệm vụ"}, {"Cơ quan chủ trì"}, {"Cơ quan phối hợp"}, {"Sản phẩm"}, {"Thời gian hoàn thành"}});
  row(2, {{"I"}, {"NHIỆM VỤ CHUNG"}, {"", false, true}, {"", false, true}, {"", false, true}, {"", false, true}});
  row(3, {{"1"}, {"Một"}, {"Sở Tư pháp"}, {""}, {"Báo cáo"}, {"Quý I/2025"}});
  row(4, {{"2"}, {"Hai"}, {"Sở Tư pháp", true}, {"Văn phòng UBND tỉnh"}, {"Báo cáo"}, {"Quý II/2025"}});
  row(5, {{"3"}, {"Ba"}, {"Các sở, ngành"}, {""}, {"Kế hoạch"}, {"Tháng 3/2025"}});
  row(6, {{"3", true}, {"Ba", true}, {"Văn phòng UBND tỉnh"}, {""}, {"Tổng hợp"}, {"Tháng 4/2025"}});
  document.grids.push_back(std::move(grid));
  auto draft = build_draft(document, names(), options());
  ASSERT_TRUE(draft.has_value()) << draft.error();
  ASSERT_EQ(draft->tasks.size(), 4u);
  EXPECT_EQ(draft->year, 2025);
  EXPECT_EQ(draft->tasks[0].id, "I.1");
  EXPECT_EQ(draft->tasks[1].id, "I.2");
  EXPECT_EQ(draft->tasks[1].lead, (std::vector<std::string>{"stp"}));
  EXPECT_EQ(draft->tasks[2].id, "I.3a");
  EXPECT_EQ(draft->tasks[3].id, "I.3b");
  EXPECT_EQ(draft->tasks[3].title, "Ba");
  EXPECT_EQ(draft->tasks[3].lead, (std::vector<std::string>{"vp"}));
  EXPECT_EQ(draft->open_count(), 0u);
}

// A Word table as the docx reader gives it, built by hand: `line` numbers the
// rows, cells are {text, merged_above, merged_left}.
struct GridBuilder {
  Grid grid;
  explicit GridBuilder(std::string name) { grid.name = std::move(name); }
  GridBuilder& row(int line, std::vector<GridCell> cells) {
    GridRow r;
    r.line = line;
    r.cells = std::move(cells);
    grid.rows.push_back(std::move(r));
    return *this;
  }
};

// The header of many plans: "Cơ quan thực hiện" spans "Chủ trì" | "Phối hợp"
// and "Thời gian" spans "Bắt đầu" | "Hoàn thành"; STT, Nội dung and Sản phẩm
// are merged down over both rows.
GridBuilder& two_row_header(GridBuilder& builder, int line) {
  return builder
      .row(line, {{"STT"},
                  {"Nội dung công việc"},
                  {"Cơ quan thực hiện"},
                  {"", false, true},
                  {"Thời gian thực hiện"},
                  {"", false, true},
                  {"Sản phẩm"}})
      .row(line + 1, {{"STT", true},
                      {"Nội dung công việc", true},
                      {"Chủ trì"},
                      {"Phối hợp"},
                      {"Bắt đầu"},
                      {"Hoàn thành"},
                      {"Sản phẩm", true}});
}

TEST(ImportHeader, TwoRowsWithMergedTopCellsNameTheSubColumns) {
  GridBuilder builder("table 1");
  two_row_header(builder, 1);
  const auto& rows = builder.grid.rows;
  // "Cơ quan thực hiện" names a lead by itself, but the row below names its
  // sub-columns: the header is the two rows.
  EXPECT_FALSE(header_columns(rows[0]).empty());
  auto columns = header_columns(rows[0], rows[1]);
  ASSERT_EQ(columns.size(), 6u);
  EXPECT_EQ(columns[static_cast<int>(Column::number)], 0);
  EXPECT_EQ(columns[static_cast<int>(Column::title)], 1);
  EXPECT_EQ(columns[static_cast<int>(Column::lead)], 2);
  EXPECT_EQ(columns[static_cast<int>(Column::support)], 3);
  EXPECT_EQ(columns[static_cast<int>(Column::when)], 5) << "the end of the work is the deadline";
  EXPECT_EQ(columns[static_cast<int>(Column::product)], 6);
  EXPECT_EQ(header_text(rows[0], &rows[1], 3), "Cơ quan thực hiện Phối hợp");
  EXPECT_EQ(header_text(rows[0], &rows[1], 0), "STT");
  // A header of one row followed by data is not read as two.
  GridRow one_row;
  for (const char* text : {"TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"}) {
    one_row.cells.push_back(GridCell{text});
  }
  EXPECT_TRUE(header_columns(one_row, rows[1]).empty());
}

TEST(ImportDraft, TwoRowHeaderRepeatedOnEveryPage) {
  Document document;
  document.format = SourceFormat::docx;
  GridBuilder builder("table 1");
  two_row_header(builder, 1)
      .row(3,
           {{"1"}, {"Một"}, {"Sở Tư pháp"}, {"Văn phòng UBND tỉnh"}, {"Tháng 01/2025"}, {"Quý I/2025"}, {"Báo cáo"}});
  two_row_header(builder, 4)
      .row(6, {{"2"}, {"Hai"}, {"Văn phòng UBND tỉnh"}, {""}, {""}, {"Tháng 6/2025"}, {"Kế hoạch"}});
  document.grids.push_back(builder.grid);
  auto draft = build_draft(document, names(), options());
  ASSERT_TRUE(draft.has_value()) << draft.error();
  ASSERT_EQ(draft->tasks.size(), 2u);
  EXPECT_EQ(draft->header_line, 1);
  EXPECT_EQ(draft->headers[static_cast<int>(Column::lead)], "Cơ quan thực hiện Chủ trì");
  EXPECT_EQ(draft->headers[static_cast<int>(Column::when)], "Thời gian thực hiện Hoàn thành");
  EXPECT_EQ(draft->tasks[0].lead, (std::vector<std::string>{"stp"}));
  EXPECT_EQ(draft->tasks[0].support, (std::vector<std::string>{"vp"}));
  EXPECT_EQ(draft->tasks[0].when, "Quý I/2025");
  EXPECT_EQ(draft->tasks[0].product, "Báo cáo");
  EXPECT_EQ(draft->tasks[1].id, "2");
  EXPECT_EQ(draft->tasks[1].lead, (std::vector<std::string>{"vp"}));
  EXPECT_EQ(draft->tasks[1].when, "Tháng 6/2025");
  EXPECT_EQ(draft->open_count(), 0u);
}

TEST(ImportDraft, TwoRowHeaderOfPastedTextWithoutMergeMarks) {
  // Copied from a document: the merged top cells become empty cells.
  auto draft = draft_of_text(
      "STT\tNội dung công việc\tCơ quan thực hiện\t\tThời gian\t\tSản phẩm\n"
      "\t\tChủ trì\tPhối hợp\tBắt đầu\tHoàn thành\t\n"
      "1\tMột\tSở Tư pháp\tVăn phòng UBND tỉnh\tTháng 1/2025\tQuý I/2025\tBáo cáo\n");
  ASSERT_EQ(draft.tasks.size(), 1u);
  EXPECT_EQ(draft.headers[static_cast<int>(Column::support)], "Cơ quan thực hiện Phối hợp");
  EXPECT_EQ(draft.headers[static_cast<int>(Column::when)], "Thời gian Hoàn thành");
  EXPECT_EQ(draft.tasks[0].lead, (std::vector<std::string>{"stp"}));
  EXPECT_EQ(draft.tasks[0].support, (std::vector<std::string>{"vp"}));
  EXPECT_EQ(draft.tasks[0].when, "Quý I/2025");
  EXPECT_EQ(draft.tasks[0].product, "Báo cáo");
}

TEST(ImportDraft, ATableSplitIntoSeveralWordTablesIsOneTable) {
  Document document;
  document.format = SourceFormat::docx;
  auto header = std::vector<GridCell>{{"TT"}, {"Nhiệm vụ"}, {"Chủ trì"}, {"Phối hợp"}, {"Thời hạn"}};
  GridBuilder first("table 1");
  first.row(1, header)
      .row(2, {{"1"}, {"Một"}, {"Sở Tư pháp"}, {""}, {"Quý I/2025"}})
      .row(3, {{"2"}, {"Hai"}, {"Văn phòng UBND tỉnh"}, {""}, {"Quý II/2025"}});
  // After a page break: the same columns, the header repeated or not.
  GridBuilder second("table 2");
  second.row(1, header).row(2, {{"3"}, {"Ba"}, {"Sở Tư pháp"}, {""}, {"Quý III/2025"}});
  GridBuilder third("table 3");
  third.row(1, {{"4"}, {"Bốn"}, {"Sở Tư pháp"}, {""}, {"Tháng 12/2025"}});
  // The signature block below the plan: another shape, not tasks.
  GridBuilder signatures("table 4");
  signatures.row(1, {{"Nơi nhận: - Như trên;"}, {"TM. ỦY BAN NHÂN DÂN"}});
  for (auto* builder : {&first, &second, &third, &signatures}) {
    document.grids.push_back(builder->grid);
  }
  auto draft = build_draft(document, names(), options());
  ASSERT_TRUE(draft.has_value()) << draft.error();
  ASSERT_EQ(draft->tasks.size(), 4u);
  EXPECT_EQ(draft->tasks[2].id, "3");
  EXPECT_EQ(draft->tasks[2].when, "Quý III/2025");
  EXPECT_EQ(draft->tasks[3].id, "4");
  EXPECT_EQ(draft->tasks[3].when, "Tháng 12/2025");
  // Rows are numbered on across the tables, so messages point at one place.
  EXPECT_GT(draft->tasks[3].line, draft->tasks[2].line);
  EXPECT_GT(draft->tasks[2].line, draft->tasks[1].line);
}

TEST(ImportDraft, NoHeaderIsAnError) {
  auto document = read_text("Just a letter.\nNo table here.\n");
  ASSERT_TRUE(document.has_value());
  auto draft = build_draft(*document, names(), options());
  ASSERT_FALSE(draft.has_value());
  EXPECT_NE(draft.error().find("no task table found"), std::string::npos);
}

TEST(ImportCsv, QuotedMultiLineCellsSemicolonsAndBom) {
  auto document = read_csv(
      "\xEF\xBB\xBFSTT;Nội dung;Chủ trì;Phối hợp;Kết quả;Thời hạn\r\n"
      "1;\"Hai\r\ndòng\";Sở Tư pháp;\"Văn phòng UBND tỉnh; Sở Tư pháp\";\"Báo "
      "cáo \"\"quý\"\"\";Quý I/2024\r\n");
  ASSERT_TRUE(document.has_value());
  ASSERT_EQ(document->grids.size(), 1u);
  ASSERT_EQ(document->grids[0].rows.size(), 2u);
  EXPECT_EQ(document->grids[0].rows[1].cells.size(), 6u);
  auto draft = build_draft(*document, names(), options());
  ASSERT_TRUE(draft.has_value()) << draft.error();
  ASSERT_EQ(draft->tasks.size(), 1u);
  EXPECT_EQ(draft->tasks[0].id, "1");
  EXPECT_EQ(draft->tasks[0].title, "Hai dòng");
  EXPECT_EQ(draft->tasks[0].product, "Báo cáo \"quý\"");
  EXPECT_EQ(draft->tasks[0].support, (std::vector<std::string>{"vp", "stp"}));
}

TEST(ImportText, CleanCellText) {
  EXPECT_EQ(clean_cell_text("<p>Một\n  hai</p>\t<ul style=\"x\"> - ba</ul>"), "Một hai - ba");
  EXPECT_EQ(clean_cell_text("a < b > c"), "a < b > c");
}

TEST(ImportReaders, GarbageIsAnErrorNotACrash) {
  EXPECT_FALSE(read_docx("PK\x03\x04 not really a zip").has_value());
  EXPECT_FALSE(read_xlsx("", "").has_value());
  EXPECT_FALSE(read_text(std::string_view("\xFF\xFE\x41\x00", 4)).has_value());
  EXPECT_EQ(detect_format("plan.DOCX", ""), SourceFormat::docx);
  EXPECT_EQ(detect_format("plan", "PK\x03\x04....xl/workbook.xml"), SourceFormat::xlsx);
}

// The plan's title: after "Phụ lục" and its number on the same line, and a
// short one ("KẾ HOẠCH NĂM 2026"); not a plan's reference number.
TEST(ImportDraft, ThePlansTitleAfterTheAppendixName) {
  const std::string table =
      "Số TT\tNội dung\tĐơn vị chủ trì\tThời gian\n"
      "1\tXây dựng dự thảo\tVăn phòng UBND tỉnh\tQuý I/2026\n";
  EXPECT_EQ(draft_of_text("PHỤ LỤC II KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026\n\n" + table).title,
            "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026");
  EXPECT_EQ(draft_of_text("KẾ HOẠCH NĂM 2026\n\n" + table).title, "KẾ HOẠCH NĂM 2026");
  EXPECT_EQ(draft_of_text("Kế hoạch số 12/KH-UBND\n\n" + table).title, "test");  // no title: the plan's id
}

}  // namespace
}  // namespace deadlined::import
