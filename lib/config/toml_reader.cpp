#include "config/toml_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

#include "util/text.hpp"

namespace deadlined {

namespace {

constexpr char32_t k_buggy_first = 0xA1;
constexpr char32_t k_buggy_last = 0x499;
constexpr char32_t k_private_offset = 0xF000;

// Rewrites the code points in [from_first, from_first + count) to the same
// offset from to_first; invalid UTF-8 is copied byte by byte (toml++ reports
// it). `found` is set when a code point of the range was met.
std::string move_code_points(std::string_view text, char32_t from_first, char32_t to_first, char32_t count,
                             bool& found) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80             ? 1
                         : (lead & 0xE0) == 0xC0 ? 2
                         : (lead & 0xF0) == 0xE0 ? 3
                         : (lead & 0xF8) == 0xF0 ? 4
                                                 : 0;
    bool valid = length != 0 && i + length <= text.size();
    char32_t code = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xC0) == 0x80;
      code = (code << 6) | (next & 0x3F);
    }
    if (!valid) {
      out += text[i];
      ++i;
      continue;
    }
    if (code >= from_first && code < from_first + count) {
      found = true;
      append_utf8(out, code - from_first + to_first);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string restore(std::string_view text) {
  bool found = false;
  return move_code_points(text, k_private_offset + k_buggy_first, k_buggy_first, k_buggy_last - k_buggy_first + 1,
                          found);
}

void restore_tree(toml::node& node) {
  if (auto* text = node.as_string()) {
    text->get() = restore(text->get());
  } else if (auto* array = node.as_array()) {
    for (toml::node& item : *array) {
      restore_tree(item);
    }
  } else if (auto* table = node.as_table()) {
    std::vector<toml::key> renamed;
    for (auto&& [key, value] : *table) {
      restore_tree(value);
      if (restore(key.str()) != key.str()) {
        renamed.push_back(key);
      }
    }
    for (const toml::key& key : renamed) {
      auto found = table->find(key.str());
      table->insert(toml::key{restore(key.str()), key.source()}, std::move(found->second));
      table->erase(key.str());
    }
  }
}

}  // namespace

tl::expected<toml::table, TomlParseFailure> parse_toml_text(std::string_view text, std::string_view source_path) {
  bool private_use = false;
  (void)move_code_points(text, k_private_offset + k_buggy_first, 0, k_buggy_last - k_buggy_first + 1, private_use);
  if (private_use) {
    toml::source_region start;
    start.begin = {1, 1};
    start.end = {1, 1};
    return tl::unexpected(
        TomlParseFailure{"a private-use character (U+F0A1-U+F499) is not accepted in a configuration file", start});
  }
  bool moved = false;
  const std::string safe =
      move_code_points(text, k_buggy_first, k_private_offset + k_buggy_first, k_buggy_last - k_buggy_first + 1, moved);
  try {
    toml::table table = toml::parse(safe, source_path);
    if (moved) {
      restore_tree(table);
    }
    return table;
  } catch (const toml::parse_error& error) {
    return tl::unexpected(TomlParseFailure{restore(error.description()), error.source()});
  }
}

Location location_of(const std::string& file, const toml::source_region& region) {
  return Location{file, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

Date to_date(const toml::date& date) {
  return make_date(static_cast<int>(date.year), date.month, date.day);
}

TableReader::TableReader(const toml::table& table, std::string context, const std::string& file,
                         Diagnostics& diagnostics)
    : m_table(table), m_context(std::move(context)), m_file(file), m_diagnostics(diagnostics) {}

const toml::node* TableReader::take(std::string_view key) {
  m_taken.emplace_back(key);
  return m_table.get(key);
}

bool TableReader::has(std::string_view key) const {
  return m_table.contains(key);
}

Location TableReader::where() const {
  return location_of(m_file, m_table.source());
}

Location TableReader::where(std::string_view key) const {
  for (auto&& [k, node] : m_table) {
    if (k.str() == key) {
      return location_of(m_file, k.source());
    }
  }
  return where();
}

Location TableReader::secret_where(std::string_view prefix) const {
  for (std::string_view suffix : {"_file", "_credential", "_env"}) {
    std::string key = std::string(prefix) + std::string(suffix);
    if (has(key)) {
      return where(key);
    }
  }
  return where();
}

void TableReader::error(const toml::node& node, std::string message) {
  Location at = location_of(m_file, node.source());
  m_diagnostics.push_back(Diagnostic{at.file, at.line, at.column, std::move(message)});
}

void TableReader::error_at_key(std::string_view key, std::string message) {
  Location at = where(key);
  m_diagnostics.push_back(Diagnostic{at.file, at.line, at.column, std::move(message)});
}

void TableReader::error_here(std::string message) {
  Location at = where();
  m_diagnostics.push_back(Diagnostic{at.file, at.line, at.column, std::move(message)});
}

std::optional<std::string> TableReader::string(std::string_view key, bool required) {
  const toml::node* node = take(key);
  if (node == nullptr) {
    if (required) {
      error_here(m_context + ": missing required key \"" + std::string(key) + "\"");
    }
    return std::nullopt;
  }
  if (const auto* value = node->as_string()) {
    return value->get();
  }
  std::string message = std::string(key) + ": expected a string, got " + std::string(type_name(*node));
  // TOML reads an unquoted 08:00:00 as a time, 2026-03-31 as a date: the fix is quotes.
  if (const auto* time = node->as_time()) {
    char text[8];
    std::snprintf(text, sizeof text, "%02u:%02u", static_cast<unsigned>(time->get().hour) % 100,
                  static_cast<unsigned>(time->get().minute) % 100);
    message += std::string("; write it in quotes: \"") + text + "\"";
  } else if (const auto* date = node->as_date()) {
    char text[16];
    std::snprintf(text, sizeof text, "%04u-%02u-%02u", static_cast<unsigned>(date->get().year) % 10000,
                  static_cast<unsigned>(date->get().month) % 100, static_cast<unsigned>(date->get().day) % 100);
    message += std::string("; write it in quotes: \"") + text + "\"";
  }
  error(*node, std::move(message));
  return std::nullopt;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t min, std::int64_t max) {
  const toml::node* node = take(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  const auto* value = node->as_integer();
  if (value == nullptr) {
    error(*node, std::string(key) + ": expected an integer, got " + std::string(type_name(*node)));
    return std::nullopt;
  }
  if (value->get() < min || value->get() > max) {
    error(*node, std::string(key) + ": " + std::to_string(value->get()) + " is out of range " + std::to_string(min) +
                     ".." + std::to_string(max));
    return std::nullopt;
  }
  return value->get();
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* node = take(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  if (const auto* value = node->as_boolean()) {
    return value->get();
  }
  error(*node, std::string(key) + ": expected true or false, got " + std::string(type_name(*node)));
  return std::nullopt;
}

std::optional<Date> TableReader::date(std::string_view key) {
  const toml::node* node = take(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  if (const auto* value = node->as_date()) {
    const toml::date& d = value->get();
    if (!is_valid_date(static_cast<int>(d.year), d.month, d.day)) {
      error(*node, std::string(key) + ": impossible date");
      return std::nullopt;
    }
    return to_date(d);
  }
  error(*node, std::string(key) + ": expected a date like 2022-01-20, got " + std::string(type_name(*node)));
  return std::nullopt;
}

std::optional<std::vector<std::string>> TableReader::strings(std::string_view key, bool required) {
  const toml::node* node = take(key);
  if (node == nullptr) {
    if (required) {
      error_here(m_context + ": missing required key \"" + std::string(key) + "\"");
    }
    return std::nullopt;
  }
  const auto* items = node->as_array();
  if (items == nullptr) {
    error(*node, std::string(key) + ": expected an array of strings, got " + std::string(type_name(*node)));
    return std::nullopt;
  }
  std::vector<std::string> result;
  bool ok = true;
  for (const auto& item : *items) {
    if (const auto* value = item.as_string()) {
      result.push_back(value->get());
    } else {
      error(item, std::string(key) + ": expected a string, got " + std::string(type_name(item)));
      ok = false;
    }
  }
  if (!ok) {
    return std::nullopt;
  }
  return result;
}

std::vector<std::pair<std::string, Location>> TableReader::located_strings(std::string_view key) {
  std::vector<std::pair<std::string, Location>> result;
  const toml::node* node = take(key);
  if (node == nullptr) {
    return result;
  }
  const auto* items = node->as_array();
  if (items == nullptr) {
    error(*node, std::string(key) + ": expected an array of strings, got " + std::string(type_name(*node)));
    return result;
  }
  for (const auto& item : *items) {
    if (const auto* value = item.as_string()) {
      result.emplace_back(value->get(), location_of(m_file, item.source()));
    } else {
      error(item, std::string(key) + ": expected a string, got " + std::string(type_name(item)));
    }
  }
  return result;
}

const toml::table* TableReader::table(std::string_view key) {
  const toml::node* node = take(key);
  if (node == nullptr) {
    return nullptr;
  }
  if (const auto* value = node->as_table()) {
    return value;
  }
  error(*node, std::string(key) + ": expected a table, got " + std::string(type_name(*node)));
  return nullptr;
}

const toml::array* TableReader::array(std::string_view key) {
  const toml::node* node = take(key);
  if (node == nullptr) {
    return nullptr;
  }
  if (const auto* value = node->as_array()) {
    return value;
  }
  error(*node, std::string(key) + ": expected an array, got " + std::string(type_name(*node)));
  return nullptr;
}

std::vector<const toml::table*> TableReader::tables(std::string_view key) {
  std::vector<const toml::table*> result;
  const toml::node* node = take(key);
  if (node == nullptr) {
    return result;
  }
  const auto* items = node->as_array();
  if (items == nullptr) {
    if (const auto* single = node->as_table()) {
      error(*single, std::string(key) + ": expected an array of tables, write [[" + std::string(key) + "]]");
    } else {
      error(*node, std::string(key) + ": expected an array of tables, got " + std::string(type_name(*node)));
    }
    return result;
  }
  for (const auto& item : *items) {
    if (const auto* value = item.as_table()) {
      result.push_back(value);
    } else {
      error(item, std::string(key) + ": expected a table, got " + std::string(type_name(item)));
    }
  }
  return result;
}

void TableReader::finish() {
  for (auto&& [key, node] : m_table) {
    std::string name(key.str());
    if (std::find(m_taken.begin(), m_taken.end(), name) != m_taken.end()) {
      continue;
    }
    std::vector<std::string> known;
    for (const auto& taken : m_taken) {
      if (std::find(known.begin(), known.end(), taken) == known.end()) {
        known.push_back(taken);
      }
    }
    std::string message = "unknown key \"" + name + "\" in " + m_context;
    std::string suggestion = closest(name, known);
    if (!suggestion.empty()) {
      message += "; did you mean \"" + suggestion + "\"?";
    }
    Location at = location_of(m_file, key.source());
    m_diagnostics.push_back(Diagnostic{at.file, at.line, at.column, message});
  }
}

}  // namespace deadlined
