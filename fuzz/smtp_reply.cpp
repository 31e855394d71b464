// The plain SMTP client's reader of replies (lib/delivery/smtp_reply):
// whatever a server sends, it must never crash, and reading the bytes at once
// or split in two must read the same replies.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "delivery/smtp_reply.hpp"

using deadlined::delivery::SmtpReplyReader;

namespace {

// Every reply in `pieces` read in order, as "code:text" strings, and the final state.
std::vector<std::string> read_all(const std::vector<std::string_view>& pieces, SmtpReplyReader::State& last) {
  std::vector<std::string> replies;
  SmtpReplyReader reader;
  for (std::string_view piece : pieces) {
    while (!piece.empty() && reader.state() != SmtpReplyReader::State::failed) {
      const std::size_t used = reader.feed(piece);
      if (used > piece.size()) {
        std::abort();
      }
      piece.remove_prefix(used);
      if (reader.state() == SmtpReplyReader::State::complete) {
        if (reader.code() < 200 || reader.code() > 599 || reader.lines().empty()) {
          std::abort();
        }
        replies.push_back(std::to_string(reader.code()) + ":" + reader.text());
        reader.reset();
      } else if (used == 0 && reader.state() == SmtpReplyReader::State::reading) {
        std::abort();  // no progress
      }
    }
  }
  last = reader.state();
  return replies;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::size_t split = data[0] % size;
  const std::string_view bytes{reinterpret_cast<const char*>(data) + 1, size - 1};
  const std::size_t cut = split < bytes.size() ? split : bytes.size();
  SmtpReplyReader::State whole_state{};
  SmtpReplyReader::State pieces_state{};
  const auto whole = read_all({bytes}, whole_state);
  const auto pieces = read_all({bytes.substr(0, cut), bytes.substr(cut)}, pieces_state);
  if (whole != pieces || whole_state != pieces_state) {
    std::abort();
  }
  return 0;
}
