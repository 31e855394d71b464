#pragma once
// Official holiday notices (config/holidays/vn-YYYY.toml) from TOML text and
// from the holiday directory. The reading lives here, beside the rest of the
// configuration's I/O, so that the working calendar stays a pure engine that
// receives its notices as values.
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "calendar/working_calendar.hpp"
#include "util/diagnostic.hpp"

namespace deadlined {

// One notice from its text (`path` names it in diagnostics and gives the year
// its file name must match); nullopt after adding diagnostics when broken.
std::optional<YearNotice> parse_year_notice(std::string_view content, const std::filesystem::path& path,
                                            Diagnostics& diagnostics);

// Reads every "vn-YYYY.toml" in dir. Problems are appended as diagnostics with
// file:line:col; a broken file contributes no days.
std::vector<YearNotice> load_year_notices(const std::filesystem::path& dir, Diagnostics& diagnostics);

}  // namespace deadlined
