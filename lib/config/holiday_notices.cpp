#include "config/holiday_notices.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <system_error>
#include <utility>

#include <toml++/toml.h>

#include "config/toml_reader.hpp"

#include "util/safe_input.hpp"

namespace deadlined {

namespace {

Diagnostic make_diagnostic(const std::string& file, const toml::source_region& where, std::string message) {
  return Diagnostic{file, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column), std::move(message),
                    Severity::error};
}

// Parses "vn-YYYY.toml"; nullopt for any other name.
std::optional<int> year_from_file_name(const std::string& name) {
  constexpr std::string_view k_prefix = "vn-";
  constexpr std::string_view k_suffix = ".toml";
  if (name.size() != k_prefix.size() + 4 + k_suffix.size() || !name.starts_with(k_prefix) ||
      !name.ends_with(k_suffix)) {
    return std::nullopt;
  }
  int year = 0;
  const char* begin = name.data() + k_prefix.size();
  auto [end, error] = std::from_chars(begin, begin + 4, year);
  if (error != std::errc{} || end != begin + 4) {
    return std::nullopt;
  }
  return year;
}

}  // namespace

// Reads one notice file. Returns nullopt (after adding diagnostics) when the
// file has any problem: a broken file contributes no days.
std::optional<YearNotice> parse_year_notice(std::string_view content, const std::filesystem::path& path,
                                            Diagnostics& diagnostics) {
  const std::string file = path.string();
  const std::size_t errors_before = diagnostics.size();
  if (auto nesting = check_toml_text(content)) {
    diagnostics.push_back(Diagnostic{file, nesting->line, nesting->column, nesting->message, Severity::error});
    return std::nullopt;
  }
  auto parsed = parse_toml_text(content, file);
  if (!parsed) {
    diagnostics.push_back(
        make_diagnostic(file, parsed.error().source, "TOML syntax error: " + parsed.error().description));
    return std::nullopt;
  }
  toml::table root = std::move(*parsed);

  YearNotice notice;
  notice.file = file;
  const toml::node* year_node = nullptr;
  const toml::node* day_node = nullptr;
  for (auto&& [key, node] : root) {
    const std::string name(key.str());
    if (name == "year") {
      year_node = &node;
    } else if (name == "notice") {
      const auto* text = node.as_string();
      if (text == nullptr || text->get().empty()) {
        diagnostics.push_back(make_diagnostic(file, node.source(), "'notice' must be a non-empty string"));
      } else {
        notice.notice = text->get();
      }
    } else if (name == "day") {
      day_node = &node;
    } else {
      diagnostics.push_back(make_diagnostic(file, key.source(), "unknown key '" + name + "'"));
    }
  }

  if (year_node == nullptr) {
    diagnostics.push_back(Diagnostic{file, 1, 1, "missing key 'year'", Severity::error});
  } else if (const auto* year = year_node->as_integer(); year == nullptr || year->get() < 1000 || year->get() > 9999) {
    diagnostics.push_back(make_diagnostic(file, year_node->source(), "'year' must be a four-digit integer"));
  } else {
    notice.year = static_cast<int>(year->get());
    const std::string file_name = path.filename().string();
    if (year_from_file_name(file_name) != notice.year) {
      diagnostics.push_back(
          make_diagnostic(file, year_node->source(),
                          "file name '" + file_name + "' does not match year = " + std::to_string(notice.year)));
    }
  }
  if (!root.contains("notice")) {
    diagnostics.push_back(Diagnostic{file, 1, 1, "missing key 'notice'", Severity::error});
  }

  std::set<Date> seen;
  const toml::array* day_array = day_node == nullptr ? nullptr : day_node->as_array();
  if (day_node != nullptr && (day_array == nullptr || !day_array->is_array_of_tables())) {
    diagnostics.push_back(make_diagnostic(file, day_node->source(), "'day' must be an array of tables ([[day]])"));
    day_array = nullptr;
  }
  if (day_array != nullptr) {
    for (const toml::node& element : *day_array) {
      const toml::table* table_pointer = element.as_table();
      if (table_pointer == nullptr) {
        continue;  // is_array_of_tables() above rules this out
      }
      const toml::table& table = *table_pointer;
      SpecialDay day;
      day.source = DaySource::official;
      bool has_date = false;
      bool has_name = false;
      for (auto&& [key, node] : table) {
        const std::string name(key.str());
        if (name == "date") {
          const auto* date = node.as_date();
          if (date == nullptr) {
            diagnostics.push_back(
                make_diagnostic(file, node.source(), "'date' must be a date (YYYY-MM-DD, without quotes)"));
            continue;
          }
          const toml::date value = date->get();
          day.date = make_date(value.year, value.month, value.day);
          has_date = true;
          if (notice.year != 0 && value.year != notice.year) {
            diagnostics.push_back(make_diagnostic(
                file, node.source(), "date " + to_iso(day.date) + " is outside year " + std::to_string(notice.year)));
          } else if (!seen.insert(day.date).second) {
            diagnostics.push_back(
                make_diagnostic(file, node.source(), "date " + to_iso(day.date) + " is listed twice"));
          }
        } else if (name == "name") {
          const auto* text = node.as_string();
          if (text == nullptr || text->get().empty()) {
            diagnostics.push_back(make_diagnostic(file, node.source(), "'name' must be a non-empty string"));
            continue;
          }
          day.name = text->get();
          has_name = true;
        } else if (name == "working") {
          const auto* flag = node.as_boolean();
          if (flag == nullptr) {
            diagnostics.push_back(make_diagnostic(file, node.source(), "'working' must be true or false"));
            continue;
          }
          day.working = flag->get();
        } else {
          diagnostics.push_back(make_diagnostic(file, key.source(), "unknown key '" + name + "' in [[day]]"));
        }
      }
      if (!has_date) {
        diagnostics.push_back(make_diagnostic(file, table.source(), "[[day]] is missing 'date'"));
      }
      if (!has_name) {
        diagnostics.push_back(make_diagnostic(file, table.source(), "[[day]] is missing 'name'"));
      }
      notice.days.push_back(std::move(day));
    }
  }

  if (diagnostics.size() != errors_before) {
    return std::nullopt;
  }
  std::sort(notice.days.begin(), notice.days.end(),
            [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
  return notice;
}

namespace {

std::optional<YearNotice> load_notice_file(const std::filesystem::path& path, Diagnostics& diagnostics) {
  std::string text;
  std::string why;
  if (!read_regular_file(path, text, why)) {
    diagnostics.push_back(Diagnostic{path.string(), 1, 1, "cannot read the holiday notice: " + why, Severity::error});
    return std::nullopt;
  }
  return parse_year_notice(text, path, diagnostics);
}

}  // namespace

std::vector<YearNotice> load_year_notices(const std::filesystem::path& dir, Diagnostics& diagnostics) {
  std::vector<YearNotice> notices;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    diagnostics.push_back(Diagnostic{dir.string(), 0, 0, "holiday directory not found", Severity::error});
    return notices;
  }
  // Sorted so that diagnostics come out in a stable order.
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with("vn-") && name.ends_with(".toml")) {
      files.push_back(it->path());
    }
  }
  if (error) {
    diagnostics.push_back(
        Diagnostic{dir.string(), 0, 0, "cannot read holiday directory: " + error.message(), Severity::error});
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    if (auto notice = load_notice_file(path, diagnostics)) {
      notices.push_back(std::move(*notice));
    }
  }
  return notices;
}

}  // namespace deadlined
