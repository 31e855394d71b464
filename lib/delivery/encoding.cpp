#include "delivery/encoding.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>

#include "delivery/result.hpp"

namespace deadlined::delivery {

const char* to_string(DeliveryResult::Kind kind) {
  switch (kind) {
    case DeliveryResult::Kind::sent:
      return "sent";
    case DeliveryResult::Kind::transient:
      return "transient";
    case DeliveryResult::Kind::permanent:
      return "permanent";
  }
  return "unknown";
}

namespace {

// OpenSSL 3 looks EVP_sha256() up in its providers on every EVP_Digest (a
// lock and a hash lookup: an eighth of rendering a webhook); fetched once and
// shared by every thread (EVP_MD is reference-counted and read-only), it is
// not. Kept for the life of the process.
const EVP_MD* sha256_method() {
  static const EVP_MD* const method = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return method;
}

constexpr std::string_view k_base64_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<const char*, 7> k_weekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct LocalTime {
  std::chrono::year_month_day date;
  std::chrono::weekday weekday;
  std::chrono::hh_mm_ss<std::chrono::seconds> time;
};

LocalTime to_local(std::chrono::sys_seconds t, int utc_offset_minutes) {
  const auto local = t + std::chrono::minutes{utc_offset_minutes};
  const auto day = std::chrono::floor<std::chrono::days>(local);
  return LocalTime{std::chrono::year_month_day{day}, std::chrono::weekday{day},
                   std::chrono::hh_mm_ss<std::chrono::seconds>{local - day}};
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += k_base64_alphabet[(n >> 18) & 63];
    out += k_base64_alphabet[(n >> 12) & 63];
    out += k_base64_alphabet[(n >> 6) & 63];
    out += k_base64_alphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    out += k_base64_alphabet[(n >> 18) & 63];
    out += k_base64_alphabet[(n >> 12) & 63];
    out += "==";
  } else if (rest == 2) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += k_base64_alphabet[(n >> 18) & 63];
    out += k_base64_alphabet[(n >> 12) & 63];
    out += k_base64_alphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string base64_lines(std::string_view bytes, std::size_t line_length) {
  const std::string flat = base64_encode(bytes);
  if (line_length == 0) {
    line_length = 76;
  }
  std::string out;
  out.reserve(flat.size() + flat.size() / line_length * 2 + 2);
  for (std::size_t pos = 0; pos < flat.size(); pos += line_length) {
    out.append(flat, pos, line_length);
    out += "\r\n";
  }
  return out;
}

std::string hex_encode(std::string_view bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += k_digits[b >> 4];
    out += k_digits[b & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, sha256_method(), nullptr) != 1) {
    return {};
  }
  return hex_encode(std::string_view{reinterpret_cast<const char*>(digest.data()), length});
}

std::string rfc5322_date(std::chrono::sys_seconds t, int utc_offset_minutes) {
  const LocalTime local = to_local(t, utc_offset_minutes);
  const int magnitude = utc_offset_minutes < 0 ? -utc_offset_minutes : utc_offset_minutes;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04d %02d:%02d:%02d %c%02d%02d",
                k_weekdays[local.weekday.c_encoding()], static_cast<unsigned>(local.date.day()),
                k_months[static_cast<unsigned>(local.date.month()) - 1], static_cast<int>(local.date.year()),
                static_cast<int>(local.time.hours().count()), static_cast<int>(local.time.minutes().count()),
                static_cast<int>(local.time.seconds().count()), utc_offset_minutes < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  return buffer;
}

std::string iso8601(std::chrono::sys_seconds t, int utc_offset_minutes) {
  const LocalTime local = to_local(t, utc_offset_minutes);
  const int magnitude = utc_offset_minutes < 0 ? -utc_offset_minutes : utc_offset_minutes;
  const int year = static_cast<int>(local.date.year());
  if (year >= 0 && year <= 9999 && magnitude < 100 * 60) {
    // Written digit by digit: every webhook carries several of these, and
    // snprintf took a tenth of rendering one.
    std::string text = "0000-00-00T00:00:00+00:00";
    const auto put = [&text](std::size_t at, int value, int digits) {
      for (int digit = digits - 1; digit >= 0; --digit) {
        text[at + static_cast<std::size_t>(digit)] = static_cast<char>('0' + value % 10);
        value /= 10;
      }
    };
    put(0, year, 4);
    put(5, static_cast<int>(static_cast<unsigned>(local.date.month())), 2);
    put(8, static_cast<int>(static_cast<unsigned>(local.date.day())), 2);
    put(11, static_cast<int>(local.time.hours().count()), 2);
    put(14, static_cast<int>(local.time.minutes().count()), 2);
    put(17, static_cast<int>(local.time.seconds().count()), 2);
    text[19] = utc_offset_minutes < 0 ? '-' : '+';
    put(20, magnitude / 60, 2);
    put(23, magnitude % 60, 2);
    return text;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", static_cast<int>(local.date.year()),
                static_cast<unsigned>(local.date.month()), static_cast<unsigned>(local.date.day()),
                static_cast<int>(local.time.hours().count()), static_cast<int>(local.time.minutes().count()),
                static_cast<int>(local.time.seconds().count()), utc_offset_minutes < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  return buffer;
}

std::string vietnamese_date(std::string_view iso_date) {
  const auto digits = [&](std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i) {
      if (iso_date[i] < '0' || iso_date[i] > '9') {
        return false;
      }
    }
    return true;
  };
  if (iso_date.size() != 10 || iso_date[4] != '-' || iso_date[7] != '-' || !digits(0, 4) || !digits(5, 2) ||
      !digits(8, 2)) {
    return std::string{iso_date};
  }
  std::string out;
  out.append(iso_date.substr(8, 2)).append("/").append(iso_date.substr(5, 2)).append("/");
  out.append(iso_date.substr(0, 4));
  return out;
}

std::string sanitize_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c == '\r' && i + 1 < value.size() && value[i + 1] == '\n') {
      continue;  // CRLF becomes one space (emitted for the LF)
    }
    if (c < 0x20 || c == 0x7f) {
      out += ' ';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace deadlined::delivery
