// The webhook client's reader of HTTP responses (lib/delivery/http_response):
// whatever a server sends, whole or cut at any point, it must never crash, and
// reading the bytes at once or split in two must end the same way.
#include "delivery/http_response.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using deadlined::delivery::HttpResponseParser;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  // The first byte chooses where the second feed starts.
  const std::size_t split = data[0] % size;
  const std::string_view bytes{reinterpret_cast<const char*>(data) + 1, size - 1};
  HttpResponseParser whole;
  whole.feed(bytes);
  HttpResponseParser pieces;
  const std::size_t cut = split < bytes.size() ? split : bytes.size();
  const std::size_t used = pieces.feed(bytes.substr(0, cut));
  if (used == cut) {
    pieces.feed(bytes.substr(cut));
  }
  if (whole.state() != pieces.state() || whole.status() != pieces.status() ||
      whole.body_bytes() != pieces.body_bytes() || whole.body_start() != pieces.body_start() ||
      whole.retry_after() != pieces.retry_after() || whole.reusable() != pieces.reusable()) {
    std::abort();
  }
  whole.end_of_input();
  if (whole.state() != HttpResponseParser::State::complete && whole.state() != HttpResponseParser::State::failed) {
    std::abort();
  }
  return 0;
}
