#pragma once

#include <string_view>

namespace deadlined::delivery {

// Compares a presented secret (a token, a MAC) with the expected one in time
// that depends on neither their contents nor their lengths: both are hashed
// with SHA-256 and the digests compared with OpenSSL's CRYPTO_memcmp, so an
// attacker timing the answer learns nothing about how much of a guess matched.
bool secrets_equal(std::string_view presented, std::string_view expected);

}  // namespace deadlined::delivery
