#include "util/diagnostic.hpp"

#include <algorithm>

namespace deadlined {

std::string Diagnostic::format() const {
  std::string text = file;
  if (line > 0) {
    text += ":" + std::to_string(line) + ":" + std::to_string(column > 0 ? column : 1);
  }
  text += ": ";
  if (severity == Severity::warning) {
    text += "warning: ";
  }
  return text + message;
}

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace deadlined
