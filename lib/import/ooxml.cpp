// The zip container and XML parts the Word and Excel readers share.
#include "import/ooxml.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace deadlined::import::ooxml {

std::string size_in_mebibytes(std::uint64_t bytes) {
  constexpr std::uint64_t k_mebibyte = 1024u * 1024u;
  if (bytes % k_mebibyte == 0) {
    return std::to_string(bytes / k_mebibyte) + " MiB";
  }
  // Tenths rounded up: a part a byte past a limit never reads as the limit.
  const std::uint64_t tenths = bytes / k_mebibyte * 10 + ((bytes % k_mebibyte) * 10 + k_mebibyte - 1) / k_mebibyte;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MiB";
}

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
    return tl::unexpected(name + " is " + size_in_mebibytes(stat.size) + " uncompressed (" + std::to_string(stat.size) +
                          " bytes), more than a plan's table needs (limit " + size_in_mebibytes(k_max_part_size) + ")");
  }
  if ((stat.valid & ZIP_STAT_COMP_SIZE) != 0 && stat.size > k_bomb_min_size &&
      stat.size / std::max<std::uint64_t>(stat.comp_size, 1) > k_bomb_ratio) {
    return tl::unexpected(name + " is compressed " +
                          std::to_string(stat.size / std::max<std::uint64_t>(stat.comp_size, 1)) + " times (" +
                          std::to_string(stat.comp_size) + " bytes to " + std::to_string(stat.size) +
                          "), far more than an Office file's text is: refused");
  }
  // A part the file holds but that cannot be unpacked (a compression method
  // Office does not use, damaged data) is no missing part: said as it is.
  zip_file_t* file = zip_fopen(m_archive.get(), name.c_str(), 0);
  if (file == nullptr) {
    return tl::unexpected(name + " cannot be unpacked: " + zip_strerror(m_archive.get()));
  }
  std::string content(static_cast<std::size_t>(stat.size), '\0');
  zip_int64_t got = content.empty() ? 0 : zip_fread(file, content.data(), content.size());
  const std::string why = got < 0 ? zip_file_strerror(file) : "it is shorter than the archive says";
  zip_fclose(file);
  if (got < 0 || static_cast<std::size_t>(got) != content.size()) {
    return tl::unexpected(name + " is damaged: " + why);
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

namespace {

// "xl/worksheets/../sharedStrings.xml" -> "xl/sharedStrings.xml"; nullopt
// when ".." climbs above the package's root.
std::optional<std::string> normalised(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (segment.empty() || segment == ".") {
      continue;
    }
    if (segment == "..") {
      if (segments.empty()) {
        return std::nullopt;
      }
      segments.pop_back();
    } else {
      segments.push_back(segment);
    }
  }
  std::string joined;
  for (const std::string_view segment : segments) {
    joined += (joined.empty() ? "" : "/") + std::string(segment);
  }
  return joined;
}

}  // namespace

bool ZipArchive::has(const std::string& name) const {
  return zip_name_locate(m_archive.get(), name.c_str(), 0) >= 0;
}

tl::expected<std::vector<Relationship>, std::string> relationships(const ZipArchive& archive,
                                                                   const std::string& source) {
  // "xl/workbook.xml" keeps its relationships in "xl/_rels/workbook.xml.rels".
  const std::size_t slash = source.rfind('/');
  const std::string folder = slash == std::string::npos ? std::string() : source.substr(0, slash + 1);
  const std::string rels_part = folder + "_rels/" + source.substr(folder.size()) + ".rels";
  auto content = archive.read(rels_part);
  if (!content) {
    return tl::unexpected(content.error());
  }
  std::vector<Relationship> found;
  if (!*content) {
    return found;
  }
  auto xml = parse_xml(**content, rels_part);
  if (!xml) {
    return found;  // unreadable relationships: the parts' usual names are tried
  }
  for (pugi::xml_node node : xml->document_element().children()) {
    if (local(node) != "Relationship") {
      continue;
    }
    Relationship relationship;
    relationship.id = std::string(attribute(node, "Id"));
    const std::string_view type = attribute(node, "Type");
    relationship.type = std::string(type.substr(type.rfind('/') + 1));
    const std::string target(attribute(node, "Target"));
    if (attribute(node, "TargetMode") == "External") {
      relationship.problem = rels_part + " names \"" + target + "\" outside the file";
    } else if (auto path = normalised(target.starts_with('/') ? target : folder + target); !path || path->empty()) {
      relationship.problem = rels_part + " names \"" + target + "\", outside the file: refused";
    } else {
      relationship.present = archive.has(*path);
      relationship.target = std::move(*path);
    }
    found.push_back(std::move(relationship));
  }
  return found;
}

std::string missing_part_message(const Relationship& relationship) {
  return "the file's relationships name the part " + relationship.target +
         ", which the file does not hold: it is damaged; save it again from Word or Excel";
}

tl::expected<std::string, std::string> main_part(const ZipArchive& archive, const std::string& fallback) {
  auto package = relationships(archive, "");
  if (!package) {
    return tl::unexpected(package.error());
  }
  for (const Relationship& relationship : *package) {
    if (relationship.type == "officeDocument") {
      if (!relationship.problem.empty()) {
        return tl::unexpected("the file's main part: " + relationship.problem);
      }
      if (!relationship.present) {
        return tl::unexpected(missing_part_message(relationship));
      }
      return relationship.target;
    }
  }
  return fallback;  // no relationship names it: where Office writes it
}

}  // namespace deadlined::import::ooxml
