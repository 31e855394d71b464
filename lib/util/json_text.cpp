#include "util/json_text.hpp"

namespace deadlined {

namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence starting at text[i], or 0 (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  const std::size_t left = text.size() - i;
  const auto continuation = [&](std::size_t k) { return (byte(k) & 0xC0U) == 0x80U; };
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    return left >= 2 && continuation(i + 1) ? 2 : 0;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (left < 3 || !continuation(i + 1) || !continuation(i + 2)) {
      return 0;
    }
    const unsigned char second = byte(i + 1);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)) {
      return 0;
    }
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (left < 4 || !continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3)) {
      return 0;
    }
    const unsigned char second = byte(i + 1);
    if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
      return 0;
    }
    return 4;
  }
  return 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char k_hex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    // What needs no escape is copied a run at a time: nearly all of a
    // payload's text (a webhook is rendered for every message).
    std::size_t run = i;
    while (run < text.size()) {
      const auto b = static_cast<unsigned char>(text[run]);
      if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\') {
        ++run;
      } else if (const std::size_t length = b >= 0x80 ? utf8_sequence_length(text, run) : 0; length > 0) {
        run += length;
      } else {
        break;
      }
    }
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) {
      break;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        out.append(k_replacement);
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (c < 0x20) {
          out.append("\\u00");
          out.push_back(k_hex[c >> 4U]);
          out.push_back(k_hex[c & 0xFU]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out.push_back('"');
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      return false;
    }
    i += length;
  }
  return true;
}

void JsonText::separate() {
  if (!m_first) {
    m_out.push_back(',');
  }
  m_first = false;
}

JsonText& JsonText::begin_object() {
  separate();
  m_out.push_back('{');
  m_first = true;
  return *this;
}

JsonText& JsonText::end_object() {
  m_out.push_back('}');
  m_first = false;
  return *this;
}

JsonText& JsonText::begin_array() {
  separate();
  m_out.push_back('[');
  m_first = true;
  return *this;
}

JsonText& JsonText::end_array() {
  m_out.push_back(']');
  m_first = false;
  return *this;
}

JsonText& JsonText::key(std::string_view name) {
  separate();
  append_json_string(m_out, name);
  m_out.push_back(':');
  m_first = true;  // the value that follows takes no comma
  return *this;
}

JsonText& JsonText::value(std::string_view text) {
  separate();
  append_json_string(m_out, text);
  return *this;
}

JsonText& JsonText::value(std::int64_t number) {
  separate();
  m_out.append(std::to_string(number));
  return *this;
}

}  // namespace deadlined
