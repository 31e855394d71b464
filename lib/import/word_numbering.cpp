#include "import/word_numbering.hpp"

#include <cstdlib>
#include <string>

namespace deadlined::import::ooxml {

std::string list_label(const pugi::xml_node& paragraph, ListNumbering& numbering) {
  pugi::xml_node properties = child(paragraph, "pPr");
  pugi::xml_node style = properties ? child(properties, "pStyle") : pugi::xml_node();
  // The style's list, then the paragraph's own w:numPr over it (numId 0: none).
  auto [id, ilvl] =
      style ? numbering.style_list(std::string(attribute(style, "val"))) : std::pair<std::string, std::optional<int>>();
  pugi::xml_node list = properties ? child(properties, "numPr") : pugi::xml_node();
  if (pugi::xml_node num = list ? child(list, "numId") : pugi::xml_node()) {
    id = std::string(attribute(num, "val"));
  }
  if (pugi::xml_node level = list ? child(list, "ilvl") : pugi::xml_node()) {
    ilvl = atoi(std::string(attribute(level, "val")).c_str());
  }
  if (id.empty() || id == "0") {
    return {};
  }
  return numbering.next(id, ilvl.value_or(0));
}

}  // namespace deadlined::import::ooxml
