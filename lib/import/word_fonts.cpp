#include "import/word_fonts.hpp"

#include <utility>
#include <vector>

namespace deadlined::import::ooxml {

namespace {

constexpr int k_max_style_depth = 32;  // w:basedOn chains; a cycle ends the walk

std::string style_of(const pugi::xml_node& properties, std::string_view name) {
  const pugi::xml_node style = properties ? child(properties, name) : pugi::xml_node();
  return style ? std::string(attribute(style, "val")) : std::string();
}

}  // namespace

void WordFonts::read_theme(const pugi::xml_document& theme, std::string_view language) {
  const pugi::xml_node scheme = theme.find_node([](const pugi::xml_node& n) { return local(n) == "fontScheme"; });
  for (const auto& [element, prefix] : {std::pair{"majorFont", "major"}, std::pair{"minorFont", "minor"}}) {
    const pugi::xml_node fonts = scheme ? child(scheme, element) : pugi::xml_node();
    if (!fonts) {
      continue;
    }
    const std::string at(prefix);
    for (pugi::xml_node font : fonts.children()) {
      const std::string typeface(attribute(font, "typeface"));
      const std::string_view name = local(font);
      if (name == "latin" && m_theme_fonts.count(at + "Latin") == 0) {
        m_theme_fonts[at + "Latin"] = typeface;
      } else if (name == "ea") {
        m_theme_fonts[at + "EastAsia"] = typeface;
      } else if (name == "cs") {
        m_theme_fonts[at + "Bidi"] = typeface;
      } else if (name == "font" && attribute(font, "script") == "Viet" && language.starts_with("vi") &&
                 !typeface.empty()) {
        // The theme's face for Vietnamese, when the document's language is.
        m_theme_fonts[at + "Latin"] = typeface;
      }
    }
  }
}

std::string WordFonts::theme_font(std::string_view name) const {
  // "minorHAnsi", "majorAscii": the scheme's Latin face; "minorEastAsia",
  // "majorBidi" its East Asian and complex-script faces.
  std::string key(name.substr(0, 5));
  const std::string_view which = name.size() > 5 ? name.substr(5) : std::string_view();
  key += which == "HAnsi" || which == "Ascii" ? std::string_view("Latin") : which;
  const auto found = m_theme_fonts.find(key);
  return found == m_theme_fonts.end() ? std::string() : found->second;
}

std::optional<std::string> WordFonts::font_set(const pugi::xml_node& properties) const {
  const pugi::xml_node fonts = properties ? child(properties, "rFonts") : pugi::xml_node();
  if (!fonts) {
    return std::nullopt;
  }
  // A theme's font (w:asciiTheme) stands over the font named beside it (w:ascii).
  bool latin_given = false;
  const auto slot = [this, &fonts, &latin_given](std::string_view named, std::string_view themed, bool latin) {
    const std::string_view theme = attribute(fonts, themed);
    const std::string_view font = attribute(fonts, named);
    latin_given = latin_given || (latin && (!theme.empty() || !font.empty()));
    return theme.empty() ? std::string(font) : theme_font(theme);
  };
  const std::string high = slot("hAnsi", "hAnsiTheme", true);
  const std::string ascii = slot("ascii", "asciiTheme", true);
  const std::string east_asian = slot("eastAsia", "eastAsiaTheme", false);
  const std::string complex = slot("cs", "cstheme", false);
  // The Latin fonts show a run's letters, an East Asian or complex-script
  // font those the run's hint gives it (w:hint="eastAsia", as WPS and
  // Word in an Asian locale write); where no Latin font is named, an old
  // font named for the other scripts is the one the text was typed for.
  const std::string_view hint = attribute(fonts, "hint");
  std::vector<const std::string*> order = {&high, &ascii};
  if (hint == "eastAsia") {
    order.insert(order.begin(), &east_asian);
  } else if (hint == "cs") {
    order.insert(order.begin(), &complex);
  } else if (!latin_given) {
    order.insert(order.end(), {&east_asian, &complex});
  }
  for (const std::string* font : order) {
    if (encoding_of_font(*font) != LegacyEncoding::none) {
      return *font;
    }
  }
  if (latin_given) {
    return high.empty() ? ascii : high;
  }
  return std::nullopt;
}

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
