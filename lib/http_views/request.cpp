#include "http_views/request.hpp"

#include <algorithm>

#include "delivery/secret_compare.hpp"
#include "delivery/webhook.hpp"

namespace deadlined::http_views {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool is_unreserved_or_sub_delim(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') ||
         std::string_view("-._~!$&'()*+,;=").find(c) != std::string_view::npos;
}

// reg-name, which an IPv4 address also is: unreserved, sub-delims, %XX.
bool valid_reg_name(std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%') {
      if (i + 2 >= name.size() || hex_value(name[i + 1]) < 0 || hex_value(name[i + 2]) < 0) {
        return false;
      }
      i += 2;
    } else if (!is_unreserved_or_sub_delim(name[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool valid_host_field(std::string_view value) {
  std::string_view host = value;
  std::string_view port;
  if (!value.empty() && value.front() == '[') {
    const auto close = value.find(']');
    if (close == std::string_view::npos) {
      return false;
    }
    // IPv6address or IPvFuture: hex digits, dots and colons, or "v" and
    // unreserved / sub-delims; read loosely, but never a space or a slash.
    const std::string_view literal = value.substr(1, close - 1);
    if (literal.empty() || !std::all_of(literal.begin(), literal.end(),
                                        [](char c) { return c == ':' || is_unreserved_or_sub_delim(c); })) {
      return false;
    }
    const std::string_view rest = value.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') {
      return false;
    }
    host = {};
    port = rest.empty() ? rest : rest.substr(1);
  } else if (const auto colon = value.rfind(':'); colon != std::string_view::npos) {
    host = value.substr(0, colon);
    port = value.substr(colon + 1);
  }
  return valid_reg_name(host) && std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_obsolete_line_folding(std::string_view raw_header) {
  // The start line first: a field line follows each line feed, until the empty one.
  for (auto end = raw_header.find('\n'); end != std::string_view::npos; end = raw_header.find('\n')) {
    raw_header.remove_prefix(end + 1);
    if (raw_header.empty() || raw_header.front() == '\r' || raw_header.front() == '\n') {
      return false;
    }
    if (raw_header.front() == ' ' || raw_header.front() == '\t') {
      return true;
    }
  }
  return false;
}

std::string percent_encode(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0x0f];
    }
  }
  return out;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return std::nullopt;
      }
      int high = hex_value(text[i + 1]);
      int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) {
        return std::nullopt;
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    if (c != prefix[i]) {
      return false;
    }
  }
  return true;
}

// RFC 9112 section 3.2.2: a server must accept the absolute-form
// ("http://host:port/path?query"), which is served as its path and query;
// the authority, like Host, is not checked. nullopt without an authority.
std::optional<std::string> origin_form_of_absolute(std::string_view target) {
  for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
    if (!starts_with_ignoring_case(target, scheme)) {
      continue;
    }
    std::string_view rest = target.substr(scheme.size());
    const auto end = rest.find_first_of("/?#");
    if (end == 0 || rest.empty()) {
      return std::nullopt;
    }
    if (end == std::string_view::npos) {
      return std::string("/");
    }
    return rest[end] == '/' ? std::string(rest.substr(end)) : "/" + std::string(rest.substr(end));
  }
  return std::nullopt;
}

}  // namespace

std::optional<Target> parse_target(std::string_view target) {
  if (!target.empty() && target.front() != '/') {
    auto origin = origin_form_of_absolute(target);
    if (!origin) {
      return std::nullopt;
    }
    return parse_target(*origin);
  }
  if (target.empty()) {
    return std::nullopt;
  }
  Target result;
  auto question = target.find('?');
  result.path = std::string(target.substr(0, question));
  if (result.path.find('#') != std::string::npos) {
    return std::nullopt;
  }
  if (question == std::string_view::npos) {
    return result;
  }
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    auto equals = pair.find('=');
    auto name = percent_decode(pair.substr(0, equals), true);
    auto value = percent_decode(equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
    if (!name || !value) {
      return std::nullopt;
    }
    result.query.emplace(std::move(*name), std::move(*value));
  }
  return result;
}

std::string bearer_token(std::string_view authorization) {
  constexpr std::string_view k_scheme = "bearer ";
  if (authorization.size() <= k_scheme.size()) {
    return {};
  }
  for (std::size_t i = 0; i < k_scheme.size(); ++i) {
    char c = authorization[i];
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    if (c != k_scheme[i]) {
      return {};
    }
  }
  std::string_view token = authorization.substr(k_scheme.size());
  while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) {
    token.remove_prefix(1);
  }
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) {
    token.remove_suffix(1);
  }
  return std::string(token);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return delivery::secrets_equal(a, b);
}

std::string feed_token(std::string_view secret, std::string_view unit_id) {
  return delivery::hmac_sha256_hex(secret, unit_id);
}

bool valid_unit_id(std::string_view id) {
  return !id.empty() &&
         std::all_of(id.begin(), id.end(),
                     [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                              c == '_' || c == '.';
                     }) &&
         id != "." && id != "..";
}

}  // namespace deadlined::http_views
