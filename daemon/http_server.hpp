#pragma once
// The daemon's HTTP/1.1 listener (Boost.Beast) on the event loop's
// io_context: every handler runs on the io thread, so the outbox is touched
// from one thread only, and all I/O is asynchronous, so a slow or hostile
// client never blocks the scheduler. What to answer comes from
// http_views::handle_request(); this file only moves bytes, enforces limits
// and timeouts.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "calendar/zone.hpp"
#include "http_views/site.hpp"

namespace boost::asio {
class io_context;
}

namespace spdlog {
class logger;
}

namespace deadlined {

struct HttpServerHooks {
  std::function<Instant()> now;
  std::function<std::shared_ptr<const Snapshot>()> snapshot;  // the current one: a reload swaps it
  Outbox* outbox = nullptr;
  const http_views::DaemonCounters* counters = nullptr;
  Environment environment;  // to resolve the status token and feed secret
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
  bool config = false;  // a secret could not be read (exit 78), rather than a bind failure
};

class HttpServer {
 public:
  // Resolves the secrets, binds and starts accepting; an error names the address.
  static tl::expected<std::unique_ptr<HttpServer>, HttpStartError> start(boost::asio::io_context& io,
                                                                         HttpServerHooks hooks, spdlog::logger& log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // After a reload: re-reads the secrets of the new snapshot (keeps the old
  // ones when that fails). The listening address changes only at a restart.
  void reload();
  // Stops accepting and closes every connection.
  void stop();

  struct Impl;

 private:
  explicit HttpServer(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}
  std::shared_ptr<Impl> m_impl;
};

}  // namespace deadlined
