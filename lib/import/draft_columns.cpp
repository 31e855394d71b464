// Finding a plan's table by its header: which column a header cell names
// (number, task, lead, support, product, timeline), headers of one row and of
// two rows with sub-columns, and the text each column is named by.
#include "import/draft.hpp"

#include "util/text.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace deadlined::import {

namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

bool starts_with_word(const std::string& folded, std::string_view word) {
  return folded.starts_with(word) && (folded.size() == word.size() || folded[word.size()] == ' ');
}

// A lead column named by who does the work rather than by "chủ trì": "Chủ đầu
// tư" (investment plans), "Đơn vị thực hiện", "Cơ quan thực hiện", "Bộ phận
// thực hiện", "Người/đơn vị thực hiện", "Đơn vị phụ trách", "Phân công (thực
// hiện)", "Trách nhiệm", "Đơn vị đầu mối", "Cơ quan được giao", "Đơn vị"
// (not "Đơn vị tính", a unit of measure).
bool names_an_agency(const std::string& folded) {
  if (contains(folded, "chu dau tu") || contains(folded, "phu trach") || contains(folded, "nguoi thuc hien") ||
      contains(folded, "trach nhiem thuc hien") || starts_with_word(folded, "phan cong") ||
      starts_with_word(folded, "trach nhiem") || contains(folded, "dau moi") || contains(folded, "duoc giao")) {
    return true;
  }
  // "Người/đơn vị thực hiện", "Cá nhân, đơn vị thực hiện": who, then what they do.
  const bool who = contains(folded, "don vi") || contains(folded, "co quan") || contains(folded, "bo phan") ||
                   contains(folded, "nguoi") || contains(folded, "ca nhan");
  if (who && contains(folded, "thuc hien") && !contains(folded, "don vi tinh")) {
    return true;
  }
  for (std::string_view head : {"don vi", "co quan", "bo phan"}) {
    if (starts_with_word(folded, head) && !starts_with_word(folded, "don vi tinh")) {
      return true;
    }
  }
  return false;
}

// A task column named by the kind of work: "Tên dự án", "Dự án", "Tên đề án",
// "Tên nhiệm vụ", "Tên công việc", "Hoạt động", "Tên chương trình".
bool names_a_work(const std::string& folded) {
  for (std::string_view word : {"du an", "de an", "hoat dong", "chuong trinh"}) {
    if (starts_with_word(folded, word) || contains(folded, "ten " + std::string(word))) {
      return true;
    }
  }
  return false;
}

// Which column a header cell names (folded text), or -1.
int classify_header(const std::string& folded) {
  if (folded.empty()) {
    return -1;
  }
  if (folded == "so tt" || folded == "tt" || folded == "stt" || folded == "so thu tu" || folded == "so" ||
      contains(folded, "so tt")) {
    return static_cast<int>(Column::number);
  }
  if (contains(folded, "chu tri")) {
    return static_cast<int>(Column::lead);
  }
  if (contains(folded, "phoi hop")) {
    return static_cast<int>(Column::support);
  }
  // Before the agencies below: "Thời gian thực hiện" is the timeline.
  // "Ngày hoàn thành", "Hạn hoàn thành", "Hạn chót", "Thời điểm hoàn thành",
  // "Hoàn thành" alone: when the work is due.
  if (contains(folded, "thoi gian") || contains(folded, "thoi han") || contains(folded, "tien do") ||
      contains(folded, "thoi diem") || contains(folded, "han chot") || starts_with_word(folded, "han") ||
      starts_with_word(folded, "ngay hoan thanh") || folded == "hoan thanh") {
    return static_cast<int>(Column::when);
  }
  if (names_an_agency(folded)) {
    return static_cast<int>(Column::lead);
  }
  if (contains(folded, "san pham") || contains(folded, "ket qua")) {
    return static_cast<int>(Column::product);
  }
  if (contains(folded, "noi dung") || contains(folded, "nhiem vu") || contains(folded, "cong viec") ||
      names_a_work(folded)) {
    return static_cast<int>(Column::title);
  }
  return -1;
}

// A timeline column that names the end of the work ("Hoàn thành", "Kết thúc",
// "Thời hạn", "Đến ngày") rather than its start ("Bắt đầu", "Từ ngày").
bool names_an_end(const std::string& folded) {
  return contains(folded, "hoan thanh") || contains(folded, "ket thuc") || contains(folded, "thoi han") ||
         contains(folded, "han chot") || starts_with_word(folded, "den") || contains(folded, " den ngay");
}

bool names_a_start(const std::string& folded) {
  return contains(folded, "bat dau") || contains(folded, "khoi cong") || starts_with_word(folded, "tu ngay") ||
         contains(folded, " tu ngay");
}

std::vector<int> classify_columns(const GridRow& top, const GridRow* bottom) {
  std::vector<int> columns(k_column_count, -1);
  std::vector<std::string> chosen_text(k_column_count);
  for (std::size_t i = 0; i < top.cells.size(); ++i) {
    if (bottom == nullptr && top.cells[i].merged_left) {
      continue;
    }
    if (bottom != nullptr && top.cells[i].merged_left &&
        (i >= bottom->cells.size() || bottom->cells[i].merged_left || clean_cell_text(bottom->cells[i].text).empty())) {
      continue;  // one wide cell over both rows: named once, at its left
    }
    const std::string folded = fold_vietnamese(header_text(top, bottom, i));
    const int kind = classify_header(folded);
    if (kind < 0) {
      continue;
    }
    const auto slot = static_cast<std::size_t>(kind);
    const bool replaces_a_start = kind == static_cast<int>(Column::when) && columns[slot] >= 0 &&
                                  names_an_end(folded) && !names_an_end(chosen_text[slot]);
    // "Cơ quan chủ trì" names the lead outright; a column found by other
    // words ("Lãnh đạo UBND tỉnh phụ trách", a person) gives way to it.
    const bool names_the_lead_outright = kind == static_cast<int>(Column::lead) && columns[slot] >= 0 &&
                                         contains(folded, "chu tri") && !contains(chosen_text[slot], "chu tri");
    if (columns[slot] < 0 || replaces_a_start || names_the_lead_outright) {
      columns[slot] = static_cast<int>(i);
      chosen_text[slot] = folded;
    }
  }
  auto has = [&](Column c) { return columns[static_cast<std::size_t>(c)] >= 0; };
  if (!has(Column::number) || !has(Column::title) || !has(Column::lead) || !has(Column::when)) {
    return {};
  }
  return columns;
}

}  // namespace

std::string header_text(const GridRow& top, const GridRow* bottom, std::size_t physical) {
  std::string text;
  if (physical < top.cells.size()) {
    // Pasted text and CSV carry no merge marks: there an empty top cell over a
    // named sub-column belongs to the nearest named top cell on its left, if
    // that one has sub-columns too.
    auto blank_top = [&](std::size_t i) { return bottom != nullptr && clean_cell_text(top.cells[i].text).empty(); };
    std::size_t spanning = physical;
    while (spanning > 0 && (top.cells[spanning].merged_left || blank_top(spanning))) {
      --spanning;
    }
    const bool marked = spanning == physical || top.cells[physical].merged_left;
    const bool spans_sub_columns = bottom != nullptr && spanning < bottom->cells.size() &&
                                   !bottom->cells[spanning].merged_above &&
                                   !clean_cell_text(bottom->cells[spanning].text).empty();
    if (marked || spans_sub_columns) {
      text = clean_cell_text(top.cells[spanning].text);
    }
  }
  if (bottom != nullptr && physical < bottom->cells.size() && !bottom->cells[physical].merged_above &&
      !bottom->cells[physical].merged_left) {
    const std::string below = clean_cell_text(bottom->cells[physical].text);
    if (!below.empty() && below != text) {
      text = text.empty() ? below : text + " " + below;
    }
  }
  return text;
}

std::vector<int> header_columns(const GridRow& row) {
  return classify_columns(row, nullptr);
}

namespace {

// Whether `bottom` names sub-columns of the header row `top` ("Chủ trì" |
// "Phối hợp" under "Cơ quan thực hiện", "Bắt đầu" | "Hoàn thành" under "Thời
// gian"): its number cell is empty (merged down), and a cell of it under a
// top cell merged from the left (or left blank, in pasted text and CSV) is a
// header's name. A row of data has a number.
bool names_sub_columns(const GridRow& top, const GridRow& bottom) {
  const std::vector<int> columns = classify_columns(top, nullptr);
  const auto number = static_cast<std::size_t>(columns[static_cast<std::size_t>(Column::number)]);
  if (number < bottom.cells.size() && !bottom.cells[number].merged_above &&
      !clean_cell_text(bottom.cells[number].text).empty()) {
    return false;
  }
  for (std::size_t i = 0; i < bottom.cells.size() && i < top.cells.size(); ++i) {
    const GridCell& cell = bottom.cells[i];
    if (cell.merged_above || cell.merged_left ||
        (!top.cells[i].merged_left && !clean_cell_text(top.cells[i].text).empty())) {
      continue;
    }
    const std::string folded = fold_vietnamese(clean_cell_text(cell.text));
    if (classify_header(folded) >= 0 || names_an_end(folded) || names_a_start(folded)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<int> header_columns(const GridRow& top, const GridRow& bottom) {
  // The header is the bottom row, unless that row only repeats the top's
  // cells merged down over it (its number cell continues the one above) and
  // names sub-columns of it: "Thời gian thực hiện" over "Bắt đầu" | "Hoàn thành".
  if (const std::vector<int> alone = header_columns(bottom); !alone.empty()) {
    const auto number = static_cast<std::size_t>(alone[static_cast<std::size_t>(Column::number)]);
    if (number >= bottom.cells.size() || !bottom.cells[number].merged_above) {
      return {};
    }
  }
  if (!header_columns(top).empty() && !names_sub_columns(top, bottom)) {
    return {};  // a header of one row (followed by a row of data or numbers)
  }
  return classify_columns(top, &bottom);
}

}  // namespace deadlined::import
