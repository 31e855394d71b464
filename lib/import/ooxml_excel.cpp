// The Excel (.xlsx) reader: each sheet a grid, merged ranges kept (a range's
// text repeated down its first column, marked merged_above), dates and
// numbers written as Excel shows them.
#include "import/excel_strings.hpp"
#include "import/legacy_text.hpp"
#include "import/ooxml.hpp"
#include "import/table.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <vector>

namespace deadlined::import {

namespace {

using namespace ooxml;

// ---------------------------------------------------------------------------
// Excel
// ---------------------------------------------------------------------------

struct CellRef {
  int row = 0;     // 1-based
  int column = 0;  // 0-based
};

// "E6": a cell's name as Excel shows it (`column` 0-based).
std::string cell_name(int row, int column) {
  std::string letters;
  for (int left = column + 1; left > 0; left = (left - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (left - 1) % 26));
  }
  return letters + std::to_string(row);
}

// A shared string's index as a cell gives it (digits only).
std::optional<std::size_t> string_index(std::string_view value) {
  if (value.empty() || value.size() > 12) {
    return std::nullopt;
  }
  std::size_t index = 0;
  for (const char c : value) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return index;
}

std::optional<CellRef> parse_ref(std::string_view ref) {
  CellRef result;
  std::size_t i = 0;
  int column = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    column = column * 26 + (ref[i] - 'A' + 1);
    if (column > 16384) {
      return std::nullopt;
    }
    ++i;
  }
  if (i == 0 || i == ref.size()) {
    return std::nullopt;
  }
  int row = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') {
      return std::nullopt;
    }
    row = row * 10 + (ref[i] - '0');
    if (row > 1048576) {
      return std::nullopt;
    }
  }
  if (row == 0) {
    return std::nullopt;
  }
  result.row = row;
  result.column = column - 1;
  return result;
}

// A number cell as Excel's "General" format shows it: at most 15
// significant digits, no trailing zeros ("2.3000000000000003" and "2.30" are
// "2.3", "3.0" is "3"), so a TT column typed 1, 2, 2.1 reads as typed.
std::string general_number_text(const std::string& value) {
  char* end = nullptr;
  const double number = std::strtod(value.c_str(), &end);
  if (value.empty() || end == nullptr || *end != '\0' || !std::isfinite(number)) {
    return value;
  }
  std::array<char, 32> shown{};
  const int length = std::snprintf(shown.data(), shown.size(), "%.15g", number);
  if (length <= 0 || static_cast<std::size_t>(length) >= shown.size()) {
    return value;
  }
  return std::string(shown.data(), static_cast<std::size_t>(length));
}

// A date cell of strict OOXML (t="d", "2026-01-31T00:00:00") as a plan
// writes dates, "31/01/2026"; with a time of day other than midnight, as is.
std::string iso_date_text(const std::string& value) {
  const auto digits = [&value](std::size_t from, std::size_t count) {
    return value.size() >= from + count && std::all_of(value.begin() + static_cast<std::ptrdiff_t>(from),
                                                       value.begin() + static_cast<std::ptrdiff_t>(from + count),
                                                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(0, 4) || value.size() < 10 || value[4] != '-' || !digits(5, 2) || value[7] != '-' || !digits(8, 2)) {
    return value;
  }
  const std::string_view rest = std::string_view(value).substr(10);
  if (!rest.empty() && rest != "T00:00:00" && rest != "T00:00:00Z" && rest != "T00:00") {
    return value;
  }
  return value.substr(8, 2) + "/" + value.substr(5, 2) + "/" + value.substr(0, 4);
}

// Excel keeps a date as a count of days and shows it through the cell's
// number format: how a format shows it (a day, a month, a year), or not a date.
enum class DateShown { no, day, month, year };

DateShown date_shown_by_code(std::string_view code) {
  bool day = false;
  bool month = false;
  bool year = false;
  bool time = false;  // "h:mm", "mm:ss": there "m" is minutes
  bool quoted = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
    if (c == '"') {
      quoted = !quoted;
    } else if (quoted) {
      continue;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // an escaped or padding character
    } else if (c == '[') {
      const std::size_t close = code.find(']', i);
      const std::string_view inside = code.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
      // "[h]", "[mm]", "[ss]": elapsed time, not a colour or a locale.
      time = time || (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string_view::npos);
      i = close == std::string_view::npos ? code.size() : close;  // colour, locale, elapsed time
    } else if (c == ';') {
      break;  // the positive section decides
    } else {
      day = day || c == 'd';
      month = month || c == 'm';
      year = year || c == 'y';
      time = time || c == 'h' || c == 's';
    }
  }
  if (day && (month || year)) {
    return DateShown::day;
  }
  // "mmmm yyyy", and "mmmm" alone ("Tháng Sáu"): the month, written with its
  // year ("06/2026"), which the date holds though the cell does not show it.
  if (month && (year || !time)) {
    return DateShown::month;
  }
  return year ? DateShown::year : DateShown::no;
}

// The workbook's cell formats (styles.xml cellXfs), by index: how each shows
// a number; and in `fonts`, the name of each one's font.
std::vector<DateShown> read_cell_formats(const ZipArchive& archive, const std::string& part,
                                         std::vector<std::string>& fonts) {
  std::vector<DateShown> formats;
  auto styles_xml = archive.read(part);
  if (!styles_xml || !*styles_xml) {
    return formats;  // without the styles, numbers show as numbers
  }
  auto styles = parse_xml(**styles_xml, part);
  if (!styles) {
    return formats;
  }
  std::map<int, DateShown> custom;
  if (pugi::xml_node num_fmts = child(styles->document_element(), "numFmts")) {
    for (pugi::xml_node f : num_fmts.children()) {
      if (local(f) == "numFmt") {
        custom[f.attribute("numFmtId").as_int(-1)] = date_shown_by_code(attribute(f, "formatCode"));
      }
    }
  }
  const std::vector<std::string> font_names = read_fonts(styles->document_element());
  if (pugi::xml_node xfs = child(styles->document_element(), "cellXfs")) {
    for (pugi::xml_node xf : xfs.children()) {
      if (local(xf) != "xf") {
        continue;
      }
      const auto font_id = static_cast<std::size_t>(std::max(0, xf.attribute("fontId").as_int(0)));
      fonts.push_back(font_id < font_names.size() ? font_names[font_id] : std::string());
      const int id = xf.attribute("numFmtId").as_int(0);
      // Built-in: 14 m/d/yyyy, 15 d-mmm-yy, 16 d-mmm, 17 mmm-yy, 22 m/d/yyyy h:mm.
      DateShown shown = id == 14 || id == 15 || id == 16 || id == 22 ? DateShown::day
                        : id == 17                                   ? DateShown::month
                                                                     : DateShown::no;
      if (auto it = custom.find(id); it != custom.end()) {
        shown = it->second;
      }
      formats.push_back(shown);
      if (formats.size() > 65536) {
        break;
      }
    }
  }
  return formats;
}

// A day count shown as a date, as the admin saw it: "30/06/2026", "06/2026"
// or "2026"; nullopt when the number is no day Excel can show.
std::optional<std::string> excel_date_text(std::string_view value, DateShown shown, bool date1904) {
  char* end = nullptr;
  const std::string number(value);
  const double serial = std::strtod(number.c_str(), &end);
  if (end == number.c_str() || *end != '\0' || !(serial >= 1.0 && serial < 2958466.0)) {
    return std::nullopt;  // Excel shows days 1 (01/01/1900) to 2958465 (31/12/9999)
  }
  const auto count = static_cast<int>(serial);
  using std::chrono::days;
  using std::chrono::sys_days;
  sys_days day;
  if (date1904) {
    day = sys_days{std::chrono::year{1904} / 1 / 1} + days{count};
  } else if (count == 60) {
    return std::nullopt;  // 29/02/1900, which Excel counts and the calendar does not have
  } else {
    // Excel counts 1900 as a leap year: from day 61 on, one day more than the calendar.
    day = sys_days{std::chrono::year{1899} / 12 / 31} + days{count < 60 ? count : count - 1};
  }
  const std::chrono::year_month_day ymd{day};
  char text[16];
  const int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month());
  const unsigned d = static_cast<unsigned>(ymd.day());
  switch (shown) {
    case DateShown::day:
      std::snprintf(text, sizeof text, "%02u/%02u/%04d", d, m, y);
      break;
    case DateShown::month:
      std::snprintf(text, sizeof text, "%02u/%04d", m, y);
      break;
    case DateShown::year:
      std::snprintf(text, sizeof text, "%04d", y);
      break;
    case DateShown::no:
      return std::nullopt;
  }
  return std::string(text);
}

}  // namespace

tl::expected<Document, std::string> read_xlsx(std::string_view bytes, const std::string& sheet) {
  auto archive = ZipArchive::open(bytes);
  if (!archive) {
    return tl::unexpected(archive.error());
  }
  // The parts as the package's relationships name them; Office's usual
  // names when a relationship is missing.
  auto workbook_part = main_part(*archive, "xl/workbook.xml");
  if (!workbook_part) {
    return tl::unexpected(workbook_part.error());
  }
  auto workbook_xml = archive->read(*workbook_part);
  if (!workbook_xml) {
    return tl::unexpected(workbook_xml.error());
  }
  if (!*workbook_xml) {
    return tl::unexpected("not an Excel workbook (no " + *workbook_part + ")");
  }
  auto workbook = parse_xml(**workbook_xml, *workbook_part);
  if (!workbook) {
    return tl::unexpected(workbook.error());
  }
  if (local(workbook->document_element()) != "workbook") {
    return tl::unexpected("not an Excel workbook (its main part " + *workbook_part + " is no workbook)");
  }
  const std::string folder = workbook_part->substr(0, workbook_part->rfind('/') + 1);
  std::map<std::string, Relationship> targets;  // relationship id -> part
  std::string styles_part = folder + "styles.xml";
  std::optional<Relationship> shared_part;
  auto workbook_rels = relationships(*archive, *workbook_part);
  if (!workbook_rels) {
    return tl::unexpected(workbook_rels.error());
  }
  for (const Relationship& rel : *workbook_rels) {
    targets[rel.id] = rel;
    if (rel.type == "styles" && rel.present) {
      styles_part = rel.target;
    } else if (rel.type == "sharedStrings") {
      shared_part = rel;
    }
  }
  if (!shared_part) {
    shared_part = Relationship{"", "sharedStrings", folder + "sharedStrings.xml", "", true};
  } else if (!shared_part->problem.empty()) {
    return tl::unexpected("the shared strings: " + shared_part->problem);
  } else if (!shared_part->present) {
    return tl::unexpected("the shared strings: " + missing_part_message(*shared_part));
  }
  std::vector<std::string> format_fonts;  // by cell format: its font's name
  const std::vector<DateShown> cell_formats = read_cell_formats(*archive, styles_part, format_fonts);
  LegacyConversions conversions;
  std::set<std::string> converted_fonts;
  bool date1904 = false;
  if (pugi::xml_node properties = child(workbook->document_element(), "workbookPr")) {
    const std::string_view flag = attribute(properties, "date1904");
    date1904 = flag == "1" || flag == "true";
  }
  struct Sheet {
    std::string name;
    std::string part;
    std::string problem;  // why the workbook's relationship gives no part
  };
  std::vector<Sheet> sheets;
  std::set<std::size_t> hidden_sheets;  // hidden or very hidden in Excel
  std::set<std::string> sheet_names;    // as Excel compares them, capitals as small letters
  if (pugi::xml_node sheets_node = child(workbook->document_element(), "sheets")) {
    for (pugi::xml_node s : sheets_node.children()) {
      if (local(s) != "sheet") {
        continue;
      }
      // Two sheets of one name: --sheet could not tell them apart, and Excel
      // calls the file damaged.
      std::string name(s.attribute("name").value());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
      if (!sheet_names.insert(name).second) {
        return tl::unexpected("the workbook names two sheets \"" + std::string(s.attribute("name").value()) +
                              "\": the file is damaged; open it in Excel and save it again");
      }
      if (const std::string_view state = s.attribute("state").value(); state == "hidden" || state == "veryHidden") {
        hidden_sheets.insert(sheets.size());
      }
      std::string id(attribute(s, "id"));
      auto target = targets.find(id);
      Sheet entry{std::string(s.attribute("name").value()), "", ""};
      if (target == targets.end()) {
        entry.part = folder + "worksheets/sheet" + std::to_string(sheets.size() + 1) + ".xml";
      } else if (target->second.problem.empty()) {
        entry.part = target->second.target;
      } else {
        entry.problem = target->second.problem;
      }
      sheets.push_back(std::move(entry));
    }
  }
  if (sheets.empty()) {
    return tl::unexpected(std::string("the workbook has no sheets"));
  }
  std::size_t chosen = 0;
  if (!sheet.empty()) {
    auto it = std::find_if(sheets.begin(), sheets.end(), [&](const auto& s) { return s.name == sheet; });
    if (it == sheets.end()) {
      std::string names;
      for (const auto& s : sheets) {
        names += (names.empty() ? "\"" : ", \"") + s.name + "\"";
      }
      return tl::unexpected("no sheet named \"" + sheet + "\" (the workbook has " + names + ")");
    }
    chosen = static_cast<std::size_t>(it - sheets.begin());
  }
  std::vector<RichString> shared;
  auto shared_xml = archive->read(shared_part->target);
  if (!shared_xml) {
    return tl::unexpected(shared_xml.error());
  }
  if (*shared_xml) {
    auto strings = parse_xml(**shared_xml, shared_part->target);
    if (!strings) {
      return tl::unexpected(strings.error());
    }
    for (pugi::xml_node si : strings->document_element().children()) {
      if (local(si) == "si") {
        shared.push_back(string_item_runs(si));
      }
    }
  }
  Document document;
  document.format = SourceFormat::xlsx;
  const std::string no_font;
  // The conversions of text in an old font told, or, where no font names
  // one, text typed in one converted by how it reads.
  const auto tell_conversions = [&conversions, &document]() {
    convert_unmarked_legacy_text(document, conversions.most_converted());
    for (std::string& notice : conversions.notices()) {
      document.notices.push_back(std::move(notice));
    }
  };
  auto read_sheet = [&](std::size_t index) -> tl::expected<void, std::string> {
    if (!sheets[index].problem.empty()) {
      return tl::unexpected("the sheet \"" + sheets[index].name + "\": " + sheets[index].problem);
    }
    auto sheet_xml = archive->read(sheets[index].part);
    if (!sheet_xml) {
      return tl::unexpected("the sheet \"" + sheets[index].name + "\": " + sheet_xml.error());
    }
    if (!*sheet_xml) {
      return tl::unexpected("cannot read the sheet \"" + sheets[index].name + "\" (" + sheets[index].part + ")");
    }
    auto worksheet = parse_xml(**sheet_xml, sheets[index].part);
    if (!worksheet) {
      return tl::unexpected(worksheet.error());
    }
    pugi::xml_node root = worksheet->document_element();
    // Hidden columns (<col min max hidden="1">) hold what the sheet's owner
    // put away ("Thời hạn (cũ)"): their cells are read as empty.
    std::set<int> hidden_columns;
    if (pugi::xml_node columns = child(root, "cols")) {
      for (pugi::xml_node column : columns.children()) {
        const std::string_view flag = column.attribute("hidden").value();
        if (local(column) != "col" || (flag != "1" && flag != "true")) {
          continue;
        }
        const int low = std::clamp(column.attribute("min").as_int(1), 1, k_max_columns);
        const int high = std::clamp(column.attribute("max").as_int(low), low, k_max_columns);
        for (int c = low; c <= high; ++c) {
          hidden_columns.insert(c - 1);
        }
      }
    }
    std::map<int, std::map<int, std::string>> cells;  // row -> column -> text
    std::set<std::pair<int, int>> uncalculated;       // (row, column) of formulas without a value
    std::size_t text_bytes = 0;                       // every cell's text, shared strings counted each time
    std::vector<int> hidden_rows;                     // hidden rows that hold text
    int max_column = -1;
    const std::set<std::string> leftover =
        leftover_fonts(child(root, "sheetData"), shared, format_fonts, document.notices);
    if (pugi::xml_node data = child(root, "sheetData")) {
      int next_row = 1;
      for (pugi::xml_node r : data.children()) {
        if (local(r) != "row") {
          continue;
        }
        int row_number = next_row;
        if (auto n = r.attribute("r")) {
          row_number = std::clamp(n.as_int(), 1, 1048576);
        }
        next_row = row_number + 1;
        int next_column = 0;
        for (pugi::xml_node c : r.children()) {
          if (local(c) != "c") {
            continue;
          }
          int column = next_column;
          if (auto ref = parse_ref(c.attribute("r").value())) {
            column = ref->column;
          }
          next_column = column + 1;
          if (column >= k_max_columns || hidden_columns.count(column) != 0) {
            continue;
          }
          std::string_view type = c.attribute("t").value();
          std::string text;
          const int style = c.attribute("s").as_int(-1);
          // A cell without a style has the workbook's first format (the
          // default font, .VnTime in many old workbooks).
          const auto font_at = static_cast<std::size_t>(std::max(style, 0));
          const std::string& cell_font = font_at < format_fonts.size() ? format_fonts[font_at] : no_font;
          converted_fonts.clear();
          if (type == "inlineStr") {
            if (pugi::xml_node is = child(c, "is")) {
              text = string_text(string_item_runs(is), cell_font, converted_fonts, leftover);
            }
          } else if (pugi::xml_node v = child(c, "v")) {
            std::string value = v.text().get();
            if (type == "s") {
              // An index past the shared strings (or no index) would leave
              // the cell empty, or show another cell's text: the file is broken.
              const std::optional<std::size_t> item = string_index(value);
              if (!item || *item >= shared.size()) {
                return tl::unexpected("the sheet \"" + sheets[index].name + "\", cell " +
                                      cell_name(row_number, column) + ": " +
                                      (item ? "shared string " + value : std::string("a shared string")) +
                                      " is not among the " + std::to_string(shared.size()) +
                                      " the workbook holds: the file is damaged; open it in Excel and save it again");
              }
              text = string_text(shared[*item], cell_font, converted_fonts, leftover);
            } else if (type == "str" && encoding_of_font(cell_font) != LegacyEncoding::none) {
              text = string_text(RichString{StringRun{value, {}}}, cell_font, converted_fonts, leftover);
            } else {
              text = (type.empty() || type == "n") ? general_number_text(value)
                     : type == "d"                 ? iso_date_text(value)
                                                   : value;
              // A number shown as a date ("Thời gian hoàn thành" typed as 30/06/2026).
              if ((type.empty() || type == "n") && style >= 0 &&
                  static_cast<std::size_t>(style) < cell_formats.size() &&
                  cell_formats[static_cast<std::size_t>(style)] != DateShown::no) {
                if (auto shown = excel_date_text(value, cell_formats[static_cast<std::size_t>(style)], date1904)) {
                  text = std::move(*shown);
                }
              }
            }
          }
          if (text.empty() && type != "inlineStr" && child(c, "f") && !child(c, "v")) {
            // A program wrote the formula and never calculated it: the value
            // Excel would show is not in the file.
            uncalculated.insert({row_number, column});
            cells[row_number];
            max_column = std::max(max_column, column);
          }
          for (const std::string& font : converted_fonts) {
            conversions.add_cell(encoding_of_font(font), "by the font " + font + " of the text",
                                 "sheet \"" + sheets[index].name + "\"", row_number, column + 1);
          }
          if (!text.empty()) {
            // A cell given twice (two rows numbered alike, rows out of
            // order): Excel calls the file damaged; one would hide the other.
            if (const auto row_cells = cells.find(row_number);
                row_cells != cells.end() && row_cells->second.count(column) != 0) {
              return tl::unexpected("the sheet \"" + sheets[index].name + "\" gives cell " +
                                    cell_name(row_number, column) +
                                    " twice (rows or cells out of order): the file is damaged; open it in Excel and "
                                    "save it again");
            }
            text_bytes += text.size();
            if (text_bytes > k_max_document_text) {
              return tl::unexpected(too_much_text_message("the sheet \"" + sheets[index].name + "\""));
            }
            cells[row_number][column] = std::move(text);
            max_column = std::max(max_column, column);
          }
        }
        if (const std::string_view flag = r.attribute("hidden").value();
            (flag == "1" || flag == "true") && cells.count(row_number) != 0) {
          hidden_rows.push_back(row_number);
        }
        if (static_cast<int>(cells.size()) > k_max_rows) {
          return tl::unexpected("the sheet \"" + sheets[index].name + "\" has more than " + std::to_string(k_max_rows) +
                                " rows: no plan's table is that long");
        }
      }
    }
    if (!hidden_rows.empty()) {
      // Rows hidden by hand or by a filter are still the plan's: read, and told.
      std::string listed;
      for (std::size_t k = 0; k < hidden_rows.size() && k < 5; ++k) {
        listed += (k == 0 ? "" : ", ") + std::to_string(hidden_rows[k]);
      }
      document.notices.push_back("the sheet \"" + sheets[index].name + "\": hidden rows (" + listed +
                                 (hidden_rows.size() > 5 ? ", ..." : "") +
                                 ", hidden by hand or by a filter) were read like the others: check them in the draft");
    }
    struct Range {
      CellRef first;
      CellRef last;
    };
    std::vector<Range> merges;
    if (pugi::xml_node merge_cells = child(root, "mergeCells")) {
      for (pugi::xml_node m : merge_cells.children()) {
        std::string ref = m.attribute("ref").value();
        auto colon = ref.find(':');
        if (colon == std::string::npos) {
          continue;
        }
        auto first = parse_ref(std::string_view(ref).substr(0, colon));
        auto last = parse_ref(std::string_view(ref).substr(colon + 1));
        if (first && last && first->row <= last->row && first->column <= last->column && last->column < k_max_columns &&
            last->row - first->row < k_max_rows) {
          merges.push_back(Range{*first, *last});
          max_column = std::max(max_column, last->column);
          cells[last->row];  // the range's rows exist even when empty
        }
      }
    }
    Grid grid;
    grid.name = "sheet \"" + sheets[index].name + "\"";
    grid.after_text = true;  // a sheet is never the rest of the sheet before it
    if (cells.empty()) {
      document.grids.push_back(std::move(grid));
      return {};
    }
    int first_row = cells.begin()->first;
    int last_row = cells.rbegin()->first;
    if (static_cast<std::size_t>(last_row - first_row + 1) * static_cast<std::size_t>(max_column + 1) > k_max_cells) {
      return tl::unexpected("the sheet \"" + sheets[index].name + "\" is too large for a plan's table (rows " +
                            std::to_string(first_row) + " to " + std::to_string(last_row) + ")");
    }
    std::map<int, std::size_t> index_of_row;
    for (int r = first_row; r <= last_row; ++r) {
      GridRow row;
      row.line = r;
      row.cells.resize(static_cast<std::size_t>(max_column + 1));
      if (auto it = cells.find(r); it != cells.end()) {
        for (auto& [column, text] : it->second) {
          row.cells[static_cast<std::size_t>(column)].text = text;
        }
      }
      for (auto at = uncalculated.lower_bound({r, 0}); at != uncalculated.end() && at->first == r; ++at) {
        row.cells[static_cast<std::size_t>(at->second)].uncalculated = true;
      }
      index_of_row[r] = grid.rows.size();
      grid.rows.push_back(std::move(row));
    }
    std::size_t covered = 0;  // cells under the ranges, each counted once per range
    for (const Range& range : merges) {
      auto top = index_of_row.find(range.first.row);
      if (top == index_of_row.end()) {
        continue;
      }
      covered += static_cast<std::size_t>(range.last.row - range.first.row + 1) *
                 static_cast<std::size_t>(range.last.column - range.first.column + 1);
      if (covered > k_max_cells) {
        return tl::unexpected("the merged ranges of the sheet \"" + sheets[index].name + "\" cover more than " +
                              std::to_string(k_max_cells) + " cells: no plan's table is that large");
      }
      std::string text = grid.rows[top->second].cells[static_cast<std::size_t>(range.first.column)].text;
      text_bytes += text.size() * static_cast<std::size_t>(range.last.row - range.first.row);
      if (text_bytes > k_max_document_text) {
        return tl::unexpected(too_much_text_message("the sheet \"" + sheets[index].name + "\""));
      }
      for (int r = range.first.row; r <= range.last.row; ++r) {
        auto at = index_of_row.find(r);
        if (at == index_of_row.end()) {
          continue;
        }
        GridRow& row = grid.rows[at->second];
        for (int c = range.first.column; c <= range.last.column; ++c) {
          GridCell& cell = row.cells[static_cast<std::size_t>(c)];
          if (r == range.first.row && c == range.first.column) {
            continue;
          }
          cell.merged_above = r > range.first.row;
          cell.merged_left = c > range.first.column;
          cell.text = (c == range.first.column && r > range.first.row) ? text : std::string();
        }
      }
    }
    for (const auto& row : grid.rows) {
      std::size_t filled = 0;
      const std::string* only = nullptr;
      for (const auto& cell : row.cells) {
        if (!cell.text.empty() && !cell.merged_above) {
          ++filled;
          only = &cell.text;
        }
      }
      if (filled == 1) {
        document.paragraphs.push_back(*only);
      }
    }
    document.grids.push_back(std::move(grid));
    return {};
  };
  if (!sheet.empty()) {
    if (auto read = read_sheet(chosen); !read) {
      return tl::unexpected(read.error());
    }
    tell_conversions();
    return document;
  }
  // No sheet named: every sheet, in order; the first with a task table is
  // used. A sheet that cannot be read (too large, missing) is passed over and
  // told, so one unrelated sheet does not make the plan unreadable.
  std::string unreadable;
  for (std::size_t index = 0; index < sheets.size(); ++index) {
    // A hidden sheet is one the workbook's owner put away (last year's plan,
    // a list the formulas look up): read only when named.
    if (hidden_sheets.count(index) != 0) {
      document.notices.push_back("passed over the hidden sheet \"" + sheets[index].name +
                                 "\" (name it with --sheet to read it)");
      continue;
    }
    if (auto read = read_sheet(index); !read) {
      unreadable += (unreadable.empty() ? "" : "; ") + read.error();
      document.notices.push_back("passed over: " + read.error() + " (name the plan's sheet with --sheet)");
    }
  }
  if (document.grids.empty() && !unreadable.empty()) {
    return tl::unexpected(unreadable + " (name the plan's sheet with --sheet)");
  }
  tell_conversions();
  return document;
}

}  // namespace deadlined::import
