#pragma once
// The HTTP surface as a pure function of a request and the daemon's state:
// exact path matching (no file is ever served), methods, tokens, and the
// views. The daemon's Beast server only moves bytes; everything it answers
// comes from handle_request(), which runs on the daemon's HTTP thread with
// that thread's own outbox connections.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "http_views/metrics.hpp"
#include "outbox/outbox.hpp"
#include "outbox/reader.hpp"
#include "service/snapshot.hpp"

namespace deadlined::http_views {

struct SiteRequest {
  std::string method;  // "GET", ...
  std::string target;  // origin-form request target
  std::string authorization;
  std::string
      content_type{};  // POST: the Content-Type header (initialized: brace-initialized requests may leave it out)
  std::string body{};  // POST: at most k_http_body_limit bytes
};

struct SiteResponse {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Resolved secrets of [http]; empty: that feature is off.
struct SiteSecrets {
  std::string status_token;
  std::string feed_secret;
  std::string api_token{};  // bearer token of /api/v1/done and /api/v1/undo
};

tl::expected<SiteSecrets, std::string> resolve_site_secrets(const HttpConfig& http, const Environment& environment);

struct SiteState {
  std::shared_ptr<const Snapshot> snapshot;
  SiteSecrets secrets;
  Outbox* outbox = nullptr;  // triggers, acknowledgements (read and recorded)
  // Rows per state, the next send time and the deliveries: reads whose cost
  // does not grow with the outbox (/healthz, /metrics, /status).
  OutboxReader* reader = nullptr;
  const DaemonCounters* counters = nullptr;
  // Bytes an unprivileged writer may still use on the outbox's file system
  // (statvfs); nullopt: not known.
  std::optional<std::uint64_t> outbox_space_available{};
  std::string version;
  std::size_t page_size = 50;  // rows per page of the /status tables
};

// "http://127.0.0.1:8787" or http.base_url.
std::string base_url(const HttpConfig& http);

// Below this much free space on its file system the outbox is reported as
// degraded: SQLite needs room for its journal pages to commit anything.
inline constexpr std::uint64_t k_outbox_space_minimum = 1024 * 1024;

SiteResponse handle_request(const SiteRequest& request, const SiteState& state, Instant now);

// A plain-text error answer (also used by the server for parse failures).
SiteResponse error_response(unsigned status, std::string_view message);

}  // namespace deadlined::http_views
