#include "service/snapshot.hpp"

#include <algorithm>
#include <cstdlib>

#include "util/safe_input.hpp"

namespace deadlined {

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

std::filesystem::path outbox_path(const Config& config) {
  return config.daemon.state_dir / "outbox.sqlite";
}
std::filesystem::path maildir_path(const Config& config) {
  return config.daemon.state_dir / "Maildir";
}

std::string load_credential_hint(const std::string& credential) {
  return "credential \"" + credential + "\": add `LoadCredential=" + credential + ":deadlined." + credential +
         "` to the service unit (systemctl edit deadlined) and put the secret in /etc/credstore/deadlined." +
         credential;
}

tl::expected<std::string, std::string> read_secret(const std::string& file, const std::string& credential,
                                                   const std::string& env_name, const Environment& environment) {
  std::filesystem::path path;
  if (!file.empty()) {
    path = file;
  } else if (!credential.empty()) {
    auto directory = environment("CREDENTIALS_DIRECTORY");
    if (!directory || directory->empty()) {
      return tl::unexpected("credential \"" + credential + "\": $CREDENTIALS_DIRECTORY is not set");
    }
    path = std::filesystem::path(*directory) / credential;
  } else if (!env_name.empty()) {
    auto value = environment(env_name);
    if (!value) {
      return tl::unexpected("environment variable " + env_name + " is not set");
    }
    while (!value->empty() && (value->back() == '\n' || value->back() == '\r')) {
      value->pop_back();
    }
    return *value;
  } else {
    return std::string();
  }
  // Why it cannot be read is half of the fix (a typo, or the service's user
  // may not read it).
  const auto unreadable = [&](const std::string& why) {
    std::string message = "cannot read secret file " + path.string() + ": " + why;
    if (file.empty()) {
      message += " (" + load_credential_hint(credential) + ")";
    }
    return tl::unexpected(std::move(message));
  };
  if (std::error_code ec; std::filesystem::is_directory(path, ec)) {
    return unreadable("it is a directory");
  }
  // Never a FIFO (nobody writing it would hang the start, `check` and a
  // reload), a device or anything larger than a secret can be.
  constexpr std::size_t k_max_secret_bytes = 64 * 1024;
  std::string secret;
  if (std::string error; !read_regular_file(path, secret, error, k_max_secret_bytes)) {
    return unreadable(error);
  }
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
    secret.pop_back();
  }
  if (secret.empty()) {
    // An empty token would turn its page or signature off without a word.
    return unreadable("it is empty");
  }
  return secret;
}

namespace {

Diagnostic provisional_warning(const Config& config, int year) {
  return Diagnostic{config.main_file.string(), 0, 0,
                    "no official holiday notice for " + std::to_string(year) +
                        "; its calendar is computed from the statute (provisional)",
                    Severity::warning};
}

bool in_a_plan_span(const Config& config, int year) {
  return std::any_of(config.plans.begin(), config.plans.end(),
                     [&](const Plan& plan) { return plan.year <= year && year <= plan.span_last(); });
}

}  // namespace

Diagnostics configuration_warnings(const Config& config, const WorkingCalendar& calendar) {
  std::set<int> years;
  for (const auto& plan : config.plans) {
    for (int year = plan.year; year <= plan.span_last(); ++year) {
      years.insert(year);
    }
  }
  Diagnostics warnings;
  for (int year : years) {
    if (calendar.is_provisional(year)) {
      warnings.push_back(provisional_warning(config, year));
    }
  }
  if (config.plans.empty()) {
    // An `include` pattern with a typo matches no plan: a reload would then
    // skip every pending reminder.
    warnings.push_back(Diagnostic{config.main_file.string(), 0, 0,
                                  "no plans: nobody will be reminded (is every `include` pattern right?)",
                                  Severity::warning});
  }
  return warnings;
}

Diagnostics provisional_years_beyond_plans(const Config& config, const WorkingCalendar& calendar,
                                           const std::set<int>& years) {
  Diagnostics warnings;
  for (int year : years) {
    if (!in_a_plan_span(config, year) && calendar.is_provisional(year)) {
      warnings.push_back(provisional_warning(config, year));
    }
  }
  return warnings;
}

Diagnostic secret_diagnostic(const Location& where, const std::string& main_file, std::string message) {
  if (where.file.empty()) {
    return Diagnostic{main_file, 0, 0, std::move(message)};
  }
  return Diagnostic{where.file, where.line, where.column, std::move(message)};
}

tl::expected<std::shared_ptr<const Snapshot>, Diagnostics> load_snapshot(const std::filesystem::path& main_file,
                                                                         const Environment& environment,
                                                                         const SnapshotOptions& options) {
  LoadResult loaded = load_config(main_file, options.load);
  if (!loaded.config) {
    return tl::unexpected(std::move(loaded.diagnostics));
  }
  Config& config = *loaded.config;
  if (options.state_dir) {
    config.daemon.state_dir = *options.state_dir;
  }
  Diagnostics errors;
  std::string file = main_file.string();
  auto error = [&](std::string message) { errors.push_back(Diagnostic{file, 0, 0, std::move(message)}); };

  auto zone = TimeZone::locate(config.daemon.timezone);
  if (!zone) {
    error("daemon.timezone: " + zone.error());
  }
  delivery::Templates templates = delivery::Templates::defaults();
  if (!config.email.templates_dir.empty()) {
    auto custom = delivery::Templates::load(config.email.templates_dir);
    if (custom) {
      templates = std::move(*custom);
    } else {
      error("email.templates_dir: " + custom.error());
    }
  }
  delivery::PageTemplates pages = delivery::PageTemplates::defaults();
  if (!config.pages.templates_dir.empty()) {
    auto custom = delivery::PageTemplates::load(config.pages.templates_dir);
    if (custom) {
      pages = std::move(*custom);
    } else {
      error("pages.templates_dir: " + custom.error());
    }
  }
  std::string smtp_password;
  const SmtpConfig& smtp = config.smtp;
  if (!smtp.url.empty()) {
    auto password = read_secret(smtp.password_file, smtp.password_credential, smtp.password_env, environment);
    if (password) {
      smtp_password = std::move(*password);
    } else {
      errors.push_back(secret_diagnostic(smtp.password_where, file, "smtp password: " + password.error()));
    }
    if (!smtp.username.empty() && smtp_password.empty() && password) {
      errors.push_back(secret_diagnostic(smtp.password_where, file,
                                         "smtp.username is set but no password_file, password_credential or "
                                         "password_env"));
    }
  }
  std::map<std::string, std::string> webhook_secrets;
  for (const auto& unit : config.units) {
    for (const auto& hook : unit.webhooks) {
      auto secret = read_secret(hook.secret_file, hook.secret_credential, hook.secret_env, environment);
      if (secret) {
        webhook_secrets[hook.url] = std::move(*secret);
      } else {
        errors.push_back(secret_diagnostic(hook.secret_where, file,
                                           "webhook secret of unit \"" + unit.id + "\": " + secret.error()));
      }
    }
  }
  std::string ack_secret;
  {
    const HttpConfig& http = config.http;
    auto secret = read_secret(http.ack_secret_file, http.ack_secret_credential, http.ack_secret_env, environment);
    if (secret) {
      ack_secret = std::move(*secret);
    } else {
      errors.push_back(secret_diagnostic(http.ack_secret_where, file, "http ack secret: " + secret.error()));
    }
  }
  if (!errors.empty()) {
    return tl::unexpected(std::move(errors));
  }
  WorkingCalendar calendar = make_calendar(config);
  for (auto& warning : configuration_warnings(config, calendar)) {
    loaded.diagnostics.push_back(std::move(warning));
  }
  auto snapshot = std::make_shared<Snapshot>(
      Snapshot{std::move(config), std::move(calendar), std::move(*zone), std::move(templates), std::move(smtp_password),
               std::move(webhook_secrets), std::move(loaded.diagnostics), std::move(ack_secret), std::move(pages)});
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

}  // namespace deadlined
