// The retry policy: exponential growth, cap, deterministic bounded jitter.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "outbox/retry.hpp"

namespace deadlined {
namespace {

TEST(Retry, DelayGrowsExponentiallyWithinJitterBounds) {
  const RetrySettings settings;  // 60 s, x2, 6 h cap, +-20%
  for (const std::string key : {"a", "p/1/2023-12-31/so-tu-phap/due/email/x@y", "another key"}) {
    for (int attempts = 1; attempts <= 20; ++attempts) {
      const double nominal = std::min(60.0 * (1 << std::min(attempts - 1, 20)), 6.0 * 3600);
      const std::int64_t delay = retry_delay(attempts, key, settings);
      EXPECT_GE(static_cast<double>(delay), std::floor(nominal * 0.8)) << key << " attempt " << attempts;
      EXPECT_LE(static_cast<double>(delay), std::min(std::ceil(nominal * 1.2), 6.0 * 3600))
          << key << " attempt " << attempts;
    }
  }
}

TEST(Retry, IsDeterministicAndSpreadsKeys) {
  const RetrySettings settings;
  EXPECT_EQ(next_attempt_at(3, 1000, "k", settings), next_attempt_at(3, 1000, "k", settings));
  EXPECT_EQ(next_attempt_at(3, 1000, "k", settings), 1000 + retry_delay(3, "k", settings));
  std::set<std::int64_t> delays;
  for (int i = 0; i < 100; ++i) {
    delays.insert(retry_delay(4, "key-" + std::to_string(i), settings));  // nominal 480 s
  }
  EXPECT_GT(delays.size(), 50U);  // jitter really varies by key
  EXPECT_LT(*delays.begin(), 430);
  EXPECT_GT(*delays.rbegin(), 530);
}

TEST(Retry, WithoutJitterIsExactBackoffAndCap) {
  const RetrySettings settings{.base_seconds = 30, .factor = 3.0, .cap_seconds = 1000, .jitter = 0.0};
  EXPECT_EQ(retry_delay(1, "k", settings), 30);
  EXPECT_EQ(retry_delay(2, "k", settings), 90);
  EXPECT_EQ(retry_delay(3, "k", settings), 270);
  EXPECT_EQ(retry_delay(4, "k", settings), 810);
  EXPECT_EQ(retry_delay(5, "k", settings), 1000);
  EXPECT_EQ(retry_delay(1'000'000, "k", settings), 1000);  // no overflow
  EXPECT_EQ(retry_delay(0, "k", settings), 30);            // treated as the first attempt
}

TEST(Retry, NonsenseSettingsAreClamped) {
  const RetrySettings settings{.base_seconds = -5, .factor = 0.1, .cap_seconds = 0, .jitter = 7.0};
  EXPECT_EQ(retry_delay(3, "k", settings), 1);
}

// A peer's Retry-After delays the retry beyond the backoff, up to the cap.
TEST(Retry, RetryAfterDelaysTheRetryWithinTheCap) {
  const RetrySettings settings{.base_seconds = 2, .cap_seconds = 21600};
  const std::int64_t now = 1'000'000;
  const std::int64_t backoff = next_attempt_at(1, now, "k", settings);
  EXPECT_EQ(next_attempt_at(1, now, "k", 0, settings), backoff);
  EXPECT_EQ(next_attempt_at(1, now, "k", 1, settings), backoff) << "a shorter wait than the backoff is not taken";
  EXPECT_EQ(next_attempt_at(1, now, "k", 3600, settings), now + 3600);
  EXPECT_EQ(next_attempt_at(1, now, "k", 10 * 86400, settings), now + 21600) << "bounded by retry_cap";
  EXPECT_EQ(next_attempt_at(1, now, "k", -5, settings), backoff);
}

TEST(Retry, ExhaustedAfterMaxAttempts) {
  const RetrySettings settings{.max_attempts = 3};
  EXPECT_FALSE(retries_exhausted(2, settings));
  EXPECT_TRUE(retries_exhausted(3, settings));
  EXPECT_TRUE(retries_exhausted(4, settings));
}

}  // namespace
}  // namespace deadlined
