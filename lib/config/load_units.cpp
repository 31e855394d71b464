// Units and groups (one namespace of ids, aliases for `deadlined import`)
// and reminder policies.
#include <algorithm>

#include "config/config.hpp"
#include "config/loader.hpp"
#include "config/url_check.hpp"
#include "config/toml_reader.hpp"
#include "util/text.hpp"

namespace deadlined::config_load {

namespace {

constexpr std::string_view k_tier_list = "province, department, district, commune, other";

bool valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

// `aliases`: other names of a unit or group in the plans (used by
// `deadlined import`); each a non-empty string.
std::vector<std::string> read_aliases(TableReader& reader, std::string_view what) {
  std::vector<std::string> aliases;
  for (auto& [alias, where] : reader.located_strings("aliases")) {
    if (fold_vietnamese(alias).empty()) {
      reader.error_at_key("aliases", std::string(what) + ".aliases: an alias may not be empty");
      continue;
    }
    aliases.push_back(alias);
  }
  return aliases;
}

void read_role_stages(const toml::table& table, const std::string& context, const std::string& file,
                      Diagnostics& diagnostics, RoleStages& stages) {
  TableReader reader(table, context, file, diagnostics);
  if (const toml::array* before = reader.array("before")) {
    stages.before.clear();
    for (const auto& item : *before) {
      const auto* value = item.as_integer();
      if (value == nullptr || value->get() < 1 || value->get() > 366) {
        reader.error(item, "before: expected a number of days between 1 and 366");
        continue;
      }
      const int days = static_cast<int>(value->get());
      if (std::find(stages.before.begin(), stages.before.end(), days) != stages.before.end()) {
        const toml::source_position at = item.source().begin;
        diagnostics.push_back(Diagnostic{file, static_cast<int>(at.line), static_cast<int>(at.column),
                                         "before: " + std::to_string(days) + " is listed twice; one reminder is sent",
                                         Severity::warning});
        continue;
      }
      stages.before.push_back(days);
    }
    std::sort(stages.before.rbegin(), stages.before.rend());
  }
  stages.due_day = reader.boolean("due_day").value_or(stages.due_day);
  stages.overdue_every = static_cast<int>(reader.integer("overdue_every", 0, 366).value_or(stages.overdue_every));
  stages.overdue_max = static_cast<int>(reader.integer("overdue_max", 0, 100).value_or(stages.overdue_max));
  reader.finish();
}

}  // namespace

void Loader::read_policy(const toml::table& table, const std::string& file) {
  TableReader reader(table, "[[policy]]", file, m_diagnostics);
  Policy policy = default_policy();
  policy.where = reader.where();
  policy.id = reader.string("id", true).value_or("");
  if (auto unit = read_choice<CountUnit>(reader, "unit", "policy.unit",
                                         {{"working_days", CountUnit::working_days}, {"days", CountUnit::days}})) {
    policy.unit = *unit;
  }
  if (const toml::table* lead = reader.table("lead")) {
    read_role_stages(*lead, "[policy.lead]", file, m_diagnostics, policy.lead);
  }
  if (const toml::table* support = reader.table("support")) {
    read_role_stages(*support, "[policy.support]", file, m_diagnostics, policy.support);
  }
  if (auto checkin = read_choice<CheckIn>(
          reader, "ongoing_checkin", "policy.ongoing_checkin",
          {{"none", CheckIn::none}, {"monthly", CheckIn::monthly}, {"quarterly", CheckIn::quarterly}})) {
    policy.ongoing_checkin = *checkin;
  }
  policy.escalate_after = static_cast<int>(reader.integer("escalate_after", 0, 366).value_or(policy.escalate_after));
  reader.finish();
  if (policy.id.empty()) {
    return;
  }
  for (const auto& existing : m_config.policies) {
    if (existing.id == policy.id) {
      error(policy.where, "duplicate policy id \"" + policy.id + "\" (first defined at " + existing.where.file + ":" +
                              std::to_string(existing.where.line) + ":" + std::to_string(existing.where.column) + ")");
      return;
    }
  }
  m_config.policies.push_back(std::move(policy));
}

void Loader::claim_id(const std::string& id, const Location& where) {
  auto [it, inserted] = m_ids.emplace(id, where);
  if (!inserted) {
    error(where, "duplicate id \"" + id + "\" (first defined at " + it->second.file + ":" +
                     std::to_string(it->second.line) + ":" + std::to_string(it->second.column) + ")");
  }
}

void Loader::read_unit(const toml::table& table, const std::string& file) {
  TableReader reader(table, "[[unit]]", file, m_diagnostics);
  Unit unit;
  unit.where = reader.where();
  unit.id = reader.string("id", true).value_or("");
  unit.name = reader.string("name", true).value_or("");
  if (auto tier = reader.string("tier", true)) {
    if (auto parsed = parse_tier(*tier)) {
      unit.tier = *parsed;
    } else {
      reader.error(*reader.take("tier"),
                   "unit.tier: expected one of " + std::string(k_tier_list) + "; got \"" + *tier + "\"");
    }
  }
  if (auto supervisor = reader.string("supervisor")) {
    unit.supervisor = *supervisor;
    m_unit_references.push_back(
        Reference{*supervisor, reader.where("supervisor"), "supervisor of unit \"" + unit.id + "\""});
  }
  unit.aliases = read_aliases(reader, "unit");
  auto addresses = reader.located_strings("email");
  for (const auto& [address, where] : addresses) {
    const std::size_t at = address.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == address.size() ||
        address.find('@', at + 1) != std::string::npos ||
        address.find_first_of(" \t\r\n<>,;\"()[]\\") != std::string::npos) {
      error(where, "unit.email: \"" + address + "\" is not an email address");
    } else if (std::find(unit.emails.begin(), unit.emails.end(), address) != unit.emails.end()) {
      warn(where, "unit.email: \"" + address + "\" is listed twice for unit \"" + unit.id + "\"; it is reminded once");
    } else {
      unit.emails.push_back(address);
    }
  }
  for (const auto* hook_table : reader.tables("webhook")) {
    TableReader hook(*hook_table, "[[unit.webhook]]", file, m_diagnostics);
    Webhook webhook;
    const std::optional<std::string> url = hook.string("url", true);
    webhook.url = url.value_or("");
    if (const auto problem = url ? url_problem(*url, {"http", "https"}) : std::nullopt) {
      hook.error(*hook.take("url"), "unit.webhook.url: " + *problem + ", in \"" + webhook.url + "\"");
    }
    webhook.secret_file = relative_to(file, hook.string("secret_file").value_or(""));
    webhook.secret_credential = hook.string("secret_credential").value_or("");
    webhook.secret_env = hook.string("secret_env").value_or("");
    webhook.secret_where = hook.secret_where("secret");
    if (hook.has("secret")) {
      hook.error_at_key(
          "secret",
          "unit.webhook.secret: secrets are not accepted inline; use secret_file, secret_credential or secret_env");
      hook.take("secret");
    }
    hook.finish();
    unit.webhooks.push_back(std::move(webhook));
  }
  if (const toml::array* channels = reader.array("channels")) {
    if (!channels->empty()) {
      reader.error(*channels,
                   "unit.channels: only `channels = []` is accepted (a unit deliberately never "
                   "reminded); channels are the unit's email and webhook keys");
    } else if (!unit.emails.empty() || !unit.webhooks.empty()) {
      reader.error(*channels, "unit.channels: `channels = []` opts unit \"" + unit.id +
                                  "\" out of reminders, but it has an email or a webhook; remove one or the other");
    } else {
      unit.no_channels = true;
    }
  } else if (addresses.empty() && unit.webhooks.empty()) {
    reader.error_here("unit \"" + unit.id + "\" has no email and no webhook, so it would never be reminded; add " +
                      "`email = [\"...\"]` or a `webhook`, or `channels = []` to opt it out deliberately");
  }
  reader.finish();
  if (unit.id.empty()) {
    return;
  }
  if (!valid_id(unit.id)) {
    reader.error(*reader.take("id"), "unit.id: \"" + unit.id + "\" may contain only letters, digits, '-', '_' and '.'");
  }
  claim_id(unit.id, unit.where);
  m_config.units.push_back(std::move(unit));
}

void Loader::read_group(const toml::table& table, const std::string& file) {
  TableReader reader(table, "[[group]]", file, m_diagnostics);
  Group group;
  group.where = reader.where();
  group.id = reader.string("id", true).value_or("");
  group.name = reader.string("name", true).value_or("");
  if (!reader.has("members")) {
    reader.error_here("[[group]]: missing required key \"members\"");
  }
  for (auto& [member, where] : reader.located_strings("members")) {
    m_references.push_back(Reference{member, where, "member of group \"" + group.id + "\""});
    group.members.push_back(member);
  }
  group.aliases = read_aliases(reader, "group");
  reader.finish();
  if (group.id.empty()) {
    return;
  }
  if (group.members.empty() && reader.has("members")) {
    warn(reader.where("members"),
         "group \"" + group.id + "\" has no members: a task naming it as lead or support reminds nobody there");
  }
  if (!valid_id(group.id)) {
    reader.error(*reader.take("id"),
                 "group.id: \"" + group.id + "\" may contain only letters, digits, '-', '_' and '.'");
  }
  claim_id(group.id, group.where);
  m_config.groups.push_back(std::move(group));
}

}  // namespace deadlined::config_load
