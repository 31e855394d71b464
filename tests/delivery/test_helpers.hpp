#pragma once
// Shared fixtures for the delivery tests: a sample Vietnamese digest and small
// decoders (base64, RFC 2047) written independently of the code under test.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "delivery/digest.hpp"
#include "delivery/email.hpp"

namespace deadlined::delivery::testing {

// The sender of the rendered test messages.
inline const EmailSettings k_settings{"Hệ thống nhắc việc", "nhacviec@stp.example.vn", "stp.example.vn"};

inline std::chrono::sys_seconds utc(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} +
         std::chrono::hours{hh} + std::chrono::minutes{mm} + std::chrono::seconds{ss};
}

inline Digest sample_digest(std::string key = "outbox:so-tc:2026-11-26T08:00+07:00:email") {
  Digest digest;
  digest.channel = Channel::email;
  digest.recipient = "vanphong@sotc.example.vn";
  digest.unit_id = "so-tc";
  digest.unit_name = "Sở Tài chính";
  digest.idempotency_key = std::move(key);
  digest.slot = utc(2026, 11, 26, 1, 0, 0);  // 08:00 +07:00
  digest.items.push_back(DigestItem{"Kế hoạch cải cách hành chính năm 2026", "CCHC-03",
                                    "Báo cáo kết quả cải cách hành chính quý IV & năm 2026", Role::lead, "before-10",
                                    "còn 10 ngày làm việc", "2026-12-10", "trước ngày 10/12 hằng năm",
                                    "Báo cáo <tổng hợp>", 10});
  digest.items.push_back(DigestItem{"Kế hoạch chuyển đổi số", "CĐS-11", "Cập nhật cơ sở dữ liệu văn bản", Role::support,
                                    "due", "đến hạn hôm nay", "2026-11-26", "", "", 0});
  digest.items.push_back(DigestItem{"Kế hoạch phòng chống tham nhũng", "PCTN-07", "Tự kiểm tra nội bộ", Role::lead,
                                    "overdue-2", "quá hạn 2 ngày làm việc", "2026-11-24", "trong tháng 11", "Biên bản",
                                    -2});
  return digest;
}

inline std::string base64_decode(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+') {
      return 62;
    }
    if (c == '/') {
      return 63;
    }
    return -1;
  };
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=' || c == '\r' || c == '\n') {
      continue;
    }
    const int v = value(c);
    if (v < 0) {
      throw std::runtime_error("bad base64 character");
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// Decodes a header value made only of "=?UTF-8?B?...?=" words separated by
// folding white space (or plain text, returned unchanged).
inline std::string decode_rfc2047(std::string_view value) {
  std::string out;
  std::size_t pos = 0;
  bool previous_was_word = false;
  while (pos < value.size()) {
    const std::size_t start = value.find("=?", pos);
    if (start == std::string_view::npos) {
      out.append(value.substr(pos));
      break;
    }
    const std::string_view between = value.substr(pos, start - pos);
    const bool only_space = between.find_first_not_of(" \t\r\n") == std::string_view::npos;
    if (!(previous_was_word && only_space)) {  // white space between encoded words is dropped
      out.append(between);
    }
    const std::string_view prefix = "=?UTF-8?B?";
    if (value.substr(start, prefix.size()) != prefix) {
      throw std::runtime_error("unexpected encoded word");
    }
    const std::size_t end = value.find("?=", start + prefix.size());
    if (end == std::string_view::npos) {
      throw std::runtime_error("unterminated encoded word");
    }
    out += base64_decode(value.substr(start + prefix.size(), end - start - prefix.size()));
    pos = end + 2;
    previous_was_word = true;
  }
  return out;
}

// True when the bytes are complete, valid UTF-8 sequences.
inline bool is_complete_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    std::size_t length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > bytes.size()) {
      return false;
    }
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

// Splits a message into its header lines (unfolded: continuation lines joined
// with their CRLF kept) and the body.
struct ParsedMessage {
  std::vector<std::string> headers;  // "Name: value" with folding CRLF kept
  std::string body;
};

inline ParsedMessage split_message(const std::string& message) {
  ParsedMessage parsed;
  const std::size_t end = message.find("\r\n\r\n");
  const std::string head = message.substr(0, end);
  parsed.body = end == std::string::npos ? std::string{} : message.substr(end + 4);
  std::size_t pos = 0;
  while (pos <= head.size()) {
    std::size_t eol = head.find("\r\n", pos);
    if (eol == std::string::npos) {
      eol = head.size();
    }
    const std::string line = head.substr(pos, eol - pos);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !parsed.headers.empty()) {
      parsed.headers.back() += "\r\n" + line;
    } else {
      parsed.headers.push_back(line);
    }
    pos = eol + 2;
  }
  return parsed;
}

inline std::vector<std::string> header_values(const ParsedMessage& parsed, std::string_view name) {
  std::vector<std::string> values;
  for (const std::string& header : parsed.headers) {
    if (header.size() > name.size() && header.compare(0, name.size(), name) == 0 && header[name.size()] == ':') {
      values.push_back(header.substr(name.size() + 2));
    }
  }
  return values;
}

// The requests a raw test server logged as "<connection id> <path>" lines,
// the connections renumbered from 1 in the order of their first request.
inline std::vector<std::string> logged_requests(const std::filesystem::path& log) {
  std::vector<std::string> out;
  std::ifstream lines{log};
  std::map<std::string, int> numbers;
  for (std::string line; std::getline(lines, line);) {
    const std::size_t space = line.find(' ');
    const auto [at, added] = numbers.try_emplace(line.substr(0, space), static_cast<int>(numbers.size()) + 1);
    out.push_back(std::to_string(at->second) + line.substr(space));
  }
  return out;
}

}  // namespace deadlined::delivery::testing
