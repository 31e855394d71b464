// Pipelined plain-HTTP posts against a real server on loopback that reads
// requests from its buffer one after another, as an HTTP/1.1 server must,
// and misbehaves on purpose at some of them.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "delivery/plain_http.hpp"
#include "delivery/logging_http_server.hpp"
#include "delivery/test_helpers.hpp"
#include "delivery/webhook.hpp"
#include "support/process.hpp"

namespace deadlined::delivery {
namespace {

using testing::utc;

// The last segment of the path picks the reply:
//   ok          200 with the body "ok <path>", connection kept
//   fail        500, kept;  busy  503 with Retry-After: 7, kept
//   close       204 with "Connection: close", then closes
//   close-after 204 (no close header), then closes
//   silent      reads the request and closes without a reply
//   slow        reads the request and answers nothing for 30 s
//   too-large   413 at once without reading the body, closes 10 s later
//   held        200 once the file <log>.release exists; 500 if it does
//               not within 20 s
// Every request read is logged as "<connection number> <path>" before the
// reply, so a request the server never read is not logged.
constexpr const char* k_pipelining_server = R"py(
import os, socket, sys, threading, time
port, log = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
counter = [0]

def logged(number, path):
    with lock:
        with open(log, "a") as f:
            f.write("%d %s\n" % (number, path))

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
        name = path.rsplit("/", 1)[-1]
        length = 0
        for line in lines[1:]:
            header, _, value = line.partition(":")
            if header.lower() == "content-length":
                length = int(value)
        if name == "too-large":
            logged(number, path)
            conn.sendall(b"HTTP/1.1 413 Payload Too Large\r\nContent-Length: 9\r\nConnection: close\r\n\r\ntoo large")
            time.sleep(10)
            conn.close(); return
        while len(data) < length:
            chunk = conn.recv(65536)
            if not chunk:
                conn.close(); return
            data += chunk
        data = data[length:]
        logged(number, path)
        if name == "silent":
            conn.close(); return
        if name == "slow":
            time.sleep(30)
            conn.close(); return
        if name == "close":
            conn.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
            conn.close(); return
        if name == "close-after":
            conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")
            conn.close(); return
        if name == "held":
            released = False
            for _ in range(2000):
                if os.path.exists(log + ".release"):
                    released = True
                    break
                time.sleep(0.01)
            if not released:
                conn.sendall(b"HTTP/1.1 500 Never Released\r\nContent-Length: 0\r\n\r\n")
                continue
        if name == "fail":
            conn.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: 4\r\n\r\noops")
            continue
        if name == "busy":
            conn.sendall(b"HTTP/1.1 503 Busy\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n")
            continue
        body = ("ok " + path).encode()
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)

)py";

class PipeliningServer : public testing::LoggingHttpServer {
 protected:
  PipeliningServer() : LoggingHttpServer(k_pipelining_server) {}

  // Posts each path with `body`, pipelined.
  std::vector<PlainHttpReply> post(PlainHttpClient& client, const std::vector<std::string>& paths,
                                   const std::string& body = "{}") {
    std::vector<std::string> heads;
    for (const std::string& path : paths) {
      const HttpTarget to = target(path);
      heads.push_back("POST " + to.path + " HTTP/1.1\r\nHost: " + to.host_header +
                      "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n");
    }
    std::vector<PlainHttpRequest> requests;
    for (const std::string& head : heads) {
      requests.push_back(PlainHttpRequest{head, body});
    }
    return client.post_pipelined(target(paths.front()), requests);
  }
};

TEST_F(PipeliningServer, RepliesComeBackInOrderOnOneConnection) {
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{5}};
  const auto replies = post(client, {"/a/ok", "/b/fail", "/c/ok", "/d/busy", "/e/ok"});
  ASSERT_EQ(replies.size(), 5U);
  EXPECT_EQ(replies[0].status, 200) << replies[0].error;
  EXPECT_EQ(replies[0].body_start, "ok /a/ok");
  EXPECT_EQ(replies[1].status, 500);
  EXPECT_EQ(replies[1].body_start, "oops");
  EXPECT_EQ(replies[2].body_start, "ok /c/ok");
  EXPECT_EQ(replies[3].status, 503);
  EXPECT_EQ(replies[3].retry_after, std::optional<std::string>{"7"});
  EXPECT_EQ(replies[4].body_start, "ok /e/ok");
  for (const auto& reply : replies) {
    EXPECT_TRUE(reply.complete) << reply.error;
  }
  EXPECT_EQ(requests(), (std::vector<std::string>{"1 /a/ok", "1 /b/fail", "1 /c/ok", "1 /d/busy", "1 /e/ok"}));
  EXPECT_EQ(client.idle_connections(), 1U);

  // The kept connection carries the next batch.
  const auto again = post(client, {"/f/ok", "/g/ok"});
  EXPECT_EQ(again[1].body_start, "ok /g/ok");
  EXPECT_EQ(requests().back(), "1 /g/ok");
}

// "Connection: close" or a close after a reply: the server read nothing
// after that request, so the rest go on a new connection, each once.
TEST_F(PipeliningServer, RequestsAfterTheServersLastReplyGoOnANewConnectionOnce) {
  for (const std::string closing : {"close", "close-after"}) {
    PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{5}};
    const std::size_t before = requests().size();
    const auto replies = post(client, {"/a/ok", "/b/" + closing, "/c/ok", "/d/ok"});
    ASSERT_EQ(replies.size(), 4U);
    EXPECT_EQ(replies[0].status, 200) << closing;
    EXPECT_EQ(replies[1].status, 204) << closing;
    EXPECT_EQ(replies[2].body_start, "ok /c/ok") << closing << ": " << replies[2].error;
    EXPECT_EQ(replies[3].body_start, "ok /d/ok") << closing << ": " << replies[3].error;
    const auto all = requests();
    const std::vector<std::string> these(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
    ASSERT_EQ(these.size(), 4U) << closing;
    EXPECT_EQ(these[1].substr(these[1].find(' ')), " /b/" + closing);
    EXPECT_EQ(these[0].substr(0, these[0].find(' ')), these[1].substr(0, these[1].find(' '))) << closing;
    EXPECT_NE(these[1].substr(0, these[1].find(' ')), these[2].substr(0, these[2].find(' ')))
        << closing << ": the rest came on the connection the server closed";
    EXPECT_EQ(these[2].substr(0, these[2].find(' ')), these[3].substr(0, these[3].find(' '))) << closing;
  }
}

// A request whose reply never comes fails with no status, and so does every
// request sent behind it: each may have been processed.
TEST_F(PipeliningServer, ALostReplyFailsItsRequestAndThoseSentBehindIt) {
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{1}};
  const auto replies = post(client, {"/a/ok", "/b/slow", "/c/ok"});
  ASSERT_EQ(replies.size(), 3U);
  EXPECT_EQ(replies[0].status, 200);
  EXPECT_EQ(replies[1].status, 0);
  EXPECT_TRUE(replies[1].timed_out);
  EXPECT_EQ(replies[1].error, "timed out after 1000 ms waiting for the reply");
  EXPECT_EQ(replies[2].status, 0);
  EXPECT_EQ(replies[2].error,
            "no reply: the connection failed before it (timed out after 1000 ms waiting for the reply)");
  EXPECT_EQ(client.idle_connections(), 0U);
  EXPECT_EQ(requests(), (std::vector<std::string>{"1 /a/ok", "1 /b/slow"}));
}

// A server that closes without a reply is treated as post() treats a kept
// connection found closed: one fresh try, then the failure.
TEST_F(PipeliningServer, AServerClosingWithoutAReplyGetsOneFreshTry) {
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{5}};
  const auto replies = post(client, {"/a/ok", "/b/silent", "/c/ok"});
  ASSERT_EQ(replies.size(), 3U);
  EXPECT_EQ(replies[0].status, 200);
  for (std::size_t i : {1U, 2U}) {
    EXPECT_EQ(replies[i].status, 0) << i;
    EXPECT_EQ(replies[i].error, "the server closed the connection without a reply") << i;
  }
  EXPECT_EQ(requests(), (std::vector<std::string>{"1 /a/ok", "1 /b/silent", "2 /b/silent"}));
}

// A reply before its request was sent whole (a body refused): the request
// after it was never sent, and goes on a new connection.
TEST_F(PipeliningServer, AnEarlyReplyStopsTheBatchAndTheRestGoOnANewConnection) {
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{20}};
  const std::string large(16 * 1024 * 1024, 'x');
  const std::string head_large =
      "POST /a/too-large HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(large.size()) + "\r\n\r\n";
  const std::string head_small = "POST /b/ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n";
  const auto started = std::chrono::steady_clock::now();
  const auto replies = client.post_pipelined(target("/a/too-large"),
                                             {PlainHttpRequest{head_large, large}, PlainHttpRequest{head_small, "{}"}});
  ASSERT_EQ(replies.size(), 2U);
  EXPECT_EQ(replies[0].status, 413) << replies[0].error;
  EXPECT_EQ(replies[1].status, 200) << replies[1].error;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds{8}) << "read before the server closed";
  EXPECT_EQ(requests(), (std::vector<std::string>{"1 /a/too-large", "2 /b/ok"}));
}

// A reply is handed over as soon as it is read, not when the batch ends: the
// server answers the second request only once the first reply was handed
// over.
TEST_F(PipeliningServer, EachReplyIsHandedOverBeforeTheNextIsAwaited) {
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{30}};
  const std::vector<std::string> paths{"/a/ok", "/b/held"};
  std::vector<std::string> heads;
  for (const std::string& path : paths) {
    heads.push_back("POST " + target(path).path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
  }
  std::vector<std::size_t> handed_over;
  const auto replies =
      client.post_pipelined(target(paths.front()), {PlainHttpRequest{heads[0], ""}, PlainHttpRequest{heads[1], ""}},
                            [&](std::size_t index, const PlainHttpReply& reply) {
                              handed_over.push_back(index);
                              if (index == 0 && reply.status == 200) {
                                test::write_file(m_dir.path() / "requests.log.release", "");
                              }
                            });
  EXPECT_EQ(handed_over, (std::vector<std::size_t>{0, 1}));
  ASSERT_EQ(replies.size(), 2U);
  EXPECT_EQ(replies[1].status, 200) << replies[1].error;
  EXPECT_FALSE(replies[1].timed_out);
}

TEST(PlainHttpPipelining, ARefusedConnectionFailsEveryRequest) {
  const std::uint16_t port = test::free_tcp_port();  // nothing listens there
  PlainHttpClient client{std::chrono::seconds{5}, std::chrono::seconds{5}};
  const auto target = plain_http_target("http://127.0.0.1:" + std::to_string(port) + "/hook");
  ASSERT_TRUE(target);
  const std::string head = "POST /hook HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
  const auto replies = client.post_pipelined(*target, {PlainHttpRequest{head, ""}, PlainHttpRequest{head, ""}});
  ASSERT_EQ(replies.size(), 2U);
  for (const auto& reply : replies) {
    EXPECT_TRUE(reply.connect_failed);
    EXPECT_EQ(reply.error, "cannot connect to 127.0.0.1:" + std::to_string(port) + ": Connection refused");
  }
}

// The webhook client pipelines posts in a row to one host and port, and
// sends any other alone, the results in the order of the posts.
TEST_F(PipeliningServer, WebhookClientPipelinesPostsToOneHostAndKeepsTheirOrder) {
  WebhookClient client;
  const auto now = utc(2026, 11, 25, 1, 0, 0);
  const std::string a = url("/a/ok"), b = url("/b/busy"), c = url("/c/ok");
  const std::vector<WebhookPost> posts{{a, "{}", "", "key-a"},
                                       {b, "{}", "s3cret", "key-b"},
                                       {"ftp://127.0.0.1/x", "{}", "", "key-x"},
                                       {c, "{}", "", "key-c"}};
  const auto results = client.post_all(posts, now);
  ASSERT_EQ(results.size(), 4U);
  EXPECT_EQ(results[0].kind, DeliveryResult::Kind::sent) << results[0].detail;
  EXPECT_EQ(results[0].detail, "HTTP 200");
  EXPECT_EQ(results[1].kind, DeliveryResult::Kind::transient);
  EXPECT_EQ(results[1].detail, "HTTP 503, Retry-After 7 s");
  EXPECT_EQ(results[1].retry_after_seconds, 7);
  EXPECT_EQ(results[2].kind, DeliveryResult::Kind::permanent);
  EXPECT_EQ(results[2].detail, "unsupported scheme in webhook URL \"ftp://127.0.0.1/x\" (use http:// or https://)");
  EXPECT_EQ(results[3].kind, DeliveryResult::Kind::sent) << results[3].detail;
  EXPECT_EQ(requests(), (std::vector<std::string>{"1 /a/ok", "1 /b/busy", "1 /c/ok"}));
}

}  // namespace
}  // namespace deadlined::delivery
