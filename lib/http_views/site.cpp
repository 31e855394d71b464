#include "http_views/site.hpp"

#include "compliance/acks.hpp"
#include "compliance/report_digest.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include "http_views/ack_pages.hpp"
#include "http_views/ics.hpp"
#include "http_views/request.hpp"
#include "http_views/status_page.hpp"
#include "util/expected.hpp"

namespace deadlined::http_views {

namespace {

constexpr std::string_view k_ics_prefix = "/ics/";
constexpr std::string_view k_ics_suffix = ".ics";

std::string json_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
      out += buffer;
    } else {
      out += c;
    }
  }
  return out;
}

SiteResponse ok(std::string_view content_type, std::string body) {
  SiteResponse response;
  response.content_type = std::string(content_type);
  response.body = std::move(body);
  return response;
}

// The trigger log as the plan expands it. An unreadable log is an error, not
// an empty one: a view that left the on-demand occurrences out would be wrong.
tl::expected<std::vector<Trigger>, std::string> triggers_of(Outbox& outbox) {
  DEADLINED_TRY_ASSIGN(auto rows, outbox.triggers());
  std::vector<Trigger> result;
  for (const auto& row : rows) {
    if (auto due = parse_iso_date(row.due)) {  // `trigger` checks it; a row edited by hand is left out
      result.push_back(Trigger{row.plan, row.task, *due, row.note});
    }
  }
  return result;
}

tl::expected<std::map<OutboxState, std::int64_t>, std::string> counts_of(const SiteState& state) {
  if (state.reader == nullptr) {
    return tl::unexpected(std::string("the outbox is not open for reading"));
  }
  return state.reader->counts();
}

std::optional<Instant> next_send(const SiteState& state) {
  if (state.reader == nullptr) {
    return std::nullopt;
  }
  auto next = state.reader->next_due();
  if (!next || !*next) {
    return std::nullopt;
  }
  return Instant{std::chrono::seconds{**next}};
}

// "ok" only when the outbox can be read and written: a daemon that can read
// but not commit (a full disk) sends nothing, and says why.
SiteResponse healthz(const SiteState& state, Instant now) {
  auto counts = counts_of(state);
  std::string status = "ok";
  std::string reason;
  if (!counts) {
    status = "failing";
    reason = "the outbox cannot be read: " + counts.error();
  } else if (state.counters != nullptr && state.counters->outbox_refusal) {
    status = "failing";
    reason = "the outbox refuses to record deliveries: " + *state.counters->outbox_refusal;
    if (state.counters->outbox_refusing_since) {
      const auto seconds =
          std::chrono::duration_cast<std::chrono::seconds>(now - *state.counters->outbox_refusing_since);
      reason += " (for " + std::to_string(std::max<std::int64_t>(seconds.count(), 0)) + " s)";
    }
  } else if (state.outbox_space_available && *state.outbox_space_available < k_outbox_space_minimum) {
    status = "degraded";
    reason = std::to_string(*state.outbox_space_available / 1024) + " KiB free on the file system of the outbox (" +
             std::to_string(k_outbox_space_minimum / 1024) + " KiB needed): it cannot record deliveries";
  }
  std::string body = "{\"status\":\"" + status + "\",\"version\":\"" + json_escape(state.version) +
                     "\",\"outbox\":" + (status == "ok" ? "true" : "false");
  if (!reason.empty()) {
    body += ",\"reason\":\"" + json_escape(reason) + "\"";
  }
  // A refused reload leaves the daemon running its previous configuration:
  // healthy, but what the admin asked for is not in force, and this says why.
  if (state.counters != nullptr && state.counters->last_reload) {
    const auto& reload = *state.counters->last_reload;
    body += ",\"last_reload\":{\"time\":\"" + json_escape(state.snapshot->zone.iso8601(reload.at)) +
            "\",\"result\":\"" + (reload.error.empty() ? "ok" : "failed") + "\"";
    if (!reload.error.empty()) {
      body += ",\"error\":\"" + json_escape(reload.error) + "\"";
    }
    body += "}";
  }
  body += "}\n";
  SiteResponse response = ok("application/json", std::move(body));
  if (status != "ok") {
    response.status = 503;
  }
  return response;
}

// Acknowledged obligations. An unreadable ack log is an error: counted as
// none done, every acknowledged obligation would show as pending or overdue.
tl::expected<std::set<std::string>, std::string> done_keys(Outbox& outbox) {
  DEADLINED_TRY_ASSIGN(auto keys, done_obligations(outbox));
  return std::set<std::string>(keys.begin(), keys.end());
}

// What /metrics and the feeds answer when the outbox cannot be read: the
// scraper or calendar keeps its last good copy instead of a wrong one.
SiteResponse outbox_unreadable(const std::string& error) {
  return error_response(503, "the outbox cannot be read: " + error);
}

SiteResponse metrics(const SiteState& state, Instant now) {
  const Snapshot& snapshot = *state.snapshot;
  MetricsInput input;
  input.version = state.version;
  input.counters = state.counters;
  auto counts = counts_of(state);
  if (!counts) {
    return outbox_unreadable(counts.error());
  }
  input.outbox_counts = std::move(*counts);
  auto done = done_keys(*state.outbox);
  auto triggers = triggers_of(*state.outbox);
  if (!done || !triggers) {
    return outbox_unreadable(!done ? done.error() : triggers.error());
  }
  std::vector<TriggeredOccurrence> triggered;
  for (const auto& trigger : *triggers) {
    triggered.push_back(TriggeredOccurrence{trigger.plan, trigger.task, trigger.due});
  }
  input.tallies =
      tally_obligations(snapshot.config, snapshot.calendar, snapshot.zone.local_date(now), *done, triggered);
  for (const auto& plan : snapshot.config.plans) {
    input.plans.push_back(plan.id);
  }
  input.next_send = next_send(state);
  return ok(k_metrics_content_type, render_metrics(input));
}

SiteResponse ics_feed(const SiteState& state, const Target& target, Instant now) {
  std::string_view path = target.path;
  std::string_view unit = path.substr(k_ics_prefix.size(), path.size() - k_ics_prefix.size() - k_ics_suffix.size());
  const Snapshot& snapshot = *state.snapshot;
  if (!valid_unit_id(unit) || snapshot.config.find_unit(unit) == nullptr) {
    return error_response(404, "no such unit");
  }
  if (state.secrets.feed_secret.empty()) {
    return error_response(404, "ICS feeds are off: set http.feed_secret_file, _credential or _env");
  }
  auto token = target.query.find("token");
  if (token == target.query.end() || token->second.empty()) {
    return error_response(401, "missing ?token=");
  }
  if (!constant_time_equal(token->second, feed_token(state.secrets.feed_secret, unit))) {
    return error_response(403, "wrong token for this feed");
  }
  FeedRequest request;
  request.config = &snapshot.config;
  request.calendar = &snapshot.calendar;
  request.zone = &snapshot.zone;
  request.unit = std::string(unit);
  auto triggers = triggers_of(*state.outbox);
  auto done = done_keys(*state.outbox);
  if (!done || !triggers) {
    return outbox_unreadable(!done ? done.error() : triggers.error());
  }
  request.triggers = std::move(*triggers);
  request.version = state.version;
  request.done = std::move(*done);
  SiteResponse response = ok(k_ics_content_type, render_unit_feed(request, now));
  response.headers.emplace_back("Content-Disposition", "inline; filename=\"" + std::string(unit) + ".ics\"");
  return response;
}

// The admin token of /status and /report: nullopt when it is good, else the answer.
std::optional<SiteResponse> refuse_without_status_token(const SiteState& state, const SiteRequest& request,
                                                        const Target& target) {
  if (state.secrets.status_token.empty()) {
    return error_response(404, "the status page is off: set http.status_token_file, _credential or _env");
  }
  std::string token = bearer_token(request.authorization);
  if (token.empty()) {
    auto found = target.query.find("token");
    if (found != target.query.end()) {
      token = found->second;
    }
  }
  if (token.empty()) {
    SiteResponse response = error_response(401, "a token is required: ?token= or Authorization: Bearer");
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"deadlined\"");
    return response;
  }
  if (!constant_time_equal(token, state.secrets.status_token)) {
    return error_response(403, "wrong token");
  }
  return std::nullopt;
}

// The whole compliance report (`deadlined report --format html`) as of a day:
// ?as_of=YYYY-MM-DD (default today) and ?plan=ID (default every plan). The
// admin token opens it, and so does the signed link of a report email (?t=,
// report_link_token with the email links' secret), which opens that day and
// plan only.
SiteResponse report_page(const SiteState& state, const SiteRequest& request, const Target& target, Instant now) {
  const Snapshot& snapshot = *state.snapshot;
  Date as_of = snapshot.zone.local_date(now);
  if (auto found = target.query.find("as_of"); found != target.query.end()) {
    auto parsed = parse_iso_date(found->second);
    if (!parsed) {
      return error_response(400, "?as_of= must be a date like 2022-03-21");
    }
    as_of = *parsed;
  }
  std::string plan;
  if (auto found = target.query.find("plan"); found != target.query.end()) {
    plan = found->second;
    if (snapshot.config.find_plan(plan) == nullptr) {
      return error_response(404, "no plan \"" + plan + "\"");
    }
  }
  if (auto signature = target.query.find("t"); signature != target.query.end()) {
    if (snapshot.ack_secret.empty()) {
      return error_response(404, "report links are off: set http.ack_secret_file, _credential or _env");
    }
    if (!constant_time_equal(signature->second, report_link_token(snapshot.ack_secret, plan, as_of))) {
      return error_response(403, "this link is not valid (changed by hand, or the link secret changed)");
    }
  } else if (auto refused = refuse_without_status_token(state, request, target)) {
    return *refused;
  }
  auto triggers = state.outbox->triggers();
  auto acks = state.outbox->acks();
  if (!triggers || !acks) {
    return outbox_unreadable(!triggers ? triggers.error() : acks.error());
  }
  ComplianceReport report =
      build_compliance_report(snapshot.config, snapshot.calendar, snapshot.zone, *triggers, *acks, as_of, plan);
  SiteResponse response =
      ok("text/html; charset=utf-8", compliance_html(report, snapshot.config, snapshot.zone, snapshot.pages.report));
  response.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return response;
}

SiteResponse status_page(const SiteState& state, const SiteRequest& request, const Target& target, Instant now) {
  if (auto refused = refuse_without_status_token(state, request, target)) {
    return *refused;
  }
  std::string token = bearer_token(request.authorization);
  if (token.empty()) {
    token = target.query.find("token")->second;  // checked above: present
  }
  std::size_t pages[2] = {1, 1};  // page, recent_page
  const char* names[2] = {"page", "recent_page"};
  for (int i = 0; i < 2; ++i) {
    auto found = target.query.find(names[i]);
    if (found == target.query.end()) {
      continue;
    }
    const std::string& text = found->second;
    std::size_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    const bool digits = end == text.data() + text.size() && !text.empty();
    if (error == std::errc::result_out_of_range && digits &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      value = std::numeric_limits<std::size_t>::max();  // past the last page: the last page is shown
    } else if (error != std::errc{} || !digits || value == 0) {
      return error_response(400, std::string("?") + names[i] + "= must be a page number (1, 2, ...)");
    }
    pages[i] = value;
  }
  const Snapshot& snapshot = *state.snapshot;
  StatusInput input;
  input.page_size = std::max<std::size_t>(state.page_size, 1);
  input.units_page = pages[0];
  input.recent_page = pages[1];
  // Paging links carry the token only when it came in the query.
  input.link = "/status?";
  if (bearer_token(request.authorization).empty()) {
    input.link += "token=" + percent_encode(token) + "&";
  }
  input.config = &snapshot.config;
  input.zone = &snapshot.zone;
  input.version = state.version;
  input.today = snapshot.zone.local_date(now);
  // The same report as `deadlined report --as-of today`: one definition of overdue.
  // Without the acknowledgements every unit would look late: no page then.
  auto triggers = state.outbox->triggers();
  auto acks = state.outbox->acks();
  if (!triggers || !acks) {
    return outbox_unreadable(!triggers ? triggers.error() : acks.error());
  }
  ComplianceReport report =
      build_compliance_report(snapshot.config, snapshot.calendar, snapshot.zone, *triggers, *acks, input.today);
  input.report = &report;
  input.page_template = snapshot.pages.status;
  auto counts = counts_of(state);
  if (counts) {
    // Deliveries: rows whose last attempt ended, newest first, one page read.
    input.recent_total = (*counts)[OutboxState::sent] + (*counts)[OutboxState::failed] + (*counts)[OutboxState::dead];
    // Compacted rows stay in the counts but only the summary has them, not the pages.
    if (auto compacted = state.reader->compacted_counts()) {
      input.recent_total -= (*compacted)[OutboxState::sent] + (*compacted)[OutboxState::dead];
    }
    input.recent_page = std::min(input.recent_page, page_count(input.recent_total, input.page_size));
    auto rows = state.reader->deliveries(static_cast<std::int64_t>((input.recent_page - 1) * input.page_size),
                                         static_cast<std::int64_t>(input.page_size));
    if (rows) {
      input.recent = std::move(*rows);
    }
    input.outbox_counts = std::move(*counts);
  } else {
    input.outbox_error = counts.error();
  }
  input.next_send = next_send(state);
  if (!state.secrets.feed_secret.empty()) {
    std::string base = base_url(snapshot.config.http);
    for (const auto& unit : snapshot.config.units) {
      input.feed_urls[unit.id] =
          base + "/ics/" + unit.id + ".ics?token=" + feed_token(state.secrets.feed_secret, unit.id);
    }
  }
  SiteResponse response = ok("text/html; charset=utf-8", render_status_page(input, now));
  response.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return response;
}

}  // namespace

tl::expected<SiteSecrets, std::string> resolve_site_secrets(const HttpConfig& http, const Environment& environment) {
  const auto read = [&](const std::string& file, const std::string& credential, const std::string& env,
                        const Location& where, const std::string& what) -> tl::expected<std::string, std::string> {
    auto secret = read_secret(file, credential, env, environment);
    if (!secret) {
      std::string message = what + ": " + secret.error();
      return tl::unexpected(where.file.empty() ? message : secret_diagnostic(where, "", message).format());
    }
    return secret;
  };
  SiteSecrets secrets;
  auto token = read(http.status_token_file, http.status_token_credential, http.status_token_env,
                    http.status_token_where, "http status token");
  if (!token) {
    return tl::unexpected(token.error());
  }
  secrets.status_token = std::move(*token);
  auto feed = read(http.feed_secret_file, http.feed_secret_credential, http.feed_secret_env, http.feed_secret_where,
                   "http feed secret");
  if (!feed) {
    return tl::unexpected(feed.error());
  }
  secrets.feed_secret = std::move(*feed);
  auto api =
      read(http.api_token_file, http.api_token_credential, http.api_token_env, http.api_token_where, "http api token");
  if (!api) {
    return tl::unexpected(api.error());
  }
  secrets.api_token = std::move(*api);
  return secrets;
}

std::string base_url(const HttpConfig& http) {
  if (!http.base_url.empty()) {
    return http.base_url;
  }
  return "http://" + http.listen;
}

SiteResponse error_response(unsigned status, std::string_view message) {
  SiteResponse response;
  response.status = status;
  response.body = std::string(message) + "\n";
  return response;
}

SiteResponse handle_request(const SiteRequest& request, const SiteState& state, Instant now) {
  auto target = parse_target(request.target);
  if (!target) {
    return error_response(400, "malformed request target");
  }
  const std::string& path = target->path;
  const bool ack_page = path == "/ack";
  const bool ack_undo = path == "/ack/undo";
  const bool api = path == "/api/v1/done" || path == "/api/v1/undo";
  bool known = path == "/healthz" || path == "/metrics" || path == "/status" || path == "/report" || ack_page ||
               ack_undo || api ||
               (path.starts_with(k_ics_prefix) && path.ends_with(k_ics_suffix) &&
                path.size() > k_ics_prefix.size() + k_ics_suffix.size());
  if (!known) {
    return error_response(404, "not found");
  }
  if (ack_page || ack_undo || api) {
    SiteResponse response;
    if (ack_page && (request.method == "GET" || request.method == "HEAD")) {
      response = ack_confirmation_page(state, *target, now);
    } else if ((ack_page || ack_undo) && request.method == "POST") {
      response = ack_form_post(state, request, ack_undo, now);
    } else if (api && request.method == "POST") {
      response = ack_api(state, request, path == "/api/v1/undo" ? AckAction::undo : AckAction::done, now);
    } else {
      response = error_response(405, ack_page ? "method not allowed: use GET or POST" : "method not allowed: use POST");
      response.headers.emplace_back("Allow", ack_page ? "GET, HEAD, POST" : "POST");
    }
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    SiteResponse response = error_response(405, "method not allowed: use GET");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  SiteResponse response;
  if (path == "/healthz") {
    response = healthz(state, now);
  } else if (path == "/metrics") {
    response = metrics(state, now);
  } else if (path == "/status") {
    response = status_page(state, request, *target, now);
  } else if (path == "/report") {
    response = report_page(state, request, *target, now);
  } else {
    response = ics_feed(state, *target, now);
  }
  if (path != "/healthz") {
    response.headers.emplace_back("Cache-Control", "no-store");
  }
  return response;
}

}  // namespace deadlined::http_views
