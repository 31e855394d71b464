// The Word (.docx) reader: the document's tables as grids and the text
// between them. Merged cells are kept: a vertically merged cell's text is
// repeated in every row it spans (marked merged_above), a horizontally merged
// cell's text stays in its first column.
#include "import/ooxml.hpp"
#include "import/table.hpp"
#include "import/word_fonts.hpp"
#include "import/word_numbering.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace deadlined::import {

namespace {

using namespace ooxml;

// ---------------------------------------------------------------------------
// Word
// ---------------------------------------------------------------------------

// A run Word does not show: hidden text (w:vanish), unless switched off.
bool hidden_run(const pugi::xml_node& run) {
  const pugi::xml_node properties = child(run, "rPr");
  const pugi::xml_node vanish = properties ? child(properties, "vanish") : pugi::xml_node();
  if (!vanish) {
    return false;
  }
  const std::string_view value = attribute(vanish, "val");
  return value != "0" && value != "false" && value != "off";
}

// A content control still showing its placeholder ("Nhập nội dung ..."):
// nothing was typed in it.
bool showing_placeholder(const pugi::xml_node& control) {
  const pugi::xml_node properties = child(control, "sdtPr");
  return properties && child(properties, "showingPlcHdr");
}

// The character a w:sym stands for. Symbol fonts put ASCII punctuation at
// U+F020..U+F07E ("F02D" is the hyphen); other codes are the character.
void append_symbol(const pugi::xml_node& symbol, std::string& out) {
  const std::string code(attribute(symbol, "char"));
  char* end = nullptr;
  unsigned long value = std::strtoul(code.c_str(), &end, 16);
  if (code.empty() || end == nullptr || *end != '\0' || value == 0 || value > 0x10FFFF ||
      (value >= 0xD800 && value <= 0xDFFF)) {
    return;
  }
  if (value >= 0xF020 && value <= 0xF07E) {
    value -= 0xF000;
    if (std::isalpha(static_cast<int>(value)) != 0) {
      return;  // Symbol's letters are Greek: no plan's time is written in them
    }
  } else if (value >= 0xE000 && value <= 0xF8FF) {
    return;  // a private-use glyph (a Wingdings tick, a bullet)
  }
  append_utf8(out, static_cast<char32_t>(value));
}

// Complex fields (w:fldChar begin, separate, end) open in a paragraph, each
// true while its instructions run: a field nested in another's instructions
// (an IF over a MERGEFIELD) shows its result only through the outer field's.
using OpenFields = std::vector<bool>;

// Whether a paragraph's text takes in its text boxes (w:txbxContent): a
// body paragraph's do; a cell's are notes floating over the cell ("MỚI",
// "lùi hạn"), its text only when the cell holds nothing else.
enum class TextBoxes { read, skip };

// A paragraph's text as Word shows it: runs' w:t, w:tab as a space, w:br as
// a line break, a non-breaking hyphen as "-" and symbols as their
// characters; not deleted or moved-away text (tracked changes), hidden runs,
// placeholders or what stands in a field's instructions.
constexpr int k_max_paragraph_depth = 64;  // elements in a paragraph; Word's text boxes take about 14

// Each run's text goes through its font's encoding (`font`: the run's).
void paragraph_text(const pugi::xml_node& node, RunText& out, const WordFonts& fonts, const std::string& font,
                    OpenFields& fields, int depth, TextBoxes text_boxes, bool& too_deep) {
  if (depth > k_max_paragraph_depth) {
    too_deep = true;
    return;
  }
  bool custom_mark = false;  // a footnote's own mark follows in the run ("*"): no text
  for (pugi::xml_node c : node.children()) {
    std::string_view name = local(c);
    if (name == "footnoteReference" || name == "endnoteReference") {
      const std::string_view follows = attribute(c, "customMarkFollows");
      custom_mark = follows == "1" || follows == "true" || follows == "on";
      continue;
    }
    if (name == "t" && custom_mark) {
      custom_mark = false;
      continue;
    }
    if (name == "fldChar") {
      const std::string_view type = attribute(c, "fldCharType");
      if (type == "begin") {
        fields.push_back(true);
      } else if (type == "separate" && !fields.empty()) {
        fields.back() = false;
      } else if (type == "end" && !fields.empty()) {
        fields.pop_back();
      }
      continue;
    }
    const bool shown = std::find(fields.begin(), fields.end(), true) == fields.end();
    if (name == "t") {
      if (shown) {
        out.add(c.text().get(), font);
      }
    } else if (name == "tab" || name == "br" || name == "cr" || name == "noBreakHyphen" || name == "sym") {
      if (!shown) {
        continue;
      }
      if (name == "tab") {
        out.add(" ", {});
      } else if (name == "noBreakHyphen") {
        out.add("-", {});
      } else if (name == "sym") {
        std::string symbol;
        append_symbol(c, symbol);
        out.add(symbol, {});
      } else {
        out.add("\n", {});
      }
    } else if (name == "tbl" || name == "pPr" || name == "rPr" || name == "del" || name == "moveFrom" ||
               name == "Fallback" || (name == "r" && hidden_run(c)) || (name == "sdt" && showing_placeholder(c)) ||
               (name == "txbxContent" && text_boxes == TextBoxes::skip)) {
      // Nested tables are read on their own; deleted and moved-away text is
      // not text; an mc:AlternateContent holds the same text twice, its
      // Choice is read.
      continue;
    } else if (name == "r") {
      paragraph_text(c, out, fonts, fonts.font_of(c), fields, depth + 1, text_boxes, too_deep);
    } else {
      paragraph_text(c, out, fonts, font, fields, depth + 1, text_boxes, too_deep);
    }
  }
}

// False when the paragraph nests elements deeper than any document Word
// writes (revisions, fields and controls in one another): the caller
// refuses the file rather than leave that text out.
// Runs in an old font (.VnTime, VNI-Times) are converted to Unicode; their
// fonts are added to context.converted_fonts.
[[nodiscard]] bool paragraph_text(const pugi::xml_node& paragraph, std::string& out, WordTextContext& context,
                                  TextBoxes text_boxes = TextBoxes::read) {
  OpenFields fields;
  bool too_deep = false;
  RunText runs(out, context);
  paragraph_text(paragraph, runs, context.fonts, {}, fields, 0, text_boxes, too_deep);
  runs.flush();
  return !too_deep;
}

std::string too_deep_paragraph_message(const std::string& where) {
  return where + " holds a paragraph whose elements nest more than " + std::to_string(k_max_paragraph_depth) +
         " deep (revisions, fields or controls in one another): no document Word writes does so";
}

// How deep tables may nest in a cell (a table in a table's cell is depth 1).
// Word nests what it is given; no plan needs more.
constexpr int k_max_table_nesting = 8;

// Content controls and custom XML wrapped around rows, cells or a cell's
// paragraphs: no template nests them deeper; a file that does is refused
// (a cell's 30,000 nested controls overflowed the stack).
constexpr int k_max_wrapping = 8;

// What nests too deep for a plan's table: tables in cells, or wrappers.
enum class TooDeep { no, tables, wrappers, paragraph };

std::vector<pugi::xml_node> wrapped_children(const pugi::xml_node& parent, std::string_view name, TooDeep& too_deep);

// `nesting` counts the tables around the cell, `wrappers` the content
// controls; `too_deep` is set when either nests past its limit (the caller
// refuses the file).
std::string cell_text(const pugi::xml_node& tc, ListNumbering& numbering, WordTextContext& context, int nesting,
                      TooDeep& too_deep, TextBoxes text_boxes = TextBoxes::skip, int wrappers = 0);

// A table inside a cell (a timeline given as "Bắt đầu | Tháng 3/2026",
// "Hoàn thành | Tháng 6/2026"): its text, a line per row, cells apart by a
// space; never rows of the table around it.
std::string nested_table_text(const pugi::xml_node& tbl, ListNumbering& numbering, WordTextContext& context,
                              int nesting, TooDeep& too_deep) {
  if (nesting > k_max_table_nesting) {
    too_deep = TooDeep::tables;
    return {};
  }
  std::string text;
  for (pugi::xml_node tr : wrapped_children(tbl, "tr", too_deep)) {
    std::string line;
    for (pugi::xml_node tc : wrapped_children(tr, "tc", too_deep)) {
      std::string cell = cell_text(tc, numbering, context, nesting, too_deep);
      std::replace(cell.begin(), cell.end(), '\n', ' ');
      if (cell.find_first_not_of(" \t") != std::string::npos) {
        line += (line.empty() ? "" : " ") + cell;
      }
    }
    if (!line.empty()) {
      text += (text.empty() ? "" : "\n") + line;
    }
  }
  return text;
}

// A paragraph whose mark was deleted with tracked changes (w:pPr/w:rPr/w:del,
// or moved away): accepted, its text runs on into the next paragraph, whose
// mark (and list number) the two keep, as Word shows them.
bool mark_deleted(const pugi::xml_node& paragraph) {
  const pugi::xml_node properties = child(paragraph, "pPr");
  const pugi::xml_node mark = properties ? child(properties, "rPr") : pugi::xml_node();
  return mark && (child(mark, "del") || child(mark, "moveFrom"));
}

std::string cell_text(const pugi::xml_node& tc, ListNumbering& numbering, WordTextContext& context, int nesting,
                      TooDeep& too_deep, TextBoxes text_boxes, int wrappers) {
  std::string text;
  std::string runs_on;  // text of paragraphs whose mark was deleted, before the next paragraph's
  const auto add = [&text](const std::string& lines) {
    if (!lines.empty()) {
      if (!text.empty()) {
        text += '\n';
      }
      text += lines;
    }
  };
  for (pugi::xml_node c : tc.children()) {
    std::string_view name = local(c);
    if (name == "p") {
      std::string paragraph = std::move(runs_on);
      runs_on.clear();
      if (!paragraph_text(c, paragraph, context, text_boxes)) {
        too_deep = TooDeep::paragraph;
        return text;
      }
      if (mark_deleted(c)) {
        runs_on = std::move(paragraph);
        continue;
      }
      // The list number Word shows before the paragraph: alone in a TT
      // column numbered by Word, before the text of a numbered section
      // heading ("I." + "CÔNG TÁC ...") or of a cell's items ("a)" + "Rà soát").
      const std::string label = list_label(c, numbering);
      if (paragraph.find_first_not_of(" \t\n") == std::string::npos) {
        if (!label.empty()) {
          paragraph = label;
        }
      } else if (!label.empty()) {
        paragraph = label + " " + paragraph;
      }
      if (!text.empty()) {
        text += '\n';
      }
      text += paragraph;
    } else if (name == "tbl") {
      add(std::exchange(runs_on, {}));  // a mark before a table stays: Word joins no paragraph into it
      add(nested_table_text(c, numbering, context, nesting + 1, too_deep));
    } else if (name == "sdt" && !showing_placeholder(c)) {
      // A content control around paragraphs (its placeholder is no text).
      if (wrappers >= k_max_wrapping) {
        too_deep = TooDeep::wrappers;
        return text;
      }
      add(std::exchange(runs_on, {}));
      if (pugi::xml_node content = child(c, "sdtContent")) {
        add(cell_text(content, numbering, context, nesting, too_deep, text_boxes, wrappers + 1));
      }
    }
  }
  add(runs_on);  // the cell's last mark is never deleted; a file may say so all the same
  if (text_boxes == TextBoxes::skip && text.find_first_not_of(" \t\n") == std::string::npos &&
      tc.find_node([](const pugi::xml_node& n) { return local(n) == "txbxContent"; })) {
    // A text box alone in the cell: its text is the cell's. (A blank cell
    // showed no list number, so reading it again counts no list twice.)
    return cell_text(tc, numbering, context, nesting, too_deep, TextBoxes::read);
  }
  return text;
}

// A row deleted with tracked changes (w:trPr/w:del): Word's final view has
// no such row, whatever text its cells still hold.
bool deleted_row(const pugi::xml_node& tr) {
  const pugi::xml_node properties = child(tr, "trPr");
  return properties && child(properties, "del");
}

// A cell deleted with tracked changes (w:tcPr/w:cellDel): accepted, the
// cells after it move left.
bool deleted_cell(const pugi::xml_node& tc) {
  const pugi::xml_node properties = child(tc, "tcPr");
  return properties && child(properties, "cellDel");
}

// The children named `name` ("tr" of a table, "tc" of a row), also those
// wrapped in content controls (w:sdt/w:sdtContent) or custom XML, which
// templates put around rows and cells, or in tracked insertions (w:ins,
// w:moveTo), which programs put around rows; not rows or cells deleted with
// tracked changes (w:trPr/w:del, w:tcPr/w:cellDel, in w:del or w:moveFrom):
// the document as its changes accepted.
std::vector<pugi::xml_node> wrapped_children(const pugi::xml_node& parent, std::string_view name, TooDeep& too_deep) {
  std::vector<pugi::xml_node> found;
  const auto collect = [&found, &too_deep, name](const auto& self, const pugi::xml_node& node, int depth) -> void {
    for (pugi::xml_node c : node.children()) {
      const std::string_view here = local(c);
      if (here == name) {
        if ((here != "tr" || !deleted_row(c)) && (here != "tc" || !deleted_cell(c))) {
          found.push_back(c);
        }
      } else if (here == "sdt" || here == "sdtContent" || here == "customXml" || here == "ins" || here == "moveTo") {
        if (depth >= 2 * k_max_wrapping) {  // w:sdt and w:sdtContent: two levels a control
          too_deep = TooDeep::wrappers;
          return;
        }
        self(self, c, depth + 1);
      }
    }
  };
  collect(collect, parent, 0);
  return found;
}

// A count of grid columns (w:gridSpan, w:gridBefore): its leading digits,
// saturated past any table ("2000000000" is no count, nor its overflow).
int grid_count(std::string_view value, int least) {
  const std::size_t first = value.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return least;
  }
  value.remove_prefix(first);
  long long count = 0;
  bool digits = false;
  for (const char c : value) {
    if (c < '0' || c > '9') {
      break;
    }
    digits = true;
    count = std::min<long long>(count * 10 + (c - '0'), k_max_columns + 1LL);
  }
  return digits ? std::max(static_cast<int>(count), least) : least;
}

struct WordCell {
  pugi::xml_node tc;
  int span = 1;
  std::string_view span_text;  // as the file gives it
  bool continues = false;      // w:vMerge without "restart": the cell above goes on
};

// A row's cells as its w:tcPr give them, after its w:gridBefore columns.
struct WordRow {
  int before = 0;
  std::vector<WordCell> cells;
};

WordRow word_row_of(const pugi::xml_node& tr, TooDeep& too_deep) {
  WordRow row;
  if (pugi::xml_node tr_pr = child(tr, "trPr")) {
    if (pugi::xml_node before = child(tr_pr, "gridBefore")) {
      row.before = std::min(grid_count(attribute(before, "val"), 0), k_max_columns);
    }
  }
  for (pugi::xml_node tc : wrapped_children(tr, "tc", too_deep)) {
    WordCell cell{tc, 1, {}, false};
    if (pugi::xml_node tc_pr = child(tc, "tcPr")) {
      if (pugi::xml_node grid_span = child(tc_pr, "gridSpan")) {
        cell.span_text = attribute(grid_span, "val");
        cell.span = std::min(grid_count(cell.span_text, 1), k_max_columns);
      }
      if (pugi::xml_node v_merge = child(tc_pr, "vMerge")) {
        std::string_view val = attribute(v_merge, "val");
        cell.continues = val.empty() || val == "continue";
      }
    }
    row.cells.push_back(cell);
  }
  return row;
}

// The table's columns: its grid (w:tblGrid), or the width most of its rows
// have when the grid is missing or narrower (a file written by a program).
int table_columns(const pugi::xml_node& tbl, const std::vector<pugi::xml_node>& rows, TooDeep& too_deep) {
  int grid_columns = 0;
  if (pugi::xml_node grid = child(tbl, "tblGrid")) {
    for (pugi::xml_node column : grid.children()) {
      grid_columns += local(column) == "gridCol" ? 1 : 0;
    }
  }
  std::map<long long, int> rows_of_width;
  for (const pugi::xml_node& tr : rows) {
    const WordRow row = word_row_of(tr, too_deep);
    long long width = row.before;
    for (const WordCell& cell : row.cells) {
      width += cell.span;
    }
    ++rows_of_width[width];
  }
  long long usual = 0;
  int most = 0;
  for (const auto& [width, count] : rows_of_width) {
    if (count >= most) {
      usual = width;
      most = count;
    }
  }
  return static_cast<int>(std::min<long long>(std::max<long long>(grid_columns, usual), k_max_columns));
}

// A row whose cells span more columns than the table's grid (a gridSpan of
// 7 or 2000000000 in a 5-column table) is drawn by Word past the table's
// edge, every cell after the wide one under the wrong header. Its cells are
// what the author typed in order: the widest spans are narrowed until the row
// fits (then gridBefore), so no cell is lost or read under the wrong column.
// Returns the w:gridSpan of the widest cell when a span was narrowed.
std::optional<std::string> fit_row_to_grid(std::vector<WordCell>& cells, int& before, int columns) {
  long long total = before;
  for (const WordCell& cell : cells) {
    total += cell.span;
  }
  if (total <= columns) {
    return std::nullopt;
  }
  const auto widest_asked = std::max_element(cells.begin(), cells.end(),
                                             [](const WordCell& a, const WordCell& b) { return a.span < b.span; });
  const std::string asked(widest_asked == cells.end() ? std::string_view() : widest_asked->span_text.substr(0, 24));
  long long excess = total - columns;
  const long long asked_excess = excess;
  while (excess > 0) {
    auto widest = std::max_element(cells.begin(), cells.end(),
                                   [](const WordCell& a, const WordCell& b) { return a.span < b.span; });
    if (widest == cells.end() || widest->span <= 1) {
      break;
    }
    const long long cut = std::min<long long>(widest->span - 1, excess);
    widest->span -= static_cast<int>(cut);
    excess -= cut;
  }
  const long long cut_before = std::min<long long>(before, excess);
  before -= static_cast<int>(cut_before);
  excess -= cut_before;
  return excess < asked_excess ? std::optional<std::string>(asked) : std::nullopt;
}

// `text_bytes` counts the cell text of the whole document, copies included.
tl::expected<Grid, std::string> read_word_table(const pugi::xml_node& tbl, int number, ListNumbering& numbering,
                                                WordTextContext& context, std::size_t& text_bytes,
                                                std::vector<std::string>& notices, int nesting = 0) {
  Grid grid;
  grid.name = nesting == 0 ? "table " + std::to_string(number) : "the table inside table " + std::to_string(number);
  TooDeep too_deep = TooDeep::no;
  const auto too_deep_message = [&grid, &too_deep]() {
    if (too_deep == TooDeep::paragraph) {
      return too_deep_paragraph_message(grid.name);
    }
    return too_deep == TooDeep::tables
               ? grid.name + " holds tables nested more than " + std::to_string(k_max_table_nesting) +
                     " deep: no plan's table is made so; copy the plan's table out of them"
               : grid.name + " holds rows, cells or text wrapped in content controls or custom XML more than " +
                     std::to_string(k_max_wrapping) + " deep: no template does so; copy the plan's table out of them";
  };
  const std::vector<pugi::xml_node> table_rows = wrapped_children(tbl, "tr", too_deep);
  if (too_deep != TooDeep::no) {
    return tl::unexpected(too_deep_message());
  }
  const int columns = table_columns(tbl, table_rows, too_deep);
  if (too_deep != TooDeep::no) {
    return tl::unexpected(too_deep_message());
  }
  int row_number = 0;
  std::size_t total_cells = 0;
  for (pugi::xml_node tr : table_rows) {
    ++row_number;
    if (row_number > k_max_rows) {
      return tl::unexpected(grid.name + " has more than " + std::to_string(k_max_rows) +
                            " rows: no plan's table is that long");
    }
    GridRow row;
    row.line = row_number;
    WordRow word_row = word_row_of(tr, too_deep);
    if (too_deep != TooDeep::no) {
      return tl::unexpected(too_deep_message());
    }
    int column = word_row.before;
    std::vector<WordCell>& cells = word_row.cells;
    if (const auto asked = fit_row_to_grid(cells, column, columns)) {
      notices.push_back(
          grid.name + ", row " + std::to_string(row_number) + ": a cell spans \"" + *asked +
          "\" columns (w:gridSpan), making the row wider than the table's " + std::to_string(columns) +
          " columns; it was narrowed so that each cell of the row stays under its own column: check the row");
    }
    row.cells.resize(static_cast<std::size_t>(column));
    total_cells += static_cast<std::size_t>(column);
    for (const WordCell& word_cell : cells) {
      const int span = word_cell.span;
      const bool continues = word_cell.continues;
      if (total_cells + static_cast<std::size_t>(span) > k_max_cells) {
        return tl::unexpected(grid.name + " has more than " + std::to_string(k_max_cells) +
                              " cells: no plan's table is that large");
      }
      if (column + span > k_max_columns) {
        return tl::unexpected(grid.name + ", row " + std::to_string(row_number) + " has more than " +
                              std::to_string(k_max_columns) + " columns: no plan's table is that wide");
      }
      total_cells += static_cast<std::size_t>(span);
      GridCell cell;
      if (continues) {
        cell.merged_above = true;
        if (!grid.rows.empty() && static_cast<std::size_t>(column) < grid.rows.back().cells.size()) {
          cell.text = grid.rows.back().cells[static_cast<std::size_t>(column)].text;
        }
      } else {
        context.converted_fonts.clear();
        cell.text = cell_text(word_cell.tc, numbering, context, nesting, too_deep);
        if (too_deep != TooDeep::no) {
          return tl::unexpected(too_deep_message());
        }
        for (const std::string& font : context.converted_fonts) {
          context.conversions.add_cell(encoding_of_font(font), "by the font " + font + " of the text", grid.name,
                                       row_number, column + 1);
        }
      }
      text_bytes += cell.text.size();
      if (text_bytes > k_max_document_text) {
        return tl::unexpected(too_much_text_message(grid.name));
      }
      row.cells.push_back(std::move(cell));
      for (int k = 1; k < span; ++k) {
        GridCell covered;
        covered.merged_left = true;
        covered.merged_above = continues;
        row.cells.push_back(std::move(covered));
      }
      column += span;
    }
    grid.rows.push_back(std::move(row));
  }
  return grid;
}

// The tables inside `node` (a body table's cells, a paragraph's text boxes,
// w:txbxContent), each a grid of document.nested_grids: a plan pasted into a
// layout table or drawn in a text box. Their text is the cells' or the
// paragraph's too; a nested grid is the task table only when no table of the
// body is. `numbering` is a copy, so lists are not counted twice.
tl::expected<void, std::string> collect_inner_tables(const pugi::xml_node& node, Document& document, int number,
                                                     int nesting, int depth, ListNumbering& numbering,
                                                     WordTextContext& context, std::size_t& text_bytes) {
  if (depth > 64) {
    return {};  // deeper than any document Word writes: what is there stays unread
  }
  for (pugi::xml_node c : node.children()) {
    const std::string_view name = local(c);
    if (name == "Fallback" || name == "del" || name == "moveFrom") {
      continue;  // the same text box twice, or text that is not the document's
    }
    int inner = nesting;
    if (name == "tbl") {
      inner = nesting + 1;
      if (inner > k_max_table_nesting) {
        return tl::unexpected("table " + std::to_string(number) + " holds tables nested more than " +
                              std::to_string(k_max_table_nesting) +
                              " deep: no plan's table is made so; copy the plan's table out of them");
      }
      auto grid = read_word_table(c, number, numbering, context, text_bytes, document.notices, inner);
      if (!grid) {
        return tl::unexpected(grid.error());
      }
      grid->after_text = true;  // a table of its own, never the rest of another
      document.nested_grids.push_back(std::move(*grid));
    }
    if (auto deeper = collect_inner_tables(c, document, number, inner, depth + 1, numbering, context, text_bytes);
        !deeper) {
      return deeper;
    }
  }
  return {};
}

bool holds_a_table(const pugi::xml_node& node) {
  return static_cast<bool>(node.find_node([](const pugi::xml_node& n) { return local(n) == "tbl"; }));
}

// A paragraph of the body's text. A new part of the document ("Phụ lục
// II", "Danh mục thủ tục ...", "Biểu số 02") starts another table; a section
// heading ("II. NHIỆM VỤ CỤ THỂ") or "(tiếp theo)" between two pieces of one
// table does not.
void add_body_paragraph(Document& document, std::string text, bool& text_since_table) {
  text_since_table = text_since_table || opens_a_part(text);
  document.paragraphs.push_back(std::move(text));
}

// Where collect_word is: `text_since_table` tells whether text stood since
// the last table (a table after text is not its continuation), `runs_on`
// holds the text of paragraphs whose mark was deleted.
struct BodyReading {
  bool text_since_table = false;
  bool paragraph_since_table = false;  // any paragraph, an empty one too
  std::string runs_on;
  std::size_t text_bytes = 0;  // the cell text read, copies included
};

// Tables and the paragraphs between them.
tl::expected<void, std::string> collect_word(const pugi::xml_node& node, Document& document, int depth,
                                             BodyReading& reading, ListNumbering& numbering, WordTextContext& context) {
  if (depth > 2 * k_max_wrapping) {  // w:sdt and w:sdtContent: two levels a control
    return tl::unexpected("the document holds tables or paragraphs wrapped in content controls more than " +
                          std::to_string(k_max_wrapping) +
                          " deep: no template does so; copy the plan's table out of them");
  }
  for (pugi::xml_node c : node.children()) {
    std::string_view name = local(c);
    if (name == "tbl") {
      if (!reading.runs_on.empty()) {  // Word joins no paragraph into a table
        add_body_paragraph(document, std::exchange(reading.runs_on, {}), reading.text_since_table);
      }
      const int number = static_cast<int>(document.grids.size()) + 1;
      if (holds_a_table(c)) {
        ListNumbering copy = numbering;
        if (auto inner = collect_inner_tables(c, document, number, 0, 0, copy, context, reading.text_bytes); !inner) {
          return inner;
        }
      }
      auto grid = read_word_table(c, number, numbering, context, reading.text_bytes, document.notices);
      if (!grid) {
        return tl::unexpected(grid.error());
      }
      document.grids.push_back(std::move(*grid));
      document.grids.back().after_text = reading.text_since_table;
      document.grids.back().after_paragraph = reading.paragraph_since_table;
      reading.text_since_table = false;
      reading.paragraph_since_table = false;
    } else if (name == "p") {
      if (holds_a_table(c)) {  // a table in a text box
        ListNumbering copy = numbering;
        const int number = static_cast<int>(document.grids.size()) + 1;
        if (auto inner = collect_inner_tables(c, document, number, 0, 0, copy, context, reading.text_bytes); !inner) {
          return inner;
        }
      }
      std::string text = std::exchange(reading.runs_on, {});
      context.converted_fonts.clear();
      if (!paragraph_text(c, text, context)) {
        return tl::unexpected(too_deep_paragraph_message("the document"));
      }
      for (const std::string& font : context.converted_fonts) {
        context.conversions.add_paragraph(encoding_of_font(font), "by the font " + font + " of the text");
      }
      if (mark_deleted(c)) {
        reading.runs_on = std::move(text);
        continue;
      }
      list_label(c, numbering);  // a list's count goes on outside the tables too
      reading.paragraph_since_table = true;
      add_body_paragraph(document, std::move(text), reading.text_since_table);
    } else if (name == "sdt" || name == "sdtContent" || name == "body") {
      if (auto inner = collect_word(c, document, depth + 1, reading, numbering, context); !inner) {
        return inner;
      }
    }
  }
  return {};
}

}  // namespace

tl::expected<Document, std::string> read_docx(std::string_view bytes) {
  auto archive = ZipArchive::open(bytes);
  if (!archive) {
    return tl::unexpected(archive.error());
  }
  // The parts as the package's relationships name them; Office's usual
  // names when a relationship is missing.
  auto part = main_part(*archive, "word/document.xml");
  if (!part) {
    return tl::unexpected(part.error());
  }
  auto content = archive->read(*part);
  if (!content) {
    return tl::unexpected(content.error());
  }
  if (!*content) {
    return tl::unexpected("not a Word document (no " + *part + ")");
  }
  auto xml = parse_xml(**content, *part);
  if (!xml) {
    return tl::unexpected(xml.error());
  }
  Document document;
  document.format = SourceFormat::docx;
  pugi::xml_node root = xml->document_element();
  pugi::xml_node body = child(root, "body");
  if (local(root) != "document" || !body) {
    return tl::unexpected("not a Word document (its main part " + *part + " has no body)");
  }
  std::string numbering_part = part->substr(0, part->rfind('/') + 1) + "numbering.xml";
  std::string styles_part = part->substr(0, part->rfind('/') + 1) + "styles.xml";
  std::string theme_part = part->substr(0, part->rfind('/') + 1) + "theme/theme1.xml";
  std::string settings_part = part->substr(0, part->rfind('/') + 1) + "settings.xml";
  if (auto document_rels = relationships(*archive, *part)) {
    for (const Relationship& rel : *document_rels) {
      if (rel.type == "numbering" && rel.present) {
        numbering_part = rel.target;
      } else if (rel.type == "styles" && rel.present) {
        styles_part = rel.target;
      } else if (rel.type == "theme" && rel.present) {
        theme_part = rel.target;
      } else if (rel.type == "settings" && rel.present) {
        settings_part = rel.target;
      }
    }
  }
  ListNumbering numbering;
  if (auto numbering_xml = archive->read(numbering_part); numbering_xml && *numbering_xml) {
    if (auto parsed = parse_xml(**numbering_xml, numbering_part)) {
      numbering.read(*parsed);
    }
  }
  WordTextContext context;
  // The theme's fonts, which styles and runs may name (w:asciiTheme).
  if (auto theme_xml = archive->read(theme_part); theme_xml && *theme_xml) {
    if (auto theme = parse_xml(**theme_xml, theme_part)) {
      std::string language;
      if (auto settings_xml = archive->read(settings_part); settings_xml && *settings_xml) {
        if (auto settings = parse_xml(**settings_xml, settings_part)) {
          const pugi::xml_node lang = child(settings->document_element(), "themeFontLang");
          language = lang ? std::string(attribute(lang, "val")) : std::string();
        }
      }
      context.fonts.read_theme(*theme, language);
    }
  }
  if (auto styles_xml = archive->read(styles_part); styles_xml && *styles_xml) {
    if (auto parsed = parse_xml(**styles_xml, styles_part)) {
      numbering.read_styles(*parsed);
      context.fonts.read_styles(*parsed);
    }
  }
  document.notices = context.fonts.find_leftover_fonts(body);
  BodyReading reading;
  if (auto read = collect_word(body, document, 0, reading, numbering, context); !read) {
    return tl::unexpected(read.error());
  }
  if (!reading.runs_on.empty()) {
    add_body_paragraph(document, std::move(reading.runs_on), reading.text_since_table);
  }
  // Where no run's font names an old encoding, text typed in one is told by
  // how it reads.
  convert_unmarked_legacy_text(document, context.conversions.most_converted());
  for (std::string& notice : context.conversions.notices()) {
    document.notices.push_back(std::move(notice));
  }
  return document;
}

}  // namespace deadlined::import
