#pragma once
// Reading an HTTP/1.1 response to a POST, byte by byte as it arrives: the
// status line decides the delivery, the headers say how the body is framed
// and whether the connection can carry the next request. Pure: no sockets.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace deadlined::delivery {

class HttpResponseParser {
 public:
  enum class State {
    status_line,  // waiting for "HTTP/1.x NNN ..."
    headers,
    body,
    complete,  // the whole response framed and read: the connection may be reused
    failed     // not HTTP or framing that cannot be trusted: close the connection
  };

  // Consumes bytes; returns how many were used (fewer than given only once
  // complete or failed: the rest belongs to nobody and the caller closes).
  std::size_t feed(std::string_view bytes);
  // The peer closed the connection: a body framed by the close ends here.
  void end_of_input();

  State state() const { return m_state; }
  bool has_status() const { return m_status != 0; }
  // The final (non-1xx) status; 0 before its line has been read.
  int status() const { return m_status; }
  // The raw Retry-After value of the final response, if it had one.
  const std::optional<std::string>& retry_after() const { return m_retry_after; }
  // The first bytes of the body (for the log of a refused delivery).
  const std::string& body_start() const { return m_body_start; }
  std::size_t body_bytes() const { return m_body_read; }
  // Complete, and neither side asked to close.
  bool reusable() const { return m_state == State::complete && m_keep_alive; }
  const std::string& error() const { return m_error; }

  static constexpr std::size_t k_max_line = 16 * 1024;
  static constexpr std::size_t k_max_header_bytes = 64 * 1024;
  static constexpr std::size_t k_body_start_kept = 200;

 private:
  enum class Framing { none, length, chunked, until_close };
  enum class ChunkState { size_line, data, data_end, trailers };

  void fail(std::string message);
  bool take_line(std::string_view& bytes, std::size_t& used, std::string& line);
  void on_status_line(std::string_view line);
  void on_header_line(std::string_view line);
  void on_headers_end();
  void on_body(std::string_view data);
  bool take_counted(std::string_view& bytes, std::size_t& used);
  std::size_t feed_chunked(std::string_view bytes);

  State m_state = State::status_line;
  std::string m_line;  // a line not yet ended
  int m_status = 0;
  int m_minor_version = 1;
  bool m_interim = false;  // reading a 1xx response, which another follows
  bool m_keep_alive = true;
  bool m_connection_close = false;
  bool m_connection_keep_alive = false;
  bool m_chunked = false;
  std::optional<unsigned long long> m_content_length;
  std::optional<std::string> m_retry_after;
  std::size_t m_header_bytes = 0;
  Framing m_framing = Framing::none;
  unsigned long long m_remaining = 0;  // of the body or of the current chunk
  ChunkState m_chunk_state = ChunkState::size_line;
  std::size_t m_body_read = 0;
  std::string m_body_start;
  std::string m_error;
};

}  // namespace deadlined::delivery
