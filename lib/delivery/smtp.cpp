#include "delivery/smtp.hpp"

#include <algorithm>
#include <cstring>

#include "delivery/email.hpp"

namespace deadlined::delivery {

namespace {

struct UploadState {
  std::string_view data;
  std::size_t offset = 0;
};

extern "C" std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* state = static_cast<UploadState*>(user);
  const std::size_t room = size * count;
  const std::size_t left = state->data.size() - state->offset;
  const std::size_t n = std::min(room, left);
  std::memcpy(buffer, state->data.data() + state->offset, n);
  state->offset += n;
  return n;
}

bool valid_helo(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
}

// The URL path is what libcurl sends as the EHLO name.
std::string with_helo_name(const std::string& url, const std::string& helo_name, std::string& error) {
  detail::CurlUrl parsed{curl_url()};
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    error = "invalid SMTP URL \"" + url + "\"";
    return {};
  }
  if (!helo_name.empty()) {
    const std::string path = "/" + helo_name;
    curl_url_set(parsed.get(), CURLUPART_PATH, path.c_str(), 0);
  }
  char* text = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_URL, &text, 0) != CURLUE_OK || text == nullptr) {
    error = "invalid SMTP URL \"" + url + "\"";
    return {};
  }
  std::string out{text};
  curl_free(text);
  return out;
}

}  // namespace

DeliveryResult::Kind classify_smtp_failure(int curl_code, long reply_code) {
  if (curl_code == CURLE_OK) {
    return DeliveryResult::Kind::sent;
  }
  if (reply_code >= 500 && reply_code < 600) {
    return DeliveryResult::Kind::permanent;
  }
  if (reply_code >= 400 && reply_code < 500) {
    return DeliveryResult::Kind::transient;
  }
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_LOGIN_DENIED:
    case CURLE_AUTH_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:  // STARTTLS required but the server does not offer it
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_FILESIZE_EXCEEDED:  // message larger than the server's SIZE
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
      return DeliveryResult::Kind::permanent;
    default:
      return DeliveryResult::Kind::transient;
  }
}

SmtpClient::SmtpClient(SmtpSettings settings)
    : m_settings(std::move(settings)), m_error_buffer(new char[CURL_ERROR_SIZE]()), m_handle(curl_easy_init()) {
  if (!m_handle) {
    m_settings_error = "curl_easy_init failed";
    return;
  }
  const std::string scheme = detail::url_scheme(m_settings.url);
  if (scheme != "smtp" && scheme != "smtps") {
    m_settings_error = "unsupported scheme in SMTP URL \"" + m_settings.url + "\" (use smtp:// or smtps://)";
    return;
  }
  if (!m_settings.helo_name.empty() && !valid_helo(m_settings.helo_name)) {
    m_settings_error = "invalid HELO name \"" + m_settings.helo_name + "\"";
    return;
  }
  if (scheme == "smtp" && !m_settings.require_tls && !m_settings.username.empty()) {
    // A password must never cross the network in clear text.
    m_settings_error = "SMTP credentials need TLS: use smtps:// or require_tls with smtp://";
    return;
  }
  m_effective_url = with_helo_name(m_settings.url, m_settings.helo_name, m_settings_error);
  if (!m_settings_error.empty()) {
    return;
  }
  // Clear text without credentials is what the plain client speaks; a URL
  // with a path (libcurl's EHLO name), options or a query, and a proxy in the
  // environment, stay with libcurl. Addresses are ASCII (check_address), so
  // libcurl would never ask for SMTPUTF8, and render_email's bodies are
  // 7-bit (base64), so neither says BODY=8BITMIME.
  if (scheme == "smtp" && !m_settings.require_tls && m_settings.username.empty() && !smtp_proxy_in_environment()) {
    if (auto target = plain_smtp_target(m_settings.url)) {
      m_plain = std::make_unique<PlainSmtpClient>(
          std::move(*target), m_settings.helo_name.empty() ? default_helo_name() : m_settings.helo_name,
          m_settings.connect_timeout, m_settings.total_timeout, m_settings.abort);
    }
  }
  CURL* h = m_handle.get();
  curl_easy_setopt(h, CURLOPT_URL, m_effective_url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM tricks in a multi-threaded daemon
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, m_error_buffer.get());
  detail::cut_short_by(h, m_settings.abort.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_settings.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(m_settings.total_timeout.count()));
  curl_easy_setopt(h, CURLOPT_USE_SSL,
                   m_settings.require_tls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_NONE));
  if (!m_settings.ca_file.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, m_settings.ca_file.c_str());
  }
  if (!m_settings.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, m_settings.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, m_settings.password.c_str());
  }
}

DeliveryResult SmtpClient::send(std::string_view from_address, const std::vector<std::string>& to,
                                std::string_view message) {
  if (!m_settings_error.empty()) {
    return DeliveryResult{DeliveryResult::Kind::permanent, m_settings_error, 0};
  }
  if (auto ok = check_address(from_address); !ok) {
    return DeliveryResult{DeliveryResult::Kind::permanent, "MAIL FROM: " + ok.error(), 0};
  }
  if (to.empty()) {
    return DeliveryResult{DeliveryResult::Kind::permanent, "no recipients", 0};
  }
  detail::CurlSlist recipients;
  for (const std::string& address : to) {
    if (auto ok = check_address(address); !ok) {
      return DeliveryResult{DeliveryResult::Kind::permanent, "RCPT TO: " + ok.error(), 0};
    }
    if (!detail::slist_append(recipients, "<" + address + ">")) {
      return DeliveryResult{DeliveryResult::Kind::transient, "out of memory", 0};
    }
  }
  if (m_plain) {
    return m_plain->send(from_address, to, message);
  }
  const std::string mail_from = "<" + std::string{from_address} + ">";
  UploadState upload{message, 0};
  CURL* h = m_handle.get();
  m_error_buffer[0] = '\0';
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  const CURLcode code = curl_easy_perform(h);
  // The handle outlives these locals: drop libcurl's pointers to them.
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, static_cast<curl_slist*>(nullptr));
  curl_easy_setopt(h, CURLOPT_READDATA, static_cast<void*>(nullptr));
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);

  DeliveryResult result;
  result.code = reply;
  result.kind = classify_smtp_failure(static_cast<int>(code), reply);
  if (code == CURLE_OK) {
    result.detail = "accepted (SMTP " + std::to_string(reply) + ")";
  } else {
    result.detail = detail::describe_curl_error(code, m_error_buffer.get());
    if (reply != 0) {
      result.detail += " (SMTP " + std::to_string(reply) + ")";
    }
  }
  return result;
}

}  // namespace deadlined::delivery
