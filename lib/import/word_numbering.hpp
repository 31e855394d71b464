#pragma once
// Word's list numbering (word/numbering.xml, paragraph styles with w:numPr):
// the numbers Word shows before paragraphs, as the Word reader
// (ooxml_word.cpp) reads a TT column numbered by Word.
#include "import/ooxml.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace deadlined::import::ooxml {

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
          if (pugi::xml_node style = child(lvl, "pStyle")) {
            m_style_levels[{std::string(attribute(node, "abstractNumId")), std::string(attribute(style, "val"))}] =
                ilvl;
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

  // Paragraph styles that number their paragraphs (styles.xml: a style's
  // w:numPr, or its w:basedOn style's); lists may tie a level to a style
  // (w:lvl/w:pStyle). Templates number the TT column so.
  void read_styles(const pugi::xml_document& styles) {
    for (pugi::xml_node node : styles.document_element().children()) {
      if (local(node) != "style" || attribute(node, "type") != "paragraph") {
        continue;
      }
      StyleList& style = m_styles[std::string(attribute(node, "styleId"))];
      if (pugi::xml_node based = child(node, "basedOn")) {
        style.based_on = std::string(attribute(based, "val"));
      }
      pugi::xml_node properties = child(node, "pPr");
      if (pugi::xml_node list = properties ? child(properties, "numPr") : pugi::xml_node()) {
        if (pugi::xml_node num = child(list, "numId")) {
          style.num = std::string(attribute(num, "val"));
        }
        if (pugi::xml_node level = child(list, "ilvl")) {
          style.level = std::clamp(atoi(std::string(attribute(level, "val")).c_str()), 0, 8);
        }
      }
    }
  }

  // The list and level a paragraph of style `id` is in by its style: the
  // first numId and ilvl up the w:basedOn chain (a cycle ends the walk).
  std::pair<std::string, std::optional<int>> style_list(const std::string& id) const {
    std::string num;
    std::optional<int> level;
    std::string at = id;
    for (int depth = 0; depth < k_max_style_depth && !at.empty(); ++depth) {
      const auto found = m_styles.find(at);
      if (found == m_styles.end()) {
        break;
      }
      if (num.empty()) {
        num = found->second.num;
      }
      if (!level) {
        level = found->second.level;
      }
      at = found->second.based_on;
    }
    if (!level && !num.empty()) {
      // The level the list ties to the style (w:lvl/w:pStyle).
      const auto list_of = m_list_of.find(num);
      if (list_of != m_list_of.end()) {
        if (const auto tied = m_style_levels.find({list_of->second, id}); tied != m_style_levels.end()) {
          level = tied->second;
        }
      }
    }
    return {num, level};
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
  struct StyleList {
    std::string based_on;
    std::string num;  // empty: the style names no list
    std::optional<int> level;
  };
  static constexpr int k_max_style_depth = 16;  // w:basedOn chains; Word's own are a few deep

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
  std::map<std::string, StyleList> m_styles;                           // paragraph styles by id
  std::map<std::pair<std::string, std::string>, int> m_style_levels;   // (abstract list, style) -> level
};

// The list label a numbered paragraph shows ("1.", "II."), counted; empty
// for a paragraph outside a list or a bullet.
std::string list_label(const pugi::xml_node& paragraph, ListNumbering& numbering);

}  // namespace deadlined::import::ooxml
