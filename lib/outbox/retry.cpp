#include "outbox/retry.hpp"

#include <algorithm>
#include <cmath>

namespace deadlined {
namespace {

// FNV-1a then the splitmix64 finalizer: stable across platforms and releases
// (unlike std::hash), and well mixed even for keys differing in one byte.
std::uint64_t jitter_hash(std::string_view key, int attempts) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  const auto mix_byte = [&hash](unsigned char byte) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  };
  for (const char c : key) {
    mix_byte(static_cast<unsigned char>(c));
  }
  const auto counter = static_cast<std::uint32_t>(attempts);
  for (int shift = 0; shift < 32; shift += 8) {
    mix_byte(static_cast<unsigned char>((counter >> shift) & 0xffU));
  }
  hash += 0x9e3779b97f4a7c15ULL;
  hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ULL;
  hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebULL;
  return hash ^ (hash >> 31);
}

}  // namespace

std::int64_t retry_delay(int attempts, std::string_view key, const RetrySettings& settings) {
  const double cap = static_cast<double>(std::max<std::int64_t>(settings.cap_seconds, 1));
  const double base = static_cast<double>(std::max<std::int64_t>(settings.base_seconds, 1));
  const double factor = std::max(settings.factor, 1.0);
  const double jitter = std::clamp(settings.jitter, 0.0, 0.9);
  const int exponent = std::max(attempts, 1) - 1;
  // pow may reach infinity for large attempt counts; min() tames it.
  const double nominal = std::min(base * std::pow(factor, exponent), cap);
  // 53 random bits -> [0, 1) -> [-1, 1).
  const double unit = static_cast<double>(jitter_hash(key, attempts) >> 11) * 0x1.0p-53;
  const double delay = nominal * (1.0 + jitter * (2.0 * unit - 1.0));
  return static_cast<std::int64_t>(std::clamp(std::llround(delay), 1LL, static_cast<long long>(cap)));
}

std::int64_t next_attempt_at(int attempts, std::int64_t now, std::string_view key, const RetrySettings& settings) {
  return now + retry_delay(attempts, key, settings);
}

std::int64_t next_attempt_at(int attempts, std::int64_t now, std::string_view key, std::int64_t retry_after_seconds,
                             const RetrySettings& settings) {
  const std::int64_t backoff = retry_delay(attempts, key, settings);
  const std::int64_t asked = std::min(std::max<std::int64_t>(retry_after_seconds, 0), settings.cap_seconds);
  return now + std::max(backoff, asked);
}

bool retries_exhausted(int attempts, const RetrySettings& settings) {
  return attempts >= std::max(settings.max_attempts, 1);
}

}  // namespace deadlined
