#pragma once
// Webhook delivery: a signed JSON POST per digest (format in docs/webhooks.md).
// The caller must have called curl_global_init(CURL_GLOBAL_DEFAULT) once in main()
// before creating a client.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "delivery/curl_handle.hpp"
#include "delivery/digest.hpp"
#include "delivery/plain_http.hpp"
#include "delivery/result.hpp"

namespace deadlined::delivery {

inline constexpr int k_webhook_payload_version = 1;

// The documented JSON body (docs/webhooks.md): {"type":"deadlined.digest",
// "version":1, "idempotency_key", "unit":{"id","name"}, "slot", "generated_at",
// "count", "items":[{plan_title, task_id, task_title, role, stage, stage_text,
// due, when, product, days_left}]}. Times are ISO 8601 at the given offset.
// Invalid UTF-8 is replaced by U+FFFD rather than throwing.
std::string webhook_payload(const Digest& digest, std::chrono::sys_seconds now, int utc_offset_minutes);

// Lower-case hex HMAC-SHA256 (OpenSSL).
std::string hmac_sha256_hex(std::string_view secret, std::string_view data);

// "sha256=" + hmac_sha256_hex(secret, "<unix seconds>.<body>"): the value of
// X-Deadlined-Signature. The timestamp is signed too, so receivers can reject replays.
std::string webhook_signature(std::string_view secret, std::chrono::sys_seconds timestamp, std::string_view body);

// Standard Webhooks (standardwebhooks.com) signature, the value of the
// `webhook-signature` header: "v1," + base64(HMAC-SHA256(key, "<id>.<unix
// seconds>.<body>")). The key is the configured secret's bytes; a secret written
// in the spec's own form "whsec_<base64>" is base64-decoded first. So a receiver
// verifies with the secret "whsec_" + base64(<configured secret>), or with the
// configured "whsec_..." secret as is.
std::string standard_webhook_signature(std::string_view secret, std::string_view id, std::chrono::sys_seconds timestamp,
                                       std::string_view body);

// 2xx sent; 408, 429, 5xx transient; everything else (other 4xx, 3xx: redirects
// are not followed, 1xx) permanent.
DeliveryResult::Kind classify_http_status(long status);

// Failed libcurl transfers: connection, timeout and I/O trouble transient; TLS
// verification/configuration failures, bad URL or scheme permanent.
DeliveryResult::Kind classify_http_failure(int curl_code);

// The seconds a Retry-After value asks for: delta-seconds, or an HTTP date
// minus `now`; 0 for anything else or a time already past.
long retry_after_seconds(std::string_view value, std::chrono::sys_seconds now);

// "deadlined/<version>".
std::string default_user_agent();

struct WebhookSettings {
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds total_timeout{30000};
  std::string user_agent = default_user_agent();
  std::string ca_file;  // PEM bundle to verify https:// peers; empty: system store
  // Cuts a post in flight short (a stop's drain deadline); null: never.
  std::shared_ptr<TransferAbort> abort;
};

namespace detail {
// What is read of a reply: the first bytes (a hint for the log) and a count.
struct ResponseSink {
  std::string kept;
  std::size_t read = 0;
};
}  // namespace detail

// One post of a batch (WebhookClient::post_all); the views outlive the call.
struct WebhookPost {
  std::string_view url;
  std::string_view body;
  std::string_view secret;
  std::string_view idempotency_key;
};

// One client per worker thread: plain http:// URLs go over kept-alive sockets
// of its own (plain_http.hpp) unless the environment names a proxy; https://
// and the rest through one reused CURL easy handle. Either way consecutive
// posts to the same host reuse the connection. Not thread-safe.
class WebhookClient {
 public:
  explicit WebhookClient(WebhookSettings settings = {});
  WebhookClient(const WebhookClient&) = delete;
  WebhookClient& operator=(const WebhookClient&) = delete;
  WebhookClient(WebhookClient&&) noexcept = default;
  WebhookClient& operator=(WebhookClient&&) noexcept = default;
  ~WebhookClient() = default;

  // POSTs `body` as application/json with User-Agent, Idempotency-Key,
  // X-Deadlined-Timestamp (unix seconds of `now`) and, when `secret` is not
  // empty, X-Deadlined-Signature; and the Standard Webhooks headers webhook-id
  // (the idempotency key), webhook-timestamp and, with a secret,
  // webhook-signature. Only http:// and https:// (else permanent
  // "unsupported scheme"); redirects are not followed. The status line decides:
  // a 2xx is sent even when the rest of the reply is slow, huge or cut off
  // (the body is read up to 64 KiB, then the transfer stops). Retry-After on a
  // transient status is returned in retry_after_seconds.
  DeliveryResult post(std::string_view url, std::string_view body, std::string_view secret,
                      std::string_view idempotency_key, std::chrono::sys_seconds now);
  // The posts in order, each as post() would send it, a result each; posts
  // in a row to one plain-HTTP host and port are pipelined on one connection
  // (PlainHttpClient::post_pipelined), the rest sent one by one. Each result
  // is also given to `on_result`, when given, as soon as it is known.
  using OnResult = std::function<void(std::size_t index, const DeliveryResult& result)>;
  std::vector<DeliveryResult> post_all(const std::vector<WebhookPost>& posts, std::chrono::sys_seconds now,
                                       const OnResult& on_result = {});

 private:
  std::vector<std::string> request_headers(std::string_view body, std::string_view secret,
                                           std::string_view idempotency_key, std::chrono::sys_seconds now) const;
  std::string plain_head(const HttpTarget& target, const std::vector<std::string>& header_lines,
                         std::size_t body_size) const;
  static DeliveryResult result_of(const PlainHttpReply& reply, std::chrono::sys_seconds now);

  WebhookSettings m_settings;
  std::unique_ptr<PlainHttpClient> m_plain;          // null: libcurl for every URL
  std::unique_ptr<char[]> m_error_buffer;            // heap: libcurl keeps the pointer across moves
  std::unique_ptr<detail::ResponseSink> m_response;  // heap: libcurl keeps the pointer across moves
  detail::CurlEasy m_handle;
};

}  // namespace deadlined::delivery
