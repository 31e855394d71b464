// The acknowledgement token decoder. First byte even: the rest is a token as
// received. Odd: the rest is a payload, signed here with the fuzz secret, so
// the fields after the MAC check are reached too.
#include "compliance/ack_token.hpp"

#include "calendar/zone.hpp"
#include "delivery/webhook.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  constexpr std::string_view k_secret = "fuzz-ack-secret";
  static const deadlined::Instant now = *deadlined::parse_iso8601("2022-03-20T10:00:00+07:00");
  std::string token;
  if ((data[0] & 1) == 0) {
    token = std::string(rest);
  } else {
    std::string encoded = deadlined::base64url_encode(rest);
    auto decoded = deadlined::base64url_decode(encoded);
    if (!decoded || *decoded != rest) {
      std::abort();  // encode and decode must round-trip
    }
    token = encoded + "." + deadlined::delivery::hmac_sha256_hex(k_secret, "deadlined-ack-v1." + encoded);
  }
  auto claims = deadlined::verify_ack_token(k_secret, token, now);
  (void)claims;
  (void)deadlined::base64url_decode(rest);
  return 0;
}
