#pragma once
// The validated configuration: plain values, no TOML types. Built by
// load_config() from the main file and its includes; a Config exists only
// when there were no errors, so everything downstream may trust it.
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "calendar/working_calendar.hpp"
#include "schedule/timeline.hpp"
#include "util/diagnostic.hpp"

namespace deadlined {

struct Location {
  std::string file;
  int line = 0;
  int column = 0;
};

enum class Tier { province, department, district, commune, other };
inline constexpr int k_tier_count = 5;
std::string_view to_string(Tier tier);
std::optional<Tier> parse_tier(std::string_view text);

// A tier's bit in an occurrence's TierMask (a cell giving each level of
// government its own time).
constexpr TierMask tier_bit(Tier tier) {
  return static_cast<TierMask>(1U << static_cast<unsigned>(tier));
}
static_assert(tier_bit(Tier::province) == k_tier_province && tier_bit(Tier::department) == k_tier_department &&
              tier_bit(Tier::district) == k_tier_district && tier_bit(Tier::commune) == k_tier_commune &&
              tier_bit(Tier::other) == k_tier_other);
// Whether what carries `tiers` is for a unit of `tier` (0: for every unit).
constexpr bool is_for_tier(TierMask tiers, Tier tier) {
  return tiers == 0 || (tiers & tier_bit(tier)) != 0;
}
// "district, commune": the tiers of a mask, in their order.
std::string tier_names(TierMask tiers);

enum class BeforeDateReading { inclusive, strict };
std::string_view to_string(BeforeDateReading reading);

struct Webhook {
  std::string url;
  std::string secret_file;        // path to a file holding the HMAC secret
  std::string secret_credential;  // name under $CREDENTIALS_DIRECTORY
  std::string secret_env;         // environment variable holding the secret
  Location secret_where;          // the secret_* key given (else the webhook's table), for messages
};

struct Unit {
  std::string id;
  std::string name;
  Tier tier = Tier::other;
  std::vector<std::string> emails;
  std::vector<Webhook> webhooks;
  std::string supervisor;            // unit that receives escalations; empty: [escalation] per tier
  std::vector<std::string> aliases;  // other names the plans use ("deadlined import")
  bool no_channels = false;          // `channels = []`: deliberately never reminded (listed by `check`)
  Location where;
};

struct Group {
  std::string id;
  std::string name;
  std::vector<std::string> members;  // unit or group ids as written
  std::vector<std::string> aliases;  // other names the plans use ("deadlined import")
  Location where;
};

// Per-tier due day in the last month of a report period; 0 = end of period.
using ReportDays = std::array<int, k_tier_count>;

struct Task {
  std::string id;
  std::string title;
  std::string product;
  std::string note;
  std::string when;               // the phrase as written in the plan
  std::vector<std::string> lead;  // unit or group ids as written
  std::vector<std::string> support;
  Timeline timeline;
  bool structured = false;  // timeline comes from `schedule`, not from `when`
  std::optional<RollRule> roll;
  std::optional<BeforeDateReading> before_date;
  std::optional<ReportDays> report_days;
  std::string policy;  // empty: the plan's
  // A sub-row: the id of the plan's row this one splits (`parent = "N"`), the
  // other way to write ids `N.a`, `N.b`. Empty: a row of its own. The title,
  // when not given, is the parent's.
  std::string parent;
  Location where;
  Location parent_where;
};

struct Plan {
  std::string id;
  std::string title;
  std::string decision;
  int year = 0;                  // the first year: phrases without a year take it
  std::optional<int> last_year;  // a multi-year plan's last year, when stated
  std::optional<RollRule> roll;
  std::optional<BeforeDateReading> before_date;
  ReportDays report_days{};
  std::string policy;  // empty: "default"
  // Who to call about this plan, shown in its emails' footers; empty: email.contact.
  std::string contact;
  // Going live mid-plan: obligations due before this date are not tracked (no
  // reminders, escalations, report rows or feed events). Empty: all are.
  std::optional<Date> tracking_from;
  // A plan shorter than its years ("Kế hoạch Quý IV/2026", 100 days): what
  // "Hằng tháng" and the like make outside it is not planned (PlanSpan).
  std::optional<Date> start;
  std::optional<Date> end;
  std::vector<Task> tasks;
  Location where;

  PlanSpan span() const { return PlanSpan{year, last_year, start, end}; }
  int span_last() const { return last_year.value_or(year); }
};

struct DaemonSettings {
  std::string timezone = "Asia/Ho_Chi_Minh";
  std::filesystem::path state_dir = "/var/lib/deadlined";
  int send_minute_of_day = 8 * 60;
  std::string log_level = "info";
};

struct CalendarConfig {
  std::array<bool, 7> rest_days{true, false, false, false, false, false, true};
  std::filesystem::path holidays_dir;
  RollRule roll = RollRule::next;
  BeforeDateReading before_date = BeforeDateReading::inclusive;
  std::vector<SpecialDay> days;
};

enum class CountUnit { working_days, days };
std::string_view to_string(CountUnit unit);

// Reminder stages for one role: `before` counts (in the policy's unit) before
// the due date, the due day itself, then overdue repeats.
struct RoleStages {
  std::vector<int> before;
  bool due_day = true;
  int overdue_every = 0;  // working days between overdue reminders; 0 = none
  int overdue_max = 0;
};

enum class CheckIn { none, monthly, quarterly };
std::string_view to_string(CheckIn checkin);

struct Policy {
  std::string id;
  CountUnit unit = CountUnit::working_days;
  RoleStages lead;
  RoleStages support;
  CheckIn ongoing_checkin = CheckIn::none;
  int escalate_after = 0;  // working days overdue before the supervisor hears of it; 0 = never
  Location where;
};

// The policy used when a plan names none and the config defines no "default".
Policy default_policy();

struct SmtpConfig {
  std::string url;  // empty: deliver to the Maildir under state_dir
  std::string username;
  std::string password_file;
  std::string password_credential;
  std::string password_env;
  Location password_where;  // the password_* key given (else [smtp]), for messages
  bool require_tls = true;
  std::string ca_file;
  int connect_timeout_s = 10;
  int timeout_s = 60;
  int max_connections = 2;
};

struct EmailConfig {
  std::string from = "nhacviec@localhost";
  std::string from_name = "Hệ thống nhắc việc";
  std::string message_id_domain = "deadlined.invalid";
  std::filesystem::path templates_dir;  // empty: built-in Vietnamese templates
  // The office to contact, one line in the footer of every email and on the
  // status page ("Văn phòng UBND tỉnh, ĐT ..., email ..."); empty: no line.
  std::string contact;
};

struct WebhookConfig {
  int timeout_s = 10;
  int max_per_host = 4;
  // Posts a worker writes on its connection before reading their replies
  // (HTTP/1.1 pipelining; 1: one at a time).
  int pipeline = 8;
  std::string ca_file;
};

struct DeliveryConfig {
  int retry_base_s = 60;
  int retry_cap_s = 6 * 3600;
  int timer_cap_s = 60;
  int drain_timeout_s = 20;
  int workers = 4;
  // Messages accepted by a server whose outcome is not yet committed: after a
  // crash, at most this many can be sent twice. Larger batches commit less often.
  int max_unrecorded = 512;
  int catch_up_s = 3 * 86400;  // after downtime, missed stages older than this are not sent
  // The daemon is ready once the reminders due within this many seconds are
  // planned; the rest of the year is planned in the background. 0: all first.
  int ready_window_s = 2 * 86400;
  bool synchronous_full = false;  // fsync every outbox commit (see Outbox::Durability)
};

// Compaction of the outbox: final rows (sent, dead, skipped) of obligations
// whose due date is more than keep_final_days ago are folded into a summary
// (Outbox::compact), by the daemon once a day at compact_minute_of_day.
struct OutboxConfig {
  int keep_final_days = 400;                       // a year's report and its month after stay row by row
  std::optional<int> compact_minute_of_day = 150;  // 02:30 local; nullopt: no automatic compaction
};

// Default supervisors per tier of the late unit (unit ids; empty: none).
struct EscalationConfig {
  std::array<std::string, k_tier_count> supervisor_by_tier{};
};

struct AcksConfig {
  int undo_window_s = 86400;  // how long a "done" may be undone
};

enum class ReportEvery { weekly, monthly };

// The periodic compliance report to the coordinating unit, sent at
// daemon.send_time on the report day (rolled to the next working day).
struct ReportConfig {
  std::string to;  // unit id; empty: no periodic report
  ReportEvery every = ReportEvery::weekly;
  int weekday = 1;   // weekly: 0 = sunday ... 6 = saturday
  std::string plan;  // empty: every plan
  // Rows per table of the report email (report_excerpt): the ones needing
  // action, with the count left out; the webhook's JSON is always whole.
  int mail_rows = 200;
};

// The HTTP surface of the daemon (health, metrics, ICS feeds, status page).
struct HttpConfig {
  bool enabled = false;  // true by default once an [http] table exists
  std::string listen = "127.0.0.1:8787";
  std::string host = "127.0.0.1";  // parsed from listen: an IP address
  int port = 8787;
  std::string base_url;           // for links; empty: "http://" + listen
  int timeout_s = 30;             // per read and per write of one request
  std::string status_token_file;  // admin token of /status
  std::string status_token_credential;
  std::string status_token_env;
  std::string feed_secret_file;  // HMAC secret of the ICS feed tokens
  std::string feed_secret_credential;
  std::string feed_secret_env;
  std::string ack_secret_file;  // HMAC secret of the ack links in reminder emails
  std::string ack_secret_credential;
  std::string ack_secret_env;
  int ack_link_ttl_s = 30 * 86400;  // how long an ack link stays valid after the email is made
  std::string api_token_file;       // bearer token of the JSON API (/api/v1/done, /api/v1/undo)
  std::string api_token_credential;
  std::string api_token_env;
  // The *_file, *_credential or *_env key given for each secret (else
  // [http]), so that a secret that cannot be read is told where it is named.
  Location status_token_where;
  Location feed_secret_where;
  Location ack_secret_where;
  Location api_token_where;
};

// The HTML pages (status, report, acknowledgement): templates_dir holds
// status.html.mustache, report.html.mustache and ack.html.mustache.
struct PagesConfig {
  std::filesystem::path templates_dir;  // empty: the compiled-in defaults (= config/templates)
};

// The units a per-level timeline gives no time, said in a message:
// `subject` with its verb ("unit \"so-noi-vu\" (tier department) has",
// "31 units have"), `listing` empty for one unit, else " (department:
// \"a\", \"b\", \"c\" and 16 more; commune: ...)" to end the sentence.
struct UnitsWithoutTime {
  std::string subject;
  std::string listing;
};

struct Config {
  std::filesystem::path main_file;
  std::vector<std::filesystem::path> files;  // main file first, then includes
  DaemonSettings daemon;
  CalendarConfig calendar;
  std::vector<Unit> units;
  std::vector<Group> groups;
  std::vector<Plan> plans;
  std::vector<YearNotice> notices;
  std::vector<Policy> policies;
  SmtpConfig smtp;
  EmailConfig email;
  WebhookConfig webhook;
  DeliveryConfig delivery;
  OutboxConfig outbox;
  HttpConfig http;
  EscalationConfig escalation;
  AcksConfig acks;
  ReportConfig report;
  PagesConfig pages;

  const Policy& policy_for(const Plan& plan, const Task& task) const;
  const Unit* find_unit(std::string_view id) const;
  const Group* find_group(std::string_view id) const;
  const Plan* find_plan(std::string_view id) const;
  // The office to contact about a plan: its own contact, else email.contact
  // (also for an empty or unknown id); empty: none.
  const std::string& contact_for(std::string_view plan_id) const;
  // The unit that receives escalations about `unit`: its own supervisor, else
  // the [escalation] default of its tier; nullptr when none or itself.
  const Unit* supervisor_of(const Unit& unit) const;
  // Indexes into `units` of every unit an id names (a unit, or a group's
  // members recursively), de-duplicated, in first-seen order.
  std::vector<std::size_t> expand(std::string_view id) const;
  // For a timeline that gives only `tiers` a time: who among `lead` and
  // `support` (groups expanded, each unit once) has none, for one message a
  // task however many units it names; nullopt when every unit has a time.
  std::optional<UnitsWithoutTime> units_without_time(const std::vector<std::string>& lead,
                                                     const std::vector<std::string>& support, TierMask tiers) const;

  void build_indexes();

 private:
  std::unordered_map<std::string, std::size_t> m_unit_index;
  std::unordered_map<std::string, std::size_t> m_group_index;
  std::unordered_map<std::string, std::vector<std::size_t>> m_expansion;
};

struct LoadResult {
  std::optional<Config> config;
  Diagnostics diagnostics;  // errors (then config is empty) and warnings
};

struct LoadOptions {
  // Used when the config does not set calendar.holidays_dir.
  std::filesystem::path default_holidays_dir = DEADLINED_DATADIR "/holidays";
};

LoadResult load_config(const std::filesystem::path& main_file, const LoadOptions& options = {});
// The same from TOML text in memory, as if read from `main_file` (which is
// not read). Includes are not followed: an `include` is reported as an error.
// For tests and fuzzing.
LoadResult load_config_from_text(std::string_view text, const std::filesystem::path& main_file,
                                 const LoadOptions& options = {});

WorkingCalendar make_calendar(const Config& config);

}  // namespace deadlined
