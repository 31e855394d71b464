// Command-line parsing only: every subcommand forwards to lib/app.
#include "cli.hpp"

#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <curl/curl.h>

#include "app/commands.hpp"
#include "app/compliance_commands.hpp"
#include "event_loop.hpp"
#include "signals.hpp"
#include "state_lock.hpp"

namespace deadlined {

namespace {

// Validates the date while parsing, so a bad date is a usage error. People
// type 2022-03-31 or, the Vietnamese way, 31/03/2022; both are taken.
CLI::Option* add_date_option(CLI::App& app, const std::string& name, std::optional<Date>& target,
                             const std::string& help) {
  return app
      .add_option_function<std::string>(
          name,
          [&target, name](const std::string& text) {
            auto date = parse_written_date(text);
            if (!date) {
              throw CLI::ValidationError(name, "expected a date like 2022-03-31 or 31/03/2022, got \"" + text + "\"");
            }
            // As --year: a date centuries away is a typo ("2202-03-31"), and
            // would have every day since the plan's year counted.
            if (year_of(*date) < 1900 || year_of(*date) > 2200) {
              throw CLI::ValidationError(name, "the year of \"" + text + "\" is outside 1900-2200");
            }
            target = *date;
          },
          help)
      ->type_name("DATE");
}

// `-c ""` names no file: say so, not ": cannot read the configuration file".
const CLI::Validator k_a_path(
    [](const std::string& value) { return value.empty() ? std::string("an empty path names no file") : std::string(); },
    "PATH");

// A whole number in [low, high], said as such ("--year abc" is no year, not a
// value out of range).
CLI::Validator whole_number(long long low, long long high) {
  return CLI::Validator(
      [low, high](const std::string& value) {
        long long number = 0;
        auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (error != std::errc{} || end != value.data() + value.size() || number < low || number > high) {
          return "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high) + ", got \"" +
                 value + "\"";
        }
        return std::string();
      },
      "INT");
}

int run_command(int argc, char** argv);

}  // namespace

namespace {

// Standard descriptors left closed by the caller (`2>&-`, a careless
// supervisor) are opened on /dev/null before anything else is opened: else
// the next file or socket would get the number, and log lines or output would
// be written into the lock file, a Maildir message or an SMTP connection.
// True when standard output was closed: what the command prints is lost.
bool open_closed_standard_descriptors() {
  bool output_closed = false;
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) {
      continue;
    }
    output_closed = output_closed || fd == STDOUT_FILENO;
    // open() takes the lowest free number: this one, as the lower ones are open.
    const int null = ::open("/dev/null", (fd == STDIN_FILENO ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
    if (null >= 0 && null != fd) {
      ::close(null);
    } else if (null == fd) {
      ::fcntl(fd, F_SETFD, 0);  // a standard descriptor stays open across exec
    }
  }
  return output_closed;
}

}  // namespace

int cli_main(int argc, char** argv) {
  const bool daemon = argc > 1 && std::string_view(argv[1]) == "run";
  if (daemon) {
    // As early as can be: a signal sent as the daemon starts is held until
    // its signal set takes it, instead of ending it by its default action.
    // A closed log pipe or a file past its size limit is an error of that
    // write, not the end of the daemon, from the first instruction on.
    ::signal(SIGPIPE, SIG_IGN);
    ::signal(SIGXFSZ, SIG_IGN);
    const sigset_t held = signals_held_while_starting();
    pthread_sigmask(SIG_BLOCK, &held, nullptr);
    ignore_fault_signals_sent_by_others();
  }
  const bool output_closed = open_closed_standard_descriptors();
  const int code = run_command(argc, argv);
  if (output_closed && !daemon) {
    std::cerr << "deadlined: cannot write standard output: it is closed\n";
    return code == k_exit_ok ? k_exit_io : code;
  }
  // Standard output is buffered: a full disk, /dev/full or a closed
  // descriptor shows only now. The output is lost, so the command failed.
  std::cout.flush();
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0 || !std::cout) {
    // A write that failed while the command ran left no errno behind.
    struct stat ignored {};
    const int error = errno != 0 ? errno : (::fstat(STDOUT_FILENO, &ignored) != 0 ? EBADF : 0);
    std::cerr << "deadlined: cannot write standard output: "
              << (error != 0 ? std::strerror(error) : "a write failed (a full disk?)") << '\n';
    return code == k_exit_ok ? k_exit_io : code;
  }
  return code;
}

namespace {

int run_command(int argc, char** argv) {
  CLI::App app{"deadlined: deadlines and reminders for plans on the Vietnamese working-day calendar"};
  app.set_version_flag("--version", std::string("deadlined ") + DEADLINED_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "Validate the configuration and print a summary");
  check_cmd->add_option("-c,--config", check.config, "Main config file")->check(k_a_path)->capture_default_str();

  AgendaOptions agenda;
  auto* agenda_cmd = app.add_subcommand("agenda", "List obligations due in a date range, by due date");
  agenda_cmd->add_option("-c,--config", agenda.config, "Main config file")->check(k_a_path)->capture_default_str();
  add_date_option(*agenda_cmd, "--from", agenda.from, "First due date to show (inclusive)");
  add_date_option(*agenda_cmd, "--to", agenda.to, "Last due date to show (inclusive)");
  agenda_cmd->add_option("--unit", agenda.unit, "Only this unit id");
  agenda_cmd->add_option("--task", agenda.task, "Only this task id");
  agenda_cmd->add_option("--plan", agenda.plan, "Only this plan id");
  agenda_cmd
      ->add_option("--state-dir", agenda.state_dir, "Override daemon.state_dir (occurrences created with `trigger`)")
      ->check(k_a_path);
  agenda_cmd->add_option("--format", agenda.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  agenda_cmd->footer(
      "Columns of the table: DUE the due date, moved to a working day (* : provisional calendar, no official "
      "holiday notice yet); the weekday (T2..CN); NOMINAL the date the plan states, shown when the due date moved; "
      "PLAN the plan id, shown when the config loads more than one plan and --plan is not given; TASK the task id; "
      "ROLE lead (chủ trì) or support (phối hợp); UNIT the unit's name; OCCURRENCE the period due (e.g. \"Báo cáo "
      "Quý I/2022\"); TITLE the task's title. Long names are cut with \"…\" to a width in terminal columns "
      "(Vietnamese letters count one column each); --format json has every field in full.");

  WhenOptions when;
  auto* when_cmd = app.add_subcommand("when", "Show how a timeline phrase is understood");
  // The phrase's words, quoted or not: `when Trước ngày 31/3/2022` is the
  // phrase "Trước ngày 31/3/2022", not three arguments.
  std::vector<std::string> phrase_words;
  when_cmd->add_option("phrase", phrase_words, "Timeline phrase, e.g. \"Quý I/2022\" (quotes optional)")->required();
  when_cmd->add_option("--year", when.year, "Year for phrases that name none (default: this year)")
      ->check(whole_number(1900, 2199));
  when_cmd
      ->add_option("--last-year", when.last_year,
                   "Last year of a multi-year plan (\"Hằng năm\" runs to it; default: --year only)")
      ->check(whole_number(1900, 2199));
  add_date_option(*when_cmd, "--start", when.start,
                  "First day of a plan shorter than its year (plan.start): \"Hằng tháng\" starts there");
  add_date_option(*when_cmd, "--end", when.end,
                  "Last day of a plan shorter than its year (plan.end): \"Hằng tháng\" stops there");
  when_cmd->add_option("--format", when.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  when_cmd
      ->add_option("-c,--config", when.config,
                   "Config file: its calendar (days off, [[calendar.day]], holiday notices, roll, before_date) and "
                   "time zone (\"today\"); without it the installed holiday notices and Vietnam's time zone")
      ->check(k_a_path);

  HolidaysOptions holidays;
  auto* holidays_cmd = app.add_subcommand("holidays", "List the holidays and special days of a year");
  holidays_cmd->add_option("--year", holidays.year, "Year")->required()->check(whole_number(1900, 2199));
  holidays_cmd->add_option("-c,--config", holidays.config, "Config file (its calendar settings and holiday directory)")
      ->check(k_a_path);
  holidays_cmd->add_option("--format", holidays.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();

  RunOptions run;
  run.config = k_default_config;
  std::string start_at;
  auto* run_cmd = app.add_subcommand("run", "Run the reminder service (foreground; systemd Type=notify)");
  run_cmd->add_option("-c,--config", run.config, "Main config file")->check(k_a_path)->capture_default_str();
  run_cmd->add_option("--state-dir", run.state_dir, "Override daemon.state_dir")->check(k_a_path);
  auto* now_option =
      run_cmd->add_option("--now", start_at,
                          "Start the clock at this instant instead of the system time, e.g. 2022-03-17T08:00:00+07:00 "
                          "(demos and tests)");
  run_cmd->add_flag("--once", run.once, "Deliver what is due at start, then exit");

  PlanOptions plan;
  auto* plan_cmd = app.add_subcommand("plan", "List the reminders that would be sent");
  plan_cmd->add_option("-c,--config", plan.config, "Main config file")->check(k_a_path)->capture_default_str();
  plan_cmd->add_option("--state-dir", plan.state_dir, "Override daemon.state_dir (for on-demand occurrences)")
      ->check(k_a_path);
  add_date_option(*plan_cmd, "--from", plan.from, "First send day (inclusive)");
  add_date_option(*plan_cmd, "--to", plan.to, "Last send day (inclusive)");
  plan_cmd->add_option("--unit", plan.unit, "Only this unit id");
  plan_cmd->add_option("--task", plan.task, "Only this task id");
  plan_cmd->add_option("--format", plan.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  plan_cmd->footer(
      "Columns of the table: SEND AT when the reminder is sent (local time); STAGE before-N (N working days "
      "before), due (on the day), overdue-N (N working days after), checkin (a periodic reminder of an ongoing task); "
      "PLAN the plan id, shown when the config loads "
      "more than one plan; TASK the task id; ROLE lead or support; UNIT the unit's name (cut with \"…\" to 34 "
      "terminal columns); DUE the due date; CHANNELS how many email addresses and webhooks it goes to (the "
      "recipients themselves: --format json).");

  TriggerOptions trigger;
  std::optional<Date> trigger_due;
  auto* trigger_cmd = app.add_subcommand("trigger", "Create an occurrence of an on-demand task");
  trigger_cmd->add_option("-c,--config", trigger.config, "Main config file")->check(k_a_path)->capture_default_str();
  trigger_cmd->add_option("--state-dir", trigger.state_dir, "Override daemon.state_dir")->check(k_a_path);
  trigger_cmd->add_option("--plan", trigger.plan, "Plan id (needed when the task id is not unique)");
  trigger_cmd->add_option("--task", trigger.task, "Task id")->required();
  std::optional<Date> trigger_event;
  auto* due_option = add_date_option(*trigger_cmd, "--due", trigger_due, "Due date of the occurrence");
  add_date_option(*trigger_cmd, "--event", trigger_event,
                  "Day of the event; the due date is the event plus the phrase's lag "
                  "(\"trong vòng 30 ngày kể từ ...\") or less its count back "
                  "(\"chậm nhất 10 ngày trước ngày ...\")")
      ->excludes(due_option);
  trigger_cmd->add_option("--note", trigger.note, "Why (e.g. the request's document number)");

  OutboxOptions outbox;
  auto* outbox_cmd = app.add_subcommand("outbox", "Show the delivery outbox");
  outbox_cmd->add_option("-c,--config", outbox.config, "Main config file")->check(k_a_path)->capture_default_str();
  outbox_cmd->add_option("--state-dir", outbox.state_dir, "Override daemon.state_dir")->check(k_a_path);
  outbox_cmd->add_option("--state", outbox.state, "Only rows in this state")
      ->check(CLI::IsMember({"pending", "sending", "sent", "failed", "dead", "skipped"}));
  outbox_cmd->add_option("--limit", outbox.limit, "At most this many rows")
      ->check(whole_number(0, 100000000))
      ->capture_default_str();
  outbox_cmd->add_option("--format", outbox.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  outbox_cmd->add_flag("--compacted", outbox.compacted,
                       "List the summary of compacted rows (plan, task, unit, month, stage, channel, state) instead");
  outbox_cmd->footer(
      "Columns of the table: SEND AT when the row is (or was) due to be sent; STATE pending, sending, sent, failed "
      "(retried), dead (given up) or skipped; STAGE before-N, due, overdue-N, checkin, escalation or report; PLAN the "
      "plan id, shown when the config loads more than one plan (\"*\": a report of every plan); TASK the task id; "
      "UNIT the unit id; CHANNEL email or webhook; RECIPIENT the address or URL; NOTE the last error, or why the row "
      "was skipped. Long cells are cut with \"…\" to a width in terminal columns; --format json has every field.");

  CompactOptions compact;
  auto* compact_cmd = outbox_cmd->add_subcommand(
      "compact", "Fold sent, dead and skipped rows older than outbox.keep_final_days into the outbox's summary");
  compact_cmd->add_option("-c,--config", compact.config, "Main config file")->check(k_a_path)->capture_default_str();
  compact_cmd->add_option("--state-dir", compact.state_dir, "Override daemon.state_dir")->check(k_a_path);
  add_date_option(*compact_cmd, "--before", compact.before,
                  "Only rows due before this day (never later than the retention allows)");
  compact_cmd->add_flag("--dry-run", compact.dry_run,
                        "Count what would be compacted, reading the outbox read-only; change nothing");
  compact_cmd->footer(
      "Counts, `report` and the acknowledgements are unchanged by a compaction; the rows themselves and their "
      "audit events are replaced by one summary row per plan, task, unit, month, stage, channel and state, and "
      "are never planned again. Back up first (sqlite3 outbox.sqlite \".backup FILE\").\nExit codes: 0 done "
      "(also when nothing was due); 1 the outbox failed (committed steps stay); 75 a daemon runs on the state "
      "directory (it compacts by itself at outbox.compact_at); 78 configuration error.");

  SendTestOptions send_test;
  auto* send_test_cmd = app.add_subcommand("send-test", "Send one test message through a unit's channels");
  send_test_cmd->add_option("-c,--config", send_test.config, "Main config file")
      ->check(k_a_path)
      ->capture_default_str();
  send_test_cmd->add_option("--state-dir", send_test.state_dir, "Override daemon.state_dir (Maildir fallback)")
      ->check(k_a_path);
  send_test_cmd->add_option("--unit", send_test.unit, "Unit id")->required();

  // done / undo: the same arguments name one obligation.
  const auto add_ack_command = [&app](const std::string& name, const std::string& help, AckOptions& options,
                                      std::optional<Date>& occurrence) {
    auto* command = app.add_subcommand(name, help);
    command->add_option("-c,--config", options.config, "Main config file")->check(k_a_path)->capture_default_str();
    command->add_option("--state-dir", options.state_dir, "Override daemon.state_dir")->check(k_a_path);
    command->add_option("--plan", options.plan, "Plan id (needed when the task id is not unique)");
    command->add_option("--task", options.task, "Task id")->required();
    command->add_option("--unit", options.unit, "Unit id")->required();
    add_date_option(*command, "--occurrence", occurrence,
                    "Occurrence (its date or due date); needed when the unit has several of the task");
    command->add_option("--note", options.note, "Note (e.g. the number of the report sent)");
    command->add_option("--by", options.by, "Who (default: $USER)");
    return command;
  };
  AckOptions done;
  std::optional<Date> done_occurrence;
  auto* done_cmd =
      add_ack_command("done", "Mark an obligation done; its pending reminders are skipped", done, done_occurrence);
  AckOptions undo;
  std::optional<Date> undo_occurrence;
  auto* undo_cmd = add_ack_command("undo", "Undo a recent \"done\" ([acks] undo_window); future reminders return", undo,
                                   undo_occurrence);

  ReportOptions report;
  std::optional<Date> report_as_of;
  auto* report_cmd = app.add_subcommand("report", "Compliance report: done on time, late, pending, overdue");
  report_cmd->add_option("-c,--config", report.config, "Main config file")->check(k_a_path)->capture_default_str();
  report_cmd->add_option("--state-dir", report.state_dir, "Override daemon.state_dir")->check(k_a_path);
  report_cmd->add_option("--plan", report.plan, "Only this plan id");
  add_date_option(*report_cmd, "--as-of", report_as_of, "Report as of the end of this day (default: today)");
  report_cmd->add_option("--format", report.format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv", "html"}))
      ->capture_default_str();
  report_cmd->footer(
      "The table (--format table) has three parts. Obligations: DUE the due date; PLAN the plan id, shown when the "
      "config loads more than one plan and --plan is not given; TASK the task id; UNIT the lead unit's name; STATUS "
      "on_time, late, pending (not yet due) or overdue; DAYS LATE working days late (done late) or overdue; DONE AT "
      "when it was marked done. Tasks with no timeline follow (PLAN, TASK, LEAD, WHEN, TITLE). Then the totals by "
      "unit, by tier and by task (task ids as PLAN/TASK with several plans): ON TIME, LATE, PENDING, OVERDUE, "
      "OVERDUE DAYS and ON-TIME RATE = on time / (on time + late + overdue). Only lead units are rated. Long names "
      "are cut with \"…\" to a width in terminal columns; json, csv and html have every field in full (html: with "
      "charts).");

  ImportOptions import_options;
  std::string import_output;
  std::string import_years;
  auto* import_cmd = app.add_subcommand(
      "import", "Draft a plan file from a plan's task tables (.docx, .xlsx, .odt, .ods, .csv or pasted text)");
  import_cmd->footer(
      "Writes the plan in deadlined's TOML (to --output, or to standard output) and lists on "
      "standard error what is left to do: unit names not found among the config's units, groups "
      "and their aliases, and timelines deadlined does not understand, each also a \"# OPEN:\" "
      "comment in the file.\nExit codes: 0 nothing left open; 65 written with open items, or no "
      "task table found; 66 FILE cannot be read; 73 --output cannot be written (it exists "
      "without --force, is FILE, or its directory is missing); 64 usage; 78 configuration error.");
  import_cmd
      ->add_option("file", import_options.file,
                   "The plan: .docx, .xlsx, .odt, .ods, .csv, or text with tab-separated rows")
      ->required();
  import_cmd->add_option("-c,--config", import_options.config, "Main config file (units and groups)")
      ->check(k_a_path)
      ->capture_default_str();
  import_cmd->add_option("--plan-id", import_options.plan_id, "Id of the plan (default: from the file name)");
  auto* import_year =
      import_cmd->add_option("--year", import_options.year, "The plan's year (default: from its timelines)")
          ->check(whole_number(1900, 2200));
  import_cmd->add_option("--years", import_years, "A plan over several years, A-B (e.g. 2026-2030)")
      ->excludes(import_year)
      ->type_name("A-B");
  import_cmd->add_option("--sheet", import_options.sheet,
                         "xlsx, ods: only this sheet (default: every visible sheet with a task table)");
  import_cmd->add_option("-o,--output", import_output, "Write the plan file here (default: standard output)");
  import_cmd->add_flag("--force", import_options.force, "Replace --output if it exists");

  // "deadlined -c FILE check": CLI11 would say only that the arguments were
  // not expected.
  if (argc > 2 && (std::string_view(argv[1]) == "-c" || std::string_view(argv[1]).starts_with("--config"))) {
    std::cerr << "deadlined: options go after the command: deadlined COMMAND " << argv[1] << " FILE ... (deadlined "
              << "--help)\n";
    return k_exit_usage;
  }
  // "deadlined bogus": CLI11 would say only that a subcommand is required.
  if (argc > 1 && argv[1][0] != '-') {
    std::string names;
    bool known = false;
    for (const CLI::App* command : app.get_subcommands({})) {
      names += (names.empty() ? "" : ", ") + command->get_name();
      known = known || command->get_name() == argv[1];
    }
    if (!known) {
      std::cerr << "deadlined: unknown command \"" << argv[1] << "\"; the commands are " << names
                << " (deadlined --help)\n";
      return k_exit_usage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? k_exit_ok : k_exit_usage;
  }

  if (check_cmd->parsed()) {
    return run_check(check, std::cout, std::cerr);
  }
  if (agenda_cmd->parsed()) {
    return run_agenda(agenda, std::cout, std::cerr);
  }
  if (import_cmd->parsed()) {
    if (!import_years.empty()) {
      int first = 0;
      int last = 0;
      char dash = 0;
      std::istringstream years(import_years);
      if (!(years >> first >> dash >> last) || dash != '-' || !years.eof() || first < 1900 || last > 2200 ||
          last < first) {
        std::cerr << "import: --years: expected A-B with A <= B, e.g. 2026-2030; got \"" << import_years << "\"\n";
        return k_exit_usage;
      }
      import_options.year = first;
      import_options.last_year = last;
    }
    if (!import_output.empty()) {
      import_options.output = import_output;
    }
    return run_import(import_options, std::cout, std::cerr);
  }
  if (when_cmd->parsed()) {
    for (const auto& word : phrase_words) {
      when.phrase += (when.phrase.empty() ? "" : " ") + word;
    }
    return run_when(when, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()), std::cout,
                    std::cerr);
  }
  if (holidays_cmd->parsed()) {
    return run_holidays(holidays, std::cout, std::cerr);
  }
  if (plan_cmd->parsed()) {
    return run_plan(plan, std::cout, std::cerr);
  }
  // The instant the recording commands stamp (and their default "today").
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (trigger_cmd->parsed()) {
    if (!trigger_due && !trigger_event) {
      std::cerr << "trigger: give --due or --event\n";
      return k_exit_usage;
    }
    trigger.due = trigger_due.value_or(Date{});
    trigger.event = trigger_event;
    return run_trigger(trigger, now.time_since_epoch().count(), std::cout, std::cerr);
  }
  if (compact_cmd->parsed()) {
    std::optional<StateLock> held;
    compact.lock_state = [&held](const std::filesystem::path& state_dir) -> std::string {
      auto lock = StateLock::acquire(state_dir, state_dir / "outbox.sqlite");
      if (lock) {
        held.emplace(std::move(*lock));
        return {};
      }
      if (const auto* busy = std::get_if<StateLock::Busy>(&lock.error())) {
        return "a deadlined" + (busy->holder_pid.empty() ? std::string() : " (PID " + busy->holder_pid + ")") +
               " runs on " + state_dir.string() + "; it compacts by itself (outbox.compact_at), or stop it first";
      }
      return std::get<StateLock::Failure>(lock.error()).message;
    };
    return run_outbox_compact(compact, now, std::cout, std::cerr);
  }
  if (outbox_cmd->parsed()) {
    return run_outbox(outbox, std::cout, std::cerr);
  }
  if (done_cmd->parsed() || undo_cmd->parsed()) {
    AckOptions& options = done_cmd->parsed() ? done : undo;
    options.occurrence = done_cmd->parsed() ? done_occurrence : undo_occurrence;
    if (options.by.empty()) {
      const char* user = std::getenv("USER");
      options.by = user != nullptr ? user : "";
    }
    return done_cmd->parsed() ? run_done(options, now, std::cout, std::cerr)
                              : run_undo(options, now, std::cout, std::cerr);
  }
  if (report_cmd->parsed()) {
    report.as_of = report_as_of;
    return run_report(report, now, std::cout, std::cerr);
  }
  // libcurl's global state, once, before any thread starts.
  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (send_test_cmd->parsed()) {
    int code = run_send_test(send_test, now, std::cout, std::cerr);
    curl_global_cleanup();
    return code;
  }
  if (run_cmd->parsed()) {
    if (now_option->count() > 0) {  // an empty --now (an unset variable) is no instant either
      run.start_at = parse_iso8601(start_at);
      if (!run.start_at) {
        std::cerr << "run: --now: expected an instant like 2022-03-17T08:00:00+07:00, got \"" << start_at << "\"\n";
        return k_exit_usage;
      }
    }
    int code = run_service(run);
    curl_global_cleanup();
    return code;
  }
  return k_exit_usage;
}

}  // namespace

}  // namespace deadlined
