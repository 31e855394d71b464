#pragma once
// The table model of `deadlined import`: what a reader makes of a document
// (a Word file, a workbook, CSV, or text pasted from a document) before any
// meaning is given to it. Readers take bytes, never paths, so they can be fuzzed.
#include <cstddef>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

namespace deadlined::import {

enum class SourceFormat { docx, xlsx, csv, text, odt, ods };
std::string_view to_string(SourceFormat format);

struct GridCell {
  std::string text;           // lines joined with "\n" (joined with a space later)
  bool merged_above = false;  // continues a vertically merged cell (vMerge, xlsx range)
  bool merged_left = false;   // covered by a horizontally merged cell (gridSpan, xlsx range)
  bool uncalculated = false;  // xlsx: a formula saved without its value (the workbook was never calculated)
};

struct GridRow {
  std::vector<GridCell> cells;
  int line = 0;              // 1-based row (xlsx), table row (docx) or line (text, csv) in the source
  bool after_break = false;  // text and csv: preceded by a blank line (a page break of the pasted document)
};

struct Grid {
  std::string name;  // "table 2", "sheet Phụ lục", "text"
  std::vector<GridRow> rows;
  bool after_text = false;  // docx: a new part ("Phụ lục II ...") opens between the table before and this one
  // docx, odt: a paragraph stands between the table before and this one (an
  // empty one, a page or section break): Word shows two tables, where tables
  // with nothing between them show as one.
  bool after_paragraph = false;
};

struct Document {
  SourceFormat format = SourceFormat::text;
  std::vector<Grid> grids;              // every table of the document; text and csv: one
  std::vector<Grid> nested_grids;       // docx: tables in a table's cells or in text boxes, searched when
                                        // no table of `grids` is a task table
  std::vector<std::string> paragraphs;  // text outside the tables (titles, preamble)
  std::vector<std::string> notices;     // what the admin should know of the reading (an encoding converted)
};

// What a reader holds of one document, at most. No plan's table comes near;
// past these a file is refused, never cut short in silence. The text limit
// counts every copy: a merged cell or a shared string repeats its text in each
// cell it covers, so a file of kilobytes could otherwise ask for gigabytes.
inline constexpr int k_max_table_rows = 100'000;
inline constexpr int k_max_table_columns = 256;
inline constexpr std::size_t k_max_table_cells = 2'000'000;  // per table or sheet
inline constexpr std::size_t k_max_document_text = 16u * 1024u * 1024u;

// The message for a document whose cells hold more than k_max_document_text.
std::string too_much_text_message(std::string_view where);

struct ReadOptions {
  std::string sheet;  // xlsx, ods: the sheet's name; empty: every visible sheet
};

// Reads a document of `format` from its bytes. Fails (with a message for the
// admin) when the bytes are not such a document.
tl::expected<Document, std::string> parse_table_bytes(SourceFormat format, std::string_view bytes,
                                                      const ReadOptions& options = {});

// The format of a file: a zip by its parts (Word, Excel, OpenDocument), a
// flat OpenDocument file by its root, else by its extension (.docx, .xlsx,
// .odt, .ods, .csv, .tsv, .txt); otherwise text.
SourceFormat detect_format(std::string_view file_name, std::string_view bytes);

// Each reader on its own (parse_table_bytes dispatches to them).
tl::expected<Document, std::string> read_text(std::string_view bytes);
tl::expected<Document, std::string> read_csv(std::string_view bytes);
tl::expected<Document, std::string> read_docx(std::string_view bytes);
tl::expected<Document, std::string> read_xlsx(std::string_view bytes, const std::string& sheet);
// A text document's tables (.odt, .fodt) or a spreadsheet's sheets (.ods,
// .fods), by what the file's body holds; `sheet` as for read_xlsx.
tl::expected<Document, std::string> read_opendocument(std::string_view bytes, const std::string& sheet);
// Whether the bytes are an OpenDocument file: a zip whose "mimetype" part
// names one, or a flat OpenDocument XML file.
bool is_opendocument(std::string_view bytes);

// Whether a line of text between two tables opens another part of the
// document ("Phụ lục II", "Danh mục ...", "Biểu số 02", "Kế hoạch ..."): the
// table after it is not the rest of the one before.
bool opens_a_part(std::string_view text);

// Cell text as the plan file keeps it: HTML tags left over from a web copy
// dropped, lines joined with one space, runs of white space collapsed, trimmed.
std::string clean_cell_text(std::string_view text);
// The same, each line cleaned on its own and the lines kept ("Cấp tỉnh: Quý
// II" and "Cấp huyện: Quý III" as a cell's two paragraphs): where a line
// break is all that separates two parts of a timeline.
std::string clean_cell_lines(std::string_view text);

}  // namespace deadlined::import
