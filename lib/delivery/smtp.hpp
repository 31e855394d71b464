#pragma once
// SMTP submission through libcurl. The caller must have called
// curl_global_init(CURL_GLOBAL_DEFAULT) once in main() before creating a client
// (libcurl's global state is not ours to touch from a library).
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "delivery/curl_handle.hpp"
#include "delivery/plain_smtp.hpp"
#include "delivery/result.hpp"

namespace deadlined::delivery {

struct SmtpSettings {
  std::string url;          // smtp://host:587 (STARTTLS) or smtps://host:465 (implicit TLS); nothing else
  bool require_tls = true;  // smtp://: STARTTLS is mandatory (CURLUSESSL_ALL); false: plain text, no STARTTLS
  std::string username;     // empty: no AUTH; with smtp:// requires require_tls (no clear-text passwords)
  std::string password;     // already resolved by the caller (file, credential, env)
  std::string ca_file;      // PEM bundle to verify the server; empty: system store
  std::chrono::milliseconds connect_timeout{10000};  // covers greeting, EHLO, STARTTLS and AUTH too
  std::chrono::milliseconds total_timeout{60000};
  std::string helo_name;  // EHLO name; empty: libcurl uses the local host name
  // Cuts a send in flight short (a stop's drain deadline); null: never.
  std::shared_ptr<TransferAbort> abort;
};

// Maps a failed libcurl SMTP transfer to transient/permanent. 5xx replies, bad
// credentials, TLS verification/configuration failures and bad URLs are
// permanent (retrying cannot fix a config error or a rejected recipient); 4xx
// replies, refused connections, timeouts and I/O errors are transient.
DeliveryResult::Kind classify_smtp_failure(int curl_code, long reply_code);

// One client per SMTP server and worker thread: it owns one CURL easy handle that
// is reused, so a burst of messages travels over one connection. Plain smtp://
// without TLS goes through PlainSmtpClient instead (pipelined, fewer round
// trips); STARTTLS, smtps://, proxies and URLs with a path stay with libcurl.
// Not thread-safe.
class SmtpClient {
 public:
  explicit SmtpClient(SmtpSettings settings);
  SmtpClient(const SmtpClient&) = delete;
  SmtpClient& operator=(const SmtpClient&) = delete;
  SmtpClient(SmtpClient&&) noexcept = default;
  SmtpClient& operator=(SmtpClient&&) noexcept = default;
  ~SmtpClient() = default;

  // Empty when the settings are usable; otherwise why not (every send fails permanently).
  const std::string& settings_error() const { return m_settings_error; }

  // Sends `message` (a complete RFC 5322 message with CRLF line endings, as made by
  // render_email) with envelope MAIL FROM `from_address` and RCPT TO each of `to`.
  // Any rejected recipient fails the whole send (permanent on 5xx).
  DeliveryResult send(std::string_view from_address, const std::vector<std::string>& to, std::string_view message);

 private:
  SmtpSettings m_settings;
  std::string m_settings_error;
  std::string m_effective_url;
  std::unique_ptr<char[]> m_error_buffer;  // heap: libcurl keeps the pointer across moves
  detail::CurlEasy m_handle;
  std::unique_ptr<PlainSmtpClient> m_plain;  // set when the plain client takes this server
};

}  // namespace deadlined::delivery
