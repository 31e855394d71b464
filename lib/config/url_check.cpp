#include "config/url_check.hpp"

#include <algorithm>

namespace deadlined {

std::optional<std::string> url_problem(std::string_view url, const std::vector<std::string_view>& schemes) {
  const std::size_t separator = url.find("://");
  const std::string_view scheme = separator == std::string_view::npos ? std::string_view() : url.substr(0, separator);
  if (std::find(schemes.begin(), schemes.end(), scheme) == schemes.end()) {
    std::string allowed;
    for (const std::string_view name : schemes) {
      allowed += (allowed.empty() ? "" : " or ") + std::string(name) + "://";
    }
    return "expected " + allowed + "HOST";
  }
  for (const char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
      return std::string("a space or control character in the URL");
    }
  }
  const std::string_view rest = url.substr(separator + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return std::string(
        "a user or password in the URL: secrets are not written in the config (use the "
        "password_file, password_credential or password_env keys)");
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with("[")) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return std::string("an address opened with \"[\" is never closed");
    }
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(":")) {
      return std::string("unexpected text after the address");
    }
    port = after.empty() ? std::string_view() : after.substr(1);
    if (host.size() <= 2) {
      return std::string("no host");
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    if (host.empty()) {
      return std::string("no host");
    }
    if (host.find_first_of("[]:") != std::string_view::npos) {
      return std::string("a host with \"[\", \"]\" or \":\" (an IPv6 address is written in brackets, [::1])");
    }
  }
  if (authority.size() > host.size()) {
    // A port was written: digits, 1-65535.
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return "the port \"" + std::string(port) + "\" is not a number from 1 to 65535";
    }
    const long value = std::stol(std::string(port));
    if (value < 1 || value > 65535) {
      return "the port " + std::string(port) + " is not from 1 to 65535";
    }
  }
  return std::nullopt;
}

}  // namespace deadlined
