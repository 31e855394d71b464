#pragma once
// What the Word and Excel readers share (ooxml_word.cpp, ooxml_excel.cpp):
// the zip container through libzip, whose parts are refused past the sizes
// a plan's file needs, and the XML parts through pugixml, read by local names
// so that any namespace prefix ("w:", "x:", none) reads the same.
#include "import/table.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <zip.h>

namespace deadlined::import::ooxml {

inline constexpr std::size_t k_max_part_size = 64u * 1024u * 1024u;  // a bigger XML part is refused
// Office's XML compresses about 5 to 30 times; a part of some size that
// compresses far more is built to blow up in memory once parsed.
inline constexpr std::size_t k_bomb_min_size = 4u * 1024u * 1024u;
inline constexpr std::uint64_t k_bomb_ratio = 200;
inline constexpr int k_max_columns = k_max_table_columns;
inline constexpr int k_max_rows = k_max_table_rows;
inline constexpr std::size_t k_max_cells = k_max_table_cells;

class ZipArchive {
 public:
  static tl::expected<ZipArchive, std::string> open(std::string_view bytes);

  // The part's bytes; nullopt when the archive has no such part or it cannot
  // be read; an error when it is refused for its size.
  tl::expected<std::optional<std::string>, std::string> read(const std::string& name) const;

 private:
  struct Closer {
    void operator()(zip_t* archive) const { zip_discard(archive); }
  };
  explicit ZipArchive(zip_t* archive) : m_archive(archive) {}
  std::unique_ptr<zip_t, Closer> m_archive;
};

tl::expected<pugi::xml_document, std::string> parse_xml(const std::string& content, const std::string& part);

// The local name of a qualified XML name ("w:tc" -> "tc").
std::string_view local(const pugi::xml_node& node);

// The first child with that local name, or an empty node.
pugi::xml_node child(const pugi::xml_node& node, std::string_view name);

// The value of the attribute with that local name, or empty.
std::string_view attribute(const pugi::xml_node& node, std::string_view name);

// "xl/worksheets/sheet1.xml" from a relationship target relative to xl/.
std::string part_path(std::string_view target);

}  // namespace deadlined::import::ooxml
