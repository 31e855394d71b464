#include "import/excel_strings.hpp"

#include "import/legacy_text.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <utility>

namespace deadlined::import::ooxml {

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

RichString string_item_runs(const pugi::xml_node& si) {
  RichString runs;
  for (pugi::xml_node c : si.children()) {
    if (local(c) == "t") {
      runs.push_back(StringRun{decode_excel_escapes(c.text().get()), {}});
    } else if (local(c) == "r") {
      if (pugi::xml_node t = child(c, "t")) {
        StringRun run{decode_excel_escapes(t.text().get()), {}};
        if (pugi::xml_node properties = child(c, "rPr")) {
          if (pugi::xml_node font = child(properties, "rFont")) {
            run.font = std::string(attribute(font, "val"));
          }
        }
        runs.push_back(std::move(run));
      }
    }
  }
  return runs;
}

// A string's text, each run in an old font converted to Unicode; the fonts
// converted are added to `converted`.
// Fonts in `leftover` are no encoding of their text (leftover_fonts).
std::string string_text(const RichString& runs, const std::string& cell_font, std::set<std::string>& converted,
                        const std::set<std::string>& leftover) {
  std::string text;
  for (const StringRun& run : runs) {
    const std::string& font = run.font.empty() ? cell_font : run.font;
    const LegacyEncoding encoding = leftover.count(font) != 0 ? LegacyEncoding::none : encoding_of_font(font);
    std::optional<std::string> unicode;
    if (encoding != LegacyEncoding::none) {
      unicode = legacy_to_unicode(run.text, encoding, capitals_font(font));
    }
    if (unicode && *unicode != run.text) {
      converted.insert(font);
      text += *unicode;
    } else {
      text += run.text;
    }
  }
  return text;
}

// Fonts of an old encoding left on text typed in Unicode (a workbook whose
// default font is still .VnTime): a font whose strings hold Unicode past
// Latin-1 more often than text its encoding changes is none of their
// encoding. A notice for each is added to `notices`.
std::set<std::string> leftover_fonts(const pugi::xml_node& sheet_data, const std::vector<RichString>& shared,
                                     const std::vector<std::string>& format_fonts, std::vector<std::string>& notices) {
  std::map<std::string, std::pair<std::size_t, std::size_t>> tallies;  // font -> (Unicode, changed) strings
  for (pugi::xml_node r : sheet_data.children()) {
    for (pugi::xml_node c : r.children()) {
      const std::string_view type = c.attribute("t").value();
      RichString inline_runs;
      const RichString* runs = nullptr;
      if (type == "s") {
        const auto item = static_cast<std::size_t>(std::max(0, child(c, "v").text().as_int(-1)));
        runs = item < shared.size() ? &shared[item] : nullptr;
      } else if (type == "inlineStr") {
        inline_runs = string_item_runs(child(c, "is"));
        runs = &inline_runs;
      }
      const auto format = static_cast<std::size_t>(std::max(c.attribute("s").as_int(0), 0));
      for (std::size_t k = 0; runs != nullptr && k < runs->size(); ++k) {
        const StringRun& run = (*runs)[k];
        const std::string& font =
            !run.font.empty() ? run.font : (format < format_fonts.size() ? format_fonts[format] : run.font);
        const LegacyEncoding encoding = encoding_of_font(font);
        if (encoding == LegacyEncoding::none) {
          continue;
        }
        const std::optional<std::string> unicode = legacy_to_unicode(run.text, encoding, capitals_font(font));
        if (!unicode) {
          ++tallies[font].first;
        } else if (*unicode != run.text) {
          ++tallies[font].second;
        }
      }
    }
  }
  std::set<std::string> leftover;
  for (const auto& [font, tally] : tallies) {
    if (tally.first > tally.second) {
      leftover.insert(font);
      notices.push_back("the font " + font + " holds text typed in Unicode (" + std::to_string(tally.first) +
                        " strings) more than in " + std::string(to_string(encoding_of_font(font))) + " (" +
                        std::to_string(tally.second) + "): its text is read as it is, not converted");
    }
  }
  return leftover;
}

// The name of each font of styles.xml (fonts/font/name), by index.
std::vector<std::string> read_fonts(const pugi::xml_node& styles_root) {
  std::vector<std::string> names;
  if (pugi::xml_node fonts = child(styles_root, "fonts")) {
    for (pugi::xml_node font : fonts.children()) {
      if (local(font) != "font") {
        continue;
      }
      const pugi::xml_node name = child(font, "name");
      names.emplace_back(name ? attribute(name, "val") : std::string_view());
      if (names.size() > 65536) {
        break;
      }
    }
  }
  return names;
}

}  // namespace deadlined::import::ooxml
