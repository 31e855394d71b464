#pragma once
// A located problem in an input file, printed like a compiler error:
// "file:line:col: message". Line and column are 1-based; 0 means unknown.
#include <string>
#include <vector>

namespace deadlined {

enum class Severity { error, warning };

struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  Severity severity = Severity::error;

  // "file:line:col: message" (warnings say "warning: " before the message,
  // unless the caller tells the severity itself: a log line's level).
  std::string format(bool with_severity = true) const;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

}  // namespace deadlined
