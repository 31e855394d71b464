#pragma once
// Runs the real `deadlined` binary through the shell and captures its exit
// code, stdout and stderr, for end-to-end tests.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "support/temp_dir.hpp"

namespace deadlined::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `arguments` are appended to the binary's path as shell words.
inline CommandResult run_deadlined(const std::string& arguments) {
  TempDir dir;
  std::filesystem::path err_file = dir.path() / "stderr";
  std::string command = std::string(DEADLINED_BINARY) + " " + arguments + " 2>" + err_file.string();
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return result;
  }
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.out.append(buffer.data(), n);
  }
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file);
  result.err.assign(std::istreambuf_iterator<char>(err), {});
  return result;
}

}  // namespace deadlined::testing
