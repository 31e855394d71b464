#pragma once
// The strings of a workbook as the Excel reader (ooxml_excel.cpp) reads them:
// shared and inline strings run by run, each run's text in its font, a font
// of an old Vietnamese encoding (.VnTime, VNI-Times) converted to Unicode.
#include "import/ooxml.hpp"

#include <pugixml.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined::import::ooxml {

// Excel's "_xHHHH_" escapes decoded; control characters but tab and line feed dropped.
std::string decode_excel_escapes(std::string_view text);

// A string's runs: rich text gives each run its font (r/rPr/rFont), which
// may be an old Vietnamese one (.VnTime, VNI-Times); plain text has one run.
struct StringRun {
  std::string text;
  std::string font;  // the run's own; empty: the cell's
};
using RichString = std::vector<StringRun>;

// The runs of a shared string (si) or an inline string (is).
RichString string_item_runs(const pugi::xml_node& si);

// A string's text, each run in an old font converted to Unicode; the fonts
// converted are added to `converted`. Fonts in `leftover` are no encoding of
// their text (leftover_fonts).
std::string string_text(const RichString& runs, const std::string& cell_font, std::set<std::string>& converted,
                        const std::set<std::string>& leftover);

// Fonts of an old encoding left on text typed in Unicode (a workbook whose
// default font is still .VnTime): a font whose strings hold Unicode past
// Latin-1 more often than text its encoding changes is none of their
// encoding. A notice for each is added to `notices`. `format_fonts`: each
// cell format's font, by index.
std::set<std::string> leftover_fonts(const pugi::xml_node& sheet_data, const std::vector<RichString>& shared,
                                     const std::vector<std::string>& format_fonts, std::vector<std::string>& notices);

// The name of each font of styles.xml (fonts/font/name), by index.
std::vector<std::string> read_fonts(const pugi::xml_node& styles_root);

}  // namespace deadlined::import::ooxml
