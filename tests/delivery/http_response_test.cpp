#include "delivery/http_response.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace deadlined::delivery {
namespace {

using State = HttpResponseParser::State;

// Feeds `bytes` in pieces of `step` bytes (the way a socket may hand them over).
HttpResponseParser parse(std::string_view bytes, std::size_t step = 0) {
  HttpResponseParser parser;
  if (step == 0) {
    parser.feed(bytes);
    return parser;
  }
  for (std::size_t at = 0; at < bytes.size() && parser.state() != State::complete && parser.state() != State::failed;
       at += step) {
    parser.feed(bytes.substr(at, step));
  }
  return parser;
}

TEST(HttpResponse, ANoContentReplyIsCompleteAndReusable) {
  const auto parser = parse("HTTP/1.1 204 No Content\r\nServer: nginx\r\n\r\n");
  EXPECT_EQ(parser.state(), State::complete);
  EXPECT_EQ(parser.status(), 204);
  EXPECT_TRUE(parser.reusable());
  EXPECT_EQ(parser.body_bytes(), 0U);
}

TEST(HttpResponse, EverySplitOfTheBytesReadsTheSame) {
  const std::string reply =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 11\r\nRetry-After: 30\r\n\r\nbusy, later";
  for (std::size_t step = 1; step <= reply.size(); ++step) {
    const auto parser = parse(reply, step);
    EXPECT_EQ(parser.state(), State::complete) << step;
    EXPECT_EQ(parser.status(), 503) << step;
    EXPECT_EQ(parser.body_start(), "busy, later") << step;
    ASSERT_TRUE(parser.retry_after().has_value()) << step;
    EXPECT_EQ(*parser.retry_after(), "30") << step;
    EXPECT_TRUE(parser.reusable()) << step;
  }
}

TEST(HttpResponse, ChunkedBodiesWithExtensionsAndTrailers) {
  const std::string reply =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n";
  for (std::size_t step : {0, 1, 3, 7}) {
    const auto parser = parse(reply, step);
    EXPECT_EQ(parser.state(), State::complete) << step;
    EXPECT_EQ(parser.body_start(), "helloabcdefghijklmnopqrstuvwxyz") << step;
    EXPECT_TRUE(parser.reusable()) << step;
  }
  EXPECT_EQ(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").state(), State::failed);
  EXPECT_EQ(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n").state(), State::failed);
}

TEST(HttpResponse, InterimRepliesAreSkipped) {
  const auto parser = parse(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nRetry-After: 9\r\n\r\n"
      "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(parser.state(), State::complete);
  EXPECT_EQ(parser.status(), 201);
  EXPECT_FALSE(parser.retry_after().has_value());  // an interim reply's header is not the final one's
}

TEST(HttpResponse, WhatClosesTheConnection) {
  EXPECT_FALSE(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").reusable());
  EXPECT_FALSE(parse("HTTP/1.1 200 OK\r\nConnection: Upgrade, Close\r\nContent-Length: 0\r\n\r\n").reusable());
  EXPECT_FALSE(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").reusable());
  EXPECT_TRUE(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").reusable());

  // No length: the body runs to the close, which completes it.
  auto until_close = parse("HTTP/1.1 200 OK\r\n\r\npartial body");
  EXPECT_EQ(until_close.state(), State::body);
  until_close.end_of_input();
  EXPECT_EQ(until_close.state(), State::complete);
  EXPECT_FALSE(until_close.reusable());
  EXPECT_EQ(until_close.body_start(), "partial body");

  // A body cut short by the close is not complete, but its status stands.
  auto cut = parse("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
  cut.end_of_input();
  EXPECT_EQ(cut.state(), State::failed);
  EXPECT_EQ(cut.status(), 200);
  EXPECT_EQ(cut.error(), "the connection closed before the end of the response");

  // Both a Transfer-Encoding and a Content-Length: the chunks frame the body,
  // and a reply framed two ways is not trusted with the next request.
  const auto both =
      parse("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
  EXPECT_EQ(both.state(), State::complete);
  EXPECT_EQ(both.body_start(), "ok");
  EXPECT_FALSE(both.reusable());

  HttpResponseParser nothing;
  nothing.end_of_input();
  EXPECT_EQ(nothing.error(), "the connection closed before a response");
}

TEST(HttpResponse, WhatIsNotHttpFails) {
  for (std::string_view reply :
       {"SSH-2.0-OpenSSH_9.2\r\n", "HTTP/2 200\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 abc OK\r\n\r\n", "HTTP/1.1 101 Switching Protocols\r\n\r\n"}) {
    const auto parser = parse(reply);
    EXPECT_EQ(parser.state(), State::failed) << reply;
    EXPECT_EQ(parser.status(), 0) << reply;
  }
  for (std::string_view reply : {"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                                 "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                                 "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"}) {
    const auto parser = parse(reply);
    EXPECT_EQ(parser.state(), State::failed) << reply;
    EXPECT_EQ(parser.status(), 200) << reply;  // the status line was read: it decides the delivery
  }
}

TEST(HttpResponse, LimitsOnLinesHeadersAndKeptBody) {
  const std::string long_line = "HTTP/1.1 200 OK\r\nX-Long: " + std::string(20000, 'a') + "\r\n\r\n";
  EXPECT_EQ(parse(long_line).state(), State::failed);
  EXPECT_EQ(parse(long_line, 1000).error(), "a line of the response is longer than 16384 bytes");

  std::string many = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 2000; ++i) {
    many += "X-Filler-" + std::to_string(i) + ": " + std::string(100, 'y') + "\r\n";
  }
  const auto parser = parse(many + "\r\n", 4096);
  EXPECT_EQ(parser.state(), State::failed);
  EXPECT_EQ(parser.status(), 200);

  const auto big = parse("HTTP/1.1 400 Bad Request\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'e'));
  EXPECT_EQ(big.body_start().size(), HttpResponseParser::k_body_start_kept);
  EXPECT_EQ(big.body_bytes(), 1000U);
}

TEST(HttpResponse, BytesAfterTheResponseAreNotConsumed) {
  HttpResponseParser parser;
  const std::string_view bytes = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n";
  const std::size_t used = parser.feed(bytes);
  EXPECT_EQ(parser.state(), State::complete);
  EXPECT_EQ(used, bytes.find("okHTTP") + 2);
}

}  // namespace
}  // namespace deadlined::delivery
