// Pass 1 over a task table (draft_rows.hpp): its rows as the draft reads them.
#include "import/draft_rows.hpp"

#include "import/draft_numbers.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace deadlined::import {

std::string joined(const std::string& a, const std::string& b) {
  if (a.empty()) {
    return b;
  }
  if (b.empty()) {
    return a;
  }
  return a + " " + b;
}

std::optional<TablePart> find_table_part(const Grid& grid, std::size_t from) {
  for (std::size_t r = from; r < grid.rows.size(); ++r) {
    // Two rows first: a top row that names every column by itself ("Cơ
    // quan thực hiện") may still span sub-columns ("Chủ trì" | "Phối hợp").
    TablePart part;
    if (r + 1 < grid.rows.size()) {
      part.columns = header_columns(grid.rows[r], grid.rows[r + 1]);
      part.two_row_header = !part.columns.empty();
    }
    if (part.columns.empty()) {
      part.columns = header_columns(grid.rows[r]);
    }
    if (part.columns.empty()) {
      continue;
    }
    static constexpr std::array<const char*, k_column_count> k_column_names = {"number",  "task",    "lead",
                                                                               "support", "product", "timeline"};
    part.grid = &grid;
    part.header_index = part.two_row_header ? r + 1 : r;
    part.first_row = part.header_index + 1;
    const GridRow& top = grid.rows[r];
    const GridRow* bottom = part.two_row_header ? &grid.rows[r + 1] : nullptr;
    part.header_line = top.line;
    part.headers.assign(k_column_count, std::string());
    for (std::size_t c = 0; c < k_column_count; ++c) {
      const int physical = part.columns[c];
      part.headers[c] =
          physical >= 0 ? header_text(top, bottom, static_cast<std::size_t>(physical)) : std::string(k_column_names[c]);
    }
    return part;
  }
  return std::nullopt;
}

namespace {

std::size_t width_of(const Grid& grid) {
  std::size_t width = 0;
  for (const auto& row : grid.rows) {
    width = std::max(width, row.cells.size());
  }
  return width;
}

}  // namespace

bool continues_table(const Grid& grid, const TablePart& before) {
  if (width_of(grid) != width_of(*before.grid)) {
    return false;
  }
  const auto text_at = [&before](const GridRow& row, Column column) {
    const int physical = before.columns[static_cast<std::size_t>(column)];
    return physical >= 0 && static_cast<std::size_t>(physical) < row.cells.size()
               ? clean_cell_text(row.cells[static_cast<std::size_t>(physical)].text)
               : std::string();
  };
  const auto number_of = [&text_at](const GridRow& row) {
    return without_leading_zeros(strip_number(number_said_once(text_at(row, Column::number))));
  };
  // Its first row is a row of the table (a task or a section), not a title
  // or a header of another kind ("STT | Tên thủ tục").
  const auto first =
      std::find_if(grid.rows.begin(), grid.rows.end(), [](const GridRow& row) { return !blank_row(row); });
  if (first == grid.rows.end()) {
    return false;
  }
  if (const std::string number = number_of(*first); !is_arabic(number) && !is_roman(number) && !is_letter(number)) {
    return false;
  }
  return std::any_of(grid.rows.begin(), grid.rows.end(), [&text_at, &number_of](const GridRow& row) {
    const std::string number = number_of(row);
    return (is_arabic(number) || is_roman(number)) && !text_at(row, Column::title).empty() &&
           (!text_at(row, Column::lead).empty() || !text_at(row, Column::when).empty());
  });
}

void read_part_rows(TablePart& part, bool text_like, Draft& draft, std::vector<std::string>& uncalculated) {
  const Grid& grid = *part.grid;
  const std::size_t header_index = part.header_index;
  const bool two_row_header = part.two_row_header;
  const std::vector<int>& columns = part.columns;
  std::vector<LogicalRow>& rows = part.rows;
  const auto number_column = static_cast<std::size_t>(columns[static_cast<int>(Column::number)]);
  for (std::size_t r = part.first_row; r < grid.rows.size(); ++r) {
    const GridRow& source = grid.rows[r];
    const bool two_rows_again =
        two_row_header && r + 1 < grid.rows.size() && !header_columns(source, grid.rows[r + 1]).empty();
    if (two_rows_again || !header_columns(source).empty()) {
      // The header again under a title line of its own ("PHỤ LỤC II ..."):
      // a second table on the sheet, not the plan's table on a new page.
      std::size_t above = r - 1;
      while (above > header_index && blank_row(grid.rows[above])) {
        --above;
      }
      if (above > header_index && title_line(grid.rows[above])) {
        if (!rows.empty() && rows.back().line == grid.rows[above].line) {
          rows.pop_back();
        }
        part.next_table = above;
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
      draft.plan_notes.push_back("Rows from " + grid.name + " row " + std::to_string(source.line) +
                                 " on close the decision (recipients, signature): they are no tasks.");
      break;
    }
    if (const auto totals = totals_row(source)) {
      draft.plan_notes.push_back(grid.name + " row " + std::to_string(source.line) + " totals the table (\"" + *totals +
                                 "\"): it is no task.");
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
                               part.headers[static_cast<std::size_t>(c)] + "\"");
      }
      row.raw[static_cast<std::size_t>(c)] = cell.text;
      row.cells[static_cast<std::size_t>(c)] = clean_cell_text(cell.text);
      row.merged_above[static_cast<std::size_t>(c)] = cell.merged_above;
      if (!row.cells[static_cast<std::size_t>(c)].empty()) {
        empty = false;
      }
    }
    std::string& typed_number = row.cells[static_cast<int>(Column::number)];
    typed_number = number_said_once(typed_number);
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
                     !heads_numbered_rows(grid, r, split->first, number_column))) {
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
}

}  // namespace deadlined::import
