// Word (.docx) and Excel (.xlsx) readers: the zip container through libzip,
// the XML parts through pugixml. Merged cells are kept: a vertically merged
// cell's text is repeated in every row it spans (marked merged_above), a
// horizontally merged cell's text stays in its first column.
#include "import/table.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <zip.h>

namespace deadlined::import {

namespace {

constexpr std::size_t k_max_part_size = 64u * 1024u * 1024u;  // a bigger XML part is refused
// Office's XML compresses about 5 to 30 times; a part of some size that
// compresses far more is built to blow up in memory once parsed.
constexpr std::size_t k_bomb_min_size = 4u * 1024u * 1024u;
constexpr std::uint64_t k_bomb_ratio = 200;
constexpr int k_max_columns = k_max_table_columns;
constexpr int k_max_rows = k_max_table_rows;
constexpr std::size_t k_max_cells = k_max_table_cells;

class ZipArchive {
 public:
  static tl::expected<ZipArchive, std::string> open(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
      zip_error_fini(&error);
      return tl::unexpected(std::string("cannot read the file as a zip archive"));
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (archive == nullptr) {
      std::string message = zip_error_strerror(&error);
      zip_source_free(source);
      zip_error_fini(&error);
      return tl::unexpected("not a valid Office file (zip: " + message + ")");
    }
    zip_error_fini(&error);
    return ZipArchive(archive);
  }

  // The part's bytes; nullopt when the archive has no such part or it cannot
  // be read; an error when it is refused for its size.
  tl::expected<std::optional<std::string>, std::string> read(const std::string& name) const {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(m_archive.get(), name.c_str(), 0, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0) {
      return std::nullopt;
    }
    if (stat.size > k_max_part_size) {
      return tl::unexpected(name + " is " + std::to_string(stat.size / (1024u * 1024u)) +
                            " MiB uncompressed, more than a plan's table needs (limit " +
                            std::to_string(k_max_part_size / (1024u * 1024u)) + " MiB)");
    }
    if ((stat.valid & ZIP_STAT_COMP_SIZE) != 0 && stat.size > k_bomb_min_size &&
        stat.size / std::max<std::uint64_t>(stat.comp_size, 1) > k_bomb_ratio) {
      return tl::unexpected(name + " is compressed " +
                            std::to_string(stat.size / std::max<std::uint64_t>(stat.comp_size, 1)) + " times (" +
                            std::to_string(stat.comp_size) + " bytes to " + std::to_string(stat.size) +
                            "), far more than an Office file's text is: refused");
    }
    zip_file_t* file = zip_fopen(m_archive.get(), name.c_str(), 0);
    if (file == nullptr) {
      return std::nullopt;
    }
    std::string content(static_cast<std::size_t>(stat.size), '\0');
    zip_int64_t got = content.empty() ? 0 : zip_fread(file, content.data(), content.size());
    zip_fclose(file);
    if (got < 0 || static_cast<std::size_t>(got) != content.size()) {
      return std::nullopt;
    }
    return content;
  }

 private:
  struct Closer {
    void operator()(zip_t* archive) const { zip_discard(archive); }
  };
  explicit ZipArchive(zip_t* archive) : m_archive(archive) {}
  std::unique_ptr<zip_t, Closer> m_archive;
};

tl::expected<pugi::xml_document, std::string> parse_xml(const std::string& content, const std::string& part) {
  pugi::xml_document xml;
  pugi::xml_parse_result result =
      xml.load_buffer(content.data(), content.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!result) {
    return tl::unexpected(part + ": " + result.description());
  }
  return xml;
}

// The local name of a qualified XML name ("w:tc" -> "tc").
std::string_view local(const pugi::xml_node& node) {
  std::string_view name = node.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c : node.children()) {
    if (local(c) == name) {
      return c;
    }
  }
  return {};
}

std::string_view attribute(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view full = a.name();
    auto colon = full.find(':');
    std::string_view bare = colon == std::string_view::npos ? full : full.substr(colon + 1);
    if (bare == name) {
      return a.value();
    }
  }
  return {};
}

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

// A paragraph's text as Word shows it: runs' w:t, w:tab as a space, w:br as
// a line break, a non-breaking hyphen as "-" and symbols as their
// characters; not deleted or moved-away text (tracked changes), hidden runs
// or placeholders.
void paragraph_text(const pugi::xml_node& node, std::string& out, int depth = 0) {
  if (depth > 64) {
    return;
  }
  for (pugi::xml_node c : node.children()) {
    std::string_view name = local(c);
    if (name == "t") {
      out += c.text().get();
    } else if (name == "tab") {
      out += ' ';
    } else if (name == "br" || name == "cr") {
      out += '\n';
    } else if (name == "noBreakHyphen") {
      out += '-';
    } else if (name == "sym") {
      append_symbol(c, out);
    } else if (name == "tbl" || name == "pPr" || name == "rPr" || name == "del" || name == "moveFrom" ||
               name == "Fallback" || (name == "r" && hidden_run(c)) || (name == "sdt" && showing_placeholder(c))) {
      // Nested tables are read on their own; deleted and moved-away text is
      // not text; an mc:AlternateContent holds the same text twice, its
      // Choice is read.
      continue;
    } else {
      paragraph_text(c, out, depth + 1);
    }
  }
}

// Word's automatic list numbering (w:numPr): the number a paragraph shows is
// not in its text. Plans number their TT column so; each list's counters are
// kept in document order, formatted as numbering.xml says (decimal "%1." when
// the part is missing).
struct ListLevel {
  int start = 1;
  std::string format = "decimal";  // decimal, upperRoman, lowerRoman, upperLetter, lowerLetter, bullet
  std::string text = "%1.";        // "%1.", "%1.%2", "(%1)"
};

class ListNumbering {
 public:
  void read(const pugi::xml_document& numbering) {
    std::map<std::string, std::vector<ListLevel>> abstract;
    for (pugi::xml_node node : numbering.document_element().children()) {
      if (local(node) == "abstractNum") {
        std::vector<ListLevel>& levels = abstract[std::string(attribute(node, "abstractNumId"))];
        levels.assign(9, ListLevel{});
        for (pugi::xml_node lvl : node.children()) {
          if (local(lvl) != "lvl") {
            continue;
          }
          const int ilvl = std::clamp(atoi(std::string(attribute(lvl, "ilvl")).c_str()), 0, 8);
          ListLevel& level = levels[static_cast<std::size_t>(ilvl)];
          if (pugi::xml_node start = child(lvl, "start")) {
            level.start = std::clamp(atoi(std::string(attribute(start, "val")).c_str()), 0, 100000);
          }
          if (pugi::xml_node format = child(lvl, "numFmt")) {
            level.format = std::string(attribute(format, "val"));
          }
          if (pugi::xml_node text = child(lvl, "lvlText")) {
            level.text = std::string(attribute(text, "val"));
          }
        }
      }
    }
    for (pugi::xml_node node : numbering.document_element().children()) {
      if (local(node) != "num") {
        continue;
      }
      const std::string num(attribute(node, "numId"));
      if (pugi::xml_node id = child(node, "abstractNumId")) {
        const std::string list(attribute(id, "val"));
        m_list_of[num] = list;
        if (auto found = abstract.find(list); found != abstract.end()) {
          m_levels[list] = found->second;
        }
      }
      // "w:lvlOverride/w:startOverride": this instance starts the list again.
      for (pugi::xml_node override_node : node.children()) {
        if (local(override_node) != "lvlOverride") {
          continue;
        }
        if (pugi::xml_node start = child(override_node, "startOverride")) {
          const int ilvl = std::clamp(atoi(std::string(attribute(override_node, "ilvl")).c_str()), 0, 8);
          m_restarts[num].emplace_back(ilvl, std::clamp(atoi(std::string(attribute(start, "val")).c_str()), 0, 100000));
        }
      }
    }
  }

  // The label of a paragraph of list instance `num` at level `ilvl`,
  // counted. Instances of one abstract list count on together (as Word
  // shows them) unless an instance starts it again.
  std::string next(const std::string& num, int ilvl) {
    const auto list_of = m_list_of.find(num);
    const std::string list = list_of == m_list_of.end() ? "num " + num : list_of->second;
    std::vector<ListLevel>& levels = m_levels[list];
    if (levels.empty()) {
      levels.assign(9, ListLevel{});
    }
    std::vector<int>& counters = m_counters[list];
    if (counters.empty()) {
      counters.assign(9, 0);
      for (std::size_t i = 0; i < 9; ++i) {
        counters[i] = levels[i].start - 1;
      }
    }
    if (m_started.insert(num).second) {
      for (const auto& [level, start] : m_restarts[num]) {
        counters[static_cast<std::size_t>(level)] = start - 1;
      }
    }
    const auto at = static_cast<std::size_t>(std::clamp(ilvl, 0, 8));
    ++counters[at];
    for (std::size_t deeper = at + 1; deeper < 9; ++deeper) {
      counters[deeper] = levels[deeper].start - 1;
    }
    if (levels[at].format == "bullet" || levels[at].format == "none") {
      return {};
    }
    std::string label;
    const std::string& pattern = levels[at].text;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] == '%' && i + 1 < pattern.size() && pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
        const auto level = static_cast<std::size_t>(pattern[i + 1] - '1');
        label += formatted(std::max(counters[level], levels[level].start), levels[level].format);
        ++i;
      } else {
        label += pattern[i];
      }
    }
    return label;
  }

 private:
  static std::string formatted(int value, const std::string& format) {
    if (format == "upperRoman" || format == "lowerRoman") {
      static constexpr std::array<std::pair<int, const char*>, 13> k_numerals{{{1000, "M"},
                                                                               {900, "CM"},
                                                                               {500, "D"},
                                                                               {400, "CD"},
                                                                               {100, "C"},
                                                                               {90, "XC"},
                                                                               {50, "L"},
                                                                               {40, "XL"},
                                                                               {10, "X"},
                                                                               {9, "IX"},
                                                                               {5, "V"},
                                                                               {4, "IV"},
                                                                               {1, "I"}}};
      std::string roman;
      for (const auto& [amount, numeral] : k_numerals) {
        for (; value >= amount && roman.size() < 32; value -= amount) {
          roman += numeral;
        }
      }
      if (format == "lowerRoman") {
        for (char& c : roman) {
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
      }
      return roman;
    }
    if ((format == "upperLetter" || format == "lowerLetter") && value >= 1) {
      const char base = format == "upperLetter" ? 'A' : 'a';
      return std::string(static_cast<std::size_t>((value - 1) / 26 + 1), static_cast<char>(base + (value - 1) % 26));
    }
    return std::to_string(value);
  }

  std::map<std::string, std::string> m_list_of;                        // instance (numId) -> abstract list
  std::map<std::string, std::vector<ListLevel>> m_levels;              // by abstract list
  std::map<std::string, std::vector<int>> m_counters;                  // by abstract list
  std::map<std::string, std::vector<std::pair<int, int>>> m_restarts;  // instance -> (level, start)
  std::set<std::string> m_started;                                     // instances seen
};

// The list label a numbered paragraph shows ("1.", "II."), counted; empty
// for a paragraph outside a list or a bullet.
std::string list_label(const pugi::xml_node& paragraph, ListNumbering& numbering) {
  pugi::xml_node properties = child(paragraph, "pPr");
  pugi::xml_node list = properties ? child(properties, "numPr") : pugi::xml_node();
  pugi::xml_node num = list ? child(list, "numId") : pugi::xml_node();
  const std::string id = num ? std::string(attribute(num, "val")) : std::string();
  if (id.empty() || id == "0") {
    return {};
  }
  pugi::xml_node level = child(list, "ilvl");
  return numbering.next(id, level ? atoi(std::string(attribute(level, "val")).c_str()) : 0);
}

std::string cell_text(const pugi::xml_node& tc, ListNumbering& numbering) {
  std::string text;
  for (pugi::xml_node c : tc.children()) {
    std::string_view name = local(c);
    if (name == "p") {
      std::string paragraph;
      paragraph_text(c, paragraph);
      // A cell that shows only its list number (a TT column numbered by Word).
      const std::string label = list_label(c, numbering);
      if (paragraph.find_first_not_of(" \t\n") == std::string::npos && !label.empty()) {
        paragraph = label;
      }
      if (!text.empty()) {
        text += '\n';
      }
      text += paragraph;
    } else if (name == "sdt" && !showing_placeholder(c)) {
      // A content control around paragraphs (its placeholder is no text).
      if (pugi::xml_node content = child(c, "sdtContent")) {
        std::string inner = cell_text(content, numbering);
        if (!inner.empty()) {
          if (!text.empty()) {
            text += '\n';
          }
          text += inner;
        }
      }
    }
  }
  return text;
}

// The children named `name` ("tr" of a table, "tc" of a row), also those
// wrapped in content controls (w:sdt/w:sdtContent) or custom XML, which
// templates put around rows and cells.
std::vector<pugi::xml_node> wrapped_children(const pugi::xml_node& parent, std::string_view name) {
  std::vector<pugi::xml_node> found;
  const auto collect = [&found, name](const auto& self, const pugi::xml_node& node, int depth) -> void {
    for (pugi::xml_node c : node.children()) {
      const std::string_view here = local(c);
      if (here == name) {
        found.push_back(c);
      } else if (depth < 8 && (here == "sdt" || here == "sdtContent" || here == "customXml")) {
        self(self, c, depth + 1);
      }
    }
  };
  collect(collect, parent, 0);
  return found;
}

// `text_bytes` counts the cell text of the whole document, copies included.
tl::expected<Grid, std::string> read_word_table(const pugi::xml_node& tbl, int number, ListNumbering& numbering,
                                                std::size_t& text_bytes) {
  Grid grid;
  grid.name = "table " + std::to_string(number);
  int row_number = 0;
  std::size_t total_cells = 0;
  for (pugi::xml_node tr : wrapped_children(tbl, "tr")) {
    ++row_number;
    if (row_number > k_max_rows) {
      return tl::unexpected(grid.name + " has more than " + std::to_string(k_max_rows) +
                            " rows: no plan's table is that long");
    }
    GridRow row;
    row.line = row_number;
    int column = 0;
    if (pugi::xml_node tr_pr = child(tr, "trPr")) {
      if (pugi::xml_node before = child(tr_pr, "gridBefore")) {
        column = std::clamp(atoi(std::string(attribute(before, "val")).c_str()), 0, k_max_columns);
      }
    }
    row.cells.resize(static_cast<std::size_t>(column));
    total_cells += static_cast<std::size_t>(column);
    for (pugi::xml_node tc : wrapped_children(tr, "tc")) {
      int span = 1;
      bool continues = false;
      if (pugi::xml_node tc_pr = child(tc, "tcPr")) {
        if (pugi::xml_node grid_span = child(tc_pr, "gridSpan")) {
          span = std::clamp(atoi(std::string(attribute(grid_span, "val")).c_str()), 1, k_max_columns);
        }
        if (pugi::xml_node v_merge = child(tc_pr, "vMerge")) {
          std::string_view val = attribute(v_merge, "val");
          continues = val.empty() || val == "continue";
        }
      }
      if (total_cells + static_cast<std::size_t>(span) > k_max_cells) {
        return tl::unexpected(grid.name + " has more than " + std::to_string(k_max_cells) +
                              " cells: no plan's table is that large");
      }
      if (column + span > k_max_columns) {
        break;  // past any table Word can make (63 columns)
      }
      total_cells += static_cast<std::size_t>(span);
      GridCell cell;
      if (continues) {
        cell.merged_above = true;
        if (!grid.rows.empty() && static_cast<std::size_t>(column) < grid.rows.back().cells.size()) {
          cell.text = grid.rows.back().cells[static_cast<std::size_t>(column)].text;
        }
      } else {
        cell.text = cell_text(tc, numbering);
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

// Tables and the paragraphs between them; `text_since_table` tells whether
// text stood since the last table (a table after text is not its continuation).
tl::expected<void, std::string> collect_word(const pugi::xml_node& node, Document& document, int depth,
                                             bool& text_since_table, ListNumbering& numbering,
                                             std::size_t& text_bytes) {
  if (depth > 32) {
    return {};
  }
  for (pugi::xml_node c : node.children()) {
    std::string_view name = local(c);
    if (name == "tbl") {
      auto grid = read_word_table(c, static_cast<int>(document.grids.size()) + 1, numbering, text_bytes);
      if (!grid) {
        return tl::unexpected(grid.error());
      }
      document.grids.push_back(std::move(*grid));
      document.grids.back().after_text = text_since_table;
      text_since_table = false;
    } else if (name == "p") {
      std::string text;
      paragraph_text(c, text);
      list_label(c, numbering);  // a list's count goes on outside the tables too
      // A new part of the document ("Phụ lục II", "Danh mục thủ tục ...",
      // "Biểu số 02") starts another table; a section heading ("II. NHIỆM
      // VỤ CỤ THỂ") or "(tiếp theo)" between two pieces of one table does not.
      const std::string folded = fold_vietnamese(text);
      const std::size_t first = folded.find_first_not_of(" \t\n");
      if (first != std::string::npos) {
        const std::string_view opening = std::string_view(folded).substr(first);
        for (const std::string_view part : {"phu luc", "danh muc", "bieu", "bang ", "mau ", "ke hoach"}) {
          text_since_table = text_since_table || opening.starts_with(part);
        }
      }
      document.paragraphs.push_back(std::move(text));
    } else if (name == "sdt" || name == "sdtContent" || name == "body") {
      if (auto inner = collect_word(c, document, depth + 1, text_since_table, numbering, text_bytes); !inner) {
        return inner;
      }
    }
  }
  return {};
}

// ---------------------------------------------------------------------------
// Excel
// ---------------------------------------------------------------------------

struct CellRef {
  int row = 0;     // 1-based
  int column = 0;  // 0-based
};

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

// Text of a shared string or inline string: its t, or the t of every run r.
// Excel writes characters XML cannot hold as "_xHHHH_" ("_x000D_" for the
// carriage return before a line break; "_x005F_" escapes an underscore).
// Control characters other than tab and line feed are dropped.
std::string decode_excel_escapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_' &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2])) != 0 &&
        std::isxdigit(static_cast<unsigned char>(text[i + 3])) != 0 &&
        std::isxdigit(static_cast<unsigned char>(text[i + 4])) != 0 &&
        std::isxdigit(static_cast<unsigned char>(text[i + 5])) != 0) {
      const auto code = static_cast<unsigned>(std::stoul(std::string(text.substr(i + 2, 4)), nullptr, 16));
      if (code == '\t' || code == '\n' || code >= 0x20) {
        if (code < 0xD800 || code > 0xDFFF) {
          append_utf8(out, static_cast<char32_t>(code));
        }
      }
      i += 6;
      continue;
    }
    out += text[i];
  }
  return out;
}

std::string string_item_text(const pugi::xml_node& si) {
  std::string text;
  for (pugi::xml_node c : si.children()) {
    if (local(c) == "t") {
      text += c.text().get();
    } else if (local(c) == "r") {
      if (pugi::xml_node t = child(c, "t")) {
        text += t.text().get();
      }
    }
  }
  return decode_excel_escapes(text);
}

// "xl/worksheets/sheet1.xml" from a relationship target relative to xl/.
std::string part_path(std::string_view target) {
  if (target.starts_with("/")) {
    return std::string(target.substr(1));
  }
  return "xl/" + std::string(target);
}

// Excel keeps a date as a count of days and shows it through the cell's
// number format: how a format shows it (a day, a month, a year), or not a date.
enum class DateShown { no, day, month, year };

DateShown date_shown_by_code(std::string_view code) {
  bool day = false;
  bool month = false;
  bool year = false;
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
      i = close == std::string_view::npos ? code.size() : close;  // colour, locale, elapsed time
    } else if (c == ';') {
      break;  // the positive section decides
    } else {
      day = day || c == 'd';
      month = month || c == 'm';
      year = year || c == 'y';
    }
  }
  if (day && (month || year)) {
    return DateShown::day;
  }
  if (month && year) {
    return DateShown::month;
  }
  return year ? DateShown::year : DateShown::no;
}

// The workbook's cell formats (styles.xml cellXfs), by index: how each shows a number.
std::vector<DateShown> read_cell_formats(const ZipArchive& archive, const std::string& part) {
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
  if (pugi::xml_node xfs = child(styles->document_element(), "cellXfs")) {
    for (pugi::xml_node xf : xfs.children()) {
      if (local(xf) != "xf") {
        continue;
      }
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

tl::expected<Document, std::string> read_docx(std::string_view bytes) {
  auto archive = ZipArchive::open(bytes);
  if (!archive) {
    return tl::unexpected(archive.error());
  }
  auto content = archive->read("word/document.xml");
  if (!content) {
    return tl::unexpected(content.error());
  }
  if (!*content) {
    return tl::unexpected(std::string("not a Word document (no word/document.xml)"));
  }
  auto xml = parse_xml(**content, "word/document.xml");
  if (!xml) {
    return tl::unexpected(xml.error());
  }
  Document document;
  document.format = SourceFormat::docx;
  pugi::xml_node root = xml->document_element();
  pugi::xml_node body = child(root, "body");
  if (!body) {
    return tl::unexpected(std::string("word/document.xml has no body"));
  }
  ListNumbering numbering;
  if (auto numbering_xml = archive->read("word/numbering.xml"); numbering_xml && *numbering_xml) {
    if (auto parsed = parse_xml(**numbering_xml, "word/numbering.xml")) {
      numbering.read(*parsed);
    }
  }
  bool text_since_table = false;
  std::size_t text_bytes = 0;
  if (auto read = collect_word(body, document, 0, text_since_table, numbering, text_bytes); !read) {
    return tl::unexpected(read.error());
  }
  return document;
}

tl::expected<Document, std::string> read_xlsx(std::string_view bytes, const std::string& sheet) {
  auto archive = ZipArchive::open(bytes);
  if (!archive) {
    return tl::unexpected(archive.error());
  }
  auto workbook_xml = archive->read("xl/workbook.xml");
  if (!workbook_xml) {
    return tl::unexpected(workbook_xml.error());
  }
  if (!*workbook_xml) {
    return tl::unexpected(std::string("not an Excel workbook (no xl/workbook.xml)"));
  }
  auto workbook = parse_xml(**workbook_xml, "xl/workbook.xml");
  if (!workbook) {
    return tl::unexpected(workbook.error());
  }
  std::map<std::string, std::string> targets;  // relationship id -> part
  std::string styles_part = "xl/styles.xml";
  auto rels_xml = archive->read("xl/_rels/workbook.xml.rels");
  if (!rels_xml) {
    return tl::unexpected(rels_xml.error());
  }
  if (*rels_xml) {
    if (auto rels = parse_xml(**rels_xml, "xl/_rels/workbook.xml.rels")) {
      for (pugi::xml_node rel : rels->document_element().children()) {
        targets[std::string(attribute(rel, "Id"))] = part_path(attribute(rel, "Target"));
        if (attribute(rel, "Type").ends_with("/styles")) {
          styles_part = part_path(attribute(rel, "Target"));
        }
      }
    }
  }
  const std::vector<DateShown> cell_formats = read_cell_formats(*archive, styles_part);
  bool date1904 = false;
  if (pugi::xml_node properties = child(workbook->document_element(), "workbookPr")) {
    const std::string_view flag = attribute(properties, "date1904");
    date1904 = flag == "1" || flag == "true";
  }
  std::vector<std::pair<std::string, std::string>> sheets;  // name, part
  std::set<std::size_t> hidden_sheets;                      // hidden or very hidden in Excel
  if (pugi::xml_node sheets_node = child(workbook->document_element(), "sheets")) {
    for (pugi::xml_node s : sheets_node.children()) {
      if (local(s) != "sheet") {
        continue;
      }
      if (const std::string_view state = s.attribute("state").value(); state == "hidden" || state == "veryHidden") {
        hidden_sheets.insert(sheets.size());
      }
      std::string id(attribute(s, "id"));
      auto target = targets.find(id);
      std::string part =
          target != targets.end() ? target->second : "xl/worksheets/sheet" + std::to_string(sheets.size() + 1) + ".xml";
      sheets.emplace_back(std::string(s.attribute("name").value()), part);
    }
  }
  if (sheets.empty()) {
    return tl::unexpected(std::string("the workbook has no sheets"));
  }
  std::size_t chosen = 0;
  if (!sheet.empty()) {
    auto it = std::find_if(sheets.begin(), sheets.end(), [&](const auto& s) { return s.first == sheet; });
    if (it == sheets.end()) {
      std::string names;
      for (const auto& s : sheets) {
        names += (names.empty() ? "\"" : ", \"") + s.first + "\"";
      }
      return tl::unexpected("no sheet named \"" + sheet + "\" (the workbook has " + names + ")");
    }
    chosen = static_cast<std::size_t>(it - sheets.begin());
  }
  std::vector<std::string> shared;
  auto shared_xml = archive->read("xl/sharedStrings.xml");
  if (!shared_xml) {
    return tl::unexpected(shared_xml.error());
  }
  if (*shared_xml) {
    auto strings = parse_xml(**shared_xml, "xl/sharedStrings.xml");
    if (!strings) {
      return tl::unexpected(strings.error());
    }
    for (pugi::xml_node si : strings->document_element().children()) {
      if (local(si) == "si") {
        shared.push_back(string_item_text(si));
      }
    }
  }
  Document document;
  document.format = SourceFormat::xlsx;
  auto read_sheet = [&](std::size_t index) -> tl::expected<void, std::string> {
    auto sheet_xml = archive->read(sheets[index].second);
    if (!sheet_xml) {
      return tl::unexpected("the sheet \"" + sheets[index].first + "\": " + sheet_xml.error());
    }
    if (!*sheet_xml) {
      return tl::unexpected("cannot read the sheet \"" + sheets[index].first + "\" (" + sheets[index].second + ")");
    }
    auto worksheet = parse_xml(**sheet_xml, sheets[index].second);
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
    std::size_t text_bytes = 0;                       // every cell's text, shared strings counted each time
    int max_column = -1;
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
          if (type == "inlineStr") {
            if (pugi::xml_node is = child(c, "is")) {
              text = string_item_text(is);
            }
          } else if (pugi::xml_node v = child(c, "v")) {
            std::string value = v.text().get();
            if (type == "s") {
              std::size_t item = static_cast<std::size_t>(std::max(0, atoi(value.c_str())));
              text = item < shared.size() ? shared[item] : std::string();
            } else {
              text = (type.empty() || type == "n") ? general_number_text(value)
                     : type == "d"                 ? iso_date_text(value)
                                                   : value;
              // A number shown as a date ("Thời gian hoàn thành" typed as 30/06/2026).
              const int style = c.attribute("s").as_int(-1);
              if ((type.empty() || type == "n") && style >= 0 &&
                  static_cast<std::size_t>(style) < cell_formats.size() &&
                  cell_formats[static_cast<std::size_t>(style)] != DateShown::no) {
                if (auto shown = excel_date_text(value, cell_formats[static_cast<std::size_t>(style)], date1904)) {
                  text = std::move(*shown);
                }
              }
            }
          }
          if (!text.empty()) {
            text_bytes += text.size();
            if (text_bytes > k_max_document_text) {
              return tl::unexpected(too_much_text_message("the sheet \"" + sheets[index].first + "\""));
            }
            cells[row_number][column] = std::move(text);
            max_column = std::max(max_column, column);
          }
        }
        if (static_cast<int>(cells.size()) > k_max_rows) {
          return tl::unexpected("the sheet \"" + sheets[index].first + "\" has more than " +
                                std::to_string(k_max_rows) + " rows: no plan's table is that long");
        }
      }
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
    grid.name = "sheet \"" + sheets[index].first + "\"";
    grid.after_text = true;  // a sheet is never the rest of the sheet before it
    if (cells.empty()) {
      document.grids.push_back(std::move(grid));
      return {};
    }
    int first_row = cells.begin()->first;
    int last_row = cells.rbegin()->first;
    if (static_cast<std::size_t>(last_row - first_row + 1) * static_cast<std::size_t>(max_column + 1) > k_max_cells) {
      return tl::unexpected("the sheet \"" + sheets[index].first + "\" is too large for a plan's table (rows " +
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
        return tl::unexpected("the merged ranges of the sheet \"" + sheets[index].first + "\" cover more than " +
                              std::to_string(k_max_cells) + " cells: no plan's table is that large");
      }
      std::string text = grid.rows[top->second].cells[static_cast<std::size_t>(range.first.column)].text;
      text_bytes += text.size() * static_cast<std::size_t>(range.last.row - range.first.row);
      if (text_bytes > k_max_document_text) {
        return tl::unexpected(too_much_text_message("the sheet \"" + sheets[index].first + "\""));
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
      document.notices.push_back("passed over the hidden sheet \"" + sheets[index].first +
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
  return document;
}

}  // namespace deadlined::import
