// Numbers and row forms of a plan's table (draft_numbers.hpp).
#include "import/draft_numbers.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deadlined::import {

bool is_roman(std::string_view text) {
  if (text.empty() || text.size() > 6) {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [](char c) { return c == 'I' || c == 'V' || c == 'X' || c == 'L'; });
}

// "A", "B", "C": the sections of investment and budget plans ("A NGUỒN TRUNG
// ƯƠNG", "B NGUỒN ĐỊA PHƯƠNG"), above their Roman and Arabic numbers.
bool is_letter(std::string_view text) {
  return text.size() == 1 && text.front() >= 'A' && text.front() <= 'Z';
}

bool is_arabic(std::string_view text) {
  // "1", "1.1", "2.3.1"
  if (text.empty() || text.size() > 16 || !std::isdigit(static_cast<unsigned char>(text.front())) ||
      !std::isdigit(static_cast<unsigned char>(text.back()))) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (text[i - 1] == '.') {
        return false;
      }
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

// A lowercase letter numbering an item ("a", "b", "đ" as "dd"), or empty.
std::string item_letter(const std::string& text) {
  if (text.size() == 1 && text[0] >= 'a' && text[0] <= 'z') {
    return text;
  }
  return text == "\u0111" ? "dd" : std::string();
}

// The letters of the index-th sub-row or item: "a" to "z", then "aa", "ab", ...
// as spreadsheet columns are named, so no two rows of a task share an id.
std::string sequence_letters(int index) {
  std::string letters;
  for (int n = index + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('a' + (n - 1) % 26));
  }
  return letters;
}

// A bullet in the number column: "-", "+", "*", "•", "–".
bool is_bullet(const std::string& text) {
  return text == "-" || text == "+" || text == "*" || text == "\u2022" || text == "\u2013";
}

std::string strip_number(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ')' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

std::string without_leading_zeros(const std::string& number) {
  if (!is_arabic(number)) {
    return number;
  }
  std::string out;
  std::size_t start = 0;
  while (start <= number.size()) {
    std::size_t end = number.find('.', start);
    if (end == std::string::npos) {
      end = number.size();
    }
    std::string_view part = std::string_view(number).substr(start, end - start);
    while (part.size() > 1 && part.front() == '0') {
      part.remove_prefix(1);
    }
    if (start != 0) {
      out += '.';
    }
    out += part;
    start = end + 1;
  }
  return out;
}

std::string number_said_once(const std::string& cell) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < cell.size()) {
    const std::size_t start = cell.find_first_not_of(" \t\n", at);
    if (start == std::string::npos) {
      break;
    }
    const std::size_t end = std::min(cell.find_first_of(" \t\n", start), cell.size());
    words.push_back(cell.substr(start, end - start));
    at = end;
  }
  if (words.size() < 2) {
    return cell;
  }
  const std::string bare = strip_number(words.front());
  if (!is_arabic(bare) && !is_roman(bare) && !is_letter(bare)) {
    return cell;
  }
  for (const std::string& word : words) {
    if (strip_number(word) != bare) {
      return cell;
    }
  }
  return words.front();
}

// "II Kiểm soát thủ tục hành chính" / "II. Kiểm soát ..." / "1. Tham gia ...":
// a number followed by text in one cell (a merged section row, or a paste).
std::optional<std::pair<std::string, std::string>> split_numbered(const std::string& text) {
  std::size_t end = 0;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '.')) {
    ++end;
  }
  if (end == 0 || end >= text.size()) {
    return std::nullopt;
  }
  std::string number = strip_number(text.substr(0, end));
  std::size_t rest = end;
  while (rest < text.size() && (text[rest] == ' ' || text[rest] == ')' || text[rest] == '.')) {
    ++rest;
  }
  if (rest == end || rest >= text.size() || (!is_roman(number) && !is_arabic(number) && !is_letter(number))) {
    return std::nullopt;
  }
  // "I. I. CÔNG TÁC CHỈ ĐẠO", "1. 1. Rà soát": the list's number, then the
  // one typed.
  if (std::string_view(text).substr(rest).starts_with(number)) {
    std::size_t again = rest + number.size();
    std::size_t after = again;
    while (after < text.size() && (text[after] == ' ' || text[after] == ')' || text[after] == '.')) {
      ++after;
    }
    // "1. 1 lần/năm" is a title opening with a count: an Arabic number
    // said again ends with its own '.' or ')'.
    const bool marked = again < text.size() && (text[again] == '.' || text[again] == ')');
    if (after > again && after < text.size() && (marked || !is_arabic(number))) {
      rest = after;
    }
  }
  return std::make_pair(number, text.substr(rest));
}

bool column_number_row(const std::array<std::string, k_column_count>& cells) {
  // "(1) (2) (3) ..." or "1 2 3 ..." under the header.
  int numbers = 0;
  for (const auto& cell : cells) {
    if (cell.empty()) {
      continue;
    }
    std::string bare;
    for (char c : cell) {
      if (c != '(' && c != ')') {
        bare += c;
      }
    }
    if (bare.empty() ||
        !std::all_of(bare.begin(), bare.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      return false;
    }
    ++numbers;
  }
  return numbers >= 3;
}

namespace {

// Signatures of a decision: "KT. CHỦ TỊCH" (on behalf of), "TM. ỦY BAN NHÂN
// DÂN" (in the name of), "TL.", "TUQ.", "Q." with the signer's office.
bool signature_line(std::string_view folded) {
  bool signs = false;
  for (std::string_view mark : {"kt.", "tm.", "tl.", "tuq.", "q."}) {
    if (folded.starts_with(mark)) {
      folded.remove_prefix(mark.size());
      signs = true;
      break;
    }
  }
  while (signs && folded.starts_with(' ')) {
    folded.remove_prefix(1);
  }
  if (!signs) {
    return false;
  }
  for (std::string_view office : {"chu tich", "pho chu tich", "uy ban", "ubnd", "giam doc", "truong", "thu truong",
                                  "bo truong", "hoi dong", "chanh van phong"}) {
    if (folded.starts_with(office)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool closing_row(const GridRow& row) {
  for (const GridCell& cell : row.cells) {
    const std::string folded = fold_vietnamese(clean_cell_text(cell.text));
    if (folded == "noi nhan" || folded.starts_with("noi nhan:") || folded.starts_with("noi nhan :") ||
        signature_line(folded)) {
      return true;
    }
  }
  return false;
}

std::optional<std::string> totals_row(const GridRow& row) {
  for (const GridCell& cell : row.cells) {
    if (cell.merged_left || cell.merged_above) {
      continue;
    }
    const std::string text = clean_cell_text(cell.text);
    if (text.empty()) {
      continue;
    }
    // Folded, "Cộng" would be "Công bố ..." too: the marks are compared.
    std::string lower = compose_vietnamese(text);
    for (const auto& [capital, small] :
         {std::pair{"TỔNG", "tổng"}, std::pair{"Tổng", "tổng"}, std::pair{"CỘNG", "cộng"}, std::pair{"Cộng", "cộng"},
          std::pair{"SỐ", "số"}, std::pair{"Số", "số"}}) {
      for (std::size_t at = lower.find(capital); at != std::string::npos; at = lower.find(capital, at)) {
        lower.replace(at, std::string_view(capital).size(), small);
      }
    }
    const auto ends_word = [&lower](std::size_t at) {
      return at >= lower.size() || lower[at] == ' ' || lower[at] == ':' || lower[at] == '(' ||
             (lower[at] >= '0' && lower[at] <= '9');
    };
    for (const std::string_view label : {"tổng cộng", "tổng số"}) {
      if (lower.starts_with(label) && ends_word(label.size())) {
        return text;
      }
    }
    // "Cộng" and "Tổng" alone, "Cộng:", "Cộng mục I", "Cộng phần A"; not
    // "Cộng đồng ..." nor "Tổng kết ...", which open tasks.
    for (const std::string_view label : {"cộng", "tổng"}) {
      if (lower == label || lower.starts_with(std::string(label) + ":") ||
          lower.starts_with(std::string(label) + " mục") || lower.starts_with(std::string(label) + " phần")) {
        return text;
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> date_serial_day(std::string_view text) {
  constexpr int k_first_day = 36526;  // 01/01/2000
  constexpr int k_last_day = 73050;   // 31/12/2099
  if (text.size() != 5 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const int count = std::stoi(std::string(text));
  if (count < k_first_day || count > k_last_day) {
    return std::nullopt;
  }
  // Excel counts 29/02/1900, which the calendar does not have: past it, day
  // n of Excel is day n - 1 after 31/12/1899.
  const std::chrono::year_month_day day{std::chrono::sys_days{std::chrono::year{1899} / 12 / 31} +
                                        std::chrono::days{count - 1}};
  char shown[16];
  std::snprintf(shown, sizeof shown, "%02u/%02u/%04d", static_cast<unsigned>(day.day()),
                static_cast<unsigned>(day.month()), static_cast<int>(day.year()));
  return std::string(shown);
}

namespace {

constexpr std::array<std::string_view, 6> k_table_titles{"phu luc", "danh muc", "bieu", "bang ", "mau ", "ke hoach"};

}  // namespace

bool blank_row(const GridRow& row) {
  return std::all_of(row.cells.begin(), row.cells.end(),
                     [](const GridCell& cell) { return clean_cell_text(cell.text).empty(); });
}

std::optional<std::string> title_line(const GridRow& row) {
  std::string text;
  for (const GridCell& cell : row.cells) {
    if (cell.merged_left || cell.merged_above) {
      continue;
    }
    std::string cleaned = clean_cell_text(cell.text);
    if (cleaned.empty()) {
      continue;
    }
    if (!text.empty()) {
      return std::nullopt;
    }
    text = std::move(cleaned);
  }
  // The words that open another table after a Word table ("Phụ lục II",
  // "Danh mục ..."), not a sub-heading of the plan; "(tiếp theo)" continues it.
  const std::string folded = fold_vietnamese(text);
  if (folded.find("tiep theo") != std::string::npos ||
      std::none_of(k_table_titles.begin(), k_table_titles.end(),
                   [&folded](std::string_view word) { return folded.starts_with(word); })) {
    return std::nullopt;
  }
  if (const auto split = split_numbered(text); split && (is_roman(split->first) || is_letter(split->first))) {
    return std::nullopt;
  }
  return text;
}

// A line "2. KIỂM TRA" pasted without cells heads a section numbered so when
// the next row with cells is numbered under it ("2.1"); otherwise it is the
// text after the table ("1. Giao Sở Nội vụ theo dõi ...").
bool heads_numbered_rows(const Grid& grid, std::size_t line, const std::string& number, std::size_t number_column) {
  if (!is_arabic(number) || number.find('.') != std::string::npos) {
    return false;
  }
  for (std::size_t r = line + 1; r < grid.rows.size(); ++r) {
    const GridRow& row = grid.rows[r];
    if (blank_row(row)) {
      continue;
    }
    if (row.cells.size() <= std::max<std::size_t>(number_column, 1)) {
      return false;  // another line without cells
    }
    return without_leading_zeros(strip_number(clean_cell_text(row.cells[number_column].text)))
        .starts_with(number + ".");
  }
  return false;
}

}  // namespace deadlined::import
