#include "delivery/smtp_reply.hpp"

#include <algorithm>

namespace deadlined::delivery {

void SmtpReplyReader::reset() {
  m_state = State::reading;
  m_line.clear();
  m_code = 0;
  m_lines.clear();
  m_error.clear();
}

void SmtpReplyReader::fail(std::string message) {
  m_state = State::failed;
  m_error = std::move(message);
}

std::string SmtpReplyReader::text() const {
  std::string out;
  for (const std::string& line : m_lines) {
    if (!out.empty() && !line.empty()) {
      out += ' ';
    }
    out += line;
  }
  return out;
}

std::size_t SmtpReplyReader::feed(std::string_view bytes) {
  std::size_t used = 0;
  while (used < bytes.size() && m_state == State::reading) {
    const std::string_view rest = bytes.substr(used);
    const std::size_t end = rest.find('\n');
    const std::size_t take = end == std::string_view::npos ? rest.size() : end + 1;
    if (m_line.size() + take > k_max_line + 2) {  // + CR LF
      fail("a reply line longer than " + std::to_string(k_max_line) + " bytes");
      return used;
    }
    m_line.append(rest.substr(0, take));
    used += take;
    if (end == std::string_view::npos) {
      break;
    }
    // A bare LF ends a line too, as libcurl reads them.
    std::string_view line{m_line};
    line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    on_line(line);
    m_line.clear();
  }
  return used;
}

void SmtpReplyReader::on_line(std::string_view line) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (line.size() < 3 || !digit(line[0]) || !digit(line[1]) || !digit(line[2]) || line[0] < '2' || line[0] > '5' ||
      (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
    fail("not an SMTP reply line");
    return;
  }
  const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  if (m_code != 0 && code != m_code) {
    fail("a reply's lines with different codes (" + std::to_string(m_code) + ", " + std::to_string(code) + ")");
    return;
  }
  if (m_lines.size() >= k_max_lines) {
    fail("a reply of more than " + std::to_string(k_max_lines) + " lines");
    return;
  }
  m_code = code;
  std::string text{line.substr(std::min<std::size_t>(line.size(), 4), k_max_kept_line)};
  std::replace_if(
      text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }, ' ');
  m_lines.push_back(std::move(text));
  if (line.size() == 3 || line[3] == ' ') {
    m_state = State::complete;
  }
}

}  // namespace deadlined::delivery
