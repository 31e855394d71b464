// Loads the main config file and its includes into a validated Config,
// collecting every problem as a located diagnostic instead of stopping at the
// first one.
#include <arpa/inet.h>

#include <algorithm>
#include <functional>
#include <set>

#include "config/holiday_notices.hpp"
#include "config/config.hpp"
#include "config/toml_reader.hpp"
#include "util/safe_input.hpp"
#include "util/text.hpp"

namespace deadlined {

namespace {

constexpr std::string_view k_tier_list = "province, department, district, commune, other";

std::optional<RollRule> parse_roll(TableReader& reader, std::string_view key) {
  auto text = reader.string(key);
  if (!text) {
    return std::nullopt;
  }
  if (*text == "next")
    return RollRule::next;
  if (*text == "previous")
    return RollRule::previous;
  if (*text == "keep")
    return RollRule::keep;
  reader.error(*reader.take(key),
               std::string(key) + ": expected \"next\", \"previous\" or \"keep\", got \"" + *text + "\"");
  return std::nullopt;
}

std::optional<BeforeDateReading> parse_before_date(TableReader& reader, std::string_view key) {
  auto text = reader.string(key);
  if (!text) {
    return std::nullopt;
  }
  if (*text == "inclusive")
    return BeforeDateReading::inclusive;
  if (*text == "strict")
    return BeforeDateReading::strict;
  reader.error(*reader.take(key), std::string(key) + ": expected \"inclusive\" or \"strict\", got \"" + *text + "\"");
  return std::nullopt;
}

std::optional<ReportDays> parse_report_days(TableReader& parent, std::string_view key) {
  const toml::table* table = parent.table(key);
  if (table == nullptr) {
    return std::nullopt;
  }
  TableReader reader(*table, "[" + std::string(key) + "]", parent.file(), parent.diagnostics());
  ReportDays days{};
  for (int t = 0; t < k_tier_count; ++t) {
    auto tier = static_cast<Tier>(t);
    if (auto day = reader.integer(to_string(tier), 1, 31)) {
      days[static_cast<std::size_t>(t)] = static_cast<int>(*day);
    }
  }
  reader.finish();
  return days;
}

// A path as written in `file`: relative paths are relative to that file.
std::string relative_to(const std::string& file, const std::string& path) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) {
    return path;
  }
  return (std::filesystem::path(file).parent_path() / path).lexically_normal().string();
}

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

class Loader {
 public:
  Loader(Config& config, Diagnostics& diagnostics, const LoadOptions& options)
      : m_config(config), m_diagnostics(diagnostics), m_options(options) {}

  void load_main(const std::filesystem::path& main_file);
  void load_main_text(std::string_view text, const std::filesystem::path& main_file);
  void validate();

 private:
  std::optional<toml::table> parse(const std::filesystem::path& file, const Location* included_at);
  std::optional<toml::table> parse_text(std::string_view text, const std::string& path);
  void read_includes(const std::vector<std::pair<std::string, Location>>& includes,
                     const std::filesystem::path& main_file);
  void read_document(const toml::table& document, const std::string& file, bool is_main);
  void read_daemon(TableReader& parent);
  void read_calendar(TableReader& parent, const std::filesystem::path& base);
  void read_unit(const toml::table& table, const std::string& file);
  void read_group(const toml::table& table, const std::string& file);
  void read_plan(const toml::table& table, const std::string& file);
  void read_task(const toml::table& table, const std::string& file, Plan& plan);
  void resolve_parents(Plan& plan, const std::vector<const toml::table*>& task_tables);
  void read_policy(const toml::table& table, const std::string& file);
  void read_smtp(TableReader& parent);
  void read_email(TableReader& parent, const std::filesystem::path& base);
  void read_webhooks(TableReader& parent);
  void read_delivery(TableReader& parent);
  void read_http(TableReader& parent);
  void read_escalation(TableReader& parent);
  void read_acks(TableReader& parent);
  void read_report(TableReader& parent);
  void read_pages(TableReader& parent, const std::filesystem::path& base);
  std::optional<Timeline> read_schedule(TableReader& task_reader, const toml::table& table, const Plan& plan);
  void claim_id(const std::string& id, const Location& where);
  void check_reference(const std::string& id, const Location& where, std::string_view what);
  void error(const Location& at, std::string message) {
    m_diagnostics.push_back(Diagnostic{at.file, at.line, at.column, std::move(message)});
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

  bool m_holidays_dir_set = false;
  bool m_parse_failed = false;
};

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

std::filesystem::path canonical_or_normal(const std::filesystem::path& path) {
  std::error_code failed;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, failed);
  return failed ? path.lexically_normal() : canonical;
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

constexpr std::size_t k_max_include_problems = 20;

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

std::optional<int> parse_clock_minutes(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') {
    return std::nullopt;
  }
  auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return std::nullopt;
  }
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) {
    return std::nullopt;
  }
  return hours * 60 + minutes;
}

void Loader::read_daemon(TableReader& parent) {
  const toml::table* table = parent.table("daemon");
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[daemon]", parent.file(), m_diagnostics);
  DaemonSettings& daemon = m_config.daemon;
  if (auto zone = reader.string("timezone")) {
    // Names are short (the longest in tzdata is 32 bytes); a long one would
    // only make the file system say ENAMETOOLONG.
    std::error_code failed;
    bool known = !zone->empty() && zone->size() <= 255 && (*zone)[0] != '/' && zone->find("..") == std::string::npos &&
                 std::filesystem::exists(std::filesystem::path("/usr/share/zoneinfo") / *zone, failed);
    if (!known) {
      reader.error(*reader.take("timezone"), "daemon.timezone: unknown time zone \"" + *zone + "\"");
    }
    daemon.timezone = *zone;
  }
  if (auto dir = reader.string("state_dir")) {
    std::filesystem::path path(*dir);
    daemon.state_dir = path.is_absolute() ? path : std::filesystem::path(parent.file()).parent_path() / path;
  }
  if (auto send_time = reader.string("send_time")) {
    if (auto minutes = parse_clock_minutes(*send_time)) {
      daemon.send_minute_of_day = *minutes;
    } else {
      reader.error(*reader.take("send_time"),
                   "daemon.send_time: expected a time like \"08:00\", got \"" + *send_time + "\"");
    }
  }
  if (auto level = reader.string("log_level")) {
    static const std::vector<std::string> k_levels{"trace", "debug", "info", "warn", "error", "critical", "off"};
    if (std::find(k_levels.begin(), k_levels.end(), *level) == k_levels.end()) {
      reader.error(
          *reader.take("log_level"),
          "daemon.log_level: expected one of trace, debug, info, warn, error, critical, off; got \"" + *level + "\"");
    } else {
      daemon.log_level = *level;
    }
  }
  reader.finish();
}

void Loader::read_calendar(TableReader& parent, const std::filesystem::path& base) {
  const toml::table* table = parent.table("calendar");
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[calendar]", parent.file(), m_diagnostics);
  CalendarConfig& calendar = m_config.calendar;
  if (const toml::array* days = reader.array("rest_days")) {
    static const std::vector<std::string> k_weekdays{"sunday",   "monday", "tuesday", "wednesday",
                                                     "thursday", "friday", "saturday"};
    calendar.rest_days.fill(false);
    for (const auto& item : *days) {
      const auto* name = item.as_string();
      auto it = name ? std::find(k_weekdays.begin(), k_weekdays.end(), name->get()) : k_weekdays.end();
      if (it == k_weekdays.end()) {
        reader.error(item, "calendar.rest_days: expected a weekday name (monday ... sunday)");
        continue;
      }
      calendar.rest_days[static_cast<std::size_t>(it - k_weekdays.begin())] = true;
    }
  }
  if (auto dir = reader.string("holidays_dir")) {
    std::filesystem::path path(*dir);
    calendar.holidays_dir = path.is_absolute() ? path : base / path;
    m_holidays_dir_set = true;
    std::error_code failed;
    if (!std::filesystem::is_directory(calendar.holidays_dir, failed)) {
      reader.error(*reader.take("holidays_dir"), "calendar.holidays_dir: no such directory \"" +
                                                     calendar.holidays_dir.string() + "\"" +
                                                     (failed ? " (" + failed.message() + ")" : ""));
    }
  }
  if (auto roll = parse_roll(reader, "roll")) {
    calendar.roll = *roll;
  }
  if (auto reading = parse_before_date(reader, "before_date")) {
    calendar.before_date = *reading;
  }
  for (const auto* day_table : reader.tables("day")) {
    TableReader day(*day_table, "[[calendar.day]]", parent.file(), m_diagnostics);
    auto date = day.date("date");
    auto working = day.boolean("working");
    auto name = day.string("name");
    if (!day.has("date")) {
      day.error_here("[[calendar.day]]: missing required key \"date\"");
    }
    day.finish();
    if (date) {
      calendar.days.push_back(SpecialDay{*date, working.value_or(false),
                                         name.value_or(working.value_or(false) ? "Ngày làm việc" : "Ngày nghỉ"),
                                         DaySource::config});
    }
  }
  reader.finish();
}

void Loader::read_smtp(TableReader& parent) {
  const toml::table* table = parent.table("smtp");
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[smtp]", parent.file(), m_diagnostics);
  SmtpConfig& smtp = m_config.smtp;
  if (auto url = reader.string("url")) {
    if (!url->starts_with("smtp://") && !url->starts_with("smtps://")) {
      reader.error(*reader.take("url"),
                   "smtp.url: expected smtp://HOST[:PORT] or smtps://HOST[:PORT], got \"" + *url + "\"");
    }
    smtp.url = *url;
  }
  smtp.username = reader.string("username").value_or("");
  smtp.password_file = relative_to(parent.file(), reader.string("password_file").value_or(""));
  smtp.password_credential = reader.string("password_credential").value_or("");
  smtp.password_env = reader.string("password_env").value_or("");
  if (reader.has("password")) {
    reader.error_at_key(
        "password",
        "smtp.password: secrets are not accepted inline; use password_file, password_credential or password_env");
    reader.take("password");
  }
  smtp.require_tls = reader.boolean("require_tls").value_or(true);
  smtp.ca_file = relative_to(parent.file(), reader.string("ca_file").value_or(""));
  smtp.connect_timeout_s = static_cast<int>(reader.integer("connect_timeout", 1, 600).value_or(10));
  smtp.timeout_s = static_cast<int>(reader.integer("timeout", 1, 3600).value_or(60));
  smtp.max_connections = static_cast<int>(reader.integer("max_connections", 1, 64).value_or(2));
  reader.finish();
}

void Loader::read_email(TableReader& parent, const std::filesystem::path& base) {
  const toml::table* table = parent.table("email");
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[email]", parent.file(), m_diagnostics);
  EmailConfig& email = m_config.email;
  if (auto from = reader.string("from")) {
    if (from->find('@') == std::string::npos || from->find_first_of(" \r\n<>") != std::string::npos) {
      reader.error(*reader.take("from"),
                   "email.from: expected a bare address like nhacviec@example.vn, got \"" + *from + "\"");
    }
    email.from = *from;
  }
  email.from_name = reader.string("from_name").value_or(email.from_name);
  email.message_id_domain = reader.string("message_id_domain").value_or(email.message_id_domain);
  if (auto dir = reader.string("templates_dir")) {
    std::filesystem::path path(*dir);
    email.templates_dir = path.is_absolute() ? path : base / path;
    std::error_code failed;
    if (!std::filesystem::is_directory(email.templates_dir, failed)) {
      reader.error(*reader.take("templates_dir"), "email.templates_dir: no such directory \"" +
                                                      email.templates_dir.string() + "\"" +
                                                      (failed ? " (" + failed.message() + ")" : ""));
    }
  }
  reader.finish();
}

void Loader::read_webhooks(TableReader& parent) {
  const toml::table* table = parent.table("webhooks");
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[webhooks]", parent.file(), m_diagnostics);
  m_config.webhook.timeout_s = static_cast<int>(reader.integer("timeout", 1, 600).value_or(10));
  m_config.webhook.max_per_host = static_cast<int>(reader.integer("max_per_host", 1, 256).value_or(4));
  m_config.webhook.ca_file = relative_to(parent.file(), reader.string("ca_file").value_or(""));
  reader.finish();
}

void Loader::read_delivery(TableReader& parent) {
  const toml::table* table = parent.table("delivery");
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[delivery]", parent.file(), m_diagnostics);
  DeliveryConfig& d = m_config.delivery;
  d.retry_base_s = static_cast<int>(reader.integer("retry_base", 1, 86400).value_or(d.retry_base_s));
  d.retry_cap_s = static_cast<int>(reader.integer("retry_cap", 1, 7 * 86400).value_or(d.retry_cap_s));
  d.timer_cap_s = static_cast<int>(reader.integer("timer_cap", 1, 3600).value_or(d.timer_cap_s));
  d.drain_timeout_s = static_cast<int>(reader.integer("drain_timeout", 1, 600).value_or(d.drain_timeout_s));
  d.workers = static_cast<int>(reader.integer("workers", 1, 64).value_or(d.workers));
  d.max_unrecorded = static_cast<int>(reader.integer("max_unrecorded", 1, 10000).value_or(d.max_unrecorded));
  d.catch_up_s = static_cast<int>(reader.integer("catch_up", 0, 366 * 86400).value_or(d.catch_up_s));
  if (auto synchronous = reader.string("synchronous")) {
    if (*synchronous == "full" || *synchronous == "normal") {
      d.synchronous_full = *synchronous == "full";
    } else {
      reader.error(*reader.take("synchronous"),
                   "delivery.synchronous: expected \"normal\" or \"full\", got \"" + *synchronous + "\"");
    }
  }
  reader.finish();
}

// "127.0.0.1:8787" or "[::1]:8787": an IP address literal and a port.
std::optional<std::pair<std::string, int>> parse_listen(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon + 1 >= text.size() || text.size() - colon - 1 > 5) {
    return std::nullopt;
  }
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  int port = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    port = port * 10 + (c - '0');
  }
  if (port < 1 || port > 65535) {
    return std::nullopt;
  }
  bool v6 = host.size() > 2 && host.front() == '[' && host.back() == ']';
  std::string address(v6 ? host.substr(1, host.size() - 2) : host);
  unsigned char buffer[16];
  if (::inet_pton(v6 ? AF_INET6 : AF_INET, address.c_str(), buffer) != 1) {
    return std::nullopt;
  }
  return std::make_pair(address, port);
}

void Loader::read_http(TableReader& parent) {
  const toml::table* table = parent.table("http");
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[http]", parent.file(), m_diagnostics);
  HttpConfig& http = m_config.http;
  http.enabled = reader.boolean("enabled").value_or(true);
  if (auto listen = reader.string("listen")) {
    if (auto parsed = parse_listen(*listen)) {
      http.listen = *listen;
      http.host = parsed->first;
      http.port = parsed->second;
    } else {
      reader.error(*reader.take("listen"),
                   "http.listen: expected an IP address and a port like \"127.0.0.1:8787\" or \"[::1]:8787\", got \"" +
                       *listen + "\"");
    }
  }
  if (auto base_url = reader.string("base_url")) {
    if (!base_url->starts_with("http://") && !base_url->starts_with("https://")) {
      reader.error(*reader.take("base_url"),
                   "http.base_url: expected http://... or https://..., got \"" + *base_url + "\"");
    }
    http.base_url = *base_url;
    while (http.base_url.ends_with('/')) {
      http.base_url.pop_back();
    }
  }
  http.timeout_s = static_cast<int>(reader.integer("timeout", 1, 3600).value_or(http.timeout_s));
  http.status_token_file = relative_to(parent.file(), reader.string("status_token_file").value_or(""));
  http.status_token_credential = reader.string("status_token_credential").value_or("");
  http.status_token_env = reader.string("status_token_env").value_or("");
  http.feed_secret_file = relative_to(parent.file(), reader.string("feed_secret_file").value_or(""));
  http.feed_secret_credential = reader.string("feed_secret_credential").value_or("");
  http.feed_secret_env = reader.string("feed_secret_env").value_or("");
  http.ack_secret_file = relative_to(parent.file(), reader.string("ack_secret_file").value_or(""));
  http.ack_secret_credential = reader.string("ack_secret_credential").value_or("");
  http.ack_secret_env = reader.string("ack_secret_env").value_or("");
  http.ack_link_ttl_s = static_cast<int>(reader.integer("ack_link_ttl", 60, 366 * 86400).value_or(http.ack_link_ttl_s));
  http.api_token_file = relative_to(parent.file(), reader.string("api_token_file").value_or(""));
  http.api_token_credential = reader.string("api_token_credential").value_or("");
  http.api_token_env = reader.string("api_token_env").value_or("");
  for (std::string_view inline_key : {"status_token", "feed_secret", "ack_secret", "api_token"}) {
    if (reader.has(inline_key)) {
      reader.error_at_key(inline_key, "http." + std::string(inline_key) +
                                          ": secrets are not accepted inline; use _file, _credential or _env");
      reader.take(inline_key);
    }
  }
  reader.finish();
}

void Loader::read_escalation(TableReader& parent) {
  const toml::table* table = parent.table("escalation");
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[escalation]", parent.file(), m_diagnostics);
  for (int t = 0; t < k_tier_count; ++t) {
    auto tier = static_cast<Tier>(t);
    std::string key(to_string(tier));
    if (auto id = reader.string(key)) {
      m_config.escalation.supervisor_by_tier[static_cast<std::size_t>(t)] = *id;
      m_unit_references.push_back(Reference{*id, reader.where(key), "escalation." + key});
    }
  }
  reader.finish();
}

void Loader::read_acks(TableReader& parent) {
  const toml::table* table = parent.table("acks");
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[acks]", parent.file(), m_diagnostics);
  AcksConfig& acks = m_config.acks;
  acks.undo_window_s = static_cast<int>(reader.integer("undo_window", 0, 366 * 86400).value_or(acks.undo_window_s));
  reader.finish();
}

void Loader::read_pages(TableReader& parent, const std::filesystem::path& base) {
  const toml::table* table = parent.table("pages");
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[pages]", parent.file(), m_diagnostics);
  if (auto dir = reader.string("templates_dir")) {
    std::filesystem::path path(*dir);
    m_config.pages.templates_dir = path.is_absolute() ? path : base / path;
    if (!std::filesystem::is_directory(m_config.pages.templates_dir)) {
      reader.error(*reader.take("templates_dir"),
                   "pages.templates_dir: no such directory \"" + m_config.pages.templates_dir.string() + "\"");
    }
  }
  reader.finish();
}

void Loader::read_report(TableReader& parent) {
  const toml::table* table = parent.table("report");
  if (table == nullptr) {
    return;
  }
  TableReader reader(*table, "[report]", parent.file(), m_diagnostics);
  ReportConfig& report = m_config.report;
  if (auto to = reader.string("to", true)) {
    report.to = *to;
    m_unit_references.push_back(Reference{*to, reader.where("to"), "report.to"});
  }
  if (auto every = reader.string("every")) {
    if (*every == "weekly") {
      report.every = ReportEvery::weekly;
    } else if (*every == "monthly") {
      report.every = ReportEvery::monthly;
    } else {
      reader.error(*reader.take("every"), "report.every: expected \"weekly\" or \"monthly\", got \"" + *every + "\"");
    }
  }
  if (auto weekday = reader.string("weekday")) {
    static const std::vector<std::string> k_weekdays{"sunday",   "monday", "tuesday", "wednesday",
                                                     "thursday", "friday", "saturday"};
    auto it = std::find(k_weekdays.begin(), k_weekdays.end(), *weekday);
    if (it == k_weekdays.end()) {
      reader.error(*reader.take("weekday"),
                   "report.weekday: expected a weekday name (monday ... sunday), got \"" + *weekday + "\"");
    } else {
      report.weekday = static_cast<int>(it - k_weekdays.begin());
    }
  }
  if (auto plan = reader.string("plan")) {
    report.plan = *plan;
    m_report_plan = Reference{*plan, reader.where("plan"), "report.plan"};
  }
  reader.finish();
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
      stages.before.push_back(static_cast<int>(value->get()));
    }
    std::sort(stages.before.rbegin(), stages.before.rend());
    stages.before.erase(std::unique(stages.before.begin(), stages.before.end()), stages.before.end());
  }
  stages.due_day = reader.boolean("due_day").value_or(stages.due_day);
  stages.overdue_every = static_cast<int>(reader.integer("overdue_every", 0, 366).value_or(stages.overdue_every));
  stages.overdue_max = static_cast<int>(reader.integer("overdue_max", 0, 100).value_or(stages.overdue_max));
  reader.finish();
}

void Loader::read_policy(const toml::table& table, const std::string& file) {
  TableReader reader(table, "[[policy]]", file, m_diagnostics);
  Policy policy = default_policy();
  policy.where = reader.where();
  policy.id = reader.string("id", true).value_or("");
  if (auto unit = reader.string("unit")) {
    if (*unit == "working_days") {
      policy.unit = CountUnit::working_days;
    } else if (*unit == "days") {
      policy.unit = CountUnit::days;
    } else {
      reader.error(*reader.take("unit"), "policy.unit: expected \"working_days\" or \"days\", got \"" + *unit + "\"");
    }
  }
  if (const toml::table* lead = reader.table("lead")) {
    read_role_stages(*lead, "[policy.lead]", file, m_diagnostics, policy.lead);
  }
  if (const toml::table* support = reader.table("support")) {
    read_role_stages(*support, "[policy.support]", file, m_diagnostics, policy.support);
  }
  if (auto checkin = reader.string("ongoing_checkin")) {
    if (*checkin == "none") {
      policy.ongoing_checkin = CheckIn::none;
    } else if (*checkin == "monthly") {
      policy.ongoing_checkin = CheckIn::monthly;
    } else if (*checkin == "quarterly") {
      policy.ongoing_checkin = CheckIn::quarterly;
    } else {
      reader.error(*reader.take("ongoing_checkin"),
                   "policy.ongoing_checkin: expected \"none\", \"monthly\" or \"quarterly\", got \"" + *checkin + "\"");
    }
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
    if (address.find('@') == std::string::npos || address.find_first_of(" \t\r\n<>,;") != std::string::npos) {
      error(where, "unit.email: \"" + address + "\" is not an email address");
    } else {
      unit.emails.push_back(address);
    }
  }
  for (const auto* hook_table : reader.tables("webhook")) {
    TableReader hook(*hook_table, "[[unit.webhook]]", file, m_diagnostics);
    Webhook webhook;
    webhook.url = hook.string("url", true).value_or("");
    if (!webhook.url.empty() && !webhook.url.starts_with("http://") && !webhook.url.starts_with("https://")) {
      hook.error(*hook.take("url"),
                 "unit.webhook.url: only http:// and https:// URLs are allowed, got \"" + webhook.url + "\"");
    }
    webhook.secret_file = relative_to(file, hook.string("secret_file").value_or(""));
    webhook.secret_credential = hook.string("secret_credential").value_or("");
    webhook.secret_env = hook.string("secret_env").value_or("");
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
  if (!valid_id(group.id)) {
    reader.error(*reader.take("id"),
                 "group.id: \"" + group.id + "\" may contain only letters, digits, '-', '_' and '.'");
  }
  claim_id(group.id, group.where);
  m_config.groups.push_back(std::move(group));
}

void Loader::read_plan(const toml::table& table, const std::string& file) {
  TableReader reader(table, "[[plan]]", file, m_diagnostics);
  Plan plan;
  plan.where = reader.where();
  plan.id = reader.string("id", true).value_or("");
  plan.title = reader.string("title", true).value_or("");
  plan.decision = reader.string("decision").value_or("");
  // The span: `year`, or `first_year` and `last_year` (a multi-year plan).
  if (reader.has("year") && reader.has("first_year")) {
    reader.error_at_key("first_year", "[[plan]]: give \"year\" or \"first_year\", not both");
  } else if (!reader.has("year") && !reader.has("first_year")) {
    reader.error_here("[[plan]]: missing required key \"year\" (or \"first_year\" and \"last_year\")");
  }
  plan.year =
      static_cast<int>(reader.integer(reader.has("first_year") ? "first_year" : "year", 1900, 2200).value_or(0));
  if (reader.has("last_year")) {
    if (auto last = reader.integer("last_year", 1900, 2200)) {
      if (plan.year != 0 && *last < plan.year) {
        reader.error_at_key("last_year", "[[plan]]: last_year " + std::to_string(*last) + " is before the first year " +
                                             std::to_string(plan.year));
      } else {
        plan.last_year = static_cast<int>(*last);
      }
    }
  }
  plan.roll = parse_roll(reader, "roll");
  plan.before_date = parse_before_date(reader, "before_date");
  if (auto days = parse_report_days(reader, "report_days")) {
    plan.report_days = *days;
  }
  if (auto policy = reader.string("policy")) {
    plan.policy = *policy;
    m_policy_references.emplace_back(*policy, reader.where("policy"));
  }
  plan.tracking_from = reader.date("tracking_from");
  auto task_tables = reader.tables("task");
  if (plan.year != 0) {
    for (const auto* task_table : task_tables) {
      read_task(*task_table, file, plan);
    }
  }
  reader.finish();
  resolve_parents(plan, task_tables);
  for (const auto& existing : m_config.plans) {
    if (!plan.id.empty() && existing.id == plan.id) {
      error(plan.where, "duplicate plan id \"" + plan.id + "\" (first defined at " + existing.where.file + ":" +
                            std::to_string(existing.where.line) + ":" + std::to_string(existing.where.column) + ")");
      return;
    }
  }
  m_config.plans.push_back(std::move(plan));
}

// Sub-rows written with `parent = "N"`: N must be another row of the same
// plan (one level: a parent is not itself a sub-row); a sub-row without a
// title takes its parent's.
void Loader::resolve_parents(Plan& plan, const std::vector<const toml::table*>& task_tables) {
  // Every id the plan declares, also of rows refused for another error, so one
  // mistake is not reported twice.
  std::vector<std::string> declared;
  for (const auto* table : task_tables) {
    if (auto id = (*table)["id"].value<std::string>()) {
      declared.push_back(*id);
    }
  }
  for (Task& task : plan.tasks) {
    if (task.parent.empty()) {
      continue;
    }
    const std::string label = "task \"" + task.id + "\"";
    if (task.parent == task.id) {
      error(task.parent_where, label + ": parent \"" + task.parent + "\" is the task itself");
      continue;
    }
    auto found =
        std::find_if(plan.tasks.begin(), plan.tasks.end(), [&](const Task& other) { return other.id == task.parent; });
    if (found == plan.tasks.end()) {
      if (std::find(declared.begin(), declared.end(), task.parent) != declared.end()) {
        continue;  // the parent has an error of its own
      }
      std::string message = label + ": parent \"" + task.parent + "\" is not a task of plan \"" + plan.id + "\"";
      // Short numbers ("2" for "1") are too close to anything to suggest.
      std::string suggestion = task.parent.size() >= 3 ? closest(task.parent, declared) : std::string();
      if (!suggestion.empty() && suggestion != task.id) {
        message += "; did you mean \"" + suggestion + "\"?";
      }
      error(task.parent_where, message);
      continue;
    }
    if (!found->parent.empty()) {
      error(task.parent_where, label + ": parent \"" + task.parent + "\" is itself a sub-row (of \"" + found->parent +
                                   "\"); name the row at the top instead");
      continue;
    }
    if (task.title.empty()) {
      task.title = found->title;
    }
  }
}

void Loader::read_task(const toml::table& table, const std::string& file, Plan& plan) {
  TableReader reader(table, "[[plan.task]]", file, m_diagnostics);
  Task task;
  task.where = reader.where();
  task.id = reader.string("id", true).value_or("");
  if (auto parent = reader.string("parent")) {
    task.parent = *parent;
    task.parent_where = reader.where("parent");
  }
  // A sub-row given with `parent` may leave out the title: it is the parent's.
  task.title = reader.string("title", task.parent.empty()).value_or("");
  task.product = reader.string("product").value_or("");
  task.note = reader.string("note").value_or("");
  auto when = reader.string("when");
  task.when = when.value_or("");
  std::string label = "task \"" + task.id + "\"";
  for (auto& [id, where] : reader.located_strings("lead")) {
    m_references.push_back(Reference{id, where, "lead of " + label});
    task.lead.push_back(id);
  }
  for (auto& [id, where] : reader.located_strings("support")) {
    m_references.push_back(Reference{id, where, "support of " + label});
    task.support.push_back(id);
  }
  task.roll = parse_roll(reader, "roll");
  task.before_date = parse_before_date(reader, "before_date");
  task.report_days = parse_report_days(reader, "report_days");
  if (auto policy = reader.string("policy")) {
    task.policy = *policy;
    m_policy_references.emplace_back(*policy, reader.where("policy"));
  }
  const toml::table* schedule = reader.table("schedule");
  bool timeline_ok = true;
  if (schedule != nullptr) {
    if (auto timeline = read_schedule(reader, *schedule, plan)) {
      task.timeline = std::move(*timeline);
      task.structured = true;
    } else {
      timeline_ok = false;
    }
  } else if (!when) {
    reader.error_here(label + ": needs \"when\" (the timeline as written in the plan) or \"schedule\"");
    timeline_ok = false;
  } else {
    auto parsed = parse_timeline(*when, plan.span());
    if (parsed) {
      task.timeline = std::move(*parsed);
    } else {
      reader.error(*reader.take("when"), "when: " + parsed.error().message + "; or give a structured `schedule`");
      timeline_ok = false;
    }
  }
  reader.finish();
  if (task.id.empty() || !timeline_ok) {
    return;
  }
  if (task.lead.empty()) {
    m_diagnostics.push_back(Diagnostic{task.where.file, task.where.line, task.where.column,
                                       label + ": no lead unit; nobody would be reminded", Severity::warning});
  }
  for (const auto& existing : plan.tasks) {
    if (existing.id == task.id) {
      error(task.where, "duplicate task id \"" + task.id + "\" in plan \"" + plan.id + "\" (first defined at " +
                            existing.where.file + ":" + std::to_string(existing.where.line) + ":" +
                            std::to_string(existing.where.column) + ")");
      return;
    }
  }
  plan.tasks.push_back(std::move(task));
}

struct PeriodSpec {
  PeriodKind kind;
  Date start;
  Date end;
  std::string label;
};

std::vector<PeriodSpec> periods_of(PeriodKind kind, int year) {
  std::vector<PeriodSpec> result;
  static const char* k_roman[] = {"I", "II", "III", "IV"};
  switch (kind) {
    case PeriodKind::month:
      for (unsigned m = 1; m <= 12; ++m) {
        char label[32];
        std::snprintf(label, sizeof label, "Tháng %02u/%d", m, year);
        result.push_back({kind, make_date(year, m, 1), last_day_of_month(year, m), label});
      }
      break;
    case PeriodKind::quarter:
      for (unsigned q = 0; q < 4; ++q) {
        result.push_back({kind, make_date(year, q * 3 + 1, 1), last_day_of_month(year, q * 3 + 3),
                          std::string("Quý ") + k_roman[q] + "/" + std::to_string(year)});
      }
      break;
    case PeriodKind::half:
      result.push_back(
          {kind, make_date(year, 1, 1), make_date(year, 6, 30), "6 tháng đầu năm " + std::to_string(year)});
      result.push_back(
          {kind, make_date(year, 7, 1), make_date(year, 12, 31), "6 tháng cuối năm " + std::to_string(year)});
      break;
    default:
      result.push_back(
          {PeriodKind::year, make_date(year, 1, 1), make_date(year, 12, 31), "Năm " + std::to_string(year)});
      break;
  }
  return result;
}

std::optional<PeriodSpec> parse_period_token(std::string_view token, int year) {
  auto number = [&](std::size_t from) -> int {
    int value = 0;
    for (std::size_t i = from; i < token.size(); ++i) {
      if (token[i] < '0' || token[i] > '9') {
        return -1;
      }
      value = value * 10 + (token[i] - '0');
    }
    return token.size() > from ? value : -1;
  };
  if (token == "year") {
    return periods_of(PeriodKind::year, year)[0];
  }
  if (token.size() >= 2 && token[0] == 'M') {
    int m = number(1);
    if (m >= 1 && m <= 12) {
      return periods_of(PeriodKind::month, year)[static_cast<std::size_t>(m - 1)];
    }
  }
  if (token.size() == 2 && token[0] == 'Q') {
    int q = number(1);
    if (q >= 1 && q <= 4) {
      return periods_of(PeriodKind::quarter, year)[static_cast<std::size_t>(q - 1)];
    }
  }
  if (token.size() == 2 && token[0] == 'H') {
    int h = number(1);
    if (h >= 1 && h <= 2) {
      return periods_of(PeriodKind::half, year)[static_cast<std::size_t>(h - 1)];
    }
  }
  return std::nullopt;
}

std::optional<Timeline> Loader::read_schedule(TableReader& task_reader, const toml::table& table, const Plan& plan) {
  TableReader reader(table, "schedule", task_reader.file(), m_diagnostics);
  Timeline timeline;
  std::size_t before = m_diagnostics.size();
  auto kind = reader.string("kind");
  auto date = reader.date("date");
  const toml::array* dates = reader.array("dates");
  auto every = reader.string("every");
  const toml::array* periods = reader.array("periods");
  const toml::node* day_node = reader.take("day");
  auto report = reader.boolean("report");
  auto from = reader.date("from");
  auto to = reader.date("to");
  reader.finish();

  int forms = (kind ? 1 : 0) + (date ? 1 : 0) + (dates ? 1 : 0) + (every ? 1 : 0) + (periods ? 1 : 0);
  if (forms != 1 && m_diagnostics.size() == before) {
    reader.error_here("schedule: give exactly one of \"kind\", \"date\", \"dates\", \"every\" or \"periods\"");
    return std::nullopt;
  }
  // Day of the period's last month; 0 = the last day.
  int day = 0;
  if (day_node != nullptr) {
    if (const auto* text = day_node->as_string(); text && text->get() == "last") {
      day = 0;
    } else if (const auto* number = day_node->as_integer(); number && number->get() >= 1 && number->get() <= 31) {
      day = static_cast<int>(number->get());
    } else {
      reader.error(*day_node, "schedule.day: expected \"last\" or a day number 1..31");
    }
  }
  if (m_diagnostics.size() != before) {
    return std::nullopt;
  }
  if (kind) {
    if (*kind == "ongoing") {
      timeline.kind = TimelineKind::ongoing;
    } else if (*kind == "on_demand") {
      timeline.kind = TimelineKind::on_demand;
    } else if (*kind == "none") {
      timeline.kind = TimelineKind::none;
    } else {
      reader.error(*reader.take("kind"),
                   "schedule.kind: expected \"ongoing\", \"on_demand\" or \"none\", got \"" + *kind + "\"");
      return std::nullopt;
    }
    return timeline;
  }
  auto single = [](Date d) { return Occurrence{to_iso(d), d, d, DueAnchor::period_end, PeriodKind::day, false}; };
  if (date) {
    timeline.occurrences.push_back(single(*date));
    return timeline;
  }
  if (dates) {
    for (const auto& item : *dates) {
      const auto* value = item.as_date();
      if (value == nullptr ||
          !is_valid_date(static_cast<int>(value->get().year), value->get().month, value->get().day)) {
        reader.error(item, "schedule.dates: expected dates like 2022-03-15");
        continue;
      }
      timeline.occurrences.push_back(single(to_date(value->get())));
    }
    if (m_diagnostics.size() != before) {
      return std::nullopt;
    }
    return timeline;
  }
  std::vector<PeriodSpec> specs;
  if (every) {
    PeriodKind period;
    if (*every == "month") {
      period = PeriodKind::month;
    } else if (*every == "quarter") {
      period = PeriodKind::quarter;
    } else if (*every == "half") {
      period = PeriodKind::half;
    } else if (*every == "year") {
      period = PeriodKind::year;
    } else {
      reader.error(*reader.take("every"),
                   "schedule.every: expected \"month\", \"quarter\", \"half\" or \"year\", got \"" + *every + "\"");
      return std::nullopt;
    }
    Date first = from.value_or(make_date(plan.year, 1, 1));
    Date last = to.value_or(make_date(plan.span_last(), 12, 31));
    if (last < first) {
      reader.error_here("schedule: \"to\" is before \"from\"");
      return std::nullopt;
    }
    for (int y = year_of(first); y <= year_of(last); ++y) {
      for (auto& spec : periods_of(period, y)) {
        if (spec.end >= first && spec.end <= last) {
          specs.push_back(spec);
        }
      }
    }
  } else {
    for (const auto& item : *periods) {
      const auto* token = item.as_string();
      auto spec = token ? parse_period_token(token->get(), plan.year) : std::nullopt;
      if (!spec) {
        reader.error(item, "schedule.periods: expected M1..M12, Q1..Q4, H1, H2 or \"year\"");
        continue;
      }
      specs.push_back(*spec);
    }
    if (m_diagnostics.size() != before) {
      return std::nullopt;
    }
  }
  bool is_report = report.value_or(false);
  for (const auto& spec : specs) {
    Date due = spec.end;
    if (day != 0) {
      due = clamped_date(year_of(spec.end), month_of(spec.end), static_cast<unsigned>(day));
    }
    timeline.occurrences.push_back(Occurrence{is_report ? "Báo cáo " + spec.label : spec.label, spec.start, due,
                                              DueAnchor::period_end, spec.kind, is_report});
  }
  return timeline;
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

}  // namespace

namespace {

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
