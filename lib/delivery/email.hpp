#pragma once
// Pure rendering of a Digest into a complete RFC 5322 / MIME message (CRLF line
// endings, RFC 2047 encoded headers, multipart/alternative text + HTML, both
// base64). No I/O, no clock: `now` and the UTC offset are parameters.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "delivery/digest.hpp"
#include "delivery/templates.hpp"

namespace deadlined::delivery {

struct EmailSettings {
  std::string from_name;          // display name, may be Vietnamese
  std::string from_address;       // envelope and header sender
  std::string message_id_domain;  // right side of Message-ID; empty: domain of from_address
};

// RFC 2047 B-encoding ("=?UTF-8?B?...?=") of an unstructured header value.
// CR/LF and other controls are first replaced by spaces. Printable ASCII that
// contains no "=?" and fits the line is returned unchanged. Otherwise the text is
// split on UTF-8 character boundaries into encoded-words of at most 75 chars
// each, joined by CRLF SP (folding). `first_line_used` is how many characters
// already precede the value on its first line ("Subject: " = 9), so that the
// first line also stays within 76 characters.
std::string encode_header_word(std::string_view utf8, std::size_t first_line_used = 0);

// Accepts only a conservative ASCII addr-spec: one '@' with text on both sides, no
// whitespace, controls, non-ASCII, or any of < > , ; " ( ) \ (no header or
// envelope injection, no extra recipients).
tl::expected<void, std::string> check_address(std::string_view address);

// "Name <addr>": the display name is RFC 2047 encoded when non-ASCII, quoted when
// it has specials, omitted when empty; CR/LF in it become spaces. Fails on an
// address rejected by check_address.
tl::expected<std::string, std::string> format_address(std::string_view display_name, std::string_view address,
                                                      std::size_t first_line_used = 0);

// "<" + first 32 hex digits of sha256(idempotency_key) + "@" + domain + ">": a
// re-send of the same digest carries the same Message-ID, so mail clients and
// servers can drop the duplicate.
std::string message_id(std::string_view idempotency_key, std::string_view domain);

// The RFC 2919 list a message belongs to, so that recipients can filter it:
// one plan's reminders, escalations and reports, or every plan's (a digest
// of several plans, a report of every plan).
struct MailingList {
  std::string plan_id;     // empty: every plan
  std::string plan_title;  // the list's description; empty: a generic one
};

// The List-Id value: "<title>" <PLANID.deadlined.DOMAIN> for a plan, else
// "<description>" <deadlined.DOMAIN>, so a filter on the latter's suffix
// catches every plan. The description is RFC 2047 encoded when not ASCII;
// characters a list label may not hold become "-". `first_line_used` as for
// encode_header_word.
std::string list_id(const MailingList& list, std::string_view domain, std::size_t first_line_used = 0);

// The bytes a part of `text` takes in the message (CRLF line breaks, base64 in
// 76-character lines): what a size budget of the whole message counts.
std::size_t encoded_part_size(std::string_view text);

// The three rendered template outputs, before MIME encoding.
struct RenderedDigest {
  std::string subject;  // one line, whitespace collapsed
  std::string text;     // plain text, not HTML-escaped
  std::string html;     // HTML, every value escaped
};

tl::expected<RenderedDigest, std::string> render_digest(const Digest& digest, const Templates& templates,
                                                        int utc_offset_minutes);

// The complete message: Date (at the offset, e.g. "+0700"), From, To, Subject,
// Message-ID, List-Id (the items' plan, or every plan), MIME-Version, Auto-Submitted, X-Deadlined-Key, Content-Type
// multipart/alternative (text/plain + text/html, UTF-8, base64 in 76-char lines).
// Errors: invalid From/To address or Message-ID domain, empty digest, template error.
// The three templates parsed once, for a worker that renders many digests
// (parsing them for every email took about a fifth of a worker's time). The
// output is that of render_digest(). Not thread-safe: one per worker.
class CompiledTemplates {
 public:
  explicit CompiledTemplates(const Templates& templates);
  CompiledTemplates(CompiledTemplates&&) noexcept;
  CompiledTemplates& operator=(CompiledTemplates&&) noexcept;
  CompiledTemplates(const CompiledTemplates&) = delete;
  CompiledTemplates& operator=(const CompiledTemplates&) = delete;
  ~CompiledTemplates();

  tl::expected<RenderedDigest, std::string> render(const Digest& digest, int utc_offset_minutes);

 private:
  struct Parts;
  std::unique_ptr<Parts> m_parts;
};

// render_email() with templates parsed once.
tl::expected<std::string, std::string> render_email(const Digest& digest, const EmailSettings& settings,
                                                    CompiledTemplates& templates, std::chrono::sys_seconds now,
                                                    int utc_offset_minutes);

tl::expected<std::string, std::string> render_email(const Digest& digest, const EmailSettings& settings,
                                                    const Templates& templates, std::chrono::sys_seconds now,
                                                    int utc_offset_minutes);

// The same message from content rendered elsewhere (the compliance report).
tl::expected<std::string, std::string> render_message(const RenderedDigest& content, std::string_view to_name,
                                                      std::string_view recipient, std::string_view idempotency_key,
                                                      const EmailSettings& settings, const MailingList& list,
                                                      std::chrono::sys_seconds now, int utc_offset_minutes);

}  // namespace deadlined::delivery
