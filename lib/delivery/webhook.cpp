#include "delivery/webhook.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

#include "delivery/encoding.hpp"
#include "util/json_text.hpp"

#ifndef DEADLINED_VERSION
#define DEADLINED_VERSION "dev"
#endif

namespace deadlined::delivery {

namespace {

constexpr std::size_t k_max_response_kept = 200;
// The status line decides the outcome; a body longer than this is not read on
// (the transfer stops, and a 2xx before it is still a delivery).
constexpr std::size_t k_max_response_read = 64 * 1024;

extern "C" std::size_t keep_response(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<detail::ResponseSink*>(user);
  const std::size_t n = size * count;
  if (sink->kept.size() < k_max_response_kept) {
    sink->kept.append(data, std::min(n, k_max_response_kept - sink->kept.size()));
  }
  sink->read += n;
  return sink->read > k_max_response_read ? 0 : n;  // 0 stops the transfer
}

// The common case without parsing the URL: "http://" or "https://" in any case.
bool has_http_scheme(std::string_view url) {
  const auto starts = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) {
      return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) {
        return false;
      }
    }
    return true;
  };
  return starts("http://") || starts("https://");
}

}  // namespace

std::string webhook_payload(const Digest& digest, std::chrono::sys_seconds now, int utc_offset_minutes) {
  JsonText json;
  json.text().reserve(512 + 512 * digest.items.size());
  json.begin_object()
      .key("type")
      .value("deadlined.digest")
      .key("version")
      .value(std::int64_t{k_webhook_payload_version})
      .key("idempotency_key")
      .value(digest.idempotency_key)
      .key("unit")
      .begin_object()
      .key("id")
      .value(digest.unit_id)
      .key("name")
      .value(digest.unit_name)
      .end_object()
      .key("slot")
      .value(iso8601(digest.slot, utc_offset_minutes))
      .key("generated_at")
      .value(iso8601(now, utc_offset_minutes))
      .key("count")
      .value(static_cast<std::int64_t>(digest.items.size()))
      .key("items")
      .begin_array();
  for (const DigestItem& item : digest.items) {
    json.begin_object()
        .key("plan_title")
        .value(item.plan_title)
        .key("task_id")
        .value(item.task_id)
        .key("task_title")
        .value(item.task_title)
        .key("role")
        .value(to_string(item.role))
        .key("stage")
        .value(item.stage)
        .key("stage_text")
        .value(item.stage_text)
        .key("due")
        .value(item.due)
        .key("days_left")
        .value(std::int64_t{item.days_left})
        .key("when")
        .value(item.when)
        .key("product")
        .value(item.product)
        .key("plan_id")
        .value(item.plan_id)
        .key("occurrence")
        .value(item.occurrence)
        .key("period")
        .value(item.occurrence_label)
        .key("ack_url")
        .value(item.ack_url);
    if (!item.late_unit_id.empty()) {
      // Only escalation items carry it, so ordinary payloads are unchanged.
      json.key("late_unit")
          .begin_object()
          .key("id")
          .value(item.late_unit_id)
          .key("name")
          .value(item.late_unit_name)
          .end_object();
    }
    json.end_object();
  }
  json.end_array().end_object();
  return json.take();
}

std::string hmac_sha256_hex(std::string_view secret, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  const unsigned char* ok = HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
                                 reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &length);
  if (ok == nullptr) {
    return {};
  }
  return hex_encode(std::string_view{reinterpret_cast<const char*>(mac.data()), length});
}

std::string webhook_signature(std::string_view secret, std::chrono::sys_seconds timestamp, std::string_view body) {
  std::string signed_text = std::to_string(timestamp.time_since_epoch().count());
  signed_text += '.';
  signed_text.append(body);
  return "sha256=" + hmac_sha256_hex(secret, signed_text);
}

std::string standard_webhook_signature(std::string_view secret, std::string_view id, std::chrono::sys_seconds timestamp,
                                       std::string_view body) {
  std::string key(secret);
  constexpr std::string_view k_prefix = "whsec_";
  if (secret.starts_with(k_prefix)) {
    std::string_view encoded = secret.substr(k_prefix.size());
    std::string decoded(encoded.size() / 4 * 3 + 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                            reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
    if (n >= 0 && encoded.size() % 4 == 0) {
      // EVP_DecodeBlock counts padding as zero bytes: drop them.
      std::size_t size = static_cast<std::size_t>(n);
      for (std::size_t i = encoded.size(); i > 0 && encoded[i - 1] == '=' && size > 0; --i) {
        --size;
      }
      decoded.resize(size);
      key = std::move(decoded);
    }
  }
  std::string signed_text(id);
  signed_text += '.';
  signed_text += std::to_string(timestamp.time_since_epoch().count());
  signed_text += '.';
  signed_text.append(body);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), mac.data(),
           &length) == nullptr) {
    return {};
  }
  return "v1," + base64_encode(std::string_view{reinterpret_cast<const char*>(mac.data()), length});
}

DeliveryResult::Kind classify_http_status(long status) {
  if (status >= 200 && status < 300) {
    return DeliveryResult::Kind::sent;
  }
  if (status == 408 || status == 429 || (status >= 500 && status < 600)) {
    return DeliveryResult::Kind::transient;
  }
  return DeliveryResult::Kind::permanent;
}

DeliveryResult::Kind classify_http_failure(int curl_code) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_OK:
      return DeliveryResult::Kind::sent;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_LOGIN_DENIED:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
    case CURLE_TOO_MANY_REDIRECTS:
      return DeliveryResult::Kind::permanent;
    default:
      return DeliveryResult::Kind::transient;
  }
}

std::string default_user_agent() {
  return std::string{"deadlined/"} + DEADLINED_VERSION;
}

std::vector<std::string> WebhookClient::request_headers(std::string_view body, std::string_view secret,
                                                        std::string_view idempotency_key,
                                                        std::chrono::sys_seconds now) const {
  const std::string timestamp = std::to_string(now.time_since_epoch().count());
  std::vector<std::string> lines;
  lines.reserve(8);
  lines.emplace_back("Content-Type: application/json");
  lines.emplace_back("X-Deadlined-Timestamp: " + timestamp);
  const std::string id = sanitize_header_value(idempotency_key);
  if (!idempotency_key.empty()) {
    lines.emplace_back("Idempotency-Key: " + id);
  }
  if (!secret.empty()) {
    lines.emplace_back("X-Deadlined-Signature: " + webhook_signature(secret, now, body));
  }
  // Standard Webhooks: the id is the idempotency key, stable across retries.
  if (!id.empty()) {
    lines.emplace_back("webhook-id: " + id);
    lines.emplace_back("webhook-timestamp: " + timestamp);
    if (!secret.empty()) {
      lines.emplace_back("webhook-signature: " + standard_webhook_signature(secret, id, now, body));
    }
  }
  return lines;
}

std::string WebhookClient::plain_head(const HttpTarget& target, const std::vector<std::string>& header_lines,
                                      std::size_t body_size) const {
  // The request as libcurl writes it: request line, Host, User-Agent, Accept,
  // then ours and the length.
  std::string head;
  head.reserve(256 + target.path.size());
  head.append("POST ").append(target.path).append(" HTTP/1.1\r\nHost: ").append(target.host_header);
  head.append("\r\nUser-Agent: ").append(sanitize_header_value(m_settings.user_agent));
  head.append("\r\nAccept: */*\r\n");
  for (const std::string& line : header_lines) {
    head.append(line).append("\r\n");
  }
  head.append("Content-Length: ").append(std::to_string(body_size)).append("\r\n\r\n");
  return head;
}

DeliveryResult WebhookClient::result_of(const PlainHttpReply& reply, std::chrono::sys_seconds now) {
  DeliveryResult result;
  if (reply.status == 0) {
    result.kind = DeliveryResult::Kind::transient;  // as libcurl's connection and timeout failures
    result.detail = reply.error;
    return result;
  }
  // A 2xx status line is a delivery, whatever happens to the rest of the
  // response: retrying would deliver again.
  result.code = reply.status;
  result.kind = classify_http_status(reply.status);
  result.detail = "HTTP " + std::to_string(reply.status);
  if (!reply.complete) {
    result.detail += " (rest of the response not read: " + reply.error + ")";
  }
  if (reply.retry_after) {
    if (const long seconds = retry_after_seconds(*reply.retry_after, now); seconds > 0) {
      result.detail += ", Retry-After " + std::to_string(seconds) + " s";
      if (result.kind == DeliveryResult::Kind::transient) {
        result.retry_after_seconds = seconds;
      }
    }
  }
  if (result.kind != DeliveryResult::Kind::sent && !reply.body_start.empty()) {
    result.detail += ": " + sanitize_header_value(reply.body_start);
  }
  return result;
}

std::vector<DeliveryResult> WebhookClient::post_all(const std::vector<WebhookPost>& posts, std::chrono::sys_seconds now,
                                                    const OnResult& on_result) {
  std::vector<DeliveryResult> results(posts.size());
  const auto known = [&](std::size_t index) {
    if (on_result) {
      on_result(index, results[index]);
    }
  };
  // Consecutive posts to one plain-HTTP host and port share a pipelined
  // batch; any other post goes alone.
  std::vector<std::optional<HttpTarget>> targets(posts.size());
  if (m_plain && m_handle) {
    for (std::size_t i = 0; i < posts.size(); ++i) {
      targets[i] = plain_http_target(posts[i].url);
    }
  }
  const auto same_endpoint = [&](std::size_t a, std::size_t b) {
    return targets[a] && targets[b] && targets[a]->host == targets[b]->host && targets[a]->port == targets[b]->port;
  };
  for (std::size_t first = 0; first < posts.size();) {
    std::size_t last = first + 1;
    while (last < posts.size() && same_endpoint(first, last)) {
      ++last;
    }
    if (last - first == 1) {
      const WebhookPost& post = posts[first];
      results[first] = this->post(post.url, post.body, post.secret, post.idempotency_key, now);
      known(first);
      first = last;
      continue;
    }
    std::vector<std::string> heads;
    heads.reserve(last - first);
    std::vector<PlainHttpRequest> requests;
    requests.reserve(last - first);
    for (std::size_t i = first; i < last; ++i) {
      const WebhookPost& post = posts[i];
      heads.push_back(plain_head(*targets[i], request_headers(post.body, post.secret, post.idempotency_key, now),
                                 post.body.size()));
    }
    for (std::size_t i = first; i < last; ++i) {
      requests.push_back(PlainHttpRequest{heads[i - first], posts[i].body});
    }
    m_plain->post_pipelined(*targets[first], requests, [&](std::size_t index, const PlainHttpReply& reply) {
      results[first + index] = result_of(reply, now);
      known(first + index);
    });
    first = last;
  }
  return results;
}

long retry_after_seconds(std::string_view value, std::chrono::sys_seconds now) {
  if (value.empty()) {
    return 0;
  }
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    long seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    return error == std::errc{} && end == value.data() + value.size() ? seconds : 0;
  }
  // An HTTP date: the time until then.
  const time_t at = curl_getdate(std::string{value}.c_str(), nullptr);
  if (at < 0) {
    // Else the number it starts with, as libcurl reads it: "120 seconds" is 120.
    const std::size_t digits = value.find_first_not_of(' ');
    long seconds = 0;
    if (digits == std::string_view::npos) {
      return 0;
    }
    const auto [end, error] = std::from_chars(value.data() + digits, value.data() + value.size(), seconds);
    return error == std::errc{} && end != value.data() + digits && seconds > 0 ? seconds : 0;
  }
  const long long left = static_cast<long long>(at) - now.time_since_epoch().count();
  return left > 0 ? static_cast<long>(std::min<long long>(left, 365LL * 24 * 3600)) : 0;
}

WebhookClient::WebhookClient(WebhookSettings settings)
    : m_settings(std::move(settings)),
      m_error_buffer(new char[CURL_ERROR_SIZE]()),
      m_response(std::make_unique<detail::ResponseSink>()),
      m_handle(curl_easy_init()) {
  if (!http_proxy_in_environment()) {
    m_plain = std::make_unique<PlainHttpClient>(m_settings.connect_timeout, m_settings.total_timeout, m_settings.abort);
  }
  if (!m_handle) {
    return;
  }
  CURL* h = m_handle.get();
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is a config error, reported as such
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, m_error_buffer.get());
  detail::cut_short_by(h, m_settings.abort.get());
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_response);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, m_response.get());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_settings.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(m_settings.total_timeout.count()));
  curl_easy_setopt(h, CURLOPT_USERAGENT, m_settings.user_agent.c_str());
  if (!m_settings.ca_file.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, m_settings.ca_file.c_str());
  }
}

DeliveryResult WebhookClient::post(std::string_view url, std::string_view body, std::string_view secret,
                                   std::string_view idempotency_key, std::chrono::sys_seconds now) {
  if (!m_handle) {
    return DeliveryResult{DeliveryResult::Kind::transient, "curl_easy_init failed", 0};
  }
  const std::string url_text{url};
  if (const std::string scheme = has_http_scheme(url_text) ? "http" : detail::url_scheme(url_text);
      scheme != "http" && scheme != "https") {
    return DeliveryResult{
        DeliveryResult::Kind::permanent,
        "unsupported scheme in webhook URL \"" + sanitize_header_value(url) + "\" (use http:// or https://)", 0};
  }
  const std::vector<std::string> header_lines = request_headers(body, secret, idempotency_key, now);
  if (m_plain) {
    if (const auto target = plain_http_target(url_text)) {
      return result_of(m_plain->post(*target, plain_head(*target, header_lines, body.size()), body), now);
    }
  }
  detail::CurlSlist headers;
  bool ok = detail::slist_append(headers, "Expect:");  // no 100-continue round trip
  for (const std::string& line : header_lines) {
    ok = ok && detail::slist_append(headers, line);
  }
  if (!ok) {
    return DeliveryResult{DeliveryResult::Kind::transient, "out of memory", 0};
  }

  CURL* h = m_handle.get();
  m_error_buffer[0] = '\0';
  *m_response = detail::ResponseSink{};
  curl_easy_setopt(h, CURLOPT_URL, url_text.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  const CURLcode code = curl_easy_perform(h);
  // The handle outlives these locals: drop libcurl's pointers to them.
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, static_cast<const char*>(nullptr));

  DeliveryResult result;
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (code != CURLE_OK && !(status >= 200 && status < 300)) {
    result.kind = classify_http_failure(static_cast<int>(code));
    result.detail = detail::describe_curl_error(code, m_error_buffer.get());
    result.code = status;
    return result;
  }
  // A 2xx status line is a delivery, whatever happens to the rest of the
  // response (a slow or huge body, odd headers): retrying would deliver again.
  result.code = status;
  result.kind = classify_http_status(status);
  result.detail = "HTTP " + std::to_string(status);
  if (code != CURLE_OK) {
    result.detail +=
        " (rest of the response not read: " + detail::describe_curl_error(code, m_error_buffer.get()) + ")";
  }
  curl_off_t retry_after = 0;
  if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0) {
    result.detail += ", Retry-After " + std::to_string(retry_after) + " s";
    if (result.kind == DeliveryResult::Kind::transient) {
      result.retry_after_seconds = static_cast<long>(retry_after);
    }
  }
  if (result.kind != DeliveryResult::Kind::sent && !m_response->kept.empty()) {
    result.detail += ": " + sanitize_header_value(m_response->kept);
  }
  return result;
}

}  // namespace deadlined::delivery
