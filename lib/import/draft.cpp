#include "import/draft.hpp"

#include "import/draft_numbers.hpp"
#include "import/draft_repeats.hpp"
#include "import/draft_rows.hpp"
#include "import/draft_title.hpp"
#include "import/legacy_text.hpp"

#include "schedule/timeline.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace deadlined::import {

namespace {

int infer_year(const std::vector<TablePart>& parts, const std::vector<std::string>& paragraphs) {
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
  for (const TablePart& part : parts) {
    for (const auto& row : part.rows) {
      scan(row.cells[static_cast<int>(Column::when)], 1);
    }
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

bool sheets_format(SourceFormat format) {
  return format == SourceFormat::xlsx || format == SourceFormat::ods;
}

// The number of cells of a grid's widest row: tables split by a page break
// share it.
std::size_t grid_width(const Grid& grid) {
  std::size_t width = 0;
  for (const auto& row : grid.rows) {
    width = std::max(width, row.cells.size());
  }
  return width;
}

// Whether a table's first row with text has a cell merged down from the row
// above (w:vMerge going on): the rest of a table a page broke, whatever its
// first row is (a sub-row, a task's second line).
bool opens_merged_from_above(const Grid& grid) {
  const auto first =
      std::find_if(grid.rows.begin(), grid.rows.end(), [](const GridRow& row) { return !blank_row(row); });
  return first != grid.rows.end() &&
         std::any_of(first->cells.begin(), first->cells.end(), [](const GridCell& cell) { return cell.merged_above; });
}

}  // namespace

namespace {

// "sheet \"Phụ lục II\" (header at row 2)"; a table without a header goes on
// with the one before.
std::string table_place(const std::string& name, int header_line) {
  return name + (header_line == 0 ? " (no header: the table before, continued)"
                                  : " (header at row " + std::to_string(header_line) + ")");
}

}  // namespace

std::string tables_drafted(const Draft& draft) {
  if (draft.tables.size() <= 1) {
    return draft.grid_name + ", header at row " + std::to_string(draft.header_line);
  }
  std::string text;
  for (std::size_t i = 0; i < draft.tables.size(); ++i) {
    text += (i == 0                         ? ""
             : i + 1 == draft.tables.size() ? " and "
                                            : ", ") +
            table_place(draft.tables[i].name, draft.tables[i].header_line);
  }
  return text;
}

tl::expected<Draft, std::string> build_draft(const Document& document, const NameIndex& names,
                                             const DraftOptions& options) {
  // The body's tables; tables inside a cell or a text box (a plan in a
  // layout table) only when none of the body's is a task table.
  const std::vector<Grid>* grids = nullptr;
  for (const std::vector<Grid>* pool : {&document.grids, &document.nested_grids}) {
    if (std::any_of(pool->begin(), pool->end(), [](const Grid& grid) { return find_table_part(grid, 0); })) {
      grids = pool;
      break;
    }
  }
  if (grids == nullptr) {
    std::string message(
        "no task table found: no row has the header columns of a plan's table (a number column "
        "\"Số TT\"/\"TT\"/\"STT\", a task column \"Nội dung\"/\"Nhiệm vụ\"/\"Tên dự án\", a lead "
        "column \"... chủ trì\"/\"Đơn vị thực hiện\"/\"Chủ đầu tư\" "
        "and a timeline column \"Thời gian\"/\"Thời hạn\"/\"Tiến độ\")");
    if (looks_like_tcvn3(document.grids)) {
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
  const bool text_like = document.format == SourceFormat::text || document.format == SourceFormat::csv;
  Draft draft;
  // Every task table, in order (appendices, sheets, a table continued on
  // another sheet, a second table under its title on one sheet); the tables
  // and sheets without a task header (a letterhead, signatures, a list of
  // units, a legend) are left out and named.
  std::deque<Grid> tables;  // each task table with the pieces a page broke it into
  std::vector<TablePart> parts;
  std::vector<std::string> uncalculated;  // cells of formulas without their values
  std::vector<std::string> left_out;
  bool after_a_task_table = false;  // the grid before (blank ones aside) was a task table
  for (std::size_t g = 0; g < grids->size();) {
    const Grid& grid = (*grids)[g];
    std::optional<TablePart> part = find_table_part(grid, 0);
    const bool blank =
        std::all_of(grid.rows.begin(), grid.rows.end(), [](const GridRow& row) { return blank_row(row); });
    // A sheet is never a piece of the table before as a Word table after it
    // is (same width, no text between): on a sheet of its own without the
    // header, the rest of the table is told by its rows.
    const bool sheets = sheets_format(document.format);
    if (!part && !blank && sheets && after_a_task_table && continues_table(grid, parts.back())) {
      // The rest of the table before, on a sheet of its own without the header.
      TablePart continued;
      continued.columns = parts.back().columns;
      continued.headers = parts.back().headers;
      tables.push_back(grid);
      continued.grid = &tables.back();
      read_part_rows(continued, text_like, draft, uncalculated);
      parts.push_back(std::move(continued));
      ++g;
      continue;
    }
    if (!part) {
      if (!blank) {
        left_out.push_back(grid.name);
        after_a_task_table = false;
      }
      ++g;
      continue;
    }
    after_a_task_table = true;
    // A Word table broken by a page into several tables: the tables right
    // after it with the same number of columns continue it (their repeated
    // headers are skipped); rows are numbered on from the first table's.
    Grid whole_table = grid;
    std::size_t carried_bytes = 0;  // text of merged cells carried over page breaks
    std::size_t after_table = g + 1;
    std::vector<std::string> pieces;
    for (; after_table < grids->size(); ++after_table) {
      const Grid& next = (*grids)[after_table];
      // A table after text ("Phụ lục II ...") is another table, whatever its width.
      if (next.rows.empty() || next.after_text || grid_width(next) != grid_width(grid)) {
        break;
      }
      // Word shows tables that a paragraph separates (an empty one, a page or
      // section break) apart: only one without a header of its own whose rows
      // go on with this table's is its rest; any other is a table of its own.
      if (next.after_paragraph &&
          (find_table_part(next, 0) || !(continues_table(next, *part) || opens_merged_from_above(next)))) {
        break;
      }
      const int offset = whole_table.rows.empty() ? 0 : whole_table.rows.back().line;
      for (GridRow row : next.rows) {
        row.line += offset;
        // A cell merged down across the page break (w:vMerge going on in the
        // next piece) has the text of the cell it continues.
        for (std::size_t c = 0; c < row.cells.size() && !whole_table.rows.empty(); ++c) {
          const std::vector<GridCell>& above = whole_table.rows.back().cells;
          if (row.cells[c].merged_above && row.cells[c].text.empty() && c < above.size()) {
            row.cells[c].text = above[c].text;
            carried_bytes += above[c].text.size();
          }
        }
        if (carried_bytes > k_max_document_text) {
          return tl::unexpected(too_much_text_message(grid.name));
        }
        whole_table.rows.push_back(std::move(row));
      }
      pieces.push_back(next.name);
    }
    g = after_table;
    tables.push_back(std::move(whole_table));
    part->grid = &tables.back();
    while (part) {
      read_part_rows(*part, text_like, draft, uncalculated);
      const std::optional<std::size_t> next = part->next_table;
      parts.push_back(std::move(*part));
      part = next ? find_table_part(tables.back(), *next) : std::nullopt;
    }
    parts.back().pieces = std::move(pieces);  // the pieces end the whole table
  }
  if (!text_like) {
    // A summary sheet or table and the per-unit ones it sums up, a table
    // pasted twice: each task once.
    draft.repeats = drop_repeated_tasks(parts);
    for (const std::string& repeat : draft.repeats) {
      draft.plan_notes.push_back("Repeated: " + repeat + ".");
    }
  }
  draft.grid_name = parts.front().grid->name;
  draft.header_line = parts.front().header_line;
  draft.headers = parts.front().headers;
  for (const TablePart& part : parts) {
    draft.tables.push_back(TablePlace{part.grid->name, part.header_line});
  }
  if (!left_out.empty()) {
    std::string names_left_out;
    for (std::size_t i = 0; i < left_out.size(); ++i) {
      names_left_out += (i == 0 ? "" : i + 1 == left_out.size() ? " and " : ", ") + left_out[i];
    }
    draft.plan_notes.push_back(
        "Left out, having no task header (a letterhead, signatures, a list of units, a "
        "legend): " +
        names_left_out + ".");
    draft.left_out = std::move(left_out);
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
  draft.year = options.year != 0 ? options.year : infer_year(parts, document.paragraphs);
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
    const std::vector<TablePart> no_parts;
    draft.year = infer_year(no_parts, heading_lines);
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

  // Pass 2, table by table. A table whose numbers start again (a second
  // appendix from "I", a sheet a year) would repeat the ids of one before:
  // its ids are numbered again under a prefix of their own ("P2.I.1").
  // Trying a table as the one before continued copies the draft, to go back
  // on: past this many tables (no plan has them) each is numbered under its
  // prefix outright, so a file of thousands of tables costs no more than one.
  constexpr std::size_t k_max_tables_tried = 64;
  Numbering state;
  std::vector<std::size_t> table_first_task;  // by table: its first task in draft.tasks
  std::vector<std::size_t> table_first_open;  // by table: its first item in draft.plan_open
  for (std::size_t k = 0; k < parts.size(); ++k) {
    TablePart& part = parts[k];
    table_first_task.push_back(draft.tasks.size());
    table_first_open.push_back(draft.plan_open.size());
    const std::string place = table_place(part.grid->name, part.header_line);
    bool again = k >= k_max_tables_tried;
    if (!again) {
      std::optional<Draft> before;
      std::optional<Numbering> before_state;
      std::vector<LogicalRow> rows;  // pass 2 fills sub-rows' cells in: kept for a second try
      if (k > 0) {
        before = draft;
        before_state = state;
        rows = part.rows;
        state.heading += "# " + std::string(72, '=') + "\n# The tasks of " + place + "\n";
      }
      state.part_first_task = draft.tasks.size();
      state.repeats_an_earlier_id = false;
      if (auto numbered = number_part(part, text_like, names, state, draft); !numbered) {
        return tl::unexpected(numbered.error());
      }
      again = k > 0 && state.repeats_an_earlier_id;
      if (again) {
        draft = std::move(*before);
        state = std::move(*before_state);
        part.rows = std::move(rows);
      }
    }
    if (again) {
      Numbering fresh;
      fresh.index_of = std::move(state.index_of);
      fresh.next_duplicate_suffix = std::move(state.next_duplicate_suffix);
      fresh.inherited_bytes = state.inherited_bytes;
      fresh.prefix = "P" + std::to_string(k + 1) + ".";
      fresh.part_first_task = draft.tasks.size();
      const std::string why = k >= k_max_tables_tried ? "past the first 64 tables" : "numbered from the start again";
      fresh.heading = state.heading + "# " + std::string(72, '=') + "\n# The tasks of " + place + ", " + why +
                      ": their ids begin \"" + fresh.prefix + "\"\n";
      state = std::move(fresh);
      if (auto numbered = number_part(part, text_like, names, state, draft); !numbered) {
        return tl::unexpected(numbered.error());
      }
      draft.plan_notes.push_back("The tasks of " + place + " are " + why + "; their ids begin \"" + state.prefix +
                                 "\" (table " + std::to_string(k + 1) +
                                 " of the plan) so that none repeats an id above.");
    }
  }
  // In a plan of several tables a row number alone could be any of them.
  if (parts.size() > 1) {
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const std::size_t end = k + 1 < parts.size() ? table_first_task[k + 1] : draft.tasks.size();
      for (std::size_t t = table_first_task[k]; t < end; ++t) {
        draft.tasks[t].table = parts[k].grid->name;
        for (OpenItem& item : draft.tasks[t].open) {
          item.table = item.line > 0 ? parts[k].grid->name : std::string();
        }
      }
      const std::size_t open_end = k + 1 < parts.size() ? table_first_open[k + 1] : draft.plan_open.size();
      for (std::size_t i = table_first_open[k]; i < open_end; ++i) {
        if (draft.plan_open[i].line > 0) {
          draft.plan_open[i].table = parts[k].grid->name;
        }
      }
    }
  }
  draft.trailing_heading = std::move(state.heading);
  if (draft.tasks.empty()) {
    return tl::unexpected("the table under the header at " + draft.grid_name + " row " +
                          std::to_string(draft.header_line) + " has no numbered rows");
  }
  return draft;
}

}  // namespace deadlined::import
