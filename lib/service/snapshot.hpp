#pragma once
// Everything the daemon needs from one version of the configuration, built
// and validated as a whole. A reload builds a new snapshot and swaps it in
// only when it loaded without errors.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <tl/expected.hpp>

#include "calendar/zone.hpp"
#include "config/config.hpp"
#include "delivery/page_templates.hpp"
#include "delivery/templates.hpp"

namespace deadlined {

// Looks up an environment variable; injected so secrets can be tested.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
Environment process_environment();

struct Snapshot {
  Config config;
  WorkingCalendar calendar;
  TimeZone zone;
  delivery::Templates templates;
  std::string smtp_password;                           // resolved secret; empty without AUTH
  std::map<std::string, std::string> webhook_secrets;  // URL -> HMAC secret
  Diagnostics warnings;
  std::string ack_secret;  // resolved http.ack_secret_*; empty: no ack links in emails
  delivery::PageTemplates pages = delivery::PageTemplates::defaults();  // [pages] templates_dir
};

struct SnapshotOptions {
  std::optional<std::filesystem::path> state_dir;  // overrides daemon.state_dir
  LoadOptions load;
};

// Errors (config, secrets, templates, time zone) are diagnostics; the
// snapshot exists only when there are none.
tl::expected<std::shared_ptr<const Snapshot>, Diagnostics> load_snapshot(const std::filesystem::path& main_file,
                                                                         const Environment& environment,
                                                                         const SnapshotOptions& options = {});

// Reads a secret from a file, a systemd credential ($CREDENTIALS_DIRECTORY/NAME)
// or an environment variable, whichever is set; trailing newlines removed.
tl::expected<std::string, std::string> read_secret(const std::string& file, const std::string& credential,
                                                   const std::string& env_name, const Environment& environment);

// What `check` warns of beyond the loader's own warnings: a year of a plan's
// span with no official holiday notice, and a configuration without plans.
// Part of every snapshot's warnings: `run` prints them at start, a reload
// logs them.
Diagnostics configuration_warnings(const Config& config, const WorkingCalendar& calendar);

// The same warning for the years obligations fall in past every plan's span
// (open-ended phrases, dates written past the plan's year): known only once
// the obligations are expanded (by `check`) or planned (by a reload).
Diagnostics provisional_years_beyond_plans(const Config& config, const WorkingCalendar& calendar,
                                           const std::set<int>& years);

// A secret that cannot be read, located at the key that names it (the
// main file when that key's table is absent): "file:line:col: message".
Diagnostic secret_diagnostic(const Location& where, const std::string& main_file, std::string message);

// What to do about a systemd credential that cannot be read: the exact
// `LoadCredential=` line the unit needs and where the secret goes.
std::string load_credential_hint(const std::string& credential);

std::filesystem::path outbox_path(const Config& config);
std::filesystem::path maildir_path(const Config& config);

}  // namespace deadlined
