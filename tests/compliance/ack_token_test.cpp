// Signed ack tokens: round trip, URL safety, forgery, tampering, reuse for
// another obligation, expiry, malformed input.
#include <cctype>

#include <gtest/gtest.h>

#include "compliance/ack_token.hpp"
#include "delivery/webhook.hpp"

namespace deadlined {
namespace {

constexpr std::string_view k_secret = "ack-secret-0123456789";
const ObligationRef k_ref{"kstthc-2022", "I.1", "2022-03-31", "stp"};
constexpr std::int64_t k_expiry = 1'700'000'000;

Instant at_seconds(std::int64_t seconds) {
  return Instant{std::chrono::seconds{seconds}};
}

TEST(AckToken, RoundTripsTheObligationAndExpiry) {
  std::string token = make_ack_token(k_secret, k_ref, k_expiry);
  auto claims = verify_ack_token(k_secret, token, at_seconds(k_expiry - 1));
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->ref, k_ref);
  EXPECT_EQ(claims->expires_at, k_expiry);
}

TEST(AckToken, IsUrlSafeAndDeterministic) {
  ObligationRef ref{"kế-hoạch", "I.1/2?&=", "2022-03-31", "ubnd_xã-1"};
  std::string token = make_ack_token(k_secret, ref, k_expiry);
  EXPECT_EQ(token, make_ack_token(k_secret, ref, k_expiry));
  for (char c : token) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') << token;
  }
  auto claims = verify_ack_token(k_secret, token, at_seconds(0));
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->ref, ref);
}

TEST(AckToken, NoSecretNoToken) {
  EXPECT_EQ(make_ack_token("", k_ref, k_expiry), "");
}

TEST(AckToken, ExpiresAtTheExpiryInstant) {
  std::string token = make_ack_token(k_secret, k_ref, k_expiry);
  EXPECT_TRUE(verify_ack_token(k_secret, token, at_seconds(k_expiry - 1)));
  auto at_expiry = verify_ack_token(k_secret, token, at_seconds(k_expiry));
  ASSERT_FALSE(at_expiry);
  EXPECT_EQ(at_expiry.error(), AckTokenError::expired);
  EXPECT_EQ(verify_ack_token(k_secret, token, at_seconds(k_expiry + 86400)).error(), AckTokenError::expired);
}

TEST(AckToken, AnotherSecretIsRefused) {
  std::string token = make_ack_token("another-secret", k_ref, k_expiry);
  EXPECT_EQ(verify_ack_token(k_secret, token, at_seconds(0)).error(), AckTokenError::bad_signature);
  EXPECT_EQ(verify_ack_token("", make_ack_token(k_secret, k_ref, k_expiry), at_seconds(0)).error(),
            AckTokenError::malformed);
}

TEST(AckToken, TamperedPayloadOrMacIsRefused) {
  std::string token = make_ack_token(k_secret, k_ref, k_expiry);
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '.') {
      continue;
    }
    std::string tampered = token;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    if (tampered == token) {
      continue;
    }
    auto claims = verify_ack_token(k_secret, tampered, at_seconds(0));
    EXPECT_FALSE(claims) << "position " << i;
  }
}

TEST(AckToken, ExtendedExpiryIsRefused) {
  // Re-encode the payload with a later expiry but keep the old MAC.
  std::string token = make_ack_token(k_secret, k_ref, k_expiry);
  std::string mac = token.substr(token.find('.') + 1);
  std::string payload =
      "kstthc-2022\x1fI.1\x1f"
      "2022-03-31\x1fstp\x1f" +
      std::to_string(k_expiry + 86400);
  std::string forged = base64url_encode(payload) + "." + mac;
  EXPECT_EQ(verify_ack_token(k_secret, forged, at_seconds(k_expiry + 10)).error(), AckTokenError::bad_signature);
}

TEST(AckToken, CannotBeMovedToAnotherObligation) {
  std::string token_a = make_ack_token(k_secret, k_ref, k_expiry);
  ObligationRef other = k_ref;
  other.unit = "snv";
  std::string token_b = make_ack_token(k_secret, other, k_expiry);
  // B's payload with A's MAC, and A's payload with B's MAC.
  std::string cross_1 = token_b.substr(0, token_b.find('.')) + token_a.substr(token_a.find('.'));
  std::string cross_2 = token_a.substr(0, token_a.find('.')) + token_b.substr(token_b.find('.'));
  EXPECT_EQ(verify_ack_token(k_secret, cross_1, at_seconds(0)).error(), AckTokenError::bad_signature);
  EXPECT_EQ(verify_ack_token(k_secret, cross_2, at_seconds(0)).error(), AckTokenError::bad_signature);
  EXPECT_EQ(verify_ack_token(k_secret, token_b, at_seconds(0))->ref, other);
}

TEST(AckToken, ForgedWithAGuessedMacIsRefused) {
  std::string payload = base64url_encode(
      "kstthc-2022\x1fI.1\x1f"
      "2022-03-31\x1fstp\x1f"
      "1700000000");
  EXPECT_EQ(verify_ack_token(k_secret, payload + "." + std::string(64, '0'), at_seconds(0)).error(),
            AckTokenError::bad_signature);
  // A plain SHA-256-keyed MAC of the payload without the version prefix.
  EXPECT_EQ(
      verify_ack_token(k_secret, payload + "." + delivery::hmac_sha256_hex(k_secret, payload), at_seconds(0)).error(),
      AckTokenError::bad_signature);
}

TEST(AckToken, MalformedTokensAreRefused) {
  for (std::string_view bad : {"", ".", "abc", "abc.", ".0123", "a.b.c", "no dot at all"}) {
    auto claims = verify_ack_token(k_secret, bad, at_seconds(0));
    ASSERT_FALSE(claims) << bad;
    EXPECT_EQ(claims.error(), AckTokenError::malformed) << bad;
  }
  EXPECT_EQ(verify_ack_token(k_secret, std::string(5000, 'A'), at_seconds(0)).error(), AckTokenError::malformed);
  // A correctly signed payload with too few fields or a bad expiry is still malformed.
  for (std::string_view payload : {"a\x1f"
                                   "b\x1f"
                                   "c",
                                   "a\x1f"
                                   "b\x1f"
                                   "c\x1f"
                                   "d\x1f"
                                   "soon",
                                   "\x1f"
                                   "b\x1f"
                                   "c\x1f"
                                   "d\x1f"
                                   "5"}) {
    std::string encoded = base64url_encode(payload);
    std::string token = encoded + "." + delivery::hmac_sha256_hex(k_secret, "deadlined-ack-v1." + encoded);
    EXPECT_EQ(verify_ack_token(k_secret, token, at_seconds(0)).error(), AckTokenError::malformed) << payload;
  }
}

TEST(AckToken, Base64UrlRoundTripsAndRejectsNonCanonicalInput) {
  for (std::string_view bytes : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\xfd"}) {
    auto decoded = base64url_decode(base64url_encode(bytes));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, bytes);
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_FALSE(base64url_decode("Zg=="));   // padding
  EXPECT_FALSE(base64url_decode("Z+8"));    // not the URL-safe alphabet
  EXPECT_FALSE(base64url_decode("Zh"));     // non-zero unused bits
  EXPECT_FALSE(base64url_decode("Zm9vY"));  // impossible length
}

}  // namespace
}  // namespace deadlined
