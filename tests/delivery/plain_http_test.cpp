#include "delivery/plain_http.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "delivery/logging_http_server.hpp"
#include "delivery/test_helpers.hpp"
#include "delivery/webhook.hpp"
#include "support/process.hpp"

namespace deadlined::delivery {
namespace {

using testing::utc;

TEST(PlainHttpTarget, WhatTheRequestLineAndHostHeaderSay) {
  auto target = plain_http_target("http://127.0.0.1:8080/hook/so-tu-phap?x=1#fragment");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->host, "127.0.0.1");
  EXPECT_EQ(target->port, "8080");
  EXPECT_EQ(target->host_header, "127.0.0.1:8080");
  EXPECT_EQ(target->path, "/hook/so-tu-phap?x=1");

  target = plain_http_target("HTTP://Hooks.Example.VN");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->port, "80");
  EXPECT_EQ(target->host_header, target->host);
  EXPECT_EQ(target->path, "/");

  target = plain_http_target("http://[::1]:9000/a");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->host, "::1");
  EXPECT_EQ(target->host_header, "[::1]:9000");

  // Left to libcurl or refused: other schemes, credentials, what does not parse.
  for (const char* url : {"https://127.0.0.1/x", "http://user:pass@127.0.0.1/x", "http://", "ftp://h/x",
                          "127.0.0.1:80/x", "http://a b/", ""}) {
    EXPECT_FALSE(plain_http_target(url)) << url;
  }
}

// What libcurl would send differently is left to libcurl or written alike.
TEST(PlainHttpTarget, UrlsLibcurlReadsSoTheRequestIsTheSame) {
  // Empty user information still makes libcurl send "Authorization: Basic Og==".
  EXPECT_FALSE(plain_http_target("http://:@127.0.0.1/x"));
  EXPECT_FALSE(plain_http_target("http://@127.0.0.1/x"));
  // A link-local address with its interface: libcurl connects through it.
  EXPECT_FALSE(plain_http_target("http://[fe80::1%25eth0]:81/x"));
  // libcurl keeps an empty query's '?'.
  auto target = plain_http_target("http://h/p?#f");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/p?");
  target = plain_http_target("http://h?");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/?");
  target = plain_http_target("http://h:80?x=%0D%0A#y");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/?x=%0D%0A");
  EXPECT_EQ(target->host_header, "h");
}

// A raw HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose, per path:
//   /close-after  answers 204 (keep-alive by default) and then closes
//   /silent       reads the request and closes without a reply
//   /chunked      answers 200 with a chunked body, connection kept
//   /date         answers 503 with Retry-After as an HTTP date
//   /extra        answers 204 and, in the same write, bytes of no request's
//                 reply (a stale 500), connection kept
//   /late-extra   answers 204, then such bytes a moment later
//                 (both append the path to <log>.stale once those are sent)
//   /too-large    answers 413 without reading the body, closes 10 s later
//   /retry-words  answers 503 with "Retry-After: 120 seconds" (not standard)
// Every request is logged as "<connection number> <path>"; the last segment
// of the path picks the behaviour.
constexpr const char* k_raw_server = R"py(
import socket, sys, threading, time
port, log = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
counter = [0]

def stale_sent(path):
    with lock:
        with open(log + ".stale", "a") as f:
            f.write(path + "\n")

def serve(conn, number):
    data = b""
    while True:
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                conn.close(); return
            data += chunk
        head, data = data.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        path = lines[0].split(" ")[1]
        name = "/" + path.rsplit("/", 1)[-1]   # a proxied request names the whole URL
        length = 0
        for line in lines[1:]:
            header, _, value = line.partition(":")
            if header.lower() == "content-length":
                length = int(value)
        if name == "/too-large":
            # Answers at once and reads none of the body, as a server
            # refusing it does; closes a while later.
            with lock:
                with open(log, "a") as f:
                    f.write("%d %s\n" % (number, path))
            conn.sendall(b"HTTP/1.1 413 Payload Too Large\r\nContent-Length: 9\r\nConnection: close\r\n\r\ntoo large")
            time.sleep(10)
            conn.close(); return
        while len(data) < length:
            data += conn.recv(65536)
        data = data[length:]
        with lock:
            with open(log, "a") as f:
                f.write("%d %s\n" % (number, path))
        if name == "/silent":
            conn.close(); return
        if name == "/close-after":
            conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")
            conn.close(); return
        if name == "/chunked":
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
            continue
        if name == "/retry-words":
            conn.sendall(b"HTTP/1.1 503 Busy\r\nRetry-After: 120 seconds\r\nContent-Length: 4\r\n\r\nbusy")
            continue
        if name == "/date":
            conn.sendall(b"HTTP/1.1 503 Busy\r\nRetry-After: Wed, 25 Nov 2026 01:02:00 GMT\r\n"
                         b"Content-Length: 4\r\n\r\nbusy")
            continue
        if name == "/extra":
            conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 500 Stale\r\nContent-Length: 0\r\n\r\n")
            stale_sent(name)
            continue
        if name == "/late-extra":
            conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")
            time.sleep(0.2)
            conn.sendall(b"HTTP/1.1 500 Stale\r\nContent-Length: 0\r\n\r\n")
            stale_sent(name)
            continue
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")

)py";

class RawServer : public testing::LoggingHttpServer {
 protected:
  RawServer() : LoggingHttpServer(k_raw_server) {}

  static std::string head(const HttpTarget& target, std::size_t length) {
    return "POST " + target.path + " HTTP/1.1\r\nHost: " + target.host_header +
           "\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
  }
  // Waits (bounded) until the server has sent the stale bytes after the
  // reply to `path`: on loopback they are then in the client's socket.
  bool stale_bytes_sent(const std::string& path) const {
    const auto stale = m_dir.path() / "requests.log.stale";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{30};
    while (std::chrono::steady_clock::now() < deadline) {
      if (std::filesystem::exists(stale) && test::read_file(stale).find(path + "\n") != std::string::npos) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    return false;
  }
};

TEST_F(RawServer, AKeptConnectionTheServerClosedIsReplacedOnceAndNothingIsSentTwice) {
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{5}};
  const HttpTarget close_after = target("/close-after");
  for (int i = 0; i < 3; ++i) {
    const auto reply = client.post(close_after, head(close_after, 2), "{}");
    EXPECT_EQ(reply.status, 204) << i << ": " << reply.error;
    EXPECT_TRUE(reply.complete) << i;
  }
  // Each request on its own connection, each exactly once.
  EXPECT_EQ(requests(), (std::vector<std::string>{"1 /close-after", "2 /close-after", "3 /close-after"}));
}

// Bytes past the end of a response belong to no request: the connection they
// came on is not trusted with the next one.
TEST_F(RawServer, BytesPastTheEndOfAReplyAreNotReadAsTheNextReply) {
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{5}};
  for (const char* path : {"/extra", "/late-extra"}) {
    const HttpTarget extra = target(path);
    auto reply = client.post(extra, head(extra, 0), "");
    EXPECT_EQ(reply.status, 204) << path << ": " << reply.error;
    // Not a fixed sleep: a loaded machine can send the late bytes after it.
    ASSERT_TRUE(stale_bytes_sent(path)) << path;
    const HttpTarget chunked = target("/chunked");
    reply = client.post(chunked, head(chunked, 0), "");
    EXPECT_EQ(reply.status, 200) << path << ": " << reply.error;
    EXPECT_EQ(reply.body_start, "ok") << path;
  }
}

TEST_F(RawServer, AFreshConnectionClosedWithoutAReplyIsNotRetried) {
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{5}};
  const HttpTarget silent = target("/silent");
  const auto reply = client.post(silent, head(silent, 2), "{}");
  EXPECT_EQ(reply.status, 0);
  EXPECT_EQ(reply.error, "the server closed the connection without a reply");
  EXPECT_EQ(requests(), std::vector<std::string>{"1 /silent"});
  EXPECT_EQ(client.idle_connections(), 0U);
}

// A reply that comes while the body is still going out (the server refuses
// it and stops reading) decides the outcome: not a send error or a timeout.
TEST_F(RawServer, AnEarlyReplyToALargeBodyIsRead) {
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{20}};
  const HttpTarget too_large = target("/too-large");
  const std::string body(16 * 1024 * 1024, 'x');
  const auto started = std::chrono::steady_clock::now();
  const auto reply = client.post(too_large, head(too_large, body.size()), body);
  EXPECT_EQ(reply.status, 413) << reply.error;
  EXPECT_EQ(reply.body_start, "too large");
  EXPECT_FALSE(reply.timed_out);
  // The server closes 10 s after its reply; well under that even on a loaded machine.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds{8}) << "read before the server closed";
  EXPECT_EQ(client.idle_connections(), 0U) << "the rest of the request is still owed on it";
  EXPECT_EQ(requests(), std::vector<std::string>{"1 /too-large"});
}

TEST_F(RawServer, AChunkedReplyKeepsTheConnection) {
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{5}};
  const HttpTarget chunked = target("/chunked");
  for (int i = 0; i < 3; ++i) {
    const auto reply = client.post(chunked, head(chunked, 0), "");
    EXPECT_EQ(reply.status, 200) << reply.error;
    EXPECT_EQ(reply.body_start, "ok");
  }
  EXPECT_EQ(requests(), (std::vector<std::string>{"1 /chunked", "1 /chunked", "1 /chunked"}));
  EXPECT_EQ(client.idle_connections(), 1U);
}

TEST_F(RawServer, WebhookClientReadsRetryAfterGivenAsADate) {
  WebhookClient client;
  const auto result =
      client.post("http://127.0.0.1:" + std::to_string(m_port) + "/date", "{}", "", "k", utc(2026, 11, 25, 1, 0, 0));
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_EQ(result.code, 503);
  EXPECT_EQ(result.retry_after_seconds, 120);
  EXPECT_EQ(result.detail, "HTTP 503, Retry-After 120 s: busy");
}

TEST(RetryAfter, SecondsDatesAndNonsense) {
  const auto now = utc(2026, 11, 25, 1, 0, 0);
  EXPECT_EQ(retry_after_seconds("120", now), 120);
  EXPECT_EQ(retry_after_seconds("Wed, 25 Nov 2026 01:02:00 GMT", now), 120);
  EXPECT_EQ(retry_after_seconds("Wed, 25 Nov 2026 00:59:00 GMT", now), 0);  // already past
  EXPECT_EQ(retry_after_seconds("soon", now), 0);
  EXPECT_EQ(retry_after_seconds("120 seconds", now), 120) << "as libcurl reads it";
  EXPECT_EQ(retry_after_seconds("-5", now), 0);
  EXPECT_EQ(retry_after_seconds("", now), 0);
  EXPECT_EQ(retry_after_seconds("99999999999999999999999", now), 0);
}

// A Retry-After that is neither seconds nor a date reads the same through
// the plain client and through libcurl (made to take the URL by a proxy).
TEST_F(RawServer, RetryAfterInWordsReadsAsLibcurlReadsIt) {
  const std::string url = "http://127.0.0.1:" + std::to_string(m_port) + "/retry-words";
  const auto now = utc(2026, 11, 25, 1, 0, 0);
  WebhookClient plain;
  const auto ours = plain.post(url, "{}", "", "k", now);
  const std::string proxy = "http://127.0.0.1:" + std::to_string(m_port);
  ::setenv("http_proxy", proxy.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): the test's own thread
  WebhookClient through_libcurl;
  const auto theirs = through_libcurl.post(url, "{}", "", "k", now);
  ::unsetenv("http_proxy");  // NOLINT(concurrency-mt-unsafe)
  EXPECT_EQ(theirs.retry_after_seconds, 120) << theirs.detail;
  EXPECT_EQ(ours.retry_after_seconds, theirs.retry_after_seconds) << ours.detail;
  EXPECT_EQ(ours.detail, theirs.detail);
}

// With a proxy in the environment every http:// URL goes through libcurl,
// which sends the request to the proxy in absolute form.
TEST_F(RawServer, AProxyInTheEnvironmentSendsHttpThroughLibcurl) {
  const std::string proxy = "http://127.0.0.1:" + std::to_string(m_port);
  ::setenv("http_proxy", proxy.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): the test's own thread
  WebhookClient client;
  const auto result = client.post("http://hooks.example.invalid/chunked", "{}", "", "k", utc(2026, 11, 25, 1, 0, 0));
  ::unsetenv("http_proxy");  // NOLINT(concurrency-mt-unsafe)
  EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  EXPECT_EQ(requests(), std::vector<std::string>{"1 http://hooks.example.invalid/chunked"});
}

TEST_F(RawServer, ANameIsResolvedAndItsConnectionKept) {
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{5}};
  const auto chunked = plain_http_target("http://localhost:" + std::to_string(m_port) + "/chunked");
  ASSERT_TRUE(chunked);
  for (int i = 0; i < 2; ++i) {
    const auto reply = client.post(*chunked, head(*chunked, 0), "");
    EXPECT_EQ(reply.status, 200) << reply.error;
  }
  EXPECT_EQ(requests(), (std::vector<std::string>{"1 /chunked", "1 /chunked"}));
  const auto unknown = plain_http_target("http://no-such-host.invalid/x");
  ASSERT_TRUE(unknown);
  const auto reply = client.post(*unknown, head(*unknown, 0), "");
  EXPECT_TRUE(reply.connect_failed);
  EXPECT_TRUE(reply.error.starts_with("cannot resolve no-such-host.invalid: ")) << reply.error;
}

TEST(PlainHttpClientTest, ARefusedConnectionSaysWhere) {
  const std::uint16_t port = test::free_tcp_port();  // nothing listens there
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{5}};
  const auto target = plain_http_target("http://127.0.0.1:" + std::to_string(port) + "/hook");
  ASSERT_TRUE(target);
  const auto reply = client.post(*target, "POST /hook HTTP/1.1\r\n\r\n", "");
  EXPECT_TRUE(reply.connect_failed);
  EXPECT_EQ(reply.error, "cannot connect to 127.0.0.1:" + std::to_string(port) + ": Connection refused");
}

}  // namespace
}  // namespace deadlined::delivery
