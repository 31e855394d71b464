#pragma once
// Small byte and time encoders shared by the email and webhook renderers.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace deadlined::delivery {

// RFC 4648 base64 with padding, no line breaks.
std::string base64_encode(std::string_view bytes);

// base64 broken into lines of at most `line_length` characters joined by CRLF
// (MIME bodies: 76), with a trailing CRLF when the input is not empty.
std::string base64_lines(std::string_view bytes, std::size_t line_length = 76);

// Lower-case hex of the bytes.
std::string hex_encode(std::string_view bytes);

// Lower-case hex SHA-256 (OpenSSL libcrypto).
std::string sha256_hex(std::string_view bytes);

// "Thu, 26 Nov 2026 08:00:00 +0700": RFC 5322 date-time of `t` shown at the
// given offset from UTC.
std::string rfc5322_date(std::chrono::sys_seconds t, int utc_offset_minutes);

// "2026-11-26T08:00:00+07:00": ISO 8601 / RFC 3339 with the given offset.
std::string iso8601(std::chrono::sys_seconds t, int utc_offset_minutes);

// "2026-11-26" -> "26/11/2026"; anything that is not YYYY-MM-DD is returned unchanged.
std::string vietnamese_date(std::string_view iso_date);

// Replaces CR and LF (and other C0 controls except TAB) by spaces: no value from
// config or a plan may start a new header line.
std::string sanitize_header_value(std::string_view value);

}  // namespace deadlined::delivery
