// Pipelined plain-HTTP posts: a batch of requests written on one connection
// before their replies are read, so that a worker sleeps and wakes once per
// batch instead of once per post (docs/performance.md, "Pipelined webhooks").
// Every digest carries an Idempotency-Key and the outbox retries a post whose
// reply was lost, which is the "means to detect and recover from partial
// failure" RFC 9112 §9.3.2 asks of a client pipelining POSTs.
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <string>
#include <vector>

#include "delivery/http_response.hpp"
#include "delivery/plain_http.hpp"
#include "delivery/socket_io.hpp"

namespace deadlined::delivery {

namespace {

using Clock = std::chrono::steady_clock;
using detail::dead_connection_error;
using detail::system_error;
using detail::Wait;
using detail::wait_for;

// The parts of the requests not yet sent, from byte `sent` of their
// concatenation, at most IOV_MAX of them.
std::vector<iovec> unsent_parts(const PlainHttpRequest* requests, std::size_t count, std::size_t sent) {
  std::vector<iovec> parts;
  std::size_t offset = 0;
  for (std::size_t i = 0; i < count && parts.size() < IOV_MAX; ++i) {
    for (const std::string_view part : {requests[i].head, requests[i].body}) {
      if (part.empty() || parts.size() >= IOV_MAX) {
        continue;
      }
      const std::size_t end = offset + part.size();
      if (end > sent) {
        const std::size_t skip = sent > offset ? sent - offset : 0;
        parts.push_back(iovec{const_cast<char*>(part.data() + skip), part.size() - skip});
      }
      offset = end;
    }
  }
  return parts;
}

void take_reply(const HttpResponseParser& parser, PlainHttpReply& reply) {
  reply.status = parser.status();
  reply.retry_after = parser.retry_after();
  reply.body_start = parser.body_start();
  reply.complete = parser.state() == HttpResponseParser::State::complete;
}

}  // namespace

PlainHttpClient::PipelineRound PlainHttpClient::exchange_pipelined(int fd, const PlainHttpRequest* requests,
                                                                   PlainHttpReply* replies, std::size_t count,
                                                                   const std::function<void(std::size_t)>& answered) {
  PipelineRound round;
  const auto answer = [&] { answered(round.answered++); };
  // Where each request ends in the stream of all of them.
  std::vector<std::size_t> ends(count);
  std::size_t total = 0;
  for (std::size_t i = 0; i < count; ++i) {
    total += requests[i].head.size() + requests[i].body.size();
    ends[i] = total;
  }
  const auto start_of = [&](std::size_t i) { return i == 0 ? std::size_t{0} : ends[i - 1]; };
  std::size_t sent = 0;
  std::string send_error;  // the requests were cut short: why
  HttpResponseParser parser;
  bool reply_started = false;  // bytes of replies[round.answered] arrived
  Deadline deadline = Clock::now() + m_total_timeout;

  // The connection is done with: the requests from the first unanswered on
  // that the server never got a byte of may go on another connection; the
  // others fail with `why` (the first) or as lost behind it.
  const auto give_up = [&](const std::string& why, bool timed_out) {
    const std::size_t first_unanswered = round.answered;
    for (std::size_t i = first_unanswered; i < count; ++i) {
      if (start_of(i) >= sent) {
        round.retry_rest = true;
        return;
      }
      PlainHttpReply& reply = replies[i];
      reply.timed_out = timed_out;
      reply.error = i == first_unanswered ? why : "no reply: the connection failed before it (" + why + ")";
      answer();
    }
  };
  // Closed or reset before a byte of the reply awaited: the server stopped
  // reading there (a kept connection it had closed, or its last request
  // served), so every request from there on may go again, as post() does.
  const auto closed_before_reply = [&] {
    round.retry_rest = true;
    return round;
  };

  std::array<char, 16 * 1024> buffer{};
  for (;;) {
    while (send_error.empty() && sent < total) {
      std::vector<iovec> parts = unsent_parts(requests, count, sent);
      msghdr message{};
      message.msg_iov = parts.data();
      message.msg_iovlen = parts.size();
      const ssize_t n = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        break;  // the wait below watches for room as well as for replies
      }
      const int error = n < 0 ? errno : EPIPE;
      if (round.answered == 0 && sent == 0 && dead_connection_error(error)) {
        return closed_before_reply();
      }
      send_error = "cannot send the request: " + system_error(error);
      if (!dead_connection_error(error)) {
        give_up(send_error, false);
        return round;
      }
      // Closed or reset while sending: the replies it sent first are still read.
    }
    const bool want_room = send_error.empty() && sent < total;
    const Wait wait = wait_for(fd, static_cast<short>(POLLIN | (want_room ? POLLOUT : 0)), deadline, m_abort.get());
    if (wait.outcome == Wait::Outcome::failed) {
      give_up("cannot wait for the reply: " + system_error(wait.error), false);
      return round;
    }
    if (!wait.ready()) {
      give_up("timed out after " + std::to_string(m_total_timeout.count()) + " ms" +
                  (parser.has_status() ? "" : " waiting for the reply"),
              true);
      return round;
    }
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
        continue;  // woken for room to send
      }
      const int error = errno;
      if (!reply_started && dead_connection_error(error) && send_error.empty()) {
        return closed_before_reply();
      }
      give_up("cannot read the reply: " + system_error(error), false);
      return round;
    }
    if (n == 0) {
      if (!reply_started && send_error.empty()) {
        return closed_before_reply();
      }
      parser.end_of_input();
      if (parser.state() == HttpResponseParser::State::complete) {
        take_reply(parser, replies[round.answered]);
        answer();
        give_up("the server closed the connection", false);
        return round;
      }
      if (parser.has_status()) {
        take_reply(parser, replies[round.answered]);
      }
      give_up(parser.state() == HttpResponseParser::State::failed ? parser.error()
              : send_error.empty()                                ? "the server closed the connection"
                                                                  : send_error,
              false);
      return round;
    }
    std::string_view data{buffer.data(), static_cast<std::size_t>(n)};
    while (!data.empty()) {
      reply_started = true;
      data.remove_prefix(parser.feed(data));
      PlainHttpReply& reply = replies[round.answered];
      if (parser.state() == HttpResponseParser::State::failed) {
        take_reply(parser, reply);
        give_up(parser.error(), false);
        return round;
      }
      if (parser.state() != HttpResponseParser::State::complete) {
        if (parser.body_bytes() > k_max_body_read) {
          take_reply(parser, reply);
          give_up("the body is longer than " + std::to_string(k_max_body_read) + " bytes", false);
          return round;
        }
        break;  // every byte used: the rest of this reply comes later
      }
      take_reply(parser, reply);
      // Answered before its request was sent whole (a 413 refusing the
      // body): the server is owed the rest, so nothing more goes on here.
      const bool answered_early = sent < ends[round.answered];
      answer();
      if (!parser.reusable() || answered_early || !send_error.empty()) {
        // The server closes after this reply ("Connection: close", HTTP/1.0)
        // and reads no request after it (RFC 9112 §9.6).
        round.retry_rest = round.answered < count;
        return round;
      }
      if (round.answered == count) {
        // Bytes past the last reply answer no request of ours.
        round.reusable = data.empty();
        return round;
      }
      parser = HttpResponseParser{};
      reply_started = false;
      deadline = Clock::now() + m_total_timeout;
    }
  }
}

std::vector<PlainHttpReply> PlainHttpClient::post_pipelined(const HttpTarget& target,
                                                            const std::vector<PlainHttpRequest>& requests,
                                                            const OnReply& on_reply) {
  std::vector<PlainHttpReply> replies(requests.size());
  const auto final_reply = [&](std::size_t index) {
    if (on_reply) {
      on_reply(index, replies[index]);
    }
  };
  const std::string endpoint = target.host + ' ' + target.port;
  std::size_t next = 0;
  bool fresh_only = false;
  while (next < requests.size()) {
    int fd = fresh_only ? -1 : take_kept(endpoint);
    const bool reused = fd >= 0;
    if (fd < 0) {
      PlainHttpReply failure;
      fd = connect_to(target, Clock::now() + m_total_timeout, failure);
      if (fd < 0) {
        for (std::size_t i = next; i < requests.size(); ++i) {
          replies[i] = failure;
          final_reply(i);
        }
        return replies;
      }
    }
    const std::size_t first = next;
    const PipelineRound round =
        exchange_pipelined(fd, requests.data() + first, replies.data() + first, requests.size() - first,
                           [&](std::size_t index) { final_reply(first + index); });
    if (round.reusable) {
      keep(endpoint, fd);
    } else {
      ::close(fd);
    }
    next += round.answered;
    if (!round.retry_rest) {
      break;
    }
    if (round.answered == 0 && !reused) {
      // A new connection closed before any reply: no other is tried.
      for (std::size_t i = next; i < requests.size(); ++i) {
        replies[i].error = "the server closed the connection without a reply";
        final_reply(i);
      }
      break;
    }
    // A kept connection found closed gets one fresh try; after a reply the
    // rest go on whichever connection comes next.
    fresh_only = round.answered == 0;
  }
  return replies;
}

}  // namespace deadlined::delivery
