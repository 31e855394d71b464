#include "import/table.hpp"

#include <algorithm>
#include <array>
#include <cctype>

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

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    lines.push_back(line);
    if (end == text.size()) {
      break;
    }
    start = end + 1;
  }
  return lines;
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

std::string clean_cell_text(std::string_view text) {
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

tl::expected<Document, std::string> read_text(std::string_view bytes) {
  if (auto ok = require_utf8_text(bytes); !ok) {
    return tl::unexpected(ok.error());
  }
  Document document;
  document.format = SourceFormat::text;
  Grid grid;
  grid.name = "the pasted text";
  bool after_break = false;
  int number = 0;
  for (std::string_view line : split_lines(strip_bom(bytes))) {
    ++number;
    if (blank(line)) {
      after_break = true;
      continue;
    }
    GridRow row;
    row.line = number;
    row.after_break = after_break;
    after_break = false;
    std::size_t start = 0;
    while (true) {
      std::size_t tab = line.find('\t', start);
      row.cells.push_back(GridCell{std::string(line.substr(start, tab - start))});
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
  if (auto ok = require_utf8_text(bytes); !ok) {
    return tl::unexpected(ok.error());
  }
  bytes = strip_bom(bytes);
  // The delimiter: the one of ',', ';' and tab that occurs most often outside
  // quotes on the first lines (spreadsheets in Vietnamese locales write ';').
  char delimiter = ',';
  {
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
  bool after_break = false;
  int line = 1;
  row.line = 1;
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
    if (empty) {
      after_break = true;
    } else {
      row.after_break = after_break;
      after_break = false;
      grid.rows.push_back(std::move(row));
    }
    row = GridRow{};
    row.line = line;
  };
  std::size_t i = 0;
  while (i < bytes.size()) {
    char c = bytes[i];
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
    } else if (c == delimiter) {
      row.cells.push_back(GridCell{cell});
      cell.clear();
    } else if (c == '\n') {
      ++line;
      if (cell.ends_with('\r')) {
        cell.pop_back();
      }
      end_row();
    } else {
      cell += c;
    }
    ++i;
  }
  if (!cell.empty() || !row.cells.empty()) {
    end_row();
  }
  document.grids.push_back(std::move(grid));
  return document;
}

SourceFormat detect_format(std::string_view file_name, std::string_view bytes) {
  std::string name = lower_ascii(file_name);
  if (name.ends_with(".docx")) {
    return SourceFormat::docx;
  }
  if (name.ends_with(".xlsx")) {
    return SourceFormat::xlsx;
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

tl::expected<Document, std::string> parse_table_bytes(SourceFormat format, std::string_view bytes,
                                                      const ReadOptions& options) {
  switch (format) {
    case SourceFormat::docx:
      return read_docx(bytes);
    case SourceFormat::xlsx:
      return read_xlsx(bytes, options.sheet);
    case SourceFormat::csv:
      return read_csv(bytes);
    case SourceFormat::text:
      return read_text(bytes);
  }
  return read_text(bytes);
}

}  // namespace deadlined::import
