#pragma once
// The acknowledgement flow over HTTP, pure of I/O except the outbox:
//   GET  /ack?t=TOKEN   a Vietnamese confirmation page; NEVER changes state
//                       (mail security scanners open every link)
//   POST /ack           t=TOKEN&note=...: marks the token's obligation done (how = link)
//   POST /ack/undo      t=TOKEN: undoes that within acks.undo_window
//   POST /api/v1/done   JSON, Authorization: Bearer <http.api_token_*> (how = api)
//   POST /api/v1/undo
// Tokens come from compliance/ack_token.hpp; a bad, forged, tampered, expired
// or cross-obligation token gets 403 and touches nothing.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http_views/request.hpp"
#include "http_views/site.hpp"
#include "util/vocabulary.hpp"

namespace deadlined::http_views {

inline constexpr std::size_t k_max_ack_note_length = 2000;

// application/x-www-form-urlencoded; a repeated name keeps the first value;
// nullopt for a malformed escape.
std::optional<std::map<std::string, std::string>> parse_form(std::string_view body);

SiteResponse ack_confirmation_page(const SiteState& state, const Target& target, Instant now);
SiteResponse ack_form_post(const SiteState& state, const SiteRequest& request, bool undo, Instant now);
SiteResponse ack_api(const SiteState& state, const SiteRequest& request, AckAction action, Instant now);

}  // namespace deadlined::http_views
