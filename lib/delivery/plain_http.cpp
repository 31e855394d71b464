#include "delivery/plain_http.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "delivery/curl_handle.hpp"
#include "delivery/socket_io.hpp"
#include "delivery/http_response.hpp"

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

// Whether a kept connection has nothing to say: no close, error or bytes that
// arrived after its last reply (they answer no request). Checked before
// sending, so that a connection the server closed is not sent a request.
bool idle_and_open(int fd) {
  pollfd entry{fd, POLLIN, 0};
  return ::poll(&entry, 1, 0) == 0;
}

}  // namespace

std::optional<HttpTarget> plain_http_target(std::string_view url) {
  if (url.size() < 7) {
    return std::nullopt;
  }
  const detail::CurlUrl handle{curl_url()};
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, std::string{url}.c_str(), 0) != CURLUE_OK) {
    return std::nullopt;
  }
  CURLU* parsed = handle.get();
  // Empty user information still makes libcurl send an Authorization header,
  // and it connects to a link-local address through the zone's interface.
  if (url_part(parsed, CURLUPART_SCHEME) != "http" || has_url_part(parsed, CURLUPART_USER) ||
      has_url_part(parsed, CURLUPART_PASSWORD) || has_url_part(parsed, CURLUPART_ZONEID)) {
    return std::nullopt;
  }
  HttpTarget target;
  target.host = url_part(parsed, CURLUPART_HOST);
  if (target.host.empty()) {
    return std::nullopt;
  }
  target.host_header = target.host;
  if (target.host.size() > 2 && target.host.front() == '[' && target.host.back() == ']') {
    target.host = target.host.substr(1, target.host.size() - 2);
  }
  const std::string written_port = url_part(parsed, CURLUPART_PORT);
  target.port = written_port.empty() ? "80" : written_port;
  if (!written_port.empty() && written_port != "80") {
    target.host_header += ':' + written_port;
  }
  target.path = url_part(parsed, CURLUPART_PATH);
  if (target.path.empty()) {
    target.path = "/";
  }
  if (has_url_part(parsed, CURLUPART_QUERY)) {
    target.path += '?' + url_part(parsed, CURLUPART_QUERY);  // an empty query keeps its '?', as libcurl sends it
  }
  // Nothing that would split the request line or a header.
  for (const std::string* part : {&target.path, &target.host_header}) {
    if (part->find_first_of(" \r\n\t") != std::string::npos) {
      return std::nullopt;
    }
  }
  return target;
}

bool http_proxy_in_environment() {
  for (const char* name : {"http_proxy", "all_proxy", "ALL_PROXY"}) {
    const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once per client
    if (value != nullptr && *value != '\0') {
      return true;
    }
  }
  return false;
}

PlainHttpClient::PlainHttpClient(PlainHttpClient&& other) noexcept
    : m_connect_timeout(other.m_connect_timeout),
      m_total_timeout(other.m_total_timeout),
      m_abort(std::move(other.m_abort)),
      m_idle(std::move(other.m_idle)),
      m_resolved(std::move(other.m_resolved)) {
  other.m_idle.clear();
}

PlainHttpClient& PlainHttpClient::operator=(PlainHttpClient&& other) noexcept {
  if (this != &other) {
    close_all();
    m_connect_timeout = other.m_connect_timeout;
    m_total_timeout = other.m_total_timeout;
    m_abort = std::move(other.m_abort);
    m_idle = std::move(other.m_idle);
    m_resolved = std::move(other.m_resolved);
    other.m_idle.clear();
  }
  return *this;
}

PlainHttpClient::~PlainHttpClient() {
  close_all();
}

void PlainHttpClient::close_all() {
  for (const Connection& connection : m_idle) {
    ::close(connection.fd);
  }
  m_idle.clear();
}

const PlainHttpClient::Resolved* PlainHttpClient::resolve(const HttpTarget& target, const std::string& endpoint,
                                                          Deadline deadline, PlainHttpReply& reply) {
  const auto now = Clock::now();
  std::erase_if(m_resolved, [&](const Resolved& entry) { return entry.expires <= now; });
  if (const auto kept = std::find_if(m_resolved.begin(), m_resolved.end(),
                                     [&](const Resolved& entry) { return entry.endpoint == endpoint; });
      kept != m_resolved.end()) {
    return &*kept;
  }
  auto addresses = m_lookups.resolve(target.host, target.port, deadline, m_abort.get());
  if (!addresses) {
    reply.connect_failed = true;
    reply.timed_out = Clock::now() >= deadline;
    reply.error = "cannot resolve " + target.host + ": " + addresses.error();
    return nullptr;
  }
  if (m_resolved.size() >= k_max_resolved) {
    m_resolved.erase(m_resolved.begin());
  }
  m_resolved.push_back(Resolved{endpoint, now + k_resolved_for, std::move(*addresses)});
  return &m_resolved.back();
}

int PlainHttpClient::connect_to(const HttpTarget& target, Deadline deadline, PlainHttpReply& reply) {
  const Deadline connect_deadline = std::min(deadline, Clock::now() + m_connect_timeout);
  const std::string endpoint = target.host + ' ' + target.port;
  const Resolved* resolved = resolve(target, endpoint, connect_deadline, reply);
  if (resolved == nullptr) {
    return -1;
  }
  const Connected connected = connect_first(resolved->addresses, connect_deadline, m_abort.get());
  if (connected.fd >= 0) {
    return connected.fd;
  }
  // A name that no longer answers at its addresses is resolved again next time.
  std::erase_if(m_resolved, [&](const Resolved& entry) { return entry.endpoint == endpoint; });
  reply.connect_failed = true;
  if (connected.timed_out && connected.error == 0) {
    reply.timed_out = true;
    reply.error = "cannot connect to " + target.host_header + ": no answer within " +
                  std::to_string(m_connect_timeout.count()) + " ms";
    return -1;
  }
  reply.error = "cannot connect to " + target.host_header + ": " + system_error(connected.error);
  return -1;
}

bool PlainHttpClient::exchange(int fd, std::string_view head, std::string_view body, Deadline deadline,
                               PlainHttpReply& reply, bool& reusable) {
  reusable = false;
  std::size_t sent = 0;
  const std::size_t total = head.size() + body.size();
  std::string send_error;  // the request was cut short: why, if no reply says more
  while (sent < total) {
    std::array<iovec, 2> parts{};
    std::size_t count = 0;
    if (sent < head.size()) {
      parts[count++] = iovec{const_cast<char*>(head.data() + sent), head.size() - sent};
    }
    const std::size_t body_sent = sent > head.size() ? sent - head.size() : 0;
    if (body_sent < body.size()) {
      parts[count++] = iovec{const_cast<char*>(body.data() + body_sent), body.size() - body_sent};
    }
    msghdr message{};
    message.msg_iov = parts.data();
    message.msg_iovlen = count;
    const ssize_t n = ::sendmsg(fd, &message, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // Room to send, or a reply that came early: a server refusing a body
      // (413) may answer and stop reading it, and that answer decides.
      if (const Wait wait = wait_for(fd, POLLOUT | POLLIN, deadline, m_abort.get()); !wait.ready()) {
        if (wait.outcome == Wait::Outcome::failed) {
          reply.error = "cannot wait to send the request: " + system_error(wait.error);
          return true;
        }
        reply.timed_out = true;
        reply.error = "timed out after " + std::to_string(m_total_timeout.count()) + " ms sending the request";
        return true;
      }
      if (pollfd entry{fd, POLLIN, 0}; ::poll(&entry, 1, 0) > 0 && (entry.revents & POLLIN) != 0) {
        send_error = "the server answered before the whole request was sent";
        break;
      }
      continue;
    }
    const int error = n < 0 ? errno : EPIPE;
    if (sent == 0 && dead_connection_error(error)) {
      return false;
    }
    send_error = "cannot send the request: " + system_error(error);
    if (!dead_connection_error(error)) {
      reply.error = send_error;
      return true;
    }
    break;  // closed or reset while sending: an answer it sent first is still read
  }

  HttpResponseParser parser;
  std::array<char, 16 * 1024> buffer{};
  std::size_t received = 0;
  for (;;) {
    const Wait wait = wait_for(fd, POLLIN, deadline, m_abort.get());
    if (wait.outcome == Wait::Outcome::failed) {
      reply.error = "cannot wait for the reply: " + system_error(wait.error);
      break;
    }
    if (!wait.ready()) {
      reply.timed_out = true;
      reply.error = "timed out after " + std::to_string(m_total_timeout.count()) + " ms" +
                    (parser.has_status() ? "" : " waiting for the reply");
      break;
    }
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
        continue;
      }
      const int error = errno;
      if (received == 0 && dead_connection_error(error) && send_error.empty()) {
        return false;
      }
      reply.error = "cannot read the reply: " + system_error(error);
      break;
    }
    if (n == 0) {
      if (received == 0 && send_error.empty()) {
        return false;  // closed before a byte of a reply: the kept connection was dead
      }
      parser.end_of_input();
      if (parser.state() == HttpResponseParser::State::failed) {
        reply.error = parser.error();
      }
      break;
    }
    received += static_cast<std::size_t>(n);
    const std::size_t used = parser.feed(std::string_view{buffer.data(), static_cast<std::size_t>(n)});
    if (parser.state() == HttpResponseParser::State::complete) {
      // Bytes past the end of the reply answer no request: not the next one's either.
      reusable = parser.reusable() && used == static_cast<std::size_t>(n);
      break;
    }
    if (parser.state() == HttpResponseParser::State::failed) {
      reply.error = parser.error();
      break;
    }
    if (parser.body_bytes() > k_max_body_read) {
      reply.error = "the body is longer than " + std::to_string(k_max_body_read) + " bytes";
      break;
    }
  }
  reply.status = parser.status();
  reply.retry_after = parser.retry_after();
  reply.body_start = parser.body_start();
  reply.complete = parser.state() == HttpResponseParser::State::complete;
  if (!send_error.empty()) {
    reusable = false;  // the rest of the request is still owed on it
    if (reply.status == 0) {
      reply.error = send_error;
    }
  }
  return true;
}

int PlainHttpClient::take_kept(const std::string& endpoint) {
  const auto find_kept = [&] {
    return std::find_if(m_idle.rbegin(), m_idle.rend(),
                        [&](const Connection& connection) { return connection.endpoint == endpoint; });
  };
  for (auto kept = find_kept(); kept != m_idle.rend(); kept = find_kept()) {
    const int kept_fd = kept->fd;
    m_idle.erase(std::next(kept).base());
    if (idle_and_open(kept_fd)) {
      return kept_fd;
    }
    ::close(kept_fd);
  }
  return -1;
}

void PlainHttpClient::keep(const std::string& endpoint, int fd) {
  if (m_idle.size() >= k_max_idle) {
    ::close(m_idle.front().fd);
    m_idle.erase(m_idle.begin());
  }
  m_idle.push_back(Connection{endpoint, fd});
}

PlainHttpReply PlainHttpClient::post(const HttpTarget& target, std::string_view head, std::string_view body) {
  const Deadline deadline = Clock::now() + m_total_timeout;
  const std::string endpoint = target.host + ' ' + target.port;
  PlainHttpReply reply;
  int fd = take_kept(endpoint);
  bool reused = fd >= 0;
  for (;;) {
    if (fd < 0) {
      fd = connect_to(target, deadline, reply);
      if (fd < 0) {
        return reply;
      }
    }
    bool reusable = false;
    if (exchange(fd, head, body, deadline, reply, reusable)) {
      if (reusable) {
        keep(endpoint, fd);
      } else {
        ::close(fd);
      }
      return reply;
    }
    ::close(fd);
    fd = -1;
    if (!reused) {
      reply.error = "the server closed the connection without a reply";
      return reply;
    }
    reused = false;  // a kept connection the server had closed: one fresh try
    reply = PlainHttpReply{};
  }
}

}  // namespace deadlined::delivery
