#include "app/table.hpp"

#include <ostream>

#include "config/config.hpp"
#include "util/text.hpp"

namespace deadlined {

bool shows_plan_column(const Config& config, const std::string& chosen_plan) {
  return config.plans.size() > 1 && chosen_plan.empty();
}

std::string truncate_to_width(const std::string& text, std::size_t width) {
  if (width == 0 || display_width(text) <= width) {
    return text;
  }
  std::string result;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t length = 1;
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0xF0) {
      length = 4;
    } else if (byte >= 0xE0) {
      length = 3;
    } else if (byte >= 0xC0) {
      length = 2;
    }
    std::string candidate = result + text.substr(i, length);
    if (display_width(candidate) + 1 > width) {
      break;
    }
    result = std::move(candidate);
    i += length;
  }
  return result + "…";
}

TextTable::TextTable(std::vector<std::string> headers, std::vector<std::size_t> max_widths)
    : m_headers(std::move(headers)), m_max_widths(std::move(max_widths)) {
  m_max_widths.resize(m_headers.size(), 0);
}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(m_headers.size());
  for (std::size_t c = 0; c < cells.size(); ++c) {
    cells[c] = truncate_to_width(cells[c], m_max_widths[c]);
  }
  m_rows.push_back(std::move(cells));
}

void TextTable::print(std::ostream& out) const {
  std::vector<std::size_t> widths(m_headers.size());
  for (std::size_t c = 0; c < m_headers.size(); ++c) {
    widths[c] = display_width(m_headers[c]);
    for (const auto& row : m_rows) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      line += cells[c];
      if (c + 1 < cells.size()) {
        line += std::string(widths[c] - display_width(cells[c]) + 2, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out << line << '\n';
  };
  print_row(m_headers);
  std::vector<std::string> rule;
  for (std::size_t w : widths) {
    std::string dashes;
    for (std::size_t i = 0; i < w; ++i) {
      dashes += "-";
    }
    rule.push_back(dashes);
  }
  print_row(rule);
  for (const auto& row : m_rows) {
    print_row(row);
  }
}

}  // namespace deadlined
