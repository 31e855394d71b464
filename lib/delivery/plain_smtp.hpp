#pragma once
// SMTP in clear text over a kept connection, for smtp:// servers with
// require_tls = false (loopback relays): with PIPELINING (RFC 2920) the
// envelope and DATA go in one write and the message in a second, two round
// trips where libcurl waits for each of MAIL, RCPT, DATA and the message
// (docs/performance.md, "Pipelined plain SMTP without libcurl"). STARTTLS,
// smtps://, AUTH and URLs with more than a host and port stay with libcurl
// (SmtpClient chooses). Blocking with deadlines; one client per server and
// worker thread, not thread-safe.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "delivery/result.hpp"
#include "delivery/socket_io.hpp"

namespace deadlined::delivery {

struct SmtpTarget {
  std::string host;   // for getaddrinfo: a name or an address, without IPv6 brackets
  std::string port;   // "25" unless the URL gives one, as libcurl
  std::string label;  // host[:port] as written, for messages
};

// The target of an smtp:// URL the plain client can take: scheme smtp, a host
// and maybe a port, no user information, no path other than "/" (libcurl takes
// a path as its EHLO name), no query or fragment; nullopt otherwise.
std::optional<SmtpTarget> plain_smtp_target(std::string_view url);

// Whether the environment names a proxy libcurl would use for smtp:// URLs
// (smtp_proxy, SMTP_PROXY, all_proxy, ALL_PROXY): then libcurl takes them.
bool smtp_proxy_in_environment();

// The name libcurl says in EHLO when the URL has no path: the local host name.
std::string default_helo_name();

class PlainSmtpClient {
 public:
  // `abort`, when given, cuts a send short at once (a stop): a transient
  // result, the connection closed.
  PlainSmtpClient(SmtpTarget target, std::string helo_name, std::chrono::milliseconds connect_timeout,
                  std::chrono::milliseconds total_timeout, std::shared_ptr<TransferAbort> abort = nullptr);
  PlainSmtpClient(const PlainSmtpClient&) = delete;
  PlainSmtpClient& operator=(const PlainSmtpClient&) = delete;
  PlainSmtpClient(PlainSmtpClient&& other) noexcept;
  PlainSmtpClient& operator=(PlainSmtpClient&& other) noexcept;
  ~PlainSmtpClient();

  // Sends `message` to `to` (addresses already checked by check_address),
  // within the total timeout. Any refused recipient fails the whole send;
  // 5xx is permanent, 4xx and connection trouble transient. A kept connection
  // the server had closed (EOF or 421 before any reply to this message) is
  // replaced once; once the message has been sent it is never sent again.
  DeliveryResult send(std::string_view from_address, const std::vector<std::string>& to, std::string_view message);

  bool connected() const { return m_fd >= 0; }

  // libcurl's CURLOPT_MAXAGE_CONN default: older idle connections are replaced.
  static constexpr std::chrono::seconds k_max_idle{118};
  // How long a closing QUIT waits for its reply.
  static constexpr std::chrono::milliseconds k_quit_timeout{1000};

 private:
  using Deadline = std::chrono::steady_clock::time_point;
  enum class Io { ok, timed_out, closed, failed };
  struct Reply {
    int code = 0;
    std::string text;
    std::vector<std::string> lines;
  };

  // Connects, reads the greeting, says EHLO (HELO when EHLO is refused).
  bool open(Deadline deadline, DeliveryResult& result);
  void close_connection();
  // QUIT on an idle connection, then close.
  void quit();
  Io write_all(std::string_view data, Deadline deadline, int& error);
  Io read_reply(Deadline deadline, Reply& reply, std::string& error);
  // One attempt; false when a kept connection proved dead before any reply.
  bool transaction(std::string_view from_address, const std::vector<std::string>& to, std::string_view message,
                   Deadline deadline, bool reused, DeliveryResult& result);
  // After a refused command: RSET, or close when the server does not take it.
  void end_transaction(Deadline deadline);
  DeliveryResult io_failure(Io io, int error, const std::string& error_text, std::string_view context);

  SmtpTarget m_target;
  std::string m_helo_name;
  std::chrono::milliseconds m_connect_timeout;
  std::chrono::milliseconds m_total_timeout;
  std::shared_ptr<TransferAbort> m_abort;
  int m_fd = -1;
  bool m_pipelining = false;
  bool m_size_advertised = false;
  unsigned long long m_size_limit = 0;  // 0: none advertised
  std::string m_input;                  // bytes received and not yet read as replies
  std::size_t m_received = 0;           // bytes received in the current attempt
  std::chrono::steady_clock::time_point m_last_used{};
  detail::NameLookups m_lookups;
};

}  // namespace deadlined::delivery
