#pragma once
// Typed, located access to one TOML table that remembers which keys were read,
// so unknown keys (typos) can be reported instead of silently ignored.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>
#include <toml++/toml.h>

#include "calendar/civil.hpp"
#include "config/config.hpp"
#include "util/diagnostic.hpp"

namespace deadlined {

Location location_of(const std::string& file, const toml::source_region& region);

// toml::parse, safe from a bug of toml++ 3.3 (Debian 12): its whitespace test
// reaches __builtin_unreachable() on any code point U+00A1-U+0499 (most
// Vietnamese letters with one mark: ô, ă, đ, ơ, ư) wherever it asks "is this
// whitespace?" outside a string, and which places those are is toml++'s own
// business. So no such code point reaches toml++: they are moved to the
// private-use block U+F0A1-U+F499 before parsing and back in every key, string
// and error message after. A text that already holds one of those private-use
// code points is refused.
struct TomlParseFailure {
  std::string description;
  toml::source_region source;
};
tl::expected<toml::table, TomlParseFailure> parse_toml_text(std::string_view text, std::string_view source_path);

class TableReader {
 public:
  // `context` names the table in messages, e.g. "[daemon]" or "[[plan.task]]".
  TableReader(const toml::table& table, std::string context, const std::string& file, Diagnostics& diagnostics);

  const toml::node* take(std::string_view key);
  bool has(std::string_view key) const;

  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(std::string_view key);
  std::optional<Date> date(std::string_view key);
  std::optional<std::vector<std::string>> strings(std::string_view key, bool required = false);
  // Each element with its own location, for references.
  std::vector<std::pair<std::string, Location>> located_strings(std::string_view key);
  const toml::table* table(std::string_view key);
  const toml::array* array(std::string_view key);
  // An array of tables; an error if any element is not a table.
  std::vector<const toml::table*> tables(std::string_view key);

  void error(const toml::node& node, std::string message);
  void error_at_key(std::string_view key, std::string message);
  void error_here(std::string message);  // at the table itself
  Location where() const;
  Location where(std::string_view key) const;
  // Where a secret is named: the first of PREFIX_file, PREFIX_credential and
  // PREFIX_env given, else the table.
  Location secret_where(std::string_view prefix) const;

  // Reports every key that was never taken, with a suggestion.
  void finish();

  const std::string& file() const { return m_file; }
  Diagnostics& diagnostics() { return m_diagnostics; }

 private:
  const toml::table& m_table;
  std::string m_context;
  const std::string& m_file;
  Diagnostics& m_diagnostics;
  std::vector<std::string> m_taken;
};

std::string_view type_name(const toml::node& node);
Date to_date(const toml::date& date);

}  // namespace deadlined
