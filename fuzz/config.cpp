// The config loader on TOML text in memory (includes are not followed).
#include "config/config.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  deadlined::LoadOptions options;
  options.default_holidays_dir = "";
  auto result = deadlined::load_config_from_text(text, "/nonexistent/deadlined-fuzz/main.toml", options);
  (void)result;
  return 0;
}
