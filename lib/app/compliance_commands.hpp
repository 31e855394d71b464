#pragma once
// CLI use cases of issue 5: marking obligations done (and undoing that) and
// the compliance report. Like commands.hpp: options in, exit code out.
#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "app/commands.hpp"
#include "calendar/civil.hpp"

namespace deadlined {

struct AckOptions {
  std::filesystem::path config = k_default_config;
  std::optional<std::filesystem::path> state_dir;
  std::string plan;  // optional when the task id is unique
  std::string task;
  std::string unit;
  std::optional<Date> occurrence;  // optional when the unit has one occurrence of the task
  std::string note;
  std::string by;
};
// `now` is when the unit acted (recorded; decides "late" and the undo window).
int run_done(const AckOptions& options, std::chrono::sys_seconds now, std::ostream& out, std::ostream& err);
int run_undo(const AckOptions& options, std::chrono::sys_seconds now, std::ostream& out, std::ostream& err);

struct ReportOptions {
  std::filesystem::path config = k_default_config;
  std::optional<std::filesystem::path> state_dir;
  std::string plan;
  std::optional<Date> as_of;     // default: the local date of `now`
  std::string format = "table";  // table | json | csv | html
};
int run_report(const ReportOptions& options, std::chrono::sys_seconds now, std::ostream& out, std::ostream& err);

}  // namespace deadlined
