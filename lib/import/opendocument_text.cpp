// The text of OpenDocument paragraphs, list items and cells
// (opendocument.hpp): what LibreOffice shows of them.
#include "import/opendocument.hpp"

#include "import/ooxml.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined::import::opendocument {

namespace {

using ooxml::attribute;
using ooxml::local;

constexpr int k_max_list_levels = 10;
constexpr int k_max_spaces = 8;  // of one text:s: a run of spaces reads as one anyway

int integer_attribute(const pugi::xml_node& node, std::string_view name, int fallback, int low, int high) {
  const std::string_view text = attribute(node, name);
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return fallback;
  }
  return static_cast<int>(std::clamp<long long>(value, low, high));
}

std::string roman(int number, bool capitals) {
  static constexpr std::pair<int, std::string_view> k_numerals[] = {
      {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
      {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
  std::string text;
  for (const auto& [value, numeral] : k_numerals) {
    for (; number >= value; number -= value) {
      text += numeral;
    }
  }
  if (!capitals) {
    std::transform(text.begin(), text.end(), text.begin(), [](char c) { return static_cast<char>(c - 'A' + 'a'); });
  }
  return text;
}

std::string letters(int number, bool capitals) {
  // "a" ... "z", then "aa", "bb" as LibreOffice counts past z.
  const int repeat = (number - 1) / 26 + 1;
  return std::string(static_cast<std::size_t>(std::min(repeat, 8)),
                     static_cast<char>((capitals ? 'A' : 'a') + (number - 1) % 26));
}

std::string formatted(int number, const std::string& format) {
  if (number < 1) {
    number = 1;
  }
  if (format == "1") {
    return std::to_string(number);
  }
  if (format == "I" || format == "i") {
    return roman(std::min(number, 3999), format == "I");
  }
  if (format == "A" || format == "a") {
    return letters(number, format == "A");
  }
  return {};
}

bool skipped_in_text(std::string_view name) {
  // Notes and comments are not the paragraph's text; tracked deletions are
  // kept apart from the body already (text:tracked-changes).
  return name == "note" || name == "annotation" || name == "annotation-end" || name == "tracked-changes" ||
         name == "hidden-text" || name == "hidden-paragraph" || name == "list-level-style-bullet";
}

bool drawing(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  return name.starts_with("draw:") || local(node) == "text-box";
}

// The paragraphs inside a drawing (a text box, a shape with text), a line each.
bool drawing_text(const pugi::xml_node& node, std::string& boxes, int depth) {
  if (depth > k_max_depth) {
    return false;
  }
  for (pugi::xml_node c : node.children()) {
    const std::string_view name = local(c);
    if (name == "p" || name == "h") {
      std::string line;
      if (!paragraph_text(c, line, boxes, depth + 1)) {
        return false;
      }
      if (!line.empty()) {
        boxes += (boxes.empty() ? "" : "\n") + line;
      }
    } else if (c.type() == pugi::node_element && !skipped_in_text(name) && name != "table") {
      if (!drawing_text(c, boxes, depth + 1)) {
        return false;
      }
    }
  }
  return true;
}

bool list_lines(const pugi::xml_node& list, int level, ListCounters& lists, std::vector<std::string>& lines,
                std::string& boxes, int depth);

}  // namespace

bool block_lines(const pugi::xml_node& node, ListCounters& lists, std::vector<std::string>& lines, std::string& boxes,
                 int depth) {
  if (depth > k_max_depth) {
    return false;
  }
  for (pugi::xml_node c : node.children()) {
    const std::string_view name = local(c);
    if (name == "p" || name == "h") {
      std::string line;
      if (!paragraph_text(c, line, boxes, depth + 1)) {
        return false;
      }
      lines.push_back(std::move(line));
    } else if (name == "list") {
      if (!list_lines(c, 1, lists, lines, boxes, depth + 1)) {
        return false;
      }
    } else if (name == "table") {
      // A table inside the cell: a line per row, its cells apart by a space.
      std::vector<pugi::xml_node> rows;
      table_rows(c, rows);
      for (const pugi::xml_node& row : rows) {
        std::string line;
        for (pugi::xml_node cell : row.children()) {
          if (local(cell) != "table-cell") {
            continue;
          }
          std::string text;
          if (!cell_text(cell, lists, text, depth + 1)) {
            return false;
          }
          std::replace(text.begin(), text.end(), '\n', ' ');
          if (!text.empty()) {
            line += (line.empty() ? "" : " ") + text;
          }
        }
        lines.push_back(std::move(line));
      }
    } else if (name == "section" || name == "list-item" || name == "list-header") {
      if (!block_lines(c, lists, lines, boxes, depth + 1)) {
        return false;
      }
    } else if (drawing(c)) {
      if (!drawing_text(c, boxes, depth + 1)) {
        return false;
      }
    }
  }
  return true;
}

namespace {

bool list_lines(const pugi::xml_node& list, int level, ListCounters& lists, std::vector<std::string>& lines,
                std::string& boxes, int depth) {
  if (depth > k_max_depth) {
    return false;
  }
  const std::string style = list_style_of(list, lists);
  const bool continues = attribute(list, "continue-numbering") == "true" || !attribute(list, "continue-list").empty();
  if (level == 1 && !continues && !style.empty()) {
    lists.counts[style].assign(k_max_list_levels, 0);
  }
  for (pugi::xml_node item : list.children()) {
    const std::string_view name = local(item);
    if (name != "list-item" && name != "list-header") {
      continue;
    }
    std::string label;
    if (pugi::xml_node shown = ooxml::child(item, "number")) {
      label = shown.text().get();  // the number LibreOffice saved with the item
      next_list_label(style, level, item, lists);
    } else if (name == "list-item") {
      label = next_list_label(style, level, item, lists);
    }
    bool labelled = label.empty();
    for (pugi::xml_node c : item.children()) {
      const std::string_view child_name = local(c);
      if (child_name == "p" || child_name == "h") {
        std::string line;
        if (!paragraph_text(c, line, boxes, depth + 1)) {
          return false;
        }
        if (!labelled) {
          line = line.find_first_not_of(" \t") == std::string::npos ? label : label + " " + line;
          labelled = true;
        }
        lines.push_back(std::move(line));
      } else if (child_name == "list") {
        if (!list_lines(c, std::min(level + 1, k_max_list_levels), lists, lines, boxes, depth + 1)) {
          return false;
        }
      } else if (child_name != "number" && c.type() == pugi::node_element) {
        if (!block_lines(c, lists, lines, boxes, depth + 1)) {
          return false;
        }
      }
    }
    if (!labelled) {
      lines.push_back(label);  // a numbered item without a paragraph
    }
  }
  return true;
}

}  // namespace

bool list_text_lines(const pugi::xml_node& list, ListCounters& lists, std::vector<std::string>& lines,
                     std::string& boxes) {
  return list_lines(list, 1, lists, lines, boxes, 0);
}

void table_rows(const pugi::xml_node& table, std::vector<pugi::xml_node>& rows, int depth) {
  if (depth > k_max_depth) {
    return;
  }
  for (pugi::xml_node c : table.children()) {
    const std::string_view name = local(c);
    if (name == "table-row") {
      rows.push_back(c);
    } else if (name == "table-header-rows" || name == "table-rows" || name == "table-row-group") {
      table_rows(c, rows, depth + 1);
    }
  }
}

bool paragraph_text(const pugi::xml_node& paragraph, std::string& out, std::string& boxes, int depth) {
  if (depth > k_max_depth) {
    return false;
  }
  for (pugi::xml_node c : paragraph.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      // White space in the XML, line ends included, is a space: only
      // text:line-break breaks a line.
      for (const char* at = c.value(); *at != '\0'; ++at) {
        out += (*at == '\n' || *at == '\r' || *at == '\t') ? ' ' : *at;
      }
      continue;
    }
    if (c.type() != pugi::node_element) {
      continue;
    }
    const std::string_view name = local(c);
    if (name == "s") {
      out.append(static_cast<std::size_t>(integer_attribute(c, "c", 1, 1, k_max_spaces)), ' ');
    } else if (name == "tab") {
      out += '\t';
    } else if (name == "line-break") {
      out += '\n';
    } else if (drawing(c)) {
      if (!drawing_text(c, boxes, depth + 1)) {
        return false;
      }
    } else if (!skipped_in_text(name)) {
      if (!paragraph_text(c, out, boxes, depth + 1)) {
        return false;
      }
    }
  }
  return true;
}

bool cell_text(const pugi::xml_node& cell, ListCounters& lists, std::string& out, int depth) {
  std::vector<std::string> lines;
  std::string boxes;
  if (!block_lines(cell, lists, lines, boxes, depth)) {
    return false;
  }
  std::string text;
  for (const std::string& line : lines) {
    text += (text.empty() ? "" : "\n") + line;
  }
  // A text box beside the cell's text (a "MỚI" stamp) is not its text; a text
  // box alone in the cell is.
  out = text.find_first_not_of(" \t\n") == std::string::npos ? boxes : text;
  return true;
}

void read_list_styles(const pugi::xml_node& styles, ListCounters& lists) {
  for (pugi::xml_node style : styles.children()) {
    if (local(style) == "style" && attribute(style, "family") == "paragraph") {
      const std::string name(attribute(style, "name"));
      if (!attribute(style, "list-style-name").empty()) {
        lists.paragraph_lists[name] = std::string(attribute(style, "list-style-name"));
      }
      if (!attribute(style, "parent-style-name").empty()) {
        lists.parent_styles[name] = std::string(attribute(style, "parent-style-name"));
      }
      continue;
    }
    if (local(style) != "list-style") {
      continue;
    }
    std::vector<ListLevel> levels(k_max_list_levels);
    for (pugi::xml_node level : style.children()) {
      const int at = integer_attribute(level, "level", 0, 0, k_max_list_levels);
      if (at < 1) {
        continue;
      }
      ListLevel& entry = levels[static_cast<std::size_t>(at - 1)];
      if (local(level) == "list-level-style-number") {
        entry.format = std::string(attribute(level, "num-format"));
        entry.prefix = std::string(attribute(level, "num-prefix"));
        entry.suffix = std::string(attribute(level, "num-suffix"));
        entry.start = integer_attribute(level, "start-value", 1, 0, 1'000'000);
        entry.display_levels = integer_attribute(level, "display-levels", 1, 1, k_max_list_levels);
      }
    }
    lists.styles[std::string(attribute(style, "name"))] = std::move(levels);
  }
}

std::string list_style_of(const pugi::xml_node& list, const ListCounters& lists) {
  int depth = 0;
  for (pugi::xml_node node = list; node && depth < k_max_depth; node = node.parent(), ++depth) {
    if (local(node) == "list" && !attribute(node, "style-name").empty()) {
      return std::string(attribute(node, "style-name"));
    }
  }
  // The first paragraph's style (or a parent of it) numbers with a list style.
  const pugi::xml_node paragraph =
      list.find_node([](const pugi::xml_node& node) { return local(node) == "p" || local(node) == "h"; });
  std::string style(attribute(paragraph, "style-name"));
  for (int step = 0; !style.empty() && step < 16; ++step) {
    if (const auto numbered = lists.paragraph_lists.find(style); numbered != lists.paragraph_lists.end()) {
      return numbered->second;
    }
    const auto parent = lists.parent_styles.find(style);
    style = parent == lists.parent_styles.end() ? std::string() : parent->second;
  }
  return {};
}

std::string next_list_label(const std::string& style, int level, const pugi::xml_node& item, ListCounters& lists) {
  const auto found = lists.styles.find(style);
  if (style.empty() || found == lists.styles.end()) {
    return {};
  }
  const std::vector<ListLevel>& levels = found->second;
  std::vector<int>& counts = lists.counts[style];
  counts.resize(k_max_list_levels, 0);
  const auto at = static_cast<std::size_t>(std::clamp(level, 1, k_max_list_levels) - 1);
  const int start_value = integer_attribute(item, "start-value", 0, 0, 1'000'000);
  if (start_value > 0) {
    counts[at] = start_value;
  } else {
    counts[at] = counts[at] == 0 ? levels[at].start : counts[at] + 1;
  }
  for (std::size_t deeper = at + 1; deeper < counts.size(); ++deeper) {
    counts[deeper] = 0;
  }
  if (levels[at].format.empty()) {
    return {};
  }
  std::string number;
  const std::size_t shown = std::min<std::size_t>(static_cast<std::size_t>(levels[at].display_levels), at + 1);
  for (std::size_t k = at + 1 - shown; k <= at; ++k) {
    const int count = counts[k] == 0 ? levels[k].start : counts[k];
    const std::string part = formatted(count, levels[k].format.empty() ? "1" : levels[k].format);
    number += (number.empty() ? "" : ".") + part;
  }
  return levels[at].prefix + number + levels[at].suffix;
}

}  // namespace deadlined::import::opendocument
