#pragma once
// Retry policy of failed deliveries: exponential backoff with deterministic
// jitter. Pure: the jitter comes from a hash of the key and the attempt number,
// so retries of different reminders spread out, tests are reproducible, and no
// random generator (global or not) is needed.
#include <cstdint>
#include <string_view>

namespace deadlined {

struct RetrySettings {
  std::int64_t base_seconds = 60;       // delay after the first failed attempt
  double factor = 2.0;                  // growth per further attempt
  std::int64_t cap_seconds = 6 * 3600;  // no delay is longer
  double jitter = 0.2;                  // the delay varies by up to this fraction, either way
  int max_attempts = 12;                // attempts after which a reminder is dead (~20 h with the defaults)
};

// Delay before the next attempt, after `attempts` attempts (1 = the first one
// failed): base * factor^(attempts - 1) times a factor in [1 - jitter,
// 1 + jitter], then limited to [1 s, cap]. Out-of-range settings are clamped
// (base >= 1, factor >= 1, 0 <= jitter <= 0.9, cap >= 1).
std::int64_t retry_delay(int attempts, std::string_view key, const RetrySettings& settings);

// now + retry_delay(...): the value for Outbox::mark_failed.
std::int64_t next_attempt_at(int attempts, std::int64_t now, std::string_view key, const RetrySettings& settings = {});

// next_attempt_at, but never earlier than `retry_after_seconds` from now (a
// peer's Retry-After), and never later than the cap allows.
std::int64_t next_attempt_at(int attempts, std::int64_t now, std::string_view key, std::int64_t retry_after_seconds,
                             const RetrySettings& settings);

// True when `attempts` attempts have been made and the reminder should be
// marked dead instead of failed.
bool retries_exhausted(int attempts, const RetrySettings& settings = {});

}  // namespace deadlined
