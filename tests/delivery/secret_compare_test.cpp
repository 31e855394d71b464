#include "delivery/secret_compare.hpp"

#include <gtest/gtest.h>

#include <string>

namespace deadlined::delivery {
namespace {

TEST(SecretCompare, EqualSecretsMatch) {
  EXPECT_TRUE(secrets_equal("s3cr3t-token", "s3cr3t-token"));
  EXPECT_TRUE(secrets_equal("", ""));
  const std::string with_nul("a\0b", 3);
  EXPECT_TRUE(secrets_equal(with_nul, std::string("a\0b", 3)));
}

TEST(SecretCompare, AnyDifferenceIsAMismatch) {
  EXPECT_FALSE(secrets_equal("s3cr3t-token", "s3cr3t-tokem"));
  EXPECT_FALSE(secrets_equal("s3cr3t-token", "S3cr3t-token"));
  // A prefix, an extension and the empty string are not the secret.
  EXPECT_FALSE(secrets_equal("s3cr3t", "s3cr3t-token"));
  EXPECT_FALSE(secrets_equal("s3cr3t-token-and-more", "s3cr3t-token"));
  EXPECT_FALSE(secrets_equal("", "s3cr3t-token"));
  // Bytes after an embedded NUL count.
  EXPECT_FALSE(secrets_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace deadlined::delivery
