#pragma once
// The TOML the tests share, as named builders: the [daemon] and [calendar]
// head of a test config, the three units most tests are written against and
// the head of a plan. Each piece is whole lines ending in a newline, so pieces
// concatenate; a test that asserts line numbers counts the lines as written
// below (one key a line, no blank line inside a table).
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace deadlined::testing {

// The shipped holiday notices (the real 2022-2026 calendars).
inline std::filesystem::path shipped_holidays_dir() {
  return DEADLINED_SOURCE_DIR "/config/holidays";
}

// [daemon] in Asia/Ho_Chi_Minh with `state_dir` and, unless empty,
// `send_time`; a blank line; [calendar] with the shipped holiday notices; a
// blank line.
inline std::string daemon_calendar_toml(const std::filesystem::path& state_dir, std::string_view send_time = "08:00") {
  std::string text = "[daemon]\ntimezone = \"Asia/Ho_Chi_Minh\"\nstate_dir = \"" + state_dir.string() + "\"\n";
  if (!send_time.empty()) {
    text += "send_time = \"" + std::string(send_time) + "\"\n";
  }
  return text + "\n[calendar]\nholidays_dir = \"" + shipped_holidays_dir().string() + "\"\n\n";
}

// The [[unit]] table of one of the shared units: "vp" (Văn phòng UBND tỉnh,
// the province office), "stp" (Sở Tư pháp) and "snv" (Sở Nội vụ), both
// departments. `channels` are its channel lines; by default one address,
// `email = ["ID@example.vn"]` (5 lines in all).
inline std::string unit_toml(std::string_view id, std::string_view channels = {}) {
  std::string name;
  std::string tier = "department";
  if (id == "vp") {
    name = "Văn phòng UBND tỉnh";
    tier = "province";
  } else if (id == "stp") {
    name = "Sở Tư pháp";
  } else if (id == "snv") {
    name = "Sở Nội vụ";
  } else {
    throw std::invalid_argument("unit_toml: no shared unit \"" + std::string(id) + "\"");
  }
  std::string text = "[[unit]]\nid = \"" + std::string(id) + "\"\nname = \"" + name + "\"\ntier = \"" + tier + "\"\n";
  return text + (channels.empty() ? "email = [\"" + std::string(id) + "@example.vn\"]\n" : std::string(channels));
}

// Channel lines for unit_toml: its address and a webhook,
// `webhook = [{ url = "https://hooks.example.vn/ID"` then `hook_keys` (such as
// `, secret_file = "..."`) and ` }]`.
inline std::string email_and_hook_toml(std::string_view id, std::string_view hook_keys = {}) {
  const std::string name(id);
  return "email = [\"" + name + "@example.vn\"]\nwebhook = [{ url = \"https://hooks.example.vn/" + name + "\"" +
         std::string(hook_keys) + " }]\n";
}

// The head of plan "p" (4 lines): id, `title` and `year`.
inline std::string plan_toml(int year, std::string_view title = "Kế hoạch thử") {
  return "[[plan]]\nid = \"p\"\ntitle = \"" + std::string(title) + "\"\nyear = " + std::to_string(year) + "\n";
}

// The head of plan "p" over several years (5 lines): id, `title`,
// `first_year` and `last_year`.
inline std::string multi_year_plan_toml(int first_year, int last_year, std::string_view title = "Kế hoạch thử") {
  return "[[plan]]\nid = \"p\"\ntitle = \"" + std::string(title) + "\"\nfirst_year = " + std::to_string(first_year) +
         "\nlast_year = " + std::to_string(last_year) + "\n";
}

}  // namespace deadlined::testing
