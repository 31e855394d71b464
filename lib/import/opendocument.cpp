// The OpenDocument readers (.odt, .ods, and the flat .fodt, .fods that
// LibreOffice also saves): the tables of a text document and the sheets of a
// spreadsheet as grids, merged cells (table:number-columns-spanned,
// number-rows-spanned over table:covered-table-cell) kept as the Word and
// Excel readers keep them, repeated rows and cells
// (table:number-rows-repeated, number-columns-repeated: a million empty
// rows close every sheet LibreOffice saves) expanded only where they hold
// text, within the limits of table.hpp.
#include "import/opendocument.hpp"

#include "import/legacy_text.hpp"
#include "import/ooxml.hpp"
#include "import/table.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined::import {

namespace {

using namespace opendocument;
using ooxml::attribute;
using ooxml::child;
using ooxml::local;

constexpr int k_max_repeat = 1 << 20;             // a sheet's rows: 1048576
constexpr std::size_t k_max_inner_tables = 1000;  // tables inside cells or text boxes, read as nested grids

int count_attribute(const pugi::xml_node& node, std::string_view name, int high) {
  const std::string_view text = attribute(node, name);
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return 1;
  }
  return static_cast<int>(std::clamp<long long>(value, 1, high));
}

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// A cell's value where it holds no paragraph (a program that writes values
// only): a date as "30/06/2026", a number as written.
std::string value_text(const pugi::xml_node& cell) {
  const std::string_view type = attribute(cell, "value-type");
  if (type == "date") {
    const std::string_view date = attribute(cell, "date-value");
    if (date.size() >= 10 && date[4] == '-' && date[7] == '-') {
      return std::string(date.substr(8, 2)) + "/" + std::string(date.substr(5, 2)) + "/" +
             std::string(date.substr(0, 4));
    }
    return std::string(date);
  }
  if (type == "float" || type == "percentage" || type == "currency") {
    return std::string(attribute(cell, "value"));
  }
  if (type == "string") {
    return std::string(attribute(cell, "string-value"));
  }
  return {};
}

// A date cell shown with a two-digit year ("30/06/26", "06/26"): the date
// written out as the Excel reader writes one ("30/06/2026", "06/2026"), from
// its value. Shown with its year in full, or in words, it stays as shown.
std::string shown_date(const std::string& shown, std::string_view value) {
  if (value.size() < 10 || value[4] != '-' || value[7] != '-') {
    return shown;
  }
  const auto number = [](std::string_view digits) {
    int parsed = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), parsed);
    return parsed;
  };
  const int year = number(value.substr(0, 4));
  const int month = number(value.substr(5, 2));
  const int day = number(value.substr(8, 2));
  std::vector<int> numbers;  // the runs of digits shown
  for (std::size_t i = 0; i < shown.size();) {
    if (shown[i] < '0' || shown[i] > '9') {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < shown.size() && shown[end] >= '0' && shown[end] <= '9') {
      ++end;
    }
    if (end - i > 4) {
      return shown;
    }
    numbers.push_back(number(std::string_view(shown).substr(i, end - i)));
    i = end;
  }
  const auto shows = [&numbers](int n) { return std::find(numbers.begin(), numbers.end(), n) != numbers.end(); };
  if (shows(year) || !shows(year % 100) || !shows(month)) {
    return shown;
  }
  const std::string month_year = std::string(value.substr(5, 2)) + "/" + std::string(value.substr(0, 4));
  return numbers.size() >= 3 && shows(day) ? std::string(value.substr(8, 2)) + "/" + month_year : month_year;
}

struct Range {
  int first_row = 0;
  int first_column = 0;
  int last_row = 0;
  int last_column = 0;
};

struct TableCell {
  int column = 0;
  std::string text;
  int columns_spanned = 1;
  int rows_spanned = 1;
};

// Hidden columns (table:visibility="collapse"): their cells read as empty,
// as the Excel reader reads hidden columns.
void hidden_columns(const pugi::xml_node& node, int& column, std::set<int>& hidden, int depth = 0) {
  for (pugi::xml_node c : node.children()) {
    if (column >= k_max_table_columns || depth > k_max_depth) {
      return;
    }
    const std::string_view name = local(c);
    if (name == "table-column") {
      const int repeat = count_attribute(c, "number-columns-repeated", k_max_repeat);
      const std::string_view visibility = attribute(c, "visibility");
      for (int k = 0; k < repeat && column < k_max_table_columns; ++k, ++column) {
        if (visibility == "collapse" || visibility == "filter") {
          hidden.insert(column);
        }
      }
    } else if (name == "table-columns" || name == "table-header-columns" || name == "table-column-group") {
      hidden_columns(c, column, hidden, depth + 1);
    }
  }
}

struct Reading {
  ListCounters lists;
  std::size_t text_bytes = 0;  // every cell's text, copies included
  std::vector<std::string> notices;
};

// One table:table as a grid. `sheet`: rows before the first with text are
// left out (a sheet's table starts where its text does), and rows keep the
// sheet's numbers.
tl::expected<Grid, std::string> read_table(const pugi::xml_node& table, const std::string& name, bool sheet,
                                           Reading& reading) {
  const std::string where = sheet ? "the sheet \"" + std::string(attribute(table, "name")) + "\"" : name;
  std::set<int> hidden;
  int column_count = 0;
  hidden_columns(table, column_count, hidden);
  std::vector<pugi::xml_node> row_nodes;
  table_rows(table, row_nodes);
  std::map<int, std::map<int, std::string>> cells;  // row -> column -> text
  std::vector<Range> merges;
  std::vector<int> hidden_rows;  // hidden rows that hold text
  int max_column = -1;
  int row_number = 1;
  std::size_t cell_count = 0;
  for (const pugi::xml_node& row : row_nodes) {
    const int repeat = count_attribute(row, "number-rows-repeated", k_max_repeat);
    std::vector<TableCell> row_cells;
    std::size_t row_bytes = 0;  // the row's text, each repeated cell counted
    int column = 0;
    for (pugi::xml_node c : row.children()) {
      const std::string_view cell_name = local(c);
      if (cell_name != "table-cell" && cell_name != "covered-table-cell") {
        continue;
      }
      if (column >= k_max_table_columns) {
        break;  // past the columns a plan's table has, as the Excel reader does
      }
      const int columns_repeated = count_attribute(c, "number-columns-repeated", k_max_repeat);
      if (cell_name == "covered-table-cell") {
        column += columns_repeated;  // under a merged cell: its text is the cell's that covers it
        continue;
      }
      TableCell cell;
      if (!cell_text(c, reading.lists, cell.text)) {
        return tl::unexpected(where + " holds cells nested more than " + std::to_string(k_max_depth) +
                              " elements deep: no plan's table is made so");
      }
      if (blank(cell.text)) {
        cell.text = value_text(c);
      } else if (attribute(c, "value-type") == "date") {
        cell.text = shown_date(cell.text, attribute(c, "date-value"));
      }
      cell.columns_spanned = count_attribute(c, "number-columns-spanned", k_max_table_columns);
      cell.rows_spanned = count_attribute(c, "number-rows-spanned", k_max_table_rows);
      if (blank(cell.text) && cell.columns_spanned == 1 && cell.rows_spanned == 1) {
        column += columns_repeated;  // empty cells, however many, take no memory
        continue;
      }
      for (int k = 0; k < columns_repeated && column < k_max_table_columns; ++k, ++column) {
        if (hidden.count(column) != 0) {
          continue;
        }
        row_bytes += cell.text.size();
        if (reading.text_bytes + row_bytes > k_max_document_text) {
          return tl::unexpected(too_much_text_message(where));
        }
        cell.column = column;
        row_cells.push_back(cell);
      }
    }
    if (row_cells.empty()) {
      row_number = std::min(row_number + repeat, k_max_repeat + 1);
      continue;
    }
    if (static_cast<int>(cells.size()) + repeat > k_max_table_rows) {
      return tl::unexpected(where + " has more than " + std::to_string(k_max_table_rows) +
                            " rows: no plan's table is that long");
    }
    const std::string_view visibility = attribute(row, "visibility");
    for (int k = 0; k < repeat; ++k, ++row_number) {
      if (!visibility.empty() && visibility != "visible" && hidden_rows.size() < 6) {
        hidden_rows.push_back(row_number);
      }
      cell_count += row_cells.size();
      if (cell_count > k_max_table_cells) {
        return tl::unexpected(where + " has more than " + std::to_string(k_max_table_cells) +
                              " cells: no plan's table is that large");
      }
      for (const TableCell& cell : row_cells) {
        reading.text_bytes += cell.text.size();
        if (reading.text_bytes > k_max_document_text) {
          return tl::unexpected(too_much_text_message(where));
        }
        cells[row_number][cell.column] = cell.text;
        max_column = std::max(max_column, cell.column);
        if (cell.columns_spanned > 1 || cell.rows_spanned > 1) {
          Range range{row_number, cell.column, row_number + cell.rows_spanned - 1,
                      std::min(cell.column + cell.columns_spanned, k_max_table_columns) - 1};
          max_column = std::max(max_column, range.last_column);
          merges.push_back(range);
        }
      }
    }
  }
  if (!hidden_rows.empty()) {
    std::string rows;
    for (std::size_t k = 0; k < hidden_rows.size() && k < 5; ++k) {
      rows += (k == 0 ? "" : ", ") + std::to_string(hidden_rows[k]);
    }
    reading.notices.push_back(where + ": hidden rows (" + rows + (hidden_rows.size() > 5 ? ", ..." : "") +
                              ", hidden by hand or by a filter) were read like the others: check them in the draft");
  }
  Grid grid;
  grid.name = name;
  grid.after_text = sheet;  // a sheet is never the rest of the sheet before it
  if (cells.empty()) {
    return grid;
  }
  // A merge reaches no further than the table's last row with text: a
  // number-rows-spanned of two billion covers the rows there are.
  for (Range& range : merges) {
    range.last_row = std::max(range.first_row, std::min(range.last_row, cells.rbegin()->first));
  }
  const int first_row = sheet ? cells.begin()->first : 1;
  const int last_row = cells.rbegin()->first;
  if (static_cast<std::size_t>(last_row - first_row + 1) * static_cast<std::size_t>(max_column + 1) >
      k_max_table_cells) {
    return tl::unexpected(where + " is too large for a plan's table (rows " + std::to_string(first_row) + " to " +
                          std::to_string(last_row) + ")");
  }
  for (int r = first_row; r <= last_row; ++r) {
    GridRow row;
    row.line = r;
    row.cells.resize(static_cast<std::size_t>(max_column + 1));
    if (const auto it = cells.find(r); it != cells.end()) {
      for (const auto& [column, text] : it->second) {
        row.cells[static_cast<std::size_t>(column)].text = text;
      }
    }
    grid.rows.push_back(std::move(row));
  }
  std::size_t covered = 0;
  for (const Range& range : merges) {
    covered += static_cast<std::size_t>(range.last_row - range.first_row + 1) *
               static_cast<std::size_t>(range.last_column - range.first_column + 1);
    if (covered > k_max_table_cells) {
      return tl::unexpected("the merged cells of " + where + " cover more than " + std::to_string(k_max_table_cells) +
                            " cells: no plan's table is that large");
    }
    const std::string text = grid.rows[static_cast<std::size_t>(range.first_row - first_row)]
                                 .cells[static_cast<std::size_t>(range.first_column)]
                                 .text;
    reading.text_bytes += text.size() * static_cast<std::size_t>(range.last_row - range.first_row);
    if (reading.text_bytes > k_max_document_text) {
      return tl::unexpected(too_much_text_message(where));
    }
    for (int r = range.first_row; r <= range.last_row; ++r) {
      GridRow& row = grid.rows[static_cast<std::size_t>(r - first_row)];
      for (int c = range.first_column; c <= range.last_column; ++c) {
        if (r == range.first_row && c == range.first_column) {
          continue;
        }
        GridCell& cell = row.cells[static_cast<std::size_t>(c)];
        cell.merged_above = cell.merged_above || r > range.first_row;
        cell.merged_left = cell.merged_left || c > range.first_column;
        cell.text = (c == range.first_column && r > range.first_row) ? text : std::string();
      }
    }
  }
  return grid;
}

// Tables inside `node` (in its cells, in text boxes): nested grids, searched
// when no table of the body is a task table.
tl::expected<void, std::string> collect_inner_tables(const pugi::xml_node& node, Document& document, Reading& reading,
                                                     int depth = 0) {
  if (depth > k_max_depth) {
    return tl::unexpected(std::string("the document nests tables or text boxes more than ") +
                          std::to_string(k_max_depth) + " elements deep: no plan is made so");
  }
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) {
      continue;
    }
    if (local(c) == "table" && document.nested_grids.size() < k_max_inner_tables) {
      const std::string name =
          "the table inside " + std::string(document.grids.empty() ? "the document" : document.grids.back().name);
      ListCounters lists = reading.lists;  // the lists were counted with the outer table's text
      std::swap(lists, reading.lists);
      auto grid = read_table(c, name, false, reading);
      std::swap(lists, reading.lists);
      if (!grid) {
        return tl::unexpected(grid.error());
      }
      grid->after_text = true;
      document.nested_grids.push_back(std::move(*grid));
    }
    if (auto inner = collect_inner_tables(c, document, reading, depth + 1); !inner) {
      return inner;
    }
  }
  return {};
}

struct BodyReading {
  bool text_since_table = false;
  bool paragraph_since_table = false;  // any paragraph, an empty one too
  int depth = 0;
};

// The body of a text document: its tables in order, the paragraphs between
// them (titles), tables in text boxes and cells as nested grids.
tl::expected<void, std::string> read_text_body(const pugi::xml_node& body, Document& document, Reading& reading,
                                               BodyReading& state) {
  if (state.depth > k_max_depth) {
    return tl::unexpected(std::string("the document nests sections more than ") + std::to_string(k_max_depth) +
                          " deep: no plan is made so");
  }
  for (pugi::xml_node c : body.children()) {
    const std::string_view name = local(c);
    if (name == "table") {
      const std::string table_name = "table " + std::to_string(document.grids.size() + 1);
      auto grid = read_table(c, table_name, false, reading);
      if (!grid) {
        return tl::unexpected(grid.error());
      }
      grid->after_text = state.text_since_table;
      grid->after_paragraph = state.paragraph_since_table;
      state.text_since_table = false;
      state.paragraph_since_table = false;
      document.grids.push_back(std::move(*grid));
      if (auto inner = collect_inner_tables(c, document, reading); !inner) {
        return inner;
      }
    } else if (name == "p" || name == "h" || name == "list") {
      std::vector<std::string> lines;
      std::string boxes;
      if (name == "list") {
        if (!list_text_lines(c, reading.lists, lines, boxes)) {
          return tl::unexpected(std::string("the document nests a list too deep: no plan is made so"));
        }
      } else {
        std::string text;
        if (!paragraph_text(c, text, boxes)) {
          return tl::unexpected(std::string("the document nests a paragraph too deep: no plan is made so"));
        }
        lines.push_back(std::move(text));
      }
      state.paragraph_since_table = true;
      for (std::string& line : lines) {
        state.text_since_table = state.text_since_table || opens_a_part(line);
        document.paragraphs.push_back(std::move(line));
      }
      if (auto inner = collect_inner_tables(c, document, reading); !inner) {
        return inner;
      }
    } else if (name == "section" || name == "index-body") {
      ++state.depth;
      auto inner = read_text_body(c, document, reading, state);
      --state.depth;
      if (!inner) {
        return inner;
      }
    }
  }
  return {};
}

// Sheets of a spreadsheet hidden in LibreOffice: their table style says
// table:display="false".
std::set<std::string> hidden_table_styles(const pugi::xml_node& styles) {
  std::set<std::string> hidden;
  for (pugi::xml_node style : styles.children()) {
    if (local(style) == "style" && attribute(style, "family") == "table" &&
        attribute(child(style, "table-properties"), "display") == "false") {
      hidden.insert(std::string(attribute(style, "name")));
    }
  }
  return hidden;
}

tl::expected<void, std::string> read_sheets(const pugi::xml_node& spreadsheet, const pugi::xml_node& automatic_styles,
                                            const std::string& sheet, Document& document, Reading& reading) {
  const std::set<std::string> hidden = hidden_table_styles(automatic_styles);
  std::vector<pugi::xml_node> tables;
  for (pugi::xml_node c : spreadsheet.children()) {
    if (local(c) == "table") {
      tables.push_back(c);
    }
  }
  if (tables.empty()) {
    return tl::unexpected(std::string("the spreadsheet has no sheets"));
  }
  const auto sheet_name = [](const pugi::xml_node& table) { return std::string(attribute(table, "name")); };
  const auto read_one = [&](const pugi::xml_node& table) -> tl::expected<void, std::string> {
    auto grid = read_table(table, "sheet \"" + sheet_name(table) + "\"", true, reading);
    if (!grid) {
      return tl::unexpected(grid.error());
    }
    for (const GridRow& row : grid->rows) {
      const auto filled = std::count_if(row.cells.begin(), row.cells.end(),
                                        [](const GridCell& cell) { return !cell.text.empty() && !cell.merged_above; });
      if (filled == 1) {
        for (const GridCell& cell : row.cells) {
          if (!cell.text.empty() && !cell.merged_above) {
            document.paragraphs.push_back(cell.text);
          }
        }
      }
    }
    document.grids.push_back(std::move(*grid));
    return {};
  };
  if (!sheet.empty()) {
    const auto named =
        std::find_if(tables.begin(), tables.end(), [&](const auto& t) { return sheet_name(t) == sheet; });
    if (named == tables.end()) {
      std::string names;
      for (const auto& table : tables) {
        names += (names.empty() ? "\"" : ", \"") + sheet_name(table) + "\"";
      }
      return tl::unexpected("no sheet named \"" + sheet + "\" (the spreadsheet has " + names + ")");
    }
    return read_one(*named);
  }
  std::string unreadable;
  for (const pugi::xml_node& table : tables) {
    if (hidden.count(std::string(attribute(table, "style-name"))) != 0) {
      reading.notices.push_back("passed over the hidden sheet \"" + sheet_name(table) +
                                "\" (name it with --sheet to read it)");
      continue;
    }
    if (auto read = read_one(table); !read) {
      unreadable += (unreadable.empty() ? "" : "; ") + read.error();
      reading.notices.push_back("passed over: " + read.error() + " (name the plan's sheet with --sheet)");
    }
  }
  if (document.grids.empty() && !unreadable.empty()) {
    return tl::unexpected(unreadable + " (name the plan's sheet with --sheet)");
  }
  return {};
}

tl::expected<pugi::xml_document, std::string> parse_part(std::string_view content, const std::string& part) {
  pugi::xml_document xml;
  // White space between spans is the text's own ("<text:span>Sở</text:span>
  // <text:span>Nội vụ</text:span>"): kept.
  const pugi::xml_parse_result result =
      xml.load_buffer(content.data(), content.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!result) {
    return tl::unexpected(part + ": " + result.description());
  }
  return xml;
}

// A flat OpenDocument file: one XML document, office:document.
bool flat_opendocument(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 4096);
  return head.find("<office:document") != std::string_view::npos ||
         (head.find(":document") != std::string_view::npos && head.find("opendocument") != std::string_view::npos);
}

}  // namespace

bool is_opendocument(std::string_view bytes) {
  if (bytes.starts_with("PK\x03\x04")) {
    // The "mimetype" part, stored first and uncompressed, as the format asks.
    return bytes.substr(0, 200).find("application/vnd.oasis.opendocument") != std::string_view::npos;
  }
  return flat_opendocument(bytes);
}

tl::expected<Document, std::string> read_opendocument(std::string_view bytes, const std::string& sheet) {
  tl::expected<pugi::xml_document, std::string> content = tl::unexpected(std::string());
  pugi::xml_node styles_root;
  tl::expected<pugi::xml_document, std::string> styles = tl::unexpected(std::string());
  if (bytes.starts_with("PK\x03\x04")) {
    auto archive = ooxml::ZipArchive::open(bytes);
    if (!archive) {
      return tl::unexpected(archive.error());
    }
    auto content_xml = archive->read("content.xml");
    if (!content_xml) {
      return tl::unexpected(content_xml.error());
    }
    if (!*content_xml) {
      return tl::unexpected(std::string("not an OpenDocument file (no content.xml)"));
    }
    content = parse_part(**content_xml, "content.xml");
    if (auto styles_xml = archive->read("styles.xml"); styles_xml && *styles_xml) {
      styles = parse_part(**styles_xml, "styles.xml");
      if (styles) {
        styles_root = styles->document_element();
      }
    }
  } else {
    content = parse_part(bytes, "the flat OpenDocument file");
  }
  if (!content) {
    return tl::unexpected(content.error());
  }
  const pugi::xml_node root = content->document_element();
  if (local(root) != "document-content" && local(root) != "document") {
    return tl::unexpected(std::string("not an OpenDocument file (its content is no office:document-content)"));
  }
  Reading reading;
  const pugi::xml_node automatic_styles = child(root, "automatic-styles");
  for (const pugi::xml_node& holder : {child(styles_root, "styles"), child(styles_root, "automatic-styles"),
                                       child(root, "styles"), automatic_styles}) {
    read_list_styles(holder, reading.lists);
  }
  const pugi::xml_node body = child(root, "body");
  Document document;
  if (const pugi::xml_node text = child(body, "text")) {
    document.format = SourceFormat::odt;
    BodyReading state;
    if (auto read = read_text_body(text, document, reading, state); !read) {
      return tl::unexpected(read.error());
    }
  } else if (const pugi::xml_node spreadsheet = child(body, "spreadsheet")) {
    document.format = SourceFormat::ods;
    if (auto read = read_sheets(spreadsheet, automatic_styles, sheet, document, reading); !read) {
      return tl::unexpected(read.error());
    }
  } else {
    return tl::unexpected(
        std::string("an OpenDocument file that is neither a text document nor a spreadsheet (a "
                    "presentation, a drawing) holds no plan's table: copy the table into a text "
                    "document or a spreadsheet"));
  }
  document.notices = std::move(reading.notices);
  // No font names an old encoding here: text typed in one is converted by
  // how it reads, as in CSV.
  convert_unmarked_legacy_text(document);
  return document;
}

}  // namespace deadlined::import
