#include "delivery/email.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <regex>

#include "delivery/encoding.hpp"
#include "delivery/test_helpers.hpp"

namespace deadlined::delivery {
namespace {

using testing::decode_rfc2047;
using testing::header_values;
using testing::k_settings;
using testing::sample_digest;
using testing::split_message;
using testing::utc;

std::vector<std::string> physical_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find("\r\n", pos);
    if (eol == std::string::npos) {
      eol = text.size();
    }
    lines.push_back(text.substr(pos, eol - pos));
    pos = eol + 2;
  }
  return lines;
}

// CRLF line breaks, as the message's parts have them.
std::string to_crlf_for_test(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      out += "\r\n";
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::string> encoded_words(const std::string& value) {
  std::vector<std::string> words;
  const std::regex word{R"(=\?UTF-8\?B\?[A-Za-z0-9+/=]*\?=)"};
  for (auto it = std::sregex_iterator(value.begin(), value.end(), word); it != std::sregex_iterator(); ++it) {
    words.push_back(it->str());
  }
  return words;
}

// The decoded text of the MIME part whose Content-Type starts with `type`.
std::string mime_part(const std::string& message, std::string_view type) {
  const auto parsed = split_message(message);
  const std::string content_type = header_values(parsed, "Content-Type").at(0);
  const std::size_t b = content_type.find("boundary=\"");
  const std::string boundary = content_type.substr(b + 10, content_type.find('"', b + 10) - b - 10);
  std::size_t pos = 0;
  const std::string delimiter = "\r\n--" + boundary + "\r\n";
  while ((pos = parsed.body.find(delimiter, pos)) != std::string::npos) {
    pos += delimiter.size();
    const std::size_t head_end = parsed.body.find("\r\n\r\n", pos);
    const std::string head = parsed.body.substr(pos, head_end - pos);
    if (head.find("Content-Type: " + std::string{type}) == 0) {
      EXPECT_NE(head.find("Content-Transfer-Encoding: base64"), std::string::npos);
      const std::size_t body_end = parsed.body.find("\r\n--" + boundary, head_end);
      return testing::base64_decode(parsed.body.substr(head_end + 4, body_end - head_end - 4));
    }
  }
  ADD_FAILURE() << "no part " << type;
  return {};
}

TEST(EncodeHeaderWord, PlainAsciiPassesUnchanged) {
  EXPECT_EQ(encode_header_word("Weekly report"), "Weekly report");
  EXPECT_EQ(encode_header_word(""), "");
}

TEST(EncodeHeaderWord, AsciiThatLooksEncodedIsEncoded) {
  const std::string encoded = encode_header_word("=?UTF-8?B?SGk=?=");
  EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0U);
  EXPECT_EQ(decode_rfc2047(encoded), "=?UTF-8?B?SGk=?=");
}

TEST(EncodeHeaderWord, VietnameseRoundTrips) {
  const std::string subject = "[Nhắc việc] Sở Tài chính: 3 nhiệm vụ";
  const std::string encoded = encode_header_word(subject);
  EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0U);
  EXPECT_EQ(decode_rfc2047(encoded), subject);
}

TEST(EncodeHeaderWord, LongSubjectSplitsOnCharacterBoundaries) {
  std::string subject;
  for (int i = 0; i < 12; ++i) {
    subject += "Ủy ban nhân dân tỉnh Quảng Ngãi – Đề án chuyển đổi số ";
  }
  const std::size_t prefix = 9;  // "Subject: "
  const std::string encoded = encode_header_word(subject, prefix);
  EXPECT_EQ(decode_rfc2047(encoded), subject);
  const auto words = encoded_words(encoded);
  ASSERT_GT(words.size(), 10U);
  for (const std::string& word : words) {
    EXPECT_LE(word.size(), 75U) << word;
    const std::string payload = word.substr(10, word.size() - 12);
    EXPECT_TRUE(testing::is_complete_utf8(testing::base64_decode(payload))) << word;
  }
  const auto lines = physical_lines(encoded);
  EXPECT_EQ(lines.size(), words.size());
  EXPECT_LE(prefix + lines.at(0).size(), 76U);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i][0], ' ');
    EXPECT_LE(lines[i].size(), 76U);
  }
}

TEST(EncodeHeaderWord, FourByteCharactersStayWhole) {
  std::string subject;
  for (int i = 0; i < 40; ++i) {
    subject += "\xF0\x9F\x93\x85";  // calendar emoji, 4 bytes
    subject += "ạ";
  }
  const std::string encoded = encode_header_word(subject);
  EXPECT_EQ(decode_rfc2047(encoded), subject);
  for (const std::string& word : encoded_words(encoded)) {
    EXPECT_LE(word.size(), 75U);
    EXPECT_TRUE(testing::is_complete_utf8(testing::base64_decode(word.substr(10, word.size() - 12))));
  }
}

TEST(EncodeHeaderWord, LineBreaksBecomeSpaces) {
  EXPECT_EQ(encode_header_word("Hello\r\nBcc: x@y"), "Hello Bcc: x@y");
  EXPECT_EQ(decode_rfc2047(encode_header_word("Hạn\r\nBcc: x@y\nX: 1\r2")), "Hạn Bcc: x@y X: 1 2");
}

TEST(FormatAddress, DisplayNames) {
  EXPECT_EQ(format_address("", "a@example.vn").value(), "<a@example.vn>");
  EXPECT_EQ(format_address("Deadline Bot", "bot@example.vn").value(), "Deadline Bot <bot@example.vn>");
  EXPECT_EQ(format_address("Smith, John", "j@example.vn").value(), "\"Smith, John\" <j@example.vn>");
  EXPECT_EQ(format_address("Say \"hi\"", "j@example.vn").value(), "\"Say \\\"hi\\\"\" <j@example.vn>");
  const std::string encoded = format_address("Nguyễn Văn A", "a@example.vn").value();
  EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0U);
  EXPECT_EQ(decode_rfc2047(encoded.substr(0, encoded.find(" <"))), "Nguyễn Văn A");
  EXPECT_EQ(encoded.substr(encoded.find(" <")), " <a@example.vn>");
}

TEST(FormatAddress, RejectsDangerousAddresses) {
  for (const char* bad : {"a@b\r\nBcc: c@d", "a@b\nx", "<a@b>", "a>@b", "a b@c", "nobody", "@b", "a@", "a@b,c@d",
                          "a@b@c", "ngườidùng@b.vn", ""}) {
    EXPECT_FALSE(format_address("x", bad).has_value()) << bad;
    EXPECT_FALSE(check_address(bad).has_value()) << bad;
  }
  EXPECT_TRUE(check_address("van.phong+nhac-viec@so-tc.quangngai.gov.vn").has_value());
}

TEST(RenderEmail, RequiredHeadersAndCrlfOnly) {
  const auto message =
      render_email(sample_digest(), k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(message.has_value()) << message.error();
  for (std::size_t i = 0; i < message->size(); ++i) {
    if ((*message)[i] == '\n') {
      ASSERT_TRUE(i > 0 && (*message)[i - 1] == '\r') << "bare LF at " << i;
    }
    if ((*message)[i] == '\r') {
      ASSERT_TRUE(i + 1 < message->size() && (*message)[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  for (const std::string& line : physical_lines(*message)) {
    EXPECT_LE(line.size(), 78U) << line;
  }
  const auto parsed = split_message(*message);
  for (const char* name : {"Date", "From", "To", "Subject", "Message-ID", "List-Id", "MIME-Version", "X-Deadlined-Key",
                           "Content-Type", "Auto-Submitted", "X-Auto-Response-Suppress"}) {
    EXPECT_EQ(header_values(parsed, name).size(), 1U) << name;
  }
  EXPECT_EQ(parsed.headers.size(), 11U);
  EXPECT_EQ(header_values(parsed, "X-Auto-Response-Suppress").at(0), "OOF, AutoReply");
  EXPECT_EQ(header_values(parsed, "Date").at(0), "Thu, 26 Nov 2026 08:00:00 +0700");
  EXPECT_EQ(header_values(parsed, "MIME-Version").at(0), "1.0");
  EXPECT_EQ(header_values(parsed, "X-Deadlined-Key").at(0), "outbox:so-tc:2026-11-26T08:00+07:00:email");
  EXPECT_EQ(decode_rfc2047(header_values(parsed, "Subject").at(0)),
            "[Nhắc việc] PCTN-07 hạn 24/11/2026 (quá hạn 2 ngày làm việc) và 2 nhiệm vụ khác");
  const std::string to = header_values(parsed, "To").at(0);
  EXPECT_EQ(decode_rfc2047(to.substr(0, to.find(" <"))), "Sở Tài chính");
  EXPECT_NE(to.find("<vanphong@sotc.example.vn>"), std::string::npos);
  EXPECT_NE(header_values(parsed, "From").at(0).find("<nhacviec@stp.example.vn>"), std::string::npos);
  EXPECT_EQ(header_values(parsed, "Content-Type").at(0).rfind("multipart/alternative;\r\n boundary=\"=_", 0), 0U);
}

TEST(RenderEmail, DateUsesTheGivenOffset) {
  EXPECT_EQ(rfc5322_date(utc(2026, 11, 26, 1, 0, 0), 420), "Thu, 26 Nov 2026 08:00:00 +0700");
  EXPECT_EQ(rfc5322_date(utc(2026, 11, 26, 20, 5, 9), 420), "Fri, 27 Nov 2026 03:05:09 +0700");
  EXPECT_EQ(rfc5322_date(utc(2027, 1, 1, 2, 0, 0), -330), "Thu, 31 Dec 2026 20:30:00 -0530");
  EXPECT_EQ(iso8601(utc(2026, 11, 26, 1, 0, 0), 420), "2026-11-26T08:00:00+07:00");
  EXPECT_EQ(iso8601(utc(2026, 11, 26, 1, 0, 0), 0), "2026-11-26T01:00:00+00:00");
  EXPECT_EQ(iso8601(utc(2027, 1, 1, 2, 0, 0), -330), "2026-12-31T20:30:00-05:30");
  EXPECT_EQ(iso8601(utc(2026, 2, 28, 23, 59, 59), 1), "2026-03-01T00:00:59+00:01");
  EXPECT_EQ(iso8601(utc(1970, 1, 1, 0, 0, 0), -720), "1969-12-31T12:00:00-12:00");
  EXPECT_EQ(iso8601(utc(999, 3, 4, 5, 6, 7), 0), "0999-03-04T05:06:07+00:00");
}

// Timestamps written digit by digit read as the general formatting would,
// across the day, the year and every offset a zone has.
TEST(RenderEmail, Iso8601MatchesTheGeneralFormatting) {
  for (const int offset : {-720, -570, -330, -1, 0, 1, 345, 420, 525, 840}) {
    for (std::int64_t seconds = -86'400; seconds < 4'102'444'800; seconds += 7'654'321) {
      const auto t = std::chrono::sys_seconds{std::chrono::seconds{seconds}};
      const auto local = std::chrono::floor<std::chrono::seconds>(t + std::chrono::minutes{offset});
      const auto day = std::chrono::floor<std::chrono::days>(local);
      const std::chrono::year_month_day date{day};
      const std::chrono::hh_mm_ss time{local - day};
      const int magnitude = offset < 0 ? -offset : offset;
      char expected[64];
      std::snprintf(expected, sizeof expected, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d",
                    static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                    static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                    static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                    offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
      ASSERT_EQ(iso8601(t, offset), expected) << seconds << " " << offset;
    }
  }
}

TEST(RenderEmail, HeaderInjectionAddsNoHeader) {
  auto digest = sample_digest();
  digest.unit_name = "Hạn\r\nBcc: x@y";
  digest.idempotency_key = "k\r\nBcc: x@y";
  digest.items[0].task_title = "T\r\nBcc: x@y";
  Templates templates = Templates::defaults();
  templates.subject = "{{unit_name}}\r\nBcc: z@y {{#items}}{{task_title}}{{/items}}";
  EmailSettings settings = k_settings;
  settings.from_name = "Bot\r\nBcc: w@y";
  const auto message = render_email(digest, settings, templates, utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(message.has_value()) << message.error();
  const auto parsed = split_message(*message);
  EXPECT_EQ(parsed.headers.size(), 11U);
  for (const std::string& line : physical_lines(*message)) {
    EXPECT_NE(line.rfind("Bcc", 0), 0U) << line;
  }
  const std::string subject = decode_rfc2047(header_values(parsed, "Subject").at(0));
  EXPECT_EQ(subject.find('\r'), std::string::npos);
  EXPECT_EQ(subject.find('\n'), std::string::npos);
  EXPECT_NE(subject.find("Hạn Bcc: x@y Bcc: z@y"), std::string::npos) << subject;

  digest.recipient = "a@b\r\nBcc: x@y";
  EXPECT_FALSE(render_email(digest, settings, templates, utc(2026, 11, 26, 1, 0, 0), 420).has_value());
}

TEST(RenderEmail, MessageIdIsStablePerKey) {
  const auto now = utc(2026, 11, 26, 1, 0, 0);
  const auto first =
      split_message(render_email(sample_digest("k1"), k_settings, Templates::defaults(), now, 420).value());
  const auto again = split_message(
      render_email(sample_digest("k1"), k_settings, Templates::defaults(), now + std::chrono::hours{3}, 420).value());
  const auto other =
      split_message(render_email(sample_digest("k2"), k_settings, Templates::defaults(), now, 420).value());
  const std::string id = header_values(first, "Message-ID").at(0);
  EXPECT_TRUE(std::regex_match(id, std::regex{R"(<[0-9a-f]{32}@stp\.example\.vn>)"})) << id;
  EXPECT_EQ(id, header_values(again, "Message-ID").at(0));
  EXPECT_NE(id, header_values(other, "Message-ID").at(0));
  EXPECT_EQ(id, "<" + sha256_hex("k1").substr(0, 32) + "@stp.example.vn>");

  EmailSettings no_domain = k_settings;
  no_domain.message_id_domain.clear();
  const auto fallback =
      split_message(render_email(sample_digest("k1"), no_domain, Templates::defaults(), now, 420).value());
  EXPECT_EQ(header_values(fallback, "Message-ID").at(0), id);
}

TEST(RenderEmail, PartsCarryEveryItem) {
  const auto message =
      render_email(sample_digest(), k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(message.has_value()) << message.error();
  const std::string text = mime_part(*message, "text/plain; charset=UTF-8");
  const std::string html = mime_part(*message, "text/html; charset=UTF-8");
  for (const char* expected :
       {"Kính gửi Sở Tài chính,", "CCHC-03", "CĐS-11", "PCTN-07", "còn 10 ngày làm việc", "đến hạn hôm nay",
        "quá hạn 2 ngày làm việc", "10/12/2026", "26/11/2026", "24/11/2026",
        "Hạn hoàn thành: 24/11/2026 (quá hạn 2 ngày làm việc)", "Hạn hoàn thành: 10/12/2026 (còn 10 ngày làm việc)",
        "trước ngày 10/12 hằng năm", "Vai trò: chủ trì", "Vai trò: phối hợp"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  // Text is not HTML-escaped; HTML is.
  EXPECT_NE(text.find("quý IV & năm 2026"), std::string::npos);
  EXPECT_NE(text.find("Sản phẩm: Báo cáo <tổng hợp>"), std::string::npos);
  EXPECT_EQ(text.find("&amp;"), std::string::npos);
  EXPECT_NE(html.find("quý IV &amp; năm 2026"), std::string::npos);
  EXPECT_NE(html.find("Báo cáo &lt;tổng hợp&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<tổng hợp>"), std::string::npos);
  EXPECT_NE(html.find("PCTN-07"), std::string::npos);
  // The second item has neither product nor "when": no empty lines for them.
  EXPECT_EQ(text.find("Sản phẩm: \r\n"), std::string::npos);
  // Lines holding only section tags leave no empty lines behind.
  EXPECT_EQ(text.find("\r\n\r\n\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Hạn hoàn thành: 24/11/2026 (quá hạn 2 ngày làm việc)\r\n  Kế hoạch: Kế hoạch phòng chống "
                      "tham nhũng\r\n  Vai trò: chủ trì\r\n  Sản phẩm: Biên bản\r\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Vai trò: phối hợp\r\n\r\nPCTN-07. "), std::string::npos) << text;
  // Text is in canonical CRLF form.
  EXPECT_EQ(text.find('\n'), text.find("\r\n") + 1);
}

TEST(RenderEmail, AckLinksOnlyForItemsThatHaveOne) {
  Digest digest = sample_digest();
  const std::string url = "https://nhacviec.example.vn/ack?t=YWJj.0123abcd";
  digest.items[0].ack_url = url;
  const auto message = render_email(digest, k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(message.has_value()) << message.error();
  const std::string text = mime_part(*message, "text/plain; charset=UTF-8");
  const std::string html = mime_part(*message, "text/html; charset=UTF-8");
  const std::string line = "  Xác nhận đã hoàn thành: " + url + "\r\n";
  ASSERT_NE(text.find(line), std::string::npos) << text;
  EXPECT_EQ(text.find(line, text.find(line) + 1), std::string::npos) << "one link, for the first item only";
  EXPECT_EQ(text.find("\r\n\r\n\r\n"), std::string::npos) << text;
  // A button-like link, once, for the first item.
  const std::string link = "<a href=\"" + url + "\" style=\"";
  ASSERT_NE(html.find(link), std::string::npos) << html;
  EXPECT_EQ(html.find(link, html.find(link) + 1), std::string::npos) << html;
  EXPECT_NE(html.find("\">Xác nhận đã hoàn thành</a>"), std::string::npos) << html;
  // Without links, nothing of them shows.
  const auto plain = render_email(sample_digest(), k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(mime_part(*plain, "text/plain; charset=UTF-8").find("Xác nhận"), std::string::npos);
  EXPECT_EQ(mime_part(*plain, "text/html; charset=UTF-8").find("/ack"), std::string::npos);
}

TEST(RenderEmail, BoundaryDoesNotOccurInsideParts) {
  const auto message =
      render_email(sample_digest(), k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(message.has_value());
  const auto parsed = split_message(*message);
  const std::string content_type = header_values(parsed, "Content-Type").at(0);
  const std::string boundary =
      content_type.substr(content_type.find('"') + 1, content_type.rfind('"') - content_type.find('"') - 1);
  std::size_t count = 0;
  for (std::size_t pos = 0; (pos = message->find(boundary, pos)) != std::string::npos; pos += boundary.size()) {
    ++count;
  }
  EXPECT_EQ(count, 4U);  // header, two delimiters, close delimiter
  EXPECT_NE(message->find("\r\n--" + boundary + "--\r\n"), std::string::npos);
}

TEST(RenderEmail, RejectsWhatCannotBeSent) {
  const auto now = utc(2026, 11, 26, 1, 0, 0);
  auto empty = sample_digest();
  empty.items.clear();
  EXPECT_FALSE(render_email(empty, k_settings, Templates::defaults(), now, 420).has_value());
  EmailSettings bad_from = k_settings;
  bad_from.from_address = "bot";
  EXPECT_FALSE(render_email(sample_digest(), bad_from, Templates::defaults(), now, 420).has_value());
  EmailSettings bad_domain = k_settings;
  bad_domain.message_id_domain = "x>\r\ny";
  EXPECT_FALSE(render_email(sample_digest(), bad_domain, Templates::defaults(), now, 420).has_value());
  Templates broken = Templates::defaults();
  broken.html = "{{#items}}";
  const auto result = render_email(sample_digest(), k_settings, broken, now, 420);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().find("body.html.mustache"), std::string::npos) << result.error();
}

// The List-Id of a message: its description decoded (RFC 2047) and the id
// in angle brackets.
std::pair<std::string, std::string> parsed_list_id(const std::string& message) {
  const auto values = header_values(split_message(message), "List-Id");
  EXPECT_EQ(values.size(), 1U);
  if (values.empty()) {
    return {};
  }
  std::string value = values.front();
  for (std::size_t fold = value.find("\r\n "); fold != std::string::npos; fold = value.find("\r\n ")) {
    value.replace(fold, 3, " ");
  }
  const std::size_t open = value.rfind(" <");
  EXPECT_NE(open, std::string::npos) << value;
  EXPECT_EQ(value.back(), '>') << value;
  return {decode_rfc2047(value.substr(0, open)), value.substr(open + 2, value.size() - open - 3)};
}

Digest one_plan_digest(const std::string& plan_id) {
  Digest digest = sample_digest();
  for (DigestItem& item : digest.items) {
    item.plan_id = plan_id;
    item.plan_title = "Kế hoạch kiểm soát thủ tục hành chính năm 2026 của Ủy ban nhân dân tỉnh Thừa Thiên Huế";
  }
  return digest;
}

TEST(ListId, APlansMessagesCarryItsIdUnderTheSendersDomain) {
  const auto message =
      render_email(one_plan_digest("kstthc-2026"), k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(message.has_value()) << message.error();
  const auto [description, id] = parsed_list_id(*message);
  EXPECT_EQ(id, "kstthc-2026.deadlined.stp.example.vn");
  EXPECT_EQ(description, "Kế hoạch kiểm soát thủ tục hành chính năm 2026 của Ủy ban nhân dân tỉnh Thừa Thiên Huế");
  for (const std::string& line : physical_lines(*message)) {
    EXPECT_LE(line.size(), 78U) << line;
  }
  // Stable: another slot and other items of the same plan, the same list.
  Digest later = one_plan_digest("kstthc-2026");
  later.items.pop_back();
  const auto again = render_email(later, k_settings, Templates::defaults(), utc(2026, 12, 1, 1, 0, 0), 420);
  ASSERT_TRUE(again.has_value()) << again.error();
  EXPECT_EQ(parsed_list_id(*again).second, id);
}

TEST(ListId, ADigestOfSeveralPlansIsOnTheListOfEveryPlan) {
  Digest digest = one_plan_digest("kstthc-2026");
  digest.items.back().plan_id = "cds-2026";
  const auto message = render_email(digest, k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(message.has_value()) << message.error();
  const auto [description, id] = parsed_list_id(*message);
  EXPECT_EQ(id, "deadlined.stp.example.vn");
  EXPECT_EQ(description, "Nhắc việc deadlined");
}

TEST(ListId, AsciiIsQuotedAndALabelKeepsOnlyWhatALabelMayHold) {
  EXPECT_EQ(list_id({"p-2026", "Plan \"A\""}, "example.vn"), "\"Plan \\\"A\\\"\" <p-2026.deadlined.example.vn>");
  EXPECT_EQ(list_id({"a b..c.", ""}, "example.vn"), "\"a b..c.\" <a-b.-c-.deadlined.example.vn>");
  EXPECT_EQ(list_id({"kế", "x"}, "example.vn"), "\"x\" <k---.deadlined.example.vn>");
  // Too long to quote on its line: encoded, never left bare (its comma would end the phrase).
  const std::string title = std::string(74, 'a') + ", Plan";
  const std::string long_id = list_id({"p", title}, "example.vn", 9);
  EXPECT_EQ(long_id.rfind("=?UTF-8?B?", 0), 0U) << long_id;
  std::string phrase = long_id.substr(0, long_id.rfind('<'));
  while (!phrase.empty() && (phrase.back() == ' ' || phrase.back() == '\n' || phrase.back() == '\r')) {
    phrase.pop_back();
  }
  EXPECT_EQ(decode_rfc2047(phrase), title);
  EXPECT_EQ(long_id.substr(long_id.rfind('<')), "<p.deadlined.example.vn>");
}

TEST(Contact, EveryPartEndsWithTheOfficeToContactWhenThereIsOne) {
  Digest digest = sample_digest();
  const auto without = render_email(digest, k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(without.has_value()) << without.error();
  EXPECT_EQ(mime_part(*without, "text/plain").find("Liên hệ"), std::string::npos);
  EXPECT_EQ(mime_part(*without, "text/html").find("Liên hệ"), std::string::npos);

  digest.contacts = {"Văn phòng UBND tỉnh, ĐT 0234 3822 123, email vp@example.vn",
                     "Sở Tư pháp <phòng KSTTHC> & ĐT 0234 3821 000"};
  const auto with = render_email(digest, k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(with.has_value()) << with.error();
  const std::string text = mime_part(*with, "text/plain");
  EXPECT_NE(text.find("vui lòng không trả lời thư này.\r\nLiên hệ: Văn phòng UBND tỉnh, ĐT 0234 3822 123, email "
                      "vp@example.vn; Sở Tư pháp <phòng KSTTHC> & ĐT 0234 3821 000\r\n"),
            std::string::npos)
      << text;
  EXPECT_NE(mime_part(*with, "text/html")
                .find("<p class=\"contact\" style=\"color: #444; font-size: 13px;\">Liên hệ: Văn phòng UBND tỉnh, ĐT "
                      "0234 3822 123, email vp@example.vn; Sở Tư pháp &lt;phòng KSTTHC&gt; &amp; ĐT 0234 3821 000</p>"),
            std::string::npos);
}

TEST(EncodedPartSize, IsTheSizeOfThePartAsWritten) {
  for (const std::string& text : {std::string(), std::string("a"), std::string("dòng một\ndòng hai\r\nba\r"),
                                  std::string(5000, 'x') + "\n" + std::string(57, 'y')}) {
    EXPECT_EQ(encoded_part_size(text), base64_lines(to_crlf_for_test(text)).size()) << text.size();
  }
}

TEST(Encoding, Basics) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(vietnamese_date("2026-12-10"), "10/12/2026");
  EXPECT_EQ(vietnamese_date("sometime"), "sometime");
  const std::string lines = base64_lines(std::string(200, 'x'));
  for (const std::string& line : physical_lines(lines)) {
    EXPECT_LE(line.size(), 76U);
  }
  EXPECT_EQ(testing::base64_decode(lines), std::string(200, 'x'));
}

}  // namespace
}  // namespace deadlined::delivery

namespace deadlined::delivery {
namespace {

// A worker parses the templates once and renders many digests with them: each
// message must be exactly what parsing afresh gives, whatever came before it.
TEST(CompiledTemplatesTest, ManyDigestsRenderAsParsingEachAfresh) {
  Templates templates = Templates::defaults();
  templates.subject = "{{#items}}{{task_id}} {{/items}}& {{count}}";  // not escaped in the subject
  CompiledTemplates compiled{templates};
  const auto now = testing::utc(2026, 11, 26, 1, 0, 0);
  for (int i = 0; i < 4; ++i) {
    Digest digest = testing::sample_digest("key-" + std::to_string(i));
    digest.items.resize(static_cast<std::size_t>(1 + i % 2));  // with and without the second item
    digest.unit_name = "Đơn vị <" + std::to_string(i) + ">";
    const auto fresh = render_email(digest, k_settings, templates, now, 420);
    const auto reused = render_email(digest, k_settings, compiled, now, 420);
    ASSERT_TRUE(fresh.has_value()) << fresh.error();
    ASSERT_TRUE(reused.has_value()) << reused.error();
    EXPECT_EQ(*reused, *fresh) << i;
  }
}

TEST(CompiledTemplatesTest, ASyntaxErrorIsReportedForEveryDigest) {
  Templates templates = Templates::defaults();
  templates.text = "{{#items}}unclosed";
  CompiledTemplates compiled{templates};
  const auto now = testing::utc(2026, 11, 26, 1, 0, 0);
  const auto fresh = render_email(testing::sample_digest(), k_settings, templates, now, 420);
  ASSERT_FALSE(fresh.has_value());
  EXPECT_TRUE(fresh.error().starts_with("body.txt.mustache: ")) << fresh.error();
  for (int i = 0; i < 2; ++i) {
    const auto reused = render_email(testing::sample_digest(), k_settings, compiled, now, 420);
    ASSERT_FALSE(reused.has_value());
    EXPECT_EQ(reused.error(), fresh.error());
  }
}

}  // namespace
}  // namespace deadlined::delivery
