#pragma once
// The use cases behind the CLI subcommands. Each takes its options and the
// output streams and returns the process exit code, so tests can run them
// without a process and the executable stays a thin parser.
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "calendar/civil.hpp"
#include "util/vocabulary.hpp"

namespace deadlined {

struct Config;

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failure = 1;
inline constexpr int k_exit_usage = 64;        // EX_USAGE
inline constexpr int k_exit_data = 65;         // EX_DATAERR: input not understood
inline constexpr int k_exit_unavailable = 69;  // EX_UNAVAILABLE: run --once: a delivery failed
inline constexpr int k_exit_io = 74;           // EX_IOERR: standard output could not be written
inline constexpr int k_exit_busy = 75;         // EX_TEMPFAIL: another daemon holds the state directory
inline constexpr int k_exit_config = 78;       // EX_CONFIG

inline constexpr const char* k_default_config = "/etc/deadlined/deadlined.toml";

struct CheckOptions {
  std::filesystem::path config = k_default_config;
};
int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err);

struct AgendaOptions {
  std::filesystem::path config = k_default_config;
  std::optional<Date> from;
  std::optional<Date> to;
  std::string unit;
  std::string task;
  std::string plan;
  std::string format = "table";                    // table | json
  std::optional<std::filesystem::path> state_dir;  // for triggered occurrences; default daemon.state_dir
};
int run_agenda(const AgendaOptions& options, std::ostream& out, std::ostream& err);

struct WhenOptions {
  std::string phrase;
  int year = 0;               // 0: the year of `today`
  int last_year = 0;          // 0: a single-year plan
  std::optional<Date> start;  // the plan's own period (plan.start / plan.end)
  std::optional<Date> end;
  std::string format = "text";  // text | json
  // Its calendar (days off, holiday notices, roll, "trước ngày") and time
  // zone ("today"); without: the installed notices and Vietnam's zone.
  std::optional<std::filesystem::path> config;
};
int run_when(const WhenOptions& options, Instant now, std::ostream& out, std::ostream& err);

struct HolidaysOptions {
  int year = 0;
  std::optional<std::filesystem::path> config;  // without: shipped holiday data
  std::string format = "table";
};
int run_holidays(const HolidaysOptions& options, std::ostream& out, std::ostream& err);

}  // namespace deadlined

namespace deadlined {

struct PlanOptions {
  std::filesystem::path config = k_default_config;
  std::optional<std::filesystem::path> state_dir;  // for on-demand occurrences
  std::optional<Date> from;                        // on the send day
  std::optional<Date> to;
  std::string unit;
  std::string task;
  std::string format = "table";
};
int run_plan(const PlanOptions& options, std::ostream& out, std::ostream& err);

struct TriggerOptions {
  std::filesystem::path config = k_default_config;
  std::optional<std::filesystem::path> state_dir;
  std::string plan;  // optional when the task id is unique
  std::string task;
  Date due;
  std::optional<Date> event;  // instead of `due`: the event's day; due = event + the phrase's lag
  std::string note;
};
// `now_seconds` is recorded as the creation time.
int run_trigger(const TriggerOptions& options, std::int64_t now_seconds, std::ostream& out, std::ostream& err);

struct OutboxOptions {
  std::filesystem::path config = k_default_config;
  std::optional<std::filesystem::path> state_dir;
  std::string state;  // empty: all
  std::size_t limit = 1000;
  std::string format = "table";
  bool compacted = false;  // the summary of compacted rows instead of the rows
};
int run_outbox(const OutboxOptions& options, std::ostream& out, std::ostream& err);

struct CompactOptions {
  std::filesystem::path config = k_default_config;
  std::optional<std::filesystem::path> state_dir;
  std::optional<Date> before;  // narrows the retention's cutoff (outbox.keep_final_days)
  bool dry_run = false;
  // Takes the daemon's lock of the state directory for the command's life
  // (a running daemon compacts by itself; two compactions, or one beside a
  // reload, must not interleave): empty when taken, else why not (exit 75).
  std::function<std::string(const std::filesystem::path& state_dir)> lock_state;
};
// Rows a compaction step folds per transaction.
inline constexpr std::size_t k_compact_step_rows = 2000;
// `deadlined outbox compact`: folds final rows older than the retention into
// the summary, k_compact_step_rows per transaction. Exit 0 (also when nothing
// was due), 1 the outbox failed, 75 a daemon holds the state directory, 78
// configuration. `now` sets the retention.
int run_outbox_compact(const CompactOptions& options, Instant now, std::ostream& out, std::ostream& err);

// A filter naming no unit, task or plan of the config is a usage error, never
// "nothing due": the message ("unknown task \"XX\"; did you mean \"X.1\"?"),
// or empty when every non-empty filter names something. Tasks are looked up
// in `plan` when given, else in every plan.
std::string unknown_filter(const Config& config, std::string_view unit, std::string_view task, std::string_view plan);

struct SendTestOptions {
  std::filesystem::path config = k_default_config;
  std::optional<std::filesystem::path> state_dir;
  std::string unit;
};
// `now` stamps the message; sends through every channel of the unit.
int run_send_test(const SendTestOptions& options, std::chrono::sys_seconds now, std::ostream& out, std::ostream& err);

}  // namespace deadlined

namespace deadlined {

// A state directory named with --state-dir must exist: a mistyped one would
// be created with a new, empty database, and `done` or `trigger` would
// "succeed" where the daemon never looks (`report` would show nothing done).
// The message, or empty when there is nothing to say.
std::string state_dir_problem(const std::optional<std::filesystem::path>& state_dir,
                              const std::filesystem::path& database);

// Whether the state database is there. `problem` says why that cannot be
// told (a state directory this user may not enter, a symbolic link loop or
// one to a missing file): a command must then not act as if the daemon had
// never run (a report with nothing done, an agenda without triggers).
struct OutboxPresence {
  bool exists = false;
  std::string problem;
};
OutboxPresence examine_outbox(const std::filesystem::path& database);

class Outbox;
// What opening the outbox did that the admin should know (a log moved aside,
// a schema edit SQLite refused): "COMMAND: warning: ..." lines on `err`, as
// the daemon logs them.
void print_outbox_notices(std::ostream& err, std::string_view command, const Outbox& outbox);

inline constexpr int k_exit_no_input = 66;       // EX_NOINPUT: the file to import cannot be read
inline constexpr int k_exit_cannot_create = 73;  // EX_CANTCREAT: the plan file cannot be written there

struct ImportOptions {
  std::filesystem::path file;
  std::filesystem::path config = k_default_config;
  std::string plan_id;                          // empty: from the file name
  int year = 0;                                 // 0: from the document
  int last_year = 0;                            // --years A-B: B
  std::string sheet;                            // xlsx: the sheet; empty: the first
  std::optional<std::filesystem::path> output;  // none: stdout
  bool force = false;                           // replace an existing output file
};
// Exit 0: the draft needs nothing; 65: written, with open items (listed on
// `err` and as "# OPEN:" comments); 66: the file cannot be read; 73: the
// output cannot be written (it exists without `force`, is the input, or its
// directory is missing); 78: config.
int run_import(const ImportOptions& options, std::ostream& out, std::ostream& err);

}  // namespace deadlined
