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
#include <vector>
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

// A size as "64 MiB", or with tenths rounded up ("64.1 MiB" for a byte more):
// never less than it is.
std::string size_in_mebibytes(std::uint64_t bytes);

class ZipArchive {
 public:
  static tl::expected<ZipArchive, std::string> open(std::string_view bytes);

  // The part's bytes; nullopt when the archive has no such part; an error
  // when it is refused for its size or cannot be unpacked.
  tl::expected<std::optional<std::string>, std::string> read(const std::string& name) const;

  bool has(const std::string& name) const;

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

// A part's relationships (the package's own for source ""), as Office finds
// parts: by the relationships, not by fixed names.
struct Relationship {
  std::string id;
  std::string type;    // the last segment of its type URI: "officeDocument", "worksheet", "sharedStrings"
  std::string target;  // the part's name in the zip, resolved; empty when `problem` says why
  std::string problem;
  bool present = false;  // the file holds the target part
};

// The relationships `source`'s part ("xl/workbook.xml"; "" for the package)
// holds in its .rels part; empty when it has none. Targets are resolved
// against the source's folder ("worksheets/sheet1.xml" -> "xl/worksheets/
// sheet1.xml") or the package's root ("/xl/..."); a target outside the
// package or external gets a problem.
tl::expected<std::vector<Relationship>, std::string> relationships(const ZipArchive& archive,
                                                                   const std::string& source);

// "the file's relationships name the part ..., which the file does not hold ...".
std::string missing_part_message(const Relationship& relationship);

// The package's main part (its "officeDocument" relationship), or `fallback`
// when the package names none; an error when it names one outside the file
// or one the file does not hold.
tl::expected<std::string, std::string> main_part(const ZipArchive& archive, const std::string& fallback);

}  // namespace deadlined::import::ooxml
