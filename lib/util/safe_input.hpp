#pragma once
// Reading untrusted input without crashing or hanging: whole regular files
// (never a FIFO, socket, device or directory, never blocking), bounded glob
// expansion, a pre-scan of TOML nesting (toml++ recurses on nested tables) and
// UTF-8 validation.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined {

inline constexpr std::size_t k_max_input_file_bytes = 64u * 1024u * 1024u;

// Reads `path` into `content`. Fails with a message in `error` ("is a
// directory", "is a FIFO", "Too many levels of symbolic links", "larger than
// 64 MiB", ...) for anything but a readable regular file. Never blocks on a
// FIFO: the file is opened with O_NONBLOCK and checked with fstat before any read.
bool read_regular_file(const std::filesystem::path& path, std::string& content, std::string& error,
                       std::size_t max_bytes = k_max_input_file_bytes);

// What kind of file `path` names, following symlinks, as words for messages:
// "a directory", "a FIFO", ...; empty for a regular file. `error` is set
// (and the result is empty) when the file cannot be examined.
std::string describe_non_regular(const std::filesystem::path& path, std::string& error);

// Shell-style glob (*, ?, [...]; no **), with the work bounded: at most
// `max_matches` results and `max_entries` directory entries examined. Sorted.
// `error` is set when a bound is hit (the matches found so far are kept).
struct GlobResult {
  std::vector<std::filesystem::path> matches;
  std::string error;
};
GlobResult bounded_glob(const std::string& pattern, std::size_t max_matches = 10000, std::size_t max_entries = 200000);

// The first place where TOML text nests keys, tables or arrays more than
// `max_depth` levels deep ([a.b.c...] headers, dotted keys, inline tables,
// arrays), which toml++ would follow by recursion. Linear in the text; a text
// that is not valid TOML is scanned as well as it goes and left to the parser.
struct NestingProblem {
  int line = 0;
  int column = 0;
  std::string message;
};
inline constexpr int k_max_toml_depth = 100;
std::optional<NestingProblem> check_toml_nesting(std::string_view text, int max_depth = k_max_toml_depth);

// The first byte outside the ASCII range that stands outside a string or a
// comment: TOML allows it nowhere else, and toml++ 3.3 (Debian 12) reaches
// __builtin_unreachable() classifying such a character as white space (found
// by fuzzing), so it must be refused before the text reaches the parser.
std::optional<NestingProblem> check_toml_bare_characters(std::string_view text);

// Every check above that must pass before TOML text is given to toml++.
std::optional<NestingProblem> check_toml_text(std::string_view text);

// The byte offset of the first invalid UTF-8 sequence, or nullopt.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// `text` with each byte that starts no valid UTF-8 sequence replaced by
// U+FFFD: what a file that must be UTF-8 (TOML) may safely be given.
std::string with_invalid_utf8_replaced(std::string_view text);

}  // namespace deadlined
