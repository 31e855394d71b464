#pragma once
// The two passes over a task table that build_draft (draft.cpp) makes for
// each table of a plan: draft_rows.cpp reads its rows (headers repeated on a
// page skipped, closings and totals left out, rows carried over a page
// break joined), draft_ids.cpp gives them ids and cells. A plan in several
// tables (appendices, sheets, a table continued on another sheet) is one
// TablePart a table; the numbering state runs on from one to the next.
#include "import/draft.hpp"
#include "import/names.hpp"
#include "import/table.hpp"

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <tl/expected.hpp>
#include <vector>

namespace deadlined::import {

struct LogicalRow {
  int line = 0;
  std::array<std::string, k_column_count> cells;  // cleaned text per column
  std::array<std::string, k_column_count> raw;    // text before cleaning, with line breaks
  std::array<bool, k_column_count> merged_above{};
  int first_filled_physical = 0;  // physical index of the first non-empty cell
  bool single_cell = false;       // a line without any tab (text)
  bool wide_cell = false;         // its text stands in one cell spanning the row (a section's)
};

// One task table of the document: where its header is, and its rows once read.
struct TablePart {
  const Grid* grid = nullptr;    // the table, with the pieces a page broke it into
  std::size_t header_index = 0;  // the header's last row in `grid`
  std::size_t first_row = 0;     // the first row under the header; 0 for a table continued without one
  bool two_row_header = false;
  std::vector<int> columns;               // by Column: the physical column, or -1
  std::vector<std::string> headers;       // by Column, as written
  int header_line = 0;                    // the header's (first) row in the source; 0: none (continued)
  std::vector<LogicalRow> rows;           // pass 1's
  std::optional<std::size_t> next_table;  // a row of `grid` where another table begins (its title row)
  // The Word tables a page broke this one into after `grid`'s first, joined
  // to it ("table 3"), to name them where the table is.
  std::vector<std::string> pieces;
};

// The task table whose header is at or below row `from` of `grid`, if any:
// its header found (headers of two rows first) and named.
std::optional<TablePart> find_table_part(const Grid& grid, std::size_t from);

// Whether `grid`, which has no header, goes on with the task table `before`
// (the rest of its rows copied to "Sheet2" without the header): as wide, and
// a row of it numbered as a task, with a task and a lead or a timeline in
// the columns of `before`.
bool continues_table(const Grid& grid, const TablePart& before);

// Pass 1: the rows of `part`, up to the end of its grid or the next table
// on it; what is no task told in `draft`'s notes, cells of formulas without
// values added to `uncalculated`.
void read_part_rows(TablePart& part, bool text_like, Draft& draft, std::vector<std::string>& uncalculated);

// Where pass 2 stands: the section a row is in, the last task and its
// items, every id given so far. It runs on from one table to the next, so a
// table continued on another sheet goes on in its section.
struct Numbering {
  std::string section;                 // the id prefix: "II", "A", "A.II"
  std::string letter;                  // the Latin section ("A", "B") the rows are in
  bool arabic_sections = false;        // sections numbered "1.", "2." (tasks "1.1", "2.1")
  bool section_numbers_tasks = false;  // the Arabic section's tasks carry its number ("2.1")
  std::string heading;
  std::map<std::string, int> sub_count;              // parent id -> sub-rows so far
  std::map<std::string, std::size_t> index_of;       // task id -> index in draft.tasks
  std::map<std::string, int> next_duplicate_suffix;  // a repeated id -> the next "-N" to try
  std::size_t inherited_bytes = 0;                   // text copied from numbered rows into their sub-rows
  std::optional<std::size_t> last_task;              // index in draft.tasks
  std::size_t numbered_index = 0;                    // the last task that came from a numbered row
  std::string last_number;                           // the numbered row the last task came from
  int items_of_last_number = 0;                      // its items so far ("a)", "-")
  std::string last_item;                             // the last lettered item of it ("I.2a")
  int points_of_last_item = 0;                       // bullets under that item
  std::size_t tasks_in_section = 0;
  std::string prefix;                  // before the ids of a table whose numbers start again ("P2.")
  std::size_t part_first_task = 0;     // the first task of the table being numbered
  bool repeats_an_earlier_id = false;  // a row of this table took an id an earlier table gave
};

// Pass 2: ids, sub-rows and cells of `part`'s rows, appended to draft.tasks.
tl::expected<void, std::string> number_part(TablePart& part, bool text_like, const NameIndex& names, Numbering& state,
                                            Draft& draft);

std::string joined(const std::string& a, const std::string& b);

}  // namespace deadlined::import
