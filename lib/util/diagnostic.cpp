#include "util/diagnostic.hpp"

#include <algorithm>

namespace deadlined {

std::string Diagnostic::format(bool with_severity) const {
  std::string text = file;
  if (line > 0) {
    text += ":" + std::to_string(line) + ":" + std::to_string(column > 0 ? column : 1);
  }
  text += ": ";
  if (with_severity && severity == Severity::warning) {
    text += "warning: ";
  }
  // One diagnostic, one line: a value quoted with a line break in it (an
  // address pasted with its newline) must not split or forge a line.
  for (const char c : message) {
    if (c == '\n') {
      text += "\\n";
    } else if (c == '\r') {
      text += "\\r";
    } else if (c == '\t') {
      text += "\\t";
    } else {
      text += c;
    }
  }
  return text;
}

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace deadlined
