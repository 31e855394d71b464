#pragma once
// What the OpenDocument readers share (opendocument.cpp reads the tables of
// a text document and the sheets of a spreadsheet; opendocument_text.cpp the
// text of paragraphs and cells): LibreOffice's files, a zip whose content.xml
// holds the body, or the same XML saved flat (.fodt, .fods).
#include "import/table.hpp"

#include <map>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined::import::opendocument {

// A list style's numbers (text:list-style), by level from 1.
struct ListLevel {
  std::string format;  // style:num-format: "1", "I", "i", "A", "a"; empty: a bullet or none
  std::string prefix;
  std::string suffix;
  int start = 1;
  int display_levels = 1;  // text:display-levels: "1.2" shows two
};

// The counters of the lists read so far, as LibreOffice numbers them: a list
// continues the previous one of its style when it says so
// (text:continue-numbering, text:continue-list), else starts again.
struct ListCounters {
  std::map<std::string, std::vector<ListLevel>> styles;  // list style name -> levels
  std::map<std::string, std::vector<int>> counts;        // list style name -> count per level
  // Paragraph styles that number their paragraphs (style:list-style-name),
  // and each paragraph style's parent: a list that names no style of its
  // own takes its first paragraph's.
  std::map<std::string, std::string> paragraph_lists;
  std::map<std::string, std::string> parent_styles;
};

// Reading limits the text readers share: the depth of nested elements.
inline constexpr int k_max_depth = 64;

// The text of a paragraph (text:p, text:h) as shown: spans, links and fields
// by their text, text:s as spaces, text:tab as a tab, text:line-break as a
// line break; notes, comments and deleted text left out. Text boxes
// (draw:frame's draw:text-box) are added to `boxes` instead, a line each.
// False when the paragraph nests deeper than k_max_depth.
bool paragraph_text(const pugi::xml_node& paragraph, std::string& out, std::string& boxes, int depth = 0);

// The lines of block content (a cell's, a list item's, the body's list):
// paragraphs, list items with their numbers, a table's rows; the text of
// text boxes goes to `boxes`.
bool block_lines(const pugi::xml_node& node, ListCounters& lists, std::vector<std::string>& lines, std::string& boxes,
                 int depth = 0);

// The lines of a text:list of the body, a line per item with its number.
bool list_text_lines(const pugi::xml_node& list, ListCounters& lists, std::vector<std::string>& lines,
                     std::string& boxes);

// The text of a table cell: its paragraphs and list items a line each (a
// list item with the number LibreOffice shows), a table inside it a line per
// row; a text box only where the cell has no text of its own. False when it
// nests deeper than k_max_depth.
bool cell_text(const pugi::xml_node& cell, ListCounters& lists, std::string& out, int depth = 0);

// The rows of a table:table in order, inside table:table-header-rows,
// table:table-rows and table:table-row-group too (the rows repeated as a
// header on each page are rows of the table).
void table_rows(const pugi::xml_node& table, std::vector<pugi::xml_node>& rows, int depth = 0);

// The list styles of an automatic-styles or styles element, added to `lists`.
void read_list_styles(const pugi::xml_node& styles, ListCounters& lists);

// The label of a list item of list style `style` at `level` (1-based),
// counting it: "1.", "II.", "a)"; empty for a bullet or an unknown style.
std::string next_list_label(const std::string& style, int level, const pugi::xml_node& item, ListCounters& lists);

// The list style a text:list gives its items: its own, else its outer
// list's, else the one its first paragraph's style numbers with.
std::string list_style_of(const pugi::xml_node& list, const ListCounters& lists);

}  // namespace deadlined::import::opendocument
