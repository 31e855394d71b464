#include <gtest/gtest.h>

#include "delivery/webhook.hpp"
#include "http_views/request.hpp"

namespace deadlined::http_views {
namespace {

TEST(Target, SplitsPathAndDecodesQuery) {
  auto target = parse_target("/ics/stp.ics?token=ab%2Fc&x=a+b&token=second");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/ics/stp.ics");
  EXPECT_EQ(target->query.at("token"), "ab/c");
  EXPECT_EQ(target->query.at("x"), "a b");
}

TEST(Target, PathIsNeverDecoded) {
  auto target = parse_target("/ics/%2e%2e%2fetc.ics");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/ics/%2e%2e%2fetc.ics");
}

TEST(Target, AbsoluteFormIsServedAsItsPathAndQuery) {
  for (const char* target : {"http://example.test/healthz", "HTTPS://127.0.0.1:8787/healthz"}) {
    auto parsed = parse_target(target);
    ASSERT_TRUE(parsed) << target;
    EXPECT_EQ(parsed->path, "/healthz");
    EXPECT_TRUE(parsed->query.empty());
  }
  auto with_query = parse_target("http://h/status?token=a%20b");
  ASSERT_TRUE(with_query);
  EXPECT_EQ(with_query->path, "/status");
  EXPECT_EQ(with_query->query.at("token"), "a b");
  EXPECT_EQ(parse_target("http://h")->path, "/");
  EXPECT_EQ(parse_target("http://h?x=1")->query.at("x"), "1");
  for (const char* target : {"http:///healthz", "http://", "ftp://h/healthz", "http:/healthz", "h:80",
                             "http://h/status?token=%zz", "http://h#x"}) {
    EXPECT_FALSE(parse_target(target)) << target;
  }
}

TEST(Target, RejectsOtherFormsAndBadEscapes) {
  EXPECT_FALSE(parse_target(""));
  EXPECT_FALSE(parse_target("*"));
  EXPECT_FALSE(parse_target("/status?token=%zz"));
  EXPECT_FALSE(parse_target("/status?token=%4"));
}

TEST(PercentDecode, PlusOnlyInQueries) {
  EXPECT_EQ(percent_decode("a+b%20c", false), "a+b c");
  EXPECT_EQ(percent_decode("a+b%20c", true), "a b c");
  EXPECT_EQ(percent_decode("%E1%BB%87", false), "ệ");
}

TEST(Bearer, TakesTheTokenOfABearerHeaderOnly) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer   abc  "), "abc");
  EXPECT_EQ(bearer_token("Basic abc"), "");
  EXPECT_EQ(bearer_token("Bearer"), "");
  EXPECT_EQ(bearer_token(""), "");
}

TEST(ConstantTimeEqual, ComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal("abc", ""));
}

TEST(FeedToken, IsHmacSha256OfTheUnitId) {
  // RFC 4231 test case 2.
  EXPECT_EQ(feed_token("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_NE(feed_token("secret", "stp"), feed_token("secret", "snv"));
  EXPECT_EQ(feed_token("secret", "stp"), delivery::hmac_sha256_hex("secret", "stp"));
}

TEST(UnitId, OnlyConfigIdCharacters) {
  EXPECT_TRUE(valid_unit_id("so-tu_phap.1"));
  EXPECT_FALSE(valid_unit_id(""));
  EXPECT_FALSE(valid_unit_id(".."));
  EXPECT_FALSE(valid_unit_id("."));
  EXPECT_FALSE(valid_unit_id("../etc/passwd"));
  EXPECT_FALSE(valid_unit_id("a/b"));
  EXPECT_FALSE(valid_unit_id("%2e%2e"));
}

TEST(HostField, AcceptsHostsAndPortsAsRfc9112Writes) {
  for (std::string_view host :
       {"x", "localhost", "127.0.0.1:8787", "nhacviec.example.test", "a-b.c_d~e:80", "[::1]", "[::1]:8787",
        "[2001:db8::7]", "[v1.fe80::a+en1]", "xn--ha-nth.vn", "%41b", "host:", ""}) {
    EXPECT_TRUE(valid_host_field(host)) << host;
  }
}

TEST(HostField, RefusesWhatNoHostIs) {
  for (std::string_view host : {"a b", "a/b", "user@host", "host?x", "host#x", "a:b:c", "host:80a", "[::1", "[::1]x",
                                "[]", "[::1 ]", "%4", "%zz", "host\t", "h\xc3\xa9"}) {
    EXPECT_FALSE(valid_host_field(host)) << host;
  }
}

TEST(ObsoleteLineFolding, FoundOnlyOnAFieldLineStartingWithWhitespace) {
  EXPECT_TRUE(has_obsolete_line_folding("GET / HTTP/1.1\r\nHost: x\r\n continued\r\n\r\n"));
  EXPECT_TRUE(has_obsolete_line_folding("GET / HTTP/1.1\r\nX-A: b\r\n\tc\r\nHost: x\r\n\r\n"));
  EXPECT_FALSE(has_obsolete_line_folding("GET / HTTP/1.1\r\nHost: x\r\nX-A: b c\r\n\r\n"));
  EXPECT_FALSE(has_obsolete_line_folding("GET / HTTP/1.1\r\n\r\n"));
  // A body after the empty line may start lines with anything.
  EXPECT_FALSE(has_obsolete_line_folding("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\n a\r\n"));
  EXPECT_FALSE(has_obsolete_line_folding(""));
}

}  // namespace
}  // namespace deadlined::http_views
