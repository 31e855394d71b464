#pragma once
// The font a Word run is shown in (its w:rFonts, its character style's, its
// paragraph style's, its table style's, the document defaults'), as the Word reader
// (ooxml_word.cpp) tells text typed in an old Vietnamese font (.VnTime,
// VNI-Times) and converts it; and the text of a paragraph's runs converted so.
#include "import/legacy_text.hpp"
#include "import/ooxml.hpp"

#include <map>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined::import::ooxml {

class WordFonts {
 public:
  // theme1.xml: the major and minor fonts a w:rFonts names by the theme
  // (w:asciiTheme="minorHAnsi"); `language` is the document's
  // (settings.xml w:themeFontLang), "vi-VN" taking the theme's Vietnamese face.
  // Read before the styles.
  void read_theme(const pugi::xml_document& theme, std::string_view language);

  // styles.xml: w:docDefaults and the paragraph, character and table styles.
  void read_styles(const pugi::xml_document& styles);

  // The font of a run's Latin text (w:hAnsi, else w:ascii, or the theme's
  // font they name; one in an old encoding first, as a file converted from
  // .doc names it in both; the East Asian one for a run hinted so); empty
  // for none.
  std::string font_of(const pugi::xml_node& run) const;

  // Fonts of an old encoding left on text typed in Unicode (a template whose
  // styles still say .VnTime): a font whose runs hold Unicode past Latin-1
  // more often than text its encoding changes is no encoding of the text,
  // and its runs are read as they are. Returns a notice for each.
  std::vector<std::string> find_leftover_fonts(const pugi::xml_node& body);
  bool leftover(const std::string& font) const { return m_leftover.count(font) != 0; }

 private:
  struct Style {
    std::string based_on;
    std::optional<std::string> font;  // set at this level ("" for a theme's font)
  };
  std::optional<std::string> style_font(const std::string& id) const;
  // The font a w:rPr sets (nullopt: none).
  std::optional<std::string> font_set(const pugi::xml_node& properties) const;
  std::string theme_font(std::string_view name) const;

  std::map<std::string, std::string> m_theme_fonts;  // "minorLatin", "majorEastAsia", "minorBidi" -> face

  std::map<std::string, Style> m_styles;
  std::optional<std::string> m_default_font;  // w:docDefaults/w:rPrDefault
  std::string m_default_paragraph_style;      // w:default="1"
  std::set<std::string> m_leftover;
};

// The fonts a reading met whose text it converted, and every cell and
// paragraph so converted (for the notices).
struct WordTextContext {
  WordFonts fonts;
  std::set<std::string> converted_fonts;  // of the cell or paragraph being read
  LegacyConversions conversions;
};

// Collects a paragraph's text run by run: a run in an old font goes through
// its encoding (consecutive runs of one font together, so that a VNI letter
// and its marks split between runs still read as one letter).
class RunText {
 public:
  RunText(std::string& out, WordTextContext& context) : m_out(out), m_context(context) {}
  RunText(const RunText&) = delete;
  RunText& operator=(const RunText&) = delete;
  ~RunText() { flush(); }

  void add(std::string_view text, const std::string& font);
  void flush();

 private:
  std::string& m_out;
  WordTextContext& m_context;
  std::string m_pending;
  std::string m_pending_font;
};

}  // namespace deadlined::import::ooxml
