#include "import/word_fonts.hpp"

namespace deadlined::import::ooxml {

namespace {

constexpr int k_max_style_depth = 32;  // w:basedOn chains; a cycle ends the walk

// The font a w:rPr sets (nullopt: none; "" a theme's font).
std::optional<std::string> font_set(const pugi::xml_node& properties) {
  const pugi::xml_node fonts = properties ? child(properties, "rFonts") : pugi::xml_node();
  if (!fonts) {
    return std::nullopt;
  }
  const std::string high(attribute(fonts, "hAnsi"));
  const std::string ascii(attribute(fonts, "ascii"));
  for (const std::string& font : {high, ascii}) {
    if (encoding_of_font(font) != LegacyEncoding::none) {
      return font;
    }
  }
  if (!high.empty() || !ascii.empty()) {
    return high.empty() ? ascii : high;
  }
  if (!attribute(fonts, "hAnsiTheme").empty() || !attribute(fonts, "asciiTheme").empty()) {
    return std::string();
  }
  return std::nullopt;
}

std::string style_of(const pugi::xml_node& properties, std::string_view name) {
  const pugi::xml_node style = properties ? child(properties, name) : pugi::xml_node();
  return style ? std::string(attribute(style, "val")) : std::string();
}

}  // namespace

void WordFonts::read_styles(const pugi::xml_document& styles) {
  const pugi::xml_node root = styles.document_element();
  if (pugi::xml_node defaults = child(root, "docDefaults")) {
    if (pugi::xml_node run_default = child(defaults, "rPrDefault")) {
      m_default_font = font_set(child(run_default, "rPr"));
    }
  }
  for (pugi::xml_node node : root.children()) {
    if (local(node) != "style") {
      continue;
    }
    const std::string type(attribute(node, "type"));
    if (type != "paragraph" && type != "character" && type != "table") {
      continue;
    }
    const std::string id(attribute(node, "styleId"));
    Style& style = m_styles[id];
    if (pugi::xml_node based = child(node, "basedOn")) {
      style.based_on = std::string(attribute(based, "val"));
    }
    style.font = font_set(child(node, "rPr"));
    const std::string_view is_default = attribute(node, "default");
    if (type == "paragraph" && (is_default == "1" || is_default == "true" || is_default == "on")) {
      m_default_paragraph_style = id;
    }
  }
}

std::optional<std::string> WordFonts::style_font(const std::string& id) const {
  std::string at = id;
  for (int depth = 0; depth < k_max_style_depth && !at.empty(); ++depth) {
    const auto found = m_styles.find(at);
    if (found == m_styles.end()) {
      break;
    }
    if (found->second.font) {
      return found->second.font;
    }
    at = found->second.based_on;
  }
  return std::nullopt;
}

std::string WordFonts::font_of(const pugi::xml_node& run) const {
  const pugi::xml_node properties = child(run, "rPr");
  if (auto own = font_set(properties)) {
    return *own;
  }
  if (auto character = style_font(style_of(properties, "rStyle"))) {
    return *character;
  }
  pugi::xml_node paragraph = run.parent();
  for (int depth = 0; paragraph && local(paragraph) != "p" && depth < 64; ++depth) {
    paragraph = paragraph.parent();
  }
  std::string paragraph_style =
      paragraph && local(paragraph) == "p" ? style_of(child(paragraph, "pPr"), "pStyle") : std::string();
  if (paragraph_style.empty()) {
    paragraph_style = m_default_paragraph_style;
  }
  if (auto of_paragraph = style_font(paragraph_style)) {
    return *of_paragraph;
  }
  // A table style's font (w:tblStyle) comes under the paragraph's, over the defaults.
  pugi::xml_node table = paragraph;
  for (int depth = 0; table && local(table) != "tbl" && depth < 64; ++depth) {
    table = table.parent();
  }
  if (table && local(table) == "tbl") {
    if (auto of_table = style_font(style_of(child(table, "tblPr"), "tblStyle"))) {
      return *of_table;
    }
  }
  return m_default_font.value_or(std::string());
}

std::vector<std::string> WordFonts::find_leftover_fonts(const pugi::xml_node& body) {
  struct Tally {
    std::size_t unicode = 0;  // runs past Latin-1
    std::size_t legacy = 0;   // runs its encoding changes
  };
  std::map<std::string, Tally> tallies;
  std::vector<pugi::xml_node> to_visit{body};  // depth first, without recursion: any depth is safe
  while (!to_visit.empty()) {
    const pugi::xml_node run = to_visit.back();
    to_visit.pop_back();
    for (pugi::xml_node c : run.children()) {
      if (c.type() == pugi::node_element) {
        to_visit.push_back(c);
      }
    }
    if (local(run) != "r") {
      continue;
    }
    const std::string font = font_of(run);
    const LegacyEncoding encoding = encoding_of_font(font);
    if (encoding == LegacyEncoding::none) {
      continue;
    }
    std::string text;
    for (pugi::xml_node t : run.children()) {
      if (local(t) == "t") {
        text += t.text().get();
      }
    }
    const std::optional<std::string> converted = legacy_to_unicode(text, encoding, capitals_font(font));
    if (!converted) {
      ++tallies[font].unicode;
    } else if (*converted != text) {
      ++tallies[font].legacy;
    }
  }
  std::vector<std::string> notices;
  for (const auto& [font, tally] : tallies) {
    if (tally.unicode > tally.legacy) {
      m_leftover.insert(font);
      notices.push_back("the font " + font + " holds text typed in Unicode (" + std::to_string(tally.unicode) +
                        " runs) more than in " + std::string(to_string(encoding_of_font(font))) + " (" +
                        std::to_string(tally.legacy) + "): its text is read as it is, not converted");
    }
  }
  return notices;
}

void RunText::add(std::string_view text, const std::string& font) {
  if (text.empty()) {
    return;
  }
  const bool legacy = encoding_of_font(font) != LegacyEncoding::none && !m_context.fonts.leftover(font);
  if (!legacy || font != m_pending_font) {
    flush();
  }
  if (!legacy) {
    m_out += text;
    return;
  }
  m_pending_font = font;
  m_pending += text;
}

void RunText::flush() {
  if (m_pending.empty()) {
    return;
  }
  const LegacyEncoding encoding = encoding_of_font(m_pending_font);
  const bool capitals = capitals_font(m_pending_font);
  // Text a font cannot hold (Unicode typed later in a run left in .VnTime)
  // is Unicode already: kept as it is.
  if (std::optional<std::string> converted = legacy_to_unicode(m_pending, encoding, capitals)) {
    if (*converted != m_pending) {
      m_context.converted_fonts.insert(m_pending_font);
    }
    m_out += *converted;
  } else {
    m_out += m_pending;
  }
  m_pending.clear();
  m_pending_font.clear();
}

}  // namespace deadlined::import::ooxml
