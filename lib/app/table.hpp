#pragma once
// Plain-text tables that stay aligned with Vietnamese (multi-byte) text.
#include <iosfwd>
#include <string>
#include <vector>

namespace deadlined {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers, std::vector<std::size_t> max_widths = {});
  void add_row(std::vector<std::string> cells);
  void print(std::ostream& out) const;
  bool empty() const { return m_rows.empty(); }

 private:
  std::vector<std::string> m_headers;
  std::vector<std::size_t> m_max_widths;  // 0: unlimited
  std::vector<std::vector<std::string>> m_rows;
};

// Whether the tables of agenda, plan and report show a PLAN column: when the
// configuration loads more than one plan and `chosen_plan` (--plan) is empty.
// Plan ids are ASCII; the column is cut to k_plan_column_width.
struct Config;
bool shows_plan_column(const Config& config, const std::string& chosen_plan);
inline constexpr std::size_t k_plan_column_width = 24;

// Cuts a UTF-8 string to at most `width` terminal columns, ending with "…".
std::string truncate_to_width(const std::string& text, std::size_t width);

}  // namespace deadlined
