// Command-line parsing only: every subcommand forwards to lib/app.
#include "cli.hpp"

#include <chrono>
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"

namespace deadlined {

namespace {

// Validates YYYY-MM-DD while parsing, so a bad date is a usage error.
CLI::Option* add_date_option(CLI::App& app, const std::string& name, std::optional<Date>& target,
                             const std::string& help) {
  return app
      .add_option_function<std::string>(
          name,
          [&target, name](const std::string& text) {
            auto date = parse_iso_date(text);
            if (!date) {
              throw CLI::ValidationError(name, "expected a date YYYY-MM-DD, got \"" + text + "\"");
            }
            target = *date;
          },
          help)
      ->type_name("YYYY-MM-DD");
}

Date local_today() {
  // The only clock read of the CLI: "today" for phrases without a year.
  auto now = std::chrono::system_clock::now() + std::chrono::hours(7);
  return std::chrono::floor<std::chrono::days>(now);
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{"deadlined: deadlines and reminders for plans on the Vietnamese working-day calendar"};
  app.set_version_flag("--version", std::string("deadlined ") + DEADLINED_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "Validate the configuration and print a summary");
  check_cmd->add_option("-c,--config", check.config, "Main config file")->capture_default_str();

  AgendaOptions agenda;
  auto* agenda_cmd = app.add_subcommand("agenda", "List obligations due in a date range, by due date");
  agenda_cmd->add_option("-c,--config", agenda.config, "Main config file")->capture_default_str();
  add_date_option(*agenda_cmd, "--from", agenda.from, "First due date to show (inclusive)");
  add_date_option(*agenda_cmd, "--to", agenda.to, "Last due date to show (inclusive)");
  agenda_cmd->add_option("--unit", agenda.unit, "Only this unit id");
  agenda_cmd->add_option("--task", agenda.task, "Only this task id");
  agenda_cmd->add_option("--plan", agenda.plan, "Only this plan id");
  agenda_cmd->add_option("--format", agenda.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();

  WhenOptions when;
  auto* when_cmd = app.add_subcommand("when", "Show how a timeline phrase is understood");
  when_cmd->add_option("phrase", when.phrase, "Timeline phrase, e.g. \"Quý I/2022\"")->required();
  when_cmd->add_option("--year", when.year, "Year for phrases that name none (default: this year)")
      ->check(CLI::Range(1900, 2199));
  when_cmd->add_option("--format", when.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  HolidaysOptions holidays;
  auto* holidays_cmd = app.add_subcommand("holidays", "List the holidays and special days of a year");
  holidays_cmd->add_option("--year", holidays.year, "Year")->required()->check(CLI::Range(1900, 2199));
  holidays_cmd->add_option("-c,--config", holidays.config,
                           "Config file (its calendar settings and holiday directory)");
  holidays_cmd->add_option("--format", holidays.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();

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
  if (when_cmd->parsed()) {
    return run_when(when, local_today(), std::cout, std::cerr);
  }
  if (holidays_cmd->parsed()) {
    return run_holidays(holidays, std::cout, std::cerr);
  }
  return k_exit_usage;
}

}  // namespace deadlined
