#include "delivery/http_response.hpp"

#include <algorithm>
#include <charconv>

namespace deadlined::delivery {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

// Whether a comma-separated header value lists `token` (any case).
bool lists_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (equals_ignoring_case(trim(value.substr(0, comma)), token)) {
      return true;
    }
    if (comma == std::string_view::npos) {
      break;
    }
    value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

void HttpResponseParser::fail(std::string message) {
  m_state = State::failed;
  m_error = std::move(message);
}

// Appends to `line` up to and including the next LF; true once a line is whole
// (its CR LF or LF removed).
bool HttpResponseParser::take_line(std::string_view& bytes, std::size_t& used, std::string& line) {
  const std::size_t lf = bytes.find('\n');
  const std::size_t take = lf == std::string_view::npos ? bytes.size() : lf + 1;
  if (line.size() + take > k_max_line) {
    fail("a line of the response is longer than " + std::to_string(k_max_line) + " bytes");
    return false;
  }
  line.append(bytes.substr(0, take));
  bytes.remove_prefix(take);
  used += take;
  if (lf == std::string_view::npos) {
    return false;
  }
  line.pop_back();
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return true;
}

void HttpResponseParser::on_status_line(std::string_view line) {
  // "HTTP/1.1 204 No Content"; the reason may be empty.
  if (line.size() < 12 || !line.starts_with("HTTP/1.") || line[8] != ' ') {
    fail("not an HTTP/1.x status line");
    return;
  }
  const char minor = line[7];
  if (minor != '0' && minor != '1') {
    fail("not an HTTP/1.x status line");
    return;
  }
  int status = 0;
  const auto [end, error] = std::from_chars(line.data() + 9, line.data() + 12, status);
  if (error != std::errc{} || end != line.data() + 12 || status < 100 || status > 999 ||
      (line.size() > 12 && line[12] != ' ')) {
    fail("no three-digit status in the status line");
    return;
  }
  m_minor_version = minor - '0';
  m_interim = status < 200 && status != 101;
  if (status == 101) {
    fail("the server switched protocols");
    return;
  }
  if (!m_interim) {
    m_status = status;
  }
  m_connection_close = false;
  m_connection_keep_alive = false;
  m_chunked = false;
  m_content_length.reset();
  m_retry_after.reset();
  m_state = State::headers;
}

void HttpResponseParser::on_header_line(std::string_view line) {
  if (line.front() == ' ' || line.front() == '\t') {
    return;  // an obsolete folded continuation: nothing read here is folded
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    fail("a header line without a name");
    return;
  }
  const std::string_view name = line.substr(0, colon);
  const std::string_view value = trim(line.substr(colon + 1));
  if (equals_ignoring_case(name, "content-length")) {
    unsigned long long length = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (error != std::errc{} || end != value.data() + value.size() || value.empty() ||
        (m_content_length && *m_content_length != length)) {
      fail("an invalid Content-Length");
      return;
    }
    m_content_length = length;
  } else if (equals_ignoring_case(name, "transfer-encoding")) {
    // Only "chunked" last frames the body; anything else is read to the close.
    std::string_view last = value;
    if (const std::size_t comma = value.rfind(','); comma != std::string_view::npos) {
      last = value.substr(comma + 1);
    }
    m_chunked = equals_ignoring_case(trim(last), "chunked");
    if (!m_chunked) {
      m_connection_close = true;
    }
  } else if (equals_ignoring_case(name, "connection")) {
    m_connection_close = m_connection_close || lists_token(value, "close");
    m_connection_keep_alive = m_connection_keep_alive || lists_token(value, "keep-alive");
  } else if (equals_ignoring_case(name, "retry-after") && !m_interim) {
    m_retry_after = std::string{value};
  }
}

void HttpResponseParser::on_headers_end() {
  if (m_interim) {
    m_state = State::status_line;  // the final response follows
    return;
  }
  m_keep_alive = m_minor_version == 1 ? !m_connection_close : (m_connection_keep_alive && !m_connection_close);
  if (m_status == 204 || m_status == 304) {
    m_framing = Framing::none;
  } else if (m_chunked) {
    m_framing = Framing::chunked;
    m_chunk_state = ChunkState::size_line;
    if (m_content_length) {
      m_keep_alive = false;  // framed two ways (RFC 9112, 6.3): the connection is not trusted further
    }
  } else if (m_content_length) {
    m_framing = Framing::length;
    m_remaining = *m_content_length;
  } else {
    m_framing = Framing::until_close;
    m_keep_alive = false;
  }
  if (m_framing == Framing::none || (m_framing == Framing::length && m_remaining == 0)) {
    m_state = State::complete;
  } else {
    m_state = State::body;
  }
}

void HttpResponseParser::on_body(std::string_view data) {
  if (m_body_start.size() < k_body_start_kept) {
    m_body_start.append(data.substr(0, k_body_start_kept - m_body_start.size()));
  }
  m_body_read += data.size();
}

// Takes up to m_remaining body bytes; true once none remain.
bool HttpResponseParser::take_counted(std::string_view& bytes, std::size_t& used) {
  const std::size_t take = static_cast<std::size_t>(std::min<unsigned long long>(m_remaining, bytes.size()));
  on_body(bytes.substr(0, take));
  bytes.remove_prefix(take);
  used += take;
  m_remaining -= take;
  return m_remaining == 0;
}

std::size_t HttpResponseParser::feed_chunked(std::string_view bytes) {
  std::size_t used = 0;
  while (!bytes.empty() && m_state == State::body) {
    switch (m_chunk_state) {
      case ChunkState::size_line: {
        if (!take_line(bytes, used, m_line)) {
          break;
        }
        std::string_view size_text = m_line;
        size_text = trim(size_text.substr(0, size_text.find(';')));  // chunk extensions
        unsigned long long size = 0;
        const auto [end, error] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
        if (error != std::errc{} || end != size_text.data() + size_text.size() || size_text.empty()) {
          fail("an invalid chunk size");
          break;
        }
        m_line.clear();
        m_remaining = size;
        m_chunk_state = size == 0 ? ChunkState::trailers : ChunkState::data;
        break;
      }
      case ChunkState::data: {
        if (take_counted(bytes, used)) {
          m_chunk_state = ChunkState::data_end;
        }
        break;
      }
      case ChunkState::data_end:
        if (take_line(bytes, used, m_line)) {
          if (!m_line.empty()) {
            fail("a chunk longer than its size");
            break;
          }
          m_chunk_state = ChunkState::size_line;
        }
        break;
      case ChunkState::trailers:
        if (take_line(bytes, used, m_line)) {
          if (m_line.empty()) {
            m_state = State::complete;
          }
          m_line.clear();
        }
        break;
    }
  }
  return used;
}

std::size_t HttpResponseParser::feed(std::string_view bytes) {
  std::size_t used = 0;
  while (!bytes.empty()) {
    switch (m_state) {
      case State::status_line:
      case State::headers: {
        const std::size_t before = used;
        const bool whole = take_line(bytes, used, m_line);
        m_header_bytes += used - before;
        if (m_state == State::failed) {
          return used;
        }
        if (m_header_bytes > k_max_header_bytes) {
          fail("the response's headers are longer than " + std::to_string(k_max_header_bytes) + " bytes");
          return used;
        }
        if (!whole) {
          break;
        }
        std::string line = std::move(m_line);
        m_line.clear();
        if (m_state == State::status_line) {
          if (!line.empty()) {  // tolerate blank lines before a status line
            on_status_line(line);
          }
        } else if (line.empty()) {
          on_headers_end();
        } else {
          on_header_line(line);
        }
        break;
      }
      case State::body:
        if (m_framing == Framing::chunked) {
          used += feed_chunked(bytes);
          bytes = {};
          break;
        }
        if (m_framing == Framing::length) {
          if (take_counted(bytes, used)) {
            m_state = State::complete;
          }
        } else {
          on_body(bytes);
          used += bytes.size();
          bytes = {};
        }
        break;
      case State::complete:
      case State::failed:
        return used;
    }
  }
  return used;
}

void HttpResponseParser::end_of_input() {
  if (m_state == State::body && m_framing == Framing::until_close) {
    m_state = State::complete;
    m_keep_alive = false;
  } else if (m_state != State::complete && m_state != State::failed) {
    fail(has_status() ? "the connection closed before the end of the response"
                      : "the connection closed before a response");
  }
  m_keep_alive = false;
}

}  // namespace deadlined::delivery
