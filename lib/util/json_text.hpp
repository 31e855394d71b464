#pragma once
// Appending JSON text directly: the webhook body of every delivery is built
// this way because a DOM (nlohmann) costs several times more per message in a
// burst. For valid UTF-8 the output is compact JSON exactly as
// nlohmann::json::dump() writes it with ensure_ascii = false (tests compare the
// two byte for byte); invalid bytes become U+FFFD one by one, where nlohmann
// may replace a truncated sequence by a single one.
#include <cstdint>
#include <string>
#include <string_view>

namespace deadlined {

// Appends `text` as a JSON string literal: UTF-8 kept as is; ", \ and control
// characters escaped; each byte of invalid UTF-8 replaced by U+FFFD.
void append_json_string(std::string& out, std::string_view text);

// Whether `text` is valid UTF-8 (RFC 3629), i.e. survives JSON unchanged.
bool is_valid_utf8(std::string_view text);

// Builds one JSON value; the caller nests begin/end calls correctly.
class JsonText {
 public:
  JsonText& begin_object();
  JsonText& end_object();
  JsonText& begin_array();
  JsonText& end_array();
  // A member name inside an object; the value follows.
  JsonText& key(std::string_view name);
  JsonText& value(std::string_view text);
  JsonText& value(const char* text) { return value(std::string_view{text}); }
  JsonText& value(std::int64_t number);

  std::string& text() { return m_out; }
  std::string take() { return std::move(m_out); }

 private:
  void separate();

  std::string m_out;
  bool m_first = true;  // no comma before the next element
};

}  // namespace deadlined
