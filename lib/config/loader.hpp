#pragma once
// The configuration loader, internal to lib/config and split by
// responsibility over four files: load.cpp (files, includes, the document,
// cross-references and validation), load_sections.cpp (the top-level settings
// tables: daemon, calendar, smtp, email, webhooks, delivery, http, escalation,
// acks, report, pages), load_units.cpp (units, groups and their aliases,
// policies), load_plans.cpp (plans, tasks, schedules, sub-rows).
#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "config/config.hpp"
#include "config/toml_reader.hpp"
#include "util/diagnostic.hpp"

namespace deadlined::config_load {

// Reads the table `key` of `parent` ("[key]" in messages) with `read`, then
// reports its unknown keys; nothing when the table is absent.
template <typename Read>
void read_table(TableReader& parent, std::string_view key, Read read) {
  const toml::table* table = parent.table(key);
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[" + std::string(key) + "]", parent.file(), parent.diagnostics());
  read(reader);
  reader.finish();
}

// The string `key` as one of `choices`; any other string is an error at the
// value: `label: expected "a", "b" or "c", got "x"`.
template <typename T>
std::optional<T> read_choice(TableReader& reader, std::string_view key, std::string_view label,
                             std::initializer_list<std::pair<std::string_view, T>> choices) {
  auto text = reader.string(key);
  if (!text) {
    return std::nullopt;
  }
  std::string expected;
  std::size_t index = 0;
  for (const auto& [name, value] : choices) {
    if (name == *text) {
      return value;
    }
    expected += (index == 0 ? "" : index + 1 == choices.size() ? " or " : ", ") + ("\"" + std::string(name) + "\"");
    ++index;
  }
  reader.error(*reader.take(key), std::string(label) + ": expected " + expected + ", got \"" + *text + "\"");
  return std::nullopt;
}

// Readers of keys more than one section has.
std::optional<RollRule> parse_roll(TableReader& reader, std::string_view key);
std::optional<BeforeDateReading> parse_before_date(TableReader& reader, std::string_view key);
// A path as written in `file`: relative paths are relative to that file.
std::string relative_to(const std::string& file, const std::string& path);

// A contact line (email.contact, plan.contact): one line of at most
// k_contact_max_points characters, no control characters; an error at the
// key otherwise. `label` names the key in the error ("email.contact").
inline constexpr std::size_t k_contact_max_points = 300;
std::optional<std::string> read_contact(TableReader& reader, std::string_view label);

// Collects every problem as a located diagnostic instead of stopping at the
// first one; `validate` runs once everything is read.
class Loader {
 public:
  Loader(Config& config, Diagnostics& diagnostics, const LoadOptions& options)
      : m_config(config), m_diagnostics(diagnostics), m_options(options) {}

  void load_main(const std::filesystem::path& main_file);
  void load_main_text(std::string_view text, const std::filesystem::path& main_file);
  void validate();

 private:
  // load.cpp: files, includes, the document.
  std::optional<toml::table> parse(const std::filesystem::path& file, const Location* included_at);
  std::optional<toml::table> parse_text(std::string_view text, const std::string& path);
  void read_includes(const std::vector<std::pair<std::string, Location>>& includes,
                     const std::filesystem::path& main_file);
  void read_document(const toml::table& document, const std::string& file, bool is_main);
  // load_sections.cpp: the main file's settings tables.
  void read_daemon(TableReader& parent);
  void read_calendar(TableReader& parent, const std::filesystem::path& base);
  void read_smtp(TableReader& parent);
  void read_email(TableReader& parent, const std::filesystem::path& base);
  void read_webhooks(TableReader& parent);
  void read_delivery(TableReader& parent);
  void read_outbox(TableReader& parent);
  void read_http(TableReader& parent);
  void read_escalation(TableReader& parent);
  void read_acks(TableReader& parent);
  void read_report(TableReader& parent);
  void read_pages(TableReader& parent, const std::filesystem::path& base);
  // load_units.cpp: units, groups, policies.
  void read_unit(const toml::table& table, const std::string& file);
  void read_group(const toml::table& table, const std::string& file);
  void read_policy(const toml::table& table, const std::string& file);
  void claim_id(const std::string& id, const Location& where);
  // load_plans.cpp: plans and tasks.
  void read_plan(const toml::table& table, const std::string& file);
  void read_plan_period(TableReader& reader, Plan& plan);
  void read_task(const toml::table& table, const std::string& file, Plan& plan);
  void resolve_parents(Plan& plan, const std::vector<const toml::table*>& task_tables);
  std::optional<Timeline> read_schedule(TableReader& task_reader, const toml::table& table, const Plan& plan);
  void check_units_of_level_tasks();

  void error(const Location& at, std::string message) {
    m_diagnostics.push_back(Diagnostic{at.file, at.line, at.column, std::move(message)});
  }
  // Allowed, but almost surely not what was meant: `check` says so.
  void warn(const Location& at, std::string message) {
    m_diagnostics.push_back(Diagnostic{at.file, at.line, at.column, std::move(message), Severity::warning});
  }

  Config& m_config;
  Diagnostics& m_diagnostics;
  const LoadOptions& m_options;
  std::map<std::string, Location> m_ids;  // units and groups share one namespace
  struct Reference {
    std::string id;
    Location where;
    std::string what;
  };
  std::vector<Reference> m_references;
  std::vector<std::pair<std::string, Location>> m_policy_references;
  std::vector<Reference> m_unit_references;  // must name a unit, not a group
  std::optional<Reference> m_report_plan;
  // Tasks whose `when` gives each level of government its own time: their
  // units' tiers are checked once every unit is known.
  struct LevelTask {
    std::string plan;
    std::string task;
    Location where;
  };
  std::vector<LevelTask> m_level_tasks;

  bool m_holidays_dir_set = false;
  bool m_parse_failed = false;
};

}  // namespace deadlined::config_load
