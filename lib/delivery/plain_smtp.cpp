#include "delivery/plain_smtp.hpp"

#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

#include "delivery/curl_handle.hpp"
#include "delivery/socket_io.hpp"
#include "delivery/smtp_reply.hpp"

namespace deadlined::delivery {

namespace {

using Clock = std::chrono::steady_clock;
using detail::connect_first;
using detail::Connected;
using detail::dead_connection_error;
using detail::has_url_part;
using detail::system_error;
using detail::url_part;
using detail::Wait;
using detail::wait_for;

DeliveryResult::Kind classify_reply(int code) {
  if (code >= 200 && code < 400) {
    return DeliveryResult::Kind::sent;
  }
  return code >= 500 ? DeliveryResult::Kind::permanent : DeliveryResult::Kind::transient;
}

DeliveryResult refused(std::string_view command, const std::string& reply_text, int code) {
  DeliveryResult result;
  result.code = code;
  // A 3xx where a 2xx belongs (or the reverse) is the server's confusion: try again later.
  result.kind = code >= 400 ? classify_reply(code) : DeliveryResult::Kind::transient;
  result.detail = std::string{command} + " refused: " + std::to_string(code);
  if (!reply_text.empty()) {
    result.detail += ' ' + reply_text;
  }
  result.detail += " (SMTP " + std::to_string(code) + ")";
  return result;
}

// The message as DATA carries it: a '.' that starts a line gets another, and
// the end is CRLF.CRLF (CRLF added to a message that does not end in one, as
// libcurl does). A '.' after a bare LF is doubled too: servers that take LF as
// a line end must not see a line of its own end the message.
std::string dot_stuffed(std::string_view message) {
  std::string out;
  out.reserve(message.size() + message.size() / 64 + 8);
  bool line_start = true;
  for (const char c : message) {
    if (line_start && c == '.') {
      out += '.';
    }
    out += c;
    line_start = c == '\n';
  }
  if (!out.empty() && !(out.size() >= 2 && out.ends_with("\r\n"))) {
    out += "\r\n";
  }
  out += ".\r\n";
  return out;
}

}  // namespace

std::optional<SmtpTarget> plain_smtp_target(std::string_view url) {
  const detail::CurlUrl handle{curl_url()};
  if (url.empty() || !handle || curl_url_set(handle.get(), CURLUPART_URL, std::string{url}.c_str(), 0) != CURLUE_OK) {
    return std::nullopt;
  }
  CURLU* parsed = handle.get();
  const std::string scheme = url_part(parsed, CURLUPART_SCHEME);
  const std::string path = url_part(parsed, CURLUPART_PATH);
  if (scheme != "smtp" || has_url_part(parsed, CURLUPART_USER) || has_url_part(parsed, CURLUPART_PASSWORD) ||
      has_url_part(parsed, CURLUPART_OPTIONS) || has_url_part(parsed, CURLUPART_ZONEID) ||
      has_url_part(parsed, CURLUPART_QUERY) || has_url_part(parsed, CURLUPART_FRAGMENT) ||
      (!path.empty() && path != "/")) {
    return std::nullopt;
  }
  SmtpTarget target;
  target.host = url_part(parsed, CURLUPART_HOST);
  if (target.host.empty()) {
    return std::nullopt;
  }
  target.label = target.host;
  if (target.host.size() > 2 && target.host.front() == '[' && target.host.back() == ']') {
    target.host = target.host.substr(1, target.host.size() - 2);
  }
  const std::string written_port = url_part(parsed, CURLUPART_PORT);
  target.port = written_port.empty() ? "25" : written_port;
  if (!written_port.empty()) {
    target.label += ':' + written_port;
  }
  return target;
}

bool smtp_proxy_in_environment() {
  for (const char* name : {"smtp_proxy", "SMTP_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once per client
    if (value != nullptr && *value != '\0') {
      return true;
    }
  }
  return false;
}

std::string default_helo_name() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') {
    return "localhost";
  }
  return std::string{name.data()};
}

PlainSmtpClient::PlainSmtpClient(SmtpTarget target, std::string helo_name, std::chrono::milliseconds connect_timeout,
                                 std::chrono::milliseconds total_timeout, std::shared_ptr<TransferAbort> abort)
    : m_target(std::move(target)),
      m_helo_name(std::move(helo_name)),
      m_connect_timeout(connect_timeout),
      m_total_timeout(total_timeout),
      m_abort(std::move(abort)) {}

PlainSmtpClient::PlainSmtpClient(PlainSmtpClient&& other) noexcept
    : m_target(std::move(other.m_target)),
      m_helo_name(std::move(other.m_helo_name)),
      m_connect_timeout(other.m_connect_timeout),
      m_total_timeout(other.m_total_timeout),
      m_abort(std::move(other.m_abort)),
      m_fd(std::exchange(other.m_fd, -1)),
      m_pipelining(other.m_pipelining),
      m_size_advertised(other.m_size_advertised),
      m_size_limit(other.m_size_limit),
      m_input(std::move(other.m_input)),
      m_last_used(other.m_last_used) {}

PlainSmtpClient& PlainSmtpClient::operator=(PlainSmtpClient&& other) noexcept {
  if (this != &other) {
    quit();
    m_target = std::move(other.m_target);
    m_helo_name = std::move(other.m_helo_name);
    m_connect_timeout = other.m_connect_timeout;
    m_total_timeout = other.m_total_timeout;
    m_abort = std::move(other.m_abort);
    m_fd = std::exchange(other.m_fd, -1);
    m_pipelining = other.m_pipelining;
    m_size_advertised = other.m_size_advertised;
    m_size_limit = other.m_size_limit;
    m_input = std::move(other.m_input);
    m_last_used = other.m_last_used;
  }
  return *this;
}

PlainSmtpClient::~PlainSmtpClient() {
  quit();
}

void PlainSmtpClient::quit() {
  if (m_fd >= 0 && m_input.empty()) {
    // Said as libcurl says it, so the server logs a clean end rather than a
    // lost connection; bounded, since nothing waits on its answer.
    const Deadline deadline = Clock::now() + std::min(m_connect_timeout, k_quit_timeout);
    int error = 0;
    if (write_all("QUIT\r\n", deadline, error) == Io::ok) {
      Reply reply;
      std::string reply_error;
      read_reply(deadline, reply, reply_error);
    }
  }
  close_connection();
}

void PlainSmtpClient::close_connection() {
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
  m_input.clear();
  m_pipelining = false;
  m_size_advertised = false;
  m_size_limit = 0;
}

PlainSmtpClient::Io PlainSmtpClient::write_all(std::string_view data, Deadline deadline, int& error) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(m_fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (const Wait wait = wait_for(m_fd, POLLOUT, deadline, m_abort.get()); !wait.ready()) {
        error = wait.error;
        return wait.outcome == Wait::Outcome::failed ? Io::failed : Io::timed_out;
      }
      continue;
    }
    error = n < 0 ? errno : EPIPE;
    return dead_connection_error(error) ? Io::closed : Io::failed;
  }
  return Io::ok;
}

PlainSmtpClient::Io PlainSmtpClient::read_reply(Deadline deadline, Reply& reply, std::string& error) {
  SmtpReplyReader reader;
  std::array<char, 16 * 1024> buffer{};
  for (;;) {
    if (!m_input.empty()) {
      const std::size_t used = reader.feed(m_input);
      m_input.erase(0, used);
      if (reader.state() == SmtpReplyReader::State::complete) {
        reply.code = reader.code();
        reply.text = reader.text();
        reply.lines = reader.lines();
        return Io::ok;
      }
      if (reader.state() == SmtpReplyReader::State::failed) {
        error = reader.error();
        return Io::failed;
      }
    }
    if (const Wait wait = wait_for(m_fd, POLLIN, deadline, m_abort.get()); !wait.ready()) {
      if (wait.outcome == Wait::Outcome::failed) {
        error = "cannot wait for the reply: " + system_error(wait.error);
        return Io::failed;
      }
      return Io::timed_out;
    }
    const ssize_t n = ::recv(m_fd, buffer.data(), buffer.size(), 0);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
        continue;
      }
      error = system_error(errno);
      return dead_connection_error(errno) ? Io::closed : Io::failed;
    }
    if (n == 0) {
      error = "the server closed the connection";
      return Io::closed;
    }
    m_received += static_cast<std::size_t>(n);
    m_input.append(buffer.data(), static_cast<std::size_t>(n));
  }
}

DeliveryResult PlainSmtpClient::io_failure(Io io, int error, const std::string& error_text, std::string_view context) {
  DeliveryResult result;
  result.kind = DeliveryResult::Kind::transient;
  if (io == Io::timed_out) {
    result.detail = "timed out " + std::string{context};
  } else {
    result.detail = "connection lost " + std::string{context} + ": " + (error != 0 ? system_error(error) : error_text);
  }
  close_connection();
  return result;
}

bool PlainSmtpClient::open(Deadline deadline, DeliveryResult& result) {
  const Deadline connect_deadline = std::min(deadline, Clock::now() + m_connect_timeout);
  auto addresses = m_lookups.resolve(m_target.host, m_target.port, connect_deadline, m_abort.get());
  if (!addresses) {
    result = DeliveryResult{DeliveryResult::Kind::transient,
                            "cannot resolve " + m_target.host + ": " + addresses.error(), 0};
    return false;
  }
  const Connected connected = connect_first(*addresses, connect_deadline, m_abort.get());
  if (connected.fd < 0) {
    result = DeliveryResult{DeliveryResult::Kind::transient,
                            "cannot connect to " + m_target.label + ": " +
                                (connected.timed_out && connected.error == 0
                                     ? "no answer within " + std::to_string(m_connect_timeout.count()) + " ms"
                                     : system_error(connected.error)),
                            0};
    return false;
  }
  m_fd = connected.fd;
  m_input.clear();
  Reply reply;
  std::string error;
  if (const Io io = read_reply(connect_deadline, reply, error); io != Io::ok) {
    result = io_failure(io, 0, error, "waiting for the greeting of " + m_target.label);
    if (io == Io::timed_out) {
      result.detail += " (" + std::to_string(m_connect_timeout.count()) + " ms)";
    }
    return false;
  }
  if (reply.code != 220) {
    result = refused("connection to " + m_target.label, reply.text, reply.code);
    close_connection();
    return false;
  }
  int write_error = 0;
  for (const char* hello : {"EHLO ", "HELO "}) {
    const std::string command = std::string{hello} + m_helo_name + "\r\n";
    if (const Io io = write_all(command, connect_deadline, write_error); io != Io::ok) {
      result = io_failure(io, write_error, {}, "sending " + std::string{hello, 4});
      return false;
    }
    if (const Io io = read_reply(connect_deadline, reply, error); io != Io::ok) {
      result = io_failure(io, 0, error, "waiting for the reply to " + std::string{hello, 4});
      return false;
    }
    if (reply.code / 100 == 2) {
      break;
    }
    // A server that does not know EHLO may know HELO (RFC 5321 3.2): libcurl
    // tries it after any refused EHLO, but a 421 closes the connection.
    if (reply.code == 421 || hello[0] == 'H') {
      result = refused(std::string{hello, 4}, reply.text, reply.code);
      close_connection();
      return false;
    }
  }
  // The EHLO reply's lines after the first name the extensions (none after HELO).
  for (std::size_t i = 1; i < reply.lines.size(); ++i) {
    std::string keyword = reply.lines[i].substr(0, reply.lines[i].find(' '));
    std::transform(keyword.begin(), keyword.end(), keyword.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (keyword == "PIPELINING") {
      m_pipelining = true;
    } else if (keyword == "SIZE") {
      m_size_advertised = true;
      const std::string_view value = std::string_view{reply.lines[i]}.substr(std::min(reply.lines[i].size(), 5UL));
      unsigned long long limit = 0;
      const auto [end, code] = std::from_chars(value.data(), value.data() + value.size(), limit);
      m_size_limit = code == std::errc{} ? limit : 0;  // "SIZE" or "SIZE 0": no limit
    }
  }
  return true;
}

bool PlainSmtpClient::transaction(std::string_view from_address, const std::vector<std::string>& to,
                                  std::string_view message, Deadline deadline, bool reused, DeliveryResult& result) {
  m_received = 0;
  std::vector<std::string> commands;
  commands.reserve(to.size() + 2);
  std::string mail = "MAIL FROM:<" + std::string{from_address} + ">";
  if (m_size_advertised) {
    mail += " SIZE=" + std::to_string(message.size());  // as libcurl declares it
  }
  commands.push_back(mail + "\r\n");
  for (const std::string& address : to) {
    commands.push_back("RCPT TO:<" + address + ">\r\n");
  }
  commands.emplace_back("DATA\r\n");
  const auto name_of = [&](std::size_t i) {
    if (i == 0) {
      return std::string{"MAIL FROM"};
    }
    if (i + 1 == commands.size()) {
      return std::string{"DATA"};
    }
    return "RCPT TO <" + to[i - 1] + ">";
  };

  int write_error = 0;
  std::string error;
  Reply reply;
  std::optional<DeliveryResult> refusal;  // the first refused command's
  bool data_accepted = false;
  const std::size_t batch = m_pipelining ? commands.size() : 1;
  for (std::size_t first = 0; first < commands.size() && !refusal; first += batch) {
    std::string out;
    for (std::size_t i = first; i < first + batch; ++i) {
      out += commands[i];
    }
    if (const Io io = write_all(out, deadline, write_error); io != Io::ok) {
      if (io == Io::closed && reused && first == 0 && m_received == 0) {
        return false;
      }
      result = io_failure(io, write_error, {}, "sending " + name_of(first));
      return true;
    }
    for (std::size_t i = first; i < first + batch; ++i) {
      const Io io = read_reply(deadline, reply, error);
      if (io != Io::ok) {
        if (io == Io::closed && reused && i == 0 && m_received == 0) {
          return false;  // the server had closed the kept connection
        }
        result = io_failure(io, 0, error, "waiting for the reply to " + name_of(i));
        return true;
      }
      if (reply.code == 421 && reused && i == 0) {
        return false;  // the server is closing the kept connection (idle timeout)
      }
      const bool is_data = i + 1 == commands.size();
      const bool ok = is_data ? reply.code == 354 : reply.code / 100 == 2;
      if (ok) {
        data_accepted = is_data;
      } else if (!refusal) {
        refusal = refused(name_of(i), reply.text, reply.code);
      }
    }
  }
  if (refusal) {
    result = std::move(*refusal);
    if (data_accepted || result.code == 421) {
      // The server waits for the message of a transaction we give up (or is
      // closing): only the close ends it without a delivery.
      close_connection();
    } else {
      end_transaction(deadline);
    }
    return true;
  }

  if (const Io io = write_all(dot_stuffed(message), deadline, write_error); io != Io::ok) {
    // Its end (CRLF.CRLF) was not all written: the server cannot have taken it.
    result = io_failure(io, write_error, {}, "sending the message");
    return true;
  }
  if (const Io io = read_reply(deadline, reply, error); io != Io::ok) {
    result = io_failure(io, 0, error, "waiting for the reply to the message");
    result.detail += "; the message may have been delivered already (possible duplicate)";
    return true;
  }
  if (reply.code / 100 == 2) {
    result =
        DeliveryResult{DeliveryResult::Kind::sent, "accepted (SMTP " + std::to_string(reply.code) + ")", reply.code};
    return true;
  }
  result = refused("the message", reply.text, reply.code);
  if (reply.code == 421) {
    close_connection();
  }
  return true;
}

void PlainSmtpClient::end_transaction(Deadline deadline) {
  int write_error = 0;
  std::string error;
  Reply reply;
  if (write_all("RSET\r\n", deadline, write_error) != Io::ok || read_reply(deadline, reply, error) != Io::ok ||
      reply.code / 100 != 2) {
    close_connection();
  }
}

DeliveryResult PlainSmtpClient::send(std::string_view from_address, const std::vector<std::string>& to,
                                     std::string_view message) {
  const Deadline deadline = Clock::now() + m_total_timeout;
  bool reused = m_fd >= 0;
  if (reused) {
    // Anything the server said between messages (a 421 before its idle
    // close) or its close: start afresh.
    // A connection idle longer than libcurl keeps one is not trusted either:
    // a middlebox may have dropped it without a word.
    pollfd entry{m_fd, POLLIN, 0};
    if (!m_input.empty() || ::poll(&entry, 1, 0) != 0 || Clock::now() - m_last_used > k_max_idle) {
      close_connection();
      reused = false;
    }
  }
  DeliveryResult result;
  for (;;) {
    if (m_fd < 0 && !open(deadline, result)) {
      return result;
    }
    if (m_size_limit > 0 && message.size() > m_size_limit) {
      return DeliveryResult{DeliveryResult::Kind::permanent,
                            "the message of " + std::to_string(message.size()) +
                                " bytes is larger than the server's SIZE limit of " + std::to_string(m_size_limit) +
                                " bytes",
                            0};
    }
    if (transaction(from_address, to, message, deadline, reused, result)) {
      m_last_used = Clock::now();
      return result;
    }
    close_connection();
    reused = false;  // one fresh connection, once
  }
}

}  // namespace deadlined::delivery
