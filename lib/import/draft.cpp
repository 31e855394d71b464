#include "import/draft.hpp"

#include "import/draft_numbers.hpp"
#include "import/draft_title.hpp"
#include "import/legacy_text.hpp"

#include "schedule/timeline.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace deadlined::import {

namespace {

constexpr std::array<const char*, k_column_count> k_column_names = {"number",  "task",    "lead",
                                                                    "support", "product", "timeline"};

struct LogicalRow {
  int line = 0;
  std::array<std::string, k_column_count> cells;  // cleaned text per column
  std::array<std::string, k_column_count> raw;    // text before cleaning, with line breaks
  std::array<bool, k_column_count> merged_above{};
  int first_filled_physical = 0;  // physical index of the first non-empty cell
  bool single_cell = false;       // a line without any tab (text)
  bool wide_cell = false;         // its text stands in one cell spanning the row (a section's)
};

bool has_content(const LogicalRow& row) {
  for (Column c : {Column::lead, Column::support, Column::product, Column::when}) {
    if (!row.cells[static_cast<int>(c)].empty()) {
      return true;
    }
  }
  return false;
}

// Content the row holds itself, not by a cell merged down from a task above
// (a lead merged over a group of tasks and the section row between them).
bool has_own_content(const LogicalRow& row) {
  for (Column c : {Column::lead, Column::support, Column::product, Column::when}) {
    if (!row.cells[static_cast<int>(c)].empty() && !row.merged_above[static_cast<int>(c)]) {
      return true;
    }
  }
  return false;
}

// A section row whose only cells of its own start a merge running down over
// the tasks under it (a Word w:vMerge restarted on the section row "I |
// CÔNG TÁC CHỈ ĐẠO | Văn phòng UBND tỉnh" and continued by its tasks): the
// merged cell is the group's, not a task's. `next` is the row below.
bool heads_a_merged_group(const LogicalRow& row, const LogicalRow* next) {
  if (next == nullptr || next->merged_above[static_cast<int>(Column::number)]) {
    return false;
  }
  const std::string next_number = strip_number(next->cells[static_cast<int>(Column::number)]);
  if (!is_arabic(next_number)) {
    return false;  // another section or a heading: the row is no group's head
  }
  bool merged_down = false;
  for (Column c : {Column::lead, Column::support, Column::product, Column::when}) {
    const auto k = static_cast<int>(c);
    if (row.cells[k].empty() || row.merged_above[k]) {
      continue;
    }
    if (!next->merged_above[k]) {
      return false;  // a cell of the row's own
    }
    merged_down = true;
  }
  return merged_down;
}

// The number of the first row after `at` with a number of its own (empty: none).
std::string next_numbered(const std::vector<LogicalRow>& rows, std::size_t at) {
  for (std::size_t k = at + 1; k < rows.size(); ++k) {
    const std::string& number = rows[k].cells[static_cast<int>(Column::number)];
    if (!number.empty() && !rows[k].merged_above[static_cast<int>(Column::number)]) {
      const auto split = split_numbered(number);
      return without_leading_zeros(strip_number(split ? split->first : number));
    }
  }
  return {};
}

// A section numbered "1.", "2." rather than "I", "II": a whole number, a
// title and no cells of its own (or only cells merged down over its tasks),
// its title in one cell spanning the row or its tasks numbered under it
// ("1.1", "1.2"). A task "1." with a lead or a timeline is a task.
// The row below is looked for last: only such rows look, so a table pays
// for each row once.
bool arabic_section(const std::vector<LogicalRow>& rows, std::size_t at, const std::string& bare,
                    const std::string& title) {
  const LogicalRow& row = rows[at];
  if (!is_arabic(bare) || bare.find('.') != std::string::npos || title.empty()) {
    return false;
  }
  if (has_own_content(row) && !heads_a_merged_group(row, at + 1 < rows.size() ? &rows[at + 1] : nullptr)) {
    return false;
  }
  return row.wide_cell || next_numbered(rows, at).starts_with(bare + ".");
}

std::string joined(const std::string& a, const std::string& b) {
  if (a.empty()) {
    return b;
  }
  if (b.empty()) {
    return a;
  }
  return a + " " + b;
}

int infer_year(const std::vector<LogicalRow>& rows, const std::vector<std::string>& paragraphs) {
  std::map<int, int> counts;
  auto scan = [&](const std::string& text, int weight) {
    for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
      if ((i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1]))) ||
          (i + 4 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 4])))) {
        continue;
      }
      if (text[i] == '2' && text[i + 1] == '0' && std::isdigit(static_cast<unsigned char>(text[i + 2])) &&
          std::isdigit(static_cast<unsigned char>(text[i + 3]))) {
        counts[std::stoi(text.substr(i, 4))] += weight;
      }
    }
  };
  for (const auto& row : rows) {
    scan(row.cells[static_cast<int>(Column::when)], 1);
  }
  if (counts.empty()) {
    for (const auto& paragraph : paragraphs) {
      if (fold_vietnamese(paragraph).starts_with("ke hoach")) {
        scan(paragraph, 1);
      }
    }
  }
  int best = 0;
  int best_count = 0;
  for (const auto& [year, count] : counts) {
    if (count >= best_count) {  // a tie: the later year (a plan lists last year's leftovers)
      best = year;
      best_count = count;
    }
  }
  return best;
}

}  // namespace

std::size_t Draft::open_count() const {
  return all_open().size();
}

std::vector<OpenItem> Draft::all_open() const {
  std::vector<OpenItem> items = plan_open;
  for (const auto& task : tasks) {
    items.insert(items.end(), task.open.begin(), task.open.end());
  }
  return items;
}

namespace {

// The number of cells of a grid's widest row: tables split by a page break
// share it.
std::size_t grid_width(const Grid& grid) {
  std::size_t width = 0;
  for (const auto& row : grid.rows) {
    width = std::max(width, row.cells.size());
  }
  return width;
}

}  // namespace

tl::expected<Draft, std::string> build_draft(const Document& document, const NameIndex& names,
                                             const DraftOptions& options) {
  const Grid* grid = nullptr;
  std::size_t grid_index = 0;
  std::size_t header_index = 0;  // the header's last row
  bool two_row_header = false;
  std::vector<int> columns;
  // The body's tables first; tables inside a cell or a text box (a plan in a
  // layout table) only when none of the body's is a task table.
  const std::vector<Grid>* grids = &document.grids;
  for (const std::vector<Grid>* pool : {&document.grids, &document.nested_grids}) {
    for (std::size_t g = 0; g < pool->size() && grid == nullptr; ++g) {
      const Grid& candidate = (*pool)[g];
      for (std::size_t r = 0; r < candidate.rows.size(); ++r) {
        // Two rows first: a top row that names every column by itself ("Cơ
        // quan thực hiện") may still span sub-columns ("Chủ trì" | "Phối hợp").
        std::vector<int> found;
        if (r + 1 < candidate.rows.size()) {
          found = header_columns(candidate.rows[r], candidate.rows[r + 1]);
          two_row_header = !found.empty();
        }
        if (found.empty()) {
          found = header_columns(candidate.rows[r]);
        }
        if (!found.empty()) {
          grid = &candidate;
          grids = pool;
          grid_index = g;
          header_index = two_row_header ? r + 1 : r;
          columns = std::move(found);
          break;
        }
      }
    }
    if (grid != nullptr) {
      break;
    }
  }
  if (grid == nullptr) {
    std::string message(
        "no task table found: no row has the header columns of a plan's table (a number column "
        "\"Số TT\"/\"TT\"/\"STT\", a task column \"Nội dung\"/\"Nhiệm vụ\"/\"Tên dự án\", a lead "
        "column \"... chủ trì\"/\"Đơn vị thực hiện\"/\"Chủ đầu tư\" "
        "and a timeline column \"Thời gian\"/\"Thời hạn\"/\"Tiến độ\")");
    if (looks_like_tcvn3(*grids)) {
      message +=
          "; the text looks typed in TCVN3 (ABC), the encoding of the .VnTime fonts, not in Unicode: convert "
          "it to Unicode (Unikey's converter: TCVN3 (ABC) to Unicode) and import again";
    }
    // The sheets passed over (hidden, unreadable) may hold the table.
    for (const std::string& notice : document.notices) {
      if (notice.starts_with("passed over")) {
        message += "; " + notice;
      }
    }
    return tl::unexpected(message);
  }
  // A Word table broken by a page into several tables: the tables right after
  // it with the same number of columns continue it (their repeated headers
  // are skipped below); rows are numbered on from the first table's.
  Grid whole_table = *grid;
  std::size_t after_table = grid_index + 1;  // the first grid that is not part of the task table
  for (; after_table < grids->size(); ++after_table) {
    const Grid& next = (*grids)[after_table];
    // A table after text ("Phụ lục II ...") is another table, whatever its width.
    if (next.rows.empty() || next.after_text || grid_width(next) != grid_width(*grid)) {
      break;
    }
    const int offset = whole_table.rows.empty() ? 0 : whole_table.rows.back().line;
    for (GridRow row : next.rows) {
      row.line += offset;
      whole_table.rows.push_back(std::move(row));
    }
  }
  grid = &whole_table;
  // Another table with a plan's header further on (a second appendix, a
  // sheet per year): the draft holds the first only, and says so.
  std::string other_table;
  for (std::size_t g = after_table; g < grids->size() && other_table.empty(); ++g) {
    const Grid& later = (*grids)[g];
    for (std::size_t r = 0; r < later.rows.size() && other_table.empty(); ++r) {
      if (!header_columns(later.rows[r]).empty() ||
          (r + 1 < later.rows.size() && !header_columns(later.rows[r], later.rows[r + 1]).empty())) {
        other_table = later.name;
      }
    }
  }
  bool text_like = document.format == SourceFormat::text || document.format == SourceFormat::csv;

  Draft draft;
  draft.grid_name = grid->name;
  const GridRow& header_top = grid->rows[two_row_header ? header_index - 1 : header_index];
  const GridRow* header_bottom = two_row_header ? &grid->rows[header_index] : nullptr;
  draft.header_line = header_top.line;
  draft.headers.assign(k_column_count, std::string());
  for (int c = 0; c < k_column_count; ++c) {
    int physical = columns[static_cast<std::size_t>(c)];
    draft.headers[static_cast<std::size_t>(c)] =
        physical >= 0 ? header_text(header_top, header_bottom, static_cast<std::size_t>(physical))
                      : std::string(k_column_names[static_cast<std::size_t>(c)]);
  }

  // Pass 1: rows of the table, with page-break continuations joined.
  std::vector<LogicalRow> rows;
  const auto number_column = static_cast<std::size_t>(columns[static_cast<int>(Column::number)]);
  std::vector<std::string> uncalculated;  // cells of formulas without their values
  std::string second_table;               // a second table on the same sheet: where it starts
  for (std::size_t r = header_index + 1; r < grid->rows.size(); ++r) {
    const GridRow& source = grid->rows[r];
    const bool two_rows_again =
        two_row_header && r + 1 < grid->rows.size() && !header_columns(source, grid->rows[r + 1]).empty();
    if (two_rows_again || !header_columns(source).empty()) {
      // The header again under a title line of its own ("PHỤ LỤC II ..."):
      // a second table on the sheet, not the plan's table on a new page.
      std::size_t above = r - 1;
      while (above > header_index && blank_row(grid->rows[above])) {
        --above;
      }
      if (const auto title = above > header_index ? title_line(grid->rows[above]) : std::nullopt) {
        if (!rows.empty() && rows.back().line == grid->rows[above].line) {
          rows.pop_back();
        }
        second_table = grid->name + " row " + std::to_string(grid->rows[above].line) + " (\"" + *title + "\")";
        break;
      }
      if (two_rows_again) {
        ++r;  // a header of two rows repeated on a page
      }
      continue;  // the header repeated on every page
    }
    LogicalRow row;
    row.line = source.line;
    row.single_cell = text_like && source.cells.size() == 1;
    row.first_filled_physical = static_cast<int>(source.cells.size());
    for (std::size_t i = 0; i < source.cells.size(); ++i) {
      if (!clean_cell_text(source.cells[i].text).empty() && !source.cells[i].merged_above) {
        row.first_filled_physical = static_cast<int>(i);
        break;
      }
    }
    // "Nơi nhận:", "KT. CHỦ TỊCH" under the tasks: the decision's closing,
    // no sub-rows of the last task. Nothing of the table comes after it.
    if (const std::string first = strip_number(
            clean_cell_text(source.cells.size() > number_column ? source.cells[number_column].text : std::string()));
        !is_arabic(first) && !is_roman(first) && !is_letter(first) && closing_row(source)) {
      draft.plan_notes.push_back("Rows from " + grid->name + " row " + std::to_string(source.line) +
                                 " on close the decision (recipients, signature): they are no tasks.");
      break;
    }
    if (const auto totals = totals_row(source)) {
      draft.plan_notes.push_back(grid->name + " row " + std::to_string(source.line) + " totals the table (\"" +
                                 *totals + "\"): it is no task.");
      continue;
    }
    bool empty = true;
    for (int c = 0; c < k_column_count; ++c) {
      int physical = columns[static_cast<std::size_t>(c)];
      if (physical < 0 || static_cast<std::size_t>(physical) >= source.cells.size()) {
        continue;
      }
      const GridCell& cell = source.cells[static_cast<std::size_t>(physical)];
      if (cell.uncalculated) {
        uncalculated.push_back("row " + std::to_string(source.line) + " \"" +
                               draft.headers[static_cast<std::size_t>(c)] + "\"");
      }
      row.raw[static_cast<std::size_t>(c)] = cell.text;
      row.cells[static_cast<std::size_t>(c)] = clean_cell_text(cell.text);
      row.merged_above[static_cast<std::size_t>(c)] = cell.merged_above;
      if (!row.cells[static_cast<std::size_t>(c)].empty()) {
        empty = false;
      }
    }
    // A section row: its number, then one cell merged across the rest of the
    // row, whichever column it starts in ("STT | Cơ quan chủ trì | Nội dung":
    // the text stands in the lead column). The text is the section's title.
    {
      const auto number_at = static_cast<std::size_t>(columns[static_cast<int>(Column::number)]);
      std::size_t text_at = source.cells.size();
      bool one_wide_cell = true;
      for (std::size_t i = 0; i < source.cells.size() && one_wide_cell; ++i) {
        const GridCell& cell = source.cells[i];
        if (i == number_at || cell.merged_left) {
          continue;
        }
        if (clean_cell_text(cell.text).empty() || text_at != source.cells.size()) {
          one_wide_cell = false;
        } else {
          text_at = i;
        }
      }
      const bool spans = text_at + 1 < source.cells.size() && source.cells[text_at + 1].merged_left;
      const auto title_at = static_cast<std::size_t>(columns[static_cast<int>(Column::title)]);
      row.wide_cell =
          one_wide_cell && spans && number_at < source.cells.size() && !source.cells[number_at].merged_above;
      if (row.wide_cell && text_at != title_at) {
        const std::string text = clean_cell_text(source.cells[text_at].text);
        for (int c = 0; c < k_column_count; ++c) {
          if (c != static_cast<int>(Column::number)) {
            row.cells[static_cast<std::size_t>(c)].clear();
          }
        }
        // The wide cell starts left of the number column and covers it (task
        // rows after w:gridBefore, a range from column A): its "I. ..." is
        // the section's number and title, split below as a number cell's.
        const bool covers_number = text_at < number_at && source.cells[number_at].merged_left &&
                                   row.cells[static_cast<int>(Column::number)].empty();
        if (covers_number && split_numbered(text)) {
          row.cells[static_cast<int>(Column::number)] = text;
          empty = false;  // its cell lies in no column of the header
        } else {
          row.cells[static_cast<int>(Column::title)] = text;
        }
      }
    }
    if (row.single_cell) {
      // A line of text without cells: a section heading pasted on one line, or
      // the end of the table.
      std::string text = clean_cell_text(source.cells.front().text);
      auto split = split_numbered(text);
      if (!split || (!is_roman(split->first) && !is_letter(split->first) &&
                     !heads_numbered_rows(*grid, r, split->first, number_column))) {
        break;
      }
      row.cells = {};
      row.cells[static_cast<int>(Column::number)] = text;
      empty = false;
    }
    if (empty || column_number_row(row.cells)) {
      continue;
    }
    std::string& number = row.cells[static_cast<int>(Column::number)];
    if (text_like && source.after_break && number.empty() && !rows.empty()) {
      // The rest of the row above, carried over a page break.
      LogicalRow& above = rows.back();
      for (int c = 0; c < k_column_count; ++c) {
        above.cells[static_cast<std::size_t>(c)] =
            joined(above.cells[static_cast<std::size_t>(c)], row.cells[static_cast<std::size_t>(c)]);
      }
      ++draft.continuations;
      continue;
    }
    rows.push_back(std::move(row));
  }

  if (!uncalculated.empty()) {
    // Read as empty, a TT formula makes its task a sub-row of the one above:
    // the values must be in the file before the draft can be trusted.
    std::string cells;
    for (std::size_t i = 0; i < uncalculated.size() && i < 5; ++i) {
      cells += (i == 0 ? "" : ", ") + uncalculated[i];
    }
    if (uncalculated.size() > 5) {
      cells += " and " + std::to_string(uncalculated.size() - 5) + " more";
    }
    draft.plan_open.push_back(OpenItem{
        OpenKind::other, 0, "", "",
        "formulas without their values (" + cells +
            "): the workbook was saved by a program that does not calculate, so these cells read as empty and the "
            "rows may be wrong; open it in Excel or LibreOffice, save it, and import again"});
  }
  draft.plan_id = options.plan_id;
  draft.year = options.year != 0 ? options.year : infer_year(rows, document.paragraphs);
  draft.last_year = options.last_year;
  draft.title = plan_title(document.paragraphs);
  // The title, then the lines of the heading around "KẾ HOẠCH" ("KẾ
  // HOẠCH\nCông tác tháng 10/2026").
  std::vector<std::string> heading_lines{draft.title};
  for (std::size_t i = 0; i < document.paragraphs.size(); ++i) {
    if (fold_vietnamese(clean_cell_text(document.paragraphs[i])).starts_with("ke hoach")) {
      for (std::size_t k = i; k < std::min(document.paragraphs.size(), i + 3); ++k) {
        heading_lines.push_back(clean_cell_text(document.paragraphs[k]));
      }
      break;
    }
  }
  if (draft.year == 0) {
    // No year in the timelines nor on a line starting "Kế hoạch": the one
    // the title or a heading line names ("KẾ HOẠCH\nCải cách hành chính năm 2026").
    const std::vector<LogicalRow> no_rows;
    draft.year = infer_year(no_rows, heading_lines);
  }
  if (options.year == 0) {
    // "Kế hoạch ... giai đoạn 2026-2030": the plan runs over those years, so
    // "Hằng năm" and open-ended phrases run to the last one.
    for (const auto& text : heading_lines) {
      if (const auto years = title_years(text)) {
        draft.year = years->first;
        draft.last_year = years->second;
        draft.plan_notes.push_back("The years " + std::to_string(years->first) + "-" + std::to_string(years->second) +
                                   " are the span the title names; give --year or --years to set others.");
        break;
      }
    }
  }
  if (draft.title.empty()) {
    draft.title = draft.plan_id;
    draft.plan_notes.push_back(
        "The document gives no title (a line \"Kế hoạch ...\" above the "
        "table); `title` is the plan id: write the plan's name.");
  }
  if (draft.year == 0) {
    draft.plan_open.push_back(
        OpenItem{OpenKind::other, 0, "", "", "no year in the document: give --year (timelines without a year use it)"});
  } else {
    // The heading may name a period shorter than the plan's years: the
    // plan's start and end.
    for (const auto& text : heading_lines) {
      if (const auto period = title_period(text, draft.year, draft.last_year)) {
        draft.start = period->start;
        draft.end = period->end;
        draft.period = period->words;
        break;
      }
    }
  }

  // Pass 2: ids, sub-rows, cells.
  std::string section;                 // the id prefix: "II", "A", "A.II"
  std::string letter;                  // the Latin section ("A", "B") the rows are in
  bool arabic_sections = false;        // sections numbered "1.", "2." (tasks "1.1", "2.1")
  bool section_numbers_tasks = false;  // the Arabic section's tasks carry its number ("2.1")
  std::string heading;
  std::map<std::string, int> sub_count;              // parent id -> sub-rows so far
  std::map<std::string, std::size_t> index_of;       // task id -> index in draft.tasks
  std::map<std::string, int> next_duplicate_suffix;  // a repeated id -> the next "-N" to try
  std::unordered_map<int, std::size_t> row_at_line;  // source line -> index in rows
  for (std::size_t i = 0; i < rows.size(); ++i) {
    row_at_line[rows[i].line] = i;
  }
  std::size_t inherited_bytes = 0;  // text copied from numbered rows into their sub-rows
  const DraftTask* last_task = nullptr;
  std::size_t numbered_index = 0;  // the last task that came from a numbered row
  std::string last_number;         // the numbered row the last task came from
  int items_of_last_number = 0;    // its items so far ("a)", "-")
  std::string last_item;           // the last lettered item of it ("I.2a")
  int points_of_last_item = 0;     // bullets under that item
  std::size_t tasks_in_section = 0;
  for (std::size_t at = 0; at < rows.size(); ++at) {
    LogicalRow& row = rows[at];
    const LogicalRow* next_row = at + 1 < rows.size() ? &rows[at + 1] : nullptr;
    std::string number = row.cells[static_cast<int>(Column::number)];
    std::string& title = row.cells[static_cast<int>(Column::title)];
    if (!number.empty() && !row.merged_above[static_cast<int>(Column::number)]) {
      if (auto split = split_numbered(number); split && title.empty()) {
        number = split->first;
        title = split->second;
      }
    } else if (number.empty() && !row.merged_above[static_cast<int>(Column::number)] && !has_own_content(row)) {
      // A section typed in the task column, its number cell left empty
      // ("" | "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH").
      if (auto split = split_numbered(title);
          split && (is_roman(split->first) || is_letter(split->first) ||
                    (row.wide_cell && is_arabic(split->first) && split->first.find('.') == std::string::npos))) {
        number = split->first;
        title = split->second;
      }
    }
    std::string bare = without_leading_zeros(strip_number(number));
    const bool inherits = std::any_of(row.merged_above.begin(), row.merged_above.end(), [](bool m) { return m; });
    // A row without a number and without cells of its own (lead, support,
    // product, timeline) is a note below the tasks, not a sub-row of the last.
    bool sub_row = (number.empty() || row.merged_above[static_cast<int>(Column::number)]) && last_task != nullptr &&
                   tasks_in_section > 0 && (has_content(row) || inherits);
    const bool numbered = !row.merged_above[static_cast<int>(Column::number)];
    // A letter that follows the current one is a letter even where it reads as
    // a Roman number (the "I" after "H").
    const bool follows_letter = letter.size() == 1 && bare.size() == 1 && bare.front() == letter.front() + 1;
    const bool letter_section = numbered && is_letter(bare) && (follows_letter || !is_roman(bare));
    const bool arabic =
        numbered && !letter_section && (section.empty() || arabic_sections) && arabic_section(rows, at, bare, title);
    if (letter_section || (is_roman(bare) && numbered) || arabic) {
      arabic_sections = arabic;
      section_numbers_tasks = false;
      if (letter_section) {
        letter = bare;
        section = bare;
      } else {
        section = letter.empty() ? bare : letter + "." + bare;
      }
      tasks_in_section = 0;
      ++draft.sections;
      heading += "# " + std::string(72, '=') + "\n# " + section + ". " + title + "\n# " + std::string(72, '=') + "\n";
      last_task = nullptr;
      if (!has_own_content(row) || heads_a_merged_group(row, next_row)) {
        continue;
      }
    } else if (!sub_row && !has_content(row)) {
      if (!number.empty() || !title.empty()) {
        // A note typed in the TT column ("Ghi chú: ...") is no number of the section.
        const bool numbered_label = is_arabic(bare) || is_roman(bare) || is_letter(bare) || !item_letter(bare).empty();
        std::string label = bare.empty()      ? title
                            : !numbered_label ? number + (title.empty() ? "" : " " + title)
                                              : (section.empty() ? bare : section + "." + bare) + ". " + title;
        heading += "# " + std::string(72, '-') + "\n# " + label + "\n# " + std::string(72, '-') + "\n";
      }
      if (number.empty() && last_task != nullptr && tasks_in_section > 0) {
        draft.plan_open.push_back(OpenItem{OpenKind::other, row.line, "", "",
                                           "a row with text but no number, lead or timeline below task \"" +
                                               last_task->id + "\" is kept as a comment, not a task: \"" + title +
                                               "\""});
      }
      continue;
    } else if (number.empty() && !sub_row) {
      // Content before any numbered row of its section: not a task we can name.
      OpenItem item{OpenKind::other, row.line, "", "",
                    "a row without a number before any numbered row of its section; it is left out: \"" + title + "\""};
      draft.plan_open.push_back(std::move(item));
      continue;
    }

    DraftTask task;
    task.line = row.line;
    if (sub_row) {
      DraftTask& parent = draft.tasks[numbered_index];
      const std::string& parent_id = last_number;
      int& count = sub_count[parent_id];
      if (count == 0) {
        // The numbered row becomes sub-row "a".
        index_of.erase(parent.id);
        parent.id = parent_id + "a";
        index_of[parent.id] = numbered_index;
        parent.notes.push_back("Sub-row a of " + parent_id + " (the number cell is merged over " +
                               "several rows, each with its own cells).");
        count = 1;
        ++draft.split_rows;
      }
      ++count;
      task.id = parent_id + sequence_letters(count - 1);
      task.notes.push_back("Sub-row " + sequence_letters(count - 1) + " of " + parent_id + ".");
      // Cells merged over the sub-rows (or, in pasted text, left empty before
      // the row's first cell) are the parent's.
      const auto parent_at = row_at_line.find(parent.line);
      const LogicalRow* parent_row = parent_at == row_at_line.end() ? nullptr : &rows[parent_at->second];
      for (int c = 0; c < k_column_count; ++c) {
        int physical = columns[static_cast<std::size_t>(c)];
        bool inherit = row.merged_above[static_cast<std::size_t>(c)] ||
                       (text_like && row.cells[static_cast<std::size_t>(c)].empty() && physical >= 0 &&
                        physical < row.first_filled_physical);
        if (inherit && parent_row != nullptr && row.cells[static_cast<std::size_t>(c)].empty()) {
          row.cells[static_cast<std::size_t>(c)] = parent_row->cells[static_cast<std::size_t>(c)];
          inherited_bytes += row.cells[static_cast<std::size_t>(c)].size();
        }
      }
      if (inherited_bytes > k_max_document_text) {
        return tl::unexpected(too_much_text_message(draft.grid_name));
      }
    } else if (const std::string item = item_letter(bare);
               (!item.empty() || is_bullet(bare)) && !last_number.empty() && tasks_in_section > 0) {
      // "a)", "b)", "đ)" under a numbered task: its items, "2a", "2b", "2dd"
      // (Vietnamese letters run a, b, c, d, đ, e). Bullets "-", "+" under a
      // task are its items in turn, under an item its points ("2a.1").
      if (!item.empty()) {
        task.id = last_number + item;
        last_item = task.id;
        points_of_last_item = 0;
      } else if (!last_item.empty()) {
        task.id = last_item + "." + std::to_string(++points_of_last_item);
      } else {
        task.id = last_number + sequence_letters(items_of_last_number);
      }
      ++items_of_last_number;
    } else {
      task.id = section.empty() ? bare : (is_roman(bare) || bare == letter ? section : section + "." + bare);
      if (arabic_sections && !section.empty() && bare.starts_with(section + ".")) {
        task.id = bare;  // "1.2" under section "1" is 1.2
        section_numbers_tasks = true;
      } else if (arabic_sections && section_numbers_tasks && is_arabic(bare) && bare.find('.') == std::string::npos) {
        // "3" after "2.1", "2.2": a task of the plan's own, past section 2.
        section.clear();
        section_numbers_tasks = false;
        task.id = bare;
      }
      last_number = task.id;
      items_of_last_number = 0;
      last_item.clear();
      if (!is_arabic(bare) && !is_roman(bare) && bare != letter) {
        std::string cleaned;
        for (char c : bare) {
          cleaned += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '-';
        }
        task.id = section.empty() ? cleaned : section + "." + cleaned;
        last_number = task.id;
        task.open.push_back(
            OpenItem{OpenKind::other, row.line, draft.headers[0], task.id,
                     "the number \"" + number + "\" is not like 1, 1.2 or IV; the id is \"" + task.id + "\""});
      }
    }
    if (index_of.count(task.id) != 0) {
      std::string original = task.id;
      // Where the search for a free suffix left off: a table that repeats one
      // number many times costs no more than one that does not.
      int& n = next_duplicate_suffix.try_emplace(original, 2).first->second;
      while (index_of.count(original + "-" + std::to_string(n)) != 0) {
        ++n;
      }
      task.id = original + "-" + std::to_string(n);
      ++n;
      task.open.push_back(
          OpenItem{OpenKind::other, row.line, draft.headers[0], task.id,
                   "the id \"" + original + "\" is used by an earlier row; this row is \"" + task.id + "\""});
    }
    task.title = row.cells[static_cast<int>(Column::title)];
    task.product = row.cells[static_cast<int>(Column::product)];
    task.when = row.cells[static_cast<int>(Column::when)];
    task.heading = std::move(heading);
    heading.clear();
    if (task.title.empty()) {
      task.open.push_back(OpenItem{OpenKind::other, row.line, draft.headers[1], task.id, "the task cell is empty"});
    }
    // One agency cell saying who leads and who supports ("Sở Nội vụ chủ
    // trì, phối hợp với Sở Tư pháp"): each part to its role.
    const std::optional<RoleTexts> roles = split_roles(row.cells[static_cast<int>(Column::lead)]);
    for (Column role : {Column::lead, Column::support}) {
      const std::string& cell = row.cells[static_cast<int>(role)];
      std::string names_text = cell;
      if (roles) {
        names_text = role == Column::lead ? roles->lead : joined(roles->support, cell);
      }
      const Resolution resolution = names.resolve(names_text);
      (role == Column::lead ? task.lead : task.support) = resolution.ids;
      const std::string& source = roles ? row.cells[static_cast<int>(Column::lead)] : cell;
      for (const auto& fragment : resolution.unresolved) {
        task.open.push_back(
            OpenItem{OpenKind::unit, row.line, draft.headers[static_cast<std::size_t>(role)], task.id,
                     "\"" + fragment + "\" is not the name or alias of a unit or group (cell: \"" + source + "\")"});
      }
      if (role == Column::lead && cell.empty()) {
        task.open.push_back(OpenItem{OpenKind::other, row.line, draft.headers[2], task.id,
                                     "the lead cell is empty: no unit is reminded as lead"});
      }
    }
    if (task.when.empty()) {
      task.open.push_back(OpenItem{OpenKind::timeline, row.line, draft.headers[5], task.id,
                                   "the timeline cell is empty: write `when` or a structured `schedule`"});
    } else if (draft.year != 0) {
      const PlanSpan span{draft.year, draft.last_year != 0 && draft.last_year != draft.year
                                          ? std::optional<int>(draft.last_year)
                                          : std::nullopt};
      auto parsed = parse_timeline(task.when, span);
      // "Cấp tỉnh: Quý II/2026" and "Cấp huyện: Quý III/2026" as the cell's
      // two paragraphs: the line break is what tells the parts apart.
      if (const std::string lines = clean_cell_lines(row.raw[static_cast<std::size_t>(Column::when)]);
          !parsed && lines.find('\n') != std::string::npos && parse_timeline(lines, span)) {
        task.when = lines;
        parsed = parse_timeline(task.when, span);
      }
      if (!parsed) {
        const auto day = date_serial_day(task.when);
        task.open.push_back(OpenItem{
            OpenKind::timeline, row.line, draft.headers[5], task.id,
            "\"" + task.when + "\" is not a timeline deadlined understands (`deadlined when` lists the forms)" +
                (day ? ": it reads as Excel's day count for " + *day +
                           ", a date whose cell lost its date format; give the column a date format in Excel and "
                           "import again, or"
                     : ";") +
                " rephrase `when` or give a structured `schedule`"});
      }
    }
    index_of[task.id] = draft.tasks.size();
    draft.tasks.push_back(std::move(task));
    last_task = &draft.tasks.back();
    if (!sub_row) {
      numbered_index = draft.tasks.size() - 1;
    }
    ++tasks_in_section;
  }
  draft.trailing_heading = std::move(heading);
  if (draft.tasks.empty()) {
    return tl::unexpected("the table under the header at " + grid->name + " row " + std::to_string(draft.header_line) +
                          " has no numbered rows");
  }
  if (!second_table.empty()) {
    draft.plan_open.push_back(OpenItem{OpenKind::other, 0, "", "",
                                       "a second table with a plan's header starts at " + second_table +
                                           "; this draft holds only the tasks above it: add the other's tasks by "
                                           "hand, or import a copy of it on a sheet of its own"});
  }
  if (!other_table.empty()) {
    draft.plan_open.push_back(
        OpenItem{OpenKind::other, 0, "", "",
                 "the document has another task table (" + other_table + "); this draft holds only the tasks of " +
                     draft.grid_name +
                     (document.format == SourceFormat::xlsx ? ": import the other with --sheet and its name" : "") +
                     ", or add its tasks by hand"});
  }
  return draft;
}

}  // namespace deadlined::import
