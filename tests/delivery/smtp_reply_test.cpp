#include "delivery/smtp_reply.hpp"

#include <gtest/gtest.h>

#include <string>

namespace deadlined::delivery {
namespace {

using State = SmtpReplyReader::State;

TEST(SmtpReplyReader, OneLineReply) {
  SmtpReplyReader reader;
  const std::string bytes = "250 2.1.0 Ok\r\n";
  EXPECT_EQ(reader.feed(bytes), bytes.size());
  ASSERT_EQ(reader.state(), State::complete);
  EXPECT_EQ(reader.code(), 250);
  EXPECT_EQ(reader.text(), "2.1.0 Ok");
}

TEST(SmtpReplyReader, MultiLineReplyFedByteByByte) {
  const std::string bytes = "250-mail.example.vn\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n";
  SmtpReplyReader reader;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    ASSERT_EQ(reader.state(), State::reading) << i;
    EXPECT_EQ(reader.feed(bytes.substr(i, 1)), 1U);
  }
  ASSERT_EQ(reader.state(), State::complete);
  EXPECT_EQ(reader.code(), 250);
  ASSERT_EQ(reader.lines().size(), 4U);
  EXPECT_EQ(reader.lines()[1], "PIPELINING");
  EXPECT_EQ(reader.lines()[2], "SIZE 10240000");
  EXPECT_EQ(reader.text(), "mail.example.vn PIPELINING SIZE 10240000 8BITMIME");
}

TEST(SmtpReplyReader, PipelinedRepliesAreReadOneAtATime) {
  const std::string bytes = "250 Ok\r\n550 5.1.1 No such user\r\n354 End data with <CR><LF>.<CR><LF>\r\n";
  SmtpReplyReader reader;
  std::size_t at = 0;
  std::vector<int> codes;
  while (at < bytes.size()) {
    at += reader.feed(std::string_view{bytes}.substr(at));
    ASSERT_EQ(reader.state(), State::complete);
    codes.push_back(reader.code());
    reader.reset();
  }
  EXPECT_EQ(codes, (std::vector<int>{250, 550, 354}));
}

TEST(SmtpReplyReader, BareLineFeedsAndCodeOnlyLines) {
  SmtpReplyReader reader;
  reader.feed("220-first\n220\n");
  ASSERT_EQ(reader.state(), State::complete);
  EXPECT_EQ(reader.code(), 220);
  EXPECT_EQ(reader.text(), "first");
}

TEST(SmtpReplyReader, ControlCharactersBecomeSpaces) {
  SmtpReplyReader reader;
  reader.feed(
      std::string{"451 a\tb\x01"
                  "c\r\n"});
  ASSERT_EQ(reader.state(), State::complete);
  EXPECT_EQ(reader.text(), "a b c");
}

TEST(SmtpReplyReader, WhatIsNotSmtpFails) {
  for (const std::string bytes : {"HTTP/1.1 200 OK\r\n", "25\r\n", "150 x\r\n", "650 x\r\n", "250x\r\n",
                                  "250-a\r\n251 b\r\n", "\r\n", "2a0 x\r\n"}) {
    SmtpReplyReader reader;
    reader.feed(bytes);
    EXPECT_EQ(reader.state(), State::failed) << bytes;
    EXPECT_FALSE(reader.error().empty());
  }
}

TEST(SmtpReplyReader, LimitsOnLineLengthAndLineCount) {
  SmtpReplyReader reader;
  const std::string long_line = "250 " + std::string(SmtpReplyReader::k_max_line, 'x');
  reader.feed(long_line);  // no end of line yet: still too long
  EXPECT_EQ(reader.state(), State::failed);

  SmtpReplyReader just_fits;
  just_fits.feed("250 " + std::string(SmtpReplyReader::k_max_line - 4, 'x') + "\r\n");
  ASSERT_EQ(just_fits.state(), State::complete);
  EXPECT_EQ(just_fits.lines()[0].size(), SmtpReplyReader::k_max_kept_line);

  SmtpReplyReader many;
  for (std::size_t i = 0; i < SmtpReplyReader::k_max_lines && many.state() == State::reading; ++i) {
    many.feed("250-x\r\n");
  }
  EXPECT_EQ(many.state(), State::reading);
  many.feed("250 last\r\n");
  EXPECT_EQ(many.state(), State::failed);
}

TEST(SmtpReplyReader, StopsAtTheEndOfAFailure) {
  SmtpReplyReader reader;
  const std::string bytes = "bogus\r\n250 Ok\r\n";
  EXPECT_EQ(reader.feed(bytes), 7U);
  EXPECT_EQ(reader.state(), State::failed);
  EXPECT_EQ(reader.feed("250 Ok\r\n"), 0U);
}

}  // namespace
}  // namespace deadlined::delivery
