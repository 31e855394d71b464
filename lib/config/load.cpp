// Loads the main config file and its includes into a validated Config,
// collecting every problem as a located diagnostic instead of stopping at the
// first one. The sections, units and plans are read in load_sections.cpp,
// load_units.cpp and load_plans.cpp (config/loader.hpp).
#include <algorithm>
#include <functional>
#include <set>

#include "config/config.hpp"
#include "config/holiday_notices.hpp"
#include "config/loader.hpp"
#include "config/toml_reader.hpp"
#include "util/safe_input.hpp"
#include "util/text.hpp"

namespace deadlined::config_load {

namespace {

std::filesystem::path canonical_or_normal(const std::filesystem::path& path) {
  std::error_code failed;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, failed);
  return failed ? path.lexically_normal() : canonical;
}

constexpr std::size_t k_max_include_problems = 20;

}  // namespace

std::optional<RollRule> parse_roll(TableReader& reader, std::string_view key) {
  return read_choice<RollRule>(reader, key, key,
                               {{"next", RollRule::next}, {"previous", RollRule::previous}, {"keep", RollRule::keep}});
}

std::optional<BeforeDateReading> parse_before_date(TableReader& reader, std::string_view key) {
  return read_choice<BeforeDateReading>(
      reader, key, key, {{"inclusive", BeforeDateReading::inclusive}, {"strict", BeforeDateReading::strict}});
}

// A path as written in `file`: relative paths are relative to that file.
std::string relative_to(const std::string& file, const std::string& path) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) {
    return path;
  }
  return (std::filesystem::path(file).parent_path() / path).lexically_normal().string();
}

// Reads a file as TOML. Only regular files are read (a FIFO, a device or a
// directory is an error, never a hang), and nesting is bounded before toml++
// sees the text (it recurses on nested tables).
std::optional<toml::table> Loader::parse(const std::filesystem::path& file, const Location* included_at) {
  std::string path = file.string();
  std::string text;
  std::string why;
  if (!read_regular_file(file, text, why)) {
    if (included_at != nullptr) {
      error(*included_at, "include: cannot read \"" + path + "\": " + why);
    } else {
      m_diagnostics.push_back(Diagnostic{path, 0, 0, "cannot read the configuration file: " + why});
    }
    m_parse_failed = true;
    return std::nullopt;
  }
  if (included_at == nullptr && text.find_first_not_of(" \t\r\n") == std::string::npos) {
    m_diagnostics.push_back(Diagnostic{path, 1, 1, "the configuration file is empty"});
    m_parse_failed = true;
    return std::nullopt;
  }
  return parse_text(text, path);
}

std::optional<toml::table> Loader::parse_text(std::string_view text, const std::string& path) {
  if (auto nesting = check_toml_text(text)) {
    m_diagnostics.push_back(Diagnostic{path, nesting->line, nesting->column, nesting->message});
    m_parse_failed = true;
    return std::nullopt;
  }
  auto parsed = parse_toml_text(text, path);
  if (parsed) {
    return std::move(*parsed);
  }
  const int line = static_cast<int>(parsed.error().source.begin.line);
  const int column = static_cast<int>(parsed.error().source.begin.column);
  std::string message = parsed.error().description;
  if (line == 0) {
    message = "cannot read file: " + message;
  }
  m_diagnostics.push_back(Diagnostic{path, line, column, message});
  m_parse_failed = true;
  return std::nullopt;
}

void Loader::load_main(const std::filesystem::path& main_file) {
  m_config.main_file = main_file;
  m_config.files.push_back(main_file);
  auto document = parse(main_file, nullptr);
  if (!document) {
    return;
  }
  std::string file = main_file.string();
  TableReader reader(*document, "the main file", file, m_diagnostics);
  auto includes = reader.located_strings("include");
  read_document(*document, file, true);
  read_includes(includes, main_file);
}

void Loader::load_main_text(std::string_view text, const std::filesystem::path& main_file) {
  m_config.main_file = main_file;
  m_config.files.push_back(main_file);
  auto document = parse_text(text, main_file.string());
  if (!document) {
    return;
  }
  std::string file = main_file.string();
  TableReader reader(*document, "the main file", file, m_diagnostics);
  for (const auto& [pattern, where] : reader.located_strings("include")) {
    error(where, "include \"" + pattern + "\": includes are not read from a configuration given as text");
  }
  read_document(*document, file, true);
}

// Globs are bounded (matches, directory entries), and each match is examined
// before it is opened: a directory matched by a wildcard is skipped, anything
// else that is not a regular file is an error at the include.
void Loader::read_includes(const std::vector<std::pair<std::string, Location>>& includes,
                           const std::filesystem::path& main_file) {
  std::filesystem::path base = main_file.parent_path();
  std::set<std::filesystem::path> seen{canonical_or_normal(main_file)};
  for (const auto& [pattern, where] : includes) {
    std::filesystem::path full = base / pattern;
    GlobResult globbed = bounded_glob(full.string());
    const auto& matches = globbed.matches;
    bool has_wildcard = pattern.find_first_of("*?[") != std::string::npos;
    if (!globbed.error.empty()) {
      error(where, "include \"" + pattern + "\" " + globbed.error + "; name the files more precisely");
      m_parse_failed = true;
      continue;
    }
    if (matches.empty()) {
      m_diagnostics.push_back(Diagnostic{
          where.file, where.line, where.column,
          has_wildcard ? "include \"" + pattern + "\" matches no file" : "include \"" + pattern + "\": no such file",
          has_wildcard ? Severity::warning : Severity::error});
      continue;
    }
    const std::size_t diagnostics_before = m_diagnostics.size();
    for (const auto& match : matches) {
      if (m_diagnostics.size() - diagnostics_before >= k_max_include_problems) {
        error(where, "include \"" + pattern + "\": stopped after " + std::to_string(k_max_include_problems) +
                         " problems; name the files more precisely");
        break;
      }
      std::string why;
      std::string kind = describe_non_regular(match, why);
      if (!why.empty()) {
        error(where, "include \"" + pattern + "\": cannot read \"" + match.string() + "\": " + why);
        m_parse_failed = true;
        continue;
      }
      if (kind == "a directory" && has_wildcard) {
        continue;
      }
      if (!kind.empty()) {
        error(where, "include \"" + pattern + "\": \"" + match.string() + "\" is " + kind + ", not a regular file");
        m_parse_failed = true;
        continue;
      }
      if (!seen.insert(canonical_or_normal(match)).second) {
        continue;
      }
      std::filesystem::path shown = match.lexically_normal();
      m_config.files.push_back(shown);
      auto included = parse(shown, &where);
      if (included) {
        read_document(*included, shown.string(), false);
      }
    }
  }
}

void Loader::read_document(const toml::table& document, const std::string& file, bool is_main) {
  TableReader reader(document, is_main ? "the main file" : "an included file", file, m_diagnostics);
  std::filesystem::path base = std::filesystem::path(file).parent_path();
  if (is_main) {
    reader.take("include");
    read_daemon(reader);
    read_calendar(reader, base);
    read_smtp(reader);
    read_email(reader, base);
    read_webhooks(reader);
    read_delivery(reader);
    read_outbox(reader);
    read_http(reader);
    read_escalation(reader);
    read_acks(reader);
    read_report(reader);
    read_pages(reader, base);
  } else if (reader.has("include")) {
    reader.error_at_key("include", "include is only allowed in the main file");
    reader.take("include");
  }
  for (const auto* table : reader.tables("unit")) {
    read_unit(*table, file);
  }
  for (const auto* table : reader.tables("group")) {
    read_group(*table, file);
  }
  for (const auto* table : reader.tables("policy")) {
    read_policy(*table, file);
  }
  for (const auto* table : reader.tables("plan")) {
    read_plan(*table, file);
  }
  reader.finish();
}

void Loader::validate() {
  m_config.build_indexes();
  std::vector<std::string> all_ids;
  for (const auto& [id, where] : m_ids) {
    all_ids.push_back(id);
  }
  for (const auto& reference : m_references) {
    // A file that failed to parse may define the id; do not guess.
    if (m_parse_failed || m_ids.count(reference.id) != 0) {
      continue;
    }
    std::string message = "unknown unit or group \"" + reference.id + "\" in " + reference.what;
    std::string suggestion = closest(reference.id, all_ids);
    if (!suggestion.empty()) {
      message += "; did you mean \"" + suggestion + "\"?";
    }
    error(reference.where, message);
  }
  // Escalation targets receive mail: they must be units, not groups.
  std::vector<std::string> unit_ids;
  for (const auto& unit : m_config.units) {
    unit_ids.push_back(unit.id);
  }
  for (const auto& reference : m_unit_references) {
    if (m_parse_failed || m_config.find_unit(reference.id) != nullptr) {
      continue;
    }
    std::string message =
        (m_config.find_group(reference.id) != nullptr ? "\"" + reference.id + "\" is a group, not a unit,"
                                                      : "unknown unit \"" + reference.id + "\"") +
        std::string(" in ") + reference.what;
    std::string suggestion = closest(reference.id, unit_ids);
    if (!suggestion.empty() && suggestion != reference.id) {
      message += "; did you mean \"" + suggestion + "\"?";
    }
    error(reference.where, message);
  }
  check_units_of_level_tasks();
  if (m_report_plan && !m_parse_failed && m_config.find_plan(m_report_plan->id) == nullptr) {
    error(m_report_plan->where, "unknown plan \"" + m_report_plan->id + "\" in report.plan");
  }
  std::vector<std::string> policy_ids{"default"};
  for (const auto& policy : m_config.policies) {
    policy_ids.push_back(policy.id);
  }
  for (const auto& [id, where] : m_policy_references) {
    if (std::find(policy_ids.begin(), policy_ids.end(), id) == policy_ids.end()) {
      std::string message = "unknown policy \"" + id + "\"";
      std::string suggestion = closest(id, policy_ids);
      if (!suggestion.empty()) {
        message += "; did you mean \"" + suggestion + "\"?";
      }
      error(where, message);
    }
  }
  // A name or alias (folded: case and diacritics ignored) may denote only one
  // unit or group, or `deadlined import` could not tell them apart.
  std::map<std::string, std::string> owner_of_name;
  auto claim_name = [&](const std::string& name, const std::string& id, const Location& where, bool is_alias) {
    std::string folded = fold_vietnamese(name);
    if (folded.empty()) {
      return;
    }
    auto [it, inserted] = owner_of_name.emplace(folded, id);
    if (is_alias && !inserted && it->second != id) {
      error(where, "alias \"" + name + "\" of \"" + id + "\" is already a name or alias of \"" + it->second + "\"");
    }
  };
  for (const auto& unit : m_config.units) {
    claim_name(unit.name, unit.id, unit.where, false);
  }
  for (const auto& group : m_config.groups) {
    claim_name(group.name, group.id, group.where, false);
  }
  for (const auto& unit : m_config.units) {
    for (const auto& alias : unit.aliases) {
      claim_name(alias, unit.id, unit.where, true);
    }
  }
  for (const auto& group : m_config.groups) {
    for (const auto& alias : group.aliases) {
      claim_name(alias, group.id, group.where, true);
    }
  }
  // Group cycles: depth-first search with colours.
  std::map<std::string, int> colour;
  std::vector<std::string> stack;
  std::function<void(const Group&)> visit = [&](const Group& group) {
    colour[group.id] = 1;
    stack.push_back(group.id);
    for (const auto& member : group.members) {
      const Group* inner = m_config.find_group(member);
      if (inner == nullptr) {
        continue;
      }
      if (colour[member] == 1) {
        std::string path;
        auto start = std::find(stack.begin(), stack.end(), member);
        for (auto it = start; it != stack.end(); ++it) {
          path += *it + " -> ";
        }
        error(inner->where, "group cycle: " + path + member);
      } else if (colour[member] == 0) {
        visit(*inner);
      }
    }
    stack.pop_back();
    colour[group.id] = 2;
  };
  for (const auto& group : m_config.groups) {
    if (colour[group.id] == 0) {
      visit(group);
    }
  }
  if (!m_holidays_dir_set) {
    m_config.calendar.holidays_dir = m_options.default_holidays_dir;
  }
  std::error_code failed;
  if (!m_config.calendar.holidays_dir.empty() &&
      std::filesystem::is_directory(m_config.calendar.holidays_dir, failed)) {
    m_config.notices = load_year_notices(m_config.calendar.holidays_dir, m_diagnostics);
  } else if (!m_holidays_dir_set && !m_parse_failed) {
    m_diagnostics.push_back(Diagnostic{m_config.main_file.string(), 0, 0,
                                       "no holiday data directory (" + m_config.calendar.holidays_dir.string() +
                                           "); every year is computed from the statute",
                                       Severity::warning});
  }
}

}  // namespace deadlined::config_load

namespace deadlined {

namespace {

using config_load::Loader;

// No input may crash `check` or a reload: anything thrown while loading (the
// file system, memory) is one more located error.
LoadResult load_with(const std::function<void(Loader&)>& read, const std::filesystem::path& main_file,
                     const LoadOptions& options) {
  LoadResult result;
  Config config;
  try {
    Loader loader(config, result.diagnostics, options);
    read(loader);
    loader.validate();
  } catch (const std::exception& e) {
    result.diagnostics.push_back(
        Diagnostic{main_file.string(), 0, 0, std::string("cannot load the configuration: ") + e.what()});
    return result;
  }
  // Report in reading order: files as loaded, then line and column.
  std::map<std::string, std::size_t> file_order;
  for (std::size_t i = 0; i < config.files.size(); ++i) {
    file_order.emplace(config.files[i].string(), i);
  }
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    auto fa = file_order.count(a.file) ? file_order[a.file] : file_order.size();
    auto fb = file_order.count(b.file) ? file_order[b.file] : file_order.size();
    return std::tie(fa, a.line, a.column) < std::tie(fb, b.line, b.column);
  });
  if (!has_errors(result.diagnostics)) {
    config.build_indexes();
    result.config = std::move(config);
  }
  return result;
}

}  // namespace

LoadResult load_config(const std::filesystem::path& main_file, const LoadOptions& options) {
  return load_with([&](Loader& loader) { loader.load_main(main_file); }, main_file, options);
}

LoadResult load_config_from_text(std::string_view text, const std::filesystem::path& main_file,
                                 const LoadOptions& options) {
  return load_with([&](Loader& loader) { loader.load_main_text(text, main_file); }, main_file, options);
}

}  // namespace deadlined
