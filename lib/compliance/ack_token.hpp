#pragma once
// Signed acknowledgement tokens: the one-click links in reminder emails. A
// token names one obligation (plan, task, occurrence, unit) and an expiry and
// carries an HMAC-SHA256 over both, keyed with http.ack_secret_*:
//
//   base64url(plan \x1f task \x1f occurrence \x1f unit \x1f expiry) "." hex(HMAC)
//
// where the MAC covers "deadlined-ack-v1." followed by the base64url payload.
// It cannot be forged without the secret, moved to another obligation (the
// obligation is signed), or used after its expiry. Pure: the caller passes the time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "calendar/zone.hpp"
#include "compliance/acks.hpp"

namespace deadlined {

inline constexpr int k_default_ack_link_ttl_s = 30 * 86400;
inline constexpr std::size_t k_max_ack_token_length = 1024;

struct AckTokenClaims {
  ObligationRef ref;
  std::int64_t expires_at = 0;  // unix seconds; the token is valid while now < expires_at
  friend bool operator==(const AckTokenClaims&, const AckTokenClaims&) = default;
};

enum class AckTokenError {
  malformed,      // not a token at all (shape, encoding, fields)
  bad_signature,  // forged, tampered with, or signed with another secret
  expired,        // genuine but past its expiry
};
std::string_view to_string(AckTokenError error);

// URL-safe base64 without padding (RFC 4648 section 5).
std::string base64url_encode(std::string_view bytes);
// nullopt for characters outside the URL-safe alphabet, padding or a bad length.
std::optional<std::string> base64url_decode(std::string_view text);

// An empty secret makes no token (returns empty): links are off.
std::string make_ack_token(std::string_view secret, const ObligationRef& ref, std::int64_t expires_at);

// Checks the MAC in constant time before looking at the payload, then the expiry.
tl::expected<AckTokenClaims, AckTokenError> verify_ack_token(std::string_view secret, std::string_view token,
                                                             Instant now);

}  // namespace deadlined
