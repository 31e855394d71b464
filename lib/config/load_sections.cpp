// The top-level settings tables of the main file: [daemon], [calendar],
// [smtp], [email], [webhooks], [delivery], [http], [escalation], [acks],
// [report] and [pages].
#include <arpa/inet.h>

#include <algorithm>

#include "config/config.hpp"
#include "config/loader.hpp"
#include "config/url_check.hpp"
#include "config/toml_reader.hpp"

namespace deadlined::config_load {

namespace {

// TimeoutStopSec of systemd/deadlined.service.
constexpr int k_unit_stop_timeout_s = 90;

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

}  // namespace

void Loader::read_daemon(TableReader& parent) {
  read_table(parent, "daemon", [&](TableReader& reader) {
    DaemonSettings& daemon = m_config.daemon;
    if (auto zone = reader.string("timezone")) {
      // Names are short (the longest in tzdata is 32 bytes); a long one would
      // only make the file system say ENAMETOOLONG.
      std::error_code failed;
      bool known = !zone->empty() && zone->size() <= 255 && (*zone)[0] != '/' &&
                   zone->find("..") == std::string::npos &&
                   std::filesystem::exists(std::filesystem::path("/usr/share/zoneinfo") / *zone, failed);
      if (!known) {
        reader.error(*reader.take("timezone"), "daemon.timezone: unknown time zone \"" + *zone + "\"");
      }
      daemon.timezone = *zone;
    }
    if (auto dir = reader.string("state_dir")) {
      if (dir->empty()) {
        reader.error(*reader.take("state_dir"),
                     "daemon.state_dir: empty; name the directory of the outbox (default /var/lib/deadlined)");
      }
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
  });
}

void Loader::read_calendar(TableReader& parent, const std::filesystem::path& base) {
  read_table(parent, "calendar", [&](TableReader& reader) {
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
      if (std::all_of(calendar.rest_days.begin(), calendar.rest_days.end(), [](bool rest) { return rest; })) {
        reader.error(*days,
                     "calendar.rest_days: every day of the week is a rest day, so no deadline has a working "
                     "day to fall on");
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
  });
}

void Loader::read_smtp(TableReader& parent) {
  read_table(parent, "smtp", [&](TableReader& reader) {
    SmtpConfig& smtp = m_config.smtp;
    if (auto url = reader.string("url")) {
      if (const auto problem = url_problem(*url, {"smtp", "smtps"})) {
        reader.error(*reader.take("url"), "smtp.url: " + *problem + " (smtp://HOST[:PORT] or smtps://HOST[:PORT])");
      }
      smtp.url = *url;
    }
    smtp.username = reader.string("username").value_or("");
    smtp.password_file = relative_to(parent.file(), reader.string("password_file").value_or(""));
    smtp.password_credential = reader.string("password_credential").value_or("");
    smtp.password_env = reader.string("password_env").value_or("");
    smtp.password_where = reader.secret_where("password");
    if (reader.has("password")) {
      reader.error_at_key(
          "password",
          "smtp.password: secrets are not accepted inline; use password_file, password_credential or password_env");
      reader.take("password");
    }
    smtp.require_tls = reader.boolean("require_tls").value_or(true);
    // As delivery refuses it: a password never crosses the network in clear.
    if (!smtp.username.empty() && !smtp.require_tls && smtp.url.starts_with("smtp://")) {
      reader.error_at_key("username",
                          "smtp.username: a login needs TLS, and require_tls = false with smtp:// sends none; "
                          "use smtps://, or require_tls = true");
    }
    smtp.ca_file = relative_to(parent.file(), reader.string("ca_file").value_or(""));
    smtp.connect_timeout_s = static_cast<int>(reader.integer("connect_timeout", 1, 600).value_or(10));
    smtp.timeout_s = static_cast<int>(reader.integer("timeout", 1, 3600).value_or(60));
    smtp.max_connections = static_cast<int>(reader.integer("max_connections", 1, 64).value_or(2));
  });
}

std::optional<std::string> read_contact(TableReader& reader, std::string_view label) {
  auto contact = reader.string("contact");
  if (!contact) {
    return std::nullopt;
  }
  // It is printed as one line of a footer and a page: a line break or another
  // control character (C0, DEL, C1) would break the text part's layout.
  std::size_t points = 0;
  for (std::size_t i = 0; i < contact->size(); ++i) {
    const auto byte = static_cast<unsigned char>((*contact)[i]);
    const bool c1 = byte == 0xC2U && i + 1 < contact->size() &&
                    static_cast<unsigned char>((*contact)[i + 1]) >= 0x80U &&
                    static_cast<unsigned char>((*contact)[i + 1]) <= 0x9FU;
    if (byte < 0x20U || byte == 0x7FU || c1) {
      reader.error(*reader.take("contact"), std::string(label) +
                                                ": one line without control characters, got a control character at "
                                                "byte " +
                                                std::to_string(i + 1));
      return std::nullopt;
    }
    points += (byte & 0xC0U) != 0x80U ? 1 : 0;
  }
  if (points > k_contact_max_points) {
    reader.error(*reader.take("contact"), std::string(label) + ": at most " + std::to_string(k_contact_max_points) +
                                              " characters, got " + std::to_string(points));
    return std::nullopt;
  }
  return contact;
}

void Loader::read_email(TableReader& parent, const std::filesystem::path& base) {
  read_table(parent, "email", [&](TableReader& reader) {
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
    email.contact = read_contact(reader, "email.contact").value_or("");
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
  });
}

void Loader::read_webhooks(TableReader& parent) {
  read_table(parent, "webhooks", [&](TableReader& reader) {
    m_config.webhook.timeout_s = static_cast<int>(reader.integer("timeout", 1, 600).value_or(10));
    m_config.webhook.max_per_host = static_cast<int>(reader.integer("max_per_host", 1, 256).value_or(4));
    m_config.webhook.pipeline = static_cast<int>(reader.integer("pipeline", 1, 64).value_or(8));
    m_config.webhook.ca_file = relative_to(parent.file(), reader.string("ca_file").value_or(""));
  });
}

void Loader::read_delivery(TableReader& parent) {
  read_table(parent, "delivery", [&](TableReader& reader) {
    DeliveryConfig& d = m_config.delivery;
    d.retry_base_s = static_cast<int>(reader.integer("retry_base", 1, 86400).value_or(d.retry_base_s));
    d.retry_cap_s = static_cast<int>(reader.integer("retry_cap", 1, 7 * 86400).value_or(d.retry_cap_s));
    if (d.retry_cap_s < d.retry_base_s) {
      const Location at = reader.where(reader.has("retry_cap") ? "retry_cap" : "retry_base");
      warn(at, "delivery.retry_cap (" + std::to_string(d.retry_cap_s) + " s) is below delivery.retry_base (" +
                   std::to_string(d.retry_base_s) + " s): every retry waits retry_cap");
    }
    d.timer_cap_s = static_cast<int>(reader.integer("timer_cap", 1, 3600).value_or(d.timer_cap_s));
    d.drain_timeout_s = static_cast<int>(reader.integer("drain_timeout", 1, 600).value_or(d.drain_timeout_s));
    // A stop waits for the drain, then cuts the transfers still running
    // short (their rows go back to the outbox); systemd kills what outlasts
    // its stop timeout, and those outcomes are never recorded.
    if (d.drain_timeout_s > k_unit_stop_timeout_s - 5) {
      warn(reader.where("drain_timeout"),
           "a stop may take " + std::to_string(d.drain_timeout_s) +
               " s (delivery.drain_timeout), close to or over the " + std::to_string(k_unit_stop_timeout_s) +
               " s the shipped service unit allows (TimeoutStopSec): raise it with `systemctl edit deadlined`, "
               "or systemd kills the daemon before it records the deliveries in flight and they are sent again at "
               "the next start");
    }
    d.workers = static_cast<int>(reader.integer("workers", 1, 64).value_or(d.workers));
    d.max_unrecorded = static_cast<int>(reader.integer("max_unrecorded", 1, 10000).value_or(d.max_unrecorded));
    d.catch_up_s = static_cast<int>(reader.integer("catch_up", 0, 366 * 86400).value_or(d.catch_up_s));
    d.ready_window_s = static_cast<int>(reader.integer("ready_window", 0, 366 * 86400).value_or(d.ready_window_s));
    if (auto full =
            read_choice<bool>(reader, "synchronous", "delivery.synchronous", {{"normal", false}, {"full", true}})) {
      d.synchronous_full = *full;
    }
  });
}

void Loader::read_outbox(TableReader& parent) {
  read_table(parent, "outbox", [&](TableReader& reader) {
    OutboxConfig& outbox = m_config.outbox;
    outbox.keep_final_days =
        static_cast<int>(reader.integer("keep_final_days", 31, 100 * 366).value_or(outbox.keep_final_days));
    if (auto at = reader.string("compact_at")) {
      if (at->empty() || *at == "off") {
        outbox.compact_minute_of_day.reset();
      } else if (auto minutes = parse_clock_minutes(*at)) {
        outbox.compact_minute_of_day = *minutes;
      } else {
        reader.error(*reader.take("compact_at"),
                     "outbox.compact_at: expected a time like \"02:30\", or \"off\"; got \"" + *at + "\"");
      }
    }
  });
}

void Loader::read_http(TableReader& parent) {
  read_table(parent, "http", [&](TableReader& reader) {
    HttpConfig& http = m_config.http;
    http.enabled = reader.boolean("enabled").value_or(true);
    if (auto listen = reader.string("listen")) {
      if (auto parsed = parse_listen(*listen)) {
        http.listen = *listen;
        http.host = parsed->first;
        http.port = parsed->second;
      } else {
        reader.error(
            *reader.take("listen"),
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
    http.ack_link_ttl_s =
        static_cast<int>(reader.integer("ack_link_ttl", 60, 366 * 86400).value_or(http.ack_link_ttl_s));
    http.api_token_file = relative_to(parent.file(), reader.string("api_token_file").value_or(""));
    http.api_token_credential = reader.string("api_token_credential").value_or("");
    http.api_token_env = reader.string("api_token_env").value_or("");
    http.status_token_where = reader.secret_where("status_token");
    http.feed_secret_where = reader.secret_where("feed_secret");
    http.ack_secret_where = reader.secret_where("ack_secret");
    http.api_token_where = reader.secret_where("api_token");
    for (std::string_view inline_key : {"status_token", "feed_secret", "ack_secret", "api_token"}) {
      if (reader.has(inline_key)) {
        reader.error_at_key(inline_key, "http." + std::string(inline_key) +
                                            ": secrets are not accepted inline; use _file, _credential or _env");
        reader.take(inline_key);
      }
    }
  });
}

void Loader::read_escalation(TableReader& parent) {
  read_table(parent, "escalation", [&](TableReader& reader) {
    for (int t = 0; t < k_tier_count; ++t) {
      auto tier = static_cast<Tier>(t);
      std::string key(to_string(tier));
      if (auto id = reader.string(key)) {
        m_config.escalation.supervisor_by_tier[static_cast<std::size_t>(t)] = *id;
        m_unit_references.push_back(Reference{*id, reader.where(key), "escalation." + key});
      }
    }
  });
}

void Loader::read_acks(TableReader& parent) {
  read_table(parent, "acks", [&](TableReader& reader) {
    AcksConfig& acks = m_config.acks;
    acks.undo_window_s = static_cast<int>(reader.integer("undo_window", 0, 366 * 86400).value_or(acks.undo_window_s));
  });
}

void Loader::read_pages(TableReader& parent, const std::filesystem::path& base) {
  read_table(parent, "pages", [&](TableReader& reader) {
    if (auto dir = reader.string("templates_dir")) {
      std::filesystem::path path(*dir);
      m_config.pages.templates_dir = path.is_absolute() ? path : base / path;
      std::error_code failed;
      if (!std::filesystem::is_directory(m_config.pages.templates_dir, failed)) {
        reader.error(*reader.take("templates_dir"), "pages.templates_dir: no such directory \"" +
                                                        m_config.pages.templates_dir.string() + "\"" +
                                                        (failed ? " (" + failed.message() + ")" : ""));
      }
    }
  });
}

void Loader::read_report(TableReader& parent) {
  read_table(parent, "report", [&](TableReader& reader) {
    ReportConfig& report = m_config.report;
    if (auto to = reader.string("to", true)) {
      report.to = *to;
      m_unit_references.push_back(Reference{*to, reader.where("to"), "report.to"});
    }
    if (auto every = read_choice<ReportEvery>(reader, "every", "report.every",
                                              {{"weekly", ReportEvery::weekly}, {"monthly", ReportEvery::monthly}})) {
      report.every = *every;
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
    report.mail_rows = static_cast<int>(reader.integer("mail_rows", 10, 100000).value_or(report.mail_rows));
  });
}

}  // namespace deadlined::config_load
