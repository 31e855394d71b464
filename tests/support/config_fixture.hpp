#pragma once
// A small configuration written to a fresh temp dir and loaded as a Config or a
// Snapshot: the shipped holiday notices (real 2022 calendar), a state_dir
// inside the temp dir, and a fake environment, so tests never read the
// process environment, /etc or /var.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <gtest/gtest.h>

#include "config/config.hpp"
#include "service/snapshot.hpp"
#include "support/temp_dir.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined::testing {

// An Environment that knows only `variables`.
inline Environment fake_environment(std::map<std::string, std::string> variables = {}) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    auto found = variables.find(name);
    if (found == variables.end()) {
      return std::nullopt;
    }
    return found->second;
  };
}

inline std::string format_diagnostics(const Diagnostics& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    text += diagnostic.format() + "\n";
  }
  return text;
}

// `text` written as `name` in `dir` and loaded with an empty holiday
// directory (`dir`/holidays) as the default: every year computed from the
// statute, without the warning that no holiday directory exists.
inline LoadResult load_in(const TempDir& dir, std::string_view text, const std::filesystem::path& name = "main.toml") {
  dir.write("holidays/.keep", "");
  LoadOptions options;
  options.default_holidays_dir = dir.path() / "holidays";
  return load_config(dir.write(name, text), options);
}

class ConfigFixture {
 public:
  // Writes main.toml: [daemon] (Asia/Ho_Chi_Minh, state_dir(), send_time),
  // [calendar] with the shipped holidays, then `body` (units, policies, plans,
  // further tables such as [delivery] or [smtp]).
  std::filesystem::path write(std::string_view body, std::string_view send_time = "08:00",
                              const std::filesystem::path& name = "main.toml") const {
    return m_dir.write(name, daemon_calendar_toml(state_dir(), send_time) + std::string(body));
  }

  // The loaded config; a load error fails the test (and throws, which gtest reports).
  Config load(std::string_view body, std::string_view send_time = "08:00") const {
    LoadResult result = load_config(write(body, send_time));
    if (!result.config) {
      ADD_FAILURE() << format_diagnostics(result.diagnostics);
      throw std::runtime_error("config does not load");
    }
    return std::move(*result.config);
  }

  std::shared_ptr<const Snapshot> snapshot(std::string_view body, const Environment& environment = fake_environment(),
                                           std::string_view send_time = "08:00",
                                           const std::filesystem::path& name = "main.toml") const {
    auto loaded = try_snapshot(body, environment, send_time, name);
    if (!loaded) {
      ADD_FAILURE() << format_diagnostics(loaded.error());
      throw std::runtime_error("snapshot does not load");
    }
    return *loaded;
  }

  tl::expected<std::shared_ptr<const Snapshot>, Diagnostics> try_snapshot(
      std::string_view body, const Environment& environment = fake_environment(), std::string_view send_time = "08:00",
      const std::filesystem::path& name = "main.toml") const {
    return load_snapshot(write(body, send_time, name), environment);
  }

  const TempDir& dir() const { return m_dir; }
  std::filesystem::path state_dir() const { return m_dir.path() / "state"; }

 private:
  TempDir m_dir;
};

}  // namespace deadlined::testing
