#include "import/table.hpp"

#include "import/legacy_text.hpp"
#include "util/text.hpp"

#include "util/safe_input.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <optional>
#include <iconv.h>

namespace deadlined::import {

std::string_view to_string(SourceFormat format) {
  switch (format) {
    case SourceFormat::docx:
      return "docx";
    case SourceFormat::xlsx:
      return "xlsx";
    case SourceFormat::csv:
      return "csv";
    case SourceFormat::text:
      return "text";
    case SourceFormat::odt:
      return "odt";
    case SourceFormat::ods:
      return "ods";
  }
  return "text";
}

namespace {

std::string lower_ascii(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

bool blank(std::string_view text) {
  // ASCII white space and U+00A0 (no-break space, common in pasted tables).
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      ++i;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

std::string_view strip_bom(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
  }
  return bytes;
}

tl::expected<void, std::string> require_utf8_text(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return tl::unexpected(std::string("the file is UTF-16; save it as UTF-8 text"));
  }
  if (bytes.find('\0') != std::string_view::npos) {
    return tl::unexpected(std::string("the file is not text (it contains NUL bytes)"));
  }
  return {};
}

// Lines ended by "\n", "\r\n" or a lone "\r" (what Excel for the Mac saves).
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    lines.push_back(text.substr(start, end - start));
    if (end == text.size()) {
      break;
    }
    start = end + (text.substr(end).starts_with("\r\n") ? 2 : 1);
  }
  return lines;
}

// Whether tab-separated text is what Excel saves as "Text (Tab delimited)" or
// "Unicode Text": a cell holding a line break, a tab or a quote is quoted, its
// quotes doubled. True when some cell opens with a quote and every such cell
// closes right before a tab or a line's end; text pasted from a document,
// whose quotes are the words' own ("Đề án 06" triển khai), is not.
bool quoted_like_a_spreadsheet(std::string_view text) {
  bool quoted_cells = false;
  bool cell_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (cell_start && c == '"') {
      std::size_t k = i + 1;
      while (true) {
        k = text.find('"', k);
        if (k == std::string_view::npos) {
          return false;
        }
        if (k + 1 < text.size() && text[k + 1] == '"') {
          k += 2;
          continue;
        }
        break;
      }
      if (k + 1 < text.size() && text[k + 1] != '\t' && text[k + 1] != '\n' && text[k + 1] != '\r') {
        return false;
      }
      quoted_cells = true;
      i = k;
      cell_start = false;
      continue;
    }
    cell_start = c == '\t' || c == '\n' || c == '\r';
  }
  return quoted_cells;
}

// HTML element names that pasting from a web page leaves in cells.
bool html_tag_name(std::string_view name) {
  static constexpr std::array<std::string_view, 22> k_names = {
      "p",      "br",  "ul",  "ol",    "li", "span", "div", "b",     "i",     "u",    "em",
      "strong", "sup", "sub", "table", "tr", "td",   "th",  "tbody", "thead", "font", "a"};
  std::string lower = lower_ascii(name);
  return std::find(k_names.begin(), k_names.end(), lower) != k_names.end();
}

}  // namespace

// How a new part of a document opens: "Phụ lục", "Danh mục", "Biểu",
// "Bảng", "Mẫu", "Kế hoạch" (folded).
constexpr std::array<std::string_view, 6> k_part_openings{"phu luc", "danh muc", "bieu", "bang ", "mau ", "ke hoach"};

bool opens_a_part(std::string_view text) {
  const std::string folded = fold_vietnamese(text);
  const std::size_t first = folded.find_first_not_of(" \t\n");
  if (first == std::string::npos) {
    return false;
  }
  const std::string_view opening = std::string_view(folded).substr(first);
  return std::any_of(k_part_openings.begin(), k_part_openings.end(),
                     [&opening](std::string_view part) { return opening.starts_with(part); });
}

std::string too_much_text_message(std::string_view where) {
  return std::string(where) + " holds more than " + std::to_string(k_max_document_text / (1024u * 1024u)) +
         " MiB of cell text (merged cells and shared strings count in every cell they cover): no plan's table "
         "is that large";
}

std::string clean_cell_text(std::string_view written) {
  // Decomposed letters composed, soft hyphens and zero-width spaces dropped:
  // the draft reads as typed, and names match the config's.
  const std::string composed = compose_vietnamese(written);
  const std::string_view text = composed;
  std::string without_tags;
  without_tags.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '<') {
      std::size_t close = text.find('>', i);
      std::size_t name_start = i + 1;
      if (name_start < text.size() && text[name_start] == '/') {
        ++name_start;
      }
      std::size_t name_end = name_start;
      while (name_end < text.size() && std::isalpha(static_cast<unsigned char>(text[name_end]))) {
        ++name_end;
      }
      if (close != std::string_view::npos && name_end > name_start &&
          html_tag_name(text.substr(name_start, name_end - name_start)) &&
          (text[name_end] == '>' || text[name_end] == ' ' || text[name_end] == '/')) {
        without_tags += ' ';
        i = close + 1;
        continue;
      }
    }
    without_tags += text[i];
    ++i;
  }
  std::string result;
  result.reserve(without_tags.size());
  bool pending_space = false;
  for (std::size_t k = 0; k < without_tags.size(); ++k) {
    unsigned char c = static_cast<unsigned char>(without_tags[k]);
    bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    if (c == 0xC2 && k + 1 < without_tags.size() && static_cast<unsigned char>(without_tags[k + 1]) == 0xA0) {
      space = true;
      ++k;
    }
    if (space) {
      pending_space = !result.empty();
      continue;
    }
    if (pending_space) {
      result += ' ';
      pending_space = false;
    }
    result += static_cast<char>(c);
  }
  return result;
}

std::string clean_cell_lines(std::string_view text) {
  std::string result;
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t end = std::min(text.find_first_of("\r\n", from), text.size());
    const std::string line = clean_cell_text(text.substr(from, end - from));
    if (!line.empty()) {
      result += (result.empty() ? "" : "\n") + line;
    }
    from = end + 1;
  }
  return result;
}

namespace {

std::string too_many_rows_message(int line) {
  return "line " + std::to_string(line) + " is past " + std::to_string(k_max_table_rows) +
         " rows: no plan's table is that long";
}

std::string too_many_cells_message(int line) {
  return "line " + std::to_string(line) + " is past " + std::to_string(k_max_table_cells) +
         " cells: no plan's table is that large";
}

}  // namespace

tl::expected<Document, std::string> read_delimited(std::string_view bytes, std::optional<char> delimiter);

tl::expected<Document, std::string> read_text(std::string_view bytes) {
  if (auto ok = require_utf8_text(bytes); !ok) {
    return tl::unexpected(ok.error());
  }
  if (quoted_like_a_spreadsheet(strip_bom(bytes))) {
    auto document = read_delimited(bytes, '\t');
    if (document) {
      document->format = SourceFormat::text;
      document->grids.front().name = "the tab-separated text";
    }
    return document;
  }
  Document document;
  document.format = SourceFormat::text;
  Grid grid;
  grid.name = "the pasted text";
  bool after_break = false;
  int number = 0;
  std::size_t cells = 0;
  for (std::string_view line : split_lines(strip_bom(bytes))) {
    ++number;
    if (blank(line)) {
      after_break = true;
      continue;
    }
    if (grid.rows.size() >= static_cast<std::size_t>(k_max_table_rows)) {
      return tl::unexpected(too_many_rows_message(number));
    }
    GridRow row;
    row.line = number;
    row.after_break = after_break;
    after_break = false;
    std::size_t start = 0;
    while (true) {
      std::size_t tab = line.find('\t', start);
      row.cells.push_back(GridCell{std::string(line.substr(start, tab - start))});
      if (++cells > k_max_table_cells) {
        return tl::unexpected(too_many_cells_message(number));
      }
      if (tab == std::string_view::npos) {
        break;
      }
      start = tab + 1;
    }
    if (row.cells.size() == 1) {
      document.paragraphs.push_back(row.cells.front().text);
    }
    grid.rows.push_back(std::move(row));
  }
  document.grids.push_back(std::move(grid));
  return document;
}

tl::expected<Document, std::string> read_csv(std::string_view bytes) {
  return read_delimited(bytes, std::nullopt);
}

// Delimited text with quoted cells (RFC 4180, as spreadsheets save it); the
// delimiter given, or found.
tl::expected<Document, std::string> read_delimited(std::string_view bytes, std::optional<char> given) {
  if (auto ok = require_utf8_text(bytes); !ok) {
    return tl::unexpected(ok.error());
  }
  bytes = strip_bom(bytes);
  // The delimiter: the one of ',', ';' and tab that occurs most often outside
  // quotes on the first lines (spreadsheets in Vietnamese locales write ';').
  char delimiter = given.value_or(',');
  if (!given) {
    std::array<std::size_t, 3> counts{};
    constexpr std::array<char, 3> k_candidates = {',', ';', '\t'};
    bool quoted = false;
    std::size_t lines = 0;
    for (std::size_t i = 0; i < bytes.size() && lines < 20; ++i) {
      char c = bytes[i];
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '\n') {
        ++lines;
      } else if (!quoted) {
        for (std::size_t k = 0; k < k_candidates.size(); ++k) {
          if (c == k_candidates[k]) {
            ++counts[k];
          }
        }
      }
    }
    std::size_t best = static_cast<std::size_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
    if (counts[best] > 0) {
      delimiter = k_candidates[best];
    }
  }
  Document document;
  document.format = SourceFormat::csv;
  Grid grid;
  grid.name = "the CSV file";
  GridRow row;
  std::string cell;
  bool quoted = false;
  int quote_line = 0;  // where the open quote began
  int line = 1;
  row.line = 1;
  bool too_wide = false;
  std::size_t cells = 0;
  std::string too_large;  // why the table is refused as too large
  auto end_row = [&] {
    row.cells.push_back(GridCell{cell});
    cell.clear();
    bool empty = std::all_of(row.cells.begin(), row.cells.end(), [](const GridCell& c) { return blank(c.text); });
    const auto filled =
        std::count_if(row.cells.begin(), row.cells.end(), [](const GridCell& c) { return !blank(c.text); });
    if (filled == 1) {
      // A title line above the table ("Phụ lục III\nKẾ HOẠCH ...") or a note
      // below it, as in a spreadsheet.
      for (const auto& c : row.cells) {
        if (!blank(c.text)) {
          document.paragraphs.push_back(c.text);
        }
      }
    }
    // A blank row of a spreadsheet is no page break: rows are never split
    // across one in a CSV file, so the next row is not a continuation.
    if (!empty) {
      if (grid.rows.size() >= static_cast<std::size_t>(k_max_table_rows)) {
        too_large = too_many_rows_message(row.line);
      }
      cells += row.cells.size();
      if (cells > k_max_table_cells) {
        too_large = too_many_cells_message(row.line);
      }
      grid.rows.push_back(std::move(row));
    }
    row = GridRow{};
    row.line = line;
  };
  std::size_t i = 0;
  while (i < bytes.size()) {
    char c = bytes[i];
    // "\r\n" and a lone "\r" (Excel for the Mac) end a line as "\n" does.
    if (c == '\r') {
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') {
        ++i;
        continue;
      }
      c = '\n';
    }
    if (quoted) {
      if (c == '"') {
        if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c == '\n') {
          ++line;
        }
        cell += c;
      }
      ++i;
      continue;
    }
    if (c == '"' && blank(cell)) {
      cell.clear();
      quoted = true;
      quote_line = line;
    } else if (c == delimiter) {
      row.cells.push_back(GridCell{cell});
      cell.clear();
      if (row.cells.size() >= static_cast<std::size_t>(k_max_table_columns)) {
        too_wide = true;
        break;
      }
    } else if (c == '\n') {
      ++line;
      end_row();
      if (!too_large.empty()) {
        return tl::unexpected(too_large);
      }
    } else {
      cell += c;
    }
    ++i;
  }
  if (too_wide) {
    return tl::unexpected("line " + std::to_string(line) + " has more than " + std::to_string(k_max_table_columns) +
                          " columns: no plan's table is that wide (is the delimiter '" + std::string(1, delimiter) +
                          "' right?)");
  }
  if (quoted) {
    return tl::unexpected("the quote opened on line " + std::to_string(quote_line) +
                          " is never closed: the rest of the file would be one cell");
  }
  if (!cell.empty() || !row.cells.empty()) {
    end_row();
    if (!too_large.empty()) {
      return tl::unexpected(too_large);
    }
  }
  document.grids.push_back(std::move(grid));
  return document;
}

SourceFormat detect_format(std::string_view file_name, std::string_view bytes) {
  std::string name = lower_ascii(file_name);
  if (is_opendocument(bytes)) {
    // The mimetype part (or a flat file's root) says which; the body is read
    // for what it holds either way.
    return bytes.substr(0, 4096).find("opendocument.spreadsheet") != std::string_view::npos ? SourceFormat::ods
                                                                                            : SourceFormat::odt;
  }
  // A zip is Word or Excel by its parts, whatever its name says (a .docx
  // renamed .xlsx, a workbook saved as .csv): the parts' names are stored
  // uncompressed in the zip's headers.
  if (bytes.starts_with("PK\x03\x04")) {
    const bool word = bytes.find("word/") != std::string_view::npos;
    const bool excel = bytes.find("xl/") != std::string_view::npos;
    if (word != excel) {
      return word ? SourceFormat::docx : SourceFormat::xlsx;
    }
  }
  if (name.ends_with(".docx")) {
    return SourceFormat::docx;
  }
  if (name.ends_with(".xlsx")) {
    return SourceFormat::xlsx;
  }
  if (name.ends_with(".odt") || name.ends_with(".fodt") || name.ends_with(".ott")) {
    return SourceFormat::odt;
  }
  if (name.ends_with(".ods") || name.ends_with(".fods") || name.ends_with(".ots")) {
    return SourceFormat::ods;
  }
  if (name.ends_with(".csv")) {
    return SourceFormat::csv;
  }
  if (name.ends_with(".txt") || name.ends_with(".tsv") || name.ends_with(".text")) {
    return SourceFormat::text;
  }
  if (bytes.starts_with("PK\x03\x04")) {
    // The part names are stored uncompressed in the zip's headers.
    if (bytes.find("word/") != std::string_view::npos) {
      return SourceFormat::docx;
    }
    if (bytes.find("xl/") != std::string_view::npos) {
      return SourceFormat::xlsx;
    }
  }
  return SourceFormat::text;
}

namespace {

// Files admins receive that import cannot read, told apart by their first
// bytes, with what to do instead.
std::optional<std::string> foreign_format(std::string_view bytes) {
  if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    return "it is a Word 97-2003 (.doc) or Excel 97-2003 (.xls) file, or a password-protected Office file, "
           "which import cannot read: open it and save it as .docx or .xlsx (without a password), or export the "
           "table as CSV UTF-8";
  }
  if (bytes.starts_with("%PDF-")) {
    return "it is a PDF file, which keeps no table structure: import the .docx or .xlsx it was made from, or "
           "copy the table into a text file (one row a line, cells separated by tabs)";
  }
  if (bytes.starts_with("{\\rtf")) {
    return "it is an RTF file: open it and save it as .docx";
  }
  // Web pages and Excel 2003 XML that portals hand out as ".xls" or ".doc".
  std::string opening = lower_ascii(bytes.substr(0, 1024));
  const std::size_t first = opening.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  opening.erase(0, first == std::string::npos ? opening.size() : first);
  if (opening.starts_with("<html") || opening.starts_with("<!doctype html") ||
      (opening.starts_with("<table") || opening.find("<html xmlns:o=") != std::string::npos)) {
    return "it is a web page (HTML), as web portals export tables under an Excel or Word name: open it in Excel or "
           "Word and save it as .xlsx or .docx, or export the table as CSV UTF-8";
  }
  if (opening.starts_with("<?xml") &&
      opening.find("urn:schemas-microsoft-com:office:spreadsheet") != std::string::npos) {
    return "it is an Excel 2003 XML workbook: open it in Excel and save it as .xlsx, or export the table as CSV UTF-8";
  }
  if (opening.starts_with("mime-version:")) {
    return "it is a web archive (MHTML): open it in Word and save it as .docx";
  }
  return std::nullopt;
}

// `bytes` in `encoding`, as UTF-8 (glibc's iconv; CP1258 is composed to
// precomposed letters, so "Sở" stays one character).
tl::expected<std::string, std::string> iconv_to_utf8(std::string_view bytes, const char* encoding) {
  iconv_t converter = iconv_open("UTF-8", encoding);
  if (converter == reinterpret_cast<iconv_t>(-1)) {
    return tl::unexpected(std::string("this system cannot convert from ") + encoding);
  }
  std::string input(bytes);
  std::string output(bytes.size() * 3 + 16, '\0');
  char* in = input.data();
  std::size_t in_left = input.size();
  char* out = output.data();
  std::size_t out_left = output.size();
  const std::size_t result = iconv(converter, &in, &in_left, &out, &out_left);
  const int error = errno;
  iconv_close(converter);
  if (result == static_cast<std::size_t>(-1)) {
    const std::size_t at = input.size() - in_left;
    return tl::unexpected(std::string("it is not valid ") + encoding + " text at byte " + std::to_string(at) +
                          (error == EINVAL ? " (the file ends inside a character)" : ""));
  }
  output.resize(output.size() - out_left);
  return output;
}

// Well-formed multi-byte UTF-8 characters in `bytes`.
std::size_t valid_utf8_sequences(std::string_view bytes) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    std::size_t length = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
    }
    if (length == 0 || i + length > bytes.size()) {
      continue;
    }
    bool continued = true;
    for (std::size_t k = 1; k < length; ++k) {
      continued = continued && (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80;
    }
    if (continued) {
      ++count;
      i += length - 1;
    }
  }
  return count;
}

// UTF-16 text without its byte order mark (some programs copy a table so):
// ASCII letters, digits, tabs and line ends have a zero byte, always on the
// same side; text in UTF-8 or Windows-1258 holds no zero bytes at all.
const char* utf16_without_bom(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, std::min<std::size_t>(bytes.size(), 4096) & ~std::size_t{1});
  std::size_t even_zeros = 0;
  std::size_t odd_zeros = 0;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '\0') {
      ++((i % 2 == 0) ? even_zeros : odd_zeros);
    }
  }
  const std::size_t pairs = head.size() / 2;
  if (bytes.size() % 2 != 0 || pairs < 4) {
    return nullptr;
  }
  if (even_zeros == 0 && odd_zeros * 3 >= pairs) {
    return "UTF-16LE";
  }
  if (odd_zeros == 0 && even_zeros * 3 >= pairs) {
    return "UTF-16BE";
  }
  return nullptr;
}

// CSV and text as UTF-8: UTF-16 (Excel's "Unicode Text") and Windows-1258
// (the code page of Vietnamese Windows, in which Excel saves "CSV (Comma
// delimited)") are converted, and the conversion is told in `notices`.
tl::expected<std::string, std::string> text_as_utf8(std::string_view bytes, std::vector<std::string>& notices) {
  const char* encoding = nullptr;
  if (bytes.starts_with("\xFF\xFE")) {
    encoding = "UTF-16LE";
  } else if (bytes.starts_with("\xFE\xFF")) {
    encoding = "UTF-16BE";
  }
  if (encoding != nullptr) {
    bytes.remove_prefix(2);
  } else {
    encoding = utf16_without_bom(bytes);
  }
  if (encoding != nullptr) {
    auto text = iconv_to_utf8(bytes, encoding);
    if (text) {
      notices.push_back("the file is UTF-16 text; it was read as such");
    }
    return text;
  }
  const std::optional<std::size_t> invalid = first_invalid_utf8(bytes);
  if (!invalid || bytes.find('\0') != std::string_view::npos) {
    return std::string(bytes);  // UTF-8, or not text at all (the reader says so)
  }
  // UTF-8 with a damaged byte: Vietnamese text in UTF-8 has a multi-byte
  // character every few letters, which Windows-1258 text almost never forms.
  if (valid_utf8_sequences(bytes.substr(0, *invalid)) >= 3) {
    const auto line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(*invalid), '\n');
    return tl::unexpected("the file is UTF-8, but line " + std::to_string(line) + " has a byte that is not (byte " +
                          std::to_string(*invalid + 1) +
                          "): the file is damaged there; fix that line, or save the table again as \"CSV UTF-8\"");
  }
  // Typed in an old font's encoding (TCVN3, VNI): its bytes as Latin-1
  // letters, as Word and Excel keep them, for convert_unmarked_legacy_text.
  std::string latin1;
  for (const char byte : bytes) {
    append_utf8(latin1, static_cast<char32_t>(static_cast<unsigned char>(byte)));
  }
  if (const LegacyEncoding legacy = guess_legacy_encoding({latin1}); legacy != LegacyEncoding::none) {
    notices.push_back("the file is not UTF-8; its bytes read as Vietnamese typed in " + std::string(to_string(legacy)) +
                      " (the encoding of the old fonts)");
    return latin1;
  }
  auto text = iconv_to_utf8(bytes, "CP1258");
  if (text) {
    notices.push_back(
        "the file is not UTF-8; it was read as Windows-1258 (the code page of Vietnamese Windows): check the names "
        "in the draft, or save the file as \"CSV UTF-8\" and import it again");
  }
  return text;
}

}  // namespace

tl::expected<Document, std::string> parse_table_bytes(SourceFormat format, std::string_view bytes,
                                                      const ReadOptions& options) {
  // A byte order mark and white space alone (a spreadsheet's empty "CSV
  // UTF-8" or "Unicode Text") are an empty file too.
  std::string_view content = bytes;
  for (std::string_view mark :
       {std::string_view("\xEF\xBB\xBF"), std::string_view("\xFF\xFE"), std::string_view("\xFE\xFF")}) {
    if (content.starts_with(mark)) {
      content.remove_prefix(mark.size());
      break;
    }
  }
  if (content.find_first_not_of(std::string_view(" \t\r\n\0", 5)) == std::string_view::npos) {
    return tl::unexpected(std::string("the file is empty"));
  }
  if (std::optional<std::string> foreign = foreign_format(bytes)) {
    return tl::unexpected(std::move(*foreign));
  }
  if (is_opendocument(bytes)) {
    return read_opendocument(bytes, options.sheet);  // whatever it is called: the bytes decide
  }
  if (format == SourceFormat::csv || format == SourceFormat::text) {
    std::vector<std::string> notices;
    auto text = text_as_utf8(bytes, notices);
    if (!text) {
      return tl::unexpected(text.error());
    }
    auto document = format == SourceFormat::csv ? read_csv(*text) : read_text(*text);
    if (document) {
      document->notices = std::move(notices);
      convert_unmarked_legacy_text(*document);
    }
    return document;
  }
  switch (format) {
    case SourceFormat::docx:
      return read_docx(bytes);
    case SourceFormat::xlsx:
      return read_xlsx(bytes, options.sheet);
    case SourceFormat::csv:
      return read_csv(bytes);
    case SourceFormat::text:
      return read_text(bytes);
    case SourceFormat::odt:
    case SourceFormat::ods:
      return read_opendocument(bytes, options.sheet);
  }
  return read_text(bytes);
}

}  // namespace deadlined::import
