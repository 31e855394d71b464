#pragma once
// From a document's table to a draft plan: find the table by its header, give
// rows their ids (sections, numbered rows, sub-rows), copy the cells, resolve
// lead and support, check each timeline, and write the draft as a plan file in
// the project's TOML style. Pure: no files, no clock.
#include "import/names.hpp"
#include "import/table.hpp"

#include <string>
#include <tl/expected.hpp>
#include <vector>

namespace deadlined::import {

enum class Column { number, title, lead, support, product, when };
inline constexpr int k_column_count = 6;

// Something the draft cannot decide: listed on stderr and written as a
// "# OPEN:" comment at its task (or at the plan).
enum class OpenKind { unit, timeline, other };

struct OpenItem {
  OpenKind kind = OpenKind::other;
  int line = 0;        // row or line in the source; 0: the document as a whole
  std::string column;  // the column's header as written; empty: the row or plan
  std::string task;    // task id; empty: the plan
  std::string message;
  std::string table = {};  // the table or sheet of `line` in a plan of several tables; empty: the only one
};

struct DraftTask {
  std::string id;
  std::string title;
  std::string product;
  std::string when;
  std::vector<std::string> lead;
  std::vector<std::string> support;
  std::vector<std::string> notes;  // comments written above the task
  std::vector<OpenItem> open;
  std::string heading;  // a section or sub-heading written before the task
  int line = 0;
  std::string table = {};  // the table or sheet of `line` in a plan of several tables; empty: the only one
};

// A task table of the document and its header's row.
struct TablePlace {
  std::string name;  // "table 2", "sheet \"Phụ lục II\""
  int header_line = 0;
};

struct Draft {
  std::string plan_id;
  std::string title;
  int year = 0;
  int last_year = 0;  // --years A-B: B; 0: one year
  // A plan shorter than its years whose title names its period ("Kế hoạch
  // công tác Quý IV/2026", "... 6 tháng cuối năm 2026"): `start` and `end`
  // of [[plan]] (ISO dates), and the words that named it; empty: none.
  std::string start;
  std::string end;
  std::string period;
  std::string grid_name;  // the first task table (of `tables`)
  int header_line = 0;
  std::vector<std::string> headers;   // by Column, as written (the first task table's)
  std::vector<TablePlace> tables;     // every task table drafted, in order
  std::vector<std::string> left_out;  // tables and sheets with text but no task header
  // Sheets left out or thinned as repeating another's tasks (a summary and
  // the per-unit sheets it sums up), a sentence each.
  std::vector<std::string> repeats;
  std::vector<DraftTask> tasks;
  std::vector<OpenItem> plan_open;      // about the plan as a whole
  std::vector<std::string> plan_notes;  // comments above [[plan]]
  std::string trailing_heading;         // headings after the last task
  int sections = 0;
  int split_rows = 0;     // numbered rows split into sub-rows
  int continuations = 0;  // rows joined to the row above (page breaks)

  std::size_t open_count() const;
  std::vector<OpenItem> all_open() const;
};

struct DraftOptions {
  std::string plan_id;
  int year = 0;        // 0: from the document
  int last_year = 0;   // --years A-B
  std::string source;  // the file name, for the header comment
  std::string config;  // the main config, for the header comment
};

// The columns a header row names, or an empty vector when the row is no header.
std::vector<int> header_columns(const GridRow& row);

// The columns a header of two rows names: a top row whose merged cells span
// sub-columns ("Cơ quan thực hiện" over "Chủ trì" | "Phối hợp", "Thời gian"
// over "Bắt đầu" | "Hoàn thành"), each column named by its top and bottom text
// together. Of two timeline columns the one that ends ("Hoàn thành", "Kết
// thúc") is the deadline. Empty when the two rows are no header.
std::vector<int> header_columns(const GridRow& top, const GridRow& bottom);

// The text a header names column `physical` by: a top cell covered by a merge
// from the left takes the text of the cell that spans it; a bottom cell is
// added unless it continues a vertical merge.
std::string header_text(const GridRow& top, const GridRow* bottom, std::size_t physical);

tl::expected<Draft, std::string> build_draft(const Document& document, const NameIndex& names,
                                             const DraftOptions& options);

std::string render_plan(const Draft& draft, const DraftOptions& options);

// Where the tasks come from: "table 1, header at row 1", or for a plan in
// several tables "sheet \"Phụ lục I\" (header at row 3) and sheet \"Phụ lục II\"
// (header at row 2)".
std::string tables_drafted(const Draft& draft);

// A TOML basic string with quotes.
std::string toml_string(std::string_view text);

// Where an open item points: "row 12", "sheet \"Phụ lục II\" row 4", "document".
std::string open_item_place(const OpenItem& item);

}  // namespace deadlined::import
