#pragma once
// `deadlined run`: the long-running service on one Boost.Asio io_context.
#include <filesystem>
#include <optional>

#include "calendar/zone.hpp"

namespace deadlined {

struct RunOptions {
  std::filesystem::path config;
  std::optional<std::filesystem::path> state_dir;  // overrides daemon.state_dir
  std::optional<Instant> start_at;  // pretend the clock starts here (demos, tests); time then runs normally
  bool once = false;                // deliver what is due at start, then exit
};

int run_service(const RunOptions& options);

}  // namespace deadlined
