#pragma once
// The delivery URLs of a config (smtp.url, unit.webhook.url) checked as
// delivery will use them, so that `deadlined check` refuses what would make
// every reminder dead on its first try.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined {

// What is wrong with `url` for one of `schemes` ("smtp", "smtps"), or nullopt:
// SCHEME://HOST[:PORT][/PATH][?QUERY], HOST a name or an address ("[::1]"),
// PORT 1-65535, no spaces or control characters, and no user or password
// (secrets are never written in a config file: they would be printed and
// logged).
std::optional<std::string> url_problem(std::string_view url, const std::vector<std::string_view>& schemes);

}  // namespace deadlined
