#pragma once
// Pure pieces of HTTP request handling: splitting a request target into an
// exact path and decoded query parameters, bearer tokens, constant-time token
// comparison and the per-unit ICS feed token. No I/O, no clock.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace deadlined::http_views {

struct Target {
  std::string path;                          // as sent, never percent-decoded: paths are matched exactly
  std::map<std::string, std::string> query;  // decoded; a repeated name keeps the first value
};

// nullopt when the target is neither origin-form ("/path?query") nor
// absolute-form with an http(s) scheme and an authority (served as its path
// and query), or a query escape is malformed.
std::optional<Target> parse_target(std::string_view target);

// For a query value: every byte but A-Z a-z 0-9 - . _ ~ as %XX.
std::string percent_encode(std::string_view text);

// "%41+b" -> "A b"; nullopt for a truncated or non-hex escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// The token of "Authorization: Bearer TOKEN" (scheme case-insensitive); empty otherwise.
std::string bearer_token(std::string_view authorization);

// delivery::secrets_equal: time independent of contents and lengths (CRYPTO_memcmp).
bool constant_time_equal(std::string_view a, std::string_view b);

// The token of a unit's ICS feed: lower-case hex HMAC-SHA256(secret, unit id).
std::string feed_token(std::string_view secret, std::string_view unit_id);

// Unit ids as the config accepts them: [A-Za-z0-9._-]+, so a feed path can
// never name anything else ("..", "/", "%2e" all fail).
bool valid_unit_id(std::string_view id);

}  // namespace deadlined::http_views
