// The zip container and XML parts the Word and Excel readers share.
#include "import/ooxml.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace deadlined::import::ooxml {

tl::expected<ZipArchive, std::string> ZipArchive::open(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return tl::unexpected(std::string("cannot read the file as a zip archive"));
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    std::string message = zip_error_strerror(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    return tl::unexpected("not a valid Office file (zip: " + message + ")");
  }
  zip_error_fini(&error);
  // A part named twice: readers disagree on which one counts (Word shows the
  // last, libzip finds the first), so such a file is refused, not half read.
  std::set<std::string_view> names;
  const zip_int64_t entries = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (name != nullptr && !names.insert(name).second) {
      const std::string twice = name;
      zip_discard(archive);
      return tl::unexpected("the file holds the part " + twice +
                            " twice: it is damaged or was made by hand; save it "
                            "again from Word or Excel");
    }
  }
  return ZipArchive(archive);
}

tl::expected<std::optional<std::string>, std::string> ZipArchive::read(const std::string& name) const {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(m_archive.get(), name.c_str(), 0, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0) {
    return std::nullopt;
  }
  if (stat.size > k_max_part_size) {
    return tl::unexpected(name + " is " + std::to_string(stat.size / (1024u * 1024u)) +
                          " MiB uncompressed, more than a plan's table needs (limit " +
                          std::to_string(k_max_part_size / (1024u * 1024u)) + " MiB)");
  }
  if ((stat.valid & ZIP_STAT_COMP_SIZE) != 0 && stat.size > k_bomb_min_size &&
      stat.size / std::max<std::uint64_t>(stat.comp_size, 1) > k_bomb_ratio) {
    return tl::unexpected(name + " is compressed " +
                          std::to_string(stat.size / std::max<std::uint64_t>(stat.comp_size, 1)) + " times (" +
                          std::to_string(stat.comp_size) + " bytes to " + std::to_string(stat.size) +
                          "), far more than an Office file's text is: refused");
  }
  zip_file_t* file = zip_fopen(m_archive.get(), name.c_str(), 0);
  if (file == nullptr) {
    return std::nullopt;
  }
  std::string content(static_cast<std::size_t>(stat.size), '\0');
  zip_int64_t got = content.empty() ? 0 : zip_fread(file, content.data(), content.size());
  zip_fclose(file);
  if (got < 0 || static_cast<std::size_t>(got) != content.size()) {
    return std::nullopt;
  }
  return content;
}

tl::expected<pugi::xml_document, std::string> parse_xml(const std::string& content, const std::string& part) {
  pugi::xml_document xml;
  pugi::xml_parse_result result =
      xml.load_buffer(content.data(), content.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!result) {
    return tl::unexpected(part + ": " + result.description());
  }
  return xml;
}

std::string_view local(const pugi::xml_node& node) {
  std::string_view name = node.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c : node.children()) {
    if (local(c) == name) {
      return c;
    }
  }
  return {};
}

std::string_view attribute(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view full = a.name();
    auto colon = full.find(':');
    std::string_view bare = colon == std::string_view::npos ? full : full.substr(colon + 1);
    if (bare == name) {
      return a.value();
    }
  }
  return {};
}

// "xl/worksheets/sheet1.xml" from a relationship target relative to xl/.
std::string part_path(std::string_view target) {
  if (target.starts_with("/")) {
    return std::string(target.substr(1));
  }
  return "xl/" + std::string(target);
}

}  // namespace deadlined::import::ooxml
