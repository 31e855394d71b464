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

// A Host field value as RFC 9112 section 3.2 allows it: uri-host [":" port],
// where uri-host is an IP-literal ("[" ... "]"), an IPv4 address or a
// reg-name (unreserved, sub-delims, %XX) and port is digits. Empty is valid
// (a target without an authority); whitespace, "/", "@", "?" are not.
bool valid_host_field(std::string_view value);

// Whether the raw header of a request (its bytes up to and including the
// empty line) continues a field on a line that starts with a space or a tab:
// obsolete line folding, which RFC 9112 section 5.2 lets a server reject and
// which Boost.Beast silently joins into the previous field.
bool has_obsolete_line_folding(std::string_view raw_header);

// Unit ids as the config accepts them: [A-Za-z0-9._-]+, so a feed path can
// never name anything else ("..", "/", "%2e" all fail).
bool valid_unit_id(std::string_view id);

}  // namespace deadlined::http_views
