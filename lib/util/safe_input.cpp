#include "util/safe_input.hpp"

#include <cstdio>

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace deadlined {

namespace {

std::string errno_text(int code) {
  return std::generic_category().message(code);
}

std::string kind_of(mode_t mode) {
  if (S_ISREG(mode))
    return "";
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISSOCK(mode))
    return "a socket";
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  return "not a regular file";
}

class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  int get() const { return m_fd; }

 private:
  int m_fd;
};

}  // namespace

std::string describe_non_regular(const std::filesystem::path& path, std::string& error) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    error = errno_text(errno);
    return "";
  }
  return kind_of(info.st_mode);
}

namespace {

// "64 MiB", "64 KiB": the limits are whole units.
std::string size_text(std::size_t bytes) {
  constexpr std::size_t k_mib = 1024 * 1024;
  return bytes >= k_mib ? std::to_string(bytes / k_mib) + " MiB" : std::to_string(bytes / 1024) + " KiB";
}

}  // namespace

bool read_regular_file(const std::filesystem::path& path, std::string& content, std::string& error,
                       std::size_t max_bytes) {
  content.clear();
  // Look before opening: opening a device can have side effects.
  std::string kind = describe_non_regular(path, error);
  if (!error.empty()) {
    return false;
  }
  if (!kind.empty()) {
    error = "is " + kind + ", not a regular file";
    return false;
  }
  // O_NONBLOCK: a file replaced by a FIFO after the stat does not block the open.
  Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    error = errno_text(errno);
    return false;
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    error = errno_text(errno);
    return false;
  }
  kind = kind_of(info.st_mode);
  if (!kind.empty()) {
    error = "is " + kind + ", not a regular file";
    return false;
  }
  if (info.st_size < 0 || static_cast<std::size_t>(info.st_size) > max_bytes) {
    error = "larger than " + size_text(max_bytes);
    return false;
  }
  content.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      error = errno_text(errno);
      content.clear();
      return false;
    }
    if (n == 0) {
      break;
    }
    if (content.size() + static_cast<std::size_t>(n) > max_bytes) {
      error = "larger than " + size_text(max_bytes);
      content.clear();
      return false;
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

namespace {

struct GlobWalk {
  std::vector<std::string> components;
  std::size_t max_matches;
  std::size_t max_entries;
  std::size_t entries = 0;
  GlobResult result;
  bool stopped = false;

  static bool has_magic(const std::string& component) { return component.find_first_of("*?[") != std::string::npos; }
  static std::string unescape(const std::string& component) {
    std::string out;
    for (std::size_t i = 0; i < component.size(); ++i) {
      if (component[i] == '\\' && i + 1 < component.size()) {
        ++i;
      }
      out += component[i];
    }
    return out;
  }
  static std::string join(const std::string& prefix, const std::string& name) {
    if (prefix.empty())
      return name;
    if (prefix.back() == '/')
      return prefix + name;
    return prefix + "/" + name;
  }

  void add(const std::string& path) {
    if (result.matches.size() >= max_matches) {
      result.error = "matches more than " + std::to_string(max_matches) + " files";
      stopped = true;
      return;
    }
    result.matches.emplace_back(path);
  }

  void walk(const std::string& prefix, std::size_t index) {
    if (stopped) {
      return;
    }
    if (index == components.size()) {
      add(prefix);
      return;
    }
    const std::string& component = components[index];
    if (!has_magic(component)) {
      std::string next = join(prefix, unescape(component));
      if (index + 1 == components.size()) {
        struct stat info {};
        if (::lstat(next.c_str(), &info) == 0) {
          add(next);
        }
        return;
      }
      walk(next, index + 1);
      return;
    }
    DIR* dir = ::opendir(prefix.empty() ? "." : prefix.c_str());
    if (dir == nullptr) {
      return;  // not a directory, unreadable, a symlink loop: no match here
    }
    std::vector<std::string> names;
    while (const dirent* entry = ::readdir(dir)) {
      if (++entries > max_entries) {
        result.error = "examines more than " + std::to_string(max_entries) + " directory entries";
        stopped = true;
        break;
      }
      std::string name = entry->d_name;
      if (name == "." || name == "..") {
        continue;
      }
      if (::fnmatch(component.c_str(), name.c_str(), FNM_PERIOD) == 0) {
        names.push_back(std::move(name));
      }
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
      if (stopped) {
        return;
      }
      walk(join(prefix, name), index + 1);
    }
  }
};

}  // namespace

GlobResult bounded_glob(const std::string& pattern, std::size_t max_matches, std::size_t max_entries) {
  GlobWalk walk;
  walk.max_matches = max_matches;
  walk.max_entries = max_entries;
  std::size_t start = 0;
  while (start <= pattern.size()) {
    std::size_t slash = pattern.find('/', start);
    std::string component = pattern.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!component.empty()) {
      walk.components.push_back(std::move(component));
    }
    if (slash == std::string::npos) {
      break;
    }
    start = slash + 1;
  }
  if (walk.components.empty()) {
    return {};
  }
  walk.walk(!pattern.empty() && pattern[0] == '/' ? "/" : "", 0);
  std::sort(walk.result.matches.begin(), walk.result.matches.end());
  return std::move(walk.result);
}

namespace {

// A small TOML lexer that only follows what decides nesting: strings and
// comments (skipped), table headers, keys (counting dotted parts), and the
// brackets and braces of values.
class NestingScanner {
 public:
  NestingScanner(std::string_view text, int max_depth) : m_text(text), m_max(max_depth) {}

  std::optional<NestingProblem> run() {
    while (m_pos < m_text.size() && !m_problem) {
      if (m_key_mode) {
        scan_key_position();
      } else {
        scan_value_char();
      }
    }
    return m_problem;
  }

 private:
  struct Frame {
    char kind;  // '[' array, '{' inline table
    int depth;
  };

  char peek(std::size_t ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }
  int column_at(std::size_t pos) const { return static_cast<int>(pos - m_line_start) + 1; }
  void newline() {
    ++m_line;
    m_line_start = m_pos + 1;
  }
  void fail(std::size_t pos, int depth) {
    m_problem = NestingProblem{m_line, column_at(pos),
                               "keys, tables or arrays nested " + std::to_string(depth) +
                                   " levels deep here; at most " + std::to_string(m_max) + " are allowed"};
  }

  // At m_pos a quote: skips the whole string (basic, literal, multi-line).
  void skip_string() {
    const char quote = peek();
    const bool multi = peek(1) == quote && peek(2) == quote;
    m_pos += multi ? 3 : 1;
    while (m_pos < m_text.size()) {
      char c = m_text[m_pos];
      if (c == '\\' && quote == '"') {
        ++m_pos;  // the escaped character, which may be a newline (line ending backslash)
        if (peek() == '\n') {
          newline();
        }
        ++m_pos;
        continue;
      }
      if (c == '\n') {
        if (!multi) {
          return;  // unterminated: the parser reports it; the newline is handled by the caller
        }
        newline();
      }
      if (c == quote) {
        if (!multi) {
          ++m_pos;
          return;
        }
        if (peek(1) == quote && peek(2) == quote) {
          m_pos += 3;
          // Up to two more quotes belong to the content.
          for (int i = 0; i < 2 && peek() == quote; ++i) {
            ++m_pos;
          }
          return;
        }
      }
      ++m_pos;
    }
  }

  void skip_comment() {
    while (m_pos < m_text.size() && m_text[m_pos] != '\n') {
      ++m_pos;
    }
  }

  int base_depth() const { return m_stack.empty() ? m_table_depth : m_stack.back().depth; }

  // Counts the dotted parts of a key or header until `stop` (or a newline).
  // Leaves m_pos at the stop character (or where scanning gave up).
  int count_parts(char stop, std::size_t start) {
    int parts = 1;
    while (m_pos < m_text.size()) {
      char c = m_text[m_pos];
      if (c == stop || c == '\n' || c == '#' || (c == '=' && stop != '=') || c == '}' || c == ',') {
        break;
      }
      if (c == '"' || c == '\'') {
        skip_string();
        continue;
      }
      if (c == '.') {
        ++parts;
        if (base_depth() + parts > m_max) {
          fail(start, base_depth() + parts);
          return parts;
        }
      }
      ++m_pos;
    }
    return parts;
  }

  void scan_key_position() {
    char c = peek();
    if (c == ' ' || c == '\t' || c == '\r') {
      ++m_pos;
      return;
    }
    if (c == '\n') {
      newline();
      ++m_pos;
      return;
    }
    if (c == '#') {
      skip_comment();
      return;
    }
    if (c == '[' && m_stack.empty()) {
      // A table header: [a.b] or [[a.b]]; its depth is absolute.
      std::size_t start = m_pos;
      m_pos += peek(1) == '[' ? 2 : 1;
      m_table_depth = 0;
      int parts = count_parts(']', start);
      if (m_problem) {
        return;
      }
      m_table_depth = parts;
      m_key_mode = false;  // the rest of the line: ']', comments
      m_value_depth = m_table_depth;
      return;
    }
    if (c == '}' || c == ',') {
      m_key_mode = false;  // an empty inline table, or stray punctuation
      return;
    }
    std::size_t start = m_pos;
    int parts = count_parts('=', start);
    if (m_problem) {
      return;
    }
    m_value_depth = base_depth() + parts;
    if (peek() == '=') {
      ++m_pos;
    }
    m_key_mode = false;
  }

  void scan_value_char() {
    char c = peek();
    switch (c) {
      case '"':
      case '\'':
        skip_string();
        return;
      case '#':
        skip_comment();
        return;
      case '\n':
        newline();
        ++m_pos;
        if (m_stack.empty()) {
          m_key_mode = true;
        }
        return;
      case '[':
      case '{': {
        int depth = m_value_depth + 1;
        if (depth > m_max) {
          fail(m_pos, depth);
          return;
        }
        m_stack.push_back(Frame{c, depth});
        m_value_depth = depth;
        ++m_pos;
        if (c == '{') {
          m_key_mode = true;
        }
        return;
      }
      case ']':
      case '}':
        if (!m_stack.empty()) {
          m_stack.pop_back();
        }
        m_value_depth = base_depth();
        ++m_pos;
        return;
      case ',':
        ++m_pos;
        if (!m_stack.empty() && m_stack.back().kind == '{') {
          m_key_mode = true;
        } else {
          m_value_depth = base_depth();
        }
        return;
      default:
        ++m_pos;
        return;
    }
  }

  std::string_view m_text;
  int m_max;
  std::size_t m_pos = 0;
  int m_line = 1;
  std::size_t m_line_start = 0;
  bool m_key_mode = true;
  int m_table_depth = 0;
  int m_value_depth = 0;
  std::vector<Frame> m_stack;
  std::optional<NestingProblem> m_problem;
};

}  // namespace

std::optional<NestingProblem> check_toml_nesting(std::string_view text, int max_depth) {
  return NestingScanner(text, max_depth).run();
}

std::optional<NestingProblem> check_toml_bare_characters(std::string_view text) {
  int line = 1;
  std::size_t line_start = 0;
  // A byte order mark, as Windows editors write it, is not content.
  std::size_t pos = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const std::size_t n = text.size();
  auto peek = [&](std::size_t ahead) { return pos + ahead < n ? text[pos + ahead] : '\0'; };
  // The last character outside strings on this line other than a space or a
  // tab ('\n' at a line's start; a NUL byte is content): a quote opens a string only where TOML lets
  // one begin (a key, after '=', '[', '{', ',' or '.'); a quote inside a bare
  // token ("2022\x1anotice\"ô") is not a string to toml++, which would read
  // the non-ASCII text after it as bare text.
  char previous = '\n';
  auto string_may_open = [&] {
    return previous == '\n' || previous == '=' || previous == '[' || previous == '{' || previous == ',' ||
           previous == '.';
  };
  while (pos < n) {
    const char c = text[pos];
    if (c == '\n') {
      ++line;
      line_start = pos + 1;
      previous = '\n';
      ++pos;
    } else if (c == '#') {
      while (pos < n && text[pos] != '\n') {
        ++pos;
      }
    } else if ((c == '"' || c == '\'') && string_may_open()) {
      // A multi-line string only as a value after '=': as a key (where
      // toml++ reads """ as the empty key "" and a quote) or in an array it
      // is read as single-line strings, which refuses more, never less.
      const bool multi = previous == '=' && peek(1) == c && peek(2) == c;
      previous = c;
      pos += multi ? 3 : 1;
      while (pos < n) {
        const char d = text[pos];
        if (d == '\\' && c == '"') {
          pos += 2;
          continue;
        }
        if (d == '\n') {
          if (!multi) {
            break;  // unterminated: the parser reports it
          }
          ++line;
          line_start = pos + 1;
        }
        if (d == c && (!multi || (peek(1) == c && peek(2) == c))) {
          pos += multi ? 3 : 1;
          while (multi && pos < n && text[pos] == c) {
            ++pos;  // up to two more quotes belong to the content
          }
          break;
        }
        ++pos;
      }
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      std::size_t end = pos + 1;
      while (end < n && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80 && end - pos < 4) {
        ++end;
      }
      const std::string_view character = text.substr(pos, end - pos);
      char hex[8];
      std::snprintf(hex, sizeof hex, "%02X", static_cast<unsigned char>(c));
      const std::string shown =
          first_invalid_utf8(character) ? std::string("the byte 0x") + hex : "\"" + std::string(character) + "\"";
      return NestingProblem{line, static_cast<int>(pos - line_start) + 1,
                            shown +
                                " outside quotes: text other than ASCII is allowed only inside a "
                                "quoted string or a comment"};
    } else {
      if (c != ' ' && c != '\t' && c != '\r') {
        previous = c;
      }
      ++pos;
    }
  }
  return std::nullopt;
}

std::optional<NestingProblem> check_toml_text(std::string_view text) {
  if (auto problem = check_toml_bare_characters(text)) {
    return problem;
  }
  return check_toml_nesting(text);
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned min = 0;
    unsigned code = 0;
    if ((c & 0xE0) == 0xC0) {
      length = 2;
      min = 0x80;
      code = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      min = 0x800;
      code = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      min = 0x10000;
      code = c & 0x07u;
    } else {
      return i;
    }
    if (i + length > n) {
      return i;
    }
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) {
        return i;
      }
      code = (code << 6) | (next & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return std::nullopt;
}

std::string with_invalid_utf8_replaced(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (const std::optional<std::size_t> bad = first_invalid_utf8(text)) {
    out.append(text.substr(0, *bad));
    out.append("\xEF\xBF\xBD");  // U+FFFD
    text.remove_prefix(*bad + 1);
  }
  out.append(text);
  return out;
}

}  // namespace deadlined
