#pragma once

namespace deadlined {

// Parses the command line and runs one subcommand; returns the exit code.
int cli_main(int argc, char** argv);

}  // namespace deadlined
