#include "delivery/secret_compare.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>

namespace deadlined::delivery {

namespace {

std::array<unsigned char, SHA256_DIGEST_LENGTH> digest_of(std::string_view text) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return digest;
}

}  // namespace

bool secrets_equal(std::string_view presented, std::string_view expected) {
  const auto a = digest_of(presented);
  const auto b = digest_of(expected);
  // Equal digests with different texts would need a SHA-256 collision.
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace deadlined::delivery
