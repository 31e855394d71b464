#pragma once
// Reading SMTP replies (RFC 5321 4.2) as their bytes arrive: "250-first\r\n"
// lines continue a reply, "250 last\r\n" ends it. Pure: no sockets. One reader
// reads one reply at a time, so that pipelined replies (RFC 2920) that come in
// one packet are taken in order: feed() stops at the end of a reply and
// reset() starts the next.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined::delivery {

class SmtpReplyReader {
 public:
  enum class State {
    reading,   // more bytes needed
    complete,  // one whole reply read: code() and lines() hold it
    failed     // not SMTP, or longer than the limits: close the connection
  };

  // Consumes bytes up to the end of the reply; returns how many were used
  // (fewer than given once complete or failed: the rest is the next reply's).
  std::size_t feed(std::string_view bytes);
  // Forgets the reply read, to read the next one.
  void reset();

  State state() const { return m_state; }
  // The reply's three-digit code (200-599); 0 before its first line.
  int code() const { return m_code; }
  // The text of each line, after "NNN-" or "NNN " (CR, LF and other control
  // characters replaced by spaces), at most k_max_kept_line bytes each.
  const std::vector<std::string>& lines() const { return m_lines; }
  // The lines joined by spaces, for a delivery's detail.
  std::string text() const;
  const std::string& error() const { return m_error; }

  static constexpr std::size_t k_max_line = 4096;  // RFC 5321 says 512; servers write longer texts
  static constexpr std::size_t k_max_lines = 256;
  static constexpr std::size_t k_max_kept_line = 512;

 private:
  void fail(std::string message);
  void on_line(std::string_view line);

  State m_state = State::reading;
  std::string m_line;  // a line not yet ended
  int m_code = 0;
  std::vector<std::string> m_lines;
  std::string m_error;
};

}  // namespace deadlined::delivery
