#pragma once
// Plain-HTTP POSTs over kept-alive sockets, for webhooks at http:// URLs: a
// request is one sendmsg() and its reply one poll() and recv(), where a
// libcurl transfer costs several times that in polls, option handling and
// header parsing (docs/performance.md, "Daemon delivery"). https:// URLs,
// URLs with credentials and proxies stay with libcurl. Blocking with
// deadlines; one client per worker thread, not thread-safe.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "delivery/socket_io.hpp"

namespace deadlined::delivery {

// Where an http:// URL points: what the client connects to and what the
// request line and Host header say.
struct HttpTarget {
  std::string host;         // for getaddrinfo: a name or an address, without IPv6 brackets
  std::string port;         // "80" unless the URL gives one
  std::string host_header;  // the URL's host, with ":port" when one was written
  std::string path;         // path and query, "/" at least; the fragment dropped
};

// The target of an http:// URL the plain client can take; nullopt for any
// other scheme, a URL with user information, or one libcurl's parser refuses.
std::optional<HttpTarget> plain_http_target(std::string_view url);

// Whether the environment names a proxy libcurl would use for http:// URLs
// (http_proxy, all_proxy, ALL_PROXY): then libcurl takes them all.
bool http_proxy_in_environment();

// One request of a pipelined batch: its head (request line and headers,
// ending in an empty line) and its body.
struct PlainHttpRequest {
  std::string_view head;
  std::string_view body;
};

struct PlainHttpReply {
  int status = 0;  // the final status; 0 when none was read
  std::optional<std::string> retry_after;
  std::string body_start;
  // The whole response was read: no "rest of the response not read".
  bool complete = false;
  bool timed_out = false;
  bool connect_failed = false;  // nothing was sent
  std::string error;            // why the exchange stopped early; empty when complete
};

class PlainHttpClient {
 public:
  // `abort`, when given, cuts a post short at once (a stop): its reply then
  // says so in `error`, with no status.
  PlainHttpClient(std::chrono::milliseconds connect_timeout, std::chrono::milliseconds total_timeout,
                  std::shared_ptr<TransferAbort> abort = nullptr)
      : m_connect_timeout(connect_timeout), m_total_timeout(total_timeout), m_abort(std::move(abort)) {}
  PlainHttpClient(const PlainHttpClient&) = delete;
  PlainHttpClient& operator=(const PlainHttpClient&) = delete;
  PlainHttpClient(PlainHttpClient&& other) noexcept;
  PlainHttpClient& operator=(PlainHttpClient&& other) noexcept;
  ~PlainHttpClient();

  // Sends `head` (request line and headers, ending in an empty line) and
  // `body`, and reads the reply within the total timeout: the body up to
  // 64 KiB, then the connection is closed. A kept connection the server had
  // closed is replaced once, when not a byte of a reply came back on it.
  PlainHttpReply post(const HttpTarget& target, std::string_view head, std::string_view body);

  // Several requests to the target's host and port, written on one
  // connection before their replies are read (HTTP/1.1 pipelining, RFC 9112
  // §9.3.2); a reply each, in order. Each reply has the total timeout from
  // the one before. A request the server cannot have read (it closed the
  // connection, said "Connection: close", or answered an earlier request
  // before reading it whole) goes again on another connection; one sent
  // whose reply never came (a reset, a timeout, an unreadable reply before
  // it) fails with no status, and may have been processed, as a single
  // post's lost reply. `on_reply`, when given, is called with each reply's
  // index as soon as that reply is final, before the later ones are read.
  using OnReply = std::function<void(std::size_t index, const PlainHttpReply& reply)>;
  std::vector<PlainHttpReply> post_pipelined(const HttpTarget& target, const std::vector<PlainHttpRequest>& requests,
                                             const OnReply& on_reply = {});

  // Connections kept for reuse (tests).
  std::size_t idle_connections() const { return m_idle.size(); }

  static constexpr std::size_t k_max_idle = 4;
  static constexpr std::size_t k_max_resolved = 64;
  static constexpr std::chrono::seconds k_resolved_for{60};
  static constexpr std::size_t k_max_body_read = 64 * 1024;

 private:
  struct Connection {
    std::string endpoint;  // "host port"
    int fd = -1;
  };
  using Deadline = std::chrono::steady_clock::time_point;
  // Addresses of an endpoint, kept a minute as libcurl keeps its DNS cache,
  // so that a connection to a name does not wait for the resolver each time.
  struct Resolved {
    std::string endpoint;
    Deadline expires;
    std::vector<detail::SocketAddress> addresses;
  };

  // What one connection did with a pipelined batch: how many requests got
  // their outcome (a reply or a failure), whether the rest were not read by
  // the server and may go on another connection, and whether this one can
  // be kept.
  struct PipelineRound {
    std::size_t answered = 0;
    bool retry_rest = false;
    bool reusable = false;
  };

  int connect_to(const HttpTarget& target, Deadline deadline, PlainHttpReply& reply);
  // A kept connection to `endpoint` that is still open, or -1.
  int take_kept(const std::string& endpoint);
  // Keeps `fd` for the next request to `endpoint`, closing the oldest past k_max_idle.
  void keep(const std::string& endpoint, int fd);
  // `answered(i)` is called as replies[i] becomes final.
  PipelineRound exchange_pipelined(int fd, const PlainHttpRequest* requests, PlainHttpReply* replies, std::size_t count,
                                   const std::function<void(std::size_t)>& answered);
  const Resolved* resolve(const HttpTarget& target, const std::string& endpoint, Deadline deadline,
                          PlainHttpReply& reply);
  // One attempt on `fd`; false when the connection was found dead before any reply.
  bool exchange(int fd, std::string_view head, std::string_view body, Deadline deadline, PlainHttpReply& reply,
                bool& reusable);
  void close_all();

  std::chrono::milliseconds m_connect_timeout;
  std::chrono::milliseconds m_total_timeout;
  std::shared_ptr<TransferAbort> m_abort;
  std::vector<Connection> m_idle;    // most recently used last
  std::vector<Resolved> m_resolved;  // most recently resolved last
  detail::NameLookups m_lookups;
};

}  // namespace deadlined::delivery
