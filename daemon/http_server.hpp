#pragma once
// The daemon's HTTP/1.1 listener (Boost.Beast) on its own io_context and
// thread, off the delivery loop: a slow page never delays a turn, and a busy
// loop never delays /healthz. It reads the current snapshot through an atomic
// load, the outbox through its own connections opened on its thread (a
// read-only OutboxReader for counts and pages, and an Outbox connection for
// triggers and acknowledgements, whose writes wait for the loop's with
// SQLite's busy timeout). All I/O is asynchronous, so a slow or hostile
// client never blocks the others. What to answer comes from
// http_views::handle_request(); this file only moves bytes, enforces limits
// and timeouts.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "calendar/zone.hpp"
#include "http_views/site.hpp"

namespace spdlog {
class logger;
}

namespace deadlined {

// Called on the HTTP thread: each must be safe to call from any thread.
struct HttpServerHooks {
  std::function<Instant()> now;
  std::function<std::shared_ptr<const Snapshot>()> snapshot;  // the current one (an atomic load): a reload swaps it
  std::filesystem::path outbox;                               // empty: no outbox views (tests)
  Outbox::Durability durability = Outbox::Durability::full;
  std::function<http_views::DaemonCounters()> counters;  // a copy of the loop's counters
  Environment environment;                               // to resolve the status token and feed secret
};

inline constexpr std::size_t k_http_header_limit = 8 * 1024;
inline constexpr std::size_t k_http_body_limit = 64 * 1024;
inline constexpr std::size_t k_http_max_connections = 256;
// Longest time a request may take to arrive (headers and body), whatever
// http.timeout says; at the connection cap the oldest waiting connection is
// closed to make room for a new one.
inline constexpr std::chrono::seconds k_http_request_deadline{10};

struct HttpStartError {
  std::string message;
  bool config = false;  // a secret could not be read or the address is not this host's (exit 78)
};

class HttpServer {
 public:
  // Starts the HTTP thread, which opens its outbox connections, resolves
  // the secrets, binds and starts accepting; an error names the address.
  static tl::expected<std::unique_ptr<HttpServer>, HttpStartError> start(HttpServerHooks hooks, spdlog::logger& log);
  // What start() would refuse about the configuration (its secrets, its
  // address, the port already taken), found before a long start plans
  // anything: binds the address once and lets it go.
  static tl::expected<void, HttpStartError> preflight(const HttpConfig& config, const Environment& environment);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // After a reload (the new snapshot published): re-reads its secrets on the
  // HTTP thread and waits for it (keeps the old ones when that fails). The
  // listening address changes only at a restart.
  void reload();
  // Stops accepting, closes every connection and joins the HTTP thread.
  void stop();

  struct Impl;

 private:
  struct Thread;
  explicit HttpServer(std::unique_ptr<Thread> thread);
  std::unique_ptr<Thread> m_thread;
};

}  // namespace deadlined
