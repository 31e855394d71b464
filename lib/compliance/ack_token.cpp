#include "compliance/ack_token.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include "delivery/secret_compare.hpp"
#include "delivery/webhook.hpp"

namespace deadlined {

namespace {

constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view k_mac_prefix = "deadlined-ack-v1.";
constexpr char k_separator = '\x1f';
constexpr std::size_t k_mac_hex_length = 64;

int alphabet_index(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '-') {
    return 62;
  }
  if (c == '_') {
    return 63;
  }
  return -1;
}

std::string mac_of(std::string_view secret, std::string_view encoded_payload) {
  std::string data(k_mac_prefix);
  data += encoded_payload;
  return delivery::hmac_sha256_hex(secret, data);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

std::string_view to_string(AckTokenError error) {
  switch (error) {
    case AckTokenError::malformed:
      return "malformed token";
    case AckTokenError::bad_signature:
      return "bad signature";
    case AckTokenError::expired:
      return "expired token";
  }
  return "bad token";
}

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
             (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
             static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
    out += k_alphabet[(n >> 18) & 63];
    out += k_alphabet[(n >> 12) & 63];
    out += k_alphabet[(n >> 6) & 63];
    out += k_alphabet[n & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    auto n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
    out += k_alphabet[(n >> 18) & 63];
    out += k_alphabet[(n >> 12) & 63];
  } else if (rest == 2) {
    auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
             (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8);
    out += k_alphabet[(n >> 18) & 63];
    out += k_alphabet[(n >> 12) & 63];
    out += k_alphabet[(n >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = alphabet_index(c);
    if (value < 0) {
      return std::nullopt;
    }
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xffU);
    }
  }
  // Canonical encodings only: the unused low bits must be zero.
  if (bits > 0 && (buffer & ((1U << bits) - 1U)) != 0) {
    return std::nullopt;
  }
  return out;
}

std::string make_ack_token(std::string_view secret, const ObligationRef& ref, std::int64_t expires_at) {
  if (secret.empty()) {
    return {};
  }
  std::string payload;
  for (const std::string* field : {&ref.plan, &ref.task, &ref.occurrence, &ref.unit}) {
    payload += *field;
    payload += k_separator;
  }
  payload += std::to_string(expires_at);
  std::string encoded = base64url_encode(payload);
  std::string mac = mac_of(secret, encoded);
  return encoded + "." + mac;
}

tl::expected<AckTokenClaims, AckTokenError> verify_ack_token(std::string_view secret, std::string_view token,
                                                             Instant now) {
  if (secret.empty() || token.empty() || token.size() > k_max_ack_token_length) {
    return tl::unexpected(AckTokenError::malformed);
  }
  const std::size_t dot = token.rfind('.');
  if (dot == std::string_view::npos || dot == 0) {
    return tl::unexpected(AckTokenError::malformed);
  }
  std::string_view encoded = token.substr(0, dot);
  std::string_view mac = token.substr(dot + 1);
  if (mac.size() != k_mac_hex_length) {
    return tl::unexpected(AckTokenError::malformed);
  }
  if (!delivery::secrets_equal(mac, mac_of(secret, encoded))) {
    return tl::unexpected(AckTokenError::bad_signature);
  }
  auto payload = base64url_decode(encoded);
  if (!payload) {
    return tl::unexpected(AckTokenError::malformed);
  }
  auto fields = split(*payload, k_separator);
  if (fields.size() != 5) {
    return tl::unexpected(AckTokenError::malformed);
  }
  for (std::size_t i = 0; i < 4; ++i) {
    if (fields[i].empty()) {
      return tl::unexpected(AckTokenError::malformed);
    }
  }
  AckTokenClaims claims;
  claims.ref =
      ObligationRef{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]), std::string(fields[3])};
  std::string_view expiry = fields[4];
  auto [end, error] = std::from_chars(expiry.data(), expiry.data() + expiry.size(), claims.expires_at);
  if (error != std::errc{} || end != expiry.data() + expiry.size()) {
    return tl::unexpected(AckTokenError::malformed);
  }
  if (now.time_since_epoch().count() >= claims.expires_at) {
    return tl::unexpected(AckTokenError::expired);
  }
  return claims;
}

}  // namespace deadlined
